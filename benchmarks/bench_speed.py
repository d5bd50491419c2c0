"""Speed of orbitcompute end to end (issue 21): every figure and its target in one run.

Usage: python benchmarks/bench_speed.py [--quick] [--scenario uncertain-2030] [--no-peer]

Prints, with the issue 21 targets (2-core reference machine) in brackets:

- model alone (``evaluate`` on pre-drawn Monte Carlo columns, N = 1M), 1 and 2 threads, in
  samples per second of wall time and per CPU-second [>= 3,000,000/s with 2 threads];
- Monte Carlo end to end (``run_montecarlo``: sampling, rank correlation, model, percentiles,
  probability) for N = 1M and 10M, each in a fresh subprocess: samples/s and peak RSS (VmHWM)
  [>= 2,000,000/s, <= 1 GB];
- ``optimize`` wall time on ``today`` (the search ``compare`` headlines);
- the dashboard slider round trip: ``POST /api/compare`` through starlette's TestClient with a
  10k-sample Monte Carlo and a new slider value on every call, p50 over 20 calls [<= 50 ms];
- a measured physical reference: memory bandwidth of this machine (a 256 MB numpy copy), the
  bytes the model must touch per sample (varied inputs read, every output written) and our
  fraction of the bandwidth-bound rate;
- spacedc-mdao's Monte Carlo side by side (if ``orbitdc`` imports), with the ratio;
- ``parity`` (issue 17) on ``today`` and ``outlook`` (issue 18, 25 years x 100k paths, design
  as given and re-optimized), when those modules are on the branch;
- the cProfile top lines of a 1M-sample Monte Carlo (one model thread, so the table is the
  model's own), which show where the time goes for any target missed.

The machine may be shared: wall-time rates then fall with the load while CPU-time rates do
not, so both are printed; compare runs made back to back.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent

_MODEL_CHILD = """
import json, time, warnings
warnings.simplefilter("ignore")
from orbitcompute.analysis.montecarlo import evaluate_columns, uncertain
from orbitcompute.scenario import load_scenario
from orbitcompute.uncertainty import sample
sc = load_scenario({scenario!r})
cols = sample(uncertain(sc), {n}, seed=0)
evaluate_columns(sc.values, {{k: v[:20000] for k, v in cols.items()}})  # warm-up (tables, jit)
walls, cpus = [], []
for _ in range({repeat}):
    t0, c0 = time.perf_counter(), time.process_time()
    evaluate_columns(sc.values, cols)
    walls.append(time.perf_counter() - t0)
    cpus.append(time.process_time() - c0)
print(json.dumps({{"wall": min(walls), "cpu": min(cpus)}}))
"""

_MC_CHILD = """
import json, time, warnings
warnings.simplefilter("ignore")
from orbitcompute.analysis.montecarlo import run_montecarlo
from orbitcompute.scenario import load_scenario


def hwm():  # peak resident set of this process [kB]
    with open("/proc/self/status") as fh:
        return next(int(x.split()[1]) for x in fh if x.startswith("VmHWM"))


