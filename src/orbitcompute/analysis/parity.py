"""What would have to be true: the smallest joint change of the levers that brings orbit to parity.

Single-parameter breakevens (:mod:`orbitcompute.analysis.breakeven`) say "none" when no lever
alone can close the gap. ``parity`` moves several levers at once and finds the *smallest* joint
change that makes the orbit / ground cost ratio equal a target (1 = parity, or ``R``: within
R times of the ground).

Distance. Each lever ``i`` moves in a transformed space ``t`` (``ln x`` for a positive range;
``ln(1 + x)`` for the hardening premium, a price multiplier that may be 0), scaled by its
uncertainty range ``[lo, hi]`` (the scenario's distribution when it has one, else the registry
range)::

    z_i = (t(x_i) - t(x0_i)) / (t(hi_i) - t(lo_i)),     d = ||z||_2

so moving a lever across its whole plausible range costs 1, whatever its unit.

Search. A dense low-discrepancy sample (the R_k sequence) of the lever box in one vectorized
:func:`~orbitcompute.model.evaluate` call; the samples that reach the target are pulled back to
the surface ``ratio = target`` along their ray from the scenario (vectorized multisection), the
nearest one seeds :func:`scipy.optimize.minimize` (SLSQP, minimize d^2 subject to
ln(ratio / target) = 0 and the box; finite-difference constraint gradients in one call), and a
last one-dimensional root along the ray lands on the target to 1e-10. When no point of the box
reaches the target, the closest point (lowest ratio in the box, refined with SLSQP) and its
ratio are reported instead.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import brentq, minimize

from orbitcompute.analysis.headline import _PINNED_BY, headline
from orbitcompute.audit.study import load_study, study_names
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.registry.checks import suggest
from orbitcompute.scenario import Scenario, load_scenario

SCHEMA = "orbitcompute.parity/1"


@dataclass(frozen=True)
class LeverSpec:
    """A lever: a registry parameter, its short name and the space its distance is taken in."""

    alias: str
    name: str
    label: str
    space: str = "log"  # "log": ln x; "log1p": ln(1 + x); "linear": x


#: The default levers (issue 17): launch price, satellite $/kg, array W/kg, radiator kg/m2,
#: lifetime, failure rate, accelerator hardening premium, ground electricity price.
DEFAULT_LEVERS: tuple[LeverSpec, ...] = (
    LeverSpec("launch", "launch.price_per_kg", "launch price"),
    LeverSpec("satellite", "satellite.cost_per_kg", "satellite build cost"),
    LeverSpec("array", "power.array_specific_power", "solar array specific power"),
    LeverSpec("radiator", "thermal.radiator_areal_density", "radiator areal density"),
    LeverSpec("lifetime", "satellite.lifetime", "satellite lifetime"),
    LeverSpec(
        "failures", "reliability.orbit_failure_multiplier", "failure rate in orbit (x ground)"
    ),
    LeverSpec("hardening", "compute.space_hardening_premium", "hardening premium", "log1p"),
    LeverSpec("electricity", "ground.electricity_price", "ground electricity price"),
)
ALIASES = {lv.alias: lv for lv in DEFAULT_LEVERS}
#: The ``electricity`` lever is the energy price of the scenario's headline ground option
#: (``ground.energy_source`` output: 0 grid, 1 gas, 2 nuclear, 3 solar + storage).
ENERGY_PRICE: dict[int, tuple[str, str]] = {
    0: ("ground.electricity_price", "ground electricity price (grid)"),
    1: ("ground.gas.fuel_price", "ground energy price (gas fuel)"),
    2: ("ground.nuclear.ppa_price", "ground energy price (nuclear PPA)"),
    3: ("ground.solar.pv_capex", "ground energy price (solar PV capex)"),
}

#: Search settings: sample size (rounded up to a power of 2), candidates refined, seed.
SAMPLES = 4096
CANDIDATES = 2
SEED = 0
#: Relative tolerance of the returned point's ratio against the target.
RTOL = 1e-10


def _transform(space: str):
    if space == "log":
        return np.log, np.exp
    if space == "log1p":
        return np.log1p, np.expm1
    return (lambda x: np.asarray(x, dtype=float)), (lambda t: np.asarray(t, dtype=float))


@dataclass
class Lever:
    """A lever resolved against a scenario (all values SI)."""

    spec: LeverSpec
    current: float
    low: float
    high: float
    range_source: str
    unit: str
    factor: float

    def t(self, x: Any) -> np.ndarray:
        return _transform(self.spec.space)[0](x)

    def x(self, t: Any) -> np.ndarray:
        return _transform(self.spec.space)[1](t)

    @property
    def scale(self) -> float:
        return float(self.t(self.high) - self.t(self.low))

    def z_bounds(self) -> tuple[float, float]:
        t0 = float(self.t(self.current))
        return (float(self.t(self.low)) - t0) / self.scale, (
            float(self.t(self.high)) - t0
        ) / self.scale

    def value(self, z: Any) -> np.ndarray:
        """Lever values [SI] at scaled deviations ``z``."""
        x = self.x(self.t(self.current) + np.asarray(z, dtype=float) * self.scale)
        x = np.clip(x, self.low, self.high)
        tol = 1e-9 * (self.high - self.low)  # round-off at a bound is the bound
        return np.where(x - self.low < tol, self.low, np.where(self.high - x < tol, self.high, x))

    def show(self, v: float | None) -> str:
        if v is None or not math.isfinite(v):
            return "—"
        u = "" if self.unit in ("1", "") else f" {self.unit}"
        x = v / self.factor
        return (f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:,.4g}") + u


def resolve_levers(sc: Scenario, names: Sequence[str] | None = None) -> list[Lever]:
    """The levers ``names`` (aliases or registry names; default :data:`DEFAULT_LEVERS`).

    Raises :class:`~orbitcompute.errors.ScenarioError` (one line) for an unknown lever, a switch
    or choice, a repeated lever, or a lever with no range to move in.
    """
    reg = registry()
    specs: list[LeverSpec] = []
    for raw in names or [lv.alias for lv in DEFAULT_LEVERS]:
        name = str(raw).strip()
        if name == "electricity":
            option = int(np.ravel(evaluate(sc.params())["ground.energy_source"])[0])
            energy, label = ENERGY_PRICE.get(option, ENERGY_PRICE[0])
            spec = LeverSpec("electricity", energy, label)
        elif name in ALIASES:
            spec = ALIASES[name]
        elif name in reg:
            p = reg[name]
            spec = LeverSpec(name, name, p.description.split(" (")[0][:40],
                             "log" if p.min_si > 0 else "linear")  # fmt: skip
        else:
            hint = ", ".join(ALIASES)
            raise ScenarioError(
                "--levers", name, f"a lever ({hint}) or a registry parameter ({suggest(name)})"
            )
        p = reg[spec.name]
        if p.kind != "float":
            raise ScenarioError("--levers", name, "a continuous parameter (not a switch or count)")
        if any(s.name == spec.name for s in specs):
            raise ScenarioError("--levers", name, "each lever once")
        specs.append(spec)
    out = []
    for spec in specs:
        p = reg[spec.name]
        dist = sc.distributions.get(spec.name)
        if dist is not None and not dist.is_choice:
            lo, hi = dist.support
            src = "the scenario's distribution"
        else:
            lo, hi = p.min_si, p.max_si
            src = "registry range"
        cur = float(sc.values[spec.name])
        lo, hi = min(lo, cur), max(hi, cur)
        if not hi > lo:
            raise ScenarioError("--levers", spec.alias, "a parameter with a range to move in")
        out.append(Lever(spec, cur, float(lo), float(hi), src, p.unit, p.factor))
    return out


@dataclass
class LeverResult:
    """One lever's row of the parity table (values in the registry unit, as text and SI)."""

    alias: str
    name: str
    label: str
    unit: str
    current: float
    required: float | None
    low: float
    high: float
    range_source: str
    z: float | None
    optimistic: float | None
    optimistic_source: str
    breakeven: float | None
    text: dict[str, str] = field(default_factory=dict)


