"""Circular-orbit geometry: the one home of the orbit formulas every part of the model uses.

The static model (annual sunlit fraction, longest eclipse), the time-stepped simulation
(:mod:`orbitcompute.sim`) and the link geometry (:mod:`orbitcompute.links`) all take their
orbit geometry from here:

* two-body and J2: :func:`mean_motion`, :func:`semi_major_axis`, :func:`orbital_period`,
  :func:`orbital_speed`,
  :func:`j2_rates` (node and argument of latitude), :func:`nodal_precession_rate`;
* sun-synchronous orbits: :func:`sso_inclination`, :func:`ltan_to_raan`, :func:`raan_to_ltan`;
* constellation layouts: :func:`walker_layout` (Walker delta and star, sun-synchronous plane
  sets through ``raan0`` from :func:`ltan_to_raan`);
* positions and the Sun: :func:`circular_position`, :func:`orbit_normal`,
  :func:`sun_direction_from_longitude`, :func:`beta_angle_from_vectors`, :func:`beta_angle`;
* eclipses: :func:`earth_angular_radius`, :func:`critical_beta`, :func:`eclipse_fraction`
  (cylindrical shadow) and the annual statistics :func:`annual_eclipse_exact` /
  :func:`annual_eclipse`; the conical shadow of the simulation, built on
  :func:`earth_angular_radius`, is :mod:`orbitcompute.sim.shadow`.

All functions take numpy arrays (or scalars) in SI units and broadcast.

References
----------
Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013): eq. 9-41 (J2
secular rates), sec. 11.4.1 (sun-synchronous orbits), sec. 5.3 (shadows). Wertz (ed.),
*Spacecraft Attitude Determination and Control* (1978), sec. 3.5 (beta angle). Walker,
"Satellite constellations", J. Br. Interplanet. Soc. 37 (1984) 559-572.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import DAY, J2, MU_EARTH, OBLIQUITY_J2000, R_EARTH, TROPICAL_YEAR
from orbitcompute.physics.sun import DAYS_J2000_TO_2026, mean_longitude, solar_longitude

TWO_PI = 2.0 * np.pi
#: Rate at which the mean Sun advances in right ascension [rad/s] (one turn per tropical year):
#: the nodal rate of a sun-synchronous orbit.
SUN_MEAN_RATE = TWO_PI / TROPICAL_YEAR


# --------------------------------------------------------------------------------------------
# Two-body motion and J2 secular rates


def mean_motion(semi_major_axis: ArrayLike) -> np.ndarray:
    """Keplerian mean motion.

    Parameters
    ----------
    semi_major_axis : array_like
        Semi-major axis (orbit radius of a circular orbit) [m].

    Returns
    -------
    numpy.ndarray
        Mean motion [rad/s].

    Notes
    -----
    ``n = sqrt(mu / a^3)`` (Kepler's third law, Vallado 2013 eq. 1-27).
    """
    return np.sqrt(MU_EARTH / np.asarray(semi_major_axis, dtype=float) ** 3)


def semi_major_axis(mean_motion_rad_s: ArrayLike) -> np.ndarray:
    """Semi-major axis of an orbit with a given mean motion, the inverse of :func:`mean_motion`.

    Parameters
    ----------
    mean_motion_rad_s : array_like
        Mean motion [rad/s].

    Returns
    -------
    numpy.ndarray
        Semi-major axis [m], ``(mu / n^2)^(1/3)``.
    """
    n = np.asarray(mean_motion_rad_s, dtype=float)
    return (MU_EARTH / n**2) ** (1.0 / 3.0)


def orbital_period(altitude: ArrayLike) -> np.ndarray:
    """Period of a circular orbit.

    Parameters
    ----------
    altitude : array_like
        Altitude above the equatorial radius [m].

    Returns
    -------
    numpy.ndarray
        Period [s], ``2 pi / n = 2 pi sqrt(a^3 / mu)`` with ``a = R + h``.
    """
    return TWO_PI / mean_motion(R_EARTH + np.asarray(altitude, dtype=float))


def orbital_speed(altitude: ArrayLike) -> np.ndarray:
    """Speed on a circular orbit.

    Parameters
    ----------
    altitude : array_like
        Altitude above the equatorial radius [m].

    Returns
    -------
    numpy.ndarray
        Speed [m/s], ``sqrt(mu / a)`` with ``a = R + h``.
    """
    a = R_EARTH + np.asarray(altitude, dtype=float)
    return np.sqrt(MU_EARTH / a)


def j2_rates(semi_major_axis: ArrayLike, inclination: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Secular J2 rates of a circular orbit: node and argument of latitude.

    Parameters
    ----------
    semi_major_axis : array_like
        Mean semi-major axis [m].
    inclination : array_like
        Inclination [rad].

    Returns
    -------
    raan_rate : numpy.ndarray
        Drift of the right ascension of the ascending node [rad/s] (negative for prograde
        orbits).
    arglat_rate : numpy.ndarray
        Rate of the argument of latitude ``u = omega + M`` [rad/s].

    Notes
    -----
    With ``k = 3/2 J2 (R/a)^2`` and ``e = 0``:
    ``dOmega/dt = -n k cos i`` and
    ``du/dt = dM/dt + domega/dt = n [1 + k (4 cos^2 i - 1)]``
    (``dM/dt = n [1 + k (3 cos^2 i - 1) / 2]``, ``domega/dt = n k (5 cos^2 i - 1) / 2``).

    References
    ----------
    Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), eq. 9-41
    (secular rates of the node, the perigee and the mean anomaly), with e = 0.
    """
    a = np.asarray(semi_major_axis, dtype=float)
    n = mean_motion(a)
    k = 1.5 * J2 * (R_EARTH / a) ** 2
    ci = np.cos(np.asarray(inclination, dtype=float))
    return -n * k * ci, n * (1.0 + k * (4.0 * ci**2 - 1.0))


def nodal_precession_rate(altitude: ArrayLike, inclination: ArrayLike) -> np.ndarray:
    """Secular drift of the right ascension of the ascending node due to J2.

    Parameters
    ----------
    altitude : array_like
        Altitude [m].
    inclination : array_like
        Inclination [rad].

    Returns
    -------
    numpy.ndarray
        dRAAN/dt [rad/s] (negative for prograde orbits): the node rate of :func:`j2_rates`
        at ``a = R + h``.
    """
    return j2_rates(R_EARTH + np.asarray(altitude, dtype=float), inclination)[0]


# --------------------------------------------------------------------------------------------
# Sun-synchronous orbits


def sso_inclination(altitude: ArrayLike) -> np.ndarray:
    """Inclination that makes a circular orbit sun-synchronous.

    Parameters
    ----------
    altitude : array_like
        Altitude [m]; above about 5,970 km no sun-synchronous circular orbit exists (NaN).

    Returns
    -------
    numpy.ndarray
        Inclination [rad].

    Notes
    -----
    The node must advance with the mean Sun, ``dOmega/dt = 2 pi / tropical year``
    (0.9856 deg/day), so ``cos i = (2 pi / year) / (-3/2 n J2 (R/a)^2)``, the denominator
    being the J2 node rate of :func:`j2_rates` at ``i = 0``.

    References
    ----------
    Vallado (2013), sec. 11.4.1 (sun-synchronous orbits).
    """
    a = R_EARTH + np.asarray(altitude, dtype=float)
    cos_i = SUN_MEAN_RATE / j2_rates(a, 0.0)[0]
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(cos_i) <= 1, np.arccos(np.clip(cos_i, -1, 1)), np.nan)


