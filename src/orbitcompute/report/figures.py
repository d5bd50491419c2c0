"""Report figures: plotly (interactive HTML) and matplotlib (PNG) from the same section data.

Every axis carries its unit. ``plotly_figures`` and ``png_figures`` return/write one figure per
present section (the verdict is a table, not a figure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from orbitcompute.io import atomic_path
from orbitcompute.report.data import Section

ORBIT_COLOR = "#d62728"
GROUND_COLOR = "#1f77b4"
FIGURE_KEYS = ("waterfall", "mass", "breakeven", "tornado", "montecarlo", "capacity", "timeline")


def _waterfall_steps(lines: dict[str, float]) -> tuple[list[str], list[float], list[float]]:
    names = list(lines)
    vals = [lines[k] for k in names]
    base = list(np.concatenate([[0.0], np.cumsum(vals)[:-1]]))
    return names, vals, base


# --------------------------------------------------------------------------------------------
# plotly


def plotly_figures(sections: dict[str, Section]) -> dict[str, Any]:
    """Plotly figures keyed by section."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    figs: dict[str, Any] = {}
    s = sections.get("waterfall")
    if s and s.present:
        ground_title = f"ground ({s.data['ground_option']})"
        fig = make_subplots(rows=1, cols=2, subplot_titles=("orbit", ground_title))
        for col, side in ((1, "orbit"), (2, "ground")):
            lines = s.data["lines"][side]
            fig.add_trace(
                go.Waterfall(
                    x=[*lines, "total"],
                    y=[*lines.values(), 0],
                    measure=["relative"] * len(lines) + ["total"],
                    name=side,
                    showlegend=False,
                ),
                row=1,
                col=col,
            )
        fig.update_yaxes(title_text=f"{s.data['label']} [{s.data['unit']}]")
        figs["waterfall"] = fig
    s = sections.get("mass")
    if s and s.present:
        fig = make_subplots(rows=1, cols=2, subplot_titles=("fleet mass", "deployed area"))
        m = s.data["mass_t"]
        fig.add_trace(go.Bar(x=list(m), y=list(m.values()), showlegend=False), row=1, col=1)
        a = s.data["area_m2"]
        fig.add_trace(go.Bar(x=list(a), y=list(a.values()), showlegend=False), row=1, col=2)
        fig.update_yaxes(title_text="mass [t]", row=1, col=1)
        fig.update_yaxes(title_text="area [m²]", row=1, col=2)
        figs["mass"] = fig
    s = sections.get("breakeven")
    if s and s.present:
        d = s.data
        fig = go.Figure()
        fig.add_trace(
            go.Scatter(x=d["price"], y=d["orbit"], name="orbit", line={"color": ORBIT_COLOR})
        )
        fig.add_trace(
            go.Scatter(x=d["price"], y=d["ground"], name="ground", line={"color": GROUND_COLOR})
        )
        fig.add_trace(
            go.Scatter(
                x=[d["current_price"]],
                y=[d["current_orbit"]],
                mode="markers",
                name="scenario",
                marker={"size": 10, "color": "black"},
            )
        )
        if d["breakeven"] is not None:
            fig.add_trace(
                go.Scatter(
                    x=[d["breakeven"]],
                    y=[d["breakeven_cost"]],
                    mode="markers+text",
                    text=[f"breakeven {d['breakeven']:,.0f} USD/kg"],
                    textposition="top right",
                    name="crossover",
                    marker={"size": 12, "symbol": "x", "color": "green"},
                )
            )
        fig.update_xaxes(title_text="launch price [USD/kg]", type="log")
        fig.update_yaxes(title_text="cost per delivered GPU-hour [USD/h]", type="log")
        figs["breakeven"] = fig
    s = sections.get("tornado")
    if s and s.present:
        d = s.data
        names = d["parameter"][::-1]
        lo, hi = d["metric_low"][::-1], d["metric_high"][::-1]
        b = d["baseline"]
        fig = go.Figure()
        fig.add_trace(
            go.Bar(
                y=names,
                x=lo - b,
                base=b,
                orientation="h",
                name="input at low",
                text=d["low"][::-1],
            )
        )
        fig.add_trace(
            go.Bar(
                y=names,
                x=hi - b,
                base=b,
                orientation="h",
                name="input at high",
                text=d["high"][::-1],
            )
        )
        fig.update_layout(barmode="overlay")
        fig.update_xaxes(title_text=f"{d['metric']} (orbit / ground cost per GPU-hour) [-]")
        figs["tornado"] = fig
    s = sections.get("montecarlo")
    if s and s.present:
        d = s.data
        fig = make_subplots(rows=1, cols=2, subplot_titles=("cost per GPU-hour", "ratio"))
        for name, key, color in (
            ("orbit", "orbit", ORBIT_COLOR),
            ("ground", "ground", GROUND_COLOR),
        ):
            x = d[key][np.isfinite(d[key])]
            fig.add_trace(
                go.Histogram(x=x, name=name, marker_color=color, opacity=0.6), row=1, col=1
            )
        r = d["ratio"][np.isfinite(d["ratio"])]
        fig.add_trace(go.Histogram(x=r, name="ratio", marker_color="gray"), row=1, col=2)
        fig.update_layout(barmode="overlay")
        fig.update_xaxes(title_text="cost per delivered GPU-hour [USD/h]", row=1, col=1)
        fig.update_xaxes(title_text="orbit / ground [-]", row=1, col=2)
        fig.update_yaxes(title_text="samples [count]")
        figs["montecarlo"] = fig
    s = sections.get("capacity")
    if s and s.present:
        d = s.data
        fig = go.Figure()
        fig.add_trace(go.Scatter(x=d["years"], y=d["orbit"] * 100, name="orbit"))
        fig.add_trace(go.Scatter(x=d["years"], y=d["ground"] * 100, name="ground"))
        for k in ("orbit_equivalent", "ground_equivalent"):
            if k in d:
                fig.add_trace(
                    go.Scatter(
                        x=d["years"], y=d[k] * 100, name=k.replace("_", " "), line={"dash": "dot"}
                    )
                )
        fig.update_xaxes(title_text="time since launch [yr]")
        fig.update_yaxes(title_text="capacity working [%]")
        figs["capacity"] = fig
    s = sections.get("timeline")
    if s and s.present:
        d = s.data
        fig = make_subplots(specs=[[{"secondary_y": True}]])
        fig.add_trace(go.Scatter(x=d["day"], y=d["beta_deg"], name="beta angle"))
        fig.add_trace(
            go.Scatter(x=d["day"], y=d["eclipse_min"], name="eclipse per orbit"), secondary_y=True
        )
        fig.update_xaxes(title_text="day of year [d]")
        fig.update_yaxes(title_text="beta angle [deg]", secondary_y=False)
        fig.update_yaxes(title_text="eclipse per orbit [min]", secondary_y=True)
        figs["timeline"] = fig
    for key, fig in figs.items():
        fig.update_layout(
            title_text=sections[key].title,
            height=420,
            margin={"l": 60, "r": 30, "t": 60, "b": 60},
            template="plotly_white",
        )
    return figs


