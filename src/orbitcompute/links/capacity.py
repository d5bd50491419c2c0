"""Ground-link capacity of a compact cluster, vectorized over samples.

What a cluster can move to and from the ground depends on its orbit (altitude, inclination),
on which stations it uses, on the link budget at each station's slant ranges and on the
weather. The orbit geometry is the expensive part: it is computed once per node of a grid in
(altitude, inclination) with the same propagator and contact test as ``orbitcompute links``
(:mod:`orbitcompute.links.orbits`, :func:`contact_node`), kept in memory, and interpolated
bilinearly for every sample. Everything else (link budgets, weather, station count, site
diversity) is plain array arithmetic, so one scenario and ten million samples take the same
path (:func:`pipe_capacity`).

The cluster flies as one point (Suncatcher-style formations), so every satellite sees a
station at the same time. Stations are taken in the order of ``data/ground_stations.csv``
(optical downlinks use only the sites with a telescope).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from orbitcompute.constants import DAY
from orbitcompute.links.orbits import geodetic_to_ecef, up_vector, walker_shell
from orbitcompute.links.sites import ground_stations
from orbitcompute.physics.links import optical_link_capacity, rf_link_capacity
from orbitcompute.physics.orbit import sso_inclination

#: Time span and step of the contact statistics of one grid node [s]. A week smooths the
#: pass-to-pass variation of a single day (2-3 passes per station) to a few per cent.
NODE_DURATION = 7 * DAY
NODE_STEP = 60.0
#: Grid spacing in altitude [m] and inclination [rad].
ALTITUDE_STEP = 10e3
INCLINATION_STEP = np.radians(0.5)
#: Quantiles of the slant range while in view at which the link budget is evaluated; the
#: mean capacity while in view is their average (midpoint rule over the distribution).
SLANT_QUANTILES = (0.1, 0.3, 0.5, 0.7, 0.9)
#: Most stations counted in view at once (more are counted as this many).
MAX_IN_VIEW = 8


@functools.lru_cache(maxsize=2)
def station_table(optical: bool) -> pd.DataFrame:
    """Stations usable for data: all sites (RF) or the sites with a telescope (optical)."""
    return ground_stations("optical" if optical else None)


@functools.cache
def _station_geometry(optical: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Earth-fixed position [m], unit up vector and elevation mask [rad] of each station."""
    st = station_table(optical)
    lat, lon = st["lat"].to_numpy(dtype=float), st["lon"].to_numpy(dtype=float)
    site, up = geodetic_to_ecef(lat, lon), up_vector(lat, lon)
    for a in (site, up):
        a.flags.writeable = False
    mask = st["min_elevation"].to_numpy(dtype=float)
    mask.flags.writeable = False
    return np.ascontiguousarray(site), np.ascontiguousarray(up), mask


def max_stations() -> int:
    """Number of shipped stations (RF: all of them)."""
    return len(station_table(False))


def contact_node(
    altitude: float,
    inclination: float,
    optical: bool,
    duration: float = NODE_DURATION,
    step: float = NODE_STEP,
) -> dict[str, np.ndarray]:
    """Contact statistics of one orbit with every station, from a time-stepped propagation.

    Parameters
    ----------
    altitude : float
        Orbit altitude [m].
    inclination : float
        Orbit inclination [rad].
    optical : bool
        Use the optical sites (True) or all sites (False).
    duration, step : float
        Time span and step [s].

    Returns
    -------
    dict
        ``view`` (S,): fraction of time each station sees the cluster above its mask [-];
        ``slant`` (S, Q): slant-range quantiles while in view [m] (the altitude where never in
        view); ``count`` (S, K + 1): for the first n = 1..S stations, the fraction of time
        exactly k = 0..K of them see the cluster [-]; ``passes`` (S,): contacts per day with
        any of the first n stations [1/day]. S is padded to :func:`max_stations` with zeros.
    """
    shell = walker_shell(float(altitude), float(inclination), 1, 1)
    t = np.arange(0.0, duration, step)
    pos = np.ascontiguousarray(shell.ecef(t)[:, 0, :])  # (T, 3)
    site, up, mask = _station_geometry(optical)
    seen, slant_in_view, count, rises = _scan_kernel()(
        pos, site, up, mask, np.asarray(SLANT_QUANTILES, dtype=float), MAX_IN_VIEW
    )
    n_st, n_t = len(site), len(t)
    s_max = max_stations()
    out_view = np.zeros(s_max)
    out_view[:n_st] = seen / n_t
    slant = np.full((s_max, len(SLANT_QUANTILES)), float(altitude))
    slant[:n_st][seen > 0] = slant_in_view[seen > 0]
    out_count = np.zeros((s_max, MAX_IN_VIEW + 1))
    out_count[:n_st] = count / n_t
    out_count[n_st:] = out_count[n_st - 1]
    passes = np.zeros(s_max)
    passes[:n_st] = rises * DAY / duration
    passes[n_st:] = passes[n_st - 1]
    return {"view": out_view, "slant": slant, "count": out_count, "passes": passes}