def ltan_to_raan(ltan: ArrayLike, mean_sun_ra: ArrayLike) -> np.ndarray:
    """Right ascension of the ascending node of an orbit with a given local time of the node.

    Parameters
    ----------
    ltan : array_like
        Local mean solar time of the ascending node [s] (6 h = 21600 s for dawn-dusk).
    mean_sun_ra : array_like
        Right ascension of the mean Sun [rad] (:func:`orbitcompute.physics.sun.mean_longitude`).

    Returns
    -------
    numpy.ndarray
        RAAN [rad] in [0, 2 pi).

    Notes
    -----
    The node's hour angle from the mean Sun is ``(ltan - 12 h) 2 pi / 24 h``, so
    ``RAAN = RA_mean_sun + (ltan - 12 h) 2 pi / 24 h``. The mean Sun moves uniformly at
    2 pi per tropical year, exactly as a sun-synchronous node does, so the local time of the
    node is a mean solar time that stays constant; the apparent Sun leads or lags it by the
    equation of time (up to about 16 min, 4 deg).

    References
    ----------
    Vallado (2013), sec. 3.5 (solar time) and sec. 11.4.1 (sun-synchronous orbits).
    """
    ra = np.asarray(mean_sun_ra, dtype=float)
    return np.mod(ra + (np.asarray(ltan, dtype=float) - 0.5 * DAY) * (TWO_PI / DAY), TWO_PI)


