"""Shipped presets load, cite their source, evaluate, and agree with the audit inputs."""

import math

import numpy as np
import pytest

from orbitcompute.audit import AUDITS
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario, preset_names

NEW = ["starcloud", "suncatcher", "mccalip", "starship-2030", "optimist", "skeptic"]


def test_presets_shipped():
    assert set(NEW) <= set(preset_names())


@pytest.mark.parametrize("name", NEW)
def test_preset_loads_and_evaluates(name):
    sc = load_scenario(name)
    assert sc.meta.title and sc.meta.year and sc.meta.basis and sc.meta.source
    res = evaluate(sc.params())
    assert res.infeasible_reason(0) is None
    row = res.row(0)
    assert math.isfinite(row["orbit.cost_per_gpu_hour"]) and row["orbit.cost_per_gpu_hour"] > 0


@pytest.mark.parametrize("name", ["starcloud", "suncatcher", "mccalip"])
def test_preset_matches_audit_inputs(name):
    """Every value the preset sets equals the audit's design or 'their' value (one source)."""
    spec = AUDITS[name]
    sc = load_scenario(name)
    base = load_scenario(None)
    expected = dict(spec.design)
    for a in spec.assumptions:
        expected.update(a.theirs)
    changed = [k for k in sc.values if not math.isclose(sc.values[k], base.values[k])]
    assert changed
    for k in changed:
        assert k in expected, f"{name}.toml sets {k}, which the audit does not know"
        assert sc.values[k] == pytest.approx(expected[k], rel=1e-3), k


def test_baselines_order():
    """Cited levers move orbit's cost the expected way: optimist < starship-2030 < today."""
    cost = {
        n: evaluate(load_scenario(n).params()).row(0)["orbit.cost_per_gpu_hour"]
        for n in ["optimist", "starship-2030", "today", "skeptic"]
    }
    assert cost["optimist"] < cost["starship-2030"] < cost["today"]
    assert cost["skeptic"] > cost["starship-2030"]
    assert np.isfinite(list(cost.values())).all()
