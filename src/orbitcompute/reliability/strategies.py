"""Maintenance strategies: spares and servicing in orbit, repair and refresh on the ground.

Vectorized; SI units (s, 1/s, kg). Prices are applied in :mod:`orbitcompute.economics`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def servicing_period(interval: ArrayLike) -> NDArray:
    """Servicing interval [s], the registry convention ``0 = no servicing`` mapped to ``inf``."""
    iv = np.asarray(interval, float)
    return np.where(iv > 0, iv, np.inf)


def servicing_missions(life: ArrayLike, interval: ArrayLike) -> NDArray:
    """Servicing visits during one satellite life (none at launch or at end of life) [-].

    ``max(ceil(L / T) - 1, 0)``; ``T = inf`` (no servicing) gives 0.
    """
    life = np.asarray(life, float)
    per = servicing_period(interval)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = np.ceil(life / per) - 1.0
    return np.maximum(np.nan_to_num(n, nan=0.0), 0.0)


def satellite_replacements(horizon: ArrayLike, lifetime: ArrayLike) -> NDArray:
    """Whole-satellite replacements (deorbit and relaunch) within an analysis horizon [-].

    ``ceil(H / L) - 1``: the first fleet is launched at 0, each later one at the end of life.
    """
    return np.maximum(np.ceil(np.asarray(horizon, float) / np.asarray(lifetime, float)) - 1.0, 0.0)


def ground_availability(rate: ArrayLike, mttr: ArrayLike) -> NDArray:
    """Steady-state availability of one repairable accelerator [-].

    ``A = MTBF / (MTBF + MTTR) = 1 / (1 + rate MTTR)`` (alternating renewal process).

    References
    ----------
    Birolini, Reliability Engineering, 7th ed. (2017), eq. (6.48) (one item, repair).
    """
    return 1.0 / (1.0 + np.asarray(rate, float) * np.asarray(mttr, float))


def ground_capacity(rate: ArrayLike, mttr: ArrayLike, spares_fraction: ArrayLike) -> NDArray:
    """Fraction of the ground cluster's slots doing work, with on-site hot spares [-].

    ``min(1, (1 + s) A)`` (large fleet): a failed unit's slot is refilled from the spare pool
    while the failed one is in repair.
    """
    a = ground_availability(rate, mttr)
    return np.minimum(1.0, (1.0 + np.maximum(np.asarray(spares_fraction, float), 0.0)) * a)


def job_availability(job_size: ArrayLike, lost_time_rate: ArrayLike) -> NDArray:
    """Share of time a synchronous job of ``J`` accelerators does useful work [-].

    Parameters
    ----------
    job_size : array_like
        Accelerators in one job ``J`` [-]; any interruption of one stops all of them.
    lost_time_rate : array_like
        Time lost per unit time per accelerator if it worked alone, ``sum_i rate_i x lost_i``
        over the causes of interruption (restart, reload, recompute) [-].

    Notes
    -----
    Alternating renewal process of the job: interruptions arrive at ``J`` times the
    per-accelerator rate, so ``A = 1 / (1 + J sum_i rate_i lost_i)``.

    References
    ----------
    Birolini, Reliability Engineering, 7th ed. (2017), eq. (6.48); Meta, The Llama 3 Herd of
    Models (2024) sec. 3.3.4 (job-wide restarts of a 16,384-GPU training job).
    """
    return 1.0 / (1.0 + np.asarray(job_size, float) * np.asarray(lost_time_rate, float))


__all__ = [
    "job_availability",
    "ground_availability",
    "ground_capacity",
    "satellite_replacements",
    "servicing_missions",
    "servicing_period",
]