def raan_to_ltan(raan: ArrayLike, mean_sun_ra: ArrayLike) -> np.ndarray:
    """Local mean solar time of the ascending node, the inverse of :func:`ltan_to_raan`.

    Parameters
    ----------
    raan : array_like
        Right ascension of the ascending node [rad].
    mean_sun_ra : array_like
        Right ascension of the mean Sun [rad].

    Returns
    -------
    numpy.ndarray
        Local time of the ascending node [s] in [0, 24 h).
    """
    hour_angle = np.asarray(raan, dtype=float) - np.asarray(mean_sun_ra, dtype=float)
    return np.mod(0.5 * DAY + hour_angle * (DAY / TWO_PI), DAY)


# --------------------------------------------------------------------------------------------
# Constellation layouts


class WalkerLayout(NamedTuple):
    """Mean elements of a Walker constellation at epoch, one entry per satellite.

    Attributes
    ----------
    raan : numpy.ndarray
        Right ascension of the ascending node [rad] in [0, 2 pi).
    arglat : numpy.ndarray
        Argument of latitude [rad] in [0, 2 pi).
    plane : numpy.ndarray
        Plane index (int).
    slot : numpy.ndarray
        Index within the plane (int).
    """

    raan: np.ndarray
    arglat: np.ndarray
    plane: np.ndarray
    slot: np.ndarray


def walker_layout(
    satellites: int,
    planes: int,
    phasing: int = 1,
    *,
    raan0: float = 0.0,
    raan_spread: float = TWO_PI,
    phase_offset: float = 0.0,
    order: str = "plane",
) -> WalkerLayout:
    """Nodes and phases of a Walker constellation i:T/P/F.

    Parameters
    ----------
    satellites : int
        T, the number of satellites (>= 1).
    planes : int
        P, the number of planes (clipped to 1..T).
    phasing : int
        F, the phasing factor: plane p is shifted by ``2 pi F p / T`` in argument of latitude.
    raan0 : float
        RAAN of plane 0 [rad] (for a sun-synchronous set: :func:`ltan_to_raan`).
    raan_spread : float
        RAAN span over the planes [rad]: 2 pi for a Walker delta, pi for a Walker star.
    phase_offset : float
        Argument of latitude of satellite 0 of plane 0 [rad].
    order : {"plane", "interleaved"}
        Satellite order: plane by plane (satellite ``i`` in plane ``i // S``), or round-robin
        over the planes (satellite ``i`` in plane ``i % P``).

    Returns
    -------
    WalkerLayout
        RAAN and argument of latitude [rad], plane and slot of each satellite.

    Notes
    -----
    ``RAAN_p = raan0 + p * spread / P``; ``u_ps = offset + 2 pi s / S_p + 2 pi F p / T`` with
    ``S_p`` the satellites in plane p. When T is not a multiple of P the remainder goes to the
    first planes (a Walker pattern proper needs T = P S).

    References
    ----------
    Walker, J. G., "Satellite constellations", J. Br. Interplanet. Soc. 37 (1984) 559-572.
    """
    if order not in ("plane", "interleaved"):
        raise ValueError(f"order must be 'plane' or 'interleaved', not {order!r}")
    total = int(satellites)
    n_planes = int(max(1, min(int(planes), total)))
    index = np.arange(total)
    plane, slot = index % n_planes, index // n_planes
    if order == "plane":
        keep = np.lexsort((slot, plane))
        plane, slot = plane[keep], slot[keep]
    per_plane = np.bincount(plane, minlength=n_planes)
    raan = np.mod(raan0 + plane * raan_spread / n_planes, TWO_PI)
    arglat = np.mod(
        phase_offset + TWO_PI * slot / per_plane[plane] + TWO_PI * phasing * plane / total,
        TWO_PI,
    )
    return WalkerLayout(raan, arglat, plane, slot)


