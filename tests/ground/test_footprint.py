"""Footprints: non-negative, linear in size, equal to hand calculations."""

import numpy as np
import pytest

from orbitcompute.constants import HOUR
from orbitcompute.ground import OPTIONS
from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def base():
    return load_scenario().values


KEYS = ("water_per_gpu_hour", "co2_per_gpu_hour", "land_area")


def test_non_negative_over_random_inputs(base):
    rng = np.random.default_rng(7)
    n = 2000
    params = dict(base)
    for name, prm in registry().items():
        if prm.kind == "float":
            params[name] = rng.uniform(prm.min_si, prm.max_si, n)
    r = evaluate(params).to_dict()
    for opt in OPTIONS:
        for k in KEYS:
            v = r[f"ground.{opt}.{k}"]
            assert np.all(v[np.isfinite(v)] >= 0), (opt, k)
    for k in ("water_per_gpu_hour", "co2_per_gpu_hour", "land_per_gpu"):
        v = r[f"orbit.{k}"]
        assert np.all(v[np.isfinite(v)] >= 0), k
    assert np.all(r["orbit.water_per_gpu_hour"] == 0) and np.all(r["orbit.land_per_gpu"] == 0)


def test_linear_in_size(base):
    # Satellites of 100 kW: 50, 100 and 200 MW are whole fleets of 500, 1000, 2000.
    sizes = np.array([50e6, 100e6, 200e6])
    r = evaluate({**base, "cluster.it_power": sizes}).to_dict()
    for opt in OPTIONS:
        area = r[f"ground.{opt}.land_area"]
        np.testing.assert_allclose(area / sizes, area[0] / sizes[0], rtol=1e-9)
        for k in ("water_per_gpu_hour", "co2_per_gpu_hour"):
            np.testing.assert_allclose(r[f"ground.{opt}.{k}"], r[f"ground.{opt}.{k}"][0], rtol=1e-9)
    # orbit: per GPU-hour constant up to whole launches (ceil) -> within 1 %
    np.testing.assert_allclose(
        r["orbit.co2_per_gpu_hour"], r["orbit.co2_per_gpu_hour"][0], rtol=1e-2
    )


def test_grid_hand_calculation(base):
    r = evaluate(base).row(0)
    e_it = base["compute.accelerator_power"] * HOUR  # J per GPU-hour
    water = (
        base["ground.wue"] * e_it + base["ground.grid.water_intensity"] * e_it * base["ground.pue"]
    )
    co2 = base["ground.grid.co2_intensity"] * e_it * base["ground.pue"]
    assert r["ground.grid.water_per_gpu_hour"] == pytest.approx(water, rel=1e-12)
    assert r["ground.grid.co2_per_gpu_hour"] == pytest.approx(co2, rel=1e-12)
    # 1.7875 kW x 1.2 x 0.37 kg/kWh = 0.794 kg per GPU-hour
    assert co2 == pytest.approx(1.7875 * 1.2 * 0.37, rel=1e-9)


def test_orbit_co2_hand_calculation(base):
    """No dose wear-out, no spares: the GPU-hours of one life are the elementary integral
    ``N L A (1 - e^(-lam L)) / (lam L)`` times the time not lost to restarts."""
    p = {**base, "radiation.tolerated_dose": 1e12, "reliability.orbit_spares_fraction": 0.0}
    r = evaluate(p).row(0)
    bus = r["orbit.total_mass"] - r["orbit.mass.compute"] - r["orbit.mass.propellant"]
    co2 = 30.0 * r["orbit.launched_billed_mass"] + 100.0 * bus  # kg (registry defaults)
    life_h = base["satellite.lifetime"] / HOUR
    lam = base["reliability.gpu_failure_rate"] * base["reliability.orbit_failure_multiplier"]
    L = base["satellite.lifetime"]
    surv = (1 - np.exp(-lam * L)) / (lam * L)
    n = base["cluster.it_power"] / base["compute.accelerator_power"]
    gpuh = n * life_h * r["orbit.availability"] * surv * r["orbit.upset_availability"]
    assert r["orbit.co2_per_gpu_hour"] == pytest.approx(co2 / gpuh, rel=1e-9)


def test_orbit_co2_uses_the_dose_and_spares_model(base):
    """Dose wear-out lowers the GPU-hours of a life (more CO2 per hour); the footprint follows
    the same survival as the costs (orbit.lifetime_surviving_fraction)."""
    r = evaluate(base).row(0)
    no_dose = evaluate({**base, "radiation.tolerated_dose": 1e12}).row(0)
    assert r["orbit.lifetime_surviving_fraction"] < no_dose["orbit.lifetime_surviving_fraction"]
    ratio = r["orbit.co2_per_gpu_hour"] / no_dose["orbit.co2_per_gpu_hour"]
    want = no_dose["orbit.lifetime_surviving_fraction"] / r["orbit.lifetime_surviving_fraction"]
    assert ratio == pytest.approx(want, rel=1e-9)