def _scan(
    pos: np.ndarray,
    site: np.ndarray,
    up: np.ndarray,
    min_elevation: np.ndarray,
    quantiles: np.ndarray,
    max_in_view: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The contact statistics of :func:`contact_node` from the positions (compiled by numba).

    Elevation and range are those of :func:`orbitcompute.links.orbits.elevation`: a station
    sees the cluster when its elevation is at least the station's mask, compared as squared
    sines (the arcsine decides within rounding of the mask). Steps where the cluster is
    provably out of a station's reach are skipped, so the cost scales with the time spent
    near stations, not with T x S. Returns, per station s (in list order), the number of steps
    in view, the ``quantiles`` of the slant range while in view [m] (numpy's default linear
    method, NaN if never in view), the number of steps with exactly k = 0..``max_in_view`` of
    the first s + 1 stations in view (more count as the maximum), and the number of contacts
    (rises of "any of the first s + 1 in view", a contact in progress at the first step
    included).
    """
    n_t, n_s, n_q = pos.shape[0], site.shape[0], quantiles.shape[0]
    seen = np.zeros(n_s, np.int64)
    dist = np.empty((n_s, n_t))
    count = np.zeros((n_s, max_in_view + 1), np.int64)
    rises = np.zeros(n_s, np.int64)
    sin2 = np.sin(min_elevation) ** 2
    # Skipping steps far from a station, exactly: the cluster moves at most ``chord`` between
    # steps, so at distance d from a station it stays beyond ``reach`` for (d - reach) / chord
    # steps. ``reach`` bounds the range of any point of the orbit the station sees: with orbit
    # radius a, c = site.up and e the Earth centre's offset from the site's normal line,
    # range^2 <= a^2 - c^2 + 2 e a + e^2 above the horizon plane, and range <= (a - c) / sin(mask)
    # since the height above that plane, range * sin(elevation), is at most a - c.
    radius, chord2 = 0.0, 0.0
    for i in range(n_t):
        radius = max(radius, pos[i, 0] ** 2 + pos[i, 1] ** 2 + pos[i, 2] ** 2)
        if i > 0:
            chord2 = max(
                chord2,
                (pos[i, 0] - pos[i - 1, 0]) ** 2
                + (pos[i, 1] - pos[i - 1, 1]) ** 2
                + (pos[i, 2] - pos[i - 1, 2]) ** 2,
            )
    radius = np.sqrt(radius)
    per_chord = 1.0 / (np.sqrt(chord2) * (1.0 + 1e-9) + 1e-6)  # steps per metre [1/m]
    reach = np.empty(n_s)
    for s in range(n_s):
        c = site[s, 0] * up[s, 0] + site[s, 1] * up[s, 1] + site[s, 2] * up[s, 2]
        e = np.sqrt(
            max(
                (site[s, 0] - c * up[s, 0]) ** 2
                + (site[s, 1] - c * up[s, 1]) ** 2
                + (site[s, 2] - c * up[s, 2]) ** 2,
                0.0,
            )
        )
        horizon = np.sqrt(max(radius**2 - c**2 + 2.0 * e * radius + e**2, 0.0))
        reach[s] = min(horizon, (radius - c) / np.sin(min_elevation[s])) * (1.0 + 1e-9) + 1.0
    visible = np.zeros((n_t, n_s), np.bool_)
    first = np.full(n_t, n_s, np.int64)  # first station of the list in view at each step
    for s in range(n_s):
        i = 0
        while i < n_t:
            rx = pos[i, 0] - site[s, 0]
            ry = pos[i, 1] - site[s, 1]
            rz = pos[i, 2] - site[s, 2]
            d2 = rx * rx + ry * ry + rz * rz
            if d2 > reach[s] * reach[s]:
                i += 1 + int((np.sqrt(d2) - reach[s]) * per_chord)
                continue
            h = rx * up[s, 0] + ry * up[s, 1] + rz * up[s, 2]  # d sin(elevation)
            i += 1
            if h <= 0.0:  # below the horizon; every mask is above it
                continue
            hh, edge = h * h, sin2[s] * d2  # sin^2(elevation) vs sin^2(mask), times d^2
            if hh < edge * (1.0 - 1e-9):
                continue
            d = np.sqrt(d2)
            if hh <= edge * (1.0 + 1e-9) and np.arcsin(min(h / d, 1.0)) < min_elevation[s]:
                continue  # within rounding of the mask: the exact test decides
            visible[i - 1, s] = True
            dist[s, seen[s]] = d
            seen[s] += 1
            first[i - 1] = min(first[i - 1], s)
    previous = n_s  # first station in view at the previous step (n_s: none)
    empty = 0  # steps with no station in view
    for i in range(n_t):
        f = first[i]
        for s in range(f, previous):  # "any of the first s + 1" switched on
            rises[s] += 1
        previous = f
        if f == n_s:
            empty += 1  # counted at the end
            continue
        k = 0
        for s in range(n_s):
            if visible[i, s]:
                k += 1
            count[s, min(k, max_in_view)] += 1
    count[:, 0] += empty
    slant = np.full((n_s, n_q), np.nan)
    for s in range(n_s):
        n = seen[s]
        if n == 0:
            continue
        x = np.sort(dist[s, :n])
        for j in range(n_q):
            q = quantiles[j]
            v = n * q + (1.0 + q * (1.0 - 1.0 - 1.0)) - 1.0  # numpy's virtual index
            if v >= n - 1:
                slant[s, j] = x[n - 1]
                continue
            lo = max(int(np.floor(v)), 0)
            g = v - np.floor(v) if v >= 0 else 0.0
            a, b = x[lo], x[lo + 1]
            slant[s, j] = b - (b - a) * (1.0 - g) if g >= 0.5 else a + (b - a) * g
    return seen, slant, count, rises


@functools.cache
def _scan_kernel() -> Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`_scan` compiled by numba (imported on first use: ~0.3 s)."""
    import numba

    return numba.njit(cache=True, nogil=True)(_scan)


_NODES: dict[tuple[int, int, bool], dict[str, np.ndarray]] = {}
_LOCK = threading.Lock()


def _node(ia: int, ii: int, optical: bool) -> dict[str, np.ndarray]:
    key = (ia, ii, optical)
    with _LOCK:
        if key not in _NODES:
            _NODES[key] = contact_node(ia * ALTITUDE_STEP, ii * INCLINATION_STEP, optical)
        return _NODES[key]


def orbit_inclination(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """Inclination [rad]: sun-synchronous from the altitude, or ``orbit.inclination``."""
    sso = p["orbit.sun_synchronous"] >= 0.5
    if np.all(sso):
        return sso_inclination(p["orbit.altitude"]) + 0.0 * p["orbit.inclination"]
    return np.where(sso, sso_inclination(p["orbit.altitude"]), p["orbit.inclination"])


def contact_statistics(
    altitude: np.ndarray,
    inclination: np.ndarray,
    optical: np.ndarray,
    stations: np.ndarray,
    transform: Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]] | None = None,
) -> dict[str, np.ndarray]:
    """:func:`contact_node` interpolated bilinearly in (altitude, inclination) per sample.

    Parameters
    ----------
    altitude, inclination, optical : array_like
        Orbit altitude [m], inclination [rad], optical (True) or RF links; broadcast.
    stations : array_like
        Number of stations used (the first ones of the list) [-]; broadcast with the others.
    transform : callable, optional
        Maps the stacked node tables (``view`` (U, S), ``slant`` (U, S, Q), ``count``,
        ``passes``) to other tables before interpolation, so that work that is the same for
        every sample (a link budget, sums over stations) is done once per node. Tables named
        ``count``, ``passes`` or ``cum_*`` have one row per station count and are read at
        ``stations``.

    Returns
    -------
    dict
        ``view`` (G..., S) and ``slant`` (G..., S, Q) for every station slot, with G the
        broadcast shape of the orbit inputs; ``count`` (..., K + 1) and ``passes`` (...) for
        the first ``stations`` stations, broadcast with ``stations`` too. Grid nodes are
        computed on first use and kept for the process.
    """
    h, inc, opt = np.broadcast_arrays(
        np.asarray(altitude, dtype=float),
        np.asarray(inclination, dtype=float),
        np.asarray(optical, dtype=bool),
    )
    shape = h.shape  # the geometry varies only with these
    full = np.broadcast_shapes(shape, np.shape(stations))
    row = np.broadcast_to(np.asarray(stations).astype(np.int64) - 1, full)
    xa, xi = h.ravel() / ALTITUDE_STEP, inc.ravel() / INCLINATION_STEP
    ia, ii = np.floor(xa).astype(np.int64), np.floor(xi).astype(np.int64)
    fa, fi = xa - ia, xi - ii
    o = opt.ravel().astype(np.int64)
    out: dict[str, np.ndarray] = {}
    for da, di in ((0, 0), (1, 0), (0, 1), (1, 1)):
        w = ((fa if da else 1.0 - fa) * (fi if di else 1.0 - fi)).reshape(shape)
        keys = ((ia + da) << 33) + ((ii + di) << 1) + o  # one int64 per grid node
        uniq, inverse = np.unique(keys, return_inverse=True)
        inverse = np.ravel(inverse).reshape(shape)
        nodes = [_node(int(k >> 33), int((k >> 1) & 0xFFFFFFFF), bool(k & 1)) for k in uniq]
        tables = {name: np.stack([nd[name] for nd in nodes]) for name in nodes[0]}
        if transform is not None:
            tables = transform(tables)
        for name, table in tables.items():
            if name in ("count", "passes") or name.startswith("cum_"):  # row per station count
                table = table[np.broadcast_to(inverse, full), row]
                weight = np.broadcast_to(w, full)
            else:
                table = table[inverse]
                weight = w
            term = table * weight.reshape(weight.shape + (1,) * (table.ndim - weight.ndim))
            out[name] = out[name] + term if name in out else term
    return out


