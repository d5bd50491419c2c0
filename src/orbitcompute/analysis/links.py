"""Scenario-level link reports: what ``orbitcompute links`` prints and ``summary`` returns.

An analysis over :mod:`orbitcompute.links` and :mod:`orbitcompute.design.comms`.

The workload classes are sized with :func:`orbitcompute.design.comms.size_comms`, the function
``evaluate()`` uses, so ``links`` and ``compare`` cannot disagree on capacity; the per-station
contacts are integrated on the exact orbit of the scenario (not the interpolated grid).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.design.comms import size_comms
from orbitcompute.links.budget import fleet, ground_contacts, ground_volume, isl_capacity
from orbitcompute.links.latency import latency_day
from orbitcompute.links.traffic import CLASSES, TRAINING, check_class
from orbitcompute.links.workloads import fit_training
from orbitcompute.registry import registry

#: Distances at which ``orbitcompute links`` tabulates the ISL capacity [m].
REFERENCE_DISTANCES = (100.0, 1e3, 1e4, 1e5, 1e6, 5.4e6)


def _values(values: Mapping[str, ArrayLike] | None) -> dict[str, float]:
    return {k: float(np.ravel(v)[0]) for k, v in (values or {}).items()}


def _params(values: dict[str, float], extra: Mapping[str, np.ndarray] | None = None):
    """Registry defaults, the scenario's values and ``extra`` arrays, as SI arrays."""
    p = {n: np.asarray(x.default_si) for n, x in registry().items()}
    p.update({k: np.asarray(v) for k, v in values.items()})
    p.update(extra or {})
    return p


def class_table(values: Mapping[str, ArrayLike] | None = None) -> dict[str, np.ndarray]:
    """:func:`~orbitcompute.design.comms.size_comms` for each workload class alone.

    One vectorized call over the classes (in :data:`~orbitcompute.links.traffic.CLASSES`
    order): the scenario with ``traffic.workload`` set to each class in turn.
    """
    eye = np.eye(len(CLASSES))
    onehot = {f"traffic.mix.{c}": eye[i] for i, c in enumerate(CLASSES)}
    out = size_comms(_params(_values(values), onehot))
    return {k: np.broadcast_to(v, (len(CLASSES),)) for k, v in out.items()}


def _class_entry(name: str, row: Mapping[str, float], threshold: float) -> dict:
    util = row["links.utilization"]
    if util >= 1.0:
        verdict = f"{name}: fits - links carry all its traffic"
    else:
        binding = "contact time and clouds" if row["links.live_share"] > 0 else "ground links"
        if row["links.isl_margin"] < min(row["links.ground_margin"], 1.0):
            binding = "inter-satellite links"
        word = "LINK-BOUND" if util < threshold else "link-limited"
        verdict = (
            f"{name}: {word} - limited by {binding}, the links keep {100 * util:.1f} % of "
            "the cluster's compute busy"
        )
    return {
        "workload": name,
        "live": bool(row["links.live_share"] > 0),
        "utilization": util,
        "link_bound": bool(row["links.link_bound"]),
        "verdict": verdict,
        **{k.split(".", 1)[1]: v for k, v in row.items()},
    }


def links_report(
    values: Mapping[str, ArrayLike] | None = None,
    workloads: tuple[str, ...] = CLASSES,
    distances: ArrayLike | None = None,
) -> dict:
    """Capacities, contacts, terminals and workload fit for a scenario.

    Parameters
    ----------
    values : mapping
        Registry values in SI (a scenario's ``.values``).
    workloads : tuple of str
        Workload classes to report.
    distances : array_like, optional
        ISL distances [m] to tabulate (must be positive).
    """
    v = _values(values)
    for w in workloads:
        check_class(w)
    d = np.asarray(REFERENCE_DISTANCES if distances is None else distances, dtype=float)
    cap = isl_capacity(v, d)  # validates the distances
    contacts = ground_contacts(v)
    per_set = ground_volume(v, contacts, terminals=1.0)
    mine = {k: float(np.ravel(x)[0]) for k, x in size_comms(_params(v)).items()}
    table = class_table(v)
    threshold = registry()["workload.link_bound_threshold"].default_si
    threshold = v.get("workload.link_bound_threshold", threshold)
    classes = [
        _class_entry(c, {k: float(x[CLASSES.index(c)]) for k, x in table.items()}, threshold)
        for c in workloads
    ]
    fl = fleet(v)
    report = {
        "schema": "orbitcompute.links/2",
        "fleet": {
            "accelerators": fl.accelerators,
            "accelerators_per_satellite": fl.accelerators_per_satellite,
            "satellites": fl.satellites,
        },
        "isl": {
            "distance": v.get("links.isl_distance", registry()["links.isl_distance"].default_si),
            "capacity": float(np.ravel(isl_capacity(v))[0]),
            "capacity_vs_distance": [
                {"distance": float(x), "capacity": float(c)} for x, c in zip(d, cap, strict=True)
            ],
        },
        "scenario_mix": mine,
        "ground": {
            "downlink": "optical" if v.get("links.downlink_kind", 1.0) >= 0.5 else "rf",
            "per_terminal_set": per_set,
            "stations": contacts.to_dict(orient="records"),
        },
        "workloads": classes,
    }
    if any(w in TRAINING for w in workloads):
        report["training_step"] = fit_training(v).to_dict()
    return report


def summary(
    values: Mapping[str, ArrayLike] | None = None,
    hours: float = 24.0,
    step: float = 300.0,
) -> dict[str, float]:
    """Flat numbers for ``verdict``: link utilization per class and latency share.

    Returns
    -------
    dict
        ``links.isl_capacity`` [bit/s], ``links.ground_daily_volume`` (one terminal per
        station) [bit/day], ``links.ground_contact_fraction`` [-],
        ``links.<class>.utilization`` [-], ``links.<class>.link_bound`` (0/1),
        ``latency.share_faster_from_orbit`` [-] (a constellation of the scenario's satellites,
        every one serving), ``latency.share_faster_cluster`` [-] (one compact cluster),
        ``latency.orbit_rtt_p50`` and ``latency.ground_rtt_p50`` [s].
    """
    v = _values(values)
    table = class_table(v)
    out: dict[str, float] = {
        "links.isl_capacity": float(np.ravel(isl_capacity(v))[0]),
        "links.ground_daily_volume": ground_volume(v)["cluster_daily_volume"],
        "links.ground_contact_fraction": float(table["links.contact_fraction"][0]),
    }
    for i, c in enumerate(CLASSES):
        out[f"links.{c}.utilization"] = float(table["links.utilization"][i])
        out[f"links.{c}.link_bound"] = float(table["links.link_bound"][i])
    n_sat = int(min(fleet(v).satellites, 5000))
    dist = latency_day(v, satellites=n_sat, hours=hours, step=step)
    one = latency_day(v, satellites=1, hours=hours, step=step)
    s = dist.summary()
    out["latency.share_faster_from_orbit"] = s["share_faster_from_orbit"]
    out["latency.share_faster_cluster"] = one.share_faster_from_orbit()
    out["latency.orbit_rtt_p50"] = s["orbit_rtt_p50"]
    out["latency.ground_rtt_p50"] = s["ground_rtt_p50"]
    return out
