"""Shared output plumbing below every interface: output-path checks, atomic files, emission.

Every file the package writes (a table with ``-o``, a PNG, a Parquet file of samples, a sweep
chunk, a report) goes through :func:`atomic_path`: it is written under a hidden temporary name
in the target directory and renamed into place only once complete, so a failed, interrupted
(SIGINT) or terminated (SIGTERM, SIGHUP) run never leaves a partial file behind. A temporary
left by a run killed with SIGKILL is recognised by its name (``.NAME.HOST-PID.RANDOM.tmp``)
and removed by the next run that writes the same file, once its process is gone.

Every output path a user gives is checked up front by :func:`check_output_path`: one line
naming the option, the value and what was expected (a :class:`~orbitcompute.errors.ScenarioError`,
exit status 2 in the CLI), before any work is done and before anything is written.

The module also holds the emission helpers shared by the CLI, the report and the web API:
:func:`jsonable`/:func:`dumps` (NaN-safe JSON), :func:`csv_text`, :func:`write_text`,
:func:`emit` (rich renderables to the terminal or to a file) and :func:`progress_bar` (a rich
bar on a terminal, quiet otherwise).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import json
import math
import os
import re
import secrets
import signal
import socket
import stat
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from orbitcompute.errors import ScenarioError

#: Longest file name we accept [characters]: the file system's limit (255 on Linux/macOS)
#: minus room for the temporary name ``.NAME.HOST-PID.RANDOM.tmp`` used while writing.
TEMP_EXTRA = 40
NAME_MAX_DEFAULT = 255
PATH_MAX_DEFAULT = 4096

_HOST = hashlib.blake2s(socket.gethostname().encode(), digest_size=3).hexdigest()
#: What follows ``.NAME.`` in a temporary: ``HOST-PID.RANDOM.tmp``, or ``RANDOM.tmp`` (mkstemp).
_TEMP_TAIL = re.compile(r"^(?:(?P<host>[0-9a-f]{6})-(?P<pid>\d+)\.)?\w+\.tmp$")


# --------------------------------------------------------------------------------------------
# Termination signals


class Terminated(SystemExit):
    """SIGTERM or SIGHUP, raised in the main thread so that cleanup runs as for Ctrl+C.

    Like :class:`KeyboardInterrupt` it is not an :class:`Exception`, so ``except Exception``
    does not swallow it while every ``finally`` block (temporary files, worker pools) runs.
    Left uncaught it ends the program quietly with the conventional status 128 + signal.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(128 + signum)


TERMINATION_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))
_installed: dict[int, Any] = {}
_install_depth = 0
_install_lock = threading.Lock()


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread.

    Only signals still at their default disposition are taken over (a server or a test runner
    that installed its own handler keeps it); the previous handlers are restored on exit.
    Nested use is cheap. Outside the main thread this does nothing (Python delivers signals to
    the main thread only).
    """
    global _install_depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with _install_lock:
        if _install_depth == 0:
            for sig in TERMINATION_SIGNALS:
                if signal.getsignal(sig) is signal.SIG_DFL:
                    _installed[sig] = signal.signal(sig, _raise_terminated)
        _install_depth += 1
    try:
        yield
    finally:
        with _install_lock:
            _install_depth -= 1
            if _install_depth == 0:
                for sig, old in _installed.items():
                    signal.signal(sig, old)
                _installed.clear()


# --------------------------------------------------------------------------------------------
# Output paths


def _limits(directory: Path) -> tuple[int, int]:
    """(longest file name, longest path) in ``directory`` [characters]."""
    try:
        return os.pathconf(directory, "PC_NAME_MAX"), os.pathconf(directory, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):
        return NAME_MAX_DEFAULT, PATH_MAX_DEFAULT


def _exists(path: Path) -> bool:
    """``path.exists()`` that is False, not an error, for a name too long or a loop."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _existing_ancestor(path: Path) -> Path:
    p = path
    while not _exists(p) and p != p.parent:
        p = p.parent
    return p


def _writable(directory: Path) -> bool:
    """Whether a new file can be created in ``directory`` (tried honestly, then removed).

    ``os.access`` is not enough: it says yes to root in a read-only directory and knows
    nothing of read-only mounts or pseudo file systems such as /proc.
    """
    if not os.access(directory, os.W_OK | os.X_OK):
        return False
    probe = directory / f".orbitcompute-probe.{_HOST}-{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return True


