"""One colour per cost line, the same in every chart (report, PNG and dashboard).

The lines are :data:`orbitcompute.economics.costs.LINE_ORDER`, labelled from the outputs
table; a line shared by both sides (IT hardware, operations) has one colour on both.
"""

from __future__ import annotations

import functools

from orbitcompute.economics.costs import LINE_ORDER
from orbitcompute.registry import outputs

#: Side colours of lines and markers (orbit red, ground blue), as in every chart since issue 9.
ORBIT_COLOR = "#d62728"
GROUND_COLOR = "#1f77b4"
#: Distinct qualitative colours, one per cost line in :data:`LINE_ORDER` (Tableau 10 then a
#: darker set; no two alike, none grey so the totals stay the only grey bars).
LINE_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#e15759",
    "#edc948",
    "#76b7b2",
    "#9c755f",
    "#ff9da7",
    "#2f4b7c",
    "#17becf",
    "#8c564b",
    "#bcbd22",
    "#6a3d9a",
    "#006d2c",
    "#d4a017",
    "#e377c2",
)


@functools.lru_cache(maxsize=1)
def line_palette() -> dict[str, str]:
    """Colour of every cost line, keyed by the line's label (as the charts name it).

    Returns
    -------
    dict
        ``{label: "#rrggbb"}`` for every line of :data:`LINE_ORDER` in that order; the
        colours are distinct.
    """
    table = outputs()
    out: dict[str, str] = {}
    for line, color in zip(LINE_ORDER, LINE_COLORS, strict=True):
        key = next(k for k in (f"orbit.cost.{line}", f"ground.cost.{line}") if k in table)
        out[table[key].label] = color
    return out


def line_color(label: str) -> str:
    """The colour of one cost line by label (grey for a label not in the palette)."""
    return line_palette().get(label, "#7f7f7f")
