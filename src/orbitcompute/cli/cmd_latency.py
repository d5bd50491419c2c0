"""``orbitcompute latency``: population-weighted latency to orbit vs to cloud regions."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    PngOpt,
    ScenarioArg,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path, dumps, emit, write_text
from orbitcompute.links.budget import fleet
from orbitcompute.links.latency import latency_day, plot_cdf


def latency(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    satellites: int = typer.Option(
        None, "--satellites", "-n", help="Satellites serving users (default: the scenario's fleet)."
    ),
    hours: float = typer.Option(24.0, "--hours", help="Simulated span [h]."),
    step: float = typer.Option(60.0, "--step", help="Time step [s]."),
    png: PngOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Round-trip time from the largest cities to the nearest satellite vs the nearest region.

    --png plots the distribution (CDF) of round-trip times, orbit and ground.
    """
    check_outputs(output, png)
    sc = load(scenario, set_)
    n = int(fleet(sc.values).satellites) if satellites is None else satellites
    if n < 1 or n > 100_000:
        raise ScenarioError("--satellites", n, "a whole number from 1 to 100000")
    if not 0 < hours <= 24 * 366:
        raise ScenarioError("--hours", hours, "a positive span up to one year (8784 h)")
    if not 0 < step <= hours * 3600:
        raise ScenarioError("--step", step, "a positive step in seconds, at most the span")
    res = latency_day(sc.values, satellites=n, hours=hours, step=step)
    report = {
        "schema": "orbitcompute.latency/1",
        "scenario": {"name": sc.meta.name, "title": sc.label},
        "satellites": n,
        "hours": hours,
        "step": step,
        "summary": res.summary(),
        "centres": res.per_centre().to_dict(orient="records"),
    }
    if png is not None:
        with atomic_path(png, "--png") as tmp:
            plot_cdf(res, str(tmp), title=f"{sc.label}: {n} satellites")
    if fmt is OutputFormat.json:
        write_text(output, dumps(report))
    elif fmt is OutputFormat.csv:
        write_text(output, res.per_centre().to_csv(index=False))
    else:
        _print(report, output)


def _print(report: dict[str, Any], output: str | None) -> None:
    s = report["summary"]
    t = Table(
        title=f"orbitcompute latency — {report['scenario']['title']}: {report['satellites']} "
        f"satellites, {report['hours']:g} h at {report['step']:g} s",
        title_justify="left",
    )
    for col in ("", "orbit", "ground", "unit"):
        t.add_column(col, justify="left" if not col or col == "unit" else "right")
    for q in ("p05", "p50", "p95"):
        t.add_row(
            f"round trip, population-weighted {q}",
            _ms(s[f"orbit_rtt_{q}"]),
            _ms(s[f"ground_rtt_{q}"]),
            "ms",
        )
    t.add_section()
    t.add_row(
        "share of users x time with a satellite in view", f"{100 * s['coverage']:.1f}", "", "%"
    )
    t.add_row(
        "share of users x time faster from orbit",
        f"{100 * s['share_faster_from_orbit']:.1f}",
        "",
        "%",
    )
    c = Table(title="largest centres", title_justify="left")
    for col in (
        "centre",
        "orbit RTT median [ms]",
        "ground RTT [ms]",
        "nearest region",
        "faster from orbit [%]",
    ):
        c.add_column(col)
    for r in report["centres"][:15]:
        c.add_row(
            r["name"],
            _ms(r["orbit_rtt_median"]),
            _ms(r["ground_rtt"]),
            r["nearest_region"],
            f"{100 * r['share_faster_from_orbit']:.0f}",
        )
    emit([t, c], output, width=110)


def _ms(x: float) -> str:
    return "no coverage" if x == float("inf") else f"{1e3 * x:.2f}"


def register(app: typer.Typer) -> None:
    app.command("latency")(latency)
