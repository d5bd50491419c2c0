"""The numbers behind every report figure, computed from the model (no plotting here).

Each ``*_section`` function takes a loaded :class:`~orbitcompute.scenario.Scenario` and returns
a :class:`Section` whose ``data`` holds plain arrays/dicts in display units, or ``data=None``
with a ``note`` saying why the section is missing (a module of another domain not installed,
a deterministic scenario without distributions...). Sections from other domains are used
through guarded imports; nothing is faked when they are absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orbitcompute.constants import DAY, HOUR, OBLIQUITY_J2000, YEAR

#: Points on the breakeven curve (log-spaced over the registry range of the launch price).
BREAKEVEN_POINTS = 241
#: Parameters shown in the tornado (largest swings first).
TORNADO_TOP = 12
#: Days sampled in the eclipse / beta timeline (one per day of the reference year).
TIMELINE_DAYS = 365
#: Time steps of the capacity-over-time curve per year of satellite life.
CAPACITY_STEPS_PER_YEAR = 24


@dataclass
class Section:
    """One report section: its data (display units) or the reason it is omitted."""

    key: str
    title: str
    data: dict[str, Any] | None = None
    note: str = ""
    source: str = "orbitcompute.model.evaluate"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def present(self) -> bool:
        return self.data is not None


def _row(sc: Any) -> dict[str, float]:
    from orbitcompute.model import evaluate

    with np.errstate(all="ignore"):
        return evaluate(sc.params()).row(0)


# --------------------------------------------------------------------------------------------
# Cost waterfall


def cost_lines(values: dict[str, float], row: dict[str, float]) -> dict[str, dict[str, float]]:
    """Annualized cost per delivered GPU-hour by line item [USD/h], orbit and ground.

    Parameters
    ----------
    values : dict
        Scenario parameters in SI.
    row : dict
        One row of :meth:`orbitcompute.model.Results.row`.

    Returns
    -------
    dict
        ``{"orbit": {line: USD/h}, "ground": {line: USD/h}}``. Each side ends with a
        ``model remainder`` line (model total minus the listed lines), so the lines always sum
        to the model's cost per GPU-hour; it is zero when the decomposition below matches the
        model's cost equations and non-zero (and shown) when another module added costs.

    Notes
    -----
    Orbit fleet lines (IT, hardening, satellites, launch, insurance) are recovered with
    ``IDC(r, T_deploy) x CRF(r, L_sat)`` plus operations at a fraction of capex per year; ground
    segment and NRE with ``CRF(r, horizon)``; ground facility with ``IDC x CRF(r, L_facility)``,
    IT with ``CRF(r, L_hw)``, land at ``r`` (it keeps its value), plus electricity, water and
    O&M (NREL, Short et al. 1995, levelized cost in annualized form).
    """
    from orbitcompute.economics.finance import (
        capital_recovery_factor,
        construction_financing_factor,
    )

    v, r = values, values["finance.discount_rate"]
    crf_life = float(capital_recovery_factor(r, v["satellite.lifetime"]))
    crf_h = float(capital_recovery_factor(r, v["finance.horizon"]))
    idc = float(construction_financing_factor(r, v["satellite.deployment_time"]))
    ops = v["operations.orbit_cost_fraction"] * YEAR
    k_fleet = idc * crf_life + ops
    gh_o = _levelized_hours(row, "orbit")
    orbit = {
        "IT hardware": row["orbit.capex.it_hardware"] * k_fleet,
        "space hardening": row["orbit.capex.space_hardening"] * k_fleet,
        "satellite buses": row["orbit.capex.satellites"] * k_fleet,
        "launch": row["orbit.capex.launch"] * k_fleet,
        "insurance": row["orbit.capex.insurance"] * k_fleet,
        "ground segment": row["orbit.capex.ground_segment"] * (crf_h + ops),
        "engineering (NRE)": row["orbit.capex.nre"] * crf_h,
        "servicing missions": row.get("orbit.servicing_cost_per_year", 0.0),
        "data link terminals": row.get("orbit.capex.comms_terminals", 0.0) * k_fleet,
        "data ground stations": row.get("orbit.annual.data_ground_stations", 0.0),
        "internet transit": row.get("orbit.opex.transit", 0.0),
    }
    orbit = {k: x / gh_o for k, x in orbit.items()}
    orbit["model remainder"] = row["orbit.cost_per_gpu_hour"] - sum(orbit.values())

    idc_g = float(construction_financing_factor(r, v["ground.construction_time"]))
    crf_f = float(capital_recovery_factor(r, v["ground.facility_life"]))
    crf_hw = float(capital_recovery_factor(r, v["compute.hardware_life"]))
    gh_g = _levelized_hours(row, "ground")
    ground = {
        "IT hardware": row["ground.capex.it_hardware"] * crf_hw,
        "facility": row["ground.capex.facility"] * idc_g * crf_f,
        "land": row["ground.capex.land"] * r,
        "energy": row.get("ground.opex.electricity", 0.0),
        "water": row.get("ground.opex.water", 0.0),
        "internet transit": row.get("ground.opex.transit", 0.0),
        "operations & maintenance": row.get("ground.opex.operations", 0.0),
    }
    ground = {k: x / gh_g for k, x in ground.items()}
    ground["model remainder"] = row["ground.cost_per_gpu_hour"] - sum(ground.values())
    return {"orbit": orbit, "ground": ground}


def _levelized_hours(row: dict[str, float], side: str) -> float:
    """GPU-hours per year the model divides the annual cost by (raw or equivalent hours)."""
    cost = row[f"{side}.cost_per_gpu_hour"]
    annual = row.get(f"{side}.annual_cost")
    if annual is not None and math.isfinite(cost) and cost > 0:
        return annual / cost
    return row.get(f"{side}.levelized_gpu_hours_per_year", row[f"{side}.gpu_hours_per_year"])


def waterfall_section(sc: Any, row: dict[str, float]) -> Section:
    lines = cost_lines(sc.values, row)
    note = ""
    for side, d in lines.items():
        total = row[f"{side}.cost_per_gpu_hour"]
        if abs(d["model remainder"]) <= 1e-9 * abs(total):
            del d["model remainder"]
        else:
            note += (
                f"{side}: {d['model remainder']:.3g} USD/h of the model total is not in the "
                "listed lines (costs added by other modules). "
            )
    data = {
        "lines": lines,
        "totals": {s: row[f"{s}.cost_per_gpu_hour"] for s in ("orbit", "ground")},
    }
    return Section("waterfall", "Cost per delivered GPU-hour, by line item", data, note.strip())


# --------------------------------------------------------------------------------------------
# Mass and area


MASS_LINES = (
    ("compute", "orbit.mass.compute"),
    ("solar arrays", "orbit.mass.arrays"),
    ("batteries", "orbit.mass.batteries"),
    ("radiators", "orbit.mass.radiators"),
    ("structure", "orbit.mass.structure"),
    ("shielding", "orbit.mass.shielding"),
    ("comms", "orbit.mass.comms"),
    ("avionics", "orbit.mass.avionics"),
    ("propulsion", "orbit.mass.propulsion"),
    ("propellant", "orbit.mass.propellant"),
)


def mass_area_section(row: dict[str, float]) -> Section:
    """Fleet mass by subsystem [t] and deployed areas [m^2]."""
    mass = {label: row[k] / 1e3 for label, k in MASS_LINES if k in row}
    area = {"solar arrays": row["orbit.array_area"], "radiators": row["orbit.radiator_area"]}
    data = {
        "mass_t": mass,
        "total_mass_t": row["orbit.total_mass"] / 1e3,
        "area_m2": area,
        "n_satellites": row["orbit.n_satellites"],
    }
    return Section("mass", "Orbital fleet mass and area breakdown", data)


# --------------------------------------------------------------------------------------------
# Breakeven curve


def breakeven_section(sc: Any, row: dict[str, float]) -> Section:
    """$/GPU-hour in orbit and on the ground against the launch price (one vectorized call)."""
    from orbitcompute.model import evaluate
    from orbitcompute.registry import registry

    p = registry()["launch.price_per_kg"]
    prices = np.geomspace(p.min_si, p.max_si, BREAKEVEN_POINTS)
    params = sc.params()
    params["launch.price_per_kg"] = prices
    with np.errstate(all="ignore"):
        res = evaluate(params).to_dict()
    be = row["breakeven.launch_price_per_kg"]
    data = {
        "price": prices,
        "orbit": res["orbit.cost_per_gpu_hour"],
        "ground": res["ground.cost_per_gpu_hour"],
        "current_price": sc.values["launch.price_per_kg"],
        "current_orbit": row["orbit.cost_per_gpu_hour"],
        "breakeven": be if math.isfinite(be) else None,
        "breakeven_cost": row["ground.cost_per_gpu_hour"] if math.isfinite(be) else None,
    }
    note = (
        ""
        if math.isfinite(be)
        else "No crossover: orbit costs more than the ground even with free launch."
    )
    return Section("breakeven", "Breakeven: cost per GPU-hour vs launch price", data, note)


# --------------------------------------------------------------------------------------------
# Tornado


def tornado_section(sc: Any, metric: str = "ratio") -> Section:
    """One-at-a-time swings of ``metric``; issue #5's tornado when installed, else our own."""
    try:
        from orbitcompute.analysis.sensitivity import tornado
    except ImportError:
        tornado = None
    if tornado is not None:
        rng = "distribution" if getattr(sc, "distributions", None) else "registry"
        with np.errstate(all="ignore"):
            table, baseline, _ = tornado(sc, metric=metric, range_=rng)
        table = table.head(TORNADO_TOP)
        data = {
            "parameter": list(table.index),
            "low": [str(x) for x in table["low"]],
            "high": [str(x) for x in table["high"]],
            "metric_low": table["metric_low"].to_numpy(float),
            "metric_high": table["metric_high"].to_numpy(float),
            "baseline": baseline,
            "metric": metric,
            "range": rng,
        }
        return Section(
            "tornado",
            f"Tornado: {metric} with each input at its low and high",
            data,
            source="orbitcompute.analysis.sensitivity.tornado (issue #5)",
        )
    return _own_tornado(sc, metric)


