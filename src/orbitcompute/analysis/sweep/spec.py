"""Sweep specs: TOML in, a validated :class:`SweepSpec` out.

A sweep spec names a base scenario and the axes to vary::

    seed = 42

    [base]
    scenario = "today"                      # preset name or TOML path (relative to the spec)
    set = ["orbit.altitude=550 km"]         # --set-style overrides of the base

    [axes]                                  # full product of grids and lists
    launch.price_per_kg = {from = 50, to = 5000, steps = 40, scale = "log"}
    thermal.radiator_temperature = {from = 280, to = 400, steps = 7}
    compute.accelerator = ["H100", "B200"]  # a list (numbers, strings with units, or choices)

    [sample]                                # optional quasi-random block, one more dimension
    method = "sobol"                        # "sobol" or "lhs" (scipy.stats.qmc, seeded)
    n = 256
    params.power.array_specific_power = {from = 50, to = 500, scale = "log"}
    params.thermal.emissivity = {dist = "pert", low = 0.8, mode = 0.88, high = 0.92}

    [montecarlo]                            # optional: per-point uncertainty
    samples = 64
    params.reliability.gpu_failure_rate = {dist = "uniform", low = 3, high = 12}
    params.compute.accelerator = {dist = "choice", options = ["H100", "B200"]}

    [output]
    columns = ["orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour", "ratio"]
    metric = "ratio"                        # lower is better; used by the summary and heat map
    breakeven_axis = "launch.price_per_kg"  # axis along which orbit and ground costs cross

Numbers are in the parameter's registry unit (see ``orbitcompute params``); strings carry their
own units. Every value is checked against the registry; the first problem raises
:class:`~orbitcompute.errors.ScenarioError` naming the key path, the value and what was expected.

Distributions (``{dist = ...}``) are those of scenario files, parsed and sampled by
:mod:`orbitcompute.uncertainty` (all its kinds: uniform, loguniform, triangular, pert, normal,
truncnormal, lognormal, trunclognormal, choice). A ``[sample]`` range ``{from, to, scale}`` is a
uniform (``linear``) or log-uniform (``log``) distribution; the block's quasi-random points are
mapped through each distribution's inverse CDF.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.registry import checks, registry
from orbitcompute.scenario import CHOICES, load_scenario, read_toml
from orbitcompute.uncertainty.distributions import Distribution, sample
from orbitcompute.uncertainty.distributions import parse_spec as parse_distribution

#: Version of the dataset layout and of the chunk function's output; part of the spec hash.
STORE_FORMAT = "orbitcompute.sweep/1"
#: Largest number of sweep points accepted (index arithmetic stays exact in int64).
MAX_POINTS = 10**15
#: Largest grid or list (values are held in memory by every worker).
MAX_AXIS_VALUES = 10_000_000
#: Largest quasi-random block: Sobol is generated lazily; Latin hypercube is held in memory.
MAX_SOBOL_POINTS = 2**30  # scipy's default 30-bit Sobol
MAX_LHS_VALUES = 2**23
#: Largest number of Monte Carlo samples per sweep point.
MAX_MC_SAMPLES = 100_000
#: Default outputs stored for each point (those the model provides).
DEFAULT_OUTPUTS = (
    "orbit.cost_per_gpu_hour",
    "ground.cost_per_gpu_hour",
    "ratio",
    "breakeven.launch_price_per_kg",
    "orbit.total_mass",
    "orbit.n_launches",
    "orbit.sunlit_fraction",
)
MC_STATS = ("mean", "p05", "p50", "p95")
_TOP_KEYS = {"seed", "base", "axes", "sample", "montecarlo", "output", "meta"}
_AXIS_KEYS = {"from", "to", "steps", "scale"}


@dataclass(frozen=True)
class Axis:
    """One dimension of the full product: a grid or a list over one parameter or choice.

    Attributes
    ----------
    name : str
        Registry name (``launch.price_per_kg``) or choice name (``compute.accelerator``).
    kind : str
        ``grid``, ``list`` or ``choice``.
    values : numpy.ndarray
        The values in SI (float64), or the option names for a choice (object array).
    scale : str
        ``linear`` or ``log`` (grids); ``linear`` for lists.
    unit : str
        Registry unit, for display (values are SI).
    factor : float
        Multiply a registry-unit value by this to get SI.
    sets : dict[str, numpy.ndarray]
        For a choice: registry name -> SI value per option.
    """

    name: str
    kind: str
    values: np.ndarray
    scale: str = "linear"
    unit: str = ""
    factor: float = 1.0
    sets: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.values)

    @property
    def numeric(self) -> bool:
        return self.kind != "choice"


@dataclass(frozen=True)
class SampleBlock:
    """A quasi-random block (Sobol or Latin hypercube): one dimension of ``n`` points.

    Point ``j`` of parameter ``k`` is ``dists[k].ppf(u[j, k])`` for the block's unit-cube
    points ``u``. ``low`` and ``high`` are the support of each distribution [SI]; ``scales``
    is ``linear`` or ``log`` for a ``{from, to, scale}`` range, ``dist`` for a distribution.
    """

    method: str
    n: int
    names: tuple[str, ...]
    low: np.ndarray  # SI
    high: np.ndarray  # SI
    scales: tuple[str, ...]
    units: tuple[str, ...]
    factors: tuple[float, ...]
    seed: int
    dists: tuple[Distribution, ...] = ()

    def values(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """Parameter values [SI] of unit-cube points ``u`` of shape (m, len(names))."""
        pairs = zip(self.names, self.dists, strict=True)
        return {name: d.ppf(u[:, k]) for k, (name, d) in enumerate(pairs)}


@dataclass(frozen=True)
class MonteCarlo:
    """Per-point uncertainty: ``samples`` draws shared by every point (common random numbers).

    ``names`` are registry names (a named choice such as ``compute.accelerator`` expands into
    the parameters it sets); ``draws`` come from :func:`orbitcompute.uncertainty.sample`.
    """

    samples: int
    names: tuple[str, ...]
    draws: np.ndarray  # (len(names), samples) in SI


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: base values, dimensions, outputs and the spec hash.

    The point space is the product of ``axes`` (in spec order) and, if present, the sample
    block as the last (fastest) dimension. Point ``i`` is found by mixed-radix unravelling of
    ``i`` over :attr:`shape`, so nothing is ever materialized.
    """

    base: dict[str, float]
    axes: tuple[Axis, ...]
    sample: SampleBlock | None
    montecarlo: MonteCarlo | None
    outputs: tuple[str, ...]
    metric: str
    breakeven_axis: str | None
    seed: int
    source: str
    hash: str

    @property
    def shape(self) -> tuple[int, ...]:
        dims = [a.size for a in self.axes]
        if self.sample is not None:
            dims.append(self.sample.n)
        return tuple(dims)

    @property
    def n_points(self) -> int:
        return math.prod(self.shape)

    @property
    def metric_column(self) -> str:
        return f"{self.metric}.p50" if self.montecarlo else self.metric

    def default_chunk_size(self) -> int:
        """Points per chunk: about 2**16 model evaluations, and at least 64 chunks when the
        sweep is large enough (chunks of >= 1,024 points) so that every worker gets work.

        It depends on the spec only, never on the backend or the worker count.
        """
        per_point = self.montecarlo.samples if self.montecarlo else 1
        cap = max(1, 2**16 // per_point)
        spread = max(math.ceil(self.n_points / 64), max(1, 1024 // per_point))
        return max(1, min(cap, spread, self.n_points))


# --------------------------------------------------------------------------------------------
# Parsing


def load_spec(path: str | Path, overrides: list[str] | None = None) -> SweepSpec:
    """Read and validate a sweep spec TOML file.

    Parameters
    ----------
    path : str or Path
        The spec file.
    overrides : list of str, optional
        Extra ``key=value`` overrides of the base scenario (applied after ``[base] set``).

    Returns
    -------
    SweepSpec
    """
    p = Path(path)
    doc = read_toml(p, "SPEC")  # the scenario input limits: size, nesting, keys, encodings
    return parse_spec(doc, base_dir=p.parent, name=p.name, overrides=overrides)


def parse_spec(
    doc: dict[str, Any],
    base_dir: Path | None = None,
    name: str = "spec",
    overrides: list[str] | None = None,
) -> SweepSpec:
    """Validate a parsed spec document (see the module docstring for the format)."""
    w = f"{name}: "
    _check_keys(doc, _TOP_KEYS, w, "")
    seed = doc.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise ScenarioError(f"{w}seed", seed, "a whole number >= 0")

    base = doc.get("base", {})
    if not isinstance(base, dict):
        raise ScenarioError(f"{w}base", base, "a table with 'scenario' and 'set'")
    _check_keys(base, {"scenario", "set"}, w, "base.")
    ref = base.get("scenario", "today")
    sets = base.get("set", [])
    if not isinstance(sets, list) or not all(isinstance(s, str) for s in sets):
        raise ScenarioError(f"{w}base.set", sets, 'a list of "key=value" strings')
    if isinstance(ref, str) and base_dir is not None and ref.endswith(".toml"):
        cand = base_dir / ref
        if cand.is_file():
            ref = str(cand)
    try:
        scenario = load_scenario(ref, [*sets, *(overrides or [])])
    except ScenarioError as exc:
        key = exc.key if exc.key != "SCENARIO" else "base.scenario"
        raise ScenarioError(f"{w}{key}", exc.value, exc.expected) from exc
    base_values = {k: float(v) for k, v in scenario.values.items()}

    axes_doc = doc.get("axes", {})
    if not isinstance(axes_doc, dict):
        raise ScenarioError(f"{w}axes", axes_doc, "a table of parameter = grid or list")
    axes = tuple(
        _parse_axis(n, v, f"{w}axes.{n}", CHOICES) for n, v in _flatten(axes_doc, _is_axis_leaf)
    )
    sample = _parse_sample(doc.get("sample"), seed, w)
    mc = _parse_montecarlo(doc.get("montecarlo"), seed, w)
    if not axes and sample is None:
        raise ScenarioError(f"{w}axes", axes_doc, "at least one axis or a [sample] block")

    targeted: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    for a in axes:
        names += [(a.name, f"axes.{a.name}")] + [(s, f"axes.{a.name}") for s in a.sets]
    if sample:
        names += [(n, f"sample.params.{n}") for n in sample.names]
    if mc:
        names += [(n, f"montecarlo.params.{n}") for n in mc.names]
    for n, where in names:
        if n in targeted:
            raise ScenarioError(
                f"{w}{where}", n, f"a parameter not already varied by {targeted[n]}"
            )
        targeted[n] = where

    out_doc = doc.get("output", {})
    if not isinstance(out_doc, dict):
        raise ScenarioError(f"{w}output", out_doc, "a table with columns, metric, breakeven_axis")
    _check_keys(out_doc, {"columns", "metric", "breakeven_axis"}, w, "output.")
    available = _model_outputs(base_values)
    cols = out_doc.get("columns")
    if cols is None:
        outputs = tuple(c for c in DEFAULT_OUTPUTS if c in available) or tuple(sorted(available))
    elif cols == "all":
        outputs = tuple(sorted(available))
    else:
        if not isinstance(cols, list) or not cols or not all(isinstance(c, str) for c in cols):
            raise ScenarioError(f"{w}output.columns", cols, 'a list of output names or "all"')
        for c in cols:
            if c not in available:
                raise ScenarioError(
                    f"{w}output.columns", c, "a model output (" + _close(c, available) + ")"
                )
        outputs = tuple(dict.fromkeys(cols))
    metric = out_doc.get("metric", "ratio" if "ratio" in available else outputs[0])
    if metric not in outputs:
        raise ScenarioError(f"{w}output.metric", metric, "one of output.columns")
    grid_axes = [a.name for a in axes if a.numeric]
    be = out_doc.get("breakeven_axis")
    if be is None:
        be = grid_axes[0] if grid_axes and "ratio" in outputs else None
    elif be not in grid_axes:
        raise ScenarioError(f"{w}output.breakeven_axis", be, "a numeric axis of [axes]")
    elif "ratio" not in outputs:
        raise ScenarioError(f"{w}output.columns", cols, "a list including 'ratio' for breakeven")

    digest = _hash(base_values, axes, sample, mc, outputs, seed)
    if math.prod([a.size for a in axes] + ([sample.n] if sample else [])) > MAX_POINTS:
        raise ScenarioError(f"{w}axes", "product of sizes", f"at most {MAX_POINTS:g} points")
    return SweepSpec(
        base=base_values,
        axes=axes,
        sample=sample,
        montecarlo=mc,
        outputs=outputs,
        metric=metric,
        breakeven_axis=be,
        seed=seed,
        source=name,
        hash=digest,
    )


def _check_keys(table: dict[str, Any], allowed: set[str], w: str, prefix: str) -> None:
    for k in table:
        if k not in allowed:
            raise ScenarioError(
                f"{w}{prefix}{k}", table[k], "a known key (" + ", ".join(sorted(allowed)) + ")"
            )


def _flatten(table: dict[str, Any], is_leaf, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in table.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not is_leaf(v):
            out += _flatten(v, is_leaf, name + ".")
        else:
            out.append((name, v))
    return out


def _is_axis_leaf(v: dict[str, Any]) -> bool:
    return bool(set(v) & (_AXIS_KEYS | {"dist", "values"}))


def _close(name: str, options) -> str:
    close = difflib.get_close_matches(name, list(options), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return "available: " + ", ".join(sorted(options)[:12]) + (", ..." if len(options) > 12 else "")


def _registry_param(name: str, key: str, value: Any):
    return checks.parameter(name, key, value, CHOICES)


def _to_si(name: str, value: Any, key: str) -> float:
    """A value in the registry unit (or a string with units) to SI, range-checked."""
    try:
        return checks.check_value(name, value, extra=CHOICES)
    except ScenarioError as exc:
        raise ScenarioError(key, value, exc.expected) from exc


def _parse_axis(name: str, spec: Any, key: str, choices) -> Axis:
    if name in choices:
        options = choices[name]()
        if not isinstance(spec, list) or not spec:
            raise ScenarioError(key, spec, "a list of options: " + ", ".join(sorted(options)))
        for o in spec:
            if o not in options:
                raise ScenarioError(key, o, "one of " + ", ".join(sorted(options)))
        if len(set(spec)) != len(spec):
            raise ScenarioError(key, spec, "a list without repeated options")
        reg = registry()
        pnames = sorted({p for o in spec for p in options[o]})
        sets = {
            p: np.array([options[o].get(p, np.nan) * reg[p].factor for o in spec]) for p in pnames
        }
        for p, arr in sets.items():
            if np.isnan(arr).any():
                raise ScenarioError(key, spec, f"options that all set {p}")
        return Axis(name, "choice", np.array(spec, dtype=object), sets=sets)
    p = _registry_param(name, key, spec)
    if isinstance(spec, list):
        if not spec or len(spec) > MAX_AXIS_VALUES:
            raise ScenarioError(key, spec, f"a list of 1 to {MAX_AXIS_VALUES} values")
        vals = np.array([_to_si(name, v, key) for v in spec], dtype=float)
        return Axis(name, "list", vals, "linear", p.unit, p.factor)
    if not isinstance(spec, dict):
        raise ScenarioError(key, spec, "a grid {from, to, steps, scale} or a list of values")
    _check_keys(spec, _AXIS_KEYS, "", key + ".")
    for k in ("from", "to", "steps"):
        if k not in spec:
            raise ScenarioError(f"{key}.{k}", None, f"'{k}' in the grid (from, to, steps)")
    if p.kind != "float":
        raise ScenarioError(key, spec, f"a list of values ({name} is {p.kind}, not a grid)")
    steps = spec["steps"]
    if not isinstance(steps, int) or isinstance(steps, bool) or not 2 <= steps <= MAX_AXIS_VALUES:
        raise ScenarioError(f"{key}.steps", steps, f"a whole number from 2 to {MAX_AXIS_VALUES}")
    scale = spec.get("scale", "linear")
    if scale not in ("linear", "log"):
        raise ScenarioError(f"{key}.scale", scale, '"linear" or "log"')
    lo = _to_si(name, spec["from"], f"{key}.from")
    hi = _to_si(name, spec["to"], f"{key}.to")
    if lo == hi:
        raise ScenarioError(f"{key}.to", spec["to"], "a value different from 'from'")
    if scale == "log":
        if lo <= 0 or hi <= 0:
            raise ScenarioError(key, spec, "positive 'from' and 'to' for a log grid")
        vals = np.geomspace(lo, hi, steps)
    else:
        vals = np.linspace(lo, hi, steps)
    vals[0], vals[-1] = lo, hi
    return Axis(name, "grid", vals, scale, p.unit, p.factor)


def _parse_sample(doc: Any, seed: int, w: str) -> SampleBlock | None:
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{w}sample", doc, "a table with method, n, params")
    _check_keys(doc, {"method", "n", "params", "seed"}, w, "sample.")
    method = doc.get("method", "sobol")
    if method not in ("sobol", "lhs"):
        raise ScenarioError(f"{w}sample.method", method, '"sobol" or "lhs"')
    params = _flatten(doc.get("params", {}), _is_axis_leaf)
    if not params:
        raise ScenarioError(f"{w}sample.params", doc.get("params"), "at least one parameter")
    n = doc.get("n")
    cap = MAX_SOBOL_POINTS if method == "sobol" else MAX_LHS_VALUES // len(params)
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= cap:
        raise ScenarioError(f"{w}sample.n", n, f"a whole number from 1 to {cap}")
    sseed = doc.get("seed", seed)
    if not isinstance(sseed, int) or isinstance(sseed, bool) or sseed < 0:
        raise ScenarioError(f"{w}sample.seed", sseed, "a whole number >= 0")
    names, lows, highs, scales, units, factors, dists = [], [], [], [], [], [], []
    for name, spec in params:
        key = f"{w}sample.params.{name}"
        p = _registry_param(name, key, spec)
        if not isinstance(spec, dict):
            raise ScenarioError(key, spec, "a range {from, to, scale} or a {dist = ...} table")
        if p.kind != "float":
            raise ScenarioError(key, spec, f"a float parameter ({name} is {p.kind})")
        if "dist" in spec:
            d = parse_distribution(name, spec, f"{w}sample.params.")
            scale, (lo, hi) = "dist", d.support
        else:
            d, scale = _sample_range(name, spec, key)
            lo, hi = d.params["low"], d.params["high"]  # exact ends (ppf(1) may round)
        names.append(name)
        lows.append(lo)
        highs.append(hi)
        scales.append(scale)
        units.append(p.unit)
        factors.append(p.factor)
        dists.append(d)
    return SampleBlock(
        method,
        n,
        tuple(names),
        np.array(lows),
        np.array(highs),
        tuple(scales),
        tuple(units),
        tuple(factors),
        sseed,
        tuple(dists),
    )


def _sample_range(name: str, spec: dict, key: str) -> tuple[Distribution, str]:
    """A ``{from, to, scale}`` range as a uniform or log-uniform distribution [SI]."""
    _check_keys(spec, {"from", "to", "scale"}, "", key + ".")
    if "from" not in spec or "to" not in spec:
        raise ScenarioError(key, spec, "a range with 'from' and 'to'")
    scale = spec.get("scale", "linear")
    if scale not in ("linear", "log"):
        raise ScenarioError(f"{key}.scale", scale, '"linear" or "log"')
    lo, hi = _to_si(name, spec["from"], f"{key}.from"), _to_si(name, spec["to"], f"{key}.to")
    if not lo < hi:
        raise ScenarioError(f"{key}.to", spec["to"], "a value above 'from'")
    if scale == "log" and lo <= 0:
        raise ScenarioError(f"{key}.from", spec["from"], "a positive value for a log range")
    kind = "loguniform" if scale == "log" else "uniform"
    return Distribution(kind=kind, name=name, params={"low": lo, "high": hi}), scale


def _parse_montecarlo(doc: Any, seed: int, w: str) -> MonteCarlo | None:
    if doc is None:
        return None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{w}montecarlo", doc, "a table with samples and params")
    _check_keys(doc, {"samples", "params", "seed"}, w, "montecarlo.")
    m = doc.get("samples")
    if not isinstance(m, int) or isinstance(m, bool) or not 2 <= m <= MAX_MC_SAMPLES:
        raise ScenarioError(
            f"{w}montecarlo.samples", m, f"a whole number from 2 to {MAX_MC_SAMPLES}"
        )
    mseed = doc.get("seed", seed)
    if not isinstance(mseed, int) or isinstance(mseed, bool) or mseed < 0:
        raise ScenarioError(f"{w}montecarlo.seed", mseed, "a whole number >= 0")
    params = _flatten(doc.get("params", {}), lambda v: "dist" in v)
    if not params:
        raise ScenarioError(f"{w}montecarlo.params", doc.get("params"), "at least one parameter")
    # The scenario grammar and sampler (orbitcompute.uncertainty), parameters in sorted-name
    # order from one generator: the draws depend only on the spec.
    dists = [
        parse_distribution(name, spec, f"{w}montecarlo.params.", CHOICES)
        for name, spec in sorted(params, key=lambda item: item[0])
    ]
    cols = sample(dists, m, np.random.default_rng(np.random.SeedSequence([mseed, 0x4D43])))
    return MonteCarlo(m, tuple(cols), np.vstack(list(cols.values())))


def _model_outputs(base: dict[str, float]) -> set[str]:
    """Names of the numeric outputs the model provides (one evaluation of the base)."""
    res = evaluate({k: np.array([v]) for k, v in base.items()}).to_dict()
    return {k for k, v in res.items() if np.issubdtype(np.asarray(v).dtype, np.number)}


def _hash(base, axes, sample, mc, outputs, seed) -> str:
    h = hashlib.sha256()
    head = {
        "format": STORE_FORMAT,
        "version": package_version(),
        "seed": seed,
        "base": {k: repr(v) for k, v in sorted(base.items())},
        "outputs": list(outputs),
        "axes": [[a.name, a.kind, a.scale, sorted(a.sets)] for a in axes],
        "sample": None
        if sample is None
        else [sample.method, sample.n, list(sample.names), list(sample.scales), sample.seed],
        "montecarlo": None if mc is None else [mc.samples, list(mc.names)],
    }
    h.update(json.dumps(head, sort_keys=True).encode())
    for a in axes:
        h.update(np.asarray(a.values, dtype=str if not a.numeric else float).tobytes())
        for p in sorted(a.sets):
            h.update(a.sets[p].tobytes())
    if sample is not None:
        h.update(sample.low.tobytes() + sample.high.tobytes())
        for d, scale in zip(sample.dists, sample.scales, strict=True):
            if scale == "dist":  # ranges are fully given by low, high and scale
                state = [d.kind, sorted(d.params.items()), d.lower, d.upper]
                h.update(json.dumps(state).encode())
    if mc is not None:
        h.update(np.ascontiguousarray(mc.draws).tobytes())
    return h.hexdigest()


def package_version() -> str:
    """orbitcompute's version (``pyproject.toml``), for the spec hash and the manifest."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("orbitcompute")
    except PackageNotFoundError:
        pass
    try:
        root = Path(__file__).resolve().parents[4] / "pyproject.toml"
        with root.open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
