"""Upper-atmosphere density: Vallado's exponential model (mean solar activity).

References
----------
Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), table 8-4
(exponential atmosphere from CIRA-72): base altitude, nominal density and scale height. The
table is shipped as ``data/atmosphere_vallado.csv``.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike


@functools.lru_cache(maxsize=1)
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    path = resources.files("orbitcompute") / "data" / "atmosphere_vallado.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    h0 = np.array([float(r["base_altitude_km"]) for r in rows]) * 1e3
    rho0 = np.array([float(r["nominal_density_kg_m3"]) for r in rows])
    scale = np.array([float(r["scale_height_km"]) for r in rows]) * 1e3
    return h0, rho0, scale


def density(altitude: ArrayLike, factor: ArrayLike = 1.0) -> np.ndarray:
    """Atmospheric density [kg/m^3] at ``altitude`` [m].

    Parameters
    ----------
    altitude : array_like
        Altitude above the equatorial radius [m].
    factor : array_like
        Solar-activity multiplier on the mean profile [-].

    Returns
    -------
    numpy.ndarray
        Atmospheric density [kg/m^3].

    Notes
    -----
    ``rho = rho0 exp(-(h - h0) / H)`` with the band (h0, rho0, H) containing ``h``, times a
    solar-activity ``factor`` [-].
    """
    h = np.asarray(altitude, dtype=float)
    h0, rho0, scale = _table()
    idx = np.clip(np.searchsorted(h0, h, side="right") - 1, 0, len(h0) - 1)
    return np.asarray(factor) * rho0[idx] * np.exp(-(h - h0[idx]) / scale[idx])
