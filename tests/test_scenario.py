"""Scenario files: units, extends, overrides, choices, errors."""

import pytest

from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import load_scenario, preset_names


def test_default_is_today(tmp_path):
    sc = load_scenario()
    assert sc.meta.name == "today" and "2026" in sc.label
    assert "today" in preset_names()


def test_units_extends_and_override_order(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(
        'extends = "today"\n[orbit]\naltitude = "550 km"\n[launch]\nprice_per_kg = 500\n'
        '[compute]\naccelerator = "H100"\nspecific_mass = 20\n'
    )
    sc = load_scenario(str(f), ["launch.price_per_kg=1 kUSD/kg"])
    assert sc.values["orbit.altitude"] == 550e3
    assert sc.values["launch.price_per_kg"] == pytest.approx(1000.0)
    assert sc.values["compute.accelerator_power"] == 1275.0  # from the H100 choice
    assert sc.values["compute.specific_mass"] == pytest.approx(0.020)  # explicit wins
    child = tmp_path / "child.toml"
    child.write_text('extends = "s.toml"\n[orbit]\nltan = "18 h"\n')
    sc2 = load_scenario(str(child))
    assert sc2.values["orbit.altitude"] == 550e3 and sc2.values["orbit.ltan"] == 18 * 3600


def test_offset_temperature_units(tmp_path):
    sc = load_scenario("today", ["thermal.radiator_temperature=20 degC"])
    assert sc.values["thermal.radiator_temperature"] == pytest.approx(293.15)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[orbit]\naltitude = "-5 km"\n', "orbit.altitude"),
        ("[orbit]\naltitude = 100\n", "orbit.altitude"),
        ('[orbit]\naltitude = "5 kg"\n', "orbit.altitude"),
        ("[orbit]\naltitud = 500\n", "orbit.altitud"),
        ("[orbitx]\naltitude = 500\n", "orbitx.altitude"),
        ("[orbit]\naltitude = nan\n", "orbit.altitude"),
        ("[orbit]\naltitude = inf\n", "orbit.altitude"),
        ("[orbit]\naltitude = [1, 2]\n", "orbit.altitude"),
        ("[orbit]\naltitude = true\n", "orbit.altitude"),
        ('[compute]\naccelerator = "TPU9"\n', "compute.accelerator"),
        ("[orbit]\nsun_synchronous = 0.3\n", "orbit.sun_synchronous"),
        ('extends = "nope"\n', "extends"),
        ('[meta]\nyear = "soon"\n', "meta.year"),
        ("[meta]\ncolour = 1\n", "meta.colour"),
        ("[orbit\naltitude = 1\n", "SCENARIO"),
        ('[launch]\nprice_per_kg = "cheap"\n', "launch.price_per_kg"),
    ],
)
def test_bad_files_name_the_key(tmp_path, text, key):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ScenarioError) as exc:
        load_scenario(str(f))
    assert key in exc.value.one_line()
    assert "\n" not in exc.value.one_line()
