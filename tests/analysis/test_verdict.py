"""verdict: every claim and objection has a row with values on both sides; CLI and errors."""

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitcompute.analysis.verdict import _compare, build_verdict
from orbitcompute.cli.common import invoke
from orbitcompute.scenario import load_scenario

TOPICS = {
    "solar energy",
    "cooling",
    "land",
    "water",
    "grid / time to power",
    "latency",
    "launch cost",
    "maintenance / failures",
    "delivered compute",
    "radiation",
    "data transmission",
}


def run_inproc(args, capsys=None, monkeypatch=None):
    return invoke(args)


def _check_doc(doc):
    assert {r["topic"] for r in doc["rows"]} == TOPICS
    for r in doc["rows"]:
        assert isinstance(r["orbit"], float | int) and math.isfinite(r["orbit"]), r
        assert isinstance(r["ground"], float | int) and math.isfinite(r["ground"]), r
        assert r["winner"] in ("orbit", "ground", "tie"), r
        assert r["unit"] and r["question"]
        if r["factor"] is not None:
            assert r["factor"] >= 1.0
        for q in r["quantities"]:
            assert q["orbit"] is not None or q["ground"] is not None
    ov = doc["overall"]
    assert ov["ratio"] == pytest.approx(
        ov["orbit_cost_per_gpu_hour"] / ov["ground_cost_per_gpu_hour"]
    )
    cost = doc["cost"]
    for side in ("orbit", "ground"):
        lines = [x[side] for x in cost["lines"] if x[side] is not None]
        assert math.fsum(lines) == pytest.approx(ov[f"{side}_cost_per_gpu_hour"], rel=1e-9)
    assert doc["probability"]["text"]
    assert "launch.price_per_kg" in doc["breakeven"]


def test_verdict_json_every_row_has_values(capsys, monkeypatch):
    code, out, err = run_inproc(["verdict", "--format", "json"], capsys, monkeypatch)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.verdict/1"
    _check_doc(doc)
    assert doc["probability"]["text"] == "deterministic scenario"


def test_verdict_table(capsys, monkeypatch):
    code, out, _ = run_inproc(["verdict", "skeptic"], capsys, monkeypatch)
    assert code == 0 and "overall" in out and "radiation" in out and "breakeven" in out


def test_solar_row_physics():
    doc = build_verdict(load_scenario(None))
    solar = next(r for r in doc["rows"] if r["topic"] == "solar energy")
    # Upper bound: 1361 W/m2 (Kopp & Lean 2011) x 30 % cells x 8766 h = 3,579 kWh/m2/yr if
    # always sunlit with perfect packing and pointing; a dawn-dusk orbit is > 90 % sunlit.
    full = 1361 * 0.30 * 8766 / 1000
    assert 0.9 * 0.85 * 0.98 * full < solar["orbit"] <= full
    # Ground: US specific yields of about 1,000-2,000 kWh/kWp/yr (NREL PVWatts) x 0.21 kWp/m2.
    assert 150 < solar["ground"] < 450
    assert solar["winner"] == "orbit"


def test_probability_and_breakevens_with_distributions():
    """uncertain-2030 has distributions: P(orbit cheaper) comes from the Monte Carlo module."""
    doc = build_verdict(load_scenario("uncertain-2030"), samples=2000, seed=3)
    pr = doc["probability"]
    assert 0.0 <= pr["value"] <= 1.0 and pr["ci"][0] <= pr["value"] <= pr["ci"][1]
    assert pr["samples"] == 2000 and pr["seed"] == 3
    again = build_verdict(load_scenario("uncertain-2030"), samples=2000, seed=3)
    assert again["probability"] == pr  # same seed, same answer
    others = doc["breakeven"]["others"]
    assert "launch.price_per_kg" in others and others["launch.price_per_kg"]["message"]


def test_compare_winner_logic():
    assert _compare(1.0, 2.0, "lower") == ("orbit", 2.0)
    assert _compare(1.0, 2.0, "higher") == ("ground", 2.0)
    assert _compare(0.0, 5.0, "lower") == ("orbit", None)
    assert _compare(3.0, 3.0, "lower") == ("tie", 1.0)


def test_verdict_bad_input_one_line(capsys, monkeypatch, tmp_path):
    out = tmp_path / "v.json"
    code, _, err = run_inproc(
        ["verdict", "--set", "launch.price_per_kg=-3", "-f", "json", "-o", str(out)],
        capsys,
        monkeypatch,
    )
    assert code == 2 and "launch.price_per_kg" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    price=st.floats(10, 60000),
    alt=st.floats(300, 1500),
    sso=st.booleans(),
)
def test_verdict_property_any_valid_scenario(price, alt, sso):
    sc = load_scenario(
        None,
        [
            f"launch.price_per_kg={price}",
            f"orbit.altitude='{alt} km'",
            f"orbit.sun_synchronous={'true' if sso else 'false'}",
        ],
    )
    _check_doc(build_verdict(sc))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    key=st.sampled_from(
        ["launch.price_per_kg", "orbit.altitude", "latency.user_min_elevation", "nope"]
    ),
    value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8)),
)
def test_verdict_garbage_set_never_crashes(key, value, capsys, monkeypatch):
    code, _, err = run_inproc(
        ["verdict", "-f", "json", "--set", f"{key}={value}"], capsys, monkeypatch
    )
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("error:") and len(err.strip().splitlines()) == 1
