"""Drag make-up and deorbit: delta-v and propellant with the rocket equation.

References
----------
Vallado 4th ed. (2013) eq. 8-29 (drag acceleration); Tsiolkovsky rocket equation; Hohmann
transfer speeds (Vallado sec. 6.3).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import G0, MU_EARTH, R_EARTH
from orbitcompute.physics.orbit import orbital_speed


def drag_acceleration(
    density: ArrayLike, speed: ArrayLike, drag_coefficient: ArrayLike, area_to_mass: ArrayLike
) -> np.ndarray:
    """Drag deceleration [m/s^2], ``0.5 rho v^2 Cd A/m``."""
    v = np.asarray(speed)
    return (
        0.5 * np.asarray(density) * v * v * np.asarray(drag_coefficient) * np.asarray(area_to_mass)
    )


def deorbit_delta_v(altitude: ArrayLike, perigee_altitude: ArrayLike) -> np.ndarray:
    """Delta-v [m/s] to lower the perigee of a circular orbit to ``perigee_altitude``.

    ``dv = v_c - v_apo`` with ``v_apo = sqrt(mu (2/r - 2/(r + r_p)))`` (one burn, Vallado 6.3).
    """
    r = R_EARTH + np.asarray(altitude, dtype=float)
    rp = np.minimum(R_EARTH + np.asarray(perigee_altitude, dtype=float), r)
    v_c = orbital_speed(altitude)
    v_a = np.sqrt(MU_EARTH * (2 / r - 2 / (r + rp)))
    return v_c - v_a


def propellant_mass(
    dry_mass: ArrayLike, delta_v: ArrayLike, isp: ArrayLike, tank_mass_fraction: ArrayLike
) -> np.ndarray:
    """Propellant [kg] for ``delta_v`` when the tanks weigh ``tank_mass_fraction`` of it.

    Solves ``m_p = (m_dry + t m_p) (exp(dv / (Isp g0)) - 1)``:
    ``m_p = m_dry k / (1 - t k)`` with ``k = exp(dv/(Isp g0)) - 1``; ``inf`` when ``t k >= 1``.
    """
    k = np.expm1(np.asarray(delta_v, dtype=float) / (np.asarray(isp) * G0))
    denom = 1.0 - np.asarray(tank_mass_fraction) * k
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denom > 0, np.asarray(dry_mass) * k / np.where(denom > 0, denom, 1.0), np.inf
        )
