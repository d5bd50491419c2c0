"""Run a sweep: prepare the dataset, skip complete chunks, dispatch the rest to a backend.

Backends run the same task (:func:`compute_and_write`, built on the pure
:func:`~orbitcompute.analysis.sweep.chunks.run_chunk`), so the Parquet content is identical
whatever the backend and the number of workers:

- ``local``: a ``concurrent.futures.ProcessPoolExecutor`` on this machine (fork or spawn);
  each worker writes its chunks itself, the driver only records completions.
- ``dask``: a ``dask.distributed`` client, connected to an existing scheduler
  (``tcp://host:8786``) or to a ``LocalCluster`` started for the run. Workers write the chunks
  when they share the output directory with the client (checked with a probe file), otherwise
  they send the tables back and the client writes them.

A killed run, a killed worker or a rerun never loses or duplicates rows: a chunk is written
under its own name with an atomic rename, so writing it twice gives the same file once.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import shutil
import socket
import struct
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from orbitcompute import model
from orbitcompute.analysis.sweep import store
from orbitcompute.analysis.sweep.chunks import (
    chunk_bounds,
    n_chunks,
    output_columns,
    point_columns,
    run_chunk,
)
from orbitcompute.analysis.sweep.spec import STORE_FORMAT, SweepSpec, package_version
from orbitcompute.errors import ScenarioError
from orbitcompute.io import progress_bar
from orbitcompute.units import ureg

BACKENDS = ("local", "dask")


@dataclass(frozen=True)
class SweepRun:
    """What a call to :func:`run_sweep` did."""

    out_dir: Path
    n_points: int
    chunk_size: int
    n_chunks: int
    skipped_chunks: int
    computed_chunks: int
    computed_points: int
    elapsed: float
    backend: str
    workers: int

    @property
    def rate(self) -> float:
        """Model evaluations per second (sweep points computed in this run / wall time)."""
        return self.computed_points / self.elapsed if self.elapsed > 0 else float("nan")


def compute_and_write(spec: SweepSpec, out_dir: str, index: int, chunk_size: int) -> int:
    """Run one chunk and write it atomically; returns its number of rows."""
    table = run_chunk(spec, index, chunk_size)
    store.write_chunk(out_dir, index, table)
    return table.num_rows


# --------------------------------------------------------------------------------------------
# The driver


def run_sweep(
    spec: SweepSpec,
    out_dir: str | os.PathLike[str],
    *,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    resume: bool = True,
    progress: bool | None = None,
    client=None,
    start_method: str | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> SweepRun:
    """Compute every missing chunk of a sweep into ``out_dir``.

    Parameters
    ----------
    spec : SweepSpec
        The validated sweep.
    out_dir : path
        Dataset directory (created if missing; its parent must exist).
    backend : {"local", "dask"}
        Where the chunks run.
    workers : int, optional
        Worker processes (local; default: CPU count) or LocalCluster workers (dask).
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); dask backend only.
    chunk_size : int, optional
        Points per chunk (default: the manifest's on resume, else ``spec.default_chunk_size()``).
    resume : bool
        Keep complete chunks of a previous run of the same spec (default). ``False`` deletes
        the previous sweep's files first.
    progress : bool, optional
        Show a rich progress bar (default: only when stderr is a terminal).
    client : distributed.Client, optional
        Use this Dask client (tests, notebooks) instead of creating one.
    start_method : str, optional
        multiprocessing start method for the local backend (default: ``fork`` on Linux).
    on_chunk : callable, optional
        Called as ``on_chunk(chunk_index, rows)`` after each chunk is stored.

    Returns
    -------
    SweepRun
    """
    if backend not in BACKENDS:
        raise ScenarioError("--backend", backend, "local or dask")
    if workers is not None and not 1 <= workers <= 1024:
        raise ScenarioError("--workers", workers, "a whole number from 1 to 1024")
    if chunk_size is not None and not 1 <= chunk_size <= 2**26:
        raise ScenarioError("--chunk-size", chunk_size, f"a whole number from 1 to {2**26}")
    if scheduler is not None and backend != "dask":
        raise ScenarioError("--scheduler", scheduler, "to be used with --backend dask")
    if scheduler is not None:
        parse_scheduler(scheduler)  # a malformed address is one line before anything starts
    owned: list = []
    if backend == "dask" and client is None:
        # Connect (or start the LocalCluster) first: an unreachable scheduler leaves no files.
        client, owned = _dask_client(scheduler, workers)
    created = not Path(out_dir).exists()
    try:
        out = prepare_out_dir(out_dir)
        t0 = time.perf_counter()
        with store.exclusive(out):
            size, nch, done, nw, computed = _run_locked(
                spec,
                out,
                backend,
                workers,
                chunk_size,
                resume,
                progress,
                client,
                start_method,
                on_chunk,
            )
    except BaseException:
        if created and Path(out_dir).is_dir() and not store.chunk_files(Path(out_dir)):
            shutil.rmtree(out_dir, ignore_errors=True)  # nothing computed: leave nothing behind
        raise
    finally:
        for obj in owned:
            with contextlib.suppress(Exception):
                obj.close()
    return SweepRun(
        out_dir=out,
        n_points=spec.n_points,
        chunk_size=size,
        n_chunks=nch,
        skipped_chunks=len(done),
        computed_chunks=computed[0],
        computed_points=computed[1],
        elapsed=time.perf_counter() - t0,
        backend=backend,
        workers=nw,
    )


def _run_locked(
    spec, out, backend, workers, chunk_size, resume, progress, client, start_method, on_chunk
):
    size = _resolve_chunking(spec, out, chunk_size, resume)
    nch = n_chunks(spec.n_points, size)

    def rows(i: int) -> int | None:
        if not 0 <= i < nch:
            return None
        a, b = chunk_bounds(spec.n_points, size, i)
        return b - a

    store.remove_temp_files(out)
    done = store.complete_chunks(out, rows)
    manifest = store.Manifest(out, _manifest_head(spec, size, nch), done)
    manifest.flush("running")
    todo_points = spec.n_points - sum(rows(i) for i in done)
    todo: Iterator[int] = (i for i in range(nch) if i not in done)
    computed = [0, 0]
    nw = workers or 0
    status = "interrupted"
    try:
        with _progress(progress, todo_points) as advance:

            def record(i: int, nrows: int) -> None:
                manifest.add(i)
                computed[0] += 1
                computed[1] += nrows
                advance(nrows)
                if on_chunk is not None:
                    on_chunk(i, nrows)

            if todo_points and backend == "local":
                nw = workers or os.cpu_count() or 1
                _run_local(spec, out, todo, size, nw, start_method, record)
            elif todo_points:
                nw = _dask_loop(client, spec, out, todo, size, record)
        store.remove_temp_files(out)
        status = "complete"
    finally:
        manifest.flush(status)  # informative; the chunk files are the truth
    return size, nch, done, nw, computed


def prepare_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ScenarioError("--out", str(out_dir), "a directory (this is a file)")
    if out.is_dir() and not (out / store.MANIFEST).exists():
        if any(p.name != store.LOCK for p in out.iterdir()):
            raise ScenarioError(
                "--out", str(out), "an empty directory or a sweep dataset (no manifest.json here)"
            )
    if not out.exists():
        if not out.parent.is_dir():
            raise ScenarioError("--out", str(out_dir), "a path whose parent directory exists")
        out.mkdir()
    return out


def _resolve_chunking(spec: SweepSpec, out: Path, chunk_size: int | None, resume: bool) -> int:
    manifest = store.read_manifest(out)
    if manifest is None:
        others = [p.name for p in out.iterdir() if p.name != store.LOCK]
        if store.chunk_files(out) or others:
            raise ScenarioError(
                "--out", str(out), "an empty directory or a sweep dataset (no manifest.json here)"
            )
        return chunk_size or spec.default_chunk_size()
    if not resume:
        store.clear_dataset(out)
        return chunk_size or spec.default_chunk_size()
    if manifest.get("format") != STORE_FORMAT:
        raise ScenarioError("--out", str(out), f"a dataset of format {STORE_FORMAT}")
    old = manifest.get("spec_hash", "")
    if old != spec.hash:
        raise ScenarioError(
            "--out",
            str(out),
            f"a dataset of this spec, but its manifest has spec hash {old[:12]} and this spec "
            f"hashes to {spec.hash[:12]} (use another --out, or --no-resume to overwrite)",
        )
    have = int(manifest.get("chunk_size", 0))
    if chunk_size is not None and chunk_size != have:
        raise ScenarioError(
            "--chunk-size", chunk_size, f"{have}, the chunk size of the run being resumed"
        )
    return have


def _manifest_head(spec: SweepSpec, size: int, nch: int) -> dict:
    units = {a.name: _si_unit(a.unit) for a in spec.axes if a.numeric}
    if spec.sample is not None:
        units.update(
            {n: _si_unit(u) for n, u in zip(spec.sample.names, spec.sample.units, strict=True)}
        )
    return {
        "format": STORE_FORMAT,
        "spec_hash": spec.hash,
        "spec_source": spec.source,
        "orbitcompute_version": package_version(),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "n_points": spec.n_points,
        "shape": list(spec.shape),
        "chunk_size": size,
        "n_chunks": nch,
        "point_columns": point_columns(spec),
        "output_columns": output_columns(spec),
        "units": units,
        "metric": spec.metric_column,
        "note": "values in SI; the chunk files are the truth for resume",
    }


def _si_unit(unit: str) -> str:
    try:
        q = ureg().Quantity(1.0, unit.replace("%", "percent") if unit not in ("", "1") else "")
        return f"{q.to_base_units().units:~}" or "1"
    except Exception:  # noqa: BLE001 - the unit label is informative only
        return "SI"


@contextlib.contextmanager
def _progress(show: bool | None, total: int) -> Iterator[Callable[[int], None]]:
    """``advance(points)`` of a rich bar with a points/s rate (quiet when not shown)."""
    show = False if total == 0 else show
    with progress_bar("sweep", total, show=show, rate_unit="points", transient=False) as bar:
        yield (lambda n: None) if bar is None else bar.advance


# --------------------------------------------------------------------------------------------
# Local backend

_WORKER: dict = {}


def _one_thread_per_worker() -> None:
    """Parallelism comes from the workers: keep ``evaluate`` on one thread in each of them."""
    if hasattr(model, "THREADS"):
        model.THREADS = 1


def _init_local(spec: SweepSpec, out_dir: str, chunk_size: int) -> None:
    _die_with_parent()
    _one_thread_per_worker()
    _keep_freed_memory()
    _WORKER.update(spec=spec, out=out_dir, size=chunk_size)


#: glibc mallopt parameters and the values set in local workers (see _keep_freed_memory).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 2**20
_TRIM_THRESHOLD = 256 * 2**20


def _keep_freed_memory() -> None:
    """Let this worker reuse freed heap memory instead of returning it to the OS each time.

    The model allocates many chunk-sized temporaries; with glibc's defaults each one is a
    fresh ``mmap`` whose pages the kernel must fault in and zero, which measured as 60 % of a
    worker's CPU time (0.73 s system vs 0.41 s user for 40 chunks of 65,536 points; 0.00 s
    system with these settings, 2.4x faster). Memory stays bounded by the largest chunk.
    Only done in our own local worker processes (Dask workers keep their own policy).
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


