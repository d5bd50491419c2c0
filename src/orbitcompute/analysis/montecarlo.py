"""Monte Carlo over a scenario's distributions: millions of samples in bounded memory.

Samples are keyed by their index (:mod:`orbitcompute.uncertainty.sampling`: one random stream
per fixed block of samples and parameter), pushed through the full vectorized model
(:func:`orbitcompute.model.evaluate`) one chunk at a time, and reduced on the fly: counts
for the probability that orbit is cheaper, exact percentiles
while the kept outputs stay small (``exact_limit`` samples), otherwise percentiles from a fine
logarithmic histogram (relative resolution :data:`HIST_BINS_PER_DECADE`), and optionally rows
appended to a Parquet file. Memory therefore depends on ``chunk_size``, not on ``n``, and the
result does not depend on ``chunk_size`` or on the number of threads: sums are taken over the
same fixed blocks whatever the chunks, and counts, histograms and percentiles do not depend
on order.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.uncertainty import sampling
from orbitcompute.uncertainty.distributions import Distribution, parse_correlations

#: Outputs summarized by the Monte Carlo and sensitivity analyses.
OUTPUTS = ("orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", "ratio")
#: Samples evaluated per chunk (memory per chunk is a few hundred bytes per sample).
DEFAULT_CHUNK = 65_536
#: Chunks start at multiples of this many samples. numpy's SIMD kernels may treat the last
#: few elements of an array on another code path (a last-bit difference in exp or log), so
#: with aligned chunk starts every sample takes the same path whatever the chunk size.
CHUNK_ALIGN = 64
#: Up to this many samples, outputs are kept and percentiles are exact.
EXACT_LIMIT = 2_000_000
#: Percentiles reported.
PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99)
#: Log-histogram used for percentiles beyond EXACT_LIMIT and for plots: 10^-6 to 10^9.
HIST_LOG10_RANGE = (-6.0, 9.0)
HIST_BINS_PER_DECADE = 10_000
#: Largest n accepted (about one hour of model time at 1e6 samples/s... times 100).
MAX_SAMPLES = 10_000_000_000

ModelFn = Callable[[Mapping[str, Any]], Mapping[str, np.ndarray]]
Progress = Callable[[int, int], None]


def full_model(params: Mapping[str, Any]) -> Mapping[str, np.ndarray]:
    """The full orbitcompute model: registry names (SI) -> flat dict of outputs."""
    with np.errstate(all="ignore"):  # infeasible designs are NaN by design, not an error
        res = evaluate(params)
    return res.data if hasattr(res, "data") else res.to_dict()


def uncertain(scenario: Any) -> list[Distribution]:
    """The scenario's distributions, in a stable order (scenario file order)."""
    return list(scenario.distributions.values())


def scenario_correlation(scenario: Any) -> np.ndarray | None:
    """The Spearman rank correlation target of the scenario (None when not given)."""
    return parse_correlations(scenario.sections.get("uncertainty"), list(scenario.distributions))


def point_params(scenario: Any) -> dict[str, float]:
    """The scenario's deterministic values (SI floats)."""
    return dict(scenario.values)


def evaluate_columns(
    base: Mapping[str, float],
    columns: Mapping[str, np.ndarray],
    model: ModelFn = full_model,
    outputs: Sequence[str] | None = OUTPUTS,
) -> dict[str, np.ndarray]:
    """Evaluate the model with ``columns`` (n,) overriding the point values ``base``.

    Returns the requested outputs (all outputs when ``outputs`` is None), each as an (n,) array.
    """
    n = len(next(iter(columns.values()))) if columns else 1
    params: dict[str, Any] = {k: np.float64(v) for k, v in base.items()}
    params.update(columns)
    res = model(params)
    names = list(res) if outputs is None else list(outputs)
    out = {}
    for k in names:
        v = np.asarray(res[k])
        if v.dtype.kind not in "fiub":
            continue
        out[k] = np.broadcast_to(v.reshape(-1) if v.size == n else v, (n,)).astype(float)
    return out


# --------------------------------------------------------------------------------------------
# Binomial confidence intervals


