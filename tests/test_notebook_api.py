"""The Python API a notebook uses (issue 20): Results is a Mapping with a short repr and a
summary, the main analyses return pandas or xarray objects, plotting functions return their
figure, and no attribute of the package changes type after an import."""

from __future__ import annotations

import collections.abc
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import orbitcompute as oc
from orbitcompute.cli.common import invoke
from orbitcompute.model import SUMMARY, evaluate
from orbitcompute.registry import outputs

SRC = str(Path(__file__).resolve().parents[1] / "src")


# --------------------------------------------------------------------------------------------
# Results


def test_results_is_a_mapping():
    res = evaluate({})
    assert isinstance(res, collections.abc.Mapping)
    assert len(res) == len(list(res)) == len(res.keys()) > 100
    assert "ratio" in res and "no.such.output" not in res
    assert res.get("no.such.output") is None
    d = dict(res)
    assert set(d) == set(res) and d["ratio"] is res["ratio"]
    assert all(name in outputs() for name in res)  # every key is a row of the outputs table
    assert res == res and res != evaluate({})  # identity: arrays have no single truth value


def test_results_repr_is_short():
    one = repr(evaluate({}))
    many = repr(evaluate({"launch.price_per_kg": np.geomspace(100, 3000, 1000)}))
    for text in (one, many):
        assert "\n" not in text and len(text) < 160, text
        assert "orbit" in text and "USD/h" in text and "ratio" in text
    assert one.startswith("Results(1 sample x ")
    assert many.startswith("Results(1,000 samples x ") and "(medians)" in many


def test_summary_in_display_units():
    res = evaluate({})
    s = res.summary()
    assert list(s.columns) == ["label", "value", "unit"]
    assert list(s.index) == list(SUMMARY)
    # fleet mass: the model returns kg, the outputs table shows t (1 t = 1000 kg)
    assert s.loc["orbit.total_mass", "unit"] == "t"
    assert s.loc["orbit.total_mass", "value"] == pytest.approx(res["orbit.total_mass"][0] / 1e3)
    assert s.loc["orbit.cost_per_gpu_hour", "label"].startswith("orbit: ")
    lines = res.summary(["orbit.cost.*"])
    assert lines["value"].sum() == pytest.approx(res["orbit.cost_per_gpu_hour"][0])
    many = evaluate({"launch.price_per_kg": np.array([100.0, 1000.0, 3000.0])}).summary()
    assert list(many.columns) == ["label", "mean", "p5", "p50", "p95", "unit"]
    with pytest.raises(KeyError):
        res.summary(["orbit.nope"])


# --------------------------------------------------------------------------------------------
# Attributes of the package


PROBE = """
import importlib, json, pkgutil, orbitcompute as oc
before = {n: type(getattr(oc, n)).__name__ for n in oc.__all__}
calls = [len(oc.registry())]
oc.load_scenario("today")
for m in pkgutil.walk_packages(oc.__path__, "orbitcompute."):
    if not m.name.startswith(("orbitcompute.web", "orbitcompute.__main__")):
        importlib.import_module(m.name)
after = {n: type(getattr(oc, n)).__name__ for n in oc.__all__}
calls.append(len(oc.registry()))
print(json.dumps({"before": before, "after": after, "calls": calls}))
"""


def test_no_attribute_changes_type_after_an_import():
    """In a fresh interpreter: every public name has the same type before and after
    load_scenario() and the import of every module; oc.registry() works both times."""
    r = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"},
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout.strip().splitlines()[-1])
    assert doc["before"] == doc["after"]
    assert doc["calls"][0] == doc["calls"][1] > 100
    assert doc["before"]["registry"] == "_CallableModule"
    assert doc["before"]["compare"] == "function"


def test_public_names():
    for name in (
        "compare",
        "montecarlo",
        "sensitivity",
        "breakeven",
        "simulate",
        "optimize",
        "parity",
        "outlook",
    ):
        assert name in oc.__all__ and callable(getattr(oc, name))
    assert oc.registry.registry() is oc.registry()
    with pytest.raises(AttributeError):
        oc.no_such_name  # noqa: B018


# --------------------------------------------------------------------------------------------
# Analyses