def check_output_path(
    path: str | os.PathLike[str] | None,
    option: str = "--output",
    *,
    kind: str = "file",
    suffixes: Sequence[str] = (),
    create: bool = False,
    allow_stdout: bool = False,
) -> Path | None:
    """Check an output path before any work is done; raise one line if it cannot be written.

    Parameters
    ----------
    path : str or PathLike or None
        The path as given by the user (None: no output requested, returned as None).
    option : str
        The option or key that named it (``-o/--output``, ``--png``, ...), for the message.
    kind : {"file", "dir"}
        What the path must name: a file (written atomically) or a directory (created if
        missing when ``create`` is true, its contents written by the caller).
    suffixes : sequence of str
        Accepted file name endings, e.g. ``(".png",)`` (case-insensitive); empty: any.
    create : bool
        ``kind="dir"`` only: missing parent directories are fine, the caller creates them
        (``Path.mkdir(parents=True)``) when it writes; the check itself writes nothing.
        Otherwise a missing parent directory is an error (a missing ``dir`` itself is fine).
    allow_stdout : bool
        Accept ``-`` meaning standard output (returned as None).

    Returns
    -------
    Path or None
        The path, or None for no output / standard output.

    Raises
    ------
    ScenarioError
        The path is empty, too long, names a directory where a file is expected (or a file
        where a directory is expected), has the wrong ending, lies in a directory that does
        not exist (and is not to be created) or under a file, or in a directory where no file
        can be created (read-only, permissions, pseudo file system).
    """
    if path is None:
        return None
    text = os.fspath(path)
    if isinstance(text, bytes):  # pragma: no cover - the CLI and API give str
        text = text.decode(errors="replace")
    if allow_stdout and text == "-":
        return None
    what = "a directory" if kind == "dir" else "a file name"
    if not text.strip():
        raise ScenarioError(option, text, f"{what} (got an empty string)")
    if "\x00" in text:
        raise ScenarioError(option, text, f"{what} without NUL characters")
    p = Path(text)
    if kind == "file" and _special(p):  # /dev/null, /dev/stdout, a FIFO: written directly
        if not os.access(p, os.W_OK):
            raise ScenarioError(option, text, "a writable file")
        return p
    if kind == "file" and (text.endswith(("/", os.sep)) or p.name in ("", ".", "..")):
        raise ScenarioError(option, text, "a file name, not a directory")
    anchor = _existing_ancestor(p.absolute().parent)
    name_max, path_max = _limits(anchor if anchor.is_dir() else Path("."))
    if len(os.fsencode(p.absolute())) >= path_max:
        raise ScenarioError(option, text, f"a path shorter than {path_max} bytes")
    for part in p.parts:
        room = TEMP_EXTRA if (kind == "file" and part == p.name) else 0
        if len(os.fsencode(part)) > name_max - room:
            raise ScenarioError(
                option, text, f"file and directory names of at most {name_max - room} bytes"
            )
    if suffixes and not p.name.lower().endswith(tuple(s.lower() for s in suffixes)):
        raise ScenarioError(option, text, "a file name ending in " + " or ".join(suffixes))
    try:
        if kind == "file" and p.is_dir():
            raise ScenarioError(option, text, "a file name, not a directory")
        if kind == "dir" and p.exists() and not p.is_dir():
            raise ScenarioError(option, text, "a directory, not a file")
        directory = p if (kind == "dir" and p.is_dir()) else p.parent
        if not directory.is_dir():
            ancestor = _existing_ancestor(directory)
            if not ancestor.is_dir():
                why = f"a path under a directory ({ancestor} is a file)"
                raise ScenarioError(option, text, why)
            if not (kind == "dir" and create):
                raise ScenarioError(
                    option, text, f"a path in an existing directory ({directory} does not exist)"
                )
            directory = ancestor
        if not _writable(directory):
            why = f"a path in a writable directory ({directory} is not)"
            raise ScenarioError(option, text, why)
    except OSError as exc:  # e.g. ELOOP, EACCES on a parent: still one line
        raise ScenarioError(option, text, f"a usable path ({exc.strerror or exc})") from None
    return p


# --------------------------------------------------------------------------------------------
# Atomic files


def _special(path: Path) -> bool:
    """A device or FIFO (``/dev/null``, ``/dev/stdout``): exists, neither file nor directory."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def temp_name(target: Path) -> Path:
    """A fresh temporary name next to ``target``: ``.NAME.HOST-PID.RANDOM.tmp``."""
    return target.with_name(f".{target.name}.{_HOST}-{os.getpid()}.{secrets.token_hex(4)}.tmp")


def remove_stale_temps(target: str | os.PathLike[str]) -> int:
    """Delete temporaries of ``target`` left by killed runs; return how many were removed.

    A temporary named by this module carries the host and process that wrote it: it is stale
    once that process (on this host) is gone. A temporary from another host (shared file
    system) is left alone. A temporary in the older ``mkstemp`` form (``.NAME.XXXXXXXX.tmp``,
    orbitcompute <= 0.1.0) carries no owner and is removed.
    """
    t = Path(target)
    directory = t.parent
    n = 0
    prefix = f".{t.name}."
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for e in entries:
        m = _TEMP_TAIL.match(e.name[len(prefix) :]) if e.name.startswith(prefix) else None
        if m is None:
            continue
        if m.group("pid") is not None:
            if m.group("host") != _HOST or _pid_alive(int(m.group("pid"))):
                continue
        with contextlib.suppress(OSError):
            os.unlink(e.path)
            n += 1
    return n


@contextlib.contextmanager
def atomic_path(
    path: str | os.PathLike[str],
    option: str = "--output",
    *,
    fsync: bool = False,
    clean_stale: bool = True,
) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it into place only on success.

    On an exception, Ctrl+C, SIGTERM or SIGHUP (see :func:`terminate_as_interrupt`) the
    temporary is removed and ``path`` is left as it was. A device or FIFO (``/dev/null``,
    ``/dev/stdout``) is yielded as is and written directly (it cannot be renamed over).
    Temporaries of the same target left by killed runs are removed first (``clean_stale``;
    see :func:`remove_stale_temps`).

    Parameters
    ----------
    path : str or PathLike
        The final file. Its directory must exist (check it up front with
        :func:`check_output_path`).
    option : str
        Option named in the error when the directory does not exist.
    fsync : bool
        Flush the file to disk before the rename (durable against power loss).
    clean_stale : bool
        Remove stale temporaries of this target first (a directory scan).
    """
    target = Path(path)
    if _special(target):  # a device or FIFO cannot be replaced: write to it directly
        yield target
        return
    if not target.parent.is_dir():
        raise ScenarioError(option, str(path), "a path in an existing directory")
    if clean_stale:
        remove_stale_temps(target)
    tmp = temp_name(target)
    with terminate_as_interrupt():
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM, errno.ENAMETOOLONG):
                raise ScenarioError(
                    option, str(path), f"a writable path ({exc.strerror})"
                ) from None
            raise
        os.close(fd)
        try:
            yield tmp
            if fsync:
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def write_text(path: str | os.PathLike[str] | None, text: str) -> None:
    """Write ``text`` atomically to ``path``, or to stdout when ``path`` is None or ``-``."""
    if path is None or os.fspath(path) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Emission: JSON, CSV, rich


