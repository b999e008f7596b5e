"""The workbench as a user uses it: Debian's Chromium driven by Playwright, at 1400 and 390 px.

Open a built-in, edit a preference in the editor and see the tableau change; make a typo and
see the error at its line; reorder a ranking in the form view (drag and drop); click a state
for its explanation; start a long job, reload the page, find it again and cancel it; export
the report. No request may leave 127.0.0.1. Screenshots go to the test's temporary folder, or
to ``$DETENTE_SCREENSHOTS`` (docs/workbench/ is made that way). Skipped without Chromium or
Playwright, except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

WIDTHS = {"wide": 1400, "phone": 390}


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("DETENTE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watched:
    """A page with every console error and every request leaving 127.0.0.1 recorded."""

    def __init__(self, page, url: str) -> None:
        self.page = page
        self.url = url
        self.problems: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, fragment: str = "") -> None:
        self.page.goto(f"{self.url}/{fragment}")
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
        self.page.wait_for_selector("#tableau-table", timeout=120_000)

    def check(self) -> None:
        assert self.outside == [], "requests left 127.0.0.1"
        # a 4xx/5xx answer is logged by Chromium as a console error: none is expected
        assert self.problems == []


def _watched(browser, server, name: str):
    width = WIDTHS[name]
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    watched = Watched(context.new_page(), server.url)
    watched.width = width
    watched.name = name
    yield watched
    context.close()
    watched.check()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser, server):
    """The page at each width."""
    yield from _watched(browser, server, request.param)


def editor_replace(page, line_text: str, old: str, new: str, after: int = 0) -> int:
    """Select ``old`` on the first line after line ``after`` that reads ``line_text`` and
    type ``new`` (as a user would, with the keyboard); the line's number."""
    found = page.evaluate(
        """([lineText, old, after]) => {
            const view = window.detenteEditor.view;
            const doc = view.state.doc;
            for (let n = after + 1; n <= doc.lines; n++) {
              const line = doc.line(n);
              if (line.text === lineText) {
                const from = line.from + line.text.indexOf(old);
                view.dispatch({selection: {anchor: from, head: from + old.length},
                               scrollIntoView: true});
                view.focus();
                return n;
              }
            }
            return 0;
        }""", [line_text, old, after])
    assert found, line_text
    page.keyboard.type(new)
    return found


def payoff(page, state: str, column: int) -> str:
    """The tableau's payoff of ``state`` for the ``column``-th decision maker (0-based)."""
    row = page.locator(f"#tableau-table tr[data-state='{state}']")
    return row.locator("td.num").nth(column).inner_text()


def test_edit_a_preference_and_see_the_tableau_change(page, shots) -> None:
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    assert p.locator("#tableau-table tbody tr").count() == 12
    assert payoff(p, "NNYN", 0) == "12" and payoff(p, "NYYN", 0) == "11"
    p.screenshot(path=str(shots / f"tableau-{page.name}.png"))
    # the United States now prefer NYYN to NNYN: swap the first two lines of its ranking
    first = editor_replace(p, "        - NNYN", "NNYN", "NYYN")
    editor_replace(p, "        - NYYN", "NYYN", "NNYN", after=first)
    p.wait_for_function(
        "() => document.querySelector(\"#tableau-table tr[data-state='NYYN'] td.num\")"
        "?.textContent === '12'", timeout=30_000)
    assert payoff(p, "NNYN", 0) == "11"
    assert p.locator("#save").inner_text() == "Save*"


def test_a_typo_shows_the_error_at_its_line(page, shots) -> None:
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    line = editor_replace(p, "  - withdraw and escalate", "escalate", "escalte")
    status = p.locator("#status .error-line")
    status.wait_for(timeout=30_000)
    text = status.inner_text()
    assert text.startswith(f"line {line} (infeasible[0]): ") and "escalte" in text
    assert p.locator(".cm-lintRange-error").count() >= 1
    assert p.locator("body[data-valid=false]").count() == 1
    p.screenshot(path=str(shots / f"error-{page.name}.png"))
    # user text is shown as text, never as markup
    editor_replace(p, "  - name: Soviet Union", "Soviet Union", "<b id=x>USSR</b>")
    editor_replace(p, "  - withdraw and escalte", "escalte", "escalate")
    p.wait_for_selector("body[data-valid=true]", state="attached", timeout=30_000)
    p.wait_for_function("() => document.querySelector('#tableau-table')?.textContent"
                        ".includes('<b id=x>USSR</b>')", timeout=30_000)
    assert p.locator("#x").count() == 0


def test_reorder_a_ranking_in_the_form_view(page, shots) -> None:
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    p.click("#view-tabs [data-view=form]")
    items = p.locator("ol.sortable[data-dm='United States'] li")
    assert items.nth(0).locator(".item").inner_text() == "NNYN"
    if page.width >= 900:
        items.nth(0).drag_to(items.nth(1))  # drag and drop
    else:  # on a phone: the arrow buttons
        items.nth(0).get_by_role("button", name="Move NNYN down").click()
    items = p.locator("ol.sortable[data-dm='United States'] li .item")
    assert items.nth(0).inner_text() == "NYYN" and items.nth(1).inner_text() == "NNYN"
    text = p.evaluate("window.detenteEditor.text()")
    assert "ranking:\n        - NYYN\n        - NNYN\n" in text
    assert "# Most preferred first" in text  # comments kept
    p.wait_for_function(
        "() => document.querySelector(\"#tableau-table tr[data-state='NYYN'] td.num\")"
        "?.textContent === '12'", timeout=30_000)
    # the other common edits: an option made irreversible, an infeasible combination added
    p.check("input[data-option=blockade]")
    p.fill("#new-infeasible", "air_strike and escalate")
    p.click("#form form.inline button")
    text = p.evaluate("window.detenteEditor.text()")
    assert "label: Naval blockade\n" in text and "irreversible: forward" in text.split(
        "id: blockade", 1)[1].split("- name:", 1)[0]
    assert "  - withdraw and escalate\n  - air_strike and escalate\n" in text
    p.wait_for_selector("body[data-valid=true]", state="attached")
    p.screenshot(path=str(shots / f"form-{page.name}.png"))


