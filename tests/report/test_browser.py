"""The report in a real browser: Debian's Chromium driven by Playwright.

Two scenarios — the summit and the built-in ``shared-river`` (a fictional dam dispute with an
agenda, random-length dynamics and assumptions) — each at a phone's width (390 px) and a
desktop's (1400 px). The page must load without console errors or any network request,
show every section, draw every chart (non-empty SVG), offer no cloud button or link, and
stay readable: no page wider than the screen, a navigation bar that is one line, charts
whose plot area keeps most of the width (legends below, not beside), table cells that do not
show one word per line. A screenshot of each is saved in the test's temporary folder (with
``DETENTE_DOCS_SCREENSHOT=1`` the top of the summit report at 1400 px is written to
``docs/report.png``).

Chromium is the Debian package at /usr/bin/chromium (``make test`` installs it with apt-get
when missing); no browser is ever downloaded. Without Chromium or Playwright the tests are
skipped with the reason — except under ``CI=true``, where they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.report.html import write_report
from tests.report.helpers import river_briefing, summit_briefing

BRIEFINGS = {"summit": summit_briefing, "shared-river": river_briefing}
FIGURES = {"summit": ("state-graph", "pareto", "spiral", "recovery", "sweep", "richardson-region",
                      "richardson"),
           "shared-river": ("state-graph", "pareto", "spiral", "recovery", "sweep")}
VIEWPORTS = {390: {"width": 390, "height": 844}, 1400: {"width": 1400, "height": 900}}
DOCS_PNG = Path(__file__).resolve().parents[2] / "docs" / "report.png"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    return {name: write_report(build(), folder / name) for name, build in BRIEFINGS.items()}


@pytest.fixture(scope="module", params=[(s, w) for s in BRIEFINGS for w in VIEWPORTS],
                ids=lambda p: f"{p[0]}-{p[1]}px")
def loaded(request, browser, reports, tmp_path_factory):
    scenario, width = request.param
    page = browser.new_page(viewport=VIEWPORTS[width])
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def route(r):
        # Only the file itself (and data: or blob: URLs made by the page) may be fetched.
        if r.request.url.split(":", 1)[0] in ("file", "data", "blob", "about"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: None if req.url.split(":", 1)[0] in (
        "file", "data", "blob", "about") else outside.append(req.url))
    page.goto(reports[scenario].resolve().as_uri(), wait_until="load")
    n = len(FIGURES[scenario])
    page.evaluate("window.detenteDrawAll()")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=n, timeout=60_000)
    page.wait_for_timeout(300)  # let the responsive charts settle at the page's width
    folder = tmp_path_factory.mktemp(f"{scenario}-{width}")
    yield scenario, width, page, problems, outside, folder
    page.close()


def test_no_console_errors(loaded) -> None:
    *_, problems, _outside, _folder = loaded
    assert problems == []


def test_no_network_request(loaded) -> None:
    *_, outside, _folder = loaded
    assert outside == []


def test_no_cloud_button_or_link(loaded) -> None:
    _s, _w, page, *_ = loaded
    titles = page.evaluate(
        "() => [...document.querySelectorAll('.modebar-btn')]"
        ".map(b => b.getAttribute('data-title') || '')")
    assert titles, "the charts' toolbars are there (so the check below means something)"
    assert not [t for t in titles if any(w in t.lower() for w in ("share", "cloud", "studio"))]
    links = page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
        ".filter(h => !h.startsWith('#'))")
    assert links == []


def test_every_section_is_shown(loaded) -> None:
    scenario, _w, page, *_ = loaded
    b = BRIEFINGS[scenario]()
    ids = ["summary", "model", "explanations"] + [s.key for s in b.sections]
    for sid in ids:
        box = page.locator(f"#{sid}")
        assert box.count() == 1, sid
        assert box.is_visible(), sid
        assert box.bounding_box()["height"] > 50, sid


def test_every_chart_is_drawn(loaded) -> None:
    scenario, width, page, *_ = loaded
    for name in FIGURES[scenario]:
        fig = page.locator(f'[data-figure="{name}"] .js-plotly-plot')
        assert fig.count() == 1, name
        # The SVG's size, its traces (g.hm for a heatmap), the marks drawn in them (paths
        # with a shape, or the heatmap's image), and the plot area's width.
        drawn = fig.evaluate(
            "el => { const r = el.querySelector('svg.main-svg').getBoundingClientRect();"
            " const traces = el.querySelectorAll('g.trace, g.hm');"
            " const marks = [...el.querySelectorAll('g.trace path, g.hm image')]"
            "   .filter(m => (m.getAttribute('d') || m.getAttribute('href') || '').length > 5);"
            " const area = el.querySelector('.nsewdrag').getBoundingClientRect();"
            " return [r.width, r.height, traces.length, marks.length, area.width]; }")
        svg_width, height, traces, marks, area = drawn
        assert svg_width > 0.8 * min(width, 1180) - 60 and height > 100, (name, drawn)
        assert traces > 0 and marks > 0, (name, drawn)
        # The plot itself keeps most of the width: a legend beside it took all but 30 px
        # of a phone's screen.
        assert area > 0.55 * svg_width, (name, drawn)


def test_every_chart_keeps_the_width(loaded) -> None:
    # Every chart on the page, those of other sections too: the plot, not its legend or
    # colour bar, takes most of the width.
    _s, _w, page, *_ = loaded
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(el => ["
        " el.id, el.querySelector('svg.main-svg').getBoundingClientRect().width,"
        " el.querySelector('.nsewdrag').getBoundingClientRect().width])")
    assert widths
    for name, svg, area in widths:
        assert area > 0.5 * svg, (name, svg, area)


def test_state_graph_is_interactive(loaded) -> None:
    _s, _w, page, *_ = loaded
    legend = page.locator('[data-figure="state-graph"] .legend .traces')
    assert legend.count() >= 3  # the decision makers and the roles of the states


def test_readable_at_this_width(loaded) -> None:
    _s, width, page, *_ = loaded
    sizes = page.evaluate(
        "() => [document.documentElement.scrollWidth, innerWidth, innerHeight,"
        " document.querySelector('nav').getBoundingClientRect().height]")
    scroll_width, inner, inner_height, nav = sizes
    assert scroll_width <= inner + 1, sizes  # nothing wider than the screen
    assert nav <= 0.06 * inner_height, sizes  # the sticky navigation: one line
    # No table cell shows one word per line (a column squeezed to a word's width).
    squeezed = page.evaluate(
        "() => [...document.querySelectorAll('main td, main th')].filter(c => {"
        "  if (!c.offsetParent) return false;"  # folded away
        "  if (getComputedStyle(c).writingMode !== 'horizontal-tb') return false;"  # vertical
        "  const words = c.innerText.trim().split(/\\s+/).filter(w => w).length;"
        "  if (words < 3) return false;"
        "  const line = parseFloat(getComputedStyle(c).lineHeight) || 18;"
        "  const r = document.createRange(); r.selectNodeContents(c);"  # the text, not the row
        "  const lines = Math.round(r.getBoundingClientRect().height / line);"
        "  return lines >= words; }).map(c => c.innerText.slice(0, 60))")
    assert squeezed == [], (width, squeezed[:5])


def test_screenshot(loaded) -> None:
    scenario, width, page, _p, _o, folder = loaded
    shot = folder / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if scenario == "summit" and width == 1400 and os.environ.get("DETENTE_DOCS_SCREENSHOT"):
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(DOCS_PNG), clip={"x": 0, "y": 0, "width": 1400,
                                                  "height": 1000})
