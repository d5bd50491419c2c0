"""Sweep specs: parsing, validation errors, lazy expansion against independent references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from scipy import stats
from scipy.stats import qmc

from orbitcompute.analysis.sweep import load_spec, parse_spec, run_chunk, unravel
from orbitcompute.analysis.sweep.chunks import chunk_bounds, chunk_points, n_chunks
from orbitcompute.errors import ScenarioError
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario
from orbitcompute.uncertainty import parse_spec as parse_distribution


def test_shape_and_hash(small_spec):
    spec = load_spec(small_spec(10))
    assert spec.shape == (10, 3, 2, 8)
    assert spec.n_points == 480
    assert load_spec(small_spec(10)).hash == spec.hash
    assert load_spec(small_spec(11)).hash != spec.hash
    assert load_spec(small_spec(10), ["orbit.altitude=700 km"]).hash != spec.hash


def test_unravel_matches_numpy():
    """Mixed-radix unravelling equals numpy.unravel_index in C order (the reference)."""
    shape = (7, 1, 5, 3, 11)
    idx = np.arange(math.prod(shape), dtype=np.int64)
    ours = unravel(idx, shape)
    ref = np.unravel_index(idx, shape)
    for a, b in zip(ours, ref, strict=True):
        assert_array_equal(a, b)


def test_unravel_huge_index_is_exact():
    """Index arithmetic stays exact far beyond float precision (10**15 points)."""
    shape = (10**5, 10**5, 10**5)
    i = np.array([10**15 - 1, 123456789012345], dtype=np.int64)
    d = unravel(i, shape)
    back = (d[0] * 10**5 + d[1]) * 10**5 + d[2]
    assert_array_equal(back, i)


def test_chunks_cover_every_point_once():
    n, size = 1003, 64
    seen = np.concatenate([np.arange(*chunk_bounds(n, size, k)) for k in range(n_chunks(n, size))])
    assert_array_equal(seen, np.arange(n))


def test_axis_values_in_si(small_spec):
    """Grid = numpy.geomspace of the registry-unit endpoints times the SI factor."""
    spec = load_spec(small_spec(10))
    lp, temp, acc = spec.axes
    assert_array_equal(lp.values, np.geomspace(100.0, 5000.0, 10))
    assert_array_equal(temp.values, [290.0, 330.0, 350.0])
    assert list(acc.values) == ["H100", "B200"]
    assert spec.base["orbit.altitude"] == pytest.approx(600e3)


def test_points_follow_the_product_order(small_spec):
    """Point i has the coordinates of np.unravel_index(i, shape) (last dimension fastest)."""
    spec = load_spec(small_spec(10))
    pts = chunk_points(spec, 0, spec.n_points)
    i = np.arange(spec.n_points)
    a, b, c, _ = np.unravel_index(i, spec.shape)
    assert_array_equal(pts["launch.price_per_kg"], spec.axes[0].values[a])
    assert_array_equal(pts["thermal.radiator_temperature"], spec.axes[1].values[b])
    h100 = registry()["compute.accelerator_power"].factor * 1275.0
    assert_array_equal(pts["compute.accelerator_power"][c == 0], h100)


def test_sobol_block_is_scipys_sequence(small_spec):
    """The Sobol block equals scipy.stats.qmc.Sobol (scrambled, same seed), scaled in log."""
    spec = load_spec(small_spec(10))
    rng = np.random.default_rng(np.random.SeedSequence([spec.sample.seed, 0x5153]))
    u = qmc.Sobol(1, scramble=True, seed=rng).random(8)[:, 0]
    ref = np.exp(np.log(50.0) + u * (np.log(400.0) - np.log(50.0)))
    pts = chunk_points(spec, 0, 8)
    assert_array_equal(pts["power.array_specific_power"], ref)


def test_lazy_sobol_equals_full_sequence():
    """A large Sobol block is generated per chunk by fast-forward: same bits as the whole."""
    from orbitcompute.analysis.sweep.chunks import sample_unit
    from orbitcompute.analysis.sweep.spec import SampleBlock

    n = 2**17
    block = SampleBlock(
        "sobol", n, ("a", "b"), np.zeros(2), np.ones(2), ("linear",) * 2, ("1",) * 2, (1.0,) * 2, 3
    )
    rng = np.random.default_rng(np.random.SeedSequence([3, 0x5153]))
    full = qmc.Sobol(2, scramble=True, seed=rng).random(n)
    j = np.r_[np.arange(n - 5, n), np.arange(0, 7), np.arange(70000, 70010)]
    assert_array_equal(sample_unit(block, j), full[j])


def test_chunk_equals_direct_evaluation(small_spec):
    """Each row of a chunk is the model evaluated at that point's parameters, one at a time."""
    from orbitcompute.model import evaluate

    spec = load_spec(small_spec(10))
    table = run_chunk(spec, 1, 100)
    assert table.num_rows == 100
    assert table.column("point").to_pylist() == list(range(100, 200))
    for row in (0, 37, 99):
        r = table.slice(row, 1).to_pylist()[0]
        params = dict(spec.base)
        params["launch.price_per_kg"] = r["launch.price_per_kg"]
        params["thermal.radiator_temperature"] = r["thermal.radiator_temperature"]
        params["power.array_specific_power"] = r["power.array_specific_power"]
        acc = spec.axes[2]
        k = list(acc.values).index(r["compute.accelerator"])
        params.update({p: v[k] for p, v in acc.sets.items()})
        ref = evaluate({k2: np.array([v]) for k2, v in params.items()}).to_dict()
        for o in spec.outputs:
            np.testing.assert_allclose(r[o], ref[o][0], rtol=1e-12, equal_nan=True)


