"""The capacity race arithmetic (economics.buildout).

The SpaceX/xAI statement (Feb 2026): about 100 kW of compute per tonne launched, and 1 Mt a
year to orbit, is 100 GW of compute a year; the same arithmetic must come out of
orbit_additions.
"""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.constants import YEAR
from orbitcompute.economics.buildout import (
    first_reaching,
    ground_additions,
    online_fraction,
    orbit_additions,
)


def test_spacex_xai_claim_100_kw_per_tonne_at_1_mt_is_100_gw_per_year():
    upmass = 1e9 / YEAR  # 1 Mt/yr [kg/s]
    kg_per_w = 1000.0 / 100e3  # 100 kW per tonne
    o = orbit_additions(upmass, 10 * upmass, 1.0, kg_per_w, 1.0)
    assert o["added"] == pytest.approx(100e9, rel=1e-12)  # 100 GW in one year
    assert o["launch_bound"] == 1.0


def test_orbit_takes_the_smaller_limit_times_the_share_and_the_online_fraction():
    o = orbit_additions(
        np.array([1e6, 1e6]) / YEAR, np.array([5e5, 2e6]) / YEAR, 0.5, 0.05, np.array([1.0, 0.5])
    )
    # share 0.5 of 0.5 kt (production) at 50 kg/kW = 5 MW; of 1 kt (launch) x 0.5 online
    np.testing.assert_allclose(o["added"], [5e6, 5e6])
    np.testing.assert_allclose(o["launch_bound"], [0.0, 1.0])


def test_ground_additions_lose_the_transformer_deficit_and_the_pue():
    g = ground_additions(6e9 / YEAR, 2e9 / YEAR, 0.3, 1.2)
    assert g["grid"] == pytest.approx(6e9 * 0.7 / 1.2)
    assert g["added"] == pytest.approx(8e9 * 0.7 / 1.2)


def test_online_fraction_and_first_year():
    years = np.arange(2026.0, 2031.0)
    np.testing.assert_allclose(online_fraction(years, 2026, 2.0), [0, 0, 1, 1, 1])
    np.testing.assert_allclose(online_fraction(years, 2026, 1.5), [0, 0.5, 1, 1, 1])
    cum = np.array([[0.0, 5.0], [1.0, 6.0], [3.0, 7.0], [3.5, 8.0], [9.0, 9.0]])
    got = first_reaching(years, cum, np.array([3.0, 100.0]))
    assert got[0] == 2028.0 and np.isinf(got[1])
