"""The independent reference cases of the tests, machine-readable (``validation.csv``).

Each row of ``validation.csv`` names a quantity, a Python expression that computes it with
orbitcompute (``computed``), the independent reference (``reference``: a published number, or
an expression that computes it with another library: numpy-financial, scipy, sgp4, skyfield),
the unit, the tolerance (``rtol``, ``atol``: the test passes when
``|computed - reference| <= atol + rtol |reference|``) and the source. The test
``tests/test_validation_cases.py`` asserts every row; the documentation's *Validation* page
evaluates the same rows and prints the measured error beside the tolerance, so neither is typed
in twice.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "validation.csv"


@dataclass(frozen=True)
class Case:
    """One reference case: what is computed, against what, within what, and who says so."""

    case: str
    quantity: str
    computed: str
    reference: str
    unit: str
    rtol: float
    atol: float
    source: str


@dataclass(frozen=True)
class Outcome:
    """A case evaluated: both values, the error and whether it is within the tolerance."""

    case: Case
    value: float
    reference: float
    abs_error: float
    rel_error: float
    passed: bool


def load_cases(path: Path = CASES) -> list[Case]:
    """The rows of ``validation.csv`` (comment lines start with ``#``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if line.strip() and not line.startswith("#"))
        return [
            Case(
                r["case"],
                r["quantity"],
                r["computed"],
                r["reference"],
                r["unit"],
                float(r["rtol"] or 0.0),
                float(r["atol"] or 0.0),
                r["source"],
            )
            for r in rows
        ]


def sgp4_semi_major_axis_km(line1: str, line2: str) -> float:
    """sgp4's own semi-major axis of a two-line element set [km] (Brouwer mean elements)."""
    from sgp4.api import Satrec

    rec = Satrec.twoline2rv(line1, line2)
    return rec.a * rec.radiusearthkm


def skyfield_sun_declination_deg(year: int, month: int, day: int) -> float:
    """Apparent declination of the Sun from skyfield with JPL DE421 (offline) [deg]."""
    import warnings

    from skyfield.api import Loader
    from skyfield_data import get_skyfield_data_path

    load = Loader(get_skyfield_data_path())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts = load.timescale(builtin=True)
        eph = load("de421.bsp")
    t = ts.utc(year, month, day)
    _, dec, _ = eph["earth"].at(t).observe(eph["sun"]).apparent().radec("date")
    return float(dec.degrees)


def days_since_j2000(year: int, month: int, day: int) -> float:
    """Days from J2000.0 (2000-01-01 12:00) to 0 h UTC of a date [d]."""
    from datetime import datetime

    return (datetime(year, month, day) - datetime(2000, 1, 1, 12)).total_seconds() / 86400.0


def namespace() -> dict[str, Any]:
    """Names the expressions may use: numpy, scipy, the orbitcompute modules, helpers."""
    import numpy as np
    import numpy_financial as npf
    import scipy.constants as sc
    from scipy import stats
    from scipy.integrate import quad

    from orbitcompute import constants
    from orbitcompute.analysis import montecarlo
    from orbitcompute.audit import mccalip, starcloud, suncatcher
    from orbitcompute.economics import finance
    from orbitcompute.physics import links as plinks
    from orbitcompute.physics import orbit, power, sun, thermal
    from orbitcompute.reliability import failures

    return {
        "np": np,
        "npf": npf,
        "sc": sc,
        "stats": stats,
        "quad": quad,
        "math": math,
        "constants": constants,
        "YEAR": constants.YEAR,
        "DAY": constants.DAY,
        "montecarlo": montecarlo,
        "mccalip": mccalip,
        "starcloud": starcloud,
        "suncatcher": suncatcher,
        "finance": finance,
        "orbit": orbit,
        "plinks": plinks,
        "power": power,
        "sun": sun,
        "thermal": thermal,
        "failures": failures,
        "sgp4_semi_major_axis_km": sgp4_semi_major_axis_km,
        "skyfield_sun_declination_deg": skyfield_sun_declination_deg,
        "days_since_j2000": days_since_j2000,
    }


def evaluate(case: Case, ns: dict[str, Any] | None = None) -> Outcome:
    """Evaluate one case (its two expressions) and compare them."""
    ns = namespace() if ns is None else ns
    value = float(eval(case.computed, dict(ns)))  # noqa: S307 - our own reference file
    ref = float(eval(case.reference, dict(ns)))  # noqa: S307
    err = abs(value - ref)
    rel = err / abs(ref) if ref else math.inf if err else 0.0
    return Outcome(case, value, ref, err, rel, err <= case.atol + case.rtol * abs(ref))
