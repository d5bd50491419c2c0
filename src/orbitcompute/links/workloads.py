"""The training step on the inter-satellite fabric: does the all-reduce keep up?

The workload classes (:mod:`orbitcompute.links.traffic`) size the links per FLOP for
``evaluate()``. This module looks closer at one job: the reference training run of the
``workload.*`` rows (Llama 3 405B), step by step, with its data-parallel all-reduce and
pipeline activations crossing the inter-satellite links, compute/communication overlap and the
number of satellites a model replica spans. ``orbitcompute links`` prints it beside the classes.
A busy fraction below ``workload.link_bound_threshold`` is reported as link-bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import DAY
from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import _scalar, fleet, isl_capacity


@dataclass
class WorkloadFit:
    """Result of fitting the reference training job to the inter-satellite fabric.

    Attributes
    ----------
    workload : str
        ``training step``.
    busy_fraction : float
        Share of the step the accelerators compute [-].
    binding_link : str
        ``inter-satellite`` or ``none``.
    link_bound : bool
        True when ``busy_fraction`` < ``workload.link_bound_threshold``.
    details : dict
        Intermediate quantities in SI (seconds, bits, bit/s).
    """

    workload: str
    busy_fraction: float
    binding_link: str
    link_bound: bool
    details: dict[str, float] = field(default_factory=dict)

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


def fit_training(values: Mapping[str, ArrayLike] | None = None) -> WorkloadFit:
    """Training step on the inter-satellite fabric.

    Notes
    -----
    Per-satellite egress bandwidth = (terminals / 2) x ISL capacity each way (each ring uses
    one terminal towards the next neighbour and one towards the previous). Step time =
    t_c + max(0, t_comm - overlap t_c); busy fraction = t_c / step time. The ground traffic of
    training (tokens up, checkpoints down) is sized per FLOP with the workload classes.
    """
    tr = training_traffic(values)
    cap = float(np.ravel(isl_capacity(values))[0])
    egress = 0.5 * _scalar(values, "links.isl_terminals_per_satellite") * cap
    t_c = tr["step_compute_time"]
    t_comm = tr["isl_bits_per_satellite"] / egress if egress > 0 else np.inf
    exposed = max(0.0, t_comm - _scalar(values, "workload.comm_overlap") * t_c)
    busy = float(t_c / (t_c + exposed))
    details = {
        **tr,
        "isl_capacity": cap,
        "isl_egress_per_satellite": egress,
        "step_comm_time": t_comm,
        "step_time": t_c + exposed,
        "training_days": _scalar(values, "workload.training_tokens")
        / _scalar(values, "workload.global_batch_tokens")
        * (t_c + exposed)
        / DAY,
    }
    return WorkloadFit(
        workload="training step",
        busy_fraction=busy,
        binding_link="inter-satellite" if busy < 1.0 else "none",
        link_bound=bool(busy < _scalar(values, "workload.link_bound_threshold")),
        details={k: float(v) for k, v in details.items()},
    )