def _local_task(index: int) -> tuple[int, int]:
    return index, compute_and_write(_WORKER["spec"], _WORKER["out"], index, _WORKER["size"])


def _die_with_parent() -> None:
    """Ask Linux to kill this worker if the driver dies (SIGKILL leaves no orphans)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _run_local(spec, out, todo, size, workers, start_method, record) -> None:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    method = start_method or ("fork" if sys.platform.startswith("linux") else "spawn")
    if method not in mp.get_all_start_methods():
        raise ScenarioError("--start-method", method, " or ".join(mp.get_all_start_methods()))
    ctx = mp.get_context(method)
    if method == "fork":
        # Import and cache what every chunk needs (scipy.stats.qmc, pyarrow's pandas shim:
        # about 1 s each) once before forking, instead of once per worker.
        run_chunk(spec, 0, 1)
    window = 2 * workers + 2
    ex = ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_local, initargs=(spec, str(out), size)
    )
    try:
        inflight: set = set()
        while True:
            while len(inflight) < window:
                i = next(todo, None)
                if i is None:
                    break
                inflight.add(ex.submit(_local_task, i))
            if not inflight:
                break
            finished, inflight = wait(inflight, return_when=FIRST_COMPLETED)
            for f in finished:
                record(*f.result())
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------------------------
# Dask backend


def _dask_task(spec: SweepSpec, out_dir: str, index: int, size: int, on_worker: bool):
    """Dask task: write the chunk on the worker (shared disk) or return the table."""
    _one_thread_per_worker()
    if on_worker:
        return index, compute_and_write(spec, out_dir, index, size), None
    table = run_chunk(spec, index, size)
    return index, table.num_rows, table


def _dask_client(scheduler: str | None, workers: int | None):
    """A client for ``scheduler``, or for a new LocalCluster; returns it and what to close."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ScenarioError(
            "--backend", "dask", "dask.distributed installed (pip install 'dask[distributed]')"
        ) from exc
    if scheduler:
        address = check_scheduler(scheduler)
        try:
            client = Client(address, timeout=f"{SCHEDULER_TIMEOUT:g}s")
        except Exception as exc:  # noqa: BLE001 - any failure to connect is one line
            reason = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise ScenarioError(
                "--scheduler", scheduler, f"a reachable Dask scheduler ({reason})"
            ) from None
        return client, [client]
    import dask

    # Our own workers may keep freed memory (see _keep_freed_memory): glibc reads these
    # variables when Dask's nanny starts each worker process.
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    environ.update(
        MALLOC_TRIM_THRESHOLD_=str(_TRIM_THRESHOLD), MALLOC_MMAP_THRESHOLD_=str(_MMAP_THRESHOLD)
    )
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = Client(cluster)
    return client, [client, cluster]


