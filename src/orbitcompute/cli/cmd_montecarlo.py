"""``orbitcompute montecarlo``: the probability that orbit is cheaper, from millions of samples."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape as esc
from rich.table import Table

from orbitcompute.analysis.headline import design_block, headline
from orbitcompute.analysis.montecarlo import plot_ratio, run_montecarlo
from orbitcompute.cli.options import (
    DataOutputOpt,
    Design,
    DesignOpt,
    FormatOpt,
    OutputFormat,
    PngOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import dumps, emit, progress_bar, write_text

SCHEMA = "orbitcompute.montecarlo/1"


def montecarlo(
    scenario: ScenarioArg = None,
    n: int = typer.Option(100_000, "-n", "--samples", help="Number of samples."),
    seed: SeedOpt = 0,
    set_: SetOpt = None,
    chunk_size: int = typer.Option(
        65_536, "--chunk-size", help="Samples per vectorized model call (bounds memory)."
    ),
    output: DataOutputOpt = None,
    png: PngOpt = None,
    ci_method: str = typer.Option(
        "wilson", "--ci", help="Interval on P(orbit cheaper): wilson or clopper-pearson."
    ),
    fmt: FormatOpt = OutputFormat.table,
    design: DesignOpt = Design.as_given,
) -> None:
    """Monte Carlo over the scenario's distributions: USD per GPU-hour and P(orbit cheaper).

    The design is held fixed while the uncertain inputs vary: the scenario's own design by
    default, or with --design optimized the optimum at the distributions' nominal values
    (that optimum fills its launcher to the last kilogram, so samples with a smaller launcher
    or heavier subsystems cannot fly it: they count as infeasible). -o writes every sample and
    output to a Parquet file; --png draws the histogram and CDF of the orbit/ground cost ratio.
    """
    check_outputs(output, png, output_suffixes=(".parquet",))
    head = headline(load(scenario, set_), design.value)
    sc = head.scenario
    if not sc.distributions:
        raise ScenarioError(
            "SCENARIO",
            sc.label,
            "a scenario with distributions, e.g. "
            'uncertain-2030, or --set \'launch.price_per_kg={dist="loguniform", '
            "low=30, high=3000}'",
        )
    with progress_bar("montecarlo") as cb:
        res = run_montecarlo(
            sc, n, seed, chunk_size, output=output, ci_method=ci_method, progress=cb
        )
    if png is not None:
        plot_ratio(res, png)
    if fmt is OutputFormat.json:
        write_text(None, dumps({"schema": SCHEMA, **res.to_dict(), "design": design_block(head)}))
    elif fmt is OutputFormat.csv:
        write_text(None, res.stats.to_csv())
    else:
        note = f"orbital design, held fixed over the samples: {head.label}"
        emit([*_renderables(res), esc(note)], None)


def _renderables(res: Any) -> list[Any]:
    units = {"orbit.cost_per_gpu_hour": "USD/h", "ground.cost_per_gpu_hour": "USD/h", "ratio": "1"}
    t = Table(title=f"orbitcompute montecarlo — {res.scenario} (N = {res.n:,}, seed {res.seed})")
    cols = ["mean", "p5", "p25", "p50", "p75", "p95"]
    t.add_column("output")
    for c in cols:
        t.add_column(c, justify="right")
    t.add_column("unit")
    for name, row in res.stats.iterrows():
        t.add_row(name, *(f"{row[c]:.3g}" for c in cols), units.get(name, ""))
    lo, hi = res.ci
    det = res.deterministic
    return [
        t,
        f"P(orbit cheaper) = {res.p_orbit_cheaper:.4f}  "
        f"({res.confidence:.0%} {res.ci_method} interval {lo:.4f} to {hi:.4f}, "
        "sampling error only)",
        f"scenario point values: ratio {det['ratio']:.3g}; "
        f"infeasible orbital designs: {res.n_infeasible:,} of {res.n:,}; "
        f"{res.samples_per_second:,.0f} samples/s",
    ]


def register(app: typer.Typer) -> None:
    app.command("montecarlo")(montecarlo)
