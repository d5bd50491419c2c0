"""Radiation environment in orbit: total ionizing dose, upsets and their cost in downtime.

The dose comes from a sourced SPENVIS table shipped as ``data/radiation_tid.csv`` (five-year
TID behind 2, 5 and 10 mm of aluminium at 500-2,000 km, sun-synchronous and 30 deg orbits).
Functions are vectorized over numpy arrays; SI units (m, kg/m^2, Gy, s).
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.constants import ALUMINIUM_DENSITY, GRAY_PER_RAD, YEAR
from orbitcompute.data import table

#: Inclination standing for the sun-synchronous rows of the table [deg] (SSO at 500-2,000 km
#: is 97.4-104.9 deg; Vallado 4th ed. eq. 9-44).
_SSO_INCLINATION_DEG = 98.0
_TABLE_YEARS = 5.0
#: Altitude of the upset-rate reference (arXiv 2503.03722 quotes 500 km) [m].
_REF_ALTITUDE = 500e3


@functools.lru_cache(maxsize=1)
def tid_table() -> dict[str, NDArray]:
    """The shipped dose table as arrays.

    Returns
    -------
    dict
        ``altitude`` [m] (6,), ``areal_density`` [kg/m^2] (3,), and ``sso``, ``i30``: dose
        rate [Gy/s] of shape (3 shields, 6 altitudes).

    References
    ----------
    R. McDonald, Orbital-Datacenters (GitHub, 2026), docs/radiation_altitude_trade.md sec. 6:
    SPENVIS (AP-8/AE-8 MIN/MAX worse case, SAPPHIRE solar protons, SHIELDOSE-2 solid Al sphere,
    Si target), five-year TID.
    """
    body = table("radiation_tid").rows
    alts = sorted({r["altitude_km"] for r in body})
    mms = sorted({r["shield_mm_al"] for r in body})
    out = {}
    for key, name in (("sso", "sso"), ("i30", "30deg")):
        arr = np.empty((len(mms), len(alts)))
        for r in body:
            if r["orbit"] == name:
                i, j = mms.index(r["shield_mm_al"]), alts.index(r["altitude_km"])
                arr[i, j] = r["tid_5yr_krad_si"]
        out[key] = arr * 1e3 * GRAY_PER_RAD / (_TABLE_YEARS * YEAR)
    out["altitude"] = np.asarray(alts) * 1e3
    out["areal_density"] = np.asarray(mms) * 1e-3 * ALUMINIUM_DENSITY
    return out


def _piecewise(x: NDArray, xp: NDArray, fp: NDArray) -> NDArray:
    """Piecewise-linear interpolation of the rows of ``fp`` (shape ``(m, len(xp))``) at ``x``,
    extrapolated with the end segments' slopes; returns shape ``(m,) + x.shape``."""
    idx = np.clip(np.searchsorted(xp, x) - 1, 0, len(xp) - 2)
    slope = np.diff(fp, axis=-1) / np.diff(xp)
    return fp[:, idx] + slope[:, idx] * (x - xp[idx])


def _log_dose(altitude: NDArray, areal_density: NDArray, table: NDArray) -> NDArray:
    tab = tid_table()
    # altitude first (log-linear, as the source notes), for each shield column
    cols = _piecewise(np.asarray(altitude, float), tab["altitude"], np.log(table))
    # then shielding at the actual thickness: thinner than the first entry extrapolates the
    # 2-5 mm slope, thicker than the last the 5-10 mm slope (never rising with shielding)
    xs = tab["areal_density"]
    x = np.maximum(areal_density, 0.0)
    s01 = (cols[1] - cols[0]) / (xs[1] - xs[0])
    s12 = np.minimum((cols[2] - cols[1]) / (xs[2] - xs[1]), 0.0)
    return np.where(x <= xs[1], cols[0] + (x - xs[0]) * s01, cols[1] + (x - xs[1]) * s12)


