"""Wall time of `orbitcompute compare` on the default scenario (issue #2 target: < 1 s).

Usage: python benchmarks/bench_cli.py [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "orbitcompute", "compare", "--format", "json"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t0)
    print("compare wall times [s]:", " ".join(f"{t:.3f}" for t in times))
    print(f"median {statistics.median(times):.3f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
