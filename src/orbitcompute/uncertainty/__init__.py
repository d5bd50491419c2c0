"""Uncertain inputs: distributions written in scenario files, seeded vectorized sampling and
rank correlation (Iman-Conover). The analyses that use them live in ``orbitcompute.analysis``.
"""

from orbitcompute.uncertainty.distributions import (
    Distribution,
    iman_conover,
    parse_correlations,
    parse_spec,
    sample,
    sample_uniforms,
    to_columns,
)

__all__ = [
    "Distribution",
    "iman_conover",
    "parse_correlations",
    "parse_spec",
    "sample",
    "sample_uniforms",
    "to_columns",
]
