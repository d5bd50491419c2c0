"""Fused element-wise kernels of the reliability quadrature (numba).

:func:`orbit_nodes` is the hot loop of :func:`orbitcompute.model.evaluate` (issue 21): the
capacity fraction of the orbital fleet at the eight Gauss-Legendre nodes of every sample, one
Weibull survival, one dose survival (a normal CDF) and the spares rule per node. In numpy each
of its ~25 steps is a pass over an (n, 8) temporary (the normal CDF alone took about a third of
the model's time); here every node is computed in registers in one pass, with the same formulas
in the same order, so results agree with the numpy expressions to a few ulp (exp, log and pow
come from the C library instead of numpy's SIMD routines).

numba is imported and the kernel compiled (or loaded from numba's on-disk cache) on the first
call, not when the package is imported, so commands that never evaluate the model do not pay
for it. The kernel is a plain loop over samples: a sample's value does not depend on the
others, on the block size or on the thread (``nogil``: blocks run in parallel threads).

References
----------
S. K. Lam, A. Pitrou and S. Seibert, "Numba: a LLVM-based Python JIT compiler", Proc. LLVM
Compiler Infrastructure in HPC (2015), doi:10.1145/2833157.2833162.
M. Abramowitz and I. A. Stegun, Handbook of Mathematical Functions (1964), eq. 7.1.26.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orbitcompute.reliability.failures import _AS_A, _AS_P, LOG_NODES


def _orbit_nodes_loop(x, rate, shape, dose_rate, d50, spread, spares, hot, log_nodes, out):
    """``out[i, j]``: capacity fraction at ``tau = x[i] * NODES[j]`` (see :func:`orbit_nodes`)."""
    a0, a1, a2, a3, a4 = _AS_A
    p = _AS_P
    rs = math.sqrt(0.5)
    for i in range(out.shape[0]):
        k = shape[i]
        hx = (rate[i] * x[i]) ** k
        sig = max(spread[i], 1e-12)
        q = dose_rate[i] * x[i] / d50[i]
        z0 = math.log(q) if q > 0.0 else (-math.inf if q == 0.0 else math.nan)
        sp = max(spares[i], 0.0)
        mult = 1.0 + sp if hot[i] > 0.5 else math.exp(sp)
        for j in range(out.shape[1]):
            h = hx * math.exp(k * log_nodes[j])
            # normal CDF of -(z0 + ln u_j) / sig: Abramowitz & Stegun 7.1.26, as failures.ndtr
            z = (-(z0 + log_nodes[j]) / sig) * -rs
            a = abs(z)
            t = 1.0 / (a * p + 1.0)
            poly = a4
            poly = poly * t + a3
            poly = poly * t + a2
            poly = poly * t + a1
            poly = poly * t + a0
            poly = poly * t
            poly = poly * math.exp(-(a * a))
            poly = poly * 0.5
            nd = poly if z >= 0.0 else 1.0 - poly
            s = math.exp(-h) * nd
            c = mult * s
            out[i, j] = 1.0 if c > 1.0 else c  # np.minimum(1, c): NaN stays NaN


@functools.lru_cache(maxsize=1)
def _compiled():
    import numba

    vec = numba.types.Array(numba.float64, 1, "A", readonly=True)
    sig = numba.void(*([vec] * 9), numba.float64[:, :])
    return numba.njit(sig, cache=True, nogil=True, error_model="numpy")(_orbit_nodes_loop)


def orbit_nodes(
    x: ArrayLike,
    rate: ArrayLike,
    shape: ArrayLike,
    dose_rate: ArrayLike,
    d50: ArrayLike,
    spread: ArrayLike,
    spares: ArrayLike,
    hot: ArrayLike,
) -> NDArray:
    """Orbit capacity fraction at ``tau = x * NODES`` [-], shape ``broadcast + (len(NODES),)``.

    Parameters
    ----------
    x : array_like
        Length of the interval whose nodes are evaluated [s].
    rate, shape : array_like
        Weibull rate [1/s] and shape [-] of random failures.
    dose_rate, d50, spread : array_like
        Dose rate [Gy/s], median tolerated dose [Gy] and log-normal spread [-] of wear-out.
    spares, hot : array_like
        Spares per active unit [-]; 1 for hot spares, 0 for cold.

    Returns
    -------
    numpy.ndarray
        ``min(1, m S(tau))`` with ``S = exp(-(rate tau)^shape) Phi(-ln(D' tau / D50) / spread)``
        and ``m = 1 + spares`` (hot) or ``exp(spares)`` (cold), as
        :func:`orbitcompute.reliability.failures.survival` and
        :func:`~orbitcompute.reliability.failures.capacity_fraction` compute it.
    """
    arrays = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (x, rate, shape, dose_rate, d50, spread, spares, hot))
    )
    bshape = arrays[0].shape
    flat = [_read_only(a.reshape(-1)) for a in (*arrays, LOG_NODES)]  # zero stride: a scalar
    out = np.empty((flat[0].size, LOG_NODES.size))
    _compiled()(*flat, out)
    return out.reshape(bshape + (LOG_NODES.size,))


def _read_only(a: NDArray) -> NDArray:
    v = a.view()
    v.flags.writeable = False
    return v
