"""``orbitcompute capacity``: working and today's-equivalent capacity over time, orbit vs ground."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import typer
from rich.table import Table

from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    PngOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.constants import YEAR
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path, csv_text, dumps, emit, write_text
from orbitcompute.model import complete
from orbitcompute.reliability.failures import simulate_fleet
from orbitcompute.reliability.fleet import (
    ground_capacity_over_time,
    orbit_capacity,
    orbit_environment,
    orbit_hazard,
    time_since_service,
)

SCHEMA = "orbitcompute.capacity/1"

COLUMNS: list[tuple[str, str]] = [
    ("year", "years since start of service"),
    ("orbit.surviving", "orbit: share of active slots with a working accelerator"),
    ("orbit.delivered", "orbit: surviving x upset availability"),
    ("orbit.equivalent", "orbit: delivered in today's-accelerator equivalent"),
    ("orbit.working_p05", "orbit: 5th percentile of one satellite's working share (Monte Carlo)"),
    ("orbit.working_p95", "orbit: 95th percentile of one satellite's working share (Monte Carlo)"),
    ("ground.surviving", "ground: share of slots working (repair, spares)"),
    ("ground.delivered", "ground: surviving x share of time not lost to job restarts"),
    ("ground.equivalent", "ground: working share in today's-accelerator equivalent"),
]


def capacity_table(
    params: dict[str, Any], years: float, step: float, samples: int = 0, seed: int = 0
) -> dict[str, Any]:
    """Capacity fractions over time for both sides (arrays keyed by COLUMNS names).

    The orbital fleet is replaced whole at the end of each satellite life, the ground hardware
    is refreshed every ``compute.hardware_life``. With ``samples > 0`` the failure process of
    one satellite's pool of accelerators (with its spares) is also simulated (seeded) and the
    5th and 95th percentiles of its working share are given.
    """
    p, _ = complete(params)
    p = {k: v.reshape(-1)[0] if v.size == 1 else v for k, v in p.items()}
    t = np.arange(0.0, years + 0.5 * step, step) * YEAR
    t_sat = np.mod(t, p["satellite.lifetime"])
    # just before a replacement, show the end-of-life state rather than the new fleet
    t_sat = np.where((t_sat == 0) & (t > 0), p["satellite.lifetime"], t_sat)
    o = orbit_capacity(p, t_sat)
    g = ground_capacity_over_time(p, t)
    p05 = p95 = np.full_like(t, np.nan)
    if samples > 0:
        p05, p95 = _pool_percentiles(
            p, time_since_service(t_sat, p["reliability.servicing_interval"]), samples, seed
        )
    return {
        "year": t / YEAR,
        "orbit.surviving": o["surviving"],
        "orbit.delivered": o["delivered"],
        "orbit.equivalent": o["equivalent"],
        "orbit.working_p05": p05,
        "orbit.working_p95": p95,
        "ground.surviving": g["surviving"],
        "ground.delivered": g["delivered"],
        "ground.equivalent": g["equivalent"],
    }


def _pool_percentiles(p: dict[str, Any], tau: Any, samples: int, seed: int) -> tuple[Any, Any]:
    """5th/95th percentiles of one satellite's working share at times ``tau`` since restoration."""
    n = max(int(round(float(p["satellite.it_power"] / p["compute.accelerator_power"]))), 1)
    c = int(round(n * float(p["reliability.orbit_spares_fraction"])))
    env = orbit_environment(p)
    ts, inv = np.unique(tau, return_inverse=True)
    sim = simulate_fleet(
        ts,
        n,
        c,
        float(orbit_hazard(p)),
        float(p["reliability.weibull_shape"]),
        hot=bool(p["reliability.orbit_spares_hot"] >= 0.5),
        n_samples=samples,
        seed=seed,
        dose_rate=float(env["dose_rate"]),
        tolerated_dose=float(p["radiation.tolerated_dose"]),
        dose_spread=float(p["radiation.tolerated_dose_spread"]),
    )
    frac = sim / n * float(env["upset_availability"])
    lo, hi = np.percentile(frac, [5, 95], axis=0)
    return lo[inv], hi[inv]


