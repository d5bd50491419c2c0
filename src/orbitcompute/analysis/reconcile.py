"""Reconcile the camps: every published estimate, reproduced, re-run and bridged to ours.

For each published study (a preset with a ``[published]`` table, :mod:`orbitcompute.audit.study`)
the orbit / ground cost ratio is shown four ways:

1. the study's **published figure** (its headline put on the ratio scale; parity is 1);
2. our **reproduction** with the study's own formula and inputs, where it publishes enough
   (otherwise the row says which inputs are missing);
3. our **full model on its assumptions** (:func:`orbitcompute.model.evaluate` on the preset);
4. **our default** (the ``today`` scenario, or ``vs``).

A telescoping waterfall runs from (1) to (4): *their arithmetic* (2 - 1, when reproduced),
*model structure* (3 - 2, or 3 - 1: what their formula leaves out), then each group of their
assumptions replaced by ours, largest one-at-a-time effect first, with
:func:`orbitcompute.audit.core.telescope` (the audit's one mechanism); the last step lands on
(4) itself, so the steps sum to (4) - (1) exactly.

The summary ranks the groups of assumptions by their share of the waterfalls across studies,
measured in log space (a step that halves the ratio weighs the same wherever it falls), and
says in one sentence each what value the optimistic and the pessimistic camp use.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from orbitcompute.analysis.headline import _PINNED_BY, headline
from orbitcompute.audit.core import Slip, Step, Swap, evaluate_rows, telescope
from orbitcompute.audit.study import Reproduction, Study, load_study, study_names
from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path
from orbitcompute.registry import registry
from orbitcompute.scenario import Scenario, load_scenario

SCHEMA = "orbitcompute.reconcile/1"

#: The orbital design's decision variables (``orbitcompute optimize``): swapped as one group,
#: since a satellite size with another design's battery or orbit may not be buildable.
DESIGN = "orbital design (satellite size, eclipses, battery, radiator T, shield, orbit)"
DESIGN_NAMES = frozenset(
    n for group in _PINNED_BY.values() for n in group if not n.startswith("battery.eclipse_s")
)


#: Groups of assumptions: (label, exact registry names or prefixes ending in "."). A name goes
#: to the first group that lists it exactly, else to the first whose prefix matches.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("launch price", ("launch.price_per_kg",)),
    (
        "launch vehicle and packing",
        ("launch.payload_capacity", "launch.dedicated", "launch.packing_efficiency"),
    ),
    ("satellite build cost", ("satellite.cost_per_kg",)),
    ("solar arrays", ("power.",)),
    ("radiators", ("thermal.",)),
    ("batteries and eclipses", ("battery.",)),
    ("satellite and hardware life", ("satellite.lifetime", "compute.hardware_life")),
    ("accelerator failures", ("reliability.", "radiation.")),
    (
        "IT hardware counted",
        ("compute.accelerator_price", "compute.accelerator_power", "compute.specific_mass"),
    ),
    ("space hardening premium", ("compute.space_hardening_premium",)),
    (
        "financing and build time",
        ("finance.discount_rate", "satellite.deployment_time", "ground.construction_time"),
    ),
    ("insurance, operations and NRE", ("launch.insurance_rate", "operations.", "nre.")),
    (
        "ground energy price",
        ("ground.electricity_price", "ground.gas.", "ground.nuclear.", "ground.solar."),
    ),
    ("ground PUE", ("ground.pue",)),
    ("ground facility cost and life", ("ground.",)),
    ("obsolescence", ("obsolescence.",)),
    ("scale and design", ("cluster.", "satellite.", "orbit.", "shielding.", "finance.")),
)
#: The parameter each group's sentence quotes (the lever the camps disagree on).
PRIMARY: dict[str, str] = {
    "launch price": "launch.price_per_kg",
    "launch vehicle and packing": "launch.payload_capacity",
    "satellite build cost": "satellite.cost_per_kg",
    "solar arrays": "power.array_specific_power",
    "radiators": "thermal.radiator_temperature",
    "batteries and eclipses": "battery.eclipse_load_fraction",
    "satellite and hardware life": "satellite.lifetime",
    "accelerator failures": "reliability.gpu_failure_rate",
    "IT hardware counted": "compute.accelerator_price",
    "space hardening premium": "compute.space_hardening_premium",
    "financing and build time": "finance.discount_rate",
    "insurance, operations and NRE": "nre.orbit",
    "ground energy price": "ground.electricity_price",
    "ground PUE": "ground.pue",
    "ground facility cost and life": "ground.facility_capex",
    "scale and design": "cluster.it_power",
    DESIGN: "satellite.it_power",
}
ARITHMETIC = "their arithmetic (our reproduction - their figure)"
STRUCTURE = "model structure (our full model on their inputs - their formula)"
#: The same step when their formula could not be redone: their figure against our model on
#: the inputs they publish (the ones they do not take our defaults).
UNPUBLISHED = "model structure and unpublished inputs (our full model on what they publish)"
#: How many groups the summary keeps.
SEPARATORS = 5


def category(name: str) -> str:
    """The group of assumptions a registry name belongs to (see :data:`CATEGORIES`)."""
    if name in DESIGN_NAMES:
        return DESIGN
    for label, members in CATEGORIES:
        if name in members:
            return label
    for label, members in CATEGORIES:
        if any(m.endswith(".") and name.startswith(m) for m in members):
            return label
    return name.split(".", 1)[0]


def swaps_between(theirs: dict[str, float], ours: dict[str, float]) -> list[Swap]:
    """Their values that differ from ours, grouped by :func:`category` (registry order)."""
    groups: dict[str, list[str]] = {}
    for k in registry():
        if k in theirs and theirs[k] != ours[k]:
            groups.setdefault(category(k), []).append(k)
    return [Swap(label, tuple(keys)) for label, keys in groups.items()]


def _ratio(res: Any, i: int, params: Any) -> float:
    return float(np.ravel(res["ratio"])[i])


def _show(name: str, value_si: float) -> str:
    """A registry value in its registry unit, e.g. ``500 USD/kg``."""
    p = registry()[name]
    unit = "" if p.unit in ("1", "") else f" {p.unit}"
    v = value_si / p.factor
    text = f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:,.4g}"
    return f"{text}{unit}"


@dataclass
class StudyResult:
    """One row of the reconcile table and its waterfall.

    Ratios are orbit / ground cost [1]; ``steps`` go from ``figure`` to ``ours`` and sum to
    ``ours - figure`` exactly (up to rounding of the sum).
    """

    name: str
    title: str
    study: str
    source: str
    camp: str
    year: int | None
    figure: float
    low: float | None
    high: float | None
    metric: str
    statement: str
    verified: str
    unverified: str
    reproduction: Reproduction
    full_model: float
    ours: float
    steps: list[Step]
    kg_per_kw: float | None
    model_kg_per_kw: float
    #: Their inputs (SI), the start of the chain.
    inputs: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def gap(self) -> float:
        return self.ours - self.figure

    def to_dict(self) -> dict[str, Any]:
        rep = self.reproduction
        return {
            "name": self.name,
            "title": self.title,
            "study": self.study,
            "source": self.source,
            "camp": self.camp,
            "year": self.year,
            "published": {
                "figure": self.figure,
                "low": self.low,
                "high": self.high,
                "metric": self.metric,
                "statement": self.statement,
                "verified": self.verified,
                "unverified": self.unverified,
            },
            "reproduction": {
                "ratio": rep.ratio,
                "status": rep.status,
                "note": rep.note,
                "checks": [{**asdict(c), "deviation": c.deviation} for c in rep.checks],
                "slips": [asdict(s) for s in rep.slips],
            },
            "full_model": self.full_model,
            "ours": self.ours,
            "kg_per_kw": {"published": self.kg_per_kw, "model": self.model_kg_per_kw},
            "waterfall": {
                "start": self.figure,
                "end": self.ours,
                "gap": self.gap,
                "sum_of_steps": math.fsum(s.delta for s in self.steps),
                "steps": [asdict(s) for s in self.steps],
            },
        }


@dataclass
class Separator:
    """A group of assumptions that separates the camps, with its share of the waterfalls."""

    category: str
    share: float
    studies: int
    optimistic: list[tuple[str, str]]
    pessimistic: list[tuple[str, str]]
    ours: str | None
    sentence: str


@dataclass
class ReconcileResult:
    """Everything ``orbitcompute reconcile`` shows; ``to_dict`` is its JSON document."""

    baseline: str
    ours: float
    studies: list[StudyResult]
    separators: list[Separator] = field(default_factory=list)
    #: Mean log share of the model-structure steps (what the studies' formulas leave out).
    structure: float = math.nan

    def table(self) -> pd.DataFrame:
        """One row per study: figure, reproduction, full model on theirs, our default."""
        return pd.DataFrame(
            [
                {
                    "study": s.name,
                    "camp": s.camp,
                    "published": s.figure,
                    "reproduction": s.reproduction.ratio,
                    "status": s.reproduction.status,
                    "full_model_their_inputs": s.full_model,
                    "our_default": s.ours,
                    "gap": s.gap,
                }
                for s in self.studies
            ]
        )

    def waterfalls(self) -> pd.DataFrame:
        """One row per waterfall step: study, step, delta, value after, share (log space)."""
        rows = []
        for s in self.studies:
            for st, share in zip(s.steps, log_shares(s), strict=True):
                rows.append(
                    {
                        "study": s.name,
                        "step": st.label,
                        "delta": st.delta,
                        "value_after": st.value_after,
                        "one_at_a_time": st.one_at_a_time,
                        "log_share": share,
                        "note": st.note,
                    }
                )
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "metric": {"name": "orbit cost / ground cost for the same compute", "unit": "1"},
            "baseline": {"scenario": self.baseline, "ratio": self.ours},
            "studies": [s.to_dict() for s in self.studies],
            "separators": [asdict(x) for x in self.separators],
            "structure_share": self.structure,
        }


def log_shares(s: StudyResult) -> list[float]:
    """Each step's share of the study's waterfall in log space, |ln(after / before)| / sum."""
    prev = s.figure
    mags = []
    for st in s.steps:
        mags.append(abs(math.log(st.value_after / prev)) if prev > 0 and st.value_after > 0 else 0)
        prev = st.value_after
    total = math.fsum(mags)
    return [m / total if total > 0 else 0.0 for m in mags]


def _model_kg_per_kw(row_ratio: Any, i: int) -> float:
    mass = float(np.ravel(row_ratio["orbit.total_mass"])[i])
    n = float(np.ravel(row_ratio["orbit.n_satellites"])[i])
    per_sat = float(np.ravel(row_ratio["orbit.it_power_per_satellite"])[i])
    return mass / (n * per_sat / 1e3)


def reconcile_study(study: Study, ours: dict[str, float]) -> StudyResult:
    """The row and waterfall of one study against our parameters ``ours`` (SI)."""
    pub = study.published
    rep = study.reproduce()
    theirs = study.values()
    kg: dict[str, float] = {}

    def metric(res: Any, i: int, params: Any) -> float:
        if not kg:  # the first row evaluated is theirs (telescope's start, on its own)
            kg["model"] = _model_kg_per_kw(res, i)
        return _ratio(res, i, params)

    chain = telescope(theirs, ours, swaps_between(theirs, ours), metric)
    steps: list[Step] = []
    prev = pub.figure
    if rep.ratio is not None:
        steps.append(Step(ARITHMETIC, rep.ratio - prev, rep.ratio, None, rep.note))
        prev = rep.ratio
    structure_note = (
        "what their formula leaves out or simplifies (mass from physics, batteries, "
        "structure, whole launches, failures, financing, levelized cost per delivered "
        "GPU-hour), named as one step"
    )
    if rep.ratio is None:
        structure_note += "; their unpublished inputs are our defaults: " + rep.note
    label = STRUCTURE if rep.ratio is not None else UNPUBLISHED
    steps.append(Step(label, chain.start - prev, chain.start, None, structure_note))
    prev = chain.start
    for swap, value, alone in chain.steps:
        text = "; ".join(f"{k}: {_show(k, theirs[k])} -> {_show(k, ours[k])}" for k in swap.keys)
        steps.append(Step(swap.label, value - prev, value, alone, text))
        prev = value
    sc = study.scenario
    return StudyResult(
        name=study.name,
        title=sc.label,
        study=pub.study,
        source=pub.source,
        camp=pub.camp,
        year=sc.meta.year,
        figure=pub.figure,
        low=pub.low,
        high=pub.high,
        metric=pub.metric,
        statement=pub.statement,
        verified=pub.verified,
        unverified=pub.unverified,
        reproduction=rep,
        full_model=chain.start,
        ours=chain.end,
        steps=steps,
        kg_per_kw=pub.kg_per_kw,
        model_kg_per_kw=kg.get("model", math.nan),
        inputs=theirs,
    )


#: Steps that are not a group of assumptions (ranked apart by :func:`structure_share`).
NOT_ASSUMPTIONS = (ARITHMETIC, STRUCTURE, UNPUBLISHED)


def structure_share(results: Sequence[StudyResult]) -> float:
    """Mean log share of the model-structure steps across the studies' waterfalls."""
    if not results:
        return math.nan
    total = 0.0
    for s in results:
        for st, sh in zip(s.steps, log_shares(s), strict=True):
            if st.label in (STRUCTURE, UNPUBLISHED):
                total += sh
    return total / len(results)


