"""Time paths: the value of every driver year by year, for ``orbitcompute outlook``.

A scenario fixes the drivers in its own year (``[meta] year``, ``today`` = 2026). A *path* says
how each of them moves from there, year by year, as a curve whose parameters are registry rows
of the ``outlook`` group (unit, range, source; uncertain through the one distribution grammar):

====================================  ===================================================
driver                                default curve (parameters ``outlook.*``)
====================================  ===================================================
``launch.price_per_kg``               experience curve on cumulative launched mass with a
                                      floor, and a next heavy launcher from
                                      ``next_vehicle_year`` at ``next_vehicle_price``
                                      (:func:`launch_path`); the cadence is a logistic path
                                      of the world's annual upmass
``launch.payload_capacity``,          the next vehicle's payload and fairing volume once it
``launch.fairing_volume``             is the cheaper one
``satellite.cost_per_kg``             experience curve on the same cumulative mass
``power.array_specific_power``        rising trend up to a ceiling
``thermal.radiator_areal_density``    falling trend down to a floor
``compute.accelerator_bf16_flops``,   dense throughput at the scenario's power per
``compute.accelerator_fp8_flops``     accelerator: performance per watt trend
``compute.accelerator_price``         price per watt trend
``compute.specific_mass``             server kg per kW trend
``ground.electricity_price``,         real price trends (EIA AEO, NREL ATB)
``ground.gas.fuel_price``, ...
``ground.grid.interconnection_wait``  linear trend in years per year
====================================  ===================================================

Every other parameter keeps its scenario value in every year. Each curve starts from the
scenario's value in the scenario's year, so the outlook in that year is the scenario itself.

A scenario file overrides any path in a ``[paths]`` table, keyed by registry name::

    [paths."launch.price_per_kg"]          # a table of year -> value (units allowed):
    2026 = 3600                            # linear between the years, flat outside them
    2030 = "1200 USD/kg"
    2040 = 200

    [paths."ground.electricity_price"]
    curve = "flat"                         # the scenario's value in every year

    [paths."launch.price_per_kg"]          # or the curve's parameters (numbers, units or
    learning_rate = 0.25                   # distributions), the same as [outlook] launch.*
    floor = "50 USD/kg"

    [paths."race.demand"]                  # capacity race: cumulative data-center load
    2030 = "30 GW"                         # added since the end of 2025 (non-decreasing)
    2040 = "120 GW"

Mistakes (unknown names, keys that are not years, years out of range or not increasing,
values outside the registry range, a decreasing demand path, a learning rate outside (0, 1])
raise a one-line :class:`~orbitcompute.errors.ScenarioError` naming the key path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import YEAR
from orbitcompute.economics.learning import (
    capped_trend,
    experience_curve,
    logistic_cumulative,
    logistic_rate,
    trend,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.registry import checks, registry
from orbitcompute.units import parse_quantity, si_factor

#: Calendar year of the registry's starting values of the cadence and race paths (upmass,
#: cumulative mass, production, grid and gas additions): the end of 2025.
BASE_YEAR = 2025
#: Years a path table or an outlook may name.
YEAR_MIN, YEAR_MAX = 2000, 2100
#: Anchor year of a scenario without ``[meta] year``.
DEFAULT_ANCHOR_YEAR = 2026

#: Drivers with a default curve, and the ``outlook.*`` parameters of each curve, by the key a
#: ``[paths."<driver>"]`` table may use for them.
CURVES: dict[str, dict[str, str]] = {
    "launch.price_per_kg": {
        "learning_rate": "outlook.launch.learning_rate",
        "floor": "outlook.launch.floor",
        "next_vehicle_year": "outlook.launch.next_vehicle_year",
        "next_vehicle_price": "outlook.launch.next_vehicle_price",
        "upmass": "outlook.launch.upmass",
        "upmass_growth": "outlook.launch.upmass_growth",
        "upmass_ceiling": "outlook.launch.upmass_ceiling",
        "cumulative_mass": "outlook.launch.cumulative_mass",
    },
    "launch.payload_capacity": {"next_vehicle_payload": "outlook.launch.next_vehicle_payload"},
    "launch.fairing_volume": {
        "next_vehicle_fairing_volume": "outlook.launch.next_vehicle_fairing_volume"
    },
    "satellite.cost_per_kg": {
        "learning_rate": "outlook.satellite.learning_rate",
        "floor": "outlook.satellite.cost_floor",
    },
    "power.array_specific_power": {
        "rate": "outlook.power.array_growth",
        "ceiling": "outlook.power.array_ceiling",
    },
    "thermal.radiator_areal_density": {
        "rate": "outlook.thermal.radiator_decline",
        "floor": "outlook.thermal.radiator_floor",
    },
    "compute.accelerator_bf16_flops": {"rate": "outlook.compute.perf_per_watt_growth"},
    "compute.accelerator_fp8_flops": {"rate": "outlook.compute.perf_per_watt_growth"},
    "compute.accelerator_price": {"rate": "outlook.compute.price_per_watt_change"},
    "compute.specific_mass": {"rate": "outlook.compute.specific_mass_change"},
    "ground.electricity_price": {"rate": "outlook.ground.electricity_price_change"},
    "ground.gas.fuel_price": {"rate": "outlook.ground.gas_price_change"},
    "ground.nuclear.ppa_price": {"rate": "outlook.ground.nuclear_price_change"},
    "ground.solar.pv_capex": {"rate": "outlook.ground.pv_capex_change"},
    "ground.solar.battery_capex": {"rate": "outlook.ground.battery_capex_change"},
    "ground.grid.interconnection_wait": {"rate": "outlook.ground.interconnection_trend"},
}
#: Drivers whose path is a series of the capacity race rather than a registry parameter:
#: name -> (unit of plain numbers, what it is). Their values must not decrease.
SERIES: dict[str, tuple[str, str]] = {
    "race.demand": ("GW", "cumulative data-center facility load added since the end of 2025"),
}
#: Curve keys that are learning rates: checked to lie in (0, 1].
LEARNING_KEYS = frozenset({"learning_rate"})


@dataclass(frozen=True)
class YearTable:
    """A path given as a table of year -> value (SI), linear between years, flat outside."""

    name: str
    years: np.ndarray
    values: np.ndarray

    def __call__(self, years: ArrayLike) -> np.ndarray:
        """The value in each of ``years`` [SI]."""
        return np.interp(np.asarray(years, dtype=float), self.years, self.values)


@dataclass(frozen=True)
class PathSpec:
    """The ``[paths]`` section of a scenario, validated.

    Attributes
    ----------
    tables : dict[str, YearTable]
        Drivers (registry names or :data:`SERIES`) given as year tables.
    flat : frozenset of str
        Drivers held at the scenario's value in every year (``curve = "flat"``).
    curve_values : dict[str, Any]
        Curve parameters written in ``[paths]`` (``outlook.*`` name -> value as written);
        the scenario loader treats them as entries of the ``outlook`` group.
    """

    tables: Mapping[str, YearTable] = field(default_factory=dict)
    flat: frozenset[str] = frozenset()
    curve_values: Mapping[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.tables or self.flat or self.curve_values)


def check_years(first: Any, last: Any, key: str = "--years") -> tuple[int, int]:
    """Validate an outlook's first and last calendar year.

    Raises
    ------
    ScenarioError
        Not whole numbers, outside :data:`YEAR_MIN`..:data:`YEAR_MAX` (the outlook also starts
        no earlier than :data:`BASE_YEAR`, where its cadence paths begin), or reversed.
    """
    for y in (first, last):
        if isinstance(y, bool) or not isinstance(y, int | np.integer):
            raise ScenarioError(key, f"{first}:{last}", "whole calendar years FIRST:LAST")
        if not BASE_YEAR <= y <= YEAR_MAX:
            raise ScenarioError(
                key, f"{first}:{last}", f"years from {BASE_YEAR} to {YEAR_MAX}, e.g. 2026:2050"
            )
    if last < first:
        raise ScenarioError(key, f"{first}:{last}", "FIRST:LAST with FIRST <= LAST (reversed)")
    return int(first), int(last)


def parse_years(text: Any, key: str = "--years") -> tuple[int, int]:
    """``"2026:2050"`` (or ``"2030"``) -> ``(2026, 2050)``, validated by :func:`check_years`."""
    if not isinstance(text, str) or not text.strip():
        raise ScenarioError(key, text, "FIRST:LAST calendar years, e.g. 2026:2050")
    parts = [s.strip() for s in text.split(":")]
    if len(parts) not in (1, 2) or not all(p.isdigit() for p in parts):
        raise ScenarioError(key, text, "FIRST:LAST calendar years, e.g. 2026:2050")
    first, last = int(parts[0]), int(parts[-1])
    return check_years(first, last, key)


# --------------------------------------------------------------------------------------------
# Parsing the [paths] section


def _year_key(k: str, key: str) -> int:
    if not (isinstance(k, str) and k.isdigit() and len(k) == 4):
        raise ScenarioError(key, k, "year keys such as 2030 (a table of year -> value)")
    year = int(k)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ScenarioError(key, k, f"a year from {YEAR_MIN} to {YEAR_MAX}")
    return year


def _series_value(name: str, value: Any, key: str) -> float:
    unit = SERIES[name][0]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioError(key, value, f"a number in {unit} or a string with units")
    si = parse_quantity(value, unit, key) if isinstance(value, str) else value * si_factor(unit)[0]
    if not (math.isfinite(si) and si >= 0):
        raise ScenarioError(key, value, f"a finite value >= 0 {unit}")
    return float(si)


def _registry_value(name: str, value: Any, key: str) -> float:
    """``value`` of registry parameter ``name`` in SI, range-checked (messages name ``key``)."""
    p = registry()[name]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioError(key, value, f"a number in {p.unit} or a string with units")
    return checks.check_range(p, checks.quantity_si(p, value, key), key, value)


def _table(name: str, table: Mapping[str, Any], key: str) -> YearTable:
    years: list[int] = []
    values: list[float] = []
    for k, v in table.items():
        year = _year_key(k, f"{key}.{k}")
        if years and year <= years[-1]:
            raise ScenarioError(
                f"{key}.{k}", v, f"year keys in increasing order (after {years[-1]})"
            )
        if name in SERIES:
            x = _series_value(name, v, f"{key}.{k}")
            if values and x < values[-1]:
                raise ScenarioError(f"{key}.{k}", v, f"a non-decreasing path ({SERIES[name][1]})")
        else:
            x = _registry_value(name, v, f"{key}.{k}")
        years.append(year)
        values.append(x)
    return YearTable(name, np.array(years, dtype=float), np.array(values, dtype=float))


def parse_paths(section: Any, where: str = "") -> PathSpec:
    """Validate a scenario's ``[paths]`` section.

    Parameters
    ----------
    section : mapping or None
        ``{driver: {year: value, ...} | {"curve": "flat"} | {curve key: value, ...}}``.
    where : str
        Prefix of key paths in messages (the file name).

    Returns
    -------
    PathSpec

    Raises
    ------
    ScenarioError
        One line naming the key path, the value and what was expected.
    """
    if not section:
        return PathSpec()
    if not isinstance(section, Mapping):
        raise ScenarioError(f"{where}paths", section, 'a table of [paths."<parameter>"] tables')
    reg = registry()
    tables: dict[str, YearTable] = {}
    flat: set[str] = set()
    curve_values: dict[str, Any] = {}
    for name, table in section.items():
        key = f"{where}paths.{name}"
        if name not in reg and name not in SERIES:
            hint = checks.suggest(name, SERIES)
            raise ScenarioError(key, table, f"a registry parameter or {', '.join(SERIES)} ({hint})")
        if not isinstance(table, Mapping) or not table:
            raise ScenarioError(
                key, table, 'a table of year -> value, curve = "flat", or curve parameters'
            )
        if "curve" in table:
            if table["curve"] != "flat" or len(table) > 1:
                raise ScenarioError(
                    f"{key}.curve",
                    table["curve"],
                    '"flat" alone (other curves: give their '
                    "parameters, or a table of year -> value)",
                )
            if name in SERIES:
                raise ScenarioError(f"{key}.curve", "flat", "a table of year -> value")
            flat.add(name)
            continue
        is_year = [isinstance(k, str) and k[:1].isdigit() for k in table]  # year-like keys
        if all(is_year):
            tables[name] = _table(name, table, key)
            continue
        allowed = CURVES.get(name, {})
        if any(is_year) or not allowed:
            what = (
                f"year keys or curve parameters ({', '.join(allowed)}), not both"
                if allowed
                else 'year keys (a table of year -> value) or curve = "flat"'
            )
            bad = next(k for k, y in zip(table, is_year, strict=True) if not y)
            raise ScenarioError(f"{key}.{bad}", table[bad], what)
        for k, v in table.items():
            if k not in allowed:
                raise ScenarioError(
                    f"{key}.{k}", v, f"a parameter of this curve: {', '.join(allowed)}"
                )
            if k in LEARNING_KEYS and not isinstance(v, Mapping):
                if isinstance(v, bool) or not isinstance(v, int | float) or not 0 < v <= 1:
                    raise ScenarioError(f"{key}.{k}", v, "a learning rate in (0, 1]")
            if not isinstance(v, Mapping):
                _registry_value(allowed[k], v, f"{key}.{k}")
            curve_values[allowed[k]] = v
    return PathSpec(tables, frozenset(flat), curve_values)


# --------------------------------------------------------------------------------------------
# Evaluating the paths


def _get(v: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    return np.asarray(v[name], dtype=float)


def _per_year(v: Mapping[str, ArrayLike], name: str) -> np.ndarray:
    """A %/yr registry value (SI, per second) as a fraction per year [1/yr]."""
    return _get(v, name) * YEAR


def cumulative_mass(years: ArrayLike, v: Mapping[str, ArrayLike]) -> np.ndarray:
    """Cumulative mass launched by reusable launchers at each of ``years`` [kg].

    The world's annual upmass grows logistically from ``outlook.launch.upmass`` (2025) at
    ``outlook.launch.upmass_growth`` toward ``outlook.launch.upmass_ceiling``
    (:func:`~orbitcompute.economics.learning.logistic_cumulative`).
    """
    return logistic_cumulative(
        years,
        BASE_YEAR,
        _get(v, "outlook.launch.cumulative_mass"),
        _get(v, "outlook.launch.upmass") * YEAR,
        _per_year(v, "outlook.launch.upmass_growth"),
        _get(v, "outlook.launch.upmass_ceiling") * YEAR,
    )


def upmass(years: ArrayLike, v: Mapping[str, ArrayLike]) -> np.ndarray:
    """The world's annual upmass in each of ``years`` [kg/s] (logistic cadence path)."""
    per_year = logistic_rate(
        years,
        BASE_YEAR,
        _get(v, "outlook.launch.upmass") * YEAR,
        _per_year(v, "outlook.launch.upmass_growth"),
        _get(v, "outlook.launch.upmass_ceiling") * YEAR,
    )
    return per_year / YEAR


