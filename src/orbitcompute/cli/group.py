"""The ``orbitcompute`` typer app: one command per module ``cmd_<name>.py``, loaded on demand.

Each command module exposes ``register(app)``, which adds the command ``<name>``. The modules
are found by name (:func:`command_names`), so adding a command never edits a shared file, and
only the module of the command being run is imported: ``orbitcompute compare`` does not pay for
the imports of ``sweep`` or ``simulate`` (click's documented "lazily loading subcommands"
pattern). ``orbitcompute --help`` lists them from their source (the command function's
docstring, read with :mod:`ast`) without importing any.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

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


def command_help(name: str) -> str:
    """The help text of command ``name`` (its function's docstring), read without importing.

    The function is the one ``register(app)`` passes to ``app.command("<name>")``.
    """
    tree = ast.parse((Path(__file__).parent / f"{PREFIX}{name}.py").read_text(encoding="utf-8"))
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in ast.walk(funcs["register"]):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and getattr(node.func.func, "attr", None) == "command"
            and [getattr(a, "value", None) for a in node.func.args] == [name]
            and node.args
            and isinstance(node.args[0], ast.Name)
        ):
            return ast.get_docstring(funcs[node.args[0].id]) or ""
    return ""


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

    def __contains__(self, name: object) -> bool:  # without importing
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported only when used."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(command_names())
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Any, name: str) -> Any:
        if self._listing and name in self.commands:  # the list in --help: no import
            return TyperCommand(name=name, help=command_help(name))
        return super().get_command(ctx, name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


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
