"""Command-line interface: ``orbitcompute <command>``.

Each command lives in its own module ``cmd_<name>.py`` exposing ``register(app)``; the app
(:mod:`orbitcompute.cli.group`) finds them by name and imports only the one being run. Shared
arguments and options are typed aliases in :mod:`orbitcompute.cli.options`; output plumbing
(atomic files, JSON/CSV, progress bars) lives below the interfaces in :mod:`orbitcompute.io`.
"""

from __future__ import annotations

from orbitcompute.cli.common import run_app
from orbitcompute.cli.group import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``orbitcompute`` console script."""
    run_app(app)
