"""Analytic position of the Sun (low-precision ephemeris) and the Earth-Sun distance.

The Astronomical Almanac's low-precision formulae give the Sun's apparent direction to about
0.01 deg between 1950 and 2050, which is ample for shadow geometry: the solar disc itself is
0.53 deg wide. Directions are in the equatorial frame of date (x to the equinox of date).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import AU, DAY, JD_J2000, JD_UNIX_EPOCH, TT_MINUS_UTC

# Coefficients of the Astronomical Almanac low-precision solar ephemeris (degrees, AU, days
# from J2000.0). They are part of the published formula, not model parameters.
_L0, _L1 = 280.460, 0.9856474  # mean longitude (aberration included)
_G0, _G1 = 357.528, 0.9856003  # mean anomaly
_C1, _C2 = 1.915, 0.020  # equation of centre
_E0, _E1 = 23.439, -0.0000004  # obliquity of the ecliptic
_R0, _R1, _R2 = 1.00014, -0.01671, -0.00014  # distance [AU]


def datetime64_to_jd_tt(time: ArrayLike) -> np.ndarray:
    """Julian date (TT) of UTC timestamps.

    Parameters
    ----------
    time : array_like of numpy.datetime64
        UTC instants.

    Returns
    -------
    numpy.ndarray
        Julian date on the TT scale [d].
    """
    t = np.asarray(time, dtype="datetime64[ns]")
    unix_s = t.astype("int64") / 1e9
    return JD_UNIX_EPOCH + (unix_s + TT_MINUS_UTC) / DAY


def _days(jd_tt: ArrayLike) -> np.ndarray:
    return np.asarray(jd_tt, dtype=float) - JD_J2000


def sun_mean_longitude(jd_tt: ArrayLike) -> np.ndarray:
    """Mean longitude of the Sun, i.e. right ascension of the mean Sun [rad].

    Notes
    -----
    L = 280.460 deg + 0.9856474 deg/d x n, n in days from J2000.0 (Astronomical Almanac).
    The local time of the ascending node of a sun-synchronous orbit is measured from it.
    """
    return np.deg2rad(np.mod(_L0 + _L1 * _days(jd_tt), 360.0))


def sun_position(jd_tt: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Unit vector towards the Sun and Earth-Sun distance.

    Parameters
    ----------
    jd_tt : array_like
        Julian date (TT) [d].

    Returns
    -------
    direction : numpy.ndarray
        Unit vector(s) from the Earth's centre to the Sun, shape ``(..., 3)``, equatorial frame
        of date [-].
    distance : numpy.ndarray
        Earth-Sun distance [m].

    Notes
    -----
    With n the days from J2000.0: g = 357.528 + 0.9856003 n, lambda = L + 1.915 sin g +
    0.020 sin 2g, epsilon = 23.439 - 4e-7 n (degrees), R = 1.00014 - 0.01671 cos g -
    0.00014 cos 2g [AU]; direction (cos lambda, cos epsilon sin lambda, sin epsilon sin lambda).
    Accuracy about 0.01 deg in direction for 1950-2050.

    References
    ----------
    The Astronomical Almanac, section C "Low-precision formulas for the Sun" (US Naval
    Observatory / HM Nautical Almanac Office); also Meeus, Astronomical Algorithms, ch. 25.
    """
    n = _days(jd_tt)
    g = np.deg2rad(np.mod(_G0 + _G1 * n, 360.0))
    lam = np.deg2rad(np.mod(_L0 + _L1 * n, 360.0)) + np.deg2rad(
        _C1 * np.sin(g) + _C2 * np.sin(2.0 * g)
    )
    eps = np.deg2rad(_E0 + _E1 * n)
    cl, sl = np.cos(lam), np.sin(lam)
    direction = np.stack([cl, np.cos(eps) * sl, np.sin(eps) * sl], axis=-1)
    distance = (_R0 + _R1 * np.cos(g) + _R2 * np.cos(2.0 * g)) * AU
    return direction, distance


def irradiance_ratio(distance: ArrayLike) -> np.ndarray:
    """Solar irradiance relative to its value at 1 AU: (1 AU / distance)^2 [-]."""
    return (AU / np.asarray(distance, dtype=float)) ** 2
