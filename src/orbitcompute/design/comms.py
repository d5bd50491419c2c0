"""Size the data links of an orbital cluster from its workload, and what they let it deliver.

A design step like :mod:`orbitcompute.design.orbital`: from the workload mix
(:mod:`orbitcompute.links.traffic`) and the pipe capacity of the orbit, stations and weather
(:mod:`orbitcompute.links.capacity`) it sizes

* ground terminals (telescopes or dishes) per station, up to ``links.ground_terminals_per_station``;
* space terminals for those ground links (one per ground terminal, spread over the fleet);
* inter-satellite terminals per satellite for the traffic between satellites (a ring: two
  neighbours at least, up to ``links.isl_terminals_per_satellite``);

and returns the share of the cluster's compute the links let the workload use. Everything is
vectorized over samples; a workload with no traffic needs no terminals and loses nothing.

Output names (without the ``orbit.`` prefix the model adds) start with ``links.``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.links.budget import isl_capacity
from orbitcompute.links.capacity import pipe_capacity
from orbitcompute.links.traffic import demand


def fleet_counts(p: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Satellites and working accelerators of the cluster [-] (as in ``design.orbital``)."""
    n_sat = np.ceil(p["cluster.it_power"] / p["satellite.it_power"] - 1e-9)
    return n_sat, p["cluster.it_power"] / p["compute.accelerator_power"]


