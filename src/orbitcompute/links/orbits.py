"""Earth-fixed geometry of circular orbits for links: positions, ground sites, elevation.

Circular orbits whose node and argument of latitude drift at the J2 secular rates, rotated into
an Earth-fixed frame with the IAU-82 sidereal time. The orbit formulas (J2 rates, Walker layout,
positions, sun-synchronous inclination) are those of :mod:`orbitcompute.physics.orbit`, shared
with the static model and the simulation; this module adds the Earth rotation and the ground
sites. It is good to tens of seconds in pass timing over a day (checked against skyfield/SGP4 in
the tests), which is what contact windows and latency statistics need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import OMEGA_EARTH, R_EARTH
from orbitcompute.physics.orbit import circular_position, j2_rates, walker_layout

#: WGS-84 flattening [-] (NIMA TR8350.2).
WGS84_FLATTENING = 1.0 / 298.257223563


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
        a, inc = dtype(self.semi_major_axis), dtype(self.inclination)
        return circular_position(a, node, u, inc).astype(dtype, copy=False)


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
    to the first planes. Satellite ``i`` is in plane ``i % P``
    (:func:`orbitcompute.physics.orbit.walker_layout`, ``order="interleaved"``).

    References
    ----------
    Walker, "Satellite constellations", J. Brit. Interplanet. Soc. 37, 559 (1984).
    """
    lay = walker_layout(int(satellites), int(planes), phasing, order="interleaved")
    a = R_EARTH + float(altitude)
    return Shell(a, float(inclination), lay.raan, lay.arglat, float(epoch_jd))


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