def separators(results: Sequence[StudyResult], ours: dict[str, float]) -> list[Separator]:
    """Groups of assumptions ranked by their mean log share of the waterfalls.

    The share of a step is |ln(after / before)| over the sum for its study; a group's score
    is the mean over all studies (0 where a study does not differ from us there). The
    arithmetic and model-structure steps are not assumptions and are ranked apart
    (:func:`structure_share`).
    """
    n = len(results)
    share: dict[str, float] = {}
    count: dict[str, int] = {}
    for s in results:
        for st, sh in zip(s.steps, log_shares(s), strict=True):
            if st.label in NOT_ASSUMPTIONS:
                continue
            parts = st.label.split(" + ")  # groups swapped together share their step evenly
            for part in parts:
                share[part] = share.get(part, 0.0) + sh / n / len(parts)
                count[part] = count.get(part, 0) + 1
    ranked = sorted(share, key=lambda c: -share[c])[:SEPARATORS]
    out = []
    for cat in ranked:
        key = PRIMARY.get(cat)
        opt: list[tuple[str, str]] = []
        pes: list[tuple[str, str]] = []
        for s in results:
            step = next((st for st in s.steps if cat in st.label.split(" + ")), None)
            if step is None or key is None or key not in step.note:
                continue
            v = _show(key, s.inputs[key])
            (opt if s.camp == "optimistic" else pes).append((s.name, v))
        mine = _show(key, ours[key]) if key else None
        out.append(
            Separator(
                cat,
                share[cat],
                count[cat],
                opt,
                pes,
                mine,
                _sentence(cat, share[cat], count[cat], opt, pes, mine, n),
            )
        )
    return out


