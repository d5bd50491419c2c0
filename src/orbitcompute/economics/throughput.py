"""Cost per unit of work: the cost per delivered accelerator-hour over the accelerator's rating.

A GPU-hour of 2040 is not a GPU-hour of 2026: the outlook (and anyone comparing accelerators)
needs the cost per PFLOP-hour at the accelerator's dense tensor rating, which stays comparable
across generations. Both sides use the same accelerator, so the orbit/ground ratio is the same
on either basis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.constants import HOUR

#: Precisions whose dense rating is a registry parameter ``compute.accelerator_<p>_flops``.
PRECISIONS: tuple[str, ...] = ("bf16", "fp8")


def cost_per_flop(cost_per_gpu_hour: ArrayLike, flops: ArrayLike) -> np.ndarray:
    """Cost of one floating-point operation at the accelerator's rated throughput [USD].

    Parameters
    ----------
    cost_per_gpu_hour : array_like
        Levelized cost per delivered accelerator-hour [USD per accelerator-hour].
    flops : array_like
        Dense (no sparsity) tensor throughput of one accelerator [FLOP/s].

    Returns
    -------
    numpy.ndarray
        ``c / (F x 3600 s)`` [USD per FLOP]; interfaces show it per PFLOP/s-hour
        (``USD/(PFLOP/s)/h``, 3.6e18 FLOP).

    Notes
    -----
    The delivered hours already carry availability, failures and restarts; the rating is the
    datasheet's peak dense rate, so this is a cost per *rated* PFLOP-hour (model FLOPs
    utilization is the same on both sides and left out).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(cost_per_gpu_hour, dtype=float) / (np.asarray(flops, float) * HOUR)


def flop_costs(
    p: Mapping[str, np.ndarray], costs: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """``<side>.cost_per_<precision>_pflop_hour`` [USD/FLOP] for orbit and ground.

    Parameters
    ----------
    p : mapping
        Registry names to SI arrays (``compute.accelerator_<precision>_flops`` [FLOP/s]).
    costs : mapping
        Model outputs with ``orbit.cost_per_gpu_hour`` and ``ground.cost_per_gpu_hour``
        [USD per accelerator-hour].
    """
    return {
        f"{side}.cost_per_{prec}_pflop_hour": cost_per_flop(
            costs[f"{side}.cost_per_gpu_hour"], p[f"compute.accelerator_{prec}_flops"]
        )
        for side in ("orbit", "ground")
        for prec in PRECISIONS
    }


__all__ = ["PRECISIONS", "cost_per_flop", "flop_costs"]
