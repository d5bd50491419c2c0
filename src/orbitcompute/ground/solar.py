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
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import HOUR
from orbitcompute.errors import ScenarioError
from orbitcompute.registry import registry

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

#: Battery round-trip efficiencies simulated [-]; samples interpolate linearly between them.
RTE_GRID = np.array([0.70, 0.80, 0.85, 0.90, 0.95])
#: Standard test conditions irradiance [W/m^2] (IEC 60904-3): module W DC per m^2 = eff x this.
STC_IRRADIANCE = 1000.0

#: Bump when the simulation changes, so stale disk caches are ignored.
_CACHE_VERSION = 2
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Design:
    """PV design of one pvlib run (fractions; temperature coefficient in 1/K)."""

    tracking: bool
    system_losses: float
    temperature_coefficient: float
    inverter_efficiency: float

    @classmethod
    def reference(cls, tracking: bool) -> Design:
        """The design the cached tables are simulated with: registry defaults."""
        reg = registry()
        return cls(
            bool(tracking),
            reg["ground.solar.system_losses"].default_si,
            reg["ground.solar.temperature_coefficient"].default_si,
            reg["ground.solar.inverter_efficiency"].default_si,
        )


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


def pv_profile(site: int, design: Design, with_cell_temperature: bool = False):
    """Hourly AC power per W DC of array over the TMY year [W/W], shape (8760,).

    Notes
    -----
    pvlib chain: ``Location.get_solarposition`` (NREL SPA), ``tracking.singleaxis``
    (north-south axis, +-60 deg, backtracking) or fixed tilt = latitude facing the equator,
    ``irradiance.get_total_irradiance`` (Hay-Davies), ``temperature.sapm_cell`` (open rack,
    glass/glass), ``pvsystem.pvwatts_dc`` then DC losses and ``inverter.pvwatts`` at a DC/AC
    ratio of 1. With ``with_cell_temperature`` also returns (POA irradiance, cell temperature).
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
            backtrack=True,  # pvlib's default ground coverage ratio, 2/7
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
    if with_cell_temperature:
        return np.clip(np.asarray(pac, dtype=float), 0.0, None), (
            np.asarray(poa_global, dtype=float),
            np.asarray(t_cell, dtype=float),
        )
    return np.clip(np.asarray(pac, dtype=float), 0.0, None)


def dispatch(
    pv: ArrayLike,
    array: ArrayLike,
    storage_hours: ArrayLike,
    round_trip_efficiency: ArrayLike,
    passes: int = 2,
) -> tuple[np.ndarray, np.ndarray]:
    """Hourly PV + battery dispatch serving a constant 1 W load.

    Parameters
    ----------
    pv : array_like, shape (T,)
        AC output per W DC in each hour [W/W].
    array : array_like
        Array size [W DC per W of load]; broadcast with the other arguments.
    storage_hours : array_like
        Usable battery capacity [h of load, i.e. Wh per W].
    round_trip_efficiency : array_like
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

    Notes
    -----
    Each hour: generation ``g = a pv_t``; a surplus ``g - 1`` charges the battery with
    ``sqrt(eta)`` losses up to its capacity; a deficit draws ``(1 - g) / sqrt(eta)`` from it.
    An hour whose deficit the battery cannot cover is unserved: the battery gives what it has
    and the rest of the load (compute) is lost. No charge-rate limit (the battery's power
    conversion is in its $/kWh). Internally the state of charge is kept as energy deliverable
    to the load (``soc x sqrt(eta)``), so a surplus adds ``eta x surplus``.
    """
    pv = np.asarray(pv, dtype=float)
    a, cap, rte = (
        x.astype(float).ravel()
        for x in np.broadcast_arrays(
            np.asarray(array, dtype=float),
            np.asarray(storage_hours, dtype=float),
            np.asarray(round_trip_efficiency, dtype=float),
        )
    )
    shape = np.broadcast_shapes(
        np.shape(array), np.shape(storage_hours), np.shape(round_trip_efficiency)
    )
    cap_out = cap * np.sqrt(rte)  # capacity as energy deliverable to the load
    loss = 1.0 - rte
    e = cap_out.copy()  # start full
    g = np.empty_like(a)
    pos = np.empty_like(a)
    tol = 1e-9
    for _ in range(passes):
        served = np.zeros(a.shape, dtype=np.int64)
        unmet = np.zeros_like(a)
        for p_t in pv:
            if p_t > 0:
                np.multiply(a, p_t, out=g)
                g -= 1.0
                np.maximum(g, 0.0, out=pos)
                pos *= loss
                g -= pos  # surplus counts eta x surplus, deficit counts in full
                e += g
                np.minimum(e, cap_out, out=e)
            else:
                e -= 1.0
            served += e >= -tol
            np.minimum(e, 0.0, out=g)
            unmet += g
            np.maximum(e, 0.0, out=e)
    n = len(pv)
    return (served / n).reshape(shape), (1.0 + unmet / n).reshape(shape)


def cache_dir() -> Path:
    """Directory for cached site surfaces: ``$ORBITCOMPUTE_CACHE`` or ``~/.cache/orbitcompute``."""
    env = os.environ.get("ORBITCOMPUTE_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "orbitcompute"


def _cache_key(site: int, design: Design) -> str:
    from importlib.metadata import version  # not `import pvlib`: keep cache hits fast

    blob = json.dumps(
        {
            "v": _CACHE_VERSION,
            "pvlib": version("pvlib"),
            "site": SITES[site][1],
            "design": design.__dict__,
            "a": ARRAY_GRID.tolist(),
            "b": STORAGE_GRID.tolist(),
            "rte": RTE_GRID.tolist(),
        },
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Surface:
    """Simulated outcomes over the (efficiency, array, storage) grid of one site and design."""

    site: int
    design: Design
    pv: np.ndarray  # (8760,) AC W per W DC
    served: np.ndarray  # (n_rte, n_a, n_b) fraction of hours served
    delivered: np.ndarray  # (n_rte, n_a, n_b) fraction of demand delivered
    temperature_lever: float  # energy-weighted mean (T_cell - 25 C) [K]

    @property
    def capacity_factor(self) -> float:
        """AC energy per W DC over the 8,760 h of the year [-]."""
        return float(self.pv.mean())


@functools.lru_cache(maxsize=16)
def _surface(site: int, tracking: bool) -> Surface:
    design = Design.reference(tracking)
    path = cache_dir() / f"solar_surface_{_cache_key(site, design)}.npz"
    try:
        with np.load(path) as z:
            pv, served, delivered = z["pv"], z["served"], z["delivered"]
            lever = float(z["lever"])
    except (OSError, KeyError, ValueError):
        pv, (poa, t_cell) = pv_profile(site, design, with_cell_temperature=True)
        lever = float(np.sum(poa * (t_cell - 25.0)) / np.sum(poa))
        served, delivered = dispatch(
            pv, ARRAY_GRID[None, :, None], STORAGE_GRID[None, None, :], RTE_GRID[:, None, None]
        )
        _save(path, pv=pv, served=served, delivered=delivered, lever=np.array(lever))
    return Surface(site, design, pv, served, delivered, lever)


def site_surface(site: int, tracking: bool) -> Surface:
    """Dispatch outcomes over the sizing grid for one site (memory + disk cached, thread-safe).

    The simulation uses the reference design (:meth:`Design.reference`); other losses,
    inverter efficiencies and temperature coefficients are folded in by
    :func:`output_factor`.
    """
    if site not in SITES:
        raise ScenarioError("ground.solar.site", site, f"one of {sorted(SITES)}")
    with _LOCK:
        return _surface(int(site), bool(tracking))


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


def output_factor(
    surface: Surface,
    system_losses: ArrayLike,
    inverter_efficiency: ArrayLike,
    temperature_coefficient: ArrayLike,
) -> np.ndarray:
    """Annual PV output of a design relative to the reference design of ``surface`` [-].

    Notes
    -----
    PVWatts DC power is linear in ``(1 - losses)`` and in ``1 + gamma (T_cell - 25)``; the
    annual energy therefore scales by ``(1 - L)/(1 - L_ref) x eta/eta_ref x (1 + gamma dT) /
    (1 + gamma_ref dT)`` with ``dT`` the irradiance-weighted mean of ``T_cell - 25`` (exact for
    the annual energy; the hourly shape is taken as the reference one; the inverter's
    part-load curve is taken as scaling with its nominal efficiency).
    """
    return _factor(
        surface.design, surface.temperature_lever, system_losses, inverter_efficiency,
        temperature_coefficient,
    )  # fmt: skip


def _factor(ref: Design, lever, losses, inv, gamma) -> np.ndarray:
    return (
        (1.0 - np.asarray(losses)) / (1.0 - ref.system_losses)
        * np.asarray(inv) / ref.inverter_efficiency
        * (1.0 + np.asarray(gamma) * lever)
        / (1.0 + ref.temperature_coefficient * lever)
    )  # fmt: skip


@dataclass(frozen=True)
class SizingTable:
    """Cheapest feasible design per (efficiency, target, cost ratio) for one site.

    Arrays have shape ``(len(RTE_GRID), len(TARGET_GRID), len(RATIO_GRID))``; NaN where no
    grid design meets the target.
    """

    surface: Surface
    cost_units: np.ndarray  # a* + r b*  [W DC per W of load, in array-cost units]
    array: np.ndarray  # a* [W DC / W load]
    storage_hours: np.ndarray  # b* [h]
    served: np.ndarray  # served-hours fraction of the chosen design
    delivered: np.ndarray  # delivered-energy fraction of the chosen design


@functools.lru_cache(maxsize=16)
def sizing_table(site: int, tracking: bool = True) -> SizingTable:
    """Search the cheapest (array, storage) pair meeting each target for each cost ratio.

    Cached in memory and on disk next to the surface (the search takes ~0.2 s).

    Notes
    -----
    Cost per W of load per year is ``C_pv a + C_b b = C_pv (a + r b)`` with ``r = C_b / C_pv``;
    for each efficiency, target ``tau`` and ratio ``r`` the design minimizing ``a + r b`` over
    the grid points with ``served >= tau`` is kept (grid points only, so the target is met in
    a re-simulation; the grid steps bound the over-sizing to about 7 %).
    """
    s = site_surface(site, tracking)
    path = cache_dir() / f"solar_table_{_cache_key(site, s.design)}_{_table_key()}.npz"
    names = ("g", "a", "b", "s", "d")
    try:
        with np.load(path) as z:
            out = {k: z[k] for k in names}
    except (OSError, KeyError, ValueError):
        out = _search(s)
        _save(path, **out)
    return SizingTable(s, out["g"], out["a"], out["b"], out["s"], out["d"])


def _table_key() -> str:
    blob = json.dumps({"t": TARGET_GRID.tolist(), "r": RATIO_GRID.tolist()})
    return hashlib.sha256(blob.encode()).hexdigest()[:8]


def _search(s: Surface) -> dict[str, np.ndarray]:
    """The grid search of :func:`sizing_table` (uncached)."""
    n_e = len(RTE_GRID)
    a = np.broadcast_to(ARRAY_GRID[:, None], s.served.shape[1:]).ravel()
    b = np.broadcast_to(STORAGE_GRID[None, :], s.served.shape[1:]).ravel()
    cost = a[None, :] + RATIO_GRID[:, None] * b[None, :]  # (n_r, K)
    shape = (n_e, len(TARGET_GRID), len(RATIO_GRID))
    out = {k: np.full(shape, np.nan) for k in ("g", "a", "b", "s", "d")}
    rows = np.arange(len(RATIO_GRID))
    for e in range(n_e):  # a loop over the table (5 x 18 cells), not over samples
        served, delivered = s.served[e].ravel(), s.delivered[e].ravel()
        for i, tau in enumerate(TARGET_GRID):
            ok = served >= tau
            if not ok.any():
                continue
            c = np.where(ok[None, :], cost, np.inf)
            j = np.argmin(c, axis=1)
            out["g"][e, i], out["a"][e, i], out["b"][e, i] = c[rows, j], a[j], b[j]
            out["s"][e, i], out["d"][e, i] = served[j], delivered[j]
    return out


def lookup(
    site: ArrayLike,
    tracking: ArrayLike,
    target: ArrayLike,
    ratio: ArrayLike,
    round_trip_efficiency: ArrayLike,
    system_losses: ArrayLike,
    inverter_efficiency: ArrayLike,
    temperature_coefficient: ArrayLike,
) -> dict[str, np.ndarray]:
    """Per-sample optimal design from the site tables (vectorized, no pvlib per sample).

    Parameters
    ----------
    site : array_like
        Site index (see :data:`SITES`).
    tracking : array_like
        1 for single-axis tracking, 0 for fixed tilt.
    target : array_like
        Reliability target, fraction of hours served [-]; the next tabulated target at or
        above it is used.
    ratio : array_like
        Annual cost of 1 J of storage over annual cost of 1 W DC of array [1/s].
    round_trip_efficiency : array_like
        Battery AC round-trip efficiency [-] (interpolated linearly between :data:`RTE_GRID`).
    system_losses, inverter_efficiency, temperature_coefficient : array_like
        PV design [-, -, 1/K], folded in with :func:`output_factor`.

    Returns
    -------
    dict
        ``cost_units`` ``g`` such that the cost per W of load is ``C_pv g``; ``array``
        [W DC/W], ``storage`` [J per W of load, i.e. s], ``served``, ``delivered``,
        ``capacity_factor`` — broadcast to a common shape.

    Notes
    -----
    With the output factor ``k``, an array of ``a`` W DC behaves as ``a' = k a`` reference W;
    cost ``C_pv a + C_b b = (C_pv / k)(a' + k r b)``, so the table is read at ``k r`` and
    ``g = g'(k r) / k``, ``a = a' / k``.
    """
    site, tracking, target, ratio, rte, losses, inv, gamma = (
        np.asarray(x, dtype=float)
        for x in (
            site,
            tracking,
            target,
            ratio,
            round_trip_efficiency,
            system_losses,
            inverter_efficiency,
            temperature_coefficient,
        )
    )
    key = np.rint(site).astype(int) * 2 + (tracking > 0.5)
    combos = [int(key.ravel()[0])] if key.size == 1 else [int(k) for k in np.unique(key)]
    tables = [sizing_table(k // 2, bool(k % 2)) for k in combos]
    stack = _stacked(tuple(combos))  # (5, n_combo * n_rte * n_target * n_ratio)
    if len(combos) == 1:
        pos = 0
        lever = tables[0].surface.temperature_lever
        cf = tables[0].surface.capacity_factor
    else:
        pos = np.searchsorted(combos, key)
        lever = np.array([t.surface.temperature_lever for t in tables])[pos]
        cf = np.array([t.surface.capacity_factor for t in tables])[pos]
    k = _factor(tables[0].surface.design, lever, losses, inv, gamma)
    n_e, n_t, n_r = len(RTE_GRID), len(TARGET_GRID), len(RATIO_GRID)
    # efficiency: linear between lattice points (the lattice is tiny: searchsorted is cheap)
    e = np.clip(np.searchsorted(RTE_GRID, rte, side="right") - 1, 0, n_e - 2)
    we = np.clip((rte - RTE_GRID[e]) / (RTE_GRID[e + 1] - RTE_GRID[e]), 0.0, 1.0)
    # target: next tabulated value at or above
    i = np.clip(np.searchsorted(TARGET_GRID, target - 1e-12, side="left"), 0, n_t - 1)
    # cost ratio: linear in log r on the geometric grid (index by arithmetic)
    step = np.log(RATIO_GRID[1] / RATIO_GRID[0])
    x = np.clip((np.log(ratio * (HOUR * k)) - np.log(RATIO_GRID[0])) / step, 0.0, n_r - 1.0)
    j = np.minimum(x.astype(int), n_r - 2)
    w = x - j
    base = ((pos * n_e + e) * n_t + i) * n_r + j
    step_e = n_t * n_r  # next efficiency in the flat index
    w11 = w * we
    w01 = w - w11  # w (1 - we)
    w10 = we - w11  # (1 - w) we
    w00 = 1.0 - w - we + w11  # (1 - w)(1 - we)
    out = {}
    for c, name in enumerate(("cost_units", "array", "storage_hours", "served", "delivered")):
        t = stack[c]  # contiguous flat table of one quantity
        out[name] = (
            w00 * t.take(base) + w01 * t.take(base + 1)
            + w10 * t.take(base + step_e) + w11 * t.take(base + step_e + 1)
        )  # fmt: skip
    return {
        "cost_units": out["cost_units"] / k,
        "array": out["array"] / k,
        "storage": out["storage_hours"] * HOUR,
        "served": out["served"],
        "delivered": out["delivered"],
        "capacity_factor": cf * k,
    }


@functools.lru_cache(maxsize=16)
def _stacked(combos: tuple[int, ...]) -> np.ndarray:
    """Tables of the (site, tracking) combinations, one flat row per quantity, for ``take``."""
    names = ("cost_units", "array", "storage_hours", "served", "delivered")
    tables = [sizing_table(k // 2, bool(k % 2)) for k in combos]
    return np.stack([np.stack([getattr(t, n) for t in tables]).ravel() for n in names])
