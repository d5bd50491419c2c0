"""``orbitcompute sensitivity``: which assumption matters most (Sobol, Morris, tornado)."""

from __future__ import annotations

from typing import Any

import typer

from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP, OutputFormat, dumps, write_text

SCHEMA = "orbitcompute.sensitivity/1"


def sensitivity(
    scenario: str = typer.Argument(None, help=SCENARIO_HELP),
    method: str = typer.Option("tornado", "--method", "-m", help="sobol, morris or tornado."),
    n: int = typer.Option(
        None,
        "-n",
        "--samples",
        help="Sobol base samples (power of 2, default 4096) or Morris trajectories (default 100).",
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the Sobol/Morris design and bootstrap."),
    metric: str = typer.Option(
        "ratio", "--metric", help="Model output analysed, e.g. ratio or orbit.cost_per_gpu_hour."
    ),
    range_: str = typer.Option(
        "distribution",
        "--range",
        help="Tornado low/high: distribution (p5/p95) or registry (min/max).",
    ),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP),
    png: str = typer.Option(None, "--png", help="Write the chart to this PNG."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Rank the uncertain parameters by their effect on the orbit/ground cost ratio."""
    from orbitcompute.analysis.sensitivity import check_metric, plot_sensitivity, run_sensitivity
    from orbitcompute.cli.cmd_montecarlo import _check_dir, progress_bar
    from orbitcompute.cli.common import load

    sc = load(scenario, overrides)
    check_metric(metric)
    if png is not None:
        _check_dir(png, "--png")
    with progress_bar(method) as cb:
        res = run_sensitivity(sc, method, n, seed, metric, range_, progress=cb)
    if png is not None:
        plot_sensitivity(res, png)
    if fmt is OutputFormat.json:
        write_text(None, dumps({"schema": SCHEMA, **res.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(None, res.table.to_csv())
    else:
        _print(res)


def _print(res: Any) -> None:
    from rich.table import Table

    t = Table(title=f"orbitcompute sensitivity — {res.method} of {res.metric}: {res.scenario}")
    t.add_column("#", justify="right")
    t.add_column("parameter")
    cols = list(res.table.columns)
    for c in cols:
        t.add_column(c, justify="right")
    for i, (name, row) in enumerate(res.table.iterrows(), start=1):
        cells = [_cell(row[c]) for c in cols]
        t.add_row(str(i), name, *cells)
    con = _console()
    con.print(t)
    extra = (
        f"; {res.n_nonfinite} infeasible points set to the worst value" if res.n_nonfinite else ""
    )
    con.print(
        f"{res.metric} at the scenario's point values: {res.baseline:.4g}; "
        f"{res.n_runs:,} model runs{extra}"
    )


def _cell(v: Any) -> str:
    import math

    if isinstance(v, str):
        return v
    if math.isnan(v):
        return "infeasible"
    return "inf" if math.isinf(v) else f"{v:.3g}"


def _console():
    """A rich console; 120 columns when output is not a terminal (files, pipes, docs)."""
    import sys

    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 120)


def register(app: typer.Typer) -> None:
    app.command("sensitivity")(sensitivity)