@dataclass
class ParityResult:
    """The parity point (or the closest point), per lever, and the single-lever breakevens."""

    scenario: str
    target: float
    current_ratio: float
    reachable: bool
    ratio: float
    distance: float
    levers: list[LeverResult]
    evaluations: int
    message: str
    #: ``optimized`` (the scenario's optimum, held fixed while the levers move) or ``as-given``.
    design: str = "as-given"
    #: Design variables of the optimum [SI], pinned in :meth:`overrides` so that ``compare``
    #: evaluates the same design.
    pins: dict[str, float] = field(default_factory=dict)

    def point(self) -> dict[str, float]:
        """The returned point as registry names to values [SI] (feed to ``evaluate``)."""
        return {lv.name: lv.required for lv in self.levers if lv.required is not None}

    def overrides(self) -> list[str]:
        """The point as ``--set name=value`` strings in registry units (for ``compare``)."""
        reg = registry()
        values = {**self.pins, **self.point()}
        return [f"{k}={v / reg[k].factor!r}" for k, v in values.items()]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "scenario": self.scenario,
            "target": self.target,
            "current_ratio": self.current_ratio,
            "reachable": self.reachable,
            "ratio": self.ratio,
            "distance": self.distance,
            "message": self.message,
            "evaluations": self.evaluations,
            "design": self.design,
            "set": self.overrides() if self.reachable else [],
            "levers": [asdict(lv) for lv in self.levers],
        }


