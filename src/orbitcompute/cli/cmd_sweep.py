"""``orbitcompute sweep SPEC``: run a sweep spec into a Parquet dataset, resumably."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from orbitcompute.cli.common import SET_HELP, OutputFormat, dumps, write_text
from orbitcompute.errors import ScenarioError


class Backend(StrEnum):
    local = "local"
    dask = "dask"


def sweep(
    spec: Path = typer.Argument(..., help="Sweep spec TOML (see examples/sweep_*.toml)."),
    out: Path = typer.Option(
        None, "--out", "-o", help="Dataset directory (default: out/<spec name>)."
    ),
    backend: Backend = typer.Option(Backend.local, "--backend", help="Where chunks run."),
    workers: int = typer.Option(
        None, "--workers", "-w", help="Worker processes (local: CPU count; dask LocalCluster: 2)."
    ),
    scheduler: str = typer.Option(
        None, "--scheduler", help="Existing Dask scheduler, e.g. tcp://host:8786 (dask backend)."
    ),
    chunk_size: int = typer.Option(None, "--chunk-size", help="Points per chunk."),
    no_resume: bool = typer.Option(
        False, "--no-resume", help="Discard a previous run in DIR instead of resuming it."
    ),
    overrides: list[str] = typer.Option(None, "--set", help=SET_HELP + " (base scenario)"),
    heatmap: str = typer.Option(None, "--heatmap", help="Two axes for a heat map: A,B."),
    png: Path = typer.Option(None, "--png", help="Where to write the heat map PNG."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Summary format."),
    start_method: str = typer.Option(
        None, "--start-method", help="Local backend: fork, spawn or forkserver.", hidden=True
    ),
) -> None:
    """Run a sweep: chunks in parallel (local processes or Dask), Parquet store, resume."""
    from orbitcompute.analysis.sweep import heatmap as draw_heatmap
    from orbitcompute.analysis.sweep import load_spec, run_sweep, summarize

    sp = load_spec(spec, overrides or [])
    pair = _heatmap_axes(sp, heatmap, png)
    if scheduler is not None and backend is not Backend.dask:
        raise ScenarioError("--scheduler", scheduler, "to be used with --backend dask")
    out_dir = out if out is not None else Path("out") / spec.stem
    if out is None:
        Path("out").mkdir(exist_ok=True)
    run = run_sweep(
        sp,
        out_dir,
        backend=backend.value,
        workers=workers,
        scheduler=scheduler,
        chunk_size=chunk_size,
        resume=not no_resume,
        start_method=start_method,
    )
    summary = summarize(sp, out_dir)
    summary["run"] = {
        "out": str(run.out_dir),
        "backend": run.backend,
        "workers": run.workers,
        "points": run.n_points,
        "chunks": run.n_chunks,
        "chunk_size": run.chunk_size,
        "resumed_chunks": run.skipped_chunks,
        "computed_points": run.computed_points,
        "seconds": round(run.elapsed, 3),
        "evaluations_per_s": run.rate if run.computed_points else None,
        "spec_hash": sp.hash,
    }
    if pair is not None:
        summary["heatmap"] = str(draw_heatmap(sp, out_dir, pair, png))
    if fmt is OutputFormat.table:
        _print_table(summary)
    elif fmt is OutputFormat.json:
        write_text(None, dumps(summary))
    else:
        import csv
        import io

        buf = io.StringIO()
        rows = [{"rank": k, **r} for k in ("best", "worst") for r in summary[k]]
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        write_text(None, buf.getvalue())


def _heatmap_axes(sp, heatmap: str | None, png: Path | None) -> tuple[str, str] | None:
    if heatmap is None and png is None:
        return None
    if heatmap is None:
        raise ScenarioError("--png", str(png), "to be used with --heatmap AXIS1,AXIS2")
    if png is None:
        raise ScenarioError("--heatmap", heatmap, "to be used with --png PATH")
    names = [a.name for a in sp.axes]
    pair = tuple(s.strip() for s in heatmap.split(","))
    if len(pair) != 2 or pair[0] == pair[1] or not all(p in names for p in pair):
        raise ScenarioError(
            "--heatmap", heatmap, "two different axes of the spec: " + ", ".join(names)
        )
    if not png.parent.is_dir() or png.suffix.lower() != ".png":
        raise ScenarioError("--png", str(png), "a .png path in an existing directory")
    return pair  # type: ignore[return-value]


def _print_table(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    run = summary["run"]
    rate = run["evaluations_per_s"]
    con.print(
        f"sweep: {run['points']:,} points in {run['chunks']:,} chunks -> {run['out']} "
        f"({run['resumed_chunks']} chunks resumed, {run['computed_points']:,} points computed "
        f"in {run['seconds']:.1f} s" + (f", {rate:,.0f} evaluations/s)" if rate else ")")
    )
    for label in ("best", "worst"):
        rows = summary[label]
        if not rows:
            continue
        t = Table(title=f"{label} points by {summary['metric']} (axes in registry units)")
        for c in rows[0]:
            t.add_column(c)
        for r in rows:
            t.add_row(*(f"{v:.4g}" if isinstance(v, float) else str(v) for v in r.values()))
        con.print(t)
    if "share_orbit_cheaper" in summary:
        con.print(
            f"orbit cheaper than ground at {100 * summary['share_orbit_cheaper']:.1f} % of points"
        )
    be = summary.get("breakeven")
    if be:
        if be["crossings"]:
            con.print(
                f"breakeven surface along {be['axis']}: {be['crossings']:,} crossings on "
                f"{be['lines']:,} lines; {be['axis']} from {be['min']:.4g} to {be['max']:.4g} "
                f"{be['unit']} (median {be['median']:.4g}) -> {be['file']}"
            )
        else:
            con.print(f"breakeven: orbit and ground never cross along {be['axis']} in this sweep")
    if "heatmap" in summary:
        con.print(f"heat map -> {summary['heatmap']}")


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)
