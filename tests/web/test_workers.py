"""The API's worker processes: a CPU-time budget per request, and a slow request never stalls
``/api/health`` or leaves the server unable to answer the next request."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

from orbitcompute.web.app import create_app  # noqa: E402

from .conftest import free_port  # noqa: E402

HEAVY = {"scenario": "uncertain-2030", "montecarlo": {"n": 100_000, "seed": 1}}


@pytest.fixture(scope="module")
def server():
    """A server whose one worker has a CPU budget smaller than a 100,000-sample Monte Carlo."""
    import uvicorn

    port = free_port()
    app = create_app(warm=False, workers=1, cpu_seconds=0.05)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield port
    srv.should_exit = True
    thread.join(timeout=30)


def request(port, method, path, body=None, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=json.dumps(body) if body is not None else None)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def test_slow_request_gets_422_and_does_not_block_health(server):
    result = {}

    def heavy():
        result["reply"] = request(server, "POST", "/api/compare", HEAVY)

    t = threading.Thread(target=heavy)
    t.start()
    latencies = []
    while t.is_alive() and len(latencies) < 200:
        t0 = time.perf_counter()
        assert request(server, "GET", "/api/health", timeout=10)[0] == 200
        latencies.append(time.perf_counter() - t0)
        time.sleep(0.01)
    t.join(60)
    status, body = result["reply"]
    assert status == 422
    err = json.loads(body)["error"]
    assert err["key"] == "request" and "s of CPU" in err["expected"]
    assert latencies and max(latencies) < 2.0  # the event loop answered during the work
    # the worker was replaced: the next (light) request is served normally
    status, body = request(server, "POST", "/api/compare", {"scenario": "today"})
    assert status == 200 and json.loads(body)["headline"]
