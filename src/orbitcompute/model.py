"""``evaluate(params) -> Results``: the one vectorized model every command runs.

Like pvlib's ModelChain, this only composes pure functions: size the data links from the
workload (:mod:`orbitcompute.design.comms`), the orbital segment
(:mod:`orbitcompute.design.orbital`), its reliability (:mod:`orbitcompute.reliability.fleet`),
cost it line by line (:mod:`orbitcompute.economics.costs`), price the ground on each energy
option (:mod:`orbitcompute.ground`), and compare. Inputs are registry names mapped to SI values
of any broadcastable shape; a single scenario is shape ``(1,)``, a Monte Carlo run shape
``(N,)``. Every output is documented (unit, display unit, label, description) in the outputs
table :func:`orbitcompute.registry.outputs`.
"""

from __future__ import annotations

import fnmatch
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from orbitcompute.design.comms import INTERNAL, size_comms
from orbitcompute.design.orbital import INFEASIBLE, size_orbital
from orbitcompute.economics.costs import breakeven_launch_price, orbit_costs
from orbitcompute.economics.throughput import flop_costs
from orbitcompute.ground import OPTIONS, ground_options
from orbitcompute.registry import outputs, registry
from orbitcompute.registry.columns import output_label
from orbitcompute.reliability.fleet import (
    GROUND_OUTPUTS,
    ORBIT_OUTPUTS,
    ground_reliability,
    orbit_reliability,
)

#: Outputs of :meth:`Results.summary` and of the repr (names or shell-style patterns).
SUMMARY = (
    "orbit.cost_per_gpu_hour",
    "ground.cost_per_gpu_hour",
    "ratio",
    "breakeven.launch_price_per_kg",
    "orbit.n_satellites",
    "orbit.total_mass",
    "orbit.n_launches",
    "orbit.sunlit_fraction",
    "orbit.mean_surviving_fraction",
)


@dataclass(eq=False, repr=False)
class Results(Mapping[str, np.ndarray]):
    """Model outputs: a read-only mapping of dotted names to arrays of the broadcast shape.

    Names start with ``orbit.``, ``ground.``, ``breakeven.`` or are top-level (``ratio``);
    every name is a row of the outputs table (:func:`orbitcompute.registry.outputs`: unit,
    display unit, label). A :class:`collections.abc.Mapping`: ``len``, iteration, ``keys``,
    ``items``, ``get`` and ``in`` work as for a dict; ``summary()`` is a small table in display
    units; ``to_frame()`` every output (SI) as columns.

    Examples
    --------
    >>> res = evaluate({})  # doctest: +SKIP
    >>> res  # doctest: +SKIP
    Results(1 sample x 200 outputs: orbit 40.13 USD/h, ground 2.42 USD/h, ratio 16.6)
    >>> res.summary()  # doctest: +SKIP
    """

    data: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __contains__(self, name: object) -> bool:
        return name in self.data

    # equality of arrays has no single truth value: two Results are equal only if identical
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        n = self.size if "ratio" in self.data else 0
        head = f"Results({n:,} sample{'s' if n != 1 else ''} x {len(self)} outputs"
        if n == 0:
            return head + ")"
        parts = []
        for key, name in (
            ("orbit.cost_per_gpu_hour", "orbit"),
            ("ground.cost_per_gpu_hour", "ground"),
            ("ratio", "ratio"),
        ):
            if key not in self.data:
                continue
            v = np.asarray(self.data[key], dtype=float)
            finite = v[np.isfinite(v)]
            x = float(np.median(finite)) if finite.size else math.nan
            unit = "" if key == "ratio" else " USD/h"
            parts.append(f"{name} {x:.4g}{unit}")
        where = "" if n == 1 else " (medians)"
        return f"{head}: {', '.join(parts)}{where})"

    def _repr_html_(self) -> str:
        return self.summary().to_html()

    @property
    def orbit_cost_per_gpu_hour(self) -> np.ndarray:
        return self.data["orbit.cost_per_gpu_hour"]

    @property
    def ground_cost_per_gpu_hour(self) -> np.ndarray:
        return self.data["ground.cost_per_gpu_hour"]

    @property
    def ratio(self) -> np.ndarray:
        return self.data["ratio"]

    @property
    def size(self) -> int:
        """Number of samples (designs) evaluated."""
        return int(np.size(self.data["ratio"]))

    def to_dict(self) -> dict[str, np.ndarray]:
        """Flat dict of 1-D arrays (all of the same length)."""
        shape = np.shape(self.data["ratio"])
        return {k: np.broadcast_to(v, shape).reshape(-1) for k, v in self.data.items()}

    def to_frame(self):  # -> pandas.DataFrame
        """One row per sample, one column per output (SI units, see the outputs table)."""
        import pandas as pd

        return pd.DataFrame(self.to_dict())

    def summary(self, names: Sequence[str] | None = None):  # -> pandas.DataFrame
        """A small table of the main outputs in display units, with labels and units.

        Parameters
        ----------
        names : sequence of str, optional
            Output names or shell-style patterns (``"orbit.cost.*"``); default
            :data:`SUMMARY` (headline, breakeven, fleet size, mass, launches, sunlit fraction,
            surviving fraction).

        Returns
        -------
        pandas.DataFrame
            Indexed by output name; columns ``label``, ``value`` and ``unit`` for one sample,
            ``label``, ``mean``, ``p5``, ``p50``, ``p95`` and ``unit`` for several (NaN of
            infeasible designs left out).
        """
        import pandas as pd

        table = outputs()
        chosen = [
            n
            for pat in (SUMMARY if names is None else names)
            for n in (fnmatch.filter(self.data, pat) if any(c in pat for c in "*?[") else [pat])
        ]
        unknown = [n for n in chosen if n not in self.data]
        if unknown:
            raise KeyError(f"not outputs of this result: {unknown}")
        rows = {}
        d = self.to_dict()
        for name in dict.fromkeys(chosen):
            out = table.get(name)
            v = np.asarray(d[name], dtype=float)
            shown = v * out.factor if out is not None else v
            row: dict[str, Any] = {"label": output_label(name)}
            if shown.size == 1:
                row["value"] = float(shown[0])
            else:
                f = shown[np.isfinite(shown)]
                q = np.percentile(f, [5, 50, 95]) if f.size else [math.nan] * 3
                row.update(mean=float(f.mean()) if f.size else math.nan, p5=q[0], p50=q[1])
                row["p95"] = q[2]
            row["unit"] = out.display_unit if out is not None else ""
            rows[name] = row
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "output"
        return frame

    def row(self, i: int = 0) -> dict[str, float]:
        """Sample ``i`` as a dict of Python floats."""
        return {k: float(v[i]) for k, v in self.to_dict().items()}

    def infeasible_reason(self, i: int = 0) -> str | None:
        """Plain-language reason why sample ``i`` cannot be built in orbit, or None."""
        code = int(self.to_dict()["orbit.infeasible"][i])
        return None if code == 0 else INFEASIBLE[code]


