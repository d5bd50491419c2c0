"""Discounting and capital recovery.

References
----------
Short, Packey & Holt, *A Manual for the Economic Evaluation of Energy Efficiency and Renewable
Energy Technologies*, NREL/TP-462-5173 (1995): capital recovery factor (eq. 4-?) and levelized
cost; numpy-financial ``pmt``/``pv`` give the same annuities (tested).

Everything here is discounting; what is discounted (GPU-hours, servicing visits) comes from
:mod:`orbitcompute.reliability` as physical quantities.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import YEAR
from orbitcompute.reliability.strategies import servicing_missions, servicing_period


def capital_recovery_factor(rate: ArrayLike, life: ArrayLike) -> np.ndarray:
    """Uniform annual payment per unit of present capital [1/yr].

    Parameters
    ----------
    rate : array_like
        Annual discount rate [-].
    life : array_like
        Life of the asset [s].

    Returns
    -------
    numpy.ndarray
        ``r / (1 - (1 + r)^-n)`` with ``n`` in years; ``1/n`` when ``r = 0``.
    """
    r = np.asarray(rate, dtype=float)
    n = np.asarray(life, dtype=float) / YEAR
    growth = -np.expm1(-n * np.log1p(r))  # 1 - (1+r)^-n, accurate for small r
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = np.where(r > 0, r / np.where(growth > 0, growth, 1.0), 1.0 / n)
    return crf


def annuity_factor(rate: ArrayLike, years: ArrayLike) -> np.ndarray:
    """Present value of 1 per year for ``years`` [s] at ``rate``: ``1 / CRF`` [yr]."""
    return 1.0 / capital_recovery_factor(rate, years)


def construction_financing_factor(rate: ArrayLike, duration: ArrayLike) -> np.ndarray:
    """Capital at start of operation per unit spent evenly over ``duration`` [s] before it.

    ``((1 + r)^T - 1) / (T ln(1 + r))`` (continuous uniform spending compounded to the start of
    operation); 1 when ``T = 0`` or ``r = 0``.
    """
    r = np.asarray(rate, dtype=float)
    t = np.asarray(duration, dtype=float) / YEAR
    x = t * np.log1p(r)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 1e-12, np.expm1(x) / np.where(x > 1e-12, x, 1.0), 1.0 + 0.5 * x)


def visits_pv_factor(life: ArrayLike, interval: ArrayLike, rate: ArrayLike) -> np.ndarray:
    """Present value of one unit of cost paid at each servicing visit of one life [-].

    Parameters
    ----------
    life : array_like
        Satellite life [s].
    interval : array_like
        Servicing interval [s]; 0 means no servicing (registry convention).
    rate : array_like
        Continuous discount rate ``ln(1 + r) / yr`` [1/s].

    Returns
    -------
    numpy.ndarray
        ``sum_{k=1}^{n} e^(-rate k T)`` with ``n`` visits from
        :func:`orbitcompute.reliability.strategies.servicing_missions` (none at launch or at
        end of life); 0 without servicing.
    """
    n = servicing_missions(life, interval)
    per = servicing_period(interval)
    r = np.asarray(rate, dtype=float)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        x = np.where(np.isfinite(per), r * per, 1.0)  # (0 x inf without servicing: unused)
        geo = np.where(
            x > 1e-12,
            np.exp(-x) * np.expm1(-x * n) / np.where(x > 1e-12, np.expm1(-x), 1.0),
            n,
        )
    return np.where(n > 0, geo, 0.0)
