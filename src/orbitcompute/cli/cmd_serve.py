"""``orbitcompute serve``: the local web dashboard (Starlette + uvicorn, offline)."""

from __future__ import annotations

import typer

from orbitcompute.errors import ScenarioError
from orbitcompute.io import import_extra
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
    # the web extra (starlette, uvicorn) is optional
    uvicorn = import_extra("uvicorn", "orbitcompute serve")
    import_extra("starlette", "orbitcompute serve")
    from orbitcompute.web.app import create_app

    app = create_app()
    query = f"/?scenario={preset}" if preset else "/"
    print(f"orbitcompute dashboard: http://{host}:{port}{query}  (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to ``app`` (called by :mod:`orbitcompute.cli.group`).

    Parameters
    ----------
    app : typer.Typer
        The ``orbitcompute`` app or a sub-app being built.
    """
    app.command("serve")(serve)
