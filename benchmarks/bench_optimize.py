"""Speed of ``orbitcompute optimize``, with spacedc-mdao's optimizer side by side.

Usage: python benchmarks/bench_optimize.py [--repeat R] [--no-peer]

Prints, for ``optimize`` on the default scenario (``today``, 100 MW) and on a 1 MW cluster:
wall time, model evaluations and evaluations per second (issue 15 target: <= 3 s on the
2-core reference machine). Then, if spacedc-mdao is installed with its optimization extra
(``pip install 'spacedc-mdao[mdao]'``, import name ``orbitdc``), it times that package's own
single-objective optimizer (OpenMDAO ScipyOptimizeDriver, COBYLA, its CLI defaults: objective
lcoc, design variables utilization, downlink_gbps, launch_cost_per_kg, radiator_areal_mass,
constraint radiator_packaging_ratio <= 1, 60 iterations) on its own 1 MW example scenario and
prints the ratio of the wall times. The two searches differ in what they search (11 design
variables with integer packing here, 4 continuous variables there), so the ratio compares
tools, not identical problems; evaluations per second compares the model cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

# OpenMDAO (spacedc-mdao's optimizer) writes report folders next to the script unless told not to
os.environ.setdefault("OPENMDAO_REPORTS", "0")
os.environ.setdefault("OPENMDAO_WORKDIR", os.environ.get("TMPDIR", "/tmp"))

#: spacedc-mdao's example 'examples/scenarios/orbital_1mw_inference.yaml' (github.com/
#: jman4162/spacedc-mdao, MIT licence), as the dict its ``load_scenario_dict`` takes; used
#: only to time that package, never by orbitcompute.
SPACEDC_1MW = {
    "name": "1 MW orbital inference cluster",
    "kind": "space",
    "mission_life_years": 5,
    "accelerator": "h100_sxm",
    "utilization": 0.85,
    "sustained_fraction": 0.55,
    "discount_rate": 0.08,
    "workload": {"type": "llm_inference", "comm_intensity_bits_per_flop": 2.0e-6},
    "space": {
        "orbit": {"type": "dawn_dusk_sso", "altitude_km": 650.0},
        "architecture": {
            "satellites": 64,
            "accelerators_per_satellite": 18,
            "crosslink": "optical",
            "crosslink_gbps": 50000.0,
            "downlink_gbps": 200.0,
            "radiator_area_m2_per_sat": 45.0,
        },
        "it_power_overhead_frac": 0.25,
        "non_it_power_frac": 0.10,
        "solar_array": "rigid_triple_junction",
        "battery": "li_ion_generic",
        "launch": "current_reusable",
        "radiator_panel": "deployable_osr",
        "coolant": "ammonia_single_phase",
        "chip_stack": "h100_direct_liquid",
        "thermal_environment": "conservative_leo",
        "thermal_eol": True,
        "annual_failure_rate": 0.05,
        "spare_fraction": 0.05,
        "reset_recovery_availability": 0.99,
    },
}


def time_ours(scenario: str, overrides: list[str], repeat: int) -> dict[str, float]:
    from orbitcompute.analysis.optimize import optimize
    from orbitcompute.scenario import load_scenario

    sc = load_scenario(scenario, overrides)
    optimize(sc, grid=64, generations=1)  # imports, pvlib cache, tables: once per process
    walls, res = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = optimize(sc, seed=0)
        walls.append(time.perf_counter() - t0)
    wall = statistics.median(walls)
    return {
        "wall": wall,
        "best": min(walls),
        "evaluations": res.evaluations,
        "calls": res.calls,
        "rate": res.evaluations / wall,
        "before": res.cost_as_given,
        "after": res.cost,
    }


def time_peer(repeat: int) -> dict[str, float] | None:
    try:
        import orbitdc.mdao.problem as problem
        from orbitdc.core.scenario import load_scenario_dict
        from orbitdc.mdao import optimize_single
    except ImportError:
        return None
    space = load_scenario_dict(SPACEDC_1MW)
    calls = {"n": 0}
    inner = problem.evaluate_space

    def counted(*args, **kwargs):
        calls["n"] += 1
        return inner(*args, **kwargs)

    problem.evaluate_space = counted  # count model evaluations (measurement only)
    dv = ["utilization", "downlink_gbps", "launch_cost_per_kg", "radiator_areal_mass"]
    cons = [("radiator_packaging_ratio", None, 1.0)]
    walls, res = [], None
    try:
        for _ in range(repeat):
            calls["n"] = 0
            t0 = time.perf_counter()
            res = optimize_single(space, "lcoc", dv, constraints=cons, maxiter=60)
            walls.append(time.perf_counter() - t0)
    finally:
        problem.evaluate_space = inner
    wall = statistics.median(walls)
    return {"wall": wall, "evaluations": calls["n"], "rate": calls["n"] / wall, "lcoc": res["lcoc"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true", help="skip spacedc-mdao")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows = {
        "optimize today (100 MW)": time_ours("today", [], args.repeat),
        "optimize today, 1 MW cluster": time_ours("today", ["cluster.it_power=1 MW"], args.repeat),
    }
    for label, r in rows.items():
        print(f"{label}")
        print(
            f"  wall time (median/best) : {r['wall']:.2f} s / {r['best']:.2f} s   (target <= 3 s)"
        )
        print(f"  model evaluations       : {r['evaluations']:,} in {r['calls']} vectorized calls")
        print(f"  evaluations per second  : {r['rate']:,.0f}")
        print(f"  orbit USD/GPU-hour      : {r['before']:.2f} as given -> {r['after']:.2f}")
    if args.no_peer:
        return
    peer = time_peer(args.repeat)
    if peer is None:
        print("spacedc-mdao not installed: pip install 'spacedc-mdao[mdao]' for the comparison")
        return
    ours = rows["optimize today, 1 MW cluster"]
    print("spacedc-mdao optimize_single on its 1 MW example (COBYLA, 60 iterations, 4 variables)")
    print(f"  wall time (median)      : {peer['wall']:.2f} s")
    print(f"  model evaluations       : {peer['evaluations']:,}")
    print(f"  evaluations per second  : {peer['rate']:,.0f}")
    print(f"  lcoc at its optimum     : {peer['lcoc']:,.2f}")
    print(
        f"ratio of wall times (spacedc-mdao / orbitcompute, both 1 MW): "
        f"{peer['wall'] / ours['wall']:.2f}x; evaluations per second: "
        f"{ours['rate'] / peer['rate']:,.0f}x"
    )


if __name__ == "__main__":
    main()
