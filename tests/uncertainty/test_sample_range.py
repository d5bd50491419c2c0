"""Chunk-independent sampling (uncertainty.distributions.sample_range): any chunking of the
stream gives the same samples, correlated or not (the brief: results do not depend on the
chunk size)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from orbitcompute.constants import YEAR
from orbitcompute.uncertainty.distributions import SAMPLE_BLOCK, parse_spec, sample_range

DISTS = [
    parse_spec("launch.price_per_kg", {"dist": "loguniform", "low": 30, "high": 3000}),
    parse_spec("satellite.lifetime", {"dist": "uniform", "low": 3, "high": 8}),
]
CORR = np.array([[1.0, 0.7], [0.7, 1.0]])


@pytest.mark.parametrize("corr", [None, CORR])
@pytest.mark.parametrize("chunk", [1, 999, SAMPLE_BLOCK, SAMPLE_BLOCK + 1])
def test_any_chunking_gives_the_same_samples(corr, chunk):
    n = 2 * SAMPLE_BLOCK + 17
    whole = sample_range(DISTS, 0, n, seed=9, rank_corr=corr)
    parts = [sample_range(DISTS, s, min(s + chunk, n), 9, corr) for s in range(0, n, chunk)]
    for k, v in whole.items():
        np.testing.assert_array_equal(np.concatenate([p[k] for p in parts]), v)


def test_marginals_and_correlation():
    x = sample_range(DISTS, 0, 20 * SAMPLE_BLOCK, seed=1, rank_corr=CORR)
    life = x["satellite.lifetime"] / YEAR  # SI seconds -> years
    assert stats.kstest((life - 3) / 5, "uniform").pvalue > 1e-3
    rho = stats.spearmanr(x["launch.price_per_kg"], life).statistic
    assert rho == pytest.approx(0.7, abs=0.03)
    assert len(sample_range(DISTS, 5, 5, 0)["satellite.lifetime"]) == 0
