"""Outlook benchmark: 25 years x 100,000 samples (issue 18 target: <= 10 s on the 2-core machine).

Usage: python benchmarks/bench_outlook.py [--scenario today] [--samples 100000] [--quick]

Prints, each in a fresh process (so the peak resident memory is the run's own):
- the sampling and model run: 25 years x N samples through one ``evaluate()`` per chunk,
  with the orbital design of each year fixed (``--design as-given``), wall and CPU time,
  (year, sample) evaluations per second and peak RSS [target <= 10 s for N = 100,000];
- the same with each year's design re-optimized on the central path (the default of
  ``orbitcompute outlook``: every 5 years, ``--reoptimize-every 1`` for every year), and
  the time the re-optimizations take;
- the answer itself (median parity year, P(parity by 2030/2035/2040/2050), the capacity
  sentence), so the figures quoted in the issue's closing note come from the same run.

CPU time is printed next to wall time: on a shared machine the wall time of a run includes
the time other processes take the cores; the CPU time does not.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
from orbitcompute.analysis.outlook import run_outlook
from orbitcompute.scenario import load_scenario

scenario, samples, design, every = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
sc = load_scenario(scenario)
run_outlook(sc, (2026, 2030), 50, design="as-given")  # warm-up: imports, tables, caches
t0, c0 = time.perf_counter(), time.process_time()
res = run_outlook(sc, (2026, 2050), samples, seed=0, design=design, reoptimize_every=every)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({
    "wall": wall, "cpu": cpu, "design_s": res.extra["design_seconds"],
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "evaluations": samples * len(res.years), "summary": res.summary(),
    "race": res.race_detail_text(), "label": res.design_label,
}))
"""


def run(scenario: str, samples: int, design: str, every: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, scenario, str(samples), design, str(every)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="today")
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="10,000 samples")
    args = ap.parse_args()
    n = 10_000 if args.quick else args.samples
    print(f"orbitcompute outlook, {args.scenario}, 2026-2050 (25 years) x {n:,} samples")
    for design, every, what in (
        ("as-given", 1, "design fixed (sampling + model)"),
        ("optimized", 5, "design re-optimized every 5 years (default)"),
        ("optimized", 1, "design re-optimized every year"),
    ):
        r = run(args.scenario, n, design, every)
        target = "  [target <= 10 s]" if design == "as-given" and n == 100_000 else ""
        print(
            f"  {what:45s} wall {r['wall']:6.2f} s  CPU {r['cpu']:6.2f} s  "
            f"{r['evaluations'] / r['wall']:>10,.0f} evaluations/s  peak RSS "
            f"{r['rss_mb']:,.0f} MB  (re-optimization {r['design_s']:.2f} s){target}"
        )
    s = r["summary"]
    by = ", ".join(
        f"{y}: {p:.1%}" if p is not None else f"{y}: n/a" for y, p in s["parity"]["by_year"].items()
    )
    median = s["parity"]["median_year"]
    print(f"  median parity year: {median if median is not None else 'not by 2050'}")
    print(f"  P(parity by year): {by}")
    print(f"  {s['capacity']['sentence']}")
    print(f"  {r['race']}")


if __name__ == "__main__":
    main()