# --------------------------------------------------------------------------------------------
# Positions, orbit normal, Sun direction, beta angle


def circular_position(
    radius: ArrayLike, raan: ArrayLike, arglat: ArrayLike, inclination: ArrayLike
) -> np.ndarray:
    """Position on a circular orbit from its node, argument of latitude and inclination.

    Parameters
    ----------
    radius : array_like
        Orbit radius [m].
    raan : array_like
        Longitude of the ascending node in the frame wanted [rad] (the RAAN for an inertial
        frame; RAAN minus the sidereal angle for an Earth-fixed one).
    arglat : array_like
        Argument of latitude [rad].
    inclination : array_like
        Inclination [rad].

    Returns
    -------
    numpy.ndarray
        Position [m], shape ``broadcast(...) + (3,)``. The floating-point type of the inputs
        is kept (float32 angles give a float32 result).

    Notes
    -----
    ``r = a (cos O cos u - sin O sin u cos i, sin O cos u + cos O sin u cos i, sin u sin i)``
    (Vallado 2013, eq. 2-102 with e = 0, u = omega + nu).
    """
    co, so = np.cos(raan), np.sin(raan)
    cu, su = np.cos(arglat), np.sin(arglat)
    ci, si = np.cos(inclination), np.sin(inclination)
    x = co * cu - so * su * ci
    y = so * cu + co * su * ci
    z = su * si
    x, y, z = np.broadcast_arrays(x, y, z)
    return np.stack([x, y, z], axis=-1) * np.asarray(radius)[..., None]


def _normal_components(raan: ArrayLike, inclination: ArrayLike) -> tuple[np.ndarray, ...]:
    om = np.asarray(raan, dtype=float)
    si, ci = np.sin(np.asarray(inclination, dtype=float)), np.cos(inclination)
    return si * np.sin(om), -si * np.cos(om), ci


def _sun_components(solar_longitude_rad: ArrayLike, obliquity: ArrayLike) -> tuple[np.ndarray, ...]:
    lam = np.asarray(solar_longitude_rad, dtype=float)
    eps = np.asarray(obliquity, dtype=float)
    sl = np.sin(lam)
    return np.cos(lam), np.cos(eps) * sl, np.sin(eps) * sl


def _stack(components: tuple[np.ndarray, ...]) -> np.ndarray:
    return np.stack(np.broadcast_arrays(*components), axis=-1)


def _beta_from_sine(sin_beta: np.ndarray) -> np.ndarray:
    return np.arcsin(np.clip(sin_beta, -1.0, 1.0))


def orbit_normal(raan: ArrayLike, inclination: ArrayLike) -> np.ndarray:
    """Unit normal of an orbit plane (direction of the angular momentum).

    Parameters
    ----------
    raan : array_like
        Right ascension of the ascending node [rad].
    inclination : array_like
        Inclination [rad].

    Returns
    -------
    numpy.ndarray
        ``(sin i sin O, -sin i cos O, cos i)`` [-], shape ``broadcast(...) + (3,)``.
    """
    return _stack(_normal_components(raan, inclination))


def sun_direction_from_longitude(
    solar_longitude_rad: ArrayLike, obliquity: ArrayLike = OBLIQUITY_J2000
) -> np.ndarray:
    """Unit vector to the Sun in the equatorial frame from its ecliptic longitude.

    Parameters
    ----------
    solar_longitude_rad : array_like
        Ecliptic longitude of the Sun [rad].
    obliquity : array_like
        Obliquity of the ecliptic [rad] (default: J2000).

    Returns
    -------
    numpy.ndarray
        ``(cos L, cos eps sin L, sin eps sin L)`` [-], shape ``broadcast(...) + (3,)``.
    """
    return _stack(_sun_components(solar_longitude_rad, obliquity))


