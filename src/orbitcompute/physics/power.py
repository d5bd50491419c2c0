"""Solar arrays and batteries for an orbital node, sized for end of life.

References
----------
Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed. (1999), sec. 11.4 (power
subsystem sizing: eqs. 11-5 to 11-10; battery capacity eq. 11-15). Gilmore (ed.), *Spacecraft
Thermal Control Handbook*, Vol. I, 2nd ed. (2002), ch. 2 (environmental loads) and app. A
(optical properties of solar cells).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import EARTH_ORBIT_ECCENTRICITY, SIGMA, YEAR

#: Cell temperature at which space solar cells are rated [K]: 28 degC under AM0 (the
#: convention of Spectrolab and AZUR SPACE datasheets, e.g. Fetzer et al., 'Production ready
#: 30 % efficient triple junction space solar cells', IEEE PVSC 2008: AM0, 28 degC).
CELL_REFERENCE_TEMPERATURE = 301.15


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
    eol_power: ArrayLike,
    degradation: ArrayLike,
    pointing_efficiency: ArrayLike,
    temperature_factor: ArrayLike = 1.0,
) -> np.ndarray:
    """Nominal beginning-of-life array power at mean irradiance, normal incidence and the
    cells' rating temperature [W].

    ``P_BOL = P_EOL / (degradation * pointing * aphelion factor * temperature factor)``: the
    array must deliver the end-of-life power at aphelion with the orbit-average pointing loss
    (SMAD eq. 11-7) at its operating temperature (:func:`cell_temperature_factor`).
    """
    return np.asarray(eol_power) / (
        np.asarray(degradation)
        * np.asarray(pointing_efficiency)
        * aphelion_irradiance_factor()
        * np.asarray(temperature_factor)
    )


def array_temperature(
    irradiance: ArrayLike,
    absorptivity: ArrayLike,
    emissivity: ArrayLike,
    conversion: ArrayLike,
    earth_view_factor: ArrayLike = 0.0,
    earth_ir_flux: ArrayLike = 0.0,
    albedo_flux: ArrayLike = 0.0,
) -> np.ndarray:
    """Equilibrium temperature of a sun-pointed array panel radiating from both faces [K].

    Parameters
    ----------
    irradiance : array_like
        Sunlight on the panel [W/m^2].
    absorptivity : array_like
        Solar absorptivity of the cell side [-].
    emissivity : array_like
        Infrared emissivity of each face (cover glass front, substrate back) [-].
    conversion : array_like
        Share of the incident sunlight leaving as electricity (cell efficiency x packing
        factor) [-].
    earth_view_factor : array_like
        View factor from the back face to the Earth [-].
    earth_ir_flux : array_like
        Earth's outgoing long-wave flux [W/m^2] (absorbed by the back face with its
        emissivity, Kirchhoff).
    albedo_flux : array_like
        Sunlight reflected by the Earth reaching the back face at unit view factor [W/m^2]
        (absorbed with ``absorptivity``).

    Returns
    -------
    numpy.ndarray
        Panel temperature [K].

    Notes
    -----
    Thin-panel energy balance (Gilmore 2002 ch. 2; a flat plate with no conduction to the
    bus): ``(alpha - eta) S + F_e (eps q_IR + alpha q_alb) = 2 eps sigma T^4``. A black plate
    (alpha = eps = 1, eta = 0) normal to 1,361 W/m^2 reaches ``(S / 2 sigma)^(1/4)`` = 331 K.
    """
    s = np.asarray(irradiance, dtype=float)
    alpha = np.asarray(absorptivity, dtype=float)
    eps = np.asarray(emissivity, dtype=float)
    f = np.asarray(earth_view_factor, dtype=float)
    absorbed = (alpha - np.asarray(conversion)) * s + f * (
        eps * np.asarray(earth_ir_flux) + alpha * np.asarray(albedo_flux)
    )
    return (np.maximum(absorbed, 0.0) / (2.0 * eps * SIGMA)) ** 0.25


def cell_temperature_factor(
    temperature: ArrayLike,
    coefficient: ArrayLike,
    reference: ArrayLike = CELL_REFERENCE_TEMPERATURE,
) -> np.ndarray:
    """Array output at its operating temperature over its output at the rating temperature [-].

    Parameters
    ----------
    temperature : array_like
        Cell operating temperature [K].
    coefficient : array_like
        Relative temperature coefficient of maximum power [1/K] (negative: about -0.0022/K for
        triple-junction GaInP/GaAs/Ge cells, -0.004 to -0.005/K for silicon).
    reference : array_like
        Rating temperature of the cell efficiency [K] (28 degC for space cells).

    Returns
    -------
    numpy.ndarray
        ``1 + gamma (T - T_ref)`` [-], floored at 0.

    Notes
    -----
    The linear maximum-power temperature coefficient of cell datasheets (SMAD 3rd ed.
    sec. 11.4; the same form as the PVWatts module model, Dobos 2014, NREL/TP-6A20-62641 eq. 6).
    """
    t = np.asarray(temperature, dtype=float)
    return np.maximum(1.0 + np.asarray(coefficient) * (t - np.asarray(reference)), 0.0)


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
