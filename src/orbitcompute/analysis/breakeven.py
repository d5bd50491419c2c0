"""What would have to be true for orbit to win: breakeven values and 2-D breakeven frontiers.

One parameter: the model is evaluated on a grid over the parameter's registry range (one
vectorized call), every sign change of ``ratio - 1`` is bracketed and refined with Brent's
method (:func:`scipy.optimize.brentq`). Two parameters: the ratio on a grid (one vectorized
call), the frontier ratio = 1 by vectorized bisection along the second parameter for each value
of the first, and a contour plot with the scenario's own point marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from orbitcompute.analysis.montecarlo import ModelFn, evaluate_columns, full_model, point_params
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.registry import registry
from orbitcompute.scenario import _suggest

#: Grid points used to bracket roots over a parameter's range.
SCAN_POINTS = 513
#: Relative tolerance of |ratio - 1| for a root to count as a true breakeven (not a jump).
EQUAL_RTOL = 1e-6
#: A range spanning more than this factor is scanned on a log grid.
LOG_SPAN = 30.0
#: Bisection steps for the 2-D frontier (2^-60 of the range).
BISECT_STEPS = 60


def _param(name: str, key: str):
    reg = registry()
    if not isinstance(name, str) or name not in reg:
        raise ScenarioError(key, name, f"a registry parameter name ({_suggest(str(name))})")
    p = reg[name]
    if p.kind != "float" or not p.max_si > p.min_si:
        raise ScenarioError(key, name, "a parameter with a continuous range (not a switch)")
    return p


def _grid(p: Any, n: int) -> np.ndarray:
    lo, hi = p.min_si, p.max_si
    if lo > 0 and hi / lo > LOG_SPAN:
        g = np.geomspace(lo, hi, n)
    else:
        g = np.linspace(lo, hi, n)
    g[0], g[-1] = lo, hi
    return g


def _ratio(base: dict[str, float], cols: dict[str, np.ndarray], model: ModelFn) -> dict:
    return evaluate_columns(
        base, cols, model, ["orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", "ratio"]
    )


@dataclass
class BreakevenResult:
    """Breakeven values of one parameter.

    Attributes
    ----------
    parameter, unit : str
    current : float
        The scenario's value [unit].
    current_ratio : float
        Orbit / ground cost at the scenario's value.
    minimum, maximum : float
        The registry range searched [unit].
    table : pandas.DataFrame
        One row per crossing: value [unit], value_si, orbit and ground cost per GPU-hour
        [USD/h], ratio, kind (``breakeven``: costs equal; ``jump``: the ratio steps across 1,
        e.g. at a whole number of launches) and where orbit is cheaper (``above``/``below``).
    """

    parameter: str
    unit: str
    current: float
    current_ratio: float
    minimum: float
    maximum: float
    table: Any
    scenario: str = ""

    @property
    def found(self) -> bool:
        return len(self.table) > 0

    def message(self) -> str:
        """One line: the breakeven value(s), or ``no breakeven in [min, max]``."""
        u = "" if self.unit in ("1", "") else f" {self.unit}"
        if not self.found:
            side = "orbit" if self.current_ratio < 1 else "ground"
            return (
                f"no breakeven for {self.parameter} in [{self.minimum:g}, {self.maximum:g}]"
                f"{u}: {side} is cheaper over the whole range"
            )
        parts = [
            f"{r.value:.6g}{u} ({r.kind}; orbit cheaper {r.orbit_cheaper})"
            for r in self.table.itertuples()
        ]
        return f"{self.parameter} breakeven at " + ", ".join(parts)

    def to_frame(self):  # -> pandas.DataFrame
        return self.table

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "parameter": self.parameter,
            "unit": self.unit,
            "current": self.current,
            "current_ratio": self.current_ratio,
            "range": [self.minimum, self.maximum],
            "found": self.found,
            "message": self.message(),
            "crossings": self.table.to_dict(orient="records"),
        }


def breakeven(scenario: Any, parameter: str, model: ModelFn = full_model) -> BreakevenResult:
    """Values of ``parameter`` at which orbit and ground cost the same per GPU-hour.

    Parameters
    ----------
    scenario : Scenario
        Every other parameter stays at the scenario's point value.
    parameter : str
        A float registry parameter, e.g. ``launch.price_per_kg``.
    model : callable
        Model (default: the full orbitcompute model).

    Returns
    -------
    BreakevenResult

    Notes
    -----
    Roots of :math:`g(x) = c_{orbit}(x)/c_{ground}(x) - 1` over [min, max] of the registry:
    a scan on :data:`SCAN_POINTS` points (log-spaced for wide positive ranges) brackets each
    sign change, refined by Brent's method to machine precision in x.

    References
    ----------
    Brent, R. P. (1973). Algorithms for Minimization without Derivatives, ch. 4.
    """
    p = _param(parameter, "--param")
    base = point_params(scenario)
    grid = _grid(p, SCAN_POINTS)
    g = _ratio(base, {parameter: grid}, model)["ratio"] - 1.0

    def f(x: float) -> float:
        r = _ratio(base, {parameter: np.array([x])}, model)["ratio"][0]
        return float(r - 1.0)

    roots: list[float] = []
    for i in range(len(grid) - 1):
        a, b = g[i], g[i + 1]
        if not (math.isfinite(a) and math.isfinite(b)):
            continue
        if a == 0.0:
            roots.append(float(grid[i]))
        elif a * b < 0:
            x = brentq(
                f, grid[i], grid[i + 1], xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500
            )
            roots.append(float(x))
    if math.isfinite(g[-1]) and g[-1] == 0.0:
        roots.append(float(grid[-1]))
    rows = []
    if roots:
        xs = np.array(roots)
        out = _ratio(base, {parameter: xs}, model)
        for i, x in enumerate(xs):
            r = float(out["ratio"][i])
            # orbit cheaper above x if the ratio decreases through 1
            dx = max(abs(x) * 1e-6, 1e-12 * (p.max_si - p.min_si))
            hi_r = f(min(x + dx, p.max_si)) + 1.0
            lo_r = f(max(x - dx, p.min_si)) + 1.0
            cheaper = "above" if hi_r < lo_r else "below"
            rows.append(
                {
                    "value": x / p.factor,
                    "value_si": x,
                    "orbit_cost_per_gpu_hour": float(out["orbit.cost_per_gpu_hour"][i]),
                    "ground_cost_per_gpu_hour": float(out["ground.cost_per_gpu_hour"][i]),
                    "ratio": r,
                    "kind": "breakeven" if abs(r - 1.0) <= EQUAL_RTOL else "jump",
                    "orbit_cheaper": cheaper,
                }
            )
    cols = [
        "value",
        "value_si",
        "orbit_cost_per_gpu_hour",
        "ground_cost_per_gpu_hour",
        "ratio",
        "kind",
        "orbit_cheaper",
    ]
    table = pd.DataFrame(rows, columns=cols)
    cur = float(_ratio(base, {}, model)["ratio"][0])
    return BreakevenResult(
        parameter,
        p.unit,
        base[parameter] / p.factor,
        cur,
        p.minimum,
        p.maximum,
        table,
        getattr(scenario, "label", ""),
    )


@dataclass
class FrontierResult:
    """2-D breakeven frontier of ``x`` and ``y``.

    Attributes
    ----------
    x, y : str
        Parameter names.
    x_unit, y_unit : str
    xs, ys : numpy.ndarray
        Grid values [registry units].
    ratio : numpy.ndarray
        (len(ys), len(xs)) orbit / ground cost ratio.
    frontier : pandas.DataFrame
        For each x: the smallest y on the grid's first crossing where ratio = 1 (NaN: none).
    point : tuple of float
        The scenario's (x, y) [registry units].
    point_ratio : float
    """

    x: str
    y: str
    x_unit: str
    y_unit: str
    xs: np.ndarray
    ys: np.ndarray
    ratio: np.ndarray
    frontier: Any
    point: tuple[float, float]
    point_ratio: float
    log_x: bool
    log_y: bool
    scenario: str = ""

    def to_frame(self):  # -> pandas.DataFrame
        return self.frontier

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "x": self.x,
            "y": self.y,
            "x_unit": self.x_unit,
            "y_unit": self.y_unit,
            "point": list(self.point),
            "point_ratio": self.point_ratio,
            "frontier": self.frontier.to_dict(orient="records"),
            "found": bool(np.isfinite(self.frontier[self.y]).any()),
        }


def frontier(
    scenario: Any, x: str, y: str, n: int = 81, model: ModelFn = full_model
) -> FrontierResult:
    """Breakeven frontier ratio = 1 in the plane of two parameters over their registry ranges.

    Parameters
    ----------
    scenario : Scenario
    x, y : str
        Float registry parameters (``x`` on the horizontal axis).
    n : int
        Grid points per axis.

    Returns
    -------
    FrontierResult
    """
    px, py = _param(x, "--param"), _param(y, "--vs")
    if x == y:
        raise ScenarioError("--vs", y, "a parameter different from --param")
    if isinstance(n, bool) or not isinstance(n, int) or not 5 <= n <= 1001:
        raise ScenarioError("--points", n, "a whole number from 5 to 1001")
    base = point_params(scenario)
    xs, ys = _grid(px, n), _grid(py, n)
    gx, gy = np.meshgrid(xs, ys)
    ratio = _ratio(base, {x: gx.ravel(), y: gy.ravel()}, model)["ratio"].reshape(gy.shape)
    g = ratio - 1.0
    # First sign change along y for each x column, then vectorized bisection.
    sgn = np.sign(g)
    change = (sgn[:-1] * sgn[1:] < 0) & np.isfinite(g[:-1]) & np.isfinite(g[1:])
    has = change.any(axis=0)
    j = np.argmax(change, axis=0)
    cols = np.nonzero(has)[0]
    yb = np.full(n, np.nan)
    if cols.size:
        lo = ys[j[cols]].copy()
        hi = ys[j[cols] + 1].copy()
        glo = g[j[cols], cols]
        xv = xs[cols]
        for _ in range(BISECT_STEPS):
            mid = 0.5 * (lo + hi)
            gm = _ratio(base, {x: xv, y: mid}, model)["ratio"] - 1.0
            left = np.sign(gm) == np.sign(glo)
            lo = np.where(left, mid, lo)
            glo = np.where(left, gm, glo)
            hi = np.where(left, hi, mid)
        yb[cols] = 0.5 * (lo + hi)
    table = pd.DataFrame({x: xs / px.factor, y: yb / py.factor})
    pr = float(_ratio(base, {}, model)["ratio"][0])
    return FrontierResult(
        x,
        y,
        px.unit,
        py.unit,
        xs / px.factor,
        ys / py.factor,
        ratio,
        table,
        (base[x] / px.factor, base[y] / py.factor),
        pr,
        bool(xs[0] > 0 and xs[-1] / xs[0] > LOG_SPAN),
        bool(ys[0] > 0 and ys[-1] / ys[0] > LOG_SPAN),
        getattr(scenario, "label", ""),
    )


def plot_frontier(result: FrontierResult, path: str | Path) -> None:
    """Contour PNG of log10(orbit/ground) with the ratio = 1 frontier and the scenario marked."""
    import matplotlib  # heavy: loaded only when a plot is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    z = np.log10(np.where(np.isfinite(result.ratio) & (result.ratio > 0), result.ratio, np.nan))
    fig, ax = plt.subplots(figsize=(8, 6))
    zmin, zmax = np.nanmin(z), np.nanmax(z)
    vmin, vmax = min(zmin, -0.25), max(zmax, 0.25)  # keep both sides of ratio = 1 visible
    cs = ax.contourf(
        result.xs,
        result.ys,
        z,
        levels=40,
        cmap="RdBu_r",
        norm=TwoSlopeNorm(vcenter=0.0, vmin=vmin, vmax=vmax),
    )
    fig.colorbar(cs, ax=ax, label="log10(orbit / ground cost per GPU-hour) [1]")
    if vmin < 0 < vmax:
        ax.contour(result.xs, result.ys, z, levels=[0.0], colors="k", linewidths=2)
    ax.plot(
        *result.point,
        marker="*",
        color="gold",
        mec="k",
        ms=16,
        ls="none",
        label=f"scenario (ratio {result.point_ratio:.3g})",
    )
    if result.log_x:
        ax.set_xscale("log")
    if result.log_y:
        ax.set_yscale("log")
    ax.set_xlabel(f"{result.x} [{result.x_unit}]")
    ax.set_ylabel(f"{result.y} [{result.y_unit}]")
    ax.set_title(f"breakeven frontier (black: orbit = ground): {result.scenario}")
    ax.legend(loc="best")
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