def _growth(
    years: ArrayLike, anchor_year: float, mass: np.ndarray, v: Mapping[str, ArrayLike]
) -> np.ndarray:
    """Cumulative mass over its value in the anchor year [-] (exactly 1 in the anchor year)."""
    y = np.asarray(years, dtype=float)
    return np.where(y == anchor_year, 1.0, mass / cumulative_mass(anchor_year, v))


def launch_path(
    years: ArrayLike, anchor_year: float, v: Mapping[str, ArrayLike]
) -> dict[str, np.ndarray]:
    """Launch price and payload per launch in each year [USD/kg, kg].

    Parameters
    ----------
    years : array_like
        Calendar years, shape ``(n_years, 1)`` to broadcast against per-sample values.
    anchor_year : float
        The scenario's year: its ``launch.price_per_kg`` is the price then.
    v : mapping
        Registry names to SI values (scalars or per-sample arrays).

    Returns
    -------
    dict
        ``price`` [USD/kg], ``payload`` [kg] and ``fairing_volume`` [m^3] of the vehicle
        flown, ``next_vehicle`` (1 where the next vehicle flies) and
        ``cumulative_mass`` [kg].

    Notes
    -----
    Today's vehicle: ``P(y) = F + (P0 - F) (M(y) / M(y0))^(-b)``; the next vehicle, from
    ``next_vehicle_year`` ``yn``: ``F + (Pn - F) (M(y) / M(yn))^(-b)``
    (:func:`~orbitcompute.economics.learning.experience_curve`), with ``M`` the cumulative
    mass launched (:func:`cumulative_mass`) and ``b`` from the learning rate. The next vehicle
    (its payload and fairing) replaces today's from ``yn`` when ``Pn < P0`` and ``yn`` is after
    the scenario's year, at the lower of the two prices. Which vehicle flies thus depends on
    the prices at the anchors, not on the learning rate, so a faster learning rate lowers the
    price in every year after the anchor and never raises a cost.
    """
    lr = _get(v, "outlook.launch.learning_rate")
    floor = _get(v, "outlook.launch.floor")
    m = cumulative_mass(years, v)
    p0 = _get(v, "launch.price_per_kg")
    current = experience_curve(p0, _growth(years, anchor_year, m, v), lr, floor)
    y_next = _get(v, "outlook.launch.next_vehicle_year")
    p_next = _get(v, "outlook.launch.next_vehicle_price")
    upcoming = experience_curve(p_next, m / cumulative_mass(y_next, v), lr, floor)
    # the next vehicle replaces today's if it sells cheaper than the scenario's price and
    # arrives after the scenario's year (whose price already reflects what flies then)
    switches = (p_next < p0) & (y_next > anchor_year)
    use_next = switches & (np.asarray(years, dtype=float) >= y_next)
    price = np.where(use_next, np.minimum(upcoming, current), current)
    payload = np.where(
        use_next, _get(v, "outlook.launch.next_vehicle_payload"), _get(v, "launch.payload_capacity")
    )
    volume = np.where(
        use_next,
        _get(v, "outlook.launch.next_vehicle_fairing_volume"),
        _get(v, "launch.fairing_volume"),
    )
    return {
        "price": price,
        "payload": payload,
        "fairing_volume": volume,
        "next_vehicle": use_next.astype(float),
        "cumulative_mass": m,
    }


