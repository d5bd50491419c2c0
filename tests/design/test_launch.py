"""Launch packing: fairing volume from the user's guide, stowed volume, whole satellites."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.design.launch import satellites_per_launch, stowed_volume
from orbitcompute.registry import registry


def test_falcon_fairing_volume_from_the_users_guide():
    # SpaceX Falcon User's Guide (2021) fig. 5-1: 4.6 m diameter, 6.7 m cylindrical height,
    # 11 m total, 1.45 m at the top: cylinder plus frustum.
    cyl = np.pi * 2.3**2 * 6.7
    frustum = np.pi * (11.0 - 6.7) / 12 * (4.6**2 + 4.6 * 1.45 + 1.45**2)
    assert registry()["launch.fairing_volume"].default == pytest.approx(cyl + frustum, rel=0.01)


def test_stowed_volume_hand_calculation():
    # 3 t body at 500 kg/m^3, 160 kW of array at 40 kW/m^3 (Mikulas et al. 2015), 136 m^2 of
    # radiator panels stacked 5 cm apart: 6 + 4 + 6.8 m^3.
    v = stowed_volume(3000.0, 500.0, 160e3, 40e3, 136.0, 0.05)
    assert v == pytest.approx(6.0 + 4.0 + 6.8, rel=1e-12)


def test_packing_picks_the_binding_limit():
    per, fits, limit = satellites_per_launch(5500.0, 17.0, 14875.0, 92.8)
    assert per == 2 and fits == 2 and limit == 1  # mass: 14,875 / 5,500 = 2.7
    per, fits, limit = satellites_per_launch(1000.0, 30.0, 14875.0, 92.8)
    assert per == 3 and limit == 2  # volume: 92.8 / 30 = 3.1
    per, fits, _ = satellites_per_launch(1000.0, 1.0, 14875.0, 92.8, cap=5)
    assert per == 5 and fits == 14
    per, fits, _ = satellites_per_launch(20000.0, 1.0, 14875.0, 92.8)
    assert per == 0 and fits == 0


@settings(max_examples=200, deadline=None)
@given(
    m=st.floats(10.0, 200_000.0),
    v=st.floats(0.01, 2_000.0),
    cap_m=st.floats(100.0, 250_000.0),
    cap_v=st.floats(1.0, 3_000.0),
    choice=st.integers(0, 50),
)
def test_packing_never_exceeds_mass_or_volume(m, v, cap_m, cap_v, choice):
    per, fits, _ = satellites_per_launch(m, v, cap_m, cap_v, choice)
    assert per * m <= cap_m and per * v <= cap_v
    assert per == int(per) and 0 <= per <= fits
    assert (fits + 1) * m > cap_m or (fits + 1) * v > cap_v  # the next one would not fit
