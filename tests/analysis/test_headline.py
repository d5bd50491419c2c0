"""Headline design: optimized for free designs with explicit choices pinned, as given otherwise."""

from __future__ import annotations

import pytest

from orbitcompute.analysis import headline as hl
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario


@pytest.mark.parametrize("name", ["starcloud", "suncatcher", "mccalip"])
def test_published_designs_are_audited_as_given(name):
    sc = load_scenario(name)
    h = hl.headline(sc)
    assert h.design == "as-given" and h.optimum is None and h.scenario is sc


def test_free_design_headline_is_the_cached_optimum_and_no_dearer(monkeypatch):
    monkeypatch.setattr(hl, "_CACHE", {})
    sc = load_scenario("today", ["launch.price_per_kg=900"])
    h = hl.headline(sc)
    assert h.design == "optimized" and "as given" in h.label
    row = evaluate(h.scenario.params()).row()
    assert row["orbit.cost_per_gpu_hour"] == pytest.approx(h.optimum.cost, rel=1e-12)
    assert row["orbit.cost_per_gpu_hour"] <= h.as_given_row["orbit.cost_per_gpu_hour"]
    assert hl.headline(sc).optimum is h.optimum  # cached within the process
    off = hl.headline(sc, "as-given")
    assert off.design == "as-given" and off.scenario is sc


def test_explicit_design_choices_are_pinned(monkeypatch):
    monkeypatch.setattr(hl, "_CACHE", {})
    sc = load_scenario("today", ["orbit.altitude=550 km", "shielding.areal_density=5.4"])
    assert hl.pins(sc) == {"orbit.altitude": 550.0, "shielding.areal_density": 5.4}
    h = hl.headline(sc)
    assert h.scenario.values["orbit.altitude"] == 550e3
    assert h.scenario.values["shielding.areal_density"] == 5.4


def test_bad_design_name_is_one_line():
    with pytest.raises(ScenarioError, match="optimized or as-given"):
        hl.headline(load_scenario("today"), "best")
