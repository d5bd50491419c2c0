"""Experience curves and growth paths (economics.learning) against their definitions.

References: Wright, J. Aeronautical Sciences 3(4):122-128 (1936): an "80 % curve" costs 80 %
after each doubling of cumulative output; the logistic cumulative is checked against numerical
integration (scipy.integrate.quad), an independent computation of the same integral.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from orbitcompute.economics.learning import (
    capped_trend,
    experience_curve,
    learning_exponent,
    logistic_cumulative,
    logistic_rate,
    trend,
)


def test_wright_80_percent_curve():
    # Wright (1936): each doubling of cumulative output costs 0.8 of the one before; the
    # exponent b = -log2(0.8) = 0.321928 (Wright's "b = 0.322").
    assert learning_exponent(0.2) == pytest.approx(0.3219280949, rel=1e-9)
    price = experience_curve(100.0, np.array([1.0, 2.0, 4.0, 8.0, 3.0]), 0.2, 0.0)
    np.testing.assert_allclose(price[:4], [100.0, 80.0, 64.0, 51.2], rtol=1e-12)
    assert price[4] == pytest.approx(100.0 * 3.0**-0.3219280949, rel=1e-9)


def test_floor_learns_only_the_part_above_it():
    # (P0 - F) falls by the learning rate per doubling; the floor stays.
    p = experience_curve(3600.0, np.array([1.0, 2.0, 2.0**20]), 0.2, 30.0)
    assert p[0] == 3600.0  # exactly the anchor at ratio 1
    assert p[1] == pytest.approx(30.0 + 0.8 * 3570.0, rel=1e-12)
    assert 30.0 < p[2] < 30.0 + 3570.0 * 0.8**19.9
    # an anchor below the floor stays where it is; the curve runs backwards before the anchor
    assert experience_curve(20.0, 4.0, 0.2, 30.0) == 20.0
    assert experience_curve(100.0, 0.5, 0.2, 0.0) == pytest.approx(125.0, rel=1e-12)


def test_learning_rate_one_drops_to_the_floor_after_any_growth():
    assert experience_curve(1000.0, 1.5, 1.0, 50.0) == pytest.approx(50.0)
    assert experience_curve(1000.0, 1.0, 1.0, 50.0) == 1000.0


@settings(max_examples=60, deadline=None)
@given(
    lr1=st.floats(0.001, 0.99),
    dlr=st.floats(0.0, 0.5),
    ratio=st.floats(1.0, 1e6),
    floor=st.floats(0.0, 500.0),
)
def test_faster_learning_never_raises_the_price_after_the_anchor(lr1, dlr, ratio, floor):
    lr2 = min(lr1 + dlr, 1.0)
    a = experience_curve(3600.0, ratio, lr1, floor)
    b = experience_curve(3600.0, ratio, lr2, floor)
    assert b <= a + 1e-9 * a
    assert floor - 1e-9 <= b <= 3600.0


@pytest.mark.parametrize("growth", [0.0, 1e-14, 0.05, 0.3, 1.5])
def test_logistic_cumulative_is_the_integral_of_the_rate(growth):
    m0, ceiling, c0 = 2500.0, 300000.0, 6000.0
    for year in (2025.0, 2026.5, 2035.0, 2050.0):
        integral, _ = quad(
            lambda t: float(logistic_rate(t, 2025.0, m0, growth, ceiling)), 2025.0, year
        )
        got = float(logistic_cumulative(year, 2025.0, c0, m0, growth, ceiling))
        assert got == pytest.approx(c0 + integral, rel=1e-9, abs=1e-6)


def test_logistic_rate_starts_at_m0_grows_at_g_and_saturates():
    r = logistic_rate(np.array([2025.0, 2026.0, 2200.0]), 2025.0, 100.0, 0.5, 1e9)
    assert r[0] == pytest.approx(100.0)
    assert r[1] / r[0] == pytest.approx(1.5, rel=1e-6)  # far below the ceiling
    assert r[2] == pytest.approx(1e9, rel=1e-6)
    # a ceiling at or below the start keeps the quantity constant
    flat = logistic_rate(np.array([2025.0, 2040.0]), 2025.0, 100.0, 0.5, 50.0)
    np.testing.assert_allclose(flat, [100.0, 100.0])


def test_trends():
    assert trend(100.0, 0.04, 0.0) == 100.0
    assert trend(100.0, 0.04, 2.0) == pytest.approx(108.16)
    assert trend(100.0, -0.02, -1.0) == pytest.approx(100.0 / 0.98)
    # rising to a ceiling, falling to a floor; an anchor beyond the limit stays put
    assert capped_trend(100.0, 0.1, 50.0, 400.0) == 400.0
    assert capped_trend(6.0, -0.05, 100.0, 2.0) == 2.0
    assert capped_trend(6.0, -0.05, 0.0, 2.0) == 6.0
    assert capped_trend(500.0, 0.1, 10.0, 400.0) == 500.0
