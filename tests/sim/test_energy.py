"""Coupled power, battery and heat: energy balance, analytic references, backends, streaming."""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.constants import AU, SIGMA
from orbitcompute.scenario import load_scenario
from orbitcompute.sim import simulate
from orbitcompute.sim.sun import datetime64_to_jd_tt, sun_position


def _values(*overrides):
    return load_scenario("today", list(overrides)).values


STRESSED = (  # small arrays and batteries, low temperature limit, drifting inclined orbits
    "orbit.sun_synchronous=0", "orbit.altitude=450", "sim.planes=3", "sim.per_plane=4",
    "sim.array_margin=0.8", "sim.battery_margin=0.6", "sim.max_temperature=318",
)  # fmt: skip


def test_energy_balance_to_1e_9_with_throttling():
    """generated = consumed + stored + curtailed to 1e-9 relative (issue 3), per satellite and
    in total, in a run where the battery floor and the temperature limit both throttle."""
    res = simulate(_values(*STRESSED), days=3, step=60)
    s = res.summary
    gen = s.energy_generated.values
    consumed = s.energy_load.values + s.energy_battery_loss.values
    stored = s.energy_stored.values
    curt = s.energy_curtailed.values
    assert np.all(np.abs(gen - consumed - stored - curt) <= 1e-9 * gen)
    assert res.totals["balance_residual_rel"] < 1e-9
    # the stored term equals the change of the battery state
    cap = res.design.battery_capacity
    assert np.allclose(stored, (s.final_soc.values - 1.0) * cap, rtol=0, atol=1e-6 * cap)
    # both throttles were exercised, so the balance was tested where it matters
    assert s.energy_throttled_battery.sum() > 0 and s.energy_throttled_thermal.sum() > 0
    assert float(s.delivered_fraction.max()) < 1.0
    assert float(s.min_soc.min()) == pytest.approx(0.7, abs=1e-9)  # never below 1 - DoD
    assert float(s.peak_temperature.max()) <= 320.0 + 1e-6  # the design point it starts at


def test_numba_and_numpy_backends_agree():
    """The compiled kernel and the numpy loop are two codings of the same recurrence."""
    pytest.importorskip("numba")
    v = _values(*STRESSED)
    a = simulate(v, days=0.5, step=60, use_numba=True)
    b = simulate(v, days=0.5, step=60, use_numba=False)
    for name in ("energy_generated", "energy_it_delivered", "min_soc", "peak_temperature",
                 "eclipse_count", "longest_eclipse"):  # fmt: skip
        np.testing.assert_allclose(a.summary[name], b.summary[name], rtol=1e-10)


def test_streaming_reductions_equal_full_series_and_do_not_depend_on_chunks():
    v = _values(*STRESSED)
    full = simulate(v, days=2, step=120, mode="full", dtype=np.float64)
    red = simulate(v, days=2, step=120, mode="reduce", chunk_steps=37, dtype=np.float64)
    assert red.series is None and full.series is not None
    for name in ("sunlit_fraction", "eclipse_count", "longest_eclipse", "min_soc",
                 "peak_temperature", "delivered_fraction"):  # fmt: skip
        np.testing.assert_allclose(full.summary[name], red.summary[name], rtol=1e-9)
    # the series reduce to the summary
    np.testing.assert_allclose(
        full.series.illuminated_fraction.mean("time"), full.summary.sunlit_fraction, rtol=1e-6
    )
    np.testing.assert_allclose(full.series.soc.min("time"), full.summary.min_soc, rtol=1e-6)


def test_battery_depth_matches_hand_calculation_for_36_1_min_eclipse():
    """400 km, beta = 0 (noon-midnight polar orbit): the battery carries the load through the
    published 36.1 min eclipse (shared/REFERENCE.md), so the depth of discharge is
    L x 36.1 min / (eta_d x capacity), L = (P_IT + P_bus) / eta_conv (SMAD 3rd ed. 11.4)."""
    start = np.datetime64("2026-03-20T12:00", "ns")
    s, _ = sun_position(datetime64_to_jd_tt(start))
    ra_h = np.degrees(np.arctan2(s[1], s[0])) % 360 / 15
    v = _values("orbit.sun_synchronous=0", "orbit.inclination=90", "orbit.altitude=400",
                f"sim.raan={ra_h * 15}", "sim.battery_margin=2")  # fmt: skip
    res = simulate(v, start=start, days=0.2, step=10)
    d = res.design
    load = (d.it_power + d.bus_power) / d.eta_conv
    depth = load * 36.1 * 60 / d.eta_discharge / d.battery_capacity
    assert float(res.summary.min_soc[0]) == pytest.approx(1 - depth[0], abs=0.004)
    assert float(res.summary.longest_eclipse[0]) / 60 == pytest.approx(36.1, abs=0.2)
    assert float(res.summary.delivered_fraction[0]) == 1.0


