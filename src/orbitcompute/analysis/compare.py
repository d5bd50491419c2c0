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


def display(row: Mapping[str, float], key: str | None) -> float | None:
    """Output ``key`` of ``row`` in its display unit (the outputs table); None when absent."""
    if key is None or key not in row:
        return None
    return float(outputs()[key].display(row[key]))


def breakeven_text(value: float | None) -> str:
    """Plain words for the breakeven launch price [USD/kg]."""
    if value is None or not math.isfinite(value):
        return "none: orbit costs more even at $0/kg"
    return f"{value:,.0f} USD/kg"


def infeasible_key(reason: str) -> str:
    """The registry parameter to name when the orbital design cannot be built."""
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


def build_report(sc: Any, res: Results) -> dict[str, Any]:
    """The JSON document of ``compare`` (schema ``orbitcompute.compare/1``) for design 0."""
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
    }


def ground_options(row: dict[str, float]) -> dict[str, Any]:
    """Every ground energy option in display units (the JSON ``ground_options`` block)."""
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
    """One sentence: both costs, how many times dearer or cheaper, the breakeven price."""
    h = report["headline"]
    word = "dearer" if h["ratio"] >= 1 else "cheaper"
    times = h["ratio"] if h["ratio"] >= 1 else 1 / h["ratio"]
    return (
        f"{sc.label}: orbit {h['orbit_cost_per_gpu_hour']:.2f} USD per GPU-hour vs ground "
        f"{h['ground_cost_per_gpu_hour']:.2f} USD: orbit is {times:.1f}x {word}. "
        f"Breakeven launch price: {h['breakeven']}."
    )


def summary_csv(report: dict[str, Any]) -> str:
    """The ``summary`` block of a compare document as CSV: name, value, unit, description."""
    rows = [(n, d["value"], d["unit"], d["description"]) for n, d in report["summary"].items()]
    return csv_text(["name", "value", "unit", "description"], rows)