def beta_angle_from_vectors(sun_direction: ArrayLike, normal: ArrayLike) -> np.ndarray:
    """Beta angle: elevation of the Sun above an orbit plane.

    Parameters
    ----------
    sun_direction : array_like
        Unit vector(s) to the Sun, shape ``(..., 3)`` [-].
    normal : array_like
        Unit orbit normal(s), shape ``(..., 3)`` [-] (:func:`orbit_normal`, or ``r x v``
        normalised for a propagated orbit).

    Returns
    -------
    numpy.ndarray
        Beta angle [rad] in [-pi/2, pi/2], positive on the side of the orbit normal.

    Notes
    -----
    ``sin beta = s . h`` (Wertz 1978, sec. 3.5; Wertz, *Space Mission Engineering: The New
    SMAD*, 2011, sec. 9.4).
    """
    s = np.asarray(sun_direction, dtype=float)
    h = np.asarray(normal, dtype=float)
    return _beta_from_sine(np.sum(s * h, axis=-1))


def beta_angle(
    raan: ArrayLike, inclination: ArrayLike, solar_longitude_rad: ArrayLike
) -> np.ndarray:
    """Beta angle of an orbit given by its elements and the Sun's ecliptic longitude.

    Parameters
    ----------
    raan : array_like
        Right ascension of the ascending node [rad].
    inclination : array_like
        Inclination [rad].
    solar_longitude_rad : array_like
        Ecliptic longitude of the Sun [rad] (obliquity of J2000).

    Returns
    -------
    numpy.ndarray
        Beta angle [rad] in [-pi/2, pi/2], positive on the side of the orbit normal.

    Notes
    -----
    ``sin beta = s . h`` of :func:`sun_direction_from_longitude` and :func:`orbit_normal`
    (as :func:`beta_angle_from_vectors`, component by component so that no 3-vectors are
    stored), i.e.
    ``sin beta = cos L sin O sin i - sin L cos eps cos O sin i + sin L sin eps cos i``.
    """
    n = _normal_components(raan, inclination)
    s = _sun_components(solar_longitude_rad, OBLIQUITY_J2000)
    return _beta_from_sine(n[0] * s[0] + n[1] * s[1] + n[2] * s[2])


# --------------------------------------------------------------------------------------------
# Eclipses (cylindrical shadow)


def earth_angular_radius(radius: ArrayLike) -> np.ndarray:
    """Angular radius of the Earth (a sphere of equatorial radius) seen from a distance.

    Parameters
    ----------
    radius : array_like
        Distance from the Earth's centre [m].

    Returns
    -------
    numpy.ndarray
        ``asin(R / r)`` [rad] (pi/2 at or below the surface).
    """
    return np.arcsin(np.clip(R_EARTH / np.asarray(radius, dtype=float), -1.0, 1.0))


def critical_beta(altitude: ArrayLike) -> np.ndarray:
    """Beta angle above which a circular orbit sees no eclipse.

    Parameters
    ----------
    altitude : array_like
        Altitude [m].

    Returns
    -------
    numpy.ndarray
        ``asin(R / (R + h))`` [rad]: the Earth's angular radius from the orbit
        (:func:`earth_angular_radius`).
    """
    return earth_angular_radius(R_EARTH + np.asarray(altitude, dtype=float))


