"""Size an orbital data center: power, heat, mass per satellite, fleet and launches.

Composes the physics modules into one vectorized chain. Input ``p`` maps registry names to SI
arrays (broadcastable); the output maps result names (without the ``orbit.`` prefix) to arrays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.physics import atmosphere, orbit, power, propulsion, thermal

#: Feasibility codes in ``orbit.infeasible`` (0 = feasible).
INFEASIBLE = {
    0: "feasible",
    1: "radiator cannot reject heat: the environment absorbs at least what the panel emits",
    2: "propellant: tank mass fraction x (exp(dv / Isp g0) - 1) >= 1, no propellant load closes",
    3: "one satellite is heavier than one launch can carry",
    4: "the data links carry none of the workload's traffic (no data ground station sees the "
    "orbit under a clear sky, or no terminal is allowed)",
}


def size_orbital(
    p: Mapping[str, np.ndarray],
    geometry: Mapping[str, float] | None = None,
    comms: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Size the orbital segment.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).
    geometry : mapping, optional
        Orbit results from a time-stepped simulation that replace the static ones:
        ``orbit.sunlit_fraction`` [-], ``orbit.longest_eclipse`` [s] and optionally
        ``orbit.delivered_fraction`` [-] (see :func:`orbitcompute.sim.static_inputs`).
    comms : mapping, optional
        Data-link terminals from :func:`orbitcompute.design.comms.size_comms`: their mass
        ``links.terminal_mass`` [kg] and power ``links.terminal_power`` [W] per satellite join
        the mass, power and thermal budgets.

    Returns
    -------
    dict
        Orbit geometry, per-satellite power/thermal/mass budget, fleet and launch counts.
    """
    h = p["orbit.altitude"]
    it_total = p["cluster.it_power"]
    life = p["satellite.lifetime"]

    # --- orbit and eclipses -----------------------------------------------------------------
    period = orbit.orbital_period(h)
    if geometry is None:
        sunlit_fraction, longest_eclipse = orbit.annual_eclipse(
            h, p["orbit.sun_synchronous"], p["orbit.ltan"], p["orbit.inclination"]
        )
    else:
        sunlit_fraction = np.asarray(geometry["orbit.sunlit_fraction"], dtype=float) + 0.0 * h
        longest_eclipse = np.asarray(geometry["orbit.longest_eclipse"], dtype=float) + 0.0 * h
    eclipse_fraction = 1.0 - sunlit_fraction

    # --- fleet --------------------------------------------------------------------------------
    n_sat = np.ceil(it_total / p["satellite.it_power"] - 1e-9)
    it_sat = it_total / n_sat

    # --- power --------------------------------------------------------------------------------
    bus_power = p["power.bus_power_fraction"] * it_sat
    if comms is not None:  # data-link terminals (issue 16)
        bus_power = bus_power + comms["links.terminal_power"]
    load = (it_sat + bus_power) / p["power.conversion_efficiency"]  # drawn from array/battery
    carried = p["battery.eclipse_load_fraction"]
    eclipse_load = load * carried
    eclipse_energy = eclipse_load * longest_eclipse
    rte = p["battery.round_trip_efficiency"]
    p_charge = power.charge_power(eclipse_energy, period - longest_eclipse, rte)
    eol_power = load + p_charge
    degr = power.lifetime_degradation(p["power.degradation_rate"], life)
    bol_power = power.array_bol_power(eol_power, degr, p["power.pointing_efficiency"])
    area_array = power.array_area(
        bol_power, p["power.solar_constant"], p["power.cell_efficiency"], p["power.packing_factor"]
    )
    m_array = bol_power / p["power.array_specific_power"]
    battery_energy = power.battery_capacity(eclipse_energy, p["battery.depth_of_discharge"], rte)
    m_battery = battery_energy / p["battery.specific_energy"]

    # --- heat ---------------------------------------------------------------------------------
    heat = load + p_charge * (1.0 - np.sqrt(rte))
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
    area_radiator = thermal.radiator_area(heat, q_net)
    m_radiator = area_radiator * p["thermal.radiator_areal_density"]

    # --- mass budget --------------------------------------------------------------------------
    it_launched = it_sat * (1.0 + p["reliability.orbit_spares_fraction"])  # spares fly too
    m_compute = it_launched * p["compute.specific_mass"]
    m_shield = p["shielding.areal_density"] * p["shielding.enclosure_area_per_power"] * it_launched
    m_comms = p["comms.mass_per_satellite"] + 0.0 * it_sat
    if comms is not None:
        m_comms = m_comms + comms["links.terminal_mass"]
    m_avionics = p["satellite.avionics_mass"] + 0.0 * it_sat
    carried_mass = m_compute + m_shield + m_array + m_battery + m_radiator + m_comms + m_avionics
    m_structure = p["structure.mass_fraction"] * carried_mass
    m_dry0 = carried_mass + m_structure

    speed = orbit.orbital_speed(h)
    drag_area = p["propulsion.drag_area_fraction"] * (area_array + area_radiator)
    rho = atmosphere.density(h, p["atmosphere.density_factor"])
    a_drag = propulsion.drag_acceleration(
        rho, speed, p["propulsion.drag_coefficient"], drag_area / m_dry0
    )
    dv_drag = a_drag * life
    dv_deorbit = propulsion.deorbit_delta_v(h, p["propulsion.deorbit_perigee"])
    delta_v = dv_drag + dv_deorbit
    m_prop = propulsion.propellant_mass(
        m_dry0, delta_v, p["propulsion.isp"], p["propulsion.tank_mass_fraction"]
    )
    m_tank = p["propulsion.tank_mass_fraction"] * m_prop
    m_sat = m_dry0 + m_tank + m_prop

    # --- launches -----------------------------------------------------------------------------
    usable = p["launch.payload_capacity"] * p["launch.packing_efficiency"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_launch = np.floor(usable / m_sat)
        launches_dedicated = np.ceil(n_sat / np.maximum(per_launch, 1.0))
    total_mass = n_sat * m_sat
    launches_shared = np.ceil(total_mass / usable - 1e-9)
    dedicated = p["launch.dedicated"] >= 0.5
    n_launches = np.where(dedicated, launches_dedicated, launches_shared)
    billed_mass = np.where(dedicated, n_launches * p["launch.payload_capacity"], total_mass)

    infeasible = np.select(
        [~np.isfinite(area_radiator), ~np.isfinite(m_prop), dedicated & (per_launch < 1)],
        [1, 2, 3],
        default=0,
    )
    return {
        "period": period + 0.0 * it_total,
        "sunlit_fraction": sunlit_fraction,
        "eclipse_fraction": eclipse_fraction,
        "longest_eclipse": longest_eclipse,
        "n_satellites": n_sat,
        "it_power_per_satellite": it_sat,
        "bus_power": bus_power * n_sat,
        "array_power_eol": eol_power * n_sat,
        "array_power_bol": bol_power * n_sat,
        "array_area": area_array * n_sat,
        "battery_energy": battery_energy * n_sat,
        "heat_load": heat * n_sat,
        "radiator_net_flux": q_net,
        "radiator_area": area_radiator * n_sat,
        "mass.compute": m_compute * n_sat,
        "mass.shielding": m_shield * n_sat,
        "mass.arrays": m_array * n_sat,
        "mass.batteries": m_battery * n_sat,
        "mass.radiators": m_radiator * n_sat,
        "mass.comms": m_comms * n_sat,
        "mass.avionics": m_avionics * n_sat,
        "mass.structure": m_structure * n_sat,
        "mass.propulsion": m_tank * n_sat,
        "mass.propellant": m_prop * n_sat,
        "satellite_mass": m_sat,
        "total_mass": total_mass,
        "delta_v": delta_v,
        "n_launches": n_launches,
        "launched_billed_mass": billed_mass,
        "infeasible": infeasible,
        **(
            {"delivered_fraction": np.asarray(geometry["orbit.delivered_fraction"]) + 0.0 * h}
            if geometry is not None and "orbit.delivered_fraction" in geometry
            else {}
        ),
    }