def _own_tornado(sc: Any, metric: str) -> Section:
    """Tornado over every float registry parameter's [min, max] (one evaluate call)."""
    from orbitcompute.model import evaluate
    from orbitcompute.registry import registry

    reg = registry()
    names = [n for n, p in reg.items() if p.kind == "float" and p.max_si > p.min_si]
    k = len(names)
    params = {n: np.full(2 * k, v) for n, v in sc.values.items()}
    for j, n in enumerate(names):
        params[n][2 * j] = reg[n].min_si
        params[n][2 * j + 1] = reg[n].max_si
    with np.errstate(all="ignore"):
        y = evaluate(params).to_dict()[metric]
        baseline = float(evaluate(sc.params()).to_dict()[metric][0])
    lo, hi = y[0::2], y[1::2]
    swing = np.where(np.isfinite(lo) & np.isfinite(hi), np.abs(hi - lo), np.inf)
    order = np.argsort(-swing, kind="stable")[:TORNADO_TOP]
    data = {
        "parameter": [names[i] for i in order],
        "low": [f"{reg[names[i]].minimum:g} {reg[names[i]].unit}" for i in order],
        "high": [f"{reg[names[i]].maximum:g} {reg[names[i]].unit}" for i in order],
        "metric_low": lo[order],
        "metric_high": hi[order],
        "baseline": baseline,
        "metric": metric,
        "range": "registry",
    }
    return Section(
        "tornado",
        f"Tornado: {metric} with each input at its registry min and max",
        data,
        note="orbitcompute.analysis.sensitivity (issue #5) not installed: one-at-a-time "
        "swings over the registry ranges computed here with evaluate().",
    )


