"""The time-stepped constellation simulation: orbits -> Sun and shadow -> power, battery, heat.

Vectorized over satellites, chunked over time: memory is set by the chunk, not by the period.
Short runs return the full time x satellite Dataset; long runs keep only streaming reductions
(per-satellite sums, minima, maxima and eclipse statistics).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import orbitcompute.sim.energy as energy
from orbitcompute.constants import DAY, R_EARTH, TT_MINUS_UTC
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.physics.orbit import (
    beta_angle_from_vectors,
    eclipse_fraction,
    ltan_to_raan,
    orbital_period,
    sso_inclination,
)
from orbitcompute.registry import registry
from orbitcompute.sim.orbits import (
    CircularConstellation,
    TLEConstellation,
    check_altitude,
    read_tle,
    walker,
)
from orbitcompute.sim.shadow import step_mean_illuminated_fraction
from orbitcompute.sim.sun import datetime64_to_jd_tt, sun_mean_longitude, sun_position

#: Default start of a simulation (UTC).
DEFAULT_START = "2026-01-01T00:00:00"
#: Largest number of time x satellite cells kept as full time series in "auto" mode.
FULL_MAX_CELLS = 5_000_000
#: Target number of cells per time chunk (sets the working memory, about 40 bytes per cell).
CHUNK_CELLS = 2_000_000

Constellation = CircularConstellation | TLEConstellation


def parse_start(text: str | None) -> np.datetime64:
    """Parse an ISO date or date-time (UTC) into numpy.datetime64[ns]."""
    if text is None:
        text = DEFAULT_START
    try:
        t = np.datetime64(str(text).strip().rstrip("Zz"), "ns")
    except ValueError as exc:
        raise ScenarioError(
            "--start", text, "an ISO date such as 2026-03-20 or 2026-03-20T12:00"
        ) from exc
    if np.isnat(t) or not (np.datetime64("1950-01-01") <= t <= np.datetime64("2100-01-01")):
        raise ScenarioError("--start", text, "a date between 1950 and 2100")
    return t


def build_constellation(
    values: Mapping[str, float], start: np.datetime64, tle: str | Path | None = None
) -> Constellation:
    """Satellites of a scenario: a Walker constellation from the registry, or a TLE file.

    The first plane's node is set from ``orbit.ltan`` against the mean Sun for a
    sun-synchronous orbit (``orbit.sun_synchronous`` = 1), from ``sim.raan`` otherwise.
    """
    if tle is not None:
        jd_utc = datetime64_to_jd_tt(start) - TT_MINUS_UTC / DAY
        return TLEConstellation.from_sets(read_tle(tle), float(jd_utc))
    alt = float(values["orbit.altitude"])
    check_altitude(alt)
    kind = values["orbit.sun_synchronous"]
    if kind not in (0.0, 1.0):
        raise ScenarioError("orbit.sun_synchronous", kind, "1 (sun-synchronous) or 0 (inclined)")
    if kind == 1.0:
        inc = float(sso_inclination(alt))
        if not np.isfinite(inc):
            raise ScenarioError(
                "orbit.altitude", f"{alt / 1e3:g} km", "an altitude with a sun-synchronous orbit"
            )
        mean_sun_ra = sun_mean_longitude(datetime64_to_jd_tt(start))
        raan0 = float(ltan_to_raan(values["orbit.ltan"], mean_sun_ra))
    else:
        inc = float(values["orbit.inclination"])
        raan0 = float(values["sim.raan"])
    return walker(
        alt,
        inc,
        raan0,
        int(values["sim.planes"]),
        int(values["sim.per_plane"]),
        int(values["sim.walker_phasing"]),
        float(values["sim.raan_spread"]),
        float(values["sim.phase_offset"]),
    )


def _geometry(con: Constellation, t: np.ndarray, jd0: float, dtype: type):
    """cos(psi), radius, Sun direction and distance for times ``t`` [s] after ``jd0``."""
    sun_dir, sun_d = sun_position(jd0 + t / DAY)
    if isinstance(con, CircularConstellation):
        cos_psi = con.cos_sun_angle(t, sun_dir, dtype)
        radius = con.a[None, :]
    else:
        r = con.positions(t)
        radius = np.linalg.norm(r, axis=-1)
        cos_psi = (np.einsum("tnk,tk->tn", r, sun_dir) / radius).astype(dtype)
    return cos_psi, radius, sun_dir, sun_d


def _beta(con: Constellation, t: np.ndarray, sun_dir: np.ndarray) -> np.ndarray:
    return beta_angle_from_vectors(sun_dir[:, None, :], con.orbit_normals(t))


def design_eclipse(con: Constellation, jd0: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Worst-case eclipse of each satellite over the year from ``jd0`` (beta every 6 h).

    Returns
    -------
    fraction, duration, beta_min
        Largest cylindrical-shadow eclipse fraction [-], its duration [s] and the smallest
        |beta| [rad] per satellite.
    """
    t = np.arange(367 * 4) * (DAY / 4)
    sun_dir, _ = sun_position(jd0 + t / DAY)
    beta = np.abs(_beta(con, t, sun_dir)).min(axis=0)
    a = con.a
    frac = eclipse_fraction(a - R_EARTH, beta)
    period = orbital_period(a - R_EARTH)
    return frac, frac * period, beta


