"""The audit machinery: published claim, reproduction, full model, and an exact waterfall.

An audit compares one number, the *metric*, three ways:

(b) ``reproduce()``: the source's own simplified formula with the source's own inputs;
(c) our full model :func:`orbitcompute.model.evaluate` on the same design with our defaults.

The bridge from (b) to (c) is a telescoping chain, so its steps sum exactly to ``c - b``:

1. *model structure*: our full model run with the source's inputs, minus (b). This is what
   their formula leaves out or simplifies (batteries, structure, propellant, discounting of
   output, whole launches, failures without repair...), named honestly as one step;
2. then each of their assumptions is replaced by ours, in order of the size of its effect
   measured one at a time from the source's inputs; the last replacement lands exactly on (c).

Each step is the difference of two consecutive values in the chain, so the sum of the steps is
``value[-1] - value[0]`` = ``c - b`` up to floating-point rounding of the sum itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from orbitcompute.constants import YEAR
from orbitcompute.model import Results, evaluate
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario


@dataclass(frozen=True)
class Claim:
    """One published number, as the source states it."""

    label: str
    value: float
    unit: str
    source: str


@dataclass(frozen=True)
class Assumption:
    """One of the source's assumptions, mapped onto registry names (SI values)."""

    label: str
    theirs: Mapping[str, float]
    note: str
    source: str


@dataclass(frozen=True)
class Slip:
    """An arithmetic inconsistency inside the published figures."""

    what: str
    quoted: float
    implied: float
    unit: str
    explanation: str


@dataclass(frozen=True)
class AuditSpec:
    """Everything an audit needs about one published analysis."""

    name: str
    title: str
    source: str
    metric: str
    metric_unit: str
    claims: tuple[Claim, ...]
    #: The design the source describes; kept in (b), (c) and every step.
    design: Mapping[str, float]
    assumptions: tuple[Assumption, ...]
    #: Their formula: returns a dict of line items and totals; must contain ``"metric"``.
    reproduce: Callable[[], dict[str, float]]
    #: Our metric from one evaluated row (dict of SI floats) and the parameters used.
    metric_of: Callable[[Mapping[str, float], Mapping[str, float]], float]
    #: Which reproduced value reproduces which claim: {claim label: reproduction key}.
    matches: Mapping[str, str]
    slips: Callable[[], tuple[Slip, ...]] = lambda: ()
    structure_note: str = ""
    finding: Callable[[Any], str] = lambda r: ""


@dataclass
class Step:
    """One bar of the waterfall."""

    label: str
    delta: float
    value_after: float
    one_at_a_time: float | None
    note: str


@dataclass
class AuditResult:
    """The outcome of an audit; ``to_dict`` is the JSON document of ``orbitcompute audit``."""

    spec: AuditSpec
    claims: list[dict[str, Any]]
    reproduction: dict[str, float]
    reproduced_metric: float
    theirs_in_our_model: float
    full_model: float
    full_row: dict[str, float]
    steps: list[Step]
    slips: list[Slip]
    finding: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return self.full_model - self.reproduced_metric

    def to_dict(self) -> dict[str, Any]:
        s = self.spec
        ours = our_params(s)
        return {
            "schema": "orbitcompute.audit/1",
            "name": s.name,
            "title": s.title,
            "source": s.source,
            "metric": {"name": s.metric, "unit": s.metric_unit},
            "published": self.claims,
            "reproduction": {
                "metric": self.reproduced_metric,
                "items": self.reproduction,
            },
            "full_model": {
                "metric": self.full_model,
                "their_inputs_in_our_model": self.theirs_in_our_model,
                "design": dict(s.design),
                "results_si": self.full_row,
            },
            "waterfall": {
                "start": self.reproduced_metric,
                "end": self.full_model,
                "gap": self.gap,
                "sum_of_steps": math.fsum(st.delta for st in self.steps),
                "steps": [asdict(st) for st in self.steps],
            },
            "slips": [asdict(x) for x in self.slips],
            "assumptions": [
                {
                    "label": a.label,
                    "theirs_si": dict(a.theirs),
                    "ours_si": {k: ours[k] for k in a.theirs},
                    "note": a.note,
                    "source": a.source,
                }
                for a in s.assumptions
            ],
            "finding": self.finding,
            **self.extra,
        }


