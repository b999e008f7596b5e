"""The summit report in a real browser: Debian's Chromium driven by Playwright.

The page must load without console errors, draw every chart (non-empty SVG), show every
section, and give a screenshot (saved in the test's temporary folder). Chromium is the
Debian package at /usr/bin/chromium (``make test`` installs it with apt-get when missing);
no browser is ever downloaded. Without Chromium or Playwright the test is skipped with the
reason — except under ``CI=true``, where it fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.report.html import SECTION_IDS, write_report
from tests.report.helpers import summit_briefing

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
FIGURES = ("state-graph", "pareto", "spiral", "recovery", "sweep", "richardson")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium "
                     "(scripts/ensure-chromium.sh does, as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        except Exception as exc:  # a browser that cannot start is an environment problem
            _unavailable(f"Chromium did not start: {exc}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    path = write_report(summit_briefing(), folder)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=len(FIGURES), timeout=60_000)
    yield page, problems, folder
    page.close()


def test_no_console_errors(loaded) -> None:
    _page, problems, _ = loaded
    assert problems == []


def test_every_section_is_shown(loaded) -> None:
    page, _, _ = loaded
    for sid in SECTION_IDS:
        box = page.locator(f"#{sid}")
        assert box.count() == 1, sid
        assert box.is_visible(), sid
        assert box.bounding_box()["height"] > 50, sid


def test_every_chart_is_drawn(loaded) -> None:
    page, _, _ = loaded
    for name in FIGURES:
        fig = page.locator(f'[data-figure="{name}"] .js-plotly-plot')
        assert fig.count() == 1, name
        # The SVG's size, its traces (g.hm for a heatmap), and the marks drawn in them
        # (paths with a shape, or the heatmap's image).
        drawn = fig.evaluate(
            "el => { const r = el.querySelector('svg.main-svg').getBoundingClientRect();"
            " const traces = el.querySelectorAll('g.trace, g.hm');"
            " const marks = [...el.querySelectorAll('g.trace path, g.hm image')]"
            "   .filter(m => (m.getAttribute('d') || m.getAttribute('href') || '').length > 5);"
            " return [r.width, r.height, traces.length, marks.length]; }")
        width, height, traces, marks = drawn
        assert width > 200 and height > 100, (name, drawn)
        assert traces > 0 and marks > 0, (name, drawn)


def test_state_graph_is_interactive(loaded) -> None:
    page, _, _ = loaded
    legend = page.locator('[data-figure="state-graph"] .legend .traces')
    assert legend.count() >= 3  # the decision makers and the roles of the states


def test_screenshot(loaded) -> None:
    page, _, folder = loaded
    shot = folder / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
