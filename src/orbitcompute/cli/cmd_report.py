"""``orbitcompute report``: one self-contained HTML page (and PNGs) for a scenario."""

from __future__ import annotations

import typer

from orbitcompute.cli.common import SCENARIO_HELP, SET_HELP


def report(
    scenario: str = typer.Argument(None, help=SCENARIO_HELP, show_default="today"),
    set_: list[str] = typer.Option(None, "--set", "-s", help=SET_HELP),
    output: str = typer.Option("report.html", "--output", "-o", help="HTML file to write."),
    png: str = typer.Option(None, "--png", help="Also write every figure as PNG into DIR."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo section."),
    samples: int = typer.Option(
        20_000, "--samples", "-n", min=100, max=1_000_000, help="Monte Carlo samples."
    ),
) -> None:
    """HTML report (offline, plotly inlined): costs, mass, breakeven, tornado, Monte Carlo,
    capacity, eclipses, verdict; the scenario TOML and tool version embedded."""
    from pathlib import Path

    from orbitcompute.cli.cmd_compare import _culprit
    from orbitcompute.cli.common import load, write_text
    from orbitcompute.errors import ScenarioError
    from orbitcompute.model import evaluate
    from orbitcompute.report import make_report

    sc = load(scenario, set_)
    reason = evaluate(sc.params()).infeasible_reason(0)
    if reason is not None:
        raise ScenarioError(_culprit(reason), sc.label, f"a buildable design: {reason}")
    if png is not None:
        p = Path(png)
        if p.exists() and not p.is_dir():
            raise ScenarioError("--png", png, "a directory")
        p.mkdir(parents=True, exist_ok=True)
    if seed < 0:
        raise ScenarioError("--seed", seed, "a non-negative whole number")
    text, pngs = make_report(sc, png_dir=png, mc_samples=samples, seed=seed)
    write_text(output, text)
    print(f"wrote {output}" + (f" and {len(pngs)} PNGs in {png}" if png else ""))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
