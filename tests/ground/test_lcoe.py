"""Levelized cost of each energy option against independent calculations."""

import numpy as np
import numpy_financial as npf
import pytest

from orbitcompute.constants import HOUR, YEAR
from orbitcompute.ground import options, solar
from orbitcompute.ground.lcoe import levelized_cost
from orbitcompute.model import complete
from orbitcompute.units import from_si

HOURS = YEAR / HOUR  # 8,766 h: the registry's year is the Julian year


@pytest.fixture(scope="module")
def p():
    return complete({})[0]


def npv_lcoe(capex_kw, fom_kw_yr, cf, rate, years, vom_mwh=0.0, fuel_mwh=0.0):
    """LCOE [USD/MWh] as the price that makes the project's NPV zero (numpy-financial):
    capex at t=0, fixed O&M and variable costs at the end of each year (Lazard LCOE+ 2025
    methodology appendix, unlevered and untaxed)."""
    mwh = cf * HOURS / 1000.0  # MWh per kW per year
    costs = [capex_kw] + [fom_kw_yr + (vom_mwh + fuel_mwh) * mwh] * years
    pv_cost = npf.npv(rate, costs)
    pv_mwh = npf.npv(rate, [0.0] + [mwh] * years)
    return pv_cost / pv_mwh


def test_levelized_cost_equals_npv_breakeven_price():
    # Gas combined cycle with Lazard-style inputs: 1,800 USD/kW, 15 USD/kW-yr, 3 USD/MWh VOM,
    # 6,200 Btu/kWh at 3.45 USD/MMBtu = 21.39 USD/MWh fuel, CF 0.85, 8 %, 20 years.
    fuel = 6.2 * 3.45
    ref = npv_lcoe(1800, 15, 0.85, 0.08, 20, 3.0, fuel)
    ours = levelized_cost(1.8, 15 / 1000 / YEAR, 0.85, 0.08, 20 * YEAR, 3.0 / 3.6e9, fuel / 3.6e9)
    assert from_si(ours, "USD/MWh") == pytest.approx(ref, rel=1e-9)
    # hand check: pmt(8 %, 20, 1800) = 183.33 USD/kW-yr
    assert -npf.pmt(0.08, 20, 1800) == pytest.approx(183.33, abs=0.01)


def test_zero_rate_is_straight_line():
    ours = levelized_cost(1.0, 0.0, 1.0, 0.0, 10 * YEAR)
    # 1 USD/W = 1 M USD/MW recovered evenly over 10 years of 8,766 MWh per MW
    assert from_si(ours, "USD/MWh") == pytest.approx(1e6 / 10 / HOURS)


def test_grid_is_the_tariff(p):
    o = options.grid(p)
    assert float(o["energy_cost"]) == pytest.approx(float(p["ground.electricity_price"]))


def test_gas_against_npv_and_lazard_range(p):
    o = options.gas(p)
    red = float(p["ground.gas.redundancy"])
    ref = npv_lcoe(
        1800 * red, 15 * red, 1.0, 0.08, 20, 3.0, 6.2 * 3.45
    )  # per kW of load: capacity x redundancy, run flat out
    got = from_si(float(o["energy_cost"]), "USD/MWh")
    assert got == pytest.approx(ref, rel=1e-9)
    # Lazard LCOE+ 2025 unsubsidized gas combined cycle: 48-109 USD/MWh
    assert 48 <= got <= 109


def test_nuclear_ppa_and_owned(p):
    assert from_si(float(options.nuclear(p)["energy_cost"]), "USD/MWh") == pytest.approx(112.5)
    own = {**p, "ground.nuclear.ppa": np.array(0.0)}
    got = from_si(float(options.nuclear(own)["energy_cost"]), "USD/MWh")
    ref = npv_lcoe(10000, 150, 0.92, 0.08, 20, 0.0, 6.0)
    assert got == pytest.approx(ref, rel=1e-9)
    # Lazard LCOE+ 2025 new nuclear: about 141-220 USD/MWh (owned new build at 10,000 USD/kW)
    assert 120 < got < 230


def test_solar_storage_cost_from_first_principles(p):
    # Re-simulate the chosen design hour by hour, then price it with numpy-financial:
    # PV and battery capital as annuities over their lives, O&M, land lease; divide by the
    # energy actually delivered.
    o = options.solar_storage(p)
    a = float(o["array_per_load"])  # W DC per W load
    b_h = float(o["storage_per_load"]) / HOUR  # Wh per W load
    pv = solar.pv_profile(0, solar.Design.reference(True))
    _, delivered = solar.dispatch(pv, a, b_h, 0.85)
    pv_pay = -npf.pmt(0.08, 30, 1.1)  # USD per W DC per year
    bat_pay = -npf.pmt(0.08, 15, 0.25)  # USD per Wh per year
    lease = 600 * 4 / 1e6  # USD/acre/yr x acre/MW -> USD per W per year
    annual = a * (pv_pay + 0.020 + lease) + b_h * (bat_pay + 0.025 * 0.25)
    ref = annual / (float(delivered) * HOURS) * 1e6  # USD per MWh delivered
    assert from_si(float(o["energy_cost"]), "USD/MWh") == pytest.approx(ref, rel=2e-3)
    # Round-the-clock solar at 99 % in North Carolina costs far more than Lazard's
    # solar+storage 50-131 USD/MWh (which firms only a few hours).
    assert ref > 131
