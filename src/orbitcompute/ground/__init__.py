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

from orbitcompute.constants import HOUR
from orbitcompute.ground.footprint import orbit_footprint
from orbitcompute.ground.options import OPTIONS, energy_options
from orbitcompute.ground.timing import delay_cost_function, delay_cost_per_gpu_hour

__all__ = [
    "OPTIONS",
    "delay_cost_per_gpu_hour",
    "energy_options",
    "ground_options",
    "option_value",
    "output_descriptions",
]

#: Per-option outputs that the selected option copies into plain ``ground.<name>``.
SELECTED_KEYS = (
    "cost_per_gpu_hour",
    "annual_cost",
    "gpu_hours_per_year",
    "delivered_fraction",
    "opex.electricity",
    "land_area",
    "time_to_power",
    "time_to_power_cost_per_gpu_hour",
    "water_per_gpu_hour",
    "co2_per_gpu_hour",
    "land_per_it_w",
    "energy_cost",
)


#: ``ground.energy_source`` value meaning "the cheapest option, time to power included".
CHEAPEST = len(OPTIONS)


def select_option(source: np.ndarray, per: Mapping[str, Mapping[str, np.ndarray]]) -> np.ndarray:
    """Index of the headline ground option per sample [-].

    ``ground.energy_source`` 0-3 names an option; :data:`CHEAPEST` (4) picks, per sample, the
    option with the lowest cost per GPU-hour plus its time-to-power line (the value of the
    compute lost while waiting for power, against orbit's time to power): best against best.
    """
    src = np.rint(np.asarray(source, dtype=float)).astype(int)
    if np.all(src < CHEAPEST):
        return np.clip(src, 0, len(OPTIONS) - 1)
    totals = np.broadcast_arrays(
        *(per[n]["cost_per_gpu_hour"] + per[n]["time_to_power_cost_per_gpu_hour"] for n in OPTIONS)
    )
    stack = np.stack([np.where(np.isfinite(t), t, np.inf) for t in totals])
    best = np.argmin(stack, axis=0)
    idx = np.where(src >= CHEAPEST, best, np.clip(src, 0, len(OPTIONS) - 1))
    return idx.reshape(-1)[:1] if np.all(idx == idx.reshape(-1)[0]) else idx


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
    t_orbit = p["satellite.deployment_time"]
    delay_cost = delay_cost_function(p["market.gpu_hour_price"] * HOUR, rate, horizon)
    it_energy = ground["it_energy_per_year"]
    facility_energy = it_energy * p["ground.pue"]
    water_cost = ground["opex.water"]
    base = ground["annual_cost"] - ground["opex.electricity"] - water_cost
    e_it = p["compute.accelerator_power"] * HOUR  # J of IT energy per GPU-hour
    e_fac = e_it * p["ground.pue"]
    site_water = p["ground.wue"] * e_it
    extra: dict[str, np.ndarray] = {}
    per: dict[str, dict[str, np.ndarray]] = {}
    for name, o in opts.items():
        d = o["delivered_fraction"]
        energy = o["energy_cost"] * facility_energy * d
        annual = base + energy + water_cost * d
        gpu_hours = ground["gpu_hours_per_year"] * d
        levelized_hours = ground["levelized_gpu_hours_per_year"] * d  # raw or equivalent (#4)
        cost = annual / levelized_hours
        ttp = np.maximum(p["ground.construction_time"], o["lead_time"])
        ttp_cost = delay_cost(ttp - t_orbit)
        land_per_it_w = p["ground.land_per_power"] + o["land"] * p["ground.pue"]
        v = {  # reported for every option (ground.<option>.<key>)
            "cost_per_gpu_hour": cost,
            "energy_cost": o["energy_cost"],
            "time_to_power": ttp,
            "time_to_power_cost_per_gpu_hour": ttp_cost,
            "water_per_gpu_hour": site_water + o["water_intensity"] * e_fac,
            "co2_per_gpu_hour": o["co2_intensity"] * e_fac,
            "land_area": land_per_it_w * p["cluster.it_power"],
        }
        if name == "solar_storage":  # (array, battery, capacity factor: `orbitcompute ground`)
            v["delivered_fraction"] = d
        extra.update({f"ground.{name}.{k}": x for k, x in v.items()})
        # needed only if this option is the selected one (not reported per option: the
        # Results stay small, which is what keeps evaluate() fast)
        v.update(
            annual_cost=annual,
            gpu_hours_per_year=gpu_hours,
            levelized_gpu_hours_per_year=levelized_hours,
            delivered_fraction=d,
            land_per_it_w=land_per_it_w,
        )
        v["opex.electricity"] = energy
        per[name] = v

    idx = select_option(p["ground.energy_source"], per)
    if idx.size == 1:  # one option for all samples (the usual case): no gather needed
        sel = per[OPTIONS[int(idx.ravel()[0])]]
        selected = {k: sel[k] for k in SELECTED_KEYS}
    else:
        selected = {k: np.choose(idx, [per[n][k] for n in OPTIONS]) for k in SELECTED_KEYS}
    d = selected.pop("delivered_fraction")
    # derivable in reports (option_value): not emitted, to keep Results small and fast
    for key in ("land_per_it_w", "energy_cost", "time_to_power"):
        selected.pop(key)
    selected["opex_per_year"] = (
        ground["opex_per_year"] - ground["opex.electricity"] - water_cost * (1 - d)
        + selected["opex.electricity"]
    )  # fmt: skip
    selected["cost_per_it_energy"] = selected["annual_cost"] / (it_energy * d)
    # same annuity factor as the foundation's ground line: total PV / annual cost
    selected["total_cost_pv"] = selected["annual_cost"] * (
        ground["total_cost_pv"] / ground["annual_cost"]
    )
    of = orbit_footprint(p, orbit_design, orbit_costs)
    extra["orbit.time_to_power"] = t_orbit
    ttp_sel = (
        np.choose(idx, [per[n]["time_to_power"] for n in OPTIONS])
        if idx.size > 1
        else (per[OPTIONS[int(idx.ravel()[0])]]["time_to_power"])
    )
    extra["orbit.time_to_power_cost_per_gpu_hour"] = delay_cost(t_orbit - ttp_sel)
    extra["orbit.water_per_gpu_hour"] = of["water_per_gpu_hour"]
    extra["orbit.co2_per_gpu_hour"] = of["co2_per_gpu_hour"]
    extra["orbit.land_per_gpu"] = of["land_per_gpu"]
    extra["ground.energy_source"] = idx
    return extra, selected


