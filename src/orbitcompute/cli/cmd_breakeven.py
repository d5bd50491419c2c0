"""``orbitcompute breakeven``: the value of a parameter at which orbit and ground cost the same."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.table import Table
from rich.text import Text

from orbitcompute.analysis.breakeven import frontier, plot_frontier
from orbitcompute.analysis.headline import breakeven as solve
from orbitcompute.analysis.headline import headline
from orbitcompute.cli.options import (
    SCENARIO_HELP,
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    OutputOpt,
    PngOpt,
    ScenarioArg,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.registry import registry
from orbitcompute.scenario import preset_names

SCHEMA = "orbitcompute.breakeven/1"
DEFAULT_PARAM = "launch.price_per_kg"
_DOTTED = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _looks_like_param(text: str | None) -> bool:
    """A registry name (or a typo of one) given where the scenario goes: the 0.1 usage."""
    if text is None or text in preset_names() or Path(text).exists():
        return False
    return text in registry() or (bool(_DOTTED.match(text)) and not text.endswith(".toml"))


def breakeven(
    scenario: ScenarioArg = None,
    legacy_scenario: str = typer.Argument(None, hidden=True, metavar="SCENARIO"),
    param: str = typer.Option(
        DEFAULT_PARAM, "--param", "-p", help="Registry parameter whose breakeven is sought."
    ),
    vs: str = typer.Option(None, "--vs", help="Second parameter: draw the 2-D breakeven frontier."),
    points: int = typer.Option(81, "--points", help="Grid points per axis of the 2-D frontier."),
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    png: PngOpt = None,
    design: DesignOpt = Design.optimized,
    scenario_opt: str = typer.Option(None, "--scenario", hidden=True, help=SCENARIO_HELP),
) -> None:
    """Breakeven value of --param over its registry range, or the --param/--vs frontier.

    For a free design the orbital design is the scenario's optimum, re-optimized at the
    breakeven (the frontier keeps it at the scenario's optimum); --design as-given keeps the
    scenario's own design. --png draws the 2-D frontier (needs --vs). The 0.1 form
    'breakeven PARAM [SCENARIO]' still works.
    """
    if _looks_like_param(scenario):  # 0.1 usage: breakeven PARAM [SCENARIO]
        if param != DEFAULT_PARAM:
            raise ScenarioError("SCENARIO", scenario, "a preset or TOML file (PARAM is --param)")
        param, scenario, legacy_scenario = scenario, legacy_scenario, None
    if legacy_scenario is not None:
        raise ScenarioError("SCENARIO", legacy_scenario, "one scenario (the parameter is --param)")
    if scenario_opt is not None:
        if scenario is not None and scenario != scenario_opt:
            raise ScenarioError("--scenario", scenario_opt, f"the same scenario as {scenario!r}")
        scenario = scenario_opt
    check_outputs(output, png)
    if png is not None and vs is None:
        raise ScenarioError("--png", png, "--vs PARAM2 as well (the PNG is the 2-D frontier)")
    sc = load(scenario, set_)
    if vs is None:
        found = solve(sc, param, design.value)
        res = found.result
        if fmt is OutputFormat.json:
            doc = {"schema": SCHEMA, **res.to_dict(), "design": found.note}
            write_text(output, dumps({**doc, "design_iterations": found.iterations}))
        elif fmt is OutputFormat.csv:
            write_text(output, res.table.to_csv(index=False))
        else:
            emit([*_renderables_1d(res), Text(f"design: {found.note}")], output)
        return
    head = headline(sc, design.value)
    fr = frontier(head.scenario, param, vs, points)
    if png is not None:
        plot_frontier(fr, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps({"schema": SCHEMA + "-frontier", **fr.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(output, fr.frontier.to_csv(index=False))
    else:
        emit([*_renderables_2d(fr), Text(f"design: {head.label}")], output)


def _renderables_1d(res: Any) -> list[Any]:
    u = "" if res.unit in ("1", "") else f" {res.unit}"
    out: list[Any] = [
        Text(
            f"{res.scenario}: {res.parameter} = {res.current:g}{u} gives orbit/ground = "
            f"{res.current_ratio:.4g}"
        ),
        Text(res.message()),
    ]
    for r in res.table.itertuples():
        out.append(
            Text(
                f"  at {r.value:.6g}{u}: orbit {r.orbit_cost_per_gpu_hour:.4f} USD/h, "
                f"ground {r.ground_cost_per_gpu_hour:.4f} USD/h, ratio {r.ratio:.9f}"
            )
        )
    return out


def _renderables_2d(fr: Any) -> list[Any]:
    t = Table(title=f"breakeven frontier (orbit = ground): {fr.scenario}")
    t.add_column(Text(f"{fr.x} [{fr.x_unit}]"), justify="right")
    t.add_column(Text(f"{fr.y} [{fr.y_unit}]"), justify="right")
    df = fr.frontier
    step = max(1, len(df) // 12)
    for _, row in df.iloc[::step].iterrows():
        y = row[fr.y]
        t.add_row(f"{row[fr.x]:.4g}", "none" if not np.isfinite(y) else f"{y:.4g}")
    out: list[Any] = [
        t,
        Text(
            f"scenario point: {fr.x} = {fr.point[0]:g}, {fr.y} = {fr.point[1]:g}, "
            f"ratio {fr.point_ratio:.4g}"
        ),
    ]
    if not np.isfinite(df[fr.y]).any():
        out.append(Text("no breakeven anywhere in the plane of the two registry ranges"))
    return out


def register(app: typer.Typer) -> None:
    app.command("breakeven")(breakeven)
