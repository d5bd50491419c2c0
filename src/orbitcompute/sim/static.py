"""Inputs for the static engine taken from a simulation (``compare --from-sim``).

The static model uses orbit-averaged figures: the annual sunlit fraction, the longest eclipse
and the fraction of the nominal compute actually delivered. This module simulates one
satellite of the scenario's orbit for a year and returns those figures under the registry
names the static engine reads, so the two can be compared or chained.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from orbitcompute.constants import DAY
from orbitcompute.model import evaluate
from orbitcompute.sim.engine import simulate

#: Planes (one satellite each, spread over 360 deg of node) averaged for a drifting orbit.
DRIFT_PLANES = 8


def static_inputs(
    scenario: Any,
    *,
    days: float = 365.0,
    step: float | None = None,
    start: str | None = None,
) -> dict[str, float]:
    """Sunlit fraction, longest eclipse and delivered compute fraction from a simulation.

    Parameters
    ----------
    scenario : Scenario or mapping
        A loaded :class:`~orbitcompute.scenario.Scenario` or its ``values`` (SI).
    days : float
        Simulated period [d] (a year by default, which covers every eclipse season).
    step : float, optional
        Time step [s]; default ``sim.time_step``.
    start : str, optional
        UTC start date; default the simulation default.

    Returns
    -------
    dict
        ``orbit.sunlit_fraction`` [-] (time-average of the illuminated fraction of the solar
        disc), ``orbit.longest_eclipse`` [s] (shadow-equivalent duration), and
        ``orbit.delivered_fraction`` [-] (delivered over nominal IT energy), for one satellite
        of the scenario's orbit (sun-synchronous) or the mean over satellites in
        ``DRIFT_PLANES`` planes spread in node (drifting orbits).
    """
    values: Mapping[str, float] = getattr(scenario, "values", scenario)
    v = dict(values)
    drifting = v["orbit.sun_synchronous"] == 0.0
    # A sun-synchronous orbit is one satellite at the scenario's node time. A drifting node
    # sweeps all local times at a rate that does not fit a whole number of cycles in a year,
    # so, like the static model, average over node positions: one satellite in each of
    # DRIFT_PLANES planes spread over 360 deg.
    v["sim.planes"] = float(DRIFT_PLANES if drifting else 1)
    v["sim.per_plane"] = 1.0
    v["sim.raan_spread"] = 2 * np.pi
    res = simulate(v, start=start, days=days, step=step, mode="reduce")
    s = res.summary
    return {
        "orbit.sunlit_fraction": float(s.sunlit_fraction.mean()),
        "orbit.longest_eclipse": float(s.longest_eclipse.max()),
        "orbit.delivered_fraction": float(s.delivered_fraction.mean()),
        "sim.days": days,
        "sim.time_step": res.config["step"],
        "sim.duration": days * DAY,
    }


def static_vs_sim(scenario: Any, *, start: str | None = None) -> list[dict[str, Any]]:
    """Rows comparing the static engine's orbit figures with the simulation's.

    Returns a list of ``{"quantity", "unit", "static", "simulated", "difference"}`` dicts for
    the annual sunlit fraction, the longest eclipse and the delivered compute fraction (the
    static engine assumes all compute is delivered when the design closes).
    """
    static = evaluate(scenario.params()).to_dict()
    sim = static_inputs(scenario, start=start)
    rows = []
    for name, unit, scale in (
        ("orbit.sunlit_fraction", "%", 100.0),
        ("orbit.longest_eclipse", "min", 1 / 60),
        ("orbit.delivered_fraction", "%", 100.0),
    ):
        st = float(static[name][0]) * scale if name in static else 100.0
        si = sim[name] * scale
        rows.append(
            {"quantity": name, "unit": unit, "static": st, "simulated": si, "difference": si - st}
        )
    return rows
