"""The registry: every number that enters the model, and every number that leaves it.

Inputs: each model parameter is one row of ``registry/data/<group>.csv``, one file per
parameter group (the part of the name before the first dot), like PyPSA's component attribute
tables, with its dotted name, unit, default, valid range, kind, description and source. Values
in the files are written in the row's unit; the loader converts them to SI once, so the model
only ever sees SI.

Outputs: every output of :func:`orbitcompute.model.evaluate` is one row of
``registry/data/outputs.csv`` (status ``output``): the unit of the value ``evaluate()``
returns, the unit interfaces display it in, a short label and a description. ``compare``, its
JSON schema, ``verdict``, the report and the dashboard take units and labels from here.

Examples
--------
>>> from orbitcompute.registry import outputs, registry
>>> p = registry()["orbit.altitude"]
>>> p.unit, p.default_si
('km', 650000.0)
>>> o = outputs()["orbit.total_mass"]
>>> o.unit, o.display_unit, o.display(5.5e6)
('kg', 't', 5500.0)
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
#: The outputs table (in ``registry/data``, not a parameter group) and its columns.
OUTPUTS_FILE = "outputs.csv"
OUTPUT_COLUMNS = ("name", "unit", "display_unit", "label", "description", "status")


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


def _read_rows(entry) -> Iterator[tuple[int, dict[str, str]]]:
    with entry.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(line for line in fh if line.strip() and not line.startswith("#"))
        yield from enumerate(reader, start=2)


def _data_files() -> list:
    data = resources.files("orbitcompute.registry") / "data"
    return sorted((e for e in data.iterdir() if e.name.endswith(".csv")), key=lambda e: e.name)


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """Load every parameter file ``registry/data/<group>.csv`` shipped with the package (cached).

    Raises
    ------
    RegistryFileError
        A malformed row, a name defined twice, or a row whose group is not its file's name.
    """
    params: dict[str, Parameter] = {}
    for entry in _data_files():
        if entry.name == OUTPUTS_FILE:
            continue
        group = entry.name[: -len(".csv")]
        for i, row in _read_rows(entry):
            p = _row_to_param(row, entry.name, i)
            if p.group != group:
                raise RegistryFileError(f"{entry.name}:{i}: {p.name} belongs in {p.group}.csv")
            if p.name in params:
                raise RegistryFileError(
                    f"{entry.name}: {p.name} already defined in {params[p.name].file}"
                )
            params[p.name] = p
    return Registry(params)


# --------------------------------------------------------------------------------------------
# Outputs


@dataclass(frozen=True)
class Output:
    """One row of the outputs table.

    ``unit`` is the unit of the value :func:`orbitcompute.model.evaluate` returns (SI, or a
    per-year or per-accelerator-hour amount, e.g. ``USD/yr``, ``USD/h``); ``display_unit`` is
    the unit every interface shows it in (same dimension).
    """

    name: str
    unit: str
    display_unit: str
    label: str
    description: str
    status: str = "output"

    @property
    def factor(self) -> float:
        """Multiply a value in ``unit`` by this to get ``display_unit``."""
        return _conversion(self.unit, self.display_unit)

    def display(self, value):
        """``value`` (in ``unit``, scalar or array) converted to ``display_unit``."""
        return value * self.factor

    def as_dict(self) -> dict[str, str]:
        return {c: getattr(self, c) for c in OUTPUT_COLUMNS}


@functools.lru_cache(maxsize=256)
def _conversion(unit: str, display_unit: str) -> float:
    """Factor from ``unit`` to ``display_unit``, through SI.

    The factor (or, below 1, its inverse) is rounded to 15 significant digits: unit factors
    are decimal (prefixes, 60 s, 3.6e9 J, 365.25 d), and the rounding removes the last-bit
    error of the SI round trip (1 m^3 = 999.9999999999997 L otherwise)."""
    if unit == display_unit:
        return 1.0
    factor = si_factor(unit)[0] / si_factor(display_unit)[0]
    if abs(factor) < 1.0:
        return 1.0 / float(f"{1.0 / factor:.15g}")
    return float(f"{factor:.15g}")


class Outputs(Mapping[str, Output]):
    """Read-only mapping of output name to :class:`Output`, in table order."""

    def __init__(self, rows: dict[str, Output]) -> None:
        self._rows = dict(rows)

    def __getitem__(self, name: str) -> Output:
        return self._rows[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def to_frame(self):  # -> pandas.DataFrame
        """The outputs table as a DataFrame (one row per output)."""
        import pandas as pd

        return pd.DataFrame([o.as_dict() for o in self._rows.values()]).set_index("name")


@functools.lru_cache(maxsize=1)
def outputs() -> Outputs:
    """Load ``registry/data/outputs.csv`` (cached): unit, display unit, label, description.

    Raises
    ------
    RegistryFileError
        Missing columns, a name listed twice, or a status other than ``output``.
    """
    entry = resources.files("orbitcompute.registry") / "data" / OUTPUTS_FILE
    rows: dict[str, Output] = {}
    for i, row in _read_rows(entry):
        where = f"{OUTPUTS_FILE}:{i}"
        missing = [c for c in OUTPUT_COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            raise RegistryFileError(f"{where}: missing {missing}")
        o = Output(**{c: row[c].strip() for c in OUTPUT_COLUMNS})
        if o.status != "output":
            raise RegistryFileError(f"{where}: status {o.status!r}, expected 'output'")
        if o.name in rows:
            raise RegistryFileError(f"{where}: {o.name} listed twice")
        rows[o.name] = o
    return Outputs(rows)


__all__ = [
    "COLUMNS",
    "KINDS",
    "OUTPUTS_FILE",
    "OUTPUT_COLUMNS",
    "Output",
    "Outputs",
    "Parameter",
    "Registry",
    "RegistryFileError",
    "outputs",
    "registry",
]
