"""``orbitcompute params``: every number the model knows: unit, range, source, provenance."""

from __future__ import annotations

import typer

from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.registry import EVIDENCE, registry


def params(
    search: str = typer.Option(
        None, "--search", help="Only rows whose name, description or source contain this text."
    ),
    evidence: str = typer.Option(
        None,
        "--evidence",
        help=f"Only rows of this evidence class: {', '.join(EVIDENCE)}.",
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """List the parameter registry: name, unit, default, range, description, source, as_of and
    evidence (measured, published, estimate, target or assumption)."""
    if evidence is not None and evidence not in EVIDENCE:
        raise ScenarioError("--evidence", evidence, f"one of {', '.join(EVIDENCE)}")
    check_outputs(output)
    rows = registry().search(search, evidence)
    if fmt is OutputFormat.json:
        write_text(output, dumps([p.as_dict() for p in rows]))
        return
    if fmt is OutputFormat.csv:
        df = registry().to_frame().loc[[p.name for p in rows]]
        write_text(output, df.to_csv())
        return
    table = Grid(
        [Col("name", key=True), Col("unit"), Col("default", "right"), Col("range"),
         Col("description"), Col("source"), Col("as_of"), Col("evidence")],
        f"parameter registry ({len(rows)} of {len(registry())})",
    )  # fmt: skip
    for p in rows:
        table.add_row(
            p.name,
            p.unit,
            f"{p.default:g}",
            f"{p.minimum:g} to {p.maximum:g}",
            p.description,
            p.source,
            p.as_of,
            p.evidence,
        )
    emit([table], output)


def register(app: typer.Typer) -> None:
    """Add the ``params`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("params")(params)
