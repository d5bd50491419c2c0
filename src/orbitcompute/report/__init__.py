"""Self-contained HTML report (plotly, inlined) and PNG figures (matplotlib) for a scenario.

``make_report(sc)`` returns the HTML text; :mod:`orbitcompute.report.data` computes the numbers
behind each figure, :mod:`orbitcompute.report.figures` draws them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orbitcompute.analysis.compare import build_report
from orbitcompute.model import evaluate
from orbitcompute.report.data import build_sections
from orbitcompute.report.figures import plotly_figures, png_figures
from orbitcompute.report.html import build_html
from orbitcompute.scenario import scenario_to_toml


def make_report(
    sc: Any, png_dir: str | Path | None = None, mc_samples: int = 20_000, seed: int = 0
) -> tuple[str, list[Path]]:
    """HTML text of the report for a loaded scenario, and the PNGs written to ``png_dir``."""
    res = evaluate(sc.params())
    report = build_report(sc, res)
    sections = build_sections(sc, mc_samples=mc_samples, seed=seed)
    figs = plotly_figures(sections)
    text = build_html(sc, report, sections, figs, scenario_to_toml(sc))
    pngs = png_figures(sections, png_dir) if png_dir is not None else []
    return text, pngs
