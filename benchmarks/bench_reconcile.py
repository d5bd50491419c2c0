"""Wall time of `orbitcompute reconcile` (issue 17 target <= 5 s) and `orbitcompute parity`
(<= 3 s), and what the two new verdict sections cost.

Usage: python benchmarks/bench_reconcile.py [--repeat R]

Prints, for each command, the median wall time of a fresh process (imports included), its CPU
time (user + sys of the child: what the wall time is on an idle machine, since the model runs
on one core; on a loaded machine the wall time is inflated by waiting for a core), and
``compare`` as the baseline every command pays (imports, the headline optimization); then the
in-process time of the analysis alone, with the number of model evaluations (rows) of the
parity search and the rows per second.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def wall(args: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + sys) times [s] of ``repeat`` fresh processes."""
    times, cpus = [], []
    for _ in range(repeat):
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "orbitcompute", *args], check=True, capture_output=True
        )
        times.append(time.perf_counter() - t0)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime)
    return times, cpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for cmd, target in (
        (["compare", "-f", "json"], "baseline: what every command pays"),
        (["reconcile", "-f", "json"], "<= 5 s"),
        (["parity", "-f", "json"], "<= 3 s"),
        (["parity", "starship-2030", "-f", "json"], "<= 3 s"),
        (["verdict", "-f", "json"], "none (two sections added)"),
    ):
        t, c = wall(cmd, args.repeat)
        print(
            f"{' '.join(cmd):32s} wall median {statistics.median(t):.3f} s "
            f"(min {min(t):.3f}, max {max(t):.3f}); CPU median {statistics.median(c):.3f} s; "
            f"target {target}"
        )

    from orbitcompute.analysis import parity as par
    from orbitcompute.analysis import reconcile as rec
    from orbitcompute.analysis.verdict import outlook_sections
    from orbitcompute.scenario import load_scenario

    rec.reconcile()  # warm: preset parsing, solar tables
    t0 = time.perf_counter()
    r = rec.reconcile()
    print(f"reconcile() in process: {time.perf_counter() - t0:.3f} s for {len(r.studies)} studies")
    for name in ("today", "starship-2030"):
        sc = load_scenario(name)
        t0 = time.perf_counter()
        p = par.parity(sc)
        dt = time.perf_counter() - t0
        print(
            f"parity({name}) in process: {dt:.3f} s, {p.evaluations:,} model rows "
            f"({p.evaluations / dt:,.0f} rows/s); ratio {p.ratio:.6g} (target {p.target:g}), "
            f"distance {p.distance:.3f}, reachable {p.reachable}"
        )
    sc = load_scenario(None)
    par._CACHE.clear()
    rec._studies_in_our_model.cache_clear()
    t0 = time.perf_counter()
    outlook_sections(sc, 1.0)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    outlook_sections(sc, 1.0)
    print(f"verdict's two sections: {cold:.3f} s cold, {time.perf_counter() - t0:.4f} s cached")


if __name__ == "__main__":
    main()
