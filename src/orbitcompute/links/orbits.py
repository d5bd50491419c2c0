"""Minimal vectorized propagator: circular orbits with J2 secular drift, Earth-fixed positions.

``orbitcompute.sim`` did not exist on main when this was written, so the links package carries
this small engine of its own: circular orbits whose node and argument of latitude drift at the
J2 secular rates, rotated into an Earth-fixed frame with the IAU-82 sidereal time. It is good to
tens of seconds in pass timing over a day (checked against skyfield/SGP4 in the tests), which
is what contact windows and latency statistics need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import J2, MU_EARTH, OMEGA_EARTH, R_EARTH, TROPICAL_YEAR

#: WGS-84 flattening [-] (NIMA TR8350.2).
WGS84_FLATTENING = 1.0 / 298.257223563


def mean_motion(semi_major_axis: ArrayLike) -> np.ndarray:
    """Keplerian mean motion sqrt(mu / a^3) [rad/s] for semi-major axis [m]."""
    return np.sqrt(MU_EARTH / np.asarray(semi_major_axis, dtype=float) ** 3)


def j2_rates(semi_major_axis: ArrayLike, inclination: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Secular J2 rates of a circular orbit: node and argument of latitude [rad/s].

    Notes
    -----
    dOmega/dt = -3/2 n J2 (R/a)^2 cos i;
    du/dt = n [1 + 3/2 J2 (R/a)^2 (4 cos^2 i - 1)]  (dM/dt + domega/dt at e = 0).

    References
    ----------
    Vallado, Fundamentals of Astrodynamics and Applications, 4th ed. (2013), eq. 9-41 and 9-42.
    """
    a = np.asarray(semi_major_axis, dtype=float)
    n = mean_motion(a)
    k = 1.5 * J2 * (R_EARTH / a) ** 2
    ci = np.cos(np.asarray(inclination, dtype=float))
    return -n * k * ci, n * (1.0 + k * (4.0 * ci**2 - 1.0))


def sso_inclination(altitude: ArrayLike) -> np.ndarray:
    """Inclination [rad] of a circular sun-synchronous orbit at ``altitude`` [m].

    Notes
    -----
    cos i = -(2 pi / year) / (3/2 n J2 (R/a)^2).

    References
    ----------
    Vallado (2013) sec. 11.4.1, eq. 11-15.
    """
    a = R_EARTH + np.asarray(altitude, dtype=float)
    n = mean_motion(a)
    cos_i = -(2 * np.pi / TROPICAL_YEAR) / (1.5 * n * J2 * (R_EARTH / a) ** 2)
    return np.arccos(np.clip(cos_i, -1.0, 1.0))


def gmst(jd_ut1: ArrayLike) -> np.ndarray:
    """Greenwich mean sidereal time [rad] (IAU-82).

    References
    ----------
    Vallado (2013) eq. 3-47.
    """
    t = (np.asarray(jd_ut1, dtype=float) - 2451545.0) / 36525.0
    sec = 67310.54841 + (876600.0 * 3600 + 8640184.812866) * t + 0.093104 * t**2 - 6.2e-6 * t**3
    return np.mod(np.radians(sec / 240.0), 2 * np.pi)


