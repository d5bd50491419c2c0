"""Launch packing: how many satellites one launch carries, by mass and by fairing volume.

A dedicated launch is paid whole, so a satellite that does not divide the launch's capacity
flies empty space. Satellites per launch are the whole number that fits both the payload mass
and the usable fairing volume (stowed arrays and radiators take room out of proportion to
their mass).

References
----------
SpaceX, *Falcon User's Guide* (2021), sec. 5.1 and fig. 5-1 (fairing payload dynamic envelope:
4.6 m diameter, 6.7 m cylinder, 11 m total height). SpaceX, *Starship Users Guide* rev. 1.0
(2020), 'Payload volume' and fig. 4 (8 m diameter envelope, up to 22 m extended). Mikulas,
Pappa, Warren & Rose, 'Telescoping Solar Array Concept for Achieving High Packaging
Efficiency', AIAA SciTech 2015 (NASA NTRS 20150006022): state-of-the-art 30-50 kW flexible
blanket arrays stow at about 40 kW/m^3.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def stowed_volume(
    body_mass: ArrayLike,
    body_density: ArrayLike,
    array_power: ArrayLike,
    array_stowed_power_density: ArrayLike,
    radiator_area: ArrayLike,
    radiator_stowed_thickness: ArrayLike,
) -> NDArray:
    """Volume one satellite occupies in the fairing, folded for launch [m^3].

    Parameters
    ----------
    body_mass : array_like
        Mass of everything but the deployable arrays and radiators [kg].
    body_density : array_like
        Stowed density of that body (IT hardware, batteries, structure, tanks) [kg/m^3].
    array_power : array_like
        Rated (beginning-of-life) array power [W].
    array_stowed_power_density : array_like
        Array power per m^3 of stowed array (packaging efficiency) [W/m^3].
    radiator_area : array_like
        Radiator panel area [m^2].
    radiator_stowed_thickness : array_like
        Stack height per panel folded for launch (panel plus hinge and standoff gap) [m].

    Returns
    -------
    numpy.ndarray
        ``V = m_body / rho_body + P_array / p_v + A_rad t_rad`` [m^3].

    Notes
    -----
    The array term is the packaging efficiency of deployable arrays as published (kW/m^3,
    Mikulas et al. 2015); radiators stow as stacked flat panels (Gilmore, *Spacecraft Thermal
    Control Handbook*, 2002, ch. 6: deployable honeycomb radiator panels).
    """
    return (
        np.asarray(body_mass, dtype=float) / np.asarray(body_density, dtype=float)
        + np.asarray(array_power, dtype=float) / np.asarray(array_stowed_power_density)
        + np.asarray(radiator_area, dtype=float) * np.asarray(radiator_stowed_thickness)
    )


def satellites_per_launch(
    satellite_mass: ArrayLike,
    satellite_volume: ArrayLike,
    usable_mass: ArrayLike,
    usable_volume: ArrayLike,
    cap: ArrayLike = 0.0,
) -> tuple[NDArray, NDArray, NDArray]:
    """Whole satellites one launch carries, and which limit binds.

    Parameters
    ----------
    satellite_mass : array_like
        Launch mass of one satellite [kg].
    satellite_volume : array_like
        Stowed volume of one satellite [m^3].
    usable_mass : array_like
        Payload mass one launch delivers to the orbit, net of dispensers [kg].
    usable_volume : array_like
        Fairing volume that satellites can fill [m^3].
    cap : array_like
        Satellites per launch chosen by the designer (0: as many as fit) [-].

    Returns
    -------
    per_launch : numpy.ndarray
        ``min(floor(M / m), floor(V / v), cap)`` [-] (0 when one satellite does not fit).
    fits : numpy.ndarray
        ``min(floor(M / m), floor(V / v))``: how many would fit [-].
    limit : numpy.ndarray
        1 when mass limits the count, 2 when volume does (ties count as mass) [-].
    """
    m = np.asarray(satellite_mass, dtype=float)
    v = np.asarray(satellite_volume, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_mass = np.floor(np.asarray(usable_mass) / m)
        by_volume = np.floor(np.asarray(usable_volume) / v)
    fits = np.minimum(by_mass, by_volume)
    c = np.asarray(cap, dtype=float)
    per_launch = np.where(c >= 1.0, np.minimum(fits, c), fits)
    limit = np.where(by_volume < by_mass, 2.0, 1.0)
    return per_launch, fits, limit


__all__ = ["satellites_per_launch", "stowed_volume"]
