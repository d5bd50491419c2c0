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


# --------------------------------------------------------------------------------------------
# The shared geometry: J2 rates, LTAN <-> RAAN, Walker layouts, positions, beta angle


def _sky():
    """(timescale, ephemeris) from skyfield with the packaged DE421 file (no network)."""
    import warnings

    skyfield_api = pytest.importorskip("skyfield.api")
    from skyfield_data import get_skyfield_data_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data warns that finals2000A.all is old
        load = skyfield_api.Loader(get_skyfield_data_path(), expire=False)
        return load.timescale(builtin=True), load("de421.bsp")


def test_mean_motion_period_and_j2_rates_are_one_formula():
    # n = sqrt(mu / a^3) (Vallado eq. 1-27); the period is 2 pi / n; the J2 node rate at the
    # sun-synchronous inclination is the mean Sun's 2 pi per tropical year (0.9856 deg/day).
    h = np.array([400e3, 650e3, 1500e3])
    a = R_EARTH + h
    assert_allclose(orbit.mean_motion(a), np.sqrt(MU_EARTH / a**3), rtol=1e-15)
    assert_allclose(orbit.orbital_period(h), 2 * np.pi / orbit.mean_motion(a), rtol=1e-15)
    node, _ = orbit.j2_rates(a, orbit.sso_inclination(h))
    assert_allclose(node, orbit.SUN_MEAN_RATE, rtol=1e-12)
    assert_allclose(orbit.nodal_precession_rate(h, 0.7), orbit.j2_rates(a, 0.7)[0], rtol=0)
    # a polar orbit's node does not drift; the argument of latitude of an equatorial orbit runs
    # faster than n by 3 J2 (R/a)^2 n (Vallado eq. 9-41 with e = 0: dM/dt + domega/dt)
    assert orbit.j2_rates(a, np.pi / 2)[0] == pytest.approx(np.zeros(3), abs=1e-20)
    k = 1.5 * 1.08262668e-3 * (R_EARTH / a) ** 2
    assert_allclose(orbit.j2_rates(a, 0.0)[1], orbit.mean_motion(a) * (1 + 3 * k), rtol=1e-14)


def test_semi_major_axis_inverts_mean_motion_and_earth_angular_radius():
    # The ISS element set of Vallado's SGP4 examples (15.72125391 rev/day): sgp4's own
    # semi-major axis (Brouwer mean motion; Vallado et al., AIAA 2006-6753) within 5 km of
    # Kepler's third law inverted. The Earth's angular radius from 400 km is the critical beta,
    # 70.2 deg (the published figure of test_no_eclipse_above_critical_beta).
    from sgp4.api import Satrec

    a = np.array([6.6e6, 7.0e6, 4.2164e7])
    assert_allclose(orbit.semi_major_axis(orbit.mean_motion(a)), a, rtol=1e-14)
    rec = Satrec.twoline2rv(
        "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927",
        "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537",
    )
    ours = orbit.semi_major_axis(rec.no_kozai / 60.0)
    assert ours / 1e3 == pytest.approx(rec.a * rec.radiusearthkm, abs=5.0)
    assert np.degrees(orbit.earth_angular_radius(R_EARTH + 400e3)) == pytest.approx(70.2, abs=0.1)
    assert orbit.earth_angular_radius(R_EARTH * 0.5) == pytest.approx(np.pi / 2)
    assert_allclose(orbit.critical_beta(400e3), orbit.earth_angular_radius(R_EARTH + 400e3))


def test_sso_inclination_has_no_solution_far_out():
    # cos i = (2 pi / year) / (-3/2 n J2 (R/a)^2) exceeds 1 above about 5,970 km altitude.
    assert np.isnan(orbit.sso_inclination(7000e3))
    assert np.isfinite(orbit.sso_inclination(5900e3))


def test_ltan_is_mean_solar_time_offset_by_the_equation_of_time():
    """An orbit whose node lies on the apparent Sun is at local APPARENT noon; its local mean
    time is 12 h minus the equation of time. Meeus, Astronomical Algorithms, 2nd ed.,
    example 28.b: on 1992 October 13.0 TD the equation of time is +13 min 42.6 s. Apparent
    right ascension of the Sun from skyfield with JPL DE421 (Meeus example 25.a: 198.38 deg)."""
    from orbitcompute.physics.sun import mean_longitude

    ts, eph = _sky()
    jd = 2448908.5
    ra, _, _ = eph["earth"].at(ts.tt_jd(jd)).observe(eph["sun"]).apparent().radec(epoch="date")
    assert ra._degrees == pytest.approx(198.38083, abs=0.01)
    ltan = orbit.raan_to_ltan(np.radians(ra._degrees), mean_longitude(jd - 2451545.0))
    assert 12 * 3600 - ltan == pytest.approx(13 * 60 + 42.6, abs=5.0)  # measured 1.2 s off


def test_ltan_raan_round_trip_and_hour_angle():
    ra_sun = np.radians([0.0, 100.0, 359.0])
    ltan = np.array([6.0, 10.5, 18.0]) * 3600
    raan = orbit.ltan_to_raan(ltan, ra_sun)
    assert_allclose(orbit.raan_to_ltan(raan, ra_sun), ltan, rtol=1e-12)
    # 6 h (dawn) puts the node 90 deg west of the mean Sun; noon on it
    assert np.degrees(raan[0]) == pytest.approx(270.0)
    assert orbit.ltan_to_raan(12 * 3600.0, 1.0) == pytest.approx(1.0)
    assert np.all((raan >= 0) & (raan < 2 * np.pi))


