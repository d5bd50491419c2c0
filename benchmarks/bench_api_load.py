"""Load test of the dashboard API on loopback: concurrent clients, latency and 5xx count.

Usage: python benchmarks/bench_api_load.py [--clients 50] [--duration 30] [--port 0]

Starts ``orbitcompute serve`` in a subprocess on 127.0.0.1 (only loopback is allowed), then runs
``--clients`` concurrent clients for ``--duration`` seconds (bounded: at most 200 clients and
120 s). Each client loops over a mix of requests: a slider change (random launch price), a
slider change with live Monte Carlo (10,000 samples), and a bad input (422 expected). Prints
request count, throughput, p50/p99 latency per kind and the number of 5xx answers (must be 0).
It also times, with one client and no other load, the dashboard's slider change with live
Monte Carlo: deterministic model + 10,000 samples (issue #9 target: <= 200 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

MAX_CLIENTS = 200
MAX_DURATION = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    cmd = [sys.executable, "-m", "orbitcompute", "serve", "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()) from None
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


def body(kind: str, rng: random.Random) -> dict:
    price = 10 ** rng.uniform(1, 4.7)
    if kind == "slider":
        return {"scenario": "today", "set": {"launch.price_per_kg": price}}
    if kind == "slider+mc":
        return {
            "scenario": "today",
            "set": {"launch.price_per_kg": price},
            "montecarlo": {"n": 10_000, "seed": rng.randrange(1000)},
        }
    return {"scenario": "today", "set": {"orbit.altitude": rng.choice([5, "3 kg", None])}}


async def client(base, http, stop_at, rng, lat, codes):
    kinds = ("slider", "slider", "slider+mc", "bad")
    while time.monotonic() < stop_at:
        kind = rng.choice(kinds)
        t0 = time.perf_counter()
        try:
            r = await http.post(base + "/api/compare", content=json.dumps(body(kind, rng)))
        except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
            key = f"client error {type(exc).__name__}"
            codes[key] = codes.get(key, 0) + 1
            continue
        lat.setdefault(kind, []).append(time.perf_counter() - t0)
        codes[r.status_code] = codes.get(r.status_code, 0) + 1


async def load(base: str, clients: int, duration: float) -> tuple[dict, dict, float]:
    import httpx

    lat: dict[str, list[float]] = {}
    codes: dict[int | str, int] = {}
    limits = httpx.Limits(max_connections=clients)
    headers = {"Content-Type": "application/json"}
    async with httpx.AsyncClient(
        limits=limits, timeout=60, headers=headers, trust_env=False
    ) as http:
        t0 = time.monotonic()
        stop_at = t0 + duration
        await asyncio.gather(
            *(client(base, http, stop_at, random.Random(i), lat, codes) for i in range(clients))
        )
        return lat, codes, time.monotonic() - t0


def single_client(base: str, n: int = 40) -> np.ndarray:
    rng = random.Random(7)
    out = []
    for _ in range(n):
        data = json.dumps(body("slider+mc", rng)).encode()
        req = urllib.request.Request(
            base + "/api/compare", data=data, headers={"Content-Type": "application/json"}
        )
        t0 = time.perf_counter()
        urllib.request.urlopen(req, timeout=30).read()
        out.append(time.perf_counter() - t0)
    return np.array(out) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--port", type=int, default=0, help="0: a free port")
    a = ap.parse_args()
    clients = max(1, min(a.clients, MAX_CLIENTS))
    duration = max(1.0, min(a.duration, MAX_DURATION))
    port = a.port or free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        single = single_client(base)
        lat, codes, wall = asyncio.run(load(base, clients, duration))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    total = sum(codes.values())
    n5xx = sum(v for k, v in codes.items() if isinstance(k, int) and k >= 500)
    nerr = sum(v for k, v in codes.items() if isinstance(k, str))
    print(f"single client, slider change + live Monte Carlo (10,000 samples), {single.size} runs:")
    print(
        f"  round trip p50 {np.percentile(single, 50):.1f} ms, p99 "
        f"{np.percentile(single, 99):.1f} ms (target <= 200 ms)"
    )
    print(f"load: {clients} concurrent clients for {wall:.1f} s on 127.0.0.1")
    print(f"  requests {total:,} ({total / wall:,.0f}/s), status codes {codes}")
    everything = np.concatenate([np.array(v) for v in lat.values()]) * 1e3
    print(
        f"  all requests: p50 {np.percentile(everything, 50):.1f} ms, "
        f"p99 {np.percentile(everything, 99):.1f} ms"
    )
    for kind, v in sorted(lat.items()):
        x = np.array(v) * 1e3
        print(
            f"  {kind:10s} n={x.size:6d}  p50 {np.percentile(x, 50):7.1f} ms  "
            f"p99 {np.percentile(x, 99):7.1f} ms"
        )
    print(f"  5xx responses: {n5xx} (must be 0); connection errors: {nerr}")
    if n5xx or nerr:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
