"""Uncertainty benchmarks: Monte Carlo throughput, peak memory, Sobol time, and the peer.

Usage: python benchmarks/bench_uncertainty.py [--scenario uncertain-2030] [--quick]

Prints, in one run (issue #5 targets in brackets):
- Monte Carlo samples/s of the full model for N = 1,000,000, end to end including sampling,
  rank correlation and the streaming summaries [>= 1,000,000 /s];
- peak resident memory of a fresh process running N = 10,000,000 [<= 2 GB, thanks to chunks];
- Sobol first/total indices with 2^14 base samples over all uncertain parameters [<= 30 s];
- the profile of the Monte Carlo's top functions (:func:`bench_speed.profile`, issue 21);
- if ``spacedc-mdao`` (import name ``orbitdc``) is importable: its own Monte Carlo
  (``orbitdc.optimize.uncertainty.monte_carlo``, a per-sample Python loop) on a default
  scenario built from its schema defaults (1 MW-class: 8 satellites x 100 H100 at 550 km,
  5 years; its example YAML files are not shipped in the wheel), and the speed ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import warnings
from pathlib import Path


def bench_montecarlo(scenario: str, n: int, repeat: int) -> float:
    from orbitcompute.analysis.montecarlo import run_montecarlo
    from orbitcompute.scenario import load_scenario

    sc = load_scenario(scenario)
    run_montecarlo(sc, 100_000, seed=0)  # warm-up (imports, tables)
    best = float("inf")
    for r in range(repeat):
        t0 = time.perf_counter()
        res = run_montecarlo(sc, n, seed=r)
        best = min(best, time.perf_counter() - t0)
    # The model alone on the same kind of samples (how much sampling and reductions add).
    from orbitcompute.analysis.montecarlo import evaluate_columns, uncertain
    from orbitcompute.uncertainty import sample

    cols = sample(uncertain(sc), n, seed=0)
    t0 = time.perf_counter()
    evaluate_columns(sc.values, cols)
    print(f"  model alone on {n:,} pre-drawn samples: {n / (time.perf_counter() - t0):,.0f} /s")
    print(
        f"  P(orbit cheaper) = {res.p_orbit_cheaper:.4g}, ratio p5/p50/p95 = "
        + "/".join(f"{res.stats.loc['ratio', c]:.3g}" for c in ("p5", "p50", "p95"))
    )
    return n / best


_MEMORY_CHILD = """
import time, warnings
warnings.simplefilter("ignore", RuntimeWarning)
from orbitcompute.analysis.montecarlo import run_montecarlo
from orbitcompute.scenario import load_scenario


def hwm():  # peak resident set of this process [kB] (VmHWM; ru_maxrss inherits the parent's)
    with open("/proc/self/status") as fh:
        return next(int(x.split()[1]) for x in fh if x.startswith("VmHWM"))


sc = load_scenario({scenario!r})
before = hwm()
t0 = time.perf_counter()
res = run_montecarlo(sc, {n}, seed=0)
dt = time.perf_counter() - t0
print(before, hwm(), dt, res.exact_percentiles)
"""


def bench_memory(scenario: str, n: int) -> tuple[float, float, float]:
    """Peak RSS [MB] of a fresh process (after imports, and at the end) running N samples."""
    code = _MEMORY_CHILD.format(scenario=scenario, n=n)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    before, peak, dt = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2])
    return before, peak, dt


def bench_sobol(scenario: str, n_base: int) -> tuple[float, int, object]:
    from orbitcompute.analysis.sensitivity import run_sensitivity
    from orbitcompute.scenario import load_scenario

    sc = load_scenario(scenario)
    t0 = time.perf_counter()
    res = run_sensitivity(sc, "sobol", n_base, seed=0)
    return time.perf_counter() - t0, res.n_runs, res.table


def bench_spacedc(n: int) -> float | None:
    try:
        import orbitdc as odc
        from orbitdc.optimize.uncertainty import monte_carlo
    except ImportError:
        return None
    space = odc.load_scenario_dict(
        {
            "name": "default-space",
            "kind": "space",
            "mission_life_years": 5,
            "space": {
                "orbit": {"altitude_km": 550},
                "architecture": {"satellites": 8, "accelerators_per_satellite": 100},
            },
        }
    )
    earth = odc.load_scenario_dict(
        {
            "name": "default-earth",
            "kind": "earth",
            "mission_life_years": 5,
            "earth": {"n_accelerators": 800},
        }
    )
    earth_lcoc = odc.compare(space, earth).earth.lcoc_per_pflop_day
    monte_carlo(space, earth_lcoc, n=50, seed=0)
    t0 = time.perf_counter()
    mc = monte_carlo(space, earth_lcoc, n=n, seed=0)
    dt = time.perf_counter() - t0
    print(f"  spacedc-mdao: P(space wins) = {mc.p_space_wins:.3g} over {n:,} draws")
    return n / dt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="uncertain-2030")
    ap.add_argument("--quick", action="store_true", help="smaller N (smoke test)")
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)
    from orbitcompute.model import THREADS
    from orbitcompute.scenario import load_scenario

    k = len(load_scenario(args.scenario).distributions)
    n_mc, n_mem, n_sobol = (
        (100_000, 1_000_000, 2**10) if args.quick else (1_000_000, 10_000_000, 2**14)
    )
    print(f"scenario {args.scenario}: {k} uncertain parameters; model threads {THREADS}")

    rate = bench_montecarlo(args.scenario, n_mc, 3)
    ok = "ok" if rate >= 1e6 else "BELOW TARGET"
    print(
        f"Monte Carlo N = {n_mc:,}: {rate:,.0f} samples/s end to end (target >= 1,000,000/s: {ok})"
    )

    before, peak, dt = bench_memory(args.scenario, n_mem)
    ok = "ok" if peak <= 2048 else "ABOVE TARGET"
    print(
        f"Monte Carlo N = {n_mem:,}: peak RSS {peak:,.0f} MB (after imports {before:,.0f} MB), "
        f"{dt:.1f} s = {n_mem / dt:,.0f} samples/s (target <= 2,048 MB: {ok})"
    )

    dt, runs, table = bench_sobol(args.scenario, n_sobol)
    ok = "ok" if dt <= 30 else "ABOVE TARGET"
    print(
        f"Sobol 2^{n_sobol.bit_length() - 1} base samples x {k} parameters = {runs:,} runs: "
        f"{dt:.1f} s (target <= 30 s: {ok}); top 3 by total index: "
        + ", ".join(f"{i} {r.ST:.2f}" for i, r in table.head(3).iterrows())
    )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_speed import profile

    profile(args.scenario, n_mc, 10)

    peer = bench_spacedc(2000 if not args.quick else 200)
    if peer is None:
        print("spacedc-mdao: not installed (pip install spacedc-mdao to compare)")
    else:
        print(
            f"spacedc-mdao Monte Carlo: {peer:,.0f} samples/s; orbitcompute is "
            f"{rate / peer:,.0f}x faster (its model is a scalar per-sample loop with more "
            "physics; ours is vectorized)"
        )


if __name__ == "__main__":
    main()
