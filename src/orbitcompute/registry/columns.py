"""Units of data-set columns: what a column named after a parameter or an output holds.

Sweep datasets and Monte Carlo samples store SI values in columns named after registry
parameters (``launch.price_per_kg``) and model outputs (``orbit.cost_per_gpu_hour``), possibly
with a prefix (``in.``, ``out.``) or a statistic suffix (``.mean``, ``.p05`` ...). This module
says, for such a name, the stored unit, the display unit (the registry unit of a parameter,
the outputs table's display unit of an output) and the factor between them, so that

* Parquet files carry it as column metadata (``unit``, ``display_unit``, ``display_factor``,
  ``label``: read them with ``pyarrow.parquet.read_schema(path).field(name).metadata``);
* ``orbitcompute query`` shows display units by default (``--units si`` for the stored ones).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from orbitcompute.registry import outputs, registry
from orbitcompute.units import ureg

#: Prefixes of Monte Carlo sample files and suffixes of sweep Monte Carlo statistics.
PREFIXES = ("in.", "out.")
SUFFIXES = (".mean", ".p05", ".p50", ".p95")


@dataclass(frozen=True)
class ColumnUnit:
    """The unit of one data-set column.

    Attributes
    ----------
    name : str
        The column name as stored.
    unit : str
        Unit of the stored values (SI; per-year amounts per year, per-GPU-hour amounts per
        accelerator-hour, as in the outputs table).
    display_unit : str
        Unit every interface shows.
    factor : float
        Multiply a stored value by this to get it in ``display_unit``.
    label : str
        Plain-language label (the parameter's description or the output's label).
    """

    name: str
    unit: str
    display_unit: str
    factor: float
    label: str

    def metadata(self) -> dict[bytes, bytes]:
        """Parquet field metadata (bytes keys and values, as pyarrow wants them)."""
        return {
            b"unit": self.unit.encode(),
            b"display_unit": self.display_unit.encode(),
            b"display_factor": repr(self.factor).encode(),
            b"label": self.label.encode(),
        }


#: SI names a stored unit is written with, by dimensionality (the first that matches).
SI_NAMES = ("J", "W", "m", "kg", "s", "K", "USD", "m^2", "m^3", "Pa", "Gy", "Hz")


@functools.lru_cache(maxsize=256)
def _si_unit(unit: str) -> str:
    """The SI unit values of registry unit ``unit`` are stored in (``USD/kWh`` -> ``USD/J``).

    Each factor of the unit is replaced by the SI unit of its dimension (kWh -> J, km -> m,
    yr -> s, acre -> m^2); dimensionless factors (%, deg, count) drop out.
    """
    reg = ureg()
    text = unit.strip().replace("%", "percent")
    if text in ("", "1", "-"):
        return "1"
    powers: dict[str, float] = {}
    for name, power in reg.Unit(text)._units.items():
        dim = reg.Unit(name).dimensionality
        if not dim:
            continue
        si = next((n for n in SI_NAMES if reg.Unit(n).dimensionality == dim), name)
        powers[si] = powers.get(si, 0.0) + power
    num: list[str] = []
    den: list[str] = []
    for si, power in powers.items():
        p = abs(power)
        if p:
            (num if power > 0 else den).append(si if p == 1 else f"{si}^{p:g}")
    out = "*".join(num) or "1"
    return out + "".join(f"/{d}" for d in den)


def _rounded(factor: float) -> float:
    """A unit factor to 15 significant digits (3600000.0000000005 -> 3600000.0)."""
    return float(f"{factor:.15g}")


def base_name(name: str) -> str:
    """The parameter or output a column is about (prefix and statistic suffix removed).

    Parameters
    ----------
    name : str
        Column name, e.g. ``out.orbit.cost_per_gpu_hour`` or ``orbit.cost_per_gpu_hour_p50``.

    Returns
    -------
    str
        Registry or output name.
    """
    for p in PREFIXES:
        if name.startswith(p):
            name = name[len(p) :]
            break
    for s in SUFFIXES:
        if name.endswith(s) and name[: -len(s)] in outputs():
            return name[: -len(s)]
    return name


def column_unit(name: str) -> ColumnUnit | None:
    """The unit of column ``name``, or None when it is neither a parameter nor an output.

    Parameters
    ----------
    name : str
        Column name (see :func:`base_name`).

    Returns
    -------
    ColumnUnit or None
        SI and display unit of the column.

    Examples
    --------
    >>> column_unit("ground.electricity_price").display_unit
    'USD/kWh'
    >>> column_unit("out.orbit.cost_per_gpu_hour").display_unit
    'USD/h'
    """
    base = base_name(name)
    reg = registry()
    if base in reg:
        p = reg[base]
        if p.kind == "choice":
            return None
        return ColumnUnit(name, _si_unit(p.unit), p.unit, _rounded(1.0 / p.factor), p.description)
    out = outputs().get(base)
    if out is not None:
        return ColumnUnit(name, out.unit, out.display_unit, out.factor, out.label)
    return None


def output_label(name: str) -> str:
    """The label of output ``name`` with its side: ``orbit: cost per delivered GPU-hour``.

    Parameters
    ----------
    name : str
        Output name (the outputs table); other names are returned as they are.

    Returns
    -------
    str
        Label with its side.
    """
    out = outputs().get(name)
    label = out.label if out is not None else name
    side = name.split(".", 1)[0]
    if side in ("orbit", "ground") and not label.startswith(side):
        return f"{side}: {label}"
    return label


def with_units(table):  # (pyarrow.Table) -> pyarrow.Table
    """``table`` with unit metadata on every column named after a parameter or an output.

    Parameters
    ----------
    table : pyarrow.Table
        Table whose columns are parameter or output names.

    Returns
    -------
    pyarrow.Table
        The same data, each such column's field carrying its unit metadata.
    """
    import pyarrow as pa

    fields = []
    for f in table.schema:
        cu = column_unit(f.name)
        fields.append(f.with_metadata(cu.metadata()) if cu is not None else f)
    return table.cast(pa.schema(fields, table.schema.metadata)) if fields else table
