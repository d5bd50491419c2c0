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

from orbitcompute.analysis.breakeven import BreakevenResult
from orbitcompute.analysis.breakeven import breakeven as breakeven_fixed
from orbitcompute.analysis.optimize import OptimizeResult, as_given_fixes, optimize, variables
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.registry import registry
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


#: Search settings of the headline optimum (see :func:`orbitcompute.analysis.optimize.optimize`).
SEARCH = {"seed": 0, "grid": 2048, "generations": 10}
#: Optimum per (scenario values, pins), within this process (oldest dropped beyond 32).
_CACHE: dict[tuple, OptimizeResult] = {}
_CACHE_SIZE = 32


def optimum(sc: Scenario) -> OptimizeResult:
    """The scenario's optimum with its explicit design choices pinned (cached per process)."""
    fixed = pins(sc)
    key = (
        tuple(sorted(sc.values.items())),
        tuple(sorted(fixed.items())),
        tuple(sorted(SEARCH.items())),
    )
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = optimize(sc, fixed, **SEARCH)
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
    meta = sc.meta.model_copy(update={"title": f"{sc.label} (optimized design)"})
    return Headline(dataclasses.replace(sc, meta=meta, values=values), "optimized", label, opt)


def design_block(h: Headline) -> dict[str, Any]:
    """The ``design`` block of a JSON document: which design the headline shows, why, and the
    as-given figures beside it (None for a design shown as given)."""
    given = h.as_given_row
    return {
        "headline": h.design,
        "label": h.label,
        "as_given": None
        if given is None
        else {
            "orbit_cost_per_gpu_hour": given["orbit.cost_per_gpu_hour"],
            "ground_cost_per_gpu_hour": given["ground.cost_per_gpu_hour"],
            "ratio": given["ratio"],
        },
        "optimized": None if h.optimum is None else h.optimum.design_table(),
    }


@dataclasses.dataclass
class ReoptimizedBreakeven:
    """A breakeven with the design re-optimized at the breakeven value.

    Attributes
    ----------
    result : BreakevenResult
        The breakeven of the design optimized at the final value (its table's first row is
        the breakeven), or of the fixed design.
    note : str
        How the design was treated, in words.
    iterations : list of float
        The breakeven value after each re-optimization [registry units].
    """

    result: BreakevenResult
    note: str
    iterations: list[float]


def _with(sc: Scenario, name: str, value_si: float) -> Scenario:
    return dataclasses.replace(sc, values={**sc.values, name: value_si})


def breakeven(
    sc: Scenario, parameter: str, design: str = "optimized", max_iter: int = 6
) -> ReoptimizedBreakeven:
    """Breakeven of ``parameter`` for the headline design, re-optimized at the breakeven.

    Parameters
    ----------
    sc : Scenario
        A loaded scenario.
    parameter : str
        A float registry parameter, e.g. ``launch.price_per_kg``.
    design : str
        ``optimized`` (free designs) or ``as-given``.
    max_iter : int
        Re-optimizations at most.

    Returns
    -------
    ReoptimizedBreakeven

    Notes
    -----
    Fixed-point iteration ``x_{k+1} = breakeven(design optimal at x_k)``: the breakeven of the
    design optimized at the scenario's own value is the start; the design is re-optimized at
    each breakeven found until the value moves by less than 0.5 %. For the launch price the
    optimum's cost falls with the price, so the iteration rises monotonically to the price at
    which the optimized orbit costs what the ground does. When the scenario's optimum has no
    breakeven, the optimum at the low end of the parameter's range is tried as a start. A
    parameter that is itself a decision variable is solved with the other variables at the
    scenario's optimum (no re-optimization).
    """
    h = headline(sc, design)
    if h.design != "optimized":
        return ReoptimizedBreakeven(breakeven_fixed(sc, parameter), h.label, [])
    if parameter in variables() or parameter in _decision_registry_names():
        res = breakeven_fixed(h.scenario, parameter)
        note = "design kept at the scenario's optimum (the parameter is a design variable)"
        return ReoptimizedBreakeven(res, note, [])
    res = breakeven_fixed(h.scenario, parameter)
    trail: list[float] = []
    if not res.found:  # try the optimum at the favourable end of the range
        lo = _with(sc, parameter, registry()[parameter].min_si)
        res = breakeven_fixed(headline(lo).scenario, parameter)
        if not res.found:
            note = (
                "no breakeven even for the design optimized at the low end of the range "
                f"({registry()[parameter].minimum:g} {registry()[parameter].unit})"
            )
            return ReoptimizedBreakeven(breakeven_fixed(h.scenario, parameter), note, [])
    for _ in range(max_iter):
        x = float(res.table.iloc[0]["value_si"])
        trail.append(float(res.table.iloc[0]["value"]))
        nxt = breakeven_fixed(headline(_with(sc, parameter, x)).scenario, parameter)
        if not nxt.found:
            break
        moved = abs(float(nxt.table.iloc[0]["value_si"]) - x) <= 5e-3 * abs(x)
        res = nxt
        if moved:
            trail.append(float(res.table.iloc[0]["value"]))
            break
    # the scenario's own value and ratio (of its own optimum), not the breakeven design's
    res.current = sc.values[parameter] / registry()[parameter].factor
    res.current_ratio = float(evaluate(h.scenario.params())["ratio"][0])
    note = (
        f"design re-optimized at the breakeven ({len(trail)} optimizations: "
        + " -> ".join(f"{v:.4g}" for v in trail)
        + ")"
    )
    return ReoptimizedBreakeven(res, note, trail)


def _decision_registry_names() -> set[str]:
    return {
        "battery.safe_mode",
        "battery.eclipse_load_fraction",
        "orbit.sun_synchronous",
    } | set(variables())


__all__ = [
    "DESIGNS",
    "Headline",
    "ReoptimizedBreakeven",
    "breakeven",
    "design_block",
    "headline",
    "is_free",
    "optimum",
    "pins",
]
