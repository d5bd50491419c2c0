"""Water, land and CO2 footprints per delivered GPU-hour, on the ground and in orbit.

Ground: site water ``WUE x IT energy`` plus the energy source's water ``x facility energy``;
land = site (``ground.land_per_power``) plus the energy source's land; CO2 = life-cycle
intensity of the energy source ``x facility energy``. Orbit: no water or land on Earth (the
ground segment's few hectares are not counted); CO2 from launching the fleet and making the
satellite buses, spread over the GPU-hours the fleet delivers in its life. The IT hardware's
own embodied carbon is the same on both sides to first order and is left out of both.

References
----------
IPCC AR5 WG3 (2014) annex III (life-cycle intensities); Macknick et al. 2012,
NREL/TP-6A20-50900 (water); sources of each default in ``registry/data/ground.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import HOUR
from orbitcompute.economics.costs import accelerator_count

P = Mapping[str, np.ndarray]


def ground_footprints(
    p: P, options: Mapping[str, Mapping[str, np.ndarray]]
) -> dict[str, dict[str, np.ndarray]]:
    """Footprints of the ground facility on each energy option.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    options : mapping
        Option name to the output of its function in :mod:`orbitcompute.ground.options`.

    Returns
    -------
    dict
        Option name to ``water_per_gpu_hour`` [m^3], ``co2_per_gpu_hour`` [kg],
        ``land_per_gpu`` [m^2 per accelerator] and ``land_area`` [m^2].
    """
    e_it = p["compute.accelerator_power"] * HOUR  # J of IT energy per GPU-hour
    e_fac = e_it * p["ground.pue"]
    site_water = p["ground.wue"] * e_it
    out = {}
    for name, option in options.items():
        land_per_it_w = p["ground.land_per_power"] + option["land"] * p["ground.pue"]
        out[name] = {
            "water_per_gpu_hour": site_water + option["water_intensity"] * e_fac,
            "co2_per_gpu_hour": option["co2_intensity"] * e_fac,
            "land_per_gpu": land_per_it_w * p["compute.accelerator_power"],
            "land_area": land_per_it_w * p["cluster.it_power"],
        }
    return out


def orbit_footprint(
    p: P,
    design: Mapping[str, np.ndarray],
    reliability: Mapping[str, np.ndarray],
    availability: np.ndarray,
) -> dict[str, np.ndarray]:
    """Footprints of the orbital fleet (one generation of satellites over its life).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    design : mapping
        Output of ``orbitcompute.design.orbital.size_orbital``.
    reliability : mapping
        Output of ``orbitcompute.reliability.fleet.orbit_reliability``: the undiscounted
        mean share of slots working over the life (Weibull failures, dose wear-out, spares,
        servicing) and the share of time not lost to restarts.
    availability : array_like
        Share of the time the accelerators are powered (eclipses) [-].

    Notes
    -----
    ``CO2 = (launch CO2 per kg x billed launch mass + manufacturing CO2 per kg x bus mass) /
    GPU-hours of one life``, with the GPU-hours ``accelerators x life x availability x
    lifetime surviving fraction x upset availability``: physical, not discounted, hours from
    the same reliability model as the costs. The CO2 of servicing flights is not counted.
    """
    bus = design["total_mass"] - design["mass.compute"] - design["mass.propellant"]
    co2 = (
        p["footprint.launch_co2_per_kg"] * design["launched_billed_mass"]
        + p["footprint.satellite_co2_per_kg"] * bus
    )
    life = p["satellite.lifetime"]
    gpu_hours = (
        accelerator_count(p)
        * (life / HOUR)
        * availability
        * reliability["lifetime_surviving_fraction"]
        * reliability["upset_availability"]
    )
    z = np.zeros(np.shape(co2))  # no water or land on Earth, whatever the design
    return {
        "water_per_gpu_hour": z,
        "co2_per_gpu_hour": co2 / gpu_hours,
        "land_per_gpu": z,
        "land_area": z,
    }
