"""Sweep datasets carry units; query shows display units by default (issue 20).

The registry gives ground.electricity_price in USD/kWh and the model stores SI (USD/J):
1 kWh = 3.6e6 J (BIPM, The International System of Units, 9th ed. 2019, table 8), so
0.05 USD/kWh is stored as 1.3889e-8 USD/J.
"""

from __future__ import annotations

import json

import pytest

from orbitcompute.analysis.sweep.summary import dotted_hint
from orbitcompute.cli.common import invoke
from orbitcompute.registry.columns import column_unit

SPEC = """\
seed = 3
[base]
scenario = "today"
[axes]
ground.electricity_price = [0.05, 0.1]
orbit.altitude = [550, 650]
"""
SQL = 'SELECT "ground.electricity_price", "orbit.altitude", "orbit.total_mass", ratio FROM results'


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("units")
    spec = tmp / "spec.toml"
    spec.write_text(SPEC)
    out = tmp / "nested" / "sweep"  # parents are created
    code, _, err = invoke(["sweep", str(spec), "--out", str(out), "-f", "json"])
    assert code == 0, err
    return out


def test_parquet_columns_carry_units(dataset):
    pq = pytest.importorskip("pyarrow.parquet")
    schema = pq.read_schema(next(dataset.glob("chunk-*.parquet")))
    meta = schema.field("ground.electricity_price").metadata
    assert meta[b"unit"] == b"USD/J" and meta[b"display_unit"] == b"USD/kWh"
    assert float(meta[b"display_factor"]) == pytest.approx(3.6e6, rel=1e-12)
    alt = schema.field("orbit.altitude").metadata
    assert alt[b"unit"] == b"m" and alt[b"display_unit"] == b"km"
    mass = schema.field("orbit.total_mass").metadata
    assert mass[b"unit"] == b"kg" and mass[b"display_unit"] == b"t"
    assert schema.field("point").metadata is None


def test_query_display_units_by_default_in_tables(dataset):
    code, out, err = invoke(["query", str(dataset), SQL + " ORDER BY 1, 2", "-f", "json"])
    si = json.loads(out)
    assert si[0]["ground.electricity_price"] == pytest.approx(0.05 / 3.6e6, rel=1e-12)
    code, out, err = invoke(
        ["query", str(dataset), SQL + " ORDER BY 1, 2", "-f", "json", "--units", "display"]
    )
    shown = json.loads(out)
    assert shown[0]["ground.electricity_price"] == pytest.approx(0.05, rel=1e-12)
    assert shown[0]["orbit.altitude"] == pytest.approx(550.0, rel=1e-12)
    assert shown[0]["orbit.total_mass"] == pytest.approx(si[0]["orbit.total_mass"] / 1e3)
    code, out, err = invoke(["query", str(dataset), SQL + " ORDER BY 1, 2"])
    assert code == 0, err
    text = " ".join(out.split())
    assert "[USD/kWh]" in text and "[km]" in text and "[t]" in text
    assert "0.05" in text and "1.38889e-08" not in text
    code, out, err = invoke(["query", str(dataset), SQL, "--units", "si"])
    assert "[USD/J]" in " ".join(out.split())


def test_unquoted_dotted_name_gets_a_hint(dataset):
    code, out, err = invoke(["query", str(dataset), "SELECT orbit.altitude FROM results"])
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert 'dotted column names need double quotes: "orbit.altitude"' in err


def test_dotted_hint_ignores_quoted_names_and_literals():
    names = ["orbit.altitude", "ratio"]
    assert dotted_hint('SELECT "orbit.altitude" FROM results', names) == ""
    assert dotted_hint("SELECT * FROM results WHERE x = 'orbit.altitude'", names) == ""
    assert "orbit.altitude" in dotted_hint("SELECT orbit.altitude FROM results", names)
    assert dotted_hint("SELECT results.ratio FROM results", names) == ""


def test_column_units():
    assert column_unit("out.orbit.cost_per_gpu_hour").display_unit == "USD/h"
    assert column_unit("orbit.cost_per_gpu_hour.p95").display_unit == "USD/h"
    assert column_unit("in.orbit.altitude").factor == pytest.approx(1e-3)
    assert column_unit("satellite.lifetime").unit == "s"
    assert column_unit("compute.accelerator") is None and column_unit("point") is None
