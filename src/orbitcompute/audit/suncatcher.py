"""Google Suncatcher: launched-power cost per kW per year (arXiv 2511.19468, sec. 2.4).

Their formula: launched-power cost [USD/kW/yr] = mass x launch price / (power x lifetime),
for a Starlink V2 mini-class reference satellite of 575 kg and 28 kW over 5 years, compared
with the $570-3,000 per kW per year terrestrial data centers spend on power.
"""

from __future__ import annotations

from orbitcompute.audit.core import (
    Assumption,
    AuditResult,
    AuditSpec,
    Claim,
    _metric,
    our_params,
    si_all,
    top_steps,
)

SOURCE = (
    "Google, 'Towards a future space-based, highly scalable AI infrastructure system design' "
    "(Project Suncatcher), arXiv:2511.19468, sec. 2.4 (launch costs)"
)

PUBLISHED = {
    "satellite_mass_kg": 575.0,
    "satellite_power_kw": 28.0,
    "lifetime_yr": 5.0,
    "launch_price_today_usd_per_kg": 3600.0,
    "launch_price_future_usd_per_kg": 200.0,
    "cluster_satellites": 81,
    "altitude_km": 650.0,
}

CLAIMS = (
    Claim("launched-power cost at $3,600/kg", 14_700.0, "USD/kW/yr", SOURCE),
    Claim("launched-power cost at $200/kg", 810.0, "USD/kW/yr", SOURCE),
)


def launched_power_cost(mass_kg: float, price_usd_per_kg: float, power_kw: float, life_yr: float):
    """Suncatcher's launched-power cost: ``m x price / (P x L)`` [USD/kW/yr]."""
    return mass_kg * price_usd_per_kg / (power_kw * life_yr)


def reproduce(p=PUBLISHED) -> dict[str, float]:
    m, pw, life = p["satellite_mass_kg"], p["satellite_power_kw"], p["lifetime_yr"]
    today = launched_power_cost(m, p["launch_price_today_usd_per_kg"], pw, life)
    future = launched_power_cost(m, p["launch_price_future_usd_per_kg"], pw, life)
    return {"at_3600": today, "at_200": future, "specific_mass_kg_per_kw": m / pw, "metric": today}


def metric_of(row, p) -> float:
    """Our launched-power cost: the model's annual launch line [USD/yr] per kW of IT power.

    ``orbit.annual.launch`` is the launch bill financed during deployment and recovered over
    the satellite life, the same line the headline cost per GPU-hour adds up.
    """
    return row["orbit.annual.launch"] / (p["cluster.it_power"] / 1e3)


DESIGN = si_all(
    {
        "satellite.it_power": PUBLISHED["satellite_power_kw"],
        "cluster.it_power": PUBLISHED["satellite_power_kw"] * PUBLISHED["cluster_satellites"] / 1e3,
        "orbit.altitude": PUBLISHED["altitude_km"],
        "orbit.sun_synchronous": 1.0,
        "orbit.ltan": 6.0,
        "satellite.lifetime": PUBLISHED["lifetime_yr"],
        "finance.horizon": PUBLISHED["lifetime_yr"],
        "launch.price_per_kg": PUBLISHED["launch_price_today_usd_per_kg"],
    }
)

_A = [
    (
        "launch billed per kg flown",
        {"launch.dedicated": 0.0, "launch.packing_efficiency": 1.0},
        "mass x price",
    ),
    (
        "no discounting (straight line over 5 years)",
        {"finance.discount_rate": 0.0},
        "their division by the lifetime",
    ),
    (
        "about 10 mm aluminium shielding",
        {"shielding.areal_density": 27.0},
        "their radiation budget for 0.75 krad in 5 years",
    ),
]
ASSUMPTIONS = tuple(Assumption(lbl, si_all(v), note, SOURCE) for lbl, v, note in _A)


def ours_at(price_usd_per_kg: float) -> float:
    """Our full-model launched-power cost [USD/kW/yr] at another launch price."""
    p = our_params(SPEC)
    p["launch.price_per_kg"] = price_usd_per_kg
    return _metric(SPEC, p)[0]


def finding(r: AuditResult) -> str:
    row = r.full_row
    m = row["orbit.satellite_mass"]
    kg_per_kw = m / (row["orbit.it_power_per_satellite"] / 1e3)
    low = ours_at(PUBLISHED["launch_price_future_usd_per_kg"])
    r.extra["our_model_at_200"] = low
    top = top_steps(r, 1)[0]
    return (
        f"Suncatcher's formula reproduces: {r.reproduction['at_3600']:,.0f} USD/kW/yr at "
        f"$3,600/kg and {r.reproduction['at_200']:,.0f} at $200/kg, from 575 kg for 28 kW "
        f"({r.reproduction['specific_mass_kg_per_kw']:.1f} kg/kW). Sizing the same 28 kW "
        f"satellite with our physics (batteries for the June eclipses, radiators, structure, "
        f"propellant, servers at B200 mass) gives {m:,.0f} kg, {kg_per_kw:.1f} kg per kW of IT, "
        f"and {r.full_model:,.0f} USD/kW/yr of launch at $3,600/kg once whole launches and "
        f"financing are counted ({low:,.0f} at $200/kg, against the $570-3,000/kW/yr "
        f"terrestrial data centers spend on power). The largest step is {top.label} "
        f"({top.delta:+,.0f} USD/kW/yr). Their 28 kW is the satellite's power; ours is IT "
        f"power delivered to the accelerators."
    )


SPEC = AuditSpec(
    name="suncatcher",
    title="Google Suncatcher: launched-power cost",
    source=SOURCE,
    metric="launch cost per kW of IT power per year",
    metric_unit="USD/kW/yr",
    claims=CLAIMS,
    design=DESIGN,
    assumptions=ASSUMPTIONS,
    reproduce=reproduce,
    metric_of=metric_of,
    matches={
        "launched-power cost at $3,600/kg": "at_3600",
        "launched-power cost at $200/kg": "at_200",
    },
    structure_note=(
        "our satellite mass from physics (compute, arrays, batteries, radiators, structure, "
        "propellant) instead of the 575 kg Starlink V2 mini reference"
    ),
    finding=finding,
)
