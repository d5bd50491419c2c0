"""``orbitcompute report``: one self-contained HTML file, PNGs, clean errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run(*args):
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "orbitcompute", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    d = tmp_path_factory.mktemp("rep")
    out = d / "report.html"
    png = d / "png"
    r = run("report", "--set", "launch.price_per_kg=500", "-o", str(out), "--png", str(png))
    assert r.returncode == 0, r.stderr
    return out, png


def test_html_is_self_contained(report):
    out, _ = report
    text = out.read_text()
    assert not re.search(r"<script[^>]+src=", text)  # no external script, no CDN
    assert text.count("plotly.js v") >= 1
    # plotly.js inlined once: its licence banner appears once
    assert len(re.findall(r"\* plotly\.js v\d", text)) == 1
    for key in ("waterfall", "mass", "breakeven", "tornado", "capacity", "timeline"):
        assert f'id="fig-{key}"' in text
    assert "price_per_kg = 500" in text  # the scenario TOML is embedded
    from orbitcompute import __version__

    assert f"orbitcompute {__version__}" in text
    text = text.replace("\\u002f", "/")  # plotly escapes "/" in its JSON
    assert "[USD/h]" in text and "[USD/kg]" in text  # axis units


def test_pngs_written(report):
    _, png = report
    names = sorted(p.name for p in png.glob("*.png"))
    assert names == sorted(
        f"{k}.png" for k in ("waterfall", "mass", "breakeven", "tornado", "capacity", "timeline")
    )
    for p in png.glob("*.png"):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_one_line_no_file(tmp_path):
    out = tmp_path / "r.html"
    r = run("report", "--set", "orbit.altitude=5", "-o", str(out))
    assert r.returncode == 2
    assert "orbit.altitude" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_verdict_table(tmp_path):
    from orbitcompute.report.data import verdict_section
    from orbitcompute.report.html import _verdict_table
    from orbitcompute.scenario import load_scenario

    s = verdict_section(load_scenario("today"))
    assert s.present
    html = _verdict_table(s.data)
    assert html.count("<tr>") == len(s.data["rows"]) + 1
