"""``orbitcompute query DIR SQL``: SQL (DuckDB) over a sweep dataset, as the view ``results``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from orbitcompute.analysis.sweep import run_query
from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import csv_text, dumps, emit, import_extra, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.registry.columns import column_unit


class Units(StrEnum):
    """Units of the values shown: display (registry/outputs-table units) or SI (as stored)."""

    display = "display"
    si = "si"


def query(
    directory: Path = typer.Argument(..., metavar="DIR", help="Sweep dataset directory."),
    sql: str = typer.Argument(
        ..., help='SQL over the view results, e.g. "SELECT min(ratio) FROM results".'
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    units: Units = typer.Option(
        None,
        "--units",
        help="Values in display units (registry and outputs-table units: USD/kWh, t, km) or "
        "in SI as stored. Default: display in tables, si in json and csv.",
        show_default=False,
    ),
) -> None:
    """Query a sweep dataset with SQL; dotted column names need double quotes.

    Columns named after a parameter or an output are shown in their display unit (the unit
    in the header); the Parquet files store SI values and carry each column's units as field
    metadata (unit, display_unit, display_factor, label).
    """
    import_extra("duckdb", "orbitcompute query")
    check_outputs(output)
    names, rows = run_query(directory, sql)
    if units is None:
        units = Units.display if fmt is OutputFormat.table else Units.si
    heads, rows = convert(names, rows, units)
    if fmt is OutputFormat.json:
        write_text(output, dumps([dict(zip(names, r, strict=True)) for r in rows]))
    elif fmt is OutputFormat.csv:
        write_text(output, csv_text(names, rows))
    else:
        t = Grid([Col(h, "right" if _numeric(rows, i) else "left") for i, h in enumerate(heads)])
        for r in rows:
            t.add_row(*(f"{v:.6g}" if isinstance(v, float) else str(v) for v in r))
        emit([t], output)


def convert(names: list[str], rows: list[tuple], units: Units) -> tuple[list[str], list[tuple]]:
    """Headers with units, and rows with parameter and output columns in ``units``."""
    cols = [column_unit(n) for n in names]
    heads = []
    for n, cu in zip(names, cols, strict=True):
        shown = None if cu is None else (cu.display_unit if units is Units.display else cu.unit)
        heads.append(n if shown in (None, "1") else f"{n} [{shown}]")
    if units is Units.si:
        return heads, rows
    factors = [1.0 if cu is None else cu.factor for cu in cols]
    out = [
        tuple(
            v * f if isinstance(v, float) and f != 1.0 else v
            for v, f in zip(r, factors, strict=True)
        )
        for r in rows
    ]
    return heads, out


def _numeric(rows: list[tuple], i: int) -> bool:
    return bool(rows) and all(isinstance(r[i], int | float) or r[i] is None for r in rows)


def register(app: typer.Typer) -> None:
    """Add the ``query`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("query")(query)
