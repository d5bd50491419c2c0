"""Seeded sampling keyed by sample index: the same samples whatever the chunk size or threads.

Samples are numbered ``0 .. n-1`` and grouped in fixed blocks of :data:`BLOCK` samples. The
uniforms of column ``j`` in block ``b`` come from their own random stream,
``numpy.random.SeedSequence(seed, spawn_key=(b, j))`` (the ``(b, j)``-th child that
``SeedSequence(seed).spawn`` would give), and rank correlation (Iman-Conover) reorders each
block on its own with a stream of its own. So sample ``i`` depends on the seed, on ``i`` and on
``n`` (which fixes the size of the last block) only, never on how a run is cut into chunks for
memory or spread over threads; and a parameter's samples do not change when another one is
added (without correlation).

References
----------
O'Neill, M. E. (2014). PCG: A family of simple fast space-efficient statistically good
algorithms for random number generation. Harvey Mudd College, HMC-CS-2014-0905.
NumPy documentation, "Parallel random number generation" (``SeedSequence.spawn``),
https://numpy.org/doc/stable/reference/random/parallel.html
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orbitcompute.uncertainty import distributions
from orbitcompute.uncertainty.distributions import Distribution, iman_conover, to_columns

#: Samples per block: the unit of the random streams and of the rank correlation.
BLOCK = 65_536
#: Stream index of a block's rank-correlation scores (column streams use 0, 1, 2, ...).
CORRELATION_STREAM = 2**31


def block_uniforms(
    seed: int, block: int, size: int, k: int, rank_corr: np.ndarray | None = None
) -> np.ndarray:
    """The (size, k) uniforms of one block, rank-correlated within the block when asked.

    Parameters
    ----------
    seed : int
        Seed of the run (non-negative).
    block : int
        Block index (samples ``block * BLOCK`` onwards).
    size : int
        Samples in this block (:data:`BLOCK`, or fewer for the last block).
    k : int
        Columns (uncertain parameters).
    rank_corr : numpy.ndarray, optional
        (k, k) Spearman rank correlation target.

    Returns
    -------
    numpy.ndarray
        (size, k) uniforms in [0, 1), columns contiguous in memory.
    """
    u = np.empty((k, size))
    for j in range(k):  # a few columns, each one vectorized call
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(block, j)))
        u[j] = rng.random(size)
    u = u.T
    if rank_corr is not None:
        rng = np.random.default_rng(
            np.random.SeedSequence(seed, spawn_key=(block, CORRELATION_STREAM))
        )
        u = iman_conover(u, rank_corr, rng)
    return u


class Sampler:
    """Uniforms and model columns for any range of sample indices of one run.

    Parameters
    ----------
    dists : sequence of Distribution
        The uncertain parameters (column ``j`` is ``dists[j]``).
    n : int
        Samples in the run.
    seed : int
        Seed of the run.
    rank_corr : numpy.ndarray, optional
        (k, k) Spearman rank correlation target (applied per block).
    block : int
        Block size (default :data:`BLOCK`; part of the result's definition, like the seed).

    Examples
    --------
    >>> s = Sampler([], 10, seed=0)
    >>> s.uniforms(0, 10).shape
    (10, 0)
    """

    def __init__(
        self,
        dists: Sequence[Distribution],
        n: int,
        seed: int,
        rank_corr: np.ndarray | None = None,
        block: int = BLOCK,
    ) -> None:
        self.dists = list(dists)
        self.n = int(n)
        self.seed = int(seed)
        self.rank_corr = rank_corr
        self.block = int(block)
        self._cached: tuple[int, np.ndarray] | None = None

    def _block(self, b: int) -> np.ndarray:
        if self._cached is not None and self._cached[0] == b:
            return self._cached[1]
        size = min(self.block, self.n - b * self.block)
        u = block_uniforms(self.seed, b, size, len(self.dists), self.rank_corr)
        self._cached = (b, u)
        return u

    def uniforms(self, start: int, stop: int) -> np.ndarray:
        """The (stop - start, k) uniforms of samples ``start .. stop-1``."""
        if not 0 <= start <= stop <= self.n:
            raise ValueError(f"sample range [{start}, {stop}) outside [0, {self.n})")
        parts = []
        i = start
        while i < stop:
            b = i // self.block
            lo = i - b * self.block
            hi = min(stop - b * self.block, self.block)
            parts.append(self._block(b)[lo:hi])
            i = b * self.block + hi
        if not parts:
            return np.empty((0, len(self.dists)))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def columns(self, start: int, stop: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Uniforms and model parameters (SI columns) of samples ``start .. stop-1``."""
        u = self.uniforms(start, stop)
        return u, to_columns(self.dists, u)


def sample(
    dists: Sequence[Distribution],
    n: int,
    seed: int | np.random.Generator = 0,
    rank_corr: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``n`` samples of every distribution (same seed, same samples).

    This is ``orbitcompute.uncertainty.sample``. With an integer seed it gives the samples a
    Monte Carlo run with that seed draws (:class:`Sampler`), so the dashboard, the report and
    :func:`orbitcompute.analysis.montecarlo.run_montecarlo` agree; with a
    :class:`numpy.random.Generator` it draws from that generator
    (:func:`orbitcompute.uncertainty.distributions.sample`, as sweeps do per point).

    Parameters
    ----------
    dists : sequence of Distribution
    n : int
        Number of samples.
    seed : int or numpy.random.Generator
        Seed of the run, or a generator to draw from.
    rank_corr : numpy.ndarray, optional
        (k, k) Spearman rank correlation target (Iman-Conover; per block of :data:`BLOCK`
        with an integer seed).

    Returns
    -------
    dict[str, numpy.ndarray]
        Registry name -> (n,) SI values (named choices expanded into the parameters they set).
    """
    if isinstance(seed, np.random.Generator):
        return distributions.sample(dists, n, seed, rank_corr)
    return Sampler(dists, n, seed, rank_corr).columns(0, n)[1]
