"""Units at the boundary: user strings checked by a strict grammar and converted to SI.

Inside the model every number is SI (m, kg, s, W, J, K, rad, USD). pint is only used here, to
turn ``"550 km"`` or ``"2500 USD/kg"`` into SI floats and to print results in friendly units.
A quantity string is a plain number and an optional unit (:func:`split_quantity`); pint parses
the unit on its own, so no user string is ever evaluated as an expression.
Currency is its own base dimension (``USD``), so ``"3 MUSD/MW"`` is understood.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from orbitcompute.errors import ScenarioError

_EXTRA_DEFINITIONS = (
    "USD = [currency] = usd = dollar",
    "MMBtu = 1e6 * Btu",
    "GPU = [] ",
    "FLOP = [] = flop",  # one floating-point operation (TFLOP/s, PFLOP/s by prefix; bit/FLOP)
)


@functools.lru_cache(maxsize=1)
def ureg() -> Any:
    """The shared pint UnitRegistry (created on first use; importing pint costs ~0.3 s)."""
    import pint

    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _EXTRA_DEFINITIONS:
        try:
            reg.define(line)
        except Exception:  # pragma: no cover - definition already present in a pint version
            pass
    return reg


@functools.lru_cache(maxsize=512)
def si_factor(unit: str) -> tuple[float, str]:
    """Factor that converts a value in ``unit`` to SI, and the SI dimensionality.

    Parameters
    ----------
    unit : str
        A pint unit expression, e.g. ``"km"``, ``"USD/kg"``, ``"%/yr"``, ``"1"``.

    Returns
    -------
    factor : float
        Multiply a value in ``unit`` by this to get SI base units.
    dimensionality : str
        Canonical string of the unit's dimensionality (``"[length]"``, ...).
    """
    reg = ureg()
    q = reg.Quantity(1.0, _normalise(unit))
    base = q.to_base_units()
    return float(base.magnitude), str(q.dimensionality)


def _normalise(unit: str) -> str:
    unit = unit.strip()
    if unit in ("", "1", "-"):
        return "dimensionless"
    return unit.replace("%", "percent")


# --------------------------------------------------------------------------------------------
# The quantity grammar: a number, then an optional unit (pint parses the unit alone)

#: Longest quantity string accepted [characters] (``"0.000123456789 USD/kWh"`` is 22).
MAX_QUANTITY_CHARS = 80
#: Longest number, sign, point and exponent included [characters] (a float has 17 digits).
MAX_NUMBER_CHARS = 32
#: Longest unit expression [characters].
MAX_UNIT_CHARS = 40

# ASCII digits only: Python's float() would also read full-width or Arabic-Indic digits.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
# Thousands separators are unambiguous only with two or more groups, or with a decimal point:
# "1,000,000" or "12,345.6" (while "5,5" or "1,000" could be a decimal comma).
_GROUPED = re.compile(
    r"[+-]?[0-9]{1,3}(?:(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|,[0-9]{3}\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
)
# A unit: names (letters, %, °, µ, Ω), '*', '/', spaces, parentheses, small exponents
# ('^2', '**-1', '**0.5'), and a leading '1/' ('1/yr').
_UNIT_TOKEN = re.compile(
    r"[ \t\u00a0]+|[A-Za-z_%°µμΩ][A-Za-z_%°µμΩ0-9]*|\*\*|\^|[*/()]|[+-]?[0-9]{1,2}(?:\.[0-9]{1,2})?"
)
_SPACE = " \t\u00a0"


def _grammar(key: str, text: str, unit: str, why: str) -> ScenarioError:
    example = f"2.5 {unit}" if unit not in ("", "1") else "0.5"
    return ScenarioError(key, text, f"{why}, e.g. '{example}'")


def split_quantity(text: str, unit: str, key: str) -> tuple[float, str | None]:
    """Check a quantity string against the grammar: (number, unit text or None).

    The grammar is a plain decimal number (ASCII digits, optional sign, point and exponent,
    at most :data:`MAX_NUMBER_CHARS` characters; thousands separators only where unambiguous)
    followed by an optional unit. There are no expressions: ``"9**9**8 km"``, ``"5 5 yr"``,
    ``"5=5"`` or ``"2*3 m"`` are rejected before anything is evaluated, so every string is
    checked in microseconds whatever its content.

    Parameters
    ----------
    text : str
        User input such as ``"550 km"``.
    unit : str
        The registry unit of the parameter (used in messages).
    key : str
        Key path for error messages.

    Returns
    -------
    number : float
        The number as written (may be ``inf`` after overflow; the caller checks finiteness).
    unit_text : str or None
        The unit expression, or None when the string holds only a number.
    """
    if len(text) > MAX_QUANTITY_CHARS:
        raise ScenarioError(
            key, text, f"a quantity of at most {MAX_QUANTITY_CHARS} characters such as '2.5 km'"
        )
    s = text.strip(_SPACE)
    m = _GROUPED.match(s) or _NUMBER.match(s)
    if m is None or not s:
        raise _grammar(key, text, unit, "a number with an optional unit")
    number, rest = m.group(0), s[m.end() :]
    if rest[:1] == ",":
        raise _grammar(
            key, text, unit, "a number without thousands separators (',' is ambiguous here)"
        )
    if rest and rest[0] in "eE._0123456789+-*^=(":
        raise _grammar(key, text, unit, "a number with an optional unit (no arithmetic)")
    if len(number) > MAX_NUMBER_CHARS:
        raise _grammar(key, text, unit, f"a number of at most {MAX_NUMBER_CHARS} characters")
    value = float(number.replace(",", ""))
    rest = rest.strip(_SPACE)
    if not rest:
        return value, None
    if rest[0] == "/":  # '0.5/yr' is '0.5 1/yr'
        rest = "1" + rest
    return value, _check_unit_text(rest, text, unit, key)


def _check_unit_text(u: str, text: str, unit: str, key: str) -> str:
    """Lexical check of a unit expression before pint sees it (no numbers but exponents)."""
    bad = _grammar(key, text, unit, "a number and a unit (no arithmetic)")
    if len(u) > MAX_UNIT_CHARS:
        raise bad
    pos, depth, prev = 0, 0, ""
    for m in _UNIT_TOKEN.finditer(u):
        if m.start() != pos:
            raise bad
        tok = m.group(0)
        pos = m.end()
        if tok.isspace():
            continue
        if prev == "" and tok in ("*", "/", "**", "^", ")"):
            raise bad
        if tok[0] in "+-0123456789":
            # a number is allowed as an exponent, or as the '1' of '1/yr'
            if not (
                prev in ("**", "^")
                or (tok == "1" and prev in ("", "(") and u[pos : pos + 1] == "/")
            ):
                raise bad
            if prev in ("**", "^") and u[pos:].lstrip(_SPACE).startswith(("**", "^")):
                raise bad
        elif tok == "(":
            depth += 1
            if depth > 3:
                raise bad
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise bad
        prev = tok
    if pos != len(u) or depth != 0:
        raise bad
    return u


@functools.lru_cache(maxsize=1024)
def _unit_info(unit: str) -> tuple[Any, str, str]:
    """pint Unit, its root units (e.g. 'radian', 'bit', 'meter') and its dimensionality."""
    reg = ureg()
    parsed = reg.parse_units(_normalise(unit))
    _, root = reg.get_root_units(parsed)
    return parsed, str(root), str(parsed.dimensionality)


def parse_quantity(text: str, unit: str, key: str) -> float:
    """Parse a quantity string and convert it to SI, checking it against ``unit``.

    A string is a number followed by an optional unit (see :func:`split_quantity`). Without a
    unit the number is in ``unit``, as a bare TOML number is. The unit is parsed by pint on its
    own and must reduce to the same root units as ``unit``: same dimensionality, and the same
    kind of dimensionless quantity (an angle is not a percentage, a byte is not a ratio).

    Parameters
    ----------
    text : str
        User input such as ``"550 km"``, ``"20 degC"`` or ``"550"``.
    unit : str
        The registry unit of the parameter.
    key : str
        Key path for error messages.

    Returns
    -------
    float
        The value in SI base units (finite).

    Raises
    ------
    ScenarioError
        When the text does not follow the grammar, pint does not know the unit, the unit does
        not match, or the value is not finite.
    """
    if not isinstance(text, str):
        raise ScenarioError(key, text, f"a number or a string with units of {unit}")
    number, unit_text = split_quantity(text, unit, key)
    if not math.isfinite(number):
        raise ScenarioError(key, text, "a finite number")
    factor, want_dim = si_factor(unit)
    if unit_text is None:
        si = number * factor
        if not math.isfinite(si):
            raise ScenarioError(key, text, "a finite number")
        return si
    _, want_root, _ = _unit_info(unit)
    try:
        parsed, root, dim = _unit_info(unit_text)
    except Exception as exc:  # pint raises several kinds of errors on unknown names
        raise ScenarioError(
            key, text, f"a unit that pint knows, convertible to '{unit}' (got '{unit_text}')"
        ) from exc
    if root != want_root:
        got = dim if dim != want_dim else root
        want = want_dim if dim != want_dim else want_root
        raise ScenarioError(key, text, f"a quantity convertible to '{unit}' ({want}), got {got}")
    try:
        si = float(ureg().Quantity(number, parsed).to_base_units().magnitude)
    except Exception as exc:  # e.g. offset units in a product
        raise ScenarioError(key, text, f"a quantity convertible to '{unit}'") from exc
    if not math.isfinite(si):
        raise ScenarioError(key, text, "a finite number")
    return si


def from_si(value: Any, unit: str) -> Any:
    """Convert SI value(s) to ``unit`` (inverse of :func:`si_factor`; linear units only).

    Parameters
    ----------
    value : Any
        Value(s) in SI.
    unit : str
        Target unit (pint syntax).

    Returns
    -------
    Any
        The value(s) in ``unit``.
    """
    factor, _ = si_factor(unit)
    return value / factor
