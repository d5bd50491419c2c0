"""Every output of every preset equals the reference written before the speed work (issue 21).

The reference ``preset_outputs.json`` was generated from main's code (its ``generated_from``)
by ``tests/regression/regen_fixture.py --regen``, without any change of issue 21; a speed change
must not move any output beyond 1e-12 relative (NaN stays NaN, exact zeros and integer codes
stay exact). The headline design of a free preset is stored with the fixture, so this checks the
model at the design ``orbitcompute compare`` headlines without rerunning the search.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from orbitcompute.analysis.montecarlo import run_montecarlo
from orbitcompute.model import evaluate_ground_options
from orbitcompute.scenario import load_scenario, preset_names

from .regen_fixture import FIXTURE, outputs

REF = json.loads(FIXTURE.read_text())
RTOL = 1e-12


def _same(got: dict[str, float], ref: dict[str, float], where: str) -> None:
    assert set(got) >= set(ref), f"{where}: outputs missing {sorted(set(ref) - set(got))}"
    bad = []
    for k, r in ref.items():
        g = got[k]
        if math.isnan(r) or math.isnan(g):
            ok = math.isnan(r) and math.isnan(g)
        else:
            ok = g == r or abs(g - r) <= RTOL * max(abs(r), abs(g))
        if not ok:
            bad.append(f"{k}: {g!r} != {r!r}")
    assert not bad, f"{where}: " + "; ".join(bad[:10])


def test_fixture_covers_every_preset():
    assert sorted(REF["presets"]) == sorted(preset_names())


@pytest.mark.parametrize("name", sorted(REF["presets"]))
def test_preset_outputs_unchanged(name):
    ref = REF["presets"][name]
    sc = load_scenario(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _same(outputs(sc.values), ref["as_given"], f"{name} as given")
        if "headline" in ref:
            _same(
                outputs({**sc.values, **ref["headline_params"]}),
                ref["headline"],
                f"{name} headline",
            )
        rows = evaluate_ground_options(sc.values)
        for opt, r in ref["ground_options"].items():
            _same(rows[opt], r, f"{name} ground option {opt}")


@pytest.mark.parametrize("name", sorted(k for k, v in REF["presets"].items() if "montecarlo" in v))
def test_montecarlo_summary_unchanged(name):
    ref = REF["presets"][name]["montecarlo"]
    res = run_montecarlo(load_scenario(name), ref["n"], seed=ref["seed"])
    assert res.n_infeasible == ref["n_infeasible"]
    assert res.p_orbit_cheaper == ref["p_orbit_cheaper"]
    got = res.stats.to_dict(orient="index")
    for out, row in ref["stats"].items():
        _same(got[out], row, f"{name} Monte Carlo {out}")
    assert np.isfinite(res.p_orbit_cheaper)
