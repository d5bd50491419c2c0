"""simulate defaults to the fleet compare prices; a different layout is said (issue 20).

The static model prices a sun-synchronous fleet whose satellites all fly at the scenario's
local time of the node (``orbit.ltan``); Walker planes spread over 360 deg of node put planes
at noon/midnight local times, which see far more shadow (a 12:00 LTAN at 650 km is in
eclipse about 37 % of each orbit: Wertz, Space Mission Engineering: The New SMAD, 2011,
sec. 9.2, eclipse fraction for beta = 0 at h = 650 km).
"""

from __future__ import annotations

import json
import math

import pytest

from orbitcompute.cli.common import invoke
from orbitcompute.scenario import load_scenario
from orbitcompute.sim.layout import layout_changes, priced_layout

BASE = ["simulate", "--design", "as-given", "--planes", "4", "--per-plane", "1", "--days", "1",
        "--step", "300", "-f", "json"]  # fmt: skip


def test_priced_layout_by_orbit_family():
    sso = load_scenario("today").values
    assert priced_layout(sso) == {"sim.raan_spread": 0.0}
    inclined = load_scenario("today", ["orbit.sun_synchronous=0"]).values
    assert priced_layout(inclined)["sim.raan_spread"] == pytest.approx(2 * math.pi)


def test_layout_changes_in_words():
    v = dict(load_scenario("today").values)
    w = {**v, **priced_layout(v), "sim.planes": 4.0}
    assert layout_changes(v, w) == []
    assert layout_changes(v, {**w, "sim.raan_spread": 2 * math.pi}) == [
        "planes spread over 360 deg of node"
    ]
    assert "orbit family" in layout_changes(v, {**w, "orbit.sun_synchronous": 0.0})
    assert layout_changes(v, w, tle=True) == ["orbits from a TLE file"]


def test_default_simulates_the_priced_fleet():
    code, out, err = invoke(BASE)
    assert code == 0, err
    doc = json.loads(out)
    lay = doc["layout"]
    assert lay["changes"] == [] and not lay["differs"]
    assert lay["text"].startswith("layout: the priced design (sun-synchronous, LTAN 6 h")
    # every plane at the same node time: every satellite sees the same sunlight
    s = doc["summary"]
    assert s["sunlit_fraction_min"] == pytest.approx(s["sunlit_fraction_mean"], abs=0.01)


def test_spread_planes_are_the_users_choice_and_said():
    code, out, err = invoke([*BASE, "--set", "sim.raan_spread=360"])
    assert code == 0, err
    lay = json.loads(out)["layout"]
    assert lay["changes"] == ["planes spread over 360 deg of node"] and lay["differs"]
    assert lay["text"].startswith("layout differs from the priced design")
    # planes at 0, 6, 12 and 18 h: the noon and midnight planes cut the sunlit fraction
    assert lay["simulated"]["sunlit_fraction"] < lay["priced"]["sunlit_fraction"] - 0.1
    assert lay["simulated"]["longest_eclipse_min"] > lay["priced"]["longest_eclipse_min"] + 10
    code, text, _ = invoke([*BASE[:-2], "--set", "sim.raan_spread=360"])
    assert code == 0 and "layout differs from the priced design" in " ".join(text.split())