#: Samples per block inside :func:`evaluate`: small enough that the temporaries stay in the CPU
#: cache (measured ~3x faster than whole 1M-sample arrays on the 2-core reference machine).
CHUNK = 16384
#: Threads used for large inputs (``ORBITCOMPUTE_THREADS`` overrides; 1 disables threading).
THREADS = int(os.environ.get("ORBITCOMPUTE_THREADS", os.cpu_count() or 1))


def complete(params: Mapping[str, ArrayLike]) -> tuple[dict[str, np.ndarray], tuple[int, ...]]:
    """Fill missing registry names with defaults; return arrays and the broadcast shape.

    Parameters
    ----------
    params : mapping
        Registry names to SI values (scalars or arrays).

    Returns
    -------
    tuple
        Arrays by registry name (every name) and the broadcast shape, at least ``(1,)``.

    Notes
    -----
    Arrays keep their own shape (a parameter that does not vary stays one element), so
    numpy broadcasts only where it must.
    """
    reg = registry()
    unknown = set(params) - set(reg)
    if unknown:
        raise KeyError(f"unknown parameter names: {sorted(unknown)}")
    merged: dict[str, Any] = reg.defaults_si()
    merged.update(params)
    arrays = {n: np.asarray(v, dtype=float) for n, v in merged.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    return arrays, (shape if shape else (1,))


def evaluate(
    params: Mapping[str, ArrayLike],
    chunk_size: int = CHUNK,
    geometry: Mapping[str, float] | None = None,
) -> Results:
    """Evaluate the orbit-vs-ground comparison, vectorized.

    Parameters
    ----------
    params : mapping
        Registry names to SI values (scalars or arrays of broadcastable shape); names not
        given take their registry default.
    chunk_size : int
        Samples per block for large inputs.
    geometry : mapping, optional
        Simulated orbit results replacing the static eclipse model (see
        :func:`orbitcompute.design.orbital.size_orbital`).

    Returns
    -------
    Results
        Masses, areas, launches, capex and opex lines, GPU-hours, $/GPU-hour on both sides,
        their ratio and the breakeven launch price.
    """
    arrays, shape = complete(params)
    n = int(np.prod(shape))
    if len(shape) == 1 and n > chunk_size:
        # Blocks of samples (not a per-sample loop): each block is one vectorized call.
        def block(start: int) -> dict[str, np.ndarray]:
            sub = {
                k: (v[start : start + chunk_size] if v.ndim == 1 and v.shape[0] == n else v)
                for k, v in arrays.items()
            }
            return _evaluate_block(sub, (min(chunk_size, n - start),), geometry)

        starts = range(0, n, chunk_size)
        workers = min(THREADS, len(starts))
        if workers > 1:
            # numpy releases the GIL inside its kernels, so blocks run on all cores; the
            # result does not depend on the number of threads (pure functions, fixed blocks).
            with ThreadPoolExecutor(workers) as pool:
                parts = list(pool.map(block, starts))
        else:
            parts = [block(s) for s in starts]
        return Results(_Blocks(parts))
    return Results(_evaluate_block(arrays, shape, geometry))


class _Blocks(Mapping[str, np.ndarray]):
    """Outputs of block-wise evaluation, joined per output on first access.

    Every output is computed for every block; joining all ~150 of them up front costs a
    quarter of the run, while most callers (Monte Carlo, sweeps) read only a few.
    """

    def __init__(self, parts: list[dict[str, np.ndarray]]) -> None:
        self._parts = parts
        self._joined: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._joined:
            if name not in self._parts[0]:
                raise KeyError(name)
            self._joined[name] = np.concatenate([pt[name] for pt in self._parts])
        return self._joined[name]

    def __iter__(self):
        return iter(self._parts[0])

    def __len__(self) -> int:
        return len(self._parts[0])


#: Orbit outputs that are NaN when the design cannot be built (costs of a design that fails).
_ORBIT_COSTS = ("cost_per_gpu_hour", "cooling_cost_per_gpu_hour", "cost_with_time_to_power")


def _evaluate_block(
    arrays: dict[str, np.ndarray],
    shape: tuple[int, ...],
    geometry: Mapping[str, float] | None = None,
) -> dict[str, np.ndarray]:
    p = arrays
    c = size_comms(p)  # data links sized from the workload mix (issue 16)
    d = size_orbital(p, geometry, c)
    if np.any(c["links.utilization"] <= 0):  # nothing delivered: the design cannot serve
        cut = (d["infeasible"] == 0) & (c["links.utilization"] <= 0)
        d = {**d, "infeasible": np.where(cut, 7, d["infeasible"])}
    orel = orbit_reliability(p, d["n_satellites"])
    grel = ground_reliability(p)
    oc = orbit_costs(p, d, orel, c)
    extra, gc = ground_options(  # ground.* = the selected option
        p, grel, shape, d, orel, oc, traffic=c["links.ground_traffic"]
    )
    out: dict[str, np.ndarray] = {}
    out.update({f"orbit.{k}": v for k, v in d.items()})
    out.update({f"orbit.{k}": v for k, v in c.items() if k not in INTERNAL})
    out.update({f"orbit.{k}": orel[k] for k in ORBIT_OUTPUTS})
    out.update({f"orbit.{k}": v for k, v in oc.items()})
    out.update({f"ground.{k}": grel[k] for k in GROUND_OUTPUTS})
    out.update({f"ground.{k}": v for k, v in gc.items()})
    out.update(extra)
    feasible = d["infeasible"] == 0
    if not np.all(feasible):  # a design that cannot be built has no cost per GPU-hour
        for k in out:
            if k.startswith("orbit.cost.") or k.removeprefix("orbit.") in _ORBIT_COSTS:
                out[k] = np.where(feasible, out[k], np.nan)
    out["ratio"] = out["orbit.cost_per_gpu_hour"] / gc["cost_per_gpu_hour"]
    out.update(flop_costs(p, out))  # per rated PFLOP-hour, comparable across generations
    out["breakeven.launch_price_per_kg"] = np.where(
        feasible, breakeven_launch_price(oc, gc, p["launch.price_per_kg"]), np.nan
    )
    return {k: _read_only(v, shape) for k, v in out.items()}


def _read_only(value: ArrayLike, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a read-only float array of ``shape`` (a view; no copy when it has it)."""
    a = np.asarray(value, dtype=float)
    if a.shape != shape:
        return np.broadcast_to(a, shape)
    a = a.view()
    a.flags.writeable = False
    return a


def evaluate_ground_options(
    params: Mapping[str, ArrayLike], geometry: Mapping[str, float] | None = None
) -> dict[str, dict[str, float]]:
    """One scenario evaluated with each ground energy option selected in turn.

    Parameters
    ----------
    params : mapping
        Registry names to SI values of one scenario (scalars or 1-element arrays).
    geometry : mapping, optional
        As for :func:`evaluate`.

    Returns
    -------
    dict
        Option name (:data:`orbitcompute.ground.OPTIONS`) to the row of outputs
        (:meth:`Results.row`) with that option as ``ground.energy_source``: one vectorized
        call, so every line of every option is an output of the model, never re-derived.
    """
    one = {k: np.ravel(np.asarray(v, dtype=float))[0] for k, v in params.items()}
    one["ground.energy_source"] = np.arange(len(OPTIONS), dtype=float)
    res = evaluate(one, geometry=geometry)
    return {name: res.row(i) for i, name in enumerate(OPTIONS)}
