"""Size an orbital data center: power, heat, mass per satellite, fleet and launches.

Composes the physics modules into one vectorized chain of small named steps (orbit, fleet,
eclipse strategy, power, thermal, mass, propulsion, launch packing, feasibility), each a pure
function of the registry names ``p`` and the steps before it. Input ``p`` maps registry names to
SI arrays (broadcastable); the output maps result names (without the ``orbit.`` prefix) to
arrays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.design.launch import satellites_per_launch, stowed_volume
from orbitcompute.physics import atmosphere, battery, orbit, power, propulsion, thermal
from orbitcompute.reliability.radiation import shielding_mass

P = Mapping[str, np.ndarray]
Step = dict[str, np.ndarray]

#: Feasibility codes in ``orbit.infeasible`` (0 = feasible). When several constraints fail,
#: the lowest code is reported: the order is the order of the design chain.
INFEASIBLE = {
    0: "feasible",
    1: "radiator cannot reject heat: the environment absorbs at least what the panel emits",
    2: "propellant: tank mass fraction x (exp(dv / Isp g0) - 1) >= 1, no propellant load closes",
    3: "one satellite is heavier than one launch can carry or larger than its fairing volume",
    4: "launch.satellites_per_launch asks for more satellites than fit one launch's mass or "
    "fairing volume",
    6: "the compute never works: restarts after the eclipses take all the sunlit time "
    "(battery.safe_mode_restart_time too long for the orbit's eclipses)",
    5: "radiator hotter than the accelerators' coolant limit allows "
    "(thermal.radiator_temperature above thermal.max_coolant_temperature + "
    "thermal.radiator_coolant_offset)",
    7: "the data links carry none of the workload's traffic (no data ground station sees the "
    "orbit under a clear sky, or no terminal is allowed)",
}

#: Named eclipse strategies (the scenario choice ``battery.eclipse_strategy``): registry values
#: in registry units; an explicit ``battery.eclipse_load_fraction`` overrides the throttle level.
ECLIPSE_STRATEGIES: dict[str, dict[str, float]] = {
    "ride-through": {"battery.safe_mode": 0.0, "battery.eclipse_load_fraction": 1.0},
    "throttle": {"battery.safe_mode": 0.0, "battery.eclipse_load_fraction": 0.5},
    "compute-off": {"battery.safe_mode": 0.0, "battery.eclipse_load_fraction": 0.0},
    "safe-mode": {"battery.safe_mode": 1.0},
}

#: ``orbit.launch_limit`` values: which limit sets the satellites per launch.
LAUNCH_LIMITS = {0: "shared launch (billed by mass)", 1: "payload mass", 2: "fairing volume"}


def orbit_geometry(p: P, geometry: Mapping[str, float] | None = None) -> Step:
    """Period [s], sunlit and eclipse fractions [-], longest eclipse [s] and eclipses per
    unit time [1/s], from the static model or a simulation's results (``geometry``).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    geometry : mapping, optional
        Simulated sunlit fraction [-], longest eclipse [s] and optionally delivered fraction [-]
        replacing the static geometry.

    Returns
    -------
    Step
        Period [s], sunlit and eclipse fractions [-], longest eclipse [s] and eclipse cycles per
        year.
    """
    h = p["orbit.altitude"]
    args = (h, p["orbit.sun_synchronous"], p["orbit.ltan"], p["orbit.inclination"])
    if geometry is None:
        sunlit, longest = orbit.annual_eclipse(*args)
    else:
        sunlit = np.asarray(geometry["orbit.sunlit_fraction"], dtype=float) + 0.0 * h
        longest = np.asarray(geometry["orbit.longest_eclipse"], dtype=float) + 0.0 * h
    if geometry is not None and "orbit.eclipse_cycles_per_year" in geometry:
        cycles = np.asarray(geometry["orbit.eclipse_cycles_per_year"], dtype=float) + 0.0 * h
    else:
        cycles = battery.eclipse_cycles_per_year(*args)
    return {
        "period": orbit.orbital_period(h),
        "sunlit_fraction": sunlit,
        "eclipse_fraction": 1.0 - sunlit,
        "longest_eclipse": longest,
        "eclipse_cycles_per_year": cycles,
    }


def fleet_size(p: P) -> Step:
    """Satellites [-] (whole satellites of at most ``satellite.it_power``) and IT power per
    satellite [W].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).

    Returns
    -------
    Step
        Satellites [-] and IT power per satellite [W].
    """
    n_sat = np.ceil(p["cluster.it_power"] / p["satellite.it_power"] - 1e-9)
    return {"n_satellites": n_sat, "it_power_per_satellite": p["cluster.it_power"] / n_sat}


def satellite_loads(p: P, it_sat: np.ndarray, comms_power: np.ndarray | float = 0.0) -> Step:
    """Loads of one satellite in sunlight and in eclipse [W] under the eclipse strategy.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    it_sat : numpy.ndarray
        IT power of one satellite [W].
    comms_power : numpy.ndarray or float, optional
        Power of the satellite's data terminals [W] (:mod:`orbitcompute.design.comms`); a bus
        load that runs in sunlight and eclipse.

    Returns
    -------
    Step
        Loads of one satellite in sunlight and eclipse [W].

    Notes
    -----
    The bus always runs. Carry (``battery.safe_mode`` = 0): the accelerators keep
    ``battery.eclipse_load_fraction`` of their power through eclipse (1 rides through at full
    compute; below 1 they are power-capped, delivering compute in proportion; below
    ``compute.min_power_fraction``, the lowest power cap, they are switched off). Safe mode:
    accelerators off, the bus at ``battery.safe_mode_load_fraction`` of its power.
    The data-link terminals (``comms_power`` [W], :mod:`orbitcompute.design.comms`) are part
    of the bus. Returns ``bus_power``, ``load`` (sunlit, at the bus), ``eclipse_load``,
    ``safe_mode_load``
    [W], ``compute_share`` (share of IT power run in eclipse) [-] and ``off`` (accelerators
    switched off in eclipse).
    """
    bus = p["power.bus_power_fraction"] * it_sat + comms_power
    conv = p["power.conversion_efficiency"]
    load = (it_sat + bus) / conv  # drawn from array or battery
    safe = p["battery.safe_mode"] >= 0.5
    f = p["battery.eclipse_load_fraction"]
    off = safe | (f < p["compute.min_power_fraction"])
    compute_share = np.where(off, 0.0, f)
    bus_share = np.where(safe, p["battery.safe_mode_load_fraction"], 1.0)
    return {
        "bus_power": bus,
        "load": load,
        "eclipse_load": (bus * bus_share + it_sat * compute_share) / conv,
        "safe_mode_load": p["battery.safe_mode_load_fraction"] * bus / conv,
        "compute_share": compute_share,
        "off": off,
    }


def eclipse_strategy(p: P, fleet: Step, geo: Step) -> Step:
    """Loads in sunlight and eclipse [W] (:func:`satellite_loads`) and the share of the year
    the compute works [-]: switching the accelerators off costs
    ``battery.safe_mode_restart_time`` per eclipse (checkpoint before, resume after).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    fleet : Step
        Output of :func:`fleet_size`.
    geo : Step
        Output of :func:`orbit_geometry`.

    Returns
    -------
    Step
        Loads in sunlight and eclipse [W] and the share of the year the compute runs [-].
    """
    loads = satellite_loads(p, fleet["it_power_per_satellite"], fleet.get("comms_power", 0.0))
    restart = np.where(
        loads["off"], geo["eclipse_cycles_per_year"] * p["battery.safe_mode_restart_time"], 0.0
    )
    availability = geo["sunlit_fraction"] + geo["eclipse_fraction"] * loads["compute_share"]
    return {**loads, "compute_availability": np.maximum(availability - restart, 0.0)}


def array_temperature(p: P) -> tuple[np.ndarray, np.ndarray]:
    """Array equilibrium temperature at aphelion [K] and its output factor [-]
    (:func:`orbitcompute.physics.power.array_temperature`,
    :func:`orbitcompute.physics.power.cell_temperature_factor`).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).

    Returns
    -------
    tuple of numpy.ndarray
        Array equilibrium temperature at aphelion [K] and its output factor [-].
    """
    s_aph = p["power.solar_constant"] * power.aphelion_irradiance_factor()
    t_array = power.array_temperature(
        s_aph,
        p["power.array_absorptivity"],
        p["power.array_emissivity"],
        p["power.cell_efficiency"] * p["power.packing_factor"],
        p["power.array_earth_view_factor"],
        p["thermal.earth_ir_flux"],
        p["thermal.albedo"] * s_aph * p["thermal.albedo_orbit_factor"],
    )
    return t_array, power.cell_temperature_factor(t_array, p["power.cell_temperature_coefficient"])


def power_system(p: P, geo: Step, loads: Step) -> Step:
    """Battery sized for the longest eclipse at a depth of discharge within the cell's cycle
    life (and for a safe-mode contingency), and arrays sized for end of life at their
    operating temperature.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    geo : Step
        Output of :func:`orbit_geometry`.
    loads : Step
        Output of :func:`eclipse_strategy`.

    Returns
    -------
    Step
        Array power [W], area [m^2] and mass [kg]; battery energy [J] and mass [kg].
    """
    rte = p["battery.round_trip_efficiency"]
    eclipse_energy = loads["eclipse_load"] * geo["longest_eclipse"]
    p_charge = power.charge_power(eclipse_energy, geo["period"] - geo["longest_eclipse"], rte)
    eol_power = loads["load"] + p_charge
    life = p["satellite.lifetime"]
    degr = power.lifetime_degradation(p["power.degradation_rate"], life)
    t_array, f_temp = array_temperature(p)
    bol_power = power.array_bol_power(eol_power, degr, p["power.pointing_efficiency"], f_temp)
    area = power.array_area(
        bol_power, p["power.solar_constant"], p["power.cell_efficiency"], p["power.packing_factor"]
    )
    # nameplate: the eclipse within the depth of discharge -- the designer's, capped by the
    # cell's cycle life for the orbit's eclipses over the life -- or a safe-mode contingency
    # (attitude loss, no sun) drawn down to empty once
    cycles = battery.cycles_over_life(geo["eclipse_cycles_per_year"], life)
    dod_max = battery.max_depth_of_discharge(cycles, p["battery.chemistry"])
    dod = np.minimum(p["battery.depth_of_discharge"], dod_max)
    contingency = loads["safe_mode_load"] * p["battery.contingency_autonomy"]
    capacity = np.maximum(
        power.battery_capacity(eclipse_energy, dod, rte),
        power.battery_capacity(contingency, 1.0, rte),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        depth = np.where(capacity > 0, eclipse_energy / (capacity * np.sqrt(rte)), 0.0)
    return {
        "eclipse_energy": eclipse_energy,
        "charge_power": p_charge,
        "array_power_eol": eol_power,
        "array_power_bol": bol_power,
        "array_area": area,
        "array_temperature": t_array,
        "array_temperature_factor": f_temp,
        "battery_energy": capacity,
        "battery_cycle_depth": depth,
        "battery_cycles": cycles,
        "battery_max_depth_of_discharge": dod_max,
    }


def thermal_system(p: P, loads: Step, pw: Step) -> Step:
    """Heat to reject [W], net radiator flux [W/m^2], radiator area [m^2] and the hottest
    radiator the coolant loop allows [K].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    loads : Step
        Output of :func:`eclipse_strategy`.
    pw : Step
        Output of :func:`power_system`.

    Returns
    -------
    Step
        Heat [W], net radiator flux [W/m^2], radiator area [m^2] and mass [kg].
    """
    rte = p["battery.round_trip_efficiency"]
    heat = loads["load"] + pw["charge_power"] * (1.0 - np.sqrt(rte))
    q_emit = thermal.emitted_flux(
        p["thermal.radiator_temperature"],
        p["thermal.emissivity"],
        p["thermal.sides"],
        p["thermal.fin_efficiency"],
    )
    q_abs = thermal.absorbed_flux(
        p["power.solar_constant"],
        p["thermal.solar_absorptivity"],
        p["thermal.emissivity"],
        p["thermal.sun_view_factor"],
        p["thermal.earth_view_factor"],
        p["thermal.earth_ir_flux"],
        p["thermal.albedo"],
        p["thermal.albedo_orbit_factor"],
        p["thermal.sides"],
    )
    q_net = q_emit - q_abs
    return {
        "heat_load": heat,
        "radiator_net_flux": q_net,
        "radiator_area": thermal.radiator_area(heat, q_net),
        "radiator_max_temperature": thermal.max_radiator_temperature(
            p["thermal.max_coolant_temperature"], p["thermal.radiator_coolant_offset"]
        ),
    }


def mass_budget(p: P, fleet: Step, pw: Step, th: Step) -> Step:
    """Dry mass by subsystem for one satellite [kg] (spare accelerators fly too).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    fleet : Step
        Output of :func:`fleet_size`.
    pw : Step
        Output of :func:`power_system`.
    th : Step
        Output of :func:`thermal_system`.

    Returns
    -------
    Step
        Dry mass by subsystem for one satellite [kg].
    """
    it_sat = fleet["it_power_per_satellite"]
    it_launched = it_sat * (1.0 + p["reliability.orbit_spares_fraction"])
    m = {
        "compute": it_launched * p["compute.specific_mass"],
        "shielding": shielding_mass(
            p["shielding.areal_density"], p["shielding.enclosure_area_per_power"], it_launched
        ),
        "arrays": pw["array_power_bol"] / p["power.array_specific_power"],
        "batteries": pw["battery_energy"] / p["battery.specific_energy"],
        "radiators": th["radiator_area"] * p["thermal.radiator_areal_density"],
        "comms": p["comms.mass_per_satellite"] + fleet.get("comms_mass", 0.0) + 0.0 * it_sat,
        "avionics": p["satellite.avionics_mass"] + 0.0 * it_sat,
    }
    carried = sum(m.values())
    m["structure"] = p["structure.mass_fraction"] * carried
    return m


def propulsion_budget(p: P, geo: Step, pw: Step, th: Step, dry: np.ndarray) -> Step:
    """Drag make-up and deorbit delta-v [m/s], propellant and propulsion dry mass [kg].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    geo : Step
        Output of :func:`orbit_geometry`.
    pw : Step
        Output of :func:`power_system`.
    th : Step
        Output of :func:`thermal_system`.
    dry : numpy.ndarray
        Dry mass of one satellite before propulsion [kg].

    Returns
    -------
    Step
        Delta-v [m/s], propellant and propulsion dry mass [kg].
    """
    h = p["orbit.altitude"]
    drag_area = p["propulsion.drag_area_fraction"] * (pw["array_area"] + th["radiator_area"])
    rho = atmosphere.density(h, p["atmosphere.density_factor"])
    a_drag = propulsion.drag_acceleration(
        rho, orbit.orbital_speed(h), p["propulsion.drag_coefficient"], drag_area / dry
    )
    delta_v = a_drag * p["satellite.lifetime"] + propulsion.deorbit_delta_v(
        h, p["propulsion.deorbit_perigee"]
    )
    m_prop = propulsion.propellant_mass(
        dry, delta_v, p["propulsion.isp"], p["propulsion.tank_mass_fraction"]
    )
    return {
        "delta_v": delta_v + 0.0 * geo["period"],
        "propellant": m_prop,
        "propulsion": p["propulsion.tank_mass_fraction"] * m_prop,
    }


def launch_packing(p: P, fleet: Step, pw: Step, th: Step, masses: Step, m_sat: np.ndarray) -> Step:
    """Stowed volume [m^3], satellites per launch [-], launches [-] and the billed mass [kg].

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    fleet : Step
        Output of :func:`fleet_size`.
    pw : Step
        Output of :func:`power_system`.
    th : Step
        Output of :func:`thermal_system`.
    masses : Step
        Output of :func:`mass_budget`.
    m_sat : numpy.ndarray
        Wet mass of one satellite [kg].

    Returns
    -------
    Step
        Stowed volume [m^3], satellites per launch [-], launches [-] and billed mass [kg].
    """
    n_sat = fleet["n_satellites"]
    # everything but the deployables, summed (not m_sat minus them: inf - inf when a radiator
    # cannot reject its heat)
    body = sum(v for k, v in masses.items() if k not in ("arrays", "radiators"))
    volume = stowed_volume(
        body,
        p["satellite.stowed_density"],
        pw["array_power_bol"],
        p["power.array_stowed_power_density"],
        th["radiator_area"],
        p["thermal.radiator_stowed_thickness"],
    )
    usable_mass = p["launch.payload_capacity"] * p["launch.packing_efficiency"]
    usable_volume = p["launch.fairing_volume"] * p["launch.volume_fill_fraction"]
    per_launch, fits, limit = satellites_per_launch(
        m_sat, volume, usable_mass, usable_volume, p["launch.satellites_per_launch"]
    )
    dedicated = p["launch.dedicated"] >= 0.5
    total_mass = n_sat * m_sat
    with np.errstate(divide="ignore", invalid="ignore"):
        launches_dedicated = np.ceil(n_sat / np.maximum(per_launch, 1.0))
        launches_shared = np.ceil(
            np.maximum(total_mass / usable_mass, n_sat * volume / usable_volume) - 1e-9
        )
    n_launches = np.where(dedicated, launches_dedicated, launches_shared)
    billed = np.where(dedicated, n_launches * p["launch.payload_capacity"], total_mass)
    return {
        "satellite_volume": volume,
        "satellites_per_launch": np.where(dedicated, per_launch, fits),
        "satellites_fit_per_launch": fits,
        "launch_limit": np.where(dedicated, limit, 0.0),
        "n_launches": n_launches,
        "launched_billed_mass": billed,
        "launch_fill_fraction": np.where(billed > 0, total_mass / billed, 1.0),
        "dedicated": dedicated,
        "total_mass": total_mass,
    }


def feasibility(p: P, loads: Step, pw: Step, th: Step, prop: Step, ln: Step) -> np.ndarray:
    """The first constraint the design breaks, as a code of :data:`INFEASIBLE` (0: none).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    loads : Step
        Output of :func:`eclipse_strategy`.
    pw : Step
        Output of :func:`power_system`.
    th : Step
        Output of :func:`thermal_system`.
    prop : Step
        Output of :func:`propulsion_budget`.
    ln : Step
        Output of :func:`launch_packing`.

    Returns
    -------
    numpy.ndarray
        Code of :data:`INFEASIBLE` [-] (0: feasible).
    """
    dedicated = ln["dedicated"]
    cap = p["launch.satellites_per_launch"]
    return np.select(
        [
            ~np.isfinite(th["radiator_area"]),
            ~np.isfinite(prop["propellant"]),
            dedicated & (ln["satellites_fit_per_launch"] < 1),
            dedicated & (cap >= 1) & (cap > ln["satellites_fit_per_launch"]),
            p["thermal.radiator_temperature"] > th["radiator_max_temperature"] + 1e-9,
            ~(loads["compute_availability"] > 0),
        ],
        [1, 2, 3, 4, 5, 6],
        default=0,
    )


def size_orbital(
    p: P, geometry: Mapping[str, float] | None = None, comms: P | None = None
) -> dict[str, np.ndarray]:
    """Size the orbital segment.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    geometry : mapping, optional
        Orbit results that replace the static ones (from a time-stepped simulation, see
        :func:`orbitcompute.sim.static_inputs`, or computed exactly by the optimizer):
        ``orbit.sunlit_fraction`` [-], ``orbit.longest_eclipse`` [s], optionally
        ``orbit.eclipse_cycles_per_year`` [1/s] and ``orbit.delivered_fraction`` [-].
    comms : mapping, optional
        Data-link terminals from :func:`orbitcompute.design.comms.size_comms`: their mass
        ``links.terminal_mass`` [kg] and power ``links.terminal_power`` [W] per satellite join
        the mass, power and thermal budgets (issue 16).

    Returns
    -------
    dict
        Orbit geometry, per-satellite power/thermal/mass budget, fleet and launch counts, and
        ``infeasible`` (a code of :data:`INFEASIBLE`).
    """
    geo = orbit_geometry(p, geometry)
    fleet = fleet_size(p)
    if comms is not None:  # data-link terminals (issue 16)
        fleet["comms_mass"] = comms["links.terminal_mass"]
        fleet["comms_power"] = comms["links.terminal_power"]
    loads = eclipse_strategy(p, fleet, geo)
    pw = power_system(p, geo, loads)
    th = thermal_system(p, loads, pw)
    masses = mass_budget(p, fleet, pw, th)
    dry = sum(masses.values())
    prop = propulsion_budget(p, geo, pw, th, dry)
    m_sat = dry + prop["propulsion"] + prop["propellant"]
    masses.update({"propulsion": prop["propulsion"], "propellant": prop["propellant"]})
    ln = launch_packing(p, fleet, pw, th, masses, m_sat)
    n_sat = fleet["n_satellites"]
    it_total = p["cluster.it_power"]
    out = {
        **{k: v + 0.0 * it_total for k, v in geo.items()},
        "n_satellites": n_sat,
        "it_power_per_satellite": fleet["it_power_per_satellite"],
        "bus_power": loads["bus_power"] * n_sat,
        "compute_availability": loads["compute_availability"],
        "array_power_eol": pw["array_power_eol"] * n_sat,
        "array_power_bol": pw["array_power_bol"] * n_sat,
        "array_area": pw["array_area"] * n_sat,
        "array_temperature": pw["array_temperature"] + 0.0 * it_total,
        "array_temperature_factor": pw["array_temperature_factor"] + 0.0 * it_total,
        "battery_energy": pw["battery_energy"] * n_sat,
        "battery_cycle_depth": pw["battery_cycle_depth"],
        "battery_cycles": pw["battery_cycles"],
        "battery_max_depth_of_discharge": pw["battery_max_depth_of_discharge"],
        "heat_load": th["heat_load"] * n_sat,
        "radiator_net_flux": th["radiator_net_flux"],
        "radiator_area": th["radiator_area"] * n_sat,
        "radiator_max_temperature": th["radiator_max_temperature"] + 0.0 * it_total,
        **{f"mass.{k}": v * n_sat for k, v in masses.items()},
        "satellite_mass": m_sat,
        "satellite_volume": ln["satellite_volume"],
        "total_mass": ln["total_mass"],
        "delta_v": prop["delta_v"],
        "satellites_per_launch": ln["satellites_per_launch"],
        "launch_limit": ln["launch_limit"],
        "n_launches": ln["n_launches"],
        "launched_billed_mass": ln["launched_billed_mass"],
        "launch_fill_fraction": ln["launch_fill_fraction"],
        "infeasible": feasibility(p, loads, pw, th, prop, ln),
    }
    if geometry is not None and "orbit.delivered_fraction" in geometry:
        out["delivered_fraction"] = np.asarray(geometry["orbit.delivered_fraction"]) + 0.0 * n_sat
    return out