def test_montecarlo_draws_and_stats(tmp_path):
    """Per-point Monte Carlo: shared seeded draws, percentiles as numpy computes them."""
    doc = {
        "seed": 3,
        "axes": {"launch": {"price_per_kg": [200, 2000]}},
        "montecarlo": {
            "samples": 4000,
            "params": {
                "reliability": {"gpu_failure_rate": {"dist": "uniform", "low": 3, "high": 12}}
            },
        },
    }
    spec = parse_spec(doc)
    draws = spec.montecarlo.draws[0] / registry()["reliability.gpu_failure_rate"].factor
    # Kolmogorov-Smirnov against scipy.stats.uniform(3, 9): the draws are U(3, 12) in %/yr.
    assert stats.kstest(draws, stats.uniform(3, 9).cdf).pvalue > 1e-3
    assert_array_equal(parse_spec(doc).montecarlo.draws, spec.montecarlo.draws)
    t = run_chunk(spec, 0)
    assert "ratio.p50" in t.column_names and "p_orbit_cheaper" in t.column_names
    p = t.column("p_orbit_cheaper").to_numpy()
    assert np.all((p >= 0) & (p <= 1))


@pytest.mark.parametrize(
    ("doc", "key"),
    [
        (
            {"axes": {"launch": {"price_per_kg": {"from": 1, "to": 5000, "steps": 4}}}},
            "axes.launch.price_per_kg.from",
        ),
        (
            {"axes": {"launch": {"price_per_kg": {"from": 50, "to": 500, "steps": 1}}}},
            "axes.launch.price_per_kg.steps",
        ),
        (
            {"axes": {"launch": {"price_per_kg": {"from": 50, "to": 500, "step": 4}}}},
            "axes.launch.price_per_kg.step",
        ),
        (
            {
                "axes": {
                    "launch": {
                        "price_per_kg": {"from": 50, "to": 500, "steps": 4, "scale": "cubic"}
                    }
                }
            },
            "axes.launch.price_per_kg.scale",
        ),
        ({"axes": {"launch": {"price_per_kgg": [1, 2]}}}, "axes.launch.price_per_kgg"),
        ({"axes": {"compute": {"accelerator": ["H100", "Z9"]}}}, "axes.compute.accelerator"),
        ({"axes": {"orbit": {"altitude": ["550 kg"]}}}, "axes.orbit.altitude"),
        ({"axis": {}}, "axis"),
        ({}, "axes"),
        (
            {"axes": {"launch": {"price_per_kg": [100]}}, "output": {"columns": ["nope"]}},
            "output.columns",
        ),
        (
            {"axes": {"launch": {"price_per_kg": [100]}}, "sample": {"method": "halton"}},
            "sample.method",
        ),
        (
            {
                "axes": {"launch": {"price_per_kg": [100]}},
                "sample": {"n": 4, "params": {"launch": {"price_per_kg": {"from": 10, "to": 20}}}},
            },
            "sample.params.launch.price_per_kg",
        ),
        (
            {"axes": {"launch": {"price_per_kg": [100]}}, "base": {"scenario": "nowhere"}},
            "base.scenario",
        ),
    ],
)
def test_bad_specs_name_the_key(doc, key):
    with pytest.raises(ScenarioError) as e:
        parse_spec(doc, name="s.toml")
    assert e.value.key == f"s.toml: {key}"
    assert "\n" not in e.value.one_line()