# --------------------------------------------------------------------------------------------
# Monte Carlo


def montecarlo_section(sc: Any, n: int = 20_000, seed: int = 0) -> Section:
    """Distribution of the outputs over the scenario's distributions (issue #5 sampler)."""
    title = "Monte Carlo: distribution of cost per GPU-hour and of the ratio"
    dists = getattr(sc, "distributions", None)
    if not dists:
        return Section("montecarlo", title, None, "Deterministic scenario: no distributions.")
    try:
        from orbitcompute.analysis.montecarlo import scenario_correlation
        from orbitcompute.uncertainty import sample
    except ImportError:
        return Section(
            "montecarlo", title, None, "orbitcompute.uncertainty (issue #5) not installed."
        )
    cols = sample(list(dists.values()), n, seed, scenario_correlation(sc))
    data = run_samples(sc.values, cols)
    data["seed"] = seed
    return Section(
        "montecarlo", title, data, source="orbitcompute.uncertainty.sample (issue #5) + evaluate"
    )


def run_samples(values: dict[str, float], cols: dict[str, np.ndarray]) -> dict[str, Any]:
    """Evaluate sample columns over the point values; percentiles and P(orbit cheaper)."""
    from orbitcompute.model import evaluate

    params: dict[str, Any] = dict(values)
    params.update(cols)
    with np.errstate(all="ignore"):
        out = evaluate(params).to_dict()
    ratio = out["ratio"]
    n = ratio.size
    finite = np.isfinite(ratio)
    pct = (5, 25, 50, 75, 95)

    def q(x: np.ndarray) -> dict[str, float | None]:
        x = x[np.isfinite(x)]
        if x.size == 0:
            return {f"p{p}": None for p in pct}
        return {f"p{p}": float(v) for p, v in zip(pct, np.percentile(x, pct), strict=True)}

    cheaper = int(np.count_nonzero(ratio < 1.0))
    return {
        "n": n,
        "orbit": out["orbit.cost_per_gpu_hour"],
        "ground": out["ground.cost_per_gpu_hour"],
        "ratio": ratio,
        "n_infeasible": int(n - np.count_nonzero(finite)),
        "p_orbit_cheaper": cheaper / n,
        "percentiles": {
            "orbit.cost_per_gpu_hour": q(out["orbit.cost_per_gpu_hour"]),
            "ground.cost_per_gpu_hour": q(out["ground.cost_per_gpu_hour"]),
            "ratio": q(ratio),
        },
    }


