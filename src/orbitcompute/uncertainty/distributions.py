"""Probability distributions for uncertain parameters, written inline in scenario files.

A distribution replaces a point value in a scenario with an inline TOML table::

    [launch]
    price_per_kg = { dist = "loguniform", low = 30, high = 3000 }          # registry unit
    [power]
    array_specific_power = { dist = "lognormal", median = "100 W/kg", p90 = "300 W/kg" }
    [compute]
    accelerator = { dist = "choice", options = ["H100", "B200"], weights = [1, 3] }

Every distribution is defined by its inverse CDF (``ppf``) so that one uniform number per
parameter and sample drives it: plain Monte Carlo draws the uniforms from one seeded
:class:`numpy.random.Generator`, Sobol and Morris designs from SALib map their unit-cube
points through the same ``ppf``, and Iman-Conover rank correlation reorders the uniforms.

Kinds (keys in brackets are optional; ``min``/``max`` truncate any continuous kind):

=============== =====================================================================
``uniform``      ``low``, ``high``
``loguniform``   ``low``, ``high`` (both > 0)
``triangular``   ``low``, ``mode``, ``high``
``pert``         ``low``, ``mode``, ``high``, [``lambda`` = 4]
``normal``       ``mean``, ``sd``
``lognormal``    ``median`` and ``p90`` (or ``p10``), or ``mu`` and ``sigma`` (``mu`` is
                 the natural log of the median written in the registry unit)
``truncnormal``  as ``normal``; ``truncated`` variants accept ``min``/``max``
``choice``       ``options`` (values, or option names for a choice key such as
                 ``compute.accelerator``), [``weights``]
=============== =====================================================================

All kinds accept ``nominal`` (the deterministic value used by ``compare`` and as the
tornado's centre; default: the registry default) and ``source`` (where the spread comes
from). The support must lie inside the registry's [min, max] of the parameter; normal and
lognormal tails are truncated at the registry range, and rejected when more than
:data:`MAX_MASS_OUTSIDE` of the probability falls outside it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special

from orbitcompute.errors import ScenarioError
from orbitcompute.registry import Parameter, checks, registry

#: A named choice: option name -> {registry name: value in the registry unit}, built on demand.
ChoiceTable = Callable[[], Mapping[str, Mapping[str, float]]]
#: Largest probability an unbounded distribution may put outside the registry range.
MAX_MASS_OUTSIDE = 0.01
#: Default PERT shape parameter (Vose, Risk Analysis, 3rd ed., 2008, sec. 9.1.4).
PERT_LAMBDA = 4.0
#: z-score of the 90th percentile of the standard normal distribution.
Z90 = float(special.ndtri(0.9))

_COMMON = {"dist", "nominal", "source", "min", "max"}
KINDS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys besides the common ones)
    "uniform": ({"low", "high"}, set()),
    "loguniform": ({"low", "high"}, set()),
    "triangular": ({"low", "mode", "high"}, set()),
    "pert": ({"low", "mode", "high"}, {"lambda"}),
    "normal": ({"mean", "sd"}, set()),
    "truncnormal": ({"mean", "sd"}, set()),
    "lognormal": (set(), {"median", "p90", "p10", "mu", "sigma"}),
    "trunclognormal": (set(), {"median", "p90", "p10", "mu", "sigma"}),
    "choice": ({"options"}, {"weights"}),
}
ALIASES = {
    "log-uniform": "loguniform",
    "log_uniform": "loguniform",
    "beta-pert": "pert",
    "gaussian": "normal",
    "discrete": "choice",
}


@dataclass(frozen=True)
class Distribution:
    """One univariate distribution, in SI, defined through its inverse CDF.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    name : str
        The registry parameter or choice key it applies to (any label for ad-hoc use).
    params : dict[str, float]
        Shape parameters in SI (``low``, ``high``, ``mode``, ``mean``, ``sd``, ``mu``,
        ``sigma``, ``lambda`` as applicable; ``mu`` of a lognormal is ln(median in SI)).
    lower, upper : float
        Truncation bounds in SI (``-inf``/``inf`` when none).
    nominal : float or None
        Deterministic value in SI (None: keep the scenario's point value).
    options : tuple
        For ``choice``: the option values (SI floats) or option names.
    weights : tuple of float
        For ``choice``: normalized probabilities of the options.
    expands : dict[str, np.ndarray]
        For a choice key: registry name -> value in SI for each option.
    source : str
        Where the spread comes from.
    """

    kind: str
    name: str = ""
    params: Mapping[str, float] = field(default_factory=dict)
    lower: float = -math.inf
    upper: float = math.inf
    nominal: float | str | None = None
    options: tuple = ()
    weights: tuple = ()
    expands: Mapping[str, np.ndarray] = field(default_factory=dict)
    source: str = ""

    # ---------------------------------------------------------------- untruncated CDF / PPF
    def _cdf0(self, x: np.ndarray) -> np.ndarray:
        p, k = self.params, self.kind
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            if k == "uniform":
                return np.clip((x - p["low"]) / (p["high"] - p["low"]), 0.0, 1.0)
            if k == "loguniform":
                t = (np.log(np.maximum(x, p["low"])) - math.log(p["low"])) / (
                    math.log(p["high"]) - math.log(p["low"])
                )
                return np.clip(t, 0.0, 1.0)
            if k == "triangular":
                a, c, b = p["low"], p["mode"], p["high"]
                xc = np.clip(x, a, b)
                left = (xc - a) ** 2 / ((b - a) * (c - a)) if c > a else np.ones_like(xc)
                right = 1.0 - (b - xc) ** 2 / ((b - a) * (b - c)) if b > c else np.ones_like(xc)
                return np.where(xc <= c, np.where(xc == c, (c - a) / (b - a), left), right)
            if k == "pert":
                a, b = p["low"], p["high"]
                al, be = self._pert_ab()
                return special.betainc(al, be, np.clip((x - a) / (b - a), 0.0, 1.0))
            if k in ("normal", "truncnormal"):
                return special.ndtr((x - p["mean"]) / p["sd"])
            if k in ("lognormal", "trunclognormal"):
                z = (np.log(np.maximum(x, 1e-300)) - p["mu"]) / p["sigma"]
                return np.where(x > 0, special.ndtr(z), 0.0)
        raise ValueError(f"no CDF for kind {k!r}")

    def _ppf0(self, u: np.ndarray) -> np.ndarray:
        p, k = self.params, self.kind
        if k == "uniform":
            return p["low"] + u * (p["high"] - p["low"])
        if k == "loguniform":
            la, lb = math.log(p["low"]), math.log(p["high"])
            return np.exp(la + u * (lb - la))
        if k == "triangular":
            a, c, b = p["low"], p["mode"], p["high"]
            fc = (c - a) / (b - a)
            lower = u < fc
            r = np.sqrt(np.where(lower, u * ((b - a) * (c - a)), (1.0 - u) * ((b - a) * (b - c))))
            return np.where(lower, a + r, b - r)
        if k == "pert":
            table = _beta_ppf_table(*self._pert_ab())
            m = table.size - 1
            pos = np.clip(u, 0.0, 1.0) * m
            i = np.minimum(pos.astype(np.intp), m - 1)
            frac = pos - i
            x = table[i] + frac * (table[i + 1] - table[i])
            return p["low"] + (p["high"] - p["low"]) * x
        if k in ("normal", "truncnormal"):
            return p["mean"] + p["sd"] * special.ndtri(u)
        if k in ("lognormal", "trunclognormal"):
            return np.exp(p["mu"] + p["sigma"] * special.ndtri(u))
        raise ValueError(f"no PPF for kind {k!r}")

    def _pert_ab(self) -> tuple[float, float]:
        p = self.params
        lam = p.get("lambda", PERT_LAMBDA)
        span = p["high"] - p["low"]
        return 1.0 + lam * (p["mode"] - p["low"]) / span, 1.0 + lam * (p["high"] - p["mode"]) / span

    @property
    def is_choice(self) -> bool:
        return self.kind == "choice"

    @property
    def is_named_choice(self) -> bool:
        """True for choices between named options (e.g. accelerator types)."""
        return self.is_choice and bool(self.options) and isinstance(self.options[0], str)

    def _cdf_bounds(self) -> tuple[float, float]:
        lo = float(self._cdf0(np.array(self.lower))) if math.isfinite(self.lower) else 0.0
        hi = float(self._cdf0(np.array(self.upper))) if math.isfinite(self.upper) else 1.0
        return lo, hi

    # ---------------------------------------------------------------- public
    def ppf(self, u: Any) -> np.ndarray:
        """Inverse CDF: map uniforms in [0, 1] to values (SI; option index for named choices).

        Parameters
        ----------
        u : array_like
            Probabilities in [0, 1].

        Returns
        -------
        numpy.ndarray
            Values in SI (for a named choice: the option index as float).
        """
        u = np.asarray(u, dtype=float)
        if self.is_choice:
            cum = np.cumsum(self.weights)
            idx = np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(cum) - 1)
            if self.is_named_choice:
                return idx.astype(float)
            return np.asarray(self.options, dtype=float)[idx]
        flo, fhi = self._cdf_bounds()
        if flo > 0.0 or fhi < 1.0:
            u = flo + u * (fhi - flo)
        x = self._ppf0(u)
        return np.clip(x, self.lower, self.upper)

    def cdf(self, x: Any) -> np.ndarray:
        """Cumulative distribution function (truncation included) of values in SI."""
        if self.is_choice:
            raise ValueError("cdf is not defined for named choices")
        flo, fhi = self._cdf_bounds()
        f = self._cdf0(np.asarray(x, dtype=float))
        return np.clip((f - flo) / (fhi - flo), 0.0, 1.0)

    def quantile(self, q: float) -> float:
        """The ``q`` quantile in SI (option index for named choices)."""
        return float(self.ppf(np.array([q]))[0])

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can produce [SI]."""
        if self.is_choice:
            if self.is_named_choice:
                return (0.0, float(len(self.options) - 1))
            vals = [v for v, w in zip(self.options, self.weights, strict=True) if w > 0]
            return (float(min(vals)), float(max(vals)))
        return (float(self.ppf(np.array([0.0]))[0]), float(self.ppf(np.array([1.0]))[0]))

    def columns(self, u: Any) -> dict[str, np.ndarray]:
        """Model parameters (SI arrays) produced by the uniforms ``u``.

        A named choice expands into every registry parameter its option sets; any other
        distribution produces one column named after its parameter.
        """
        x = self.ppf(u)
        if self.is_named_choice:
            idx = x.astype(np.intp)
            return {k: v[idx] for k, v in self.expands.items()}
        return {self.name: x}

    def describe(self, unit_factor: float = 1.0, unit: str = "") -> str:
        """Short text such as ``loguniform(30, 3000) USD/kg``."""
        if self.is_named_choice:
            return "choice(" + ", ".join(self.options) + ")"
        if self.is_choice:
            return "choice(" + ", ".join(f"{v / unit_factor:g}" for v in self.options) + ")"
        args = ", ".join(
            f"{k}={v / (1 if k in ('sigma', 'lambda') else unit_factor):g}"
            for k, v in self.params.items()
            if k != "mu"
        )
        if "mu" in self.params:
            args = f"median={math.exp(self.params['mu']) / unit_factor:g}, " + args
        return f"{self.kind}({args}) {unit}".strip()


#: Intervals of the tabulated Beta inverse CDF used for PERT distributions.
BETA_TABLE_SIZE = 2**16


@functools.lru_cache(maxsize=64)
def _beta_ppf_table(a: float, b: float) -> np.ndarray:
    """Beta(a, b) inverse CDF tabulated at u = i / BETA_TABLE_SIZE (for a fast inverse).

    Linear interpolation in this table is exact at the nodes and within 1e-9 of the range
    between them except in the first and last cells (probability 2^-15 together), and is about
    30 times faster than calling ``scipy.special.betaincinv`` for every sample.
    """
    return special.betaincinv(a, b, np.linspace(0.0, 1.0, BETA_TABLE_SIZE + 1))


# --------------------------------------------------------------------------------------------
# Parsing specs from scenario files


def _dimensionless(spec_key: str, value: Any, key: str, positive: bool = True) -> float:
    k = f"{key}.{spec_key}"
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(k, value, "a finite number")
    if positive and value <= 0:
        raise ScenarioError(k, value, "a number > 0")
    return float(value)


def parse_spec(
    name: str, spec: Any, where: str = "", choices: Mapping[str, ChoiceTable] | None = None
) -> Distribution:
    """Validate a distribution spec for a registry parameter or choice key.

    The one parser of ``{ dist = ... }`` specs: scenario files, ``--set``, the Monte Carlo,
    sensitivity and breakeven analyses and sweep specs all call it.

    Parameters
    ----------
    name : str
        Registry name (e.g. ``launch.price_per_kg``) or choice key (``compute.accelerator``).
    spec : dict
        The inline table, e.g. ``{"dist": "loguniform", "low": 30, "high": 3000}``.
    where : str
        Prefix for key paths in messages (file name or ``--set``).
    choices : mapping, optional
        Named choices: choice key -> function returning ``{option: {registry name: value in
        the registry unit}}`` (:data:`orbitcompute.scenario.CHOICES`). Without it, only
        registry parameters take distributions.

    Returns
    -------
    Distribution
        In SI, with ``nominal`` in SI (a string option name for named choices).

    Raises
    ------
    ScenarioError
        One line naming the key path, the value and what was expected. Bounds (``low``,
        ``mode``, ``high``, ``min``, ``max``, ``nominal``, choice ``options``) must lie in the
        registry range by the same rule as scalar values
        (:func:`orbitcompute.registry.checks.within_range`, in the registry unit).
    """
    choices = choices or {}
    key = f"{where}{name}"
    if not isinstance(spec, dict):
        raise ScenarioError(key, spec, 'an inline table such as { dist = "uniform", ... }')
    kind = spec.get("dist")
    if not isinstance(kind, str) or ALIASES.get(kind.lower(), kind.lower()) not in KINDS:
        raise ScenarioError(f"{key}.dist", kind, "one of " + ", ".join(KINDS))
    kind = ALIASES.get(kind.lower(), kind.lower())
    required, optional = KINDS[kind]
    allowed = required | optional | _COMMON
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise ScenarioError(
            f"{key}.{unknown[0]}",
            spec[unknown[0]],
            f"one of the keys of a {kind} distribution: " + ", ".join(sorted(allowed)),
        )
    missing = sorted(required - set(spec))
    if missing:
        raise ScenarioError(key, spec, f"a {kind} distribution with " + ", ".join(missing))
    source = spec.get("source", "")
    if not isinstance(source, str):
        raise ScenarioError(f"{key}.source", source, "a string")

    if name in choices:
        return _parse_named_choice(name, kind, spec, key, source, choices[name]())
    p = checks.parameter(name, key, spec, choices)
    if p.kind in ("bool", "int") and kind != "choice":
        raise ScenarioError(f"{key}.dist", kind, f"'choice' (the parameter is of kind {p.kind})")

    def num(k: str) -> float:
        return checks.quantity_si(p, spec[k], f"{key}.{k}")

    def inside(k: str, v: float, raw: Any) -> None:
        checks.check_range(p, v, f"{key}.{k}", raw)

    params: dict[str, float] = {}
    lower, upper = -math.inf, math.inf
    if kind == "choice":
        d = _parse_value_choice(name, spec, key, p)
    else:
        if kind in ("uniform", "loguniform", "triangular", "pert"):
            for k in ("low", "mode", "high"):
                if k in spec:
                    params[k] = num(k)
                    inside(k, params[k], spec[k])
            if not params["low"] < params["high"]:
                raise ScenarioError(
                    f"{key}.high", spec["high"], f"a value above low ({spec['low']})"
                )
            if "mode" in params and not params["low"] <= params["mode"] <= params["high"]:
                raise ScenarioError(f"{key}.mode", spec["mode"], "a value between low and high")
            if kind == "loguniform" and params["low"] <= 0:
                raise ScenarioError(f"{key}.low", spec["low"], "a value > 0 (log-uniform)")
            if kind == "pert" and "lambda" in spec:
                params["lambda"] = _dimensionless("lambda", spec["lambda"], key)
        elif kind in ("normal", "truncnormal"):
            params["mean"] = num("mean")
            params["sd"] = num("sd")
            if params["sd"] <= 0:
                raise ScenarioError(f"{key}.sd", spec["sd"], "a standard deviation > 0")
        else:  # lognormal
            params.update(_parse_lognormal(spec, key, p))
        if "min" in spec:
            lower = num("min")
            inside("min", lower, spec["min"])
        if "max" in spec:
            upper = num("max")
            inside("max", upper, spec["max"])
        if lower >= upper:
            raise ScenarioError(f"{key}.max", spec.get("max"), "a value above min")
        d = Distribution(
            kind=kind, name=name, params=params, lower=lower, upper=upper, source=source
        )
        if kind in ("normal", "truncnormal", "lognormal", "trunclognormal"):
            d = _truncate_to_registry(d, key, spec, p)
        flo, fhi = d._cdf_bounds()
        if not fhi - flo > 1e-12:
            raise ScenarioError(key, spec, "min/max that keep some probability")
    nominal = None
    if "nominal" in spec:
        nominal = num("nominal")
        inside("nominal", nominal, spec["nominal"])
    return Distribution(
        kind=d.kind,
        name=name,
        params=d.params,
        lower=d.lower,
        upper=d.upper,
        nominal=nominal,
        options=d.options,
        weights=d.weights,
        source=source,
    )


def _parse_lognormal(spec: dict, key: str, p: Parameter) -> dict[str, float]:
    has_mu = "mu" in spec or "sigma" in spec
    has_med = "median" in spec or "p90" in spec or "p10" in spec
    if has_mu and has_med:
        raise ScenarioError(key, spec, "either median with p90 (or p10), or mu with sigma")
    if has_mu:
        if not ("mu" in spec and "sigma" in spec):
            raise ScenarioError(
                key, spec, f"both mu and sigma (mu = ln of the median in {p.unit or '1'})"
            )
        mu = _dimensionless("mu", spec["mu"], key, positive=False)
        sigma = _dimensionless("sigma", spec["sigma"], key)
        return {"mu": mu + math.log(p.factor), "sigma": sigma}
    if "median" not in spec or ("p90" in spec) == ("p10" in spec):
        raise ScenarioError(key, spec, "median with p90 or p10 (or mu with sigma)")
    median = checks.quantity_si(p, spec["median"], f"{key}.median")
    if median <= 0:
        raise ScenarioError(f"{key}.median", spec["median"], "a value > 0 (lognormal)")
    if "p90" in spec:
        q = checks.quantity_si(p, spec["p90"], f"{key}.p90")
        if not q > median:
            raise ScenarioError(f"{key}.p90", spec["p90"], "a value above the median")
        sigma = math.log(q / median) / Z90
    else:
        q = checks.quantity_si(p, spec["p10"], f"{key}.p10")
        if not 0 < q < median:
            raise ScenarioError(f"{key}.p10", spec["p10"], "a value > 0 below the median")
        sigma = math.log(median / q) / Z90
    return {"mu": math.log(median), "sigma": sigma}


def _truncate_to_registry(d: Distribution, key: str, spec: dict, p: Parameter) -> Distribution:
    """Truncate an open tail at the registry range; reject if that cuts too much mass.

    Only the sides left open count: a ``min`` or ``max`` written in the spec truncates on
    purpose, whatever it cuts; an open side is truncated at the registry bound, which must not
    remove more than :data:`MAX_MASS_OUTSIDE` of the probability in all.
    """
    lo, hi = p.min_si, p.max_si
    lower = d.lower if math.isfinite(d.lower) else lo
    upper = d.upper if math.isfinite(d.upper) else hi
    implicit = (0.0 if math.isfinite(d.lower) else float(d._cdf0(np.array(lo)))) + (
        0.0 if math.isfinite(d.upper) else 1.0 - float(d._cdf0(np.array(hi)))
    )
    if implicit > MAX_MASS_OUTSIDE:
        raise ScenarioError(
            key,
            spec,
            f"a distribution with at most {MAX_MASS_OUTSIDE:.0%} of its probability outside "
            f"{checks.range_text(p)} (this one has {implicit:.1%}; add min/max to truncate it)",
        )
    return Distribution(
        kind=d.kind, name=d.name, params=d.params, lower=lower, upper=upper, source=d.source
    )


def _parse_weights(spec: dict, key: str, n: int) -> tuple[float, ...]:
    w = spec.get("weights")
    if w is None:
        return tuple([1.0 / n] * n)
    if not isinstance(w, list) or len(w) != n:
        raise ScenarioError(f"{key}.weights", w, f"a list of {n} weights (one per option)")
    for x in w:
        if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x) or x < 0:
            raise ScenarioError(f"{key}.weights", w, "non-negative finite numbers")
    total = float(sum(w))
    if total <= 0:
        raise ScenarioError(f"{key}.weights", w, "weights with a positive sum")
    return tuple(float(x) / total for x in w)


