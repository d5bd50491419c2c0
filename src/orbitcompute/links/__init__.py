"""Data links, ground contacts, workload fit and latency of an orbital compute cluster.

Modules: :mod:`~orbitcompute.links.orbits` (Earth-fixed positions of circular J2 orbits),
:mod:`~orbitcompute.links.contacts` (contact windows), :mod:`~orbitcompute.links.sites`
(shipped ground stations, population centres, cloud regions),
:mod:`~orbitcompute.links.budget` (link capacities and terminal mass/power from the registry),
:mod:`~orbitcompute.links.workloads` (training / inference / batch fit),
:mod:`~orbitcompute.links.latency` (orbit vs terrestrial latency over a day).
The physics (link budgets, slant range, delays) is in :mod:`orbitcompute.physics.links`.
"""

__all__ = ["summary", "links_report", "latency_day", "fit"]


def __getattr__(name: str):  # lazy: keep `import orbitcompute.links` light
    if name in ("summary", "links_report"):
        from orbitcompute.links import report

        return getattr(report, name)
    if name == "latency_day":
        from orbitcompute.links.latency import latency_day

        return latency_day
    if name == "fit":
        from orbitcompute.links.workloads import fit

        return fit
    raise AttributeError(name)
