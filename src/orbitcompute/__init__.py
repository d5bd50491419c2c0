"""orbitcompute: what is the point of AI data centers in orbit? Physics and numbers.

Quick use from Python::

    import orbitcompute as oc
    oc.compare("today", {"launch.price_per_kg": 500})   # DataFrame: orbit vs ground options
    res = oc.evaluate(oc.load_scenario("today").params())
    res.summary()                                        # main outputs with units

The analyses (:func:`compare`, :func:`montecarlo`, :func:`sensitivity`, :func:`breakeven`,
:func:`simulate`, :func:`optimize`, :func:`parity`, :func:`outlook`) return pandas or xarray
objects (see :mod:`orbitcompute.analysis.api`); :func:`evaluate` returns :class:`Results`, a
mapping of output names to arrays. Names are imported on first use, so ``import orbitcompute`` stays
light, and no attribute changes type after an import: ``orbitcompute.registry`` is always the
registry module, and calling it (``oc.registry()``) gives the parameter registry.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

#: Public name -> (module, attribute or None for the module itself).
_EXPORTS: dict[str, tuple[str, str | None]] = {
    "evaluate": ("orbitcompute.model", "evaluate"),
    "Results": ("orbitcompute.model", "Results"),
    "load_scenario": ("orbitcompute.scenario", "load_scenario"),
    "Scenario": ("orbitcompute.scenario", "Scenario"),
    "registry": ("orbitcompute.registry", None),
    "outputs": ("orbitcompute.registry", "outputs"),
    "ScenarioError": ("orbitcompute.errors", "ScenarioError"),
    "compare": ("orbitcompute.analysis.api", "compare"),
    "montecarlo": ("orbitcompute.analysis.api", "montecarlo"),
    "sensitivity": ("orbitcompute.analysis.api", "sensitivity"),
    "breakeven": ("orbitcompute.analysis.api", "breakeven"),
    "simulate": ("orbitcompute.analysis.api", "simulate"),
    "optimize": ("orbitcompute.analysis.api", "optimize"),
    "parity": ("orbitcompute.analysis.api", "parity"),
    "outlook": ("orbitcompute.analysis.api", "outlook"),
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:  # lazy: keep `import orbitcompute` light for the CLI
    if name not in _EXPORTS:
        raise AttributeError(f"module 'orbitcompute' has no attribute {name!r}")
    module, attr = _EXPORTS[name]
    mod = importlib.import_module(module)
    return mod if attr is None else getattr(mod, attr)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
