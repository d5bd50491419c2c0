"""Report section data: every figure's numbers checked against the model or a textbook fact."""

from __future__ import annotations

import math

import numpy as np
import pytest

from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.report import data as rd
from orbitcompute.scenario import load_scenario

#: A design with a breakeven launch price (cheap buses, light arrays, dear grid power).
BREAKEVEN_SET = [
    "satellite.cost_per_kg=100",
    "power.array_specific_power=1000",
    "launch.payload_capacity=100000",
    "reliability.orbit_failure_multiplier=1",
    "reliability.levelize_on_equivalent=0",
    "ground.electricity_price=0.4",
    "satellite.lifetime=8",
    "traffic.workload=batch_inference",  # light links, so a breakeven exists
    "shielding.areal_density=5.4",  # 2 mm Al: dose and mass at the same thickness (#15)
    "ground.energy_source=0",  # the expensive grid site, not the cheapest option (#15)
]


@pytest.fixture(scope="module")
def today():
    return load_scenario("today")


def test_waterfall_lines_sum_to_model_cost(today):
    row = evaluate(today.params()).row(0)
    lines = rd.cost_lines(row)
    for side in ("orbit", "ground"):
        assert math.fsum(lines[side].values()) == pytest.approx(
            row[f"{side}.cost_per_gpu_hour"], rel=1e-12
        )
    assert "launch" in lines["orbit"] and "energy" in lines["ground"]


def test_waterfall_launch_line_is_the_model_launch_slope_share(today):
    """The launch line, the insurance on it and the launch share of operations equal the
    model's own d(annual cost)/d(launch price) x price (``orbit.launch_cost_slope``, computed
    separately for the breakeven), per levelized GPU-hour: the annualized cost is linear in the
    launch price (NREL, Short et al. 1995 annualized form)."""
    v = today.values
    row = evaluate(today.params()).row(0)
    ins = v["launch.insurance_rate"]
    insured_launch = row["orbit.capex.launch"] * (1 + ins)
    # operations are on the fleet and the ground segment (not NRE, not the data stations)
    ops_base = row["orbit.capex.total"] - row["orbit.capex.nre"] - row["orbit.capex.data_stations"]
    got = (
        row["orbit.cost.launch"] * (1 + ins)
        + row["orbit.cost.operations"] * insured_launch / ops_base
    )
    want = row["orbit.launch_cost_slope"] * v["launch.price_per_kg"]
    assert got == pytest.approx(want / row["orbit.levelized_gpu_hours_per_year"], rel=1e-12)


def test_breakeven_curve_crosses_ground_at_the_model_breakeven():
    sc = load_scenario("today", BREAKEVEN_SET)
    row = evaluate(sc.params()).row(0)
    s = rd.breakeven_section(sc, row)
    d = s.data
    be = d["breakeven"]
    assert be is not None and math.isfinite(be)
    # the curve (independent evaluations on a price grid) changes sign around the crossover
    diff = d["orbit"] - d["ground"]
    i = int(np.argmax(d["price"] > be))
    assert diff[i - 1] < 0 < diff[i]
    # and the model at exactly that price gives equal costs
    p = sc.params()
    p["launch.price_per_kg"] = np.array([be])
    r = evaluate(p).row(0)
    assert r["orbit.cost_per_gpu_hour"] == pytest.approx(r["ground.cost_per_gpu_hour"], rel=1e-9)


def test_breakeven_absent_is_said(today):
    row = evaluate(today.params()).row(0)
    s = rd.breakeven_section(today, row)
    assert s.data["breakeven"] is None and "No crossover" in s.note


def test_timeline_matches_annual_eclipse(today):
    """Mean daily sunlit fraction equals the foundation's annual figure (same daily sampling)."""
    from orbitcompute.physics.orbit import annual_eclipse_exact

    v = today.values
    d = rd.timeline_section(today).data
    sunlit, longest = annual_eclipse_exact(
        v["orbit.altitude"], v["orbit.sun_synchronous"], v["orbit.ltan"], v["orbit.inclination"]
    )
    assert d["sunlit_fraction"].mean() == pytest.approx(float(sunlit), abs=1e-9)
    assert d["eclipse_min"].max() * 60 == pytest.approx(float(longest), rel=1e-9)


def test_timeline_equatorial_orbit_beta_follows_sun_declination():
    """Equatorial orbit: |beta| equals the Sun's declination, at most the obliquity 23.44 deg
    (Vallado, Fundamentals of Astrodynamics, 4th ed., sec. 5.3: beta = dec for i = 0)."""
    sc = load_scenario("today", ["orbit.sun_synchronous=0", "orbit.inclination=0"])
    d = rd.timeline_section(sc).data
    assert np.max(np.abs(d["beta_deg"])) == pytest.approx(23.44, abs=0.02)
    assert np.min(d["sunlit_fraction"]) < 0.7  # eclipsed every orbit all year


