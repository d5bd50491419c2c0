"""The dashboard's JSON API as plain functions (no web framework here).

Requests are validated with the CLI's rules: a scenario is a shipped preset or an uploaded
TOML text, overrides go through :func:`orbitcompute.scenario.load_scenario` exactly like
``--set key=value``, and every user mistake raises :class:`~orbitcompute.errors.ScenarioError`
naming the key path (the app turns it into HTTP 422).
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import numpy as np

from orbitcompute.analysis.compare import build_report, check_buildable, summary_csv
from orbitcompute.analysis.montecarlo import scenario_correlation
from orbitcompute.errors import ScenarioError
from orbitcompute.io import jsonable
from orbitcompute.model import Results, evaluate
from orbitcompute.registry import registry
from orbitcompute.report.data import mass_area_section, run_samples, waterfall_section
from orbitcompute.scenario import (
    CHOICES,
    DEFAULT_PRESET,
    load_scenario,
    load_scenario_text,
    preset_names,
    scenario_to_toml,
)
from orbitcompute.uncertainty import sample

#: Main parameters of the dashboard (sliders), in display order; log-scale ones marked.
MAIN_PARAMS: tuple[tuple[str, bool], ...] = (
    ("launch.price_per_kg", True),
    ("orbit.altitude", False),
    ("satellite.lifetime", False),
    ("satellite.cost_per_kg", True),
    ("power.array_specific_power", True),
    ("thermal.radiator_temperature", False),
    ("reliability.gpu_failure_rate", False),
    ("reliability.orbit_failure_multiplier", True),
    ("launch.payload_capacity", True),
    ("ground.electricity_price", False),
    ("finance.discount_rate", False),
    ("cluster.it_power", True),
)
#: Request keys accepted by POST /api/compare.
BODY_KEYS = ("scenario", "toml", "set", "montecarlo")
MAX_TEXT = 200
MAX_TOML = 100_000
MAX_OVERRIDES = 200
#: Limits of a request body: bytes, nesting of objects and arrays, keys and items, integer digits.
MAX_BODY = 256 * 1024
MAX_JSON_DEPTH = 6
MAX_JSON_ITEMS = 1_000
MAX_INT_DIGITS = 1_000
#: Monte Carlo sample count: default (the dashboard's) and the most one request may ask for.
MC_DEFAULT_N = 10_000
MC_MAX_N = 100_000
#: Default relative half-width of the dashboard's uniform spread on the main parameters
#: (a user setting shown and editable on the page, not a model assumption).
MC_DEFAULT_SPREAD = 0.2
MC_MAX_SPREAD = 0.95
#: Histogram bins of the Monte Carlo ratio sent to the page.
MC_BINS = 60
#: Points of the breakeven curve sent to the page.
CURVE_POINTS = 61


def warm_up() -> None:
    """Build what a first request needs (pint, registry, presets, eclipse tables, Monte Carlo)."""
    presets_payload()
    compare_payload({"scenario": "today", "montecarlo": {"n": 256}})
    compare_payload({"scenario": "uncertain-2030", "montecarlo": {"n": 256}})
    compare_payload({"toml": 'extends = "today"\n[orbit]\naltitude = "550 km"\n'})


def params_payload() -> dict[str, Any]:
    """GET /api/params: every registry parameter (registry units) and the dashboard's main ones."""
    reg = registry()
    rows = [p.as_dict() for p in reg.values()]
    main = [{"name": n, "log": log} for n, log in MAIN_PARAMS if n in reg]
    return {"parameters": rows, "main": main, "choices": _choices()}


def _choices() -> dict[str, list[str]]:
    return {k: sorted(fn()) for k, fn in CHOICES.items()}


def presets_payload() -> dict[str, Any]:
    """GET /api/presets: shipped presets with their titles."""
    out = []
    for name in preset_names():
        try:
            sc = load_scenario(name)
            out.append({"name": name, "title": sc.label, "year": sc.meta.year})
        except ScenarioError as exc:  # a broken preset is listed, not fatal
            out.append({"name": name, "title": name, "error": exc.one_line()})
    return {"presets": out}


# --------------------------------------------------------------------------------------------
# Validation


def parse_body(raw: bytes) -> Any:
    """A request body as JSON, within the limits (size, nesting, items, integer digits).

    Parameters
    ----------
    raw : bytes
        The body as received (UTF-8; a byte-order mark is accepted).

    Returns
    -------
    Any
        The decoded JSON value.

    Raises
    ------
    ScenarioError
        One line naming ``body`` and what was expected (the app answers 422).
    """
    if len(raw) > MAX_BODY:
        raise ScenarioError("body", f"{len(raw):,} bytes", f"at most {MAX_BODY:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            "body", raw[:40], f"UTF-8 JSON (byte {exc.start} is not UTF-8)"
        ) from None
    text = text[1:] if text.startswith("\ufeff") else text

    def bounded_int(digits: str) -> int:
        # Python refuses int(str) beyond 4,300 digits (ValueError, a 500 before issue 14)
        if len(digits.lstrip("-")) > MAX_INT_DIGITS:
            raise ScenarioError(
                "body", digits[:20] + "...", f"integers of at most {MAX_INT_DIGITS} digits"
            )
        return int(digits)

    try:
        obj = json.loads(text, parse_int=bounded_int)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "body", text[:60], f"JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise ScenarioError("body", text[:20] + "...", "JSON nested less deeply") from None
    _check_json(obj)
    return obj


