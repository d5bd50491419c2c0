"""Time-to-power: the value of compute lost while one side waits for power.

References
----------
Short, Packey & Holt (1995), NREL/TP-462-5173, ch. 4 (present value, levelizing) — the
continuous-discounting form below is the same present-value algebra.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import YEAR


def delay_cost_per_gpu_hour(
    delay: ArrayLike, price: ArrayLike, rate: ArrayLike, horizon: ArrayLike
) -> np.ndarray:
    """Value of compute forgone by starting ``delay`` later, per GPU-hour then delivered [USD].

    Parameters
    ----------
    delay : array_like
        Start of this side minus start of the other [s]; negative delays count as 0 (the
        other side bears the cost).
    price : array_like
        Market value of one accelerator-hour [USD per accelerator-hour].
    rate : array_like
        Annual discount rate [-].
    horizon : array_like
        Service life over which the delivered GPU-hours are levelized [s].

    Returns
    -------
    numpy.ndarray
        ``p (e^(rho D) - 1) / (1 - e^(-rho L))`` [USD per accelerator-hour], with
        ``rho = ln(1 + r)`` per year, ``D`` the delay and ``L`` the horizon in years;
        ``p D / L`` when ``r = 0``; 0 when ``D <= 0``.

    Notes
    -----
    Both sides deliver ``G`` GPU-hours a year for ``L`` years from their start. The slower one
    forgoes ``p G int_0^D e^(-rho t) dt`` (valued at the faster start), levelized over its own
    delivered hours ``G int_D^(D+L) e^(-rho t) dt``; the ratio is the expression above.
    """
    d = np.maximum(np.asarray(delay, dtype=float), 0.0) / YEAR
    L = np.asarray(horizon, dtype=float) / YEAR
    rho = np.log1p(np.asarray(rate, dtype=float))
    small = rho * np.maximum(L, d) < 1e-9
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = np.expm1(rho * d) / -np.expm1(-rho * np.where(small, 1.0, L))
    return np.asarray(price, dtype=float) * np.where(small, d / L, exact)


def delay_cost_function(
    price: ArrayLike, rate: ArrayLike, horizon: ArrayLike
) -> Callable[[ArrayLike], np.ndarray]:
    """:func:`delay_cost_per_gpu_hour` with the delay-independent terms computed once.

    Parameters
    ----------
    price : array_like
        Market price of an accelerator-hour [USD/h].
    rate : array_like
        Annual discount rate [-].
    horizon : array_like
        Analysis horizon [s].

    Returns
    -------
    callable
        Function of the delay [s] giving the delay cost per GPU-hour [USD/h].

    Notes
    -----
    Returns a function of the delay [s] (used for several options per model call).
    """
    price = np.asarray(price, dtype=float)
    L = np.asarray(horizon, dtype=float) / YEAR
    rho = np.log1p(np.asarray(rate, dtype=float))
    if np.any(rho * L < 1e-9):  # rare (zero discount rate): take the general path
        return lambda delay: delay_cost_per_gpu_hour(delay, price, rate, horizon)
    scale = price / -np.expm1(-rho * L)
    rho_per_s = rho / YEAR

    def cost(delay: ArrayLike) -> np.ndarray:
        return scale * np.expm1(rho_per_s * np.maximum(delay, 0.0))

    return cost
