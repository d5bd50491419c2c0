"""Breakeven root finding and 2-D frontiers."""

import numpy as np
import pytest

from orbitcompute.analysis.breakeven import breakeven, frontier
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario

# An optimist's orbital design against an expensive ground site, so that a breakeven exists
# with the reliability and obsolescence model of issue #4 in place.
CHEAP = [
    "satellite.cost_per_kg=100",
    "ground.electricity_price=0.4",
    "ground.facility_capex=30",
    "obsolescence.orbit_integration_lag=0",
    "power.array_specific_power=1000",
    "thermal.radiator_areal_density=1",
    "battery.eclipse_load_fraction=0",
    "traffic.workload=batch_inference",  # light links: the test is about breakeven arithmetic
    "shielding.areal_density=5.4",  # 2 mm Al: dose and mass at the same thickness (#15)
    "ground.energy_source=0",  # the expensive grid site, not the cheapest option (#15)
]


def _costs(sc, name, value):
    p = {k: np.float64(v) for k, v in sc.values.items()}
    p[name] = np.array([value])
    r = evaluate(p)
    return float(r["orbit.cost_per_gpu_hour"][0]), float(r["ground.cost_per_gpu_hour"][0])


def test_breakeven_makes_costs_equal():
    sc = load_scenario("today", CHEAP)
    res = breakeven(sc, "launch.price_per_kg")
    assert res.found
    row = res.table.iloc[0]
    assert row["kind"] == "breakeven" and row["orbit_cheaper"] == "below"
    orbit, ground = _costs(sc, "launch.price_per_kg", row["value_si"])  # independent call
    assert abs(orbit - ground) <= 1e-6 * ground
    assert 10 < row["value"] < 3600


def test_no_breakeven_in_range_message():
    res = breakeven(load_scenario("today"), "launch.price_per_kg")
    assert not res.found
    assert res.message().startswith("no breakeven for launch.price_per_kg in [10, 60000] USD/kg")


def test_bad_parameters():
    sc = load_scenario("today")
    with pytest.raises(ScenarioError, match="did you mean launch.price_per_kg"):
        breakeven(sc, "launch.price_per_kgg")
    with pytest.raises(ScenarioError, match="continuous range"):
        breakeven(sc, "launch.dedicated")
    with pytest.raises(ScenarioError, match="different"):
        frontier(sc, "launch.price_per_kg", "launch.price_per_kg")


def test_frontier_points_are_on_ratio_one():
    sc = load_scenario("today", CHEAP)
    fr = frontier(sc, "launch.price_per_kg", "satellite.lifetime", n=21)
    df = fr.frontier.dropna()
    assert len(df) > 0
    p = {k: np.float64(v) for k, v in sc.values.items()}
    p["launch.price_per_kg"] = df["launch.price_per_kg"].to_numpy()
    p["satellite.lifetime"] = df["satellite.lifetime"].to_numpy() * 365.25 * 86400
    r = evaluate(p)["ratio"]
    # bisection to 2^-60 of the range; jumps (whole launches) may leave a step
    assert np.median(np.abs(r - 1)) < 1e-6
    assert fr.point == (3600.0, 5.0)
