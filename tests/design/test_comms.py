"""Comms sizing: terminals from the workload, what the links let the cluster deliver.

Properties (hypothesis, bounded examples): more traffic never raises the delivered share, more
terminals allowed never lower it, a workload without traffic needs no terminals and loses
nothing; hand-checked sizing for one class.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.design.comms import size_comms
from orbitcompute.links.capacity import pipe_capacity
from orbitcompute.links.traffic import CLASSES
from orbitcompute.model import complete

INTENSITIES = ("uplink", "downlink", "checkpoint", "isl")


def one_hot(name: str) -> dict[str, float]:
    return {f"traffic.mix.{c}": float(c == name) for c in CLASSES}


def silent() -> dict[str, float]:
    return {f"traffic.{c}.{q}": 0.0 for c in CLASSES for q in INTENSITIES}


def run(**given) -> dict[str, float]:
    p, _ = complete(given)
    return {k: float(np.ravel(v)[0]) for k, v in size_comms(p).items()}


def test_no_traffic_needs_no_terminals_and_loses_nothing():
    for c in CLASSES:
        r = run(**one_hot(c), **silent())
        assert r["links.utilization"] == 1.0
        assert r["links.link_bound"] == 0.0
        for k in ("links.ground_terminals", "links.space_terminals", "links.terminal_mass"):
            assert r[k] == 0.0, (c, k)
        assert r["links.sites"] == 0.0


def test_batch_inference_sizing_by_hand():
    given = {**one_hot("batch_inference"), "links.ground_terminals_per_station": 20}
    p, _ = complete(given)
    r = run(**given)
    cap = pipe_capacity(p)
    n_acc = float(p["cluster.it_power"] / p["compute.accelerator_power"])
    flops = n_acc * float(p["workload.accelerator_peak_flops"] * p["workload.inference_mfu"])
    up = flops * float(p["traffic.batch_inference.uplink"])
    assert r["links.uplink_need"] == pytest.approx(up)
    # Buffered (24 h tolerance): terminals per site = ceil(mean need / mean rate per site-set).
    per_site = np.ceil(up / float(np.ravel(cap["set_rate"])[0]))
    assert r["links.terminals_per_site"] == per_site
    assert r["links.ground_terminals"] == per_site * 15
    assert r["links.utilization"] == 1.0
    assert r["links.live_share"] == 0.0


def test_interactive_inference_is_served_only_in_clear_contact():
    r = run(**one_hot("interactive_inference"))
    assert r["links.live_share"] == 1.0
    assert r["links.utilization"] == pytest.approx(r["links.availability"])
    assert r["links.capacity_margin"] > 1  # the pipe is wide enough; contact time binds
    assert r["links.link_bound"] == 1.0


def test_vectorized_equals_one_at_a_time():
    rng = np.random.default_rng(7)
    n = 5
    given = {
        "traffic.mix.pretraining": np.full(n, 0.5),
        "traffic.mix.interactive_inference": np.full(n, 0.5),
        "traffic.interactive_inference.uplink": rng.uniform(0, 1e-9, n),
        "traffic.pretraining.checkpoint": rng.uniform(0, 2e-9, n),
        "links.ground_terminals_per_station": rng.integers(1, 8, n).astype(float),
        "network.weather_factor": rng.uniform(0.5, 1.2, n),
    }
    many = size_comms(complete(given)[0])
    for i in range(n):
        one = run(**{k: v[i] for k, v in given.items()})
        for k, v in one.items():
            assert v == pytest.approx(np.broadcast_to(many[k], (n,))[i], rel=1e-12), k


classes = st.sampled_from(CLASSES)
scale = st.floats(1.0, 1e3)


@settings(max_examples=40, deadline=None)
@given(classes, st.sampled_from(INTENSITIES), st.floats(0.0, 1e-6), scale)
def test_more_traffic_never_raises_utilization(name, quantity, base, factor):
    key = f"traffic.{name}.{quantity}"
    lo = run(**one_hot(name), **{key: base})
    hi = run(**one_hot(name), **{key: base * factor})
    assert hi["links.utilization"] <= lo["links.utilization"] + 1e-12


@settings(max_examples=40, deadline=None)
@given(classes, st.integers(1, 19), st.integers(1, 15))
def test_more_terminals_never_lower_capacity(name, terminals, isl):
    base = {**one_hot(name), "links.isl_terminals_per_satellite": isl}
    lo = run(**base, **{"links.ground_terminals_per_station": terminals})
    hi = run(**base, **{"links.ground_terminals_per_station": terminals + 1})
    assert hi["links.utilization"] >= lo["links.utilization"] - 1e-12
    assert hi["links.capacity_margin"] >= lo["links.capacity_margin"] - 1e-12
    more_isl = run(
        **{**base, "links.isl_terminals_per_satellite": isl + 1},
        **{"links.ground_terminals_per_station": terminals},
    )
    assert more_isl["links.utilization"] >= lo["links.utilization"] - 1e-12
