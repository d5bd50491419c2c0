"""The outlook (analysis.outlook): exactness against compare, the properties issue 18 names,
chunk independence, outputs, and where it stands against the published anchors.

Published anchors (cited where used):
- SemiAnalysis, space data center TCO (2026): cost parity around 2040 in its base case, in the
  early 2030s in its optimistic case.
- Google, Towards a future space-based, highly scalable AI infrastructure system design
  (Suncatcher; arXiv 2511.19468, 2025) sec. 2.4: a learning curve of about 20 % per doubling
  of launched mass may bring launch to 200 USD/kg or less by the mid-2030s.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from orbitcompute.analysis.headline import headline
from orbitcompute.analysis.outlook import (
    CHECKPOINTS,
    PERCENTILES,
    SCHEMA,
    central_drivers,
    central_path,
    run_outlook,
    uncertain_inputs,
    year_designs,
    year_params,
)
from orbitcompute.economics.learning import experience_curve
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.paths import CURVES, cumulative_mass
from orbitcompute.scenario import load_scenario

PARITY = Path(__file__).parent / "data" / "outlook_parity.toml"
YEARS = np.arange(2026.0, 2051.0)


def _flat(tmp_path, base: str = "today") -> Path:
    p = tmp_path / "flat.toml"
    lines = [f'extends = "{base}"']
    for name in CURVES:
        lines += [f'[paths."{name}"]', 'curve = "flat"']
    p.write_text("\n".join(lines) + "\n")
    return p


def _assert_rows_equal(res, row: dict[str, float], years) -> None:
    """Every output of every year's row equals compare's row exactly (NaN where NaN)."""
    for i in range(len(years)):
        for k, v in row.items():
            got = float(np.asarray(res[k]).reshape(-1)[i])
            assert got == v or (np.isnan(got) and np.isnan(v)), (years[i], k, got, v)


def test_flat_paths_equal_compare_every_year_as_given(tmp_path):
    sc = load_scenario(_flat(tmp_path))
    compare = evaluate(sc.params()).row(0)
    _, res, _ = central_path(sc, YEARS)
    _assert_rows_equal(res, compare, YEARS)


def test_flat_paths_equal_compare_every_year_optimized(tmp_path):
    # compare headlines a free design with its optimum (analysis.headline); flat paths keep
    # every year's values at the scenario's, so every year takes exactly that design
    sc = load_scenario(_flat(tmp_path))
    compare = evaluate(headline(sc).scenario.params()).row(0)
    design, label = year_designs(sc, YEARS, central_drivers(sc, YEARS), "optimized", 1)
    assert design is not None and "re-optimized" in label
    _, res, _ = central_path(sc, YEARS, design)
    _assert_rows_equal(res, compare, YEARS)


def test_flat_paths_give_the_same_samples_every_year(tmp_path):
    res = run_outlook(load_scenario(_flat(tmp_path)), samples=300, design="as-given",
                      keep_samples=True)  # fmt: skip
    ratio = res.samples["ratio"]
    assert np.all(ratio == ratio[:1])
    assert np.all(res.percentiles["ratio"] == res.percentiles["ratio"][:, :1])


def test_the_anchor_year_is_compare():
    # every curve passes through the scenario's values in its year (2026 for today)
    sc = load_scenario("today")
    _, res, _ = central_path(sc, np.array([2026.0, 2035.0]))
    compare = evaluate(sc.params()).row(0)
    for k, v in compare.items():
        got = float(np.asarray(res[k])[0])
        assert got == v or (np.isnan(got) and np.isnan(v)), k


def _parity_scenario(learning: tuple[float, float]):
    lo, hi = learning
    return load_scenario(
        PARITY,
        [f'outlook.launch.learning_rate={{dist="uniform", low={lo}, high={hi}}}'],
    )


def test_faster_learning_never_delays_parity_in_any_sample():
    # the same uniforms drive both runs; the second maps each to a faster learning rate
    slow = run_outlook(_parity_scenario((0.05, 0.25)), samples=1500, seed=3, design="as-given")
    fast = run_outlook(_parity_scenario((0.15, 0.35)), samples=1500, seed=3, design="as-given")
    assert slow.parity_cdf[-1] > 0.05  # the test scenario reaches parity in some samples
    assert np.all(fast.parity_years <= slow.parity_years)
    assert np.all(fast.parity_cdf >= slow.parity_cdf)
    assert fast.parity_cdf[-1] > slow.parity_cdf[-1]


def test_faster_learning_never_delays_the_parity_year_over_a_dense_sweep():
    # 60 learning rates from 0.02 to 1 in one vectorized call over years x rates (as-given
    # design, every other input at its central value): the parity year never moves later
    sc = load_scenario(PARITY)
    rates = np.linspace(0.02, 1.0, 60)
    values = {**{k: np.float64(v) for k, v in sc.values.items()},
              "outlook.launch.learning_rate": rates}  # fmt: skip
    params, _ = year_params(YEARS, 2026, values, sc.paths)
    ratio = np.asarray(evaluate(params)["ratio"]).reshape(len(YEARS), len(rates))
    cheaper = ratio < 1.0
    first = np.where(cheaper.any(axis=0), YEARS[np.argmax(cheaper, axis=0)], np.inf)
    assert np.all(first[1:] <= first[:-1])
    assert np.isfinite(first[-1]) and first[-1] < first[0]  # and it does move


@pytest.mark.parametrize("name", ["today", "optimist", PARITY])
def test_p_parity_by_year_never_decreases(name):
    res = run_outlook(load_scenario(name), samples=400, design="as-given")
    assert np.all(np.diff(res.parity_cdf) >= 0)
    # and it is the share of samples whose first cheaper year is at or before that year
    for i, y in enumerate(res.years):
        assert res.parity_cdf[i] == np.mean(res.parity_years <= y)
    for y in CHECKPOINTS:
        assert res.p_parity_by(y) == res.parity_cdf[int(y - 2026)]


def test_results_do_not_depend_on_the_chunk_size():
    sc = load_scenario("uncertain-2030")  # its own correlated distributions plus the paths'
    a = run_outlook(sc, (2026, 2040), 700, seed=5, chunk_size=700, design="as-given",
                    keep_samples=True)  # fmt: skip
    b = run_outlook(sc, (2026, 2040), 700, seed=5, chunk_size=97, design="as-given",
                    keep_samples=True)  # fmt: skip
    for k in a.samples:
        np.testing.assert_array_equal(a.samples[k], b.samples[k])
    np.testing.assert_array_equal(a.parity_cdf, b.parity_cdf)
    np.testing.assert_array_equal(a.p_orbit_cheaper, b.p_orbit_cheaper)
    c = run_outlook(sc, (2026, 2040), 700, seed=6, chunk_size=700, design="as-given")
    assert not np.array_equal(c.percentiles["ratio"], a.percentiles["ratio"])


def test_default_uncertainty_applies_where_the_scenario_leaves_a_path_open():
    dists, _ = uncertain_inputs(load_scenario("today"))
    names = [d.name for d in dists]
    assert "outlook.launch.learning_rate" in names and "finance.discount_rate" in names
    dists, _ = uncertain_inputs(load_scenario("today", ["outlook.launch.learning_rate=0.3"]))
    assert "outlook.launch.learning_rate" not in [d.name for d in dists]
    sc = load_scenario("uncertain-2030")
    dists, corr = uncertain_inputs(sc)
    assert [d.name for d in dists[: len(sc.distributions)]] == list(sc.distributions)
    assert corr is not None and corr.shape == (len(dists), len(dists))
    i = list(sc.distributions).index("launch.price_per_kg")
    j = list(sc.distributions).index("launch.payload_capacity")
    assert corr[i, j] == -0.5 and corr[-1, -2] == 0.0


def test_outputs_json_csv_and_datasets():
    res = run_outlook(load_scenario("today"), (2026, 2036), 200, design="as-given",
                      keep_samples=True)  # fmt: skip
    doc = res.to_dict()
    assert doc["schema"] == SCHEMA and doc["years"][0] == 2026 and len(doc["years"]) == 11
    assert set(doc["parity"]["by_year"]) == {str(y) for y in CHECKPOINTS}
    assert doc["parity"]["by_year"]["2040"] is None  # outside a 2026-2036 outlook
    for key in ("ratio", "orbit_cost", "ground_cost", "orbit_pflop", "ground_pflop"):
        assert len(doc["percentiles"][key]["p50"]) == 11
    assert doc["central"]["orbit.cost_per_gpu_hour"]["unit"] == "USD/h"
    assert "By 2035" in doc["race"]["sentence"]
    frame = res.to_frame()
    assert list(frame.index) == list(range(2026, 2037)) and "p_parity_by_year" in frame
    ds = res.to_dataset()
    assert ds["ratio"].dims == ("percentile", "year")
    assert list(ds["percentile"].values) == list(PERCENTILES)
    assert ds["central.ratio"].shape == (11,)
    sd = res.to_dataset("samples")
    assert sd["ratio"].shape == (11, 200) and sd["ratio"].attrs["units"] == "1"
    with pytest.raises(ScenarioError):
        run_outlook(load_scenario("today"), (2026, 2030), 10, design="as-given").to_dataset(
            "samples"
        )


def test_pflop_costs_fall_faster_than_gpu_hour_costs():
    # the accelerator path raises dense throughput at the scenario's power per accelerator
    # (23.1 %/yr, the log-linear fit of data/accelerator_generations.csv)
    sc = load_scenario("today")
    _, res, _ = central_path(sc, YEARS)
    gpu = np.asarray(res["ground.cost_per_gpu_hour"])
    pflop = np.asarray(res["ground.cost_per_bf16_pflop_hour"])
    assert pflop[-1] / pflop[0] < 0.1 * gpu[-1] / gpu[0]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [({"years": (2050, 2026)}, "--years"), ({"years": (2020, 2030)}, "--years"),
     ({"samples": 0}, "--samples"), ({"samples": 10**8}, "--samples"),
     ({"seed": -1}, "--seed"), ({"design": "best"}, "--design"),
     ({"reoptimize_every": 0}, "--reoptimize-every"), ({"chunk_size": 0}, "--chunk-size")],
)  # fmt: skip
def test_bad_arguments_are_one_line(kwargs, key):
    with pytest.raises(ScenarioError) as err:
        run_outlook(load_scenario("today"), **kwargs)
    assert err.value.key == key


# --------------------------------------------------------------------------------------------
# Published anchors: our outlook need not agree; the README says where and why.


def test_suncatcher_anchor_200_usd_per_kg_by_the_mid_2030s():
    """Suncatcher (arXiv 2511.19468, sec. 2.4): about 20 %/doubling may bring launch to
    200 USD/kg or less by the mid-2030s. Our curve with the same learning rate, from the next
    vehicle's 1,000 USD/kg in 2028 down to a 30 USD/kg floor, needs (970/170)^(1/b) = about
    220 times the cumulative mass launched in 2028 (7.8 doublings, about 10 Mt by 2035);
    our central cadence (30 %/yr upmass growth toward 300 kt/yr) launches about 7 times it,
    so our central launch price in 2035 is about 550 USD/kg. Given the cadence that
    Suncatcher's figure implies, the same curve gives it."""
    b = -np.log2(0.8)
    needed = (970.0 / 170.0) ** (1.0 / b)
    assert needed == pytest.approx(220.0, rel=0.02)
    assert experience_curve(1000.0, needed, 0.2, 30.0) == pytest.approx(200.0, rel=1e-12)
    sc = load_scenario("today")
    grown = cumulative_mass(2035.0, sc.values) / cumulative_mass(2028.0, sc.values)
    assert grown < needed / 10
    price = central_drivers(sc, np.array([2028.0, 2035.0]))["launch.price_per_kg"]
    assert price[0] == 1000.0 and 400 < price[1] < 700
    fast = load_scenario(
        "today", ["outlook.launch.upmass_growth=150", "outlook.launch.upmass_ceiling=5000000"]
    )
    grown = cumulative_mass(2035.0, fast.values) / cumulative_mass(2028.0, fast.values)
    assert grown > 0.9 * needed
    assert central_drivers(fast, np.array([2035.0]))["launch.price_per_kg"][0] < 210


