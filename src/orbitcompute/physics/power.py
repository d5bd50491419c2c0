"""Solar arrays and batteries for an orbital node, sized for end of life.

References
----------
Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), sec. 11.4 (power
subsystem sizing: eqs. 11-5 to 11-10; battery capacity eq. 11-15).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import EARTH_ORBIT_ECCENTRICITY, YEAR


def aphelion_irradiance_factor() -> float:
    """Irradiance at aphelion over the annual mean, ``1 / (1 + e)^2`` [-] (about 0.967)."""
    return 1.0 / (1.0 + EARTH_ORBIT_ECCENTRICITY) ** 2


def lifetime_degradation(rate: ArrayLike, life: ArrayLike) -> np.ndarray:
    """Fraction of beginning-of-life array output left at end of life.

    Parameters
    ----------
    rate : array_like
        Degradation per year expressed per second [1/s] (registry unit %/yr converted to SI).
    life : array_like
        Mission life [s].

    Returns
    -------
    numpy.ndarray
        ``(1 - d)^L`` with ``d`` per year and ``L`` in years (SMAD eq. 11-6) [-].
    """
    d_per_year = np.asarray(rate, dtype=float) * YEAR
    return (1.0 - d_per_year) ** (np.asarray(life, dtype=float) / YEAR)


def charge_power(
    eclipse_energy: ArrayLike, sunlit_time: ArrayLike, round_trip_efficiency: ArrayLike
) -> np.ndarray:
    """Array power needed to recharge the battery during the sunlit part of an orbit.

    Parameters
    ----------
    eclipse_energy : array_like
        Energy delivered from the battery during the eclipse [J].
    sunlit_time : array_like
        Sunlit time in the same orbit [s].
    round_trip_efficiency : array_like
        Battery round-trip efficiency [-]; charge and discharge each take its square root.

    Returns
    -------
    numpy.ndarray
        Charging power [W], ``E / (eta_rt * t_sun)``.
    """
    return np.asarray(eclipse_energy) / (
        np.asarray(round_trip_efficiency) * np.asarray(sunlit_time)
    )


def array_bol_power(
    eol_power: ArrayLike, degradation: ArrayLike, pointing_efficiency: ArrayLike
) -> np.ndarray:
    """Nominal beginning-of-life array power at mean irradiance and normal incidence [W].

    ``P_BOL = P_EOL / (degradation * pointing * aphelion factor)``: the array must deliver the
    end-of-life power at aphelion with the orbit-average pointing loss (SMAD eq. 11-7).
    """
    return np.asarray(eol_power) / (
        np.asarray(degradation) * np.asarray(pointing_efficiency) * aphelion_irradiance_factor()
    )


def array_area(
    bol_power: ArrayLike,
    solar_constant: ArrayLike,
    cell_efficiency: ArrayLike,
    packing_factor: ArrayLike,
) -> np.ndarray:
    """Array area [m^2], ``P_BOL / (S * eta_cell * packing)`` (SMAD eq. 11-8)."""
    return np.asarray(bol_power) / (
        np.asarray(solar_constant) * np.asarray(cell_efficiency) * np.asarray(packing_factor)
    )


def battery_capacity(
    eclipse_energy: ArrayLike, depth_of_discharge: ArrayLike, round_trip_efficiency: ArrayLike
) -> np.ndarray:
    """Nameplate battery energy [J] to deliver ``eclipse_energy`` within the depth of discharge.

    ``C = E / (DoD * sqrt(eta_rt))`` (SMAD eq. 11-15 with the discharge efficiency taken as the
    square root of the round-trip efficiency).
    """
    return np.asarray(eclipse_energy) / (
        np.asarray(depth_of_discharge) * np.sqrt(np.asarray(round_trip_efficiency))
    )
