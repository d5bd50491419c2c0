"""Helpers for the sweep tests: small specs, dataset readers, the CLI in a subprocess."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

SMALL_SPEC = """\
seed = 7

[base]
scenario = "today"
set = ["orbit.altitude=600 km"]

[axes]
launch.price_per_kg = {{ from = 100, to = 5000, steps = {steps}, scale = "log" }}
thermal.radiator_temperature = [290, 330, "350 K"]
compute.accelerator = ["H100", "B200"]

[sample]
method = "sobol"
n = 8
params.power.array_specific_power = {{ from = 50, to = 400, scale = "log" }}
"""


def chunk_digests(out: Path) -> dict[str, str]:
    """SHA-256 of every chunk file, by file name (identical Parquet content, byte for byte)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("chunk-*.parquet"))
    }


def read_points(out: Path):
    """All rows of a dataset as one table sorted by point."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = [pq.read_table(p) for p in sorted(out.glob("chunk-*.parquet"))]
    return pa.concat_tables(tables).sort_by("point")


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    """Run ``python -m orbitcompute ARGS`` with this worktree's sources."""
    return subprocess.run(
        [sys.executable, "-m", "orbitcompute", *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
        **kw,
    )


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def assert_same_rows(a, b) -> None:
    """Two tables hold the same columns and bit-identical values (NaN included)."""
    import numpy as np

    assert a.column_names == b.column_names and a.num_rows == b.num_rows
    for name in a.column_names:
        x, y = a.column(name).to_numpy(), b.column(name).to_numpy()
        if x.dtype.kind == "f":
            assert np.array_equal(x.view(np.int64), y.view(np.int64)), name
        else:
            assert np.array_equal(x, y), name
