"""Space vs ground solar at the same sites."""

import pytest

from orbitcompute.constants import YEAR
from orbitcompute.ground.resource import solar_comparison
from orbitcompute.model import complete, evaluate
from orbitcompute.scenario import load_scenario


def test_space_vs_ground_solar():
    sc = load_scenario()
    row = evaluate(sc.params()).row(0)
    p, _ = complete(sc.params())
    t = solar_comparison(p, row)
    orbit = t.loc["orbit (this scenario)"]
    # hand calc: 1361 W/m2 x 0.30 x 0.85 x 0.98 x sunlit x 8766 h
    ref = 1361 * 0.30 * 0.85 * 0.98 * row["orbit.sunlit_fraction"] * YEAR / 3.6e6
    assert orbit["kWh_per_m2_year"] == pytest.approx(ref, rel=1e-9)
    ground = t.drop("orbit (this scenario)")
    # NREL: US utility PV yields roughly 150-400 kWh per m2 of module per year
    assert ((ground["kWh_per_m2_year"] > 150) & (ground["kWh_per_m2_year"] < 400)).all()
    assert (orbit["kWh_per_m2_year"] > 5 * ground["kWh_per_m2_year"]).all()
    assert (orbit["array_m2_per_kW_24h"] < ground["array_m2_per_kW_24h"]).all()