def swap_text(theirs: Mapping[str, float], ours: Mapping[str, float]) -> str:
    """'name: theirs -> ours unit' for each key, in registry units (generated, never stale)."""
    reg = registry()
    parts = []
    for k, v in theirs.items():
        p = reg[k]
        unit = "" if p.unit in ("1", "") else f" {p.unit}"
        parts.append(f"{k}: {v / p.factor:.4g} -> {ours[k] / p.factor:.4g}{unit}")
    return "; ".join(parts)


def _metric(spec: AuditSpec, params: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    res = evaluate({k: np.array([v], dtype=float) for k, v in params.items()})
    row = res.row(0)
    return float(spec.metric_of(row, params)), row


def evaluate_rows(rows: Sequence[Mapping[str, float]]) -> Results:
    """One vectorized :func:`~orbitcompute.model.evaluate` call over parameter rows.

    Parameters
    ----------
    rows : sequence of mappings
        Each a full set of registry names to SI values (all rows have the same names).

    Returns
    -------
    Results
        Outputs of shape ``(len(rows),)``; sample ``i`` is row ``i``.
    """
    names = list(rows[0])
    return evaluate({k: np.array([r[k] for r in rows], dtype=float) for k in names})


#: ``metric(results, i, params)``: the number a waterfall tracks, for sample ``i`` of a
#: vectorized evaluation whose row ``i`` had parameters ``params``.
Metric = Callable[[Results, int, Mapping[str, float]], float]


@dataclass(frozen=True)
class Swap:
    """A group of parameters replaced together in a waterfall (one of their assumptions)."""

    label: str
    keys: tuple[str, ...]
    note: str = ""


@dataclass
class Telescope:
    """A chain from ``start`` to ``end`` parameters, one swap at a time.

    Attributes
    ----------
    start, end : float
        The metric at the start and end parameters.
    steps : list of (Swap, value_after, one_at_a_time)
        In chain order (largest one-at-a-time effect first); the last ``value_after`` is
        ``end`` itself (same parameters, same evaluation), so the steps telescope exactly.
    """

    start: float
    end: float
    steps: list[tuple[Swap, float, float]]


def telescope(
    start: Mapping[str, float],
    end: Mapping[str, float],
    swaps: Sequence[Swap],
    metric: Metric,
) -> Telescope:
    """Replace ``start``'s values by ``end``'s one swap at a time; two vectorized evaluations.

    The order is by the size of each swap's effect measured alone from ``start`` (largest
    first; a swap whose lone effect is not finite goes last). Every parameter that differs
    between ``start`` and ``end`` must belong to a swap, so the chain lands on ``end``.

    Parameters
    ----------
    start, end : mapping
        Full parameter sets (registry names to SI values, the same names).
    swaps : sequence of Swap
        Groups of names; each is taken from ``end`` in one step.
    metric : callable
        ``metric(results, i, params)`` (see :data:`Metric`).

    Returns
    -------
    Telescope
    """
    if not swaps:
        res = evaluate_rows([start, end])
        return Telescope(metric(res, 0, start), metric(res, 1, end), [])
    # The two ends alone, each in its own call: evaluate() interpolates eclipse-season tables
    # when the orbit varies across a call (about 2e-4 relative), so an end must be the same
    # number a one-row evaluation (compare) gives.
    v_start = float(metric(evaluate_rows([start]), 0, start))
    v_end = float(metric(evaluate_rows([end]), 0, end))
    alone_rows = [{**start, **{k: end[k] for k in s.keys}} for s in swaps]
    res = evaluate_rows(alone_rows)
    alone = [float(metric(res, i, r)) - v_start for i, r in enumerate(alone_rows)]
    order = sorted(
        range(len(swaps)),
        key=lambda i: abs(alone[i]) if math.isfinite(alone[i]) else -1.0,
        reverse=True,
    )
    groups = [[i] for i in order]
    while True:
        chain: list[dict[str, float]] = []
        current = dict(start)
        for g in groups:
            for i in g:
                current.update({k: end[k] for k in swaps[i].keys})
            chain.append(dict(current))
        if current != dict(end):
            missed = sorted(k for k in end if current[k] != end[k])
            raise ValueError(f"parameters differ between start and end but in no swap: {missed}")
        after: list[float] = []
        if len(chain) > 1:
            res2 = evaluate_rows(chain[:-1])
            after = [float(metric(res2, j, r)) for j, r in enumerate(chain[:-1])]
        after.append(v_end)  # the chain ends on `end` itself: same inputs, same call
        bad = next((j for j, a in enumerate(after) if not math.isfinite(a)), None)
        if bad is None or not math.isfinite(v_end):
            break
        # A half-swapped design that cannot be built: swap this group with the next together.
        groups[bad : bad + 2] = [groups[bad] + groups[bad + 1]]
    steps = []
    for g, a in zip(groups, after, strict=True):
        if len(g) == 1:
            steps.append((swaps[g[0]], a, alone[g[0]]))
        else:
            merged = Swap(
                " + ".join(swaps[i].label for i in g),
                tuple(k for i in g for k in swaps[i].keys),
                "swapped together: apart, an intermediate design cannot be built",
            )
            steps.append((merged, a, math.nan))
    return Telescope(v_start, v_end, steps)


def our_params(spec: AuditSpec) -> dict[str, float]:
    """Registry defaults of the default scenario, with the source's design on top."""
    values = dict(load_scenario(None).values)
    values.update(spec.design)
    return values


def their_params(spec: AuditSpec) -> dict[str, float]:
    """Our parameters with every one of the source's assumptions applied."""
    values = our_params(spec)
    for a in spec.assumptions:
        values.update(a.theirs)
    return values


def run_audit(spec: AuditSpec) -> AuditResult:
    """Run (a)-(e) for one published analysis."""
    repro = spec.reproduce()
    b = float(repro["metric"])
    ours = our_params(spec)
    theirs = their_params(spec)
    swaps = [Swap(a.label, tuple(a.theirs), a.note) for a in spec.assumptions]
    chain = telescope(theirs, ours, swaps, lambda res, i, p: spec.metric_of(res.row(i), p))
    v_theirs, c = chain.start, chain.end
    _, full_row = _metric(spec, ours)
    notes = {a.label: a for a in spec.assumptions}
    steps = [
        Step(
            "model structure (our full model, their inputs)",
            v_theirs - b,
            v_theirs,
            None,
            spec.structure_note,
        )
    ]
    prev = v_theirs
    for swap, value, alone in chain.steps:
        a = notes[swap.label]
        note = f"{a.note} [{swap_text(a.theirs, ours)}]"
        steps.append(Step(a.label, value - prev, value, alone, note))
        prev = value
    claims = [
        {
            "label": cl.label,
            "value": cl.value,
            "unit": cl.unit,
            "source": cl.source,
            "reproduced": repro.get(spec.matches.get(cl.label, ""), None),
        }
        for cl in spec.claims
    ]
    for cl in claims:
        r = cl["reproduced"]
        cl["deviation"] = None if r is None else r / cl["value"] - 1.0
    result = AuditResult(
        spec=spec,
        claims=claims,
        reproduction=repro,
        reproduced_metric=b,
        theirs_in_our_model=v_theirs,
        full_model=c,
        full_row=full_row,
        steps=steps,
        slips=list(spec.slips()),
    )
    result.finding = spec.finding(result)
    return result


def years(n: float) -> float:
    """``n`` years in seconds."""
    return n * YEAR


def si(name: str, value: float) -> float:
    """``value`` written in the registry unit of ``name``, converted to SI."""
    return value * registry()[name].factor


def si_all(values: Mapping[str, float]) -> dict[str, float]:
    """:func:`si` over a mapping of registry names to values in registry units."""
    return {k: si(k, v) for k, v in values.items()}


def top_steps(result: AuditResult, k: int = 3) -> list[Step]:
    """The ``k`` largest waterfall steps by magnitude (structure included)."""
    return sorted(result.steps, key=lambda s: -abs(s.delta))[:k]