def _ratio(capacity: np.ndarray, need: np.ndarray) -> np.ndarray:
    """capacity / need, +inf where nothing is needed."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(need > 0, capacity / np.where(need > 0, need, 1.0), np.inf)


def size_comms(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Terminals, their mass and power, and the link-limited share of compute.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.

    Returns
    -------
    dict
        ``links.*`` arrays: needs [bit/s], capacities [bit/s], terminal counts [-], terminal
        mass [kg] and power [W] per satellite (fleet average), ``links.utilization`` (share of
        compute the links let the workload use) [-], ``links.capacity_margin`` (what the
        largest allowed number of terminals could carry over what the workload needs, for the
        binding link: below 1 the design is link-bound by that factor, above 1 compute-bound
        with that margin) [-] and ``links.link_bound`` (1 when the utilization is below
        ``workload.link_bound_threshold``).

    Notes
    -----
    Classes whose latency tolerance is shorter than the mean gap between contacts are *live*:
    they run only while a station sees the cluster under a clear sky (share A of the time,
    with site diversity) and need their full rate L while in contact. The others are
    *buffered*: only their mean rate B must fit. Per direction, T terminals per site carry
    T r_set on average and T r_view while in view; T = ceil(max((B + A L) / r_set,
    L / r_view)), up to the per-site limit. Live classes get a = A min(1, T r_view / L);
    buffered classes u = min(1, (T r_set - A min(L, T r_view)) / B), the mean capacity the
    live traffic leaves; classes with inter-satellite traffic also get
    u_isl = min(1, (n_isl / 2) C_isl / R_isl) (a ring sends half its terminals' capacity each
    way). The delivered share is sum_c s_c x (the factors that apply to c).
    """
    n_sat, n_acc = fleet_counts(p)
    cap = pipe_capacity(p)
    d = demand(p, n_acc, n_sat)
    # Class axis first, then sample axes aligned with the per-sample arrays.
    ndim = max(np.ndim(cap["gap"]), max(a.ndim - 1 for a in d.values()))
    d = {k: a.reshape(a.shape[:1] + (1,) * (ndim - a.ndim + 1) + a.shape[1:]) for k, a in d.items()}
    moves = (d["up"] + d["down"]) > 0  # (C, ...)
    live = moves & (d["tolerance"] < cap["gap"])
    buffered = moves & ~live
    avail = cap["availability"]
    t_max = np.round(p["links.ground_terminals_per_station"])

    def need(direction: str) -> tuple[np.ndarray, np.ndarray]:
        rate = d[direction]
        return np.sum(np.where(buffered, rate, 0.0), axis=0), np.sum(
            np.where(live, rate, 0.0), axis=0
        )

    (b_up, l_up), (b_dn, l_dn) = need("up"), need("down")
    mean_up, mean_dn = b_up + avail * l_up, b_dn + avail * l_dn
    with np.errstate(divide="ignore", invalid="ignore"):
        wanted = np.maximum.reduce(
            [
                np.where(mean_up > 0, mean_up / cap["set_rate"], 0.0),
                np.where(mean_dn > 0, mean_dn / cap["set_rate"], 0.0),
                np.where(l_up > 0, l_up / cap["view_rate"], 0.0),
                np.where(l_dn > 0, l_dn / cap["view_rate"], 0.0),
            ]
        )
    per_site = np.minimum(np.ceil(np.nan_to_num(wanted, posinf=np.inf) - 1e-9), t_max)
    per_site = np.where(np.isfinite(per_site), per_site, t_max)
    mean_cap = per_site * cap["set_rate"]
    view_cap = per_site * cap["view_rate"]

    def buffered_margin(total: np.ndarray, view: np.ndarray) -> np.ndarray:
        """Capacity left by the live classes over the buffered need (both directions)."""
        left_up = np.maximum(total - avail * np.minimum(l_up, view), 0.0)
        left_dn = np.maximum(total - avail * np.minimum(l_dn, view), 0.0)
        return np.minimum(_ratio(left_up, b_up), _ratio(left_dn, b_dn))

    pipe = np.minimum(1.0, buffered_margin(mean_cap, view_cap))
    live_factor = avail * np.minimum(
        1.0, np.minimum(_ratio(view_cap, l_up), _ratio(view_cap, l_dn))
    )

    isl_need = np.sum(d["isl"], axis=0)  # per satellite, each way
    isl_cap = isl_capacity(p)
    n_isl_max = np.round(p["links.isl_terminals_per_satellite"])
    with np.errstate(divide="ignore", invalid="ignore"):
        n_isl = np.where(
            isl_need > 0,
            np.minimum(n_isl_max, np.maximum(2.0, 2.0 * np.ceil(isl_need / isl_cap - 1e-9))),
            0.0,
        )
    isl_factor = np.minimum(1.0, _ratio(0.5 * n_isl_max * isl_cap, isl_need))

    factor = np.where(buffered, pipe, 1.0) * np.where(live, live_factor, 1.0)
    factor = factor * np.where(d["isl"] > 0, isl_factor, 1.0)
    utilization = 1.0 - np.sum(d["share"] * (1.0 - factor), axis=0)  # exactly 1 if no loss
    # Margin at the largest number of terminals the limits allow (not the sized number).
    most, most_view = t_max * cap["set_rate"], t_max * cap["view_rate"]
    ground_margin = np.minimum.reduce(
        [buffered_margin(most, most_view), _ratio(most_view, l_up), _ratio(most_view, l_dn)]
    )
    isl_margin = _ratio(0.5 * n_isl_max * isl_cap, isl_need)
    sites = np.where(per_site > 0, cap["stations"], 0.0)
    ground_terminals = per_site * sites
    space_dl = np.minimum(n_sat, ground_terminals)
    space_terminals = n_isl * n_sat + space_dl
    per_sat = space_terminals / n_sat
    return {
        "links.uplink_need": b_up + l_up,
        "links.downlink_need": b_dn + l_dn,
        "links.live_share": np.sum(np.where(live, d["share"], 0.0), axis=0),
        "links.ground_capacity": mean_cap,
        "links.contact_fraction": cap["any_view"],
        "links.availability": avail,
        "links.contact_gap": cap["gap"],
        "links.weather": cap["weather"],
        "links.sites": sites,
        "links.terminals_per_site": per_site,
        "links.ground_terminals": ground_terminals,
        "links.space_terminals": space_terminals,
        "links.isl_terminals_per_satellite": n_isl,
        "links.isl_need": isl_need,
        "links.isl_capacity": isl_cap + 0.0 * isl_need,
        "links.terminal_mass": per_sat * p["links.isl_terminal_mass"],
        "links.terminal_power": per_sat * p["links.isl_terminal_power"],
        "links.utilization": utilization,
        "links.capacity_margin": np.minimum(ground_margin, isl_margin),
        "links.ground_margin": ground_margin,
        "links.isl_margin": isl_margin,
        "links.link_bound": (utilization < p["workload.link_bound_threshold"]).astype(float),
        "links.traffic": np.sum(np.where(moves, (d["up"] + d["down"]) * factor, 0.0), axis=0),
        "links.ground_traffic": np.sum(d["up"] + d["down"], axis=0),
    }
