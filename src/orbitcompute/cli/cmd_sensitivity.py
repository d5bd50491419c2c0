"""``orbitcompute sensitivity``: which assumption matters most (Sobol, Morris, tornado)."""

from __future__ import annotations

import math
from typing import Any

import typer
from rich.table import Table

from orbitcompute.analysis.sensitivity import check_metric, plot_sensitivity, run_sensitivity
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
from orbitcompute.io import dumps, emit, progress_bar, write_text

SCHEMA = "orbitcompute.sensitivity/1"


def sensitivity(
    scenario: ScenarioArg = None,
    method: str = typer.Option("tornado", "--method", "-m", help="sobol, morris or tornado."),
    n: int = typer.Option(
        None,
        "-n",
        "--samples",
        help="Sobol base samples (power of 2, default 4096) or Morris trajectories (default 100).",
    ),
    seed: SeedOpt = 0,
    metric: str = typer.Option(
        "ratio", "--metric", help="Model output analysed, e.g. ratio or orbit.cost_per_gpu_hour."
    ),
    range_: str = typer.Option(
        "distribution",
        "--range",
        help="Tornado low/high: distribution (p5/p95) or registry (min/max).",
    ),
    set_: SetOpt = None,
    png: PngOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Rank the uncertain parameters by their effect on the orbit/ground cost ratio.

    --seed seeds the Sobol/Morris design and the bootstrap; --png draws the Sobol indices,
    the Morris mu*-sigma plane or the tornado.
    """
    check_outputs(output, png)
    sc = load(scenario, set_)
    check_metric(metric)
    with progress_bar(method) as cb:
        res = run_sensitivity(sc, method, n, seed, metric, range_, progress=cb)
    if png is not None:
        plot_sensitivity(res, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps({"schema": SCHEMA, **res.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(output, res.table.to_csv())
    else:
        emit(_renderables(res), output)


def _renderables(res: Any) -> list[Any]:
    t = Table(title=f"orbitcompute sensitivity — {res.method} of {res.metric}: {res.scenario}")
    t.add_column("#", justify="right")
    t.add_column("parameter")
    cols = list(res.table.columns)
    for c in cols:
        t.add_column(c, justify="right")
    for i, (name, row) in enumerate(res.table.iterrows(), start=1):
        cells = [_cell(row[c]) for c in cols]
        t.add_row(str(i), name, *cells)
    extra = (
        f"; {res.n_nonfinite} infeasible points set to the worst value" if res.n_nonfinite else ""
    )
    return [
        t,
        f"{res.metric} at the scenario's point values: {res.baseline:.4g}; "
        f"{res.n_runs:,} model runs{extra}",
    ]


def _cell(v: Any) -> str:
    if isinstance(v, str):
        return v
    if math.isnan(v):
        return "infeasible"
    return "inf" if math.isinf(v) else f"{v:.3g}"


def register(app: typer.Typer) -> None:
    app.command("sensitivity")(sensitivity)
