"""Discounting and capital recovery.

References
----------
Short, Packey & Holt, *A Manual for the Economic Evaluation of Energy Efficiency and Renewable
Energy Technologies*, NREL/TP-462-5173 (1995): capital recovery factor (eq. 4-?) and levelized
cost; numpy-financial ``pmt``/``pv`` give the same annuities (tested).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import YEAR


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


def discounted_mean_survival(hazard: ArrayLike, rate: ArrayLike, life: ArrayLike) -> np.ndarray:
    """Discount-weighted mean of ``exp(-lambda t)`` over ``[0, L]`` [-].

    Parameters
    ----------
    hazard : array_like
        Constant failure rate without repair [1/s].
    rate : array_like
        Annual discount rate [-].
    life : array_like
        Period [s].

    Returns
    -------
    numpy.ndarray
        ``int exp(-(lambda + rho) t) dt / int exp(-rho t) dt`` over ``[0, L]``, with
        ``rho = ln(1 + r)`` per year: the capacity a levelized cost should divide by.
    """
    lam = np.asarray(hazard, dtype=float)
    rho = np.log1p(np.asarray(rate, dtype=float)) / YEAR
    L = np.asarray(life, dtype=float)
    return _int_exp(lam + rho, L) / _int_exp(rho, L)


def _int_exp(k: np.ndarray, L: np.ndarray) -> np.ndarray:
    """``int_0^L exp(-k t) dt`` = ``-expm1(-k L) / k``, = ``L`` at ``k = 0``."""
    kl = k * L
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(kl > 1e-12, -np.expm1(-kl) / np.where(k > 0, k, 1.0), L * (1 - 0.5 * kl))
