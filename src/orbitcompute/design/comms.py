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

#: Intermediate results the economics and the ``links`` report use but ``evaluate()`` does not
#: publish as outputs (they would only cost memory per Monte Carlo sample).
INTERNAL = frozenset(
    {
        "links.isl_need",
        "links.ground_margin",
        "links.isl_margin",
        "links.traffic",
        "links.ground_traffic",
    }
)


def fleet_counts(p: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Satellites and working accelerators of the cluster [-] (as in ``design.orbital``).

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (see ``orbitcompute params``).

    Returns
    -------
    tuple of numpy.ndarray
        Number of satellites [-] and of working accelerators [-].
    """
    n_sat = np.ceil(p["cluster.it_power"] / p["satellite.it_power"] - 1e-9)
    return n_sat, p["cluster.it_power"] / p["compute.accelerator_power"]


def _constant(a: np.ndarray) -> np.ndarray:
    """``a`` as one element when all its elements are equal (terminal counts usually are):
    what follows then stays cheap for every Monte Carlo sample."""
    a = np.asarray(a, dtype=float)
    if a.size > 1 and np.all(a == a.flat[0]):
        return a.reshape(-1)[:1]
    return a


def _ratio(capacity: np.ndarray, need: np.ndarray) -> np.ndarray:
    """capacity / need, +inf where nothing is needed."""
    capacity, need = np.broadcast_arrays(np.asarray(capacity, dtype=float), need)
    out = np.full(capacity.shape, np.inf)
    return np.divide(capacity, need, out=out, where=need > 0)


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
    d = demand(p)  # per accelerator, class axis first, shape of the workload parameters
    ndim = max(np.ndim(cap["gap"]), d["up"].ndim - 1)
    d = {k: a.reshape(a.shape[:1] + (1,) * (ndim - a.ndim + 1) + a.shape[1:]) for k, a in d.items()}
    moves = (d["up"] + d["down"]) > 0  # (C, ...)
    live = moves & (d["tolerance"] < cap["gap"])
    buffered = moves & ~live
    with_isl = d["isl"] > 0

    def total(what: np.ndarray, where: np.ndarray) -> np.ndarray:
        """Sum over the classes where ``where`` holds (still per accelerator)."""
        return np.sum(np.where(where, what, 0.0), axis=0)

    # Per-accelerator aggregates (workload-parameter shape, usually one element); the cluster
    # quantities scale with the accelerator count, which is applied as late as possible.
    b_up, l_up = total(d["up"], buffered), total(d["up"], live)
    b_dn, l_dn = total(d["down"], buffered), total(d["down"], live)
    has_live = bool(np.any(live))
    avail = cap["availability"]
    set_rate, view_rate = cap["set_rate"], cap["view_rate"]
    t_max = np.round(p["links.ground_terminals_per_station"])

    mean_need = np.maximum(b_up + avail * l_up, b_dn + avail * l_dn)
    with np.errstate(divide="ignore", invalid="ignore"):
        wanted = np.maximum(mean_need / set_rate, np.maximum(l_up, l_dn) / view_rate)
    wanted = np.where(mean_need > 0, np.nan_to_num(wanted, nan=np.inf), 0.0)
    per_site = _constant(np.minimum(np.ceil(n_acc * wanted - 1e-9), t_max))

    def buffered_margin(terminals: np.ndarray) -> np.ndarray:
        """Mean capacity the live classes leave over the buffered need (both directions)."""
        if not has_live:
            return _ratio(terminals * set_rate, n_acc * np.maximum(b_up, b_dn))
        total_cap, view = terminals * set_rate, terminals * view_rate
        left_up = np.maximum(total_cap - avail * np.minimum(n_acc * l_up, view), 0.0)
        left_dn = np.maximum(total_cap - avail * np.minimum(n_acc * l_dn, view), 0.0)
        return np.minimum(_ratio(left_up, n_acc * b_up), _ratio(left_dn, n_acc * b_dn))

    def live_margin(terminals: np.ndarray) -> np.ndarray:
        """Capacity in view over the live classes' rate (both directions)."""
        if not has_live:
            return np.inf
        return _ratio(terminals * view_rate, n_acc * np.maximum(l_up, l_dn))

    pipe = np.minimum(1.0, buffered_margin(per_site))
    live_factor = avail * np.minimum(1.0, live_margin(per_site))

    has_isl = bool(np.any(with_isl))
    isl_cap = isl_capacity(p)
    if has_isl:
        isl_need = n_acc / n_sat * total(d["isl"], with_isl)
        n_isl_max = np.round(p["links.isl_terminals_per_satellite"])
        with np.errstate(divide="ignore", invalid="ignore"):
            n_isl = np.where(
                isl_need > 0,
                np.minimum(n_isl_max, np.maximum(2.0, 2.0 * np.ceil(isl_need / isl_cap - 1e-9))),
                0.0,
            )
        n_isl = _constant(n_isl)
        isl_margin = _ratio(0.5 * n_isl_max * isl_cap, isl_need)
        isl_factor = np.minimum(1.0, isl_margin)
    else:  # no traffic between satellites: no terminals, nothing lost
        isl_need, n_isl, isl_margin, isl_factor = 0.0, 0.0, np.inf, 1.0

    # Delivered share: 1 - sum over groups of classes of share x (1 - factor), exactly 1 when
    # nothing is lost. Groups: buffered / live / no ground traffic, with or without ISLs.
    utilization = 1.0
    carried = 0.0
    for ground, factor in ((buffered, pipe), (live, live_factor), (~moves, 1.0)):
        for isl, f_isl in ((with_isl, isl_factor), (~with_isl, 1.0)):
            group = ground & isl
            if not np.any(group):
                continue
            f = factor * f_isl
            utilization = utilization - total(d["share"], group) * (1.0 - f)
            carried = carried + total(d["up"] + d["down"], group) * f
    utilization = np.asarray(utilization, dtype=float)

    ground_margin = np.minimum(buffered_margin(t_max), live_margin(t_max))
    mean_cap = per_site * set_rate
    sites = np.where(per_site > 0, cap["stations"], 0.0)
    ground_terminals = per_site * sites
    space_dl = np.minimum(n_sat, ground_terminals)
    space_terminals = n_isl * n_sat + space_dl
    per_sat = space_terminals / n_sat
    return {
        "links.uplink_need": n_acc * (b_up + l_up),
        "links.downlink_need": n_acc * (b_dn + l_dn),
        "links.live_share": total(d["share"], live),
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
        "links.isl_capacity": isl_cap,
        "links.terminal_mass": per_sat * p["links.isl_terminal_mass"],
        "links.terminal_power": per_sat * p["links.isl_terminal_power"],
        "links.utilization": utilization,
        "links.capacity_margin": np.minimum(ground_margin, isl_margin),
        "links.ground_margin": ground_margin,
        "links.isl_margin": isl_margin,
        "links.link_bound": (utilization < p["workload.link_bound_threshold"]).astype(float),
        "links.traffic": n_acc * carried,
        "links.ground_traffic": n_acc * total(d["up"] + d["down"], moves),
    }
