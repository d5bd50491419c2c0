"""The dashboard server: a Starlette ASGI app served by uvicorn, loopback by default.

Why Starlette (+ uvicorn): it is the small, well-kept ASGI toolkit FastAPI is built on
(Encode, BSD, stable API), with a test client (httpx) and no template or ORM baggage. Our
routes are six and their validation is our own scenario module, so FastAPI's pydantic body
models would duplicate it, and its Swagger UI loads from a CDN (not offline). The page is one
static HTML file with plotly.js inlined and ~300 lines of vanilla JavaScript: nothing is
fetched from the network.
"""

from __future__ import annotations

import functools
import json
import os
from importlib import resources
from typing import Any

import numpy as np

from orbitcompute import __version__
from orbitcompute.errors import ScenarioError
from orbitcompute.model import evaluate
from orbitcompute.web import api

#: Largest request body accepted [bytes] (a TOML upload plus overrides fits easily).
MAX_BODY = 256 * 1024


@functools.lru_cache(maxsize=1)
def dashboard_html() -> str:
    """The dashboard page with plotly.js inlined (built once)."""
    from plotly.offline import get_plotlyjs

    page = (resources.files("orbitcompute.web") / "static" / "dashboard.html").read_text("utf-8")
    return page.replace("/*PLOTLYJS*/", get_plotlyjs()).replace("{{VERSION}}", __version__)


def warm_up() -> None:
    """Build the cached eclipse tables and page once, so the first request is fast."""
    n = 64
    evaluate({"orbit.altitude": np.linspace(400e3, 1200e3, n)})
    dashboard_html()


def create_app(warm: bool = True) -> Any:
    """The ASGI application."""
    import anyio  # the web extra: imported only when the app is built
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    # Model work is CPU-bound numpy: at most one thread per core computes at a time (more only
    # thrash the GIL and caches); other requests wait their turn in the event loop.
    limiter = anyio.CapacityLimiter(max(1, os.cpu_count() or 1))

    async def run_in_threadpool(fn: Any, *args: Any) -> Any:
        return await anyio.to_thread.run_sync(fn, *args, limiter=limiter)

    def json_response(obj: Any, status: int = 200) -> Response:
        return Response(
            json.dumps(obj, allow_nan=False), status_code=status, media_type="application/json"
        )

    def unprocessable(exc: ScenarioError) -> Response:
        return json_response(api.error_payload(exc), 422)

    async def read_json(request: Request) -> Any:
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise ScenarioError("body", f"{len(raw)}+ bytes", f"at most {MAX_BODY} bytes")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ScenarioError(
                "body", raw[:60].decode("utf-8", "replace"), f"JSON ({exc})"
            ) from exc
        except RecursionError as exc:
            raise ScenarioError("body", "...", "JSON nested less deeply") from exc

    async def index(request: Request) -> Response:
        return HTMLResponse(dashboard_html())

    async def params(request: Request) -> Response:
        return JSONResponse(api.params_payload())

    async def presets(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(api.presets_payload))

    async def compare(request: Request) -> Response:
        try:
            body = await read_json(request)
            out = await run_in_threadpool(api.compare_payload, body)
        except ScenarioError as exc:
            return unprocessable(exc)
        return json_response(out)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    routes = [
        Route("/", index),
        Route("/api/params", params),
        Route("/api/presets", presets),
        Route("/api/compare", compare, methods=["POST"]),
        Route("/api/health", health),
    ]
    if warm:
        warm_up()
    return Starlette(routes=routes)
