"""Solar + storage for the ground facility: pvlib on real weather, hourly dispatch, sizing.

The chain, per weather site:

1. :func:`pv_profile` runs pvlib on a typical-meteorological-year file shipped inside pvlib's
   package data (no download): solar position, single-axis tracking (or fixed tilt),
   Hay-Davies transposition, SAPM cell temperature, PVWatts DC and inverter models. It returns
   the hourly AC output per W DC of array.
2. :func:`dispatch` simulates a battery serving a constant load of 1 W from an array of ``a``
   W DC per W of load and ``b`` hours of storage, hour by hour over the year (the year is run
   twice so the state of charge on 1 January is the steady-state one). Vectorized over many
   ``(a, b)`` pairs at once.
3. :func:`site_surface` runs the dispatch over a grid of array sizes and storage durations and
   caches the served-hours and delivered-energy surfaces (in memory, and on disk in
   :func:`cache_dir`, keyed by every input of the simulation).
4. :func:`sizing_table` searches that surface for the cheapest feasible pair, for a grid of
   reliability targets and of cost ratios ``r`` = (annual cost of 1 Wh of storage) / (annual
   cost of 1 W DC of array). Because cost per W of load is ``C_pv (a + r b)``, the optimum
   depends on the costs only through ``r``: one table per site serves every sample.
5. :func:`lookup` interpolates the table per sample (vectorized; linear in ``log r``, the
   next tabulated target at or above the requested one, so the design always meets it).

So a Monte Carlo run of a million samples never calls pvlib: the simulation runs once per site
and design (a few seconds), then every sample is a table lookup.

References
----------
Holmgren, Hansen & Mikofski (2018), pvlib python, J. Open Source Softw. 3(29), 884.
Dobos (2014), PVWatts Version 5 Manual, NREL/TP-6A20-62641.
Wilcox & Marion (2008), Users Manual for TMY3 Data Sets, NREL/TP-581-43156.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import HOUR

#: Weather sites: index -> (label, file in pvlib/data, reader). All are NREL TMY files that
#: ship with pvlib (Wilcox & Marion 2008; Marion & Urban 1995 for TMY2).
SITES: dict[int, tuple[str, str, str]] = {
    0: ("Greensboro, NC", "723170TYA.CSV", "tmy3"),
    1: ("Miami, FL", "12839.tm2", "tmy2"),
    2: ("Sand Point, AK", "703165TY.csv", "tmy3"),
}
#: Names accepted by the ``ground.solar_site`` choice.
SITE_NAMES: dict[str, int] = {"greensboro": 0, "miami": 1, "sand_point": 2}

#: Array sizes searched [W DC per W of load] (geometric, 6.5 % steps).
ARRAY_GRID = np.geomspace(1.0, 60.0, 65)
#: Storage durations searched [h of load] (0, then geometric 0.5-1000 h, 7 % steps).
STORAGE_GRID = np.concatenate([[0.0], np.geomspace(0.5, 1000.0, 113)])
#: Reliability targets tabulated [-]; a request is served by the next value at or above it.
TARGET_GRID = np.array(
    [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.993, 0.995,
     0.997, 0.998, 0.999]
)  # fmt: skip
#: Cost ratios tabulated [1/h]: storage annual cost per Wh over array annual cost per W DC.
RATIO_GRID = np.geomspace(1e-3, 10.0, 97)

#: Bump when the simulation changes, so stale disk caches are ignored.
_CACHE_VERSION = 1

#: Design inputs of the hourly simulation (registry names); they are fixed per table.
DESIGN_KEYS = (
    "ground.solar.tracking",
    "ground.solar.gcr",
    "ground.solar.system_losses",
    "ground.solar.temperature_coefficient",
    "ground.solar.inverter_efficiency",
    "ground.solar.battery_round_trip_efficiency",
)


@dataclass(frozen=True)
class Design:
    """PV and battery design constants of one simulation (SI / fractions)."""

    tracking: bool
    gcr: float
    system_losses: float
    temperature_coefficient: float  # [1/K]
    inverter_efficiency: float
    round_trip_efficiency: float

    @classmethod
    def from_params(cls, p: Mapping[str, ArrayLike]) -> Design:
        """Read the design from parameters; each must be a single value (not varied)."""
        from orbitcompute.errors import ScenarioError

        vals = []
        for key in DESIGN_KEYS:
            u = np.unique(np.asarray(p[key], dtype=float))
            if u.size != 1:
                raise ScenarioError(
                    key,
                    f"{u.size} different values",
                    "one value per run (the solar sizing table is simulated for a fixed design)",
                )
            vals.append(float(u[0]))
        return cls(bool(vals[0]), *vals[1:])


def weather_path(site: int) -> Path:
    """Path of a site's TMY file inside pvlib's package data."""
    import pvlib

    return Path(pvlib.__file__).parent / "data" / SITES[site][1]


@functools.lru_cache(maxsize=8)
def read_weather(site: int):  # -> tuple[pandas.DataFrame, dict]
    """Hourly weather of a site with pvlib.iotools (GHI, DNI, DHI [W/m2], temp_air [C], wind).

    The index is the middle of each hour of a common non-leap year (2001) in the site's
    standard time: TMY3 stamps end-of-hour, pvlib's TMY2 reader start-of-hour, both in
    8,760 rows starting on 1 January.
    """
    import datetime as dt

    import pandas as pd
    import pvlib

    label, _, kind = SITES[site]
    path = weather_path(site)
    if kind == "tmy3":
        raw, meta = pvlib.iotools.read_tmy3(str(path), coerce_year=2001, map_variables=True)
        df = pd.DataFrame(
            {
                "ghi": raw["ghi"].to_numpy(float),
                "dni": raw["dni"].to_numpy(float),
                "dhi": raw["dhi"].to_numpy(float),
                "temp_air": raw["temp_air"].to_numpy(float),
                "wind_speed": raw["wind_speed"].to_numpy(float),
            }
        )
    else:
        raw, meta = pvlib.iotools.read_tmy2(str(path))
        df = pd.DataFrame(
            {
                "ghi": raw["GHI"].to_numpy(float),
                "dni": raw["DNI"].to_numpy(float),
                "dhi": raw["DHI"].to_numpy(float),
                "temp_air": raw["DryBulb"].to_numpy(float) / 10.0,  # TMY2: tenths of a degree C
                "wind_speed": raw["Wspd"].to_numpy(float) / 10.0,  # TMY2: tenths of m/s
            }
        )
    tz = dt.timezone(dt.timedelta(hours=float(meta["TZ"])))
    df.index = pd.date_range("2001-01-01 00:30", periods=len(df), freq="h", tz=tz)
    info = {
        "label": label,
        "file": path.name,
        "latitude": float(meta["latitude"]),
        "longitude": float(meta["longitude"]),
        "altitude": float(meta["altitude"]),
    }
    return df, info


def pv_profile(site: int, design: Design) -> np.ndarray:
    """Hourly AC power per W DC of array over the TMY year [W/W], shape (8760,).

    Notes
    -----
    pvlib chain: ``Location.get_solarposition`` (NREL SPA), ``tracking.singleaxis``
    (north-south axis, +-60 deg, backtracking) or fixed tilt = latitude facing the equator,
    ``irradiance.get_total_irradiance`` (Hay-Davies), ``temperature.sapm_cell`` (open rack,
    glass/glass), ``pvsystem.pvwatts_dc`` then DC losses and ``inverter.pvwatts`` at a DC/AC
    ratio of 1.
    """
    import pvlib

    wx, info = read_weather(site)
    loc = pvlib.location.Location(info["latitude"], info["longitude"], altitude=info["altitude"])
    sp = loc.get_solarposition(wx.index)
    if design.tracking:
        tr = pvlib.tracking.singleaxis(
            sp["apparent_zenith"],
            sp["azimuth"],
            axis_tilt=0.0,
            axis_azimuth=180.0,
            max_angle=60.0,
            backtrack=True,
            gcr=design.gcr,
        )
        tilt = tr["surface_tilt"].fillna(0.0)
        azim = tr["surface_azimuth"].fillna(180.0)
    else:
        tilt = abs(info["latitude"])
        azim = 180.0 if info["latitude"] >= 0 else 0.0
    poa = pvlib.irradiance.get_total_irradiance(
        tilt,
        azim,
        sp["apparent_zenith"],
        sp["azimuth"],
        wx["dni"],
        wx["ghi"],
        wx["dhi"],
        dni_extra=pvlib.irradiance.get_extra_radiation(wx.index),
        model="haydavies",
    )
    poa_global = poa["poa_global"].fillna(0.0).clip(lower=0.0)
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_glass"]
    t_cell = pvlib.temperature.sapm_cell(poa_global, wx["temp_air"], wx["wind_speed"], **params)
    pdc = pvlib.pvsystem.pvwatts_dc(poa_global, t_cell, 1.0, design.temperature_coefficient)
    pdc = pdc * (1.0 - design.system_losses)
    pac = pvlib.inverter.pvwatts(pdc, 1.0, eta_inv_nom=design.inverter_efficiency)
    return np.clip(np.asarray(pac, dtype=float), 0.0, None)


def dispatch(
    pv: ArrayLike,
    array: ArrayLike,
    storage_hours: ArrayLike,
    round_trip_efficiency: float,
    passes: int = 2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hourly PV + battery dispatch serving a constant 1 W load.

    Parameters
    ----------
    pv : array_like, shape (T,)
        AC output per W DC in each hour [W/W].
    array : array_like
        Array size [W DC per W of load]; broadcast with ``storage_hours``.
    storage_hours : array_like
        Usable battery capacity [h of load, i.e. Wh per W].
    round_trip_efficiency : float
        AC round-trip efficiency [-], split as its square root on charge and on discharge.
    passes : int
        Times the year is run; statistics come from the last pass, which starts from the
        state of charge the previous pass ended with (steady state for a repeating year).

    Returns
    -------
    served_hours : numpy.ndarray
        Fraction of hours in which the full load is met [-].
    delivered : numpy.ndarray
        Energy delivered to the load over energy demanded [-].
    curtailed : numpy.ndarray
        PV energy neither used nor stored, per W of load, as a fraction of demand [-].

    Notes
    -----
    Each hour: generation ``g = a pv_t``; surplus ``g - 1`` charges the battery (times
    ``sqrt(eta)``, up to capacity); a deficit draws ``d / sqrt(eta)`` from the battery. An hour
    whose deficit the battery cannot cover is unserved: the battery gives what it has and the
    rest of the load (compute) is lost. No charge-rate limit (the battery's power conversion is
    in its $/kWh).
    """
    pv = np.asarray(pv, dtype=float)
    a, cap = np.broadcast_arrays(
        np.asarray(array, dtype=float), np.asarray(storage_hours, dtype=float)
    )
    a, cap = a.astype(float).ravel(), cap.astype(float).ravel()
    eta = np.sqrt(round_trip_efficiency)
    soc = cap.copy()
    tol = 1e-9
    for _ in range(passes):
        served = np.zeros_like(a)
        delivered = np.zeros_like(a)
        curtailed = np.zeros_like(a)
        for p_t in pv:
            gen = a * p_t
            surplus = gen - 1.0
            if p_t > 0:
                room = cap - soc
                stored = np.minimum(np.maximum(surplus, 0.0) * eta, room)
                curtailed += np.maximum(surplus, 0.0) - stored / eta
                soc += stored
            need = np.maximum(-surplus, 0.0)
            out = np.minimum(need, soc * eta)
            soc -= out / eta
            served += out >= need - tol
            delivered += np.minimum(gen, 1.0) + out
    n = len(pv)
    shape = np.broadcast_shapes(np.shape(array), np.shape(storage_hours))
    return tuple(x.reshape(shape) / n for x in (served, delivered, curtailed))  # type: ignore[return-value]


