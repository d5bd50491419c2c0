"""Real-browser tests (headless Debian chromium + Playwright): the dashboard reacts to the
launch-price control consistently with the API, and the offline report renders every chart."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _preset() -> str:
    """A preset with distributions when issue #5 is installed (all charts), else today."""
    from orbitcompute.scenario import preset_names

    try:
        import orbitcompute.uncertainty  # noqa: F401
    except ImportError:
        return "today"
    return "uncertain-2030" if "uncertain-2030" in preset_names() else "today"


PRESET = _preset()


def api_compare(base: str, body: dict) -> dict:
    req = urllib.request.Request(
        base + "/api/compare",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def test_dashboard_launch_price_slider(browser, live_server, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # only the dashboard's own origin may be reached
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server) else route.abort()
        ),
    )
    page.goto(live_server + "/?scenario=today")
    page.wait_for_selector("body[data-state=ready]", timeout=20_000)
    before = float(page.inner_text("#orbit-cost").replace(",", ""))
    default = api_compare(live_server, {"scenario": "today"})
    assert before == pytest.approx(default["headline"]["orbit_cost_per_gpu_hour"], abs=0.006)

    # move the launch-price number input to 200 USD/kg (the slider follows)
    seq = page.get_attribute("body", "data-seq")
    page.fill("#in-launch-price_per_kg-num", "200")
    page.press("#in-launch-price_per_kg-num", "Enter")
    page.wait_for_function(f"document.body.dataset.seq !== '{seq}'", timeout=10_000)
    after = float(page.inner_text("#orbit-cost").replace(",", ""))
    api = api_compare(live_server, {"scenario": "today", "set": {"launch.price_per_kg": 200}})
    assert after == pytest.approx(api["headline"]["orbit_cost_per_gpu_hour"], abs=0.006)
    assert after < before  # cheaper launch, cheaper orbit
    assert "launch.price_per_kg=200" in page.url  # the URL carries the state

    # drag the slider itself (keyboard: End = most expensive launch)
    seq = page.get_attribute("body", "data-seq")
    page.focus("#in-launch-price_per_kg")
    page.keyboard.press("End")
    page.wait_for_function(f"document.body.dataset.seq !== '{seq}'", timeout=10_000)
    dear = float(page.inner_text("#orbit-cost").replace(",", ""))
    assert dear > before

    # live Monte Carlo: deterministic + 10,000 samples
    seq = page.get_attribute("body", "data-seq")
    page.check("#mc-live")
    page.wait_for_function(f"document.body.dataset.seq !== '{seq}'", timeout=20_000)
    assert "10,000 samples" in page.inner_text("#mc-summary")
    assert page.locator("#chart-mc svg").count() > 0
    for chart in ("breakeven", "waterfall", "mass"):
        assert page.locator(f"#chart-{chart} svg.main-svg").count() > 0

    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # ORBITCOMPUTE_SCREENSHOT=path saves a screenshot at 300 USD/kg (the README shows
    # docs/dashboard-1280.png: ORBITCOMPUTE_SCREENSHOTS=docs, below)
    if os.environ.get("ORBITCOMPUTE_SCREENSHOT"):
        seq = page.get_attribute("body", "data-seq")
        page.fill("#in-launch-price_per_kg-num", "300")
        page.press("#in-launch-price_per_kg-num", "Enter")
        page.wait_for_function(f"document.body.dataset.seq !== '{seq}'", timeout=20_000)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.environ["ORBITCOMPUTE_SCREENSHOT"], full_page=True)
    assert errors == []
    page.close()


def test_dashboard_bad_value_shows_error(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + "/?scenario=today&orbit.altitude=5")
    page.wait_for_selector("body[data-state=error]", timeout=20_000)
    assert "orbit.altitude" in page.inner_text("#error")
    page.close()


