"""Capex, opex, delivered GPU-hours and levelized cost for each side.

Levelized cost follows the usual annualized form (NREL, Short et al. 1995):
``(sum_i capex_i x CRF(r, life_i) + opex per year) / delivered units per year``, where each
asset is renewed at the end of its own life, capital spent during construction carries
financing cost, and delivered GPU-hours are the discount-weighted mean over the asset's life.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import HOUR, YEAR
from orbitcompute.economics.comms import ground_station_annual, orbit_comms_capex, transit_annual
from orbitcompute.economics.finance import (
    annuity_factor,
    capital_recovery_factor,
    construction_financing_factor,
)
from orbitcompute.reliability.fleet import ground_reliability, orbit_reliability

HOURS_PER_YEAR = YEAR / HOUR


def accelerator_count(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """Number of accelerators the cluster's IT power supports [-]."""
    return p["cluster.it_power"] / p["compute.accelerator_power"]


def orbit_costs(
    p: Mapping[str, np.ndarray],
    d: Mapping[str, np.ndarray],
    c: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Orbit capex by line item, opex, delivered GPU-hours and levelized cost.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    d : mapping
        Output of :func:`orbitcompute.design.orbital.size_orbital`.
    c : mapping, optional
        Output of :func:`orbitcompute.design.comms.size_comms` (data links; none if omitted).
    """
    r = p["finance.discount_rate"]
    life = p["satellite.lifetime"]
    n_acc = accelerator_count(p)
    rel = orbit_reliability(p, d["n_satellites"])
    n_launched = n_acc * rel["launched_multiplier"]  # active slots plus spares
    hardware = n_launched * p["compute.accelerator_price"]
    hardening = hardware * p["compute.space_hardening_premium"]
    # Data links (issue 16): terminals priced per unit, not per kg of bus.
    comms = orbit_comms_capex(p, c) if c is not None else {"terminals": 0.0, "ground_stations": 0.0}
    terminal_mass = 0.0 if c is None else c["links.terminal_mass"] * d["n_satellites"]
    utilization = 1.0 if c is None else c["links.utilization"]
    bus_mass = d["total_mass"] - d["mass.compute"] - d["mass.propellant"] - terminal_mass
    satellites = bus_mass * p["satellite.cost_per_kg"]
    launch = d["launched_billed_mass"] * p["launch.price_per_kg"]
    insured = hardware + hardening + satellites + launch + comms["terminals"]
    insurance = insured * p["launch.insurance_rate"]
    fleet = insured + insurance
    fixed = p["operations.ground_segment_cost"] + p["nre.orbit"]

    idc = construction_financing_factor(r, p["satellite.deployment_time"])
    crf_life = capital_recovery_factor(r, life)
    #: Yearly cost of one USD of insured fleet capex: financed, recovered, operated.
    recovery = (1 + p["launch.insurance_rate"]) * (
        idc * crf_life + p["operations.orbit_cost_fraction"] * YEAR
    )
    crf_horizon = capital_recovery_factor(r, p["finance.horizon"])
    ops_rate = p["operations.orbit_cost_fraction"] * YEAR  # per year
    annual_capital = fleet * idc * crf_life + fixed * crf_horizon
    opex = ops_rate * (fleet + p["operations.ground_segment_cost"])
    opex = opex + rel["servicing_annual_cost"]
    stations = ground_station_annual(p, comms["ground_stations"], crf_horizon)
    annual = annual_capital + opex + stations

    if "delivered_fraction" in d:  # from a time-stepped simulation (compare --from-sim)
        availability = d["delivered_fraction"]
    else:
        availability = (
            d["sunlit_fraction"] + d["eclipse_fraction"] * p["battery.eclipse_load_fraction"]
        )
    # failures without repair, spares, servicing, radiation wear-out and upsets (issue 4)
    survival = rel["capacity_factor"]
    running = availability * survival
    transit = 0.0 if c is None else transit_annual(p, c["links.traffic"], running)
    annual = annual + transit
    # The links cap what the cluster delivers: idle compute is paid for and not delivered.
    gpu_hours = n_acc * HOURS_PER_YEAR * availability * rel["delivered_factor"] * utilization
    eq_hours = n_acc * HOURS_PER_YEAR * availability * rel["equivalent_factor"] * utilization
    billed_hours = np.where(p["reliability.levelize_on_equivalent"] >= 0.5, eq_hours, gpu_hours)
    it_energy = p["cluster.it_power"] * YEAR * running * utilization
    with np.errstate(divide="ignore", invalid="ignore"):
        cost_gpuh = annual / billed_hours
        # Attributable to moving data: what the links add, and the hours they leave idle.
        # terminals, plus their mass share of the launch and bus bills, recovered like the fleet
        mass_share = terminal_mass / d["total_mass"]
        data_annual = (
            recovery * (comms["terminals"] + mass_share * (launch + satellites))
            + stations
            + transit
        )
        data_cost = cost_gpuh - (annual - data_annual) * utilization / billed_hours
    # d(annual)/d(launch price): everything downstream of the launch bill is linear in it.
    launch_slope = (
        d["launched_billed_mass"] * (1 + p["launch.insurance_rate"]) * (idc * crf_life + ops_rate)
        + rel["servicing_launch_slope"]
    )
    return {
        "n_accelerators": n_launched,
        "capex.it_hardware": hardware,
        "capex.space_hardening": hardening,
        "capex.satellites": satellites,
        "capex.launch": launch,
        "capex.insurance": insurance,
        "capex.ground_segment": p["operations.ground_segment_cost"] + 0 * hardware,
        "capex.nre": p["nre.orbit"] + 0 * hardware,
        "capex.comms_terminals": comms["terminals"],
        "capex.data_ground_stations": comms["ground_stations"],
        "capex.total": fleet + fixed + comms["ground_stations"],
        "opex_per_year": opex + transit,
        "opex.transit": transit,
        "annual.data_ground_stations": stations,
        "data_cost_per_gpu_hour": data_cost,
        "annual_cost": annual,
        "availability": availability,
        "mean_surviving_fraction": survival,
        "eol_surviving_fraction": rel["eol_capacity"],
        "upset_availability": rel["upset_availability"],
        "dose_rate": rel["dose_rate"],
        "upset_rate": rel["upset_rate"],
        "servicing_cost_per_year": rel["servicing_annual_cost"],
        "gpu_hours_per_year": gpu_hours,
        "equivalent_gpu_hours_per_year": eq_hours,
        "levelized_gpu_hours_per_year": billed_hours,
        "it_energy_per_year": it_energy,
        "cost_per_gpu_hour": cost_gpuh,
        "cost_per_it_energy": annual / it_energy,
        "total_cost_pv": annual * annuity_factor(r, p["finance.horizon"]),
        "launch_cost_slope": launch_slope,
        "water_per_year": 0.0 * hardware,
        "land_area": 0.0 * hardware,
    }


def ground_costs(
    p: Mapping[str, np.ndarray], traffic: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Ground (grid-powered) capex by line item, opex, delivered GPU-hours and levelized cost.

    ``traffic`` is what the workload exchanges with its users at full compute [bit/s]; the
    ground data center pays internet transit on it (its fibre never limits the compute).
    """
    r = p["finance.discount_rate"]
    it = p["cluster.it_power"]
    n_acc = accelerator_count(p)
    rel = ground_reliability(p)
    hardware = n_acc * rel["launched_multiplier"] * p["compute.accelerator_price"]  # + spares
    facility = p["ground.facility_capex"] * it
    land_area = p["ground.land_per_power"] * it
    land = land_area * p["ground.land_price"]

    idc = construction_financing_factor(r, p["ground.construction_time"])
    annual_capital = (
        facility * idc * capital_recovery_factor(r, p["ground.facility_life"])
        + land * r  # land keeps its value: its annual cost is the return forgone
        + hardware * capital_recovery_factor(r, p["compute.hardware_life"])
    )
    repair = rel["capacity_factor"]  # repair with MTTR and on-site spares (issue 4)
    availability = p["ground.facility_availability"] * repair
    it_energy = it * YEAR * availability
    electricity = it_energy * p["ground.pue"] * p["ground.electricity_price"]
    water = it_energy * p["ground.wue"]  # m^3 per year
    water_cost = water * p["ground.water_price"]
    om = facility * p["ground.om_cost_fraction"] * YEAR
    transit = 0.0 if traffic is None else transit_annual(p, traffic, availability)
    opex = electricity + water_cost + om + transit
    annual = annual_capital + opex
    gpu_hours = n_acc * HOURS_PER_YEAR * availability
    eq_hours = gpu_hours * rel["equivalent_factor"] / rel["capacity_factor"]
    billed_hours = np.where(p["reliability.levelize_on_equivalent"] >= 0.5, eq_hours, gpu_hours)
    return {
        "n_accelerators": n_acc,
        "capex.it_hardware": hardware,
        "capex.facility": facility,
        "capex.land": land,
        "capex.total": hardware + facility + land,
        "opex.electricity": electricity,
        "opex.water": water_cost,
        "opex.operations": om,
        "opex.transit": transit + 0 * om,
        "data_cost_per_gpu_hour": transit / billed_hours,
        "opex_per_year": opex,
        "annual_cost": annual,
        "availability": availability,
        "gpu_hours_per_year": gpu_hours,
        "equivalent_gpu_hours_per_year": eq_hours,
        "levelized_gpu_hours_per_year": billed_hours,
        "it_energy_per_year": it_energy,
        "cost_per_gpu_hour": annual / billed_hours,
        "cost_per_it_energy": annual / it_energy,
        "total_cost_pv": annual * annuity_factor(r, p["finance.horizon"]),
        "water_per_year": water,
        "land_area": land_area,
    }


def breakeven_launch_price(
    orbit: Mapping[str, np.ndarray], ground: Mapping[str, np.ndarray], price: np.ndarray
) -> np.ndarray:
    """Launch price [USD/kg] at which orbit's $/GPU-hour equals the ground's.

    Orbit's annual cost is ``A0 + price x slope`` (linear in the launch price), so
    ``price* = (c_ground x GPUh_orbit - A0) / slope``; NaN when ``price* < 0`` (orbit costs
    more even with free launch).
    """
    a0 = orbit["annual_cost"] - price * orbit["launch_cost_slope"]
    target = ground["cost_per_gpu_hour"] * orbit["levelized_gpu_hours_per_year"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pstar = (target - a0) / orbit["launch_cost_slope"]
    return np.where(pstar >= 0, pstar, np.nan)
