"""Analyses built on ``model.evaluate``: Monte Carlo, sensitivity, breakeven, sweeps."""