def test_walker_layout_delta_star_and_orders():
    """Walker 53:24/3/1 (Walker 1984): planes 120 deg apart, 45 deg in-plane spacing, 15 deg
    between planes; a Walker star spreads the planes over 180 deg."""
    lay = orbit.walker_layout(24, 3, 1)
    assert_allclose(np.degrees(lay.raan[::8]), [0, 120, 240])
    assert_allclose(np.degrees(lay.arglat[:8]), np.arange(8) * 45.0)
    assert np.degrees(lay.arglat[8]) == pytest.approx(15.0)
    star = orbit.walker_layout(24, 3, 1, raan_spread=np.pi)
    assert_allclose(np.degrees(star.raan[::8]), [0, 60, 120])
    # interleaved order: the same satellites, satellite i in plane i % P
    inter = orbit.walker_layout(24, 3, 1, order="interleaved")
    np.testing.assert_array_equal(inter.plane, np.arange(24) % 3)
    key = np.lexsort((inter.slot, inter.plane))
    assert_allclose(inter.raan[key], lay.raan, atol=1e-15)
    assert_allclose(inter.arglat[key], lay.arglat, atol=1e-15)
    # uneven: 7 satellites on 3 planes -> 3, 2, 2, each plane evenly spaced
    uneven = orbit.walker_layout(7, 3, 0)
    assert np.bincount(uneven.plane).tolist() == [3, 2, 2]
    assert_allclose(np.degrees(uneven.arglat[uneven.plane == 1]), [0.0, 180.0])
    with pytest.raises(ValueError):
        orbit.walker_layout(7, 3, order="random")


def test_position_normal_and_beta_are_consistent():
    # r . h = 0 and |r| = a on the orbit; h = r x v direction (v = dr/du); the element form of
    # beta equals the vector form with the Sun's unit vector.
    rng = np.random.default_rng(3)
    raan, u = rng.uniform(0, 2 * np.pi, (2, 50))
    inc = rng.uniform(0, 3, 50)
    r = orbit.circular_position(7e6, raan, u, inc)
    h = orbit.orbit_normal(raan, inc)
    assert_allclose(np.linalg.norm(r, axis=-1), 7e6, rtol=1e-14)
    assert_allclose(np.sum(r * h, axis=-1), 0.0, atol=1e-6)
    v = orbit.circular_position(7e6, raan, u + np.pi / 2, inc)  # direction of motion
    assert_allclose(np.cross(r, v) / 7e6**2, h, atol=1e-14)
    lam = rng.uniform(0, 2 * np.pi, 50)
    b_el = orbit.beta_angle(raan, inc, lam)
    b_vec = orbit.beta_angle_from_vectors(orbit.sun_direction_from_longitude(lam), h)
    assert_allclose(b_el, b_vec, atol=1e-14)
    assert r.dtype == np.float64
    assert orbit.circular_position(np.float32(7e6), raan.astype(np.float32), u.astype(np.float32),
                                   np.float32(1.0)).dtype == np.float32  # fmt: skip


def test_beta_angle_against_skyfield_and_sgp4():
    """Beta of a 53 deg, 550 km orbit over a year: the angle between the SGP4 orbit normal
    (r x v; Vallado et al., AIAA 2006-6753) and the apparent Sun from skyfield/JPL DE421,
    versus our element formula fed with the same plane (RAAN and inclination of that normal)
    and our low-precision Sun: within 0.02 deg (measured 0.008). With our J2 node drift in
    place of SGP4's, within 0.05 deg over 30 days (measured 0.03; SGP4 adds J4 and Kozai mean
    motion, so the node rates differ by ~1e-4 and the difference grows over the year)."""
    pytest.importorskip("sgp4")
    from sgp4.api import WGS72, Satrec, SatrecArray
    from skyfield.framelib import true_equator_and_equinox_of_date as tod  # ~TEME (< 1")

    from orbitcompute.physics.sun import solar_longitude

    ts, eph = _sky()
    jd0 = 2461041.5  # 2026-01-01
    inc0, raan0 = np.radians(53.0), 1.0
    rec = Satrec()
    rec.sgp4init(WGS72, "i", 1, jd0 - 2433281.5, 0.0, 0.0, 0.0, 1e-7, 0.0, inc0, 0.0,
                 orbit.mean_motion(R_EARTH + 550e3) * 60.0, raan0)  # fmt: skip
    days = np.linspace(0.0, 360.0, 73)
    e, r, v = SatrecArray([rec]).sgp4(np.full(days.shape, jd0), days)
    assert not e.any()
    hn = np.cross(r[0], v[0])
    hn /= np.linalg.norm(hn, axis=-1, keepdims=True)
    t = ts.tt_jd(jd0 + days + 69.184 / 86400)
    sun = eph["earth"].at(t).observe(eph["sun"]).apparent().frame_xyz(tod).km.T
    sun /= np.linalg.norm(sun, axis=-1, keepdims=True)
    ref = np.degrees(orbit.beta_angle_from_vectors(sun, hn))
    lam = solar_longitude(jd0 - 2451545.0 + days)
    raan_sgp4, inc_sgp4 = np.arctan2(hn[:, 0], -hn[:, 1]), np.arccos(hn[:, 2])
    same_plane = np.degrees(orbit.beta_angle(raan_sgp4, inc_sgp4, lam))
    assert np.abs(same_plane - ref).max() < 0.02, np.abs(same_plane - ref).max()
    drift = raan0 + orbit.nodal_precession_rate(550e3, inc0) * days * DAY
    ours = np.degrees(orbit.beta_angle(drift, inc0, lam))
    month = days <= 30
    assert np.abs(ours - ref)[month].max() < 0.05, np.abs(ours - ref)[month].max()