def _parse_value_choice(name: str, spec: dict, key: str, p: Parameter) -> Distribution:
    opts = spec["options"]
    if not isinstance(opts, list) or not opts:
        raise ScenarioError(f"{key}.options", opts, "a non-empty list of values")
    vals = []
    for o in opts:
        if isinstance(o, bool):
            if p.kind != "bool":
                raise ScenarioError(f"{key}.options", opts, f"values in {p.unit}")
            v = float(o)
        else:
            v = checks.quantity_si(p, o, f"{key}.options")
        checks.check_range(p, v, f"{key}.options", o)
        if p.kind == "bool" and v not in (0.0, 1.0):
            raise ScenarioError(f"{key}.options", opts, "true/false (or 1/0)")
        if p.kind == "int" and v / p.factor != round(v / p.factor):
            raise ScenarioError(f"{key}.options", opts, "whole numbers")
        vals.append(v)
    return Distribution(
        kind="choice", name=name, options=tuple(vals), weights=_parse_weights(spec, key, len(vals))
    )


def _parse_named_choice(
    name: str, kind: str, spec: dict, key: str, source: str, table: Mapping[str, Mapping]
) -> Distribution:
    if kind != "choice":
        raise ScenarioError(f"{key}.dist", kind, f"'choice' ({name} takes named options)")
    for k in ("min", "max"):
        if k in spec:
            raise ScenarioError(f"{key}.{k}", spec[k], "no min/max for a named choice")
    opts = spec["options"]
    if (
        not isinstance(opts, list)
        or not opts
        or any(not isinstance(o, str) or o not in table for o in opts)
    ):
        raise ScenarioError(f"{key}.options", opts, "a list of " + ", ".join(sorted(table)))
    if len(set(opts)) != len(opts):
        raise ScenarioError(f"{key}.options", opts, "distinct option names")
    nominal = spec.get("nominal")
    if nominal is not None and nominal not in table:
        raise ScenarioError(f"{key}.nominal", nominal, "one of " + ", ".join(sorted(table)))
    reg = registry()
    params = sorted({k for o in opts for k in table[o]})
    expands = {k: np.array([table[o][k] * reg[k].factor for o in opts]) for k in params}
    return Distribution(
        kind="choice",
        name=name,
        options=tuple(opts),
        nominal=nominal,
        weights=_parse_weights(spec, key, len(opts)),
        expands=expands,
        source=source,
    )