def test_report_renders_offline(browser, tmp_path):
    out = tmp_path / "report.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run(
        [sys.executable, "-m", "orbitcompute", "report", PRESET, "-n", "2000", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def block(route):  # no network at all: only the file itself may load
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(out.as_uri())
    figs = page.locator("div.plotly-graph-div")
    n = figs.count()
    assert n >= 6 + (PRESET != "today")  # + Monte Carlo when the preset has distributions
    page.wait_for_function(
        "[...document.querySelectorAll('div.plotly-graph-div')]"
        ".every(d => d.querySelector('svg.main-svg'))",
        timeout=20_000,
    )
    assert errors == [] and requests == []
    page.close()


# --------------------------------------------------------------------------------------------
# Usable by people (issue 20). ORBITCOMPUTE_SCREENSHOTS=docs saves the screenshots there
# (docs/dashboard-1280.png, docs/dashboard-390.png, docs/report.png); by default they go to
# the test's temporary directory.

#: A registry or output key as a label would show it raw: ``launch.price_per_kg``.
RAW_KEY = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")
#: What a reader reads as a label: headings, control labels, cards, table heads and first
#: cells, sentences, buttons, chart legends and axis titles.
LABELS = (
    "label, h1, h2, h3, th, td:first-child, .card, #sentence, #changes, button, "
    ".legendtext, .xtitle, .ytitle"
)


def _shot_dir(tmp_path: Path) -> Path:
    d = os.environ.get("ORBITCOMPUTE_SCREENSHOTS")
    return ROOT / d if d else tmp_path


def _open_dashboard(browser, live_server, width: int, query: str = "scenario=today"):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/?{query}")
    page.wait_for_selector("body[data-state=ready]", timeout=30_000)
    return page, errors


def _change(page, action) -> None:
    """Do something on the page and wait for the answer it causes to be drawn."""
    seq = page.get_attribute("body", "data-seq")
    action()
    page.wait_for_function(f"document.body.dataset.seq !== '{seq}'", timeout=90_000)


def _number(page, sel: str) -> float:
    return float(page.inner_text(sel).replace(",", "").rstrip("×"))


def test_dashboard_labels_colours_and_text_follow_the_sliders(browser, live_server, tmp_path):
    from orbitcompute.report.palette import line_palette

    page, errors = _open_dashboard(browser, live_server, 1280)
    # plain-language labels; the keys only in tooltips
    texts = page.eval_on_selector_all(LABELS, "els => els.map(e => e.innerText ?? e.textContent)")
    raw = [t for t in texts if RAW_KEY.search(t)]
    assert raw == [], raw
    assert page.get_attribute("label[for=in-launch-price_per_kg]", "title").startswith(
        "launch.price_per_kg"
    )
    # chart titles are outside the plots (plotly's toolbar cannot cover them)
    assert page.locator("#chart-waterfall .gtitle").count() == 0
    # one distinct colour per line item, the report's palette
    legend = page.eval_on_selector_all(
        "#chart-waterfall .legend .traces",
        "els => els.map(e => [e.querySelector('.legendtext').textContent,"
        " e.querySelector('.legendpoints path').style.fill])",
    )
    assert len(legend) >= 10
    fills = [f for _, f in legend]
    assert len(set(fills)) == len(fills), legend
    palette = line_palette()

    def rgb(h: str) -> str:
        return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (1, 3, 5)))

    assert all(fill == rgb(palette[name]) for name, fill in legend), legend

    # a slider change updates every number and sentence that depends on it
    before = {s: page.inner_text(s) for s in ("#orbit-cost", "#ratio", "#sentence", "#changes")}
    assert "3,600 USD/kg" in before["#sentence"]
    _change(
        page,
        lambda: (
            page.fill("#in-launch-price_per_kg-num", "200"),
            page.press("#in-launch-price_per_kg-num", "Enter"),
        ),
    )
    after = {s: page.inner_text(s) for s in before}
    assert all(after[s] != before[s] for s in before), after
    assert "200 USD/kg" in after["#sentence"] and "3,600" not in after["#sentence"]
    assert "200 USD/kg" in after["#changes"]
    api = api_compare(live_server, {"scenario": "today", "set": {"launch.price_per_kg": 200}})
    h = api["headline"]
    assert _number(page, "#orbit-cost") == pytest.approx(h["orbit_cost_per_gpu_hour"], abs=0.006)
    assert _number(page, "#ratio") == pytest.approx(h["ratio"], abs=0.006)
    assert f"{h['orbit_cost_per_gpu_hour']:.2f}" in after["#sentence"]
    table = page.inner_text("#options")
    assert f"{h['orbit_cost_per_gpu_hour']:.2f}" in table

    # the ground-option selector: the card, the sentence and the table follow it
    _change(page, lambda: page.select_option("#ground-option", "nuclear"))
    api = api_compare(
        live_server,
        {
            "scenario": "today",
            "set": {"launch.price_per_kg": 200, "ground.energy_option": "nuclear"},
        },
    )
    assert _number(page, "#ground-cost") == pytest.approx(
        api["headline"]["ground_cost_per_gpu_hour"], abs=0.006
    )
    assert "nuclear" in page.inner_text("#ground-label")
    assert "(nuclear)" in page.inner_text("#sentence")
    assert "nuclear (headline)" in page.inner_text("#options")
    for col in ("water", "CO2", "land"):
        assert col in page.inner_text("#options tr:first-child")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(_shot_dir(tmp_path) / "dashboard-1280.png"), full_page=True)
    assert errors == []
    page.close()