def test_semianalysis_anchor_parity_around_2040_base_early_2030s_optimistic():
    """SemiAnalysis (2026): parity around 2040 (base) and in the early 2030s (optimistic).
    Ours: no parity by 2050 for today, even for the optimist preset anchored in 2026 -- the
    orbit keeps paying for accelerators that fail without repair (about 30 % of the accelerator
    -hours bought are lost over a five-year life) and the ground's energy is a few percent of
    its GPU-hour, so cheaper launch alone cannot close the gap (README, outlook section)."""
    today = run_outlook(load_scenario("today"), samples=500, design="as-given")
    assert today.p_parity_by(2040) < 0.5 and today.median_parity_year is None
    early = load_scenario("optimist", ["launch.price_per_kg=1500"])
    opt = run_outlook(early, samples=500, design="as-given")
    assert opt.p_parity_by(2035) < 0.5


def test_the_capacity_sentence_names_the_side_that_delivers():
    """The capability answer follows the race: the default (LBNL 2024 trend, 52 GW of US
    facility load by 2035 at 6.3 GW/yr) is met by the ground only; with the ground starved and
    launch and production at their maxima, by orbit only. 20 GW of facility load is 20/PUE of
    IT power (PUE = facility over IT energy, the definition of The Green Grid, WP #49, 2012)."""
    today = run_outlook(load_scenario("today"), samples=20, design="as-given")
    assert today.race_sentence().endswith("so only the ground can deliver it in time.")
    sc = load_scenario(Path(__file__).parent / "data" / "outlook_race_orbit.toml")
    starved = run_outlook(sc, samples=20, design="as-given")
    text = starved.race_sentence()
    assert "(your demand path)" in text and text.endswith("so only orbit can deliver it in time.")
    pue = sc.values["ground.pue"]
    assert f"adds {20 / pue:,.0f} GW of IT power" in text
