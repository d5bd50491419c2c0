"""Benchmark for issue 3 (time-stepped constellation simulation).

Prints, in one run:
(b) the full coupled simulation of 1,000 satellites x 365 days at 60 s steps: wall time
    (target <= 60 s, i.e. >= 8.8 million satellite-steps/s; a public Python simulator of this
    kind runs about 7 thousand/s) and peak memory (target <= 4 GB);
(a) the eclipse computation for the same satellites and times by our code and by skyfield's
    ``is_sunlit`` (JPL DE421 from skyfield-data, offline), with the speed ratio (target >= 20x)
    and the largest disagreement.

Usage: python benchmarks/bench_sim.py [--quick]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from orbitcompute.constants import DAY, MU_EARTH, TT_MINUS_UTC  # noqa: E402
from orbitcompute.scenario import load_scenario  # noqa: E402
from orbitcompute.sim import simulate  # noqa: E402
from orbitcompute.sim.energy import backend  # noqa: E402
from orbitcompute.sim.engine import _geometry, build_constellation, parse_start  # noqa: E402
from orbitcompute.sim.orbits import TLEConstellation  # noqa: E402
from orbitcompute.sim.shadow import illuminated_fraction  # noqa: E402
from orbitcompute.sim.sun import datetime64_to_jd_tt  # noqa: E402

PEER_STEPS_PER_S = 7e3  # public Python constellation simulator (issue 3)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kB -> GB (Linux)


def coupled(n_planes: int, per_plane: int, days: float) -> None:
    v = load_scenario(
        "today",
        [f"sim.planes={n_planes}", f"sim.per_plane={per_plane}", "orbit.sun_synchronous=0",
         "orbit.altitude=550", "orbit.inclination=53"],
    ).values  # fmt: skip
    simulate(v, days=0.01, step=60)  # warm-up: numba cache load / compile
    rss0 = peak_rss_gb()
    t0 = time.perf_counter()
    res = simulate(v, days=days, step=60.0, mode="reduce")
    wall = time.perf_counter() - t0
    n = n_planes * per_plane
    steps = int(round(days * DAY / 60))
    rate = n * steps / wall
    tab = res.table()
    print(f"(b) coupled simulation: {n} satellites x {days:g} d at 60 s "
          f"({n * steps / 1e6:.1f} M satellite-steps), backend {backend()}")  # fmt: skip
    print(f"    wall time          {wall:8.1f} s      (target <= 60 s for 1,000 x 365 d)")
    peer = f"peer ~{PEER_STEPS_PER_S / 1e3:.0f} k/s -> {rate / PEER_STEPS_PER_S:,.0f}x"
    print(f"    throughput         {rate / 1e6:8.2f} M sat-steps/s  (target >= 8.8; {peer})")
    print(
        f"    peak RSS           {peak_rss_gb():8.2f} GB     (before run {rss0:.2f} GB; "
        "target <= 4 GB)"
    )
    print(
        f"    energy balance     {res.totals['balance_residual_rel']:.1e} relative; "
        f"sunlit {tab['sunlit_fraction_mean']:.4f}, "
        f"delivered {tab['delivered_compute_fraction']:.4f}, "
        f"min SoC {tab['min_soc']:.3f}, peak T {tab['peak_temperature_K']:.1f} K"
    )


def eclipse_vs_skyfield(n_sat: int, hours: float, step: float) -> None:
    from sgp4.api import WGS72, Satrec
    from skyfield.api import EarthSatellite, Loader
    from skyfield_data import get_skyfield_data_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load = Loader(get_skyfield_data_path(), expire=False)
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    start = parse_start("2026-06-01")
    jd_tt = float(datetime64_to_jd_tt(start))
    jd_utc = jd_tt - TT_MINUS_UTC / DAY
    # A Walker 53 deg, 550 km shell (mean elements) for our propagator, and the same
    # elements as SGP4 records for skyfield and for our shadow on SGP4 positions.
    planes = max(1, int(np.sqrt(n_sat)))
    v = load_scenario(
        "today",
        [f"sim.planes={planes}", f"sim.per_plane={n_sat // planes}", "orbit.sun_synchronous=0",
         "orbit.altitude=550", "orbit.inclination=53"],
    ).values  # fmt: skip
    con = build_constellation(v, start)
    recs = []
    for k in range(con.size):
        rec = Satrec()
        n = np.sqrt(MU_EARTH / con.a[k] ** 3) * 60
        rec.sgp4init(WGS72, "i", k + 1, jd_utc - 2433281.5, 0.0, 0.0, 0.0, 1e-7, 0.0,
                     con.inclination[k], con.arglat0[k], n, con.raan0[k])  # fmt: skip
        recs.append(rec)
    t = np.arange(0, hours * 3600, step)
    n_pts = con.size * t.size
    sats = [EarthSatellite.from_satrec(r, ts) for r in recs]
    tt = ts.tt_jd(jd_tt + t / DAY)
    t0 = time.perf_counter()
    sky = np.array([s.at(tt).is_sunlit(eph) for s in sats]).T  # (T, N)
    t_sky = time.perf_counter() - t0

    tle = TLEConstellation([str(i) for i in range(len(recs))], recs, jd_utc)
    t0 = time.perf_counter()
    cp, rad, _, sd = _geometry(tle, t, jd_tt, np.float64)
    lit_sgp4 = illuminated_fraction(cp, rad, sd[:, None])
    t_ours_sgp4 = time.perf_counter() - t0
    t0 = time.perf_counter()
    cp, rad, _, sd = _geometry(con, t, jd_tt, np.float32)
    lit_mean = illuminated_fraction(cp, rad, sd[:, None])
    t_ours = time.perf_counter() - t0

    def report(name, lit, secs):
        frac_diff = np.abs((1 - lit).mean(axis=0) - (1 - sky).mean(axis=0)) * 100
        flips = np.sum((lit >= 0.5) != sky)
        print(f"    {name:34s} {secs * 1e3:8.1f} ms  {t_sky / secs:7.1f}x  "
              f"max |eclipse fraction diff| {frac_diff.max():.3f} pp, "
              f"{flips} of {n_pts} samples differ ({100 * flips / n_pts:.3f} %)")  # fmt: skip

    print(
        f"(a) eclipse: {con.size} satellites x {t.size} times ({hours:g} h at {step:g} s), "
        "same mean elements"
    )
    print(f"    {'skyfield is_sunlit (SGP4 + DE421)':34s} {t_sky * 1e3:8.1f} ms     1.0x")
    report("ours, SGP4 positions + our Sun", lit_sgp4, t_ours_sgp4)
    report("ours, J2 mean elements (the sim)", lit_mean, t_ours)
    print(
        "    (samples differ only within a step of shadow entry/exit: skyfield is binary at "
        "the Sun's centre, ours is the lit fraction of the disc)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="100 satellites x 30 days")
    args = ap.parse_args()
    if args.quick:
        coupled(10, 10, 30.0)
        eclipse_vs_skyfield(16, 24, 30.0)
    else:
        coupled(25, 40, 365.0)
        eclipse_vs_skyfield(100, 24, 30.0)


if __name__ == "__main__":
    main()
