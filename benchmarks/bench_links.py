"""The data bottleneck (issue 16): what each workload class costs, and the checks behind it.

Usage: python benchmarks/bench_links.py [--scenario today] [--design as-given] [--no-classes]

Prints
- for the scenario's headline design under each workload class (as ``compare --workload CLASS``
  shows it: a free design is optimized for that workload; ``--design as-given`` keeps it):
  orbit and ground $/GPU-hour, their ratio, the share of compute the links keep busy,
  link-bound or compute-bound and by how much, and what moving data adds to the orbital
  $/GPU-hour (attributed by the model, and the exact difference against the same design with
  no traffic);
- the TBIRD check (200 Gbit/s, passes over OCTL, the 4.8 TB record) and the site-diversity
  check against the Australasian network (arXiv 2211.09248);
- the capacity function's speed for one scenario and for 1,000,000 samples with varying
  weather, altitude and station count (the contact grid is built once, then interpolated).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np


def classes(scenario: str, design: str) -> None:
    from orbitcompute.analysis.headline import headline
    from orbitcompute.links.traffic import CLASSES
    from orbitcompute.model import evaluate
    from orbitcompute.scenario import load_scenario

    silent = {
        f"traffic.{c}.{q}": 0.0
        for c in CLASSES
        for q in ("uplink", "downlink", "checkpoint", "isl")
    }
    print(
        f"{'workload':22s} {'orbit':>10s} {'ground':>8s} {'ratio':>8s} {'links keep':>10s} "
        f"{'status':>28s} {'data adds':>10s} {'exact':>10s}"
    )
    for c in CLASSES:
        sc = headline(load_scenario(scenario, [f"traffic.workload={c}"]), design).scenario
        r = evaluate(sc.params()).row(0)
        z = evaluate({**sc.params(), **silent}).row(0)
        o, g = r["orbit.cost_per_gpu_hour"], r["ground.cost_per_gpu_hour"]
        util, margin = r["orbit.links.utilization"], r["orbit.links.capacity_margin"]
        if util < 1:
            status = f"LINK-BOUND ({util:.2%} busy)"
        else:
            status = f"compute-bound (margin {margin:.3g}x)"
        exact = o - z["orbit.cost_per_gpu_hour"]
        print(
            f"{c:22s} {o:10.2f} {g:8.3f} {o / g:8.1f} {util:10.2%} {status:>28s} "
            f"{r['orbit.data_cost_per_gpu_hour'] / o:10.1%} {exact / o:10.1%}"
        )
        print(
            f"{'':22s} ground data cost {r['ground.cost.transit']:.4f} USD/h "
            f"({r['ground.cost.transit'] / g:.2%}); terminals/site "
            f"{r['orbit.links.terminals_per_site']:g}, ISL/sat "
            f"{r['orbit.links.isl_terminals_per_satellite']:g}, availability "
            f"{r['orbit.links.availability']:.3f}"
        )


def checks() -> None:
    from orbitcompute.links.capacity import diversity_availability
    from orbitcompute.links.contacts import contact_windows
    from orbitcompute.links.orbits import walker_shell
    from orbitcompute.links.sites import ground_stations
    from orbitcompute.model import complete
    from orbitcompute.physics.links import optical_link_capacity, slant_range
    from orbitcompute.physics.orbit import sso_inclination

    h = 530e3
    st = ground_stations("optical")
    octl = st[st["name"].str.contains("OCTL")]
    w = contact_windows(
        walker_shell(h, float(sso_inclination(h)), 1, 1),
        octl["lat"],
        octl["lon"],
        octl["min_elevation"],
        30 * 86400.0,
        10.0,
    )
    rho = float(slant_range(h, np.radians(20.0)))
    p, _ = complete({})
    g = lambda n: float(np.ravel(p[n])[0])  # noqa: E731
    kw = dict(
        tx_aperture=g("links.optical_downlink_aperture"),
        rx_aperture=1.0,
        wavelength=1550e-9,
        sensitivity=g("links.optical_sensitivity"),
        channel_rate=1e15,
        optical_efficiency=g("links.isl_optical_efficiency"),
        pointing_error=g("links.isl_pointing_error"),
        transmission=g("links.optical_atmosphere_transmission"),
    )
    photon = float(optical_link_capacity(rho, tx_power=g("links.optical_downlink_power"), **kw))
    print(
        f"TBIRD: 530 km SSO over OCTL (20 deg mask), 30 days: {len(w)} passes, median "
        f"{w['duration'].median():.0f} s, longest {w['duration'].max():.0f} s "
        f"(published: ~5-minute passes); 200 Gbit/s x longest pass = "
        f"{200e9 * w['duration'].max() / 8e12:.1f} TB >= the 4.8 TB record (needs 192 s)"
    )
    print(
        f"TBIRD link budget at the worst slant range {rho / 1e3:.0f} km to a 1 m telescope: "
        f"photon-limited rate {photon / 1e9:,.0f} Gbit/s = {10 * np.log10(photon / 200e9):.1f} dB "
        "above the 200 Gbit/s modem rate"
    )
    count = np.zeros(9)
    count[8] = 1.0
    rho_d = g("network.site_correlation")
    print(
        "Site diversity, 8 stations at 69 % (arXiv 2211.09248, published 99.97 %): independent "
        f"{diversity_availability(count, 0.69, 0.0):.5f}, correlation {rho_d:g} "
        f"{diversity_availability(count, 0.69, rho_d):.5f}, one site "
        f"{diversity_availability(count[:2] * 0 + [0, 1], 0.69, 0.0):.2f}"
    )


def speed() -> None:
    from orbitcompute.design.comms import size_comms
    from orbitcompute.model import complete, evaluate

    p, _ = complete({})
    size_comms(p)
    t0 = time.perf_counter()
    for _ in range(100):
        size_comms(p)
    one = (time.perf_counter() - t0) / 100
    n = 1_000_000
    rng = np.random.default_rng(0)
    fixed = {"launch.price_per_kg": rng.uniform(100, 3000, n)}
    varying = {
        **fixed,
        "network.weather_factor": rng.uniform(0.6, 1.3, n),
        "network.ground_stations": rng.integers(1, 16, n).astype(float),
        "orbit.altitude": rng.uniform(500e3, 800e3, n),
    }
    rates = []
    for given in (fixed, varying):
        evaluate(given)["ratio"]  # contact grid nodes built on first use
        t0 = time.perf_counter()
        evaluate(given)["ratio"]
        rates.append(n / (time.perf_counter() - t0))
    print(
        f"Comms sizing: one scenario {one * 1e3:.2f} ms. Full model, {n:,} samples: "
        f"{rates[0]:,.0f} samples/s with the links fixed, {rates[1]:,.0f} samples/s with "
        "altitude, station count and weather varying (the same vectorized path)"
    )
    from orbitcompute.links.capacity import ALTITUDE_STEP, INCLINATION_STEP, contact_node

    nodes = list(zip(rng.integers(30, 202, 200), rng.integers(0, 361, 200), strict=True))
    contact_node(500e3, 1.0, True)  # the compiled pass loaded once
    t0 = time.process_time()
    for a, i in nodes:
        contact_node(int(a) * ALTITUDE_STEP, int(i) * INCLINATION_STEP, True)
    per_node = (time.process_time() - t0) / len(nodes)
    print(
        f"Contact grid node (a week at 60 s, optical sites): {per_node * 1e3:.2f} ms CPU each "
        f"({len(nodes)} random nodes; `optimize today` builds ~2,500 of them)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="today")
    ap.add_argument(
        "--design",
        default="optimized",
        choices=("optimized", "as-given"),
        help="the headline design of compare (optimized per workload when free) or as given",
    )
    ap.add_argument("--no-classes", action="store_true", help="checks and speed only")
    args = ap.parse_args()
    warnings.simplefilter("ignore", RuntimeWarning)
    if not args.no_classes:
        print(f"{args.scenario}, {args.design} design (compare --workload CLASS):")
        classes(args.scenario, args.design)
    checks()
    speed()


if __name__ == "__main__":
    main()
