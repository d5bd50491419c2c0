"""``orbitcompute sweep SPEC``: run a sweep spec into a Parquet dataset, resumably."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from orbitcompute.analysis.sweep import heatmap as draw_heatmap
from orbitcompute.analysis.sweep import load_spec, run_sweep, summarize
from orbitcompute.analysis.sweep.spec import SweepSpec
from orbitcompute.cli.options import (
    FormatOpt,
    OutputFormat,
    OutputOpt,
    PngOpt,
    SetOpt,
    check_outputs,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import check_output_path, dumps, emit, records_csv, write_text


class Backend(StrEnum):
    local = "local"
    dask = "dask"


def sweep(
    spec: Path = typer.Argument(..., help="Sweep spec TOML (see examples/sweep_*.toml)."),
    out: str = typer.Option(
        None,
        "--out",
        metavar="DIR",
        help="Dataset directory, created if missing (default: out/<spec name>).",
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
    set_: SetOpt = None,
    heatmap: str = typer.Option(None, "--heatmap", help="Two axes for a heat map: A,B."),
    png: PngOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    start_method: str = typer.Option(
        None, "--start-method", help="Local backend: fork, spawn or forkserver.", hidden=True
    ),
) -> None:
    """Run a sweep: chunks in parallel (local processes or Dask), Parquet store, resume.

    --set changes the spec's base scenario; --png draws the --heatmap of two axes; -o writes
    the printed summary to a file (the dataset itself goes to --out DIR).
    """
    check_outputs(output, png)
    if output not in (None, "-") and not Path(output).suffix and not Path(output).is_file():
        raise ScenarioError(
            "-o/--output", output, "a file for the summary, e.g. summary.json (the dataset "
            "directory is --out DIR)"
        )  # fmt: skip
    out_dir = check_output_path(
        out if out is not None else Path("out") / spec.stem, "--out", kind="dir", create=True
    )
    sp = load_spec(spec, set_ or [])
    pair = _heatmap_axes(sp, heatmap, png)
    if scheduler is not None and backend is not Backend.dask:
        raise ScenarioError("--scheduler", scheduler, "to be used with --backend dask")
    if out is None:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
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
        emit(_renderables(summary), output)
    elif fmt is OutputFormat.json:
        write_text(output, dumps(summary))
    else:
        rows = [{"rank": k, **r} for k in ("best", "worst") for r in summary[k]]
        write_text(output, records_csv(rows))


def _heatmap_axes(sp: SweepSpec, heatmap: str | None, png: str | None) -> tuple[str, str] | None:
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
    return pair  # type: ignore[return-value]


def _renderables(summary: dict) -> list:
    out: list = []
    run = summary["run"]
    rate = run["evaluations_per_s"]
    out.append(
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
        out.append(t)
    if "share_orbit_cheaper" in summary:
        out.append(
            f"orbit cheaper than ground at {100 * summary['share_orbit_cheaper']:.1f} % of points"
        )
    be = summary.get("breakeven")
    if be:
        if be["crossings"]:
            out.append(
                f"breakeven surface along {be['axis']}: {be['crossings']:,} crossings on "
                f"{be['lines']:,} lines; {be['axis']} from {be['min']:.4g} to {be['max']:.4g} "
                f"{be['unit']} (median {be['median']:.4g}) -> {be['file']}"
            )
        else:
            out.append(f"breakeven: orbit and ground never cross along {be['axis']} in this sweep")
    if "heatmap" in summary:
        out.append(f"heat map -> {summary['heatmap']}")
    return out


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep)
