"""verdict's last two sections come from parity and reconcile (one truth each)."""

import pytest

from orbitcompute.analysis.parity import parity, summary
from orbitcompute.analysis.verdict import build_verdict
from orbitcompute.audit.study import load_study, study_names
from orbitcompute.cli.common import invoke
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def doc():
    return build_verdict(load_scenario("starship-2030"), samples=200)


def test_what_would_have_to_be_true_is_parity(doc):
    sec = doc["what_would_have_to_be_true"]
    par = parity("starship-2030", design="as-given")  # build_verdict gets the headline design
    assert sec["text"] == summary(par) and sec["ratio"] == pytest.approx(par.ratio, rel=1e-12)
    assert sec["set"] == (par.overrides() if par.reachable else [])


def test_published_estimates_are_the_presets(doc):
    sec = doc["published_estimates"]
    assert [s["name"] for s in sec["studies"]] == study_names()
    for s in sec["studies"]:
        assert s["published"] == load_study(s["name"]).published.figure
    ratio = doc["overall"]["ratio"]
    assert sec["below"] == sum(s["published"] < ratio for s in sec["studies"])
    assert f"{ratio:.3g}x" in sec["text"]


def test_table_shows_both_sections():
    code, out, err = invoke(["verdict", "--samples", "200"])
    assert code == 0, err
    assert "What would have to be true" in out and "among published estimates" in out
