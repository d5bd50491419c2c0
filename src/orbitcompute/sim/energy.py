"""Per-satellite power and heat: array, load, battery, radiator, and throttling.

The design (array, battery and radiator size) follows the static sizing rules; the simulation
then steps every satellite through time with the actual Sun, shadow and environment. The
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

from orbitcompute.constants import AU, EARTH_ORBIT_ECCENTRICITY, SIGMA, YEAR

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

    Notes
    -----
    Load at the bus L = (P_IT + P_bus) / eta_conv. Battery: usable energy
    E = max(f_ecl_load L T_ecl, L T_min) / eta_d, capacity E / DoD (x margin).
    Array at end of life and aphelion: P = L + f_ecl_load L T_ecl / (eta_c eta_d T_sun),
    rated power P / (pointing x (1 - deg)^life x (1 + e)^-2) (x margin).
    Radiator: area = Q / (sides eta_fin eps sigma T^4 - q_env), Q = L, with the orbit-average
    environment of the static model. SMAD 3rd ed. sec. 11.4 (power), Gilmore (2002) ch. 2
    (environment).
    """
    ecl_f = np.asarray(eclipse_fraction, dtype=float)
    ecl_t = np.asarray(eclipse_duration, dtype=float)
    it = np.full(ecl_f.shape, p["satellite.it_power"])
    bus = p["power.bus_power_fraction"] * it
    eta_conv = p["power.conversion_efficiency"]
    eta = np.sqrt(p["battery.round_trip_efficiency"])
    load = (it + bus) / eta_conv
    ecl_load = p["battery.eclipse_load_fraction"]
    usable = np.maximum(ecl_load * load * ecl_t, load * p["sim.battery_min_autonomy"]) / eta
    capacity = usable / p["battery.depth_of_discharge"] * p["sim.battery_margin"]
    floor = capacity * (1.0 - p["battery.depth_of_discharge"])
    period_sun = np.where(ecl_f > 0, ecl_t / np.maximum(ecl_f, 1e-12) * (1 - ecl_f), 1.0)
    array_need = load + np.where(ecl_f > 0, ecl_load * load * ecl_t / (eta * eta * period_sun), 0)
    eol = (1.0 - p["power.degradation_rate"] * YEAR) ** (p["satellite.lifetime"] / YEAR)
    aphelion = (1.0 + EARTH_ORBIT_ECCENTRICITY) ** -2
    rated = array_need / (p["power.pointing_efficiency"] * eol * aphelion) * p["sim.array_margin"]
    area = rated / (
        p["power.solar_constant"] * p["power.cell_efficiency"] * p["power.packing_factor"]
    )
    # Radiator (orbit-average environment, as in the static sizing).
    s0 = p["power.solar_constant"]
    alpha, eps, sides = (
        p["thermal.solar_absorptivity"],
        p["thermal.emissivity"],
        p["thermal.sides"],
    )
    f_e = p["thermal.earth_view_factor"]
    q_env = alpha * s0 * p["thermal.sun_view_factor"] + sides * f_e * (
        eps * p["thermal.earth_ir_flux"]
        + alpha * s0 * p["thermal.albedo"] * p["thermal.albedo_orbit_factor"]
    )
    t_rad = p["thermal.radiator_temperature"]
    per_area = sides * p["thermal.fin_efficiency"] * eps * SIGMA * t_rad**4 - q_env
    rad_area = load / per_area
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
        radiative_coefficient=sides * p["thermal.fin_efficiency"] * eps * SIGMA * rad_area,
        max_temperature=full * p["sim.max_temperature"],
        design_temperature=full * t_rad,
        design_eclipse_fraction=ecl_f,
        design_eclipse_duration=ecl_t,
    )


def array_power(
    design: Design, p: dict[str, float], lit: np.ndarray, sun_distance: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """Array output power [W], shape (T, N).

    P = S(d) x A x eta_cell x packing x pointing x (1 - deg)^age x lit, S(d) = S0 (AU/d)^2.
    """
    s = p["power.solar_constant"] * (AU / sun_distance) ** 2  # (T,)
    deg = (1.0 - p["power.degradation_rate"] * YEAR) ** (age / YEAR)  # (T,)
    k = (s * deg * p["power.pointing_efficiency"]).astype(lit.dtype)[:, None]
    per_area = (design.array_area * p["power.cell_efficiency"] * p["power.packing_factor"]).astype(
        lit.dtype
    )
    return lit * k * per_area


def environment_heat(
    design: Design, p: dict[str, float], lit: np.ndarray, cos_psi: np.ndarray, sun_distance
) -> np.ndarray:
    """Absorbed environmental heat on the radiators [W], shape (T, N).

    Q = A [alpha S F_sun lit + sides F_e (eps q_IR + alpha S a max(0, cos psi))], with cos psi
    the cosine of the solar zenith angle at the sub-satellite point (Gilmore 2002, ch. 2).
    """
    dt = lit.dtype
    s = (p["power.solar_constant"] * (AU / sun_distance) ** 2).astype(dt)[:, None]
    alpha, eps, sides = (
        p["thermal.solar_absorptivity"],
        p["thermal.emissivity"],
        p["thermal.sides"],
    )
    f_e = p["thermal.earth_view_factor"]
    area = design.radiator_area.astype(dt)
    q = alpha * p["thermal.sun_view_factor"] * s * lit
    q += sides * f_e * eps * p["thermal.earth_ir_flux"]
    q += (sides * f_e * alpha * p["thermal.albedo"]) * s * np.maximum(cos_psi, 0)
    return q * area


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
