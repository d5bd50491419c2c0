"""``orbitcompute compare``: the answer, orbit and ground side by side."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from orbitcompute.analysis.compare import (
    breakeven_text,
    build_report,
    check_buildable,
    display,
    headline_text,
    summary_csv,
)
from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SetOpt,
    WorkloadOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS, option_value
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.model import evaluate
from orbitcompute.sim import static_inputs

SCHEMA = "orbitcompute.compare/1"

#: Rows of the side-by-side table: (label, orbit key, ground key, display unit, digits).
ROWS: list[tuple[str, str | None, str | None, str, str]] = [
    (
        "cost per delivered GPU-hour",
        "orbit.cost_per_gpu_hour",
        "ground.cost_per_gpu_hour",
        "USD/h",
        ".2f",
    ),
    (
        "cost per MWh of IT energy",
        "orbit.cost_per_it_energy",
        "ground.cost_per_it_energy",
        "USD/MWh",
        ",.0f",
    ),
    ("accelerators", "orbit.n_accelerators", "ground.n_accelerators", "1", ",.0f"),
    (
        "delivered GPU-hours per year",
        "orbit.gpu_hours_per_year",
        "ground.gpu_hours_per_year",
        "1",
        ",.3g",
    ),
    ("availability (eclipse / repair)", "orbit.availability", "ground.availability", "%", ".2f"),
    (
        "today's-equivalent GPU-hours per year",
        "orbit.equivalent_gpu_hours_per_year",
        "ground.equivalent_gpu_hours_per_year",
        "1",
        ",.3g",
    ),
    ("mean working fraction (failures)", "orbit.mean_surviving_fraction", None, "%", ".1f"),
    ("working fraction at end of life", "orbit.eol_surviving_fraction", None, "%", ".1f"),
    ("time not lost to restarts (upsets)", "orbit.upset_availability", None, "%", ".3f"),
    ("capex: IT hardware", "orbit.capex.it_hardware", "ground.capex.it_hardware", "MUSD", ",.0f"),
    ("capex: space hardening", "orbit.capex.space_hardening", None, "MUSD", ",.0f"),
    (
        "capex: satellites / facility",
        "orbit.capex.satellites",
        "ground.capex.facility",
        "MUSD",
        ",.0f",
    ),
    ("capex: launch", "orbit.capex.launch", None, "MUSD", ",.0f"),
    ("capex: insurance", "orbit.capex.insurance", None, "MUSD", ",.0f"),
    (
        "capex: ground segment / land",
        "orbit.capex.ground_segment",
        "ground.capex.land",
        "MUSD",
        ",.0f",
    ),
    ("capex: non-recurring engineering", "orbit.capex.nre", None, "MUSD", ",.0f"),
    ("capex: data-link terminals", "orbit.capex.comms_terminals", None, "MUSD", ",.0f"),
    ("capex: data ground stations", "orbit.capex.data_ground_stations", None, "MUSD", ",.0f"),
    ("capex: total", "orbit.capex.total", "ground.capex.total", "MUSD", ",.0f"),
    ("opex per year", "orbit.opex_per_year", "ground.opex_per_year", "MUSD", ",.1f"),
    ("  of which servicing missions", "orbit.servicing_cost_per_year", None, "MUSD", ",.1f"),
    ("  of which electricity", None, "ground.opex.electricity", "MUSD", ",.1f"),
    ("  of which internet transit", "orbit.opex.transit", "ground.opex.transit", "MUSD", ",.2f"),
    ("share of compute the links keep busy", "orbit.links.utilization", None, "%", ".2f"),
    (
        "cost of moving data per GPU-hour",
        "orbit.data_cost_per_gpu_hour",
        "ground.data_cost_per_gpu_hour",
        "USD/h",
        ".3f",
    ),
    ("total cost over horizon (PV)", "orbit.total_cost_pv", "ground.total_cost_pv", "MUSD", ",.0f"),
    ("water per year", "orbit.water_per_year", "ground.water_per_year", "m^3", ",.0f"),
    ("land", "orbit.land_area", "ground.land_area", "acre", ",.1f"),
    # ground energy options, time-to-power and footprints (orbitcompute.ground)
    ("energy price, levelized", None, "ground.energy_cost", "USD/MWh", ",.0f"),
    ("time to power", "orbit.time_to_power", "ground.time_to_power", "yr", ".1f"),
    (
        "time-to-power cost per GPU-hour",
        "orbit.time_to_power_cost_per_gpu_hour",
        "ground.time_to_power_cost_per_gpu_hour",
        "USD/h",
        ".2f",
    ),
    (
        "cost incl. time to power",
        None,  # orbit: derived in _row_value
        "ground.cost_with_time_to_power",
        "USD/h",
        ".2f",
    ),
    ("water per GPU-hour", "orbit.water_per_gpu_hour", "ground.water_per_gpu_hour", "L", ".2f"),
    ("CO2e per GPU-hour", "orbit.co2_per_gpu_hour", "ground.co2_per_gpu_hour", "kg", ".3f"),
    ("land per accelerator", "orbit.land_per_gpu", "ground.land_per_gpu", "m^2", ",.1f"),
]

#: Orbit-only physics rows: (label, key, display unit, format).
PHYSICS: list[tuple[str, str, str, str]] = [
    ("orbit period", "orbit.period", "min", ".1f"),
    ("annual sunlit fraction", "orbit.sunlit_fraction", "%", ".2f"),
    ("longest eclipse", "orbit.longest_eclipse", "min", ".1f"),
    ("satellites", "orbit.n_satellites", "1", ",.0f"),
    ("mass per satellite", "orbit.satellite_mass", "kg", ",.0f"),
    ("fleet mass", "orbit.total_mass", "t", ",.0f"),
    ("  compute", "orbit.mass.compute", "t", ",.0f"),
    ("  solar arrays", "orbit.mass.arrays", "t", ",.0f"),
    ("  batteries", "orbit.mass.batteries", "t", ",.0f"),
    ("  radiators", "orbit.mass.radiators", "t", ",.0f"),
    ("  structure", "orbit.mass.structure", "t", ",.0f"),
    ("  shielding", "orbit.mass.shielding", "t", ",.1f"),
    ("dose rate behind the shield", "orbit.dose_rate", "Gy/yr", ",.1f"),
    ("  comms + avionics", None, "t", ",.1f"),
    ("  propulsion + propellant", None, "t", ",.1f"),
    ("launches", "orbit.n_launches", "1", ",.0f"),
    ("solar array area", "orbit.array_area", "m^2", ",.0f"),
    ("array power, beginning of life", "orbit.array_power_bol", "MW", ",.1f"),
    ("battery energy", "orbit.battery_energy", "MWh", ",.1f"),
    ("heat to reject", "orbit.heat_load", "MW", ",.1f"),
    ("workload traffic up, full compute", "orbit.links.uplink_need", "Gbit/s", ",.1f"),
    ("workload traffic down, full compute", "orbit.links.downlink_need", "Gbit/s", ",.1f"),
    ("data ground stations", "orbit.links.sites", "1", ",.0f"),
    ("ground terminals, all stations", "orbit.links.ground_terminals", "1", ",.0f"),
    (
        "inter-satellite terminals per satellite",
        "orbit.links.isl_terminals_per_satellite",
        "1",
        ".0f",
    ),
    ("time with a station in clear sky", "orbit.links.availability", "%", ".1f"),
    ("data-link terminal power per satellite", "orbit.links.terminal_power", "W", ",.0f"),
    ("radiator net flux", "orbit.radiator_net_flux", "W/m^2", ",.0f"),
    ("radiator area", "orbit.radiator_area", "m^2", ",.0f"),
    ("delta-v over life (drag + deorbit)", "orbit.delta_v", "m/s", ",.0f"),
]


def _row_value(row: dict[str, float], key: str | None, label: str) -> float | None:
    if key is not None:
        return row.get(key)
    if label.strip().startswith("comms"):
        return row["orbit.mass.comms"] + row["orbit.mass.avionics"]
    if label.strip().startswith("propulsion"):
        return row["orbit.mass.propulsion"] + row["orbit.mass.propellant"]
    if label.strip().startswith("cost incl. time to power"):
        return row["orbit.cost_per_gpu_hour"] + row["orbit.time_to_power_cost_per_gpu_hour"]
    return None


def compare(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    workload: WorkloadOpt = None,
    ground: str = typer.Option(
        None,
        "--ground",
        "-g",
        help="Ground energy option to compare with (grid, gas, nuclear, solar_storage); "
        "default: every option side by side, the scenario's ground.energy_option as headline.",
    ),
    from_sim: bool = typer.Option(
        False,
        "--from-sim",
        help="Take the sunlit fraction, longest eclipse and delivered-compute fraction from a "
        "one-year time-stepped simulation of the orbit instead of the static eclipse model.",
    ),
) -> None:
    """Cost per delivered GPU-hour in orbit vs on the ground, with the physics behind it."""
    check_outputs(output)
    if ground is not None:
        if ground not in OPTIONS:
            raise ScenarioError("--ground", ground, "one of " + ", ".join(OPTIONS))
        set_ = [*(set_ or []), f"ground.energy_option={ground}"]
    sc = load(scenario, set_, workload)
    geometry = static_inputs(sc) if from_sim else None
    res = evaluate(sc.params(), geometry=geometry)
    check_buildable(sc, res)
    report = build_report(sc, res)
    report["orbit_geometry_source"] = "simulation" if from_sim else "static"
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, summary_csv(report))
    else:
        emit(_renderables(sc, res, report, ground), output, width=140)


def _renderables(sc: Any, res: Any, report: dict[str, Any], ground: str | None = None) -> list[Any]:
    row = res.row(0)
    selected = OPTIONS[int(row["ground.energy_source"])]
    shown = [ground] if ground else list(OPTIONS)
    basis = f"basis: {sc.meta.basis}" if sc.meta.basis else None
    t = Table(
        title=f"orbitcompute compare — {sc.label}",
        title_justify="left",
        caption=basis,
        caption_justify="left",
    )
    t.add_column("", overflow="fold")
    t.add_column("orbit", justify="right")
    for name in shown:
        mark = " *" if name == selected and len(shown) > 1 else ""
        t.add_column(f"ground ({name}){mark}", justify="right")
    t.add_column("unit")

    def fmt(key: str | None, label: str, unit: str, spec: str) -> str:
        v = _row_value(row, key, label)
        return "—" if v is None else format(display(v, unit), spec)

    def gfmt(key: str | None, name: str, unit: str, spec: str) -> str:
        v = None if key is None else option_value(row, name, key.removeprefix("ground."))
        return "—" if v is None else format(display(v, unit), spec)

    for label, ok, gk, unit, spec in ROWS:
        cells = [gfmt(gk, name, unit, spec) for name in shown]
        t.add_row(label, fmt(ok, label, unit, spec), *cells, unit)
    t.add_section()
    pad = [""] * len(shown)
    t.add_row(f"orbit / ground ({selected})", f"{row['ratio']:.2f}x", *pad, "")
    t.add_row(
        "breakeven launch price", breakeven_text(row["breakeven.launch_price_per_kg"]), *pad, ""
    )
    p = Table(title="orbital design (physics)", title_justify="left")
    p.add_column("", overflow="fold")
    p.add_column("value", justify="right")
    p.add_column("unit")
    for label, key, unit, spec in PHYSICS:
        p.add_row(label, fmt(key, label, unit, spec), unit)
    return [t, p, headline_text(sc, report)]


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