class _Model:
    """The ratio as a function of the scaled deviations ``z`` (rows), counting evaluations."""

    def __init__(self, sc: Scenario, levers: list[Lever]) -> None:
        self.base = {k: np.array([v]) for k, v in sc.values.items()}
        self.levers = levers
        self.count = 0

    def ratio(self, z: np.ndarray) -> np.ndarray:
        z = np.atleast_2d(np.asarray(z, dtype=float))
        p = dict(self.base)
        for j, lv in enumerate(self.levers):
            p[lv.spec.name] = lv.value(z[:, j])
        self.count += z.shape[0]
        r = np.asarray(evaluate(p)["ratio"], dtype=float).reshape(-1)
        return np.broadcast_to(r, (z.shape[0],)).copy()


def low_discrepancy(n: int, k: int, seed: int = SEED) -> np.ndarray:
    """``n`` points of the unit cube ``[0, 1)^k``: the R_k sequence with a seeded shift.

    ``x_i = frac(shift + i * alpha)`` with ``alpha_j = phi_k^-(j+1)``, ``phi_k`` the root of
    ``x^(k+1) = x + 1`` (Roberts 2018, "The unreasonable effectiveness of quasirandom
    sequences"): a Kronecker lattice with low discrepancy in any dimension, in numpy alone.
    """
    phi = 2.0
    for _ in range(60):  # fixed point of phi = (1 + phi)^(1 / (k + 1))
        phi = (1.0 + phi) ** (1.0 / (k + 1))
    alpha = phi ** -np.arange(1, k + 1)
    shift = np.random.default_rng(seed).random(k)
    return np.mod(shift + np.arange(1, n + 1)[:, None] * alpha, 1.0)


def _cross(model: _Model, zfun, a: np.ndarray, b: np.ndarray, target: float, iters: int):
    """Per row, shrink ``[a, b]`` (ratio <= target at ``a``, not at ``b``) around the crossing.

    Vectorized multisection: each iteration evaluates 15 interior points of every bracket in
    one call and keeps the sub-interval where the ratio first fails the target, a factor 16
    per call. ``zfun(t)`` maps parameters ``t`` of shape (rows, m) to z of shape (rows, m, k).
    Returns the ``a`` side (the point that reaches the target).
    """
    m = 16
    frac = np.arange(1, m) / m
    rows = np.arange(len(a))
    for _ in range(iters):
        t = a[:, None] + (b - a)[:, None] * frac[None, :]
        z = zfun(t)
        ok = (model.ratio(z.reshape(-1, z.shape[-1])) <= target).reshape(t.shape)
        ok = np.concatenate([np.ones((len(a), 1), bool), ok, np.zeros((len(a), 1), bool)], 1)
        first_bad = np.argmax(~ok, axis=1)  # >= 1: column 0 is a (ok)
        grid = np.concatenate([a[:, None], t, b[:, None]], 1)
        a, b = grid[rows, first_bad - 1], grid[rows, first_bad]
    return a