def _values(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{v} ({name})" for name, v in pairs) if pairs else "our default"


def _sentence(cat, share, count, opt, pes, mine, n) -> str:
    head = f"{cat} ({share:.0%} of the distance, in {count} of {n} waterfalls)"
    return (
        f"{head}: the optimistic camp uses {_values(opt)}; the pessimistic camp uses "
        f"{_values(pes)}; we use {mine}."
    )


def baseline_values(vs: str | Scenario | None = None) -> tuple[str, dict[str, float]]:
    """Label and SI values of the scenario the studies are bridged to (default ``today``):
    its headline design (the optimum of a free design, as ``compare`` shows it)."""
    sc = vs if isinstance(vs, Scenario) else load_scenario(vs)
    h = headline(sc)
    return h.scenario.label, dict(h.scenario.values)


def reconcile(
    names: Sequence[str] | None = None, vs: str | Scenario | None = None
) -> ReconcileResult:
    """Reconcile the published studies ``names`` (default: all) with the scenario ``vs``.

    Parameters
    ----------
    names : sequence of str, optional
        Study preset names (see :func:`orbitcompute.audit.study.study_names`).
    vs : str or Scenario, optional
        Our scenario (default ``today``).

    Returns
    -------
    ReconcileResult
    """
    chosen = list(names) if names else study_names()
    for n in chosen:
        if not isinstance(n, str) or n not in study_names():
            raise ScenarioError("STUDY", n, "a published study: " + ", ".join(study_names()))
    label, ours = baseline_values(vs)
    results = [reconcile_study(load_study(n), ours) for n in dict.fromkeys(chosen)]
    base = results[0].ours if results else math.nan
    out = ReconcileResult(label, base, results)
    out.separators = separators(results, ours)
    out.structure = structure_share(results)
    return out


def chart_png(result: ReconcileResult, path: str | Path) -> None:
    """The cross-study chart: each study's figure, reproduction, full model and our default
    on one log scale, and the groups of assumptions by share of the waterfalls."""
    import matplotlib  # heavy: loaded only when a plot is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    studies = result.studies
    fig, (ax, bx) = plt.subplots(
        1, 2, figsize=(13, 0.5 * len(studies) + 3), gridspec_kw={"width_ratios": [3, 2]}
    )
    y = np.arange(len(studies))
    for i, s in enumerate(studies):
        if s.low is not None or s.high is not None:
            ax.plot([s.low or s.figure, s.high or s.figure], [i, i], color="0.6", lw=4)
    ax.scatter([s.figure for s in studies], y, marker="o", color="tab:blue", label="published")
    rep = [(i, s.reproduction.ratio) for i, s in enumerate(studies) if s.reproduction.ratio]
    if rep:
        ax.scatter([r for _, r in rep], [i for i, _ in rep], marker="x", color="k",
                   label="reproduced (their formula)")  # fmt: skip
    ax.scatter([s.full_model for s in studies], y, marker="s", color="tab:red",
               label="our model, their inputs")  # fmt: skip
    ax.axvline(
        result.ours, color="tab:red", ls="--", lw=1, label=f"our default ({result.ours:.1f}x)"
    )
    ax.axvline(1.0, color="0.3", lw=1, label="parity")
    ax.set_xscale("log")
    ax.set_yticks(y, [f"{s.name} ({s.year})" for s in studies], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("orbit cost / ground cost for the same compute [1]")
    ax.set_title("Published estimates, reproduced and re-run", fontsize=10)
    ax.grid(axis="x", alpha=0.3, which="both")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    seps = result.separators
    bx.barh(np.arange(len(seps)), [x.share * 100 for x in seps], color="tab:purple")
    labels = [textwrap.fill(x.category, 28) for x in seps]
    bx.set_yticks(np.arange(len(seps)), labels, fontsize=8)
    bx.invert_yaxis()
    bx.set_xlabel("mean share of the waterfalls (log space) [%]")
    bx.set_title("What separates the camps", fontsize=10)
    bx.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)
    plt.close(fig)


__all__ = [
    "ReconcileResult",
    "Separator",
    "Slip",
    "StudyResult",
    "category",
    "chart_png",
    "reconcile",
    "reconcile_study",
    "separators",
    "standing",
]


@functools.lru_cache(maxsize=1)
def _studies_in_our_model() -> tuple[tuple[str, str, float, float], ...]:
    """(name, camp, published figure, our model on its inputs) per study; one evaluation."""
    studies = [load_study(n) for n in study_names()]
    rows = [s.values() for s in studies]
    res = evaluate_rows(rows)
    ratio = np.ravel(res["ratio"])
    return tuple(
        (s.name, s.camp, s.published.figure, float(ratio[i])) for i, s in enumerate(studies)
    )


def standing(ratio: float) -> dict[str, Any]:
    """Where a ratio stands among the published estimates (for the verdict; cached, fast).

    Parameters
    ----------
    ratio : float
        Orbit / ground cost ratio of a scenario [1].

    Returns
    -------
    dict
        ``studies`` (name, camp, published figure, our model on its inputs), the number of
        published figures below the ratio, and ``text``, one paragraph.
    """
    rows = _studies_in_our_model()
    figs = sorted(r[2] for r in rows)
    below = sum(f < ratio for f in figs)
    full = sorted(r[3] for r in rows)
    opt = [r for r in rows if r[1] == "optimistic"]
    pes = [r for r in rows if r[1] == "pessimistic"]
    where = (
        "dearer than every published estimate"
        if below == len(figs)
        else "cheaper than every published estimate"
        if below == 0
        else f"above {below} of {len(figs)} published estimates"
    )
    text = (
        f"At {ratio:.3g}x this scenario is {where} "
        f"({figs[0]:.2g}x to {figs[-1]:.3g}x). The optimistic camp ("
        + ", ".join(f"{n} {f:.2g}x" for n, _, f, _ in opt)
        + ") puts orbit at or below parity; the pessimistic camp ("
        + ", ".join(f"{n} {f:.2g}x" for n, _, f, _ in pes)
        + f") at {min(r[2] for r in pes):.2g}x-{max(r[2] for r in pes):.3g}x. Our model on "
        f"each study's own inputs gives {full[0]:.2g}x to {full[-1]:.3g}x "
        "('orbitcompute reconcile' bridges each one to ours, step by step)."
    )
    return {
        "studies": [
            {"name": n, "camp": c, "published": f, "our_model_their_inputs": m}
            for n, c, f, m in rows
        ],
        "below": below,
        "text": text,
    }
