"""Orbit geometry against textbook formulas, published figures and skyfield."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from orbitcompute.constants import DAY, MU_EARTH, R_EARTH
from orbitcompute.physics import orbit
from orbitcompute.physics.sun import sun_declination_right_ascension


def test_period_and_eclipse_at_400km_beta0_matches_published_36_1_min():
    # shared/REFERENCE.md: 400 km, beta 0, cylindrical shadow -> 92.6 min period, 36.1 min eclipse
    # (matches the published 36.1 min figure).
    period = orbit.orbital_period(400e3)
    assert period / 60 == pytest.approx(92.6, abs=0.05)
    assert orbit.eclipse_fraction(400e3, 0.0) * period / 60 == pytest.approx(36.1, abs=0.05)


@pytest.mark.parametrize(
    ("alt_km", "period_min", "eclipse_min"), [(550, 95.7, 35.6), (800, 100.9, 35.1)]
)
def test_eclipse_table_from_reference(alt_km, period_min, eclipse_min):
    # shared/REFERENCE.md "Orbits": 550 km -> 95.7 / 35.6 min; 800 km -> 100.9 / 35.1 min.
    p = orbit.orbital_period(alt_km * 1e3)
    assert p / 60 == pytest.approx(period_min, abs=0.06)
    assert orbit.eclipse_fraction(alt_km * 1e3, 0.0) * p / 60 == pytest.approx(
        eclipse_min, abs=0.06
    )


@pytest.mark.parametrize(("alt_km", "beta_deg"), [(400, 70.2), (550, 67.0)])
def test_no_eclipse_above_critical_beta(alt_km, beta_deg):
    # shared/REFERENCE.md: no eclipse above beta ~ 70.2 deg (400 km), 67.0 deg (550 km).
    assert np.degrees(orbit.critical_beta(alt_km * 1e3)) == pytest.approx(beta_deg, abs=0.1)
    assert orbit.eclipse_fraction(alt_km * 1e3, np.radians(beta_deg + 0.2)) == 0.0
    assert orbit.eclipse_fraction(alt_km * 1e3, np.radians(beta_deg - 1.0)) > 0.0


def test_period_is_keplers_third_law_scalar_and_array():
    # Kepler's third law T = 2 pi sqrt(a^3/mu) (Vallado eq. 1-27), scalar and array alike.
    h = np.array([300e3, 700e3, 1200e3])
    expected = 2 * np.pi * np.sqrt((R_EARTH + h) ** 3 / MU_EARTH)
    assert_allclose(orbit.orbital_period(h), expected, rtol=1e-14)
    assert_allclose(orbit.orbital_period(h[1]), expected[1], rtol=1e-14)


def test_sun_synchronous_inclination_and_drift():
    # Vallado 4th ed. example 11-? / Wertz SMAD fig. 6-? : SSO at 800 km is ~98.6 deg;
    # the node then precesses 360 deg per tropical year = 0.9856 deg/day (REFERENCE.md).
    assert np.degrees(orbit.sso_inclination(800e3)) == pytest.approx(98.6, abs=0.05)
    h = np.array([400e3, 650e3, 1000e3])
    rate = orbit.nodal_precession_rate(h, orbit.sso_inclination(h))
    assert_allclose(np.degrees(rate) * DAY, 0.9856, rtol=1e-3)


def test_sun_position_against_skyfield():
    # Low-precision series vs skyfield with the JPL DE421 ephemeris (skyfield-data, offline):
    # declination and right ascension within 0.02 deg.
    skyfield_api = pytest.importorskip("skyfield.api")
    from skyfield_data import get_skyfield_data_path

    load = skyfield_api.Loader(get_skyfield_data_path())
    ts = load.timescale(builtin=True)
    eph = load("de421.bsp")
    days = np.array([0.0, 45.3, 100.0, 172.5, 250.1, 355.0])
    t = ts.tt_jd(2451545.0 + 9496.5 + days)
    ra, dec, _ = eph["earth"].at(t).observe(eph["sun"]).apparent().radec(epoch="date")
    our_dec, our_ra = sun_declination_right_ascension(9496.5 + days)
    assert_allclose(np.degrees(our_dec), dec.degrees, atol=0.02)
    diff = (np.degrees(our_ra) - ra._degrees + 180) % 360 - 180
    assert np.abs(diff).max() < 0.05


def test_dawn_dusk_orbit_is_not_beta_zero():
    # A 650 km dawn-dusk SSO is sunlit almost all year; eclipses only around one solstice,
    # up to ~20 min per orbit at ~680 km (Hinode, REFERENCE.md) -- not the 35 min of beta 0.
    sunlit, longest = orbit.annual_eclipse_exact(650e3, 1.0, 6 * 3600.0, 0.0)
    assert sunlit > 0.95
    assert 10 * 60 < longest < 22 * 60
    beta0 = orbit.eclipse_fraction(650e3, 0.0)
    assert 1 - sunlit < beta0 / 3
    # a noon-midnight SSO is eclipsed on every orbit
    sunlit_noon, _ = orbit.annual_eclipse_exact(650e3, 1.0, 12 * 3600.0, 0.0)
    assert sunlit_noon < 0.7


def test_drifting_orbit_longest_eclipse_is_beta_zero():
    # A drifting 53 deg orbit passes through beta = 0, so its longest eclipse is the beta-0 one.
    _, longest = orbit.annual_eclipse_exact(550e3, 0.0, 0.0, np.radians(53))
    expected = orbit.eclipse_fraction(550e3, 0.0) * orbit.orbital_period(550e3)
    assert longest == pytest.approx(expected, rel=2e-3)


def test_interpolated_tables_match_exact_within_half_a_point():
    rng = np.random.default_rng(7)
    n = 64
    h = rng.uniform(300e3, 1800e3, n)
    kind = rng.integers(0, 2, n).astype(float)
    lt = rng.uniform(0, DAY, n)
    inc = rng.uniform(0, np.pi, n)
    s_tab, e_tab = orbit.annual_eclipse(np.tile(h, 1), kind, lt, inc)
    s_ex, e_ex = orbit.annual_eclipse_exact(h, kind, lt, inc)
    assert np.abs(s_tab - s_ex).max() < 0.005
    assert np.abs(e_tab - e_ex).max() < 60.0


def test_annual_eclipse_constant_inputs_use_exact_values():
    s1, e1 = orbit.annual_eclipse(np.full(5000, 650e3), 1.0, 21600.0, 0.0)
    s0, e0 = orbit.annual_eclipse_exact(650e3, 1.0, 21600.0, 0.0)
    assert np.all(s1 == s0) and np.all(e1 == e0)
