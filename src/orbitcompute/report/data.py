"""The numbers behind every report figure, read from the model (no plotting here).

Each ``*_section`` function takes a loaded :class:`~orbitcompute.scenario.Scenario` and returns
a :class:`Section` whose ``data`` holds plain arrays/dicts in display units, or ``data=None``
with a ``note`` saying why the section is missing (a deterministic scenario without
distributions...). Costs, fractions and labels come from the outputs of
:func:`orbitcompute.model.evaluate` and the outputs table; nothing here derives a cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orbitcompute.analysis.montecarlo import scenario_correlation
from orbitcompute.analysis.sensitivity import tornado
from orbitcompute.analysis.verdict import build_verdict
from orbitcompute.constants import DAY, HOUR, OBLIQUITY_J2000, YEAR
from orbitcompute.economics.costs import cost_lines as economic_cost_lines
from orbitcompute.ground import OPTIONS
from orbitcompute.model import evaluate
from orbitcompute.physics import orbit as ob
from orbitcompute.physics.sun import DAYS_J2000_TO_2026, mean_longitude, solar_longitude
from orbitcompute.registry import outputs, registry
from orbitcompute.reliability.fleet import ground_capacity_over_time, orbit_capacity
from orbitcompute.uncertainty import sample

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
    with np.errstate(all="ignore"):
        return evaluate(sc.params()).row(0)


# --------------------------------------------------------------------------------------------
# Cost waterfall


def cost_lines(row: dict[str, float]) -> dict[str, dict[str, float]]:
    """Cost per delivered GPU-hour by line item [USD/h], orbit and ground, labelled.

    Parameters
    ----------
    row : dict
        One row of :meth:`orbitcompute.model.Results.row`.

    Returns
    -------
    dict
        ``{"orbit": {label: value}, "ground": {label: value}}`` from
        :func:`orbitcompute.economics.costs.cost_lines` (the ``<side>.cost.<line>`` outputs);
        they sum to ``<side>.cost_per_gpu_hour`` by construction.
    """
    lines = economic_cost_lines(row)
    return {
        side: {x["label"]: x[side] for x in lines if x[side] is not None}
        for side in ("orbit", "ground")
    }


def waterfall_section(row: dict[str, float]) -> Section:
    """The cost lines of both sides and their totals (the headline)."""
    table = outputs()
    data = {
        "lines": cost_lines(row),
        "totals": {s: row[f"{s}.cost_per_gpu_hour"] for s in ("orbit", "ground")},
        "unit": table["orbit.cost_per_gpu_hour"].display_unit,
        "label": table["orbit.cost_per_gpu_hour"].label,
        "ground_option": OPTIONS[int(row["ground.energy_source"])],
    }
    return Section("waterfall", "Cost per delivered GPU-hour, by line item", data)


# --------------------------------------------------------------------------------------------
# Mass and area


#: Fleet mass lines of the figure (outputs; labels and units from the outputs table).
MASS_LINES = (
    "orbit.mass.compute",
    "orbit.mass.arrays",
    "orbit.mass.batteries",
    "orbit.mass.radiators",
    "orbit.mass.structure",
    "orbit.mass.shielding",
    "orbit.mass.comms",
    "orbit.mass.avionics",
    "orbit.mass.propulsion",
    "orbit.mass.propellant",
)


def mass_area_section(row: dict[str, float]) -> Section:
    """Fleet mass by subsystem [t] and deployed areas [m^2]."""
    table = outputs()

    def shown(key: str) -> float:
        return float(table[key].display(row[key]))

    data = {
        "mass_t": {table[k].label: shown(k) for k in MASS_LINES},
        "total_mass_t": shown("orbit.total_mass"),
        "area_m2": {
            "solar arrays": shown("orbit.array_area"),
            "radiators": shown("orbit.radiator_area"),
        },
        "n_satellites": row["orbit.n_satellites"],
    }
    return Section("mass", "Orbital fleet mass and area breakdown", data)


# --------------------------------------------------------------------------------------------
# Breakeven curve


def breakeven_section(sc: Any, row: dict[str, float]) -> Section:
    """$/GPU-hour in orbit and on the ground against the launch price (one vectorized call)."""
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
    """One-at-a-time swings of ``metric`` (:func:`orbitcompute.analysis.sensitivity.tornado`)."""
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
        source="orbitcompute.analysis.sensitivity.tornado",
    )


# --------------------------------------------------------------------------------------------
# Monte Carlo


def montecarlo_section(sc: Any, n: int = 20_000, seed: int = 0) -> Section:
    """Distribution of the outputs over the scenario's distributions (issue #5 sampler)."""
    title = "Monte Carlo: distribution of cost per GPU-hour and of the ratio"
    dists = getattr(sc, "distributions", None)
    if not dists:
        return Section("montecarlo", title, None, "Deterministic scenario: no distributions.")
    cols = sample(list(dists.values()), n, seed, scenario_correlation(sc))
    data = run_samples(sc.values, cols)
    data["seed"] = seed
    return Section("montecarlo", title, data, source="orbitcompute.uncertainty.sample + evaluate")


def run_samples(values: dict[str, float], cols: dict[str, np.ndarray]) -> dict[str, Any]:
    """Evaluate sample columns over the point values; percentiles and P(orbit cheaper)."""
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
    return Section(
        "capacity",
        "Capacity over time: share of accelerators working",
        data,
        source="orbitcompute.reliability",
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
    return Section(
        "verdict",
        "Verdict: each claimed advantage and objection",
        build_verdict(sc),
        source="orbitcompute.analysis.verdict",
    )


# --------------------------------------------------------------------------------------------


def build_sections(sc: Any, mc_samples: int = 20_000, seed: int = 0) -> dict[str, Section]:
    """Every report section for a scenario, in display order."""
    row = _row(sc)
    out = [
        waterfall_section(row),
        mass_area_section(row),
        breakeven_section(sc, row),
        tornado_section(sc),
        montecarlo_section(sc, mc_samples, seed),
        capacity_section(sc),
        timeline_section(sc),
        verdict_section(sc),
    ]
    return {s.key: s for s in out}