#: Seconds to wait for a Dask scheduler to accept a connection and to send its handshake.
SCHEDULER_TIMEOUT = 10.0
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


def parse_scheduler(address: object) -> tuple[str, str, int]:
    """Split ``[tcp|tls://]host:port`` into (scheme, host, port), or raise a one-line error."""
    key = "--scheduler"
    want = "a Dask scheduler address such as tcp://127.0.0.1:8786"
    if not isinstance(address, str) or not address.strip() or len(address) > 300:
        raise ScenarioError(key, address, want)
    scheme, sep, rest = address.strip().partition("://")
    if not sep:
        scheme, rest = "tcp", address.strip()
    if scheme not in ("tcp", "tls"):
        raise ScenarioError(key, address, f"a tcp:// or tls:// address ({want})")
    if rest.startswith("["):  # [IPv6]:port
        host, _, port_text = rest[1:].partition("]:")
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ScenarioError(key, address, want) from None
    else:
        host, _, port_text = rest.rpartition(":")
        if not host or not _HOST.fullmatch(host):
            raise ScenarioError(key, address, f"{want} (host:port, with a port)")
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ScenarioError(key, address, f"{want} (a port from 1 to 65535)")
    return scheme, host, int(port_text)


def check_scheduler(address: str, timeout: float | None = None) -> str:
    """Check that a Dask scheduler answers at ``address`` before connecting a client.

    A Dask scheduler sends its handshake as soon as a connection is accepted: an 8-byte
    little-endian frame length, then a short msgpack message. Waiting for it with a timeout
    (without sending anything) tells a scheduler from a port that accepts and never answers
    (``distributed.Client`` would wait forever for the handshake) or from another server,
    e.g. HTTP, whose reply Dask would read as a frame length of exabytes.

    Parameters
    ----------
    address : str
        ``tcp://host:port`` (``tls://`` is checked up to the TCP connection).
    timeout : float, optional
        Seconds for the connection and for the handshake (default :data:`SCHEDULER_TIMEOUT`).

    Returns
    -------
    str
        The normalized address, ``scheme://host:port``.
    """
    scheme, host, port = parse_scheduler(address)
    timeout = SCHEDULER_TIMEOUT if timeout is None else timeout
    key = "--scheduler"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror:
        raise ScenarioError(
            key, address, f"a host name that resolves ('{host}' does not)"
        ) from None
    except TimeoutError:
        raise ScenarioError(
            key, address, f"a Dask scheduler that accepts connections within {timeout:g} s"
        ) from None
    except OSError as exc:
        raise ScenarioError(
            key, address, f"a reachable Dask scheduler ({exc.strerror or exc})"
        ) from None
    with sock:
        if scheme == "tcp":
            sock.settimeout(timeout)
            try:
                header = _recv_exactly(sock, 8)
                (length,) = struct.unpack("<Q", header)
                if not 0 < length <= 1 << 16:
                    raise ValueError(length)
                _recv_exactly(sock, length)
            except TimeoutError:
                raise ScenarioError(
                    key, address, f"a Dask scheduler (no handshake within {timeout:g} s)"
                ) from None
            except (OSError, ValueError, struct.error):
                raise ScenarioError(
                    key, address, "a Dask scheduler (the server there does not speak Dask)"
                ) from None
    bracket = f"[{host}]" if ":" in host else host
    return f"{scheme}://{bracket}:{port}"


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        part = sock.recv(n - len(buf))
        if not part:
            raise ConnectionError("closed")
        buf += part
    return buf


