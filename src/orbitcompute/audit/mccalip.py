"""McCalip's calculator: 1 GW for 5 years, orbit about $51B vs ground about $16B at $500/kg.

Source: Andrew McCalip, *Economics of Orbital vs Terrestrial Data Centers*,
andrewmccalip.com/space-datacenters (Dec 2025), calculator defaults; the formulas are
published in the page's model (github.com/andrewmccalip/thoughts, static/js/math.js,
``calculateOrbital`` and ``calculateTerrestrial``). Re-written here from the published
description; GPUs are excluded on both sides.
"""

from __future__ import annotations

import math

from orbitcompute.audit.core import (
    Assumption,
    AuditResult,
    AuditSpec,
    Claim,
    si_all,
    top_steps,
)

SOURCE = (
    "A. McCalip, 'Economics of Orbital vs Terrestrial Data Centers', "
    "andrewmccalip.com/space-datacenters (Dec 2025), calculator defaults"
)

#: Calculator defaults (their units).
PUBLISHED = {
    "target_gw": 1.0,
    "years": 5,
    "hours_per_year": 8760.0,
    "launch_usd_per_kg": 500.0,
    "satellite_usd_per_w": 22.0,
    "specific_power_w_per_kg": 36.5,
    "satellite_power_kw": 27.0,
    "sun_fraction": 0.98,
    "cell_degradation_pct": 2.5,
    "gpu_failure_pct": 9.0,
    "ops_fraction_per_year": 0.01,
    "nre_usd": 1e9,
    "turbine_usd_per_kw": 1800.0,
    "electrical_usd_per_w": 5.25,
    "mechanical_usd_per_w": 3.0,
    "civil_usd_per_w": 2.5,
    "network_usd_per_w": 1.75,
    "pue": 1.2,
    "heat_rate_btu_per_kwh": 6200.0,
    "gas_usd_per_mmbtu": 4.30,
    "capacity_factor": 0.85,
}

CLAIMS = (
    Claim("orbit total, 5 years at $500/kg", 51e9, "USD", SOURCE),
    Claim("terrestrial total, 5 years", 16e9, "USD", SOURCE),
    Claim("orbit / terrestrial at $1,000/kg", 4.2, "1", SOURCE),
)


def orbit_total(p, launch_usd_per_kg: float | None = None) -> dict[str, float]:
    """Their orbital total [USD]: hardware + launch + ops + GPU replacement + NRE."""
    price = p["launch_usd_per_kg"] if launch_usd_per_kg is None else launch_usd_per_kg
    n = int(p["years"])
    keep = 1.0 - p["cell_degradation_pct"] / 100.0
    avg_capacity = sum(keep**k for k in range(n)) / n
    target_w = p["target_gw"] * 1e9
    required_w = target_w / (avg_capacity * p["sun_fraction"])
    sat_w = p["satellite_power_kw"] * 1e3
    n_sat = math.ceil(required_w / sat_w)
    initial_w = n_sat * sat_w
    mass = n_sat * sat_w / p["specific_power_w_per_kg"]
    hardware = p["satellite_usd_per_w"] * initial_w
    launch = price * mass
    ops = hardware * p["ops_fraction_per_year"] * n
    replacement = hardware * p["gpu_failure_pct"] / 100.0 * n
    total = hardware + launch + ops + replacement + p["nre_usd"]
    return {
        "hardware": hardware,
        "launch": launch,
        "ops": ops,
        "replacement": replacement,
        "mass_kg": mass,
        "total": total,
    }


def ground_total(p) -> dict[str, float]:
    """Their terrestrial total [USD]: five capex buckets + gas fuel."""
    w = p["target_gw"] * 1e9
    capex_per_w = (
        p["turbine_usd_per_kw"] * p["pue"] / 1e3
        + p["electrical_usd_per_w"]
        + p["mechanical_usd_per_w"]
        + p["civil_usd_per_w"]
        + p["network_usd_per_w"]
    )
    energy_mwh = p["target_gw"] * 1e3 * p["years"] * p["hours_per_year"] * p["capacity_factor"]
    fuel_per_mwh = p["heat_rate_btu_per_kwh"] * p["gas_usd_per_mmbtu"] / 1e3
    fuel = fuel_per_mwh * energy_mwh * p["pue"]
    return {
        "capex": capex_per_w * w,
        "capex_per_w": capex_per_w,
        "fuel": fuel,
        "fuel_per_mwh": fuel_per_mwh,
        "total": capex_per_w * w + fuel,
    }


def reproduce(p=PUBLISHED) -> dict[str, float]:
    o = orbit_total(p)
    g = ground_total(p)
    o1000 = orbit_total(p, 1000.0)
    return {
        "orbit": o["total"],
        "orbit.hardware": o["hardware"],
        "orbit.launch": o["launch"],
        "orbit.ops": o["ops"],
        "orbit.replacement": o["replacement"],
        "orbit.mass_kg": o["mass_kg"],
        "ground": g["total"],
        "ground.capex": g["capex"],
        "ground.fuel": g["fuel"],
        "ratio_at_1000": o1000["total"] / g["total"],
        "metric": o["total"] / g["total"],
    }