# --------------------------------------------------------------------------------------------
# Correlation


def parse_correlations(
    section: Any, names: Sequence[str], where: str = "", known: Iterable[str] | None = None
) -> np.ndarray | None:
    """Target Spearman rank correlation matrix from ``[uncertainty] correlations``.

    The section is ``correlations = [["a", "b", 0.6], ...]``: pairs of uncertain parameters and
    their rank correlation in [-1, 1]. Returns None when no correlation is given, otherwise a
    (k, k) matrix in the order of ``names``.

    ``known`` lists every name a correlation may mention (registry names and choice keys, some
    of them fixed by an override so that they no longer vary); a name outside ``names`` and
    ``known`` is an error. None accepts any such name (a scenario already validated at load).
    """
    key = f"{where}uncertainty.correlations"
    if not section:
        return None
    if not isinstance(section, dict):
        raise ScenarioError(f"{where}uncertainty", section, "a table with 'correlations'")
    extra = sorted(set(section) - {"correlations"})
    if extra:
        raise ScenarioError(
            f"{where}uncertainty.{extra[0]}",
            section[extra[0]],
            "only 'correlations' in [uncertainty]",
        )
    pairs = section.get("correlations", [])
    if not isinstance(pairs, list):
        raise ScenarioError(key, pairs, 'a list of ["param_a", "param_b", rho] triples')
    if not pairs:
        return None
    known_names = None if known is None else set(known)
    index = {n: i for i, n in enumerate(names)}
    c = np.eye(len(names))
    for item in pairs:
        if (
            not isinstance(item, list)
            or len(item) != 3
            or not all(isinstance(s, str) for s in item[:2])
        ):
            raise ScenarioError(key, item, 'a ["param_a", "param_b", rho] triple')
        a, b, rho = item
        for n in (a, b):
            if n not in index and known_names is not None and n not in known_names:
                raise ScenarioError(key, item, "names of parameters with a distribution")
        if a == b:
            raise ScenarioError(key, item, "two different parameters")
        if isinstance(rho, bool) or not isinstance(rho, int | float) or not -1 < rho < 1:
            raise ScenarioError(key, item, "a rank correlation strictly between -1 and 1")
        if a not in index or b not in index:
            continue  # a parameter fixed by an override (e.g. --set) no longer varies
        c[index[a], index[b]] = c[index[b], index[a]] = float(rho)
    if np.array_equal(c, np.eye(len(names))):
        return None
    target = 2.0 * np.sin(np.pi * c / 6.0)  # Spearman -> Pearson of normal scores
    if np.linalg.eigvalsh(target).min() <= 1e-10:
        raise ScenarioError(key, pairs, "a consistent (positive definite) set of correlations")
    return c


