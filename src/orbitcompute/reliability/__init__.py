"""Reliability in orbit and on the ground: failures without repair, radiation, spares,
servicing, repair and refresh, and obsolescence.

Modules
-------
failures      Weibull survival, dose wear-out, spares, discounted capacity, fleet Monte Carlo.
radiation     Total ionizing dose and upset rates vs altitude, inclination and shielding.
strategies    Servicing missions, satellite replacement, ground repair with spares.
obsolescence  Performance-per-watt growth and today's-accelerator-equivalent hours.
fleet         The two fleets from registry parameters (used by ``evaluate`` and ``capacity``).
"""
