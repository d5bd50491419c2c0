"""``orbitcompute compare``: the answer, orbit and ground side by side."""

from __future__ import annotations

import math
from typing import Any

import typer

from orbitcompute import __version__
from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP, OutputFormat, dumps, emit, write_text
from orbitcompute.economics.costs import cost_lines
from orbitcompute.ground import OPTIONS
from orbitcompute.model import evaluate_ground_options
from orbitcompute.registry import outputs

SCHEMA = "orbitcompute.compare/1"

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
    ("orbit.capex.total", "ground.capex.total", ",.0f", None),
    ("orbit.opex_per_year", "ground.opex_per_year", ",.1f", None),
    ("orbit.annual_cost", "ground.annual_cost", ",.1f", None),
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
]


def _display(row: dict[str, float], key: str | None) -> float | None:
    """Value of output ``key`` in its display unit (None when absent)."""
    if key is None or key not in row:
        return None
    return float(outputs()[key].display(row[key]))


def breakeven_text(value: float | None) -> str:
    """Plain words for the breakeven launch price."""
    if value is None or not math.isfinite(value):
        return "none: orbit costs more even at $0/kg"
    return f"{value:,.0f} USD/kg"


def build_report(sc: Any, res: Any) -> dict[str, Any]:
    """The JSON document of ``compare`` (schema ``orbitcompute.compare/1``).

    ``summary`` holds every output of ``evaluate()`` in its display unit with its label and
    description (the outputs table); ``cost_lines`` the cost per delivered GPU-hour line by
    line (they sum to the headline); ``results_si`` the outputs as the model returns them.
    """
    row = res.row(0)
    o, g = row["orbit.cost_per_gpu_hour"], row["ground.cost_per_gpu_hour"]
    be = row["breakeven.launch_price_per_kg"]
    table = outputs()
    summary = {
        name: {
            "value": _display(row, name),
            "unit": out.display_unit,
            "label": out.label,
            "description": out.description,
        }
        for name, out in table.items()
        if name in row
    }
    return {
        "schema": SCHEMA,
        "version": __version__,
        "scenario": {
            "name": sc.meta.name,
            "title": sc.label,
            "year": sc.meta.year,
            "basis": sc.meta.basis,
            "source": sc.meta.source,
            "given": sc.given,
        },
        "headline": {
            "orbit_cost_per_gpu_hour": o,
            "ground_cost_per_gpu_hour": g,
            "ratio": row["ratio"],
            "cheaper": "orbit" if o < g else "ground",
            "breakeven_launch_price_per_kg": be if math.isfinite(be) else None,
            "breakeven": breakeven_text(be),
        },
        "summary": summary,
        "cost_lines": cost_lines(row),
        "ground_options": _ground_options(row),
        "results_si": row,
    }


def _ground_options(row: dict[str, float]) -> dict[str, Any]:
    """Every ground energy option in display units (the JSON ``ground_options`` block)."""
    table = outputs()
    selected = OPTIONS[int(row["ground.energy_source"])]
    out: dict[str, Any] = {}
    for name in OPTIONS:
        prefix = f"ground.{name}."
        out[name] = {
            "selected": name == selected,
            **{
                k[len(prefix) :]: {"value": _display(row, k), "unit": table[k].display_unit}
                for k in row
                if k.startswith(prefix) and k in table
            },
        }
    return out


def headline_text(sc: Any, report: dict[str, Any]) -> str:
    h = report["headline"]
    word = "dearer" if h["ratio"] >= 1 else "cheaper"
    times = h["ratio"] if h["ratio"] >= 1 else 1 / h["ratio"]
    return (
        f"{sc.label}: orbit {h['orbit_cost_per_gpu_hour']:.2f} USD per GPU-hour vs ground "
        f"{h['ground_cost_per_gpu_hour']:.2f} USD: orbit is {times:.1f}x {word}. "
        f"Breakeven launch price: {h['breakeven']}."
    )


def compare(
    scenario: str = typer.Argument(None, help=SCENARIO_HELP, show_default="today"),
    set_: list[str] = typer.Option(None, "--set", "-s", help=SET_HELP),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
    output: str = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
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
    from orbitcompute.cli.common import load
    from orbitcompute.errors import ScenarioError
    from orbitcompute.model import evaluate

    if ground is not None:
        from orbitcompute.ground.options import OPTIONS

        if ground not in OPTIONS:
            raise ScenarioError("--ground", ground, "one of " + ", ".join(OPTIONS))
        set_ = [*(set_ or []), f"ground.energy_option={ground}"]
    sc = load(scenario, set_)
    geometry = None
    if from_sim:
        from orbitcompute.sim import static_inputs

        geometry = static_inputs(sc)
    res = evaluate(sc.params(), geometry=geometry)
    reason = res.infeasible_reason(0)
    if reason is not None:
        raise ScenarioError(_culprit(reason), sc.label, f"a buildable design: {reason}")
    report = build_report(sc, res)
    report["orbit_geometry_source"] = "simulation" if from_sim else "static"
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, _csv(report))
    else:
        emit(_renderables(sc, res, report, ground, geometry), output, width=140)


def _culprit(reason: str) -> str:
    if reason.startswith("radiator"):
        return "thermal.radiator_temperature"
    if reason.startswith("propellant"):
        return "propulsion.isp"
    return "satellite.it_power"


def _csv(report: dict[str, Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["name", "value", "unit", "description"])
    for name, d in report["summary"].items():
        w.writerow([name, repr(d["value"]), d["unit"], d["description"]])
    return buf.getvalue()


def _renderables(
    sc: Any, res: Any, report: dict[str, Any], ground: str | None = None, geometry: Any = None
) -> list[Any]:
    from rich.table import Table

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
        v = _display(r, key)
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
    return [t, lines, p, headline_text(sc, report)]


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