_values = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.booleans(),
    st.lists(st.integers(-5, 5000), max_size=3),
    st.dictionaries(
        st.sampled_from(["from", "to", "steps", "scale", "dist"]),
        st.one_of(st.integers(-5, 5000), st.text(max_size=5)),
        max_size=4,
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(
        [
            "launch.price_per_kg",
            "orbit.altitude",
            "compute.accelerator",
            "orbit.sun_synchronous",
            "nope.x",
        ]
    ),
    value=_values,
)
def test_any_axis_value_is_accepted_or_a_scenario_error(name, value):
    """Property: arbitrary axis entries never crash with anything but a ScenarioError."""
    group, key = name.split(".")
    try:
        spec = parse_spec({"axes": {group: {key: value}}})
    except ScenarioError as exc:
        assert "\n" not in exc.one_line()
    else:
        assert spec.n_points >= 1


def test_latin_hypercube_block_is_scipys_design():
    """The LHS block equals scipy.stats.qmc.LatinHypercube (same seed): one point per stratum."""
    doc = {
        "seed": 11,
        "sample": {
            "method": "lhs",
            "n": 50,
            "params": {"thermal": {"radiator_temperature": {"from": 250, "to": 450}}},
        },
    }
    spec = parse_spec(doc)
    pts = chunk_points(spec, 0, 50)["thermal.radiator_temperature"]
    rng = np.random.default_rng(np.random.SeedSequence([11, 0x5153]))
    u = qmc.LatinHypercube(1, seed=rng).random(50)[:, 0]
    assert_array_equal(pts, 250.0 + u * 200.0)
    strata = np.floor((pts - 250.0) / 200.0 * 50).astype(int)
    assert sorted(strata) == list(range(50))


# --------------------------------------------------------------------------------------------
# One distribution grammar: sweeps parse and sample with orbitcompute.uncertainty

ALL_KINDS = {
    "launch": {"price_per_kg": {"dist": "loguniform", "low": 30, "high": 3000}},
    "satellite": {
        "lifetime": {"dist": "triangular", "low": 3, "mode": 5, "high": 8},
        "cost_per_kg": {"dist": "pert", "low": 500, "mode": 1500, "high": 5000},
    },
    "reliability": {"gpu_failure_rate": {"dist": "uniform", "low": 3, "high": 12}},
    "power": {
        "cell_efficiency": {"dist": "normal", "mean": 0.3, "sd": 0.02},
        "array_specific_power": {"dist": "lognormal", "median": 100, "p90": 200},
        "degradation_rate": {"dist": "truncnormal", "mean": 1, "sd": 1, "min": 0.2, "max": 3},
    },
    "thermal": {
        "emissivity": {"dist": "trunclognormal", "median": 0.88, "p10": 0.84, "max": 0.95},
    },
    "compute": {"accelerator": {"dist": "choice", "options": ["H100", "B200"]}},
}


