"""Workload fit: training traffic from first principles, link-bound clusters, bad inputs.

References
----------
- Kaplan et al., "Scaling Laws for Neural Language Models" (2020) eq. 2.1: 6 FLOPs per parameter
  per training token, 2 per inference token.
- Patarasuk & Yuan, J. Parallel Distrib. Comput. 69, 117 (2009): ring all-reduce moves
  2 (n - 1) / n of the buffer per participant.
- Meta, "The Llama 3 Herd of Models" (2024): 405B, TP 8 / PP 16, 16M-token batches, ~40 % MFU.
"""

from __future__ import annotations

import pytest

from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import ground_volume
from orbitcompute.links.workloads import fit_training, training_traffic


def test_training_traffic_matches_hand_calculation():
    v = {
        "cluster.it_power": 1.0e6,
        "satellite.it_power": 20e3,
        "compute.accelerator_power": 1000.0,
        "workload.model_parameters": 70e9,
        "workload.global_batch_tokens": 4e6,
        "workload.tensor_parallel": 8,
        "workload.pipeline_parallel": 5,
        "workload.hidden_size": 8192,
    }
    tr = training_traffic(v)
    # 1,000 accelerators, 20 per satellite, replica 40 = 2 satellites, DP = 25.
    assert tr["data_parallel"] == 25
    assert tr["satellites_per_replica"] == pytest.approx(2.0)
    t_c = 6 * 70e9 * 4e6 / (1000 * 2.25e15 * 0.4)
    assert tr["step_compute_time"] == pytest.approx(t_c)
    grad_bits = 70e9 * 16  # bf16
    assert tr["allreduce_bits"] == pytest.approx(2 * 24 / 25 * grad_bits / 2)
    act = 2 * (4e6 / 25) * 8192 * 16 * (2 - 1) / 2
    assert tr["pipeline_bits"] == pytest.approx(act)


def test_training_on_too_thin_links_is_link_bound():
    # Starlink-class spacing (5,400 km) instead of a 200 m formation.
    thin = fit_training({"links.isl_distance": 5.4e6})
    assert thin.link_bound
    assert thin.binding_link == "inter-satellite"
    assert thin.busy_fraction < 0.1
    assert "LINK-BOUND" in thin.verdict


def test_formation_links_keep_training_busy():
    ok = fit_training(None)
    assert ok.busy_fraction > 0.95
    assert not ok.link_bound


def test_step_time_combines_compute_and_exposed_comms():
    f = fit_training({"links.isl_distance": 1e6, "workload.comm_overlap": 0.0})
    d = f.details
    assert d["step_time"] == pytest.approx(d["step_compute_time"] + d["step_comm_time"])
    assert f.busy_fraction == pytest.approx(d["step_compute_time"] / d["step_time"])


def test_ground_volume_is_positive_and_linear_in_terminals():
    v = ground_volume(None)
    assert v["cluster_daily_volume"] > 0
    assert 0 < v["any_contact_fraction"] < 1
    assert ground_volume(None, terminals=3)["mean_rate"] == pytest.approx(3 * v["mean_rate"])


def test_tensor_parallel_larger_than_satellite_rejected():
    with pytest.raises(ScenarioError, match="tensor_parallel"):
        training_traffic({"workload.tensor_parallel": 512})


def test_summary_for_verdict():
    from orbitcompute.analysis.links import summary

    s = summary({"links.isl_distance": 5.4e6}, hours=2.0, step=600.0)
    assert s["links.pretraining.link_bound"] == 1.0  # thin ISLs cannot carry the all-reduce
    assert 0 <= s["latency.share_faster_cluster"] <= s["latency.share_faster_from_orbit"] <= 1
    assert s["links.interactive_inference.utilization"] <= s["links.ground_contact_fraction"]
