"""Levelized cost of energy with capital recovery (vectorized, SI: USD per J).

References
----------
Short, Packey & Holt (1995), A Manual for the Economic Evaluation of Energy Efficiency and
Renewable Energy Technologies, NREL/TP-462-5173, ch. 4 (levelized cost, capital recovery).
Lazard, Levelized Cost of Energy+ (June 2025), LCOE v18.0 methodology appendix.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import YEAR
from orbitcompute.economics.finance import capital_recovery_factor


def levelized_cost(
    capex: ArrayLike,
    fixed_om: ArrayLike,
    capacity_factor: ArrayLike,
    rate: ArrayLike,
    life: ArrayLike,
    variable_om: ArrayLike = 0.0,
    fuel: ArrayLike = 0.0,
) -> np.ndarray:
    """Levelized cost of energy of a plant [USD/J].

    Parameters
    ----------
    capex : array_like
        Overnight capital cost per W of capacity [USD/W].
    fixed_om : array_like
        Fixed operation and maintenance per W of capacity [USD/(W s)].
    capacity_factor : array_like
        Mean output over capacity [-].
    rate : array_like
        Annual discount rate [-].
    life : array_like
        Capital recovery period [s].
    variable_om : array_like
        Variable operation and maintenance [USD/J].
    fuel : array_like
        Fuel cost per J of electricity (fuel price x heat rate) [USD/J].

    Returns
    -------
    numpy.ndarray
        Levelized cost [USD/J].

    Notes
    -----
    ``LCOE = (capex x CRF(r, n) / yr + FOM) / CF + VOM + fuel``, the annualized form of Short
    et al. (1995) eq. 4-5 with ``CRF = r / (1 - (1 + r)^-n)``.
    """
    crf = capital_recovery_factor(rate, life) / YEAR  # per second
    capex, fixed_om, cf = (np.asarray(x, dtype=float) for x in (capex, fixed_om, capacity_factor))
    return (capex * crf + fixed_om) / cf + np.asarray(variable_om) + np.asarray(fuel)