def _mc_doc(params, samples=2000):
    return {"seed": 5, "axes": {"orbit": {"altitude": [550, 650]}},
            "montecarlo": {"samples": samples, "params": params}}  # fmt: skip


def test_sweep_montecarlo_takes_every_kind_and_samples_like_the_scenario_grammar():
    """All nine kinds in a sweep's [montecarlo] block; the draws are those of
    orbitcompute.uncertainty.sample for the scenario-grammar distributions (sorted names, one
    generator), inside the registry ranges; the named choice expands into its parameters."""
    from orbitcompute.scenario import CHOICES
    from orbitcompute.uncertainty import sample

    spec = parse_spec(_mc_doc(ALL_KINDS))
    flat = sorted((f"{g}.{k}", v) for g, table in ALL_KINDS.items() for k, v in table.items())
    dists = [parse_distribution(n, v, choices=CHOICES) for n, v in flat]
    ref = sample(dists, 2000, np.random.default_rng(np.random.SeedSequence([5, 0x4D43])))
    assert spec.montecarlo.names == tuple(ref)
    for k, name in enumerate(spec.montecarlo.names):
        assert_array_equal(spec.montecarlo.draws[k], ref[name])
        p = registry()[name]
        assert np.all((ref[name] >= p.min_si) & (ref[name] <= p.max_si)), name
    assert {"compute.accelerator_power", "compute.accelerator_price"} <= set(ref)
    t = run_chunk(spec, 0, 2)
    assert t.num_rows == 2 and np.all(np.isfinite(t.column("ratio.p50").to_numpy()))
    # half the samples fly H100s, half B200s: the ground cost spans both
    from orbitcompute.model import evaluate
    from orbitcompute.scenario import load_scenario

    each = [
        float(evaluate(load_scenario(None, [f"compute.accelerator={a}"]).params())[
            "ground.cost_per_gpu_hour"][0])
        for a in ("H100", "B200")
    ]  # fmt: skip
    assert t.column("ground.cost_per_gpu_hour.p05")[0].as_py() < min(each) * 1.05
    assert t.column("ground.cost_per_gpu_hour.p95")[0].as_py() > max(each) * 0.95


def test_uniform_loguniform_triangular_draws_are_numpys_generator_methods():
    """The sweep's earlier sampler drew these kinds with numpy's Generator.uniform/triangular in
    sorted-name order; the inverse-CDF sampler gives the same numbers (same seed, same stream),
    so sweeps without normal distributions keep their draws and their spec hash."""
    doc = _mc_doc(
        {
            "launch": {"payload_capacity": {"dist": "loguniform", "low": 15000, "high": 1e5}},
            "reliability": {"gpu_failure_rate": {"dist": "uniform", "low": 3, "high": 12}},
            "satellite": {"lifetime": {"dist": "triangular", "low": 3, "mode": 5, "high": 8}},
        },
        500,
    )
    spec = parse_spec(doc)
    rng = np.random.default_rng(np.random.SeedSequence([5, 0x4D43]))
    reg = registry()
    f = {n: reg[n].factor for n in spec.montecarlo.names}
    ref = [
        np.exp(rng.uniform(np.log(15000.0), np.log(1e5), 500)),
        rng.uniform(3 * f["reliability.gpu_failure_rate"], 12 * f["reliability.gpu_failure_rate"],
                    500),
        rng.triangular(*(x * f["satellite.lifetime"] for x in (3, 5, 8)), 500),
    ]  # fmt: skip
    np.testing.assert_allclose(spec.montecarlo.draws, np.vstack(ref), rtol=1e-13)


