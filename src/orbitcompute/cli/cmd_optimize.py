"""``orbitcompute optimize [SCENARIO]``: the cheapest feasible orbital design, and what it moves."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute.analysis.optimize import DEFAULT_OBJECTIVE, OptimizeResult, plot_pareto
from orbitcompute.analysis.optimize import optimize as run
from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    PngOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, records_csv, write_text

SCHEMA = "orbitcompute.optimize/1"
FIX_HELP = (
    "Pin a decision variable, e.g. --fix orbit.altitude='550 km', --fix "
    "battery.eclipse_strategy=safe-mode, --fix launch.satellites_per_launch=2 (repeatable)."
)


def optimize(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fix: list[str] | None = typer.Option(None, "--fix", help=FIX_HELP, metavar="NAME=VALUE"),
    objective: str = typer.Option(
        DEFAULT_OBJECTIVE,
        "--objective",
        help="Second objective of the Pareto front (an orbit output; prefix max: to maximize).",
    ),
    png: PngOpt = None,
    seed: SeedOpt = 0,
    grid: int = typer.Option(
        2048, "--grid", help="Sobol candidates of the first stage, 16 to 16384."
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Cheapest feasible orbital design for the scenario's technology and prices.

    Searches satellite size and satellites per launch, eclipse strategy, battery depth of
    discharge, radiator temperature, shield thickness, altitude and orbit family; prints the
    optimum, the binding constraints, the as-given vs optimized USD per GPU-hour and the lines
    that moved.
    """
    check_outputs(output, png)
    if not 16 <= grid <= 16384:
        raise ScenarioError("--grid", grid, "a number of candidates from 16 to 16384")
    sc = load(scenario, set_)
    res = run(sc, fix or [], seed=seed, grid=grid, objective=objective)
    if png is not None:
        plot_pareto(res, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps({"schema": SCHEMA, **res.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(output, to_csv(res))
    else:
        emit(renderables(res), output)


def to_csv(res: OptimizeResult) -> str:
    """One flat table: section, name, unit, as given, optimized."""
    rows = [
        {"section": "headline", "name": "orbit.cost_per_gpu_hour", "unit": "USD/h",
         "as_given": res.cost_as_given, "optimized": res.cost},
        {"section": "headline", "name": "ratio", "unit": "1",
         "as_given": res.row_as_given["ratio"], "optimized": res.row["ratio"]},
    ]  # fmt: skip
    for r in res.design_table():
        rows.append({"section": "design", "name": r["variable"], "unit": r["unit"],
                     "as_given": r["as_given"], "optimized": r["optimized"]})  # fmt: skip
    for r in res.moved.to_dict("records"):
        rows.append({"section": "moved", "name": r["output"], "unit": r["unit"],
                     "as_given": r["as_given"], "optimized": r["optimized"]})  # fmt: skip
    for w in res.waterfall:
        rows.append({"section": "waterfall", "name": w["step"], "unit": "USD/h",
                     "as_given": None, "optimized": w["orbit_cost_per_gpu_hour"]})  # fmt: skip
    for b in res.binding:
        rows.append({"section": "binding", "name": b, "unit": "", "as_given": None,
                     "optimized": None})  # fmt: skip
    return records_csv(rows)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "yes" if v else ""
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1e5:
        return f"{v:,.4g}" if a < 1e9 else f"{v:.4g}"
    if a >= 100:
        return f"{v:,.1f}"
    return f"{v:.4g}"


def renderables(res: OptimizeResult) -> list[Any]:
    """Rich renderables of an optimize result (headline, design, binding, waterfall, moved)."""
    ground = res.row["ground.cost_per_gpu_hour"]
    head = (
        f"[bold]{esc(res.scenario)}[/]: orbit {res.cost_as_given:.2f} USD/GPU-hour as given -> "
        f"[bold]{res.cost:.2f}[/] optimized (ground {ground:.2f}): ratio "
        f"{res.row_as_given['ratio']:.3g}x -> [bold]{res.row['ratio']:.3g}x[/]"
    )
    t = Table(title="design", title_justify="left")
    for col in ("variable", "as given", "optimized", "unit", "fixed"):
        t.add_column(col, justify="right" if col in ("as given", "optimized") else "left")
    for r in res.design_table():
        t.add_row(r["variable"], _fmt(r["as_given"]), _fmt(r["optimized"]), r["unit"],
                  "fixed" if r["fixed"] else "")  # fmt: skip
    w = Table(title="what moved the cost (sequential, steps add up)", title_justify="left")
    for col in ("step", "orbit USD/GPU-hour", "change", "ratio"):
        w.add_column(col, justify="left" if col == "step" else "right")
    for s in res.waterfall:
        w.add_row(s["step"], f"{s['orbit_cost_per_gpu_hour']:.2f}",
                  "" if s["step"] == "as given" else f"{s['delta']:+.2f}",
                  f"{s['ratio']:.3g}x")  # fmt: skip
    m = Table(title="lines that moved", title_justify="left")
    for col in ("output", "as given", "optimized", "change", "unit"):
        m.add_column(col, justify="left" if col in ("output", "unit") else "right")
    for r in res.moved.to_dict("records"):
        m.add_row(r["output"], _fmt(r["as_given"]), _fmt(r["optimized"]),
                  f"{r['change']:+.1%}", r["unit"])  # fmt: skip
    binding = "binding: " + ("; ".join(res.binding) if res.binding else "none")
    rate = res.evaluations / res.seconds if res.seconds > 0 else float("nan")
    foot = (
        f"{res.evaluations:,} model evaluations in {res.calls} vectorized calls, "
        f"{res.seconds:.2f} s ({rate:,.0f} evaluations/s); seed {res.seed}; "
        f"{res.feasible_share:.0%} of candidates feasible"
    )
    notes = [esc(n) for n in res.notes]
    return [head, t, esc(binding), w, m, *notes, f"[dim]{esc(foot)}[/]"]


def register(app: typer.Typer) -> None:
    app.command("optimize")(optimize)
