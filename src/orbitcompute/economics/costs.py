"""Capex, opex, delivered GPU-hours and levelized cost for each side, line by line.

Levelized cost follows the usual annualized form (NREL, Short et al. 1995):
``(sum_i capex_i x CRF(r, life_i) + opex per year) / delivered units per year``, where each
asset is renewed at the end of its own life, capital spent during construction carries
financing cost, and delivered GPU-hours are the discount-weighted mean over the asset's life.

Every cost line is computed here once, per year (``annual.<line>`` [USD/yr]) and per
levelized GPU-hour (``cost.<line>`` [USD/h], the annual line divided by the GPU-hours the
headline divides by). The headline is the sum of the lines, so the lines add up to it by
construction; every interface (compare, verdict, report, dashboard, audits) shows these lines
and recomputes none.
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
    visits_pv_factor,
)
from orbitcompute.economics.repairs import repair_cost_per_year
from orbitcompute.registry import outputs
from orbitcompute.reliability.fleet import discount_rate_continuous

HOURS_PER_YEAR = YEAR / HOUR

#: Orbit cost lines, in display order. Fleet capital (IT, hardening, buses, launch, the data
#: link terminals and the insurance on them) is recovered with ``IDC(r, T_deploy) x
#: CRF(r, L_sat)``; the ground segment and NRE with ``CRF(r, horizon)``; operations are
#: ``operations.orbit_cost_fraction`` of the fleet and ground segment capex per year;
#: servicing is its own line; the data ground stations are recovered over the horizon with
#: their O&M, and internet transit is paid per bit (issue 16).
ORBIT_LINES: tuple[str, ...] = (
    "it_hardware",
    "space_hardening",
    "satellites",
    "launch",
    "insurance",
    "ground_segment",
    "nre",
    "operations",
    "servicing",
    "data_terminals",
    "data_stations",
    "transit",
)
#: Ground cost lines, in display order: IT with ``CRF(r, L_hw)``, the facility with
#: ``IDC(r, T_build) x CRF(r, L_facility)``, land at ``r`` (it keeps its value), then the
#: energy of the selected option, site water, O&M, repairs and internet transit per year.
GROUND_LINES: tuple[str, ...] = (
    "it_hardware",
    "facility",
    "land",
    "energy",
    "water",
    "operations",
    "repairs",
    "transit",
)
#: Both sides' lines in one display order (shared lines, IT hardware and operations, once).
LINE_ORDER: tuple[str, ...] = (
    "it_hardware",
    "space_hardening",
    "satellites",
    "facility",
    "launch",
    "insurance",
    "ground_segment",
    "land",
    "nre",
    "energy",
    "water",
    "operations",
    "repairs",
    "servicing",
    "data_terminals",
    "data_stations",
    "transit",
)


def accelerator_count(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """Number of accelerators the cluster's IT power supports [-].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (cluster.it_power, compute.accelerator_power).

    Returns
    -------
    numpy.ndarray
        Accelerators [-].
    """
    return p["cluster.it_power"] / p["compute.accelerator_power"]


def headline(
    p: Mapping[str, np.ndarray],
    annual_lines: Mapping[str, np.ndarray],
    gpu_hours: np.ndarray,
    equivalent_hours: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Annual cost [USD/yr], levelized GPU-hours [h/yr] and cost per GPU-hour [USD/h].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (reliability.levelize_on_equivalent).
    annual_lines : mapping
        Cost line name to annual cost [USD/yr].
    gpu_hours : array_like
        Delivered accelerator-hours per year [h/yr].
    equivalent_hours : array_like
        Delivered today's-equivalent accelerator-hours per year [h/yr].

    Returns
    -------
    tuple of numpy.ndarray
        Annual cost [USD/yr], levelized hours [h/yr] and cost per GPU-hour [USD/h].

    Notes
    -----
    The annual cost is the sum of the lines; the hours are the raw or the today's-equivalent
    ones as ``reliability.levelize_on_equivalent`` says.
    """
    annual = sum(annual_lines.values())
    billed = np.where(p["reliability.levelize_on_equivalent"] >= 0.5, equivalent_hours, gpu_hours)
    with np.errstate(divide="ignore", invalid="ignore"):
        return annual, billed, annual / billed


