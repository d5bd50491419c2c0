"""One self-contained HTML report: plotly.js inlined once, no network needed to open it."""

from __future__ import annotations

import html
import json
from typing import Any

from orbitcompute import __version__
from orbitcompute.report.data import Section

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1200px;margin:auto;padding:1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px}
th{background:#f3f3f3}.num{text-align:right}.note{color:#8a5a00;font-style:italic}
.headline{font-size:1.25em;background:#f6f8fa;padding:.6em 1em;border-left:4px solid #d62728}
pre{background:#f6f8fa;padding:.8em;overflow:auto}.src{color:#666;font-size:.85em}
"""


def _esc(x: Any) -> str:
    return html.escape(str(x))


def _fmt(x: Any, spec: str = ",.4g") -> str:
    if x is None:
        return "—"
    if isinstance(x, float | int):
        return format(x, spec)
    return _esc(x)


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


def _mc_table(d: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{_esc(k)}</td>"
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
    """Assemble the report page. plotly.js is inlined once (first figure), never from a CDN."""
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
            parts.append(f"<p class=src>source: {_esc(s.source)}</p>")
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