def iman_conover(u: np.ndarray, rank_corr: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Reorder the columns of ``u`` to induce a Spearman rank correlation (Iman-Conover).

    Parameters
    ----------
    u : numpy.ndarray
        (n, k) independent samples (any marginals; only their order changes).
    rank_corr : numpy.ndarray
        (k, k) target Spearman rank correlation matrix.
    rng : numpy.random.Generator
        Source of the random scores.

    Returns
    -------
    numpy.ndarray
        (n, k) array with the same column marginals as ``u`` and rank correlation close to the
        target.

    Notes
    -----
    Van der Waerden scores :math:`\\Phi^{-1}(i/(n+1))` are permuted per column, decorrelated
    with the Cholesky factor of their own correlation and recorrelated with the Cholesky factor
    of :math:`2\\sin(\\pi\\rho_s/6)` (the Pearson correlation of normal scores that corresponds
    to Spearman's :math:`\\rho_s`); each column of ``u`` is then sorted into the ranks of the
    result.

    References
    ----------
    Iman, R. L. and Conover, W. J. (1982). A distribution-free approach to inducing rank
    correlation among input variables. Communications in Statistics B 11(3), 311-334.
    """
    n, k = u.shape
    rank_corr = np.asarray(rank_corr, dtype=float)
    # Only columns that take part in a correlation are reordered; the others stay independent.
    off = rank_corr - np.eye(k)
    cols = np.nonzero(np.any(off != 0.0, axis=0))[0]
    if cols.size < 2 or n < cols.size + 2:
        return u
    target = 2.0 * np.sin(np.pi * rank_corr[np.ix_(cols, cols)] / 6.0)
    base = special.ndtri(np.arange(1, n + 1) / (n + 1.0))
    scores = np.empty((cols.size, n))
    for i in range(cols.size):  # a few columns, not samples: vectorized over n
        scores[i] = rng.permutation(base)
    e = np.corrcoef(scores)
    q = np.linalg.cholesky(e)
    p = np.linalg.cholesky(target)
    t = (p @ np.linalg.solve(q, scores)).T
    out = u.copy()
    for i, j in enumerate(cols):
        out[np.argsort(t[:, i]), j] = np.sort(u[:, j])
    return out


# --------------------------------------------------------------------------------------------
# Sampling


def sample_uniforms(
    n: int, k: int, rng: np.random.Generator, rank_corr: np.ndarray | None = None
) -> np.ndarray:
    """(n, k) uniforms from ``rng``, rank-correlated with Iman-Conover when asked."""
    u = rng.random((k, n)).T  # columns contiguous in memory (fast per-parameter transforms)
    if rank_corr is not None:
        u = iman_conover(u, rank_corr, rng)
    return u


def to_columns(dists: Sequence[Distribution], u: np.ndarray) -> dict[str, np.ndarray]:
    """Model parameters (SI arrays) for a (n, k) array of uniforms, one column per distribution."""
    cols: dict[str, np.ndarray] = {}
    for j, d in enumerate(dists):
        cols.update(d.columns(u[:, j]))
    return cols


def sample(
    dists: Sequence[Distribution],
    n: int,
    seed: int | np.random.Generator | None = 0,
    rank_corr: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``n`` samples of every distribution from one seeded generator.

    Parameters
    ----------
    dists : sequence of Distribution
    n : int
        Number of samples.
    seed : int or numpy.random.Generator
        Seed (same seed, same samples).
    rank_corr : numpy.ndarray, optional
        (k, k) Spearman rank correlation target (Iman-Conover).

    Returns
    -------
    dict[str, numpy.ndarray]
        Registry name -> (n,) SI values (named choices expanded into the parameters they set).
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    return to_columns(dists, sample_uniforms(n, len(dists), rng, rank_corr))
