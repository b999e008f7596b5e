"""The HTML report's size and load time in a real browser (headless Debian Chromium).

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/report_load.py            # 3 loads per row
    .venv/bin/python benchmarks/report_load.py --runs 5

For the summit and the ``shared-river`` built-in it writes the report
(``benchmarks/out/report-*``), then opens it in a fresh page of headless Chromium at a
phone's width (390 px) and a desktop's (1400 px), several times, and prints the median of:

- ``load``: the page's load event (``PerformanceNavigationTiming.loadEventEnd``, from the
  start of navigation): the page is parsed, the library run, the text shown;
- ``one chart``: then the time to draw the first chart once the reader scrolls to it
  (charts are drawn when they come near the view);
- ``all charts``: then the time to draw every other chart, asked for at once
  (``window.detenteDrawAll()``, what printing does) — the worst case of a reader scrolling
  through the whole report.

A last row per scenario puts the full Plotly bundle (the ``plotly`` package's, 4.8 MB) in
place of the partial one in the same page, to show what the bundle alone costs. The targets
of issue 16: at most 3 MB and a load event within 2 s. No request leaves the page (the
browser tests check it); nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = {390: 844, 1400: 900}


def _reports(out: Path) -> dict[str, tuple[Path, float]]:
    from detente.report.briefing import build_briefing
    from detente.report.html import write_report

    made = {}
    for name in ("summit-2021", "shared-river"):
        t = time.perf_counter()
        b = build_briefing(name)
        path = write_report(b, out / f"report-{name}")
        made[name] = (path, time.perf_counter() - t)
    return made


def _full_bundle(path: Path) -> Path:
    """The same page with the plotly package's full bundle in place of the partial one."""
    from plotly.offline import get_plotlyjs

    from detente.report.html import plotly_library

    page = path.read_text(encoding="utf-8")
    partial = plotly_library()
    assert partial in page
    full = path.with_name("report-full-bundle.html")
    full.write_text(page.replace(partial, get_plotlyjs(), 1), encoding="utf-8")
    return full


def _measure(browser, path: Path, width: int) -> tuple[float, float, float]:
    page = browser.new_page(viewport={"width": width, "height": WIDTHS[width]})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else r.abort())
    page.goto(path.resolve().as_uri(), wait_until="load")
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    # One chart, drawn when the reader scrolls to it (the state graph, the largest).
    t0 = page.evaluate("(() => { const el = document.querySelector('div.plot');"
                       " const t = performance.now(); el.scrollIntoView(); return t; })()")
    page.wait_for_function("document.querySelector('.js-plotly-plot .main-svg') !== null",
                           timeout=120_000)
    first = page.evaluate("performance.now()") - t0
    n = page.evaluate("document.querySelectorAll('div.plot').length")
    t0 = page.evaluate("(() => { const t = performance.now(); window.detenteDrawAll();"
                       " return t; })()")
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=n, timeout=120_000)
    every = page.evaluate("performance.now()") - t0
    page.close()
    return load / 1000, first / 1000, every / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    reports = _reports(out)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, (path, built) in reports.items():
            variants = [("partial bundle", path), ("full bundle", _full_bundle(path))]
            for label, page_path in variants:
                widths = WIDTHS if label == "partial bundle" else {1400: 900}
                for width in widths:
                    _measure(browser, page_path, width)  # warm the browser's own caches
                    runs = [_measure(browser, page_path, width) for _ in range(args.runs)]
                    med = [statistics.median(r[k] for r in runs) for k in range(3)]
                    rows.append((name, label, width, page_path.stat().st_size / 2**20,
                                 built, *med))
        browser.close()
    print("| scenario | Plotly | width | size (MB) | build (s) | load (s) | one chart (s) "
          "| all charts (s) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, label, width, size, built, load, first, every in rows:
        print(f"| {name} | {label} | {width} | {size:.2f} | {built:.1f} | {load:.2f} | "
              f"{first:.2f} | {every:.2f} |")
    print(f"\nmedian of {args.runs} loads per row after one warm-up; targets: size <= 3 MB, "
          "load <= 2 s")


if __name__ == "__main__":
    main()
