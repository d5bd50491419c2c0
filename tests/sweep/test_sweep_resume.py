"""Crash safety: a sweep killed with SIGKILL and resumed has exactly the uninterrupted rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sweep_helpers import assert_same_rows, chunk_digests, cli, cli_env, read_points

from orbitcompute.analysis.sweep import load_spec, run_query, run_sweep

CHUNK = 8


def _sweep_cmd(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "orbitcompute",
        "sweep",
        str(spec),
        "--out",
        str(out),
        "--chunk-size",
        str(CHUNK),
        "--workers",
        "2",
        "--format",
        "json",
    ]


def _kill_after(spec: Path, out: Path, new_chunks: int) -> bool:
    """Start a sweep and SIGKILL its whole process group once ``new_chunks`` more chunk files
    exist (like a batch scheduler killing a job). Returns False if it finished first."""
    before = len(list(out.glob("chunk-*.parquet"))) if out.exists() else 0
    proc = subprocess.Popen(
        _sweep_cmd(spec, out),
        env=cli_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while proc.poll() is None:
            n = len(list(out.glob("chunk-*.parquet"))) if out.exists() else 0
            if n - before >= new_chunks:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
                return True
            time.sleep(0.001)
        return False
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def test_sigkill_and_resume_gives_exactly_the_uninterrupted_rows(small_spec, tmp_path):
    spec_path = small_spec(12)  # 576 points, 72 chunks of 8
    spec = load_spec(spec_path)
    ref_dir = tmp_path / "ref"
    run_sweep(spec, ref_dir, workers=1, chunk_size=CHUNK, progress=False)
    ref = chunk_digests(ref_dir)
    assert len(ref) == 72
    rng = np.random.default_rng(20261124)  # seeded kill points
    kills = 0
    for trial in range(2):
        out = tmp_path / f"run{trial}"
        for _ in range(2):
            kills += _kill_after(spec_path, out, int(rng.integers(1, 20)))
        final = subprocess.run(
            _sweep_cmd(spec_path, out), env=cli_env(), capture_output=True, text=True, timeout=120
        )
        assert final.returncode == 0, final.stderr
        assert chunk_digests(out) == ref  # same files, byte for byte: no loss, no duplicate
        t = read_points(out)
        assert_same_rows(t, read_points(ref_dir))
        names, rows = run_query(out, "SELECT count(*), count(DISTINCT point) FROM results")
        assert rows == [(576, 576)]
        assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert kills >= 3  # the runs were really killed mid-way


def test_changed_spec_is_refused(small_spec, tmp_path):
    out = tmp_path / "o"
    r = cli("sweep", str(small_spec(5)), "--out", str(out), "--chunk-size", "50", "--workers", "1")
    assert r.returncode == 0, r.stderr
    before = chunk_digests(out)
    r = cli("sweep", str(small_spec(6)), "--out", str(out), "--workers", "1")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "spec hash" in lines[0] and "Traceback" not in r.stderr
    assert chunk_digests(out) == before  # nothing touched
    r = cli("sweep", str(small_spec(6)), "--out", str(out), "--workers", "1", "--no-resume")
    assert r.returncode == 0, r.stderr
    assert len(read_points(out)) == 6 * 3 * 2 * 8


def test_changed_chunk_size_is_refused(small_spec, tmp_path):
    out = tmp_path / "o"
    spec = load_spec(small_spec(5))
    run_sweep(spec, out, workers=1, chunk_size=50, progress=False)
    r = cli("sweep", str(small_spec(5)), "--out", str(out), "--chunk-size", "40")
    assert r.returncode == 2 and "--chunk-size" in r.stderr
