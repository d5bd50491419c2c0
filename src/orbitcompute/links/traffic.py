"""Workload classes as data: the traffic a workload mix puts on the links, vectorized.

Each class (pre-training, fine-tuning, batch, interactive and multimodal inference) is a set of
registry rows ``traffic.<class>.*`` (see ``orbitcompute params --search traffic``): bits sent
up, sent down and copied down as checkpoints per floating-point operation of useful compute,
bits exchanged between satellites per FLOP, and how long its data may wait for a ground
contact. A scenario picks a mix with the shares ``traffic.mix.<class>`` (they add up to 1) or
the named choice ``traffic.workload = "<class>"``.

Functions take ``p``, a mapping of registry names to SI arrays (as inside
:func:`orbitcompute.model.evaluate`), and broadcast over samples.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.errors import ScenarioError

#: Workload classes, in registry order of presentation.
CLASSES = (
    "pretraining",
    "finetuning",
    "batch_inference",
    "interactive_inference",
    "multimodal_inference",
)
#: Classes that train (their FLOP rate uses ``workload.training_mfu``; the others use
#: ``workload.inference_mfu``).
TRAINING = ("pretraining", "finetuning")


def check_class(name: str, key: str = "--workload") -> str:
    """A workload class name, or a one-line :class:`ScenarioError` naming ``key``."""
    if name not in CLASSES:
        raise ScenarioError(key, name, "one of " + ", ".join(CLASSES))
    return name


def mix(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The workload mix: share of accelerator-hours per class [-], normalized to add up to 1.

    Scenarios must give shares that add up to 1 (checked when a scenario is loaded,
    :func:`orbitcompute.scenario.check_shares`); inside the model the shares are normalized,
    so that analyses varying one share at a time (tornado, Sobol, random sweeps) stay
    meaningful. All shares zero means no workload traffic at all.
    """
    shares = {c: np.asarray(p[f"traffic.mix.{c}"], dtype=float) for c in CLASSES}
    total = sum(shares.values())
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total > 0, 1.0 / total, 0.0)
    return {c: s * scale for c, s in shares.items()}


def flops_per_accelerator(p: Mapping[str, np.ndarray], name: str) -> np.ndarray:
    """Useful FLOP/s of one accelerator running class ``name`` [1/s] (peak x MFU)."""
    mfu = p["workload.training_mfu"] if name in TRAINING else p["workload.inference_mfu"]
    return p["workload.accelerator_peak_flops"] * mfu


def demand(
    p: Mapping[str, np.ndarray], accelerators: np.ndarray, satellites: np.ndarray
) -> dict[str, np.ndarray]:
    """Traffic the mix puts on the links when every accelerator computes, per class.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    accelerators : array_like
        Working accelerators in the cluster [-].
    satellites : array_like
        Satellites in the cluster [-].

    Returns
    -------
    dict
        Arrays with a leading class axis (in :data:`CLASSES` order): ``share`` [-], ``flops``
        (useful FLOP/s of the class's share of the cluster) [1/s], ``up`` and ``down`` (ground
        traffic; down includes checkpoints) [bit/s], ``isl`` (traffic leaving one satellite on
        its inter-satellite links) [bit/s], ``tolerance`` (latency tolerance) [s].

    Notes
    -----
    R_c = s_c N_acc F_peak MFU_c I_c for each intensity I_c [bit/FLOP]; the ISL traffic per
    satellite is R_c^isl / N_sat. Traffic is proportional to delivered compute, so a class
    with zero intensities puts nothing on the links.
    """
    shares = mix(p)
    n_acc = np.asarray(accelerators, dtype=float)
    n_sat = np.asarray(satellites, dtype=float)
    rows: dict[str, list[np.ndarray]] = {
        k: [] for k in ("share", "flops", "up", "down", "isl", "tolerance")
    }
    for c in CLASSES:
        f = shares[c] * n_acc * flops_per_accelerator(p, c)
        rows["share"].append(shares[c])
        rows["flops"].append(f)
        rows["up"].append(f * p[f"traffic.{c}.uplink"])
        rows["down"].append(f * (p[f"traffic.{c}.downlink"] + p[f"traffic.{c}.checkpoint"]))
        rows["isl"].append(f * p[f"traffic.{c}.isl"] / n_sat)
        rows["tolerance"].append(np.asarray(p[f"traffic.{c}.latency_tolerance"], dtype=float))
    shape = np.broadcast_shapes(*(np.shape(a) for v in rows.values() for a in v))
    return {k: np.stack([np.broadcast_to(a, shape) for a in v]) for k, v in rows.items()}


def intensity(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Mix-weighted ground traffic per useful FLOP [bit/FLOP], up and down (with checkpoints).

    The FLOP weighting uses each class's MFU, so this is what a FLOP of the mix moves; compare
    with spacedc-mdao's ``comm_intensity_bits_per_flop``.
    """
    shares = mix(p)
    flops = {c: shares[c] * flops_per_accelerator(p, c) for c in CLASSES}
    total = sum(flops.values())
    up = sum(flops[c] * p[f"traffic.{c}.uplink"] for c in CLASSES)
    down = sum(
        flops[c] * (p[f"traffic.{c}.downlink"] + p[f"traffic.{c}.checkpoint"]) for c in CLASSES
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return {"up": up / total, "down": down / total}
