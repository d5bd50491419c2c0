"""``orbitcompute compare``: the answer, orbit and ground side by side."""

from __future__ import annotations

import math
from typing import Any

import typer
from rich.text import Text

from orbitcompute.analysis.compare import (
    GEOMETRY_KEYS,
    PHYSICS,
    ROWS,
    build_report,
    check_buildable,
    display,
    geometry_text,
    headline_text,
    option_label,
    summary_csv,
)
from orbitcompute.analysis.headline import design_block, headline
from orbitcompute.cli.options import (
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SetOpt,
    WorkloadOpt,
    check_outputs,
    load,
)
from orbitcompute.economics.costs import cost_lines
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.io import dumps, emit, progress_bar, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.model import evaluate, evaluate_ground_options
from orbitcompute.registry import outputs
from orbitcompute.sim import static_inputs


def compare(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    workload: WorkloadOpt = None,
    ground: str = typer.Option(
        None,
        "--ground",
        "-g",
        help="Ground energy option to compare with (grid, gas, nuclear, solar_storage); "
        "default: every option side by side, the scenario's ground.energy_option as headline.",
    ),
    from_sim: bool = typer.Option(
        False,
        "--from-sim",
        help="Take the sunlit fraction, longest eclipse and delivered-compute fraction from a "
        "one-year time-stepped simulation of the orbit instead of the static eclipse model.",
    ),
    design: DesignOpt = Design.optimized,
) -> None:
    """Cost per delivered GPU-hour in orbit vs on the ground, with the physics behind it.

    A free design (today, starship-2030, optimist, skeptic...) is shown optimized
    (orbitcompute optimize), with the as-given figure beside it; --design as-given shows the
    scenario's own design. Published designs (starcloud, suncatcher, mccalip) are as given.
    """
    check_outputs(output)
    if ground is not None:
        if ground not in OPTIONS:
            raise ScenarioError("--ground", ground, "one of " + ", ".join(OPTIONS))
        set_ = [*(set_ or []), f"ground.energy_option={ground}"]
    head = headline(load(scenario, set_, workload), design.value)
    sc = head.scenario
    geometry = None
    if from_sim:
        with progress_bar("simulating the orbit for a year") as bar:
            geometry = static_inputs(sc, progress=bar)
    res = evaluate(sc.params(), geometry=geometry)
    check_buildable(sc, res)
    report = build_report(sc, res, geometry)
    report["design"] = design_block(head)
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, summary_csv(report))
    else:
        emit(_renderables(sc, res, report, ground, geometry), output)


def _renderables(
    sc: Any, res: Any, report: dict[str, Any], ground: str | None = None, geometry: Any = None
) -> list[Any]:
    row = res.row(0)
    selected = OPTIONS[int(row["ground.energy_source"])]
    shown = [ground] if ground else list(OPTIONS)
    # every option's column is the model evaluated with that option selected (one call)
    by_option = evaluate_ground_options(sc.params(), geometry) if len(shown) > 1 else {}
    by_option[selected] = row
    table = outputs()
    source = geometry_text(report)

    def side_by_side(title: str, caption: str | None = None) -> Grid:
        cols = [Col("", key=True), Col("orbit", "right")]
        for name in shown:
            mark = " *" if name == selected and len(shown) > 1 else ""
            cols.append(Col(f"ground ({option_label(name)}){mark}", "right"))
        cols.append(Col("unit", key=True, wrap=False))
        return Grid(cols, title, caption)

    def cell(r: dict[str, float], key: str | None, spec: str) -> str:
        v = display(r, key)
        return "—" if v is None else format(v, spec)

    def add(t: Grid, ok: str | None, gk: str | None, spec: str, label: str | None) -> None:
        out = table[ok or gk]
        cells = [cell(by_option[name], gk, spec) for name in shown]
        t.add_row(label or out.label, cell(row, ok, spec), *cells, out.display_unit)

    mark = "* headline ground option. " if len(shown) > 1 else ""
    basis = f"{mark}basis: {sc.meta.basis}" if sc.meta.basis else mark.strip() or None
    t = side_by_side(f"orbitcompute compare — {sc.label}", basis)
    for ok, gk, spec, label in ROWS:
        add(t, ok, gk, spec, label)
    t.add_section()
    pad = [""] * len(shown)
    t.add_row(f"orbit / ground ({option_label(selected)})", f"{row['ratio']:.2f}", *pad, "x")
    be = row["breakeven.launch_price_per_kg"]
    be_text = f"{be:,.0f}" if math.isfinite(be) else "none"
    t.add_row("breakeven launch price", be_text, *pad, "USD/kg")
    lines = side_by_side("cost per delivered GPU-hour, by line (sums to the headline)")
    by_line = {name: cost_lines(r) for name, r in by_option.items()}
    for i, x in enumerate(cost_lines(row)):
        cells = [by_line[name][i]["ground"] for name in shown]
        lines.add_row(
            x["label"], *("—" if v is None else f"{v:.3f}" for v in (x["orbit"], *cells)), x["unit"]
        )
    lines.add_section()
    add(lines, "orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", ".3f", "total")
    p = Grid(
        [Col("", key=True), Col("value", "right", wrap=False), Col("unit", wrap=False)],
        "orbital design (physics)",
        f"eclipses: {source}",
    )
    for key, spec in PHYSICS:
        label = table[key].label
        if geometry is not None and key in GEOMETRY_KEYS:
            label += " (simulated)"
        p.add_row(label, cell(row, key, spec), table[key].display_unit)
    design = Text(f"orbital design: {report['design']['label']}")
    return [Text(headline_text(sc, report), style="bold"), design, t, lines, p]


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("compare")(compare)
