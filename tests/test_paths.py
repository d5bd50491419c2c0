"""Time paths of the drivers (orbitcompute.paths): parsing [paths], curves, overrides, range.

Every bad path is one line naming the key path, the value and what was expected (issue 18);
every curve passes through the scenario's value in the scenario's year.
"""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.constants import YEAR
from orbitcompute.errors import ScenarioError
from orbitcompute.paths import (
    CURVES,
    check_years,
    cumulative_mass,
    driver_values,
    launch_path,
    parse_paths,
    parse_years,
    race_paths,
)
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario

YEARS = np.arange(2026.0, 2051.0)


def _toml(tmp_path, text: str):
    p = tmp_path / "s.toml"
    p.write_text('extends = "today"\n' + text)
    return p


@pytest.mark.parametrize(
    ("section", "key", "expected"),
    [
        ({"nope.param": {"2030": 1}}, "paths.nope.param", "a registry parameter"),
        ({"launch.price_per_kg": 5}, "paths.launch.price_per_kg", "a table of year"),
        ({"launch.price_per_kg": {"20x0": 1}}, "paths.launch.price_per_kg.20x0", "year keys"),
        ({"launch.price_per_kg": {"1990": 300}}, "paths.launch.price_per_kg.1990", "2000 to"),
        ({"launch.price_per_kg": {"2030": 300, "2026": 3600}}, ".2026", "increasing order"),
        ({"launch.price_per_kg": {"2030": 300, "2030x": 200}}, ".2030x", "year keys"),
        ({"launch.price_per_kg": {"2030": 300, "floor": 20}}, ".floor", "not both"),
        ({"launch.price_per_kg": {"2030": 5}}, "paths.launch.price_per_kg.2030", "10 USD/kg"),
        ({"launch.price_per_kg": {"2030": "5 m"}}, ".2030", "convertible"),
        ({"launch.price_per_kg": {"learning_rate": 0}}, ".learning_rate", "(0, 1]"),
        ({"launch.price_per_kg": {"learning_rate": 1.5}}, ".learning_rate", "(0, 1]"),
        ({"launch.price_per_kg": {"learning_rate": -0.2}}, ".learning_rate", "(0, 1]"),
        ({"launch.price_per_kg": {"learning_rate": "fast"}}, ".learning_rate", "(0, 1]"),
        ({"launch.price_per_kg": {"ceiling": 3}}, ".ceiling", "a parameter of this curve"),
        ({"launch.price_per_kg": {"curve": "exp"}}, ".curve", '"flat" alone'),
        ({"orbit.altitude": {"rate": 3}}, "paths.orbit.altitude.rate", "year keys"),
        ({"race.demand": {"2030": 50, "2035": 40}}, "paths.race.demand.2035", "non-decreasing"),
        ({"race.demand": {"2030": -5}}, "paths.race.demand.2030", ">= 0"),
        ({"race.demand": {"curve": "flat"}}, "paths.race.demand.curve", "year -> value"),
    ],
)
def test_bad_paths_are_one_line_naming_the_key(section, key, expected):
    with pytest.raises(ScenarioError) as err:
        parse_paths(section)
    line = err.value.one_line()
    assert "\n" not in line and key in err.value.key and expected in line, line


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2050:2026", "reversed"), ("1990:2000", "from 2025"), ("2026:2101", "to 2100"),
     ("20x6:2050", "FIRST:LAST"), ("", "FIRST:LAST"), ("2026:2030:2040", "FIRST:LAST")],
)  # fmt: skip
def test_bad_years(text, expected):
    with pytest.raises(ScenarioError, match=expected.replace("(", r"\(")):
        parse_years(text)


def test_years():
    assert parse_years("2026:2050") == (2026, 2050)
    assert parse_years("2030") == (2030, 2030)
    with pytest.raises(ScenarioError):
        check_years(2030.5, 2040)


def test_every_curve_passes_through_the_scenario_in_its_year():
    sc = load_scenario("today")
    d = driver_values(np.array([2026.0]), 2026, sc.values)
    assert set(d) == set(CURVES)
    for name, v in d.items():
        assert v[0, 0] == sc.values[name], name  # exactly, not approximately


