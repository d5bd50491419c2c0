"""``orbitcompute query DIR SQL``: SQL (DuckDB) over a sweep dataset, as the view ``results``."""

from __future__ import annotations

from pathlib import Path

import typer

from orbitcompute.analysis.sweep import run_query
from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import csv_text, dumps, emit, import_extra, write_text
from orbitcompute.layout import Col, Grid


def query(
    directory: Path = typer.Argument(..., metavar="DIR", help="Sweep dataset directory."),
    sql: str = typer.Argument(
        ..., help='SQL over the view results, e.g. "SELECT min(ratio) FROM results".'
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Query a sweep dataset with SQL; dotted column names need double quotes."""
    import_extra("duckdb", "orbitcompute query")
    check_outputs(output)
    names, rows = run_query(directory, sql)
    if fmt is OutputFormat.json:
        write_text(output, dumps([dict(zip(names, r, strict=True)) for r in rows]))
    elif fmt is OutputFormat.csv:
        write_text(output, csv_text(names, rows))
    else:
        t = Grid([Col(n, "right" if _numeric(rows, i) else "left") for i, n in enumerate(names)])
        for r in rows:
            t.add_row(*(f"{v:.6g}" if isinstance(v, float) else str(v) for v in r))
        emit([t], output)


def _numeric(rows: list[tuple], i: int) -> bool:
    return bool(rows) and all(isinstance(r[i], int | float) or r[i] is None for r in rows)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
