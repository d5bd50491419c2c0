"""``orbitcompute links`` and ``orbitcompute latency``: outputs and one-line errors."""

from __future__ import annotations

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


def test_links_json(capsys, monkeypatch):
    code, out, err = run(["links", "--workload", "training", "-f", "json"], capsys, monkeypatch)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.links/1"
    assert doc["workloads"][0]["workload"] == "training"
    assert doc["isl"]["capacity"] > 1e12


def test_links_thin_fabric_says_link_bound(capsys, monkeypatch):
    args = ["links", "-w", "training", "--set", "links.isl_distance=5400 km", "-f", "csv"]
    code, out, _ = run(args, capsys, monkeypatch)
    assert code == 0 and "LINK-BOUND" in out


def test_latency_png_and_json(tmp_path, capsys, monkeypatch):
    png = tmp_path / "cdf.png"
    args = ["latency", "-n", "50", "--hours", "1", "--step", "600", "--png", str(png), "-f", "json"]
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.latency/1"
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "args,key",
    [
        (["links", "--distance", "-5 m"], "--distance"),
        (["links", "--workload", "mining"], "--workload"),
        (["links", "--set", "links.isl_distance=-3"], "links.isl_distance"),
        (["latency", "--set", "latency.user_min_elevation=90"], "latency.user_min_elevation"),
        (["latency", "--satellites", "0"], "--satellites"),
        (["latency", "--step", "-1"], "--step"),
    ],
)
def test_bad_input_one_line_exit_2(args, key, capsys, monkeypatch, tmp_path):
    png = tmp_path / "x.png"
    code, out, err = run(
        [*args, "--png", str(png)] if args[0] == "latency" else args, capsys, monkeypatch
    )
    assert code == 2
    assert key in err and err.count("\n") == 1
    assert not png.exists()