def cloud_free(p: Mapping[str, np.ndarray], optical: np.ndarray) -> np.ndarray:
    """Cloud-free fraction of each station slot [-], shape (..., S); 1 for RF links."""
    s_max = max_stations()
    base = np.zeros(s_max)
    st = station_table(True)
    base[: len(st)] = st["cloud_free_fraction"].to_numpy(dtype=float)
    f = np.asarray(p["network.weather_factor"], dtype=float)[..., None]
    opt = np.asarray(optical, dtype=bool)[..., None]
    return np.where(opt, np.minimum(base * f, 1.0), 1.0)


def station_capacity(
    p: Mapping[str, np.ndarray], slant: np.ndarray, optical: np.ndarray
) -> np.ndarray:
    """Clear-sky capacity of one ground link each way [bit/s] at slant ranges ``slant`` [m].

    ``slant`` has shape (..., S, Q); the parameters broadcast over the leading axes. Optical
    links are capped at ``links.optical_downlink_max_rate``, RF at the modem's spectral
    efficiency.
    """

    def g(name: str) -> np.ndarray:
        return np.asarray(p[name], dtype=float)[..., None, None]

    opt = np.asarray(optical, dtype=bool)
    parts = []
    if np.any(opt):
        parts.append(
            optical_link_capacity(
                slant,
                tx_power=g("links.optical_downlink_power"),
                tx_aperture=g("links.optical_downlink_aperture"),
                rx_aperture=g("links.optical_ground_aperture"),
                wavelength=g("links.isl_wavelength"),
                sensitivity=g("links.optical_sensitivity"),
                channel_rate=g("links.optical_downlink_max_rate"),
                optical_efficiency=g("links.isl_optical_efficiency"),
                pointing_error=g("links.isl_pointing_error"),
                transmission=g("links.optical_atmosphere_transmission"),
            )
        )
    if not np.all(opt):
        parts.append(
            rf_link_capacity(
                slant,
                frequency=g("links.rf_frequency"),
                bandwidth=g("links.rf_bandwidth"),
                tx_power=g("links.rf_tx_power"),
                tx_antenna_diameter=g("links.rf_tx_antenna_diameter"),
                rx_antenna_diameter=g("links.rf_ground_antenna_diameter"),
                aperture_efficiency=g("links.rf_aperture_efficiency"),
                system_noise_temperature=g("links.rf_system_noise_temperature"),
                transmission=g("links.rf_atmosphere_transmission"),
                max_spectral_efficiency=g("links.rf_max_spectral_efficiency"),
            )
        )
    if len(parts) == 1:
        return parts[0]
    return np.where(opt[..., None, None], parts[0], parts[1])