def default_paths(
    years: ArrayLike, anchor_year: float, v: Mapping[str, ArrayLike]
) -> dict[str, np.ndarray]:
    """Every driver of :data:`CURVES` on its default curve [SI], before overrides and clipping.

    Parameters
    ----------
    years : array_like
        Calendar years, shape ``(n_years, 1)``.
    anchor_year : float
        The scenario's year (every curve passes through the scenario's value then).
    v : mapping
        Registry names to SI values (scalars or per-sample arrays of shape ``(n,)``).
    """
    dt = np.asarray(years, dtype=float) - anchor_year
    launch = launch_path(years, anchor_year, v)
    ratio = _growth(years, anchor_year, launch["cumulative_mass"], v)
    ppw = _per_year(v, "outlook.compute.perf_per_watt_growth")
    out = {
        "launch.price_per_kg": launch["price"],
        "launch.payload_capacity": launch["payload"],
        "launch.fairing_volume": launch["fairing_volume"],
        "satellite.cost_per_kg": experience_curve(
            _get(v, "satellite.cost_per_kg"),
            ratio,
            _get(v, "outlook.satellite.learning_rate"),
            _get(v, "outlook.satellite.cost_floor"),
        ),
        "power.array_specific_power": capped_trend(
            _get(v, "power.array_specific_power"),
            _per_year(v, "outlook.power.array_growth"),
            dt,
            _get(v, "outlook.power.array_ceiling"),
        ),
        "thermal.radiator_areal_density": capped_trend(
            _get(v, "thermal.radiator_areal_density"),
            -_per_year(v, "outlook.thermal.radiator_decline"),
            dt,
            _get(v, "outlook.thermal.radiator_floor"),
        ),
        "compute.accelerator_bf16_flops": trend(_get(v, "compute.accelerator_bf16_flops"), ppw, dt),
        "compute.accelerator_fp8_flops": trend(_get(v, "compute.accelerator_fp8_flops"), ppw, dt),
        "compute.accelerator_price": trend(
            _get(v, "compute.accelerator_price"),
            _per_year(v, "outlook.compute.price_per_watt_change"),
            dt,
        ),
        "compute.specific_mass": trend(
            _get(v, "compute.specific_mass"),
            _per_year(v, "outlook.compute.specific_mass_change"),
            dt,
        ),
        "ground.grid.interconnection_wait": _get(v, "ground.grid.interconnection_wait")
        + _get(v, "outlook.ground.interconnection_trend") * dt * YEAR,
    }
    for name, rate in (
        ("ground.electricity_price", "outlook.ground.electricity_price_change"),
        ("ground.gas.fuel_price", "outlook.ground.gas_price_change"),
        ("ground.nuclear.ppa_price", "outlook.ground.nuclear_price_change"),
        ("ground.solar.pv_capex", "outlook.ground.pv_capex_change"),
        ("ground.solar.battery_capex", "outlook.ground.battery_capex_change"),
    ):
        out[name] = trend(_get(v, name), _per_year(v, rate), dt)
    return out


