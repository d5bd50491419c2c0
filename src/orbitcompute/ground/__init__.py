"""The ground side done properly: energy options, time-to-power and footprints.

:func:`ground_options` prices the facility on each energy option of
:mod:`orbitcompute.ground.options` (grid, on-site gas, nuclear, solar + storage sized with
pvlib in :mod:`orbitcompute.ground.solar`) with the one cost function
:func:`orbitcompute.economics.costs.ground_costs` (the headline of every option from the same
lines, :func:`~orbitcompute.economics.costs.ground_cost_per_gpu_hour`); it
adds the time-to-power line (:mod:`orbitcompute.ground.timing`) and the water, land and CO2
footprints (:mod:`orbitcompute.ground.footprint`) on both sides, and selects the option
``ground.energy_source`` names for the plain ``ground.*`` outputs. Everything is vectorized;
the solar sizing is a cached table lookup.

Per-option output names: ``ground.<option>.cost_per_gpu_hour`` [USD/h], ``.energy_cost``
[USD/J], ``.time_to_power`` [s], ``.time_to_power_cost_per_gpu_hour`` [USD/h],
``.water_per_gpu_hour`` [m^3], ``.co2_per_gpu_hour`` [kg], ``.land_area`` [m^2] (and
``ground.solar_storage.delivered_fraction``). Every other line of a non-selected option is the
plain ``ground.*`` output of ``evaluate()`` with that option selected
(:func:`orbitcompute.model.evaluate_ground_options`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from orbitcompute.constants import HOUR
from orbitcompute.economics.costs import ground_cost_per_gpu_hour, ground_costs, ground_facility
from orbitcompute.ground.footprint import ground_footprints, orbit_footprint
from orbitcompute.ground.options import OPTIONS, energy_options
from orbitcompute.ground.timing import delay_cost_function, delay_cost_per_gpu_hour

__all__ = ["OPTIONS", "delay_cost_per_gpu_hour", "energy_options", "ground_options"]

#: Per-option outputs reported for every option as ``ground.<option>.<key>``.
OPTION_OUTPUTS = (
    "cost_per_gpu_hour",
    "energy_cost",
    "time_to_power",
    "time_to_power_cost_per_gpu_hour",
    "water_per_gpu_hour",
    "co2_per_gpu_hour",
    "land_area",
)


#: ``ground.energy_source`` value meaning "the cheapest option, time to power included".
CHEAPEST = len(OPTIONS)


def select_option(source: np.ndarray, per: Mapping[str, Mapping[str, np.ndarray]]) -> np.ndarray:
    """Index of the headline ground option per sample [-].

    Parameters
    ----------
    source : array_like
        ``ground.energy_source``: 0-3 an option, 4 the cheapest [-].
    per : mapping
        Option name to its outputs, with ``cost_per_gpu_hour`` [USD/h] and
        ``time_to_power_cost`` [USD/h].

    Returns
    -------
    numpy.ndarray
        Index into :data:`OPTIONS` per sample [-].

    Notes
    -----
    ``ground.energy_source`` 0-3 names an option; :data:`CHEAPEST` (4) picks, per sample, the
    option with the lowest cost per GPU-hour plus its time-to-power line (the value of the
    compute lost while waiting for power, against orbit's time to power): best against best.
    """
    src = np.rint(np.asarray(source, dtype=float)).astype(int)
    if np.all(src < CHEAPEST):
        return np.clip(src, 0, len(OPTIONS) - 1)
    totals = np.broadcast_arrays(
        *(per[n]["cost_per_gpu_hour"] + per[n]["time_to_power_cost_per_gpu_hour"] for n in OPTIONS)
    )
    stack = np.stack([np.where(np.isfinite(t), t, np.inf) for t in totals])
    best = np.argmin(stack, axis=0)
    idx = np.where(src >= CHEAPEST, best, np.clip(src, 0, len(OPTIONS) - 1))
    return idx.reshape(-1)[:1] if np.all(idx == idx.reshape(-1)[0]) else idx


def ground_options(
    p: Mapping[str, np.ndarray],
    reliability: Mapping[str, np.ndarray],
    shape: tuple[int, ...],
    orbit_design: Mapping[str, np.ndarray],
    orbit_reliability: Mapping[str, np.ndarray],
    orbit_costs: Mapping[str, np.ndarray],
    traffic: np.ndarray | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Every ground energy option priced on the same facility, plus orbit footprints.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays.
    reliability : mapping
        Output of ``reliability.fleet.ground_reliability``.
    shape : tuple
        Broadcast shape of the samples.
    orbit_design, orbit_reliability, orbit_costs : mapping
        Outputs of ``design.orbital.size_orbital``, ``reliability.fleet.orbit_reliability``
        and ``economics.costs.orbit_costs``.
    traffic : array_like, optional
        What the workload exchanges with its users at full compute [bit/s]
        (``design.comms``): the facility pays internet transit on it.

    Returns
    -------
    extra : dict
        Per-option and orbit outputs with full dotted names (``ground.gas.cost_per_gpu_hour``,
        ``orbit.co2_per_gpu_hour``, ...).
    selected : dict
        Every ground output (capex, ``annual.<line>``, ``cost.<line>``, totals, time to power,
        footprints) of the option ``ground.energy_source`` picks, without prefix.

    Notes
    -----
    For option ``k`` with delivered fraction ``D_k`` (1 except solar + storage) and levelized
    energy cost ``c_k``, the energy line is ``c_k x IT energy x PUE`` on the hours served and
    the delivered GPU-hours are ``D_k`` times those of a fully powered facility. Time to power
    of option ``k`` is ``max(ground.construction_time, lead time_k)``; orbit's is
    ``satellite.deployment_time``; the slower side carries
    :func:`~orbitcompute.ground.timing.delay_cost_per_gpu_hour` of the difference.
    """
    opts = energy_options(p)
    t_orbit = p["satellite.deployment_time"]
    delay_cost = delay_cost_function(
        p["market.gpu_hour_price"] * HOUR, p["finance.discount_rate"], p["finance.horizon"]
    )
    fac = ground_facility(p, reliability, traffic)
    footprints = ground_footprints(p, opts)
    per: dict[str, dict[str, np.ndarray]] = {}
    for name in OPTIONS:
        o = opts[name]
        ttp = np.maximum(p["ground.construction_time"], o["lead_time"])
        fp = footprints[name]
        cost = ground_cost_per_gpu_hour(p, fac, o["energy_cost"], o["delivered_fraction"])
        ttp_cost = delay_cost(ttp - t_orbit)
        per[name] = {
            "cost_per_gpu_hour": cost,
            "energy_cost": o["energy_cost"],
            "delivered_fraction": o["delivered_fraction"],
            "time_to_power": ttp,
            "time_to_power_cost_per_gpu_hour": ttp_cost,
            "cost_with_time_to_power": cost + ttp_cost,
            **fp,
        }

    extra: dict[str, np.ndarray] = {}
    for name in OPTIONS:
        extra.update({f"ground.{name}.{k}": per[name][k] for k in OPTION_OUTPUTS})
    extra["ground.solar_storage.delivered_fraction"] = per["solar_storage"]["delivered_fraction"]

    idx = select_option(p["ground.energy_source"], per)
    if idx.size == 1:  # one option for all samples (the usual case): no gather needed
        selected = dict(per[OPTIONS[int(idx.ravel()[0])]])
    else:
        selected = {
            k: np.choose(idx, [np.broadcast_to(per[n][k], shape) for n in OPTIONS])
            for k in per[OPTIONS[0]]
        }
    # every other ground output of the selected option, from the same cost function
    costs = ground_costs(p, fac, selected["energy_cost"], selected.pop("delivered_fraction"))
    selected.update(costs)

    of = orbit_footprint(p, orbit_design, orbit_reliability, orbit_costs["availability"])
    orbit_delay = delay_cost(t_orbit - selected["time_to_power"])
    extra["orbit.time_to_power"] = t_orbit
    extra["orbit.time_to_power_cost_per_gpu_hour"] = orbit_delay
    extra["orbit.cost_with_time_to_power"] = orbit_costs["cost_per_gpu_hour"] + orbit_delay
    extra["orbit.water_per_gpu_hour"] = of["water_per_gpu_hour"]
    extra["orbit.co2_per_gpu_hour"] = of["co2_per_gpu_hour"]
    extra["orbit.land_per_gpu"] = of["land_per_gpu"]
    extra["ground.energy_source"] = idx
    return extra, selected
