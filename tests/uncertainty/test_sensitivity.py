"""Sobol, Morris and tornado through our wrapper, against analytic results."""

import math

import numpy as np
import pytest

from orbitcompute.analysis.sensitivity import morris_screening, sobol_indices, tornado
from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import load_scenario
from orbitcompute.uncertainty import Distribution

A, B = 7.0, 0.1


def ishigami(c):
    x1, x2, x3 = c["x1"], c["x2"], c["x3"]
    return np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)


def ishigami_indices():
    """Analytic Sobol indices of the Ishigami function with x_i ~ U(-pi, pi).

    Ishigami & Homma (1990), Proc. ISUMA '90, 398-403; Saltelli et al. (2008), Global
    Sensitivity Analysis: The Primer, sec. 4.9 (V, V1, V2, V13 as below).
    """
    pi = math.pi
    v1 = 0.5 * (1 + B * pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def _dists():
    return [Distribution("uniform", f"x{i}", {"low": -math.pi, "high": math.pi}) for i in (1, 2, 3)]


def test_sobol_ishigami_matches_analytic():
    s1, st = ishigami_indices()
    table, runs, nbad = sobol_indices(_dists(), ishigami, n=2**13, seed=1, chunk_size=5000)
    t = table.loc[["x1", "x2", "x3"]]
    assert runs == 2**13 * 5 and nbad == 0
    np.testing.assert_allclose(t["S1"], s1, atol=0.03)
    np.testing.assert_allclose(t["ST"], st, atol=0.03)
    # the bootstrap intervals are honest: the analytic value lies within ~2 half-widths
    assert np.all(np.abs(t["ST"] - st) <= 2 * t["ST_conf"] + 0.005)
    assert list(table.index[:1]) == ["x1"]  # ranked by total index


def test_sobol_rejects_non_power_of_two():
    with pytest.raises(ScenarioError, match="power of 2"):
        sobol_indices(_dists(), ishigami, n=1000)


def test_morris_ranks_linear_model():
    """For y = 3 a + b (a, b uniform on [0, 1]), mu* = 3 * 0.98 and 0.98 (levels on p 1-99 %)."""
    d = [
        Distribution("uniform", "a", {"low": 0, "high": 1}),
        Distribution("uniform", "b", {"low": 0, "high": 1}),
        Distribution("uniform", "c", {"low": 0, "high": 1}),
    ]
    table, _, _ = morris_screening(d, lambda c: 3 * c["a"] + c["b"], n=20, seed=0)
    assert list(table.index) == ["a", "b", "c"]
    np.testing.assert_allclose(table["mu_star"], [3 * 0.98, 0.98, 0.0], atol=1e-9)


def test_tornado_linear_toy_model_swings():
    sc = load_scenario(
        "today",
        [
            'launch.price_per_kg={dist="uniform", low=100, high=1100}',
            'satellite.lifetime={dist="uniform", low=3, high=8}',
        ],
    )

    def model(p):  # ratio = price / 1000 + lifetime [yr] / 10 (toy, to check the plumbing)
        r = np.asarray(p["launch.price_per_kg"]) / 1000 + np.asarray(p["satellite.lifetime"]) / (
            10 * 365.25 * 86400
        )
        return {"ratio": np.atleast_1d(r)}

    table, base, runs = tornado(sc, "ratio", "distribution", model)
    assert runs == 4
    # p5/p95 of U(100, 1100) are 150/1050 -> swing 0.9; of U(3, 8): 3.25/7.75 -> 0.45
    assert table.loc["launch.price_per_kg", "swing"] == pytest.approx(0.9)
    assert table.loc["satellite.lifetime", "swing"] == pytest.approx(0.45)
    assert list(table.index) == ["launch.price_per_kg", "satellite.lifetime"]
    assert base == pytest.approx(3.6 + 0.5)


def test_tornado_full_model_on_preset():
    sc = load_scenario("uncertain-2030")
    table, base, runs = tornado(sc)
    assert len(table) == len(sc.distributions)
    assert (table["swing"].diff().dropna() <= 0).all()
    # cheaper launch lowers the ratio (independent of the model's internals: monotone cost)
    row = table.loc["launch.price_per_kg"]
    assert row["metric_low"] < base < row["metric_high"]
