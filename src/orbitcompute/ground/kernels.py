"""Fused table interpolation for the solar + storage sizing lookup (numba; issue 21).

:func:`orbitcompute.ground.solar.lookup` reads five quantities from flat sizing tables at four
lattice corners per sample and blends them with bilinear weights: in numpy that is twenty
gathers and some thirty passes over the samples, the largest single item of the model's
profile after the reliability quadrature. :func:`blend` does it in one pass with the same
arithmetic in the same order (``w00 t0 + w01 t1 + w10 t2 + w11 t3``, left to right), so the
result is bit for bit the numpy expression's. numba is imported and the loop compiled (or
loaded from numba's disk cache) on the first call.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import NDArray


def _blend_loop(tables, base, step, w00, w01, w10, w11, out):
    for i in range(base.shape[0]):
        b = base[i]
        for c in range(tables.shape[0]):
            t = tables[c]
            out[c, i] = (
                w00[i] * t[b] + w01[i] * t[b + 1] + w10[i] * t[b + step] + w11[i] * t[b + step + 1]
            )


@functools.lru_cache(maxsize=1)
def _compiled():
    import numba

    vec = numba.types.Array(numba.float64, 1, "A", readonly=True)
    idx = numba.types.Array(numba.int64, 1, "A", readonly=True)
    mat = numba.types.Array(numba.float64, 2, "A", readonly=True)
    sig = numba.void(mat, idx, numba.int64, vec, vec, vec, vec, numba.float64[:, :])
    return numba.njit(sig, cache=True, nogil=True, boundscheck=False)(_blend_loop)


def blend(tables: NDArray, base: NDArray, step: int, w00, w01, w10, w11) -> NDArray:
    """Bilinear blend of every row of ``tables`` at flat corners ``base``, ``base + 1``,
    ``base + step``, ``base + step + 1``.

    Parameters
    ----------
    tables : numpy.ndarray
        (q, m) flat tables, one row per quantity.
    base : array_like of int
        Flat index of the lower corner of each sample.
    step : int
        Flat distance to the corner along the second axis.
    w00, w01, w10, w11 : array_like
        Corner weights [-].

    Returns
    -------
    numpy.ndarray
        (q,) + broadcast shape: ``w00 t[base] + w01 t[base+1] + w10 t[base+step] +
        w11 t[base+step+1]`` per quantity.
    """
    arrays = np.broadcast_arrays(
        np.asarray(base, dtype=np.int64),
        *(np.asarray(w, dtype=float) for w in (w00, w01, w10, w11)),
    )
    shape = arrays[0].shape
    flat = [_read_only(a.reshape(-1)) for a in arrays]
    if flat[0].size and (flat[0].min() < 0 or flat[0].max() + step + 1 >= tables.shape[1]):
        raise IndexError("table corner outside the table")
    out = np.empty((tables.shape[0], flat[0].size))
    _compiled()(
        _read_only(np.ascontiguousarray(tables, dtype=float)), flat[0], int(step), *flat[1:], out
    )
    return out.reshape((tables.shape[0],) + shape)


def _read_only(a: NDArray) -> NDArray:
    v = a.view()
    v.flags.writeable = False
    return v