# --------------------------------------------------------------------------------------------
# Capacity over time


def capacity_section(sc: Any) -> Section:
    """Working fraction of the accelerators over the satellite life, orbit and ground."""
    v = sc.values
    life = v["satellite.lifetime"]
    t = np.linspace(0.0, life, int(math.ceil(life / YEAR * CAPACITY_STEPS_PER_YEAR)) + 1)
    title = "Capacity over time: share of accelerators working"
    try:
        from orbitcompute.reliability.fleet import ground_capacity_over_time, orbit_capacity
    except ImportError:
        orbit_capacity = None
    if orbit_capacity is not None:
        p = {k: np.float64(x) for k, x in v.items()}
        with np.errstate(all="ignore"):
            o = orbit_capacity(p, t)
            g = ground_capacity_over_time(p, t)
        data = {
            "years": t / YEAR,
            "orbit": np.broadcast_to(o["delivered"], t.shape),
            "orbit_equivalent": np.broadcast_to(o["equivalent"], t.shape),
            "ground": np.broadcast_to(g["delivered"], t.shape),
            "ground_equivalent": np.broadcast_to(g["equivalent"], t.shape),
        }
        return Section(title=title, key="capacity", data=data, source="orbitcompute.reliability")
    # Foundation reliability: exponential failures without repair in orbit; repair on ground.
    hazard = v["reliability.gpu_failure_rate"] * v["reliability.orbit_failure_multiplier"]
    repair = 1.0 / (1.0 + v["reliability.gpu_failure_rate"] * v["reliability.ground_mttr"])
    data = {
        "years": t / YEAR,
        "orbit": np.exp(-hazard * t),
        "ground": np.full(t.shape, repair * v["ground.facility_availability"]),
    }
    return Section(
        "capacity",
        title,
        data,
        note="orbitcompute.reliability (issue #4) not installed: the foundation's model, "
        "exponential failures without repair in orbit, repair with MTTR on the ground.",
    )


