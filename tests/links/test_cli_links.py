"""``orbitcompute links`` and ``orbitcompute latency``: outputs and one-line errors."""

from __future__ import annotations

import json

import pytest

from orbitcompute.cli.common import invoke


def run(args, capsys=None, monkeypatch=None):
    return invoke(args)


def test_links_json(capsys, monkeypatch):
    args = ["links", "--workload", "pretraining", "-f", "json"]
    code, out, err = run(args, capsys, monkeypatch)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.links/2"
    assert [w["workload"] for w in doc["workloads"]] == ["pretraining"]
    assert doc["training_step"]["busy_fraction"] > 0.95
    assert doc["isl"]["capacity"] > 1e12


def test_links_interactive_inference_is_link_bound(capsys, monkeypatch):
    code, out, _ = run(
        ["links", "--workload", "interactive_inference", "-f", "csv"], capsys, monkeypatch
    )
    assert code == 0 and "LINK-BOUND - limited by contact time" in out


def test_links_thin_fabric_says_link_bound(capsys, monkeypatch):
    args = [
        "links",
        "--workload",
        "pretraining",
        "--set",
        "links.isl_distance=5400 km",
        "-f",
        "csv",
    ]
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
        (["links", "--set", "traffic.mix.finetuning=0.5"], "traffic.mix"),
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
