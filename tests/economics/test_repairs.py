"""Ground repairs: expected repairs of a renewal process, priced in labour and parts."""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.constants import HOUR, YEAR
from orbitcompute.economics.repairs import repair_cost_per_year


def test_repairs_match_a_simulated_renewal_process():
    # Independent reference: 2,000 slots whose units fail with exponential lifetimes and are
    # replaced at once (a renewal process, Birolini 7th ed. sec. 6.2), simulated for 5 years;
    # repairs counted and priced one by one.
    rng = np.random.default_rng(5)
    rate, n, years = 0.091, 2000, 5.0
    repairs = 0
    for _ in range(n):
        t = rng.exponential(1 / rate)
        while t < years:
            repairs += 1
            t += rng.exponential(1 / rate)
    labour_h, wage, parts, price = 3.0, 60.0, 0.24, 62_500.0
    simulated = repairs / years * (labour_h * wage + parts * price)
    ours = repair_cost_per_year(rate / YEAR, n, labour_h * HOUR, wage / HOUR, parts, price) * YEAR
    assert ours == pytest.approx(simulated, rel=0.05)  # 2,000 x 5 x 9.1 % = 910 events, 3 %


def test_default_cluster_order_of_magnitude():
    # Issue 15: 9.1 %/yr x 55,944 accelerators = 5,091 repairs a year; at full price that is
    # the quoted ~318 M USD/yr upper bound; at 3 h x 60 USD/h and 24 % parts about 77 M USD.
    full = repair_cost_per_year(0.091 / YEAR, 55_944, 0.0, 0.0, 1.0, 62_500) * YEAR
    assert full == pytest.approx(318e6, rel=0.01)
    typical = repair_cost_per_year(0.091 / YEAR, 55_944, 3 * HOUR, 60 / HOUR, 0.24, 62_500)
    assert typical * YEAR == pytest.approx(5091 * (180 + 15_000), rel=1e-3)
