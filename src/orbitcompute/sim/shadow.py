"""Earth's shadow: conical umbra and penumbra with the illuminated fraction of the solar disc.

The Sun and the Earth are seen from the satellite as two discs of angular radii rho_s and
rho_e, their centres theta apart. The satellite is fully lit when theta >= rho_e + rho_s, in
umbra when theta <= rho_e - rho_s, and in penumbra in between, where the lit fraction is one
minus the overlap area of the two discs over the area of the solar disc. This is the conical
shadow model of Montenbruck & Gill; a cylindrical shadow would miss the penumbra (about 10-20 s
per eclipse in LEO) and the slight narrowing of the umbra. The cylindrical shadow and the beta
angle used to size the design are in :mod:`orbitcompute.physics.orbit`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import R_SUN
from orbitcompute.physics.orbit import earth_angular_radius


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
    rho_e = earth_angular_radius(r)
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


def _edge_antiderivative(x: np.ndarray) -> np.ndarray:
    """Antiderivative Q(x) of the straight-edge lit fraction P(x), with Q(-1) = 0.

    P(x) = 1/2 + (x sqrt(1 - x^2) + asin x) / pi is the visible fraction of a unit solar disc
    whose centre lies x solar radii outside a straight Earth limb; Q(x) = 0 for x <= -1 and
    Q(x) = x for x >= 1.
    """
    xc = np.clip(x, -1.0, 1.0)
    s = np.sqrt(1.0 - xc * xc)
    g = -(s**3) / 3.0 + xc * np.arcsin(xc) + s
    q = (xc + 1.0) / 2.0 + (g - np.pi / 2.0) / np.pi
    return q + np.maximum(x - 1.0, 0.0)


def _mean_lit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mean of P(x) for x varying linearly from ``a`` to ``b``."""
    d = b - a
    small = np.abs(d) < 1e-9
    safe = np.where(small, 1.0, d)
    mean = (_edge_antiderivative(b) - _edge_antiderivative(a)) / safe
    xm = np.clip(0.5 * (a + b), -1.0, 1.0)
    point = 0.5 + (xm * np.sqrt(1.0 - xm * xm) + np.arcsin(xm)) / np.pi
    return np.clip(np.where(small, point, mean), 0.0, 1.0)


def step_mean_illuminated_fraction(
    cos_psi: ArrayLike, radius: ArrayLike, sun_distance: ArrayLike, dtype: type = np.float32
) -> np.ndarray:
    """Illuminated fraction averaged over each time step (not sampled at one instant).

    Parameters
    ----------
    cos_psi : array_like
        Cosine of the Sun-Earth-satellite angle at the MIDPOINTS of ``T + 2`` consecutive equal
        steps, shape (T + 2, N): the step before, the T steps wanted, the step after.
    radius : array_like
        Satellite distance from the Earth's centre [m], broadcastable to (T + 2, N).
    sun_distance : array_like
        Earth-Sun distance [m], broadcastable to (T + 2, N).
    dtype : numpy dtype
        Working precision of the bulk test.

    Returns
    -------
    numpy.ndarray
        Mean lit fraction over each of the T inner steps [-], shape (T, N): exactly 1 or 0 for
        steps wholly in Sun or umbra.

    Notes
    -----
    With x = (theta - rho_e) / rho_s the position of the Sun's centre outside the Earth's limb
    in solar radii, the lit fraction across the penumbra is P(x) = 1/2 + (x sqrt(1 - x^2) +
    asin x) / pi (straight-limb limit of the two-disc overlap of Montenbruck & Gill, sec.
    3.4.2; rho_s / rho_e < 0.01 in LEO). x is interpolated linearly between midpoints and P is
    averaged analytically over each half step, so eclipse entry and exit are resolved to well
    under a second at any step size and the step's energy is the integral, not a sample.
    """
    cos_psi = np.asarray(cos_psi)
    r = np.asarray(radius, dtype=float)
    d = np.asarray(sun_distance, dtype=float)
    rho_e = earth_angular_radius(r)
    rho_s = np.arcsin(R_SUN / d)
    ce, se = np.cos(rho_e), np.sin(rho_e)
    cs, ss = np.cos(rho_s), np.sin(rho_s)
    c_out = (ce * cs - se * ss).astype(dtype)
    c_in = (ce * cs + se * ss).astype(dtype)
    q = (r / d).astype(dtype)
    cp = cos_psi.astype(dtype, copy=False)
    cos_theta = (q - cp) / np.sqrt(1 - 2 * q * cp + q * q)
    lit_pt = cos_theta <= c_out
    dark_pt = cos_theta >= c_in
    all_lit = lit_pt[:-2] & lit_pt[1:-1] & lit_pt[2:]
    all_dark = dark_pt[:-2] & dark_pt[1:-1] & dark_pt[2:]
    out = all_lit.astype(dtype)
    mixed = ~(all_lit | all_dark)
    if np.any(mixed):
        k, j = np.nonzero(mixed)
        shape = cos_theta.shape
        rs = np.broadcast_to(rho_s, shape)
        re = np.broadcast_to(rho_e, shape)

        def x_at(row: np.ndarray) -> np.ndarray:
            th = np.arccos(np.clip(cos_theta[row, j].astype(float), -1.0, 1.0))
            return (th - re[row, j]) / rs[row, j]

        x0, x1, x2 = x_at(k), x_at(k + 1), x_at(k + 2)
        left, right = 0.5 * (x0 + x1), 0.5 * (x1 + x2)
        out[k, j] = 0.5 * (_mean_lit(left, x1) + _mean_lit(x1, right))
    return out
