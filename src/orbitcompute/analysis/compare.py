"""The ``compare`` document: orbit vs ground for one scenario, as the CLI, report and API show it.

:func:`build_report` assembles the JSON document (schema ``orbitcompute.compare/1``, documented
in the README) from one evaluated scenario; :func:`summary_csv` is its CSV form;
:func:`check_buildable` turns an infeasible design into the one-line error every interface
gives. The interfaces only format what these return.
"""

from __future__ import annotations

import math
from typing import Any

from orbitcompute import __version__
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS, output_descriptions
from orbitcompute.io import csv_text
from orbitcompute.model import OUTPUTS, Results
from orbitcompute.units import from_si

SCHEMA = "orbitcompute.compare/1"


def display(value: float, unit: str) -> float:
    """An SI value in a display unit (``%`` is a fraction x 100; ``1`` and ``USD/h`` as is)."""
    if unit == "%":
        return value * 100.0
    if unit in ("1", "USD/h"):
        return value
    return float(from_si(value, unit))


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
        name: {"value": display(row[name], unit), "unit": unit, "description": desc}
        for name, (unit, desc) in OUTPUTS.items()
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
        "ground_options": ground_options(row),
        "results_si": row,
    }


def ground_options(row: dict[str, float]) -> dict[str, Any]:
    """Every ground energy option in display units (the JSON ``ground_options`` block)."""
    desc = output_descriptions()
    selected = OPTIONS[int(row["ground.energy_source"])]
    out: dict[str, Any] = {}
    for name in OPTIONS:
        prefix = f"ground.{name}."
        out[name] = {
            "selected": name == selected,
            **{
                k[len(prefix) :]: {"value": display(v, desc[k][0]), "unit": desc[k][0]}
                for k, v in row.items()
                if k.startswith(prefix) and k in desc
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