def test_radiator_reaches_stefan_boltzmann_equilibrium():
    """No eclipse (dawn-dusk SSO in June), no Earth view: the radiator settles at
    T = ((Q_int + Q_sun) / (sides eta_fin eps sigma A))^(1/4) (Stefan-Boltzmann;
    Gilmore, Spacecraft Thermal Control Handbook, 2002, ch. 2)."""
    v = _values("thermal.earth_view_factor=0", "sim.max_temperature=500")
    start = np.datetime64("2026-06-10", "ns")
    res = simulate(v, start=start, days=1.0, step=60, mode="full")
    assert float(res.summary.sunlit_fraction[0]) == 1.0
    d = res.design
    load = float((d.it_power + d.bus_power)[0] / d.eta_conv[0])
    _, dist = sun_position(datetime64_to_jd_tt(start + np.timedelta64(1, "D")))
    q_sun = (
        v["thermal.solar_absorptivity"] * v["thermal.sun_view_factor"]
        * v["power.solar_constant"] * (AU / dist) ** 2 * d.radiator_area[0]
    )  # fmt: skip
    coef = v["thermal.sides"] * v["thermal.fin_efficiency"] * v["thermal.emissivity"] * SIGMA
    t_eq = ((load + q_sun) / (coef * d.radiator_area[0])) ** 0.25
    assert float(res.series.temperature[-1, 0]) == pytest.approx(t_eq, abs=0.05)


def test_thermal_limit_throttles_to_the_radiative_capacity():
    """With the limit below the design temperature, compute is cut to what the radiator can
    reject at the limit: P_IT = eta_conv (R T_max^4 - Q_env) - P_bus (steady state)."""
    v = _values("thermal.earth_view_factor=0", "sim.max_temperature=300")
    start = np.datetime64("2026-06-10", "ns")
    res = simulate(v, start=start, days=1.0, step=60, mode="full")
    d = res.design
    assert float(res.summary.peak_temperature[0]) <= 320.0 + 1e-6  # started at design point
    assert float(res.series.temperature[-1, 0]) == pytest.approx(300.0, abs=0.01)
    _, dist = sun_position(datetime64_to_jd_tt(start + np.timedelta64(1, "D")))
    q_sun = (
        v["thermal.solar_absorptivity"] * v["thermal.sun_view_factor"]
        * v["power.solar_constant"] * (AU / dist) ** 2 * d.radiator_area[0]
    )  # fmt: skip
    it = d.eta_conv[0] * (d.radiative_coefficient[0] * 300.0**4 - q_sun) - d.bus_power[0]
    assert float(res.series.it_power[-1, 0]) == pytest.approx(it, rel=2e-3)


def test_float32_geometry_agrees_with_float64():
    """float32 trigonometry (25x faster) changes the summary by less than 1e-5."""
    v = _values(*STRESSED)
    a = simulate(v, days=2, step=60, mode="reduce", dtype=np.float32)
    b = simulate(v, days=2, step=60, mode="reduce", dtype=np.float64)
    for name in ("sunlit_fraction", "delivered_fraction", "min_soc"):
        np.testing.assert_allclose(a.summary[name], b.summary[name], atol=1e-5)


def test_streaming_memory_does_not_grow_with_the_period():
    """Peak traced allocation of a reduce-mode run is set by the chunk, not by the period."""
    import tracemalloc

    v = _values("sim.planes=4", "sim.per_plane=5", "orbit.sun_synchronous=0")
    peaks = []
    for days in (2, 16):
        tracemalloc.start()
        simulate(v, days=days, step=60, mode="reduce", chunk_steps=720)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.3 * peaks[0], peaks


@pytest.mark.parametrize(
    "overrides",
    [[], ["orbit.ltan=10.5", "orbit.altitude=550"], ["battery.round_trip_efficiency=0.8"]],
)
def test_design_equals_the_static_sizing_for_the_same_eclipse(overrides):
    """The simulation sizes each satellite with the static model's physics functions: with its
    margins at 1 and no minimum autonomy, for the static model's longest eclipse, the array,
    battery and radiator equal the static design per satellite (design.orbital.size_orbital;
    SMAD 3rd ed. sec. 11.4, Gilmore 2002 ch. 2 and 6) to 1e-12."""
    from orbitcompute.design.orbital import size_orbital
    from orbitcompute.sim.energy import size_design

    v = _values("sim.array_margin=1", "sim.battery_margin=1", "sim.battery_min_autonomy=0",
                *overrides)  # fmt: skip
    st = size_orbital({k: np.array([x]) for k, x in v.items()})
    n = st["n_satellites"]
    assert float(st["it_power_per_satellite"][0]) == pytest.approx(v["satellite.it_power"])
    longest = st["longest_eclipse"]
    d = size_design(v, longest / st["period"], longest)
    np.testing.assert_allclose(d.array_rated_power, st["array_power_bol"] / n, rtol=1e-12)
    np.testing.assert_allclose(d.array_area, st["array_area"] / n, rtol=1e-12)
    np.testing.assert_allclose(d.battery_capacity, st["battery_energy"] / n, rtol=1e-12)
    np.testing.assert_allclose(d.radiator_area, st["radiator_area"] / n, rtol=1e-12)


def test_radiator_that_cannot_reject_heat_is_a_scenario_error():
    """Like the static model's infeasibility code 1, but the simulation cannot run it."""
    from orbitcompute.errors import ScenarioError
    from orbitcompute.sim.energy import size_design

    v = dict(_values())
    v["thermal.radiator_temperature"] = 150.0  # emits 52 W/m^2 per side, absorbs more
    with pytest.raises(ScenarioError, match="thermal.radiator_temperature"):
        size_design(v, np.array([0.3]), np.array([1800.0]))
