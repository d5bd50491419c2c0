"""``orbitcompute parity [SCENARIO]``: the smallest joint change that brings orbit to parity."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute.analysis.parity import ALIASES, ParityResult, parity, summary
from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, records_csv, write_text


def parity_renderables(result: ParityResult) -> list[Any]:
    """Rich renderables: one row per lever, then the verdict in words (also for the report)."""
    t = Table(
        title=(
            f"What would have to be true: {esc(result.scenario)} at {result.current_ratio:.3g}x "
            f"-> {result.target:g}x"
        ),
        title_justify="left",
    )
    for col in ("lever", "today", "required", "published optimistic", "alone", "moved"):
        t.add_column(col, justify="left" if col == "lever" else "right", overflow="fold")
    for lv in result.levers:
        src = "" if lv.optimistic is None else f" ({lv.optimistic_source})"
        t.add_row(
            esc(lv.label),
            lv.text["current"],
            lv.text["required"],
            esc(lv.text["optimistic"] + src),
            lv.text["breakeven"],
            f"{abs(lv.z or 0):.0%}",
        )
    lines = [
        f"ratio at the point: {result.ratio:.6g}x; scaled distance {result.distance:.3f} "
        "('moved' = share of each lever's uncertainty range, in log space)",
        esc(summary(result)),
    ]
    if not result.message.startswith("orbit reaches"):  # else the line above says it
        lines.insert(0, esc(result.message))
    if result.reachable and result.current_ratio > result.target:
        lines.append(
            "check: orbitcompute compare " + " ".join(f"--set {s}" for s in result.overrides())
        )
    return [t, "\n".join(lines)]


def parity_csv(result: ParityResult) -> str:
    """One row per lever (values in its registry unit)."""
    rows = []
    for lv in result.levers:
        rows.append(
            {"lever": lv.alias, "name": lv.name, "unit": lv.unit, "current": lv.text["current"],
             "required": lv.text["required"], "optimistic": lv.text["optimistic"],
             "optimistic_source": lv.optimistic_source, "breakeven": lv.text["breakeven"],
             "range": lv.text["range"], "range_source": lv.range_source, "moved": lv.z,
             "ratio": result.ratio, "target": result.target, "reachable": result.reachable}
        )  # fmt: skip
    return records_csv(rows)


def parity_cmd(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    levers: str | None = typer.Option(
        None,
        "--levers",
        metavar="A,B,C",
        help="Levers to move (comma-separated): " + ", ".join(ALIASES) + " or registry names.",
    ),  # fmt: skip
    target: float = typer.Option(
        1.0, "--target", metavar="R", help="Orbit / ground cost ratio to reach (1 = parity)."
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    seed: SeedOpt = 0,
) -> None:
    """What would have to be true: the smallest joint change of the levers that brings orbit to
    cost parity (or within --target R of the ground), each lever next to today's and the
    published optimistic value, with the single-lever breakevens."""
    check_outputs(output)
    if not target > 0:
        raise ScenarioError("--target", target, "a cost ratio > 0 (1 = parity)")
    names = None
    if levers is not None:
        names = [x.strip() for x in levers.split(",")]
        if not all(names):
            raise ScenarioError(
                "--levers", levers, "comma-separated lever names, e.g. launch,array"
            )
    sc = load(scenario, set_)
    result = parity(sc, names, target, seed=seed)
    if fmt is OutputFormat.json:
        write_text(output, dumps(result.to_dict()))
    elif fmt is OutputFormat.csv:
        write_text(output, parity_csv(result))
    else:
        emit(parity_renderables(result), output)


def register(app: typer.Typer) -> None:
    app.command("parity")(parity_cmd)
