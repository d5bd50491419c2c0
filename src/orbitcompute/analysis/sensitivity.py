"""Which assumption matters most: Sobol indices, Morris screening and tornado charts.

Sampling and analysis come from SALib (``SALib.sample.sobol`` / ``SALib.analyze.sobol``,
``SALib.sample.morris`` / ``SALib.analyze.morris``) on the unit hypercube; every design point
is mapped to parameter values through the distributions' inverse CDFs
(:meth:`~orbitcompute.uncertainty.Distribution.ppf`), so Sobol indices refer to the scenario's
own distributions, and the model is evaluated in vectorized chunks (SALib leaves evaluation to
the user).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orbitcompute.analysis.montecarlo import (
    DEFAULT_CHUNK,
    ModelFn,
    Progress,
    evaluate_columns,
    full_model,
    point_params,
    uncertain,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario
from orbitcompute.uncertainty.distributions import Distribution, to_columns

ColumnsFn = Callable[[Mapping[str, np.ndarray]], np.ndarray]
#: Morris levels are placed on this central probability interval (the extreme 1 % tails of
#: unbounded distributions would otherwise dominate the elementary effects).
MORRIS_PROB_RANGE = (0.01, 0.99)
#: Default tornado range: these quantiles of each distribution.
TORNADO_QUANTILES = (0.05, 0.95)
#: Largest Sobol base sample (2^20 base samples x (k + 2) model runs).
MAX_SOBOL_BASE = 2**20


@dataclass
class SensitivityResult:
    """Ranked sensitivity table.

    Attributes
    ----------
    method : str
        ``sobol``, ``morris`` or ``tornado``.
    metric : str
        Model output analysed (e.g. ``ratio``).
    table : pandas.DataFrame
        One row per parameter, ranked most influential first (columns depend on the method:
        S1, S1_conf, ST, ST_conf | mu_star, mu_star_conf, mu, sigma | low, high, metric_low,
        metric_high, swing).
    n_runs : int
        Model evaluations.
    baseline : float
        Metric at the scenario's point values.
    n_nonfinite : int
        Design points with a non-finite metric (infeasible designs), replaced by the largest
        finite value before analysis (Sobol, Morris).
    """

    method: str
    metric: str
    table: Any
    n_runs: int
    baseline: float
    n_nonfinite: int = 0
    scenario: str = ""

    def to_frame(self):  # -> pandas.DataFrame
        return self.table

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "method": self.method,
            "metric": self.metric,
            "n_runs": self.n_runs,
            "baseline": self.baseline,
            "n_nonfinite": self.n_nonfinite,
            "parameters": self.table.reset_index().to_dict(orient="records"),
        }


def _problem(dists: Sequence[Distribution]) -> dict[str, Any]:
    names = [d.name for d in dists]
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}


def _eval_design(
    dists: Sequence[Distribution],
    u: np.ndarray,
    func: ColumnsFn,
    chunk_size: int,
    progress: Progress | None = None,
) -> np.ndarray:
    y = np.empty(u.shape[0])
    for i in range(0, u.shape[0], chunk_size):
        j = min(i + chunk_size, u.shape[0])
        y[i:j] = func(to_columns(dists, u[i:j]))
        if progress is not None:
            progress(j, u.shape[0])
    return y


def _fill_nonfinite(y: np.ndarray) -> tuple[np.ndarray, int]:
    bad = ~np.isfinite(y)
    nbad = int(bad.sum())
    if nbad == y.size:
        raise ScenarioError("metric", "NaN", "a metric that is finite for some samples")
    if nbad:
        y = y.copy()
        y[bad] = np.max(y[~bad])
    return y, nbad


def sobol_indices(
    dists: Sequence[Distribution],
    func: ColumnsFn,
    n: int = 2**12,
    seed: int = 0,
    chunk_size: int = DEFAULT_CHUNK,
    num_resamples: int = 100,
    confidence: float = 0.95,
    progress: Progress | None = None,
):  # -> tuple[pandas.DataFrame, int, int]
    """First-order and total Sobol indices with bootstrap confidence intervals.

    Parameters
    ----------
    dists : sequence of Distribution
        The uncertain inputs.
    func : callable
        ``func(columns) -> y``: columns maps parameter names to (m,) SI arrays; returns (m,).
    n : int
        Base sample size (a power of 2); the model runs ``n * (k + 2)`` times.
    seed : int
        Seed of the scrambled Sobol sequence and of the bootstrap.
    chunk_size : int
        Design points per model call.
    num_resamples, confidence :
        Bootstrap resamples and level of the confidence intervals.

    Returns
    -------
    table : pandas.DataFrame
        Index parameter; columns S1, S1_conf, ST, ST_conf; sorted by ST descending.
    n_runs : int
    n_nonfinite : int

    Notes
    -----
    Saltelli (2010) estimators as implemented in ``SALib.analyze.sobol`` without second-order
    terms; a scrambled Sobol sequence from ``SALib.sample.sobol``.

    References
    ----------
    Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Design and
    estimator for the total sensitivity index. Computer Physics Communications 181, 259-270.
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    if (
        isinstance(n, bool)
        or not isinstance(n, int | np.integer)
        or n < 2
        or n & (n - 1)
        or n > MAX_SOBOL_BASE
    ):
        raise ScenarioError("-n", n, f"a power of 2 from 2 to {MAX_SOBOL_BASE} for Sobol")
    if len(dists) < 2:
        raise ScenarioError("SCENARIO", len(dists), "at least 2 uncertain parameters for Sobol")
    problem = _problem(dists)
    u = sobol_sample.sample(problem, int(n), calc_second_order=False, scramble=True, seed=seed)
    y, nbad = _fill_nonfinite(_eval_design(dists, u, func, chunk_size, progress))
    si = sobol_analyze.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=num_resamples,
        conf_level=confidence,
        seed=seed,
    )
    table = pd.DataFrame(
        {k: np.asarray(si[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")},
        index=pd.Index(problem["names"], name="parameter"),
    ).sort_values("ST", ascending=False)
    return table, int(u.shape[0]), nbad


def morris_screening(
    dists: Sequence[Distribution],
    func: ColumnsFn,
    n: int = 100,
    seed: int = 0,
    num_levels: int = 4,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
):  # -> tuple[pandas.DataFrame, int, int]
    """Morris elementary effects (mu*, mu, sigma) on the distributions' probability scale.

    The Morris grid covers probabilities :data:`MORRIS_PROB_RANGE` of each distribution;
    elementary effects are in metric units per unit of probability.

    References
    ----------
    Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
    Technometrics 33(2), 161-174; Campolongo, F. et al. (2007), Environ. Model. Softw. 22,
    1509-1518 (mu*).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 2 <= n <= 100_000:
        raise ScenarioError("-n", n, "a number of Morris trajectories from 2 to 100000")
    if len(dists) < 2:
        raise ScenarioError("SCENARIO", len(dists), "at least 2 uncertain parameters for Morris")
    problem = _problem(dists)
    x = morris_sample.sample(problem, int(n), num_levels=num_levels, seed=seed)
    lo, hi = MORRIS_PROB_RANGE
    y, nbad = _fill_nonfinite(_eval_design(dists, lo + (hi - lo) * x, func, chunk_size, progress))
    res = morris_analyze.analyze(problem, x, y, num_levels=num_levels, seed=seed)
    table = pd.DataFrame(
        {k: np.asarray(res[k], dtype=float) for k in ("mu_star", "mu_star_conf", "mu", "sigma")},
        index=pd.Index(problem["names"], name="parameter"),
    ).sort_values("mu_star", ascending=False)
    return table, int(x.shape[0]), nbad


def _tornado_points(
    dists: Sequence[Distribution], base: Mapping[str, float], range_: str
) -> tuple[list[tuple[str, list[dict[str, float]], list[str]]], set[str]]:
    """For each parameter: the list of override dicts to evaluate and their labels."""
    reg = registry()
    out = []
    names: set[str] = set()
    for d in dists:
        if d.is_named_choice:
            pts = [{k: float(v[i]) for k, v in d.expands.items()} for i in range(len(d.options))]
            labels = list(d.options)
        else:
            p = reg.get(d.name)
            if range_ == "registry" and p is not None:
                lo, hi = p.min_si, p.max_si
            else:
                lo, hi = (d.quantile(q) for q in TORNADO_QUANTILES)
            factor = p.factor if p is not None else 1.0
            pts = [{d.name: lo}, {d.name: hi}]
            labels = [f"{lo / factor:.4g}", f"{hi / factor:.4g}"]
        for pt in pts:
            names.update(pt)
        out.append((d.name, pts, labels))
    return out, names


def tornado(
    scenario: Any,
    metric: str = "ratio",
    range_: str = "distribution",
    model: ModelFn = full_model,
):  # -> tuple[pandas.DataFrame, float, int]
    """One-at-a-time swings of ``metric`` between each uncertain parameter's low and high.

    Parameters
    ----------
    scenario : Scenario
        Point values are the centre; its distributions give the parameters. A scenario
        without distributions uses every float registry parameter with ``range_="registry"``.
    metric : str
        Model output, e.g. ``ratio`` or ``orbit.cost_per_gpu_hour``.
    range_ : {"distribution", "registry"}
        Low/high at each distribution's p5/p95, or at the registry's min/max. Named choices
        (e.g. accelerator type) swing between their cheapest and dearest option.

    Returns
    -------
    table : pandas.DataFrame
        Index parameter; columns low, high (registry units, as text), metric_low, metric_high,
        swing; sorted by swing descending.
    baseline : float
    n_runs : int
    """

    if range_ not in ("distribution", "registry"):
        raise ScenarioError("--range", range_, "distribution or registry")
    dists = uncertain(scenario)
    base = point_params(scenario)
    if not dists:
        if range_ != "registry":
            raise ScenarioError(
                "SCENARIO", scenario.label, "a scenario with distributions, or --range registry"
            )
        dists = [
            Distribution(kind="uniform", name=p.name, params={"low": p.min_si, "high": p.max_si})
            for p in registry().values()
            if p.kind == "float" and p.max_si > p.min_si
        ]
    plan, names = _tornado_points(dists, base, range_)
    rows = [pt for _, pts, _ in plan for pt in pts]
    cols = {k: np.full(len(rows), base[k]) for k in names}
    for i, pt in enumerate(rows):
        for k, v in pt.items():
            cols[k][i] = v
    y = evaluate_columns(base, cols, model, [metric])[metric]
    baseline = float(evaluate_columns(base, {}, model, [metric])[metric][0])
    recs = []
    i = 0
    for name, pts, labels in plan:
        vals = y[i : i + len(pts)]
        i += len(pts)
        if len(pts) == 2:
            lo_i, hi_i = 0, 1
        else:  # named choice: cheapest and dearest option
            order = np.argsort(np.where(np.isfinite(vals), vals, np.inf))
            lo_i, hi_i = int(order[0]), int(order[-1])
        a, b = float(vals[lo_i]), float(vals[hi_i])
        swing = abs(b - a) if math.isfinite(a) and math.isfinite(b) else math.inf
        recs.append(
            {
                "parameter": name,
                "low": labels[lo_i],
                "high": labels[hi_i],
                "metric_low": a,
                "metric_high": b,
                "swing": swing,
            }
        )
    table = pd.DataFrame(recs).set_index("parameter").sort_values("swing", ascending=False)
    return table, baseline, len(rows)


def run_sensitivity(
    scenario: Any,
    method: str = "sobol",
    n: int | None = None,
    seed: int = 0,
    metric: str = "ratio",
    range_: str = "distribution",
    chunk_size: int = DEFAULT_CHUNK,
    model: ModelFn = full_model,
    progress: Progress | None = None,
) -> SensitivityResult:
    """Sensitivity of ``metric`` to a scenario's uncertain parameters.

    ``n``: Sobol base samples (power of 2, default 2^12), Morris trajectories (default 100);
    unused by the tornado.
    """
    if method not in ("sobol", "morris", "tornado"):
        raise ScenarioError("--method", method, "sobol, morris or tornado")
    base = point_params(scenario)
    label = getattr(scenario, "label", "")
    if method == "tornado":
        table, baseline, runs = tornado(scenario, metric, range_, model)
        return SensitivityResult("tornado", metric, table, runs, baseline, 0, label)
    dists = uncertain(scenario)
    if not dists:
        raise ScenarioError(
            "SCENARIO", label, "a scenario with distributions (e.g. uncertain-2030)"
        )

    def func(cols: Mapping[str, np.ndarray]) -> np.ndarray:
        return evaluate_columns(base, cols, model, [metric])[metric]

    baseline = float(evaluate_columns(base, {}, model, [metric])[metric][0])
    if method == "sobol":
        table, runs, nbad = sobol_indices(
            dists, func, 2**12 if n is None else n, seed, chunk_size, progress=progress
        )
    else:
        table, runs, nbad = morris_screening(
            dists, func, 100 if n is None else n, seed, chunk_size=chunk_size, progress=progress
        )
    return SensitivityResult(method, metric, table, runs, baseline, nbad, label)


def check_metric(metric: str, model: ModelFn = full_model) -> None:
    """Reject an unknown output name with the list of known ones."""
    known = evaluate_columns(point_params(load_scenario()), {}, model, None)
    if metric not in known:
        raise ScenarioError(
            "--metric",
            metric,
            "a model output such as "
            + ", ".join([k for k in known if k.endswith("cost_per_gpu_hour") or k == "ratio"]),
        )


# --------------------------------------------------------------------------------------------
# Plots


def plot_sensitivity(result: SensitivityResult, path: str | Path) -> None:
    """PNG chart: Sobol bars with confidence intervals, Morris mu*-sigma plane, or tornado."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = result.table
    k = len(t)
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.42 * max(k, 2)))
    ypos = np.arange(k)[::-1]
    if result.method == "sobol":
        ax.barh(ypos + 0.2, t["ST"], 0.4, xerr=t["ST_conf"], label="total (ST)")
        ax.barh(ypos - 0.2, t["S1"], 0.4, xerr=t["S1_conf"], label="first order (S1)")
        ax.set_xlabel(f"Sobol index of {result.metric} [1]")
        ax.legend(loc="lower right")
    elif result.method == "morris":
        ax.barh(ypos, t["mu_star"], 0.6, xerr=t["mu_star_conf"], label="mu*")
        ax.plot(t["sigma"], ypos, "k|", ms=12, label="sigma")
        ax.set_xlabel(f"Morris mu* of {result.metric} [{result.metric} per unit probability]")
        ax.legend(loc="lower right")
    else:
        base = result.baseline
        lo = t["metric_low"].to_numpy()
        hi = t["metric_high"].to_numpy()
        ax.barh(ypos, lo - base, left=base, color="tab:blue", label="low value")
        ax.barh(ypos, hi - base, left=base, color="tab:orange", label="high value")
        for y, a, b, la, lb in zip(ypos, lo, hi, t["low"], t["high"], strict=True):
            ax.text(a, y, f" {la} ", va="center", ha="right" if a < b else "left", fontsize=8)
            ax.text(b, y, f" {lb} ", va="center", ha="left" if b >= a else "right", fontsize=8)
        ax.axvline(base, color="k", lw=1)
        if result.metric == "ratio":
            ax.axvline(1.0, color="k", ls="--", lw=1)
        ax.set_xlabel(f"{result.metric} (centre: scenario value {base:.4g})")
        ax.legend(loc="lower right")
    ax.set_yticks(ypos, list(t.index))
    ax.set_title(f"{result.method}: {result.scenario}")
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
