"""``orbitcompute query DIR SQL``: SQL (DuckDB) over a sweep dataset, as the view ``results``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from orbitcompute.analysis.sweep import run_query
from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import csv_text, dumps, emit, write_text


def query(
    directory: Path = typer.Argument(..., metavar="DIR", help="Sweep dataset directory."),
    sql: str = typer.Argument(
        ..., help='SQL over the view results, e.g. "SELECT min(ratio) FROM results".'
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Query a sweep dataset with SQL; dotted column names need double quotes."""
    check_outputs(output)
    names, rows = run_query(directory, sql)
    if fmt is OutputFormat.json:
        write_text(output, dumps([dict(zip(names, r, strict=True)) for r in rows]))
    elif fmt is OutputFormat.csv:
        write_text(output, csv_text(names, rows))
    else:
        t = Table(show_lines=False)
        for n in names:
            t.add_column(n, overflow="fold")
        for r in rows:
            t.add_row(*(f"{v:.6g}" if isinstance(v, float) else str(v) for v in r))
        emit([t], output)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
