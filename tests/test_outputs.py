"""The outputs table: every output of evaluate() documented once, with a unit of the right
dimension, and every documented output produced."""

from __future__ import annotations

import json
import re

import pytest

from orbitcompute.cli.common import invoke
from orbitcompute.model import evaluate
from orbitcompute.registry import OUTPUT_COLUMNS, outputs
from orbitcompute.scenario import load_scenario, preset_names
from orbitcompute.units import si_factor

#: Expected dimension of the value evaluate() returns, by name pattern (first match wins):
#: written down independently of the table, from what each quantity is.
DIMENSIONS: list[tuple[str, str]] = [
    (r"\.cost\.|cost_per_(equivalent_)?gpu_hour$|cost_with_time_to_power$", "USD/h"),
    (r"\.annual\.|annual_cost$|opex_per_year$", "USD/yr"),
    (r"\.capex\.|total_cost_pv$", "USD"),
    (r"energy_cost$|cost_per_it_energy$", "USD/J"),
    (r"launch_price_per_kg$", "USD/kg"),
    (r"_pflop_hour$", "USD/(PFLOP/s)/h"),  # per PFLOP/s-hour of rated throughput
    (r"launch_cost_slope$", "kg/yr"),
    (r"\.mass\.|_mass$|mass_per_visit$", "kg"),
    (r"_area$|land_per_gpu$", "m^2"),
    (r"time_to_power$|\.period$|longest_eclipse$", "s"),
    (r"water_per_gpu_hour$", "m^3/h"),
    (r"water_per_year$", "m^3/yr"),
    (r"co2_per_gpu_hour$", "kg/h"),
    (r"it_energy_per_year$", "J/yr"),
    (r"battery_energy$", "J"),
    (r"_power(_bol|_eol|_per_satellite)?$|heat_load$", "W"),
    (r"net_flux$", "W/m^2"),
    (r"dose_rate$", "Gy/s"),
    (r"failure_rate$|upset_rate$", "1/s"),
    (r"delta_v$", "m/s"),
    (r"gpu_hours_per_year$", "h/yr"),
    (r"\.links\.(uplink_need|downlink_need|ground_capacity|isl_capacity)$", "bit/s"),
    (r"contact_gap$", "s"),
    (r"\.links\.(sites|terminals_per_site|ground_terminals|space_terminals)$", "1"),
    (r"isl_terminals_per_satellite$|utilization$|capacity_margin$|link_bound$", "1"),
    (r"live_share$|contact_fraction$|\.links\.weather$", "1"),
    (r"cycles_per_year$", "1/s"),  # eclipses (battery cycles) per unit time (#15)
    (r"_temperature$", "K"),
    (r"satellite_volume$", "m^3"),
    (
        r"fraction$|availability$|yield$|restarts$|^ratio$|\.n_|infeasible$|energy_source$"
        r"|visits$|replaced_per_visit$|_factor$|depth$|depth_of_discharge$|battery_cycles$"
        r"|per_launch$|launch_limit$",
        "1",
    ),
]


def _expected(name: str) -> str:
    for pattern, unit in DIMENSIONS:
        if re.search(pattern, name):
            return unit
    raise AssertionError(f"no expected dimension for {name}")


def _dim(unit: str) -> str:
    return si_factor(unit)[1]


@pytest.fixture(scope="module")
def table():
    return outputs()


def test_table_columns_units_and_status(table):
    assert len(table) >= 150
    for name, o in table.items():
        assert tuple(o.as_dict()) == OUTPUT_COLUMNS
        assert o.status == "output" and o.label and o.description, name
        assert _dim(o.unit) == _dim(o.display_unit), name  # pint parses both, same dimension
        assert _dim(o.unit) == _dim(_expected(name)), (name, o.unit)


def test_display_conversions_by_hand(table):
    # 1 t = 1000 kg; 1 MWh = 3.6e9 J; 1 USD/MWh = 1/3.6e9 USD/J; 1 yr = 365.25 d (Julian).
    assert table["orbit.total_mass"].display(5.5e6) == pytest.approx(5500.0)
    assert table["orbit.battery_energy"].display(3.6e9) == pytest.approx(1.0)
    assert table["ground.energy_cost"].display(1 / 3.6e9) == pytest.approx(1.0)
    assert table["orbit.time_to_power"].display(365.25 * 86400) == pytest.approx(1.0)
    assert table["orbit.annual_cost"].display(2e6) == pytest.approx(2.0)  # MUSD/yr
    assert table["orbit.sunlit_fraction"].display(0.5) == pytest.approx(50.0)
    assert table["orbit.cost_per_gpu_hour"].display(3.0) == 3.0


@pytest.mark.parametrize("preset", preset_names())
def test_every_output_is_in_the_table(preset, table):
    produced = set(evaluate(load_scenario(preset).params()).keys())
    assert produced - set(table) == set()


def test_every_table_row_is_produced(table):
    produced = set(evaluate({}).keys())
    # the simulation's delivered fraction exists only with a simulated orbit geometry
    sim = {"orbit.sunlit_fraction": 0.97, "orbit.longest_eclipse": 1000.0}
    sim["orbit.delivered_fraction"] = 0.96
    produced |= set(evaluate({}, geometry=sim).keys())
    assert set(table) - produced == set()


def test_compare_json_takes_units_and_labels_from_the_table(table):
    code, out, err = invoke(["compare", "-f", "json"])
    assert code == 0, err
    doc = json.loads(out)
    si = doc["results_si"]
    assert set(doc["summary"]) == set(si)
    for name, entry in doc["summary"].items():
        o = table[name]
        assert entry["unit"] == o.display_unit and entry["label"] == o.label
        if si[name] is None:  # NaN in the model (e.g. no breakeven) is null in JSON
            assert entry["value"] is None, name
        else:
            assert entry["value"] == pytest.approx(o.display(si[name]), rel=1e-12), name
