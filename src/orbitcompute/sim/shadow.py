"""Earth's shadow: conical umbra and penumbra with the illuminated fraction of the solar disc.

The Sun and the Earth are seen from the satellite as two discs of angular radii rho_s and
rho_e, their centres theta apart. The satellite is fully lit when theta >= rho_e + rho_s, in
umbra when theta <= rho_e - rho_s, and in penumbra in between, where the lit fraction is one
minus the overlap area of the two discs over the area of the solar disc. This is the conical
shadow model of Montenbruck & Gill; a cylindrical shadow would miss the penumbra (about 10-20 s
per eclipse in LEO) and the slight narrowing of the umbra.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import R_EARTH, R_SUN


def disc_overlap_lit_fraction(theta: ArrayLike, rho_s: ArrayLike, rho_e: ArrayLike) -> np.ndarray:
    """Visible fraction of the solar disc partly hidden by the Earth's disc.

    Parameters
    ----------
    theta : array_like
        Angular separation of the centres of the Sun and the Earth seen from the satellite [rad].
    rho_s, rho_e : array_like
        Apparent angular radii of the Sun and the Earth [rad].

    Returns
    -------
    numpy.ndarray
        Lit fraction in [0, 1] [-].

    Notes
    -----
    x = (c^2 + a^2 - b^2) / (2c), y = sqrt(a^2 - x^2),
    A = a^2 acos(x/a) + b^2 acos((c - x)/b) - c y, fraction = 1 - A / (pi a^2),
    with a = rho_s, b = rho_e, c = theta (valid for rho_e > rho_s, always true in Earth orbit).

    References
    ----------
    Montenbruck, O. & Gill, E., Satellite Orbits: Models, Methods and Applications,
    Springer 2000, sec. 3.4.2 (conical shadow model), eqs. 3.85-3.87.
    """
    c = np.asarray(theta, dtype=float)
    a = np.asarray(rho_s, dtype=float)
    b = np.asarray(rho_e, dtype=float)
    c, a, b = np.broadcast_arrays(c, a, b)
    out = np.ones(c.shape)
    umbra = c <= b - a
    part = ~umbra & (c < a + b)
    out[umbra] = 0.0
    if np.any(part):
        cc, aa, bb = c[part], a[part], b[part]
        x = (cc**2 + aa**2 - bb**2) / (2.0 * cc)
        y = np.sqrt(np.clip(aa**2 - x**2, 0.0, None))
        area = (
            aa**2 * np.arccos(np.clip(x / aa, -1.0, 1.0))
            + bb**2 * np.arccos(np.clip((cc - x) / bb, -1.0, 1.0))
            - cc * y
        )
        out[part] = np.clip(1.0 - area / (np.pi * aa**2), 0.0, 1.0)
    return out


def illuminated_fraction(
    cos_psi: ArrayLike, radius: ArrayLike, sun_distance: ArrayLike, dtype: type = np.float32
) -> np.ndarray:
    """Fraction of the solar disc visible from a satellite (1 = full Sun, 0 = umbra).

    Parameters
    ----------
    cos_psi : array_like
        Cosine of the angle between the satellite and the Sun seen from the Earth's centre [-].
    radius : array_like
        Distance of the satellite from the Earth's centre [m].
    sun_distance : array_like
        Earth-Sun distance [m].
    dtype : numpy dtype
        Working precision of the bulk test (float32 is ample; partial cases use float64).

    Returns
    -------
    numpy.ndarray
        Illuminated fraction [-], shape of the broadcast inputs.

    Notes
    -----
    With q = r/d, cos theta = (q - cos psi) / sqrt(1 - 2 q cos psi + q^2) is the cosine of the
    Sun-Earth separation seen from the satellite; rho_e = asin(R_E / r) and
    rho_s = asin(R_sun / d). Thresholds are compared on cosines, so only penumbra points need
    inverse trigonometry. The Earth is a sphere of equatorial radius (as in skyfield's
    ``is_sunlit``); the atmosphere is not modelled.
    """
    cos_psi = np.asarray(cos_psi)
    r = np.asarray(radius, dtype=float)
    d = np.asarray(sun_distance, dtype=float)
    rho_e = np.arcsin(np.clip(R_EARTH / r, -1.0, 1.0))
    rho_s = np.arcsin(R_SUN / d)
    ce, se = np.cos(rho_e), np.sin(rho_e)
    cs, ss = np.cos(rho_s), np.sin(rho_s)
    c_out = (ce * cs - se * ss).astype(dtype)  # cos(rho_e + rho_s): fully lit below
    c_in = (ce * cs + se * ss).astype(dtype)  # cos(rho_e - rho_s): umbra above
    q = (r / d).astype(dtype)
    cp = cos_psi.astype(dtype, copy=False)
    cos_theta = (q - cp) / np.sqrt(1 - 2 * q * cp + q * q)
    lit = (cos_theta <= c_out).astype(dtype)
    part = (cos_theta > c_out) & (cos_theta < c_in)
    if np.any(part):
        idx = np.nonzero(part)
        shape = cos_theta.shape
        theta = np.arccos(np.clip(cos_theta[idx].astype(float), -1.0, 1.0))
        lit[idx] = disc_overlap_lit_fraction(
            theta, np.broadcast_to(rho_s, shape)[idx], np.broadcast_to(rho_e, shape)[idx]
        )
    return lit


def beta_angle(sun_dir: ArrayLike, orbit_normal: ArrayLike) -> np.ndarray:
    """Beta angle: elevation of the Sun above the orbit plane [rad].

    beta = asin(s . h), with s the unit Sun vector and h the unit orbit normal (Wertz, Space
    Mission Engineering: The New SMAD, 2011, sec. 9.4).
    """
    s = np.asarray(sun_dir, dtype=float)
    h = np.asarray(orbit_normal, dtype=float)
    return np.arcsin(np.clip(np.sum(s * h, axis=-1), -1.0, 1.0))


def cylindrical_eclipse_fraction(altitude: ArrayLike, beta: ArrayLike) -> np.ndarray:
    """Orbit fraction in a cylindrical Earth shadow for a circular orbit [-].

    Notes
    -----
    f = (1/pi) acos( sqrt(h^2 + 2 R h) / ((R + h) cos beta) ) when the argument is below 1,
    else 0 (Wertz, Space Mission Engineering: The New SMAD, 2011, sec. 9.4, eclipse duration).
    """
    h = np.asarray(altitude, dtype=float)
    b = np.asarray(beta, dtype=float)
    arg = np.sqrt(h**2 + 2 * R_EARTH * h) / ((R_EARTH + h) * np.abs(np.cos(b)))
    return np.where(arg < 1.0, np.arccos(np.clip(arg, -1.0, 1.0)) / np.pi, 0.0)
