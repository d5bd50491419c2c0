"""``orbitcompute compare``: the answer, orbit and ground side by side."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from orbitcompute.analysis.compare import (
    breakeven_text,
    build_report,
    check_buildable,
    display,
    headline_text,
    summary_csv,
)
from orbitcompute.analysis.headline import design_block, headline
from orbitcompute.cli.options import (
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    OutputOpt,
    ScenarioArg,
    SetOpt,
    WorkloadOpt,
    check_outputs,
    load,
)
from orbitcompute.economics.costs import cost_lines
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.io import dumps, emit, write_text
from orbitcompute.model import evaluate, evaluate_ground_options
from orbitcompute.registry import outputs
from orbitcompute.sim import static_inputs

#: Rows of the side-by-side table: (orbit output, ground output, number format, label or None).
#: Units and labels come from the outputs table (:func:`orbitcompute.registry.outputs`).
ROWS: list[tuple[str | None, str | None, str, str | None]] = [
    ("orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", ".2f", None),
    ("orbit.cost_per_it_energy", "ground.cost_per_it_energy", ",.0f", None),
    ("orbit.n_accelerators", "ground.n_accelerators", ",.0f", None),
    ("orbit.gpu_hours_per_year", "ground.gpu_hours_per_year", ",.3g", None),
    ("orbit.availability", "ground.availability", ".2f", "availability (eclipses / repair)"),
    ("orbit.equivalent_gpu_hours_per_year", "ground.equivalent_gpu_hours_per_year", ",.3g", None),
    ("orbit.gpu_hour_yield", "ground.gpu_hour_yield", ".1f", None),
    ("orbit.mean_surviving_fraction", "ground.mean_surviving_fraction", ".2f", None),
    ("orbit.eol_surviving_fraction", None, ".1f", None),
    ("orbit.time_lost_to_restarts", "ground.time_lost_to_restarts", ".3f", None),
    ("orbit.capex.it_hardware", "ground.capex.it_hardware", ",.0f", None),
    ("orbit.capex.space_hardening", None, ",.0f", None),
    ("orbit.capex.satellites", "ground.capex.facility", ",.0f", "capex: satellites / facility"),
    ("orbit.capex.launch", None, ",.0f", None),
    ("orbit.capex.insurance", None, ",.0f", None),
    ("orbit.capex.ground_segment", "ground.capex.land", ",.0f", "capex: ground segment / land"),
    ("orbit.capex.nre", None, ",.0f", None),
    ("orbit.capex.data_terminals", None, ",.0f", None),
    ("orbit.capex.data_stations", None, ",.0f", None),
    ("orbit.capex.total", "ground.capex.total", ",.0f", None),
    ("orbit.opex_per_year", "ground.opex_per_year", ",.1f", None),
    ("orbit.annual_cost", "ground.annual_cost", ",.1f", None),
    ("orbit.links.utilization", None, ".2f", None),
    ("orbit.data_cost_per_gpu_hour", "ground.cost.transit", ".3f", "cost of moving data"),
    ("orbit.total_cost_pv", "ground.total_cost_pv", ",.0f", None),
    ("orbit.water_per_year", "ground.water_per_year", ",.0f", None),
    ("orbit.land_area", "ground.land_area", ",.1f", None),
    # ground energy options, time-to-power and footprints (orbitcompute.ground)
    (None, "ground.energy_cost", ",.0f", None),
    ("orbit.time_to_power", "ground.time_to_power", ".1f", None),
    (
        "orbit.time_to_power_cost_per_gpu_hour",
        "ground.time_to_power_cost_per_gpu_hour",
        ".2f",
        None,
    ),
    ("orbit.cost_with_time_to_power", "ground.cost_with_time_to_power", ".2f", None),
    ("orbit.water_per_gpu_hour", "ground.water_per_gpu_hour", ".2f", None),
    ("orbit.co2_per_gpu_hour", "ground.co2_per_gpu_hour", ".3f", None),
    ("orbit.land_per_gpu", "ground.land_per_gpu", ",.1f", None),
]

#: Orbit-only physics rows: (output, number format).
PHYSICS: list[tuple[str, str]] = [
    ("orbit.period", ".1f"),
    ("orbit.sunlit_fraction", ".2f"),
    ("orbit.longest_eclipse", ".1f"),
    ("orbit.n_satellites", ",.0f"),
    ("orbit.satellite_mass", ",.0f"),
    ("orbit.total_mass", ",.0f"),
    ("orbit.mass.compute", ",.0f"),
    ("orbit.mass.arrays", ",.0f"),
    ("orbit.mass.batteries", ",.0f"),
    ("orbit.mass.radiators", ",.0f"),
    ("orbit.mass.structure", ",.0f"),
    ("orbit.mass.shielding", ",.1f"),
    ("orbit.mass.comms", ",.1f"),
    ("orbit.mass.avionics", ",.1f"),
    ("orbit.mass.propulsion", ",.1f"),
    ("orbit.mass.propellant", ",.1f"),
    ("orbit.dose_rate", ",.1f"),
    ("orbit.n_launches", ",.0f"),
    ("orbit.array_area", ",.0f"),
    ("orbit.array_power_bol", ",.1f"),
    ("orbit.battery_energy", ",.1f"),
    ("orbit.heat_load", ",.1f"),
    ("orbit.radiator_net_flux", ",.0f"),
    ("orbit.radiator_area", ",.0f"),
    ("orbit.delta_v", ",.0f"),
    ("orbit.links.uplink_need", ",.1f"),
    ("orbit.links.downlink_need", ",.1f"),
    ("orbit.links.sites", ",.0f"),
    ("orbit.links.ground_terminals", ",.0f"),
    ("orbit.links.isl_terminals_per_satellite", ".0f"),
    ("orbit.links.availability", ".1f"),
    ("orbit.links.terminal_power", ",.0f"),
]


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
    design: DesignOpt = Design.optimized,
) -> None:
    """Cost per delivered GPU-hour in orbit vs on the ground, with the physics behind it.

    A free design (today, starship-2030, optimist, skeptic...) is shown optimized
    (orbitcompute optimize), with the as-given figure beside it; --design as-given shows the
    scenario's own design. Published designs (starcloud, suncatcher, mccalip) are as given.
    """
    check_outputs(output)
    if ground is not None:
        if ground not in OPTIONS:
            raise ScenarioError("--ground", ground, "one of " + ", ".join(OPTIONS))
        set_ = [*(set_ or []), f"ground.energy_option={ground}"]
    head = headline(load(scenario, set_, workload), design.value)
    sc = head.scenario
    geometry = static_inputs(sc) if from_sim else None
    res = evaluate(sc.params(), geometry=geometry)
    check_buildable(sc, res)
    report = build_report(sc, res)
    report["orbit_geometry_source"] = "simulation" if from_sim else "static"
    report["design"] = design_block(head)
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, summary_csv(report))
    else:
        emit(_renderables(sc, res, report, ground, geometry), output, width=140)


def _renderables(
    sc: Any, res: Any, report: dict[str, Any], ground: str | None = None, geometry: Any = None
) -> list[Any]:
    row = res.row(0)
    selected = OPTIONS[int(row["ground.energy_source"])]
    shown = [ground] if ground else list(OPTIONS)
    # every option's column is the model evaluated with that option selected (one call)
    by_option = evaluate_ground_options(sc.params(), geometry) if len(shown) > 1 else {}
    by_option[selected] = row
    table = outputs()
    basis = f"basis: {sc.meta.basis}" if sc.meta.basis else None

    def side_by_side(title: str, caption: str | None = None) -> Table:
        t = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
        t.add_column("", overflow="fold")
        t.add_column("orbit", justify="right")
        for name in shown:
            mark = " *" if name == selected and len(shown) > 1 else ""
            t.add_column(f"ground ({name}){mark}", justify="right")
        t.add_column("unit")
        return t

    def cell(r: dict[str, float], key: str | None, spec: str) -> str:
        v = display(r, key)
        return "—" if v is None else format(v, spec)

    def add(t: Table, ok: str | None, gk: str | None, spec: str, label: str | None) -> None:
        out = table[ok or gk]
        cells = [cell(by_option[name], gk, spec) for name in shown]
        t.add_row(label or out.label, cell(row, ok, spec), *cells, out.display_unit)

    t = side_by_side(f"orbitcompute compare — {sc.label}", basis)
    for ok, gk, spec, label in ROWS:
        add(t, ok, gk, spec, label)
    t.add_section()
    pad = [""] * len(shown)
    t.add_row(f"orbit / ground ({selected})", f"{row['ratio']:.2f}x", *pad, "")
    t.add_row(
        "breakeven launch price", breakeven_text(row["breakeven.launch_price_per_kg"]), *pad, ""
    )
    lines = side_by_side("cost per delivered GPU-hour, by line (sums to the headline)")
    by_line = {name: cost_lines(r) for name, r in by_option.items()}
    for i, x in enumerate(cost_lines(row)):
        cells = [by_line[name][i]["ground"] for name in shown]
        lines.add_row(
            x["label"], *("—" if v is None else f"{v:.3f}" for v in (x["orbit"], *cells)), x["unit"]
        )
    lines.add_section()
    add(lines, "orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", ".3f", "total")
    p = Table(title="orbital design (physics)", title_justify="left")
    p.add_column("", overflow="fold")
    p.add_column("value", justify="right")
    p.add_column("unit")
    for key, spec in PHYSICS:
        p.add_row(table[key].label, cell(row, key, spec), table[key].display_unit)
    design = Text(f"orbital design: {report['design']['label']}")
    return [t, lines, p, headline_text(sc, report), design]


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
