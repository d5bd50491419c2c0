"""``orbitcompute params``: every number the model knows, with unit, range and source."""

from __future__ import annotations

import typer

from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.registry import registry


def params(
    search: str = typer.Option(
        None, "--search", help="Only rows whose name, description or source contain this text."
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """List the parameter registry: name, unit, default, range, description and source."""
    check_outputs(output)
    rows = registry().search(search)
    if fmt is OutputFormat.json:
        write_text(output, dumps([p.as_dict() for p in rows]))
        return
    if fmt is OutputFormat.csv:
        df = registry().to_frame().loc[[p.name for p in rows]]
        write_text(output, df.to_csv())
        return
    table = Grid(
        [Col("name", key=True), Col("unit"), Col("default", "right"), Col("range"),
         Col("description"), Col("source")],
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
        )
    emit([table], output)


def register(app: typer.Typer) -> None:
    app.command("params")(params)
