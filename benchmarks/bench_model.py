"""Throughput of the full orbit-vs-ground model: samples per second in one vectorized call.

Usage: python benchmarks/bench_model.py [--samples N] [--repeat R]

Every float parameter of the registry is drawn at random (seeded) within +-30 % of the way
from its default to its min/max, so all branches of the model (including the interpolated
orbit tables) run. Issue #2 target: >= 1,000,000 samples/s on the 2-core reference machine;
a scalar Python model of this kind manages ~10-40 thousand samples/s.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def random_params(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    from orbitcompute.registry import registry

    rng = np.random.default_rng(seed)
    out = {}
    for name, p in registry().items():
        if p.kind != "float":
            continue
        d, lo, hi = p.default_si, p.min_si, p.max_si
        out[name] = np.clip(d * rng.uniform(0.7, 1.3, n), lo, hi)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)
    from orbitcompute.model import THREADS, evaluate

    t0 = time.perf_counter()
    params = random_params(args.samples)
    t_sample = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluate({k: v[:20_000] for k, v in params.items()})  # builds the orbit tables once
    t_warm = time.perf_counter() - t0
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        res = evaluate(params)
        times.append(time.perf_counter() - t0)
    best, median = min(times), float(np.median(times))
    print("runs [s]                    :", " ".join(f"{t:.3f}" for t in times))
    feasible = float(np.isfinite(res.ratio).mean())
    print(f"samples                     : {args.samples:,}")
    print(f"parameters varied           : {len(params)}")
    print(f"sampling time               : {t_sample:.3f} s")
    print(f"one-time table build/warm-up: {t_warm:.3f} s")
    print(f"evaluate wall (best/median) : {best:.3f} s / {median:.3f} s")
    print(f"samples per second (median) : {args.samples / median:,.0f}   (target >= 1,000,000)")
    print(f"threads                     : {THREADS} (set ORBITCOMPUTE_THREADS=1 for one core)")
    print(f"feasible designs            : {feasible:.1%}")
    print("peer (scalar Python model)  : ~10,000-40,000 samples/s (issue #2)")


if __name__ == "__main__":
    main()
