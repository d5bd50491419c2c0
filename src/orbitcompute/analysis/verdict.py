"""The verdict: every claimed advantage of orbit and every objection, with numbers.

``build_verdict(scenario)`` evaluates the scenario once and returns a JSON-ready dict: one row per
claim (solar energy, cooling, land, water, grid/time-to-power, latency) and per objection
(launch cost, maintenance/failures, delivered compute, radiation, data transmission), each with
the quantity on each side in a common unit, the winner and by how much, plus the physical
quantities behind it; the cost per delivered GPU-hour line by line (the lines sum to the
headline); then the overall comparison, its probability (when the scenario has distributions)
and the breakeven conditions.

Every number of a row is an output of :func:`orbitcompute.model.evaluate` (or of the links and
ground-resource analyses), shown in the display unit of the outputs table
(:func:`orbitcompute.registry.outputs`); nothing here derives a cost or a fraction.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from orbitcompute.analysis.breakeven import breakeven
from orbitcompute.analysis.links import summary as links_summary
from orbitcompute.analysis.montecarlo import run_montecarlo
from orbitcompute.analysis.outlook import outlook_summary
from orbitcompute.analysis.parity import parity_cached
from orbitcompute.analysis.parity import summary as parity_summary
from orbitcompute.analysis.reconcile import standing
from orbitcompute.constants import HOUR
from orbitcompute.economics.costs import cost_lines
from orbitcompute.errors import ScenarioError
from orbitcompute.ground import OPTIONS
from orbitcompute.ground.resource import ground_yield, space_yield
from orbitcompute.model import evaluate
from orbitcompute.registry import outputs

SCHEMA = "orbitcompute.verdict/1"
KWH = 1000.0 * HOUR  # J
#: Time step of the one-day latency run [s]: 10-minute steps give the median round trip within
#: 0.01 % and the share of users faster from orbit within 0.1 % of 5-minute steps (measured on
#: the default scenario) at half the cost, which keeps ``verdict`` under 2 s.
LATENCY_STEP = 600.0


def _compare(orbit: float, ground: float, better: str) -> tuple[str, float | None]:
    """Winner ("orbit", "ground" or "tie") and the factor by which it wins (None: infinite)."""
    if not (math.isfinite(orbit) and math.isfinite(ground)):
        return "undetermined", None
    if math.isclose(orbit, ground, rel_tol=1e-9, abs_tol=0.0):
        return "tie", 1.0
    o_wins = orbit < ground if better == "lower" else orbit > ground
    hi, lo = max(orbit, ground), min(orbit, ground)
    factor = None if lo <= 0 else hi / lo
    return ("orbit" if o_wins else "ground"), factor


def _row(kind, topic, question, orbit, ground, unit, better, quantities, note="") -> dict:
    winner, factor = _compare(orbit, ground, better)
    return {
        "kind": kind,
        "topic": topic,
        "question": question,
        "orbit": orbit,
        "ground": ground,
        "unit": unit,
        "better": better,
        "winner": winner,
        "factor": factor,
        "quantities": [
            {"name": n, "orbit": o, "ground": g, "unit": u} for n, o, g, u in quantities
        ],
        "note": note,
    }


def _solar_yields(p: Mapping[str, float], r: Mapping[str, float]) -> dict[str, float]:
    """Electric energy per m2 and per kg of array per year, orbit vs ground site [J]."""
    arr = {k: np.array([v], dtype=float) for k, v in p.items()}
    sp = space_yield(arr, np.array([r["orbit.sunlit_fraction"]]))
    gr = ground_yield(arr, int(p["ground.solar.site"]))
    one = lambda x: float(np.ravel(x)[0])  # noqa: E731
    return {
        "orbit_m2": one(sp["per_m2"]),
        "orbit_kg": one(sp["per_kg"]),
        "ground_m2": one(gr["per_m2"]),
        "ground_kg": one(gr["per_kg"]),
    }


def _shown(r: Mapping[str, float], key: str | None) -> float | None:
    """Output ``key`` of row ``r`` in its display unit (None for no key)."""
    return None if key is None else float(outputs()[key].display(r[key]))


def _unit(*keys: str | None) -> str:
    """The display unit shared by the outputs ``keys``."""
    units = {outputs()[k].display_unit for k in keys if k is not None}
    if len(units) != 1:  # a programming error: a row must compare like with like
        raise ValueError(f"outputs {keys} have different display units {units}")
    return units.pop()


def _quantity(r: Mapping[str, float], okey: str | None, gkey: str | None, name: str = ""):
    """A (name, orbit, ground, unit) quantity from outputs of both sides (or one)."""
    label = name or outputs()[okey or gkey].label
    return (label, _shown(r, okey), _shown(r, gkey), _unit(okey, gkey))


def _nan(x: float | None) -> float:
    return math.nan if x is None else float(x)


def _output_row(kind, topic, question, r, okey, gkey, better, quantities, note="") -> dict:
    """A row whose two sides are outputs of ``evaluate()`` (display units of the table)."""
    unit = _unit(okey, gkey)
    return _row(
        kind, topic, question, _shown(r, okey), _shown(r, gkey), unit, better, quantities, note
    )


def launch_row(r: Mapping[str, float]) -> dict[str, Any]:
    """The launch-cost objection: the model's launch line vs the whole ground GPU-hour.

    Parameters
    ----------
    r : mapping
        Outputs of the headline design (``Results.row``), SI.

    Returns
    -------
    dict
        The verdict row (question, both sides' quantities, winner, factor).
    """
    q = lambda okey, gkey, name="": _quantity(r, okey, gkey, name)  # noqa: E731
    return _output_row(
        "objection",
        "launch cost",
        "Does launch alone cost more than the whole ground GPU-hour?",
        r,
        "orbit.cost.launch",
        "ground.cost_per_gpu_hour",
        "lower",
        [
            q("orbit.capex.launch", None),
            q("orbit.total_mass", None, "launched mass"),
            q("orbit.launched_billed_mass", None),
            q("orbit.n_launches", None),
        ],
        "Orbit: the launch line of the cost per GPU-hour (billed mass x price, financed "
        "during deployment and recovered over the satellite life; its insurance and "
        "operations are their own lines); ground: its whole cost per GPU-hour.",
    )


def rows(p: Mapping[str, float], r: Mapping[str, float]) -> list[dict[str, Any]]:
    """The claim and objection rows from parameters ``p`` and one results row ``r`` (SI)."""
    links = links_summary(p, step=LATENCY_STEP)
    option = OPTIONS[int(r["ground.energy_source"])]
    q = lambda okey, gkey, name="": _quantity(r, okey, gkey, name)  # noqa: E731
    out = []

    # --- claims -------------------------------------------------------------------------------
    sol = _solar_yields(p, r)
    out.append(
        _row(
            "advantage",
            "solar energy",
            "Does a m2 of array make more electricity in orbit?",
            sol["orbit_m2"] / KWH,
            sol["ground_m2"] / KWH,
            "kWh/m^2/yr",
            "higher",
            [
                (
                    "electricity per kg of array per year",
                    sol["orbit_kg"] / KWH,
                    sol["ground_kg"] / KWH,
                    "kWh/kg/yr",
                ),
                q("orbit.sunlit_fraction", None),
                q("orbit.array_area", None),
            ],
            "Beginning-of-life array output in orbit vs a pvlib TMY site "
            "(ground.solar.site, orbitcompute.ground.resource); ground per kg counts modules "
            "only, without racking.",
        )
    )
    out.append(
        _output_row(
            "advantage",
            "cooling",
            "Is heat rejection cheaper in orbit?",
            r,
            "orbit.cooling_cost_per_gpu_hour",
            "ground.cooling_cost_per_gpu_hour",
            "lower",
            [
                q("orbit.radiator_area", None),
                q("orbit.mass.radiators", None, "radiator mass"),
                q("orbit.radiator_net_flux", None),
                q("orbit.water_per_year", "ground.water_per_year", "site water per year"),
            ],
            "Per delivered GPU-hour, on the headline basis. Orbit: the radiators' share of the "
            "fleet's mass, built, launched, insured, financed and operated. Ground: facility "
            f"energy above PUE 1 (energy option: {option}) and site water; the ground cooling "
            "plant's capex sits inside the facility capex and is not separated.",
        )
    )
    out.append(
        _output_row(
            "advantage",
            "land",
            "Does orbit save land?",
            r,
            "orbit.land_area",
            "ground.land_area",
            "lower",
            [q(None, "ground.annual.land", "annual cost of land (return forgone)")],
            f"Ground: the site plus its energy option ({option}).",
        )
    )
    out.append(
        _output_row(
            "advantage",
            "water",
            "Does orbit save water?",
            r,
            "orbit.water_per_gpu_hour",
            "ground.water_per_gpu_hour",
            "lower",
            [
                q("orbit.water_per_year", "ground.water_per_year", "site water per year"),
                q(None, "ground.annual.water", "water cost per year"),
            ],
            f"Ground: site water plus the water of its energy option ({option}).",
        )
    )
    out.append(
        _output_row(
            "advantage",
            "grid / time to power",
            "Is orbit powered sooner?",
            r,
            "orbit.time_to_power",
            "ground.time_to_power",
            "lower",
            [
                q(
                    "orbit.time_to_power_cost_per_gpu_hour",
                    "ground.time_to_power_cost_per_gpu_hour",
                    "cost of waiting",
                )
            ],
            f"Ground energy option: {option} (orbitcompute.ground); the other options are in "
            "'orbitcompute compare'.",
        )
    )
    out.append(
        _row(
            "advantage",
            "latency",
            "Do users get answers faster from orbit?",
            links["latency.orbit_rtt_p50"] * 1e3,
            links["latency.ground_rtt_p50"] * 1e3,
            "ms round trip (median)",
            "lower",
            [
                (
                    "share of users faster from orbit (every satellite serving)",
                    links["latency.share_faster_from_orbit"],
                    None,
                    "1",
                ),
                (
                    "share of users faster from one compact cluster",
                    links["latency.share_faster_cluster"],
                    None,
                    "1",
                ),
            ],
            "Population-weighted median over a day (orbitcompute.links).",
        )
    )

    # --- objections ---------------------------------------------------------------------------
    out.append(launch_row(r))
    out.append(
        _output_row(
            "objection",
            "maintenance / failures",
            "What share of the accelerator slots is working?",
            r,
            "orbit.mean_surviving_fraction",
            "ground.mean_surviving_fraction",
            "higher",
            [
                q("orbit.eol_surviving_fraction", None),
                q("orbit.availability", "ground.availability", "availability"),
                q("orbit.failure_rate", "ground.failure_rate"),
                q("orbit.annual.servicing", None, "servicing cost per year"),
            ],
            "Orbit: failures without repair (spares and servicing included), discount-weighted "
            "over the satellite life; ground: repair with MTTR and on-site spares "
            "(orbitcompute.reliability).",
        )
    )
    out.append(
        _output_row(
            "objection",
            "delivered compute",
            "How many today's-equivalent GPU-hours does an accelerator-hour bought deliver?",
            r,
            "orbit.equivalent_gpu_hour_yield",
            "ground.equivalent_gpu_hour_yield",
            "higher",
            [q("orbit.gpu_hour_yield", "ground.gpu_hour_yield")],
            "Everything between buying an accelerator and a useful GPU-hour: spares, eclipses, "
            "failures, restarts, and obsolescence (chips flown for the satellite life against "
            "a ground refresh every compute.hardware_life).",
        )
    )
    out.append(
        _output_row(
            "objection",
            "radiation",
            "How much compute time do upsets and restarts cost?",
            r,
            "orbit.time_lost_to_restarts",
            "ground.time_lost_to_restarts",
            "lower",
            [
                q("orbit.dose_rate", None),
                q("orbit.upset_rate", None),
                q("orbit.mass.shielding", None, "shielding mass"),
            ],
            "Time lost to job restarts after radiation upsets and failures in orbit, after "
            "failures on the ground (orbitcompute.reliability).",
        )
    )
    # Data transmission (issue 16): the model's data-link outputs for the scenario's mix.
    util = r["orbit.links.utilization"]
    mix = ", ".join(
        f"{k.rsplit('.', 1)[1]} {v:.0%}" for k, v in p.items() if k.startswith("traffic.mix.") and v
    )
    fits = (
        "fits: the links carry all its traffic"
        if util >= 1.0
        else f"{'LINK-BOUND' if r['orbit.links.link_bound'] else 'link-limited'}: the links keep "
        f"{util:.1%} of the compute busy"
    )
    out.append(
        _output_row(
            "objection",
            "data transmission",
            "What does moving the workload's data cost per GPU-hour, and does it fit the links?",
            r,
            "orbit.data_cost_per_gpu_hour",
            "ground.cost.transit",
            "lower",
            [
                q("orbit.links.utilization", None),
                q("orbit.links.capacity_margin", None),
                q("orbit.links.uplink_need", None),
                q("orbit.links.downlink_need", None),
                q("orbit.links.availability", None),
                q("orbit.links.ground_terminals", None),
                q("orbit.links.isl_terminals_per_satellite", None),
                q("orbit.cost.transit", "ground.cost.transit"),
            ],
            f"Workload {mix or 'none'}: {fits}. Orbit: laser terminals, data ground stations, "
            "internet transit and the GPU-hours the links leave idle (orbitcompute.design.comms);"
            " ground: internet transit (its fibre never limits the compute).",
        )
    )
    return out


def cost_block(r: Mapping[str, float]) -> dict[str, Any]:
    """The cost per delivered GPU-hour line by line on both sides (they sum to the totals).

    Parameters
    ----------
    r : mapping
        Outputs of the headline design (``Results.row``), SI.

    Returns
    -------
    dict
        ``unit``, ``lines`` and both totals.
    """
    return {
        "unit": _unit("orbit.cost_per_gpu_hour", "ground.cost_per_gpu_hour"),
        "lines": cost_lines(r),
        "orbit_total": _shown(r, "orbit.cost_per_gpu_hour"),
        "ground_total": _shown(r, "ground.cost_per_gpu_hour"),
    }


#: Parameters whose breakeven values the verdict lists (the levers the debate turns on).
BREAKEVEN_PARAMETERS = (
    "launch.price_per_kg",
    "satellite.cost_per_kg",
    "power.array_specific_power",
    "thermal.radiator_areal_density",
    "satellite.lifetime",
    "reliability.orbit_failure_multiplier",
    "ground.electricity_price",
)
#: Monte Carlo samples for the probability line (P within about +-0.7 % at 95 %).
MC_SAMPLES = 20_000


def probability(sc: Any, samples: int = MC_SAMPLES, seed: int = 0) -> dict[str, Any]:
    """P(orbit cheaper) from :mod:`orbitcompute.analysis.montecarlo` when the scenario has
    distributions; ``deterministic scenario`` otherwise.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    samples : int
        Monte Carlo samples.
    seed : int
        Seed of the samples.

    Returns
    -------
    dict
        ``value``, ``ci`` and ``confidence`` (None and a text for a deterministic scenario).
    """
    if not getattr(sc, "distributions", None):
        return {"value": None, "text": "deterministic scenario"}
    mc = run_montecarlo(sc, n=samples, seed=seed)
    lo, hi = mc.ci
    return {
        "value": mc.p_orbit_cheaper,
        "ci": [lo, hi],
        "confidence": mc.confidence,
        "samples": mc.n,
        "seed": mc.seed,
        "text": (
            f"P(orbit cheaper) = {mc.p_orbit_cheaper:.1%} ({mc.confidence:.0%} CI "
            f"{lo:.1%}-{hi:.1%}; {mc.n:,} samples, seed {mc.seed})"
        ),
    }


def breakevens(sc: Any, r: Mapping[str, float]) -> dict[str, Any]:
    """Breakeven launch price from the model; other levers from :mod:`..analysis.breakeven`.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    r : mapping
        Outputs of the headline design (``Results.row``), SI.

    Returns
    -------
    dict
        Lever name to ``{value, unit, text}``.
    """
    be = r["breakeven.launch_price_per_kg"]
    return {
        "launch.price_per_kg": {
            "value": be if math.isfinite(be) else None,
            "unit": "USD/kg",
            "text": f"{be:,.0f} USD/kg"
            if math.isfinite(be)
            else "none: orbit costs more even at $0/kg",
        },
        "others": {name: breakeven(sc, name).to_dict() for name in BREAKEVEN_PARAMETERS},
    }


def build_verdict(sc: Any, samples: int = MC_SAMPLES, seed: int = 0) -> dict[str, Any]:
    """The verdict document (schema ``orbitcompute.verdict/1``) for a loaded scenario.

    Parameters
    ----------
    sc : Scenario
        A loaded scenario (:func:`orbitcompute.load_scenario`).
    samples, seed : int
        Monte Carlo samples and seed for the probability line (used only when the scenario
        has distributions).
    """
    res = evaluate(sc.params())
    reason = res.infeasible_reason(0)
    if reason is not None:
        raise ScenarioError("SCENARIO", sc.label, f"a buildable design: {reason}")
    r = res.row(0)
    o, g = r["orbit.cost_per_gpu_hour"], r["ground.cost_per_gpu_hour"]
    return {
        "schema": SCHEMA,
        "scenario": {"name": sc.meta.name, "title": sc.label, "year": sc.meta.year},
        "rows": rows(sc.values, r),
        "cost": cost_block(r),
        "overall": {
            "orbit_cost_per_gpu_hour": o,
            "ground_cost_per_gpu_hour": g,
            "ratio": r["ratio"],
            "winner": "orbit" if o < g else "ground",
            "factor": max(o, g) / min(o, g),
        },
        "probability": probability(sc, samples, seed),
        "breakeven": breakevens(sc, r),
        "outlook": outlook(sc, seed),
        **outlook_sections(sc, r["ratio"]),
    }


def outlook_sections(sc: Any, ratio: float) -> dict[str, Any]:
    """The verdict's last two sections: what would have to be true (:mod:`.parity`, the
    default levers to ratio 1) and where this stands among published estimates
    (:mod:`.reconcile`)."""
    par = parity_cached(sc, design="as-given")  # sc is already the headline's design
    return {
        "what_would_have_to_be_true": {
            "reachable": par.reachable,
            "ratio": par.ratio,
            "distance": par.distance,
            "set": par.overrides() if par.reachable else [],
            "text": parity_summary(par),
        },
        "published_estimates": standing(ratio),
    }


def outlook(sc: Any, seed: int = 0) -> dict[str, Any]:
    """The parity-year line and the capacity sentence (:func:`..outlook.outlook_summary`,
    1,000 samples, cached per process); a scenario the outlook cannot run says why.

    The verdict keeps the design it judges (the headline's) in every year, so it stays fast;
    ``orbitcompute outlook`` re-optimizes it year by year.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    seed : int
        Seed of the outlook's samples.

    Returns
    -------
    dict
        ``parity`` and ``capacity`` blocks (or their texts saying why there is none).
    """
    try:
        return outlook_summary(sc, seed=seed, design="as-given")
    except ScenarioError as exc:
        text = f"outlook unavailable: {exc.one_line()}"
        return {"parity": {"text": text}, "capacity": {"sentence": text, "details": ""}}
