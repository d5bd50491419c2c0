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


# --------------------------------------------------------------------------------------------
# Issue 14 item 5: distribution bounds obey the registry range in the registry unit, for every
# parameter, with the scalar rule (tolerance 1e-9 x max(|min|, |max|, 1) in the registry unit).

REG = registry()
FLOATS = [n for n, p in REG.items() if p.kind == "float"]
DISCRETE = [n for n, p in REG.items() if p.kind != "float"]


def _outside(p):
    """A margin far above the rounding tolerance (1000x) and far below any range width."""
    return 1e-6 * max(abs(p.minimum), abs(p.maximum), 1.0)


def _expect_rejected(name, spec, field):
    with pytest.raises(ScenarioError) as exc:
        parse_spec(name, spec, "--set ")
    assert exc.value.key == f"--set {name}.{field}", exc.value.one_line()
    assert "\n" not in exc.value.one_line()


@pytest.mark.parametrize("name", FLOATS)
def test_every_float_parameter_rejects_bounds_outside_its_range(name):
    p = REG[name]
    d = _outside(p)
    lo, hi, w = p.minimum, p.maximum, p.maximum - p.minimum
    _expect_rejected(name, {"dist": "uniform", "low": lo - d, "high": hi}, "low")
    _expect_rejected(name, {"dist": "uniform", "low": lo, "high": hi + d}, "high")
    _expect_rejected(name, {"dist": "uniform", "low": lo - 2 * w - 2, "high": lo - w - 1}, "low")
    _expect_rejected(name, {"dist": "triangular", "low": lo - d, "mode": lo, "high": hi}, "low")
    _expect_rejected(name, {"dist": "pert", "low": lo, "mode": hi, "high": hi + d}, "high")
    mid = lo + w / 2
    _expect_rejected(name, {"dist": "normal", "mean": mid, "sd": w, "min": lo - d}, "min")
    _expect_rejected(name, {"dist": "normal", "mean": mid, "sd": w, "max": hi + d}, "max")
    _expect_rejected(name, {"dist": "uniform", "low": lo, "high": hi, "nominal": hi + d}, "nominal")
    _expect_rejected(name, {"dist": "choice", "options": [mid, lo - d]}, "options")


@pytest.mark.parametrize("name", FLOATS)
def test_every_float_parameter_accepts_bounds_inside_and_samples_stay_inside(name):
    p = REG[name]
    lo, hi, w = p.minimum, p.maximum, p.maximum - p.minimum
    specs = [
        {"dist": "uniform", "low": lo, "high": hi, "nominal": lo},
        {"dist": "uniform", "low": lo + w / 4, "high": hi - w / 4},
        {"dist": "triangular", "low": lo, "mode": lo + w / 3, "high": hi},
        {"dist": "pert", "low": lo, "mode": hi, "high": hi},
        {"dist": "normal", "mean": lo + w / 2, "sd": w, "min": lo, "max": hi},
        {"dist": "choice", "options": [lo, hi]},
    ]
    if lo > 0:
        specs.append({"dist": "loguniform", "low": lo, "high": hi})
    u = np.linspace(0.0, 1.0, 101)
    tol = 1e-9 * max(abs(lo), abs(hi), 1.0)
    for spec in specs:
        x = parse_spec(name, spec, "--set ").ppf(u) / p.factor  # registry unit
        assert np.all((x >= lo - tol) & (x <= hi + tol)), (spec, x.min(), x.max())


@pytest.mark.parametrize("name", DISCRETE)
def test_every_discrete_parameter_checks_choice_options_against_its_range(name):
    p = REG[name]
    ok = parse_spec(name, {"dist": "choice", "options": [p.minimum, p.maximum]}, "--set ")
    assert ok.support == (p.min_si, p.max_si)
    _expect_rejected(name, {"dist": "choice", "options": [p.minimum, p.maximum + 1]}, "options")
    _expect_rejected(name, {"dist": "choice", "options": [p.minimum - 1]}, "options")


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(FLOATS),
    a=st.floats(-0.5, 1.5, allow_nan=False),
    b=st.floats(-0.5, 1.5, allow_nan=False),
)
def test_uniform_bounds_accepted_exactly_when_inside_the_range(name, a, b):
    """Property over every float parameter: uniform(low, high), bounds placed anywhere from
    half a range below the minimum to half a range above the maximum, parses iff both bounds
    are inside by the scalar rule (orbitcompute.scenario.check_value), and never samples out."""
    from orbitcompute.scenario import check_value

    p = REG[name]
    w = p.maximum - p.minimum
    low, high = p.minimum + min(a, b) * w, p.minimum + max(a, b) * w

    def scalar_ok(x):
        try:
            check_value(name, x)
        except ScenarioError:
            return False
        return True

    should = scalar_ok(low) and scalar_ok(high) and low < high
    try:
        d = parse_spec(name, {"dist": "uniform", "low": low, "high": high})
    except ScenarioError as exc:
        assert not should, exc.one_line()
        return
    assert should
    x = d.ppf(np.array([0.0, 0.5, 1.0]))
    assert all(scalar_ok(v / p.factor) for v in x)


def _looser_in_si(p):
    """True when the old rule (tolerance 1e-9 x max(|min|, |max|, 1) taken in SI) accepted
    more than the scalar rule does: parameters whose SI values are tiny (%/yr, L/kWh, ...)."""
    si_margin = 1e-9 * max(abs(p.min_si), abs(p.max_si), 1.0) / p.factor
    return si_margin > 1.0001e-9 * max(abs(p.minimum), abs(p.maximum), 1.0)


#: The parameters the SI tolerance let out of range (41 when issue 14 counted them, 44 with
#: power.cell_temperature_coefficient, thermal.radiator_stowed_thickness and
#: reliability.technician_rate of issue 15; by >= 2 % of the range for 22; 60 and 37 with the
#: 16 outlook.* rates of issue 18, 15 of them by >= 2 %).
AFFECTED = [n for n in FLOATS if _looser_in_si(REG[n])]


#: Rows added after issue 14 counted them (issue 16) that the old tolerance would also let out.
LATER = {"network.ground_opex_fraction", "network.transit_price"}


def test_the_affected_parameters_are_those_the_issue_counted():
    counted = [n for n in AFFECTED if n not in LATER]
    wide = [n for n in counted if _margin_share(REG[n]) >= 0.02]
    assert len(counted) == 60 and len(wide) == 37
    assert LATER <= set(AFFECTED)
    assert "reliability.gpu_failure_rate" in wide and "power.degradation_rate" in wide


def _margin_share(p):
    return 1e-9 * max(abs(p.min_si), abs(p.max_si), 1.0) / p.factor / (p.maximum - p.minimum)


@pytest.mark.parametrize("name", AFFECTED)
def test_cli_rejects_out_of_range_distribution_with_one_line_exit_2(name):
    """``--set 'name={dist="uniform", low=..., high=...}'`` with ``low`` below the minimum by
    1e-6 of the range's magnitude (``-2``/``-1`` for reliability.gpu_failure_rate, the issue-14
    example): one line naming the key, exit 2, nothing on stdout."""
    from orbitcompute.cli.common import invoke

    p = REG[name]
    if name == "reliability.gpu_failure_rate":
        low, high = -2.0, -1.0
    else:
        low, high = p.minimum - _outside(p), p.maximum
    code, out, err = invoke(
        ["compare", "--set", f"{name}={{dist='uniform', low={low!r}, high={high!r}}}"]
    )
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"{name}.low" in lines[0] and "expected a value within" in lines[0]
    assert "Traceback" not in err
