"""Radiators in orbit: emitted and absorbed flux, net rejection, area.

References
----------
Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed. (2002): ch. 2
(environment: solar, albedo, Earth IR), ch. 6 (radiators: ``q = eps sigma T^4`` per side,
fin efficiency).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import SIGMA


def emitted_flux(
    temperature: ArrayLike,
    emissivity: ArrayLike,
    sides: ArrayLike = 2,
    fin_efficiency: ArrayLike = 1.0,
) -> np.ndarray:
    """Infrared power emitted per m^2 of radiator panel [W/m^2].

    Parameters
    ----------
    temperature : array_like
        Radiating temperature [K].
    emissivity : array_like
        Infrared emissivity [-].
    sides : array_like
        Radiating faces per panel (1 or 2) [-].
    fin_efficiency : array_like
        Fin efficiency [-].

    Returns
    -------
    numpy.ndarray
        ``sides * fin * eps * sigma * T^4`` [W/m^2] (e.g. 413 W/m^2 per side at 300 K, eps 0.9).
    """
    t = np.asarray(temperature, dtype=float)
    return np.asarray(sides) * np.asarray(fin_efficiency) * np.asarray(emissivity) * SIGMA * t**4


def absorbed_flux(
    solar_constant: ArrayLike,
    solar_absorptivity: ArrayLike,
    emissivity: ArrayLike,
    sun_view_factor: ArrayLike,
    earth_view_factor: ArrayLike,
    earth_ir_flux: ArrayLike,
    albedo: ArrayLike,
    albedo_orbit_factor: ArrayLike,
    sides: ArrayLike = 2,
) -> np.ndarray:
    """Environmental power absorbed per m^2 of radiator panel [W/m^2].

    Notes
    -----
    ``q = alpha S F_sun + sides F_earth (eps q_IR + alpha a S f_albedo)``: direct sunlight on
    the projected area, Earth infrared (absorbed with the IR emissivity, Kirchhoff) and
    reflected sunlight on each face that sees the Earth (Gilmore 2002 eqs. 2.1-2.6).
    """
    s = np.asarray(solar_constant)
    alpha = np.asarray(solar_absorptivity)
    direct = alpha * s * np.asarray(sun_view_factor)
    earth = np.asarray(emissivity) * np.asarray(earth_ir_flux) + alpha * np.asarray(
        albedo
    ) * s * np.asarray(albedo_orbit_factor)
    return direct + np.asarray(sides) * np.asarray(earth_view_factor) * earth


def radiator_area(heat: ArrayLike, net_flux: ArrayLike) -> np.ndarray:
    """Radiator panel area [m^2] to reject ``heat`` [W] at ``net_flux`` [W/m^2].

    Returns ``inf`` where the net flux is not positive (the environment absorbs at least as
    much as the panel emits: no area can reject the load).
    """
    q = np.asarray(net_flux, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q > 0, np.asarray(heat) / np.where(q > 0, q, 1.0), np.inf)


def max_radiator_temperature(
    max_coolant_temperature: ArrayLike, coolant_offset: ArrayLike
) -> np.ndarray:
    """Hottest mean radiator surface temperature the accelerators' cooling loop allows [K].

    Parameters
    ----------
    max_coolant_temperature : array_like
        Highest coolant temperature at the cold-plate inlet at which the accelerators run at
        full power within their junction and memory limits [K] (e.g. 45 degC, ASHRAE class
        W45).
    coolant_offset : array_like
        Mean radiating surface temperature minus the coolant inlet temperature [K]: half the
        loop's temperature rise (the radiator cools the returning coolant back to the inlet
        temperature, so its mean sits between the two) minus the drop from fluid to panel.

    Returns
    -------
    numpy.ndarray
        ``T_rad,max = T_in,max + dT`` [K].

    Notes
    -----
    A single pumped loop from the cold plates to the radiator: the radiator is the loop's heat
    sink, so its outlet is the cold-plate inlet (Gilmore 2002 ch. 6 and 12, pumped-loop
    radiators). A radiator run hotter than this bound would return coolant above the inlet
    limit and throttle the accelerators.
    """
    return np.asarray(max_coolant_temperature, dtype=float) + np.asarray(coolant_offset)
