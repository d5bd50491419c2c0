"""Audits of published analyses: their claim, their formula, our model, and the waterfall.

``run(name)`` returns an :class:`~orbitcompute.audit.core.AuditResult`; ``AUDITS`` lists the
audited sources. See :mod:`orbitcompute.audit.core` for how the waterfall is made exact.
"""

from __future__ import annotations

from orbitcompute.audit import mccalip, starcloud, suncatcher
from orbitcompute.audit.core import AuditResult, AuditSpec, run_audit
from orbitcompute.errors import ScenarioError

AUDITS: dict[str, AuditSpec] = {
    "starcloud": starcloud.SPEC,
    "suncatcher": suncatcher.SPEC,
    "mccalip": mccalip.SPEC,
}


def run(name: str) -> AuditResult:
    """Audit the published analysis ``name`` (a key of :data:`AUDITS`)."""
    if name not in AUDITS:
        raise ScenarioError("PRESET", name, "one of " + ", ".join(sorted(AUDITS)))
    return run_audit(AUDITS[name])


__all__ = ["AUDITS", "AuditResult", "AuditSpec", "run", "run_audit"]