def wilson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Parameters
    ----------
    k, n : int
        Successes and trials.
    confidence : float
        Two-sided confidence level.

    Notes
    -----
    .. math:: \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. JASA 22(158), 209-212.
    """
    from scipy.special import ndtri

    if n <= 0:
        return (0.0, 1.0)
    z = float(ndtri(0.5 + confidence / 2.0))
    p = k / n
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z / den * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (lo, hi)


def clopper_pearson_interval(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a binomial proportion.

    References
    ----------
    Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial limits
    illustrated in the case of the binomial. Biometrika 26(4), 404-413.
    """
    from scipy.special import betaincinv

    if n <= 0:
        return (0.0, 1.0)
    a = 1.0 - confidence
    lo = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, a / 2))
    hi = 1.0 if k == n else float(betaincinv(k + 1, n - k, 1 - a / 2))
    return (lo, hi)


# --------------------------------------------------------------------------------------------
# Streaming reductions


class _LogHistogram:
    """Counts of positive values in fixed logarithmic bins (bounded memory percentiles)."""

    def __init__(self) -> None:
        lo, hi = HIST_LOG10_RANGE
        self.nbins = int(round((hi - lo) * HIST_BINS_PER_DECADE))
        self.counts = np.zeros(self.nbins, dtype=np.int64)
        self.n = 0
        self.vmin, self.vmax = math.inf, -math.inf

    def add(self, x: np.ndarray) -> None:
        x = x[np.isfinite(x) & (x > 0)]
        if not x.size:
            return
        lo, _ = HIST_LOG10_RANGE
        idx = ((np.log10(x) - lo) * HIST_BINS_PER_DECADE).astype(np.int64)
        np.clip(idx, 0, self.nbins - 1, out=idx)
        self.counts += np.bincount(idx, minlength=self.nbins)
        self.n += x.size
        self.vmin, self.vmax = min(self.vmin, float(x.min())), max(self.vmax, float(x.max()))

    def edges(self) -> np.ndarray:
        lo, hi = HIST_LOG10_RANGE
        return 10.0 ** np.linspace(lo, hi, self.nbins + 1)

    def percentiles(self, qs: Sequence[float]) -> np.ndarray:
        if self.n == 0:
            return np.full(len(qs), np.nan)
        cum = np.cumsum(self.counts)
        edges = np.log10(self.edges())
        out = []
        for q in qs:
            target = q / 100.0 * self.n
            i = int(np.searchsorted(cum, target, side="left"))
            i = min(i, self.nbins - 1)
            before = cum[i - 1] if i > 0 else 0
            frac = (target - before) / max(self.counts[i], 1)
            v = 10.0 ** (edges[i] + frac * (edges[i + 1] - edges[i]))
            out.append(min(max(v, self.vmin), self.vmax))
        return np.array(out)