def jsonable(obj: Any) -> Any:
    """Convert numpy scalars/arrays, NaN and inf into JSON-safe Python values (NaN -> None)."""
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
    """JSON text of ``obj`` (see :func:`jsonable`), indented, strict (no NaN literals)."""
    return json.dumps(jsonable(obj), indent=2, allow_nan=False)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (RFC 4180 quoting, ``\\n`` line ends) of a header and rows.

    Floats are written with ``repr`` (shortest round-trip form), None as an empty cell.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(header))
    for r in rows:
        w.writerow([_cell(v) for v in r])
    return buf.getvalue()


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float | np.floating):
        return repr(float(v))
    if isinstance(v, np.generic):
        return v.item()
    return v


def records_csv(records: Sequence[dict[str, Any]]) -> str:
    """CSV text of a list of flat dicts (columns: the union of keys, in first-seen order)."""
    cols: list[str] = []
    for r in records:
        cols += [k for k in r if k not in cols]
    return csv_text(cols, ([r.get(c) for c in cols] for r in records))


def console(stderr: bool = False) -> Console:
    """A rich console; 120 columns when the stream is not a terminal (files, pipes, docs)."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 120)


def emit(renderables: list[Any], output: str | os.PathLike[str] | None, width: int = 120) -> None:
    """Print rich renderables to the terminal, or write them as plain text to ``output``.

    The file is written atomically (see :func:`write_text`) at a fixed ``width``.
    """
    if output is None or os.fspath(output) == "-":
        con = console()
        for r in renderables:
            con.print(r)
        return
    con = Console(record=True, width=width, file=io.StringIO())
    for r in renderables:
        con.print(r)
    write_text(output, con.export_text())


# --------------------------------------------------------------------------------------------
# Progress


class _Rate(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Any) -> Text:
        s = task.speed
        return Text("" if s is None else f"{s:,.0f} {self.unit}/s")


class ProgressBar:
    """The callback a long job reports to: ``bar(done, total)`` or ``bar.advance(n)``."""

    def __init__(self, bar: Progress, task: Any) -> None:
        self._bar, self._task = bar, task

    def __call__(self, done: float, total: float | None = None) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def advance(self, n: float) -> None:
        self._bar.advance(self._task, n)


@contextlib.contextmanager
def progress_bar(
    label: str,
    total: float = 1,
    *,
    show: bool | None = None,
    rate_unit: str | None = None,
    transient: bool = True,
) -> Iterator[ProgressBar | None]:
    """A rich progress bar on stderr when it is a terminal; None (quiet) otherwise.

    Parameters
    ----------
    label : str
        Shown left of the bar.
    total : float
        Amount of work (a job may also pass ``total`` with each update).
    show : bool, optional
        Force the bar on or off (default: only when stderr is a terminal).
    rate_unit : str, optional
        Show a rate column ``N UNIT/s`` and the elapsed time.
    transient : bool
        Remove the bar when done.
    """
    if show is None:
        show = sys.stderr.isatty()
    if not show:
        yield None
        return
    cols: list[Any] = [TextColumn(label), BarColumn()]
    if rate_unit is not None:
        cols += [MofNCompleteColumn(), _Rate(rate_unit), TimeElapsedColumn(), TextColumn("ETA")]
    else:
        cols.append(TextColumn("{task.percentage:>3.0f}%"))
    cols.append(TimeRemainingColumn())
    with Progress(*cols, console=Console(stderr=True), transient=transient) as bar:
        yield ProgressBar(bar, bar.add_task(label, total=total))