def _workers_share(client, out: Path) -> bool:
    """True if every connected worker sees ``out`` (a probe file) like the client does."""
    probe = out / f".probe-{uuid.uuid4().hex}"
    probe.write_text("orbitcompute")
    try:
        seen = client.run(os.path.exists, str(probe))
        return bool(seen) and all(seen.values())
    finally:
        probe.unlink()


def _dask_loop(client, spec, out, todo, size, record) -> int:
    from distributed import as_completed

    client.wait_for_workers(1, timeout="60s")
    on_worker = _workers_share(client, out)
    nthreads = sum(client.nthreads().values())
    window = max(4 * nthreads, 16)
    spec_f = client.scatter(spec, broadcast=True, hash=False)
    tag = spec.hash[:12]

    def submit(i: int, worker_writes: bool):
        return client.submit(
            _dask_task,
            spec_f,
            str(out),
            i,
            size,
            worker_writes,
            key=f"orbitcompute-chunk-{tag}-{size}-{i}-{int(worker_writes)}",
            pure=False,
        )

    ac = as_completed()
    inflight = 0

    def fill() -> None:
        nonlocal inflight
        while inflight < window:
            i = next(todo, None)
            if i is None:
                return
            ac.add(submit(i, on_worker))
            inflight += 1

    fill()
    for fut in ac:
        i, nrows, table = fut.result()
        fut.release()
        inflight -= 1
        if table is not None:
            store.write_chunk(out, i, table)
        elif not (out / store.chunk_name(i)).exists():
            # That worker does not share the directory: recompute with the table sent back.
            ac.add(submit(i, False))
            inflight += 1
            continue
        record(i, nrows)
        fill()
    return nthreads
