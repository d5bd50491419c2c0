"""``orbitcompute simulate``: time-stepped constellation simulation (orbits, shadow, power,
battery, heat, delivered compute)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.text import Text

from orbitcompute.analysis.headline import design_block, headline
from orbitcompute.cli.options import (
    DataOutputOpt,
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    PngOpt,
    ScenarioArg,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import console, csv_text, dumps, emit, progress_bar, working, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.sim.engine import parse_start, save, simulate
from orbitcompute.sim.layout import layout_report, priced_layout
from orbitcompute.sim.plots import plot_png
from orbitcompute.sim.static import static_vs_sim

ORBIT_KINDS = ("sso", "inclined")

#: Rows of the summary table: key -> (label, unit, scale, format). JSON keeps the keys.
QUANTITIES: dict[str, tuple[str, str, float, str]] = {
    "satellites": ("satellites simulated", "", 1.0, ",d"),
    "days": ("period", "d", 1.0, "g"),
    "time_step_s": ("time step", "s", 1.0, "g"),
    "sunlit_fraction_mean": ("sunlit fraction, mean", "%", 100.0, ".2f"),
    "sunlit_fraction_min": ("sunlit fraction, lowest satellite", "%", 100.0, ".2f"),
    "eclipses_per_satellite_mean": ("eclipses per satellite", "", 1.0, ",.1f"),
    "longest_eclipse_min": ("longest eclipse", "min", 1.0, ".1f"),
    "min_soc": ("lowest battery state of charge", "%", 100.0, ".1f"),
    "peak_temperature_K": ("peak radiator temperature", "K", 1.0, ".1f"),
    "delivered_compute_fraction": ("compute delivered", "%", 100.0, ".2f"),
    "curtailed_fraction_of_generation": ("solar generation curtailed", "%", 100.0, ".2f"),
    "energy_balance_residual_rel": ("energy balance residual (relative)", "", 1.0, ".1e"),
    "array_area_m2": ("solar array area per satellite", "m^2", 1.0, ",.0f"),
    "array_rated_power_kW": ("array rated power per satellite", "kW", 1.0, ",.1f"),
    "battery_capacity_kWh": ("battery capacity per satellite", "kWh", 1.0, ",.1f"),
    "radiator_area_m2": ("radiator area per satellite", "m^2", 1.0, ",.0f"),
    "design_eclipse_min": ("design eclipse (sizing)", "min", 1.0, ".1f"),
}


def _check_range(name: str, flag: str, value: float | None) -> float | None:
    """Validate a numeric option against its registry row; return it (registry unit)."""
    if value is None:
        return None
    p = registry()[name]
    if value != value or not p.minimum <= value <= p.maximum:  # NaN-safe
        unit = "" if p.unit == "1" else f" {p.unit}"
        raise ScenarioError(flag, value, f"a value from {p.minimum:g}{unit} to {p.maximum:g}{unit}")
    if p.kind == "int" and value != int(value):
        raise ScenarioError(flag, value, "a whole number")
    return float(value)


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
    design: DesignOpt = Design.optimized,
) -> None:
    """Simulate the constellation step by step: Sun, shadow, power, battery, heat, compute.

    By default it simulates the fleet compare prices: the same design (optimized for free
    scenarios; --design as-given for the scenario's own) and orbit, every plane at the
    scenario's node time for a sun-synchronous orbit. --planes/--per-plane add satellites
    to that layout; --set sim.raan_spread=360 or --orbit spread or change it, and the
    output says how the sunlit fraction and longest eclipse then differ from the priced
    design. -o saves the run as FILE.nc (xarray/netCDF) or FILE.parquet; --png draws beta
    and eclipse minutes over a year and a one-day power/charge/temperature trace.
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
    extra = {
        "sim.planes": _check_range("sim.planes", "--planes", planes),
        "sim.per_plane": _check_range("sim.per_plane", "--per-plane", per_plane),
        "sim.duration": _check_range("sim.duration", "--days", days),
        "sim.time_step": _check_range("sim.time_step", "--step", step),
    }
    if orbit is not None:
        extra["orbit.sun_synchronous"] = 1.0 if orbit == "sso" else 0.0
    base = load(scenario, set_)
    start64 = parse_start(start)
    # the fleet compare prices: the headline design, all its planes at its node time
    with working("finding the design compare prices (orbitcompute optimize)"):
        head = headline(base, design.value)
        priced_row = evaluate(head.scenario.params()).row(0)
    sc = head.scenario
    values = dict(sc.values)
    if "sim.raan_spread" not in base.given:
        values.update(priced_layout(values))
    reg = registry()
    values.update({k: v * reg[k].factor for k, v in extra.items() if v is not None})
    with progress_bar("simulating") as bar:
        res = simulate(values, start=start64, tle=tle, mode=mode, progress=bar)
    table = res.table()
    layout = layout_report(sc.values, priced_row, values, table, tle=tle is not None)
    if output is not None:
        save(res, output)
    plot_info = None
    if png is not None:
        plot_info = plot_png(
            png, values, start64, trace_day=trace_day, step=res.config["step"], tle=tle
        )
    versus = static_vs_sim(sc, start=start) if vs_static else None
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
                   "static_vs_sim": versus, "layout": layout,
                   "priced_design": design_block(head)}),
        )  # fmt: skip
    elif fmt is OutputFormat.csv:
        rows = [("summary", k, v, "", "") for k, v in {**table, **design}.items()]
        rows += [
            ("layout", "sunlit_fraction", layout["simulated"]["sunlit_fraction"],
             layout["priced"]["sunlit_fraction"], "1"),
            ("layout", "longest_eclipse", layout["simulated"]["longest_eclipse_min"],
             layout["priced"]["longest_eclipse_min"], "min"),
        ]  # fmt: skip
        rows += [
            ("static_vs_sim", r["quantity"], r["simulated"], r["static"], r["unit"])
            for r in versus or []
        ]
        write_text(None, csv_text(["section", "quantity", "value", "static", "unit"], rows))
    else:
        emit(_renderables(sc, res, table, design, versus, layout), None)
    info = console(stderr=True)
    if output is not None:
        info.print(f"saved {output}")
    if png is not None:
        info.print(f"wrote {png}")


def _renderables(
    sc: Any, res: Any, table: dict, design: dict, versus: list | None, layout: dict
) -> list[Any]:
    cfg = res.config
    t = Grid(
        [Col("quantity", key=True), Col("value", "right"), Col("unit")],
        f"simulate: {sc.label} ({cfg['satellites']} satellites, "
        f"{cfg['days']:g} d at {cfg['step']:g} s, {cfg['mode']})",
    )
    for k, v in {**table, **design}.items():
        label, unit, scale, spec = QUANTITIES.get(k, (k, "", 1.0, ".6g"))
        t.add_row(label, format(v * scale, spec) if isinstance(v, float) else str(v), unit)
    style = "bold yellow" if layout["differs"] else "bold"
    out: list[Any] = [Text(layout["text"], style=style), t]
    if versus is not None:
        vt = Grid(
            [Col("quantity", key=True), Col("unit"), Col("static", "right"),
             Col("simulated", "right"), Col("difference", "right")],
            "static engine vs simulation (one year of the scenario orbit)",
        )  # fmt: skip
        for r in versus:
            vt.add_row(r["quantity"], r["unit"], f"{r['static']:.3f}", f"{r['simulated']:.3f}",
                       f"{r['difference']:+.3f}")  # fmt: skip
        out.append(vt)
    return out


def register(app: typer.Typer) -> None:
    """Add the ``simulate`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("simulate")(simulate_cmd)
