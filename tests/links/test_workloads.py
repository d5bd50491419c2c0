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

import numpy as np
import pytest

from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import fleet, ground_volume
from orbitcompute.links.workloads import fit, fit_training, training_traffic

#: A fixed ground volume so that these tests do not depend on the orbit simulation.
VOLUME = {
    "cluster_daily_volume": 1e15,
    "per_satellite_daily_volume": 1e12,
    "mean_rate": 1e15 / 86400,
    "any_contact_fraction": 0.1,
}


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
    thin = fit_training({"links.isl_distance": 5.4e6}, volume=VOLUME, cost=10.0)
    assert thin.link_bound
    assert thin.binding_link == "inter-satellite"
    assert thin.busy_fraction < 0.1
    assert "LINK-BOUND" in thin.verdict
    assert thin.cost_per_useful_gpu_hour == pytest.approx(10.0 / thin.busy_fraction)


def test_formation_links_keep_training_busy():
    ok = fit_training(None, volume=VOLUME, cost=10.0)
    assert ok.limits["inter-satellite"] > 0.95
    assert not ok.link_bound


def test_step_time_combines_compute_and_exposed_comms():
    f = fit_training({"links.isl_distance": 1e6, "workload.comm_overlap": 0.0}, volume=VOLUME)
    d = f.details
    assert d["step_time"] == pytest.approx(d["step_compute_time"] + d["step_comm_time"])
    assert f.limits["inter-satellite"] == pytest.approx(d["step_compute_time"] / d["step_time"])


def test_inference_cannot_beat_contact_time():
    f = fit("inference", None, volume=VOLUME, cost=10.0)
    assert f.busy_fraction <= VOLUME["any_contact_fraction"] + 1e-12


def test_batch_need_scales_with_accelerators():
    f = fit("batch", {"workload.batch_input_per_hour": 8e9}, volume=VOLUME, cost=1.0)
    n = fleet(None).accelerators
    assert f.details["uplink_need"] == pytest.approx(n * 8e9 / 3600)


def test_ground_volume_is_positive_for_default_orbit():
    v = ground_volume(None)
    assert v["cluster_daily_volume"] > 0
    assert 0 < v["any_contact_fraction"] < 1


def test_unknown_workload_is_a_scenario_error():
    with pytest.raises(ScenarioError, match="workload"):
        fit("mining", None, volume=VOLUME)


def test_tensor_parallel_larger_than_satellite_rejected():
    with pytest.raises(ScenarioError, match="tensor_parallel"):
        training_traffic({"workload.tensor_parallel": 512})


def test_inference_latency_target_and_offered_load():
    # Orbital leg at 650 km through a station at 20 deg (median mask), SMAD eq. 5-17:
    # rho = sqrt((R + h)^2 - R^2 cos^2 E) - R sin E = 1,489 km; RTT = 2 (rho / c + 2 ms).
    r, h, e = 6371.0088e3, 650e3, np.radians(20.0)
    rho = np.sqrt((r + h) ** 2 - (r * np.cos(e)) ** 2) - r * np.sin(e)
    assert rho == pytest.approx(1489e3, rel=1e-3)
    f = fit("inference", {"workload.inference_latency_target": 0.005}, volume=VOLUME, cost=1.0)
    assert f.details["round_trip"] == pytest.approx(2 * (rho / 299792458.0 + 2e-3), rel=1e-6)
    assert f.details["meets_latency_target"] == 0.0
    slow = fit("inference", {"workload.inference_requests_per_second": 1.0}, volume=VOLUME)
    assert slow.details["requests_per_second_offered"] == 1.0
    assert slow.limits["uplink"] == 1.0 and slow.binding_link == "contact time"


def test_summary_for_compare_and_verdict():
    from orbitcompute.links.report import summary

    s = summary({"links.isl_distance": 5.4e6}, hours=2.0, step=600.0)
    assert s["links.training.link_bound"] == 1.0
    assert 0 <= s["latency.share_faster_cluster"] <= s["latency.share_faster_from_orbit"] <= 1
    assert s["links.inference.busy_fraction"] <= s["links.ground_contact_fraction"] + 1e-12
