"""The ground side done properly: energy options, time-to-power and footprints.

:func:`ground_options` takes the foundation's grid-powered facility costs
(:func:`orbitcompute.economics.costs.ground_costs`) and re-prices its energy for each option
in :mod:`orbitcompute.ground.options` (grid, on-site gas, nuclear, solar + storage sized with
pvlib in :mod:`orbitcompute.ground.solar`); it adds the time-to-power line
(:mod:`orbitcompute.ground.timing`) and the water, land and CO2 footprints
(:mod:`orbitcompute.ground.footprint`) on both sides. Everything is vectorized; the solar
sizing is a cached table lookup.

Output names (all arrays): ``ground.<option>.cost_per_gpu_hour``, ``.energy_cost`` [USD/J],
``.time_to_power`` [s], ``.time_to_power_cost_per_gpu_hour``, ``.cost_with_time_to_power``,
``.water_per_gpu_hour`` [m^3], ``.co2_per_gpu_hour`` [kg], ``.land_area`` [m^2],
``.land_per_gpu`` [m^2], ...; the option chosen by ``ground.energy_source`` also fills the
plain ``ground.*`` names.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import HOUR, YEAR
from orbitcompute.economics.finance import annuity_factor
from orbitcompute.ground.footprint import ground_footprint, orbit_footprint
from orbitcompute.ground.options import OPTIONS, energy_options
from orbitcompute.ground.timing import delay_cost_per_gpu_hour

__all__ = ["OPTIONS", "ground_options", "energy_options", "delay_cost_per_gpu_hour"]

#: Per-option outputs that the selected option copies into plain ``ground.<name>``.
SELECTED_KEYS = (
    "cost_per_gpu_hour",
    "annual_cost",
    "gpu_hours_per_year",
    "cost_per_it_energy",
    "total_cost_pv",
    "opex_per_year",
    "opex.electricity",
    "land_area",
    "time_to_power",
    "time_to_power_cost_per_gpu_hour",
    "cost_with_time_to_power",
    "water_per_gpu_hour",
    "co2_per_gpu_hour",
    "land_per_gpu",
    "energy_cost",
)


def ground_options(
    p: Mapping[str, np.ndarray],
    ground: Mapping[str, np.ndarray],
    orbit_design: Mapping[str, np.ndarray],
    orbit_costs: Mapping[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Every ground energy option priced on the foundation's facility, plus orbit footprints.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    ground : mapping
        Output of ``economics.costs.ground_costs`` (the grid-priced facility).
    orbit_design, orbit_costs : mapping
        Outputs of ``design.orbital.size_orbital`` and ``economics.costs.orbit_costs``.

    Returns
    -------
    extra : dict
        New outputs with full dotted names (``ground.gas.cost_per_gpu_hour``,
        ``orbit.co2_per_gpu_hour``, ...).
    selected : dict
        Outputs of the option ``ground.energy_source`` picks, without prefix, to overwrite the
        foundation's ``ground.*`` values (``cost_per_gpu_hour``, ``annual_cost``...).

    Notes
    -----
    For option ``k`` with delivered fraction ``D_k`` (1 except solar + storage) and levelized
    energy cost ``c_k``: ``annual_k = annual_grid - electricity - water + c_k E_fac D_k +
    water D_k`` and ``$/GPU-h_k = annual_k / (GPU-h D_k)``, where ``E_fac`` = IT energy x PUE.
    Time to power of option ``k`` is ``max(ground.construction_time, lead time_k)``; orbit's is
    ``satellite.deployment_time``; the slower side carries
    :func:`~orbitcompute.ground.timing.delay_cost_per_gpu_hour` of the difference.
    """
    opts = energy_options(p)
    rate, horizon = p["finance.discount_rate"], p["finance.horizon"]
    price = p["market.gpu_hour_price"] * HOUR  # USD per accelerator-hour
    t_orbit = p["satellite.deployment_time"]
    facility_energy = ground["it_energy_per_year"] * p["ground.pue"]
    base = ground["annual_cost"] - ground["opex.electricity"] - ground["opex.water"]
    base_opex = ground["opex_per_year"] - ground["opex.electricity"] - ground["opex.water"]
    extra: dict[str, np.ndarray] = {}
    per: dict[str, dict[str, np.ndarray]] = {}
    for name, o in opts.items():
        d = o["delivered_fraction"]
        energy = o["energy_cost"] * facility_energy * d
        water_cost = ground["opex.water"] * d
        annual = base + energy + water_cost
        gpu_hours = ground["gpu_hours_per_year"] * d
        ttp = np.maximum(p["ground.construction_time"], o["lead_time"])
        ttp_cost = delay_cost_per_gpu_hour(ttp - t_orbit, price, rate, horizon)
        fp = ground_footprint(p, o)
        cost = annual / gpu_hours
        v = {
            "cost_per_gpu_hour": cost,
            "energy_cost": o["energy_cost"],
            "annual_cost": annual,
            "opex.electricity": energy,
            "opex_per_year": base_opex + energy + water_cost,
            "capex.energy": o["capex"] * p["cluster.it_power"] * p["ground.pue"],
            "gpu_hours_per_year": gpu_hours,
            "cost_per_it_energy": annual / (ground["it_energy_per_year"] * d),
            "total_cost_pv": annual * annuity_factor(rate, horizon),
            "delivered_fraction": d,
            "capacity_factor": o["capacity_factor"],
            "time_to_power": ttp,
            "time_to_power_cost_per_gpu_hour": ttp_cost,
            "cost_with_time_to_power": cost + ttp_cost,
            "co2_intensity": o["co2_intensity"],
            "water_per_gpu_hour": fp["water_per_gpu_hour"],
            "co2_per_gpu_hour": fp["co2_per_gpu_hour"],
            "land_per_gpu": fp["land_per_gpu"],
            "land_area": fp["land_area"],
            "water_per_year": fp["water_rate"] * YEAR * ground["availability"] * d,
            "co2_per_year": fp["co2_rate"] * YEAR * ground["availability"] * d,
        }
        if name == "solar_storage":
            load = p["cluster.it_power"] * p["ground.pue"]
            v["array_power_dc"] = o["array_per_load"] * load
            v["storage_energy"] = o["storage_per_load"] * load
            v["served_hours"] = o["served_hours"]
        per[name] = v
        extra.update({f"ground.{name}.{k}": x for k, x in v.items()})

    idx = np.clip(np.rint(p["ground.energy_source"]).astype(int), 0, len(OPTIONS) - 1)
    selected = {k: np.choose(idx, [per[n][k] for n in OPTIONS]) for k in SELECTED_KEYS}
    of = orbit_footprint(p, orbit_design, orbit_costs)
    extra["orbit.time_to_power"] = t_orbit + 0.0 * of["co2_rate"]
    extra["orbit.time_to_power_cost_per_gpu_hour"] = delay_cost_per_gpu_hour(
        t_orbit - selected["time_to_power"], price, rate, horizon
    )
    extra["orbit.water_per_gpu_hour"] = of["water_per_gpu_hour"]
    extra["orbit.co2_per_gpu_hour"] = of["co2_per_gpu_hour"]
    extra["orbit.land_per_gpu"] = of["land_per_gpu"]
    extra["orbit.co2_per_year"] = of["co2_rate"] * YEAR
    extra["ground.energy_source"] = idx + 0.0
    return extra, selected