def cache_dir() -> Path:
    """Directory for cached site surfaces: ``$ORBITCOMPUTE_CACHE`` or ``~/.cache/orbitcompute``."""
    env = os.environ.get("ORBITCOMPUTE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orbitcompute"


def _cache_key(site: int, design: Design) -> str:
    import pvlib

    blob = json.dumps(
        {
            "v": _CACHE_VERSION,
            "pvlib": pvlib.__version__,
            "site": SITES[site][1],
            "design": design.__dict__,
            "a": ARRAY_GRID.tolist(),
            "b": STORAGE_GRID.tolist(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Surface:
    """Simulated outcomes over the (array, storage) grid of one site and design."""

    site: int
    capacity_factor: float  # AC energy per W DC over 8760 h [-]
    served: np.ndarray  # (n_a, n_b) fraction of hours served
    delivered: np.ndarray  # (n_a, n_b) fraction of demand delivered
    pv_energy_kwh_per_kw: float  # annual AC yield [kWh per kW DC]


@functools.lru_cache(maxsize=16)
def site_surface(site: int, design: Design) -> Surface:
    """Run (or load from the disk cache) the dispatch over the sizing grid for one site."""
    if site not in SITES:
        from orbitcompute.errors import ScenarioError

        raise ScenarioError("ground.solar.site", site, f"one of {sorted(SITES)}")
    path = cache_dir() / f"solar_surface_{_cache_key(site, design)}.npz"
    try:
        with np.load(path) as z:
            pv = z["pv"]
            served, delivered = z["served"], z["delivered"]
    except (OSError, KeyError, ValueError):
        pv = pv_profile(site, design)
        served, delivered, _ = dispatch(
            pv, ARRAY_GRID[:, None], STORAGE_GRID[None, :], design.round_trip_efficiency
        )
        _save(path, pv=pv, served=served, delivered=delivered)
    return Surface(
        site=site,
        capacity_factor=float(pv.mean()),
        served=served,
        delivered=delivered,
        pv_energy_kwh_per_kw=float(pv.sum()),  # W/W x h = kWh/kW
    )


def _save(path: Path, **arrays: np.ndarray) -> None:
    """Write the cache atomically; silently skip when the cache directory is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass


@dataclass(frozen=True)
class SizingTable:
    """Cheapest feasible design per (target, cost ratio) for one site.

    All arrays have shape ``(len(TARGET_GRID), len(RATIO_GRID))``.
    """

    site: int
    capacity_factor: float
    pv_energy_kwh_per_kw: float
    cost_units: np.ndarray  # a* + r b*  [W DC per W of load, in array-cost units]
    array: np.ndarray  # a* [W DC / W load]
    storage_hours: np.ndarray  # b* [h]
    served: np.ndarray  # served-hours fraction of the chosen design
    delivered: np.ndarray  # delivered-energy fraction of the chosen design


@functools.lru_cache(maxsize=16)
def sizing_table(site: int, design: Design) -> SizingTable:
    """Search the cheapest (array, storage) pair meeting each target for each cost ratio.

    Notes
    -----
    Cost per W of load per year is ``C_pv a + C_b b = C_pv (a + r b)`` with ``r = C_b / C_pv``;
    for each target ``tau`` and ratio ``r`` the design minimizing ``a + r b`` over the grid
    points with ``served >= tau`` is kept (grid points only, so the target is met exactly in a
    re-simulation; the grid steps bound the over-sizing to about 7 %).
    """
    s = site_surface(site, design)
    a = np.broadcast_to(ARRAY_GRID[:, None], s.served.shape).ravel()
    b = np.broadcast_to(STORAGE_GRID[None, :], s.served.shape).ravel()
    served, delivered = s.served.ravel(), s.delivered.ravel()
    cost = a[None, :] + RATIO_GRID[:, None] * b[None, :]  # (n_r, K)
    shape = (len(TARGET_GRID), len(RATIO_GRID))
    out = {k: np.full(shape, np.nan) for k in ("g", "a", "b", "s", "d")}
    for i, tau in enumerate(TARGET_GRID):  # 18 targets: a loop over the table, not samples
        ok = served >= tau
        if not ok.any():
            continue
        c = np.where(ok[None, :], cost, np.inf)
        j = np.argmin(c, axis=1)
        out["g"][i], out["a"][i], out["b"][i] = c[np.arange(len(j)), j], a[j], b[j]
        out["s"][i], out["d"][i] = served[j], delivered[j]
    return SizingTable(
        site, s.capacity_factor, s.pv_energy_kwh_per_kw, out["g"], out["a"], out["b"], out["s"],
        out["d"],
    )  # fmt: skip


def lookup(
    site: ArrayLike, target: ArrayLike, ratio: ArrayLike, design: Design
) -> dict[str, np.ndarray]:
    """Per-sample optimal design from the site tables (vectorized, no pvlib per sample).

    Parameters
    ----------
    site : array_like
        Site index (see :data:`SITES`).
    target : array_like
        Reliability target, fraction of hours served [-].
    ratio : array_like
        Annual cost of 1 Wh of storage over annual cost of 1 W DC of array [1/h; SI 1/s is
        converted here].

    Returns
    -------
    dict
        ``cost_units`` (a + r b), ``array`` [W DC/W], ``storage`` [s of load, i.e. J per W],
        ``served``, ``delivered``, ``capacity_factor`` — broadcast to a common shape. NaN
        where no grid design meets the target.
    """
    site, target, ratio = np.broadcast_arrays(
        np.asarray(site, dtype=float), np.asarray(target, dtype=float), np.asarray(ratio, float)
    )
    shape = site.shape
    s_idx = np.rint(site).astype(int)
    sites = [int(k) for k in np.unique(s_idx)]
    tables = {k: sizing_table(k, design) for k in sites}
    keys = ("cost_units", "array", "storage_hours", "served", "delivered")
    stack = {k: np.stack([getattr(tables[s], k) for s in sites]) for k in keys}
    pos = np.searchsorted(sites, s_idx)
    i = np.clip(np.searchsorted(TARGET_GRID, target - 1e-12, side="left"), 0, len(TARGET_GRID) - 1)
    x = np.log(np.clip(ratio * HOUR, RATIO_GRID[0], RATIO_GRID[-1]))
    xs = np.log(RATIO_GRID)
    j = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, len(xs) - 2)
    w = (x - xs[j]) / (xs[j + 1] - xs[j])
    out = {}
    for k in keys:
        t = stack[k]
        out[k] = (1 - w) * t[pos, i, j] + w * t[pos, i, j + 1]
    out["storage"] = out.pop("storage_hours") * HOUR
    cf = np.array([tables[s].capacity_factor for s in sites])
    out["capacity_factor"] = cf[pos]
    return {k: v.reshape(shape) for k, v in out.items()}
