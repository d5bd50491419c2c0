"""Eclipse cycles and battery cycle life against skyfield/SGP4, Kepler and the cited tables."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.constants import DAY, MU_EARTH, R_EARTH, YEAR
from orbitcompute.physics import battery, orbit


def test_equatorial_orbit_is_eclipsed_on_every_revolution():
    # |beta| of an equatorial orbit never exceeds the obliquity (23.4 deg), far below the
    # critical angle asin(R/a) (64 deg at 650 km): N = year / T exactly (Kepler's third law).
    h = np.array([400e3, 650e3, 1200e3])
    period = 2 * np.pi * np.sqrt((R_EARTH + h) ** 3 / MU_EARTH)
    n = [battery.eclipse_cycles_per_year(x, 0.0, 0.0, 0.0) for x in h]
    np.testing.assert_allclose(n, 1.0 / period, rtol=1e-12)
    assert battery.eclipse_cycles_per_year(650e3, 0.0, 0.0, 0.0) * YEAR == pytest.approx(
        YEAR / period[1]
    )


def test_dawn_dusk_650km_sees_about_1250_cycles_not_5500():
    # Issue 15: a 650 km dawn-dusk SSO is eclipsed ~85 days a year (~1,250 cycles), not on
    # every revolution; a noon-midnight SSO at the same altitude is (period 97.7 min).
    dd = battery.eclipse_cycles_per_year(650e3, 1.0, 6 * 3600.0, 0.0) * YEAR
    noon = battery.eclipse_cycles_per_year(650e3, 1.0, 12 * 3600.0, 0.0) * YEAR
    days = battery.eclipsed_share(650e3, 1.0, 6 * 3600.0, 0.0) * 365
    assert 1150 < dd < 1350 and 75 < days < 95
    assert noon == pytest.approx(YEAR / orbit.orbital_period(650e3), rel=1e-9)
    # no eclipse at all high enough (beta of a dawn-dusk orbit stays above 57 deg)
    assert battery.eclipse_cycles_per_year(1400e3, 1.0, 6 * 3600.0, 0.0) == 0.0


def _satrec(alt, inc, raan, epoch_jd):
    from sgp4.api import WGS72, Satrec

    n = np.sqrt(MU_EARTH / (R_EARTH + alt) ** 3) * 60.0  # rad/min
    rec = Satrec()
    rec.sgp4init(WGS72, "i", 1, epoch_jd - 2433281.5, 0.0, 0.0, 0.0, 1e-7, 0.0, inc, 0.0, n, raan)
    return rec


def test_eclipse_days_of_a_dawn_dusk_orbit_match_skyfield_sgp4():
    """Share of days with an eclipse over 2026 within 3 points of skyfield's is_sunlit.

    Reference: the orbit propagated for a year by SGP4 (J2 node drift keeps it sun-synchronous)
    and skyfield ``is_sunlit`` with JPL DE421 (skyfield-data, offline), sampled every 60 s over
    one revolution every fifth day.
    """
    from skyfield.api import EarthSatellite, Loader
    from skyfield_data import get_skyfield_data_path

    from orbitcompute.constants import TT_MINUS_UTC
    from orbitcompute.physics.sun import DAYS_J2000_TO_2026, mean_longitude

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load = Loader(get_skyfield_data_path(), expire=False)
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    alt = 650e3
    jd_tt = 2451545.0 + DAYS_J2000_TO_2026
    raan = float(mean_longitude(DAYS_J2000_TO_2026)) - np.pi / 2  # node at 06:00 local time
    rec = _satrec(alt, float(orbit.sso_inclination(alt)), raan, jd_tt - TT_MINUS_UTC / DAY)
    sat = EarthSatellite.from_satrec(rec, ts)
    period = float(orbit.orbital_period(alt))
    days = np.arange(0.5, 365, 5.0)
    t = (days[:, None] * DAY + np.arange(0, period, 60.0)[None, :]).reshape(-1)
    lit = sat.at(ts.tt_jd(jd_tt + t / DAY)).is_sunlit(eph).reshape(days.size, -1)
    ref = np.mean(~lit.all(axis=1))
    ours = float(battery.eclipsed_share(alt, 1.0, 6 * 3600.0, 0.0))
    assert abs(ours - ref) < 0.03, (ours, ref)


def test_tables_agree_with_exact_share_for_most_orbits():
    rng = np.random.default_rng(3)
    n = 400
    h = rng.uniform(400e3, 1500e3, n)
    sso = rng.integers(0, 2, n).astype(float)
    lt = rng.uniform(0, DAY, n)
    inc = rng.uniform(0, np.pi, n)
    exact = battery.eclipsed_share(h, sso, lt, inc)
    table = battery.eclipse_cycles_per_year(h, sso, lt, inc) * orbit.orbital_period(h)
    err = np.abs(table - exact)
    assert np.percentile(err, 95) < 0.01 and err.max() < 0.2


def test_cycle_life_at_the_cited_points():
    # Saft VES180 specification (ESA ARTES 8): 5 years of LEO cycling at 30 % DoD,
    # 5 x 5,500 = 27,500 cycles; it is also qualified for 15 years of GEO seasons
    # (~90 cycles a year) at 80-90 % DoD, which the curve must allow.
    assert battery.cycle_life(0.30, 0) == pytest.approx(27_500, rel=1e-9)
    assert battery.cycle_life(0.90, 0) > 15 * 90
    # Battery University BU-808 table 2: NMC 2,000 cycles at 20 % DoD, 1,000 at 40 %;
    # LFP 9,000 and 3,000. Log-log between them at 30 %: 2,000 x 1.5^-1 = 1,333.
    np.testing.assert_allclose(battery.cycle_life([0.2, 0.4], 1), [2000, 1000], rtol=1e-9)
    np.testing.assert_allclose(battery.cycle_life([0.2, 0.4], 2), [9000, 3000], rtol=1e-9)
    assert battery.cycle_life(0.3, 1) == pytest.approx(2000 / 1.5, rel=1e-9)


def test_max_depth_of_discharge_for_the_default_orbit():
    # 650 km dawn-dusk, 5 years: ~6,270 cycles allow ~99 % DoD on space cells (vs 30 % for
    # an orbit eclipsed on every revolution: 27,500 cycles).
    n = battery.eclipse_cycles_per_year(650e3, 1.0, 6 * 3600.0, 0.0) * 5 * YEAR
    assert 0.95 < battery.max_depth_of_discharge(n, 0) <= 1.0
    assert battery.max_depth_of_discharge(27_500, 0) == pytest.approx(0.30, rel=1e-9)
    assert battery.max_depth_of_discharge(0.0, 0) == 1.0


@settings(max_examples=60, deadline=None)
@given(factor=st.floats(1.0, 20.0), chem=st.sampled_from([0, 1, 2]))
def test_max_depth_inverts_cycle_life(factor, chem):
    cycles = factor * battery.cycle_life(1.0, chem)  # at least the full-depth cycle life
    dod = battery.max_depth_of_discharge(cycles, chem)
    assert battery.cycle_life(dod, chem) == pytest.approx(cycles, rel=1e-9)
    # deeper than the bound survives fewer cycles than needed
    assert battery.cycle_life(dod * 1.01, chem) < cycles
    # fewer cycles than a full-depth cycle life: the whole capacity may be used
    assert battery.max_depth_of_discharge(battery.cycle_life(1.0, chem) / 2, chem) == 1.0
