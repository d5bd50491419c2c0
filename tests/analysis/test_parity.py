"""parity: the smallest joint change of the levers that reaches a target ratio."""

import json

import numpy as np
import pytest

from orbitcompute.analysis.parity import _Model, parity, point_ratio, resolve_levers
from orbitcompute.cli.common import invoke
from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def today():
    return parity("today", design="as-given")


def _compare_ratio(args):
    code, out, err = invoke(["compare", *args, "-f", "json"])
    assert code == 0, err
    return json.loads(out)["headline"]["ratio"]


@pytest.mark.parametrize(("scenario", "target"), [("today", 1.0), ("starship-2030", 2.0)])
def test_point_fed_back_into_compare_gives_the_target(scenario, target):
    r = parity(scenario, target=target)
    assert r.reachable
    sets = [x for s in r.overrides() for x in ("--set", s)]
    assert _compare_ratio([scenario, *sets]) == pytest.approx(target, rel=1e-4)
    assert r.design == "optimized" and r.pins  # the optimum's design, pinned for compare
    point = {**r.pins, **r.point()}
    assert point_ratio(load_scenario(scenario), point) == pytest.approx(target, rel=1e-9)


def test_no_sampled_point_reaching_the_target_is_nearer(today):
    """Minimality: among 4,000 random points of the box, none at the target is closer."""
    sc = load_scenario("today")
    levers = resolve_levers(sc)
    model = _Model(sc, levers)
    lo = np.array([lv.z_bounds()[0] for lv in levers])
    hi = np.array([lv.z_bounds()[1] for lv in levers])
    z = lo + np.random.default_rng(7).random((4000, len(levers))) * (hi - lo)
    ok = model.ratio(z) <= 1.0
    if ok.any():
        assert np.linalg.norm(z[ok], axis=1).min() >= today.distance * (1 - 1e-6)


def test_levers_stay_in_their_ranges_and_move_the_right_way(today):
    for lv in today.levers:
        assert lv.low - 1e-12 <= lv.required <= lv.high + 1e-12
    by = {lv.alias: lv for lv in today.levers}
    assert by["launch"].required < by["launch"].current
    assert by["electricity"].required >= by["electricity"].current


def test_single_lever_breakeven_lands_on_the_target():
    # optimist as given is at 1.92x; the satellite price alone reaches 1.6x (at ~43 USD/kg).
    # (1.5x, the target before the data-link costs of issue 16, is now out of any single
    # lever's reach: at 10 USD/kg the satellite lever stops at 1.58x; only levers together
    # reach it, which test_joint_point_reaches_what_no_single_lever_does checks.)
    target = 1.6
    sc = load_scenario("optimist")
    r = parity(sc, ["launch", "electricity", "satellite"], target=target, design="as-given")
    assert r.current_ratio > target
    found = [lv for lv in r.levers if lv.breakeven is not None]
    assert found
    for lv in found:  # a crossing of the target (continuous, or a jump at a whole launch)
        lo = point_ratio(sc, {lv.name: lv.breakeven * (1 - 1e-6)})
        hi = point_ratio(sc, {lv.name: lv.breakeven * (1 + 1e-6)})
        assert min(lo, hi) <= target * (1 + 1e-9) and max(lo, hi) >= target * (1 - 1e-9)
        assert point_ratio(sc, {lv.name: lv.breakeven}) <= target * (1 + 1e-9)


def test_joint_point_reaches_what_no_single_lever_does():
    sc = load_scenario("optimist")
    r = parity(sc, ["launch", "electricity", "satellite"], target=1.5, design="as-given")
    assert r.reachable and all(lv.breakeven is None for lv in r.levers)
    for lv in r.levers:  # each lever alone, at its most favourable bound, stays above 1.5x
        best = min(point_ratio(sc, {lv.name: lv.low}), point_ratio(sc, {lv.name: lv.high}))
        assert best > 1.5
    assert point_ratio(sc, r.point()) == pytest.approx(1.5, rel=1e-6)


def test_unreachable_reports_the_closest_point():
    sc = load_scenario("today")
    r = parity(sc, ["hardening", "electricity"], design="as-given")
    assert not r.reachable and r.ratio > 1 and "out of reach" in r.message
    assert point_ratio(sc, r.point()) == pytest.approx(r.ratio, rel=1e-12)
    # the closest point is the lowest ratio on a grid of the two ranges
    lv = resolve_levers(sc, ["hardening", "electricity"])
    m = _Model(sc, lv)
    g = np.array([[a, b] for a in np.linspace(*lv[0].z_bounds(), 9)
                  for b in np.linspace(*lv[1].z_bounds(), 9)])  # fmt: skip
    assert r.ratio <= m.ratio(g).min() * (1 + 1e-9)


def test_distribution_ranges_are_used():
    r = parity("uncertain-2030", ["launch"], design="as-given")
    (lv,) = r.levers
    assert lv.range_source == "the scenario's distribution"
    assert lv.low == pytest.approx(30.0) and lv.high == pytest.approx(3000.0)


def test_deterministic():
    a = parity("starship-2030", target=2.0, seed=3, design="as-given").to_dict()
    b = parity("starship-2030", target=2.0, seed=3, design="as-given").to_dict()
    assert a == b


@pytest.mark.parametrize(
    ("levers", "target", "match"),
    [
        (["nope"], 1.0, "lever"),
        (["latency.route_factor"], 1.0, "moves the cost"),
        (["launch.dedicated"], 1.0, "continuous"),
        (["launch", "launch"], 1.0, "once"),
        (None, 0.0, "> 0"),
        (None, -2.0, "> 0"),
        (None, float("nan"), "> 0"),
    ],
)
def test_bad_input(levers, target, match):
    with pytest.raises(ScenarioError, match=match):
        parity("today", levers, target, design="as-given")


@pytest.mark.parametrize(
    "args",
    [
        ["--levers", "nope"],
        ["--levers", "latency.route_factor"],
        ["--levers", "launch,,array"],
        ["--target", "0"],
        ["--target", "-1"],
    ],
)
def test_cli_bad_input_one_line_exit_2(args):
    code, out, err = invoke(["parity", *args])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_cli_json_and_csv():
    code, out, err = invoke(["parity", "starship-2030", "--target", "2", "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.parity/1" and doc["ratio"] == pytest.approx(2.0)
    assert len(doc["levers"]) == 8 and doc["set"]
    code, out, err = invoke(["parity", "--levers", "launch,array", "-f", "csv"])
    assert code == 0 and out.startswith("lever,") and out.count("\n") == 3
