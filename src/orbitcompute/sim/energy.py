"""Per-satellite power and heat: array, load, battery, radiator, and throttling.

The design (array, battery and radiator size) uses the static model's sizing functions
(:mod:`orbitcompute.physics.power`, :mod:`orbitcompute.physics.thermal`) for each satellite's
worst eclipse of the year; the simulation then steps every satellite through time with the
actual Sun, shadow and environment. The
state recurrence (battery energy, temperature) is sequential in time, so it runs in a compiled
kernel (numba) when available, vectorized over satellites in numpy otherwise; both give the
same numbers.

Energy bookkeeping per step (powers constant over the step, dt):

* generated G: array output (irradiance x area x efficiency x pointing x degradation x lit
  fraction), a DC power at the power bus;
* load L = (IT + bus) / eta_conv drawn from the bus (conversion losses included);
* surplus G - L charges the battery (stored eta_c Pc, loss (1 - eta_c) Pc) up to full, the
  rest is curtailed; a deficit is drawn from the battery (stored -Pd / eta_d) down to its
  depth-of-discharge floor, after which compute is throttled (then the bus if it must);
* the radiator node integrates all dissipated power plus the environment and compute is
  throttled so the temperature limit is not exceeded.

So generated = consumed (loads + conversion + battery losses) + stored + curtailed, exactly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from orbitcompute.constants import AU
from orbitcompute.design.orbital import array_temperature, satellite_loads
from orbitcompute.errors import ScenarioError
from orbitcompute.physics import power, thermal

#: Columns of the per-satellite energy accumulators [J] (and counters).
ACC = (
    "generated",
    "load",
    "it_delivered",
    "bus_delivered",
    "curtailed",
    "battery_loss",
    "stored",
    "throttled_battery",
    "throttled_thermal",
    "unserved_bus",
)
A_GEN, A_LOAD, A_IT, A_BUS, A_CURT, A_BLOSS, A_STORED, A_TBAT, A_TTH, A_UNS = range(len(ACC))


@dataclass
class Design:
    """Sizing of one satellite type (arrays per satellite, SI units)."""

    it_power: np.ndarray  # [W] nominal IT power
    bus_power: np.ndarray  # [W]
    eta_conv: np.ndarray  # [-]
    eta_charge: np.ndarray  # [-]
    eta_discharge: np.ndarray  # [-]
    array_rated_power: np.ndarray  # [W] at 1 AU, normal incidence, beginning of life
    array_area: np.ndarray  # [m^2]
    battery_capacity: np.ndarray  # [J]
    battery_floor: np.ndarray  # [J] energy at the depth-of-discharge limit
    radiator_area: np.ndarray  # [m^2] one side
    heat_capacity: np.ndarray  # [J/K]
    radiative_coefficient: np.ndarray  # [W/K^4] sides * fin eff * emissivity * sigma * area
    max_temperature: np.ndarray  # [K]
    design_temperature: np.ndarray  # [K]
    design_eclipse_fraction: np.ndarray  # [-]
    design_eclipse_duration: np.ndarray  # [s]


def size_design(
    p: dict[str, float], eclipse_fraction: np.ndarray, eclipse_duration: np.ndarray
) -> Design:
    """Size array, battery and radiator of each satellite for its worst eclipse of the year.

    Parameters
    ----------
    p : dict
        Registry values in SI (``satellite.it_power``, ``power.*``, ``battery.*``,
        ``thermal.*``, ``sim.*``).
    eclipse_fraction, eclipse_duration : numpy.ndarray
        Worst-case (largest) orbit fraction in shadow [-] and eclipse duration [s] per
        satellite over a year.

    Returns
    -------
    Design
        Per-satellite sizing (SI).

    Notes
    -----
    The static model's rules (:func:`orbitcompute.design.orbital.size_orbital`), with the
    same physics functions, for one satellite of IT power ``satellite.it_power``: load at
    the bus ``L = (P_IT + P_bus) / eta_conv``; eclipse energy ``E = L_ecl T_ecl`` with the
    eclipse load of :func:`orbitcompute.design.orbital.satellite_loads` (the eclipse strategy);
    charging power :func:`~orbitcompute.physics.power.charge_power` over the sunlit part
    of the orbit; array :func:`~orbitcompute.physics.power.array_bol_power` of ``L + P_charge``
    at end of life and aphelion, :func:`~orbitcompute.physics.power.array_area`; battery
    :func:`~orbitcompute.physics.power.battery_capacity` of ``max(E, L T_min)`` at
    ``battery.depth_of_discharge`` (the static design also caps it by the cycle life and adds a
    safe-mode contingency; the simulation has its own minimum autonomy); radiator
    :func:`~orbitcompute.physics.thermal.radiator_area` for ``L + P_charge (1 - sqrt(eta_rt))``
    at the net flux :func:`~orbitcompute.physics.thermal.emitted_flux` -
    :func:`~orbitcompute.physics.thermal.absorbed_flux` (orbit-average environment). The
    simulation adds its margins ``sim.array_margin``, ``sim.battery_margin`` and the minimum
    autonomy ``sim.battery_min_autonomy``; with margins of 1 and no minimum autonomy it
    equals the static design for the same eclipse (tested). SMAD 3rd ed. sec. 11.4 (power),
    Gilmore (2002) ch. 2 and 6 (thermal).

    Raises
    ------
    ScenarioError
        When the radiator cannot reject heat at ``thermal.radiator_temperature`` (the
        environment absorbs at least what the panel emits).
    """
    ecl_f = np.asarray(eclipse_fraction, dtype=float)
    ecl_t = np.asarray(eclipse_duration, dtype=float)
    it = np.full(ecl_f.shape, p["satellite.it_power"])
    bus = p["power.bus_power_fraction"] * it
    eta_conv = p["power.conversion_efficiency"]
    rte = p["battery.round_trip_efficiency"]
    eta = np.sqrt(rte)
    load = (it + bus) / eta_conv
    # eclipse load under the eclipse strategy and the array's temperature derate: the static
    # design's own steps (design.orbital), so both size with the same rules
    eclipse_energy = satellite_loads(p, it)["eclipse_load"] * ecl_t
    _, f_temp = array_temperature(p)
    sunlit_time = np.where(ecl_f > 0, ecl_t / np.maximum(ecl_f, 1e-12) * (1 - ecl_f), 1.0)
    p_charge = power.charge_power(eclipse_energy, sunlit_time, rte)
    autonomy = np.maximum(eclipse_energy, load * p["sim.battery_min_autonomy"])
    capacity = (
        power.battery_capacity(autonomy, p["battery.depth_of_discharge"], rte)
        * p["sim.battery_margin"]
    )
    floor = capacity * (1.0 - p["battery.depth_of_discharge"])
    degradation = power.lifetime_degradation(p["power.degradation_rate"], p["satellite.lifetime"])
    rated = (
        power.array_bol_power(load + p_charge, degradation, p["power.pointing_efficiency"], f_temp)
        * p["sim.array_margin"]
    )
    area = power.array_area(
        rated, p["power.solar_constant"], p["power.cell_efficiency"], p["power.packing_factor"]
    )
    # Radiator (orbit-average environment, as in the static sizing).
    t_rad = p["thermal.radiator_temperature"]
    emit_args = (p["thermal.emissivity"], p["thermal.sides"], p["thermal.fin_efficiency"])
    q_net = thermal.emitted_flux(t_rad, *emit_args) - thermal.absorbed_flux(
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
    if not q_net > 0:
        raise ScenarioError(
            "thermal.radiator_temperature",
            f"{t_rad:g} K",
            f"a radiator that emits more than it absorbs (net {float(q_net):.3g} W/m^2)",
        )
    rad_area = thermal.radiator_area(load + p_charge * (1.0 - eta), q_net)
    full = np.ones_like(it)
    return Design(
        it_power=it,
        bus_power=bus,
        eta_conv=full * eta_conv,
        eta_charge=full * eta,
        eta_discharge=full * eta,
        array_rated_power=rated,
        array_area=area,
        battery_capacity=capacity,
        battery_floor=floor,
        radiator_area=rad_area,
        heat_capacity=p["sim.thermal_capacitance"] * it,
        # W/K^4: the panel's emitted flux per kelvin^4 times its area
        radiative_coefficient=thermal.emitted_flux(1.0, *emit_args) * rad_area,
        max_temperature=full * p["sim.max_temperature"],
        design_temperature=full * t_rad,
        design_eclipse_fraction=ecl_f,
        design_eclipse_duration=ecl_t,
    )


def array_power(
    design: Design, p: dict[str, float], lit: np.ndarray, sun_distance: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """Array output power [W], shape (T, N).

    P = S(d) x A x eta_cell x packing x pointing x (1 - deg)^age x f_T x lit, S(d) = S0 (AU/d)^2,
    the degradation from :func:`orbitcompute.physics.power.lifetime_degradation`, f_T the
    cell-temperature factor of :func:`orbitcompute.design.orbital.array_temperature`.
    """
    s = p["power.solar_constant"] * (AU / sun_distance) ** 2  # (T,)
    deg = power.lifetime_degradation(p["power.degradation_rate"], age)  # (T,)
    _, f_temp = array_temperature(p)  # cells at their operating temperature
    k = (s * deg * p["power.pointing_efficiency"] * f_temp).astype(lit.dtype)[:, None]
    per_area = (design.array_area * p["power.cell_efficiency"] * p["power.packing_factor"]).astype(
        lit.dtype
    )
    return lit * k * per_area


def environment_heat(
    design: Design, p: dict[str, float], lit: np.ndarray, cos_psi: np.ndarray, sun_distance
) -> np.ndarray:
    """Absorbed environmental heat on the radiators [W], shape (T, N).

    Notes
    -----
    :func:`orbitcompute.physics.thermal.absorbed_flux` with the instantaneous Sun: the
    irradiance ``S(d) = S0 (AU/d)^2``, direct sunlight scaled by the lit fraction and the
    albedo by ``max(0, cos psi)``, the cosine of the solar zenith angle at the sub-satellite
    point, in place of the orbit-average albedo factor:
    ``Q = A [alpha S F_sun lit + sides F_e (eps q_IR + alpha a S max(0, cos psi))]``
    (Gilmore 2002, ch. 2). The flux is linear in the sun view factor, the Earth IR and the
    albedo factor, so its three terms are taken from ``absorbed_flux`` once per time step
    and combined with the (T, N) lit fraction and ``cos psi`` in place (a few passes over
    the arrays, in their precision).
    """
    dt = lit.dtype

    def c(name: str) -> np.generic:  # scalars in the working precision (no float64 upcast)
        return dt.type(p[name])

    s = (p["power.solar_constant"] * (AU / sun_distance) ** 2).astype(dt)[:, None]
    alpha, eps, f_sun, f_e = (
        c("thermal.solar_absorptivity"),
        c("thermal.emissivity"),
        c("thermal.sun_view_factor"),
        c("thermal.earth_view_factor"),
    )
    q_ir, albedo, sides, zero, one = (
        c("thermal.earth_ir_flux"),
        c("thermal.albedo"),
        c("thermal.sides"),
        dt.type(0),
        dt.type(1),
    )
    per_lit = thermal.absorbed_flux(s, alpha, eps, f_sun, zero, zero, zero, zero, sides)
    earth_ir = thermal.absorbed_flux(zero, alpha, eps, zero, f_e, q_ir, zero, zero, sides)
    per_cos = thermal.absorbed_flux(s, alpha, eps, zero, f_e, zero, albedo, one, sides)
    q = per_lit * lit
    q += earth_ir
    q += per_cos * np.maximum(cos_psi, zero)
    q *= design.radiator_area.astype(dt)
    return q


# ------------------------------------------------------------------------------------------
# The state recurrence


def _step_python(gen, qenv, lit, dt, it_nom, bus, eta_conv, eta_c, eta_d, e_lo, e_hi, cap,
                 rad, t_max, e, temp, run, in_ecl, acc, ecl_count, ecl_longest, min_e, max_t,
                 out_it, out_e, out_t, out_curt):  # fmt: skip
    """Numpy version of :func:`_step_kernel` (vectorized over satellites, loop over time)."""
    for k in range(gen.shape[0]):
        g = gen[k].astype(np.float64)
        q_env = qenv[k].astype(np.float64)
        # Thermal limit on the heat that may be dissipated this step (semi-implicit Euler).
        t3 = temp**3
        r4 = rad * t3 * temp
        denom = cap + 4.0 * dt * rad * t3
        q_max = (t_max - temp) * denom / dt + r4
        it_th = np.maximum((q_max - q_env) * eta_conv - bus, 0.0)
        it_req = np.minimum(it_nom, it_th)
        thermal_cut = it_nom - it_req
        load = (it_req + bus) / eta_conv
        s = g - load
        pc = np.clip(s, 0.0, (e_hi - e) / (eta_c * dt))
        need = np.maximum(-s, 0.0)
        avail = np.maximum(e - e_lo, 0.0) * eta_d / dt
        pd = np.minimum(need, avail)
        short = (need - pd) * eta_conv
        it = np.maximum(it_req - short, 0.0)
        bus_short = np.maximum(short - it_req, 0.0)
        load_served = (it + bus - bus_short) / eta_conv
        curt = np.maximum(s, 0.0) - pc
        dstore = eta_c * pc - pd / eta_d
        bloss = (1.0 - eta_c) * pc + (1.0 / eta_d - 1.0) * pd
        e += dstore * dt
        heat = load_served + bloss + q_env
        temp += dt * (heat - r4) / denom
        acc[:, 0] += g * dt
        acc[:, 1] += load_served * dt
        acc[:, 2] += it * dt
        acc[:, 3] += (bus - bus_short) * dt
        acc[:, 4] += curt * dt
        acc[:, 5] += bloss * dt
        acc[:, 6] += dstore * dt
        acc[:, 7] += (it_req - it) * dt
        acc[:, 8] += thermal_cut * dt
        acc[:, 9] += bus_short * dt
        np.minimum(min_e, e, out=min_e)
        np.maximum(max_t, temp, out=max_t)
        f = lit[k].astype(np.float64)
        shade = f < 1.0
        start = shade & ~in_ecl
        ecl_count += start
        run[:] = np.where(shade, run + (1.0 - f) * dt, 0.0)
        np.maximum(ecl_longest, run, out=ecl_longest)
        in_ecl[:] = shade
        out_it[k] = it
        out_e[k] = e
        out_t[k] = temp
        out_curt[k] = curt


def _step_scalar(gen, qenv, lit, dt, it_nom, bus, eta_conv, eta_c, eta_d, e_lo, e_hi, cap,
                 rad, t_max, e, temp, run, in_ecl, acc, ecl_count, ecl_longest, min_e, max_t,
                 out_it, out_e, out_t, out_curt):  # fmt: skip
    """Same recurrence as :func:`_step_python`, written element by element for numba."""
    nt, ns = gen.shape
    for k in range(nt):
        for j in range(ns):
            ej = e[j]
            tj = temp[j]
            g = np.float64(gen[k, j])
            q_env = np.float64(qenv[k, j])
            t3 = tj * tj * tj
            r4 = rad[j] * t3 * tj
            denom = cap[j] + 4.0 * dt * rad[j] * t3
            q_max = (t_max[j] - tj) * denom / dt + r4
            it_th = max((q_max - q_env) * eta_conv[j] - bus[j], 0.0)
            it_req = min(it_nom[j], it_th)
            thermal_cut = it_nom[j] - it_req
            load = (it_req + bus[j]) / eta_conv[j]
            s = g - load
            pc = min(max(s, 0.0), max((e_hi[j] - ej) / (eta_c[j] * dt), 0.0))
            need = max(-s, 0.0)
            avail = max(ej - e_lo[j], 0.0) * eta_d[j] / dt
            pd = min(need, avail)
            short = (need - pd) * eta_conv[j]
            it = max(it_req - short, 0.0)
            bus_short = max(short - it_req, 0.0)
            load_served = (it + bus[j] - bus_short) / eta_conv[j]
            curt = max(s, 0.0) - pc
            dstore = eta_c[j] * pc - pd / eta_d[j]
            bloss = (1.0 - eta_c[j]) * pc + (1.0 / eta_d[j] - 1.0) * pd
            ej += dstore * dt
            heat = load_served + bloss + q_env
            tj += dt * (heat - r4) / denom
            acc[j, 0] += g * dt
            acc[j, 1] += load_served * dt
            acc[j, 2] += it * dt
            acc[j, 3] += (bus[j] - bus_short) * dt
            acc[j, 4] += curt * dt
            acc[j, 5] += bloss * dt
            acc[j, 6] += dstore * dt
            acc[j, 7] += (it_req - it) * dt
            acc[j, 8] += thermal_cut * dt
            acc[j, 9] += bus_short * dt
            if ej < min_e[j]:
                min_e[j] = ej
            if tj > max_t[j]:
                max_t[j] = tj
            f = np.float64(lit[k, j])
            if f < 1.0:
                if not in_ecl[j]:
                    ecl_count[j] += 1
                run[j] += (1.0 - f) * dt
                in_ecl[j] = True
                if run[j] > ecl_longest[j]:
                    ecl_longest[j] = run[j]
            else:
                run[j] = 0.0
                in_ecl[j] = False
            out_it[k, j] = it
            out_e[k, j] = ej
            out_t[k, j] = tj
            out_curt[k, j] = curt
            e[j] = ej
            temp[j] = tj


@functools.cache
def _step_kernel():
    """The numba-compiled recurrence, or None without numba.

    numba takes ~0.3 s to import, so it is imported on the first simulation step, not when
    ``orbitcompute.sim`` is imported (every ``compare`` imports it for ``--from-sim``).
    """
    try:
        import numba
    except ImportError:  # pragma: no cover - exercised when numba is absent
        return None
    return numba.njit(cache=True, nogil=True)(_step_scalar)


def backend() -> str:
    """Name of the recurrence backend in use ("numba" or "numpy")."""
    return "numba" if _step_kernel() is not None else "numpy"


def step(*args, use_numba: bool | None = None) -> None:
    """Advance the state over one chunk (in place). See :func:`_step_python` for arguments."""
    kernel = _step_kernel()
    if use_numba is None or kernel is None:
        use_numba = kernel is not None
    if use_numba:
        kernel(*args)
    else:
        _step_python(*args)
