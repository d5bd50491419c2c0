"""``orbitcompute outlook``: cost and capacity year by year to 2050, and the parity year."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute.analysis.outlook import (
    DEFAULT_CHUNK,
    DEFAULT_SAMPLES,
    PERCENTILES,
    RACE_YEAR,
    REOPTIMIZE_EVERY,
    OutlookResult,
    plot_outlook,
    run_outlook,
    selected_years,
)
from orbitcompute.cli.options import (
    Design,
    DesignOpt,
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
from orbitcompute.io import dumps, emit, progress_bar, write_text
from orbitcompute.paths import parse_years
from orbitcompute.registry import outputs, registry


def _f(x: float, digits: int = 3) -> str:
    if x != x:  # NaN
        return "—"
    if abs(x) >= 1e3:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def cost_table(res: OutlookResult) -> Table:
    """Selected years: the driving prices, both costs (central path), the ratio's spread."""
    outs = outputs()
    reg = registry()
    c = res.central
    pct = dict(zip(PERCENTILES, res.percentiles["ratio"], strict=True))
    t = Table(
        title=esc(
            f"orbitcompute outlook — {res.scenario} ({res.n:,} samples, seed {res.seed}; "
            f"paths anchored at {res.anchor_year}; design {res.design})"
        ),
        title_justify="left",
    )
    cols = [
        ("year", "left"),
        ("launch $/kg", "right"),
        ("bus $/kg", "right"),
        ("orbit $/GPU-h", "right"),
        ("ground $/GPU-h", "right"),
        ("ratio", "right"),
        ("ratio p5-p95", "right"),
        ("P(cheap)", "right"),
        ("P(parity)", "right"),
        ("orbit $/PF-h", "right"),
        ("ground $/PF-h", "right"),
    ]
    t.caption = (
        "central path (every input at its nominal value) except the ratio's p5-p95 and the "
        "probabilities; P(parity): orbit cheaper in some year up to this one; $/PF-h: USD per "
        "PFLOP/s-hour of dense BF16"
    )
    for name, justify in cols:
        t.add_column(name, justify=justify, min_width=len(name) if "P(" in name else None)
    price = c["drivers"]["launch.price_per_kg"] / reg["launch.price_per_kg"].factor
    bus = c["drivers"]["satellite.cost_per_kg"] / reg["satellite.cost_per_kg"].factor
    o = c["outputs"]
    pflop = outs["orbit.cost_per_bf16_pflop_hour"]
    for y in selected_years(res.years):
        i = int(y - res.years[0])
        t.add_row(
            str(y),
            _f(price[i]),
            _f(bus[i]),
            _f(o["orbit.cost_per_gpu_hour"][i]),
            _f(o["ground.cost_per_gpu_hour"][i]),
            _f(o["ratio"][i]),
            f"{_f(pct[5][i], 2)}-{_f(pct[95][i], 2)}",
            f"{res.p_orbit_cheaper[i]:.1%}",
            f"{res.parity_cdf[i]:.1%}",
            _f(pflop.display(o["orbit.cost_per_bf16_pflop_hour"][i])),
            _f(pflop.display(o["ground.cost_per_bf16_pflop_hour"][i])),
        )
    return t


def race_table(res: OutlookResult) -> Table:
    """Selected years of the capacity race (central path): GW added and cumulative."""
    r = res.central["race"]
    gw = 1e9
    t = Table(
        title="capacity race, central path: IT power each side can add (GW; cumulative from "
        f"{int(res.years[0])})",
        title_justify="left",
    )
    for name in (
        "year",
        "demand",
        "ground",
        "orbit",
        "ground GW/yr",
        "orbit GW/yr",
        "orbit limited by",
        "world upmass kt/yr",
    ):
        t.add_column(name, justify="left" if name in ("year", "orbit limited by") else "right")
    for y in selected_years(res.years):
        i = int(y - res.years[0])
        t.add_row(
            str(y),
            _f(r["demand"][i] / gw),
            _f(r["ground"][i] / gw),
            _f(r["orbit"][i] / gw),
            _f(r["ground_added"][i] / gw),
            _f(r["orbit_added"][i] / gw),
            "launch" if r["orbit_launch_bound"][i] >= 0.5 else "production",
            _f(r["upmass"][i] * 3.15576e7 / 1e6),
        )
    return t


def renderables(res: OutlookResult) -> list[Any]:
    """Rich renderables of an outlook (tables and the two answer lines)."""
    st = res.race_stats
    return [
        cost_table(res),
        esc(res.design_label),
        esc(res.parity_text()),
        race_table(res),
        esc(res.race_sentence()),
        esc(res.race_detail_text()),
        esc(
            f"Over the samples: P(ground meets the {st['year']} demand by then) = "
            f"{st['p_ground_meets_demand']:.0%}, P(orbit does) = {st['p_orbit_meets_demand']:.0%}, "
            f"P(orbit reaches it first) = {st['p_orbit_first']:.0%}."
        ),
    ]


def outlook(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    years: str = typer.Option(
        "2026:2050", "--years", help="First and last calendar year, FIRST:LAST.", metavar="Y:Y"
    ),
    samples: int = typer.Option(
        DEFAULT_SAMPLES, "--samples", "-n", help="Samples of the uncertain time paths."
    ),
    seed: SeedOpt = 0,
    chunk_size: int = typer.Option(
        DEFAULT_CHUNK, "--chunk-size", help="Samples per vectorized model call (bounds memory)."
    ),
    race_year: int = typer.Option(
        RACE_YEAR, "--race-year", help="Year of the capacity-race sentence."
    ),
    design: DesignOpt = Design.optimized,
    reoptimize_every: int = typer.Option(
        REOPTIMIZE_EVERY,
        "--reoptimize-every",
        help="Years between re-optimizations of the orbital design (1: every year).",
    ),
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    png: PngOpt = None,
) -> None:
    """Cost and capacity year by year: the parity-year distribution and the capacity race.

    Each year's fleet is costed with every driver on its time path (launch learning curve,
    bus learning, array and radiator trends, accelerators, energy prices, grid waits); the
    paths' parameters are uncertain. Free designs are re-optimized on the central path (every
    --reoptimize-every years; each year's samples keep its design). --png draws the ratio fan
    chart, the parity-year histogram and the capacity race.
    """
    check_outputs(output, png)
    first, last = parse_years(years)
    sc = load(scenario, set_)
    with progress_bar("outlook") as cb:
        res = run_outlook(
            sc,
            (first, last),
            samples,
            seed,
            chunk_size,
            race_year=race_year,
            design=design.value,
            reoptimize_every=reoptimize_every,
            progress=cb,
        )
    if png is not None:
        plot_outlook(res, png)
    if fmt is OutputFormat.json:
        write_text(output, dumps(res.to_dict()))
    elif fmt is OutputFormat.csv:
        write_text(output, res.to_frame().to_csv())
    else:
        emit(renderables(res), output)


def register(app: typer.Typer) -> None:
    app.command("outlook")(outlook)
