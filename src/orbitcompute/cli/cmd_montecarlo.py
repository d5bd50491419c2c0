"""``orbitcompute montecarlo``: the probability that orbit is cheaper, from millions of samples."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import typer

from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP, OutputFormat, dumps, write_text

SCHEMA = "orbitcompute.montecarlo/1"


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """A rich progress callback ``(done, total)`` on a terminal; None (quiet) otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def montecarlo(
    scenario: str = typer.Argument(None, help=SCENARIO_HELP),
    n: int = typer.Option(100_000, "-n", "--samples", help="Number of samples."),
    seed: int = typer.Option(
        0, "--seed", help="Seed of the random generator (same seed, same output)."
    ),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP),
    chunk_size: int = typer.Option(
        65_536, "--chunk-size", help="Samples per vectorized model call (bounds memory)."
    ),
    output: str = typer.Option(
        None, "--output", "-o", help="Write samples and every output to this Parquet file."
    ),
    png: str = typer.Option(
        None, "--png", help="Write a histogram + CDF of the ratio to this PNG."
    ),
    ci_method: str = typer.Option(
        "wilson", "--ci", help="Interval on P(orbit cheaper): wilson or clopper-pearson."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Monte Carlo over the scenario's distributions: USD per GPU-hour and P(orbit cheaper)."""
    from orbitcompute.analysis.montecarlo import plot_ratio, run_montecarlo
    from orbitcompute.cli.common import load
    from orbitcompute.errors import ScenarioError

    sc = load(scenario, overrides)
    if not sc.distributions:
        raise ScenarioError(
            "SCENARIO",
            sc.label,
            "a scenario with distributions, e.g. "
            'uncertain-2030, or --set \'launch.price_per_kg={dist="loguniform", '
            "low=30, high=3000}'",
        )
    if png is not None:
        _check_dir(png, "--png")
    with progress_bar("montecarlo") as cb:
        res = run_montecarlo(
            sc, n, seed, chunk_size, output=output, ci_method=ci_method, progress=cb
        )
    if png is not None:
        plot_ratio(res, png)
    if fmt is OutputFormat.json:
        write_text(None, dumps({"schema": SCHEMA, **res.to_dict()}))
    elif fmt is OutputFormat.csv:
        write_text(None, res.stats.to_csv())
    else:
        _print(res)


def _check_dir(path: str, key: str) -> None:
    from pathlib import Path

    from orbitcompute.errors import ScenarioError

    parent = Path(path).parent
    if not parent.exists():
        raise ScenarioError(key, path, "a path in an existing directory")


def _print(res: Any) -> None:
    from rich.table import Table

    units = {"orbit.cost_per_gpu_hour": "USD/h", "ground.cost_per_gpu_hour": "USD/h", "ratio": "1"}
    t = Table(title=f"orbitcompute montecarlo — {res.scenario} (N = {res.n:,}, seed {res.seed})")
    cols = ["mean", "p5", "p25", "p50", "p75", "p95"]
    t.add_column("output")
    for c in cols:
        t.add_column(c, justify="right")
    t.add_column("unit")
    for name, row in res.stats.iterrows():
        t.add_row(name, *(f"{row[c]:.3g}" for c in cols), units.get(name, ""))
    con = _console()
    con.print(t)
    lo, hi = res.ci
    con.print(
        f"P(orbit cheaper) = {res.p_orbit_cheaper:.4f}  "
        f"({res.confidence:.0%} {res.ci_method} interval {lo:.4f} to {hi:.4f}, sampling error only)"
    )
    det = res.deterministic
    con.print(
        f"scenario point values: ratio {det['ratio']:.3g}; "
        f"infeasible orbital designs: {res.n_infeasible:,} of {res.n:,}; "
        f"{res.samples_per_second:,.0f} samples/s"
    )


def _console():
    """A rich console; 120 columns when output is not a terminal (files, pipes, docs)."""
    import sys

    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 120)


def register(app: typer.Typer) -> None:
    app.command("montecarlo")(montecarlo)
