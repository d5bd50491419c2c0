"""``orbitcompute query DIR SQL``: SQL (DuckDB) over a sweep dataset, as the view ``results``."""

from __future__ import annotations

from pathlib import Path

import typer

from orbitcompute.cli.common import OutputFormat, dumps, write_text


def query(
    directory: Path = typer.Argument(..., metavar="DIR", help="Sweep dataset directory."),
    sql: str = typer.Argument(
        ..., help='SQL over the view results, e.g. "SELECT min(ratio) FROM results".'
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Query a sweep dataset with SQL; dotted column names need double quotes."""
    from orbitcompute.analysis.sweep import run_query

    names, rows = run_query(directory, sql)
    if fmt is OutputFormat.json:
        write_text(None, dumps([dict(zip(names, r, strict=True)) for r in rows]))
    elif fmt is OutputFormat.csv:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        write_text(None, buf.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(show_lines=False)
        for n in names:
            t.add_column(n, overflow="fold")
        for r in rows:
            t.add_row(*(f"{v:.6g}" if isinstance(v, float) else str(v) for v in r))
        Console().print(t)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
