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


def demand(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Traffic one accelerator of the mix puts on the links while computing, per class.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.

    Returns
    -------
    dict
        Arrays with a leading class axis (in :data:`CLASSES` order), per accelerator of the
        cluster: ``share`` [-], ``flops`` (useful FLOP/s of the class's share) [1/s], ``up`` and
        ``down`` (ground traffic; down includes checkpoints) [bit/s], ``isl`` (traffic leaving
        its satellite on inter-satellite links) [bit/s], ``tolerance`` (latency tolerance) [s].
        Multiply by the number of accelerators for the cluster.

    Notes
    -----
    r_c = s_c F_peak MFU_c I_c for each intensity I_c [bit/FLOP]. Traffic is proportional to
    delivered compute, so a class with zero intensities puts nothing on the links. The arrays
    keep the shape of the workload parameters (one element unless they vary), so the class
    arithmetic costs nothing per Monte Carlo sample.
    """

    quantities = (
        "mix.{}",
        "{}.uplink",
        "{}.downlink",
        "{}.checkpoint",
        "{}.isl",
        "{}.latency_tolerance",
    )
    names = [f"traffic.{q.format(c)}" for q in quantities for c in CLASSES]
    names += ["workload.training_mfu", "workload.inference_mfu", "workload.accelerator_peak_flops"]
    shape = np.broadcast_shapes(*(np.shape(p[n]) for n in names))

    def stack(template: str) -> np.ndarray:
        """Class axis first, then the common sample shape of every workload parameter."""
        vals = [p[template.format(c)] for c in CLASSES]
        if all(np.shape(v) == shape for v in vals):
            return np.stack(vals)
        return np.stack([np.broadcast_to(v, shape) for v in vals])

    shares = stack("traffic.mix.{}")
    total = shares.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = shares * np.where(total > 0, 1.0 / total, 0.0)
    training = np.array([c in TRAINING for c in CLASSES]).reshape((-1,) + (1,) * len(shape))
    mfu = np.where(training, p["workload.training_mfu"], p["workload.inference_mfu"])
    flops = shares * (p["workload.accelerator_peak_flops"] * mfu)
    out = {
        "share": shares,
        "flops": flops,
        "up": flops * stack("traffic.{}.uplink"),
        "down": flops * (stack("traffic.{}.downlink") + stack("traffic.{}.checkpoint")),
        "isl": flops * stack("traffic.{}.isl"),
        "tolerance": stack("traffic.{}.latency_tolerance"),
    }
    full = np.broadcast_shapes(*(a.shape for a in out.values()))
    return {k: np.broadcast_to(a, full) for k, a in out.items()}


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
