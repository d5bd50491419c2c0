"""``orbitcompute simulate``: time-stepped constellation simulation (orbits, shadow, power,
battery, heat, delivered compute)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.table import Table

from orbitcompute.cli.options import (
    DataOutputOpt,
    FormatOpt,
    OutputFormat,
    PngOpt,
    ScenarioArg,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import console, csv_text, dumps, emit, progress_bar, write_text
from orbitcompute.registry import registry
from orbitcompute.sim.engine import parse_start, save, simulate
from orbitcompute.sim.plots import plot_png
from orbitcompute.sim.static import static_vs_sim

ORBIT_KINDS = ("sso", "inclined")


def _check_range(name: str, flag: str, value: float | None) -> str | None:
    """Validate a numeric option against its registry row; return the --set text."""
    if value is None:
        return None
    p = registry()[name]
    if value != value or not p.minimum <= value <= p.maximum:  # NaN-safe
        unit = "" if p.unit == "1" else f" {p.unit}"
        raise ScenarioError(flag, value, f"a value from {p.minimum:g}{unit} to {p.maximum:g}{unit}")
    if p.kind == "int" and value != int(value):
        raise ScenarioError(flag, value, "a whole number")
    return f"{name}={value}"


def simulate_cmd(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    planes: int = typer.Option(None, "--planes", help="Orbital planes (sim.planes)."),
    per_plane: int = typer.Option(None, "--per-plane", help="Satellites per plane."),
    days: float = typer.Option(None, "--days", help="Simulated period in days (sim.duration)."),
    step: float = typer.Option(None, "--step", help="Time step in seconds (sim.time_step)."),
    start: str = typer.Option(None, "--start", help="UTC start date, e.g. 2026-06-01."),
    orbit: str = typer.Option(None, "--orbit", help="Orbit kind: sso or inclined."),
    tle: Path = typer.Option(None, "--tle", help="TLE file (replaces the Walker constellation)."),
    output: DataOutputOpt = None,
    png: PngOpt = None,
    trace_day: float = typer.Option(
        None, "--trace-day", help="Day of the PNG trace (default: the longest eclipse)."
    ),
    mode: str = typer.Option("auto", "--mode", help="auto, full (series) or reduce (streaming)."),
    vs_static: bool = typer.Option(
        False, "--vs-static", help="Also compare one year of the orbit with the static engine."
    ),
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Simulate the constellation step by step: Sun, shadow, power, battery, heat, compute.

    -o saves the run as FILE.nc (xarray/netCDF) or FILE.parquet; --png draws beta and eclipse
    minutes over a year and a one-day power/charge/temperature trace.
    """
    check_outputs(output, png, output_suffixes=(".nc", ".parquet"))
    if step is not None and not step > 0:
        raise ScenarioError("--step", step, "a time step > 0 seconds")
    if days is not None and not days > 0:
        raise ScenarioError("--days", days, "a period > 0 days")
    if orbit is not None and orbit not in ORBIT_KINDS:
        raise ScenarioError("--orbit", orbit, "sso or inclined")
    if trace_day is not None and not 0 <= trace_day < 366:
        raise ScenarioError("--trace-day", trace_day, "a day from 0 to 365 after --start")
    if tle is not None:
        for flag, given in (("--planes", planes), ("--per-plane", per_plane), ("--orbit", orbit)):
            if given is not None:
                raise ScenarioError(flag, given, "no value with --tle (the TLE file sets orbits)")
    if mode not in ("auto", "full", "reduce"):
        raise ScenarioError("--mode", mode, "auto, full or reduce")
    extra = [
        _check_range("sim.planes", "--planes", planes),
        _check_range("sim.per_plane", "--per-plane", per_plane),
        _check_range("sim.duration", "--days", days),
        _check_range("sim.time_step", "--step", step),
    ]
    if orbit is not None:
        extra.append(f"orbit.sun_synchronous={1 if orbit == 'sso' else 0}")
    sc = load(scenario, list(set_ or []) + [e for e in extra if e])
    start64 = parse_start(start)
    with progress_bar("simulating") as bar:
        res = simulate(sc.values, start=start64, tle=tle, mode=mode, progress=bar)
    if output is not None:
        save(res, output)
    plot_info = None
    if png is not None:
        plot_info = plot_png(
            png, sc.values, start64, trace_day=trace_day, step=res.config["step"], tle=tle
        )
    versus = static_vs_sim(sc, start=start) if vs_static else None
    table = res.table()
    d = res.design
    design = {
        "array_area_m2": float(np.mean(d.array_area)),
        "array_rated_power_kW": float(np.mean(d.array_rated_power)) / 1e3,
        "battery_capacity_kWh": float(np.mean(d.battery_capacity)) / 3.6e6,
        "radiator_area_m2": float(np.mean(d.radiator_area)),
        "design_eclipse_min": float(np.max(d.design_eclipse_duration)) / 60,
    }
    if fmt is OutputFormat.json:
        write_text(
            None,
            dumps({"scenario": sc.label, "config": res.config, "summary": table,
                   "design": design, "energy_J": res.totals, "plot": plot_info,
                   "static_vs_sim": versus}),
        )  # fmt: skip
    elif fmt is OutputFormat.csv:
        rows = [("summary", k, v, "", "") for k, v in {**table, **design}.items()]
        rows += [
            ("static_vs_sim", r["quantity"], r["simulated"], r["static"], r["unit"])
            for r in versus or []
        ]
        write_text(None, csv_text(["section", "quantity", "value", "static", "unit"], rows))
    else:
        emit(_renderables(sc, res, table, design, versus), None)
    info = console(stderr=True)
    if output is not None:
        info.print(f"saved {output}")
    if png is not None:
        info.print(f"wrote {png}")


def _renderables(sc: Any, res: Any, table: dict, design: dict, versus: list | None) -> list[Any]:
    cfg = res.config
    t = Table(
        title=f"simulate: {sc.label} ({cfg['satellites']} satellites, "
        f"{cfg['days']:g} d at {cfg['step']:g} s, {cfg['mode']})"
    )
    t.add_column("quantity")
    t.add_column("value", justify="right")
    for k, v in {**table, **design}.items():
        t.add_row(k, f"{v:.6g}" if isinstance(v, float) else str(v))
    out: list[Any] = [t]
    if versus is not None:
        vt = Table(title="static engine vs simulation (one year of the scenario orbit)")
        for col in ("quantity", "unit", "static", "simulated", "difference"):
            vt.add_column(col, justify="left" if col in ("quantity", "unit") else "right")
        for r in versus:
            vt.add_row(r["quantity"], r["unit"], f"{r['static']:.3f}", f"{r['simulated']:.3f}",
                       f"{r['difference']:+.3f}")  # fmt: skip
        out.append(vt)
    return out


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate_cmd)
