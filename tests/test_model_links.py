"""The data bottleneck inside ``evaluate()`` (issue 16): properties and agreement.

- a workload with no traffic reproduces the model without data links exactly (every output);
- more traffic never lowers the orbital cost; more terminals allowed never lower capacity;
- ``orbitcompute links`` (exact contact geometry, the same sizing function) and ``evaluate()``
  agree on capacity and on what each class delivers;
- the verdict's data-transmission row is the model's output; ``--workload`` and bad mixes on
  the command line.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.analysis.links import class_table, links_report
from orbitcompute.analysis.verdict import rows
from orbitcompute.cli.common import invoke
from orbitcompute.design.orbital import size_orbital
from orbitcompute.economics.costs import orbit_costs
from orbitcompute.ground import ground_options
from orbitcompute.links.traffic import CLASSES
from orbitcompute.model import complete, evaluate
from orbitcompute.reliability.fleet import ground_reliability, orbit_reliability
from orbitcompute.scenario import load_scenario

INTENSITIES = ("uplink", "downlink", "checkpoint", "isl")
SILENT = {f"traffic.{c}.{q}": 0.0 for c in CLASSES for q in INTENSITIES}


def one_hot(name: str) -> dict[str, float]:
    return {f"traffic.mix.{c}": float(c == name) for c in CLASSES}


def test_zero_traffic_reproduces_the_model_without_links_exactly():
    base = load_scenario("today").values
    res = evaluate({**base, **SILENT}).row(0)
    p, shape = complete(base)
    # today's chain without any data links: design, reliability, costs, ground options
    d = size_orbital(p)
    orel = orbit_reliability(p, d["n_satellites"])
    oc = orbit_costs(p, d, orel)
    extra, gc = ground_options(p, ground_reliability(p), shape, d, orel, oc)
    chain = {
        **{f"orbit.{k}": v for k, v in d.items()},
        **{f"orbit.{k}": v for k, v in oc.items()},
        **{f"ground.{k}": v for k, v in gc.items()},
        **extra,
    }
    for k, v in chain.items():
        assert res[k] == float(np.ravel(v)[0]), k
    assert res["orbit.links.utilization"] == 1.0
    assert res["orbit.data_cost_per_gpu_hour"] == 0.0 == res["ground.cost.transit"]


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(CLASSES),
    st.sampled_from(INTENSITIES),
    st.floats(1e-12, 1e-6),
    st.floats(1.0, 100.0),
)
def test_more_traffic_never_lowers_cost(name, quantity, base, factor):
    key = f"traffic.{name}.{quantity}"
    r = evaluate({**one_hot(name), key: np.array([base, base * factor])})
    cost = r["orbit.cost_per_gpu_hour"]
    assert cost[1] >= cost[0] * (1 - 1e-12) or np.isnan(cost).all()
    assert r["ground.cost_per_gpu_hour"][1] >= r["ground.cost_per_gpu_hour"][0]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(CLASSES), st.integers(1, 19))
def test_more_terminals_never_lower_capacity(name, terminals):
    r = evaluate(
        {
            **one_hot(name),
            "links.ground_terminals_per_station": np.array([terminals, terminals + 1]),
        }
    )
    util = r["orbit.links.utilization"]
    assert util[1] >= util[0]
    assert r["orbit.links.capacity_margin"][1] >= r["orbit.links.capacity_margin"][0]


def test_links_and_evaluate_agree_on_capacity():
    sc = load_scenario("today")
    rep = links_report(sc.values)
    res = evaluate(sc.params()).row(0)
    # Exact time series at the scenario's orbit vs the interpolated contact grid: within 3 %.
    per_set = rep["ground"]["per_terminal_set"]["mean_rate"]
    sized = res["orbit.links.ground_capacity"] / res["orbit.links.terminals_per_site"]
    assert sized == pytest.approx(per_set, rel=0.03)
    # What each class delivers: the same function, so the same numbers.
    table = class_table(sc.values)
    for i, c in enumerate(CLASSES):
        r = evaluate(load_scenario("today", [f"traffic.workload={c}"]).params()).row(0)
        assert table["links.utilization"][i] == r["orbit.links.utilization"], c
        entry = next(w for w in rep["workloads"] if w["workload"] == c)
        assert entry["utilization"] == r["orbit.links.utilization"], c


def test_link_bound_cost_is_the_idle_share():
    r = evaluate(load_scenario("today", ["traffic.workload=interactive_inference"]).params())
    row = r.row(0)
    assert row["orbit.links.link_bound"] == 1.0
    # GPU-hours delivered scale with the utilization (idle compute is paid, not delivered).
    free = evaluate(
        {**load_scenario("today", ["traffic.workload=interactive_inference"]).params(), **SILENT}
    ).row(0)
    ratio = row["orbit.gpu_hours_per_year"] / free["orbit.gpu_hours_per_year"]
    assert ratio == pytest.approx(row["orbit.links.utilization"], rel=1e-12)


def test_verdict_data_row_is_the_model_output():
    sc = load_scenario("today")
    r = evaluate(sc.params()).row(0)
    row = next(x for x in rows(sc.values, r) if x["topic"] == "data transmission")
    assert row["orbit"] == pytest.approx(r["orbit.data_cost_per_gpu_hour"]) and row["orbit"] > 0
    assert row["ground"] == pytest.approx(r["ground.cost.transit"])
    assert row["winner"] == "ground" and row["unit"] == "USD/h"
    silent = load_scenario("today", [f"{k}=0" for k in SILENT])
    r0 = evaluate(silent.params()).row(0)
    row0 = next(x for x in rows(silent.values, r0) if x["topic"] == "data transmission")
    assert row0["orbit"] == row0["ground"] == 0.0 and row0["winner"] == "tie"


def test_compare_workload_option_and_bad_mix():
    code, out, err = invoke(["compare", "--workload", "interactive_inference", "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    assert doc["results_si"]["orbit.links.utilization"] < 0.5  # contact time and clouds
    assert doc["results_si"]["orbit.links.link_bound"] == 1.0
    for args, key in (
        (["compare", "--workload", "mining"], "--workload"),
        (["compare", "--set", "traffic.mix.finetuning=0.5"], "traffic.mix"),
        (["verdict", "--set", "traffic.pretraining.uplink=-1"], "traffic.pretraining.uplink"),
        (["compare", "--set", "traffic.workload=video"], "traffic.workload"),
    ):
        code, out, err = invoke(args)
        assert code == 2 and out == "" and key in err and err.count("\n") == 1, args


def test_monte_carlo_and_tornado_vary_traffic_and_weather():
    from orbitcompute.analysis.montecarlo import run_montecarlo
    from orbitcompute.analysis.sensitivity import run_sensitivity

    sc = load_scenario(
        "today",
        [
            'network.weather_factor={dist="uniform", low=0.6, high=1.2}',
            'traffic.pretraining.checkpoint={dist="loguniform", low=1e-11, high=3e-9}',
        ],
    )
    mc = run_montecarlo(sc, 2000, seed=0)
    # Light checkpoints fit (the default design's ratio); heavy ones make the cluster link-bound.
    assert mc.stats.loc["ratio", "p5"] == pytest.approx(
        evaluate(load_scenario("today").params()).ratio[0], rel=0.01
    )
    assert mc.stats.loc["ratio", "p95"] > 1.5 * mc.stats.loc["ratio", "p5"]
    tornado = run_sensitivity(sc, "tornado", 64, seed=0).table
    assert list(tornado.index) == ["traffic.pretraining.checkpoint", "network.weather_factor"]