# --------------------------------------------------------------------------------------------
# Eclipse / beta timeline


def timeline_section(sc: Any) -> Section:
    """Beta angle and eclipse minutes per orbit for each day of the reference year.

    Notes
    -----
    A sun-synchronous orbit keeps its node at ``orbit.ltan`` (RAAN from
    :func:`~orbitcompute.physics.orbit.ltan_to_raan`); a fixed-inclination orbit starts with its
    node at the Sun's right ascension on 1 January and drifts at the J2 nodal rate
    (:func:`~orbitcompute.physics.orbit.nodal_precession_rate`). Eclipse from the cylindrical
    shadow (:func:`~orbitcompute.physics.orbit.eclipse_fraction`).
    """
    from orbitcompute.physics import orbit as ob
    from orbitcompute.physics.sun import DAYS_J2000_TO_2026, mean_longitude, solar_longitude

    v = sc.values
    h = v["orbit.altitude"]
    days = np.arange(TIMELINE_DAYS) + 0.5
    lam = solar_longitude(DAYS_J2000_TO_2026 + days)
    if v["orbit.sun_synchronous"] >= 0.5:
        inc = ob.sso_inclination(h)
        raan = ob.ltan_to_raan(v["orbit.ltan"], mean_longitude(DAYS_J2000_TO_2026 + days))
        kind = f"sun-synchronous, LTAN {v['orbit.ltan'] / HOUR:g} h"
    else:
        inc = v["orbit.inclination"]
        lam0 = lam[0]
        ra0 = np.arctan2(np.cos(OBLIQUITY_J2000) * np.sin(lam0), np.cos(lam0))
        raan = ra0 + ob.nodal_precession_rate(h, inc) * days * DAY
        kind = f"inclination {math.degrees(inc):g} deg, node drifting (J2)"
    beta = ob.beta_angle(raan, inc, lam)
    frac = ob.eclipse_fraction(h, beta)
    period = float(ob.orbital_period(h))
    data = {
        "day": days,
        "beta_deg": np.degrees(beta),
        "eclipse_min": frac * period / 60.0,
        "sunlit_fraction": 1.0 - frac,
        "period_min": period / 60.0,
        "critical_beta_deg": float(np.degrees(ob.critical_beta(h))),
        "orbit": kind,
        "altitude_km": h / 1e3,
    }
    return Section(
        "timeline",
        "Beta angle and eclipse per orbit over the year",
        data,
        source="orbitcompute.physics.orbit",
    )


# --------------------------------------------------------------------------------------------
# Verdict


def verdict_section(sc: Any) -> Section:
    title = "Verdict: each claimed advantage and objection"
    try:
        from orbitcompute.verdict import build_verdict
    except ImportError:
        return Section("verdict", title, None, "orbitcompute.verdict (issue #7) not installed.")
    return Section("verdict", title, build_verdict(sc), source="orbitcompute.verdict (issue #7)")


# --------------------------------------------------------------------------------------------


def build_sections(sc: Any, mc_samples: int = 20_000, seed: int = 0) -> dict[str, Section]:
    """Every report section for a scenario, in display order."""
    row = _row(sc)
    out = [
        waterfall_section(sc, row),
        mass_area_section(row),
        breakeven_section(sc, row),
        tornado_section(sc),
        montecarlo_section(sc, mc_samples, seed),
        capacity_section(sc),
        timeline_section(sc),
        verdict_section(sc),
    ]
    return {s.key: s for s in out}
