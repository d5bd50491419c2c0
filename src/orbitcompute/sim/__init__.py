"""Time-stepped constellation simulation: orbits, Sun and shadow, power, battery and heat.

>>> from orbitcompute.scenario import load_scenario
>>> from orbitcompute.sim import simulate
>>> res = simulate(load_scenario("today").values, days=1, step=60)  # doctest: +SKIP
"""

from orbitcompute.sim.engine import SimResult, build_constellation, save, simulate
from orbitcompute.sim.static import static_inputs

__all__ = ["SimResult", "build_constellation", "save", "simulate", "static_inputs"]