def test_click_a_state_for_its_explanation(page, shots) -> None:
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    p.click("#tab-graph")
    p.locator("#graph g.node[data-state='NYYN']").click()
    heading = p.locator("#explain h3")
    heading.wait_for(timeout=30_000)
    assert heading.inner_text() == "Why state NYYN is or is not stable"
    table = p.locator("#explain .explain-table")
    us = table.locator("tr", has_text="United States")
    cells = us.locator("td").all_inner_texts()
    # Fang, Hipel & Kilgour (1993): NYYN is GMR, SMR and SEQ stable for the US, not Nash
    assert cells[1:5] == ["unstable", "stable", "stable", "stable"]
    assert "sanctioned" in p.locator("#explain").inner_text()
    p.screenshot(path=str(shots / f"explain-{page.name}.png"))
    p.click("#tab-graph")
    p.screenshot(path=str(shots / f"graph-{page.name}.png"))


def test_sensitivity_heat_map(page, shots, capsys) -> None:
    """The sensitivity tab draws which single change flips which state's verdict, cell by
    cell as ``detente sensitivity`` reports it (its JSON, read here for the cuban model)."""
    import json

    from tests.cli.helpers import run

    code, out, err = run(["sensitivity", "cuban-missile-crisis", "--concepts", "nash,seq",
                          "--format", "json"], capsys)
    assert code == 0, err
    expected: dict[tuple[str, str], set[str]] = {}
    for s in json.loads(out)["states"]:
        for f in s["flipped_by"]:
            sign = ("↔" if f["change"] == "swap" else "=" if len(f["statements"]) > 1
                    else "−")
            label = (f"{f['dm']} −{f['statements'][0]}" if sign == "−"
                     else f"{f['dm']} {f['statements'][0]}{sign}{f['statements'][1]}")
            expected.setdefault((s["state"], label), set()).add(s["concept"])
    assert expected  # the cuban model has verdicts that a single change flips
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    p.click("#tab-sensitivity")
    p.fill("#sensitivity-form input[name=concepts]", "nash,seq")
    p.click("#sensitivity-form button[type=submit]")
    heat = p.locator("#sensitivity-heatmap")
    heat.wait_for(timeout=60_000)
    got = p.evaluate("""() => {
        const t = document.querySelector('#sensitivity-heatmap');
        const dms = [];
        for (const th of t.tHead.rows[0].querySelectorAll('th.dm'))
            for (let i = 0; i < th.colSpan; i++) dms.push(th.textContent);
        const labels = [...t.tHead.rows[1].cells].map((c, i) => `${dms[i]} ${c.textContent}`);
        const out = [];
        for (const tr of t.tBodies[0].rows)
            tr.querySelectorAll('td.cell').forEach((td, i) => {
                if (td.dataset.concepts) out.push([tr.dataset.state, labels[i],
                                                   td.dataset.concepts, td.textContent]);
            });
        return out;
    }""")
    assert {(state, label): set(concepts.split(",")) for state, label, concepts, _ in got} \
        == expected
    assert all(text == str(len(concepts.split(","))) for *_, concepts, text in got)
    # the page keeps its width: the map scrolls inside its panel
    assert p.evaluate("document.documentElement.scrollWidth") <= page.width
    p.screenshot(path=str(shots / f"sensitivity-{page.name}.png"))


def test_long_job_survives_a_reload_and_is_cancelled(page, server) -> None:
    p = page.page
    page.open("#builtin:summit-2021")
    p.click("#tab-dynamics")
    p.check("#dynamics-form input[value=tournament]")
    p.uncheck("#dynamics-form input[value=match]")
    p.fill("#dynamics-form input[name=repetitions]", "1000000")
    p.fill("#dynamics-form input[name=max_work]", "1e11")
    p.click("#dynamics-form .background")
    job = p.locator("#jobs li.job[data-state=running]")
    job.wait_for(timeout=60_000)
    job_id = job.get_attribute("data-job")
    assert p.locator(f"li.job[data-job='{job_id}'] progress").count() == 1
    p.reload()
    p.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
    assert p.locator("#tab-jobs").inner_text() == "Jobs (1)"
    p.click("#tab-jobs")
    row = p.locator(f"li.job[data-job='{job_id}']")
    assert row.get_attribute("data-state") == "running"
    row.get_by_role("button", name="Cancel").click()
    p.wait_for_selector(f"li.job[data-job='{job_id}'][data-state=cancelled]", timeout=30_000)
    assert server.get(f"/api/jobs/{job_id}")[1]["state"] == "cancelled"


def test_export_the_report(page, tmp_path) -> None:
    p = page.page
    page.open("#builtin:prisoners-dilemma")
    p.click("#report")
    link = p.locator("#jobs a", has_text="Download report.html")
    link.wait_for(timeout=120_000)
    with p.expect_download() as download:
        link.click()
    path = tmp_path / "report.html"
    download.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Prisoner" in html


def test_the_page_fits_the_screen(page, shots) -> None:
    p = page.page
    page.open("#builtin:cuban-missile-crisis")
    width = p.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width  # wide tables scroll inside their panel, not the page
    p.screenshot(path=str(shots / f"workbench-{page.name}.png"), full_page=page.width < 900)