def driver_values(
    years: ArrayLike,
    anchor_year: float,
    v: Mapping[str, ArrayLike],
    spec: PathSpec | None = None,
) -> dict[str, np.ndarray]:
    """The value of every driver in every year, overrides applied, inside the registry range.

    Parameters
    ----------
    years : array_like
        Calendar years, shape ``(n_years,)``.
    anchor_year : float
        The scenario's year.
    v : mapping
        Registry names to SI values: scalars, or per-sample arrays of shape ``(n,)``.
    spec : PathSpec, optional
        The scenario's ``[paths]`` (year tables and flat drivers replace default curves).

    Returns
    -------
    dict[str, numpy.ndarray]
        Registry name -> SI values of shape ``(n_years, n)`` (``n = 1`` for scalar inputs),
        clipped to the registry's [min, max] (a path never leaves the model's valid range).
    """
    spec = spec or PathSpec()
    y = np.asarray(years, dtype=float).reshape(-1, 1)
    n = max((np.size(a) for a in v.values() if np.ndim(a) > 0), default=1)
    shape = (y.shape[0], n)
    out = default_paths(y, anchor_year, v)
    for name in spec.flat:
        out[name] = _get(v, name)
    for name, table in spec.tables.items():
        if name not in SERIES:
            out[name] = table(y)
    reg = registry()
    return {
        k: np.broadcast_to(np.clip(a, reg[k].min_si, reg[k].max_si), shape) for k, a in out.items()
    }


