"""Shared plumbing for the CLI commands: errors, overrides, formats and safe output files."""

from __future__ import annotations

import contextlib
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from orbitcompute.errors import ScenarioError

SCENARIO_HELP = "Preset name (see 'orbitcompute presets') or path to a scenario TOML file."
SET_HELP = (
    "Override a parameter, e.g. --set launch.price_per_kg=500 or --set orbit.altitude='550 km'."
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit with ``code`` (no traceback)."""
    line = " ".join(str(message).split())
    print(f"error: {line}", file=sys.stderr)
    raise SystemExit(code)


class _Never(Exception):
    """Placeholder for an exception class a typer/click version does not have."""


def _exc(module: Any, name: str) -> tuple[type[BaseException], ...]:
    """The exception classes called ``name`` in click's and typer's modules (may be empty)."""
    found = tuple(
        c for c in (getattr(module, name, None), getattr(typer, name, None)) if isinstance(c, type)
    )
    return found or (_Never,)


def run_app(app: typer.Typer, args: list[str] | None = None) -> None:
    """Run the typer app, turning user errors into one line and exit status 2."""
    try:
        from typer._click import exceptions as cx  # typer >= 0.20 vendors click
    except ImportError:  # pragma: no cover - older typer uses click itself
        from click import exceptions as cx

    try:
        rv = app(args=args, standalone_mode=False)
    except ScenarioError as exc:
        fail(exc.one_line())
    except cx.UsageError as exc:
        # Bad flag or argument: one line, exit 2, like every other user error.
        path = exc.ctx.command_path if exc.ctx is not None else "orbitcompute"
        fail(f"{path}: {exc.format_message()} (see '{path} --help')")
    except _exc(cx, "Abort"):
        fail("aborted", code=130)
    except _exc(cx, "Exit") as exc:
        raise SystemExit(getattr(exc, "exit_code", 0)) from None
    except cx.ClickException as exc:
        fail(exc.format_message())
    except BrokenPipeError:
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        fail("interrupted", code=130)
    if isinstance(rv, int) and rv:
        raise SystemExit(rv)


def load(scenario: str | None, overrides: list[str] | None) -> Any:
    """Load a scenario for a command (ScenarioError propagates to :func:`run_app`)."""
    from orbitcompute.scenario import load_scenario

    return load_scenario(scenario, overrides or [])


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it into place only on success.

    A command that fails half-way therefore never leaves a partial output file behind.
    """
    target = Path(path)
    if target.parent and not target.parent.exists():
        raise ScenarioError("--output", str(path), "a path in an existing directory")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text(path: str | os.PathLike[str] | None, text: str) -> None:
    """Write ``text`` atomically to ``path``, or to stdout when ``path`` is None or '-'."""
    if path is None or str(path) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def emit(renderables: list[Any], output: str | os.PathLike[str] | None, width: int = 120) -> None:
    """Print rich renderables to the terminal, or write them as plain text to ``output``.

    The file is written atomically (see :func:`write_text`) at a fixed ``width``.
    """
    import io

    from rich.console import Console

    if output is None or str(output) == "-":
        console = Console()
        for r in renderables:
            console.print(r)
        return
    console = Console(record=True, width=width, file=io.StringIO())
    for r in renderables:
        console.print(r)
    write_text(output, console.export_text())


def jsonable(obj: Any) -> Any:
    """Convert numpy scalars/arrays, NaN and inf into JSON-safe Python values (NaN -> None)."""
    import numpy as np

    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return jsonable(obj.tolist())
    if isinstance(obj, np.generic):
        return jsonable(obj.item())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    return obj


def dumps(obj: Any) -> str:
    return json.dumps(jsonable(obj), indent=2, allow_nan=False)


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run ``orbitcompute ARGS`` in this process: (exit status, stdout, stderr).

    For tests and notebooks; behaves exactly like the console script, one-line errors included.
    """
    import io

    from orbitcompute.cli import app

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            run_app(app, list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()
