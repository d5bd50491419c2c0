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


def test_reoptimized_breakeven_is_at_least_the_fixed_design_one(monkeypatch):
    """Re-optimizing at the breakeven can only raise it (the optimum at a price is never
    dearer than a fixed design there), and at the value found the optimized orbit costs what
    the ground does (within the 0.5 % the iteration stops at)."""
    monkeypatch.setattr(hl, "_CACHE", {})
    monkeypatch.setattr(hl, "SEARCH", {"seed": 0, "grid": 128, "generations": 3})
    cheap = [
        "satellite.cost_per_kg=100",
        "ground.electricity_price=0.4",
        "ground.facility_capex=30",
        "obsolescence.orbit_integration_lag=0",
        "power.array_specific_power=1000",
        "thermal.radiator_areal_density=1",
        "ground.energy_source=0",  # against an expensive grid site, not the cheapest option
    ]
    sc = load_scenario("today", cheap)
    fixed = hl.breakeven_fixed(hl.headline(sc).scenario, "launch.price_per_kg")
    re = hl.breakeven(sc, "launch.price_per_kg")
    assert fixed.found and re.result.found
    x_fixed = fixed.table.iloc[0]["value"]
    x_re = re.result.table.iloc[0]["value"]
    assert x_re >= x_fixed * (1 - 1e-9)
    at = hl.headline(hl._with(sc, "launch.price_per_kg", x_re))
    ratio = evaluate(at.scenario.params())["ratio"][0]
    assert ratio == pytest.approx(1.0, abs=0.01)
