"""Real-browser tests (headless Debian chromium + Playwright): the dashboard reacts to the
launch-price control consistently with the API, and the offline report renders every chart."""

from __future__ import annotations

import json
import os
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
    # ORBITCOMPUTE_SCREENSHOT=docs/dashboard.png refreshes the README's screenshot
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
