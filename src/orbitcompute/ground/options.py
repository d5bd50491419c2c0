"""Energy options of the ground facility: grid, on-site gas, nuclear, solar + storage.

Each option is a pure vectorized function of registry parameters (SI arrays) returning a dict
of arrays (plain floats where a value cannot vary; they broadcast), all per W of facility load
(IT power x PUE) or per J delivered to the facility:

``energy_cost`` [USD/J]
    levelized cost of the energy delivered to the facility.
``capex`` [USD/W]
    capital of the energy plant per W of facility load (0 for grid and a nuclear PPA).
``fuel_cost`` [USD/J], ``capacity_factor`` [-]
``co2_intensity`` [kg/J]
    life-cycle CO2-equivalent per J delivered.
``water_intensity`` [m^3/J]
    water consumed at the energy source per J delivered (the site's cooling water is WUE).
``land`` [m^2/W]
    land of the energy source per W of facility load (grid: not attributed).
``lead_time`` [s]
    time from decision to power from this source.
``delivered_fraction`` [-]
    energy delivered over energy demanded (1 except for solar + storage, which leaves
    ``1 - target`` of the hours unserved; that compute is lost).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import YEAR
from orbitcompute.economics.finance import capital_recovery_factor
from orbitcompute.ground import solar
from orbitcompute.ground.lcoe import levelized_cost

#: Option names, in the order of the ``ground.energy_source`` index.
OPTIONS: tuple[str, ...] = ("grid", "gas", "nuclear", "solar_storage")

P = Mapping[str, np.ndarray]


def grid(p: P) -> dict[str, np.ndarray]:
    """Grid electricity at the facility's tariff (``ground.electricity_price``).

    The tariff already carries the utility's capital; the wait is the interconnection queue.
    """
    price = np.asarray(p["ground.electricity_price"], dtype=float)
    return {
        "energy_cost": price,
        "capex": 0.0,
        "fuel_cost": 0.0,
        "capacity_factor": 1.0,
        "co2_intensity": p["ground.grid.co2_intensity"],
        "water_intensity": p["ground.grid.water_intensity"],
        "land": 0.0,
        "lead_time": p["ground.grid.interconnection_wait"],
        "delivered_fraction": 1.0,
    }


def gas(p: P) -> dict[str, np.ndarray]:
    """On-site gas generation with N+1 redundancy.

    Notes
    -----
    Installed capacity is ``redundancy`` W per W of load, so the plant's capacity factor is
    ``1 / redundancy``; fuel ``= price x heat rate``; CO2 ``= emission factor x heat rate x
    (1 + upstream fraction)``.
    """
    red = p["ground.gas.redundancy"]
    fuel = p["ground.gas.fuel_price"] * p["ground.gas.heat_rate"]
    cf = 1.0 / red
    lcoe = levelized_cost(
        p["ground.gas.capex"],
        p["ground.gas.fixed_om"],
        cf,
        p["finance.discount_rate"],
        p["ground.gas.life"],
        p["ground.gas.variable_om"],
        fuel,
    )
    co2 = p["ground.gas.emission_factor"] * p["ground.gas.heat_rate"]
    return {
        "energy_cost": lcoe,
        "capex": p["ground.gas.capex"] * red,
        "fuel_cost": fuel,
        "capacity_factor": cf,
        "co2_intensity": co2 * (1.0 + p["ground.gas.upstream_fraction"]),
        "water_intensity": p["ground.gas.water_intensity"],
        "land": p["ground.gas.land_per_power"] * red,
        "lead_time": p["ground.gas.lead_time"],
        "delivered_fraction": 1.0,
    }


def nuclear(p: P) -> dict[str, np.ndarray]:
    """Nuclear power: a PPA price (``ground.nuclear.ppa`` = 1) or an owned plant's LCOE.

    Notes
    -----
    Owned: installed capacity ``1 / availability`` W per W of load (the grid or spare units
    cover outages at the same price), ``LCOE = (capex CRF + FOM) / availability + fuel``.
    """
    avail = p["ground.nuclear.availability"]
    ppa = p["ground.nuclear.ppa"] > 0.5
    if np.all(ppa):  # the usual case: skip the owned-plant levelizing
        lcoe = p["ground.nuclear.ppa_price"]
    else:
        own = levelized_cost(
            p["ground.nuclear.capex"],
            p["ground.nuclear.fixed_om"],
            avail,
            p["finance.discount_rate"],
            p["ground.nuclear.life"],
            0.0,
            p["ground.nuclear.fuel_cost"],
        )
        lcoe = np.where(ppa, p["ground.nuclear.ppa_price"], own)
    return {
        "energy_cost": lcoe,
        "capex": np.where(ppa, 0.0, p["ground.nuclear.capex"] / avail),
        "fuel_cost": p["ground.nuclear.fuel_cost"],
        "capacity_factor": avail,
        "co2_intensity": p["ground.nuclear.co2_intensity"],
        "water_intensity": p["ground.nuclear.water_intensity"],
        "land": p["ground.nuclear.land_per_power"] / avail,
        "lead_time": p["ground.nuclear.lead_time"],
        "delivered_fraction": 1.0,
    }


def solar_annual_costs(p: P) -> tuple[np.ndarray, np.ndarray]:
    """Annualized cost of 1 W DC of array and of 1 J of storage capacity [USD/(W s), USD/(J s)].

    Notes
    -----
    ``C_pv = capex CRF(r, n_pv) / yr + FOM + lease x land per W``;
    ``C_b = capex_b (CRF(r, n_b) / yr + FOM fraction)``.
    """
    r = p["finance.discount_rate"]
    c_pv = (
        p["ground.solar.pv_capex"] * capital_recovery_factor(r, p["ground.solar.pv_life"]) / YEAR
        + p["ground.solar.pv_fixed_om"]
        + p["ground.solar.land_lease"] * p["ground.solar.land_per_power"]
    )
    c_b = p["ground.solar.battery_capex"] * (
        capital_recovery_factor(r, p["ground.solar.battery_life"]) / YEAR
        + p["ground.solar.battery_fixed_om"]
    )
    return c_pv, c_b


def solar_storage(p: P) -> dict[str, np.ndarray]:
    """Off-grid PV + battery sized with pvlib for a reliability target (see :mod:`.solar`).

    Notes
    -----
    Cost per W of load per second ``C_pv (a* + r b*)`` with ``r = C_b / C_pv``; LCOE of the
    delivered energy divides by the delivered fraction ``D``. CO2 per delivered J:
    ``PV intensity x a* CF / D + battery embodied x b* / (battery life x D)``.
    """
    c_pv, c_b = solar_annual_costs(p)
    t = solar.lookup(
        p["ground.solar.site"],
        p["ground.solar.tracking"],
        p["ground.solar.reliability_target"],
        c_b / c_pv,
        p["ground.solar.battery_round_trip_efficiency"],
        p["ground.solar.system_losses"],
        p["ground.solar.inverter_efficiency"],
        p["ground.solar.temperature_coefficient"],
    )
    a, b, d, cf = t["array"], t["storage"], t["delivered"], t["capacity_factor"]
    lcoe = c_pv * t["cost_units"] / d
    co2 = p["ground.solar.co2_intensity"] * a * cf / d + p["ground.solar.battery_co2"] * b / (
        p["ground.solar.battery_life"] * d
    )
    return {
        "energy_cost": lcoe,
        "capex": p["ground.solar.pv_capex"] * a + p["ground.solar.battery_capex"] * b,
        "fuel_cost": 0.0,
        "capacity_factor": cf,
        "co2_intensity": co2,
        "water_intensity": p["ground.solar.water_intensity"] * a * cf / d,
        "land": p["ground.solar.land_per_power"] * a,
        "lead_time": p["ground.solar.lead_time"],
        "delivered_fraction": d,
        "array_per_load": a,
        "storage_per_load": b,
        "served_hours": t["served"],
    }


FUNCTIONS = {"grid": grid, "gas": gas, "nuclear": nuclear, "solar_storage": solar_storage}


def energy_options(p: P) -> dict[str, dict[str, np.ndarray]]:
    """All four options for the parameters ``p`` (registry names to SI arrays)."""
    return {name: FUNCTIONS[name](p) for name in OPTIONS}


def option_choices() -> dict[str, dict[str, float]]:
    """The ``ground.energy_option`` choice: option name -> registry values it sets."""
    out = {name: {"ground.energy_source": float(i)} for i, name in enumerate(OPTIONS)}
    out["cheapest"] = {"ground.energy_source": float(len(OPTIONS))}  # time to power included
    return out


def site_choices() -> dict[str, dict[str, float]]:
    """The ``ground.solar_site`` choice: site name -> registry values it sets."""
    return {name: {"ground.solar.site": float(i)} for name, i in solar.SITE_NAMES.items()}