def diversity_availability(
    count: np.ndarray, clear: np.ndarray, correlation: np.ndarray
) -> np.ndarray:
    """Share of time at least one station in view has a clear sky [-].

    Parameters
    ----------
    count : array_like
        Fraction of time exactly k = 0..K stations see the cluster, shape (..., K + 1) [-].
    clear : array_like
        Cloud-free probability of a station in view [-].
    correlation : array_like
        Correlation of cloud cover between stations [-].

    Notes
    -----
    With k stations in view, each clear with probability q and pairwise correlation rho, the
    k stations act like k_eff = k / (1 + (k - 1) rho) independent ones (Kish's design effect),
    so P(at least one clear) = 1 - (1 - q)^k_eff; rho = 0 is full site diversity, rho = 1
    one site. Averaged over the distribution of k.
    """
    k = np.arange(count.shape[-1], dtype=float)
    rho = np.asarray(correlation, dtype=float)[..., None]
    k_eff = k / (1.0 + np.maximum(k - 1.0, 0.0) * rho)
    q = np.asarray(clear, dtype=float)[..., None]
    return np.sum(count * -np.expm1(k_eff * np.log1p(-np.minimum(q, 1.0 - 1e-15))), axis=-1)


#: Registry names :func:`pipe_capacity` reads.
PIPE_INPUTS = (
    "orbit.altitude",
    "orbit.sun_synchronous",
    "orbit.inclination",
    "links.downlink_kind",
    "network.ground_stations",
    "network.weather_factor",
    "network.site_correlation",
    "links.optical_downlink_power",
    "links.optical_downlink_aperture",
    "links.optical_ground_aperture",
    "links.isl_wavelength",
    "links.optical_sensitivity",
    "links.optical_downlink_max_rate",
    "links.isl_optical_efficiency",
    "links.isl_pointing_error",
    "links.optical_atmosphere_transmission",
    "links.rf_frequency",
    "links.rf_bandwidth",
    "links.rf_tx_power",
    "links.rf_tx_antenna_diameter",
    "links.rf_ground_antenna_diameter",
    "links.rf_aperture_efficiency",
    "links.rf_system_noise_temperature",
    "links.rf_atmosphere_transmission",
    "links.rf_max_spectral_efficiency",
)
#: The link-budget inputs among them (the rest is orbit, stations and weather).
LINK_BUDGET = PIPE_INPUTS[7:]
_PIPES: dict[tuple[float, ...], dict[str, np.ndarray]] = {}  # read-only results


