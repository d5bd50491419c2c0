"""The vectorized model: broadcasting, monotonicity, breakeven, feasibility."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from orbitcompute.model import evaluate
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario


@pytest.fixture(scope="module")
def base():
    return load_scenario().values


def test_scalar_and_array_inputs_agree(base):
    prices = np.array([100.0, 500.0, 3600.0])
    arr = evaluate({**base, "launch.price_per_kg": prices})
    for i, price in enumerate(prices):
        one = evaluate({**base, "launch.price_per_kg": price})
        assert one.ratio[0] == pytest.approx(arr.ratio[i], rel=1e-12)


def test_chunked_equals_unchunked(base):
    rng = np.random.default_rng(3)
    p = {
        **base,
        "launch.price_per_kg": rng.uniform(50, 5000, 1000),
        "orbit.altitude": rng.uniform(500e3, 900e3, 1000),
    }
    a = evaluate(p, chunk_size=128).to_dict()
    b = evaluate(p, chunk_size=10**6).to_dict()
    for k in a:
        assert_allclose(a[k], b[k], rtol=1e-12, equal_nan=True, err_msg=k)


@settings(max_examples=40, deadline=None)
@given(p1=st.floats(10, 30000), dp=st.floats(1, 20000))
def test_orbit_cost_rises_with_launch_price(base, p1, dp):
    r = evaluate({**base, "launch.price_per_kg": np.array([p1, p1 + dp])})
    assert r.orbit_cost_per_gpu_hour[1] > r.orbit_cost_per_gpu_hour[0]
    assert r.ground_cost_per_gpu_hour[1] == r.ground_cost_per_gpu_hour[0]


def test_breakeven_price_equalizes_costs(base):
    # An optimist's design against an expensive ground site: a breakeven exists.
    cheap = {
        **base,
        "satellite.cost_per_kg": 300.0,
        "reliability.orbit_failure_multiplier": 0.5,
        "ground.electricity_price": 0.3 / 3.6e6,
        "ground.facility_capex": 25.0,
        "power.array_specific_power": 1000.0,
        "thermal.radiator_areal_density": 1.0,
        "battery.eclipse_load_fraction": 0.0,
        # 2 mm Al: dose and shield mass now both follow the thickness (issue 15)
        "shielding.areal_density": 5.4,
        "ground.energy_source": 0.0,  # the expensive grid site, not the cheapest option
        "obsolescence.orbit_integration_lag": 0.0,  # chips fly as soon as bought
    }
    r = evaluate(cheap)
    pstar = r["breakeven.launch_price_per_kg"][0]
    assert np.isfinite(pstar) and pstar > 0
    at = evaluate({**cheap, "launch.price_per_kg": pstar})
    assert at.ratio[0] == pytest.approx(1.0, rel=1e-9)


def test_no_breakeven_reported_as_nan_when_orbit_loses_at_zero(base):
    r = evaluate(base)
    free = evaluate({**base, "launch.price_per_kg": 0.0})
    assert free.ratio[0] > 1  # orbit dearer even with free launch at today's defaults
    assert np.isnan(r["breakeven.launch_price_per_kg"][0])


def test_mass_budget_adds_up(base):
    row = evaluate(base).row()
    parts = sum(v for k, v in row.items() if k.startswith("orbit.mass."))
    assert parts == pytest.approx(row["orbit.total_mass"], rel=1e-12)
    usable = 17500 * 0.85
    assert row["orbit.n_launches"] == np.ceil(
        row["orbit.n_satellites"] / np.floor(usable / row["orbit.satellite_mass"])
    )


def test_hot_radiator_environment_is_flagged(base):
    r = evaluate(
        {
            **base,
            "thermal.radiator_temperature": 250.0,
            "thermal.solar_absorptivity": 0.6,
            "thermal.sun_view_factor": 1.0,
        }
    )
    assert r.infeasible_reason() is not None and "radiator" in r.infeasible_reason()
    assert np.isnan(r.ratio[0])


def test_defaults_cover_whole_registry():
    r = evaluate({})
    assert r.size == 1 and np.isfinite(r.ratio[0])
    assert set(registry()) >= {"orbit.altitude", "launch.price_per_kg"}


def test_unknown_parameter_is_a_programming_error():
    with pytest.raises(KeyError):
        evaluate({"orbit.altitudee": 1.0})
