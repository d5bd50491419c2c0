"""``orbitcompute sweep`` and ``orbitcompute query`` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sweep_helpers import cli

from orbitcompute.analysis.sweep import load_spec, run_sweep


@pytest.fixture
def dataset(small_spec, tmp_path):
    spec = load_spec(small_spec(10))
    run_sweep(spec, tmp_path / "ds", workers=1, chunk_size=100, progress=False)
    return tmp_path / "ds"


def test_query_formats(dataset):
    where = "\"compute.accelerator\" = 'H100'"
    sql = f"SELECT count(*) AS n, min(ratio) AS best FROM results WHERE {where}"
    r = cli("query", str(dataset), sql, "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert rows[0]["n"] == 240 and rows[0]["best"] > 0
    r = cli("query", str(dataset), "SELECT point FROM results ORDER BY point LIMIT 3", "-f", "csv")
    assert list(csv.reader(io.StringIO(r.stdout))) == [["point"], ["0"], ["1"], ["2"]]
    r = cli("query", str(dataset), "SELECT max(point) FROM results")
    assert r.returncode == 0 and "479" in r.stdout


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["SELEC nonsense"], "SQL"),
        (["SELECT nope FROM results"], "SQL"),
    ],
)
def test_query_errors_are_one_line(dataset, args, key):
    r = cli("query", str(dataset), *args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and key in r.stderr


def test_query_missing_dir(tmp_path):
    r = cli("query", str(tmp_path / "nowhere"), "SELECT 1")
    assert r.returncode == 2 and r.stderr.startswith("error: DIR")


def test_sweep_summary_heatmap_and_breakeven(small_spec, tmp_path):
    png = tmp_path / "map.png"
    out = tmp_path / "o"
    r = cli(
        "sweep",
        str(small_spec(10)),
        "--out",
        str(out),
        "--workers",
        "1",
        "--format",
        "json",
        "--heatmap",
        "launch.price_per_kg,thermal.radiator_temperature",
        "--png",
        str(png),
    )
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["run"]["points"] == 480 and s["n_points"] == 480
    assert s["best"][0]["ratio"] <= s["worst"][0]["ratio"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    be = s.get("breakeven")
    assert be is not None and (out / "breakeven.csv").exists()
    assert be["crossings"] <= be["lines"] == 3 * 2 * 8


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--heatmap", "launch.price_per_kg,nope", "--png", "x.png"], "--heatmap"),
        (["--heatmap", "launch.price_per_kg,thermal.radiator_temperature"], "--heatmap"),
        (["--workers", "0"], "--workers"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
        (["--set", "orbit.altitude=9 km"], "orbit.altitude"),
    ],
)
def test_sweep_bad_options_leave_nothing(small_spec, tmp_path, extra, needle):
    out = tmp_path / "o"
    r = cli("sweep", str(small_spec(3)), "--out", str(out), *extra, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and needle in r.stderr
    assert not out.exists()


def test_sweep_bad_spec_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[axes]\nlaunch.price_per_kg = { from = 50, to = 99999, steps = 3 }\n")
    r = cli("sweep", str(bad), "--out", str(tmp_path / "o"))
    assert r.returncode == 2
    assert r.stderr.startswith("error: bad.toml: axes.launch.price_per_kg.to = 99999")
    r = cli("sweep", str(tmp_path / "missing.toml"))
    assert r.returncode == 2 and "SPEC" in r.stderr


def test_example_spec_is_valid():
    from pathlib import Path

    spec = load_spec(Path(__file__).resolve().parents[2] / "examples" / "sweep_launch_price.toml")
    assert spec.n_points == 30 * 8 * 4 * 2 * 32


def test_default_out_dir_is_created_and_summary_goes_to_output(small_spec, tmp_path):
    """Without --out the dataset goes to out/<spec name> (out/ created); -o takes the summary."""
    spec = small_spec(2, name="tiny.toml")
    r = cli("sweep", str(spec), "--workers", "1", "-f", "csv", "-o", "summary.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "tiny" / "manifest.json").exists()
    rows = list(csv.DictReader((tmp_path / "summary.csv").open()))
    assert rows and {"rank", "ratio"} <= set(rows[0]) and r.stdout == ""