def test_compare_frame_matches_the_cli():
    df = oc.compare("today", {"launch.price_per_kg": 500}, design="as-given")
    assert isinstance(df, pd.DataFrame)
    assert {"label", "orbit", "grid", "gas", "nuclear", "solar_storage", "unit"} <= set(df)
    code, out, err = invoke(
        ["compare", "--set", "launch.price_per_kg=500", "--design", "as-given", "-f", "json"]
    )
    doc = json.loads(out)
    head = doc["headline"]
    assert df.loc["orbit.cost_per_gpu_hour", "orbit"] == pytest.approx(
        head["orbit_cost_per_gpu_hour"]
    )
    sel = df.attrs["selected"]
    assert df.loc["orbit.cost_per_gpu_hour", sel] == pytest.approx(head["ground_cost_per_gpu_hour"])
    lines = df[df.index.str.startswith("cost.")]
    assert lines["orbit"].sum() == pytest.approx(head["orbit_cost_per_gpu_hour"])
    assert "orbit" in df.attrs["headline"] and df.attrs["document"]["schema"]


def test_montecarlo_sensitivity_breakeven_return_frames():
    mc = oc.montecarlo("uncertain-2030", n=400, seed=1)
    assert isinstance(mc, pd.DataFrame) and "ratio" in mc.index and "p50" in mc
    assert mc.attrs["probability"].startswith("P(orbit cheaper)") and mc.attrs["n"] == 400
    tor = oc.sensitivity("uncertain-2030", method="tornado")
    assert isinstance(tor, pd.DataFrame) and len(tor) > 3 and "label" in tor
    be = oc.breakeven("today", param="launch.price_per_kg", design="as-given")
    assert isinstance(be, pd.DataFrame) and "breakeven" in be.attrs["message"]


def test_simulate_returns_a_dataset():
    xr = pytest.importorskip("xarray")
    ds = oc.simulate("today", days=1, step=600, planes=2, design="as-given")
    assert isinstance(ds, xr.Dataset)
    assert ds.attrs["layout"].startswith("layout: the priced design")
    assert 0 < ds.attrs["sunlit_fraction_mean"] <= 1 and ds.sizes["satellite"] == 2


def test_optimize_returns_a_frame():
    df = oc.optimize("today", grid=64)
    assert isinstance(df, pd.DataFrame) and "optimized" in df and "satellite.it_power" in df.index
    assert df.attrs["cost"] <= df.attrs["cost_as_given"] + 1e-9


# --------------------------------------------------------------------------------------------
# Figures


def test_plot_functions_return_figures(tmp_path):
    from matplotlib.figure import Figure

    from orbitcompute.analysis.breakeven import frontier, plot_frontier
    from orbitcompute.analysis.montecarlo import plot_ratio, run_montecarlo
    from orbitcompute.analysis.sensitivity import plot_sensitivity, run_sensitivity
    from orbitcompute.scenario import load_scenario
    from orbitcompute.sim.plots import sim_figure

    sc = load_scenario("uncertain-2030")
    figures = {
        "ratio": lambda p: plot_ratio(run_montecarlo(sc, 300), p),
        "tornado": lambda p: plot_sensitivity(run_sensitivity(sc, "tornado"), p),
        "frontier": lambda p: plot_frontier(
            frontier(load_scenario("today"), "launch.price_per_kg", "satellite.lifetime", 5), p
        ),
    }
    for name, draw in figures.items():
        assert isinstance(draw(None), Figure), name  # returned, nothing written
        path = tmp_path / f"{name}.png"
        fig = draw(path)
        assert isinstance(fig, Figure) and path.stat().st_size > 5_000
    fig, info = sim_figure(load_scenario("today").values, "2026-03-01", trace_day=0, step=300)
    assert isinstance(fig, Figure) and "max_eclipse_min" in info
    assert not list(tmp_path.glob(".*.tmp"))


def test_parity_frame_reaches_the_target():
    """``oc.parity``: the returned point, fed back to the model as ``--set``, gives the target
    ratio (the model is the reference: evaluate() at that point, independently of the search)."""
    f = oc.parity("today", samples=256)
    assert {"launch", "satellite", "lifetime"} <= set(f.index)
    assert {"label", "unit", "current", "required", "low", "high"} <= set(f.columns)
    launch = f.loc["launch"]
    assert launch["unit"] == "USD/kg" and launch["current"] == pytest.approx(3600)
    assert f.attrs["reachable"]
    assert (f["low"] <= f["required"]).all() and (f["required"] <= f["high"]).all()
    at = evaluate(oc.load_scenario("today", f.attrs["set"]).params())["ratio"][0]
    assert at == pytest.approx(1.0, rel=0.02)


def test_outlook_is_a_dataset_by_year():
    ds = oc.outlook("today", n=200, years=(2026, 2030))
    assert list(ds["year"].values) == [2026, 2027, 2028, 2029, 2030]
    r = ds["ratio"].transpose("percentile", "year").values
    assert np.all(np.diff(r, axis=0) >= 0)  # percentiles in order, every year
    assert ds.attrs["parity"].startswith("Parity") and ds.attrs["race"]
