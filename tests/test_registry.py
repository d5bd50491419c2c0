"""The registry: every number has a home, a unit, a range and a source."""

import csv
import math
from importlib import resources

import pytest

from orbitcompute.registry import COLUMNS, OUTPUTS_FILE, registry
from orbitcompute.units import si_factor


def test_every_row_is_complete_and_in_range():
    reg = registry()
    assert len(reg) >= 60
    for p in reg.values():
        assert p.description and p.source, p.name
        assert p.minimum <= p.default <= p.maximum, p.name
        assert math.isfinite(p.default_si), p.name
        assert "." in p.name, p.name


def test_units_parse_and_si_conversion():
    # pint conversions checked by hand: 550 km = 550,000 m; 1 %/yr = 0.01 / (365.25 d).
    assert si_factor("km")[0] == 1000.0
    assert si_factor("%/yr")[0] == pytest.approx(0.01 / (365.25 * 86400), rel=1e-12)
    assert si_factor("USD/kWh")[0] == pytest.approx(1 / 3.6e6, rel=1e-12)
    assert registry()["orbit.altitude"].default_si == 650e3


def test_files_have_the_documented_columns_and_no_duplicates():
    seen = set()
    data = resources.files("orbitcompute.registry") / "data"
    for entry in data.iterdir():
        if entry.name.endswith(".csv") and entry.name != OUTPUTS_FILE:
            with entry.open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
            assert tuple(rows[0].keys()) == COLUMNS
            for r in rows:
                assert r["name"] not in seen
                seen.add(r["name"])
    assert seen == set(registry())


def test_each_file_is_named_after_its_parameter_group():
    """One file per group: ``registry/data/<group>.csv`` holds exactly the ``<group>.*`` rows."""
    data = resources.files("orbitcompute.registry") / "data"
    files = {e.name[:-4] for e in data.iterdir() if e.name.endswith(".csv")} - {"outputs"}
    groups = {p.group for p in registry().values()}
    assert files == groups
    for p in registry().values():
        assert p.file == f"{p.group}.csv", p.name


def test_search():
    names = [p.name for p in registry().search("launch")]
    assert "launch.price_per_kg" in names


def test_constants_match_scipy():
    # CODATA values as shipped by scipy.constants (an independent copy of the same standard).
    import scipy.constants as sc

    from orbitcompute import constants as c

    assert c.SIGMA == sc.Stefan_Boltzmann and c.C_LIGHT == sc.c
    assert c.G0 == sc.g and c.AU == sc.astronomical_unit
