"""Servicing, replacement, ground repair, obsolescence."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from orbitcompute.constants import YEAR
from orbitcompute.registry import registry
from orbitcompute.reliability.obsolescence import (
    equivalent_factor,
    fitted_growth,
    generations,
)
from orbitcompute.reliability.strategies import (
    ground_availability,
    ground_capacity,
    satellite_replacements,
    servicing_missions,
)


def test_servicing_missions_counts():
    life = 5 * YEAR
    got = servicing_missions(life, np.array([0.0, 1.0, 2.0, 2.5, 5.0, 1e6]) * YEAR)
    assert_allclose(got, [0, 4, 2, 1, 0, 0])


def test_satellite_replacements():
    assert_allclose(satellite_replacements(np.array([5, 10, 11]) * YEAR, 5 * YEAR), [0, 1, 2])


def test_ground_availability_mtbf_mttr():
    """A = MTBF / (MTBF + MTTR) (Birolini, Reliability Engineering, 7th ed., eq. 6.48)."""
    mtbf, mttr = 11 * YEAR, 48 * 3600.0
    assert ground_availability(1 / mtbf, mttr) == pytest.approx(mtbf / (mtbf + mttr))
    assert ground_capacity(1 / mtbf, mttr, 0.02) == 1.0
    assert ground_capacity(1 / mtbf, mttr, 0.0) < 1.0


def test_equivalent_factor_compound():
    g = 0.26 / YEAR
    assert_allclose(equivalent_factor(np.array([0, 1, 5]) * YEAR, g), 1.26 ** -np.array([0, 1, 5]))


def test_growth_default_from_nvidia_generations():
    """NVIDIA datasheets (V100, A100, H100, HGX B200): dense FP16 TFLOPS per W. The registry
    default is the log-linear fit; the two-point V100 -> B200 growth is an independent check."""
    g = generations()
    fit = fitted_growth(g["year"], g["perf_per_watt"])
    two_point = (2250 / 1000 / (125 / 300)) ** (1 / (2024.9 - 2017.5)) - 1
    assert fit == pytest.approx(two_point, abs=0.03)
    default = registry()["obsolescence.perf_per_watt_growth"].default_si * YEAR
    assert default == pytest.approx(fit, abs=0.005)


def test_job_availability_llama3_order_of_magnitude():
    """Meta, Llama 3 (sec. 3.3.4): a 16,384-GPU job kept more than 90 % effective training time
    through 419 interruptions in 54 days. Our formula with that interruption rate and a
    restart-plus-lost-work of about 20 min per interruption gives about 90 %."""
    from orbitcompute.constants import DAY
    from orbitcompute.reliability.strategies import job_availability

    per_gpu_rate = 419 / (16384 * 54 * DAY)
    a = job_availability(16384, per_gpu_rate * 20 * 60)
    assert 0.85 < float(a) < 0.95
    assert job_availability(1, 0.0) == 1.0
