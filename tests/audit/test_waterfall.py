"""The attribution waterfall bridges (b) to (c) exactly, and (c) is our model's own answer."""

import math

import numpy as np
import pytest

from orbitcompute.audit import AUDITS, run
from orbitcompute.audit.core import our_params, their_params
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario

NAMES = sorted(AUDITS)


@pytest.fixture(scope="module", params=NAMES)
def result(request):
    return run(request.param)


def test_steps_sum_exactly_to_gap(result):
    total = math.fsum(s.delta for s in result.steps)
    gap = result.full_model - result.reproduced_metric
    assert total == pytest.approx(gap, rel=1e-12, abs=1e-12 * abs(result.full_model))
    assert result.steps[-1].value_after == result.full_model
    assert all(math.isfinite(s.delta) for s in result.steps)


def test_chain_is_consistent(result):
    prev = result.reproduced_metric
    for s in result.steps:
        assert s.value_after - prev == pytest.approx(s.delta, rel=1e-12, abs=1e-15)
        prev = s.value_after


def test_full_model_is_evaluate_on_design_with_defaults(result):
    spec = result.spec
    values = dict(load_scenario(None).values)
    values.update(spec.design)
    row = evaluate({k: np.array([v]) for k, v in values.items()}).row(0)
    assert spec.metric_of(row, values) == pytest.approx(result.full_model, rel=1e-12)


def test_every_assumption_differs_from_ours():
    # An assumption equal to our default would be a fake step.
    for spec in AUDITS.values():
        ours = our_params(spec)
        for a in spec.assumptions:
            assert any(not math.isclose(v, ours[k]) for k, v in a.theirs.items()), a.label
        theirs = their_params(spec)
        assert set(theirs) == set(ours)


def test_json_document(result):
    doc = result.to_dict()
    assert doc["schema"] == "orbitcompute.audit/1"
    w = doc["waterfall"]
    assert w["sum_of_steps"] == pytest.approx(w["gap"], rel=1e-12, abs=1e-12)
    assert doc["finding"]
    assert len(w["steps"]) == len(result.spec.assumptions) + 1