@pytest.mark.parametrize("width", [900, 390])
def test_dashboard_fits_narrow_screens(browser, live_server, tmp_path, width):
    page, errors = _open_dashboard(browser, live_server, width)
    # nothing wider than the screen (tables scroll inside their own panel)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for sel in ("#orbit-cost", "#ground-cost", "#ratio", "#sentence", "#chart-waterfall"):
        box = page.locator(sel).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, sel
    if width < 760:  # on a phone the answer comes before the sliders
        assert (
            page.locator("#sentence").bounding_box()["y"]
            < page.locator("#controls").bounding_box()["y"]
        )
    page.screenshot(path=str(_shot_dir(tmp_path) / f"dashboard-{width}.png"), full_page=True)
    assert errors == []
    page.close()


def test_report_one_scale_round_ticks_whole_toml_readable_sources(browser, tmp_path):
    out = tmp_path / "report.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    r = subprocess.run(
        [sys.executable, "-m", "orbitcompute", "report", PRESET, "-n", "2000", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('div.plotly-graph-div')]"
        ".every(d => d.querySelector('svg.main-svg'))",
        timeout=30_000,
    )
    # the two waterfalls on one y scale
    ranges = page.evaluate(
        "(() => { const l = document.getElementById('fig-waterfall')._fullLayout;"
        " return [l.yaxis.range, l.yaxis2.range]; })()"
    )
    assert ranges[0] == pytest.approx(ranges[1])
    # eclipse axis: round ticks (not 18.83, 15.68...)
    ticks = page.eval_on_selector_all(
        "#fig-timeline .y2tick text", "els => els.map(e => e.textContent)"
    )
    assert ticks and all(re.fullmatch(r"-?\d+", t.replace("−", "-")) for t in ticks), ticks
    # the scenario TOML is shown whole (wrapped, not cut off)
    assert page.evaluate(
        "(() => { const p = document.getElementById('scenario-toml');"
        " return p.scrollWidth <= p.clientWidth; })()"
    )
    # sources in words, the module only in the tooltip
    srcs = page.eval_on_selector_all("section p.src", "els => els.map(e => e.innerText)")
    assert srcs and not any("orbitcompute." in s or "issue #" in s for s in srcs), srcs
    # no chart title inside a plot, where the toolbar sits
    assert page.locator("div.plotly-graph-div .gtitle").count() == 0
    page.screenshot(path=str(_shot_dir(tmp_path) / "report.png"), full_page=True)
    assert errors == []
    page.close()
