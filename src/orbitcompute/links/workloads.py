"""Workload fit: how much of the cluster's compute the links can keep busy.

Three workloads, each compared with the inter-satellite fabric and the ground links:

* **training** - data-parallel gradient all-reduce and pipeline activations cross the
  inter-satellite links every step; checkpoints go down and training tokens come up;
* **inference** - prompts up and generated tokens down through the ground stations, and only
  while the cluster is in contact with one;
* **batch** - input and output volume per accelerator-hour, buffered between contacts.

Each returns a :class:`WorkloadFit` with the busy fraction, the binding link, and the
resulting cost per useful GPU-hour. A fraction below ``workload.link_bound_threshold`` is
reported as link-bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import DAY, HOUR
from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import _scalar, fleet, ground_volume, isl_capacity

WORKLOADS = ("training", "inference", "batch")


@dataclass
class WorkloadFit:
    """Result of fitting one workload to the cluster's links.

    Attributes
    ----------
    workload : str
        ``training``, ``inference`` or ``batch``.
    busy_fraction : float
        Share of the cluster's compute the links keep busy [-].
    binding_link : str
        The link that limits it (``inter-satellite``, ``uplink``, ``downlink``, ``contact time``
        or ``none``).
    link_bound : bool
        True when ``busy_fraction`` < ``workload.link_bound_threshold``.
    limits : dict
        Busy fraction each link alone would allow [-].
    details : dict
        Intermediate quantities in SI (seconds, bits, bit/s).
    cost_per_gpu_hour, cost_per_useful_gpu_hour : float
        Orbital cost per delivered GPU-hour [USD] from ``evaluate`` (NaN when unavailable) and
        divided by the busy fraction.
    """

    workload: str
    busy_fraction: float
    binding_link: str
    link_bound: bool
    limits: dict[str, float] = field(default_factory=dict)
    details: dict[str, float] = field(default_factory=dict)
    cost_per_gpu_hour: float = float("nan")
    cost_per_useful_gpu_hour: float = float("nan")

    @property
    def verdict(self) -> str:
        """One plain sentence."""
        pct = f"{100 * self.busy_fraction:.1f} %"
        if self.link_bound:
            return (
                f"{self.workload}: LINK-BOUND - limited by {self.binding_link}, the links keep "
                f"only {pct} of the cluster's compute busy"
            )
        return f"{self.workload}: fits - links keep {pct} of the compute busy"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict
        return d


def check_workload(name: str) -> str:
    """Validate a workload name (ScenarioError otherwise)."""
    if name not in WORKLOADS:
        raise ScenarioError("--workload", name, "one of " + ", ".join(WORKLOADS))
    return name


def _finish(
    name: str, limits: dict[str, float], details: dict, values: Mapping | None, cost: float | None
) -> WorkloadFit:
    lim = {k: float(np.clip(v, 0.0, 1.0)) for k, v in limits.items()}
    binding = min(lim, key=lim.get)
    busy = lim[binding]
    if busy >= 1.0:
        binding = "none"
    threshold = _scalar(values, "workload.link_bound_threshold")
    c = cost_per_gpu_hour(values) if cost is None else float(cost)
    return WorkloadFit(
        workload=name,
        busy_fraction=busy,
        binding_link=binding,
        link_bound=bool(busy < threshold),
        limits=lim,
        details={k: float(v) for k, v in details.items()},
        cost_per_gpu_hour=c,
        cost_per_useful_gpu_hour=c / busy if busy > 0 else float("inf"),
    )


def cost_per_gpu_hour(values: Mapping[str, ArrayLike] | None) -> float:
    """Orbital cost per delivered GPU-hour [USD] from ``orbitcompute.model.evaluate``.

    The satellites carry this package's link terminals (``comms.mass_per_satellite`` is set
    from :func:`~orbitcompute.links.budget.terminal_budget`).
    """
    from orbitcompute.links.budget import comms_overrides
    from orbitcompute.model import evaluate  # the model sits above links: imported on use

    merged = {**(values or {}), **comms_overrides(values)}
    params = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in merged.items()}
    res = evaluate(params).to_dict()
    return float(np.ravel(res["orbit.cost_per_gpu_hour"])[0])


def training_traffic(values: Mapping[str, ArrayLike] | None = None) -> dict[str, float]:
    """Per-step compute time and inter-satellite traffic per satellite of a training job.

    Returns
    -------
    dict
        ``step_compute_time`` [s], ``isl_bits_per_satellite`` [bit per step] (gradient
        all-reduce plus pipeline activations), ``allreduce_bits``, ``pipeline_bits``,
        ``data_parallel``, ``satellites_per_replica``, ``accelerators_used``.

    Notes
    -----
    Compute per step: 6 P B / (n F MFU) (Kaplan et al. 2020, "Scaling laws", eq. 2.1: 6 FLOPs
    per parameter per token). A replica spans TP x PP accelerators; tensor parallelism stays
    inside a satellite. With m = TP PP / n_sat_acc satellites per replica (m >= 1) each
    satellite holds 1/m of the gradients and ring all-reduces them with its DP peers:
    2 (DP - 1) / DP x P b / m bits (Patarasuk & Yuan 2009, bandwidth-optimal ring all-reduce).
    With m < 1 replicas reduce inside the satellite first (hierarchical), then all satellites
    ring all-reduce a full gradient: 2 (S - 1) / S x P b. Pipeline stage boundaries between
    satellites carry activations forward and their gradients backward:
    2 (B / DP) h b_act (m - 1) / m per satellite (Narayanan et al. 2021, Megatron-LM, sec. 3).
    """
    fl = fleet(values)
    p = _scalar(values, "workload.model_parameters")
    batch = _scalar(values, "workload.global_batch_tokens")
    tp = _scalar(values, "workload.tensor_parallel")
    pp = _scalar(values, "workload.pipeline_parallel")
    replica = tp * pp
    if tp > fl.accelerators_per_satellite:
        raise ScenarioError(
            "workload.tensor_parallel",
            tp,
            f"at most the {fl.accelerators_per_satellite:g} accelerators of one satellite",
        )
    dp = max(1.0, np.floor(fl.accelerators / replica))
    used = dp * replica if fl.accelerators >= replica else fl.accelerators
    flops = _scalar(values, "workload.accelerator_peak_flops") * _scalar(
        values, "workload.training_mfu"
    )
    t_compute = 6.0 * p * batch / (used * flops)
    grad = p * _scalar(values, "workload.gradient_bytes")
    m = replica / fl.accelerators_per_satellite
    sats_used = np.ceil(used / fl.accelerators_per_satellite)
    if m >= 1.0:
        allreduce = 2.0 * (dp - 1.0) / dp * grad / m
        pipeline = (
            2.0
            * (batch / dp)
            * _scalar(values, "workload.hidden_size")
            * _scalar(values, "workload.activation_bytes")
            * (m - 1.0)
            / m
        )
    else:
        allreduce = 2.0 * (sats_used - 1.0) / max(sats_used, 1.0) * grad
        pipeline = 0.0
    return {
        "step_compute_time": t_compute,
        "isl_bits_per_satellite": allreduce + pipeline,
        "allreduce_bits": allreduce,
        "pipeline_bits": pipeline,
        "data_parallel": dp,
        "satellites_per_replica": m,
        "accelerators_used": used,
        "satellites_used": sats_used,
    }


def fit_training(
    values: Mapping[str, ArrayLike] | None = None,
    volume: dict | None = None,
    cost: float | None = None,
) -> WorkloadFit:
    """Training fit: inter-satellite fabric per step, checkpoints down, tokens up.

    Notes
    -----
    Per-satellite egress bandwidth = (terminals / 2) x ISL capacity each way (each ring uses
    one terminal towards the next neighbour and one towards the previous). Step time =
    t_c + max(0, t_comm - overlap t_c); busy fraction = t_c / step time. Ground links must
    carry one checkpoint (P x bytes) per ``workload.checkpoint_interval`` down and the training
    tokens up; their busy limits are capacity over need.
    """
    tr = training_traffic(values)
    egress = (
        0.5
        * _scalar(values, "links.isl_terminals_per_satellite")
        * float(np.ravel(isl_capacity(values))[0])
    )
    t_c = tr["step_compute_time"]
    t_comm = tr["isl_bits_per_satellite"] / egress if egress > 0 else np.inf
    exposed = max(0.0, t_comm - _scalar(values, "workload.comm_overlap") * t_c)
    isl_limit = t_c / (t_c + exposed)
    vol = ground_volume(values) if volume is None else volume
    ckpt = _scalar(values, "workload.model_parameters") * _scalar(
        values, "workload.checkpoint_bytes_per_parameter"
    )
    ckpt_need = ckpt * DAY / _scalar(values, "workload.checkpoint_interval")
    tokens_per_day = _scalar(values, "workload.global_batch_tokens") * DAY / t_c
    up_need = tokens_per_day * _scalar(values, "workload.bytes_per_token")
    limits = {
        "inter-satellite": isl_limit,
        "downlink": vol["cluster_daily_volume"] / ckpt_need,
        "uplink": vol["cluster_daily_volume"] / up_need,
    }
    details = {
        **tr,
        "isl_capacity": float(np.ravel(isl_capacity(values))[0]),
        "isl_egress_per_satellite": egress,
        "step_comm_time": t_comm,
        "step_time": t_c + exposed,
        "checkpoint_bits": ckpt,
        "checkpoint_bits_per_day": ckpt_need,
        "token_bits_per_day": up_need,
        "ground_bits_per_day": vol["cluster_daily_volume"],
        "training_days": _scalar(values, "workload.training_tokens")
        / _scalar(values, "workload.global_batch_tokens")
        * (t_c + exposed)
        / DAY,
    }
    return _finish("training", limits, details, values, cost)


def fit_inference(
    values: Mapping[str, ArrayLike] | None = None,
    volume: dict | None = None,
    cost: float | None = None,
    round_trip: float | None = None,
) -> WorkloadFit:
    """Inference fit: request traffic through the ground stations, only while in contact.

    Notes
    -----
    Compute-limited request rate R_c = n F MFU / (2 P (t_in + t_out)) (2 FLOPs per parameter
    per token for a forward pass; Kaplan et al. 2020). The offered load is
    min(``workload.inference_requests_per_second``, R_c); up and down it needs R t b bits/s.
    The ground links supply their mean rate, and users reach the cluster only while some
    station sees it (``any_contact_fraction``): each limit is capacity over need. The busy
    fraction is the share of the offered load the links carry; ``demand_utilisation`` =
    offered / R_c says how much of the compute the demand alone would use.

    The round trip compared with ``workload.inference_latency_target`` is, unless given, the
    orbital leg through a ground station at the median station elevation mask:
    2 (rho / c + ``latency.orbit_access_delay``); the user's terrestrial leg to that station is
    not included. Relaying through another constellation to stay in contact is not modelled.
    """
    from orbitcompute.constants import C_LIGHT
    from orbitcompute.links.sites import ground_stations
    from orbitcompute.physics.links import slant_range

    fl = fleet(values)
    p = _scalar(values, "workload.model_parameters")
    t_in = _scalar(values, "workload.inference_tokens_in")
    t_out = _scalar(values, "workload.inference_tokens_out")
    flops = _scalar(values, "workload.accelerator_peak_flops") * _scalar(
        values, "workload.inference_mfu"
    )
    r_compute = fl.accelerators * flops / (2.0 * p * (t_in + t_out))
    offered = min(_scalar(values, "workload.inference_requests_per_second"), r_compute)
    bpt = _scalar(values, "workload.bytes_per_token")
    vol = ground_volume(values) if volume is None else volume
    mean_rate = vol["mean_rate"]
    contact = vol["any_contact_fraction"]
    limits = {
        "uplink": mean_rate / (offered * t_in * bpt),
        "downlink": mean_rate / (offered * t_out * bpt),
        "contact time": contact,
    }
    if round_trip is None:
        mask = float(np.median(ground_stations()["min_elevation"]))
        rho = float(slant_range(_scalar(values, "orbit.altitude"), mask))
        round_trip = 2.0 * (rho / C_LIGHT + _scalar(values, "latency.orbit_access_delay"))
    details = {
        "requests_per_second_compute_limit": r_compute,
        "requests_per_second_offered": offered,
        "demand_utilisation": offered / r_compute,
        "uplink_need": offered * t_in * bpt,
        "downlink_need": offered * t_out * bpt,
        "ground_mean_rate": mean_rate,
        "any_contact_fraction": contact,
        "round_trip": float(round_trip),
        "meets_latency_target": float(
            round_trip <= _scalar(values, "workload.inference_latency_target")
        ),
    }
    return _finish("inference", limits, details, values, cost)


def fit_batch(
    values: Mapping[str, ArrayLike] | None = None,
    volume: dict | None = None,
    cost: float | None = None,
) -> WorkloadFit:
    """Batch fit: input up and output down per accelerator-hour, buffered between contacts."""
    fl = fleet(values)
    vol = ground_volume(values) if volume is None else volume
    up = fl.accelerators * _scalar(values, "workload.batch_input_per_hour") / HOUR
    down = fl.accelerators * _scalar(values, "workload.batch_output_per_hour") / HOUR
    limits = {
        "uplink": vol["mean_rate"] / up if up > 0 else np.inf,
        "downlink": vol["mean_rate"] / down if down > 0 else np.inf,
    }
    details = {"uplink_need": up, "downlink_need": down, "ground_mean_rate": vol["mean_rate"]}
    return _finish("batch", limits, details, values, cost)


def fit(name: str, values: Mapping[str, ArrayLike] | None = None, **kwargs) -> WorkloadFit:
    """Fit workload ``name`` (``training``, ``inference`` or ``batch``)."""
    fn = {"training": fit_training, "inference": fit_inference, "batch": fit_batch}
    return fn[check_workload(name)](values, **kwargs)
