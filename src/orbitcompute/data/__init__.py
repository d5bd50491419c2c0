"""Reference tables shipped with the package, read through one loader.

Each ``data/<name>.csv`` file starts with ``#`` comment lines naming its source (or carries a
``source`` column), then a header row and the data. :func:`table` reads a file once (cached)
and returns a :class:`Table`: the rows as read-only mappings with numbers already parsed, a
column as a numpy array, or the whole table as a pandas DataFrame.

Examples
--------
>>> from orbitcompute.data import table
>>> t = table("accelerator_generations")
>>> t.columns[:2]
('name', 'year')
>>> float(t.column("power_w")[-1])
1000.0
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Table:
    """One shipped table: its name, comment header, columns and rows (numbers as floats)."""

    name: str
    header: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> np.ndarray:
        """Column ``name`` as a numpy array (float when every value is a number)."""
        values = [r[name] for r in self.rows]
        numeric = all(isinstance(v, float) for v in values)
        return np.array(values, dtype=float if numeric else object)

    def to_frame(self):  # -> pandas.DataFrame
        """The table as a pandas DataFrame (one row per record, columns in file order)."""
        import pandas as pd

        return pd.DataFrame([dict(r) for r in self.rows], columns=list(self.columns))


def names() -> list[str]:
    """Names of the shipped tables (file names without ``.csv``)."""
    folder = resources.files("orbitcompute.data")
    return sorted(e.name[:-4] for e in folder.iterdir() if e.name.endswith(".csv"))


def _value(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


@functools.cache
def table(name: str) -> Table:
    """The shipped table ``data/<name>.csv`` (read once, cached; rows are read-only).

    Parameters
    ----------
    name : str
        File name without ``.csv``, one of :func:`names`.

    Raises
    ------
    KeyError
        For a name that is not shipped (a programming error, not user input).
    """
    if name not in names():
        raise KeyError(f"no shipped table {name!r}; tables: {', '.join(names())}")
    path = resources.files("orbitcompute.data") / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip()]
    comments = [ln[1:].strip() for ln in lines if ln.startswith("#")]
    reader = csv.DictReader(ln for ln in lines if not ln.startswith("#"))
    rows = tuple(MappingProxyType({k: _value(v) for k, v in r.items()}) for r in reader)
    return Table(name, " ".join(comments), tuple(reader.fieldnames or ()), rows)


__all__ = ["Table", "names", "table"]