def test_sweep_normal_is_truncated_at_the_registry_range_not_clipped():
    """A normal wider than the range used to be clipped (mass piled on the bounds); now it is
    truncated as in scenario files, or rejected when more than 1 % falls outside."""
    p = registry()["power.cell_efficiency"]  # 0.1 to 0.5
    normal = {"dist": "normal", "mean": 0.45, "sd": 0.05, "max": 0.5}
    spec = parse_spec(_mc_doc({"power": {"cell_efficiency": normal}}))
    x = spec.montecarlo.draws[0]
    assert x.max() < p.max_si and np.mean(x == p.max_si) == 0.0
    del normal["max"]
    with pytest.raises(ScenarioError, match="1% of its probability"):
        parse_spec(_mc_doc({"power": {"cell_efficiency": normal}}))


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"dist": "uniform", "low": -2, "high": -1}, "low"),
        ({"dist": "uniform", "low": 5, "high": 40}, "high"),
        ({"dist": "triangular", "low": 3, "mode": 13, "high": 12}, "mode"),
        ({"dist": "gamma", "a": 2}, "dist"),
        ({"dist": "uniform", "low": 3}, None),
        ({"dist": "normal", "mean": 9, "sd": 0}, "sd"),
        ({"dist": "uniform", "low": 3, "high": 12, "extra": 1}, "extra"),
    ],
)
def test_sweep_and_scenario_give_the_same_error(spec, field):
    """One error style: the same bad spec gives the same key suffix and expectation in a sweep
    spec as in a scenario --set (one line each)."""
    name = "reliability.gpu_failure_rate"
    with pytest.raises(ScenarioError) as in_sweep:
        parse_spec(_mc_doc({"reliability": {"gpu_failure_rate": spec}}), name="s.toml")
    from orbitcompute.scenario import _toml_value

    with pytest.raises(ScenarioError) as in_scenario:
        load_scenario("today", [f"{name}={_toml_value(spec)}"])
    suffix = name + (f".{field}" if field else "")
    assert in_sweep.value.key == f"s.toml: montecarlo.params.{suffix}"
    assert in_scenario.value.key == f"--set {suffix}"
    assert in_sweep.value.expected == in_scenario.value.expected
    assert "\n" not in in_sweep.value.one_line()


def test_sample_block_maps_quasi_random_points_through_any_distribution():
    """A [sample] parameter may be a distribution: its points are the distribution's inverse
    CDF at the block's scrambled Sobol points (scipy.stats.qmc, same seed); a {from, to} range
    is the uniform one."""
    doc = {
        "seed": 11,
        "sample": {
            "method": "sobol",
            "n": 64,
            "params": {
                "thermal": {
                    "emissivity": {"dist": "pert", "low": 0.8, "mode": 0.88, "high": 0.92},
                    "radiator_temperature": {"from": 250, "to": 450},
                }
            },
        },
    }
    spec = parse_spec(doc)
    pts = chunk_points(spec, 0, 64)
    rng = np.random.default_rng(np.random.SeedSequence([11, 0x5153]))
    u = qmc.Sobol(2, scramble=True, seed=rng).random(64)
    d = parse_distribution("thermal.emissivity", doc["sample"]["params"]["thermal"]["emissivity"])
    assert_array_equal(pts["thermal.emissivity"], d.ppf(u[:, 0]))
    assert_array_equal(pts["thermal.radiator_temperature"], 250.0 + u[:, 1] * 200.0)
    # the PERT's mean is (low + 4 mode + high) / 6 = 0.8733 (Vose 2008, sec. 9.1.4)
    assert pts["thermal.emissivity"].mean() == pytest.approx(0.8733, abs=0.003)
    doc2 = {**doc, "sample": {**doc["sample"], "params": {"thermal": {"emissivity": {
        "dist": "pert", "low": 0.8, "mode": 0.88, "high": 0.93}}}}}  # fmt: skip
    assert parse_spec(doc2).hash != spec.hash
