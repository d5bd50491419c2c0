"""``orbitcompute audit PRESET``: a published analysis, reproduced, re-run and bridged."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute import audit as audits
from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, PngOpt, check_outputs
from orbitcompute.io import atomic_path, dumps, emit, records_csv, write_text


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "USD":
        a = abs(v)
        return (
            f"${v / 1e9:,.2f}B" if a >= 1e9 else f"${v / 1e6:,.2f}M" if a >= 1e6 else f"${v:,.0f}"
        )
    if unit == "1":
        return f"{v:,.3f}"
    return f"{v:,.0f} {unit}"


def audit_text_renderables(result: Any) -> list[Any]:
    """Rich renderables for an audit (also used by the report, #9)."""
    d = result.to_dict()
    unit = d["metric"]["unit"]
    out: list[Any] = [f"[bold]{esc(d['title'])}[/bold]\nsource: {esc(d['source'])}"]

    a = Table(
        title="(a) published claim and (b) our reproduction with their formula",
        title_justify="left",
    )
    for col in ("claim", "published", "reproduced", "deviation"):
        a.add_column(col, justify="left" if col == "claim" else "right")
    for c in d["published"]:
        dev = c["deviation"]
        a.add_row(
            esc(c["label"]),
            _fmt(c["value"], c["unit"]),
            _fmt(c["reproduced"], c["unit"]),
            "—" if dev is None else f"{dev * 100:+.1f} %",
        )
    out.append(a)
    for s in d["slips"]:
        out.append(f"[bold red]arithmetic slip[/bold red] ({s['what']}): {esc(s['explanation'])}")

    m = Table(title=f"(b) -> (c): {d['metric']['name']} [{unit}]", title_justify="left")
    m.add_column("")
    m.add_column("value", justify="right")
    m.add_row("(b) their formula, their inputs", f"{d['reproduction']['metric']:,.4g}")
    m.add_row(
        "    our full model, their inputs", f"{d['full_model']['their_inputs_in_our_model']:,.4g}"
    )
    m.add_row("(c) our full model, our defaults", f"{d['full_model']['metric']:,.4g}")
    out.append(m)

    w = Table(
        title="(d) attribution waterfall (largest one-at-a-time effect first)", title_justify="left"
    )
    for col in ("step", "one at a time", "cumulative step", "value after", "note"):
        w.add_column(col, justify="left" if col in ("step", "note") else "right", overflow="fold")
    for st in d["waterfall"]["steps"]:
        alone = st["one_at_a_time"]
        w.add_row(
            esc(st["label"]),
            "—" if alone is None else f"{alone:+,.4g}",
            f"{st['delta']:+,.4g}",
            f"{st['value_after']:,.4g}",
            esc(st["note"]),
        )
    w.add_section()
    w.add_row(
        "sum of steps = (c) - (b)",
        "",
        f"{d['waterfall']['sum_of_steps']:+,.4g}",
        f"{d['waterfall']['end']:,.4g}",
        f"gap {d['waterfall']['gap']:+,.4g}",
    )
    out.append(w)
    out.append(f"[bold](e) finding[/bold]: {esc(d['finding'])}")
    return out


def waterfall_png(result: Any, path: str) -> None:
    """Write the waterfall as a PNG (matplotlib, labelled axes with units), atomically."""
    import matplotlib  # heavy: loaded only when a plot is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    d = result.to_dict()
    steps = d["waterfall"]["steps"]
    labels = ["(b) their formula"] + [s["label"] for s in steps] + ["(c) our model"]
    labels = [lbl.replace("$", r"\$") for lbl in labels]  # no mathtext
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(labels) + 1.8))
    start = d["waterfall"]["start"]
    ax.barh(0, start, color="0.5")
    level = start
    for i, s in enumerate(steps, start=1):
        color = "tab:red" if s["delta"] > 0 else "tab:green"
        ax.barh(i, s["delta"], left=level, color=color)
        level += s["delta"]
    ax.barh(len(labels) - 1, d["waterfall"]["end"], color="0.3")
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"{d['metric']['name']} [{d['metric']['unit']}]")
    ax.set_ylabel("step (their assumption replaced by ours)")
    ax.set_title(f"{d['title']}: from their formula to our model", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(
        handles=[
            Patch(color="tab:red", label="raises the metric"),
            Patch(color="tab:green", label="lowers the metric"),
        ],
        loc="lower right",
        fontsize=8,
    )
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)


def audit_csv(result: Any) -> str:
    """The audit's tables as one CSV: section (published, metric, waterfall), label, values."""
    d = result.to_dict()
    unit = d["metric"]["unit"]
    rows: list[dict[str, Any]] = [
        {"section": "published", "label": c["label"], "unit": c["unit"], "value": c["value"],
         "reproduced": c["reproduced"], "deviation": c["deviation"]}
        for c in d["published"]
    ]  # fmt: skip
    for label, v in (
        ("(b) their formula, their inputs", d["reproduction"]["metric"]),
        ("our full model, their inputs", d["full_model"]["their_inputs_in_our_model"]),
        ("(c) our full model, our defaults", d["full_model"]["metric"]),
    ):
        rows.append({"section": "metric", "label": label, "unit": unit, "value": v})
    for st in d["waterfall"]["steps"]:
        rows.append(
            {"section": "waterfall", "label": st["label"], "unit": unit,
             "value": st["value_after"], "delta": st["delta"],
             "one_at_a_time": st["one_at_a_time"], "note": st["note"]}
        )  # fmt: skip
    return records_csv(rows)


def audit(
    preset: str = typer.Argument(..., help="Published analysis: starcloud, suncatcher, mccalip."),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    png: PngOpt = None,
) -> None:
    """Reproduce a published analysis, re-run it with our model, and attribute the gap.

    --png draws the attribution waterfall from their formula to our model.
    """
    check_outputs(output, png)
    result = audits.run(preset)
    if png:
        waterfall_png(result, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps(result.to_dict()))
    elif fmt is OutputFormat.csv:
        write_text(output, audit_csv(result))
    else:
        emit(list(audit_text_renderables(result)), output)


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)
