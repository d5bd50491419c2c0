"""Shipped site lists: ground stations, population centres and terrestrial cloud regions.

Each CSV in ``orbitcompute/data`` carries a ``source`` column. Latitudes and longitudes are in
degrees in the files and in radians in the returned frames' ``lat``/``lon`` columns.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from orbitcompute.data import table


@functools.lru_cache(maxsize=8)
def _read(name: str) -> pd.DataFrame:
    df = table(name).to_frame()
    df["lat"] = np.radians(df["lat_deg"].to_numpy(dtype=float))
    df["lon"] = np.radians(df["lon_deg"].to_numpy(dtype=float))
    return df


def ground_stations(kind: str | None = None) -> pd.DataFrame:
    """Candidate ground stations: name, lat/lon, ``min_elevation`` [rad], cloud-free fraction.

    Parameters
    ----------
    kind : {"optical", "rf", None}
        ``optical`` keeps sites with an optical telescope (kind ``both``), ``rf`` keeps all
        (every site has an RF dish); None keeps all.
    """
    df = _read("ground_stations").copy()
    df["min_elevation"] = np.radians(df["min_elevation_deg"].to_numpy(dtype=float))
    if kind == "optical":
        df = df[df["kind"] == "both"]
    return df.reset_index(drop=True)


def population_centres(n: int | None = None) -> pd.DataFrame:
    """The largest urban agglomerations (UN World Urbanization Prospects 2018), largest first."""
    df = _read("population_centres").copy()
    return df if n is None else df.head(int(n)).reset_index(drop=True)


def datacenter_regions() -> pd.DataFrame:
    """Major terrestrial cloud regions (metro coordinates)."""
    return _read("datacenter_regions").copy()
