"""User values checked against the registry: names, units, ranges and kinds.

The one place where a value written by a user (scenario file, ``--set``, sweep spec, API
request, distribution bound) is compared with its registry row. Scenarios, distributions and
sweeps all call these functions, so a value is accepted or rejected by the same rule wherever
it is written, with one error style: a :class:`~orbitcompute.errors.ScenarioError` naming the
key path, the value and what was expected.

The range rule: a value ``x`` in the registry unit is inside when
``min - tol <= x <= max + tol`` with ``tol = 1e-9 * max(|min|, |max|, 1)``, both in the
registry (display) unit. The tolerance only absorbs rounding (``"650 km"`` converted through
pint and back); applied in SI it would be a different and much looser rule for parameters
whose SI values are tiny (a failure rate of 9.1 %/yr is 2.9e-9 1/s).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from typing import Any

from orbitcompute.errors import ScenarioError
from orbitcompute.registry import Parameter, registry
from orbitcompute.units import parse_quantity

#: Relative tolerance of the range check, in the registry unit (rounding only).
RANGE_RTOL = 1e-9


def suggest(name: str, extra: Iterable[str] = ()) -> str:
    """A hint for an unknown parameter name: close matches, or the names of its group.

    Parameters
    ----------
    name : str
        The unknown name, e.g. ``orbit.altitdue``.
    extra : iterable of str
        Other valid names (e.g. choice keys such as ``compute.accelerator``).

    Returns
    -------
    str
        ``did you mean orbit.altitude?``, or the group's names, or the list of groups.
    """
    reg = registry()
    close = difflib.get_close_matches(name, [*reg, *extra], n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(close) + "?"
    group = name.split(".", 1)[0]
    same = [n for n in reg if n.startswith(group + ".")]
    if same:
        return f"'{group}' has " + ", ".join(same[:6]) + (", ..." if len(same) > 6 else "")
    groups = sorted({n.split(".", 1)[0] for n in reg})
    return "see 'orbitcompute params'; groups: " + ", ".join(groups)


def range_text(p: Parameter) -> str:
    """The valid range in the registry unit, e.g. ``160 km to 2000 km``."""
    unit = "" if p.unit in ("1", "") else f" {p.unit}"
    return f"{p.minimum:g}{unit} to {p.maximum:g}{unit}"


def within_range(p: Parameter, value_si: float) -> bool:
    """True when ``value_si`` [SI] lies in the parameter's range by the registry-unit rule."""
    x = value_si / p.factor
    tol = RANGE_RTOL * max(abs(p.minimum), abs(p.maximum), 1.0)
    return p.minimum - tol <= x <= p.maximum + tol


def check_range(p: Parameter, value_si: float, key: str, raw: Any) -> float:
    """Raise a one-line error unless ``value_si`` [SI] is inside the range; return it.

    Parameters
    ----------
    p : Parameter
        The registry row.
    value_si : float
        The value in SI.
    key : str
        Key path for the message (e.g. ``--set reliability.gpu_failure_rate.low``).
    raw : Any
        The value as the user wrote it.
    """
    if not within_range(p, value_si):
        raise ScenarioError(key, raw, f"a value within {range_text(p)}")
    return value_si


def parameter(name: str, key: str, raw: Any, extra: Iterable[str] = ()) -> Parameter:
    """The registry row of ``name``, or a one-line error with a did-you-mean hint."""
    reg = registry()
    if name not in reg:
        raise ScenarioError(key, raw, f"a known parameter name ({suggest(name, extra)})")
    return reg[name]


def quantity_si(p: Parameter, value: Any, key: str) -> float:
    """A number in the registry unit, or a string with units, converted to SI.

    Parameters
    ----------
    p : Parameter
        The registry row (unit and dimension).
    value : Any
        A number (in ``p.unit``) or a string with units, e.g. ``"550 km"``.
    key : str
        Key path for messages.

    Returns
    -------
    float
        The value in SI, finite. The range is not checked (see :func:`check_range`).
    """
    unit = p.unit or "1"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScenarioError(key, value, f"a number in {unit} or a string with units")
    if isinstance(value, str):
        si = parse_quantity(value, unit, key)
    else:
        try:
            si = float(value) * p.factor
        except OverflowError as exc:
            raise ScenarioError(key, value, f"a value within {range_text(p)}") from exc
    if not math.isfinite(si):
        raise ScenarioError(key, value, f"a finite number in {unit} ({range_text(p)})")
    return si


def check_value(name: str, value: Any, where: str = "", extra: Iterable[str] = ()) -> float:
    """Validate one scalar parameter value and return it in SI.

    Parameters
    ----------
    name : str
        Registry name, e.g. ``orbit.altitude``.
    value : Any
        A number in the registry unit, a string with units, or a boolean for ``bool`` rows.
    where : str
        Prefix for the key path in messages (file name or ``--set``).
    extra : iterable of str
        Other valid names offered as suggestions for an unknown name (choice keys).

    Returns
    -------
    float
        The value in SI.

    Raises
    ------
    ScenarioError
        Unknown name, wrong type or dimension, not finite, outside the range (the rule of
        :func:`within_range`), not 0/1 for a bool row, not whole for an int row.
    """
    key = f"{where}{name}"
    p = parameter(name, key, value, extra)
    if isinstance(value, bool):
        if p.kind != "bool":
            raise ScenarioError(key, value, f"a number in {p.unit} ({range_text(p)})")
        return float(value)
    if isinstance(value, dict):
        raise ScenarioError(key, value, "a number or a string with units here")
    if not isinstance(value, int | float | str):
        raise ScenarioError(key, value, f"a number or a string with units of {p.unit}")
    si = check_range(p, quantity_si(p, value, key), key, value)
    x = float(value) if isinstance(value, int | float) else si / p.factor
    if p.kind == "bool" and x not in (0.0, 1.0):
        raise ScenarioError(key, value, "true or false (or 1 / 0)")
    if p.kind == "int" and x != round(x):
        raise ScenarioError(key, value, f"a whole number ({range_text(p)})")
    return si
