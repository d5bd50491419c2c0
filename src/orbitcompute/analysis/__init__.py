"""Analyses that run the one vectorized model many times: Monte Carlo, sensitivity, breakeven,
sweeps."""
