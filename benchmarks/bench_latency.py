"""Benchmark: latency for 100 population centres x 1,000 satellites x one day at 60 s steps.

Issue #8 target: <= 30 s wall time. Prints the wall time and the headline numbers.
Run: PYTHONPATH=src python benchmarks/bench_latency.py
"""

from __future__ import annotations

import time

from orbitcompute.links.latency import latency_day
from orbitcompute.links.sites import population_centres


def main() -> None:
    centres = population_centres(100)
    latency_day(None, satellites=10, hours=0.1, step=60.0, centres=centres)  # warm-up (imports)
    t0 = time.perf_counter()
    res = latency_day(None, satellites=1000, hours=24.0, step=60.0, centres=centres)
    wall = time.perf_counter() - t0
    s = res.summary()
    pairs = res.orbit_one_way.size * 1000
    print("latency: 100 centres x 1,000 satellites x 24 h at 60 s (1,440 steps)")
    print(f"  wall time            {wall:8.2f} s   (target <= 30 s)")
    print(f"  site-satellite pairs {pairs:8.3g}     ({pairs / wall:.3g} per s)")
    print(f"  orbit RTT p50        {1e3 * s['orbit_rtt_p50']:8.2f} ms")
    print(f"  ground RTT p50       {1e3 * s['ground_rtt_p50']:8.2f} ms")
    print(
        f"  faster from orbit    {100 * s['share_faster_from_orbit']:8.1f} % of population x time"
    )


if __name__ == "__main__":
    main()
