"""Reliability wired into evaluate(), compare and capacity."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from orbitcompute import load_scenario
from orbitcompute.cli.common import invoke
from orbitcompute.constants import YEAR
from orbitcompute.links.traffic import CLASSES
from orbitcompute.model import evaluate
from orbitcompute.reliability.failures import discounted_mean


@pytest.fixture(scope="module")
def base():
    return load_scenario().values


def test_discounted_mean_matches_closed_form():
    """Quadrature against the closed form for constant hazard ``exp(-lam t)``:
    ``int e^-(lam+rho)t dt / int e^-rho t dt = rho (1 - e^-(lam+rho)L) / ((lam+rho)(1 - e^-rho L))``
    (elementary integrals; the levelized-capacity weighting of Short et al. 1995)."""
    lam = np.array([0.01, 0.09, 0.4]) / YEAR
    rho, L = np.log1p(0.08) / YEAR, 5 * YEAR
    want = rho * -np.expm1(-(lam + rho) * L) / ((lam + rho) * -np.expm1(-rho * L))
    got = discounted_mean(lambda t, k: np.exp(-k * t), (lam,), L, rho)
    assert_allclose(got, want, rtol=1e-9)


def test_lifetime_surviving_fraction_is_the_undiscounted_mean(base):
    """Constant hazard, no dose, no spares: the mean of exp(-lam t) over the life is
    ``(1 - e^(-lam L)) / (lam L)`` (elementary integral)."""
    p = {**base, "radiation.tolerated_dose": 1e12, "reliability.orbit_spares_fraction": 0.0}
    r = evaluate(p).row(0)
    lam = base["reliability.gpu_failure_rate"] * base["reliability.orbit_failure_multiplier"]
    L = base["satellite.lifetime"]
    want = -np.expm1(-lam * L) / (lam * L)
    assert r["orbit.lifetime_surviving_fraction"] == pytest.approx(want, rel=1e-9)
    # discounting weights the early, fuller years more
    assert r["orbit.mean_surviving_fraction"] > r["orbit.lifetime_surviving_fraction"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rate=st.floats(1.0, 25.0), factor=st.floats(1.05, 3.0))
def test_ratio_rises_with_failure_rate(rate, factor):
    base = load_scenario().values
    rates = np.array([rate, min(rate * factor, 30.0)]) * 0.01 / YEAR
    r = evaluate({**base, "reliability.gpu_failure_rate": rates})
    assert r.ratio[1] > r.ratio[0]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=st.floats(0.0, 0.5), dg=st.floats(0.02, 0.3))
def test_ratio_rises_with_obsolescence_rate(g, dg):
    base = load_scenario().values
    growth = np.array([g, min(g + dg, 0.6)]) / YEAR
    # on today's-equivalent hours (the headline is on delivered hours since #15)
    r = evaluate(
        {
            **base,
            "obsolescence.perf_per_watt_growth": growth,
            "reliability.levelize_on_equivalent": 1.0,
        }
    )
    assert r.ratio[1] > r.ratio[0]


def test_equivalent_levelization_flag(base):
    eq = evaluate({**base, "reliability.levelize_on_equivalent": 1.0})
    raw = evaluate({**base, "reliability.levelize_on_equivalent": 0.0})
    for side in ("orbit", "ground"):
        assert eq[f"{side}.cost_per_gpu_hour"][0] > raw[f"{side}.cost_per_gpu_hour"][0]
        assert eq[f"{side}.gpu_hours_per_year"][0] == raw[f"{side}.gpu_hours_per_year"][0]
    g = evaluate({**base, "obsolescence.perf_per_watt_growth": 0.0})
    assert_allclose(g["orbit.equivalent_gpu_hours_per_year"], g["orbit.gpu_hours_per_year"])


def test_servicing_interval_to_infinity_equals_none_in_model(base):
    none = evaluate({**base, "reliability.servicing_interval": 0.0})
    far = evaluate({**base, "reliability.servicing_interval": 20 * YEAR})  # > 5 yr life
    assert_allclose(far.ratio, none.ratio, rtol=1e-12)
    assert far["orbit.annual.servicing"][0] == 0.0
    yearly = evaluate({**base, "reliability.servicing_interval": 1 * YEAR})
    assert yearly["orbit.annual.servicing"][0] > 0
    assert yearly["orbit.servicing_visits"][0] == 4  # yearly visits in a 5-year life
    assert yearly["orbit.mean_surviving_fraction"][0] > none["orbit.mean_surviving_fraction"][0]


def test_breakeven_consistent_with_servicing(base):
    """The launch-price slope includes the replacement mass launched by servicing."""
    cheap = {
        **base,
        "satellite.cost_per_kg": 100.0,
        "reliability.orbit_failure_multiplier": 0.5,
        "ground.electricity_price": 0.3 / 3.6e6,
        "ground.facility_capex": 30.0,
        "power.array_specific_power": 1000.0,
        "thermal.radiator_areal_density": 1.0,
        "battery.eclipse_load_fraction": 0.0,
        # 2 mm Al: dose and shield mass now both follow the thickness (issue 15)
        "shielding.areal_density": 5.4,
        "ground.energy_source": 0.0,  # the expensive grid site, not the cheapest option
        "obsolescence.orbit_integration_lag": 0.0,
        "reliability.servicing_interval": 2.5 * YEAR,
        "reliability.servicing_cost_per_visit": 1e6,
        "reliability.servicing_overhead_mass": 0.0,
        "reliability.gpu_failure_rate": 0.02 / YEAR,
        **{f"traffic.mix.{c}": 0.0 for c in CLASSES},  # no data traffic: servicing only
    }
    pstar = evaluate(cheap)["breakeven.launch_price_per_kg"][0]
    assert np.isfinite(pstar) and pstar > 0
    assert evaluate({**cheap, "launch.price_per_kg": pstar}).ratio[0] == pytest.approx(1.0)


def test_shielding_trade_in_model(base):
    x = np.array([5.4, 13.5, 27.0, 54.0])  # 2, 5, 10, 20 mm Al
    r = evaluate({**base, "shielding.areal_density": x})
    assert np.all(np.diff(r["orbit.upset_rate"]) < 0)
    assert np.all(np.diff(r["orbit.dose_rate"]) < 0)
    assert np.all(np.diff(r["orbit.mass.shielding"]) > 0)
    assert np.all(np.diff(r["orbit.total_mass"]) > 0)
    assert np.all(np.diff(r["orbit.eol_surviving_fraction"]) >= 0)


def test_spares_add_mass_and_capacity(base):
    r = evaluate({**base, "reliability.orbit_spares_fraction": np.array([0.0, 0.1])})
    assert_allclose(r["orbit.mass.compute"][1], 1.1 * r["orbit.mass.compute"][0])
    assert_allclose(r["orbit.n_accelerators"][1], 1.1 * r["orbit.n_accelerators"][0])
    assert r["orbit.eol_surviving_fraction"][1] > r["orbit.eol_surviving_fraction"][0]


def _run(args, capsys=None, monkeypatch=None):
    return invoke(args)


def test_capacity_command_json_and_png(tmp_path, capsys, monkeypatch):
    png = tmp_path / "cap.png"
    code, out, err = _run(["capacity", "-f", "json", "--png", str(png)], capsys, monkeypatch)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["schema"] == "orbitcompute.capacity/1"
    rows = doc["rows"]
    assert rows[0]["orbit.surviving"] == pytest.approx(1.0)
    assert rows[5]["orbit.surviving"] < rows[1]["orbit.surviving"]  # no repair in orbit
    assert all(r["ground.equivalent"] <= r["ground.surviving"] + 1e-12 for r in rows)
    # the seeded Monte Carlo band of one satellite brackets the expected working share
    assert all(
        r["orbit.working_p05"] <= r["orbit.delivered"] <= r["orbit.working_p95"] for r in rows
    )
    code, out2, _ = _run(["capacity", "-f", "json"], capsys, monkeypatch)
    assert json.loads(out2)["rows"] == rows  # same seed, identical output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_capacity_bad_input_one_line_no_file(tmp_path, capsys, monkeypatch):
    png = tmp_path / "cap.png"
    code, _, err = _run(["capacity", "--years", "-3", "--png", str(png)], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "--years" in err
    assert not png.exists()
    code, _, err = _run(["capacity", "--set", "reliability.weibull_shape=-1"], capsys, monkeypatch)
    assert code == 2 and "reliability.weibull_shape" in err


def test_compare_json_has_reliability_outputs(capsys, monkeypatch):
    code, out, err = _run(["compare", "-f", "json"], capsys, monkeypatch)
    assert code == 0, err
    s = json.loads(out)["summary"]
    for k in (
        "orbit.eol_surviving_fraction",
        "orbit.equivalent_gpu_hours_per_year",
        "ground.equivalent_gpu_hours_per_year",
        "orbit.upset_availability",
    ):
        assert k in s


def test_job_size_hurts_orbit_more(base):
    """A synchronous job stops on any upset or failure of its accelerators: orbit, with
    radiation upsets on top of failures, loses more than the ground as jobs grow."""
    r = evaluate({**base, "reliability.job_size": np.array([1.0, 64.0, 1024.0, 16384.0])})
    assert np.all(np.diff(r.ratio) > 0)
    assert np.all(np.diff(r["orbit.upset_availability"]) < 0)
    assert np.all(np.diff(r["ground.availability"]) < 0)
