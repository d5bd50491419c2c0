"""``orbitcompute verdict [SCENARIO]``: each claim and objection, orbit vs ground, in numbers."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.text import Text

from orbitcompute.analysis.headline import design_block, headline
from orbitcompute.analysis.verdict import build_verdict
from orbitcompute.cli.options import (
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    WorkloadOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, records_csv, write_text
from orbitcompute.layout import Col, Grid


def _num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    a = abs(v)
    if a == 0:
        return "0"
    if a >= 1e9:
        return f"{v / 1e9:,.3g}e9"
    if a >= 1e6:
        return f"{v / 1e6:,.3g}e6"
    if a >= 1e4:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:,.1f}"
    return f"{v:.3g}"


def factor_text(row: dict[str, Any]) -> str:
    """'5.7x', '∞' (the winner is at zero) or '—'.

    Parameters
    ----------
    row : dict
        A verdict row (``winner``, ``factor``).

    Returns
    -------
    str
        The factor as text.
    """
    if row["winner"] in ("tie", "undetermined"):
        return "—"
    return "∞ (zero)" if row["factor"] is None else f"{row['factor']:.3g}x"


def verdict_renderables(doc: dict[str, Any]) -> list[Any]:
    """Rich renderables of a verdict document (also usable by the report, #9)."""
    title = f"orbitcompute verdict — {doc['scenario']['title']}"
    t = Grid(
        [
            Col("", key=True),
            Col("claim / objection", key=True),
            Col("orbit", "right"),
            Col("ground", "right"),
            Col("unit"),
            Col("winner"),
            Col("by", "right"),
        ],
        title,
    )
    kind = None
    for row in doc["rows"]:
        first = row["kind"] != kind
        if kind is not None and first:
            t.add_section()
        kind = row["kind"]
        t.add_row(
            row["kind"] if first else "",
            row["topic"],
            _num(row["orbit"]),
            _num(row["ground"]),
            row["unit"],
            row["winner"],
            factor_text(row),
        )
    ov = doc["overall"]
    t.add_section()
    t.add_row(
        "overall",
        "cost per delivered GPU-hour",
        f"{ov['orbit_cost_per_gpu_hour']:.2f}",
        f"{ov['ground_cost_per_gpu_hour']:.2f}",
        doc["cost"]["unit"],
        ov["winner"],
        f"{ov['factor']:.3g}x",
    )
    be = doc["breakeven"]
    others = be.get("others")
    lines = [
        f"probability: {doc['probability']['text']}",
        f"breakeven launch price: {be['launch.price_per_kg']['text']}",
    ]
    if isinstance(others, str):
        lines.append(f"other breakeven conditions: {others}")
    elif isinstance(others, dict):
        lines += [f"  {d['message']}" for d in others.values()]
    if doc.get("design"):
        lines.append(f"orbital design: {doc['design']['label']}")
    if "outlook" in doc:  # when, if ever, and how much (orbitcompute outlook)
        lines += [doc["outlook"]["parity"]["text"], doc["outlook"]["capacity"]["sentence"]]
    cost = doc["cost"]
    c = Grid(
        [Col("line", key=True), Col("orbit", "right"), Col("ground", "right"),
         Col("unit", key=True)],
        "cost per delivered GPU-hour, by line (sums to the overall row)",
    )  # fmt: skip
    for line in cost["lines"]:
        c.add_row(line["label"], _num(line["orbit"]), _num(line["ground"]), cost["unit"])
    c.add_section()
    c.add_row("total", _num(cost["orbit_total"]), _num(cost["ground_total"]), cost["unit"])
    for key, head in (
        ("what_would_have_to_be_true", "What would have to be true"),
        ("published_estimates", "Where this stands among published estimates"),
    ):
        if key in doc:
            lines += ["", f"[bold]{head}[/bold]: {esc(doc[key]['text'])}"]
    first = Text(
        f"{doc['scenario']['title']}: {ov['winner']} wins overall, by {ov['factor']:.3g}x "
        f"(orbit {ov['orbit_cost_per_gpu_hour']:.2f} vs ground "
        f"{ov['ground_cost_per_gpu_hour']:.2f} USD per delivered GPU-hour).",
        style="bold",
    )
    return [first, t, c, "\n".join(esc(x) if not x.startswith("[bold]") else x for x in lines)]


def verdict_csv(doc: dict[str, Any]) -> str:
    """The verdict tables as CSV: one row per claim or objection, the overall cost row, then
    one row per cost line (kind ``cost line``; they sum to the overall row)."""
    cols = ("kind", "topic", "orbit", "ground", "unit", "winner", "factor")
    rows = [{c: r[c] for c in cols} for r in doc["rows"]]
    ov, cost = doc["overall"], doc["cost"]
    rows.append(
        {
            "kind": "overall",
            "topic": "cost per delivered GPU-hour",
            "orbit": ov["orbit_cost_per_gpu_hour"],
            "ground": ov["ground_cost_per_gpu_hour"],
            "unit": cost["unit"],
            "winner": ov["winner"],
            "factor": ov["factor"],
        }
    )
    for line in cost["lines"]:
        rows.append(
            {
                "kind": "cost line",
                "topic": line["label"],
                "orbit": line["orbit"],
                "ground": line["ground"],
                "unit": cost["unit"],
                "winner": None,
                "factor": None,
            }
        )
    return records_csv(rows)


def verdict(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    workload: WorkloadOpt = None,
    seed: SeedOpt = 0,
    samples: int = typer.Option(
        20_000, "--samples", "-n", help="Monte Carlo samples (scenarios with distributions)."
    ),
    design: DesignOpt = Design.optimized,
) -> None:
    """What is the point? Each claimed advantage and objection, orbit vs ground, with numbers.

    Free designs are judged on the scenario's optimized orbital design (the Monte Carlo keeps
    that design fixed while the uncertain inputs vary); --design as-given uses the scenario's
    own design.
    """
    check_outputs(output)
    if samples < 1:
        raise ScenarioError("--samples", samples, "a whole number >= 1")
    head = headline(load(scenario, set_, workload), design.value)
    doc = build_verdict(head.scenario, samples=samples, seed=seed)
    doc["design"] = design_block(head)
    if fmt is OutputFormat.json:
        write_text(output, dumps(doc))
    elif fmt is OutputFormat.csv:
        write_text(output, verdict_csv(doc))
    else:
        emit(list(verdict_renderables(doc)), output)


def register(app: typer.Typer) -> None:
    """Add the ``verdict`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("verdict")(verdict)
