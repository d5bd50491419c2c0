"""The headline design of a scenario: its optimum when the design is free, its own when fixed.

Best against best: a scenario whose design is free (``[meta] design = "free"``, the baselines
``today``, ``starship-2030``, ``optimist``, ``skeptic``, ``uncertain-2030``) is headlined with
the cheapest feasible orbital design for its technology and prices (:mod:`.optimize`), keeping
every decision variable the scenario sets explicitly (in its files or with ``--set``) at that
value. A published design (``design = "fixed"``: ``starcloud``, ``suncatcher``, ``mccalip``) is
audited as given. ``design="as-given"`` switches the optimization off.

The optimum is cached per scenario (its SI values and pins) within a process, so the
dashboard, a report and repeated calls pay for one search.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from orbitcompute.analysis.optimize import OptimizeResult, as_given_fixes, optimize
from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import Scenario

DESIGNS = ("optimized", "as-given")

#: Registry names (and choices) a scenario may set that pin each decision variable.
_PINNED_BY: dict[str, tuple[str, ...]] = {
    "satellite.it_power": ("satellite.it_power",),
    "launch.satellites_per_launch": ("launch.satellites_per_launch",),
    "battery.eclipse_strategy": (
        "battery.eclipse_strategy",
        "battery.safe_mode",
        "battery.eclipse_load_fraction",
    ),
    "battery.eclipse_load_fraction": (
        "battery.eclipse_strategy",
        "battery.safe_mode",
        "battery.eclipse_load_fraction",
    ),
    "battery.depth_of_discharge": ("battery.depth_of_discharge",),
    "thermal.radiator_temperature": ("thermal.radiator_temperature",),
    "shielding.areal_density": ("shielding.areal_density",),
    "orbit.altitude": ("orbit.altitude",),
    "orbit.family": ("orbit.sun_synchronous", "orbit.ltan", "orbit.inclination"),
    "orbit.ltan": ("orbit.sun_synchronous", "orbit.ltan", "orbit.inclination"),
    "orbit.inclination": ("orbit.sun_synchronous", "orbit.ltan", "orbit.inclination"),
}


def is_free(sc: Scenario) -> bool:
    """Whether the scenario's design may be optimized (not a published, fixed design)."""
    return sc.meta.design != "fixed"


def pins(sc: Scenario) -> dict[str, Any]:
    """Decision variables the scenario sets explicitly, pinned at its values (registry units)."""
    given = set(sc.given) | set(sc.choices)
    values = as_given_fixes(sc.values)
    return {
        name: values[name]
        for name, sources in _PINNED_BY.items()
        if any(s in given for s in sources)
    }


#: Optimum per (scenario values, pins), within this process (oldest dropped beyond 32).
_CACHE: dict[tuple, OptimizeResult] = {}
_CACHE_SIZE = 32


def optimum(sc: Scenario) -> OptimizeResult:
    """The scenario's optimum with its explicit design choices pinned (cached per process)."""
    fixed = pins(sc)
    key = (tuple(sorted(sc.values.items())), tuple(sorted(fixed.items())))
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = optimize(sc, fixed, seed=0)
    return _CACHE[key]


@dataclasses.dataclass
class Headline:
    """The scenario a headline is computed on, and how it was chosen.

    Attributes
    ----------
    scenario : Scenario
        The scenario with its design replaced by the optimum (or unchanged).
    design : str
        ``optimized`` or ``as-given``.
    label : str
        One line saying which design the headline shows and why.
    optimum : OptimizeResult or None
        The search, when the headline is optimized (its ``row_as_given`` is the as-given
        figure to show beside the headline).
    """

    scenario: Scenario
    design: str
    label: str
    optimum: OptimizeResult | None = None

    @property
    def as_given_row(self) -> Mapping[str, float] | None:
        return None if self.optimum is None else self.optimum.row_as_given


def headline(sc: Scenario, design: str = "optimized") -> Headline:
    """The scenario to headline: optimized for a free design, as given otherwise.

    Parameters
    ----------
    sc : Scenario
        A loaded scenario.
    design : str
        ``optimized`` (default; ignored for fixed designs) or ``as-given``.

    Returns
    -------
    Headline
    """
    if design not in DESIGNS:
        raise ScenarioError("--design", design, "optimized or as-given")
    if not is_free(sc):
        return Headline(sc, "as-given", "published design, audited as given")
    if design == "as-given":
        return Headline(sc, "as-given", "design as given (--design as-given)")
    opt = optimum(sc)
    values = {**sc.values, **opt.params}
    pinned = ", ".join(sorted(pins(sc))) or "none"
    label = (
        f"optimized design (orbitcompute optimize; pinned by the scenario: {pinned}); "
        f"as given: {opt.cost_as_given:.2f} USD/GPU-hour"
    )
    return Headline(dataclasses.replace(sc, values=values), "optimized", label, opt)


__all__ = ["DESIGNS", "Headline", "headline", "is_free", "optimum", "pins"]