def _on_ray(model: _Model, z: np.ndarray, target: float, iters: int = 4) -> np.ndarray:
    """For rows ``z`` with ratio <= target, the scale s in (0, 1] where ratio(s z) = target
    (to 16^-iters; the scenario itself, s = 0, is above the target)."""
    n = len(z)
    return _cross(
        model, lambda t: t[:, :, None] * z[:, None, :], np.ones(n), np.zeros(n), target, iters
    )


def _land(model: _Model, z: np.ndarray, target: float) -> np.ndarray:
    """``z`` scaled along its ray so that ratio = target to :data:`RTOL` when it can be."""

    def f(s: float) -> float:
        return float(model.ratio(s * z)[0]) / target - 1.0

    for width in (1e-4, 1e-2, 0.5):  # tightest bracket first; both ends in one evaluation
        lo, hi = 1.0 - width, 1.0 + width
        r = model.ratio(np.vstack([lo * z, hi * z])) / target - 1.0
        if r[0] * r[1] <= 0:
            return brentq(f, lo, hi, xtol=1e-15, rtol=1e-15) * z
    return z


def _breakevens(model: _Model, levers: list[Lever], target: float, n: int = 129) -> list:
    """Each lever alone over its range: the value nearest today's with ratio = target."""
    k = len(levers)
    grids = []
    for j, lv in enumerate(levers):
        lo, hi = lv.z_bounds()
        g = np.zeros((n, k))
        g[:, j] = np.linspace(lo, hi, n)
        grids.append(g)
    r = model.ratio(np.vstack(grids)).reshape(k, n)
    out: list[float | None] = []
    brackets = []
    for j in range(k):
        lo, hi = levers[j].z_bounds()
        zs = np.linspace(lo, hi, n)
        below = r[j] <= target
        if not below.any():
            out.append(None)
            brackets.append(None)
            continue
        # the crossing nearest the scenario (z = 0)
        idx = np.flatnonzero(below)
        i = idx[np.argmin(np.abs(zs[idx]))]
        nb = [m for m in (i - 1, i + 1) if 0 <= m < n and not below[m]]
        if not nb:
            out.append(float(zs[i]))
            brackets.append(None)
            continue
        m = min(nb, key=lambda q: abs(zs[q]))
        out.append(None)
        brackets.append((zs[i], zs[m]))  # (reaches target, does not)
    todo = [j for j, b in enumerate(brackets) if b is not None]
    if todo:
        a = np.array([brackets[j][0] for j in todo])
        b = np.array([brackets[j][1] for j in todo])
        cols = np.array(todo)

        def zfun(t: np.ndarray) -> np.ndarray:
            zz = np.zeros((*t.shape, k))
            zz[np.arange(len(todo)), :, cols] = t
            return zz

        a = _cross(model, zfun, a, b, target, iters=8)
        for q, j in enumerate(todo):
            out[j] = float(a[q])
    return [None if zj is None else float(levers[j].value(zj)) for j, zj in enumerate(out)]


#: Presets (beyond the studies) whose values cite a publication: the optimistic baseline.
CITED_PRESETS = ("optimist",)


def _optimistic(levers: list[Lever], favourable: list[int]) -> list[tuple[float | None, str]]:
    """Most favourable published value of each lever that beats the scenario's own.

    Candidates: every published study's own inputs (not the ones it leaves unpublished) and
    the cited ``optimist`` preset; None when none of them is more favourable than today's.
    """
    best: list[tuple[float | None, str]] = [(None, "none more favourable")] * len(levers)
    found: list[tuple[str, dict[str, float], set[str]]] = []
    for name in study_names():
        st = load_study(name)
        own = {k for k, src in st.published.inputs.items() if not src.startswith("not published")}
        found.append((name, st.scenario.values, own))
    for name in CITED_PRESETS:
        sc = load_scenario(name)
        found.append((f"{name} preset", sc.values, set(sc.given)))
    for name, values, own in found:
        for j, lv in enumerate(levers):
            if lv.spec.name not in own:
                continue
            v = float(values[lv.spec.name])
            ref = lv.current if best[j][0] is None else best[j][0]
            if (v - ref) * favourable[j] > 0:
                best[j] = (v, name)
    return best


