"""Fuzz the input boundary like an adversarial user and print what broke (issue 14).

Four campaigns, each generated from a seed by ``tests/fuzz/fuzz_cases.py`` (the same generators
the CI fuzz tests use), each case carrying its own oracle (bad by construction / good / either):

* **scenario files** (default 3,300): TOML syntax, types, units, ranges, nesting, sizes,
  encodings (BOM, UTF-16, invalid UTF-8, NUL), extends chains (cycles, long, absolute, ``..``,
  special files), distributions and correlations — run as ``orbitcompute compare FILE``;
* **--set values** (default 2,500) on compare, verdict, montecarlo, breakeven and simulate;
* **sweep specs** (default 300): malformed spec files (read with the scenario limits);
* **output paths** (default 200; issue 14 item 3, built by ``i13-layers``);
* **API requests** (default 12,000) against a real uvicorn server on loopback: JSON bodies,
  uploaded TOML, server-path ``extends`` (with a secret file the response must never echo),
  huge integers, nesting, sizes, Monte Carlo options, routes and methods.

CLI cases run in-process (``orbitcompute.cli.common.invoke``) inside a worker process that is
killed and restarted when a case runs longer than ``--hang`` seconds. The server's CPU time per
request is read from ``/proc`` (server process and its children), so "max request time" is
server CPU, not client wall time.

Usage::

    python benchmarks/bench_fuzz.py                 # full run (several minutes)
    python benchmarks/bench_fuzz.py --quick         # 10 % of every campaign
    PYTHONPATH=/path/to/other/src python benchmarks/bench_fuzz.py   # measure another tree

Figures depend on the machine's load (timings) but not the counts: same seed, same cases.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "fuzz"))

import fuzz_cases as fc  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------------------------
# CLI cases in a killable worker process


def _worker(conn) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
    import traceback
    import warnings

    warnings.simplefilter("default")
    from orbitcompute.cli.common import invoke

    # Warm imports and caches (numba, pint, presets), so a case is timed, not a cold start.
    with contextlib.redirect_stdout(None), contextlib.redirect_stderr(None):
        for args in fc.COMMANDS.values():
            invoke(list(args))
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        args, cwd = msg
        os.chdir(cwd)
        t0, c0 = time.perf_counter(), time.process_time()
        exc = None
        try:
            code, out, err = invoke(args)
        except BaseException:  # noqa: BLE001 - the point is to catch everything
            code, _out, err = None, "", ""
            exc = traceback.format_exc(limit=-3)
        conn.send((code, err[-3000:], exc, time.perf_counter() - t0, time.process_time() - c0))


class Worker:
    def __init__(self) -> None:
        self.ctx = mp.get_context("fork")
        self.proc = None
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            raise RuntimeError("worker did not start")

    def run(self, args: list[str], cwd: str, timeout: float):
        self.conn.send((args, cwd))
        if self.conn.poll(timeout):
            try:
                return self.conn.recv()
            except EOFError:
                self.restart()
                return (None, "", "worker died", timeout, timeout)
        self.restart()
        return "hang"

    def restart(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.start()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


class Tally:
    def __init__(self, name: str) -> None:
        self.name = name
        self.n = 0
        self.counts = collections.Counter()
        self.examples: dict[str, list[str]] = collections.defaultdict(list)
        self.by_cat = collections.Counter()
        self.owner = collections.Counter()
        self.max_cpu = 0.0
        self.max_cpu_case = ""
        self.cpu: list[float] = []
        self.slowest: list[tuple[float, str]] = []

    def add(self, what: str, case: fc.Case, detail: str) -> None:
        self.counts[what] += 1
        key = f"{what}:{case.category}"
        self.by_cat[key] += 1
        if case.owner and what in ("bad accepted", "traceback", "hang", "multi-line"):
            self.owner[f"{case.owner}: {what} ({case.category})"] += 1
        if len(self.examples[key]) < 3:
            self.examples[key].append(detail[:300])

    def time(self, cpu: float, label: str) -> None:
        self.cpu.append(cpu)
        self.slowest = sorted([*self.slowest, (cpu, label[:200])], reverse=True)[:5]
        if cpu > self.max_cpu:
            self.max_cpu, self.max_cpu_case = cpu, label[:200]


def _label(case: fc.Case) -> str:
    if case.kind == "api":
        body = case.body[:160].decode("utf-8", "replace")
        return f"{case.method} {case.path[:80]} {body!r}"
    first = case.files.get("main.toml", b"")[:160].decode("utf-8", "replace")
    args = " ".join(a[:80] for a in case.args)
    return f"{args} | {first!r}" if first else args


def run_cli(cases: list[fc.Case], name: str, hang: float, verbose: bool) -> Tally:
    tally = Tally(name)
    root = Path(tempfile.mkdtemp(prefix=f"orbitcompute-fuzz-{name}-"))
    worker = Worker()
    t_start = time.perf_counter()
    try:
        for i, case in enumerate(cases):
            d = root / f"c{i:05d}"
            d.mkdir(parents=True)
            args = fc.materialize(case, d)
            res = worker.run(args, str(d), hang)
            tally.n += 1
            label = _label(case)
            if res == "hang":
                tally.add("hang", case, label)
                tally.time(hang, label)
                continue
            code, err, exc, wall, cpu = res
            tally.time(cpu, label)
            lines = [ln for ln in err.splitlines() if ln.strip()]
            if exc is not None or "Traceback" in err or code not in (0, 2):
                tail = (exc or err).strip().splitlines()[-1:] or [f"exit {code}"]
                tally.add("traceback", case, f"{label} -> {tail[0]}")
            elif code == 0 and case.expect == fc.BAD:
                tally.add("bad accepted", case, label)
            elif code == 2 and len(lines) != 1:
                tally.add("multi-line", case, f"{label} -> {len(lines)} lines: {lines[:2]}")
            elif code != 0 and case.expect == fc.GOOD:
                tally.add("good rejected", case, f"{label} -> {lines[:1]}")
            if wall > hang:
                tally.add("hang", case, label)
            if verbose and i % 250 == 0:
                print(f"  {name}: {i}/{len(cases)} ({time.perf_counter() - t_start:.0f} s)")
            if i % 200 == 199:
                shutil.rmtree(root, ignore_errors=True)
                root.mkdir(parents=True, exist_ok=True)
    finally:
        worker.close()
        shutil.rmtree(root, ignore_errors=True)
    return tally


# --------------------------------------------------------------------------------------------
# API cases against a real server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            f = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # fields after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / CLK


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the API's worker processes sit under a forkserver)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    out, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        frontier += kids
    return out


class Server:
    """``create_app()`` under uvicorn in a subprocess on a free loopback port."""

    CODE = (
        "import uvicorn\n"
        "from orbitcompute.web.app import create_app\n"
        "uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='critical')\n"
    )

    def __init__(self) -> None:
        self.proc = None
        self.kids: list[int] = []
        self.start()

    def start(self) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", self.CODE.format(port=self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/health")
                if c.getresponse().status == 200:
                    c.close()
                    self.kids = _descendants(self.proc.pid)
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def _drain(self) -> None:
        self.stderr_tail = collections.deque(maxlen=50)
        for line in self.proc.stderr:
            self.stderr_tail.append(line.decode("utf-8", "replace"))

    def cpu(self) -> float:
        self.kids = _descendants(self.proc.pid)
        return _proc_cpu(self.proc.pid) + sum(_proc_cpu(k) for k in self.kids)

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def _request(port: int, case: fc.Case, timeout: float):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Connection": "close"}
    if case.method == "POST":
        if case.content_type:
            headers["Content-Type"] = case.content_type
        headers["Content-Length"] = str(len(case.body))
    try:
        conn.request(case.method, case.path, body=case.body or None, headers=headers)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def run_api(cases: list[fc.Case], hang: float, secret_token: str, verbose: bool):
    tally = Tally("api")
    server = Server()
    status = collections.Counter()
    t_start = time.perf_counter()
    try:
        for i, case in enumerate(cases):
            tally.n += 1
            label = _label(case)
            c0 = server.cpu()
            t0 = time.perf_counter()
            try:
                code, body = _request(server.port, case, hang)
            except TimeoutError:
                tally.add("hang", case, label)
                tally.time(server.cpu() - c0, label)
                server.restart()
                continue
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                tally.add("connection reset", case, f"{label} -> {type(exc).__name__}")
                if server.proc.poll() is not None:
                    server.restart()
                continue
            wall = time.perf_counter() - t0
            tally.time(server.cpu() - c0, f"[{code}, {wall:.1f} s wall] {label}")
            status[code // 100 * 100] += 1
            text = body.decode("utf-8", "replace")
            if code >= 500:
                tally.add("5xx", case, f"{label} -> {code} {text[:120]}")
            elif case.expect == fc.BAD and code < 400:
                tally.add("bad accepted", case, f"{label} -> {code}")
            elif case.expect == fc.GOOD and code != 200:
                tally.add("good rejected", case, f"{label} -> {code} {text[:160]}")
            if case.secret and secret_token in text:  # the file's content came back
                tally.add("leak", case, f"{label} -> {text[:200]}")
            if code == 422 and "\n" in json.loads(body or b"{}").get("error", {}).get(
                "message", ""
            ):
                tally.add("multi-line", case, label)
            if wall > hang:
                tally.add("hang", case, label)
            if verbose and i % 1000 == 0:
                print(f"  api: {i}/{len(cases)} ({time.perf_counter() - t_start:.0f} s)")
        health = _health_under_load(server.port)
    finally:
        server.stop()
    return tally, status, health


def _health_under_load(port: int) -> dict[str, float]:
    """Latency of /api/health while four expensive requests are in flight."""
    heavy = [
        fc.Case("api", "heavy", fc.ANY, body=json.dumps(b).encode())
        for b in (
            {"scenario": "uncertain-2030", "montecarlo": {"n": 100_000}},
            {"scenario": "today", "montecarlo": {"n": 100_000}},
            {"set": {"orbit.altitude": "9**9**8 km"}},
            {"set": {"orbit.altitude": "9" * 32_000}},
        )
    ]
    done: list[float] = []

    def send(c: fc.Case) -> None:
        t0 = time.perf_counter()
        with contextlib.suppress(Exception):
            _request(port, c, 120)
        done.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=send, args=(c,), daemon=True) for c in heavy]
    for t in threads:
        t.start()
    lat = []
    t_end = time.perf_counter() + 3.0
    while time.perf_counter() < t_end:
        t0 = time.perf_counter()
        try:
            _request(port, fc.Case("api", "health", fc.GOOD, method="GET", path="/api/health"), 30)
            lat.append(time.perf_counter() - t0)
        except OSError:
            lat.append(30.0)
        time.sleep(0.05)
    for t in threads:
        t.join(15)
    return {
        "health_max_s": max(lat) if lat else float("nan"),
        "health_n": len(lat),
        "heavy_max_wall_s": max(done) if done else float("nan"),
        "heavy_unfinished": len(heavy) - len(done),
    }


# --------------------------------------------------------------------------------------------
# Report


def report(tallies: list[Tally]) -> dict:
    keys = ("traceback", "hang", "bad accepted", "multi-line", "5xx", "connection reset", "leak")
    head = f"{'campaign':<14}{'cases':>7}" + "".join(f"{k:>18}" for k in keys)
    head += f"{'good rejected':>15}{'max CPU [s]':>13}{'p99 CPU [s]':>13}"
    print(head)
    out = {}
    for t in tallies:
        cpu = sorted(t.cpu)
        p99 = cpu[int(0.99 * (len(cpu) - 1))] if cpu else float("nan")
        row = f"{t.name:<14}{t.n:>7}" + "".join(f"{t.counts[k]:>18}" for k in keys)
        row += f"{t.counts['good rejected']:>15}{t.max_cpu:>13.2f}{p99:>13.3f}"
        print(row)
        out[t.name] = {
            "cases": t.n,
            **{k: t.counts[k] for k in (*keys, "good rejected")},
            "max_cpu_s": t.max_cpu,
            "max_cpu_case": t.max_cpu_case,
            "p99_cpu_s": p99,
            "by_category": dict(t.by_cat),
            "owners": dict(t.owner),
            "examples": dict(t.examples),
        }
    total = {k: sum(t.counts[k] for t in tallies) for k in keys}
    print("totals: " + ", ".join(f"{k} {v}" for k, v in total.items()))
    for t in tallies:
        for cpu, label in t.slowest:
            print(f"slow {t.name} case ({cpu:.2f} s CPU): {label[:160]}")
    print("\nfailures by campaign and category (up to 3 examples each):")
    for t in tallies:
        for key, n in sorted(t.by_cat.items(), key=lambda kv: -kv[1]):
            if key.startswith("good rejected"):
                continue
            print(f"  [{t.name}] {key}: {n}")
            for ex in t.examples[key][:2]:
                print(f"      e.g. {ex[:220]}")
    owned = collections.Counter()
    for t in tallies:
        owned.update(t.owner)
    if owned:
        print("\nfindings that belong to other branches (measured here, fixed there):")
        for k, n in sorted(owned.items()):
            print(f"  {k}: {n}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--files", type=int, default=3_300)
    ap.add_argument("--sets", type=int, default=2_500)
    ap.add_argument("--specs", type=int, default=300)
    ap.add_argument("--outputs", type=int, default=200)
    ap.add_argument("--requests", type=int, default=12_000)
    ap.add_argument("--hang", type=float, default=5.0, help="seconds that count as a hang")
    ap.add_argument("--quick", action="store_true", help="10 %% of every campaign")
    ap.add_argument("--only", choices=("files", "sets", "specs", "outputs", "api"), action="append")
    ap.add_argument("--json", help="write the full results (examples included) here")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    scale = 0.1 if a.quick else 1.0
    only = set(a.only or ("files", "sets", "specs", "outputs", "api"))
    import orbitcompute

    print(f"orbitcompute from {Path(orbitcompute.__file__).parent}; seed {a.seed}")
    tallies: list[Tally] = []
    t0 = time.perf_counter()
    rnd = random.Random(a.seed)
    files = [fc.file_case(rnd) for _ in range(int(a.files * scale))]
    sets = [fc.set_case(rnd) for _ in range(int(a.sets * scale))]
    outputs = [fc.output_case(rnd) for _ in range(int(a.outputs * scale))]
    specs = [fc.spec_case(rnd) for _ in range(int(a.specs * scale))]
    secret_dir = Path(tempfile.mkdtemp(prefix="orbitcompute-secret-"))
    token = f"SECRET{rnd.getrandbits(64):016x}"
    secret = secret_dir / "secret.toml"
    secret.write_text(f'{token.lower()} = "{token}"\n[orbit]\naltitude = 600\n')
    api = [fc.api_case(rnd, secret) for _ in range(int(a.requests * scale))]
    health = None
    status = None
    try:
        if "files" in only:
            tallies.append(run_cli(files, "files", a.hang, a.verbose))
        if "sets" in only:
            tallies.append(run_cli(sets, "--set", a.hang, a.verbose))
        if "specs" in only:
            tallies.append(run_cli(specs, "sweep specs", a.hang, a.verbose))
        if "outputs" in only:
            tallies.append(run_cli(outputs, "output paths", a.hang, a.verbose))
        if "api" in only:
            t, status, health = run_api(api, a.hang, token, a.verbose)
            tallies.append(t)
    finally:
        shutil.rmtree(secret_dir, ignore_errors=True)
    print()
    out = report(tallies)
    if status is not None:
        print(f"\nAPI status classes: {dict(sorted(status.items()))}")
    if health is not None:
        print(
            "/api/health while 4 heavy requests run: max latency "
            f"{health['health_max_s']:.3f} s over {health['health_n']} probes; heavy requests "
            f"max wall {health['heavy_max_wall_s']:.1f} s, unfinished {health['heavy_unfinished']}"
        )
    print(f"elapsed {time.perf_counter() - t0:.0f} s (machine shared: timings are noisy)")
    if a.json:
        Path(a.json).write_text(json.dumps({"campaigns": out, "health": health}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