def test_tornado_section_matches_direct_evaluation(today):
    """A deterministic scenario swings each input over its registry [min, max]; the bar of the
    first listed input with a finite swing must equal evaluate() at its registry range (the
    data links' extremes, e.g. 50 urad pointing, can make a design deliver nothing)."""
    d = rd.tornado_section(today, "ratio").data
    assert d["range"] == "registry"
    i = next(
        j
        for j, lo in enumerate(d["metric_low"])
        if np.isfinite(lo) and np.isfinite(d["metric_high"][j])
    )
    name = d["parameter"][i]
    p = today.params()
    p[name] = np.array([registry()[name].min_si, registry()[name].max_si])
    y = evaluate(p).to_dict()["ratio"]
    assert sorted([d["metric_low"][i], d["metric_high"][i]]) == pytest.approx(sorted(y))
    swings = np.abs(np.asarray(d["metric_high"]) - np.asarray(d["metric_low"]))
    finite = swings[np.isfinite(swings)]
    assert np.all(np.diff(finite) <= 1e-12)  # ranked, largest first


def test_load_bearing_assumptions_follow_the_tornado_with_provenance(today):
    """The report's "assumptions that move the answer": the tornado's first ten parameters in
    its order, each with the evidence class, date and source of its registry row."""
    tor = rd.tornado_section(today, "ratio")
    s = rd.load_bearing_section(tor)
    rows = s.data["rows"]
    assert [r["parameter"] for r in rows] == tor.data["parameter"][: rd.LOAD_BEARING_TOP]
    assert len(rows) == rd.LOAD_BEARING_TOP
    reg = registry()
    for r in rows:
        if r["parameter"] in reg:
            p = reg[r["parameter"]]
            assert (r["evidence"], r["as_of"], r["source"]) == (p.evidence, p.as_of, p.source)
    assert sum(r["parameter"] in reg for r in rows) >= 5  # mostly registry rows
    assert rd.load_bearing_section(rd.Section("tornado", "t", None, "why")).note == "why"


def test_capacity_starts_full_and_declines_in_orbit(today):
    d = rd.capacity_section(today).data
    assert d["orbit"][0] == pytest.approx(1.0, abs=0.05)
    assert d["orbit"][-1] < d["orbit"][0]
    assert d["years"][-1] == pytest.approx(today.values["satellite.lifetime"] / (365.25 * 86400))


def test_montecarlo_omitted_with_note_when_deterministic(today):
    s = rd.montecarlo_section(today)
    assert s.data is None and "no distributions" in s.note


def test_run_samples_probability_counts():
    sc = load_scenario("today")
    cols = {"launch.price_per_kg": np.array([10.0, 100.0, 60000.0])}
    d = rd.run_samples(sc.values, cols)
    p = sc.params()
    p["launch.price_per_kg"] = cols["launch.price_per_kg"]
    ratio = evaluate(p).to_dict()["ratio"]
    assert d["p_orbit_cheaper"] == pytest.approx(np.mean(ratio < 1))
    assert d["percentiles"]["ratio"]["p50"] == pytest.approx(np.median(ratio))


def test_montecarlo_section_agrees_with_issue5_runner():
    """Same seed and sample count: our section's percentiles equal run_montecarlo's (#5)."""
    from orbitcompute.analysis import montecarlo as mc

    sc = load_scenario("uncertain-2030")
    s = rd.montecarlo_section(sc, n=4000, seed=11)
    assert s.present
    ref = mc.run_montecarlo(sc, n=4000, seed=11)
    assert s.data["p_orbit_cheaper"] == pytest.approx(ref.p_orbit_cheaper, abs=0)
    ours = s.data["percentiles"]["ratio"]["p50"]
    assert ours == pytest.approx(float(ref.stats.loc["ratio", "p50"]), rel=1e-9)


def test_parity_section_is_the_parity_analysis(today):
    """The report's 'what would it take' rows are orbitcompute parity's levers (issue 17), and
    its point, fed back to the model, gives parity."""
    from orbitcompute.analysis.parity import parity

    d = rd.parity_section(today).data
    ref = parity(today, design="as-given")
    assert [r["lever"] for r in d["rows"]] == [lv.label for lv in ref.levers]
    needed = [lv.text["required"] if ref.reachable else "—" for lv in ref.levers]
    assert [r["needed"] for r in d["rows"]] == needed
    assert d["reachable"] == ref.reachable and d["message"] == ref.message
    if ref.reachable:
        p = {k: np.array([v]) for k, v in today.values.items()}
        p.update({k: np.array([v]) for k, v in ref.point().items()})
        assert evaluate(p)["ratio"][0] == pytest.approx(ref.target, rel=0.02)


def test_outlook_section_is_the_outlook_analysis(today):
    """Same seed and samples: the report's ratio band is orbitcompute outlook's (issue 18)."""
    from orbitcompute.analysis.outlook import PERCENTILES, run_outlook

    d = rd.outlook_section(today, samples=300, seed=3).data
    ref = run_outlook(today, samples=300, seed=3, design="as-given")
    q = dict(zip(PERCENTILES, ref.percentiles["ratio"], strict=True))
    np.testing.assert_allclose(d["ratio_p50"], q[50])
    assert np.all(d["ratio_p5"] <= d["ratio_p50"]) and np.all(d["ratio_p50"] <= d["ratio_p95"])
    assert d["parity"] == ref.parity_text()
