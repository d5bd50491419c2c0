"""Pure vectorized physics, one module per domain (SI units)."""
