"""The ``orbitcompute`` typer app: one command per module ``cmd_<name>.py``, loaded on demand.

Each command module exposes ``register(app)``, which adds the command ``<name>``. The modules
are found by name (:func:`command_names`), so adding a command never edits a shared file, and
only the module of the command being run is imported: ``orbitcompute compare`` does not pay for
the imports of ``sweep`` or ``simulate`` (click's documented "lazily loading subcommands"
pattern). ``orbitcompute --help`` imports them all to show their one-line help.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

PREFIX = "cmd_"


def command_names() -> list[str]:
    """Names of the commands, from the ``cmd_<name>.py`` modules of this package (sorted)."""
    here = [str(Path(__file__).parent)]
    return sorted(
        m.name.removeprefix(PREFIX) for m in pkgutil.iter_modules(here) if m.name.startswith(PREFIX)
    )


def load_command(name: str) -> Any:
    """The click command ``name``, built from its module's ``register(app)``."""
    module = importlib.import_module(f"{__package__}.{PREFIX}{name}")
    sub = typer.Typer()
    module.register(sub)
    return typer.main.get_group(sub).commands[name]


class _Commands(MutableMapping):
    """Command name -> click command, imported on first access."""

    def __init__(self, names: list[str]) -> None:
        self._names = list(names)
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._loaded:
            self._loaded[name] = load_command(name)
        return self._loaded[name]

    def __setitem__(self, name: str, cmd: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._loaded[name] = cmd

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported only when used."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(command_names())

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


app = typer.Typer(
    name="orbitcompute",
    cls=LazyGroup,
    help=(
        "What is the point of AI data centers in orbit? Cost per delivered GPU-hour in orbit "
        "vs on the ground, the physics behind it, its uncertainty and its breakeven."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """Options common to every command come after the command name."""
