"""Data links of an orbital compute cluster: geometry, contacts, capacity, workloads, latency.

Modules: :mod:`~orbitcompute.links.orbits` (Earth-fixed positions of circular J2 orbits),
:mod:`~orbitcompute.links.contacts` (contact windows), :mod:`~orbitcompute.links.sites`
(shipped ground stations, population centres, cloud regions),
:mod:`~orbitcompute.links.budget` (link capacities from the registry, contacts of a scenario),
:mod:`~orbitcompute.links.capacity` (vectorized ground-link capacity: contact grid, weather,
site diversity), :mod:`~orbitcompute.links.traffic` (workload classes and their traffic),
:mod:`~orbitcompute.links.workloads` (the training step on the inter-satellite fabric),
:mod:`~orbitcompute.links.latency` (orbit vs terrestrial latency over a day).
The physics (link budgets, slant range, delays) is in :mod:`orbitcompute.physics.links`; the
terminals are sized by :mod:`orbitcompute.design.comms`, priced by
:mod:`orbitcompute.economics.comms`, and reported by :mod:`orbitcompute.analysis.links`.
"""
