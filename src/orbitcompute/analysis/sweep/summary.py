"""Reading a sweep dataset with DuckDB: queries, end-of-run summary, breakeven surface, heat map."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from orbitcompute.analysis.sweep import store
from orbitcompute.analysis.sweep.chunks import POINT, point_columns
from orbitcompute.analysis.sweep.spec import SweepSpec
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.registry import registry


def q(name: str) -> str:
    """Quote an SQL identifier (column names are dotted: ``"launch.price_per_kg"``)."""
    return '"' + name.replace('"', '""') + '"'


def _lit(path) -> str:
    """A path as the inside of an SQL string literal."""
    return str(path).replace("'", "''")


def connect(out_dir: str | os.PathLike[str]):
    """An in-memory DuckDB connection with the view ``results`` over ``DIR/*.parquet``."""
    try:
        import duckdb
    except ImportError as exc:
        raise ScenarioError("DIR", str(out_dir), "duckdb installed (pip install duckdb)") from exc

    d = Path(out_dir)
    if not d.is_dir():
        raise ScenarioError("DIR", str(out_dir), "an existing sweep dataset directory")
    if not store.chunk_files(d):
        raise ScenarioError("DIR", str(out_dir), "a directory holding chunk-*.parquet files")
    con = duckdb.connect(":memory:")
    glob = _lit(d / "*.parquet")
    con.execute(f"CREATE VIEW results AS SELECT * FROM read_parquet('{glob}')")
    return con


def run_query(out_dir: str | os.PathLike[str], sql: str) -> tuple[list[str], list[tuple]]:
    """Run SQL over the dataset (view ``results``); returns column names and rows."""
    import duckdb

    con = connect(out_dir)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        return [c[0] for c in cur.description], cur.fetchall()
    except duckdb.Error as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScenarioError(
            "SQL", sql, f"a valid DuckDB query over the view 'results' ({msg})"
        ) from None
    finally:
        con.close()


def _display(spec: SweepSpec, name: str, value: Any) -> Any:
    """A value in the registry unit of its axis (columns are SI in the files)."""
    reg = registry()
    if isinstance(value, float) and name in reg:
        return value / reg[name].factor
    return value


def summarize(spec: SweepSpec, out_dir: str | os.PathLike[str], top: int = 3) -> dict[str, Any]:
    """Best and worst points by the spec's metric, share where orbit wins, breakeven surface.

    The breakeven surface is found along ``spec.breakeven_axis``: for every combination of the
    other coordinates, the axis value where ``ratio`` (orbit cost / ground cost) crosses 1,
    interpolated linearly between neighbouring grid values (in log space on a log grid). It is
    written to ``DIR/breakeven.csv`` (SI values) and summarized here.
    """
    con = connect(out_dir)
    try:
        metric = spec.metric_column
        coords = [c for c in point_columns(spec) if c != POINT]
        cols = ", ".join(q(c) for c in [POINT, *coords, metric])
        out: dict[str, Any] = {
            "n_points": con.execute("SELECT count(*) FROM results").fetchone()[0]
        }
        out["metric"] = metric
        for label, order in (("best", "ASC"), ("worst", "DESC")):
            rows = con.execute(
                f"SELECT {cols} FROM results WHERE isfinite({q(metric)}) "
                f"ORDER BY {q(metric)} {order}, {q(POINT)} LIMIT {int(top)}"
            ).fetchall()
            names = [POINT, *coords, metric]
            out[label] = [
                {n: _display(spec, n, v) for n, v in zip(names, r, strict=True)} for r in rows
            ]
        ratio = "ratio.p50" if spec.montecarlo else "ratio"
        if ratio in _columns(con):
            out["share_orbit_cheaper"] = con.execute(
                f"SELECT avg(CASE WHEN {q(ratio)} < 1 THEN 1.0 ELSE 0.0 END) FROM results"
            ).fetchone()[0]
            if spec.breakeven_axis:
                out["breakeven"] = _breakeven(spec, con, Path(out_dir), ratio)
        return out
    finally:
        con.close()


def _columns(con) -> list[str]:
    return [r[0] for r in con.execute("DESCRIBE results").fetchall()]


def _breakeven(spec: SweepSpec, con, out_dir: Path, ratio: str) -> dict[str, Any]:
    ax = spec.breakeven_axis
    axis = next(a for a in spec.axes if a.name == ax)
    others = [c for c in point_columns(spec) if c not in (POINT, ax)]
    part = ("PARTITION BY " + ", ".join(q(c) for c in others)) if others else ""
    x, x0 = (f"ln({q(ax)})", "ln(x0)") if axis.scale == "log" else (q(ax), "x0")
    interp = f"{x0} + (1 - r0) * (xx - {x0}) / (r - r0)"
    if axis.scale == "log":
        interp = f"exp({interp})"
    other_sel = "".join(f"{q(c)}, " for c in others)
    sql = (
        f"WITH t AS (SELECT {other_sel}{q(ax)} AS x, {x} AS xx, {q(ratio)} AS r, "
        f"lag({q(ax)}) OVER w AS x0, lag({q(ratio)}) OVER w AS r0 "
        f"FROM results WINDOW w AS ({part} ORDER BY {q(ax)})) "
        f"SELECT {other_sel}{interp} AS {q('breakeven.' + ax)} FROM t "
        f"WHERE r0 IS NOT NULL AND (r0 - 1) * (r - 1) <= 0 AND r <> r0 "
        f"ORDER BY {', '.join(q(c) for c in [*others, 'breakeven.' + ax])}"
    )
    path = out_dir / "breakeven.csv"
    store.atomic_write_bytes(
        path,
        lambda tmp: con.execute(f"COPY ({sql}) TO '{_lit(tmp)}' (FORMAT CSV, HEADER)"),
        clean_stale=True,
    )
    stats = con.execute(
        f"SELECT count(*), min(b), median(b), max(b) FROM (SELECT {q('breakeven.' + ax)} AS b "
        f"FROM read_csv_auto('{_lit(path)}'))"
    ).fetchone()
    group = ("GROUP BY " + ", ".join(q(c) for c in others)) if others else ""
    lines = con.execute(f"SELECT count(*) FROM (SELECT 1 FROM results {group})").fetchone()[0]
    n, lo, med, hi = stats
    return {
        "axis": ax,
        "crossings": n,
        "lines": lines,
        "min": _display(spec, ax, lo) if lo is not None else None,
        "median": _display(spec, ax, med) if med is not None else None,
        "max": _display(spec, ax, hi) if hi is not None else None,
        "unit": axis.unit,
        "file": str(path),
    }


def heatmap(
    spec: SweepSpec,
    out_dir: str | os.PathLike[str],
    axes: tuple[str, str],
    png: str | os.PathLike[str],
) -> Path:
    """PNG heat map of the metric over two axes (mean over every other coordinate)."""
    a, b = axes
    by_name = {ax.name: ax for ax in spec.axes}
    metric = spec.metric_column
    con = connect(out_dir)
    try:
        rows = con.execute(
            f"SELECT {q(a)}, {q(b)}, avg({q(metric)}) FROM results GROUP BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    ax_a, ax_b = by_name[a], by_name[b]
    ia = {v: k for k, v in enumerate(_keys(ax_a))}
    ib = {v: k for k, v in enumerate(_keys(ax_b))}
    grid = np.full((len(ib), len(ia)), np.nan)
    for va, vb, m in rows:
        if va in ia and vb in ib and m is not None:
            grid[ib[vb], ia[va]] = m
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axp = plt.subplots(figsize=(7.5, 5.5), dpi=120)
    is_ratio = metric.split(".p50")[0] == "ratio"
    norm = None
    if is_ratio and np.isfinite(grid).any():
        from matplotlib.colors import TwoSlopeNorm

        # Green only where orbit is cheaper (ratio < 1), red where the ground is.
        lo, hi = min(np.nanmin(grid), 0.99), max(np.nanmax(grid), 1.01)
        norm = TwoSlopeNorm(vmin=lo, vcenter=1.0, vmax=hi)
    edges_a, edges_b = np.arange(len(ia) + 1), np.arange(len(ib) + 1)
    im = axp.pcolormesh(edges_a, edges_b, grid, shading="flat", cmap="RdYlGn_r", norm=norm)
    averaged = [c for c in point_columns(spec) if c not in (POINT, a, b)]
    fig.colorbar(im, ax=axp, label=metric + (" (mean)" if averaged else ""))
    if norm is not None and np.nanmin(grid) < 1 < np.nanmax(grid):
        cs = axp.contour(
            np.arange(len(ia)) + 0.5,
            np.arange(len(ib)) + 0.5,
            grid,
            levels=[1.0],
            colors="k",
            linewidths=1.5,
        )
        axp.clabel(cs, fmt="orbit = ground")
    for setter, ax, n in ((axp.set_xticks, ax_a, len(ia)), (axp.set_yticks, ax_b, len(ib))):
        step = max(1, n // 10)
        pos = np.arange(0, n, step)
        setter(pos + 0.5, [_tick(ax, k) for k in pos])
    plt.setp(axp.get_xticklabels(), rotation=45, ha="right")
    axp.set_xlabel(f"{a} [{ax_a.unit}]" if ax_a.numeric else a)
    axp.set_ylabel(f"{b} [{ax_b.unit}]" if ax_b.numeric else b)
    title = f"sweep {spec.source}: {metric}"
    if averaged:
        title += "\nmean over " + ", ".join(averaged)
    axp.set_title(title, fontsize=9)
    fig.tight_layout()
    target = Path(png)
    with atomic_path(target, "--png") as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
    return target


def _keys(axis) -> list:
    return [str(v) for v in axis.values] if not axis.numeric else [float(v) for v in axis.values]


def _tick(axis, k: int) -> str:
    if not axis.numeric:
        return str(axis.values[k])
    v = axis.values[k] / axis.factor
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"
