"""The dashboard server: a Starlette ASGI app served by uvicorn, loopback by default.

Why Starlette (+ uvicorn): it is the small, well-kept ASGI toolkit FastAPI is built on
(Encode, BSD, stable API), with a test client (httpx) and no template or ORM baggage. Our
routes are six and their validation is our own scenario module, so FastAPI's pydantic body
models would duplicate it, and its Swagger UI loads from a CDN (not offline). The page is one
static HTML file with plotly.js inlined and ~300 lines of vanilla JavaScript: nothing is
fetched from the network.
"""

from __future__ import annotations

import contextlib
import functools
import json
from importlib import resources
from typing import Any

from orbitcompute import __version__
from orbitcompute.errors import ScenarioError
from orbitcompute.web import api
from orbitcompute.web.workers import Pool

#: Largest request body accepted [bytes] (a TOML upload plus overrides fits easily).
MAX_BODY = api.MAX_BODY
#: An oversized body up to this size is read before the 413, so the client gets the answer.
MAX_DRAIN = 8 * 1024 * 1024
#: CPU-time budget of one API request [s] (see orbitcompute.web.workers).
REQUEST_CPU_SECONDS = 1.5


@functools.lru_cache(maxsize=1)
def dashboard_html() -> str:
    """The dashboard page with plotly.js inlined (built once)."""
    from plotly.offline import get_plotlyjs

    page = (resources.files("orbitcompute.web") / "static" / "dashboard.html").read_text("utf-8")
    return page.replace("/*PLOTLYJS*/", get_plotlyjs()).replace("{{VERSION}}", __version__)


def warm_up() -> None:
    """Build the dashboard page and the parameter table once (workers warm the model)."""
    dashboard_html()
    api.params_payload()


def create_app(
    warm: bool = True, workers: int | None = None, cpu_seconds: float = REQUEST_CPU_SECONDS
) -> Any:
    """The ASGI application.

    Parameters
    ----------
    warm : bool
        Build the dashboard page at startup rather than on the first visit.
    workers : int, optional
        Model worker processes (default: one per core, at most
        :data:`orbitcompute.web.workers.MAX_WORKERS`).
    cpu_seconds : float
        CPU-time budget of one request [s]; a request that needs more gets a 422.
    """
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    pool = Pool(workers, cpu_seconds=cpu_seconds)

    def json_response(obj: Any, status: int = 200) -> Response:
        return Response(
            json.dumps(obj, allow_nan=False), status_code=status, media_type="application/json"
        )

    def unprocessable(exc: ScenarioError, status: int = 422) -> Response:
        return json_response(api.error_payload(exc), status)

    def reply(r: Any) -> Response:
        return Response(r.body, status_code=r.status, media_type="application/json")

    async def read_body(request: Request) -> bytes:
        """The body, or a ScenarioError (413) once it is over MAX_BODY.

        An oversized body of up to MAX_DRAIN bytes is read to its end (and dropped) before the
        answer, so the client receives the 413 instead of a reset connection.
        """
        declared = request.headers.get("content-length", "")
        size = int(declared) if declared.isdigit() and len(declared) < 19 else None
        raw = bytearray()
        seen = 0
        if size is None or size <= MAX_DRAIN:
            async for chunk in request.stream():
                seen += len(chunk)
                if seen <= MAX_BODY:
                    raw += chunk
                elif seen > MAX_DRAIN:
                    break
        else:
            seen = size
        if seen > MAX_BODY:
            raise ScenarioError("body", f"{seen:,} bytes", f"at most {MAX_BODY:,} bytes")
        return bytes(raw)

    async def index(request: Request) -> Response:
        return HTMLResponse(dashboard_html())

    async def params(request: Request) -> Response:
        return JSONResponse(api.params_payload())

    async def presets(request: Request) -> Response:
        return reply(await pool.call("presets_payload"))

    async def compare(request: Request) -> Response:
        try:
            raw = await read_body(request)
        except ScenarioError as exc:
            return unprocessable(exc, 413)
        try:
            body = api.parse_body(raw)
        except ScenarioError as exc:
            return unprocessable(exc)
        return reply(await pool.call("compare_payload", body))

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def server_error(request: Request, exc: Exception) -> Response:
        # A bug, not a bad input: still one JSON line, and the connection stays usable.
        err = ScenarioError("server", type(exc).__name__, "no internal error (please report it)")
        return unprocessable(err, 500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any):
        await pool.start()
        try:
            yield
        finally:
            await pool.stop()

    routes = [
        Route("/", index),
        Route("/api/params", params),
        Route("/api/presets", presets),
        Route("/api/compare", compare, methods=["POST"]),
        Route("/api/health", health),
    ]
    if warm:
        warm_up()
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={Exception: server_error})
    app.state.pool = pool
    return app