def race_paths(
    years: ArrayLike, v: Mapping[str, ArrayLike], spec: PathSpec | None = None
) -> dict[str, np.ndarray]:
    """The capacity race's supply and demand paths in each year [SI].

    Parameters
    ----------
    years : array_like
        Calendar years, shape ``(n_years,)``.
    v : mapping
        Registry names to SI values (scalars or per-sample arrays of shape ``(n,)``).
    spec : PathSpec, optional
        The scenario's ``[paths]`` (a ``race.demand`` table replaces the default demand).

    Returns
    -------
    dict
        Arrays of shape ``(n_years, n)``: ``upmass`` [kg/s] (the world's), ``production``
        [kg/s] (satellite mass built), ``grid`` and ``onsite_gas`` [W/s] (facility power the
        US can connect per unit time), ``transformer_deficit`` [-] and ``demand`` [W]
        (cumulative facility load added since the end of 2025).
    """
    spec = spec or PathSpec()
    y = np.asarray(years, dtype=float).reshape(-1, 1)
    dt = y - BASE_YEAR
    n = max((np.size(a) for a in v.values() if np.ndim(a) > 0), default=1)
    shape = (y.shape[0], n)
    out = {
        "upmass": upmass(y, v),
        "production": trend(
            _get(v, "outlook.race.satellite_production"),
            _per_year(v, "outlook.race.production_growth"),
            dt,
        ),
        "grid": trend(
            _get(v, "outlook.race.grid_additions"), _per_year(v, "outlook.race.grid_growth"), dt
        ),
        "onsite_gas": trend(
            _get(v, "outlook.race.onsite_gas"), _per_year(v, "outlook.race.onsite_gas_growth"), dt
        ),
        "transformer_deficit": trend(
            _get(v, "outlook.race.transformer_deficit"),
            -_per_year(v, "outlook.race.transformer_recovery"),
            np.maximum(dt, 0.0),
        ),
    }
    if "race.demand" in spec.tables:
        out["demand"] = spec.tables["race.demand"](y) + 0.0 * _get(v, "outlook.race.demand_growth")
    else:
        out["demand"] = _get(v, "outlook.race.demand_growth") * np.maximum(dt, 0.0) * YEAR
    return {k: np.broadcast_to(a, shape) for k, a in out.items()}


__all__ = [
    "BASE_YEAR",
    "CURVES",
    "DEFAULT_ANCHOR_YEAR",
    "SERIES",
    "PathSpec",
    "YearTable",
    "check_years",
    "cumulative_mass",
    "default_paths",
    "driver_values",
    "launch_path",
    "parse_paths",
    "parse_years",
    "race_paths",
    "upmass",
]
