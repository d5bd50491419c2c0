"""Design chain: eclipse strategies, battery cycle-life cap, packing and coolant limit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orbitcompute.constants import YEAR
from orbitcompute.design.orbital import INFEASIBLE
from orbitcompute.model import evaluate
from orbitcompute.registry import registry


@pytest.fixture(scope="module")
def base():
    return registry().defaults_si()


def test_safe_mode_sheds_compute_and_shrinks_the_battery(base):
    ride = evaluate(base).row()
    safe = evaluate({**base, "battery.safe_mode": 1.0}).row()
    # compute off in eclipse, minus 5 min of restart per eclipse (checkpoint and resume)
    lost = ride["orbit.eclipse_cycles_per_year"] * 300.0
    expected = ride["orbit.sunlit_fraction"] - lost
    assert safe["orbit.compute_availability"] == pytest.approx(expected, rel=1e-12)
    assert ride["orbit.compute_availability"] == 1.0
    assert safe["orbit.battery_energy"] < ride["orbit.battery_energy"] / 10
    # the safe-mode battery still carries the bus for the contingency hour, drawn to empty
    bus = ride["orbit.bus_power"] / ride["orbit.n_satellites"] / 0.95
    contingency = bus * 3600.0 / np.sqrt(0.92) * ride["orbit.n_satellites"]
    assert safe["orbit.battery_energy"] >= contingency * (1 - 1e-12)


def test_throttle_carries_the_bus_and_a_share_of_the_compute(base):
    half = evaluate({**base, "battery.eclipse_load_fraction": 0.5}).row()
    full = evaluate(base).row()
    # eclipse load (bus + f x IT) / conversion: bus 5 % of IT plus the data-link terminals
    # (#16, a few hundred W per satellite), so (b + 0.5) / (b + 1) with b = bus / IT
    b = 0.05 + full["orbit.links.terminal_power"] / full["orbit.it_power_per_satellite"]
    assert 0.05 < b < 0.06
    assert half["orbit.battery_energy"] == pytest.approx(
        (b + 0.5) / (b + 1) * full["orbit.battery_energy"], rel=1e-12
    )
    assert half["orbit.compute_availability"] == pytest.approx(
        full["orbit.sunlit_fraction"] + 0.5 * full["orbit.eclipse_fraction"], rel=1e-12
    )
    # below the lowest power cap (30 %) the accelerators are off: like safe mode, restart loss
    off = evaluate({**base, "battery.eclipse_load_fraction": 0.2}).row()
    lost = full["orbit.eclipse_cycles_per_year"] * 300.0
    assert off["orbit.compute_availability"] == pytest.approx(
        full["orbit.sunlit_fraction"] - lost, rel=1e-12
    )


def test_radiator_above_the_coolant_limit_is_flagged(base):
    r = evaluate({**base, "thermal.radiator_temperature": 340.0})
    assert r.infeasible_reason() == INFEASIBLE[5]
    assert np.isnan(r.ratio[0])
    ok = evaluate({**base, "thermal.radiator_temperature": 340.0,
                   "thermal.max_coolant_temperature": 338.15})  # fmt: skip
    assert ok.infeasible_reason() is None


def test_more_satellites_per_launch_than_fit_is_flagged(base):
    assert evaluate({**base, "launch.satellites_per_launch": 2.0}).infeasible_reason() is None
    r = evaluate({**base, "launch.satellites_per_launch": 3.0})
    assert r.infeasible_reason() == INFEASIBLE[4]
    one = evaluate({**base, "launch.satellites_per_launch": 1.0}).row()
    assert one["orbit.n_launches"] == one["orbit.n_satellites"]


@settings(max_examples=40, deadline=None)
@given(
    alt=st.floats(300e3, 1500e3),
    sso=st.booleans(),
    ltan=st.floats(0, 86400),
    inc=st.floats(0, np.pi),
    life=st.floats(1, 20),
    dod=st.floats(0.05, 0.9),
    chem=st.sampled_from([0.0, 1.0, 2.0]),
    safe=st.booleans(),
)
def test_battery_never_cycles_deeper_than_its_cycle_life_allows(
    base, alt, sso, ltan, inc, life, dod, chem, safe
):
    """The cycling depth stays within the cycle-life bound for the orbit's eclipses over
    the life (data/battery_cycle_life.csv), whatever the designer's depth of discharge."""
    from orbitcompute.physics import battery

    p = {
        **base,
        "orbit.altitude": alt,
        "orbit.sun_synchronous": float(sso),
        "orbit.ltan": ltan,
        "orbit.inclination": inc,
        "satellite.lifetime": life * YEAR,
        "battery.depth_of_discharge": dod,
        "battery.chemistry": chem,
        "battery.safe_mode": float(safe),
    }
    row = evaluate(p).row()
    cycles = battery.eclipse_cycles_per_year(alt, float(sso), ltan, inc) * life * YEAR
    bound = battery.max_depth_of_discharge(cycles, chem)
    assert row["orbit.battery_cycles"] == pytest.approx(cycles, rel=1e-9)
    assert row["orbit.battery_cycle_depth"] <= min(bound, dod) * (1 + 1e-9)
    assert battery.cycle_life(row["orbit.battery_cycle_depth"], chem) >= cycles * (1 - 1e-9)


@settings(max_examples=40, deadline=None)
@given(
    it_kw=st.floats(5, 2000),
    capacity=st.floats(5_000, 250_000),
    fairing=st.floats(20, 2000),
    array_w_per_kg=st.floats(30, 1500),
)
def test_model_packing_never_exceeds_payload_mass_or_volume(
    base, it_kw, capacity, fairing, array_w_per_kg
):
    p = {
        **base,
        "satellite.it_power": it_kw * 1e3,
        "launch.payload_capacity": capacity,
        "launch.fairing_volume": fairing,
        "power.array_specific_power": array_w_per_kg,
    }
    row = evaluate(p).row()
    k = row["orbit.satellites_per_launch"]
    if row["orbit.infeasible"] == 0:
        assert k >= 1 and k == int(k)
        assert k * row["orbit.satellite_mass"] <= capacity * 0.85 * (1 + 1e-12)
        assert k * row["orbit.satellite_volume"] <= fairing * 0.64 * (1 + 1e-12)
        assert row["orbit.n_launches"] == np.ceil(row["orbit.n_satellites"] / k)
