"""Time-to-power value: zero at equal start, grows with delay, matches a direct integral."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from orbitcompute.constants import YEAR
from orbitcompute.ground.timing import delay_cost_function, delay_cost_per_gpu_hour


def test_zero_when_both_start_at_once():
    assert float(delay_cost_per_gpu_hour(0.0, 3.0, 0.08, 10 * YEAR)) == 0.0
    assert float(delay_cost_per_gpu_hour(-2 * YEAR, 3.0, 0.08, 10 * YEAR)) == 0.0


@settings(max_examples=60, deadline=None)
@given(
    d1=st.floats(0, 10),
    dd=st.floats(0.01, 5),
    rate=st.floats(0, 0.3),
    horizon=st.floats(1, 40),
)
def test_grows_with_delay(d1, dd, rate, horizon):
    c = delay_cost_per_gpu_hour(np.array([d1, d1 + dd]) * YEAR, 3.0, rate, horizon * YEAR)
    assert c[1] > c[0] >= 0


def test_matches_direct_present_value_integral():
    # Forgone compute p * G * int_0^D e^(-rho t) dt over delivered G * int_D^(D+L) e^(-rho t) dt
    # (Short et al. 1995, NREL/TP-462-5173, present-value levelizing), by quadrature.
    p, r, D, L = 3.0, 0.08, 3.0, 10.0
    rho = np.log1p(r)
    lost = quad(lambda t: np.exp(-rho * t), 0, D)[0]
    hours = quad(lambda t: np.exp(-rho * t), D, D + L)[0]
    assert float(delay_cost_per_gpu_hour(D * YEAR, p, r, L * YEAR)) == pytest.approx(
        p * lost / hours, rel=1e-10
    )


def test_zero_rate_limit_is_hours_lost_over_life():
    assert float(delay_cost_per_gpu_hour(2 * YEAR, 3.0, 0.0, 10 * YEAR)) == pytest.approx(0.6)


def test_fast_path_equals_general():
    d = np.linspace(-2, 8, 11) * YEAR
    f = delay_cost_function(3.0, 0.07, 12 * YEAR)
    np.testing.assert_allclose(f(d), delay_cost_per_gpu_hour(d, 3.0, 0.07, 12 * YEAR), rtol=1e-12)
