"""``orbitcompute presets``: the shipped scenarios and accelerator choices."""

from __future__ import annotations

import pandas as pd
import typer
from rich.table import Table

from orbitcompute.cli.options import FormatOpt, OutputFormat, OutputOpt, check_outputs
from orbitcompute.io import dumps, emit, write_text
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
    table = Table(title="presets (use with any command, or 'extends = \"NAME\"' in a TOML file)")
    for col in ("name", "title", "basis", "source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["name"], r["title"], r["basis"], r["source"])
    emit([table, _accelerator_table()], output, width=200)


def _accelerator_table() -> Table:
    t = Table(title="accelerator choices (compute.accelerator = NAME)")
    for col in ("name", "W per accelerator", "USD per accelerator", "kg/kW", "source"):
        t.add_column(col, overflow="fold")
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
    app.command("presets")(presets)
