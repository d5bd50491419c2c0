"""Failure processes: survival, calibration, spares, discounted capacity, Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.integrate import quad
from scipy.linalg import expm

from orbitcompute.constants import DAY, YEAR
from orbitcompute.registry import registry
from orbitcompute.reliability.failures import (
    calibrate_failure_rate,
    capacity_fraction,
    discounted_mean,
    dose_survival,
    exp_integral,
    expected_active_hot,
    simulate_fleet,
    survival,
    weibull_survival,
)

LAM = 0.09 / YEAR  # about the Llama 3 rate, per second
TIMES = np.array([0.5, 1.0, 2.0, 3.0, 5.0]) * YEAR


def test_shape_one_is_exactly_exponential():
    t = np.linspace(0.0, 10 * YEAR, 101)
    lam = np.array([1e-10, LAM, 5 * LAM])[:, None]
    assert_array_equal(weibull_survival(t, lam, 1.0), np.exp(-lam * t))


def test_weibull_matches_scipy():
    # independent reference: scipy.stats.weibull_min with scale 1/rate
    from scipy.stats import weibull_min

    for k in (0.6, 1.0, 2.5):
        assert_allclose(weibull_survival(TIMES, LAM, k), weibull_min.sf(TIMES, k, scale=1 / LAM))


def test_llama3_calibration():
    """Meta, The Llama 3 Herd of Models (2024), sec. 3.3.4, table 5: 148 faulty-GPU and 72 HBM3
    interruptions in a 54-day snapshot on 16,384 H100 GPUs."""
    rate = calibrate_failure_rate(148 + 72, 16384, 54 * DAY)
    per_year = float(rate * YEAR)
    assert per_year == pytest.approx(220 / 16384 / 54 * 365.25, rel=1e-12)
    assert 0.089 < per_year < 0.092
    default = registry()["reliability.gpu_failure_rate"].default_si
    assert default == pytest.approx(float(rate), rel=0.01)


def test_dose_survival_threshold_and_median():
    assert_allclose(dose_survival(100.0, 100.0, 0.5), 0.5)
    assert_array_equal(dose_survival([50.0, 150.0], 100.0, 0.0), [1.0, 0.0])


def _se_ok(samples: np.ndarray, expected: np.ndarray, k: float = 4.0) -> None:
    """Monte Carlo mean within k standard errors of the closed form.

    With k = 4 a correct model fails a point with probability 6e-5 (normal approximation, valid
    here: thousands of independent pools); the seed is fixed, so the test is deterministic.
    The standard error floor 1e-9 only covers points where every sample is identical.
    """
    mean = samples.mean(axis=0)
    se = np.maximum(samples.std(axis=0, ddof=1) / np.sqrt(samples.shape[0]), 1e-9)
    assert np.all(np.abs(mean - expected) <= k * se), (mean, expected, se)


def test_monte_carlo_no_spares_weibull_with_dose():
    kw = dict(dose_rate=300.0 / (4 * YEAR), tolerated_dose=300.0, dose_spread=0.5)
    mc = simulate_fleet(TIMES, 40, 0, LAM, 0.7, hot=True, n_samples=4000, seed=3, **kw)
    closed = 40 * survival(TIMES, LAM, 0.7, kw["dose_rate"], 300.0, 0.5)
    _se_ok(mc, closed)


def test_monte_carlo_hot_spares_exact_binomial():
    n, c = 50, 6
    mc = simulate_fleet(TIMES, n, c, 2 * LAM, 1.3, hot=True, n_samples=4000, seed=7)
    closed = expected_active_hot(n, c, weibull_survival(TIMES, 2 * LAM, 1.3))
    _se_ok(mc, closed)


def _cold_exponential_exact(n: int, c: int, lam: float, t: np.ndarray) -> np.ndarray:
    """Exact E[active] for cold spares and constant hazard: a pure-death Markov chain on the
    number of failures j (rate n lam while spares remain, then lam (n + c - j)), solved with
    the matrix exponential of its generator (Kolmogorov forward equations; S. Ross,
    Introduction to Probability Models, 11th ed., sec. 6.4)."""
    m = n + c
    q = np.zeros((m + 1, m + 1))
    for j in range(m):
        rate = lam * min(n, m - j)
        q[j, j], q[j, j + 1] = -rate, rate
    active = np.array([min(n, m - j) for j in range(m + 1)], float)
    p0 = np.zeros(m + 1)
    p0[0] = 1.0
    return np.array([p0 @ expm(q * ti) @ active for ti in t])


def test_monte_carlo_cold_spares_exact_chain():
    n, c = 40, 4
    mc = simulate_fleet(TIMES, n, c, 2 * LAM, 1.0, hot=False, n_samples=4000, seed=11)
    _se_ok(mc, _cold_exponential_exact(n, c, 2 * LAM, TIMES))


def test_fluid_limit_matches_exact_large_fleet():
    n, s = 2000, 0.08
    surv = weibull_survival(TIMES, LAM)
    hot = expected_active_hot(n, int(n * s), surv) / n
    assert_allclose(capacity_fraction(surv, s, 1), hot, atol=0.01)
    cold = _cold_exponential_exact(400, 32, LAM, TIMES) / 400
    assert_allclose(capacity_fraction(surv, 0.08, 0), cold, atol=0.02)


def test_monte_carlo_deterministic_seed():
    a = simulate_fleet(TIMES, 10, 2, LAM, hot=False, n_samples=50, seed=5)
    b = simulate_fleet(TIMES, 10, 2, LAM, hot=False, n_samples=50, seed=5)
    assert_array_equal(a, b)


def test_spares_order():
    surv = weibull_survival(TIMES, LAM)
    none = capacity_fraction(surv, 0.0, 0)
    hot = capacity_fraction(surv, 0.1, 1)
    cold = capacity_fraction(surv, 0.1, 0)
    assert np.all(none <= hot) and np.all(hot <= cold) and np.all(cold <= 1.0)


def _exp_cap(tau, lam):
    return np.exp(-lam * tau)


def test_discounted_mean_exponential_analytic():
    """int_0^L e^-(lam+rho)t dt / int_0^L e^-rho t dt (elementary integrals)."""
    rho = np.log(1.08) / YEAR
    life = 5 * YEAR
    lam = np.array([0.0, LAM, 0.3 / YEAR])
    got = discounted_mean(_exp_cap, (lam,), life, rho)
    want = (1 - np.exp(-(lam + rho) * life)) / (lam + rho) / ((1 - np.exp(-rho * life)) / rho)
    assert_allclose(got, want, rtol=1e-10)


def test_discounted_mean_with_servicing_analytic():
    """Saw-tooth profile restored every T: sum over cycles of the same elementary integral."""
    rho, life, per = np.log(1.08) / YEAR, 5 * YEAR, 2 * YEAR
    got = discounted_mean(_exp_cap, (LAM,), life, rho, per)
    pv = sum(
        np.exp(-rho * a) * (1 - np.exp(-(LAM + rho) * (b - a))) / (LAM + rho)
        for a, b in ((0, per), (per, 2 * per), (2 * per, life))
    )
    assert_allclose(got, pv / ((1 - np.exp(-rho * life)) / rho), rtol=1e-10)


def test_servicing_interval_to_infinity_equals_none():
    rho, life = np.log(1.08) / YEAR, 5 * YEAR
    none = discounted_mean(_exp_cap, (LAM,), life, rho, np.inf)
    for per in (1e3 * YEAR, 1e9 * YEAR):
        assert_allclose(discounted_mean(_exp_cap, (LAM,), life, rho, per), none, rtol=1e-12)
    # and servicing never makes things worse
    assert discounted_mean(_exp_cap, (LAM,), life, rho, 1 * YEAR) > none


def test_discounted_mean_broadcasts():
    lam = np.array([LAM, 2 * LAM])[:, None]
    life = np.array([3.0, 5.0, 7.0]) * YEAR
    out = discounted_mean(
        _exp_cap, (lam,), life, 0.05 / YEAR, np.array([np.inf, 2 * YEAR])[:, None]
    )
    assert out.shape == (2, 3)
    assert np.all((out > 0) & (out <= 1))


def test_quadrature_accuracy_with_spare_kink():
    """8-point Gauss-Legendre against a 200,001-point trapezoid rule (numpy) for a profile with
    a kink (cold spares run out where e^s S(t) = 1): the kink limits the order of the rule, so
    we allow 0.5 % (measured: see the assertion message)."""
    rho, life = np.log1p(0.08) / YEAR, 5 * YEAR

    def cap(tau):
        return capacity_fraction(survival(tau, 2 * LAM, 1.0, 3e-7, 300.0, 0.5), 0.1, 0)

    got = discounted_mean(lambda t: cap(t), (), life, rho)
    t = np.linspace(0.0, life, 200_001)
    trap = getattr(np, "trapezoid", getattr(np, "trapz", None))
    want = trap(cap(t) * np.exp(-rho * t), t) / trap(np.exp(-rho * t), t)
    assert got == pytest.approx(want, rel=5e-3), (got, want, got / want - 1)


def test_ndtr_matches_scipy():
    """The scipy-free normal CDF against scipy.special.ndtr (Abramowitz & Stegun 7.1.26: absolute
    error of erf below 1.5e-7, so below 7.5e-8 for Phi)."""
    from scipy.special import ndtr as scipy_ndtr

    from orbitcompute.reliability.failures import ndtr

    x = np.linspace(-12, 12, 4001)
    assert_allclose(ndtr(x), scipy_ndtr(x), rtol=0, atol=7.5e-8)
    assert ndtr(np.float64(0.3)).shape == ()


@pytest.mark.parametrize(("k", "L"), [(0.17, 5.0), (0.0, 5.0), (1e-15, 7.0), (3.0, 0.5)])
def test_exp_integral_against_quadrature(k, L):
    """``int_0^L e^(-k t) dt`` against scipy's adaptive quadrature (QUADPACK)."""
    want = quad(lambda t: np.exp(-k / YEAR * t), 0, L * YEAR)[0]
    assert exp_integral(k / YEAR, L * YEAR) == pytest.approx(want, rel=1e-9)
