"""The parameter registry: the one place where numbers enter the model.

Each model parameter is one row of a CSV file in ``registry/data/`` (one file per domain), like
PyPSA's component attribute tables, with its dotted name, unit, default, valid range, kind,
description and source. Values in the files are written in the row's unit; the loader converts
them to SI once, so the model only ever sees SI.

Examples
--------
>>> from orbitcompute.registry import registry
>>> p = registry()["orbit.altitude"]
>>> p.unit, p.default_si
('km', 650000.0)
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from orbitcompute.units import si_factor

KINDS = ("float", "int", "bool")
COLUMNS = ("name", "unit", "default", "min", "max", "kind", "description", "source")


@dataclass(frozen=True)
class Parameter:
    """One registry row.

    ``default``, ``minimum`` and ``maximum`` are in ``unit``; the ``*_si`` properties give SI.
    """

    name: str
    unit: str
    default: float
    minimum: float
    maximum: float
    kind: str
    description: str
    source: str
    file: str

    @property
    def factor(self) -> float:
        """Multiply a value in ``unit`` by this to get SI."""
        return si_factor(self.unit)[0]

    @property
    def dimensionality(self) -> str:
        return si_factor(self.unit)[1]

    @property
    def default_si(self) -> float:
        return self.default * self.factor

    @property
    def min_si(self) -> float:
        return self.minimum * self.factor

    @property
    def max_si(self) -> float:
        return self.maximum * self.factor

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    def as_dict(self) -> dict[str, object]:
        """The row as written in the registry (registry units), e.g. for JSON output."""
        return {
            "name": self.name,
            "unit": self.unit,
            "default": self.default,
            "min": self.minimum,
            "max": self.maximum,
            "kind": self.kind,
            "description": self.description,
            "source": self.source,
        }


class Registry(Mapping[str, Parameter]):
    """Read-only mapping of parameter name to :class:`Parameter`."""

    def __init__(self, params: dict[str, Parameter]) -> None:
        self._params = dict(sorted(params.items()))

    def __getitem__(self, name: str) -> Parameter:
        return self._params[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def defaults_si(self) -> dict[str, float]:
        """All defaults in SI, keyed by name."""
        return {n: p.default_si for n, p in self._params.items()}

    def search(self, text: str | None = None) -> list[Parameter]:
        """Rows whose name, description, unit or source contain ``text`` (case-insensitive)."""
        if not text:
            return list(self._params.values())
        t = text.lower()
        return [
            p
            for p in self._params.values()
            if t in p.name.lower()
            or t in p.description.lower()
            or t in p.source.lower()
            or t in p.unit.lower()
        ]

    def to_frame(self):  # -> pandas.DataFrame
        """The registry as a DataFrame (one row per parameter)."""
        import pandas as pd

        rows = [p.as_dict() for p in self._params.values()]
        return pd.DataFrame(rows).set_index("name")


class RegistryFileError(RuntimeError):
    """A malformed registry file shipped with the package (a bug, not a user error)."""


def _row_to_param(row: dict[str, str], file: str, line: int) -> Parameter:
    where = f"{file}:{line}"
    missing = [c for c in COLUMNS if c not in row or row[c] is None]
    if missing:
        raise RegistryFileError(f"{where}: missing columns {missing}")
    try:
        default, lo, hi = float(row["default"]), float(row["min"]), float(row["max"])
    except ValueError as exc:
        raise RegistryFileError(f"{where}: non-numeric default/min/max") from exc
    kind = row["kind"].strip() or "float"
    if kind not in KINDS:
        raise RegistryFileError(f"{where}: kind {kind!r} not in {KINDS}")
    if not all(math.isfinite(v) for v in (default, lo, hi)) or not lo <= default <= hi:
        raise RegistryFileError(f"{where}: need finite min <= default <= max for {row['name']}")
    if not row["source"].strip() or not row["description"].strip():
        raise RegistryFileError(f"{where}: {row['name']} needs a description and a source")
    return Parameter(
        name=row["name"].strip(),
        unit=row["unit"].strip(),
        default=default,
        minimum=lo,
        maximum=hi,
        kind=kind,
        description=row["description"].strip(),
        source=row["source"].strip(),
        file=file,
    )


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """Load every ``registry/data/*.csv`` file shipped with the package (cached)."""
    params: dict[str, Parameter] = {}
    data = resources.files("orbitcompute.registry") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".csv"):
            continue
        with entry.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(
                line for line in fh if line.strip() and not line.startswith("#")
            )
            for i, row in enumerate(reader, start=2):
                p = _row_to_param(row, entry.name, i)
                if p.name in params:
                    raise RegistryFileError(
                        f"{entry.name}: {p.name} already defined in {params[p.name].file}"
                    )
                params[p.name] = p
    return Registry(params)


__all__ = ["Parameter", "Registry", "RegistryFileError", "registry", "COLUMNS", "KINDS"]
