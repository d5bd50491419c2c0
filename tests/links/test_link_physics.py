"""Optical and RF link budgets, slant range and propagation delay against closed forms.

References
----------
- Saleh & Teich, Fundamentals of Photonics 2nd ed. (2007) sec. 3.1: Gaussian beam radius and
  the power through a circular aperture; far field of a Gaussian beam.
- Google, "Towards a future space-based, highly scalable AI infrastructure system design",
  arXiv 2511.19468 (2025) sec. 2.2: 800 Gbit/s each way (1.6 Tbit/s) per transceiver pair on
  the bench; ~10 Tbit/s links needed, closing only at short range (satellites 100-200 m apart);
  spatial multiplexing emerges below ~10 km for a 10 cm telescope.
- Wertz & Larson, SMAD 3rd ed. (1999) sec. 5.2: slant range; shared/REFERENCE.md: 1.83 ms one
  way at 550 km zenith, 3.75 ms at 25 deg elevation.
- Pozar, Microwave Engineering 4th ed. (2012) sec. 14.2-14.3: link budget in decibels.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.constants import C_LIGHT
from orbitcompute.errors import ScenarioError
from orbitcompute.links.budget import isl_capacity
from orbitcompute.physics.links import (
    collected_fraction,
    optical_link_capacity,
    optical_received_power,
    propagation_delay,
    rf_link_capacity,
    slant_range,
    spatial_modes,
)

LAM, D = 1550e-9, 0.10


def test_photons_per_bit_from_watts():
    # -20 dBm (10 uW) at 100 Gbit/s, 1550 nm: 1e-5 / (1e11 x 6.626e-34 x 2.998e8 / 1.55e-6).
    from orbitcompute.physics.links import photons_per_bit

    assert photons_per_bit(1e-5, 100e9, LAM) == pytest.approx(780.3, rel=1e-3)


def test_received_power_falls_as_inverse_square_in_far_field():
    d = np.array([1e6, 2e6, 4e6, 8e6, 5.4e6])
    p = optical_received_power(d, 1.0, D, D, LAM)
    # Far-field Gaussian beam: eta = pi^2 Dt^2 Dr^2 / (8 lambda^2 d^2) (Saleh & Teich 3.1).
    closed = np.pi**2 * D**4 / (8 * LAM**2 * d**2)
    np.testing.assert_allclose(p, closed, rtol=1e-3)
    np.testing.assert_allclose(p[1:4] / p[:3], 0.25, rtol=1e-3)


def test_capacity_scales_as_inverse_square_beyond_diffraction_limited_range():
    # Registry defaults (Suncatcher-like terminal); far beyond the Fresnel range the photon
    # budget binds and capacity ~ 1/d^2.
    d = np.array([1e6, 2e6, 4e6])
    c = isl_capacity(None, d)
    np.testing.assert_allclose(c[1:] / c[:-1], 0.25, rtol=2e-3)
    assert np.all(spatial_modes(d, D, D, LAM) < 1e-3)


def test_near_field_saturates():
    # d << z_R = pi w0^2 / lambda (~5 km): almost all the beam inside the receive aperture.
    f = collected_fraction(np.array([1.0, 10.0, 100.0]), D, D, LAM)
    np.testing.assert_allclose(f, -np.expm1(-2.0), rtol=1e-3)


def test_suncatcher_design_point_bench_pair_800_gbps_each_way():
    # One transceiver pair on the bench (1 m): 8 x 100 Gbit/s = 800 Gbit/s each way, 1.6 Tbit/s.
    c = isl_capacity({"links.isl_transceivers": 1}, 1.0)
    assert c == pytest.approx(800e9)
    assert 2 * c == pytest.approx(1.6e12)


def test_suncatcher_design_point_10_tbps_only_at_short_range():
    d = np.array([100.0, 200.0, 500.0, 1e4, 1e5])
    c = isl_capacity(None, d)
    # About 10 Tbit/s per link at hundreds of metres (12 x 800G = 9.6 Tbit/s)...
    np.testing.assert_allclose(c[:3], 10e12, rtol=0.05)
    # ...but not at 10 km and beyond, where one spatial mode is left.
    assert np.all(c[3:] <= 0.8e12 + 1)
    # Spatial multiplexing emerges near ~10 km for a 10 cm telescope (Suncatcher sec. 2.2).
    assert 0.1 < spatial_modes(1e4, D, D, LAM) < 1.0
    assert spatial_modes(1e3, D, D, LAM) > 10


def test_starlink_class_link_consistency():
    # Consistency check, not a published budget: a 10 cm, 2 W coherent terminal (40 photons/bit)
    # carries Starlink's ~100 Gbit/s at 5,400 km; the COTS receiver (1,000 photons/bit) does not.
    coherent = optical_link_capacity(5.4e6, 2.0, D, D, LAM, 40, 100e9, 1, 1, 0.5, 1e-6)
    cots = optical_link_capacity(5.4e6, 2.0, D, D, LAM, 1000, 100e9, 1, 1, 0.5, 1e-6)
    assert coherent == pytest.approx(100e9)
    assert cots < 20e9


def test_scot80_class_link_consistency():
    # Tesat SCOT80: 80 mm telescope, 10 Gbit/s up to 8,000 km (Via Satellite, 28 May 2024).
    # Power (1 W) and sensitivity (100 photons/bit) are assumptions, so this checks consistency.
    c = optical_link_capacity([5e6, 8e6], 1.0, 0.08, 0.08, LAM, 100, 10e9, 1, 1, 0.5, 1e-6)
    np.testing.assert_allclose(c, 10e9)
    assert optical_link_capacity(30e6, 1.0, 0.08, 0.08, LAM, 100, 10e9, 1, 1, 0.5, 1e-6) < 10e9


def test_tbird_class_downlink_closes_200_gbps():
    # NASA TBIRD: 200 Gbit/s LEO-to-ground into a 1 m telescope (Schieler et al. 2023); the
    # registry's optical downlink defaults must close it over LEO slant ranges (500-2,000 km).
    from orbitcompute.links.budget import downlink_capacity

    np.testing.assert_allclose(downlink_capacity(None, np.array([5e5, 1e6, 2e6])), 200e9)


def test_rf_capacity_matches_decibel_link_budget():
    d, f, b, p, dt, dr, eta, tsys = 1.2e6, 26e9, 1.5e9, 40.0, 0.6, 5.0, 0.6, 250.0
    lam = C_LIGHT / f

    def db(x):
        return 10 * np.log10(x)

    eirp = db(p) + db(eta * (np.pi * dt / lam) ** 2)
    g_over_t = db(eta * (np.pi * dr / lam) ** 2) - db(tsys)
    fspl = 20 * np.log10(4 * np.pi * d / lam)
    c_n0 = eirp + g_over_t - fspl + 228.6 - 3.0  # -228.6 dBW/K/Hz is Boltzmann; 3 dB rain
    snr = 10 ** ((c_n0 - db(b)) / 10)
    expected = b * np.log2(1 + snr)
    got = rf_link_capacity(d, f, b, p, dt, dr, eta, tsys, transmission=10**-0.3)
    assert got == pytest.approx(expected, rel=2e-3)


def test_slant_range_and_latency_closed_form():
    # 550 km zenith: 1.83 ms one way; 25 deg elevation: 3.75 ms (shared/REFERENCE.md, calc).
    rho = slant_range(550e3, np.radians([90.0, 25.0]))
    np.testing.assert_allclose(propagation_delay(rho) * 1e3, [1.83, 3.75], atol=0.005)
    assert rho[0] == pytest.approx(550e3)


def test_slant_range_against_vector_geometry():
    # Place the satellite with elevation E by construction and measure the distance directly.
    r_e, h = 6_371_008.8, 650e3
    e = np.radians(np.array([5.0, 30.0, 60.0]))
    lam = np.arccos(r_e * np.cos(e) / (r_e + h)) - e  # Earth-central angle (SMAD eq. 5-15)
    sat = (r_e + h) * np.stack([np.cos(lam), np.sin(lam)], axis=-1)
    dist = np.hypot(sat[:, 0] - r_e, sat[:, 1])
    np.testing.assert_allclose(slant_range(h, e), dist, rtol=1e-9)


@pytest.mark.parametrize("bad", [-5.0, 0.0, np.nan])
def test_bad_distance_is_a_value_error(bad):
    """Physics rejects non-physical input with ValueError, never a user-facing ScenarioError
    (issue 13: checking a scenario and naming its key belongs to the layers above)."""
    for call in (
        lambda: optical_link_capacity(bad, 1, D, D, LAM, 1000, 1e11),
        lambda: rf_link_capacity(bad, 26e9, 1e9, 10, 0.5, 5, 0.6, 250),
    ):
        with pytest.raises(ValueError, match="distance") as info:
            call()
        assert not isinstance(info.value, ScenarioError)


def test_negative_propagation_distance_rejected():
    with pytest.raises(ValueError, match="distance") as info:
        propagation_delay(-1.0)
    assert not isinstance(info.value, ScenarioError)


@settings(max_examples=60, deadline=None)
@given(
    d1=st.floats(1.0, 1e7),
    ratio=st.floats(1.0, 100.0),
    power=st.floats(1e-3, 50.0),
    aperture=st.floats(0.01, 1.0),
    sens=st.floats(5.0, 2e4),
)
def test_capacity_is_finite_nonnegative_and_nonincreasing(d1, ratio, power, aperture, sens):
    c = optical_link_capacity(
        np.array([d1, d1 * ratio]), power, aperture, aperture, LAM, sens, 100e9, 8, 12, 0.5, 1e-6
    )
    assert np.all(np.isfinite(c)) and np.all(c >= 0)
    assert c[1] <= c[0] * (1 + 1e-12)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.floats(-1e9, 0.0), st.just(float("nan")), st.just(float("-inf"))))
def test_any_nonpositive_distance_is_a_scenario_error(d):
    with pytest.raises(ScenarioError):
        isl_capacity(None, d)


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.floats(90.0, 1e4), st.floats(-1e4, -1e-6), st.just(float("nan"))))
def test_any_elevation_mask_outside_0_90_is_a_scenario_error(deg):
    from orbitcompute.links.contacts import check_elevation_mask

    with pytest.raises(ScenarioError, match="elevation"):
        check_elevation_mask(np.radians(deg))
