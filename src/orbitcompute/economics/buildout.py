"""The capacity race: how much AI compute each side can add per year under its supply limits.

Orbit adds what the launch cadence and satellite production can carry, at the design's fleet
mass per watt of IT power; the ground adds what grid connections and on-site gas generation
can power, cut by the transformer shortage, at its PUE. Pure vectorized functions over arrays
of (years, samples); the paths come from :func:`orbitcompute.paths.race_paths`.

All powers are IT power [W] unless the name says ``facility``; per-year additions are the
power added during one calendar year [W].
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.constants import YEAR


def online_fraction(years: ArrayLike, start: float, time_to_power: ArrayLike) -> NDArray:
    """Share of each calendar year after a programme decided at ``start`` first has power [-].

    Parameters
    ----------
    years : array_like
        Calendar years [yr].
    start : float
        Calendar year the programme is decided (its beginning) [yr].
    time_to_power : array_like
        Time from decision to first power [yr].

    Returns
    -------
    numpy.ndarray
        ``clip(y + 1 - (start + T), 0, 1)``: 0 before first power, 1 for every later full year.
    """
    y = np.asarray(years, dtype=float)
    return np.clip(y + 1.0 - (start + np.asarray(time_to_power, dtype=float)), 0.0, 1.0)


def orbit_additions(
    upmass: ArrayLike,
    production: ArrayLike,
    share: ArrayLike,
    mass_per_power: ArrayLike,
    online: ArrayLike,
) -> dict[str, NDArray]:
    """IT power orbit can add in a year, and which supply limits it [W].

    Parameters
    ----------
    upmass : array_like
        The world's launched mass per unit time [kg/s].
    production : array_like
        Satellite mass built per unit time [kg/s].
    share : array_like
        Share of launches and production that goes to orbital compute [-].
    mass_per_power : array_like
        Launched fleet mass per W of IT power of the year's design [kg/W].
    online : array_like
        Share of the year with the programme delivering (:func:`online_fraction`) [-].

    Returns
    -------
    dict
        ``launch`` and ``production`` [W per year]: what each limit alone allows; ``added``
        [W per year] the smaller, times ``online``; ``launch_bound`` (1 where launch binds).

    Notes
    -----
    ``P = s x m_dot x 1 yr / (M / P_IT)``: e.g. 1 Mt/yr at 10 t/MW is 100 GW/yr, the
    SpaceX/xAI statement of Feb 2026 (about 100 kW per tonne).
    """
    per_year = np.asarray(share, dtype=float) * YEAR / np.asarray(mass_per_power, dtype=float)
    launch = np.asarray(upmass, dtype=float) * per_year
    built = np.asarray(production, dtype=float) * per_year
    return {
        "launch": launch,
        "production": built,
        "added": np.minimum(launch, built) * np.asarray(online, dtype=float),
        "launch_bound": (launch <= built).astype(float),
    }


def ground_additions(
    grid: ArrayLike, onsite_gas: ArrayLike, transformer_deficit: ArrayLike, pue: ArrayLike
) -> dict[str, NDArray]:
    """IT power the ground can add in a year, by source [W].

    Parameters
    ----------
    grid, onsite_gas : array_like
        Facility power the grid connects and on-site gas generation delivers per unit time
        [W/s].
    transformer_deficit : array_like
        Share of the transformers needed that cannot be supplied [-]; every source needs them.
    pue : array_like
        Power usage effectiveness of the facilities [-].

    Returns
    -------
    dict
        ``grid``, ``onsite_gas`` and ``added`` (their sum) [W of IT power per year], after the
        transformer shortage and the PUE.
    """
    k = YEAR * (1.0 - np.asarray(transformer_deficit, dtype=float)) / np.asarray(pue, float)
    g = np.asarray(grid, dtype=float) * k
    gas = np.asarray(onsite_gas, dtype=float) * k
    return {"grid": g, "onsite_gas": gas, "added": g + gas}


def first_reaching(years: ArrayLike, cumulative: ArrayLike, target: ArrayLike) -> NDArray:
    """First calendar year in which ``cumulative`` reaches ``target`` (``inf`` if never) [yr].

    Parameters
    ----------
    years : array_like
        Calendar years, shape ``(n_years,)``.
    cumulative, target : array_like
        Shape ``(n_years, n)`` (or broadcastable): capacity built and capacity wanted.
    """
    y = np.asarray(years, dtype=float)
    hit = np.asarray(cumulative, dtype=float) >= np.asarray(target, dtype=float)
    first = np.argmax(hit, axis=0)
    return np.where(hit.any(axis=0), y[first], np.inf)


__all__ = ["first_reaching", "ground_additions", "online_fraction", "orbit_additions"]
