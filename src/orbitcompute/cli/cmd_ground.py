"""``orbitcompute ground``: the ground energy options and space vs ground solar, in detail."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.ground import solar
from orbitcompute.ground.options import OPTIONS, energy_options
from orbitcompute.ground.resource import solar_comparison
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.model import complete, evaluate
from orbitcompute.units import from_si

SCHEMA = "orbitcompute.ground/1"


def build(sc: Any) -> dict[str, Any]:
    """Energy options (display units) and the space-vs-ground solar table for a scenario."""
    p, _ = complete(sc.params())
    row = evaluate(sc.params()).row(0)
    opts = energy_options(p)

    def one(x: Any) -> float:
        return float(np.ravel(x)[0])

    options = {}
    for name in OPTIONS:
        o = opts[name]
        options[name] = {
            "energy_cost_usd_per_mwh": one(from_si(o["energy_cost"], "USD/MWh")),
            "plant_capex_usd_per_kw_load": one(o["capex"]) * 1000.0,
            "fuel_usd_per_mwh": one(from_si(o["fuel_cost"], "USD/MWh")),
            "capacity_factor": one(o["capacity_factor"]),
            "co2_g_per_kwh": one(from_si(o["co2_intensity"], "g/kWh")),
            "water_l_per_kwh": one(from_si(o["water_intensity"], "L/kWh")),
            "land_acre_per_mw_load": one(from_si(o["land"], "acre/MW")),
            "lead_time_yr": one(from_si(o["lead_time"], "yr")),
            "delivered_fraction": one(o["delivered_fraction"]),
            "cost_per_gpu_hour": row[f"ground.{name}.cost_per_gpu_hour"],
            "time_to_power_cost_per_gpu_hour": row[
                f"ground.{name}.time_to_power_cost_per_gpu_hour"
            ],
        }
    s = opts["solar_storage"]
    site = int(round(one(p["ground.solar.site"])))
    options["solar_storage"]["site"] = solar.SITES[site][0]
    options["solar_storage"]["array_w_dc_per_w_load"] = one(s["array_per_load"])
    options["solar_storage"]["storage_hours"] = one(s["storage_per_load"]) / 3600.0
    options["solar_storage"]["served_hours"] = one(s["served_hours"])
    table = solar_comparison(p, row)
    return {
        "schema": SCHEMA,
        "scenario": {"name": sc.meta.name, "title": sc.label, "given": sc.given},
        "options": options,
        "solar": table.reset_index(names="place").to_dict(orient="records"),
    }


def ground(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Ground energy options (grid, gas, nuclear, solar + storage) and space vs ground solar."""
    check_outputs(output)
    sc = load(scenario, set_)
    doc = build(sc)
    if fmt is OutputFormat.json:
        write_text(output, dumps(doc))
        return
    if fmt is OutputFormat.csv:
        write_text(output, pd.DataFrame(doc["options"]).T.to_csv(index_label="option"))
        return
    t = Table(title=f"ground energy options — {sc.label}", title_justify="left")
    cols = [
        ("energy", "energy_cost_usd_per_mwh", "USD/MWh", ",.0f"),
        ("plant capex", "plant_capex_usd_per_kw_load", "USD/kW", ",.0f"),
        ("fuel", "fuel_usd_per_mwh", "USD/MWh", ",.1f"),
        ("CF", "capacity_factor", "", ".2f"),
        ("CO2e", "co2_g_per_kwh", "g/kWh", ",.0f"),
        ("water", "water_l_per_kwh", "L/kWh", ".2f"),
        ("land", "land_acre_per_mw_load", "acre/MW", ",.2f"),
        ("lead", "lead_time_yr", "yr", ".1f"),
        ("$/GPU-h", "cost_per_gpu_hour", "USD/h", ".2f"),
        ("+ wait", "time_to_power_cost_per_gpu_hour", "USD/h", ".2f"),
    ]
    t.add_column("option")
    for label, _, unit, _ in cols:
        t.add_column(f"{label}\n{unit}", justify="right")
    for name, d in doc["options"].items():
        t.add_row(name, *(format(d[k], spec) for _, k, _, spec in cols))
    s = doc["options"]["solar_storage"]
    note = (
        f"solar + storage at {s['site']}: {s['array_w_dc_per_w_load']:.1f} W DC and "
        f"{s['storage_hours']:.0f} h of battery per W of load serve {s['served_hours']:.1%} "
        "of the hours (pvlib, TMY weather shipped with pvlib)."
    )
    u = Table(title="space vs ground solar (per m^2 and per kg of array)", title_justify="left")
    for c in ("place", "kWh/m2/yr", "kWh/kg/yr", "capacity factor", "m2 array per kW 24 h"):
        u.add_column(c, justify="right" if c != "place" else "left")
    for r in doc["solar"]:
        u.add_row(
            r["place"],
            f"{r['kWh_per_m2_year']:,.0f}",
            f"{r['kWh_per_kg_year']:,.0f}",
            f"{r['capacity_factor']:.2f}",
            f"{r['array_m2_per_kW_24h']:,.1f}",
        )
    emit([t, note, u], output, width=140)


def register(app: typer.Typer) -> None:
    app.command("ground")(ground)
