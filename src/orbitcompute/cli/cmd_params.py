"""``orbitcompute params``: every number the model knows, with unit, range and source."""

from __future__ import annotations

import typer
from rich.table import Table

from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import dumps, emit, write_text
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
    table = Table(title=f"parameter registry ({len(rows)} of {len(registry())})", show_lines=False)
    for col in ("name", "unit", "default", "range", "description", "source"):
        table.add_column(col, overflow="fold")
    for p in rows:
        table.add_row(
            p.name,
            p.unit,
            f"{p.default:g}",
            f"{p.minimum:g} … {p.maximum:g}",
            p.description,
            p.source,
        )
    emit([table], output, width=200)


def register(app: typer.Typer) -> None:
    app.command("params")(params)
