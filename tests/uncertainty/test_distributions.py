"""Distributions: inverse CDFs against scipy.stats, units, truncation, Iman-Conover, specs."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from orbitcompute.errors import ScenarioError
from orbitcompute.registry import registry
from orbitcompute.scenario import CHOICES, load_scenario
from orbitcompute.uncertainty import iman_conover, parse_spec, sample

U = np.linspace(0.001, 0.999, 999)
KG = "launch.price_per_kg"  # USD/kg, range 10-60000


def test_uniform_and_loguniform_match_scipy():
    d = parse_spec(KG, {"dist": "uniform", "low": 30, "high": 3000})
    assert_allclose(d.ppf(U), stats.uniform(30, 2970).ppf(U), rtol=1e-12)
    d = parse_spec(KG, {"dist": "loguniform", "low": 30, "high": 3000})
    assert_allclose(d.ppf(U), stats.loguniform(30, 3000).ppf(U), rtol=1e-12)


def test_triangular_matches_scipy():
    d = parse_spec(KG, {"dist": "triangular", "low": 100, "mode": 400, "high": 1000})
    ref = stats.triang(c=(400 - 100) / 900, loc=100, scale=900)
    assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-12)
    assert_allclose(d.cdf(ref.ppf(U)), U, atol=1e-12)


def test_pert_matches_beta_distribution():
    """PERT = scaled Beta(1 + 4 (m-a)/(b-a), 1 + 4 (b-m)/(b-a)) (Vose, Risk Analysis, 2008)."""
    d = parse_spec(KG, {"dist": "pert", "low": 100, "mode": 400, "high": 1000})
    ref = stats.beta(1 + 4 * 300 / 900, 1 + 4 * 600 / 900, loc=100, scale=900)
    assert_allclose(d.ppf(U), ref.ppf(U), rtol=2e-6)
    assert_allclose(d.ppf(np.array([0.0, 1.0])), [100, 1000])


def test_normal_truncated_matches_scipy_truncnorm():
    d = parse_spec(KG, {"dist": "normal", "mean": 500, "sd": 200, "min": 200, "max": 900})
    a, b = (200 - 500) / 200, (900 - 500) / 200
    assert_allclose(d.ppf(U), stats.truncnorm(a, b, loc=500, scale=200).ppf(U), rtol=1e-9)
    assert d.support == pytest.approx((200, 900))


def test_lognormal_from_median_and_p90():
    d = parse_spec(
        "power.array_specific_power", {"dist": "lognormal", "median": "100 W/kg", "p90": "200 W/kg"}
    )
    assert d.quantile(0.5) == pytest.approx(100, rel=2e-3)  # truncated at 20-2000 W/kg
    assert d.quantile(0.9) == pytest.approx(200, rel=2e-3)
    sigma = math.log(2) / stats.norm.ppf(0.9)
    ref = stats.lognorm(s=sigma, scale=100)
    fl, fh = ref.cdf(20), ref.cdf(2000)
    assert_allclose(d.ppf(U), ref.ppf(fl + U * (fh - fl)), rtol=1e-9)
    # mu/sigma form: mu is ln(median in the registry unit)
    d2 = parse_spec(
        "power.array_specific_power", {"dist": "lognormal", "mu": math.log(100), "sigma": sigma}
    )
    assert_allclose(d2.ppf(U), d.ppf(U), rtol=1e-12)


def test_values_with_units_are_converted_to_si():
    d = parse_spec(KG, {"dist": "uniform", "low": "0.03 USD/g", "high": "3 USD/g"})
    assert d.support == pytest.approx((30, 3000))
    d = parse_spec("orbit.altitude", {"dist": "uniform", "low": "500 km", "high": 700})
    assert d.support == pytest.approx((500e3, 700e3))


def test_choice_frequencies_and_named_choice_expansion():
    d = parse_spec(
        "launch.payload_capacity", {"dist": "choice", "options": [17500, 100000], "weights": [1, 3]}
    )
    x = sample([d], 200_000, seed=3)["launch.payload_capacity"]
    assert set(np.unique(x)) == {17500.0, 100000.0}
    assert np.mean(x == 100000.0) == pytest.approx(0.75, abs=0.005)
    a = parse_spec(
        "compute.accelerator", {"dist": "choice", "options": ["H100", "B200"]}, choices=CHOICES
    )
    cols = sample([a], 1000, seed=1)
    assert set(np.unique(cols["compute.accelerator_power"])) == {1275.0, 1787.5}
    # price and power come from the same option on every sample
    h100 = cols["compute.accelerator_power"] == 1275.0
    assert np.all(cols["compute.accelerator_price"][h100] == 40000.0)


def test_same_seed_same_samples():
    d = [
        parse_spec(KG, {"dist": "loguniform", "low": 30, "high": 3000}),
        parse_spec("satellite.lifetime", {"dist": "triangular", "low": 3, "mode": 5, "high": 8}),
    ]
    a, b, c = sample(d, 1000, 7), sample(d, 1000, 7), sample(d, 1000, 8)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a[KG], c[KG])


def test_iman_conover_induces_rank_correlation_and_keeps_marginals():
    """Iman & Conover (1982): ranks reordered, marginals untouched; Spearman ~ target."""
    rng = np.random.default_rng(0)
    u = rng.random((20_000, 3))
    target = np.array([[1, 0.7, 0], [0.7, 1, -0.4], [0, -0.4, 1]])
    out = iman_conover(u, target, np.random.default_rng(1))
    for j in range(3):
        assert np.array_equal(np.sort(out[:, j]), np.sort(u[:, j]))
    rho = stats.spearmanr(out).statistic
    assert_allclose(rho, target, atol=0.03)


def test_scenario_keeps_distributions_and_point_values():
    sc = load_scenario("uncertain-2030")
    assert KG in sc.distributions and "compute.accelerator" in sc.distributions
    assert sc.values[KG] == pytest.approx(300.0)  # nominal
    # no nominal: the registry default stays the point value
    assert sc.values["satellite.lifetime"] == registry()["satellite.lifetime"].default_si
    sc2 = load_scenario("uncertain-2030", [f"{KG}=500"])  # a point value replaces the spec
    assert KG not in sc2.distributions and sc2.values[KG] == pytest.approx(500.0)
    sc3 = load_scenario("today", [f'{KG}={{dist="uniform", low=30, high=300}}'])
    assert list(sc3.distributions) == [KG]


@pytest.mark.parametrize(
    "spec, key, words",
    [
        ({"dist": "loguniform", "low": 0, "high": 300}, f"{KG}.low", "within"),
        ({"dist": "uniform", "low": 30, "high": 1e6}, f"{KG}.high", "within 10 USD/kg"),
        ({"dist": "uniform", "low": 300, "high": 30}, f"{KG}.high", "above low"),
        ({"dist": "gamma", "low": 1}, f"{KG}.dist", "one of uniform"),
        ({"dist": "uniform", "low": 30}, KG, "with high"),
        ({"dist": "uniform", "low": 30, "high": 300, "mode": 50}, f"{KG}.mode", "keys of"),
        ({"dist": "normal", "mean": 100, "sd": 1000}, KG, "outside"),
        ({"dist": "normal", "mean": 100, "sd": -1}, f"{KG}.sd", "> 0"),
        ({"dist": "uniform", "low": "3 km", "high": 300}, f"{KG}.low", "convertible"),
        ({"dist": "lognormal", "median": 100}, KG, "p90"),
        ({"dist": "choice", "options": [100, 200], "weights": [1]}, f"{KG}.weights", "2 weights"),
    ],
)
def test_bad_specs_one_line_naming_the_key(spec, key, words):
    with pytest.raises(ScenarioError) as exc:
        load_scenario("today", [f"{KG}={_toml(spec)}"])
    msg = exc.value.one_line()
    assert exc.value.key == f"--set {key}" and words in msg and "\n" not in msg


def test_bad_named_choice_and_bool():
    with pytest.raises(ScenarioError, match="compute.accelerator.options"):
        parse_spec("compute.accelerator", {"dist": "choice", "options": ["TPU9"]}, "", CHOICES)
    with pytest.raises(ScenarioError, match="'choice'"):
        parse_spec("launch.dedicated", {"dist": "uniform", "low": 0, "high": 1})


def _toml(v):
    from orbitcompute.scenario import _toml_value

    return _toml_value(v)


_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**9), 10**9),
    st.text(max_size=12),
    st.booleans(),
    st.lists(st.integers(-5, 5), max_size=3),
)
_keys = st.sampled_from(
    [
        "low",
        "high",
        "mode",
        "mean",
        "sd",
        "median",
        "p90",
        "p10",
        "mu",
        "sigma",
        "min",
        "max",
        "nominal",
        "options",
        "weights",
        "lambda",
        "x",
    ]
)
_kinds = st.sampled_from(
    [
        "uniform",
        "loguniform",
        "triangular",
        "pert",
        "normal",
        "lognormal",
        "truncnormal",
        "choice",
        "beta",
        3,
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=_kinds,
    entries=st.dictionaries(_keys, _values, max_size=5),
    name=st.sampled_from(
        [KG, "orbit.altitude", "launch.dedicated", "compute.accelerator", "no.such_param"]
    ),
)
def test_any_spec_parses_inside_range_or_fails_on_one_line(kind, entries, name):
    """Property: a spec either gives a distribution inside the registry range or a ScenarioError
    naming the key (never another exception, never a multi-line message)."""
    spec = {"dist": kind, **entries}
    try:
        d = parse_spec(name, spec, choices=CHOICES)
    except ScenarioError as exc:
        assert exc.key.startswith(name) and "\n" not in exc.one_line()
        return
    if not d.is_named_choice:
        p = registry()[name]
        lo, hi = (x / p.factor for x in d.support)  # in the registry unit, as for scalars
        tol = 1e-9 * max(abs(p.minimum), abs(p.maximum), 1.0)
        assert p.minimum - tol <= lo <= hi <= p.maximum + tol
        x = d.ppf(np.random.default_rng(0).random(100))
        assert np.all(np.isfinite(x))