@dataclass
class SimResult:
    """Output of :func:`simulate`.

    ``summary`` has one row per satellite; ``series`` is the time x satellite Dataset (None in
    streaming mode); ``design`` the sizing; ``totals`` constellation-wide energy terms [J].
    """

    summary: Any  # xarray.Dataset (satellite)
    series: Any | None  # xarray.Dataset (time, satellite) or None
    design: energy.Design
    totals: dict[str, float]
    config: dict[str, Any]

    def dataset(self):
        """Series and summary merged into one Dataset (summary only in streaming mode)."""
        import xarray as xr

        if self.series is None:
            return self.summary
        return xr.merge([self.series, self.summary])

    def table(self) -> dict[str, float]:
        """Constellation summary as a flat dict (fractions, minutes, kelvin, percent)."""
        s = self.summary
        return {
            "satellites": int(s.sizes["satellite"]),
            "days": self.config["days"],
            "time_step_s": self.config["step"],
            "sunlit_fraction_mean": float(s.sunlit_fraction.mean()),
            "sunlit_fraction_min": float(s.sunlit_fraction.min()),
            "eclipses_per_satellite_mean": float(s.eclipse_count.mean()),
            "longest_eclipse_min": float(s.longest_eclipse.max()) / 60.0,
            "min_soc": float(s.min_soc.min()),
            "peak_temperature_K": float(s.peak_temperature.max()),
            "delivered_compute_fraction": float(s.delivered_fraction.mean()),
            "curtailed_fraction_of_generation": self.totals["curtailed"]
            / max(self.totals["generated"], 1e-300),
            "energy_balance_residual_rel": self.totals["balance_residual_rel"],
        }


