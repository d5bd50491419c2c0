"""``orbitcompute links``: link capacities, contacts, terminals and workload fit per class."""

from __future__ import annotations

from typing import Any

import typer

from orbitcompute.analysis.links import REFERENCE_DISTANCES, links_report
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
from orbitcompute.io import csv_text, dumps, emit, write_text
from orbitcompute.layout import Col, Grid
from orbitcompute.links.traffic import CLASSES, check_class
from orbitcompute.units import parse_quantity


def links(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    workload: WorkloadOpt = None,
    distance: list[str] = typer.Option(
        None, "--distance", "-d", help="Extra ISL distance to tabulate, e.g. '500 m' (repeatable)."
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Link capacity, contacts, terminals sized for each workload class, and what they carry."""
    check_outputs(output)
    works = CLASSES if workload is None else (check_class(workload),)
    extra = [_distance(d, parse_quantity) for d in (distance or [])]
    sc = load(scenario, set_, workload)
    report = links_report(sc.values, works, list(REFERENCE_DISTANCES) + extra)
    report["scenario"] = {"name": sc.meta.name, "title": sc.label}
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, _csv(report))
    else:
        emit(_renderables(report), output)


def _distance(text: str, parse: Any) -> float:
    try:
        value = float(text)  # a bare number is in metres
    except ValueError:
        value = parse(text, "m", "--distance")
    if not value > 0 or value != value or value == float("inf"):
        raise ScenarioError("--distance", text, "a positive finite distance, e.g. '500 m'")
    return value


def _rows(report: dict) -> list[tuple[str, str, float, str]]:
    """(section, name, value, unit) rows in display units."""
    rows: list[tuple[str, str, float, str]] = []
    f = report["fleet"]
    rows += [
        ("fleet", "accelerators", f["accelerators"], "1"),
        ("fleet", "satellites", f["satellites"], "1"),
        ("fleet", "accelerators per satellite", f["accelerators_per_satellite"], "1"),
    ]
    i = report["isl"]
    rows.append(("isl", f"capacity each way at {i['distance']:g} m", i["capacity"] / 1e9, "Gbit/s"))
    for c in i["capacity_vs_distance"]:
        rows.append(
            ("isl", f"capacity at {c['distance'] / 1e3:g} km", c["capacity"] / 1e9, "Gbit/s")
        )
    m = report["scenario_mix"]
    rows += [
        ("terminals", "ISL terminals per satellite", m["links.isl_terminals_per_satellite"], "1"),
        (
            "terminals",
            "space ground-link and ISL terminals, fleet",
            m["links.space_terminals"],
            "1",
        ),
        ("terminals", "ground stations used", m["links.sites"], "1"),
        ("terminals", "ground terminals per station", m["links.terminals_per_site"], "1"),
        ("terminals", "terminal mass per satellite", m["links.terminal_mass"], "kg"),
        ("terminals", "terminal power per satellite", m["links.terminal_power"], "W"),
    ]
    g = report["ground"]
    one = g["per_terminal_set"]
    rows += [
        (
            "ground",
            f"{g['downlink']} daily volume each way, one terminal per station",
            one["cluster_daily_volume"] / 8e12,
            "TB/day",
        ),
        (
            "ground",
            "mean rate each way, one terminal per station",
            one["mean_rate"] / 1e9,
            "Gbit/s",
        ),
        ("ground", "time with any station in view", 100 * one["any_contact_fraction"], "%"),
        (
            "ground",
            "time with a station in view under clear sky",
            100 * m["links.availability"],
            "%",
        ),
        ("ground", "mean gap between contacts", m["links.contact_gap"] / 60, "min"),
    ]
    for s in g["stations"]:
        rows.append(
            (
                "contacts",
                f"{s['station']}: {s['passes']:.1f} passes per day, contact time",
                s["contact_time"] / 60,
                "min",
            )
        )
    for w in report["workloads"]:
        name = w["workload"]
        rows += [
            (name, "uplink need at full compute", w["uplink_need"] / 1e9, "Gbit/s"),
            (name, "downlink need at full compute", w["downlink_need"] / 1e9, "Gbit/s"),
            (name, "served only in contact (1 = yes)", float(w["live"]), "1"),
            (name, "ground terminals per station", w["terminals_per_site"], "1"),
            (name, "ISL terminals per satellite", w["isl_terminals_per_satellite"], "1"),
            (name, "share of compute the links keep busy", 100 * w["utilization"], "%"),
            (name, "capacity margin at most terminals", w["capacity_margin"], "x"),
        ]
    if "training_step" in report:
        name = "training step"
        d = report["training_step"]["details"]
        rows += [
            (name, "compute time per step", d["step_compute_time"], "s"),
            (name, "ISL traffic per satellite per step", d["isl_bits_per_satellite"] / 8e9, "GB"),
            (name, "ISL time per step (no overlap)", d["step_comm_time"], "s"),
            (name, "run length", d["training_days"], "days"),
            (name, "busy fraction", 100 * report["training_step"]["busy_fraction"], "%"),
        ]
    return rows


def _csv(report: dict) -> str:
    rows = [(sec, name, float(v), unit) for sec, name, v, unit in _rows(report)]
    rows += [(w.split(":", 1)[0], "verdict", None, w) for w in _verdicts(report)]
    return csv_text(["section", "name", "value", "unit"], rows)


def _renderables(report: dict) -> list[Any]:
    title = report.get("scenario", {}).get("title", "")
    t = Grid(
        [Col("section", key=True), Col("quantity", key=True), Col("value", "right"), Col("unit")],
        f"orbitcompute links — {title}",
    )
    last = None
    for sec, name, value, unit in _rows(report):
        if last is not None and sec != last:
            t.add_section()
        last = sec
        shown = "" if value != value else f"{value:,.4g}"
        t.add_row(sec, name, shown, unit)
    verdicts = "\n".join(_verdicts(report))
    return [t, verdicts]


def _verdicts(report: dict) -> list[str]:
    out = [w["verdict"] for w in report["workloads"]]
    if "training_step" in report:
        out.append(report["training_step"]["verdict"])
    return out


def register(app: typer.Typer) -> None:
    """Add the ``links`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("links")(links)
