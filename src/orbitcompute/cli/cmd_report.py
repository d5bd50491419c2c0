"""``orbitcompute report``: one self-contained HTML page (and PNGs) for a scenario."""

from __future__ import annotations

import typer

from orbitcompute.analysis.compare import check_buildable
from orbitcompute.analysis.headline import headline
from orbitcompute.cli.options import (
    Design,
    DesignOpt,
    OutputOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    check_outputs,
    load,
)
from orbitcompute.errors import ScenarioError
from orbitcompute.io import check_output_path, write_text
from orbitcompute.model import evaluate
from orbitcompute.report import make_report

PNG_DIR_HELP = "Also write every figure as a PNG into this directory (created if missing)."


def report(
    scenario: ScenarioArg = None,
    set_: SetOpt = None,
    output: OutputOpt = "report.html",
    png_dir: str = typer.Option(None, "--png-dir", metavar="DIR", help=PNG_DIR_HELP),
    png_dir_old: str = typer.Option(None, "--png", hidden=True, help=PNG_DIR_HELP),
    seed: SeedOpt = 0,
    samples: int = typer.Option(
        20_000, "--samples", "-n", min=100, max=1_000_000, help="Monte Carlo samples."
    ),
    design: DesignOpt = Design.optimized,
) -> None:
    """HTML report (offline, plotly inlined): costs, mass, breakeven, tornado, Monte Carlo,
    capacity, eclipses, verdict; the scenario TOML and tool version embedded. Free designs are
    reported on their optimized orbital design (titled so); --design as-given keeps theirs."""
    if png_dir_old is not None:  # 0.1 spelling of --png-dir
        if png_dir is not None and png_dir != png_dir_old:
            raise ScenarioError("--png", png_dir_old, "one PNG directory (use --png-dir)")
        png_dir = png_dir_old
    check_outputs(output)
    directory = check_output_path(png_dir, "--png-dir", kind="dir", create=True)
    sc = headline(load(scenario, set_), design.value).scenario
    check_buildable(sc, evaluate(sc.params()))
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    text, pngs = make_report(sc, png_dir=directory, mc_samples=samples, seed=seed)
    write_text(output, text)
    if output not in (None, "-"):
        print(f"wrote {output}" + (f" and {len(pngs)} PNGs in {png_dir}" if png_dir else ""))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