@dataclass
class _Summary:
    """Streaming summary of one output: moments over fixed blocks, histogram or kept values.

    Values must arrive in sample order (any chunking). The mean and standard deviation are
    summed block by block over the same :data:`~orbitcompute.uncertainty.sampling.BLOCK`
    samples whatever the chunk size, so they are bit-identical for every chunking.
    """

    name: str
    keep: bool
    kept: list[np.ndarray] = field(default_factory=list)
    hist: _LogHistogram = field(default_factory=_LogHistogram)
    n_finite: int = 0
    total: float = 0.0
    total_sq: float = 0.0
    block: int = sampling.BLOCK
    _pending: list[np.ndarray] = field(default_factory=list)
    _pending_n: int = 0

    def add(self, x: np.ndarray) -> None:
        f = x[np.isfinite(x)]
        self.n_finite += f.size
        if self.keep:
            self.kept.append(f)  # the histogram is built once at the end
        else:
            self.hist.add(f)
        self._pending.append(np.asarray(x, dtype=float))
        self._pending_n += x.size
        if self._pending_n >= self.block:
            joined = np.concatenate(self._pending)
            full = (joined.size // self.block) * self.block
            for start in range(0, full, self.block):
                self._moments(joined[start : start + self.block])
            rest = joined[full:]
            self._pending, self._pending_n = ([rest.copy()] if rest.size else []), rest.size

    def _moments(self, blk: np.ndarray) -> None:
        f = np.ascontiguousarray(blk[np.isfinite(blk)])
        self.total += float(f.sum())
        self.total_sq += float((f * f).sum())

    def finish(self) -> None:
        """Add the last, partial block (call once, after the last chunk)."""
        if self._pending_n:
            self._moments(np.concatenate(self._pending))
            self._pending, self._pending_n = [], 0

    def histogram(self) -> _LogHistogram:
        if self.keep and self.kept and self.hist.n == 0:
            self.hist.add(np.concatenate(self.kept))
        return self.hist

    def stats(self) -> dict[str, float]:
        self.finish()
        n = self.n_finite
        mean = self.total / n if n else math.nan
        var = max(self.total_sq / n - mean * mean, 0.0) if n else math.nan
        if self.keep and n:
            pct = np.percentile(np.concatenate(self.kept), PERCENTILES)
        else:
            pct = self.hist.percentiles(PERCENTILES)
        out = {"mean": mean, "std": math.sqrt(var) if n else math.nan}
        out.update({f"p{q}": float(v) for q, v in zip(PERCENTILES, pct, strict=True)})
        return out


# --------------------------------------------------------------------------------------------
# Result


@dataclass
class MonteCarloResult:
    """Summary of a Monte Carlo run.

    Attributes
    ----------
    n, seed, chunk_size : int
        Samples, seed and chunk size (same n and seed, same result, for any chunk size).
    stats : pandas.DataFrame
        One row per output (orbit and ground USD per GPU-hour, ratio), columns mean, std and
        percentiles p1 ... p99 (exact up to ``exact_limit`` samples, else from a log-histogram
        with 0.023 % bins).
    p_orbit_cheaper : float
        Fraction of samples with ratio < 1 (infeasible orbital designs count as not cheaper).
    ci : tuple of float
        Confidence interval of ``p_orbit_cheaper`` (Monte Carlo sampling error only).
    ci_method, confidence : str, float
    n_infeasible : int
        Samples whose orbital design is infeasible (NaN cost).
    deterministic : dict[str, float]
        Outputs at the scenario's point values.
    parameters : pandas.DataFrame
        The uncertain parameters and their distributions.
    ratio_hist : tuple of numpy.ndarray
        (edges, counts) of the ratio's log-histogram, for plots.
    exact_percentiles : bool
    elapsed : float
        Wall time [s].
    """

    n: int
    seed: int
    chunk_size: int
    stats: Any
    p_orbit_cheaper: float
    ci: tuple[float, float]
    ci_method: str
    confidence: float
    n_infeasible: int
    deterministic: dict[str, float]
    parameters: Any
    ratio_hist: tuple[np.ndarray, np.ndarray]
    exact_percentiles: bool
    elapsed: float
    scenario: str = ""

    @property
    def samples_per_second(self) -> float:
        return self.n / self.elapsed if self.elapsed > 0 else math.inf

    def to_frame(self):  # -> pandas.DataFrame
        """The percentile table (outputs as rows)."""
        return self.stats

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (stable keys)."""
        return {
            "scenario": self.scenario,
            "n": self.n,
            "seed": self.seed,
            "chunk_size": self.chunk_size,
            "p_orbit_cheaper": self.p_orbit_cheaper,
            "p_orbit_cheaper_ci": list(self.ci),
            "ci_method": self.ci_method,
            "confidence": self.confidence,
            "n_infeasible": self.n_infeasible,
            "exact_percentiles": self.exact_percentiles,
            "deterministic": self.deterministic,
            "outputs": {k: dict(v) for k, v in self.stats.to_dict(orient="index").items()},
            "parameters": self.parameters.reset_index().to_dict(orient="records"),
        }


def describe_parameters(dists: Sequence[Distribution]):  # -> pandas.DataFrame
    """Table of the uncertain parameters: distribution, p5, p50, p95 in registry units."""
    import pandas as pd

    reg = registry()
    rows = []
    for d in dists:
        p = reg.get(d.name)
        unit, factor = (p.unit, p.factor) if p is not None else ("", 1.0)
        if d.is_named_choice:
            q = ["", "", ""]
        else:
            q = [f"{d.quantile(x) / factor:.4g}" for x in (0.05, 0.5, 0.95)]
        rows.append(
            {
                "parameter": d.name,
                "distribution": d.describe(factor, unit),
                "p5": q[0],
                "p50": q[1],
                "p95": q[2],
                "unit": unit,
                "source": d.source,
            }
        )
    return pd.DataFrame(rows).set_index("parameter") if rows else pd.DataFrame()


# --------------------------------------------------------------------------------------------
# Runner


def _check_n(n: Any, key: str = "-n", minimum: int = 1) -> int:
    if (
        isinstance(n, bool)
        or not isinstance(n, int | np.integer)
        or not minimum <= n <= MAX_SAMPLES
    ):
        raise ScenarioError(key, n, f"a whole number of samples from {minimum} to {MAX_SAMPLES:g}")
    return int(n)


def run_montecarlo(
    scenario: Any,
    n: int = 100_000,
    seed: int = 0,
    chunk_size: int = DEFAULT_CHUNK,
    *,
    output: str | Path | None = None,
    model: ModelFn = full_model,
    confidence: float = 0.95,
    ci_method: str = "wilson",
    exact_limit: int = EXACT_LIMIT,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Monte Carlo of a scenario's distributions through the full model.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario whose ``distributions`` are sampled (its other values fixed).
    n : int
        Number of samples.
    seed : int
        Seed of the run: sample ``i`` comes from streams keyed by (seed, block of ``i``).
    chunk_size : int
        Samples per vectorized model call, rounded down to a multiple of
        :data:`CHUNK_ALIGN` (bounds memory only: the samples and every reported figure are
        the same for any chunk size and thread count; see
        :mod:`orbitcompute.uncertainty.sampling`).
    output : path, optional
        Parquet file for the samples (SI inputs) and every model output; written atomically.
    model : callable
        Model to evaluate (default: the full orbitcompute model).
    confidence : float
        Confidence level of the interval on P(orbit cheaper).
    ci_method : {"wilson", "clopper-pearson"}
    exact_limit : int
        Keep outputs (exact percentiles) up to this many samples; beyond, log-histogram.
    progress : callable, optional
        Called as ``progress(done, n)`` after each chunk.

    Returns
    -------
    MonteCarloResult
    """
    import pandas as pd

    n = _check_n(n)
    chunk_size = _check_n(chunk_size, "--chunk-size", minimum=1)
    chunk_size = max(CHUNK_ALIGN, chunk_size // CHUNK_ALIGN * CHUNK_ALIGN)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ScenarioError("--seed", seed, "a non-negative whole number")
    if ci_method not in ("wilson", "clopper-pearson"):
        raise ScenarioError("ci_method", ci_method, "wilson or clopper-pearson")
    if not 0 < confidence < 1:
        raise ScenarioError("confidence", confidence, "a level between 0 and 1")
    dists = uncertain(scenario)
    corr = scenario_correlation(scenario)
    base = point_params(scenario)
    t0 = time.perf_counter()
    det = evaluate_columns(base, {}, model, OUTPUTS)
    deterministic = {k: float(v[0]) for k, v in det.items()}
    block = sampling.BLOCK  # random streams and summed moments use the same fixed blocks
    sampler = sampling.Sampler(dists, n, int(seed), corr, block=block)
    keep = n <= exact_limit
    summaries = {k: _Summary(k, keep, block=block) for k in OUTPUTS}
    cheaper = 0
    infeasible = 0
    writer = None
    tmp_ctx = None
    pool = None
    try:
        if output is not None:
            tmp_ctx = atomic_path(output)
            tmp_path = tmp_ctx.__enter__()
        starts = list(range(0, n, chunk_size))

        def draw(start: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
            return sampler.columns(start, min(start + chunk_size, n))

        # Chunk i+1 is sampled in one background thread while chunk i is evaluated (numpy
        # releases the GIL); samples are keyed by index, so this changes nothing in the result.
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(1)
        pending = pool.submit(draw, starts[0])
        done = 0
        for i, start in enumerate(starts):
            m = min(chunk_size, n - start)
            u, cols = pending.result()
            if i + 1 < len(starts):
                pending = pool.submit(draw, starts[i + 1])
            outs = evaluate_columns(base, cols, model, None if output is not None else OUTPUTS)
            if not cols:
                outs = {k: np.broadcast_to(v, (m,)) for k, v in outs.items()}
            ratio = outs["ratio"]
            cheaper += int(np.count_nonzero(ratio < 1.0))
            infeasible += int(np.count_nonzero(~np.isfinite(outs["orbit.cost_per_gpu_hour"])))
            for k in OUTPUTS:
                summaries[k].add(np.asarray(outs[k]))
            if output is not None:
                writer = _write_chunk(writer, tmp_path, dists, u, cols, outs, done)
            done += m
            if progress is not None:
                progress(done, n)
        pool.shutdown()
        if writer is not None:
            writer.close()
            writer = None
        if tmp_ctx is not None:
            tmp_ctx.__exit__(None, None, None)
            tmp_ctx = None
    except BaseException as exc:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if writer is not None:
            writer.close()
        if tmp_ctx is not None:
            tmp_ctx.__exit__(type(exc), exc, exc.__traceback__)
        raise
    elapsed = time.perf_counter() - t0
    ci_fn = wilson_interval if ci_method == "wilson" else clopper_pearson_interval
    stats = pd.DataFrame({k: s.stats() for k, s in summaries.items()}).T
    stats.index.name = "output"
    h = summaries["ratio"].histogram()
    return MonteCarloResult(
        n=n,
        seed=int(seed),
        chunk_size=chunk_size,
        stats=stats,
        p_orbit_cheaper=cheaper / n,
        ci=ci_fn(cheaper, n, confidence),
        ci_method=ci_method,
        confidence=confidence,
        n_infeasible=infeasible,
        deterministic=deterministic,
        parameters=describe_parameters(dists),
        ratio_hist=(h.edges(), h.counts.copy()),
        exact_percentiles=keep,
        elapsed=elapsed,
        scenario=getattr(scenario, "label", ""),
    )


def _write_chunk(
    writer: Any,
    path: Path,
    dists: Sequence[Distribution],
    u: np.ndarray,
    cols: Mapping[str, np.ndarray],
    outs: Mapping[str, np.ndarray],
    start: int,
):
    import pyarrow as pa
    import pyarrow.parquet as pq

    m = u.shape[0]
    data: dict[str, Any] = {"sample": np.arange(start, start + m, dtype=np.int64)}
    for j, d in enumerate(dists):
        if d.is_named_choice:
            idx = d.ppf(u[:, j]).astype(np.intp)
            data[d.name] = pa.array(np.asarray(d.options, dtype=object)[idx], type=pa.string())
    for k, v in cols.items():
        data[f"in.{k}"] = np.asarray(v, dtype=float)
    for k, v in outs.items():
        data[f"out.{k}"] = np.ascontiguousarray(v, dtype=float)
    table = pa.table(data)
    if writer is None:
        writer = pq.ParquetWriter(str(path), table.schema, compression="zstd")
    writer.write_table(table)
    return writer


# --------------------------------------------------------------------------------------------
# Plot


def plot_ratio(result: MonteCarloResult, path: str | Path) -> None:
    """PNG of the ratio's distribution: histogram (log x) and CDF, with ratio = 1 marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    edges, counts = result.ratio_hist
    total = counts.sum()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    if total:
        nz = np.nonzero(counts)[0]
        lo, hi = nz[0], nz[-1] + 1
        # Re-bin the fine histogram into about 80 display bins.
        step = max(1, (hi - lo) // 80)
        starts = np.arange(lo, hi, step)
        c = np.add.reduceat(counts[lo:hi], starts - lo)
        e = np.append(edges[starts], edges[min(starts[-1] + step, len(edges) - 1)])
        dens = c / total / np.diff(np.log10(e))
        ax1.stairs(dens, e, fill=True, alpha=0.7)
        cdf = np.cumsum(counts[lo:hi]) / total
        ax2.plot(edges[lo + 1 : hi + 1], cdf)
        for ax in (ax1, ax2):
            ax.set_xscale("log")
            ax.axvline(1.0, color="k", ls="--", lw=1)
            ax.set_xlabel("orbit / ground cost per GPU-hour [1]")
    ax1.set_ylabel("probability density per decade [1]")
    ax1.set_title(f"ratio distribution, N = {result.n:,}")
    ax2.set_ylabel("cumulative probability [1]")
    lo_ci, hi_ci = result.ci
    ax2.set_title(f"P(orbit cheaper) = {result.p_orbit_cheaper:.3f} [{lo_ci:.3f}, {hi_ci:.3f}]")
    ax2.grid(True, alpha=0.3)
    fig.suptitle(result.scenario)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
