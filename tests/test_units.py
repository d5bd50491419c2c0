"""The quantity grammar at the boundary: a number and an optional unit, nothing evaluated."""

from __future__ import annotations

import pytest

from orbitcompute.errors import ScenarioError
from orbitcompute.units import MAX_QUANTITY_CHARS, parse_quantity, split_quantity


@pytest.mark.parametrize(
    ("text", "unit", "si"),
    [
        # conversions checked against the SI definitions (BIPM SI Brochure, 9th ed., 2019):
        ("550 km", "km", 550e3),
        ("550km", "km", 550e3),
        ("0.55 Mm", "km", 550e3),
        ("550", "km", 550e3),  # no unit: the registry unit, like a bare TOML number
        ("  550 km  ", "km", 550e3),
        ("+5.5e2 km", "km", 550e3),
        (".5 km", "km", 500.0),
        ("20 degC", "K", 293.15),  # T/K = t/°C + 273.15
        ("5 %", "%", 0.05),
        ("5", "%", 0.05),
        ("2.5 %/yr", "%/yr", 0.025 / (365.25 * 86400)),  # pint's year is the Julian year
        ("0.5/yr", "1/yr", 0.5 / (365.25 * 86400)),
        ("3 MUSD/MW", "USD/W", 3.0),
        ("1,000,000 USD/kg", "USD/kg", 1e6),
        ("12,345.6 USD/kg", "USD/kg", 12345.6),
        ("10 µrad", "urad", 1e-5),
        ("3 W/m**2", "W/m^2", 3.0),
        ("550 USD/(kW*yr)", "USD/kW/yr", 550 / 1e3 / (365.25 * 86400)),
    ],
)
def test_good_quantities(text, unit, si):
    assert parse_quantity(text, unit, "k") == pytest.approx(si, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("", "km"),
        ("'", "km"),
        ("km", "km"),  # a bare unit is not a value
        ("5 5 km", "km"),
        ("5=5", "km"),
        ("=0.9", "1"),
        ("5,5", "1"),  # decimal comma or thousands separator? refused
        ("1,000", "1"),
        ("9**9**8 km", "km"),
        ("2*3 km", "km"),
        ("5 * km", "km"),
        ("(5) km", "km"),
        ("5e km", "km"),
        ("5..5 km", "km"),
        ("0x1F km", "km"),
        ("nan", "1"),
        ("inf km", "km"),
        ("1e999 km", "km"),
        ("５５０ km", "km"),  # full-width digits (float() would read them)
        ("٥٥٠ km", "km"),  # Arabic-Indic digits
        ("550\nkm", "km"),
        ("550 km km", "km"),  # km**2
        ("550 1/km", "km"),
        ("5 km**99999999", "km"),
        ("5 km^9^9", "km"),
        ("5 km)", "km"),
        ("5 __import__('os')", "km"),
        ("90 deg", "1"),  # an angle is not a ratio
        ("5 B", "%"),  # a byte is not a percentage
        ("5 kg", "km"),
        ("9" * (MAX_QUANTITY_CHARS + 1), "km"),
    ],
)
def test_bad_quantities_are_one_line(text, unit):
    with pytest.raises(ScenarioError) as err:
        parse_quantity(text, unit, "orbit.altitude")
    assert "\n" not in err.value.one_line()
    assert err.value.key == "orbit.altitude"


def test_split_quantity_returns_number_and_unit_text():
    assert split_quantity("550 km", "km", "k") == (550.0, "km")
    assert split_quantity("550", "km", "k") == (550.0, None)
    assert split_quantity("0.5/yr", "1/yr", "k") == (0.5, "1/yr")