def tid_dose_rate(
    altitude: ArrayLike,
    areal_density: ArrayLike,
    sun_synchronous: ArrayLike = 1.0,
    inclination: ArrayLike = np.deg2rad(53.0),
) -> NDArray:
    """Orbit-averaged total ionizing dose rate behind an aluminium shield.

    Parameters
    ----------
    altitude : array_like
        Circular orbit altitude [m].
    areal_density : array_like
        Shield areal density, aluminium equivalent [kg/m^2] (2.70 kg/m^2 per mm).
    sun_synchronous : array_like
        1 for a (dawn-dusk) sun-synchronous orbit, 0 to use ``inclination``.
    inclination : array_like
        Inclination of a non-SSO orbit [rad].

    Returns
    -------
    numpy.ndarray
        Dose rate in silicon [Gy/s].

    Notes
    -----
    Log-linear interpolation of the SPENVIS table in altitude and in areal density, at the
    shield's actual thickness (the same thickness whose mass the design carries): below 2 mm
    Al the 2-5 mm slope of ln(dose) is extrapolated (an assumption: the table has no thinner
    entry; thin-shield dose is electron-dominated and falls faster than that slope, McDonald
    sec. 3, so this likely understates the dose below 2 mm), above 10 mm the 5-10 mm slope is
    extrapolated. Non-SSO orbits
    interpolate ln(dose) linearly in inclination between the 30 deg rows and the SSO rows
    (taken at 98 deg), clamped outside: an assumption, the source only has those two.
    Altitudes outside 500-2,000 km extrapolate the end segments log-linearly.

    References
    ----------
    See :func:`tid_table`.
    """
    alt = np.asarray(altitude, float)
    x = np.asarray(areal_density, float)
    tab = tid_table()
    sso = np.asarray(sun_synchronous)
    ls = _log_dose(alt, x, tab["sso"])
    if np.all(sso > 0.5):
        return np.exp(ls)
    l30 = _log_dose(alt, x, tab["i30"])
    inc = np.abs(np.rad2deg(np.asarray(inclination, float)))
    inc = np.where(inc > 90.0, 180.0 - inc, inc)  # retrograde: same latitude band
    w = np.clip((inc - 30.0) / ((180.0 - _SSO_INCLINATION_DEG) - 30.0), 0.0, 1.0)
    lfixed = l30 + w * (ls - l30)
    return np.exp(np.where(sso > 0.5, ls, lfixed))


def upset_rate(
    altitude: ArrayLike,
    areal_density: ArrayLike,
    sun_synchronous: ArrayLike,
    inclination: ArrayLike,
    rate_ref: ArrayLike,
    ref_areal_density: ArrayLike,
    dose_rate: ArrayLike | None = None,
) -> NDArray:
    """Rate of single-event upsets that crash an accelerator (restart needed).

    Parameters
    ----------
    altitude, areal_density, sun_synchronous, inclination
        As in :func:`tid_dose_rate`.
    rate_ref : array_like
        Crash rate per accelerator at 500 km sun-synchronous behind ``ref_areal_density`` [1/s].
    ref_areal_density : array_like
        Shielding assumed for ``rate_ref`` [kg/m^2].
    dose_rate : array_like, optional
        :func:`tid_dose_rate` of the orbit if already computed [Gy/s].

    Returns
    -------
    numpy.ndarray
        Upset rate per accelerator [1/s].

    Notes
    -----
    ``rate = rate_ref * D'(h, i, x) / D'(500 km, SSO, x_ref)``: the upset rate is scaled with
    the dose rate of the same particle environment. Upsets in LEO come mostly from trapped
    (SAA) and solar protons, which also dominate the dose behind more than ~5 mm Al, so the
    scaling is closest there; behind thin shields the electron dose overstates it.

    References
    ----------
    arXiv:2503.03722 (proton tests of commercial FinFET systems-on-chip): about 0.4-0.8 system
    crashes per year expected at 500 km.
    """
    ref = tid_dose_rate(_REF_ALTITUDE, ref_areal_density, 1.0, 0.0)
    if dose_rate is None:
        dose_rate = tid_dose_rate(altitude, areal_density, sun_synchronous, inclination)
    return np.asarray(rate_ref, float) * np.asarray(dose_rate, float) / ref


def upset_availability(
    rate: ArrayLike,
    downtime: ArrayLike,
    sdc_fraction: ArrayLike = 0.0,
    recompute_time: ArrayLike = 0.0,
) -> NDArray:
    """Fraction of time an accelerator does useful work despite upsets.

    Parameters
    ----------
    rate : array_like
        Upset rate per accelerator [1/s].
    downtime : array_like
        Time lost per detected upset: restart and reload of the last checkpoint [s].
    sdc_fraction : array_like
        Share of upsets that corrupt results silently [-].
    recompute_time : array_like
        Work redone per silent corruption once caught at the next verified checkpoint [s].

    Notes
    -----
    Alternating renewal process: availability ``= 1 / (1 + rate (t_down + f_sdc t_recompute))``.
    """
    lost = np.asarray(downtime, float) + np.asarray(sdc_fraction, float) * np.asarray(
        recompute_time, float
    )
    return 1.0 / (1.0 + np.asarray(rate, float) * lost)


def shielding_mass(
    areal_density: ArrayLike, enclosure_area_per_power: ArrayLike, it_power: ArrayLike
) -> NDArray:
    """Mass of the shield wrapped around the IT enclosure [kg].

    ``m = sigma * a * P``, with areal density [kg/m^2], enclosure area per power [m^2/W] and IT
    power [W].
    """
    return (
        np.asarray(areal_density, float)
        * np.asarray(enclosure_area_per_power, float)
        * np.asarray(it_power, float)
    )


__all__ = ["shielding_mass", "tid_dose_rate", "tid_table", "upset_availability", "upset_rate"]
