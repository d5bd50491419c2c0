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


def _orbit_nodes_loop(x, rate, shape, dose_rate, d50, spread, spares, hot, log_nodes, co, out):
    """``out[i, j]``: capacity fraction at ``tau = x[i] * NODES[j]`` (see :func:`orbit_nodes`)."""
    p, a0, a1, a2, a3, a4 = co[0], co[1], co[2], co[3], co[4], co[5]
    rs = math.sqrt(0.5)
    m = out.shape[1]
    pw = np.empty(m)  # u_j ** k, recomputed only when the Weibull shape changes
    k_last = math.nan
    for i in range(out.shape[0]):
        k = shape[i]
        if k != k_last:
            for j in range(m):
                pw[j] = math.exp(k * log_nodes[j])
            k_last = k
        hx = (rate[i] * x[i]) ** k
        sig = max(spread[i], 1e-12)
        q = dose_rate[i] * x[i] / d50[i]
        z0 = math.log(q) if q > 0.0 else (-math.inf if q == 0.0 else math.nan)
        sp = max(spares[i], 0.0)
        mult = 1.0 + sp if hot[i] > 0.5 else math.exp(sp)
        for j in range(m):
            h = hx * pw[j]
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


def _quadrature_loop(values, x, rate, nodes, weights, out):
    """``out[i] = x_i sum_j values[i, j] exp(-rate_i x_i u_j) w_j`` (see :func:`quadrature`)."""
    for i in range(out.shape[0]):
        rx = -(rate[i] * x[i])
        acc = 0.0
        for j in range(nodes.shape[0]):
            acc += values[i, j] * math.exp(rx * nodes[j]) * weights[j]
        out[i] = x[i] * acc


@functools.lru_cache(maxsize=1)
def _compiled() -> dict:
    import numba

    vec = numba.types.Array(numba.float64, 1, "A", readonly=True)
    mat = numba.types.Array(numba.float64, 2, "A", readonly=True)
    jit = functools.partial(numba.njit, cache=True, nogil=True, error_model="numpy")
    return {
        "nodes": jit(numba.void(*([vec] * 10), numba.float64[:, :]))(_orbit_nodes_loop),
        "quadrature": jit(numba.void(mat, *([vec] * 4), numba.float64[:]))(_quadrature_loop),
    }


def orbit_nodes(
    x: ArrayLike,
    rate: ArrayLike,
    shape: ArrayLike,
    dose_rate: ArrayLike,
    d50: ArrayLike,
    spread: ArrayLike,
    spares: ArrayLike,
    hot: ArrayLike,
    log_nodes: NDArray,
    erfc_coefficients: NDArray,
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
    log_nodes : numpy.ndarray
        Logarithms of the quadrature nodes on (0, 1)
        (:data:`orbitcompute.reliability.failures.LOG_NODES`).
    erfc_coefficients : numpy.ndarray
        ``p, a1 ... a5`` of Abramowitz & Stegun eq. 7.1.26
        (:data:`orbitcompute.reliability.failures.ERFC_COEFFICIENTS`).

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
    m = len(log_nodes)
    flat = [_read_only(a.reshape(-1)) for a in arrays]  # zero stride where a value is a scalar
    consts = [_read_only(np.asarray(c, dtype=float)) for c in (log_nodes, erfc_coefficients)]
    out = np.empty((flat[0].size, m))
    _compiled()["nodes"](*flat, *consts, out)
    return out.reshape(bshape + (m,))


def quadrature(
    values: ArrayLike, x: ArrayLike, rate: ArrayLike, nodes: NDArray, weights: NDArray
) -> NDArray:
    """``int_0^x c(tau) e^(-rate tau) dtau`` [s] by Gauss-Legendre, in one pass.

    Parameters
    ----------
    values : array_like
        ``c`` at the nodes ``tau = x * NODES`` (last axis: the nodes) [-].
    x : array_like
        Length of the interval [s].
    rate : array_like
        Continuous discount (or decay) rate [1/s].
    nodes, weights : numpy.ndarray
        Gauss-Legendre nodes on (0, 1) and weights
        (:data:`orbitcompute.reliability.failures.NODES`, ``WEIGHTS``).

    Returns
    -------
    numpy.ndarray
        ``x sum_j c_j exp(-rate x u_j) w_j``.
    """
    values = np.asarray(values, dtype=float)
    m = len(nodes)
    bshape = np.broadcast_shapes(values.shape[:-1], np.shape(x), np.shape(rate))
    v = np.broadcast_to(values, bshape + (m,)).reshape(-1, m)
    xs, rs = (np.broadcast_to(np.asarray(a, dtype=float), bshape).reshape(-1) for a in (x, rate))
    out = np.empty(v.shape[0])
    _compiled()["quadrature"](
        *(_read_only(np.asarray(a, dtype=float)) for a in (v, xs, rs, nodes, weights)), out
    )
    return out.reshape(bshape)


def _read_only(a: NDArray) -> NDArray:
    v = a.view()
    v.flags.writeable = False
    return v