@dataclass(frozen=True)
class Shell:
    """Circular orbits of a set of satellites.

    Attributes
    ----------
    semi_major_axis : float
        Orbit radius [m].
    inclination : float
        Inclination [rad].
    raan : numpy.ndarray
        Right ascension of the ascending node of each satellite at epoch [rad], shape (N,).
    arg_latitude : numpy.ndarray
        Argument of latitude of each satellite at epoch [rad], shape (N,).
    epoch_jd : float
        Epoch as a Julian date (UT1 ~ UTC here) [day].
    """

    semi_major_axis: float
    inclination: float
    raan: np.ndarray
    arg_latitude: np.ndarray
    epoch_jd: float = 2451545.0

    @property
    def n(self) -> int:
        return int(np.size(self.raan))

    def ecef(self, t: ArrayLike, dtype: type = np.float64) -> np.ndarray:
        """Earth-fixed positions [m], shape t.shape + (N, 3), at ``t`` seconds after epoch."""
        t = np.asarray(t, dtype=float)[..., None]
        raan_dot, u_dot = j2_rates(self.semi_major_axis, self.inclination)
        theta0 = gmst(self.epoch_jd)
        node = (self.raan + raan_dot * t - (theta0 + OMEGA_EARTH * t)).astype(dtype)
        u = (self.arg_latitude + u_dot * t).astype(dtype)
        ci, si = np.cos(self.inclination), np.sin(self.inclination)
        cu, su = np.cos(u), np.sin(u)
        cn, sn = np.cos(node), np.sin(node)
        a = dtype(self.semi_major_axis)
        out = np.empty(u.shape + (3,), dtype=dtype)
        out[..., 0] = a * (cn * cu - sn * su * ci)
        out[..., 1] = a * (sn * cu + cn * su * ci)
        out[..., 2] = a * (su * si)
        return out


def walker_shell(
    altitude: float,
    inclination: float,
    satellites: int,
    planes: int,
    phasing: int = 1,
    epoch_jd: float = 2451545.0,
) -> Shell:
    """A Walker-delta constellation i:T/P/F as a :class:`Shell`.

    Satellites are spread evenly over ``planes`` planes (RAAN 360/P apart) and within each
    plane; plane k is phased by F * 360 / T. When T is not a multiple of P the remainder goes
    to the first planes.

    References
    ----------
    Walker, "Satellite constellations", J. Brit. Interplanet. Soc. 37, 559 (1984).
    """
    satellites, planes = int(satellites), int(max(1, min(planes, satellites)))
    plane = np.arange(satellites) % planes
    slot = np.arange(satellites) // planes
    per_plane = np.bincount(plane, minlength=planes)
    raan = 2 * np.pi * plane / planes
    u = 2 * np.pi * slot / per_plane[plane] + 2 * np.pi * phasing * plane / satellites
    return Shell(R_EARTH + float(altitude), float(inclination), raan, u, float(epoch_jd))


def geodetic_to_ecef(lat: ArrayLike, lon: ArrayLike, height: ArrayLike = 0.0) -> np.ndarray:
    """WGS-84 Earth-fixed position [m] of geodetic latitude/longitude [rad], height [m].

    References
    ----------
    Vallado (2013) eq. 3-14.
    """
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    e2 = WGS84_FLATTENING * (2 - WGS84_FLATTENING)
    n = R_EARTH / np.sqrt(1 - e2 * np.sin(lat) ** 2)
    h = np.asarray(height, dtype=float)
    return np.stack(
        [
            (n + h) * np.cos(lat) * np.cos(lon),
            (n + h) * np.cos(lat) * np.sin(lon),
            (n * (1 - e2) + h) * np.sin(lat),
        ],
        axis=-1,
    )


def up_vector(lat: ArrayLike, lon: ArrayLike) -> np.ndarray:
    """Unit local vertical (geodetic normal), shape (..., 3)."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def elevation(sat_ecef: np.ndarray, site_ecef: np.ndarray, site_up: np.ndarray) -> np.ndarray:
    """Elevation [rad] and range [m] of satellites seen from sites.

    Parameters
    ----------
    sat_ecef : numpy.ndarray
        Satellite positions, shape (..., N, 3) [m].
    site_ecef, site_up : numpy.ndarray
        Site positions [m] and unit up vectors, shape (S, 3).

    Returns
    -------
    elevation, distance : numpy.ndarray
        Shape (..., S, N) [rad], [m].
    """
    rel = sat_ecef[..., None, :, :] - site_ecef[:, None, :]
    dist = np.sqrt(np.einsum("...k,...k->...", rel, rel))
    sin_el = np.einsum("...snk,sk->...sn", rel, site_up) / dist
    return np.arcsin(np.clip(sin_el, -1.0, 1.0)), dist
