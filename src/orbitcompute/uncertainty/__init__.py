"""Uncertain inputs: distributions written in scenario files, seeded vectorized sampling and
rank correlation (Iman-Conover). The analyses that use them live in ``orbitcompute.analysis``.
"""

from orbitcompute.uncertainty.distributions import (
    Distribution,
    iman_conover,
    parse_correlations,
    parse_spec,
    sample_uniforms,
    to_columns,
)
from orbitcompute.uncertainty.sampling import Sampler, sample

__all__ = [
    "Distribution",
    "iman_conover",
    "parse_correlations",
    "parse_spec",
    "sample",
    "Sampler",
    "sample_uniforms",
    "to_columns",
]
