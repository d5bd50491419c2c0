"""Battery cycling in orbit: how many eclipses a year, and how deep each may discharge.

A battery in low Earth orbit is cycled once per eclipsed orbit. An orbit that is eclipsed on
every revolution (an inclined orbit, or a noon-midnight sun-synchronous one) sees about 5,500
cycles a year; a dawn-dusk sun-synchronous orbit is eclipsed only for weeks around one
solstice and sees a fraction of that. The allowed depth of discharge follows from the cycles
the battery must survive over its life and the cell's cycle-life curve.

All functions are vectorized over numpy arrays; SI units (m, s, rad).

References
----------
Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), sec. 5.3 (shadow
entry at ``|beta| < asin(R / a)``). Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed.
(1999), sec. 11.4 and fig. 11-11 (depth of discharge set by the number of charge cycles).
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.constants import DAY
from orbitcompute.physics import orbit
from orbitcompute.physics.sun import DAYS_J2000_TO_2026, mean_longitude, solar_longitude

#: Days of the reference year sampled (one per day) for sun-synchronous orbits.
_DAYS = np.arange(365) + 0.5
#: Every n-th day sampled for orbits whose node drifts (their node offsets are averaged too).
_DRIFT_DAY_STEP = 5
#: Node offsets from the mean Sun sampled for drifting orbits: the node sweeps all of them over
#: its cycle (the 48 offsets of :func:`orbitcompute.physics.orbit.annual_eclipse_exact`).
_DRIFT_OFFSETS = np.linspace(0.0, 2 * np.pi, 48, endpoint=False)
#: Orbits sampled per block (bounds memory to a few tens of MB).
_BLOCK = 256
#: Interpolation grids for large, varying inputs: altitude [m] x node local time [s] for
#: sun-synchronous orbits, altitude [m] x inclination [rad] for drifting ones.
_ALT = np.arange(150e3, 2050e3 + 1, 10e3)
_ALT_DRIFT = np.arange(150e3, 2050e3 + 1, 20e3)
_LTAN = np.arange(0.0, DAY + 1, 900.0)
_INC = np.radians(np.arange(0.0, 181.0, 2.0))


def _season_stats(h: NDArray, beta: NDArray) -> NDArray:
    """Sunlit fraction, longest eclipse [s] and eclipsed share of orbits ``h`` (column) over
    sampled beta angles (rows of ``beta``)."""
    f = orbit.eclipse_fraction(h, beta)
    return np.stack(
        [
            1.0 - f.mean(axis=-1),
            f.max(axis=-1) * orbit.orbital_period(h[:, 0]),
            np.mean(np.abs(beta) < orbit.critical_beta(h), axis=-1),
        ]
    )


def _season_rows(h: NDArray, sso: NDArray, ltan: NDArray, inc: NDArray) -> NDArray:
    """(sunlit fraction, longest eclipse [s], eclipsed share) for 1-D arrays of orbits."""
    days = DAYS_J2000_TO_2026 + _DAYS
    lam, ra_mean = solar_longitude(days), mean_longitude(days)
    lam_d, ra_d = lam[::_DRIFT_DAY_STEP], ra_mean[::_DRIFT_DAY_STEP]
    raan_d = (ra_d[:, None] + _DRIFT_OFFSETS[None, :]).reshape(-1)
    lam_dd = np.repeat(lam_d, _DRIFT_OFFSETS.size)
    out = np.empty((3, h.size))
    for s in range(0, h.size, _BLOCK):  # blocks of orbits, each one vectorized call
        hb, sb, lb, ib = (x[s : s + _BLOCK, None] for x in (h, sso, ltan, inc))
        block = out[:, s : s + _BLOCK]
        m = sb[:, 0] >= 0.5
        if m.any():  # sun-synchronous: the node keeps its local time, one beta per day
            raan = orbit.ltan_to_raan(lb[m], ra_mean)
            beta = orbit.beta_angle(raan, orbit.sso_inclination(hb[m]), lam)
            block[:, m] = _season_stats(hb[m], beta)
        if (~m).any():  # drifting: every node local time on every fifth day
            block[:, ~m] = _season_stats(hb[~m], orbit.beta_angle(raan_d, ib[~m], lam_dd))
    return out


def eclipse_seasons(
    altitude: ArrayLike,
    sun_synchronous: ArrayLike,
    ltan: ArrayLike,
    inclination: ArrayLike,
) -> tuple[NDArray, NDArray, NDArray]:
    """Annual sunlit fraction, longest eclipse and share of eclipsed revolutions, exactly.

    Parameters
    ----------
    altitude : array_like
        Altitude of the circular orbit [m].
    sun_synchronous : array_like
        1 for a sun-synchronous orbit (node at ``ltan``), 0 for a fixed ``inclination`` whose
        node drifts through all local times.
    ltan : array_like
        Local time of the ascending node [s] (sun-synchronous only).
    inclination : array_like
        Inclination [rad] (drifting orbits only).

    Returns
    -------
    sunlit_fraction : numpy.ndarray
        Mean fraction of time in sunlight over the year [-].
    longest_eclipse : numpy.ndarray
        Longest single eclipse over the year [s].
    eclipsed_share : numpy.ndarray
        ``P(|beta| < asin(R / a))``: share of the year's revolutions with an eclipse [-].

    Notes
    -----
    The beta angle of :func:`orbitcompute.physics.orbit.beta_angle` sampled daily over the
    reference year for sun-synchronous orbits (node at its local mean solar time,
    :func:`orbitcompute.physics.orbit.ltan_to_raan`), and on every fifth day at 48 node
    offsets from the mean Sun for drifting orbits (whose node sweeps all local times) -- the
    sampling of :func:`orbitcompute.physics.orbit.annual_eclipse_exact`, whose sunlit fraction and
    longest eclipse this reproduces (tested) at a fraction of the cost for sun-synchronous
    orbits, since each orbit is sampled only for its own family. A revolution is eclipsed
    when ``|beta|`` is below the critical angle ``asin(R / a)`` (cylindrical shadow, Vallado
    sec. 5.3). Distinct orbits are computed once (``numpy.unique``).
    """
    h, sso, lt, inc = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (altitude, sun_synchronous, ltan, inclination))
    )
    if h.size == 0:
        return np.zeros(h.shape), np.zeros(h.shape), np.zeros(h.shape)
    is_sso = sso >= 0.5
    key = np.stack(
        [
            h.ravel(),
            is_sso.ravel().astype(float),
            np.where(is_sso, lt, 0.0).ravel(),
            np.where(is_sso, 0.0, inc).ravel(),
        ],
        axis=1,
    )
    uniq, inverse = np.unique(key, axis=0, return_inverse=True)
    rows = _season_rows(*(np.ascontiguousarray(uniq[:, j]) for j in range(4)))
    pick = rows[:, inverse.reshape(-1)]
    return tuple(pick[j].reshape(h.shape) for j in range(3))


def eclipsed_share(
    altitude: ArrayLike,
    sun_synchronous: ArrayLike,
    ltan: ArrayLike,
    inclination: ArrayLike,
) -> NDArray:
    """Share of an orbit's revolutions over the year that pass through Earth's shadow [-]
    (the third output of :func:`eclipse_seasons`)."""
    return eclipse_seasons(altitude, sun_synchronous, ltan, inclination)[2]


@functools.lru_cache(maxsize=2)
def _share_table(kind: str):
    """Bilinear interpolator of :func:`eclipsed_share` on the sso or drift grid (built once)."""
    from scipy.interpolate import RegularGridInterpolator

    alt, y = (_ALT, _LTAN) if kind == "sso" else (_ALT_DRIFT, _INC)
    hh, yy = np.meshgrid(alt, y, indexing="ij")
    if kind == "sso":
        share = eclipsed_share(hh, 1.0, yy, 0.0)
    else:
        share = eclipsed_share(hh, 0.0, 0.0, yy)
    return RegularGridInterpolator((alt, y), share, bounds_error=False, fill_value=None)


def eclipse_cycles_per_year(
    altitude: ArrayLike,
    sun_synchronous: ArrayLike,
    ltan: ArrayLike,
    inclination: ArrayLike,
) -> NDArray:
    """Eclipses per unit time: battery charge-discharge cycles of a circular orbit [1/s].

    Parameters
    ----------
    altitude, sun_synchronous, ltan, inclination
        As in :func:`eclipsed_share`.

    Returns
    -------
    numpy.ndarray
        Eclipsed revolutions per unit time [1/s] (times the year: cycles per year; a 650 km
        dawn-dusk orbit sees about 1,250, an orbit eclipsed on every revolution about 5,400).

    Notes
    -----
    ``N = P(|beta| < asin(R / a)) / T``: the share of eclipsed revolutions
    (:func:`eclipsed_share`) over the orbital period. Every eclipse counts as one full cycle,
    however short: conservative for a dawn-dusk orbit, whose season starts and ends with
    eclipses of a few minutes. Inputs that do not vary are computed exactly; varying inputs
    interpolate bilinearly in tables built once from :func:`eclipsed_share` (10 km x 15 min,
    or 20 km x 2 deg for drifting orbits), so a result never depends on how a large input is
    split into blocks. The tables agree with the exact share within 0.006 for 99 % of orbits;
    at the edge of an eclipse season, where the share jumps, by up to about 0.15 (pass
    exact values through :func:`eclipsed_share` where that matters, as the optimizer does).
    """
    h, sso, lt, inc = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (altitude, sun_synchronous, ltan, inclination))
    )
    if h.size == 0:
        return np.zeros(h.shape)
    if all(np.all(x == x.flat[0]) for x in (h, sso, lt, inc)):
        share = eclipsed_share(h.flat[0], sso.flat[0], lt.flat[0], inc.flat[0])
        return np.full(h.shape, float(share)) / orbit.orbital_period(h)
    is_sso = sso >= 0.5
    share = np.empty(h.shape)
    if is_sso.any():
        pts = np.stack([h[is_sso], np.mod(lt[is_sso], DAY)], axis=-1)
        share[is_sso] = _share_table("sso")(pts)
    if (~is_sso).any():
        inc_d = np.minimum(np.abs(inc[~is_sso]), np.pi)
        share[~is_sso] = _share_table("drift")(np.stack([h[~is_sso], inc_d], axis=-1))
    return np.clip(share, 0.0, 1.0) / orbit.orbital_period(h)


@functools.lru_cache(maxsize=1)
def cycle_life_table() -> dict[int, tuple[NDArray, NDArray]]:
    """Cycle-life curves shipped in ``data/battery_cycle_life.csv``.

    Returns
    -------
    dict
        Chemistry index -> (depth of discharge [-], cycles to end of life [-]), each sorted by
        depth of discharge. Index 0: space-qualified Li-ion; 1: commercial NMC; 2: commercial
        LFP (see the file header for the sources of each point).
    """
    path = resources.files("orbitcompute") / "data" / "battery_cycle_life.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(ln for ln in fh if ln.strip() and not ln.startswith("#")))
    out: dict[int, tuple[NDArray, NDArray]] = {}
    for idx in sorted({int(r["index"]) for r in rows}):
        pts = sorted(
            (float(r["depth_of_discharge"]), float(r["cycles"]))
            for r in rows
            if int(r["index"]) == idx
        )
        out[idx] = (np.array([p[0] for p in pts]), np.array([p[1] for p in pts]))
    return out


def cycle_life(depth_of_discharge: ArrayLike, chemistry: ArrayLike = 0) -> NDArray:
    """Charge-discharge cycles a cell survives at a given depth of discharge [-].

    Parameters
    ----------
    depth_of_discharge : array_like
        Depth of discharge per cycle [-] (0-1).
    chemistry : array_like
        Row index of :func:`cycle_life_table` (registry ``battery.chemistry``).

    Returns
    -------
    numpy.ndarray
        Cycles to end of life [-].

    Notes
    -----
    Log-log interpolation between the tabulated points (a power law ``N ~ DoD^-k`` on each
    segment, the usual Woehler form of cycle-life curves), extrapolated with the end segments.
    """
    dod = np.asarray(depth_of_discharge, dtype=float)
    chem = np.asarray(chemistry, dtype=float)
    dod, chem = np.broadcast_arrays(dod, chem)
    out = np.full(dod.shape, np.nan)
    for idx, (d, n) in cycle_life_table().items():
        m = np.rint(chem) == idx
        if m.any():
            out[m] = np.exp(_loglog(np.log(dod[m]), np.log(d), np.log(n)))
    return out


def max_depth_of_discharge(cycles: ArrayLike, chemistry: ArrayLike = 0) -> NDArray:
    """Deepest discharge per cycle that survives ``cycles`` cycles [-].

    Parameters
    ----------
    cycles : array_like
        Charge-discharge cycles over the battery's life [-] (eclipses per year x lifetime).
    chemistry : array_like
        Row index of :func:`cycle_life_table` (registry ``battery.chemistry``).

    Returns
    -------
    numpy.ndarray
        Depth of discharge [-] at which :func:`cycle_life` equals ``cycles``, at most 1 (an
        orbit with few or no eclipses may use the whole capacity).

    Notes
    -----
    The inverse of :func:`cycle_life` (log-log interpolation of DoD against cycles).
    """
    n_req = np.maximum(np.asarray(cycles, dtype=float), 1.0)
    chem = np.asarray(chemistry, dtype=float)
    n_req, chem = np.broadcast_arrays(n_req, chem)
    out = np.full(n_req.shape, np.nan)
    for idx, (d, n) in cycle_life_table().items():
        m = np.rint(chem) == idx
        if m.any():
            # cycles fall with depth: interpolate on the reversed (increasing) cycle axis
            x = np.log(n[::-1])
            out[m] = np.exp(_loglog(np.log(n_req[m]), x, np.log(d[::-1])))
    return np.minimum(out, 1.0)


def _loglog(x: NDArray, xp: NDArray, fp: NDArray) -> NDArray:
    """Piecewise-linear in ``(xp, fp)`` (already logarithms), end segments extrapolated."""
    i = np.clip(np.searchsorted(xp, x) - 1, 0, len(xp) - 2)
    slope = (fp[i + 1] - fp[i]) / (xp[i + 1] - xp[i])
    return fp[i] + slope * (x - xp[i])


def cycles_over_life(cycle_rate: ArrayLike, life: ArrayLike) -> NDArray:
    """Cycles over a battery life [-]: eclipses per unit time [1/s] x life [s]."""
    return np.asarray(cycle_rate, dtype=float) * np.asarray(life, dtype=float)


__all__ = [
    "cycle_life",
    "cycle_life_table",
    "cycles_over_life",
    "eclipse_cycles_per_year",
    "eclipse_seasons",
    "eclipsed_share",
    "max_depth_of_discharge",
]
