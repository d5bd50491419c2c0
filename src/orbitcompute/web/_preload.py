"""Imported once by the forkserver of the web workers (:mod:`orbitcompute.web.workers`).

Importing this module imports and warms the model (pint registry, registry, presets, eclipse
tables, Monte Carlo code), so every worker forked from the forkserver answers its first
request as fast as later ones, and replacing a worker costs a fork, not a warm-up.
"""

try:
    from orbitcompute.web import api as _api

    _api.warm_up()
except Exception:  # noqa: BLE001 - a worker warms itself again if this fails
    pass
