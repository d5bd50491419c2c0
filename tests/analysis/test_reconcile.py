"""reconcile: one table, exact waterfalls from each published figure to our default."""

import json
import math

import numpy as np
import pytest

from orbitcompute.analysis.headline import headline
from orbitcompute.analysis.reconcile import (
    ARITHMETIC,
    NOT_ASSUMPTIONS,
    category,
    log_shares,
    reconcile,
)
from orbitcompute.audit.study import load_study, study_names
from orbitcompute.cli.common import invoke
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def result():
    return reconcile()


def test_every_study_is_a_row(result):
    assert [s.name for s in result.studies] == study_names()
    assert len(result.studies) >= 8


def test_waterfalls_sum_exactly_to_the_gap(result):
    for s in result.studies:
        total = math.fsum(st.delta for st in s.steps)
        assert abs(total - (s.ours - s.figure)) <= 1e-9 * max(1.0, abs(s.ours)), s.name
        assert s.steps[-1].value_after == s.ours
        prev = s.figure
        for st in s.steps:
            assert st.value_after - prev == pytest.approx(st.delta, rel=1e-12, abs=1e-15)
            prev = st.value_after
        assert all(math.isfinite(st.delta) for st in s.steps)
        assert sum(log_shares(s)) == pytest.approx(1.0)


def test_ends_are_the_model_itself(result):
    """(3) is evaluate() on the study's inputs; (4) is what compare headlines for today."""
    today = evaluate(headline(load_scenario(None)).scenario.params()).row(0)["ratio"]
    for s in result.studies:
        assert s.ours == pytest.approx(today, rel=1e-12)
        st = load_study(s.name)
        v = st.values()
        r = evaluate({k: np.array([x]) for k, x in v.items()}).row(0)["ratio"]
        assert s.full_model == pytest.approx(r, rel=1e-12), s.name


def test_reproduced_rows_within_5_percent(result):
    for s in result.studies:
        rep = s.reproduction
        if rep.status == "reproduced":
            assert all(abs(c.deviation) <= 0.05 for c in rep.checks), s.name
            assert s.steps[0].label == ARITHMETIC
        else:
            assert rep.ratio is None and rep.note


def test_steps_are_groups_of_their_assumptions(result):
    for s in result.studies:
        for st in s.steps:
            if st.label in NOT_ASSUMPTIONS:
                continue
            names = [part.split(":")[0] for part in st.note.split("; ")]
            groups = st.label.split(" + ")  # groups swapped together when apart unbuildable
            assert names and all(category(n) in groups for n in names), (s.name, st.label)


def test_separators_ranked_with_camp_values(result):
    seps = result.separators
    assert 1 <= len(seps) <= 5
    shares = [x.share for x in seps]
    assert shares == sorted(shares, reverse=True) and 0 < shares[0] <= 1
    assert all(x.category not in NOT_ASSUMPTIONS for x in seps)
    launch = next(x for x in seps if x.category == "launch price")
    assert launch.optimistic and launch.pessimistic and "USD/kg" in launch.sentence
    assert 0 < result.structure < 1


def test_subset_and_vs():
    r = reconcile(["mccalip", "turyshev"], vs="starship-2030")
    assert [s.name for s in r.studies] == ["mccalip", "turyshev"]
    want = evaluate(headline(load_scenario("starship-2030")).scenario.params()).row(0)["ratio"]
    assert r.ours == pytest.approx(want, rel=1e-12)


def test_unknown_study():
    with pytest.raises(ScenarioError, match="published study"):
        reconcile(["nope"])


def test_cli_formats_and_png(tmp_path):
    png = tmp_path / "r.png"
    code, out, err = invoke(["reconcile", "starcloud", "mccalip", "-f", "json", "--png", str(png)])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.reconcile/1" and len(doc["studies"]) == 2
    w = doc["studies"][0]["waterfall"]
    assert w["sum_of_steps"] == pytest.approx(w["gap"], rel=1e-9)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, err = invoke(["reconcile", "turyshev", "-f", "csv"])
    assert code == 0 and out.startswith("section,") and "step,turyshev" in out
    code, out, err = invoke(["reconcile", "woodmac"])
    assert code == 0 and "slip" in out


def test_cli_unknown_study_one_line(tmp_path):
    png = tmp_path / "r.png"
    code, out, err = invoke(["reconcile", "today", "--png", str(png)])
    assert code == 2 and len(err.strip().splitlines()) == 1 and "STUDY" in err
    assert not png.exists() and out == ""