P = PUBLISHED
DESIGN = si_all(
    {
        "cluster.it_power": P["target_gw"] * 1e3,
        "finance.horizon": float(P["years"]),
        "satellite.lifetime": float(P["years"]),
        "orbit.altitude": 550.0,
        "orbit.sun_synchronous": 1.0,
        "orbit.ltan": 6.0,
    }
)

_A = [
    (
        "launch at $500/kg",
        {"launch.price_per_kg": P["launch_usd_per_kg"]},
        "their default",
    ),
    (
        "launch billed per kg flown",
        {"launch.dedicated": 0.0, "launch.packing_efficiency": 1.0},
        "mass x price",
    ),
    (
        "satellite $22/W = $803/kg",
        {"satellite.cost_per_kg": P["satellite_usd_per_w"] * P["specific_power_w_per_kg"]},
        "Starlink V2 mini BOM at 36.5 W/kg",
    ),
    (
        "GPUs excluded on both sides",
        {"compute.accelerator_price": 0.0, "compute.space_hardening_premium": 0.0},
        "they cost power only",
    ),
    (
        "cell degradation 2.5 %/yr",
        {"power.degradation_rate": P["cell_degradation_pct"]},
        "silicon cells",
    ),
    (
        "GPU failures 9 %/yr in space",
        {
            "reliability.gpu_failure_rate": P["gpu_failure_pct"],
            "reliability.orbit_failure_multiplier": 1.0,
        },
        "Meta figure applied in orbit",
    ),
    ("NRE $1B", {"nre.orbit": P["nre_usd"]}, "their default"),
    (
        "no discounting, no build time",
        {
            "finance.discount_rate": 0.0,
            "satellite.deployment_time": 0.0,
            "ground.construction_time": 0.0,
        },
        "5-year totals undiscounted",
    ),
    (
        "no insurance or ground segment",
        {"launch.insurance_rate": 0.0, "operations.ground_segment_cost": 0.0},
        "not in the calculator",
    ),
    (
        "ground power from on-site gas at $26.7/MWh",
        {
            "ground.electricity_price": P["heat_rate_btu_per_kwh"] * P["gas_usd_per_mmbtu"] / 1e6,
            "ground.energy_source": 0.0,
        },
        "6,200 BTU/kWh x $4.30/MMBtu, fuel only",
    ),
    (
        "ground facility $14.66/W written off in 5 years",
        {
            "ground.facility_capex": 14.66,
            "ground.facility_life": float(P["years"]),
            "ground.land_price": 0.0,
        },
        "five buckets incl. turbines and land",
    ),
    (
        "no ground O&M or water",
        {"ground.om_cost_fraction": 0.0, "ground.water_price": 0.0},
        "fuel is their only ground opex",
    ),
]
ASSUMPTIONS = tuple(Assumption(lbl, si_all(v), note, SOURCE) for lbl, v, note in _A)


def finding(r: AuditResult) -> str:
    rep = r.reproduction
    big = ", ".join(f"{s.label} ({s.delta:+.2f})" for s in top_steps(r, 3))
    return (
        f"McCalip's calculator reproduces: orbit ${rep['orbit'] / 1e9:.1f}B vs ground "
        f"${rep['ground'] / 1e9:.1f}B ({r.reproduced_metric:.2f}x) at $500/kg and "
        f"{rep['ratio_at_1000']:.2f}x at $1,000/kg. It already counts cell degradation, GPU "
        f"failures, NRE and a full ground capex. With our physics and defaults the "
        f"same 1 GW over 5 years costs {r.full_model:.1f}x the ground per delivered GPU-hour; "
        f"the largest steps (in the cost ratio) are {big}."
    )


SPEC = AuditSpec(
    name="mccalip",
    title="McCalip calculator: 1 GW for 5 years",
    source=SOURCE,
    metric="orbit cost / ground cost for the same compute",
    metric_unit="1",
    claims=CLAIMS,
    design=DESIGN,
    assumptions=ASSUMPTIONS,
    reproduce=reproduce,
    metric_of=lambda row, p: row["ratio"],
    matches={
        "orbit total, 5 years at $500/kg": "orbit",
        "terrestrial total, 5 years": "ground",
        "orbit / terrestrial at $1,000/kg": "ratio_at_1000",
    },
    structure_note=(
        "our mass from physics instead of 36.5 W/kg whole-satellite; failures as lost capacity "
        "instead of replacement cost; sizing for end of life and the aphelion; levelized cost "
        "per delivered GPU-hour"
    ),
    finding=finding,
)
