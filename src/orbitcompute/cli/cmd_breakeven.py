"""``orbitcompute breakeven``: the value of a parameter at which orbit and ground cost the same."""

from __future__ import annotations

from typing import Any

import typer

from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP, OutputFormat, dumps, write_text

SCHEMA = "orbitcompute.breakeven/1"


def breakeven(
    param: str = typer.Argument(..., help="Registry parameter, e.g. launch.price_per_kg."),
    scenario_pos: str = typer.Argument(None, metavar="[SCENARIO]", help=SCENARIO_HELP),
    scenario_opt: str = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    vs: str = typer.Option(None, "--vs", help="Second parameter: draw the 2-D breakeven frontier."),
    points: int = typer.Option(81, "--points", help="Grid points per axis of the 2-D frontier."),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP),
    png: str = typer.Option(
        None, "--png", help="Write the 2-D frontier contour plot to this PNG (needs --vs)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Breakeven value of PARAM over its registry range, or the PARAM-vs-PARAM2 frontier."""
    from orbitcompute.analysis.breakeven import breakeven as solve
    from orbitcompute.analysis.breakeven import frontier, plot_frontier
    from orbitcompute.cli.cmd_montecarlo import _check_dir
    from orbitcompute.cli.common import load
    from orbitcompute.errors import ScenarioError

    if scenario_pos is not None and scenario_opt is not None and scenario_pos != scenario_opt:
        raise ScenarioError("SCENARIO", scenario_pos, "one scenario (positional or --scenario)")
    sc = load(scenario_opt or scenario_pos, overrides)
    if png is not None:
        if vs is None:
            raise ScenarioError("--png", png, "--vs PARAM2 as well (the PNG is the 2-D frontier)")
        _check_dir(png, "--png")
    if vs is None:
        res = solve(sc, param)
        if fmt is OutputFormat.json:
            write_text(None, dumps({"schema": SCHEMA, **res.to_dict()}))
        elif fmt is OutputFormat.csv:
            write_text(None, res.table.to_csv(index=False))
        else:
            _print_1d(res)
        return
    fr = frontier(sc, param, vs, points)
    if png is not None:
        plot_frontier(fr, png)
    if fmt is OutputFormat.json:
        write_text(None, dumps({"schema": SCHEMA + "-frontier", **fr.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(None, fr.frontier.to_csv(index=False))
    else:
        _print_2d(fr)


def _print_1d(res: Any) -> None:

    u = "" if res.unit in ("1", "") else f" {res.unit}"
    con = _console()
    con.print(
        f"{res.scenario}: {res.parameter} = {res.current:g}{u} gives orbit/ground = "
        f"{res.current_ratio:.4g}"
    )
    con.print(res.message())
    for r in res.table.itertuples():
        con.print(
            f"  at {r.value:.6g}{u}: orbit {r.orbit_cost_per_gpu_hour:.4f} USD/h, "
            f"ground {r.ground_cost_per_gpu_hour:.4f} USD/h, ratio {r.ratio:.9f}"
        )


def _print_2d(fr: Any) -> None:
    import numpy as np
    from rich.table import Table

    t = Table(title=f"breakeven frontier (orbit = ground): {fr.scenario}")
    t.add_column(f"{fr.x} [{fr.x_unit}]", justify="right")
    t.add_column(f"{fr.y} [{fr.y_unit}]", justify="right")
    df = fr.frontier
    step = max(1, len(df) // 12)
    for _, row in df.iloc[::step].iterrows():
        y = row[fr.y]
        t.add_row(f"{row[fr.x]:.4g}", "none" if not np.isfinite(y) else f"{y:.4g}")
    con = _console()
    con.print(t)
    con.print(
        f"scenario point: {fr.x} = {fr.point[0]:g}, {fr.y} = {fr.point[1]:g}, "
        f"ratio {fr.point_ratio:.4g}"
    )
    if not np.isfinite(df[fr.y]).any():
        con.print("no breakeven anywhere in the plane of the two registry ranges")


def _console():
    """A rich console; 120 columns when output is not a terminal (files, pipes, docs)."""
    import sys

    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 120)


def register(app: typer.Typer) -> None:
    app.command("breakeven")(breakeven)
