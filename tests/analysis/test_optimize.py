"""orbitcompute optimize: the optimum against the grid, the as-given design and price moves."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orbitcompute.analysis.optimize import (
    COST,
    KEYS,
    as_given_fixes,
    optimize,
    to_params,
    variables,
)
from orbitcompute.cli.common import invoke
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario

FAST = {"grid": 128, "generations": 3}


@pytest.fixture(scope="module")
def today():
    return load_scenario("today")


@pytest.fixture(scope="module")
def result(today):
    return optimize(today, seed=3, **FAST)


def test_optimum_no_dearer_than_any_candidate_or_the_as_given_design(today, result):
    # every feasible candidate the search evaluated (Sobol grid, evolution, polish)
    assert len(result.candidates) > 100
    assert result.cost <= result.candidates[COST].min() * (1 + 1e-9)
    assert result.cost <= result.cost_as_given
    # the as-given figure is compare's figure, and the optimum is reproducible on its own
    assert result.cost_as_given == evaluate(today.params()).row()[COST]
    again = evaluate({k: np.array([v]) for k, v in result.params.items()}).row()
    assert again[COST] == result.cost and again["orbit.infeasible"] == 0


def test_optimum_no_dearer_than_independent_random_designs(today, result):
    """Designs drawn independently of the optimizer (uniform in each variable's range),
    evaluated one at a time like compare: none feasible is cheaper than the optimum."""
    rng = np.random.default_rng(11)
    var = variables()
    for _ in range(24):
        d = {}
        for v in var.values():
            if v.kind == "choice":
                d[v.key] = float(rng.integers(len(v.options)))
            else:
                lo, hi = (5e3, 1e6) if v.key == "it_power" else (v.lo, v.hi)
                d[v.key] = float(rng.uniform(lo, hi))
        d["per_launch"] = 0.0
        d["t_rad"] = min(d["t_rad"], 320.15)
        row = evaluate(to_params(today.values, {k: np.array([d[k]]) for k in KEYS})).row()
        if row["orbit.infeasible"] == 0 and row["orbit.satellites_per_launch"] >= 1:
            assert result.cost <= row[COST]


def test_pinning_every_variable_reproduces_the_as_given_result_exactly(today):
    res = optimize(today, as_given_fixes(today.values), **FAST)
    ref = evaluate(today.params()).row()
    assert set(res.row) == set(ref)
    for k, v in ref.items():
        assert res.row[k] == v or (math.isnan(v) and math.isnan(res.row[k])), k


def test_same_seed_same_optimum(today, result):
    again = optimize(today, seed=3, **FAST)
    assert again.design == result.design and again.cost == result.cost


def test_optimized_design_respects_packing_cycle_life_and_coolant(result, today):
    r = result.row
    v = today.values
    k = r["orbit.satellites_per_launch"]
    assert k >= 1
    assert k * r["orbit.satellite_mass"] <= v["launch.payload_capacity"] * v[
        "launch.packing_efficiency"
    ] * (1 + 1e-12)
    assert k * r["orbit.satellite_volume"] <= v["launch.fairing_volume"] * v[
        "launch.volume_fill_fraction"
    ] * (1 + 1e-12)
    assert r["orbit.battery_cycle_depth"] <= r["orbit.battery_max_depth_of_discharge"] + 1e-12
    assert r["orbit.infeasible"] == 0
    assert result.design["t_rad"] <= r["orbit.radiator_max_temperature"] + 1e-9
    # the waterfall telescopes from the as-given to the optimized cost
    steps = result.waterfall
    assert steps[0]["orbit_cost_per_gpu_hour"] == pytest.approx(result.cost_as_given, rel=1e-12)
    assert steps[-1]["orbit_cost_per_gpu_hour"] == pytest.approx(result.cost, rel=1e-12)
    total = sum(s["delta"] for s in steps)
    assert total == pytest.approx(result.cost - result.cost_as_given, rel=1e-9)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(price=st.floats(1000.0, 5000.0), factor=st.floats(5.0, 30.0))
def test_cheaper_launch_gives_a_cheaper_optimum_that_buys_more_launch(today, price, factor):
    """Each price's optimum is also a candidate at the other price; then the low-price optimum
    costs less, and (revealed preference: C = A/H + p s/H is linear in the price p) it spends
    at least as much launch per GPU-hour, s/H, as the high-price one."""
    hi = load_scenario("today", [f"launch.price_per_kg={price}"])
    lo = load_scenario("today", [f"launch.price_per_kg={price / factor}"])
    first_hi = optimize(hi, seed=1, **FAST)
    opt_lo = optimize(lo, seed=1, extra=[first_hi.design], **FAST)
    opt_hi = optimize(hi, seed=1, extra=[opt_lo.design], **FAST)  # the same search, plus x_lo
    assert opt_lo.cost <= opt_hi.cost

    def slope_per_hour(r):
        return r["orbit.launch_cost_slope"] / r["orbit.levelized_gpu_hours_per_year"]

    assert slope_per_hour(opt_lo.row) >= slope_per_hour(opt_hi.row) * (1 - 1e-9)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(wkg=st.floats(40.0, 150.0), factor=st.floats(3.0, 10.0))
def test_lighter_arrays_give_a_cheaper_optimum(today, wkg, factor):
    heavy = load_scenario("today", [f"power.array_specific_power={wkg}"])
    light = load_scenario("today", [f"power.array_specific_power={wkg * factor}"])
    opt_heavy = optimize(heavy, seed=1, **FAST)
    opt_light = optimize(light, seed=1, extra=[opt_heavy.design], **FAST)
    assert opt_light.cost <= opt_heavy.cost
    assert opt_light.row["orbit.mass.arrays"] < opt_heavy.row["orbit.mass.arrays"]


# --------------------------------------------------------------------------------------------
# CLI


def test_cli_json_csv_and_png(tmp_path):
    png = tmp_path / "front.png"
    code, out, err = invoke(["optimize", "--grid", "64", "-f", "json", "--png", str(png)])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.optimize/1"
    assert doc["cost_per_gpu_hour"]["optimized"] <= doc["cost_per_gpu_hour"]["as_given"]
    assert {r["variable"] for r in doc["design"]} == set(variables())
    assert png.stat().st_size > 10_000
    code, out, err = invoke(["optimize", "--grid", "64", "-f", "csv", "--seed", "2"])
    assert code == 0, err
    assert out.splitlines()[0] == "section,name,unit,as_given,optimized"


@pytest.mark.parametrize(
    "args,key",
    [
        (["--fix", "orbit.altitudee=500"], "--fix orbit.altitudee"),
        (["--fix", "battery.eclipse_strategy=sometimes"], "--fix battery.eclipse_strategy"),
        (["--fix", "orbit.altitude=5 kg"], "--fix orbit.altitude"),
        (["--fix", "thermal.radiator_temperature=350 K"], "--fix thermal.radiator_temperature"),
        (["--fix", "orbit.altitude"], "--set"),
        (["--objective", "orbit.nope"], "--objective"),
        (["--grid", "3"], "--grid"),
        (["--png", "/nonexistent/dir/x.png"], "--png"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, key):
    code, out, err = invoke(["optimize", "--grid", "64", *args])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and key in err


def test_nothing_feasible_names_the_constraint_that_fails_first():
    # a 10 MW satellite never fits a Falcon 9-class launch, whatever else is chosen
    code, out, err = invoke(["optimize", "--grid", "64", "--fix", "satellite.it_power=10 MW"])
    assert code == 2 and out == ""
    assert "heavier than one launch can carry" in err and err.count("\n") == 1