def parity(
    sc: Scenario | str | None = None,
    levers: Sequence[str] | None = None,
    target: float = 1.0,
    samples: int = SAMPLES,
    seed: int = SEED,
    design: str = "optimized",
) -> ParityResult:
    """The smallest joint change of ``levers`` that brings the ratio to ``target``.

    Parameters
    ----------
    sc : Scenario or str, optional
        The scenario (default ``today``).
    levers : sequence of str, optional
        Lever aliases (:data:`ALIASES`) or registry names; default :data:`DEFAULT_LEVERS`.
    target : float
        Orbit / ground cost ratio to reach [1] (1 = parity; must be > 0).
    samples : int
        Size of the dense sample (rounded up to a power of 2).
    seed : int
        Seed of the sample's shift (same seed, same result).
    design : str
        ``optimized``: a free design is held at the scenario's optimum
        (:func:`orbitcompute.analysis.headline.headline`) while the levers move, and the
        optimum's design variables are pinned in the result's ``--set`` list; ``as-given``:
        the scenario's own design.

    Returns
    -------
    ParityResult
    """
    if not (isinstance(target, int | float) and math.isfinite(target) and target > 0):
        raise ScenarioError("--target", target, "a cost ratio > 0 (1 = parity)")
    sc = sc if isinstance(sc, Scenario) else load_scenario(sc)
    head = headline(sc, design)
    pins: dict[str, float] = {}
    if head.optimum is not None:
        names = {n for group in _PINNED_BY.values() for n in group if n in registry()}
        pins = {n: float(head.scenario.values[n]) for n in sorted(names)}
    sc = head.scenario
    lv = resolve_levers(sc, levers)
    k = len(lv)
    model = _Model(sc, lv)
    bounds = [v.z_bounds() for v in lv]
    # Each lever alone at both ends of its range: which way helps, and does it move the cost?
    ends = np.zeros((4 * k + 1, k))
    for j, (lo, hi) in enumerate(bounds):
        ends[2 * j, j], ends[2 * j + 1, j] = lo, hi
        # a small step each way from the scenario: the local direction that helps
        ends[2 * k + 2 * j, j], ends[2 * k + 2 * j + 1, j] = max(lo, -0.02), min(hi, 0.02)
    r_ends = model.ratio(ends)
    r0 = float(r_ends[-1])
    r_near = r_ends[2 * k : 4 * k]
    if not math.isfinite(r0):
        raise ScenarioError("SCENARIO", sc.label, "a buildable design (the ratio is not finite)")
    favourable = []
    for j, v in enumerate(lv):
        a, b = float(r_ends[2 * j]), float(r_ends[2 * j + 1])
        if math.isfinite(a) and math.isfinite(b) and math.isclose(a, b, rel_tol=1e-12):
            raise ScenarioError(
                "--levers", v.spec.alias, "a parameter that moves the cost (the ratio is "
                f"{a:.6g} at both ends of its range)"
            )  # fmt: skip
        # +1: raising the lever lowers the ratio. Near the scenario first; where it is flat
        # there (a whole launch), or an end cannot be built, the other pairs decide.
        fav = 1
        for lo_r, hi_r in ((float(r_near[2 * j]), float(r_near[2 * j + 1])), (r0, b), (a, r0)):
            if math.isfinite(lo_r) and math.isfinite(hi_r) and lo_r != hi_r:
                fav = 1 if hi_r < lo_r else -1
                break
        favourable.append(fav)
    # Dense sample of the box, one evaluation.
    m = int(2 ** math.ceil(math.log2(max(samples, 16))))
    u = low_discrepancy(m, k, seed)
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    best_corner = np.array([hi[j] if favourable[j] > 0 else lo[j] for j in range(k)])
    z = np.vstack([lo + u * (hi - lo), best_corner])
    r = model.ratio(z)
    ok = np.isfinite(r) & (r <= target)
    if r0 > target and not ok.any():
        # No sample reaches the target: the lowest ratio in the box (SLSQP from the best
        # sample) either reaches it (a candidate like the samples) or is the closest point.
        zc = _closest(model, z[np.nanargmin(np.where(np.isfinite(r), r, np.inf))], bounds)
        rc = float(model.ratio(zc)[0])
        if rc <= target:
            z, ok = np.vstack([z, zc]), np.append(ok, True)
    if r0 <= target:
        zstar = np.zeros(k)
        reachable = True
        message = f"orbit is already at {r0:.4g}x, within the target {target:g}x: nothing to change"
    elif ok.any():
        zc = z[ok]
        order = np.argsort(np.linalg.norm(zc, axis=1))[: max(CANDIDATES * 8, 32)]
        zc = zc[order]
        zc = _on_ray(model, zc, target)[:, None] * zc  # pull back onto ratio = target
        near = np.argsort(np.linalg.norm(zc, axis=1))[:CANDIDATES]
        best_z, best_d = None, math.inf
        for z0 in zc[near]:
            zr = _refine(model, z0, target, bounds)
            d = float(np.linalg.norm(zr))
            if d < best_d:
                best_z, best_d = zr, d
        zstar = _land(model, best_z, target)
        reachable, message = True, ""
    else:
        zstar, reachable, message = zc, False, ""
    ratio = float(model.ratio(zstar)[0])
    if reachable and r0 > target and not math.isclose(ratio, target, rel_tol=1e-6):
        reachable = True  # a jump (whole launches) sits at the target: say so
        message = (
            f"the ratio jumps across {target:g}x at this point (whole launches or satellites); "
            f"the point returned gives {ratio:.6g}x"
        )
    if not reachable:
        message = (
            f"parity at {target:g}x is out of reach inside the ranges: the closest point gives "
            f"{ratio:.4g}x (every lever at its most favourable bound that helps)"
        )
    elif not message:
        message = f"orbit reaches {target:g}x at a scaled distance of {np.linalg.norm(zstar):.3f}"
    singles = _breakevens(model, lv, target) if r0 > target else [None] * k
    opt = _optimistic(lv, favourable)
    rows = []
    for j, v in enumerate(lv):
        req = float(v.value(zstar[j]))
        rows.append(
            LeverResult(
                alias=v.spec.alias,
                name=v.spec.name,
                label=v.spec.label,
                unit=v.unit,
                current=v.current,
                required=req,
                low=v.low,
                high=v.high,
                range_source=v.range_source,
                z=float(zstar[j]),
                optimistic=opt[j][0],
                optimistic_source=opt[j][1],
                breakeven=singles[j],
                text={
                    "current": v.show(v.current),
                    "required": v.show(req),
                    "optimistic": v.show(opt[j][0]),
                    "breakeven": v.show(singles[j])
                    if singles[j] is not None
                    else ("none" if r0 > target else "already there"),
                    "range": f"{v.show(v.low)} - {v.show(v.high)}",
                },
            )
        )
    return ParityResult(
        scenario=sc.label,
        target=float(target),
        current_ratio=r0,
        reachable=reachable,
        ratio=ratio,
        distance=float(np.linalg.norm(zstar)),
        levers=rows,
        evaluations=model.count,
        message=message,
        design=head.design,
        pins={k: v for k, v in pins.items() if k not in {x.spec.name for x in lv}},
    )


