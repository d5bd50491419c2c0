"""``orbitcompute presets``: the shipped scenarios and accelerator choices."""

from __future__ import annotations

import pandas as pd
import typer

from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.scenario import accelerators, load_scenario, preset_names


def presets(
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """List the shipped scenario presets with their title, basis and source."""
    check_outputs(output)
    rows = []
    for name in preset_names():
        sc = load_scenario(name)
        rows.append(
            {
                "name": name,
                "title": sc.meta.title,
                "year": sc.meta.year,
                "basis": sc.meta.basis,
                "source": sc.meta.source,
            }
        )
    if fmt is OutputFormat.json:
        write_text(output, dumps(rows))
        return
    if fmt is OutputFormat.csv:
        write_text(output, pd.DataFrame(rows).to_csv(index=False))
        return
    table = Grid(
        [Col("name", key=True), Col("title"), Col("basis"), Col("source")],
        "presets (use with any command, or 'extends = \"NAME\"' in a TOML file)",
    )
    for r in rows:
        table.add_row(r["name"], r["title"], r["basis"], r["source"])
    emit([table, _accelerator_table()], output)


def _accelerator_table() -> Grid:
    t = Grid(
        [Col("name", key=True), Col("W per accelerator", "right"),
         Col("USD per accelerator", "right"), Col("kg/kW", "right"), Col("source")],
        "accelerator choices (compute.accelerator = NAME)",
    )  # fmt: skip
    for name, d in accelerators().items():
        t.add_row(
            name,
            f"{d['compute.accelerator_power']:g}",
            f"{d['compute.accelerator_price']:,.0f}",
            f"{d['compute.specific_mass']:g}",
            d["_source"],
        )
    return t


def register(app: typer.Typer) -> None:
    """Add the ``presets`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("presets")(presets)
