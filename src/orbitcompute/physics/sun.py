"""Analytic position of the Sun (low precision), good to about 0.01 deg for 1950-2050.

References
----------
U.S. Naval Observatory & HM Nautical Almanac Office, *The Astronomical Almanac*, section C
("Low precision formulas for the Sun"); the same series is in Meeus, *Astronomical
Algorithms*, 2nd ed., ch. 25.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

# Coefficients of the Astronomical Almanac low-precision solar series (degrees, days since J2000).
_L0, _L1 = 280.460, 0.9856474  # mean longitude
_G0, _G1 = 357.528, 0.9856003  # mean anomaly
_C1, _C2 = 1.915, 0.020  # equation of centre
_R0, _R1, _R2 = 1.00014, 0.01671, 0.00014  # distance [AU]
_E0, _E1 = 23.439, -0.0000004  # obliquity of the ecliptic of date
#: Days from J2000.0 (2000-01-01 12:00 TT) to 2026-01-01 00:00 UTC, the model's reference year.
DAYS_J2000_TO_2026 = 9496.5


def mean_longitude(days_since_j2000: ArrayLike) -> np.ndarray:
    """Mean longitude of the Sun (right ascension of the mean Sun) [rad], ``L = 280.460 +
    0.9856474 n`` degrees; local times of sun-synchronous nodes are measured from it.

    Parameters
    ----------
    days_since_j2000 : array_like
        Days since J2000.0 [d].

    Returns
    -------
    numpy.ndarray
        Mean longitude of the Sun [rad], in [0, 2 pi).
    """
    n = np.asarray(days_since_j2000, dtype=float)
    return np.radians(np.mod(_L0 + _L1 * n, 360.0))


def obliquity(days_since_j2000: ArrayLike) -> np.ndarray:
    """Obliquity of the ecliptic of date [rad], ``23.439 - 4e-7 n`` degrees.

    Parameters
    ----------
    days_since_j2000 : array_like
        Days since J2000.0 [d].

    Returns
    -------
    numpy.ndarray
        Obliquity of the ecliptic [rad].
    """
    return np.radians(_E0 + _E1 * np.asarray(days_since_j2000, dtype=float))


def solar_longitude(days_since_j2000: ArrayLike) -> np.ndarray:
    """Apparent ecliptic longitude of the Sun.

    Parameters
    ----------
    days_since_j2000 : array_like
        Time since J2000.0 [day].

    Returns
    -------
    numpy.ndarray
        Ecliptic longitude [rad].

    Notes
    -----
    ``L = 280.460 + 0.9856474 n``, ``g = 357.528 + 0.9856003 n``,
    ``lambda = L + 1.915 sin g + 0.020 sin 2g`` (degrees).
    """
    n = np.asarray(days_since_j2000, dtype=float)
    g = np.radians(_G0 + _G1 * n)
    lam = _L0 + _L1 * n + _C1 * np.sin(g) + _C2 * np.sin(2 * g)
    return np.radians(np.mod(lam, 360.0))


def sun_distance(days_since_j2000: ArrayLike) -> np.ndarray:
    """Earth-Sun distance [AU] (Astronomical Almanac low-precision series).

    Parameters
    ----------
    days_since_j2000 : array_like
        Days since J2000.0 [d].

    Returns
    -------
    numpy.ndarray
        Earth-Sun distance [AU].
    """
    n = np.asarray(days_since_j2000, dtype=float)
    g = np.radians(_G0 + _G1 * n)
    return _R0 - _R1 * np.cos(g) - _R2 * np.cos(2 * g)


def sun_unit_vector(days_since_j2000: ArrayLike) -> np.ndarray:
    """Unit vector to the Sun in the equatorial frame of date, shape ``(..., 3)``.

    Parameters
    ----------
    days_since_j2000 : array_like
        Time since J2000.0 [day].

    Returns
    -------
    numpy.ndarray
        ``(cos lam, cos eps sin lam, sin eps sin lam)`` [-].
    """
    lam = solar_longitude(days_since_j2000)
    eps = obliquity(days_since_j2000)
    return np.stack([np.cos(lam), np.cos(eps) * np.sin(lam), np.sin(eps) * np.sin(lam)], axis=-1)


def sun_declination_right_ascension(days_since_j2000: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Declination and right ascension of the Sun [rad].

    Parameters
    ----------
    days_since_j2000 : array_like
        Days since J2000.0 [d].

    Returns
    -------
    tuple of numpy.ndarray
        Declination and right ascension of the Sun [rad] (Astronomical Almanac low-precision
        series, about 0.01 deg).
    """
    lam = solar_longitude(days_since_j2000)
    eps = obliquity(days_since_j2000)
    dec = np.arcsin(np.sin(eps) * np.sin(lam))
    ra = np.arctan2(np.cos(eps) * np.sin(lam), np.cos(lam))
    return dec, ra