def levelized(
    p: Mapping[str, np.ndarray],
    annual_lines: Mapping[str, np.ndarray],
    gpu_hours: np.ndarray,
    equivalent_hours: np.ndarray,
    hours_bought: np.ndarray,
    it_energy: np.ndarray,
    totals: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The levelized totals of one side from its annual cost lines and delivered hours.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (discount rate, horizon, levelization flag).
    annual_lines : mapping
        Cost line name to annual cost [USD/yr].
    gpu_hours, equivalent_hours : array_like
        Delivered accelerator-hours per year, raw and in today's-accelerator equivalent [h/yr].
    hours_bought : array_like
        Accelerator-hours per year of every accelerator bought (spares included) [h/yr].
    it_energy : array_like
        IT energy delivered per year [J/yr].
    totals : tuple, optional
        ``(annual cost, levelized hours, cost per GPU-hour)`` when the caller has them already
        (same sum of the same lines, grouped differently); default :func:`headline`.

    Returns
    -------
    dict
        ``annual.<line>`` [USD/yr] and ``cost.<line>`` [USD/h] (each line over the levelized
        hours), ``annual_cost`` (their sum) and ``cost_per_gpu_hour`` (its ratio to the same
        hours, so the lines add up to it), the hours, yields, ``cost_per_it_energy`` [USD/J]
        and ``total_cost_pv`` [USD] (annual cost over the horizon's annuity).

    Notes
    -----
    The hours divided by are the raw or the today's-equivalent ones, as
    ``reliability.levelize_on_equivalent`` says (discount-weighted means in both cases, NREL,
    Short et al. 1995 levelized form).
    """
    if totals is None:
        totals = headline(p, annual_lines, gpu_hours, equivalent_hours)
    annual, billed, cost = totals
    with np.errstate(divide="ignore", invalid="ignore"):
        per_hour = 1.0 / billed
        return {
            **{f"annual.{k}": v for k, v in annual_lines.items()},
            **{f"cost.{k}": v * per_hour for k, v in annual_lines.items()},
            "annual_cost": annual,
            "gpu_hours_per_year": gpu_hours,
            "equivalent_gpu_hours_per_year": equivalent_hours,
            "levelized_gpu_hours_per_year": billed,
            "gpu_hour_yield": gpu_hours / hours_bought,
            "equivalent_gpu_hour_yield": equivalent_hours / hours_bought,
            "it_energy_per_year": it_energy,
            "cost_per_gpu_hour": cost,
            # obsolescence as its own figure, today's equivalent as a secondary metric (#15)
            "cost_per_equivalent_gpu_hour": annual / equivalent_hours,
            "obsolescence_cost_per_gpu_hour": annual / equivalent_hours - annual / gpu_hours,
            "cost_per_it_energy": annual / it_energy,
            "total_cost_pv": annual
            * annuity_factor(p["finance.discount_rate"], p["finance.horizon"]),
        }


def servicing_costs(
    p: Mapping[str, np.ndarray], rel: Mapping[str, np.ndarray], n_satellites: np.ndarray
) -> dict[str, np.ndarray]:
    """Servicing visits priced and annualized over the satellite life.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    rel : mapping
        Output of :func:`orbitcompute.reliability.fleet.orbit_reliability`
        (``servicing_replaced_per_visit`` [-], ``servicing_mass_per_visit`` [kg]).
    n_satellites : array_like
        Satellites visited [-].

    Returns
    -------
    dict
        ``annual`` [USD/yr] and ``launch_slope`` [kg/yr] (its derivative with respect to the
        launch price).

    Notes
    -----
    Per visit: ``satellites x cost per visit + replaced x hardened price + launch price x
    mass``; paid at every visit (PV factor :func:`~orbitcompute.economics.finance.
    visits_pv_factor`), recovered over the life with ``CRF(r, L_sat)``.
    """
    mass = rel["servicing_mass_per_visit"]
    if not np.any(rel["servicing_visits"] > 0):  # nobody services: skip the pricing
        return {"annual": 0.0 * mass, "launch_slope": 0.0 * mass}
    hw_price = p["compute.accelerator_price"] * (1.0 + p["compute.space_hardening_premium"])
    per_visit = (
        n_satellites * p["reliability.servicing_cost_per_visit"]
        + rel["servicing_replaced_per_visit"] * hw_price
        + p["launch.price_per_kg"] * mass
    )
    life = p["satellite.lifetime"]
    annuity = visits_pv_factor(
        life, p["reliability.servicing_interval"], discount_rate_continuous(p)
    ) * capital_recovery_factor(p["finance.discount_rate"], life)
    return {"annual": per_visit * annuity, "launch_slope": mass * annuity}


def orbit_costs(
    p: Mapping[str, np.ndarray],
    d: Mapping[str, np.ndarray],
    rel: Mapping[str, np.ndarray],
    c: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Orbit capex by line item, annual and per-GPU-hour cost lines, GPU-hours and the headline.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    d : mapping
        Output of :func:`orbitcompute.design.orbital.size_orbital`.
    rel : mapping
        Output of :func:`orbitcompute.reliability.fleet.orbit_reliability`.
    c : mapping, optional
        Output of :func:`orbitcompute.design.comms.size_comms` (the data links; none if
        omitted): their terminals, ground stations and transit are cost lines, and the share of
        compute they let the workload use scales the delivered GPU-hours.

    Returns
    -------
    dict
        ``capex.<item>`` [USD], ``annual.<line>`` [USD/yr] and ``cost.<line>`` [USD/h] for
        every line of :data:`ORBIT_LINES`, ``annual_cost`` (their sum), ``cost_per_gpu_hour``,
        GPU-hours per year, ``launch_cost_slope`` [kg/yr], ``data_cost_per_gpu_hour`` [USD/h]
        and the other totals.

    Notes
    -----
    What moving data adds per GPU-hour (``data_cost_per_gpu_hour``) is the headline minus the
    same design's cost without its data lines and with every hour delivered:
    ``c - (A - A_data) u / H``, where ``A_data`` is the terminals (and their mass share of the
    launch, bus, insurance and operations bills), the data ground stations and the transit, u
    the links' utilization and H the levelized hours.
    """
    r = p["finance.discount_rate"]
    n_acc = accelerator_count(p)
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
    ground_segment = p["operations.ground_segment_cost"] + 0.0 * hardware
    nre = p["nre.orbit"] + 0.0 * hardware

    k_fleet = construction_financing_factor(r, p["satellite.deployment_time"]) * (
        capital_recovery_factor(r, p["satellite.lifetime"])
    )
    # same rule on both sides (#15): buses and launch (the facility on the ground) are financed
    # over their build time, IT hardware from its purchase to its first work (the chip lag)
    k_it = construction_financing_factor(r, p["obsolescence.orbit_integration_lag"]) * (
        capital_recovery_factor(r, p["satellite.lifetime"])
    )
    insurance_it = (hardware + hardening) * p["launch.insurance_rate"]
    crf_horizon = capital_recovery_factor(r, p["finance.horizon"])
    ops_rate = p["operations.orbit_cost_fraction"] * YEAR  # per year
    service = servicing_costs(p, rel, d["n_satellites"])
    annual_lines = {
        "it_hardware": hardware * k_it,
        "space_hardening": hardening * k_it,
        "satellites": satellites * k_fleet,
        "launch": launch * k_fleet,
        "insurance": (insurance - insurance_it) * k_fleet + insurance_it * k_it,
        "ground_segment": ground_segment * crf_horizon,
        "nre": nre * crf_horizon,
        "operations": ops_rate * (fleet + ground_segment),
        "servicing": service["annual"],
        "data_terminals": comms["terminals"] * k_fleet,
        "data_stations": ground_station_annual(p, comms["ground_stations"], crf_horizon),
    }
    if "delivered_fraction" in d:  # from a time-stepped simulation (compare --from-sim)
        availability = d["delivered_fraction"]
    else:
        availability = d["compute_availability"]  # eclipse strategy (design.orbital)
    running = availability * rel["capacity_factor"]
    annual_lines["transit"] = 0.0 if c is None else transit_annual(p, c["links.traffic"], running)
    # failures without repair, spares, servicing, radiation wear-out and upsets (issue 4); the
    # data links cap what the cluster delivers: idle compute is paid for and not delivered
    out = levelized(
        p,
        annual_lines,
        gpu_hours=n_acc * HOURS_PER_YEAR * availability * rel["delivered_factor"] * utilization,
        equivalent_hours=n_acc
        * HOURS_PER_YEAR
        * availability
        * rel["equivalent_factor"]
        * utilization,
        hours_bought=n_launched * HOURS_PER_YEAR,
        it_energy=p["cluster.it_power"]
        * YEAR
        * availability
        * rel["capacity_factor"]
        * utilization,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        # heat rejection: the radiators' share of what the fleet's mass costs per year (built,
        # launched at the billed price per kg, insured, financed, operated)
        per_kg_year = (launch / d["total_mass"] + p["satellite.cost_per_kg"]) * (
            1.0 + p["launch.insurance_rate"]
        )
        cooling = d["mass.radiators"] * per_kg_year * (k_fleet + ops_rate)
        cooling = cooling / out["levelized_gpu_hours_per_year"]
        # moving data (issue 16): the data lines, the terminals' mass share of the fleet
        # bills, and the hours the links leave idle
        recovery = (1.0 + p["launch.insurance_rate"]) * (k_fleet + ops_rate)
        mass_share = terminal_mass / d["total_mass"]
        data_annual = (
            recovery * (comms["terminals"] + mass_share * (launch + satellites))
            + annual_lines["data_stations"]
            + annual_lines["transit"]
        )
        unlinked = (out["annual_cost"] - data_annual) * utilization
        data_cost = out["cost_per_gpu_hour"] - unlinked / out["levelized_gpu_hours_per_year"]
    # d(annual)/d(launch price): everything downstream of the launch bill is linear in it.
    launch_slope = (
        d["launched_billed_mass"] * (1 + p["launch.insurance_rate"]) * (k_fleet + ops_rate)
        + service["launch_slope"]
    )
    return {
        "n_accelerators": n_launched,
        "capex.it_hardware": hardware,
        "capex.space_hardening": hardening,
        "capex.satellites": satellites,
        "capex.launch": launch,
        "capex.insurance": insurance,
        "capex.ground_segment": ground_segment,
        "capex.nre": nre,
        "capex.data_terminals": comms["terminals"],
        "capex.data_stations": comms["ground_stations"],
        "capex.total": fleet + ground_segment + nre + comms["ground_stations"],
        **out,
        "opex_per_year": annual_lines["operations"]
        + annual_lines["servicing"]
        + annual_lines["transit"],
        "availability": availability,
        "cooling_cost_per_gpu_hour": cooling,
        "data_cost_per_gpu_hour": data_cost,
        "launch_cost_slope": launch_slope,
        "water_per_year": 0.0 * hardware,
        "land_area": 0.0 * hardware,
    }


def ground_facility(
    p: Mapping[str, np.ndarray],
    rel: Mapping[str, np.ndarray],
    traffic: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The parts of the ground costs that do not depend on the energy option.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    rel : mapping
        Output of :func:`orbitcompute.reliability.fleet.ground_reliability`.
    traffic : array_like, optional
        What the workload exchanges with its users at full compute [bit/s]: the facility pays
        internet transit on it (``transit`` [USD/yr] when powered all the time); its fibre
        never limits the compute.

    Returns
    -------
    dict
        ``capex.<item>`` [USD]; ``fixed.<line>`` [USD/yr]: the annual IT hardware, facility,
        land and O&M lines, and ``fixed`` their sum; and, for a facility powered all the time,
        its ``availability`` [-], ``it_energy`` and ``facility_energy`` [J/yr], ``water``
        [m^3/yr], ``water_cost`` [USD/yr] and GPU-hours [h/yr] (raw, equivalent, levelized,
        bought).
    """
    r = p["finance.discount_rate"]
    it = p["cluster.it_power"]
    n_acc = accelerator_count(p)
    hardware = n_acc * rel["launched_multiplier"] * p["compute.accelerator_price"]  # + spares
    facility = p["ground.facility_capex"] * it
    land_area = p["ground.land_per_power"] * it
    land = land_area * p["ground.land_price"]
    availability = p["ground.facility_availability"] * rel["capacity_factor"]
    it_energy = it * YEAR * availability
    gpu_hours = n_acc * HOURS_PER_YEAR * availability
    k_facility = construction_financing_factor(r, p["ground.construction_time"]) * (
        capital_recovery_factor(r, p["ground.facility_life"])
    )
    k_it = construction_financing_factor(r, p["obsolescence.ground_install_lag"]) * (
        capital_recovery_factor(r, p["compute.hardware_life"])
    )
    fixed = {
        "it_hardware": hardware * k_it,
        "facility": facility * k_facility,
        "land": land * r,  # land keeps its value: its annual cost is the return forgone
        "operations": facility * p["ground.om_cost_fraction"] * YEAR,
        # failed accelerators are swapped for spares and repaired: labour and parts (#15)
        "repairs": repair_cost_per_year(
            p["reliability.gpu_failure_rate"],
            n_acc,
            p["reliability.ground_repair_labour"],
            p["reliability.technician_rate"],
            p["reliability.ground_repair_parts_fraction"],
            p["compute.accelerator_price"],
        )
        * YEAR,
    }
    water = it_energy * p["ground.wue"]  # m^3 per year
    equivalent_hours = gpu_hours * rel["equivalent_factor"] / rel["capacity_factor"]
    return {
        "n_accelerators": n_acc + 0.0 * hardware,
        "capex.it_hardware": hardware,
        "capex.facility": facility,
        "capex.land": land,
        "capex.total": hardware + facility + land,
        **{f"fixed.{k}": v for k, v in fixed.items()},
        "fixed": sum(fixed.values()),
        "availability": availability,
        "it_energy": it_energy,
        "facility_energy": it_energy * p["ground.pue"],
        "water": water,
        "water_cost": water * p["ground.water_price"],
        "transit": 0.0 if traffic is None else transit_annual(p, traffic, availability),
        "gpu_hours": gpu_hours,
        "equivalent_hours": equivalent_hours,
        "billed_hours": np.where(
            p["reliability.levelize_on_equivalent"] >= 0.5, equivalent_hours, gpu_hours
        ),
        "hours_bought": n_acc * rel["launched_multiplier"] * HOURS_PER_YEAR,
    }


def _ground_totals(
    p: Mapping[str, np.ndarray],
    fac: Mapping[str, np.ndarray],
    energy_cost: np.ndarray,
    delivered: np.ndarray,
) -> tuple[dict[str, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Annual ground lines [USD/yr] on one energy option (:data:`GROUND_LINES` order) and the
    headline triple (annual cost [USD/yr], levelized hours [h/yr], cost per GPU-hour [USD/h])."""
    energy = fac["facility_energy"] * delivered * energy_cost
    water = fac["water_cost"] * delivered
    transit = fac["transit"] * delivered
    lines = {
        "it_hardware": fac["fixed.it_hardware"],
        "facility": fac["fixed.facility"],
        "land": fac["fixed.land"],
        "energy": energy,
        "water": water,
        "operations": fac["fixed.operations"],
        "repairs": fac["fixed.repairs"],
        "transit": transit,
    }
    annual = fac["fixed"] + energy + water + transit  # the same lines, fixed ones summed once
    billed = fac["billed_hours"] * delivered
    with np.errstate(divide="ignore", invalid="ignore"):
        return lines, (annual, billed, annual / billed)


def ground_cost_per_gpu_hour(
    p: Mapping[str, np.ndarray],
    fac: Mapping[str, np.ndarray],
    energy_cost: np.ndarray,
    delivered: np.ndarray,
) -> np.ndarray:
    """The ground headline [USD/h] on one energy option, alone.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    fac : mapping
        The option-independent facility (ground_facility).
    energy_cost : array_like
        The option's levelized energy cost [USD/J].
    delivered : array_like
        Energy delivered over energy demanded [-].

    Returns
    -------
    numpy.ndarray
        Ground cost per delivered GPU-hour [USD/h].

    Notes
    -----
    Exactly ``ground_costs(p, fac, energy_cost, delivered)["cost_per_gpu_hour"]`` (the same
    :func:`_ground_totals`), without the other outputs: ``evaluate()`` reports it for every
    option and everything else for the selected one.
    """
    return _ground_totals(p, fac, energy_cost, delivered)[1][2]


def ground_costs(
    p: Mapping[str, np.ndarray],
    fac: Mapping[str, np.ndarray],
    energy_cost: np.ndarray,
    delivered: np.ndarray,
) -> dict[str, np.ndarray]:
    """Ground capex by line item, annual and per-GPU-hour cost lines, GPU-hours and headline.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    fac : mapping
        Output of :func:`ground_facility`.
    energy_cost : array_like
        Levelized cost of the energy delivered to the facility [USD/J] of the energy option
        (:mod:`orbitcompute.ground.options`).
    delivered : array_like
        Share of the demanded energy the option delivers [-] (1 except solar + storage: the
        compute in the unserved hours is lost, and so is their energy and water).

    Returns
    -------
    dict
        ``capex.<item>`` [USD], ``annual.<line>`` [USD/yr] and ``cost.<line>`` [USD/h] for
        every line of :data:`GROUND_LINES`, ``annual_cost``, ``cost_per_gpu_hour`` and the
        other totals (:func:`levelized`).
    """
    annual_lines, totals = _ground_totals(p, fac, energy_cost, delivered)
    out = levelized(
        p,
        annual_lines,
        gpu_hours=fac["gpu_hours"] * delivered,
        equivalent_hours=fac["equivalent_hours"] * delivered,
        hours_bought=fac["hours_bought"],
        it_energy=fac["it_energy"] * delivered,
        totals=totals,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        # cooling: the facility energy above PUE 1 (on the selected option's energy) and water
        cooling = annual_lines["energy"] * (1.0 - 1.0 / p["ground.pue"]) + annual_lines["water"]
        cooling = cooling / out["levelized_gpu_hours_per_year"]
    return {
        **{k: fac[k] for k in ("n_accelerators", "capex.it_hardware", "capex.facility")},
        "capex.land": fac["capex.land"],
        "capex.total": fac["capex.total"],
        **out,
        "opex_per_year": annual_lines["energy"]
        + annual_lines["water"]
        + annual_lines["operations"]
        + annual_lines["repairs"]
        + annual_lines["transit"],
        "availability": fac["availability"] * delivered,
        "cooling_cost_per_gpu_hour": cooling,
        "water_per_year": fac["water"] * delivered,
    }


def cost_lines(row: Mapping[str, float]) -> list[dict[str, object]]:
    """The cost lines of one evaluated sample as every interface shows them.

    Parameters
    ----------
    row : mapping
        One sample of :meth:`orbitcompute.model.Results.row` (output name to value).

    Returns
    -------
    list of dict
        In :data:`LINE_ORDER`: ``line`` (the name after ``cost.``), ``label`` and ``unit`` from
        the outputs table, ``orbit`` and ``ground``: the ``<side>.cost.<line>`` outputs in
        that unit, None where a side has no such line. Each side sums to its
        ``cost_per_gpu_hour``; nothing is computed here but the unit conversion.
    """
    table = outputs()
    out: list[dict[str, object]] = []
    for line in LINE_ORDER:
        keys = {side: f"{side}.cost.{line}" for side in ("orbit", "ground")}
        keys = {side: k for side, k in keys.items() if k in table}
        first = table[next(iter(keys.values()))]
        out.append(
            {
                "line": line,
                "label": first.label,
                "unit": first.display_unit,
                **{
                    side: float(table[k].display(row[k])) if side in keys else None
                    for side, k in (("orbit", keys.get("orbit")), ("ground", keys.get("ground")))
                },
            }
        )
    return out


def breakeven_launch_price(
    orbit: Mapping[str, np.ndarray], ground: Mapping[str, np.ndarray], price: np.ndarray
) -> np.ndarray:
    """Launch price [USD/kg] at which orbit's $/GPU-hour equals the ground's.

    Parameters
    ----------
    orbit : mapping
        Orbit outputs of orbit_costs (annual cost, launch slope, hours).
    ground : mapping
        Ground outputs (cost per GPU-hour).
    price : array_like
        The scenario launch price [USD/kg].

    Returns
    -------
    numpy.ndarray
        Breakeven launch price [USD/kg]; NaN when orbit costs more even with free launch.

    Notes
    -----
    Orbit's annual cost is ``A0 + price x slope`` (linear in the launch price), so
    ``price* = (c_ground x GPUh_orbit - A0) / slope``; NaN when ``price* < 0`` (orbit costs
    more even with free launch).
    """
    a0 = orbit["annual_cost"] - price * orbit["launch_cost_slope"]
    target = ground["cost_per_gpu_hour"] * orbit["levelized_gpu_hours_per_year"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pstar = (target - a0) / orbit["launch_cost_slope"]
    return np.where(pstar >= 0, pstar, np.nan)
