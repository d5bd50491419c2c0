"""Radiators, arrays, batteries, atmosphere, propulsion: textbook references."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from orbitcompute.constants import G0, MU_EARTH, R_EARTH
from orbitcompute.physics import atmosphere, power, propulsion, thermal


def test_stefan_boltzmann_flux_per_side():
    # shared/REFERENCE.md: eps sigma T^4 = 413 W/m^2 per side at 300 K, eps 0.9; 766 at 350 K.
    assert thermal.emitted_flux(300.0, 0.9, 1) == pytest.approx(413, abs=1)
    assert thermal.emitted_flux(350.0, 0.9, 1) == pytest.approx(766, abs=1)
    assert_allclose(thermal.emitted_flux([300.0, 350.0], 0.9, 2), [826.6, 1531.4], atol=1.5)


def test_absorbed_flux_hand_calculation():
    # Gilmore (2002) eqs. 2.1-2.6 evaluated by hand: alpha S F_sun + 2 F_e (eps q_IR + alpha a S f)
    q = thermal.absorbed_flux(1361, 0.2, 0.9, 0.05, 0.25, 237, 0.3, 0.5, 2)
    hand = 0.2 * 1361 * 0.05 + 2 * 0.25 * (0.9 * 237 + 0.2 * 0.3 * 1361 * 0.5)
    assert q == pytest.approx(hand, rel=1e-12)


def test_radiator_infeasible_when_environment_wins():
    assert np.isinf(thermal.radiator_area(1e6, -5.0))
    assert thermal.radiator_area(1e6, 500.0) == pytest.approx(2000.0)


@given(t1=st.floats(260, 440), dt=st.floats(1, 60), heat=st.floats(1e3, 1e9))
def test_radiator_area_falls_with_temperature(t1, dt, heat):
    q_abs = thermal.absorbed_flux(1361, 0.2, 0.9, 0.05, 0.25, 237, 0.3, 0.5, 2)
    a1 = thermal.radiator_area(heat, thermal.emitted_flux(t1, 0.9, 2, 0.9) - q_abs)
    a2 = thermal.radiator_area(heat, thermal.emitted_flux(t1 + dt, 0.9, 2, 0.9) - q_abs)
    assert a2 < a1 or np.isinf(a1)


def test_array_sizing_chain_matches_smad_hand_calculation():
    # SMAD 3rd ed. eqs. 11-5..11-8 by hand: 10 kW EOL, 1 %/yr for 5 yr, pointing 0.98,
    # aphelion (1/(1+e)^2), 1361 W/m^2, 30 % cells, packing 0.85.
    from orbitcompute.constants import YEAR

    degr = power.lifetime_degradation(0.01 / YEAR, 5 * YEAR)
    assert degr == pytest.approx(0.99**5)
    bol = power.array_bol_power(10e3, degr, 0.98)
    assert bol == pytest.approx(10e3 / (0.99**5 * 0.98 * (1 / 1.016708634**2)))
    area = power.array_area(bol, 1361, 0.30, 0.85)
    assert area == pytest.approx(bol / (1361 * 0.3 * 0.85))


def test_battery_capacity_and_charge_power():
    # SMAD eq. 11-15: C = P_e T_e / (DoD n); 1 kW for 35 min at 30 % DoD, eta_rt 0.9.
    e = 1000.0 * 35 * 60
    assert power.battery_capacity(e, 0.3, 0.9) == pytest.approx(e / (0.3 * np.sqrt(0.9)))
    assert power.charge_power(e, 60 * 60, 0.9) == pytest.approx(e / (0.9 * 3600))


@pytest.mark.parametrize(
    ("alt_km", "ussa76"), [(400, 2.803e-12), (500, 5.215e-13), (600, 1.137e-13), (800, 1.136e-14)]
)
def test_atmosphere_within_factor_two_of_us_standard_1976(alt_km, ussa76):
    # U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562) densities; a different (mean) model,
    # so agreement within a factor of two is the honest check.
    rho = atmosphere.density(alt_km * 1e3)
    assert 0.5 < rho / ussa76 < 2.0


def test_atmosphere_matches_vallado_table_points():
    # Vallado 4th ed. table 8-4 rows: 400 km 3.725e-12, 500 km 6.967e-13 kg/m^3.
    assert_allclose(atmosphere.density([400e3, 500e3]), [3.725e-12, 6.967e-13], rtol=1e-9)


def test_rocket_equation_and_deorbit_delta_v():
    # Tsiolkovsky: m0/mf = exp(dv / (Isp g0)); with zero tank fraction the propellant must
    # satisfy it exactly.
    m_dry, dv, isp = 1000.0, 300.0, 1500.0
    mp = propulsion.propellant_mass(m_dry, dv, isp, 0.0)
    assert (m_dry + mp) / m_dry == pytest.approx(np.exp(dv / (isp * G0)))
    # Hohmann-type perigee lowering from 650 km to 50 km: v_c - v_apo by vis-viva energy.
    r, rp = R_EARTH + 650e3, R_EARTH + 50e3
    a = (r + rp) / 2
    v_apo = np.sqrt(MU_EARTH * (2 / r - 1 / a))
    assert propulsion.deorbit_delta_v(650e3, 50e3) == pytest.approx(np.sqrt(MU_EARTH / r) - v_apo)
    assert np.isinf(propulsion.propellant_mass(1000.0, 1e5, 300.0, 0.5))


def test_black_plate_in_sunlight_reaches_331_k():
    # A black flat plate normal to the Sun at 1 AU, radiating from both faces, no output:
    # T = (S / 2 sigma)^(1/4) = 331 K (Gilmore 2002 ch. 2 energy balance; computed with
    # scipy's CODATA Stefan-Boltzmann constant, independent of ours).
    from scipy.constants import Stefan_Boltzmann

    expected = (1361.0 / (2 * Stefan_Boltzmann)) ** 0.25
    assert power.array_temperature(1361.0, 1.0, 1.0, 0.0) == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(331.0, abs=0.5)


def test_array_temperature_falls_with_output_and_rises_with_earth_loads():
    base = power.array_temperature(1316.0, 0.92, 0.85, 0.0)
    working = power.array_temperature(1316.0, 0.92, 0.85, 0.255)
    earth = power.array_temperature(1316.0, 0.92, 0.85, 0.255, 0.25, 237.0, 0.3 * 1316 * 0.5)
    assert working < base and working < earth
    # default LEO array: about 40-45 degC, inside the 20-60 K above 28 degC that LEO arrays run
    assert 310 < earth < 325


def test_cell_temperature_factor_matches_pvlib_pvwatts():
    # pvlib.pvsystem.pvwatts_dc: P = P0 (G / 1000) (1 + gamma (T - T_ref)) (Dobos 2014,
    # NREL/TP-6A20-62641 eq. 6) at G = 1000 W/m^2 is the same linear derate.
    pvlib = pytest.importorskip("pvlib")
    t = np.array([0.0, 28.0, 43.7, 80.0])
    ref = pvlib.pvsystem.pvwatts_dc(1000.0, t, 1.0, -0.0022, 28.0)
    ours = power.cell_temperature_factor(t + 273.15, -0.0022)
    assert_allclose(ours, ref, rtol=1e-12)


def test_array_bol_power_includes_the_temperature_factor():
    degr = 0.95
    hot = power.array_bol_power(10e3, degr, 0.98, 0.965)
    assert hot == pytest.approx(power.array_bol_power(10e3, degr, 0.98) / 0.965, rel=1e-12)


def test_max_radiator_temperature_from_coolant_limit():
    # ASHRAE W45: 45 degC inlet; mean radiator = inlet + 10 K rise / 2 - 3 K drop = 320.15 K.
    assert thermal.max_radiator_temperature(318.15, 0.5 * 10 - 3) == pytest.approx(320.15)
    assert_allclose(thermal.max_radiator_temperature([300.0, 333.15], -5.0), [295.0, 328.15])