#: Per-option outputs shown in ``compare`` JSON: suffix -> (display unit, description).
_OPTION_OUTPUTS: dict[str, tuple[str, str]] = {
    "cost_per_gpu_hour": ("USD/h", "levelized cost per delivered accelerator-hour"),
    "energy_cost": ("USD/MWh", "levelized cost of the energy delivered to the facility"),
    "time_to_power": ("yr", "time from decision to power"),
    "time_to_power_cost_per_gpu_hour": (
        "USD/h",
        "compute forgone while waiting for power (vs orbit), per delivered accelerator-hour",
    ),
    "water_per_gpu_hour": ("L", "water per accelerator-hour (site WUE + energy source)"),
    "co2_per_gpu_hour": ("kg", "life-cycle CO2-equivalent per accelerator-hour"),
    "land_area": ("acre", "land of site and energy source"),
}
#: Outputs of the selected option and of orbit only (derivable per option in the report).
_EXTRA_OUTPUTS: dict[str, tuple[str, str]] = {
    "cost_with_time_to_power": ("USD/h", "cost per accelerator-hour plus the time-to-power line"),
    "land_per_gpu": ("m^2", "land per accelerator (site + energy source)"),
}


def output_descriptions() -> dict[str, tuple[str, str]]:
    """Display unit and description of the outputs this package adds (for ``compare``)."""
    out: dict[str, tuple[str, str]] = {}
    for name in OPTIONS:
        for key, (unit, desc) in _OPTION_OUTPUTS.items():
            out[f"ground.{name}.{key}"] = (unit, f"{name}: {desc}")
    out["ground.solar_storage.delivered_fraction"] = ("1", "solar_storage: energy delivered")
    both = {**_OPTION_OUTPUTS, **_EXTRA_OUTPUTS}
    for key in ("time_to_power_cost_per_gpu_hour", "water_per_gpu_hour", "co2_per_gpu_hour"):
        unit, desc = both[key]
        out[f"orbit.{key}"] = (unit, f"orbit: {desc.replace(' (vs orbit)', ' (vs ground)')}")
        out[f"ground.{key}"] = (unit, f"selected ground option: {desc}")
    out["orbit.time_to_power"] = (both["time_to_power"][0], "orbit: time from decision to power")
    out["orbit.land_per_gpu"] = (both["land_per_gpu"][0], "orbit: land on Earth per accelerator")
    out["ground.energy_source"] = ("1", "selected ground option: 0 grid, 1 gas, 2 nuclear, 3 solar")
    return out


def option_value(row: Mapping[str, float], option: str, key: str) -> float | None:
    """Value of the ground output ``ground.<key>`` had ``option`` been selected.

    For the report: per-option outputs are read directly (``ground.<option>.<key>``); the
    facility lines shared by all options (IT hardware, facility, land capex, ...) come from
    ``ground.<key>``; the per-year and present-value totals are re-derived from the option's
    annual cost. ``row`` is one sample of ``Results.row``.
    """
    direct = f"ground.{option}.{key}"
    if direct in row:
        return row[direct]
    sel = OPTIONS[int(row["ground.energy_source"])]
    if option == sel and f"ground.{key}" in row:
        return row[f"ground.{key}"]
    if key.startswith("orbit."):
        return None

    def delivered(name: str) -> float:
        return row.get(f"ground.{name}.delivered_fraction", 1.0)

    d, d_sel = delivered(option), delivered(sel)
    gpu_hours = row["ground.gpu_hours_per_year"] / d_sel * d
    levelized = row["ground.levelized_gpu_hours_per_year"] / d_sel * d
    annual = row[f"ground.{option}.cost_per_gpu_hour"] * levelized
    facility_energy = row["ground.opex.electricity"] / (row[f"ground.{sel}.energy_cost"] * d_sel)
    electricity = row[f"ground.{option}.energy_cost"] * facility_energy * d
    derived = {
        "gpu_hours_per_year": gpu_hours,
        "annual_cost": annual,
        "opex.electricity": electricity,
        "cost_per_it_energy": annual / (row["ground.it_energy_per_year"] * d),
        "total_cost_pv": annual * row["ground.total_cost_pv"] / row["ground.annual_cost"],
        "opex_per_year": row["ground.opex_per_year"]
        - row["ground.opex.electricity"]
        - row["ground.opex.water"] * d_sel
        + electricity
        + row["ground.opex.water"] * d,
        "cost_with_time_to_power": row[f"ground.{option}.cost_per_gpu_hour"]
        + row[f"ground.{option}.time_to_power_cost_per_gpu_hour"],
        "land_per_gpu": row[f"ground.{option}.land_area"] / row["ground.n_accelerators"],
    }
    if key in derived:
        return derived[key]
    return row.get(f"ground.{key}")
