"""Command-line interface: ``orbitcompute <command>``.

Each command lives in its own module ``cmd_<name>.py`` exposing ``register(app)``; they are
discovered here, so adding a command never edits a shared file. Modules import heavy libraries
lazily inside their functions, which keeps ``orbitcompute compare`` fast.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

app = typer.Typer(
    name="orbitcompute",
    help=(
        "What is the point of AI data centers in orbit? Cost per delivered GPU-hour in orbit "
        "vs on the ground, the physics behind it, its uncertainty and its breakeven."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _discover() -> None:
    pkg = sys.modules[__name__]
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(app)


_discover()


def main() -> None:
    """Entry point of the ``orbitcompute`` console script."""
    from orbitcompute.cli.common import run_app

    run_app(app)
