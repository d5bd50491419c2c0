"""``orbitcompute serve``: the local web dashboard (Starlette + uvicorn, offline)."""

from __future__ import annotations

import typer

from orbitcompute.errors import ScenarioError
from orbitcompute.scenario import preset_names


def serve(
    preset: str = typer.Argument(
        None, metavar="PRESET", help="Preset opened first (see 'orbitcompute presets')."
    ),
    port: int = typer.Option(8050, "--port", "-p", min=0, max=65535, help="TCP port (0: any)."),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Interface to listen on (loopback by default; the API has "
        "no authentication, so expose it only on trusted networks).",
    ),
) -> None:
    """Interactive dashboard: presets, sliders with units and ranges, live orbit vs ground,
    Monte Carlo on demand, shareable URL, TOML/JSON/CSV downloads. Works offline."""
    if preset is not None and preset not in preset_names():
        raise ScenarioError("PRESET", preset, "a preset name: " + ", ".join(preset_names()))
    try:  # the web extra (starlette, uvicorn) is optional
        import uvicorn

        from orbitcompute.web.app import create_app
    except ImportError as exc:
        raise ScenarioError(
            "serve", str(exc), "the web extra installed: pip install 'orbitcompute[web]'"
        ) from exc
    app = create_app()
    query = f"/?scenario={preset}" if preset else "/"
    print(f"orbitcompute dashboard: http://{host}:{port}{query}  (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
