"""``orbitcompute links``: link capacities, ground contacts, volumes and workload fit."""

from __future__ import annotations

from typing import Any

import typer

from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP, OutputFormat, dumps, emit, write_text


def links(
    scenario: str = typer.Argument(None, help=SCENARIO_HELP, show_default="today"),
    set_: list[str] = typer.Option(None, "--set", "-s", help=SET_HELP),
    workload: str = typer.Option(
        None, "--workload", "-w", help="training, inference or batch (default: all three)."
    ),
    distance: list[str] = typer.Option(
        None, "--distance", "-d", help="Extra ISL distance to tabulate, e.g. '500 m' (repeatable)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
    output: str = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout."
    ),
) -> None:
    """Inter-satellite and ground link capacity, contacts, daily volumes and workload fit."""
    from orbitcompute.cli.common import load
    from orbitcompute.links.report import REFERENCE_DISTANCES, links_report
    from orbitcompute.links.workloads import WORKLOADS, check_workload
    from orbitcompute.units import parse_quantity

    works = WORKLOADS if workload is None else (check_workload(workload),)
    extra = [_distance(d, parse_quantity) for d in (distance or [])]
    sc = load(scenario, set_)
    report = links_report(sc.values, works, list(REFERENCE_DISTANCES) + extra)
    report["scenario"] = {"name": sc.meta.name, "title": sc.label}
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, _csv(report))
    else:
        emit(_renderables(report), output, width=110)


def _distance(text: str, parse: Any) -> float:
    from orbitcompute.errors import ScenarioError

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
    t = report["terminals"]
    rows += [
        ("terminals", "terminals per satellite (ISL + ground)", t["terminals_per_satellite"], "1"),
        ("terminals", "terminal mass per satellite", t["terminal_mass_per_satellite"], "kg"),
        ("terminals", "terminal power per satellite", t["terminal_power_per_satellite"], "W"),
        ("terminals", "terminal mass, fleet", t["terminal_mass_fleet"] / 1e3, "t"),
        ("terminals", "terminal power share of IT", 100 * t["terminal_power_share"], "%"),
    ]
    g = report["ground"]
    rows += [
        (
            "ground",
            f"{g['downlink']} daily volume each way, cluster",
            g["cluster_daily_volume"] / 8e12,
            "TB/day",
        ),
        (
            "ground",
            "daily volume each way, per satellite",
            g["per_satellite_daily_volume"] / 8e9,
            "GB/day",
        ),
        ("ground", "mean rate each way", g["mean_rate"] / 1e9, "Gbit/s"),
        ("ground", "time with any station in view", 100 * g["any_contact_fraction"], "%"),
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
        d = w["details"]
        if name == "training":
            rows += [
                (name, "compute time per step", d["step_compute_time"], "s"),
                (
                    name,
                    "ISL traffic per satellite per step",
                    d["isl_bits_per_satellite"] / 8e9,
                    "GB",
                ),
                (name, "ISL time per step (no overlap)", d["step_comm_time"], "s"),
                (name, "checkpoint size", d["checkpoint_bits"] / 8e12, "TB"),
                (name, "run length", d["training_days"], "days"),
            ]
        else:
            if name == "inference":
                rows += [
                    (name, "requests/s offered", d["requests_per_second_offered"], "1/s"),
                    (
                        name,
                        "requests/s compute limit",
                        d["requests_per_second_compute_limit"],
                        "1/s",
                    ),
                    (name, "round trip, orbital leg", 1e3 * d["round_trip"], "ms"),
                    (name, "meets latency target (1 = yes)", d["meets_latency_target"], "1"),
                ]
            rows += [
                (name, "uplink need", d["uplink_need"] / 1e9, "Gbit/s"),
                (name, "downlink need", d["downlink_need"] / 1e9, "Gbit/s"),
            ]
        rows += [
            (name, "busy fraction", 100 * w["busy_fraction"], "%"),
            (name, "binding link", float("nan"), w["binding_link"]),
            (name, "cost per GPU-hour (orbit)", w["cost_per_gpu_hour"], "USD/h"),
            (name, "cost per useful GPU-hour", w["cost_per_useful_gpu_hour"], "USD/h"),
        ]
    return rows


def _csv(report: dict) -> str:
    import csv
    import io

    buf = io.StringIO()
    wr = csv.writer(buf)
    wr.writerow(["section", "name", "value", "unit"])
    for r in _rows(report):
        wr.writerow([r[0], r[1], repr(r[2]), r[3]])
    for w in report["workloads"]:
        wr.writerow([w["workload"], "verdict", "", w["verdict"]])
    return buf.getvalue()


def _renderables(report: dict) -> list[Any]:
    from rich.table import Table

    title = report.get("scenario", {}).get("title", "")
    t = Table(title=f"orbitcompute links — {title}", title_justify="left")
    for col, just in (
        ("section", "left"),
        ("quantity", "left"),
        ("value", "right"),
        ("unit", "left"),
    ):
        t.add_column(col, justify=just, overflow="fold")
    last = None
    for sec, name, value, unit in _rows(report):
        if last is not None and sec != last:
            t.add_section()
        last = sec
        shown = "" if value != value else f"{value:,.4g}"
        t.add_row(sec, name, shown, unit)
    verdicts = "\n".join(w["verdict"] for w in report["workloads"])
    return [t, verdicts]


def register(app: typer.Typer) -> None:
    app.command("links")(links)
