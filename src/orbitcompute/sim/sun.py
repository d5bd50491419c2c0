"""Analytic position of the Sun (low-precision ephemeris) and the Earth-Sun distance.

The Astronomical Almanac's low-precision formulae give the Sun's apparent direction to about
0.01 deg between 1950 and 2050, which is ample for shadow geometry: the solar disc itself is
0.53 deg wide. Directions are in the equatorial frame of date (x to the equinox of date).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import AU, DAY, JD_J2000, JD_UNIX_EPOCH, TT_MINUS_UTC
from orbitcompute.physics import sun as _sun


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

    Parameters
    ----------
    jd_tt : array_like
        Julian date (TT) [d].

    Returns
    -------
    numpy.ndarray
        Mean longitude of the Sun [rad].

    Notes
    -----
    L = 280.460 deg + 0.9856474 deg/d x n, n in days from J2000.0 (Astronomical Almanac).
    The local time of the ascending node of a sun-synchronous orbit is measured from it.
    """
    return _sun.mean_longitude(_days(jd_tt))


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
    # One implementation of the series: orbitcompute.physics.sun (also used by the static model).
    direction = _sun.sun_unit_vector(n)
    distance = _sun.sun_distance(n) * AU
    return direction, distance


def irradiance_ratio(distance: ArrayLike) -> np.ndarray:
    """Solar irradiance relative to its value at 1 AU: (1 AU / distance)^2 [-].

    Parameters
    ----------
    distance : array_like
        Earth-Sun distance [AU].

    Returns
    -------
    numpy.ndarray
        Irradiance over its value at 1 AU [-].
    """
    return (AU / np.asarray(distance, dtype=float)) ** 2
