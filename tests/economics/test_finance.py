"""Finance functions against numpy-financial and numerical integration."""

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.integrate import quad

from orbitcompute.constants import YEAR
from orbitcompute.economics import finance


@given(r=st.floats(0.001, 0.3), n=st.floats(1, 40))
def test_capital_recovery_equals_numpy_financial_pmt(r, n):
    # numpy-financial: pmt(rate, nper, pv) is the payment that repays pv: CRF = -pmt(r, n, 1).
    assert finance.capital_recovery_factor(r, n * YEAR) == pytest.approx(
        -npf.pmt(r, n, 1.0), rel=1e-9
    )


def test_crf_zero_rate_and_arrays():
    assert finance.capital_recovery_factor(0.0, 5 * YEAR) == pytest.approx(0.2)
    r = np.array([0.05, 0.08, 0.1])
    assert_allclose(finance.capital_recovery_factor(r, 10 * YEAR), -npf.pmt(r, 10, 1.0), rtol=1e-9)


def test_annuity_factor_equals_present_value():
    # npf.pv(rate, nper, pmt): present value of 1 per year for 10 years at 8 %.
    assert finance.annuity_factor(0.08, 10 * YEAR) == pytest.approx(
        -npf.pv(0.08, 10, 1.0), rel=1e-12
    )


def test_construction_financing_is_the_compounded_uniform_spend():
    r, T = 0.08, 3.0
    rho = np.log1p(r)
    integral = quad(lambda t: np.exp(rho * (T - t)) / T, 0, T)[0]
    assert finance.construction_financing_factor(r, T * YEAR) == pytest.approx(integral, rel=1e-9)
    assert finance.construction_financing_factor(0.08, 0.0) == 1.0


def test_visits_pv_factor_sum():
    """Visits at 2 and 4 years of a 5-year life: sum of e^(-rho k T) (direct sum)."""
    r = np.log(1.08) / YEAR
    want = sum(np.exp(-r * k * 2 * YEAR) for k in (1, 2))
    assert_allclose(finance.visits_pv_factor(5 * YEAR, 2 * YEAR, r), want)
    assert finance.visits_pv_factor(5 * YEAR, 0.0, r) == 0.0
