"""Ground stations and contact windows: when each satellite is above each site's mask."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from orbitcompute.errors import ScenarioError
from orbitcompute.links.orbits import Shell, elevation, geodetic_to_ecef, up_vector


def check_elevation_mask(elevation: ArrayLike, key: str = "elevation mask") -> np.ndarray:
    """Validate an elevation mask [rad] given by a user: it must lie in [0, 90 deg).

    Raises a :class:`~orbitcompute.errors.ScenarioError` naming ``key`` otherwise.
    """
    e = np.asarray(elevation, dtype=float)
    ok = np.isfinite(e) & (e >= 0) & (e < np.pi / 2)
    if not np.all(ok):
        bad = float(np.degrees(e[~ok].ravel()[0]))
        raise ScenarioError(key, f"{bad:g} deg", "an elevation in [0, 90) deg")
    return e


def contact_windows(
    shell: Shell,
    lat: np.ndarray,
    lon: np.ndarray,
    min_elevation: np.ndarray,
    duration: float,
    step: float = 10.0,
    names: list[str] | None = None,
) -> pd.DataFrame:
    """Passes of every satellite over every site, with rise/set times interpolated.

    Parameters
    ----------
    shell : Shell
        The satellites.
    lat, lon : numpy.ndarray
        Site geodetic latitude and longitude [rad], shape (S,).
    min_elevation : numpy.ndarray
        Elevation mask per site [rad], shape (S,) or scalar; must be in [0, 90 deg).
    duration : float
        Time span after the shell epoch [s].
    step : float
        Sampling step [s]; rise and set are linearly interpolated between samples.
    names : list of str, optional
        Site names for the output.

    Returns
    -------
    pandas.DataFrame
        One row per pass: ``site``, ``satellite``, ``rise`` and ``set`` [s after epoch],
        ``duration`` [s], ``max_elevation`` [rad]. Passes cut by the start or end of the span
        are clipped to it.

    Notes
    -----
    The elevation minus the mask is sampled on the grid; a sign change brackets a rise or set,
    located by linear interpolation (error ~ step^2 x curvature, well under a second at 10 s).
    """
    lat, lon = np.atleast_1d(lat).astype(float), np.atleast_1d(lon).astype(float)
    mask = np.broadcast_to(check_elevation_mask(min_elevation), lat.shape)
    if not np.isfinite(duration) or duration <= 0:
        raise ValueError("duration must be positive")
    t = np.arange(0.0, duration + step / 2, step)
    site = geodetic_to_ecef(lat, lon)
    up = up_vector(lat, lon)
    el, _ = elevation(shell.ecef(t), site, up)  # (T, S, N)
    f = el - mask[None, :, None]
    above = f >= 0
    rows = []
    n_t = t.size
    # Transitions along time for every (site, satellite) pair.
    edge = np.diff(above.astype(np.int8), axis=0)  # +1 rise between k and k+1, -1 set
    for s_idx, n_idx in zip(*np.nonzero(above.any(axis=0)), strict=True):
        e = edge[:, s_idx, n_idx]
        fk = f[:, s_idx, n_idx]
        rises = list(np.nonzero(e == 1)[0])
        sets = list(np.nonzero(e == -1)[0])
        rise_t = [_cross(t, fk, k) for k in rises]
        set_t = [_cross(t, fk, k) for k in sets]
        if above[0, s_idx, n_idx]:
            rise_t.insert(0, t[0])
            rises.insert(0, 0)
        if above[-1, s_idx, n_idx]:
            set_t.append(t[-1])
            sets.append(n_t - 1)
        for r, s_, kr, ks in zip(rise_t, set_t, rises, sets, strict=True):
            seg = el[kr : ks + 2, s_idx, n_idx]
            rows.append(
                {
                    "site": names[s_idx] if names else int(s_idx),
                    "satellite": int(n_idx),
                    "rise": float(r),
                    "set": float(s_),
                    "duration": float(s_ - r),
                    "max_elevation": float(seg.max()),
                }
            )
    cols = ["site", "satellite", "rise", "set", "duration", "max_elevation"]
    return pd.DataFrame(rows, columns=cols).sort_values(["rise", "site"], ignore_index=True)


def _cross(t: np.ndarray, f: np.ndarray, k: int) -> float:
    """Zero of f between samples k and k+1 by linear interpolation."""
    return float(t[k] + (t[k + 1] - t[k]) * f[k] / (f[k] - f[k + 1]))


def in_view_fraction(
    shell: Shell,
    lat: np.ndarray,
    lon: np.ndarray,
    min_elevation: np.ndarray,
    duration: float,
    step: float = 30.0,
) -> np.ndarray:
    """Fraction of time each satellite sees each site above its mask, shape (S, N) [-]."""
    lat, lon = np.atleast_1d(lat).astype(float), np.atleast_1d(lon).astype(float)
    mask = np.broadcast_to(check_elevation_mask(min_elevation), lat.shape)
    t = np.arange(0.0, duration, step)
    el, _ = elevation(shell.ecef(t), geodetic_to_ecef(lat, lon), up_vector(lat, lon))
    return (el >= mask[None, :, None]).mean(axis=0)
