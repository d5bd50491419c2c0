"""The verdict: every claimed advantage of orbit and every objection, with numbers.

``build_verdict(scenario)`` evaluates the scenario once and returns a JSON-ready dict: one row per
claim (solar energy, cooling, land, water, grid/time-to-power, latency) and per objection
(launch cost, maintenance/failures, radiation, data transmission), each with the quantity on
each side in a common unit, the winner and by how much, plus the physical quantities behind it;
then the overall $/GPU-hour comparison, its probability (when the scenario has
distributions and the Monte Carlo module is installed) and the breakeven conditions.

Results of other domains (links, Monte Carlo, breakeven) are used through guarded imports, so
the verdict works whether or not those modules are present.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from orbitcompute.constants import C_LIGHT, R_EARTH, YEAR
from orbitcompute.economics.finance import capital_recovery_factor

SCHEMA = "orbitcompute.verdict/1"
KWH = 3.6e6


def slant_range(altitude: float, elevation: float) -> float:
    """Distance from a ground user to a satellite at ``elevation`` [rad] [m].

    Notes
    -----
    ``d = sqrt((R + h)^2 - R^2 cos^2 e) - R sin e``: the law of cosines in the triangle
    Earth centre, user, satellite (Wertz & Larson, *Space Mission Analysis and Design*, 3rd
    ed., sec. 5.2, Earth geometry viewed from space); ``d = h`` at zenith.
    """
    r = R_EARTH
    return math.sqrt((r + altitude) ** 2 - (r * math.cos(elevation)) ** 2) - r * math.sin(elevation)


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


def _links_latency(p: Mapping[str, float]) -> float | None:
    """One-way latency from orbitcompute.links (#8) when installed and recognized, else None."""
    try:
        from orbitcompute import links  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(links, "one_way_latency", None) or getattr(links, "propagation_delay", None)
    if fn is None:
        return None
    try:
        return float(np.asarray(fn(p["orbit.altitude"], p["verdict.min_elevation"])).ravel()[0])
    except Exception:  # noqa: BLE001 - an API we do not know: fall back to our own formula
        return None


def rows(p: Mapping[str, float], r: Mapping[str, float]) -> list[dict[str, Any]]:
    """The claim and objection rows from parameters ``p`` and one results row ``r`` (SI)."""
    rate = p["finance.discount_rate"]
    life = p["satellite.lifetime"]
    crf_life = float(capital_recovery_factor(rate, life))
    crf_h = float(capital_recovery_factor(rate, p["finance.horizon"]))
    ops = p["operations.orbit_cost_fraction"] * YEAR
    ins = p["launch.insurance_rate"]
    launch_per_kg = r["orbit.capex.launch"] / r["orbit.total_mass"]  # billed, incl. rounding
    # Annual cost of one kg in orbit: launch + build, insured, recovered over the satellite life.
    kg_in_orbit = (launch_per_kg + p["satellite.cost_per_kg"]) * (1 + ins) * (crf_life + ops)
    out = []

    # --- claims -------------------------------------------------------------------------------
    sun = r["orbit.sunlit_fraction"]
    irr_o = p["power.solar_constant"] * sun  # mean W/m2 = J/m2 per second
    irr_g = p["verdict.ground_solar_irradiation"]
    per_kg_o = p["power.array_specific_power"] * sun  # BOL W/kg at 1 sun, cells included
    per_kg_g = irr_g * p["verdict.ground_module_efficiency"] / p["verdict.ground_module_areal_mass"]
    out.append(
        _row(
            "advantage",
            "solar energy",
            "Is there more sunlight per m2 in orbit?",
            irr_o * YEAR / KWH,
            irr_g * YEAR / KWH,
            "kWh/m^2/yr",
            "higher",
            [
                (
                    "electricity per kg of array per year",
                    per_kg_o * YEAR / KWH,
                    per_kg_g * YEAR / KWH,
                    "kWh/kg/yr",
                ),
                ("sunlit fraction", sun, None, "1"),
                ("array area", r["orbit.array_area"], None, "m^2"),
            ],
            "Ground: a good solar site (verdict.ground_solar_irradiation) with silicon modules; "
            "the orbit side uses the annual sunlit fraction of the scenario's orbit.",
        )
    )
    m_rad = r["orbit.mass.radiators"]
    cool_o = m_rad * kg_in_orbit
    it_energy_g = r["ground.it_energy_per_year"]
    cool_energy = (p["ground.pue"] - 1.0) * it_energy_g
    cool_g = cool_energy * p["ground.electricity_price"] + r["ground.opex.water"]
    out.append(
        _row(
            "advantage",
            "cooling",
            "Is heat rejection cheaper in orbit?",
            cool_o,
            cool_g,
            "USD/yr",
            "lower",
            [
                ("radiator area", r["orbit.radiator_area"], None, "m^2"),
                ("radiator mass", m_rad / 1e3, None, "t"),
                ("radiator net flux", r["orbit.radiator_net_flux"], None, "W/m^2"),
                ("cooling energy per year", 0.0, cool_energy / KWH / 1e3, "MWh/yr"),
                ("cooling water per year", 0.0, r["ground.water_per_year"], "m^3/yr"),
            ],
            "Orbit: launched and built radiator mass, annualized over the satellite life. Ground: "
            "energy above PUE 1 and water; the ground cooling plant's capex sits inside the "
            "facility capex and is not separated.",
        )
    )
    land_g = r["ground.capex.land"] * rate
    out.append(
        _row(
            "advantage",
            "land",
            "Does orbit save land?",
            r["orbit.land_area"] / 4046.8564224,
            r["ground.land_area"] / 4046.8564224,
            "acre",
            "lower",
            [("annual cost of land (return forgone)", 0.0, land_g, "USD/yr")],
        )
    )
    out.append(
        _row(
            "advantage",
            "water",
            "Does orbit save water?",
            r["orbit.water_per_year"],
            r["ground.water_per_year"],
            "m^3/yr",
            "lower",
            [("water cost per year", 0.0, r["ground.opex.water"], "USD/yr")],
        )
    )
    t_o = p["satellite.deployment_time"]
    t_g = max(p["ground.construction_time"], p["verdict.grid_interconnection_wait"])
    out.append(
        _row(
            "advantage",
            "grid / time to power",
            "Is orbit powered sooner?",
            t_o / YEAR,
            t_g / YEAR,
            "yr",
            "lower",
            [
                ("build time", t_o / YEAR, p["ground.construction_time"] / YEAR, "yr"),
                (
                    "grid interconnection wait",
                    0.0,
                    p["verdict.grid_interconnection_wait"] / YEAR,
                    "yr",
                ),
            ],
            "Ground: the longer of construction and the grid queue (on-site generation avoids "
            "the queue; see the ground energy options).",
        )
    )
    lat = _links_latency(p)
    d = slant_range(p["orbit.altitude"], p["verdict.min_elevation"])
    lat_o = lat if lat is not None else d / C_LIGHT
    lat_g = p["verdict.user_distance"] * p["verdict.fibre_group_index"] / C_LIGHT
    out.append(
        _row(
            "advantage",
            "latency",
            "Is a user closer to the orbit than to a ground region?",
            lat_o * 1e3,
            lat_g * 1e3,
            "ms one way",
            "lower",
            [("path length", d / 1e3, p["verdict.user_distance"] / 1e3, "km")],
            ("Orbit latency from orbitcompute.links. " if lat is not None else "")
            + "Propagation only: user to satellite at the minimum elevation vs fibre to a ground "
            "region; inter-satellite hops and ground-station backhaul add to the orbit side.",
        )
    )

    # --- objections ---------------------------------------------------------------------------
    gpuh_o = r["orbit.gpu_hours_per_year"]
    launch_annual = r["orbit.capex.launch"] * (1 + ins) * (crf_life + ops)
    out.append(
        _row(
            "objection",
            "launch cost",
            "Does launch alone cost more than the whole ground GPU-hour?",
            launch_annual / gpuh_o,
            r["ground.cost_per_gpu_hour"],
            "USD/GPU-h",
            "lower",
            [
                (
                    "launch share of orbit capex",
                    r["orbit.capex.launch"] / r["orbit.capex.total"],
                    0.0,
                    "1",
                ),
                ("launched mass", r["orbit.total_mass"] / 1e3, None, "t"),
                ("launches", r["orbit.n_launches"], None, "1"),
            ],
            "Orbit: the launch bill alone per delivered GPU-hour; ground: its whole cost.",
        )
    )
    deliv_o = r["orbit.availability"] * r["orbit.mean_surviving_fraction"]
    out.append(
        _row(
            "objection",
            "maintenance / failures",
            "How much of the compute is working?",
            deliv_o,
            r["ground.availability"],
            "1",
            "higher",
            [
                (
                    "mean working fraction (no repair in orbit)",
                    r["orbit.mean_surviving_fraction"],
                    1.0,
                    "1",
                ),
                (
                    "availability (eclipse / repair)",
                    r["orbit.availability"],
                    r["ground.availability"],
                    "1",
                ),
            ],
        )
    )
    fr_g = p["reliability.gpu_failure_rate"] * YEAR * 100.0
    fr_o = fr_g * p["reliability.orbit_failure_multiplier"]
    out.append(
        _row(
            "objection",
            "radiation",
            "Do accelerators fail faster in orbit?",
            fr_o,
            fr_g,
            "%/yr",
            "lower",
            [
                ("shielding areal density", p["shielding.areal_density"], 0.0, "kg/m^2"),
                ("shielding mass", r["orbit.mass.shielding"] / 1e3, 0.0, "t"),
            ],
            "As modelled: the orbit failure-rate multiplier (radiation, thermal cycling, launch "
            "loads); no dose model in the foundation.",
        )
    )
    data_o = r["orbit.mass.comms"] * kg_in_orbit + p["operations.ground_segment_cost"] * crf_h
    out.append(
        _row(
            "objection",
            "data transmission",
            "What does moving data to and from the cluster cost?",
            data_o / gpuh_o,
            0.0,
            "USD/GPU-h",
            "lower",
            [
                ("communications mass", r["orbit.mass.comms"] / 1e3, None, "t"),
                ("ground segment capex", p["operations.ground_segment_cost"], None, "USD"),
            ],
            "Orbit: optical terminals and the ground segment; ground: the network is inside "
            "the facility capex (0 extra). Link capacity is not limited in this model.",
        )
    )
    return out


def probability(sc: Any) -> dict[str, Any]:
    """P(orbit cheaper) from the Monte Carlo module when the scenario has distributions."""
    if not getattr(sc, "distributions", None):
        return {"value": None, "text": "deterministic scenario"}
    try:
        from orbitcompute.analysis import montecarlo  # type: ignore[attr-defined]
    except ImportError:
        return {"value": None, "text": "scenario has distributions; Monte Carlo not installed"}
    fn = getattr(montecarlo, "probability_orbit_cheaper", None)
    if fn is None:
        return {"value": None, "text": "Monte Carlo module present; no probability function"}
    value = float(fn(sc))
    return {"value": value, "text": f"P(orbit cheaper) = {value:.1%}"}


def breakevens(sc: Any, r: Mapping[str, float]) -> dict[str, Any]:
    """Breakeven launch price from the model; other conditions from the breakeven module."""
    be = r["breakeven.launch_price_per_kg"]
    out: dict[str, Any] = {
        "launch.price_per_kg": {
            "value": be if math.isfinite(be) else None,
            "unit": "USD/kg",
            "text": f"{be:,.0f} USD/kg"
            if math.isfinite(be)
            else "none: orbit costs more even at $0/kg",
        }
    }
    try:
        from orbitcompute.analysis import breakeven as bmod  # type: ignore[attr-defined]
    except ImportError:
        out["others"] = "orbitcompute.analysis.breakeven not installed"
        return out
    fn = getattr(bmod, "breakeven_table", None) or getattr(bmod, "breakevens", None)
    if fn is None:
        out["others"] = "breakeven module present; no table function recognized"
        return out
    try:
        out["others"] = fn(sc)
    except Exception as exc:  # noqa: BLE001 - report, do not fail the verdict
        out["others"] = f"breakeven module failed: {exc}"
    return out


def build_verdict(sc: Any) -> dict[str, Any]:
    """The verdict document (schema ``orbitcompute.verdict/1``) for a loaded scenario."""
    from orbitcompute.model import evaluate

    res = evaluate(sc.params())
    reason = res.infeasible_reason(0)
    if reason is not None:
        from orbitcompute.errors import ScenarioError

        raise ScenarioError("SCENARIO", sc.label, f"a buildable design: {reason}")
    r = res.row(0)
    o, g = r["orbit.cost_per_gpu_hour"], r["ground.cost_per_gpu_hour"]
    return {
        "schema": SCHEMA,
        "scenario": {"name": sc.meta.name, "title": sc.label, "year": sc.meta.year},
        "rows": rows(sc.values, r),
        "overall": {
            "orbit_cost_per_gpu_hour": o,
            "ground_cost_per_gpu_hour": g,
            "ratio": o / g,
            "winner": "orbit" if o < g else "ground",
            "factor": max(o, g) / min(o, g),
        },
        "probability": probability(sc),
        "breakeven": breakevens(sc, r),
    }