def eclipse_fraction(altitude: ArrayLike, beta: ArrayLike) -> np.ndarray:
    """Fraction of a circular orbit spent in Earth's shadow (cylindrical shadow model).

    Parameters
    ----------
    altitude : array_like
        Altitude [m].
    beta : array_like
        Beta angle [rad].

    Returns
    -------
    numpy.ndarray
        Eclipse fraction [-], ``acos( sqrt(h^2 + 2 R h) / ((R + h) |cos beta|) ) / pi`` when
        ``|beta| < asin(R / (R + h))``, else 0.

    References
    ----------
    Vallado 4th ed. sec. 5.3; Wertz, *Space Mission Engineering: The New SMAD* (2011),
    sec. 9.4; e.g. 36.1 min of a 92.6 min orbit at 400 km, beta = 0.
    """
    h = np.asarray(altitude, dtype=float)
    b = np.asarray(beta, dtype=float)
    a = R_EARTH + h
    x = np.sqrt(h * h + 2 * R_EARTH * h) / (a * np.abs(np.cos(b)))
    with np.errstate(invalid="ignore"):
        return np.where(x < 1.0, np.arccos(np.minimum(x, 1.0)) / np.pi, 0.0)


# --------------------------------------------------------------------------------------------
# Annual eclipse statistics


#: Days of the reference year sampled for annual statistics (daily resolution).
_YEAR_DAYS = np.arange(365) + 0.5
#: RAAN offsets sampled for non-sun-synchronous orbits (the node drifts through all of them).
_N_RAAN = 48
#: Every n-th day sampled for drifting orbits (their RAAN offsets are averaged anyway).
_DRIFT_DAY_STEP = 5


def _year_longitudes() -> tuple[np.ndarray, np.ndarray]:
    """Ecliptic longitude of the Sun and right ascension of the mean Sun [rad], daily."""
    days = DAYS_J2000_TO_2026 + _YEAR_DAYS
    return solar_longitude(days), mean_longitude(days)


