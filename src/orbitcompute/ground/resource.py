"""Space solar vs ground solar at the same sites: the article's "unlimited solar" claim.

Energy per year per m^2 of array and per kg of array, in orbit (sunlit fraction, no
atmosphere, no night) and at each pvlib weather site (TMY, single-axis tracking or fixed), plus
the array each side needs per W of round-the-clock load.

Notes
-----
Orbit, per m^2: ``S x eta_cell x packing x pointing x sunlit fraction x year`` (beginning of
life, at the array terminals); per kg: ``array specific power x pointing x sunlit x year``.
Ground, per m^2 of module: ``eta_module x 1000 W/m^2 (STC) x annual AC yield per W DC``; per
kg: divided by the module areal mass (modules only, racking excluded — the orbit figure
includes the deployment structure, so this flatters orbit slightly). Round-the-clock: the
ground array of the cheapest design meeting ``ground.solar.reliability_target``; in orbit the
fleet array over the IT plus bus power (from ``evaluate``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import HOUR, YEAR
from orbitcompute.ground import solar
from orbitcompute.ground.options import solar_annual_costs

KWH = 1000.0 * HOUR  # J


def space_yield(p: Mapping[str, np.ndarray], sunlit_fraction: np.ndarray) -> dict[str, np.ndarray]:
    """Annual electric energy of a space array [J per m^2 per year, J per kg per year].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    sunlit_fraction : array_like
        Annual sunlit fraction of the orbit [-].

    Returns
    -------
    dict
        Annual electric energy per m^2 of array [J/m^2] and per kg of array [J/kg].
    """
    per_m2 = (
        p["power.solar_constant"] * p["power.cell_efficiency"] * p["power.packing_factor"]
        * p["power.pointing_efficiency"] * sunlit_fraction * YEAR
    )  # fmt: skip
    per_kg = p["power.array_specific_power"] * p["power.pointing_efficiency"] * sunlit_fraction
    return {"per_m2": per_m2, "per_kg": per_kg * YEAR}


def ground_yield(p: Mapping[str, np.ndarray], site: int) -> dict[str, float]:
    """Annual AC energy of a ground array at a site [J per m^2 of module / per kg per year].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    site : int
        Index of the TMY site shipped with pvlib (``ground.solar.site``).

    Returns
    -------
    dict
        Annual AC energy per m^2 of module [J/m^2] and per kg of module [J/kg], and the capacity
        factor [-].
    """
    t = solar.sizing_table(site, bool(np.ravel(p["ground.solar.tracking"])[0] > 0.5))
    k = solar.output_factor(
        t.surface,
        p["ground.solar.system_losses"],
        p["ground.solar.inverter_efficiency"],
        p["ground.solar.temperature_coefficient"],
    )
    per_w = t.surface.capacity_factor * k * YEAR  # J per W DC per year
    per_m2 = per_w * p["ground.solar.module_efficiency"] * solar.STC_IRRADIANCE
    return {"per_m2": per_m2, "per_kg": per_m2 / p["ground.solar.module_areal_mass"]}


def solar_comparison(p: Mapping[str, np.ndarray], orbit: Mapping[str, float]):  # -> DataFrame
    """Table of space vs ground solar (one row per place), display units.

    Parameters
    ----------
    p : mapping
        Registry names to SI values (one scenario: size-1 arrays).
    orbit : mapping
        One row of ``evaluate(...)`` (``orbit.sunlit_fraction``, ``orbit.array_area``,
        ``orbit.bus_power`` and ``cluster.it_power`` from ``p``).

    Returns
    -------
    pandas.DataFrame
        Columns ``kWh_per_m2_year``, ``kWh_per_kg_year``, ``capacity_factor`` (sun-up energy
        over nameplate x 8,766 h), ``array_m2_per_kW_24h`` (array area per kW of
        round-the-clock load), indexed by place.
    """
    import pandas as pd

    def one(x) -> float:
        return float(np.ravel(x)[0])

    sp = space_yield(p, orbit["orbit.sunlit_fraction"])
    load = one(p["cluster.it_power"]) + orbit["orbit.bus_power"]
    rows = {
        "orbit (this scenario)": {
            "kWh_per_m2_year": one(sp["per_m2"]) / KWH,
            "kWh_per_kg_year": one(sp["per_kg"]) / KWH,
            "capacity_factor": one(p["power.pointing_efficiency"]) * orbit["orbit.sunlit_fraction"],
            "array_m2_per_kW_24h": orbit["orbit.array_area"] / load * 1000.0,
        }
    }
    c_pv, c_b = solar_annual_costs(p)
    for site, (label, *_rest) in solar.SITES.items():
        g = ground_yield(p, site)
        t = solar.lookup(
            site,
            p["ground.solar.tracking"],
            p["ground.solar.reliability_target"],
            c_b / c_pv,
            p["ground.solar.battery_round_trip_efficiency"],
            p["ground.solar.system_losses"],
            p["ground.solar.inverter_efficiency"],
            p["ground.solar.temperature_coefficient"],
        )
        w_per_m2 = one(p["ground.solar.module_efficiency"]) * solar.STC_IRRADIANCE
        rows[f"ground: {label}"] = {
            "kWh_per_m2_year": one(g["per_m2"]) / KWH,
            "kWh_per_kg_year": one(g["per_kg"]) / KWH,
            "capacity_factor": one(t["capacity_factor"]),
            "array_m2_per_kW_24h": one(t["array"]) / w_per_m2 * 1000.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
