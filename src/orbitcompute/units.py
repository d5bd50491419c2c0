"""Units at the boundary: pint parses user strings and converts them to SI.

Inside the model every number is SI (m, kg, s, W, J, K, rad, USD). pint is only used here, to
turn ``"550 km"`` or ``"2500 USD/kg"`` into SI floats and to print results in friendly units.
Currency is its own base dimension (``USD``), so ``"3 MUSD/MW"`` is understood.
"""

from __future__ import annotations

import functools
from typing import Any

from orbitcompute.errors import ScenarioError

_EXTRA_DEFINITIONS = (
    "USD = [currency] = usd = dollar",
    "MMBtu = 1e6 * Btu",
    "GPU = [] ",
    "FLOP = [] = flop",  # floating-point operations (workload traffic in bit/FLOP)
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


def parse_quantity(text: str, unit: str, key: str) -> float:
    """Parse a string with units and convert it to SI, checking its dimension against ``unit``.

    Parameters
    ----------
    text : str
        User input such as ``"550 km"`` or ``"20 degC"``.
    unit : str
        The registry unit of the parameter; the input must have the same dimension.
    key : str
        Key path for error messages.

    Returns
    -------
    float
        The value in SI base units.

    Raises
    ------
    ScenarioError
        When the text cannot be parsed or has the wrong dimension.
    """
    import pint

    reg = ureg()
    _, want_dim = si_factor(unit)
    try:
        q = reg.Quantity(_normalise(text))
    except (pint.errors.PintError, ValueError, TypeError, AttributeError, SyntaxError) as exc:
        raise ScenarioError(key, text, f"a number or a quantity with units like '{unit}'") from exc
    except Exception as exc:  # pint's tokenizer may raise odd errors on garbage
        raise ScenarioError(key, text, f"a number or a quantity with units like '{unit}'") from exc
    if not isinstance(q, reg.Quantity):  # pragma: no cover - defensive
        raise ScenarioError(key, text, f"a quantity in '{unit}'")
    if str(q.dimensionality) != want_dim:
        raise ScenarioError(
            key, text, f"a quantity convertible to '{unit}' ({want_dim}), got {q.dimensionality}"
        )
    try:
        return float(q.to_base_units().magnitude)
    except Exception as exc:  # pragma: no cover - defensive
        raise ScenarioError(key, text, f"a quantity convertible to '{unit}'") from exc


def from_si(value: Any, unit: str) -> Any:
    """Convert SI value(s) to ``unit`` (inverse of :func:`si_factor`; linear units only)."""
    factor, _ = si_factor(unit)
    return value / factor