def _check_json(obj: Any) -> None:
    """Nesting depth and item count of a decoded body (iterative, so no recursion limit)."""
    if not isinstance(obj, dict | list):
        return
    stack = [(obj, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            count += 1
            if count > MAX_JSON_ITEMS:
                raise ScenarioError("body", "...", f"at most {MAX_JSON_ITEMS:,} keys and items")
            if isinstance(child, dict | list):
                if depth >= MAX_JSON_DEPTH:
                    raise ScenarioError(
                        "body", "...", f"objects and arrays nested at most {MAX_JSON_DEPTH} deep"
                    )
                stack.append((child, depth + 1))


def _text(key: str, value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise ScenarioError(key, value, f"a non-empty string of at most {limit} characters")
    return value


def _override(name: Any, value: Any) -> str:
    """One ``set`` entry as a ``--set`` string (value written as a TOML literal)."""
    if (
        not isinstance(name, str)
        or not name
        or len(name) > MAX_TEXT
        or any(c in name for c in "=\n\r\"'[]{}#")
        or not name.isprintable()
    ):
        raise ScenarioError("set", name, "a parameter name such as launch.price_per_kg")
    key = f"set.{name}"
    if isinstance(value, bool):
        lit = "true" if value else "false"
    elif isinstance(value, int):
        if abs(value) > 1e300:
            raise ScenarioError(key, value, "a number of sensible magnitude")
        lit = repr(float(value)) if abs(value) > 2**53 else str(value)
    elif isinstance(value, float):
        lit = repr(value) if math.isfinite(value) else ("nan" if value != value else "inf")
        if math.isinf(value) and value < 0:
            lit = "-inf"
    elif isinstance(value, str):
        if len(value) > MAX_TEXT or not value.isprintable():
            raise ScenarioError(key, value, f"a printable string of at most {MAX_TEXT} characters")
        lit = json.dumps(value, ensure_ascii=True)
        if "\\ud" in lit.lower():  # surrogate escapes are not valid TOML
            raise ScenarioError(key, value, "a string without surrogate characters")
    else:
        raise ScenarioError(key, value, "a number, a string with units, or true/false")
    return f"{name}={lit}"


def load_request(body: Any) -> Any:
    """Validate a request body and load its scenario (preset or TOML text plus ``set``).

    Uploaded TOML goes through the CLI's checks (:func:`orbitcompute.scenario.
    load_scenario_text`) except that ``extends`` may only name a preset: no file on the server
    is ever opened or named in a reply.
    """
    if not isinstance(body, dict):
        raise ScenarioError("body", body, 'a JSON object such as {"scenario": "today"}')
    for k in body:
        if k not in BODY_KEYS:
            raise ScenarioError(f"body.{k}", body[k], "only the keys " + ", ".join(BODY_KEYS))
    overrides_raw = body.get("set")
    if overrides_raw is None:
        overrides_raw = {}
    if not isinstance(overrides_raw, dict):
        raise ScenarioError("set", overrides_raw, "an object of parameter names to values")
    if len(overrides_raw) > MAX_OVERRIDES:
        raise ScenarioError("set", len(overrides_raw), f"at most {MAX_OVERRIDES} entries")
    overrides = [_override(k, v) for k, v in overrides_raw.items()]
    toml = body.get("toml")
    if toml is not None:
        if "scenario" in body and body["scenario"] is not None:
            raise ScenarioError("toml", "...", "either 'scenario' or 'toml', not both")
        _text("toml", toml, MAX_TOML)
        return load_scenario_text(toml, overrides)
    name = body.get("scenario")
    name = DEFAULT_PRESET if name is None else _text("scenario", name)
    if name not in preset_names():
        raise ScenarioError("scenario", name, "one of the presets " + ", ".join(preset_names()))
    return load_scenario(name, overrides)


def _mc_options(raw: Any) -> dict[str, Any] | None:
    if raw is None or raw is False:
        return None
    if raw is True:
        raw = {}
    if not isinstance(raw, dict):
        raise ScenarioError("montecarlo", raw, "an object {n, seed, spread} or true")
    for k in raw:
        if k not in ("n", "seed", "spread"):
            raise ScenarioError(f"montecarlo.{k}", raw[k], "only the keys n, seed, spread")
    n = raw.get("n", MC_DEFAULT_N)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MC_MAX_N:
        raise ScenarioError("montecarlo.n", n, f"a whole number from 1 to {MC_MAX_N}")
    seed = raw.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ScenarioError("montecarlo.seed", seed, "a non-negative whole number")
    spread = raw.get("spread", MC_DEFAULT_SPREAD)
    if (
        isinstance(spread, bool)
        or not isinstance(spread, int | float)
        or not 0 <= spread <= MC_MAX_SPREAD
    ):
        raise ScenarioError("montecarlo.spread", spread, f"a number from 0 to {MC_MAX_SPREAD}")
    return {"n": n, "seed": seed, "spread": float(spread)}


# --------------------------------------------------------------------------------------------
# Compare


def compare_payload(body: Any) -> dict[str, Any]:
    """POST /api/compare: results, charts data, scenario TOML and CSV for one request."""
    t0 = time.perf_counter()
    mc = _mc_options(body.get("montecarlo") if isinstance(body, dict) else None)
    sc = load_request(body)
    p = registry()["launch.price_per_kg"]
    prices = np.geomspace(p.min_si, p.max_si, CURVE_POINTS)
    params = sc.params()
    params["launch.price_per_kg"] = np.concatenate([params["launch.price_per_kg"], prices])
    with np.errstate(all="ignore"):
        res = evaluate(params)
    check_buildable(sc, res)
    full = res.to_dict()
    one = Results({k: v[:1] for k, v in full.items()})
    row = one.row(0)
    report = build_report(sc, one)
    out: dict[str, Any] = {
        **report,
        "waterfall": _waterfall(row),
        "mass": mass_area_section(row).data,
        "curve": {
            "price": prices,
            "orbit": full["orbit.cost_per_gpu_hour"][1:],
            "ground": full["ground.cost_per_gpu_hour"][1:],
        },
        "toml": scenario_to_toml(sc),
        "csv": summary_csv(report),
        "values": {n: sc.values[n] / registry()[n].factor for n, _ in MAIN_PARAMS},
    }
    t1 = time.perf_counter()
    if mc is not None:
        out["montecarlo"] = montecarlo_payload(sc, **mc)
    out["timing_ms"] = {
        "deterministic": (t1 - t0) * 1e3,
        "montecarlo": (time.perf_counter() - t1) * 1e3 if mc else None,
    }
    return jsonable(out)


def _waterfall(row: dict[str, float]) -> dict[str, Any]:
    """Cost lines per GPU-hour of both sides (model outputs, labelled) and their unit."""
    d = waterfall_section(row).data
    return {**d["lines"], "unit": d["unit"]}


def montecarlo_payload(sc: Any, n: int, seed: int, spread: float) -> dict[str, Any]:
    """Monte Carlo for the dashboard: the scenario's distributions when it has some (issue #5
    sampler), else a uniform +-``spread`` on each main parameter, clipped to its valid range."""
    dists = getattr(sc, "distributions", None)
    cols: dict[str, np.ndarray] | None = None
    if dists:
        cols = sample(list(dists.values()), n, seed, scenario_correlation(sc))
        mode = "scenario distributions"
    if cols is None:
        if not dists:
            mode = f"uniform ±{spread:.0%} on the {len(MAIN_PARAMS)} main parameters"
        reg = registry()
        rng = np.random.default_rng(seed)
        u = rng.random((len(MAIN_PARAMS), n))
        cols = {}
        for j, (name, _) in enumerate(MAIN_PARAMS):
            v, prm = sc.values[name], reg[name]
            lo = max(v * (1 - spread), prm.min_si)
            hi = min(v * (1 + spread), prm.max_si)
            cols[name] = lo + (hi - lo) * u[j]
    d = run_samples(sc.values, cols)
    r = d["ratio"][np.isfinite(d["ratio"])]
    if r.size:
        lo, hi = np.log10(r.min()), np.log10(r.max())
        if hi - lo < 1e-9:
            lo, hi = lo - 0.01, hi + 0.01
        counts, edges = np.histogram(np.log10(r), bins=MC_BINS, range=(lo, hi))
        hist = {"edges": 10.0**edges, "counts": counts}
    else:
        hist = {"edges": [], "counts": []}
    return {
        "n": d["n"],
        "seed": seed,
        "mode": mode,
        "p_orbit_cheaper": d["p_orbit_cheaper"],
        "n_infeasible": d["n_infeasible"],
        "percentiles": d["percentiles"],
        "ratio_hist": hist,
    }


def error_payload(exc: ScenarioError) -> dict[str, Any]:
    """The 422 body: key path, value, expectation and the CLI's one-line message.

    ``--set name`` key paths (from the scenario loader) are reported as ``set.name``, the
    request's own key path.
    """
    key = exc.key
    if key.startswith("--set "):
        key = "set." + key[len("--set ") :]
    elif key == "--set":
        key = "set"
    err = ScenarioError(key, exc.value, exc.expected)
    value = repr(exc.value)
    return {
        "error": {
            "key": key,
            "value": value if len(value) <= 80 else value[:77] + "...",
            "expected": exc.expected,
            "message": err.one_line(),
        }
    }
