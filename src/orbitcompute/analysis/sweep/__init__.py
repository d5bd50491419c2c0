"""Sweeps over millions of scenarios: lazy chunks, local or Dask backends, a Parquet store.

>>> from orbitcompute.analysis.sweep import load_spec, run_sweep          # doctest: +SKIP
>>> spec = load_spec("examples/sweep_launch_price.toml")                  # doctest: +SKIP
>>> run_sweep(spec, "out/launch", backend="local", workers=2)             # doctest: +SKIP

See :mod:`~orbitcompute.analysis.sweep.spec` for the spec format,
:mod:`~orbitcompute.analysis.sweep.chunks` for the pure chunk function,
:mod:`~orbitcompute.analysis.sweep.store` for the dataset layout and
:mod:`~orbitcompute.analysis.sweep.runner` for backends and resume.
"""

from orbitcompute.analysis.sweep.chunks import chunk_bounds, n_chunks, run_chunk, unravel
from orbitcompute.analysis.sweep.runner import SweepRun, run_sweep
from orbitcompute.analysis.sweep.spec import SweepSpec, load_spec, parse_spec
from orbitcompute.analysis.sweep.summary import connect, heatmap, run_query, summarize

__all__ = [
    "SweepRun",
    "SweepSpec",
    "chunk_bounds",
    "connect",
    "heatmap",
    "load_spec",
    "n_chunks",
    "parse_spec",
    "run_chunk",
    "run_query",
    "run_sweep",
    "summarize",
    "unravel",
]
