"""User-facing errors.

Every mistake a user can make in a scenario file, a ``--set`` override, a sweep spec or an API
request is reported as a :class:`ScenarioError` that names the key path, the offending value and
what was expected. The CLI prints it on one line and exits with status 2; the web API answers
HTTP 422. Programming errors are left to raise normally.
"""

from __future__ import annotations

from typing import Any


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class ScenarioError(ValueError):
    """A bad input, reported with the key path, the value and what was expected.

    Parameters
    ----------
    key : str
        Dotted key path of the offending entry, e.g. ``orbit.altitude`` or ``--set``.
    value : Any
        The value that was given.
    expected : str
        What would have been accepted, in plain words.
    """

    def __init__(self, key: str, value: Any, expected: str) -> None:
        self.key = key
        self.value = value
        self.expected = expected
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as a single line (no newlines, ever)."""
        msg = f"{self.key} = {_show(self.value)}: expected {self.expected}"
        return " ".join(msg.split())
