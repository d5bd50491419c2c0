"""Lazy expansion of a sweep into chunks, and the pure chunk function.

Point ``i`` of a sweep is found by mixed-radix unravelling of ``i`` over the spec's shape (last
dimension fastest, like ``numpy.unravel_index`` in C order), so a chunk ``[start, stop)`` is
built from ``stop - start`` integers and the full product never exists in memory.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from orbitcompute.analysis.sweep.spec import MC_STATS, SampleBlock, SweepSpec
from orbitcompute.model import evaluate

POINT = "point"


def n_chunks(n_points: int, chunk_size: int) -> int:
    """Number of chunks of ``chunk_size`` points covering ``n_points`` points."""
    return max(1, math.ceil(n_points / chunk_size))


def chunk_bounds(n_points: int, chunk_size: int, index: int) -> tuple[int, int]:
    """Global point range ``[start, stop)`` of chunk ``index``."""
    start = index * chunk_size
    if not 0 <= start < max(n_points, 1):
        raise IndexError(f"chunk {index} out of range")
    return start, min(start + chunk_size, n_points)


def unravel(index: np.ndarray, shape: tuple[int, ...]) -> list[np.ndarray]:
    """Mixed-radix digits of flat indices (C order: the last dimension varies fastest).

    Parameters
    ----------
    index : numpy.ndarray of int64
        Flat point indices in ``[0, prod(shape))``.
    shape : tuple of int
        Size of each dimension.

    Returns
    -------
    list of numpy.ndarray
        One int64 array of digits per dimension.
    """
    rest = np.asarray(index, dtype=np.int64).copy()
    digits: list[np.ndarray] = [np.empty(0)] * len(shape)
    for d in range(len(shape) - 1, -1, -1):
        rest, digits[d] = np.divmod(rest, shape[d])
    return digits


def sample_unit(block: SampleBlock, j: np.ndarray) -> np.ndarray:
    """Points ``j`` of the block's quasi-random sequence in the unit cube, shape (len(j), d).

    Sobol points are generated lazily by fast-forwarding the scrambled sequence to each
    contiguous run of ``j`` (identical to slicing the full sequence); a Latin hypercube is a
    joint design of all ``n`` points, generated once per process and cached.
    """
    if block.method == "lhs" or block.n <= 2**16:
        return _full_sample(block.method, block.n, len(block.names), block.seed)[j]
    import warnings

    from scipy.stats import qmc

    out = np.empty((len(j), len(block.names)))
    breaks = np.flatnonzero(np.diff(j) != 1) + 1
    for run in np.split(np.arange(len(j)), breaks):
        first = int(j[run[0]])
        eng = qmc.Sobol(len(block.names), scramble=True, seed=_rng(block))
        if first:
            eng.fast_forward(first)
        with warnings.catch_warnings():  # runs are rarely powers of 2; the points are the same
            warnings.simplefilter("ignore", UserWarning)
            out[run] = eng.random(len(run))
    return out


def _rng(block: SampleBlock) -> np.random.Generator:
    return _rng_seed(block.seed)


def _rng_seed(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, 0x5153]))


@functools.lru_cache(maxsize=4)
def _full_sample(method: str, n: int, d: int, seed: int) -> np.ndarray:
    import warnings

    from scipy.stats import qmc

    rng = _rng_seed(seed)
    if method == "lhs":
        return qmc.LatinHypercube(d, seed=rng).random(n)
    with warnings.catch_warnings():  # balance needs n = 2**m; other n are still valid points
        warnings.simplefilter("ignore", UserWarning)
        return qmc.Sobol(d, scramble=True, seed=rng).random(n)


def chunk_points(spec: SweepSpec, start: int, stop: int) -> dict[str, np.ndarray]:
    """Coordinates of points ``[start, stop)``: the point index and each varied value (SI)."""
    idx = np.arange(start, stop, dtype=np.int64)
    digits = unravel(idx, spec.shape)
    cols: dict[str, np.ndarray] = {POINT: idx}
    for axis, d in zip(spec.axes, digits, strict=False):
        cols[axis.name] = axis.values[d]
        for p, per_option in axis.sets.items():
            cols[p] = per_option[d]
    if spec.sample is not None:
        b = spec.sample
        cols.update(b.values(sample_unit(b, digits[-1])))
    return cols


def point_columns(spec: SweepSpec) -> list[str]:
    """Names of the coordinate columns written for each point (index first)."""
    cols = [POINT] + [a.name for a in spec.axes]
    if spec.sample is not None:
        cols += list(spec.sample.names)
    return cols


def output_columns(spec: SweepSpec) -> list[str]:
    """Names of the result columns written for each point."""
    if spec.montecarlo is None:
        return list(spec.outputs)
    cols = [f"{o}.{s}" for o in spec.outputs for s in MC_STATS]
    if "ratio" in spec.outputs:
        cols.append("p_orbit_cheaper")
    return cols


def run_chunk(spec: SweepSpec, chunk_index: int, chunk_size: int | None = None):
    """Evaluate the model on one chunk of the sweep (pure: same inputs, same bits).

    Parameters
    ----------
    spec : SweepSpec
        The validated sweep.
    chunk_index : int
        Which chunk (``0 .. n_chunks - 1``).
    chunk_size : int, optional
        Points per chunk (default: ``spec.default_chunk_size()``).

    Returns
    -------
    pyarrow.Table
        One row per point: ``point`` (global index), the varied values in SI, and the chosen
        outputs (with Monte Carlo: mean, 5th, 50th, 95th percentile of each output over the
        shared samples, and ``p_orbit_cheaper``, the fraction of samples with ``ratio < 1``).
    """
    import pyarrow as pa

    size = chunk_size or spec.default_chunk_size()
    start, stop = chunk_bounds(spec.n_points, size, chunk_index)
    n = stop - start
    coords = chunk_points(spec, start, stop)
    params: dict[str, object] = dict(spec.base)
    mc = spec.montecarlo
    for name, arr in coords.items():
        if name == POINT or (spec.axes and name in _choice_names(spec)):
            continue
        params[name] = arr[:, None] if mc else arr
    if mc is not None:
        for k, name in enumerate(mc.names):
            params[name] = mc.draws[k][None, :]
    res = evaluate(params).to_dict()
    shape = (n, mc.samples) if mc is not None else (n,)

    def value(name: str) -> np.ndarray:
        v = np.asarray(res[name], dtype=float)
        return v.reshape(shape) if v.size == math.prod(shape) else np.broadcast_to(v, shape)

    out: dict[str, object] = {}
    for name in point_columns(spec):
        col = coords[name]
        out[name] = pa.array(col.astype(str) if col.dtype == object else col)
    if mc is None:
        for o in spec.outputs:
            out[o] = np.ascontiguousarray(value(o))
    else:
        for o in spec.outputs:
            v = value(o)
            out[f"{o}.mean"] = v.mean(axis=1)
            p = np.percentile(v, [5.0, 50.0, 95.0], axis=1)
            out[f"{o}.p05"], out[f"{o}.p50"], out[f"{o}.p95"] = p[0], p[1], p[2]
        if "ratio" in spec.outputs:
            out["p_orbit_cheaper"] = (value("ratio") < 1.0).mean(axis=1)
    return pa.table(out)


def _choice_names(spec: SweepSpec) -> set[str]:
    return {a.name for a in spec.axes if a.kind == "choice"}
