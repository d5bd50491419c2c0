"""``orbitcompute reconcile [STUDY ...]``: every published estimate, reproduced and bridged."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute.analysis.reconcile import ReconcileResult, chart_png, log_shares, reconcile
from orbitcompute.audit.study import study_names
from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, PngOpt, check_outputs
from orbitcompute.io import dumps, emit, records_csv, write_text


def _x(v: float | None) -> str:
    if v is None or v != v:
        return "—"
    return f"{v:.3g}x" if v < 10 else f"{v:.1f}x"


def reconcile_renderables(result: ReconcileResult) -> list[Any]:
    """Rich renderables: the table, each waterfall, the camps (also for the report)."""
    t = Table(
        title=f"Published estimates vs {result.baseline} (orbit / ground cost)",
        title_justify="left",
    )
    for col in ("study", "camp", "published", "reproduced", "our model, their inputs", "ours"):
        t.add_column(col, justify="left" if col in ("study", "camp") else "right")
    for s in result.studies:
        rep = s.reproduction
        t.add_row(
            f"{s.name} ({s.year})",
            s.camp,
            _x(s.figure),
            _x(rep.ratio) if rep.ratio is not None else rep.status,
            _x(s.full_model),
            _x(s.ours),
        )
    out: list[Any] = [t]
    for s in result.studies:
        w = Table(
            title=f"{s.name}: {_x(s.figure)} -> {_x(s.ours)} (steps sum to the gap)",
            title_justify="left",
        )
        for col in ("step", "delta", "after", "share"):
            w.add_column(col, justify="left" if col == "step" else "right", overflow="fold")
        for st, sh in zip(s.steps, log_shares(s), strict=True):
            w.add_row(esc(st.label), f"{st.delta:+.3g}", f"{st.value_after:.3g}", f"{sh:.0%}")
        out.append(w)
        rep = s.reproduction
        lines = [f"  {esc(s.statement)}", f"  reproduction ({rep.status}): {esc(rep.note)}"]
        lines += [f"  [bold red]slip[/bold red]: {esc(x.explanation)}" for x in rep.slips]
        if s.unverified:
            lines.append(f"  not verified: {esc(s.unverified)}")
        out.append("\n".join(lines))
    if result.separators:
        lines = [
            "[bold]What separates the optimistic camp from the pessimistic one[/bold] "
            f"(model structure, what the studies' formulas leave out, is {result.structure:.0%} "
            "of the distance between the studies and our model; the groups of assumptions:)"
        ]
        lines += [f"{i}. {esc(x.sentence)}" for i, x in enumerate(result.separators, 1)]
        out.append("\n".join(lines))
    return out


def reconcile_csv(result: ReconcileResult) -> str:
    """One CSV: a ``study`` row per study, then its ``step`` rows, then ``separator`` rows."""
    rows: list[dict[str, Any]] = []
    for s in result.studies:
        rows.append(
            {"section": "study", "study": s.name, "label": s.camp, "published": s.figure,
             "reproduced": s.reproduction.ratio, "full_model": s.full_model, "ours": s.ours,
             "note": s.reproduction.status}
        )  # fmt: skip
        for st, sh in zip(s.steps, log_shares(s), strict=True):
            rows.append(
                {"section": "step", "study": s.name, "label": st.label, "delta": st.delta,
                 "value_after": st.value_after, "share": sh, "note": st.note}
            )  # fmt: skip
    for x in result.separators:
        rows.append({"section": "separator", "label": x.category, "share": x.share,
                     "note": x.sentence})  # fmt: skip
    return records_csv(rows)


def reconcile_cmd(
    studies: list[str] | None = typer.Argument(
        None, help="Published studies (default: all): " + ", ".join(study_names()) + "."
    ),
    vs: str | None = typer.Option(
        None,
        "--vs",
        help="Our scenario the studies are bridged to (default: today).",
        metavar="SCENARIO",
    ),  # fmt: skip
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    png: PngOpt = None,
) -> None:
    """Every published estimate reproduced, re-run with our model and bridged to ours.

    One table (published figure, reproduction with the study's own formula, our full model on
    its assumptions, our default), a waterfall per study whose steps sum to the gap, and the
    few assumptions that separate the optimistic camp from the pessimistic one. --png draws
    the cross-study chart.
    """
    check_outputs(output, png)
    result = reconcile(studies or None, vs)
    if png:
        chart_png(result, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps(result.to_dict()))
    elif fmt is OutputFormat.csv:
        write_text(output, reconcile_csv(result))
    else:
        emit(reconcile_renderables(result), output)


def register(app: typer.Typer) -> None:
    app.command("reconcile")(reconcile_cmd)