def _fd_jac(
    model: _Model,
    z: np.ndarray,
    target: float,
    bounds: list[tuple[float, float]] | None = None,
    h: float = 1e-6,
) -> tuple:
    """ln(ratio / target) and its gradient by one-sided differences (inward at a bound), in
    one evaluation."""
    k = len(z)
    step = np.full(k, h)
    if bounds is not None:
        hi = np.array([b[1] for b in bounds])
        step = np.where(z + h > hi, -h, h)
    rows = np.vstack([z, z + np.diag(step)])
    g = np.log(model.ratio(rows) / target)
    return g[0], (g[1:] - g[0]) / step


def _refine(
    model: _Model, z0: np.ndarray, target: float, bounds: list[tuple[float, float]]
) -> np.ndarray:
    """SLSQP: minimize ||z||^2 subject to ln(ratio(z) / target) = 0 inside the box."""
    cache: dict[bytes, tuple] = {}

    def con(z):
        key = z.tobytes()
        if key not in cache:
            cache[key] = _fd_jac(model, z, target, bounds)
        return cache[key]

    res = minimize(
        lambda z: float(z @ z),
        z0,
        jac=lambda z: 2 * z,
        method="SLSQP",
        bounds=bounds,
        constraints=[{"type": "eq", "fun": lambda z: con(z)[0], "jac": lambda z: con(z)[1]}],
        options={"maxiter": 40, "ftol": 1e-9},  # the last root (_land) sets the ratio
    )
    z = np.clip(res.x, [b[0] for b in bounds], [b[1] for b in bounds])
    g = float(np.log(model.ratio(z)[0] / target))
    if not math.isfinite(g) or abs(g) > 1e-3 or z @ z > z0 @ z0:
        return z0  # keep the sampled point when the refinement did not converge
    return z


