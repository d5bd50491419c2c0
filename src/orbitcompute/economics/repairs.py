"""Repairs on the ground: what fixing failed accelerators costs a year.

On the ground a failed accelerator is swapped for a spare and the failed unit goes back under
RMA or to a depot; orbit has no repair (its failures cost capacity, charged through the
surviving fraction). Charging the ground's repairs keeps the two sides on the same footing: each
pays for its failures, one in labour and parts, the other in lost hours.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def repair_cost_per_year(
    failure_rate: ArrayLike,
    accelerators: ArrayLike,
    labour_per_repair: ArrayLike,
    labour_rate: ArrayLike,
    parts_fraction: ArrayLike,
    accelerator_price: ArrayLike,
) -> NDArray:
    """Annual cost of repairing failed accelerators [USD/s].

    Parameters
    ----------
    failure_rate : array_like
        Failures needing a replacement per accelerator [1/s].
    accelerators : array_like
        Accelerators in service [-].
    labour_per_repair : array_like
        Technician time per failure: diagnose, swap the tray or module, test, ship the RMA [s].
    labour_rate : array_like
        Loaded cost of a data-center technician [USD/s].
    parts_fraction : array_like
        Parts paid per failure as a share of the accelerator's price, averaged over its life
        (failures inside the warranty cost no parts; outside it a module or board) [-].
    accelerator_price : array_like
        Price of one accelerator with its share of the server [USD].

    Returns
    -------
    numpy.ndarray
        ``lambda N (t_labour c_labour + f_parts P)`` [USD/s] (times the year: USD per year).

    Notes
    -----
    Failures at a constant rate are repaired as they occur (the spare pool keeps the slots
    filled; :func:`orbitcompute.reliability.strategies.ground_capacity`), so the expected
    number of repairs per unit time is ``lambda N`` (renewal theory: Birolini, *Reliability
    Engineering*, 7th ed., sec. 6.2) and each costs labour and parts.
    """
    per_repair = np.asarray(labour_per_repair, dtype=float) * np.asarray(
        labour_rate, dtype=float
    ) + np.asarray(parts_fraction, dtype=float) * np.asarray(accelerator_price, dtype=float)
    return (
        np.asarray(failure_rate, dtype=float) * np.asarray(accelerators, dtype=float) * per_repair
    )


__all__ = ["repair_cost_per_year"]
