"""Obsolescence: a GPU-hour on an old chip is worth less than one on today's chip.

Vectorized; ages in seconds, growth as an annual fraction expressed per second (registry unit
``%/yr``), as everywhere in the model.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.constants import YEAR
from orbitcompute.data import table


def decay_rate(growth: ArrayLike) -> NDArray:
    """Continuous rate at which an installed chip loses value against the newest one [1/s].

    Parameters
    ----------
    growth : array_like
        Annual improvement of performance per watt of new accelerators, as a fraction per
        year expressed in SI (registry ``%/yr``, i.e. ``g / YEAR``) [1/s].

    Notes
    -----
    ``gamma = ln(1 + g) / yr`` so that ``exp(-gamma t) = (1 + g)^(-t / yr)``.
    """
    return np.log1p(np.asarray(growth, float) * YEAR) / YEAR


def equivalent_factor(age: ArrayLike, growth: ArrayLike) -> NDArray:
    """Today's-accelerator-equivalent hours per raw hour of a chip of age ``age`` [-].

    ``(1 + g)^(-age / yr)``: the work a chip ``age`` old does, counted in hours of the newest
    chip at equal power, which is what the power- and mass-limited orbital node trades against.
    """
    return np.exp(-decay_rate(growth) * np.maximum(np.asarray(age, float), 0.0))


@functools.lru_cache(maxsize=1)
def generations() -> dict[str, NDArray]:
    """NVIDIA GPU generations shipped as ``data/accelerator_generations.csv``.

    Returns ``year`` [yr, calendar] and ``perf_per_watt`` [FLOP/s/W] arrays.
    """
    t = table("accelerator_generations")
    ppw = t.column("dense_fp16_tflops") * 1e12 / t.column("power_w")
    return {"year": t.column("year"), "perf_per_watt": ppw}


def fitted_growth(year: ArrayLike, perf_per_watt: ArrayLike) -> float:
    """Annual growth of performance per watt from a log-linear least-squares fit [1/yr].

    Notes
    -----
    ``ln(p) = a + b y``; growth ``= e^b - 1``.
    """
    b = np.polyfit(np.asarray(year, float), np.log(np.asarray(perf_per_watt, float)), 1)[0]
    return float(np.expm1(b))


__all__ = ["decay_rate", "equivalent_factor", "fitted_growth", "generations"]
