"""Shared fixtures for the simulation tests: skyfield offline (skyfield-data's de421.bsp)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest


@pytest.fixture(scope="session")
def sky():
    """(timescale, ephemeris) from skyfield with the packaged DE421 file (no network)."""
    from skyfield.api import Loader
    from skyfield_data import get_skyfield_data_path

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # skyfield-data warns that finals2000A.all is old
        load = Loader(get_skyfield_data_path(), expire=False)
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    return ts, eph


@pytest.fixture(scope="session")
def make_satrec():
    """Factory of SGP4 records for circular orbits from mean elements."""
    return _make_satrec


def _make_satrec(altitude_m: float, incl_rad: float, raan_rad: float, arglat_rad: float, epoch_jd):
    """An SGP4 record of a circular orbit from mean elements (sgp4init, WGS-72, no drag)."""
    from sgp4.api import WGS72, Satrec

    from orbitcompute.constants import MU_EARTH, R_EARTH

    n = np.sqrt(MU_EARTH / (R_EARTH + altitude_m) ** 3) * 60.0  # rad/min
    rec = Satrec()
    rec.sgp4init(
        WGS72, "i", 1, epoch_jd - 2433281.5, 0.0, 0.0, 0.0, 1e-7, 0.0, incl_rad, arglat_rad, n,
        raan_rad,
    )  # fmt: skip
    return rec
