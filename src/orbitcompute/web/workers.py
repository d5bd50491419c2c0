"""Model work for the web API in worker processes, each request with a CPU-time budget.

The server's event loop only parses and checks request bodies; the model runs in a small pool
of worker processes (by default one per core, at most :data:`MAX_WORKERS`). Each request gets
a CPU-time budget:

* a ``SIGPROF`` interval timer (``setitimer(ITIMER_PROF)``, process CPU time) raises
  :class:`Budget` in the worker when the budget is spent, and the request is answered with a
  422 naming the budget; the worker is then replaced, since the interruption may have left a
  cache half-built;
* ``RLIMIT_CPU`` is set a few seconds beyond the budget at each request, so the kernel ends a
  worker stuck in one long C call (where a Python signal handler cannot run) as well;
* the parent waits at most ``wall_seconds`` for an answer and replaces a worker that does not
  give one.

So a request can cost the server at most about ``cpu_seconds`` of CPU, and one slow request
never stalls ``/api/health`` or the other workers' clients. Workers are forked from a
``forkserver`` that has already imported the model, so replacing one takes a fraction of a
second instead of a fresh interpreter start. As with any ``multiprocessing`` code, a script
that builds the app must guard its entry point with ``if __name__ == "__main__":`` (the
workers import the main module; ``orbitcompute serve`` and ``uvicorn --factory`` do this).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import multiprocessing as mp
import os
import resource
import signal
import time
from dataclasses import dataclass
from typing import Any

from orbitcompute import model
from orbitcompute.errors import ScenarioError
from orbitcompute.web import api

#: Default number of workers on a large machine (each holds the model: ~200 MB).
MAX_WORKERS = 4
#: Modules the forkserver imports once; the last one warms the model, so workers start warm.
PRELOAD = ["numpy", "orbitcompute.web.api", "orbitcompute.web._preload"]


class Budget(BaseException):  # noqa: N818 - not an error of the code, a limit of the request
    """Raised in a worker when a request has used its CPU-time budget.

    A BaseException, so that ``except Exception`` blocks in library code do not swallow it.
    """


@dataclass
class Reply:
    """A worker's answer: HTTP status and JSON body."""

    status: int
    body: bytes


def _on_sigprof(signum: int, frame: Any) -> None:
    raise Budget


def _error_body(key: str, value: str, expected: str) -> bytes:
    return json.dumps(api.error_payload(ScenarioError(key, value, expected))).encode()


def _call(fn: str, arg: Any) -> Reply:
    try:
        out = getattr(api, fn)(arg) if arg is not None else getattr(api, fn)()
        return Reply(200, json.dumps(out, allow_nan=False).encode())
    except ScenarioError as exc:
        return Reply(422, json.dumps(api.error_payload(exc)).encode())


def _worker_main(conn: Any, cpu_seconds: float) -> None:
    """Serve requests from ``conn`` until it closes: (function name, argument) -> Reply."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # SIGXCPU must not write a core file
    model.THREADS = 1  # one process per core already: no threads inside a request
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server handles Ctrl+C and stops us
    signal.signal(signal.SIGPROF, _on_sigprof)
    api.warm_up()
    conn.send("ready")
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        fn, arg = msg
        used = time.process_time()
        soft = int(math.ceil(used + cpu_seconds)) + 2
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        recycle = False
        try:
            signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
            reply = _call(fn, arg)
        except Budget:
            recycle = True
            reply = Reply(
                422,
                _error_body(
                    "request",
                    fn,
                    f"a request that needs at most {cpu_seconds:g} s of CPU "
                    "(ask for fewer Monte Carlo samples or a simpler scenario)",
                ),
            )
        except MemoryError:
            recycle = True
            reply = Reply(422, _error_body("request", fn, "a request that fits in memory"))
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
        try:
            conn.send((reply, recycle))
        except (BrokenPipeError, OSError):
            return
        if recycle:
            return


class _Worker:
    def __init__(self, ctx: Any, cpu_seconds: float, start_timeout: float) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, cpu_seconds), daemon=True)
        self.proc.start()
        child.close()
        if not self.conn.poll(start_timeout) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("a web worker process did not start")

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class Pool:
    """Worker processes that run :mod:`orbitcompute.web.api` functions with a CPU budget.

    Parameters
    ----------
    size : int
        Worker processes (default: one per core, at most :data:`MAX_WORKERS`).
    cpu_seconds : float
        CPU-time budget of one request [s].
    wall_seconds : float
        Longest wait for a worker's answer [s] before the worker is replaced.
    queue_seconds : float
        Longest wait for a free worker [s] before answering 503.
    """

    def __init__(
        self,
        size: int | None = None,
        cpu_seconds: float = 1.5,
        wall_seconds: float = 30.0,
        queue_seconds: float = 30.0,
    ) -> None:
        self.size = max(1, size or min(os.cpu_count() or 1, MAX_WORKERS))
        self.cpu_seconds = cpu_seconds
        self.wall_seconds = wall_seconds
        self.queue_seconds = queue_seconds
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)
        self._idle: asyncio.Queue | None = None
        self._all: list[_Worker] = []
        self._tasks: set[asyncio.Task] = set()
        self._lock: asyncio.Lock | None = None

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.cpu_seconds, start_timeout=300)
        self._all.append(w)
        return w

    async def start(self) -> None:
        """Start the workers (at application startup, or on the first request)."""
        import anyio

        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._idle is not None:
                return
            idle: asyncio.Queue = asyncio.Queue()
            for _ in range(self.size):
                idle.put_nowait(await anyio.to_thread.run_sync(self._spawn))
            self._idle = idle

    async def stop(self) -> None:
        """Stop every worker."""
        for t in list(self._tasks):
            t.cancel()
        self._idle = None
        for w in self._all:
            with contextlib.suppress(Exception):
                w.conn.send(None)
        for w in self._all:
            w.kill()
        self._all.clear()

    async def _replace(self, w: _Worker) -> None:
        import anyio

        w.kill()
        with contextlib.suppress(ValueError):
            self._all.remove(w)
        try:
            new = await anyio.to_thread.run_sync(self._spawn)
        except RuntimeError:  # pragma: no cover - machine out of resources; retry later
            await asyncio.sleep(1.0)
            new = await anyio.to_thread.run_sync(self._spawn)
        self._idle.put_nowait(new)

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def call(self, fn: str, arg: Any = None) -> Reply:
        """Run ``orbitcompute.web.api.<fn>(arg)`` in a worker: its reply, or a 422/503."""
        if self._idle is None:
            await self.start()
        try:
            w = await asyncio.wait_for(self._idle.get(), self.queue_seconds)
        except TimeoutError:
            return Reply(
                503,
                _error_body(
                    "server", "busy", f"a free worker within {self.queue_seconds:g} s; retry"
                ),
            )
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        fd = w.conn.fileno()
        loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
        try:
            w.conn.send((fn, arg))
            await asyncio.wait_for(ready, self.wall_seconds)
            reply, recycle = w.conn.recv()
        except (TimeoutError, EOFError, OSError, asyncio.CancelledError) as exc:
            loop.remove_reader(fd)
            self._background(self._replace(w))
            if isinstance(exc, asyncio.CancelledError):
                raise
            return Reply(
                422,
                _error_body(
                    "request",
                    fn,
                    f"a request that needs at most {self.cpu_seconds:g} s of CPU "
                    "(the worker was stopped)",
                ),
            )
        loop.remove_reader(fd)
        if recycle:
            self._background(self._replace(w))
        else:
            self._idle.put_nowait(w)
        return reply