# --------------------------------------------------------------------------------------------
# matplotlib


def png_figures(sections: dict[str, Section], directory: str | Path) -> list[Path]:
    """Write one PNG per present figure section into ``directory``; return the paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir = Path(directory)
    written: list[Path] = []

    def save(fig: Any, key: str) -> None:
        fig.suptitle(sections[key].title)
        fig.tight_layout()
        path = out_dir / f"{key}.png"
        with atomic_path(path, "--png-dir") as tmp:
            fig.savefig(tmp, dpi=110, format="png")
        plt.close(fig)
        written.append(path)

    s = sections.get("waterfall")
    if s and s.present:
        fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
        for ax, side in zip(axes, ("orbit", "ground"), strict=True):
            names, vals, base = _waterfall_steps(s.data["lines"][side])
            ax.bar(names, vals, bottom=base, color=ORBIT_COLOR if side == "orbit" else GROUND_COLOR)
            ax.bar(["total"], [s.data["totals"][side]], color="gray")
            ax.set_title(side if side == "orbit" else f"ground ({s.data['ground_option']})")
            ax.tick_params(axis="x", rotation=60)
        axes[0].set_ylabel(f"{s.data['label']} [{s.data['unit']}]")
        save(fig, "waterfall")
    s = sections.get("mass")
    if s and s.present:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.8), width_ratios=[3, 1])
        m = s.data["mass_t"]
        a1.bar(list(m), list(m.values()))
        a1.set_ylabel("mass [t]")
        a1.tick_params(axis="x", rotation=60)
        a = s.data["area_m2"]
        a2.bar(list(a), list(a.values()), color="orange")
        a2.set_ylabel("area [m²]")
        save(fig, "mass")
    s = sections.get("breakeven")
    if s and s.present:
        d = s.data
        fig, ax = plt.subplots(figsize=(8, 5))
        ax.loglog(d["price"], d["orbit"], color=ORBIT_COLOR, label="orbit")
        ax.loglog(d["price"], d["ground"], color=GROUND_COLOR, label="ground")
        ax.plot([d["current_price"]], [d["current_orbit"]], "ko", label="scenario")
        if d["breakeven"] is not None:
            ax.plot([d["breakeven"]], [d["breakeven_cost"]], "gx", ms=12, mew=3)
            ax.annotate(
                f"breakeven {d['breakeven']:,.0f} USD/kg",
                (d["breakeven"], d["breakeven_cost"]),
                textcoords="offset points",
                xytext=(8, 8),
            )
        ax.set_xlabel("launch price [USD/kg]")
        ax.set_ylabel("cost per delivered GPU-hour [USD/h]")
        ax.legend()
        ax.grid(True, which="both", alpha=0.3)
        save(fig, "breakeven")
    s = sections.get("tornado")
    if s and s.present:
        d = s.data
        fig, ax = plt.subplots(figsize=(9, 5.5))
        y = np.arange(len(d["parameter"]))[::-1]
        b = d["baseline"]
        lo = np.nan_to_num(d["metric_low"] - b, posinf=0, neginf=0)
        hi = np.nan_to_num(d["metric_high"] - b, posinf=0, neginf=0)
        ax.barh(y, lo, left=b, label="input at low")
        ax.barh(y, hi, left=b, label="input at high", alpha=0.7)
        ax.set_yticks(y, d["parameter"])
        ax.axvline(b, color="k", lw=0.8)
        ax.set_xlabel(f"{d['metric']} (orbit / ground cost per GPU-hour) [-]")
        ax.legend()
        save(fig, "tornado")
    s = sections.get("montecarlo")
    if s and s.present:
        d = s.data
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
        for key, color in (("orbit", ORBIT_COLOR), ("ground", GROUND_COLOR)):
            x = d[key][np.isfinite(d[key])]
            a1.hist(x, bins=60, color=color, alpha=0.6, label=key)
        a1.set_xlabel("cost per delivered GPU-hour [USD/h]")
        a1.set_ylabel("samples [count]")
        a1.legend()
        r = d["ratio"][np.isfinite(d["ratio"])]
        a2.hist(r, bins=60, color="gray")
        a2.axvline(1.0, color="k", lw=0.8)
        a2.set_xlabel("orbit / ground [-]")
        a2.set_ylabel("samples [count]")
        save(fig, "montecarlo")
    s = sections.get("capacity")
    if s and s.present:
        d = s.data
        fig, ax = plt.subplots(figsize=(8, 4.5))
        ax.plot(d["years"], d["orbit"] * 100, color=ORBIT_COLOR, label="orbit")
        ax.plot(d["years"], d["ground"] * 100, color=GROUND_COLOR, label="ground")
        for k, c in (("orbit_equivalent", ORBIT_COLOR), ("ground_equivalent", GROUND_COLOR)):
            if k in d:
                ax.plot(d["years"], d[k] * 100, ":", color=c, label=k.replace("_", " "))
        ax.set_xlabel("time since launch [yr]")
        ax.set_ylabel("capacity working [%]")
        ax.legend()
        save(fig, "capacity")
    s = sections.get("timeline")
    if s and s.present:
        d = s.data
        fig, ax = plt.subplots(figsize=(9, 4.5))
        ax.plot(d["day"], d["beta_deg"], color="purple")
        ax.set_xlabel("day of year [d]")
        ax.set_ylabel("beta angle [deg]", color="purple")
        ax2 = ax.twinx()
        ax2.plot(d["day"], d["eclipse_min"], color="black")
        ax2.set_ylabel("eclipse per orbit [min]")
        save(fig, "timeline")
    return written