def pipe_capacity(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """:func:`pipe_capacity_of`, remembered when none of its inputs varies between samples.

    A Monte Carlo run evaluates blocks of samples that usually share the orbit, stations and
    link budget; the result for one such set of scalars is computed once per process.
    """
    values = [np.asarray(p[n]) for n in PIPE_INPUTS]
    if any(v.size != 1 for v in values):
        return pipe_capacity_of(p)
    key = (max(v.ndim for v in values), *(float(v.reshape(-1)[0]) for v in values))
    with _LOCK:
        hit = _PIPES.get(key)
    if hit is None:
        hit = pipe_capacity_of(p)
        with _LOCK:
            if len(_PIPES) > 256:
                _PIPES.clear()
            _PIPES[key] = hit
    return hit


def pipe_capacity_of(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What the ground links can carry for a cluster, each way, vectorized over samples.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (``orbit.*``, ``links.*``, ``network.*``).

    Returns
    -------
    dict
        ``stations`` sites used [-]; ``set_rate`` mean rate with one ground terminal at each
        site, after weather [bit/s]; ``view_rate`` mean clear-sky rate of one terminal while in
        view [bit/s]; ``any_view`` share of time some site sees the cluster [-];
        ``availability`` share of time some site sees it under a clear sky [-] (site
        diversity); ``gap`` mean time between contacts [s]; ``weather`` view-weighted
        cloud-free fraction of the sites [-].

    Notes
    -----
    Per site s with in-view fraction v_s, cloud-free fraction q_s and mean clear-sky capacity
    C_s over its slant ranges: r_s = v_s q_s C_s; one terminal per site gives sum_s r_s. RF
    links have q_s = 1 (rain fades are in the link budget's margin).
    """
    h = np.asarray(p["orbit.altitude"], dtype=float)
    optical = np.asarray(p["links.downlink_kind"], dtype=float) >= 0.5
    s_max = max_stations()
    n_kind = np.where(optical, len(station_table(True)), s_max)
    n_used = np.minimum(np.round(np.asarray(p["network.ground_stations"], dtype=float)), n_kind)
    inc = orbit_inclination(p)
    budget = [np.asarray(p[n]) for n in LINK_BUDGET + ("network.weather_factor",)]
    if all(b.size == 1 for b in budget) and optical.size == 1:
        # One link budget and one weather for every sample: evaluate them on the grid nodes
        # and sum over the stations there (cumulatively, to read any station count).
        flat = {n: np.ravel(p[n])[:1] for n in LINK_BUDGET + ("network.weather_factor",)}
        opt = np.ravel(optical)[:1]
        q = cloud_free(flat, opt)[0]  # (S,)

        def per_node(t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
            c = station_capacity(flat, t["slant"], opt).mean(axis=-1)  # (U, S)
            v = t["view"]
            return {
                "count": t["count"],
                "passes": t["passes"],
                "cum_view": np.cumsum(v, axis=-1),
                "cum_clear": np.cumsum(v * q, axis=-1),
                "cum_capacity": np.cumsum(v * c, axis=-1),
                "cum_rate": np.cumsum(v * q * c, axis=-1),
            }

        stats = contact_statistics(h, inc, optical, n_used, per_node)
        seen, set_rate = stats["cum_view"], stats["cum_rate"]
        clear_sum, cap_sum = stats["cum_clear"], stats["cum_capacity"]
    else:
        stats = contact_statistics(h, inc, optical, n_used)
        cap = station_capacity(p, stats["slant"], optical).mean(axis=-1)  # (..., S)
        clear = cloud_free(p, optical)
        view = stats["view"] * (np.arange(s_max) < n_used[..., None])
        seen, set_rate = np.sum(view, axis=-1), np.sum(view * clear * cap, axis=-1)
        clear_sum, cap_sum = np.sum(view * clear, axis=-1), np.sum(view * cap, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weather = np.where(seen > 0, clear_sum / seen, 0.0)
        view_rate = np.where(seen > 0, cap_sum / seen, 0.0)
    count, passes = stats["count"], stats["passes"]
    any_view = 1.0 - count[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(passes > 0, DAY * (1.0 - any_view) / passes, np.inf)
    return {
        "stations": n_used,
        "set_rate": set_rate,
        "view_rate": view_rate,
        "any_view": any_view,
        "availability": diversity_availability(count, weather, p["network.site_correlation"]),
        "gap": gap,
        "weather": weather,
    }