def _plot(tab: dict[str, Any], title: str, path: str) -> None:
    import matplotlib  # heavy: loaded only when a plot is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    yr = tab["year"]
    ax.plot(yr, 100 * tab["orbit.surviving"], color="C0", label="orbit: working")
    ax.plot(yr, 100 * tab["orbit.equivalent"], color="C0", ls="--", label="orbit: equivalent")
    ax.plot(yr, 100 * tab["ground.delivered"], color="C2", label="ground: working")
    ax.plot(yr, 100 * tab["ground.equivalent"], color="C2", ls="--", label="ground: equivalent")
    ax.set_xlabel("time since start of service [yr]")
    ax.set_ylabel("capacity [% of active slots]")
    ax.set_ylim(0, 105)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    ax.set_title(title)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)


def capacity(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    png: PngOpt = None,
    years: float = typer.Option(None, "--years", help="Span in years (default: finance.horizon)."),
    step: float = typer.Option(1.0, "--step", help="Time step of the table [yr]."),
    samples: int = typer.Option(
        2000, "--samples", help="Monte Carlo pools for the 5-95 % band (0: none)."
    ),
    seed: SeedOpt = 0,
) -> None:
    """Capacity over time in orbit and on the ground: working and today's-equivalent.

    --png plots the working and equivalent capacity of both sides by year.
    """
    check_outputs(output, png)
    sc = load(scenario, set_)
    if years is None:
        years = sc.values["finance.horizon"] / YEAR
    if not (math.isfinite(years) and 0 < years <= 100):
        raise ScenarioError("--years", years, "a number of years in (0, 100]")
    if not (math.isfinite(step) and 0 < step <= years):
        raise ScenarioError("--step", step, f"a step in years in (0, {years:g}]")
    if not 0 <= samples <= 100_000:
        raise ScenarioError("--samples", samples, "an integer in [0, 100000]")
    tab = capacity_table(sc.params(), years, step, samples, seed)
    if png:  # the plot samples finely so that servicing and refresh steps show
        fine = capacity_table(sc.params(), years, min(step, years) / 50.0, 0, seed)
        _plot(fine, f"capacity over time — {sc.label}", png)
    rows = [{k: float(tab[k][i]) for k, _ in COLUMNS} for i in range(len(tab["year"]))]
    if fmt is OutputFormat.json:
        doc = {
            "schema": SCHEMA,
            "scenario": sc.label,
            "columns": dict(COLUMNS),
            "rows": rows,
        }
        write_text(output, dumps(doc))
    elif fmt is OutputFormat.csv:
        keys = [k for k, _ in COLUMNS]
        write_text(output, csv_text(keys, ([r[k] for k in keys] for r in rows)))
    else:
        t = Table(
            title=f"capacity over time — {sc.label}\n(% of active accelerator slots)",
            caption="working: slots with a working accelerator, net of time lost to restarts "
            "(radiation upsets; job-wide restarts when reliability.job_size > 1); "
            "equivalent: in today's-accelerator hours (obsolescence)",
        )
        heads = ["year", "orbit working", "one satellite 5-95 %", "orbit equivalent"]
        heads += ["ground working", "ground equiv."]
        for h in heads:
            t.add_column(h, justify="right")
        for r in rows:
            band = (
                "—"
                if math.isnan(r["orbit.working_p05"])
                else f"{100 * r['orbit.working_p05']:.0f}–{100 * r['orbit.working_p95']:.0f}"
            )
            t.add_row(
                f"{r['year']:.1f}",
                f"{100 * r['orbit.delivered']:.1f}",
                band,
                *(f"{100 * r[k]:.1f}" for k in ("orbit.equivalent", "ground.delivered")),
                f"{100 * r['ground.equivalent']:.1f}",
            )
        emit([t], output)


def register(app: typer.Typer) -> None:
    app.command("capacity")(capacity)
