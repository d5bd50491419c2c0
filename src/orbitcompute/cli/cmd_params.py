"""``orbitcompute params`` and ``orbitcompute presets``: what the model knows and assumes."""

from __future__ import annotations

import typer

from orbitcompute.cli.common import OutputFormat, dumps, write_text


def params(
    search: str = typer.Option(None, "--search", "-s", help="Only rows containing this text."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List the parameter registry: name, unit, default, range, description and source."""
    from orbitcompute.registry import registry

    rows = registry().search(search)
    if fmt is OutputFormat.json:
        write_text(
            None,
            dumps([p.as_dict() for p in rows]),
        )
        return
    if fmt is OutputFormat.csv:
        import io

        buf = io.StringIO()
        df = registry().to_frame().loc[[p.name for p in rows]]
        df.to_csv(buf)
        write_text(None, buf.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

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
    Console().print(table)


def presets(
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """List the shipped scenario presets with their title, basis and source."""
    from orbitcompute.scenario import load_scenario, preset_names

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
        write_text(None, dumps(rows))
        return
    if fmt is OutputFormat.csv:
        import pandas as pd

        write_text(None, pd.DataFrame(rows).to_csv(index=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="presets (use with any command, or 'extends = \"NAME\"' in a TOML file)")
    for col in ("name", "title", "basis", "source"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["name"], r["title"], r["basis"], r["source"])
    accel = _accelerator_table()
    Console().print(table)
    Console().print(accel)


def _accelerator_table():
    from rich.table import Table

    from orbitcompute.scenario import accelerators

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
    app.command("params")(params)
    app.command("presets")(presets)
