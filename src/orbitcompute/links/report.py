"""Scenario-level link reports: what ``orbitcompute links`` prints and ``summary`` returns."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.links.budget import (
    fleet,
    ground_contacts,
    ground_volume,
    isl_capacity,
    terminal_budget,
)
from orbitcompute.links.latency import latency_day
from orbitcompute.links.workloads import WORKLOADS, check_workload, cost_per_gpu_hour, fit
from orbitcompute.registry import registry

#: Distances at which ``orbitcompute links`` tabulates the ISL capacity [m].
REFERENCE_DISTANCES = (100.0, 1e3, 1e4, 1e5, 1e6, 5.4e6)


def _values(values: Mapping[str, ArrayLike] | None) -> dict[str, float]:
    return {k: float(np.ravel(v)[0]) for k, v in (values or {}).items()}


def links_report(
    values: Mapping[str, ArrayLike] | None = None,
    workloads: tuple[str, ...] = WORKLOADS,
    distances: ArrayLike | None = None,
) -> dict:
    """Capacities, contacts, volumes, terminal budget and workload fit for a scenario.

    Parameters
    ----------
    values : mapping
        Registry values in SI (a scenario's ``.values``).
    workloads : tuple of str
        Workloads to fit.
    distances : array_like, optional
        Extra ISL distances [m] to tabulate (must be positive).
    """
    v = _values(values)
    for w in workloads:
        check_workload(w)
    d = np.asarray(REFERENCE_DISTANCES if distances is None else distances, dtype=float)
    cap = isl_capacity(v, d)  # validates the distances
    contacts = ground_contacts(v)
    vol = ground_volume(v, contacts)
    cost = cost_per_gpu_hour(v)
    fits = [fit(w, v, volume=vol, cost=cost) for w in workloads]
    fl = fleet(v)
    return {
        "schema": "orbitcompute.links/1",
        "fleet": {
            "accelerators": fl.accelerators,
            "accelerators_per_satellite": fl.accelerators_per_satellite,
            "satellites": fl.satellites,
        },
        "isl": {
            "distance": v.get("links.isl_distance", _default("links.isl_distance")),
            "capacity": float(np.ravel(isl_capacity(v))[0]),
            "capacity_vs_distance": [
                {"distance": float(x), "capacity": float(c)} for x, c in zip(d, cap, strict=True)
            ],
        },
        "terminals": terminal_budget(v),
        "ground": {
            "downlink": "optical" if v.get("links.downlink_kind", 1.0) >= 0.5 else "rf",
            **vol,
            "stations": contacts.to_dict(orient="records"),
        },
        "workloads": [f.to_dict() for f in fits],
    }


def _default(name: str) -> float:
    return registry()[name].default_si


def summary(
    values: Mapping[str, ArrayLike] | None = None,
    hours: float = 24.0,
    step: float = 300.0,
) -> dict[str, float]:
    """Flat numbers for ``compare`` / ``verdict``: workload fit and latency share.

    Returns
    -------
    dict
        ``links.isl_capacity`` [bit/s], ``links.ground_daily_volume`` [bit/day],
        ``links.<workload>.busy_fraction`` [-], ``links.<workload>.link_bound`` (0/1),
        ``links.<workload>.cost_per_useful_gpu_hour`` [USD],
        ``latency.share_faster_from_orbit`` [-] (a constellation of the scenario's satellites,
        every one serving), ``latency.share_faster_cluster`` [-] (one compact cluster),
        ``latency.orbit_rtt_p50`` and ``latency.ground_rtt_p50`` [s].
    """
    v = _values(values)
    vol = ground_volume(v)
    cost = cost_per_gpu_hour(v)
    out: dict[str, float] = {
        "links.isl_capacity": float(np.ravel(isl_capacity(v))[0]),
        "links.ground_daily_volume": vol["cluster_daily_volume"],
        "links.ground_contact_fraction": vol["any_contact_fraction"],
    }
    for w in WORKLOADS:
        f = fit(w, v, volume=vol, cost=cost)
        out[f"links.{w}.busy_fraction"] = f.busy_fraction
        out[f"links.{w}.link_bound"] = float(f.link_bound)
        out[f"links.{w}.cost_per_useful_gpu_hour"] = f.cost_per_useful_gpu_hour
    n_sat = int(min(fleet(v).satellites, 5000))
    dist = latency_day(v, satellites=n_sat, hours=hours, step=step)
    one = latency_day(v, satellites=1, hours=hours, step=step)
    s = dist.summary()
    out["latency.share_faster_from_orbit"] = s["share_faster_from_orbit"]
    out["latency.share_faster_cluster"] = one.share_faster_from_orbit()
    out["latency.orbit_rtt_p50"] = s["orbit_rtt_p50"]
    out["latency.ground_rtt_p50"] = s["ground_rtt_p50"]
    return out
