"""Every independent reference case of ``tests/reference/validation.csv`` within its tolerance.

The same rows are evaluated by the documentation build (its *Validation* page shows the
measured errors), so the page and the tests cannot disagree.
"""

from __future__ import annotations

import pytest

from reference.cases import evaluate, load_cases, namespace

CASES = load_cases()


@pytest.fixture(scope="module")
def ns():
    return namespace()


def test_cases_are_unique_and_sourced():
    names = [c.case for c in CASES]
    assert len(names) == len(set(names)) and len(names) >= 15
    for c in CASES:
        assert c.source and c.unit and (c.rtol > 0 or c.atol > 0), c.case


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_reference_case(case, ns):
    out = evaluate(case, ns)
    assert out.passed, (case.case, out.value, out.reference, out.abs_error)