def _closest(model: _Model, z0: np.ndarray, bounds: list[tuple[float, float]]) -> np.ndarray:
    """The point of the box with the lowest ratio (SLSQP from the best sample)."""
    cache: dict[bytes, tuple] = {}

    def f(z):
        key = z.tobytes()
        if key not in cache:
            cache[key] = _fd_jac(model, z, 1.0, bounds)
        return cache[key]

    res = minimize(
        lambda z: f(z)[0],
        z0,
        jac=lambda z: f(z)[1],
        method="SLSQP",
        bounds=bounds,
        options={"maxiter": 40},
    )
    z1 = np.clip(res.x, [b[0] for b in bounds], [b[1] for b in bounds])
    r = model.ratio(np.vstack([z0, z1]))
    return z1 if r[1] <= r[0] else z0


def summary(result: ParityResult) -> str:
    """One paragraph for the verdict: what would have to be true."""
    if result.current_ratio <= result.target:
        return result.message
    moved = sorted(result.levers, key=lambda lv: -abs(lv.z or 0.0))
    parts = [
        f"{lv.label} {lv.text['current']} -> {lv.text['required']}"
        for lv in moved
        if lv.z and abs(lv.z) > 0.01
    ]
    head = (
        f"Orbit reaches {result.target:g}x the ground cost if, together: "
        if result.reachable
        else f"Parity is out of reach inside the ranges; the closest point ({result.ratio:.3g}x) "
        "needs: "
    )
    singles = [lv for lv in result.levers if lv.breakeven is not None]
    tail = (
        "No lever alone gets there."
        if not singles
        else "Alone: " + "; ".join(f"{lv.label} {lv.text['breakeven']}" for lv in singles) + "."
    )
    return head + "; ".join(parts) + ". " + tail


def point_ratio(sc: Scenario, point: Mapping[str, float]) -> float:
    """The ratio of ``sc`` with ``point`` (registry names to SI values) applied."""
    p = {k: np.array([v]) for k, v in sc.values.items()}
    p.update({k: np.array([v]) for k, v in point.items()})
    return float(np.ravel(evaluate(p)["ratio"])[0])


#: Parity results per (scenario values, levers, target) within this process (verdict, report
#: and dashboard pay for one search); oldest dropped beyond 16.
_CACHE: dict[tuple, ParityResult] = {}


def parity_cached(
    sc: Scenario,
    levers: Sequence[str] | None = None,
    target: float = 1.0,
    design: str = "optimized",
):
    """:func:`parity` of a loaded scenario, cached per its values, levers, target, design."""
    key = (
        tuple(sorted(sc.values.items())),
        tuple(sorted((k, d.support) for k, d in sc.distributions.items() if not d.is_choice)),
        tuple(levers or ()),
        float(target),
        design,
    )
    if key not in _CACHE:
        if len(_CACHE) >= 16:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = parity(sc, levers, target, design=design)
    return _CACHE[key]
