"""One self-contained HTML report: plotly.js inlined once, no network needed to open it."""

from __future__ import annotations

import html
import json
from typing import Any

from orbitcompute import __version__
from orbitcompute.registry import outputs
from orbitcompute.report.data import Section

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px}
th{background:#f3f3f3}.num{text-align:right}.ev-assumption,.ev-target{color:#b00;font-weight:bold}.note{color:#8a5a00;font-style:italic}
.headline{font-size:1.25em;background:#f6f8fa;padding:.6em 1em;border-left:4px solid #d62728}
pre{background:#f6f8fa;padding:.8em;white-space:pre-wrap;overflow-wrap:anywhere}
.src{color:#666;font-size:.85em}
"""


def _esc(x: Any) -> str:
    return html.escape(str(x))


def _fmt(x: Any, spec: str = ",.4g") -> str:
    if x is None:
        return "—"
    if isinstance(x, float | int):
        return format(x, spec)
    return _esc(x)


#: What each section's computation is, in words (the module stays in the tooltip).
SOURCE_TEXT = {
    "orbitcompute.model.evaluate": "computed by the orbitcompute cost model from the scenario "
    "below; every input's value, range and published source: orbitcompute params",
    "orbitcompute.analysis.sensitivity.tornado": "one input at a time at the low and high end "
    "of its range or distribution, the others at the scenario values",
    "orbitcompute.uncertainty.sample + evaluate": "random samples of the scenario's "
    "distributions (seeded, reproducible), each costed by the model",
    "orbitcompute.reliability": "accelerator failures (Weibull, calibrated on Meta's Llama 3 "
    "training run), radiation and spares over the satellite life",
    "orbitcompute.physics.orbit": "the orbit's beta angle and cylindrical Earth shadow, day by "
    "day through the year",
    "orbitcompute.analysis.verdict": "each advantage claimed for orbit and each objection, "
    "measured on both sides by the model",
    "tornado ranking + orbitcompute.registry provenance": "the inputs ranked by how far "
    "they swing the result, each with its source, date and evidence class",
    "orbitcompute.analysis.parity": "a dense low-discrepancy search over the levers' ranges "
    "for the nearest point where the two costs are equal, refined on the model",
    "orbitcompute.analysis.outlook": "seeded samples of the drivers' time paths (experience "
    "curves and trends), each year costed by the model",
}


def _source(src: str) -> str:
    """A section's source line: what the computation is, in words, and its module."""
    text = SOURCE_TEXT.get(src, src)
    return f"<p class=src title='{_esc(src)}'>How: {_esc(text)}.</p>"


def _headline(report: dict[str, Any]) -> str:
    h = report["headline"]
    s = report["summary"]
    word = "dearer" if h["ratio"] >= 1 else "cheaper"
    times = h["ratio"] if h["ratio"] >= 1 else 1 / h["ratio"]
    rows = "".join(
        f"<tr><td>{_esc(k)}</td><td class=num>{_fmt(v['value'])}</td><td>{_esc(v['unit'])}</td>"
        f"<td>{_esc(v['description'])}</td></tr>"
        for k, v in s.items()
    )
    return (
        f"<p class=headline id=headline>Orbit <b id=orbit-cost>{h['orbit_cost_per_gpu_hour']:.2f}"
        f"</b> USD per delivered GPU-hour vs ground <b id=ground-cost>"
        f"{h['ground_cost_per_gpu_hour']:.2f}</b> USD/h: orbit is <b>{times:.1f}×</b> {word}. "
        f"Breakeven launch price: <b>{_esc(h['breakeven'])}</b>.</p>"
        f"<details><summary>All headline outputs</summary><table><tr><th>output</th>"
        f"<th>value</th><th>unit</th><th>description</th></tr>{rows}</table></details>"
    )


def _verdict_table(data: dict[str, Any]) -> str:
    rows = []
    for r in data.get("rows", []):
        factor = r.get("factor")
        rows.append(
            f"<tr><td>{_esc(r.get('kind', ''))}</td><td>{_esc(r.get('topic', ''))}</td>"
            f"<td class=num>{_fmt(r.get('orbit'))}</td><td class=num>{_fmt(r.get('ground'))}</td>"
            f"<td>{_esc(r.get('unit', ''))}</td><td>{_esc(r.get('winner', ''))}</td>"
            f"<td class=num>{_fmt(factor, '.3g') if factor is not None else '∞'}</td></tr>"
        )
    o = data.get("overall", {})
    prob = data.get("probability", {}).get("text", "")
    return (
        "<table id=verdict-table><tr><th>kind</th><th>topic</th><th>orbit</th><th>ground</th>"
        "<th>unit</th><th>winner</th><th>by (×)</th></tr>" + "".join(rows) + "</table>"
        f"<p>Overall: {_esc(o.get('winner', ''))} wins by {_fmt(o.get('factor'), '.3g')}×. "
        f"{_esc(prob)}</p>"
    )


def _assumptions_table(data: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td><code>{_esc(r['parameter'])}</code></td><td>{_esc(r['low'])} … "
        f"{_esc(r['high'])}</td><td class=num>"
        f"{_fmt(r['swing'], '.3g') if r['swing'] is not None else 'infeasible at one end'}</td>"
        f"<td class=ev-{_esc(r['evidence'])}>{_esc(r['evidence'])}</td><td>{_esc(r['as_of'])}</td>"
        f"<td class=src>{_esc(r['source'])}</td></tr>"
        for i, r in enumerate(data["rows"], 1)
    )
    return (
        f"<table id=assumptions-table><tr><th>#</th><th>parameter</th><th>low … high</th>"
        f"<th>swing of {_esc(data['metric'])}</th><th>evidence</th><th>as of</th><th>source</th>"
        f"</tr>{rows}</table>"
    )


def _parity_table(d: dict[str, Any]) -> str:
    cols = list(d["rows"][0]) if d["rows"] else []
    head = "".join(f"<th>{_esc(c)}</th>" for c in cols)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_esc(r[c])}</td>" for c in cols) + "</tr>" for r in d["rows"]
    )
    return f"<p>{_esc(d['message'])}.</p><table id=parity-table><tr>{head}</tr>{rows}</table>"


def _mc_table(d: dict[str, Any]) -> str:
    table = outputs()

    def label(k: str) -> str:
        if k not in table:
            return k
        unit = table[k].display_unit
        side = k.split(".")[0] + ": " if k.split(".")[0] in ("orbit", "ground") else ""
        return side + table[k].label + (f" [{unit}]" if unit not in ("", "1") else "")

    rows = "".join(
        f"<tr><td title='{_esc(k)}'>{_esc(label(k))}</td>"
        + "".join(f"<td class=num>{_fmt(x)}</td>" for x in q.values())
        + "</tr>"
        for k, q in d["percentiles"].items()
    )
    head = "".join(f"<th>{p}</th>" for p in next(iter(d["percentiles"].values())))
    return (
        f"<p>{d['n']:,} samples (seed {d.get('seed', '')}); P(orbit cheaper) = "
        f"{d['p_orbit_cheaper']:.1%}; infeasible designs: {d['n_infeasible']:,}.</p>"
        f"<table><tr><th>output</th>{head}</tr>{rows}</table>"
    )


def build_html(
    sc: Any,
    report: dict[str, Any],
    sections: dict[str, Section],
    figures: dict[str, Any],
    toml_text: str,
) -> str:
    """Assemble the report page. plotly.js is inlined once (first figure), never from a CDN.

    Parameters
    ----------
    sc : Scenario
        A loaded scenario.
    report : dict
        The compare document (:func:`orbitcompute.analysis.compare.build_report`).
    sections : dict
        The report sections.
    figures : dict
        Plotly figures by section key.
    toml_text : str
        The scenario as TOML, embedded for reproduction.

    Returns
    -------
    str
        The HTML page.
    """
    parts = [
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
        f"<title>orbitcompute report — {_esc(sc.label)}</title><style>{_CSS}</style></head><body>",
        f"<h1>orbitcompute report — {_esc(sc.label)}</h1>",
        f"<p class=src>orbitcompute {__version__} · scenario <code>{_esc(sc.meta.name)}</code>"
        f" · {_esc(sc.meta.basis)}</p>",
        _headline(report),
    ]
    first = True
    for key, s in sections.items():
        parts.append(f"<section id=sec-{key}><h2>{_esc(s.title)}</h2>")
        if s.note:
            parts.append(f"<p class=note>{_esc(s.note)}</p>")
        if s.present:
            if key in figures:
                div = figures[key].to_html(
                    full_html=False,
                    include_plotlyjs=first,
                    div_id=f"fig-{key}",
                    config={"displaylogo": False, "responsive": True},
                )
                first = False
                parts.append(f"<div class=figure>{div}</div>")
            if key == "montecarlo":
                parts.append(_mc_table(s.data))
            if key == "verdict":
                parts.append(_verdict_table(s.data))
            if key == "assumptions":
                parts.append(_assumptions_table(s.data))
            if key == "parity":
                parts.append(_parity_table(s.data))
            if key == "outlook":
                parts.append(
                    f"<p id=outlook-parity>{_esc(s.data['parity'])}</p>"
                    f"<p id=outlook-race>{_esc(s.data['race'])}</p>"
                )
            parts.append(_source(s.source))
        parts.append("</section>")
    meta = {"version": __version__, "scenario": sc.meta.name, "chain": sc.chain}
    parts += [
        "<section id=sec-scenario><h2>Scenario (reproduce with <code>orbitcompute report "
        "scenario.toml</code>)</h2>",
        f"<pre id=scenario-toml>{_esc(toml_text)}</pre>",
        "<script type=application/json id=report-meta>"
        + json.dumps(meta).replace("<", "\\u003c")
        + "</script>",
        "</section></body></html>",
    ]
    return "\n".join(parts)
