"""orbitcompute: what is the point of AI data centers in orbit? Physics and numbers.

Quick use from Python::

    import orbitcompute as oc
    sc = oc.load_scenario("today", ["launch.price_per_kg=500"])
    res = oc.evaluate(sc.params())
    res.to_frame()
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "evaluate",
    "load_scenario",
    "outputs",
    "registry",
    "Results",
    "Scenario",
]


def __getattr__(name: str):  # lazy: keep `import orbitcompute` light for the CLI
    if name in ("evaluate", "Results"):
        from orbitcompute import model

        return getattr(model, name)
    if name in ("load_scenario", "Scenario"):
        from orbitcompute import scenario

        return getattr(scenario, name)
    if name in ("registry", "outputs"):
        from orbitcompute import registry

        return getattr(registry, name)
    raise AttributeError(name)
