"""The results store: a directory of Parquet chunks plus ``manifest.json``.

Layout::

    DIR/manifest.json           spec hash, chunking, columns, completed chunks (informative)
    DIR/chunk-000000.parquet    one file per chunk, written atomically (temp file + os.replace)
    DIR/breakeven.csv           written by the summary (not a Parquet file)

The chunk files are the truth: a chunk is complete if and only if its file exists with the
expected number of rows, because a file only appears under its final name once fully written
and synced. ``read_parquet('DIR/*.parquet')`` (DuckDB, pyarrow, pandas) reads the dataset.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from orbitcompute.errors import ScenarioError
from orbitcompute.io import atomic_path

MANIFEST = "manifest.json"
LOCK = ".lock"
_CHUNK_RE = re.compile(r"^chunk-(\d+)\.parquet$")
#: Temporaries of the files a sweep writes into its directory (see ``orbitcompute.io``).
_TEMP_RE = re.compile(
    r"^\.(chunk-\d+\.parquet|manifest\.json|breakeven\.csv|summary\.json)\.[\w.-]+\.tmp$"
)
PARQUET_COMPRESSION = "zstd"


def chunk_name(index: int) -> str:
    return f"chunk-{index:06d}.parquet"


def atomic_write_bytes(
    path: Path, write: Callable[[str], Any], *, clean_stale: bool = False
) -> None:
    """Write a file atomically: ``write(tmp_path)``, fsync, then rename into place.

    Uses :func:`orbitcompute.io.atomic_path` (temporary removed on failure, Ctrl+C, SIGTERM,
    SIGHUP). ``clean_stale`` also removes temporaries of ``path`` left by killed runs (a
    directory scan: off for chunks, whose temporaries :func:`remove_temp_files` clears once
    per run).
    """
    with atomic_path(path, "--out", fsync=True, clean_stale=clean_stale) as tmp:
        write(str(tmp))


def write_chunk(out_dir: str | Path, index: int, table) -> Path:
    """Write one chunk table atomically as ``DIR/chunk-NNNNNN.parquet``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(out_dir) / chunk_name(index)
    # Dictionary encoding only for text columns: floats are mostly distinct, and skipping it
    # halves the write time and the file size (measured on a 65,536-point chunk).
    text = [f.name for f in table.schema if pa.types.is_string(f.type)]

    def write(tmp: str) -> None:
        pq.write_table(table, tmp, compression=PARQUET_COMPRESSION, use_dictionary=text or False)

    atomic_write_bytes(path, write)
    return path


def write_json(path: Path, obj: Any) -> None:
    atomic_write_bytes(path, lambda tmp: Path(tmp).write_text(json.dumps(obj, indent=1)))


def read_manifest(out_dir: Path) -> dict[str, Any] | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ScenarioError("--out", str(out_dir), f"a readable {MANIFEST} ({exc})") from exc


def chunk_files(out_dir: Path) -> dict[int, Path]:
    """Chunk files present in the directory, by chunk index."""
    found = {}
    with os.scandir(out_dir) as it:
        for e in it:
            m = _CHUNK_RE.match(e.name)
            if m:
                found[int(m.group(1))] = Path(e.path)
    return found


def complete_chunks(out_dir: Path, expected_rows: dict[int, int] | Any) -> set[int]:
    """Chunks whose file exists and holds the expected number of rows.

    A file that cannot be read or has the wrong row count (impossible with atomic writes, but
    a disk can fail) is deleted so that the chunk is computed again.
    """
    import pyarrow.parquet as pq

    done = set()
    for i, path in chunk_files(out_dir).items():
        want = expected_rows(i)
        try:
            ok = want is not None and pq.read_metadata(path).num_rows == want
        except Exception:  # noqa: BLE001 - any unreadable file is simply recomputed
            ok = False
        if ok:
            done.add(i)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return done


def remove_temp_files(out_dir: Path) -> int:
    """Delete temp files left by writers that were killed (only call with no writer active).

    Covers the chunks, the manifest and the summary's ``breakeven.csv``/``summary.json``.
    """
    n = 0
    with os.scandir(out_dir) as it:
        for e in it:
            if _TEMP_RE.match(e.name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(e.path)
                    n += 1
    return n


def clear_dataset(out_dir: Path) -> None:
    """Remove a previous sweep's files (chunks, manifest, summary) from ``out_dir``."""
    for path in chunk_files(out_dir).values():
        path.unlink()
    for name in (MANIFEST, "breakeven.csv", "summary.json"):
        with contextlib.suppress(FileNotFoundError):
            (out_dir / name).unlink()
    remove_temp_files(out_dir)


@contextlib.contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the dataset (one sweep per directory at a time)."""
    fh = open(out_dir / LOCK, "a+")  # noqa: SIM115
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ScenarioError(
                "--out", str(out_dir), "a directory no other sweep is writing"
            ) from exc
        yield
    finally:
        fh.close()


def ranges(indices: Iterable[int]) -> list[list[int]]:
    """Compress sorted integers into inclusive ``[first, last]`` ranges."""
    out: list[list[int]] = []
    for i in sorted(indices):
        if out and i == out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


class Manifest:
    """The manifest of a dataset, rewritten atomically at most every ``interval`` seconds."""

    def __init__(self, out_dir: Path, head: dict[str, Any], done: set[int], interval: float = 2.0):
        self.path = out_dir / MANIFEST
        self.head = head
        self.done = set(done)
        self.interval = interval
        self._last = 0.0

    def add(self, index: int) -> None:
        self.done.add(index)
        if time.monotonic() - self._last >= self.interval:
            self.flush()

    def flush(self, status: str | None = None) -> None:
        if status is not None:
            self.head["status"] = status
        doc = dict(self.head)
        doc["completed_chunks"] = ranges(self.done)
        doc["n_completed"] = len(self.done)
        write_json(self.path, doc)
        self._last = time.monotonic()
