"""The ``compare`` document: orbit vs ground for one scenario, as the CLI, report and API show it.

:func:`build_report` assembles the JSON document (schema ``orbitcompute.compare/1``, documented
in the README) from one evaluated scenario, every value in the display unit of the outputs
table (:func:`orbitcompute.registry.outputs`), with the cost lines of the model;
:func:`summary_csv` is its CSV form; :func:`check_buildable` turns an infeasible design into
the one-line error every interface gives. The interfaces only format what these return.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from orbitcompute import __version__
from orbitcompute.economics.costs import cost_lines
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.io import csv_text
from orbitcompute.model import Results
from orbitcompute.registry import outputs

SCHEMA = "orbitcompute.compare/1"

#: Plain names of the ground energy options (:data:`orbitcompute.ground.OPTIONS`).
OPTION_LABELS = {
    "grid": "grid",
    "gas": "gas",
    "nuclear": "nuclear",
    "solar_storage": "solar + storage",
}


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

#: Outputs that ``--from-sim`` replaces with figures of the time-stepped simulation.
GEOMETRY_KEYS = ("orbit.sunlit_fraction", "orbit.longest_eclipse")

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


def option_label(name: str) -> str:
    """The plain name of ground energy option ``name`` (``solar_storage``: solar + storage)."""
    return OPTION_LABELS.get(name, name.replace("_", " "))


def display(row: Mapping[str, float], key: str | None) -> float | None:
    """Output ``key`` of ``row`` in its display unit (the outputs table); None when absent."""
    if key is None or key not in row:
        return None
    return float(outputs()[key].display(row[key]))


def breakeven_text(value: float | None) -> str:
    """Plain words for the breakeven launch price [USD/kg].

    Parameters
    ----------
    value : float or None
        Breakeven launch price [USD/kg]; None or not finite when there is none.

    Returns
    -------
    str
        ``12,345 USD/kg``, or the words for no breakeven.
    """
    if value is None or not math.isfinite(value):
        return "none: orbit costs more even at $0/kg"
    return f"{value:,.0f} USD/kg"


def infeasible_key(reason: str) -> str:
    """The registry parameter to name when the orbital design cannot be built.

    Parameters
    ----------
    reason : str
        The infeasibility reason (``Results.infeasible_reason``).

    Returns
    -------
    str
        A registry name: the radiator temperature, the propellant's Isp or the IT power per
        satellite.
    """
    if reason.startswith("radiator"):
        return "thermal.radiator_temperature"
    if reason.startswith("propellant"):
        return "propulsion.isp"
    return "satellite.it_power"


def check_buildable(sc: Any, res: Results, i: int = 0) -> None:
    """Raise a one-line :class:`ScenarioError` when design ``i`` of ``res`` cannot be built."""
    reason = res.infeasible_reason(i)
    if reason is not None:
        raise ScenarioError(infeasible_key(reason), sc.label, f"a buildable design: {reason}")


def geometry_block(geometry: Mapping[str, float] | None) -> dict[str, Any]:
    """Where the orbit's sunlit fraction and longest eclipse come from (JSON ``orbit_geometry``).

    ``geometry`` is what :func:`orbitcompute.sim.static_inputs` returns (``compare --from-sim``)
    or None for the static model.
    """
    if geometry is None:
        return {
            "source": "static",
            "text": "static model (beta angle day by day, cylindrical shadow)",
        }
    days = geometry.get("sim.days")
    step = geometry.get("sim.time_step")
    when = f"{days:g} d at {step:g} s steps, " if days and step else ""
    return {
        "source": "simulation",
        "days": days,
        "time_step_s": step,
        "text": f"time-stepped simulation ({when}conical shadow with penumbra; --from-sim)",
    }


def geometry_text(report: Mapping[str, Any]) -> str:
    """One phrase naming the source of the eclipse figures of a compare document."""
    return report.get("orbit_geometry", geometry_block(None))["text"]


def build_report(
    sc: Any, res: Results, geometry: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """The JSON document of ``compare`` (schema ``orbitcompute.compare/1``) for design 0.

    ``geometry``: the simulated orbit figures ``res`` was evaluated with (``--from-sim``),
    named in the ``orbit_geometry`` block; None for the static model.
    """
    row = res.row(0)
    o, g = row["orbit.cost_per_gpu_hour"], row["ground.cost_per_gpu_hour"]
    be = row["breakeven.launch_price_per_kg"]
    summary = {
        name: {
            "value": display(row, name),
            "unit": out.display_unit,
            "label": out.label,
            "description": out.description,
        }
        for name, out in outputs().items()
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
        "ground_options": ground_options(row),
        "results_si": row,
        "orbit_geometry_source": "static" if geometry is None else "simulation",
        "orbit_geometry": geometry_block(geometry),
    }


def ground_options(row: dict[str, float]) -> dict[str, Any]:
    """Every ground energy option in display units (the JSON ``ground_options`` block).

    Parameters
    ----------
    row : dict
        Outputs of one design (``Results.row``).

    Returns
    -------
    dict
        Option name to ``selected`` and each of its outputs as ``{value, unit}``.
    """
    table = outputs()
    selected = OPTIONS[int(row["ground.energy_source"])]
    out: dict[str, Any] = {}
    for name in OPTIONS:
        prefix = f"ground.{name}."
        out[name] = {
            "selected": name == selected,
            **{
                k[len(prefix) :]: {"value": display(row, k), "unit": table[k].display_unit}
                for k in row
                if k.startswith(prefix) and k in table
            },
        }
    return out


def headline_text(sc: Any, report: dict[str, Any]) -> str:
    """One sentence: both costs, how many times dearer or cheaper, the breakeven price.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    report : dict
        The compare document (:func:`build_report`).

    Returns
    -------
    str
        The sentence.
    """
    h = report["headline"]
    word = "dearer" if h["ratio"] >= 1 else "cheaper"
    times = h["ratio"] if h["ratio"] >= 1 else 1 / h["ratio"]
    return (
        f"{sc.label}: orbit {h['orbit_cost_per_gpu_hour']:.2f} USD per GPU-hour vs ground "
        f"{h['ground_cost_per_gpu_hour']:.2f} USD: orbit is {times:.1f}x {word}. "
        f"Breakeven launch price: {h['breakeven']}."
    )


def summary_csv(report: dict[str, Any]) -> str:
    """The ``summary`` block of a compare document as CSV: name, value, unit, description.

    Parameters
    ----------
    report : dict
        The compare document (:func:`build_report`).

    Returns
    -------
    str
        CSV text with a header line.
    """
    rows = [(n, d["value"], d["unit"], d["description"]) for n, d in report["summary"].items()]
    return csv_text(["name", "value", "unit", "description"], rows)