def annual_eclipse_exact(
    altitude: ArrayLike, sun_synchronous: ArrayLike, ltan: ArrayLike, inclination: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Annual sunlit fraction and longest eclipse, by direct daily sampling of the year.

    Parameters
    ----------
    altitude : array_like
        Altitude [m].
    sun_synchronous : array_like
        1 for a sun-synchronous orbit (inclination from :func:`sso_inclination`, node at
        ``ltan``), 0 for a fixed inclination whose node drifts through all local times.
    ltan : array_like
        Local mean solar time of the ascending node [s] (sun-synchronous only).
    inclination : array_like
        Inclination [rad] (non-sun-synchronous only).

    Returns
    -------
    sunlit_fraction : numpy.ndarray
        Mean fraction of time in sunlight over the year [-] (cylindrical shadow).
    longest_eclipse : numpy.ndarray
        Longest single eclipse over the year [s].

    Notes
    -----
    A sun-synchronous orbit keeps its node at a fixed local time, so its beta angle follows
    the Sun's declination through the year: a dawn-dusk orbit (ltan 6 h or 18 h) has
    ``|beta|`` between about 58 and 90 deg and is eclipsed only for weeks around one
    solstice. A drifting orbit sweeps all beta angles, so its annual mean is an average over
    the year and over node positions, and its longest eclipse is the beta = 0 one.
    Memory grows as ``size x 365 x 48``; use :func:`annual_eclipse` for large arrays.
    """
    h, sso, lt, inc = (
        np.asarray(x, dtype=float)[..., None]
        for x in (altitude, sun_synchronous, ltan, inclination)
    )
    lam, ra_mean = _year_longitudes()
    period = orbital_period(h)
    # sun-synchronous: the node keeps its local mean time, one RAAN per day
    i_sso = sso_inclination(h)
    beta_s = beta_angle(ltan_to_raan(lt, ra_mean), i_sso, lam)
    f_s = eclipse_fraction(h, beta_s)
    # drifting: all RAAN offsets relative to the mean Sun, every n-th day
    offsets = np.linspace(0, TWO_PI, _N_RAAN, endpoint=False)
    lam_d, ra_d = lam[::_DRIFT_DAY_STEP], ra_mean[::_DRIFT_DAY_STEP]
    raan = ra_d[:, None] + offsets[None, :]
    beta_d = beta_angle(raan.reshape(-1), inc, np.repeat(lam_d, _N_RAAN))
    f_d = eclipse_fraction(h, beta_d)
    is_sso = sso[..., 0] >= 0.5
    mean_f = np.where(is_sso, f_s.mean(axis=-1), f_d.mean(axis=-1))
    max_f = np.where(is_sso, f_s.max(axis=-1), f_d.max(axis=-1))
    return 1.0 - mean_f, max_f * period[..., 0]


# Interpolation tables for large, varying inputs ------------------------------------------------

_ALT_GRID = np.arange(150e3, 2050e3 + 1, 5e3)
_ALT_GRID_DRIFT = np.arange(150e3, 2050e3 + 1, 20e3)
_LTAN_GRID = np.arange(0, DAY + 1, 300.0)
_INC_GRID = np.radians(np.arange(0, 181, 2.0))


@functools.lru_cache(maxsize=2)
def _table(kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Sunlit fraction and longest eclipse on (altitude x ltan) or (altitude x inclination)."""
    sun, ecl = [], []
    rows = 8 if kind == "sso" else 2
    alt = _ALT_GRID if kind == "sso" else _ALT_GRID_DRIFT
    for start in range(0, len(alt), rows):  # bounded table build in row blocks
        h = alt[start : start + rows, None]
        if kind == "sso":
            s, e = annual_eclipse_exact(h, 1.0, _LTAN_GRID[None, :], 0.0)
        else:
            s, e = annual_eclipse_exact(h, 0.0, 0.0, _INC_GRID[None, :])
        sun.append(s)
        ecl.append(e)
    return np.concatenate(sun), np.concatenate(ecl)


def _bilinear(grid_x: np.ndarray, grid_y: np.ndarray, table: np.ndarray, x, y) -> np.ndarray:
    """Bilinear interpolation on uniform grids (clamped at the edges)."""
    fx = np.clip((x - grid_x[0]) / (grid_x[1] - grid_x[0]), 0, len(grid_x) - 1.000001)
    fy = np.clip((y - grid_y[0]) / (grid_y[1] - grid_y[0]), 0, len(grid_y) - 1.000001)
    ix, iy = fx.astype(int), fy.astype(int)
    tx, ty = fx - ix, fy - iy
    t00, t10 = table[ix, iy], table[ix + 1, iy]
    t01, t11 = table[ix, iy + 1], table[ix + 1, iy + 1]
    return (t00 * (1 - tx) + t10 * tx) * (1 - ty) + (t01 * (1 - tx) + t11 * tx) * ty


def annual_eclipse(
    altitude: ArrayLike, sun_synchronous: ArrayLike, ltan: ArrayLike, inclination: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Annual sunlit fraction [-] and longest eclipse [s] for any array size.

    Uses :func:`annual_eclipse_exact` when the orbit inputs do not vary across the arrays
    (one evaluation, broadcast), and bilinear interpolation in tables built once from
    :func:`annual_eclipse_exact` (10 km x 15 min or 2 deg grids) when they do. The two agree
    to better than 0.1 percentage points (tested).
    """
    h, sso, lt, inc = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (altitude, sun_synchronous, ltan, inclination))
    )
    if h.size == 0:
        return np.zeros(h.shape), np.zeros(h.shape)
    constant = all(np.all(x == x.flat[0]) for x in (h, sso, lt, inc))
    if constant or h.size <= 16:
        if constant:
            s, e = annual_eclipse_exact(h.flat[0], sso.flat[0], lt.flat[0], inc.flat[0])
            return np.full(h.shape, float(s)), np.full(h.shape, float(e))
        return annual_eclipse_exact(h, sso, lt, inc)
    is_sso = sso >= 0.5
    sunlit = np.empty(h.shape)
    longest = np.empty(h.shape)
    for kind, mask, grid_x, grid_y, y in (
        ("sso", is_sso, _ALT_GRID, _LTAN_GRID, lt),
        ("drift", ~is_sso, _ALT_GRID_DRIFT, _INC_GRID, inc),
    ):
        if mask.any():  # two branches, each vectorized over its samples
            s_tab, e_tab = _table(kind)
            sunlit[mask] = _bilinear(grid_x, grid_y, s_tab, h[mask], y[mask])
            longest[mask] = _bilinear(grid_x, grid_y, e_tab, h[mask], y[mask])
    return sunlit, longest
