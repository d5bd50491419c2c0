"""Shared plumbing of the CLI: one-line errors and running the app (kept light: ``--help``).

Output helpers (atomic files, JSON/CSV, rich emission, progress bars, output-path checks) are
below the interfaces in :mod:`orbitcompute.io`; shared options in :mod:`orbitcompute.cli.options`.
"""

from __future__ import annotations

import contextlib
import io
import signal
import sys

import typer

from orbitcompute.cli.group import app as _app
from orbitcompute.errors import ScenarioError
from orbitcompute.io import Terminated, terminate_as_interrupt

try:  # typer >= 0.20 vendors click
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as cx


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit with ``code`` (no traceback)."""
    line = " ".join(str(message).split())
    print(f"error: {line}", file=sys.stderr)
    raise SystemExit(code)


class _Never(Exception):
    """Placeholder for an exception class a typer/click version does not have."""


def _exc(name: str) -> tuple[type[BaseException], ...]:
    """The exception classes called ``name`` in click's and typer's modules (may be empty)."""
    found = tuple(
        c for c in (getattr(cx, name, None), getattr(typer, name, None)) if isinstance(c, type)
    )
    return found or (_Never,)


def run_app(app: typer.Typer, args: list[str] | None = None) -> None:
    """Run the typer app, turning user errors into one line and exit status 2.

    SIGTERM and SIGHUP are handled like Ctrl+C (see :func:`orbitcompute.io.terminate_as_interrupt`):
    temporary files are removed and the exit status is 128 + the signal number.
    """
    try:
        with terminate_as_interrupt():
            rv = app(args=args, standalone_mode=False)
    except Terminated as exc:
        fail(f"terminated by {signal.Signals(exc.signum).name}", code=128 + exc.signum)
    except ScenarioError as exc:
        fail(exc.one_line())
    except cx.UsageError as exc:
        # Bad flag or argument: one line, exit 2, like every other user error.
        path = exc.ctx.command_path if exc.ctx is not None else "orbitcompute"
        fail(f"{path}: {exc.format_message()} (see '{path} --help')")
    except _exc("Abort"):
        fail("aborted", code=130)
    except _exc("Exit") as exc:
        raise SystemExit(getattr(exc, "exit_code", 0)) from None
    except cx.ClickException as exc:
        fail(exc.format_message())
    except BrokenPipeError:
        raise SystemExit(0) from None
    except KeyboardInterrupt:
        fail("interrupted", code=130)
    if isinstance(rv, int) and rv:
        raise SystemExit(rv)


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run ``orbitcompute ARGS`` in this process: (exit status, stdout, stderr).

    For tests and notebooks; behaves exactly like the console script, one-line errors included.
    """
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            run_app(_app, list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()