def simulate(
    values: Mapping[str, float],
    *,
    start: str | np.datetime64 | None = None,
    days: float | None = None,
    step: float | None = None,
    tle: str | Path | None = None,
    constellation: Constellation | None = None,
    mode: str = "auto",
    dtype: type = np.float32,
    chunk_steps: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    use_numba: bool | None = None,
) -> SimResult:
    """Run the coupled simulation.

    Parameters
    ----------
    values : mapping
        Registry values in SI (``Scenario.values``): orbit.*, sim.*, power.*, battery.*,
        thermal.*, satellite.it_power.
    start : str or numpy.datetime64, optional
        UTC start (default 2026-01-01).
    days, step : float, optional
        Period [d] and time step [s]; default ``sim.duration`` and ``sim.time_step``.
    tle : path, optional
        TLE file; replaces the Walker constellation.
    constellation : optional
        A ready-made constellation (overrides ``tle`` and the registry orbit).
    mode : {"auto", "full", "reduce"}
        Keep full time series, only streaming reductions, or decide by size.
    dtype : numpy dtype
        Precision of the geometry (float32 default; energy sums are always float64).
    chunk_steps : int, optional
        Time steps per chunk (default: about 2 million cells per chunk).
    progress : callable, optional
        ``progress(done_steps, total_steps)`` after each chunk.
    use_numba : bool, optional
        Force the numba (True) or numpy (False) recurrence.

    Returns
    -------
    SimResult
    """
    import xarray as xr

    v = dict(values)
    start64 = start if isinstance(start, np.datetime64) else parse_start(start)
    days = float(v["sim.duration"] / DAY if days is None else days)
    step = float(v["sim.time_step"] if step is None else step)
    reg = registry()
    step_p, days_p = reg["sim.time_step"], reg["sim.duration"]
    if not np.isfinite(step) or step <= 0:
        raise ScenarioError("--step", step, "a time step > 0 seconds")
    if not step_p.min_si <= step <= step_p.max_si:
        raise ScenarioError(
            "--step", step, f"a time step within {step_p.minimum:g} to {step_p.maximum:g} s"
        )
    if not np.isfinite(days) or days <= 0:
        raise ScenarioError("--days", days, "a period > 0 days")
    if not days_p.minimum <= days <= days_p.maximum:
        raise ScenarioError(
            "--days", days, f"a period within {days_p.minimum:g} to {days_p.maximum:g} days"
        )
    if mode not in ("auto", "full", "reduce"):
        raise ScenarioError("mode", mode, "auto, full or reduce")
    con = constellation if constellation is not None else build_constellation(v, start64, tle)
    n_sat = con.size
    n_steps = max(int(round(days * DAY / step)), 1)
    full = mode == "full" or (mode == "auto" and n_steps * n_sat <= FULL_MAX_CELLS)
    jd0 = float(datetime64_to_jd_tt(start64))

    ecl_f, ecl_t, beta_min = design_eclipse(con, jd0)
    design = energy.size_design(v, ecl_f, ecl_t)

    # State and accumulators.
    e = design.battery_capacity * float(v["sim.initial_soc"])
    e = np.maximum(e, design.battery_floor) if v["sim.initial_soc"] > 0 else e
    e_start = e.copy()
    temp = design.design_temperature.astype(float).copy()
    run = np.zeros(n_sat)
    in_ecl = np.zeros(n_sat, dtype=np.bool_)
    acc = np.zeros((n_sat, len(energy.ACC)))
    ecl_count = np.zeros(n_sat, dtype=np.int64)
    ecl_longest = np.zeros(n_sat)
    min_e = e.copy()
    max_t = temp.copy()
    lit_sum = np.zeros(n_sat)
    beta_lo = np.full(n_sat, np.inf)
    beta_hi = np.full(n_sat, -np.inf)
    consts = (
        step,
        design.it_power,
        design.bus_power,
        design.eta_conv,
        design.eta_charge,
        design.eta_discharge,
        design.battery_floor,
        design.battery_capacity,
        design.heat_capacity,
        design.radiative_coefficient,
        design.max_temperature,
    )
    if chunk_steps is None:
        chunk_steps = max(1, min(n_steps, CHUNK_CELLS // max(n_sat, 1)))
    series: dict[str, list[np.ndarray]] = {k: [] for k in _SERIES}
    age0 = float(v["sim.satellite_age"])
    done = 0
    while done < n_steps:
        nk = min(chunk_steps, n_steps - done)
        t = (done + np.arange(nk)) * step
        # Each step stands for the interval [t, t + step): geometry at the midpoints of the
        # step before, the chunk's steps and the step after; the lit fraction is the mean
        # over each step (eclipse entry and exit resolved within the step).
        t_mid = (done - 1 + np.arange(nk + 2)) * step + 0.5 * step
        cos_ext, radius, sun_ext, d_ext = _geometry(con, t_mid, jd0, dtype)
        lit = step_mean_illuminated_fraction(cos_ext, radius, d_ext[:, None], dtype)
        cos_psi, sun_dir, sun_d = cos_ext[1:-1], sun_ext[1:-1], d_ext[1:-1]
        gen = energy.array_power(design, v, lit, sun_d, age0 + t)
        qenv = energy.environment_heat(design, v, lit, cos_psi, sun_d)
        out_it = np.empty((nk, n_sat))
        out_e = np.empty((nk, n_sat))
        out_t = np.empty((nk, n_sat))
        out_curt = np.empty((nk, n_sat))
        energy.step(
            gen, qenv, lit, *consts, e, temp, run, in_ecl, acc, ecl_count, ecl_longest,
            min_e, max_t, out_it, out_e, out_t, out_curt, use_numba=use_numba,
        )  # fmt: skip
        lit_sum += lit.sum(axis=0, dtype=np.float64)
        if full:
            beta = _beta(con, t + 0.5 * step, sun_dir).astype(np.float32)
            beta_lo = np.minimum(beta_lo, beta.min(axis=0))
            beta_hi = np.maximum(beta_hi, beta.max(axis=0))
            series["illuminated_fraction"].append(lit.astype(np.float32))
            series["beta"].append(np.rad2deg(beta))
            series["generated_power"].append(gen.astype(np.float32))
            series["it_power"].append(out_it.astype(np.float32))
            series["curtailed_power"].append(out_curt.astype(np.float32))
            series["soc"].append((out_e / design.battery_capacity).astype(np.float32))
            series["temperature"].append(out_t.astype(np.float32))
        done += nk
        if progress is not None:
            progress(done, n_steps)

    duration = n_steps * step
    if not full:
        beta_lo, beta_hi = -beta_min, beta_min  # only |beta|min known in streaming mode
    sat = np.arange(n_sat)
    j = energy
    summary = xr.Dataset(
        {
            "sunlit_fraction": ("satellite", lit_sum / n_steps, {"units": "1"}),
            "eclipse_count": ("satellite", ecl_count, {"units": "1"}),
            "longest_eclipse": ("satellite", ecl_longest, {"units": "s"}),
            "min_soc": ("satellite", min_e / design.battery_capacity, {"units": "1"}),
            "final_soc": ("satellite", e / design.battery_capacity, {"units": "1"}),
            "peak_temperature": ("satellite", max_t, {"units": "K"}),
            "delivered_fraction": (
                "satellite",
                acc[:, j.A_IT] / (design.it_power * duration),
                {"units": "1"},
            ),
            "design_min_abs_beta": ("satellite", np.rad2deg(np.abs(beta_min)), {"units": "deg"}),
            "array_area": ("satellite", design.array_area, {"units": "m^2"}),
            "battery_capacity": ("satellite", design.battery_capacity / 3.6e6, {"units": "kWh"}),
            "radiator_area": ("satellite", design.radiator_area, {"units": "m^2"}),
            **{
                f"energy_{name}": ("satellite", acc[:, i], {"units": "J"})
                for i, name in enumerate(j.ACC)
            },
        },
        coords={
            "satellite": sat,
            "plane": ("satellite", con.plane),
            "slot": ("satellite", con.slot),
        },
    )
    if full:
        summary["beta_min"] = ("satellite", np.rad2deg(beta_lo), {"units": "deg"})
        summary["beta_max"] = ("satellite", np.rad2deg(beta_hi), {"units": "deg"})
    tot = {name: float(acc[:, i].sum()) for i, name in enumerate(j.ACC)}
    delta_e = float((e - e_start).sum())
    consumed = tot["load"] + tot["battery_loss"]
    residual = tot["generated"] - consumed - delta_e - tot["curtailed"]
    tot["consumed"] = consumed
    tot["stored_state_change"] = delta_e
    tot["balance_residual_rel"] = abs(residual) / max(tot["generated"], 1e-300)
    config = {
        "start": str(start64.astype("datetime64[s]")),
        "days": days,
        "step": step,
        "satellites": n_sat,
        "kind": con.kind,
        "mode": "full" if full else "reduce",
        "backend": j.backend() if use_numba is not False else "numpy",
    }
    summary.attrs.update({k: str(val) for k, val in config.items()})
    ds_series = None
    if full:
        times = start64 + (np.arange(n_steps) * step * 1e9).astype("timedelta64[ns]")
        units = {
            "illuminated_fraction": "1",
            "beta": "deg",
            "generated_power": "W",
            "it_power": "W",
            "curtailed_power": "W",
            "soc": "1",
            "temperature": "K",
        }
        ds_series = xr.Dataset(
            {
                k: (("time", "satellite"), np.concatenate(series[k]), {"units": units[k]})
                for k in _SERIES
            },
            coords={"time": times, "satellite": sat},
        )
    return SimResult(summary, ds_series, design, tot, config)


_SERIES = (
    "illuminated_fraction",
    "beta",
    "generated_power",
    "it_power",
    "curtailed_power",
    "soc",
    "temperature",
)


def save(result: SimResult, path: str | Path) -> None:
    """Write a result to NetCDF (.nc, h5netcdf engine) or Parquet (.parquet), atomically."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".nc", ".parquet"):
        raise ScenarioError("--output", str(path), "a file name ending in .nc or .parquet")
    with atomic_path(target) as tmp:
        if suffix == ".nc":
            result.dataset().to_netcdf(tmp, engine="h5netcdf")
        else:
            if result.series is not None:
                df = result.series.to_dataframe().reset_index()
            else:
                df = result.summary.to_dataframe().reset_index()
            df.to_parquet(tmp, index=False)