def test_year_table_flat_and_curve_parameters_from_a_scenario_file(tmp_path):
    sc = load_scenario(
        _toml(
            tmp_path,
            """
[paths."launch.price_per_kg"]
2026 = 3600
2030 = "1000 USD/kg"
2040 = 200
[paths."ground.electricity_price"]
curve = "flat"
[paths."satellite.cost_per_kg"]
learning_rate = 0.3
floor = "500 USD/kg"
[paths."power.array_specific_power"]
rate = { dist = "uniform", low = 1, high = 5 }
""",
        )
    )
    d = driver_values(YEARS, 2026, sc.values, sc.paths)
    price = d["launch.price_per_kg"][:, 0]
    assert price[0] == 3600 and price[4] == 1000 and price[14] == 200 and price[-1] == 200
    assert price[2] == pytest.approx(2300.0)  # linear between 2026 and 2030
    assert np.all(d["ground.electricity_price"] == sc.values["ground.electricity_price"])
    # curve parameters become registry values (or distributions) of the outlook group
    assert sc.values["outlook.satellite.learning_rate"] == 0.3
    assert sc.values["outlook.satellite.cost_floor"] == 500.0
    assert "outlook.power.array_growth" in sc.distributions


def test_paths_inherit_and_a_child_replaces_a_table(tmp_path):
    base = tmp_path / "base.toml"
    base.write_text('extends = "today"\n[paths."launch.price_per_kg"]\n2030 = 500\n')
    child = tmp_path / "child.toml"
    child.write_text('extends = "base.toml"\n[paths."launch.price_per_kg"]\n2040 = 100\n')
    assert list(load_scenario(base).paths.tables["launch.price_per_kg"].years) == [2030.0]
    assert list(load_scenario(child).paths.tables["launch.price_per_kg"].years) == [2040.0]


def test_a_bad_paths_section_in_a_file_is_one_line(tmp_path):
    with pytest.raises(ScenarioError, match="paths"):
        load_scenario(_toml(tmp_path, "paths = 3\n"))
    with pytest.raises(ScenarioError, match=r"\(0, 1\]"):
        load_scenario(_toml(tmp_path, '[paths."launch.price_per_kg"]\nlearning_rate = 0\n'))


def test_values_stay_inside_the_registry_range():
    sc = load_scenario("today", ["outlook.compute.specific_mass_change=-30"])
    d = driver_values(YEARS, 2026, sc.values)
    reg = registry()
    for name, v in d.items():
        assert np.all(v >= reg[name].min_si) and np.all(v <= reg[name].max_si), name
    assert d["compute.specific_mass"][-1, 0] == reg["compute.specific_mass"].min_si


def test_launch_path_next_vehicle_and_cadence():
    sc = load_scenario("today")
    v = sc.values
    lp = launch_path(YEARS.reshape(-1, 1), 2026, v)
    # the next vehicle flies from 2028, at 1,000 USD/kg with 100 t per launch
    assert lp["next_vehicle"][1, 0] == 0 and lp["next_vehicle"][2, 0] == 1
    assert lp["price"][2, 0] == pytest.approx(1000.0)
    assert lp["payload"][2, 0] == v["outlook.launch.next_vehicle_payload"]
    assert np.all(np.diff(lp["price"][:, 0]) <= 0)
    # cumulative mass: 6 kt at the end of 2025 plus the logistic upmass since
    assert cumulative_mass(2025.0, v) == pytest.approx(6e6)
    # far below the ceiling the upmass grows exponentially: integral m0 (1.3 - 1) / ln 1.3
    assert cumulative_mass(2026.0, v) == pytest.approx(6e6 + 2.5e6 * 0.3 / np.log(1.3), rel=2e-3)


def test_race_paths_default_demand_and_a_demand_table(tmp_path):
    sc = load_scenario("today")
    r = race_paths(YEARS, sc.values)
    growth = sc.values["outlook.race.demand_growth"]
    assert r["demand"][0, 0] == pytest.approx(growth * YEAR)  # one year after 2025
    assert r["transformer_deficit"][-1, 0] < r["transformer_deficit"][0, 0]
    sc2 = load_scenario(_toml(tmp_path, '[paths."race.demand"]\n2030 = 40\n2040 = "100 GW"\n'))
    r2 = race_paths(YEARS, sc2.values, sc2.paths)
    assert r2["demand"][4, 0] == pytest.approx(40e9) and r2["demand"][-1, 0] == pytest.approx(100e9)
