"""Sampling keyed by sample index: Monte Carlo results do not depend on chunks or threads."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import orbitcompute.model as model_module
import orbitcompute.uncertainty.sampling as sampling_module
from orbitcompute.analysis.montecarlo import run_montecarlo
from orbitcompute.scenario import load_scenario
from orbitcompute.uncertainty import parse_correlations, parse_spec
from orbitcompute.uncertainty.sampling import Sampler, block_uniforms


def _dists():
    return [
        parse_spec("launch.price_per_kg", {"dist": "loguniform", "low": 30, "high": 3000}),
        parse_spec("satellite.lifetime", {"dist": "uniform", "low": 3, "high": 8}),
        parse_spec("satellite.cost_per_kg", {"dist": "uniform", "low": 500, "high": 5000}),
    ]


def test_streams_are_the_documented_seed_sequence_children():
    """Column j of block b is SeedSequence(seed).spawn-child (b, j) drawn with PCG64."""
    u = block_uniforms(7, 3, 1000, 2)
    for j in range(2):
        ref = np.random.Generator(np.random.PCG64(np.random.SeedSequence(7, spawn_key=(3, j))))
        assert np.array_equal(u[:, j], ref.random(1000))


@pytest.mark.parametrize("corr", [False, True])
def test_any_range_equals_the_same_slice_of_the_whole_run(corr):
    dists = _dists()
    rho = None
    if corr:
        rho = parse_correlations(
            {"correlations": [["launch.price_per_kg", "satellite.lifetime", -0.5]]},
            [d.name for d in dists],
        )
    b = 4096
    n = 2 * b + 1234
    whole = Sampler(dists, n, 11, rho, block=b).uniforms(0, n)
    s = Sampler(dists, n, 11, rho, block=b)
    for start, stop in [(0, 1), (b - 5, b + 5), (b, 2 * b), (n - 7, n), (5, n)]:
        assert np.array_equal(s.uniforms(start, stop), whole[start:stop])
    if corr:  # Iman-Conover within each block gives the target rank correlation (Iman 1982)
        from scipy.stats import spearmanr

        r = spearmanr(whole[:b, 0], whole[:b, 1]).statistic
        assert r == pytest.approx(-0.5, abs=0.03)


def test_adding_a_parameter_keeps_the_others_samples():
    a = Sampler(_dists()[:2], 5000, seed=4).columns(0, 5000)[1]
    b = Sampler(_dists(), 5000, seed=4).columns(0, 5000)[1]
    assert np.array_equal(a["launch.price_per_kg"], b["launch.price_per_kg"])
    assert np.array_equal(a["satellite.lifetime"], b["satellite.lifetime"])


def small_blocks(params):
    """The full model, evaluated in blocks of 512 samples (several threads when allowed)."""
    with np.errstate(all="ignore"):
        return model_module.evaluate(params, chunk_size=512).to_dict()


def test_montecarlo_is_bit_identical_for_chunk_sizes_and_threads(tmp_path, monkeypatch):
    """Issue 14: `--chunk-size 10000` changed 95 output columns. Three chunk sizes (one not a
    multiple of anything) and 1 vs 2 model threads give the same samples, outputs and summary.
    """
    sc = load_scenario(
        "uncertain-2030",
        [
            'orbit.altitude={dist="uniform", low=400, high=1500}',
            'satellite.lifetime={dist="uniform", low=3, high=9}',
        ],
    )
    monkeypatch.setattr(sampling_module, "BLOCK", 1024)  # small blocks: a small, fast test
    n = 2 * 1024 + 300  # three sampling blocks, the last partial
    runs = {}
    for chunk, threads in [(n, 1), (n, 2), (1000, 1), (1500, 2)]:
        monkeypatch.setattr(model_module, "THREADS", threads)
        out = tmp_path / f"mc-{chunk}-{threads}.parquet"
        res = run_montecarlo(sc, n, seed=3, chunk_size=chunk, output=out, model=small_blocks)
        runs[(chunk, threads)] = (res, pd.read_parquet(out))
    ref, ref_df = runs[(n, 1)]
    for res, df in runs.values():
        pd.testing.assert_frame_equal(res.stats, ref.stats, check_exact=True)
        assert res.p_orbit_cheaper == ref.p_orbit_cheaper
        assert res.n_infeasible == ref.n_infeasible
        assert np.array_equal(res.ratio_hist[1], ref.ratio_hist[1])
        pd.testing.assert_frame_equal(df, ref_df, check_exact=True)
