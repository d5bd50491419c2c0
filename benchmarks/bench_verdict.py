"""Wall time of `orbitcompute verdict` and `orbitcompute audit` (issue #7 target: verdict < 2 s).

Usage: python benchmarks/bench_verdict.py [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "orbitcompute", *args], check=True, capture_output=True
        )
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for cmd, target in (
        (["verdict"], "< 2 s"),
        (["verdict", "--format", "json"], "< 2 s"),
        (["audit", "starcloud", "--format", "json"], "none"),
        (["audit", "mccalip", "--format", "json"], "none"),
    ):
        t = wall(cmd, args.repeat)
        print(
            f"{' '.join(cmd):40s} median {statistics.median(t):.3f} s  "
            f"(min {min(t):.3f}, max {max(t):.3f}; target {target})"
        )

    # In-process cost of the verdict itself (imports already paid).
    from orbitcompute.analysis.verdict import build_verdict
    from orbitcompute.scenario import load_scenario

    sc = load_scenario(None)
    build_verdict(sc)
    t0 = time.perf_counter()
    n = 20
    for _ in range(n):
        build_verdict(sc)
    print(f"build_verdict in process: {(time.perf_counter() - t0) / n * 1e3:.1f} ms per call")


if __name__ == "__main__":
    main()
