"""The fused reliability kernels (issue 21) against the numpy formulas and closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.reliability.failures import (
    ERFC_COEFFICIENTS,
    LOG_NODES,
    NODES,
    WEIGHTS,
    capacity_fraction,
    exp_integral,
    survival,
)
from orbitcompute.reliability.kernels import orbit_nodes, quadrature

YEAR = 365.25 * 86400.0
CONSTS = (LOG_NODES, ERFC_COEFFICIENTS)


def _numpy_nodes(x, rate, shape, dose, d50, spread, spares, hot):
    """The same capacity from the tested element functions, one node at a time."""
    tau = np.asarray(x, float)[..., None] * NODES
    s = survival(
        tau,
        np.asarray(rate, float)[..., None],
        np.asarray(shape, float)[..., None],
        np.asarray(dose, float)[..., None],
        np.asarray(d50, float)[..., None],
        np.maximum(np.asarray(spread, float), 1e-12)[..., None],
    )
    return capacity_fraction(s, np.asarray(spares, float)[..., None], np.asarray(hot)[..., None])


def test_orbit_nodes_equals_survival_times_spares_rule():
    rng = np.random.default_rng(3)
    n = 4000
    args = (
        rng.uniform(0.0, 10 * YEAR, n),  # interval [s]
        rng.uniform(0.0, 0.2 / YEAR, n),  # Weibull rate [1/s]
        rng.uniform(0.5, 3.0, n),  # shape
        rng.choice([0.0, 1e-8, 1e-6], n),  # dose rate [Gy/s], 0 = no wear-out
        rng.uniform(100.0, 5000.0, n),  # median tolerated dose [Gy]
        rng.choice([0.0, 0.2, 0.8], n),  # log-normal spread (0 = sharp threshold)
        rng.uniform(-0.1, 0.5, n),  # spares (negative clipped to 0)
        rng.integers(0, 2, n).astype(float),  # hot / cold
    )
    got = orbit_nodes(*args, LOG_NODES, ERFC_COEFFICIENTS)
    ref = _numpy_nodes(*args)
    assert got.shape == (n, NODES.size)
    # the kernel factors the node out of the power and the log (as the numpy chain it replaced
    # did), so agreement is to rounding: 1e-12 relative, 1e-15 absolute on a fraction
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-15)


def test_orbit_nodes_broadcasts_scalars_and_keeps_nan():
    got = orbit_nodes(np.array([YEAR, np.nan]), 0.05 / YEAR, 1.0, 0.0, 1e3, 0.3, 0.0, 0.0, *CONSTS)
    assert got.shape == (2, NODES.size)
    # no wear-out, constant hazard, no spares: S = exp(-rate tau) exactly
    np.testing.assert_allclose(got[0], np.exp(-0.05 * NODES), rtol=1e-14)
    assert np.isnan(got[1]).all()
    assert orbit_nodes(YEAR, 0.0, 1.0, 0.0, 1e3, 0.3, 0.0, 0.0, *CONSTS).shape == (NODES.size,)


@pytest.mark.parametrize(
    ("rate_per_year", "rtol"), [(0.0, 1e-14), (1e-9, 1e-14), (0.07, 1e-13), (0.5, 1e-9)]
)
def test_quadrature_of_a_constant_is_the_discount_integral(rate_per_year, rtol):
    # int_0^L e^(-k t) dt = (1 - e^(-kL)) / k (closed form, exp_integral); the 8-point
    # Gauss-Legendre error grows like (kL)^16 / 16!: ~1e-15 at kL = 1, 4e-10 at kL = 7.5
    life = np.array([1.0, 5.0, 15.0]) * YEAR
    k = rate_per_year / YEAR
    got = quadrature(np.ones((3, NODES.size)), life, k, NODES, WEIGHTS)
    np.testing.assert_allclose(got, exp_integral(k, life), rtol=rtol)


def test_quadrature_is_exact_for_polynomials_undiscounted():
    # int_0^x tau^m dtau = x^(m+1) / (m+1): exact for degree <= 15 with 8 nodes
    x = np.array([2.0, 3.0])
    for m in (0, 3, 7, 15):
        vals = (x[:, None] * NODES) ** m
        np.testing.assert_allclose(
            quadrature(vals, x, 0.0, NODES, WEIGHTS), x ** (m + 1) / (m + 1), rtol=1e-13
        )
