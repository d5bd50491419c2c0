"""PNG plots of a simulation: beta angle and eclipse minutes per orbit over the year, and a
one-day trace of power, state of charge and temperature for one satellite."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from orbitcompute.constants import DAY
from orbitcompute.io import atomic_path
from orbitcompute.sim.engine import _beta, _geometry, build_constellation, simulate
from orbitcompute.sim.shadow import step_mean_illuminated_fraction
from orbitcompute.sim.sun import datetime64_to_jd_tt, sun_position


def year_geometry(
    values: Mapping[str, float], start: np.datetime64, satellite: int = 0, step: float = 60.0,
    tle=None,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Beta angle per day and every eclipse of the year for one satellite.

    Returns
    -------
    dict
        ``day`` [d], ``beta`` [deg] (daily), ``eclipse_day`` [d] (start of each eclipse),
        ``eclipse_minutes`` [min] (integrated shadow, 1 - lit fraction, of each eclipse).
    """
    con = build_constellation(values, start, tle).subset(np.array([satellite]))
    jd0 = float(datetime64_to_jd_tt(start))
    days = np.arange(366.0)
    sun_dir, _ = sun_position(jd0 + days)
    beta = np.degrees(_beta(con, days * DAY, sun_dir)[:, 0])
    ev_day: list[np.ndarray] = []
    ev_min: list[np.ndarray] = []
    carry = 0.0
    carry_start = None
    for d0 in range(0, 365, 30):  # month-sized chunks keep memory small
        t = np.arange(d0 * DAY, min(d0 + 30, 365) * DAY, step)
        t_mid = np.concatenate([[t[0] - step], t, [t[-1] + step]]) + 0.5 * step
        cos_psi, radius, _, sun_d = _geometry(con, t_mid, jd0, np.float64)
        lit = step_mean_illuminated_fraction(cos_psi, radius, sun_d[:, None], np.float64)
        shade = 1.0 - lit[:, 0]
        in_sh = shade > 0
        edges = np.diff(np.concatenate([[0], in_sh.astype(np.int8), [0]]))
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        if carry_start is not None and starts.size and starts[0] == 0:
            shade_first = shade[starts[0] : ends[0]].sum() * step + carry
            ev_day.append(np.array([carry_start]))
            ev_min.append(np.array([shade_first / 60]))
            starts, ends = starts[1:], ends[1:]
        elif carry_start is not None:
            ev_day.append(np.array([carry_start]))
            ev_min.append(np.array([carry / 60]))
        carry_start = None
        if ends.size and ends[-1] == len(t):  # eclipse continues into the next chunk
            carry = shade[starts[-1] :].sum() * step
            carry_start = t[starts[-1]] / DAY
            starts, ends = starts[:-1], ends[:-1]
        sums = np.array([shade[s:e].sum() * step for s, e in zip(starts, ends, strict=True)])
        ev_day.append(t[starts] / DAY)
        ev_min.append(sums / 60)
    return {
        "day": days,
        "beta": beta,
        "eclipse_day": np.concatenate(ev_day) if ev_day else np.zeros(0),
        "eclipse_minutes": np.concatenate(ev_min) if ev_min else np.zeros(0),
    }


def plot_png(
    path: str | Path,
    values: Mapping[str, float],
    start: np.datetime64,
    *,
    satellite: int = 0,
    trace_day: float | None = None,
    step: float = 60.0,
    tle=None,
) -> dict[str, float]:
    """Write a 2 x 2 PNG: beta [deg] and eclipse minutes per orbit over the year; power [kW],
    state of charge [%] and temperature [degC] over one day for one satellite.

    The day traced is ``trace_day`` (days after ``start``), by default the day of the year's
    longest eclipse. Returns the traced day and the figure's headline numbers.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    geo = year_geometry(values, start, satellite, tle=tle)
    if trace_day is None:
        trace_day = (
            float(np.floor(geo["eclipse_day"][np.argmax(geo["eclipse_minutes"])]))
            if geo["eclipse_minutes"].size
            else 0.0
        )
    day_start = start + np.timedelta64(int(trace_day * DAY), "s")
    # Simulate from one day earlier so that the traced day starts from a settled battery and
    # radiator state, not from the initial conditions.
    spin = 1.0
    con = build_constellation(values, start, tle).subset(np.array([satellite]))
    dt0 = (trace_day - spin) * DAY
    if hasattr(con, "raan_rate"):  # re-epoch the mean elements
        con.raan0 = con.raan0 + con.raan_rate * dt0
        con.arglat0 = con.arglat0 + con.arglat_rate * dt0
    else:
        con.epoch_jd = con.epoch_jd + dt0 / DAY
    sim_start = day_start - np.timedelta64(int(spin * DAY), "s")
    res = simulate(
        values, start=sim_start, days=1.0 + spin, step=step, constellation=con, mode="full"
    )
    ser = res.series.isel(satellite=0).sel(time=slice(day_start, None))
    hours = (ser.time.values - ser.time.values[0]) / np.timedelta64(1, "h")

    fig, ax = plt.subplots(2, 2, figsize=(12, 8), constrained_layout=True)
    dates = start + (geo["day"] * DAY).astype("timedelta64[s]")
    ax[0, 0].plot(dates, geo["beta"], color="tab:orange")
    ax[0, 0].set_ylabel("beta angle [deg]")
    ax[0, 0].set_title(f"satellite {satellite}: beta angle over the year")
    ax[0, 0].axhline(0, color="grey", lw=0.5)
    ev_dates = start + (geo["eclipse_day"] * DAY).astype("timedelta64[s]")
    ax[0, 1].plot(ev_dates, geo["eclipse_minutes"], ".", ms=1.5)
    ax[0, 1].set_ylabel("eclipse per orbit [min]")
    ax[0, 1].set_title("eclipse duration per orbit (integrated shadow)")
    for a in ax[0]:
        a.set_xlabel("date (UTC)")
        a.tick_params(axis="x", labelrotation=30)
    ax[1, 0].plot(hours, ser.generated_power / 1e3, label="array output")
    ax[1, 0].plot(hours, ser.it_power / 1e3, label="IT power delivered")
    ax[1, 0].plot(hours, ser.curtailed_power / 1e3, label="curtailed", lw=0.8)
    ax[1, 0].set_xlabel(f"hours after {str(day_start.astype('datetime64[m]'))} UTC")
    ax[1, 0].set_ylabel("power [kW]")
    ax[1, 0].legend(loc="lower right", fontsize=8)
    ax[1, 0].set_title("one-day trace: power")
    ax[1, 1].plot(hours, 100 * ser.soc, color="tab:green")
    ax[1, 1].set_ylabel("battery state of charge [%]", color="tab:green")
    ax[1, 1].set_xlabel(f"hours after {str(day_start.astype('datetime64[m]'))} UTC")
    tw = ax[1, 1].twinx()
    tw.plot(hours, ser.temperature - 273.15, color="tab:red")
    tw.set_ylabel("radiator temperature [degC]", color="tab:red")
    ax[1, 1].set_title("one-day trace: state of charge and temperature")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, format="png")
    plt.close(fig)
    return {
        "trace_day": trace_day,
        "max_eclipse_min": float(geo["eclipse_minutes"].max())
        if geo["eclipse_minutes"].size
        else 0.0,
        "beta_min_deg": float(geo["beta"].min()),
        "beta_max_deg": float(geo["beta"].max()),
    }
