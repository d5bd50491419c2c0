"""CLI: montecarlo, sensitivity and breakeven; errors give one line, exit 2, no partial files."""

import json
import sys

import pytest

from orbitcompute.cli import app
from orbitcompute.cli.common import run_app


def run(args, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["orbitcompute", *args])
    code = 0
    try:
        run_app(app)
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_montecarlo_json_and_files(tmp_path, capsys, monkeypatch):
    pq, png = tmp_path / "s.parquet", tmp_path / "r.png"
    code, out, err = run(
        [
            "montecarlo",
            "uncertain-2030",
            "-n",
            "5000",
            "--seed",
            "3",
            "-o",
            str(pq),
            "--png",
            str(png),
            "--format",
            "json",
        ],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.montecarlo/1" and doc["n"] == 5000
    assert (
        0 <= doc["p_orbit_cheaper_ci"][0] <= doc["p_orbit_cheaper"] <= doc["p_orbit_cheaper_ci"][1]
    )
    assert doc["outputs"]["ratio"]["p5"] < doc["outputs"]["ratio"]["p95"]
    assert pq.stat().st_size > 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_montecarlo_needs_distributions(capsys, monkeypatch):
    code, _, err = run(["montecarlo", "today", "-n", "10"], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "distributions" in err


def test_bad_distribution_leaves_no_file(tmp_path, capsys, monkeypatch):
    pq = tmp_path / "s.parquet"
    code, _, err = run(
        [
            "montecarlo",
            "today",
            "--set",
            'launch.price_per_kg={dist="loguniform", low=0, high=3000}',
            "-o",
            str(pq),
        ],
        capsys,
        monkeypatch,
    )
    assert code == 2 and err.startswith("error: --set launch.price_per_kg.low = 0")
    assert err.count("\n") == 1 and not pq.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("method", ["tornado", "morris"])
def test_sensitivity_table_and_png(method, tmp_path, capsys, monkeypatch):
    png = tmp_path / "t.png"
    args = [
        "sensitivity",
        "uncertain-2030",
        "--method",
        method,
        "--png",
        str(png),
        "--format",
        "csv",
    ]
    if method == "morris":
        args += ["-n", "4"]
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 0, err
    assert out.splitlines()[0].startswith("parameter,") and png.exists()


def test_sensitivity_bad_method_and_metric(capsys, monkeypatch):
    code, _, err = run(["sensitivity", "uncertain-2030", "--method", "fast"], capsys, monkeypatch)
    assert code == 2 and "--method" in err
    code, _, err = run(["sensitivity", "uncertain-2030", "--metric", "cost"], capsys, monkeypatch)
    assert code == 2 and "--metric" in err


def test_breakeven_positional_and_option_scenario(tmp_path, capsys, monkeypatch):
    code, out, err = run(
        ["breakeven", "launch.price_per_kg", "today", "--format", "json"], capsys, monkeypatch
    )
    assert code == 0, err
    assert json.loads(out)["found"] is False
    png = tmp_path / "f.png"
    code, out, err = run(
        [
            "breakeven",
            "launch.price_per_kg",
            "--vs",
            "satellite.lifetime",
            "--scenario",
            "today",
            "--points",
            "11",
            "--png",
            str(png),
        ],
        capsys,
        monkeypatch,
    )
    assert code == 0, err and png.exists()
    code, _, err = run(["breakeven", "launch.price_per_kgg"], capsys, monkeypatch)
    assert code == 2 and "did you mean launch.price_per_kg" in err