sc = load_scenario({scenario!r})
run_montecarlo(sc, 65536, seed=1)  # warm-up (imports, tables, jit)
before = hwm()
t0, c0 = time.perf_counter(), time.process_time()
res = run_montecarlo(sc, {n}, seed=0)
print(json.dumps({{"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "before": before, "peak": hwm(), "p": res.p_orbit_cheaper}}))
"""


def child(code: str, threads: int | None = None) -> dict:
    env = dict(os.environ)
    if threads is not None:
        env["ORBITCOMPUTE_THREADS"] = str(threads)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_model(scenario: str, n: int) -> dict[int, dict]:
    out = {}
    for threads in (1, 2):
        r = child(_MODEL_CHILD.format(scenario=scenario, n=n, repeat=3), threads)
        out[threads] = r
        print(
            f"model alone, {threads} thread{'s' if threads > 1 else ''}, N = {n:,}: "
            f"{n / r['wall']:>12,.0f} samples/s wall, {n / r['cpu']:>12,.0f} per CPU-second"
            + (
                f"   [target >= 3,000,000/s: {verdict(n / r['wall'] >= 3e6)}]"
                if threads == 2
                else ""
            )
        )
    return out


def bench_mc(scenario: str, sizes: list[int]) -> dict[int, dict]:
    out = {}
    for n in sizes:
        r = child(_MC_CHILD.format(scenario=scenario, n=n))
        out[n] = r
        rate, peak = n / r["wall"], r["peak"] / 1024
        print(
            f"Monte Carlo end to end, N = {n:>10,}: {rate:>12,.0f} samples/s wall, "
            f"{n / r['cpu']:>12,.0f} per CPU-second, peak RSS {peak:,.0f} MB "
            f"(after warm-up {r['before'] / 1024:,.0f} MB)   [target >= 2,000,000/s and "
            f"<= 1,024 MB: {verdict(rate >= 2e6)}, {verdict(peak <= 1024)}]"
        )
    return out


def bench_optimize() -> float:
    from orbitcompute.analysis.headline import SEARCH
    from orbitcompute.analysis.optimize import optimize
    from orbitcompute.scenario import load_scenario

    sc = load_scenario("today")
    optimize(sc, {}, **{**SEARCH, "generations": 1})  # warm-up
    t0 = time.perf_counter()
    optimize(sc, {}, **SEARCH)
    dt = time.perf_counter() - t0
    print(f"optimize (today, headline search {SEARCH}): {dt:.2f} s wall")
    return dt


def bench_dashboard(scenario: str, calls: int, n_mc: int) -> float:
    from starlette.testclient import TestClient

    from orbitcompute.registry import registry
    from orbitcompute.web.app import create_app

    p = registry()["launch.price_per_kg"]
    times = []
    with TestClient(create_app(workers=1)) as client:
        for i in range(calls + 2):
            body = {
                "scenario": scenario,
                "set": {"launch.price_per_kg": f"{(p.default_si * (0.5 + 0.05 * i)):.6g} USD/kg"},
                "montecarlo": {"n": n_mc},
            }
            t0 = time.perf_counter()
            r = client.post("/api/compare", json=body)
            dt = time.perf_counter() - t0
            r.raise_for_status()
            if i >= 2:  # the first calls warm the worker
                times.append(dt)
    p50 = statistics.median(times) * 1e3
    print(
        f"dashboard slider round trip (POST /api/compare, {scenario}, {n_mc:,}-sample Monte "
        f"Carlo, new value each call): p50 {p50:.0f} ms over {calls} calls, min "
        f"{min(times) * 1e3:.0f} ms   [target <= 50 ms: {verdict(p50 <= 50)}]"
    )
    return p50


def bench_bandwidth(scenario: str, model_rate_per_core: float) -> None:
    import numpy as np

    from orbitcompute.analysis.montecarlo import evaluate_columns, uncertain
    from orbitcompute.scenario import load_scenario
    from orbitcompute.uncertainty import sample

    src = np.ones(32 * 2**20)  # 256 MB
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    bw = 2 * src.nbytes / best  # read + write
    sc = load_scenario(scenario)
    cols = sample(uncertain(sc), 1000, seed=0)
    outs = evaluate_columns(sc.values, cols, outputs=None)
    per_sample = 8 * (len(cols) + len(outs))
    ceiling = bw / per_sample
    print(
        f"physical reference: memory bandwidth {bw / 1e9:.1f} GB/s (one core, 256 MB numpy "
        f"copy, read + write); the model reads {len(cols)} varied inputs and writes "
        f"{len(outs)} outputs = {per_sample:,} B/sample -> bandwidth-bound rate "
        f"{ceiling:,.0f} samples/s per core; the model runs {model_rate_per_core:,.0f} per "
        f"CPU-second = {model_rate_per_core / ceiling:.1%} of it (not bandwidth-bound: ~180 "
        "outputs, each a chain of numpy passes over a cache-sized block, plus the Python "
        "overhead per block; see the profile)"
    )


def bench_peer(rate: float, n: int) -> None:
    sys.path.insert(0, str(HERE))
    from bench_uncertainty import bench_spacedc

    try:
        peer = bench_spacedc(n)
    except Exception as exc:  # noqa: BLE001 - the peer is optional; say why it did not run
        print(f"spacedc-mdao: failed to run ({type(exc).__name__}: {exc})")
        return
    if peer is None:
        print("spacedc-mdao: not installed (pip install spacedc-mdao to compare)")
        return
    print(
        f"spacedc-mdao Monte Carlo: {peer:,.0f} samples/s; orbitcompute end to end is "
        f"{rate / peer:,.0f}x faster (a scalar per-sample Python loop vs one vectorized model)"
    )


def bench_other_branches(quick: bool) -> None:
    """``parity`` (issue 17) on ``today`` and ``outlook`` (issue 18) 25 years x 100k, when on
    this branch (each after a warm-up call; wall and CPU time)."""
    from orbitcompute.scenario import load_scenario

    try:
        from orbitcompute.analysis.parity import parity
    except ImportError:
        print("parity (issue 17): not on this branch")
    else:
        parity("today")  # warm-up (and the headline optimum, cached per process)
        t0, c0 = time.perf_counter(), time.process_time()
        parity("today", seed=1)
        print(
            f"parity (today, default levers and sample): {time.perf_counter() - t0:.2f} s wall, "
            f"{time.process_time() - c0:.2f} CPU-s"
        )
    try:
        from orbitcompute.analysis.outlook import run_outlook
    except ImportError:
        print("outlook (issue 18): not on this branch")
    else:
        n = 10_000 if quick else 100_000
        sc = load_scenario("today")
        run_outlook(sc, (2026, 2030), 50, design="as-given")  # warm-up
        for design in ("as-given", "optimized"):
            t0, c0 = time.perf_counter(), time.process_time()
            run_outlook(sc, (2026, 2050), n, seed=0, design=design)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"outlook (today, 2026-2050 x {n:,} paths, design {design}): {wall:.2f} s wall, "
                f"{cpu:.2f} CPU-s = {25 * n / wall:,.0f} (year, path) evaluations/s wall"
            )


def profile(scenario: str, n: int, top: int) -> None:
    import orbitcompute.model as model
    from orbitcompute.analysis.montecarlo import DEFAULT_CHUNK, run_montecarlo, uncertain
    from orbitcompute.analysis.montecarlo import scenario_correlation as corr
    from orbitcompute.scenario import load_scenario
    from orbitcompute.uncertainty.sampling import Sampler

    sc = load_scenario(scenario)
    threads, model.THREADS = model.THREADS, 1  # one model thread: the table is the model's
    try:
        run_montecarlo(sc, 65536, seed=1)
        pr = cProfile.Profile()
        pr.enable()
        t0 = time.process_time()
        run_montecarlo(sc, n, seed=0)
        cpu = time.process_time() - t0
        pr.disable()
    finally:
        model.THREADS = threads
    sampler = Sampler(uncertain(sc), n, 0, corr(sc))
    t0 = time.process_time()
    for start in range(0, n, DEFAULT_CHUNK):
        sampler.columns(start, min(n, start + DEFAULT_CHUNK))
    t_sample = time.process_time() - t0
    st = pstats.Stats(pr, stream=io.StringIO())
    total = st.total_tt
    rows = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:top]
    print(
        f"profile of a {n:,}-sample Monte Carlo, one model thread: {cpu:.2f} CPU-s in all, of "
        f"which sampling (a background thread, not in the table) {t_sample:.2f} CPU-s = "
        f"{t_sample / cpu:.0%}; top functions by own time of the main thread ({total:.2f} s):"
    )
    print(f"  {'own s':>7} {'share':>6} {'calls':>6}  function")
    for (path, line, fn), (_, ncalls, tt, _ct, _) in rows:
        short = path.split("src/orbitcompute/")[-1] if "orbitcompute" in path else Path(path).name
        print(f"  {tt:7.3f} {tt / total:6.1%} {ncalls:6d}  {short}:{line}({fn})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="uncertain-2030")
    ap.add_argument("--quick", action="store_true", help="smaller N (smoke test)")
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)
    n_model = 200_000 if args.quick else 1_000_000
    sizes = [100_000, 1_000_000] if args.quick else [1_000_000, 10_000_000]
    print(
        f"orbitcompute speed, scenario {args.scenario}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} (figures fall with the load; CPU-second rates less so)"
    )
    model = bench_model(args.scenario, n_model)
    mc = bench_mc(args.scenario, sizes)
    bench_optimize()
    bench_dashboard(args.scenario, 20, 10_000)
    bench_bandwidth(args.scenario, n_model / model[1]["cpu"])
    if not args.no_peer:
        bench_peer(sizes[0] / mc[sizes[0]]["wall"], 200 if args.quick else 2000)
    bench_other_branches(args.quick)
    profile(args.scenario, n_model, 15)


if __name__ == "__main__":
    main()
