"""The HTML report is one self-contained page: every section, no external resource, the
data of the briefing in its tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from detente.report.briefing import build_briefing
from detente.report.html import REPORT_FILE, SECTION_IDS, render_html, write_report
from tests.report.helpers import summit_briefing


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.external: list[str] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        for key in ("src", "href"):
            v = a.get(key) or ""
            if key in a and not v.startswith("#"):
                self.external.append(f"{tag} {key}={v}")
        if tag == "link":
            self.external.append("link")
        if tag not in ("meta", "br", "img", "input", "link", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.unbalanced.append(tag)


@pytest.fixture(scope="module")
def summit_page() -> str:
    return render_html(summit_briefing())


def _parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


def test_every_section_is_present(summit_page: str) -> None:
    ids = _parse(summit_page).ids
    for sid in SECTION_IDS:
        assert sid in ids, sid
    assert len(ids) == len(set(ids))


def test_the_page_is_self_contained(summit_page: str) -> None:
    p = _parse(summit_page)
    assert p.external == []
    assert "Plotly" in summit_page and "<style>" in summit_page
    assert not re.search(r"<script[^>]+src=", summit_page)


def test_the_page_is_well_formed(summit_page: str) -> None:
    p = _parse(summit_page)
    assert p.unbalanced == [] and p.stack == []


def test_the_model_shows_every_rationale_and_source(summit_page: str) -> None:
    c = summit_briefing().focus.conflict
    for spec in c.preferences:
        for st in spec.statements:
            assert st.rationale.split()[0] in summit_page
    assert "Bandow" in summit_page
    for o in c.options:
        assert o.label in summit_page.replace("&#x27;", "'")


def test_the_figures_are_embedded(summit_page: str) -> None:
    for name in ("state-graph", "pareto", "spiral", "recovery", "sweep", "richardson"):
        assert f'data-figure="{name}"' in summit_page


def test_small_scenarios_render_without_optional_sections(tmp_path) -> None:
    b = build_briefing("chicken")
    path = write_report(b, tmp_path / "out")
    assert path == tmp_path / "out" / REPORT_FILE
    ids = _parse(path.read_text(encoding="utf-8")).ids
    assert {"summary", "model", "equilibria", "status_quo", "paths"} <= set(ids)
    assert not {"deals", "dynamics", "assumptions"} & set(ids)


def test_sources_show_their_kind(tmp_path) -> None:
    """The article's claims (with their quotes) and the analyst's inferences are marked
    differently; a plain citation carries no kind."""
    path = tmp_path / "kinds.yaml"
    path.write_text(
        "title: Kinds\n"
        "decision_makers:\n"
        "  - name: A\n"
        "    options: [{id: a}]\n"
        "    preferences:\n"
        "      statements:\n"
        "        - statement: a\n"
        "          rationale: A wants it.\n"
        "          source: {kind: article, citation: Doe (2020), quote: 'A <wants> it'}\n"
        "        - statement: not b\n"
        "          rationale: A guesses.\n"
        "          source: {kind: inference}\n"
        "  - name: B\n"
        "    options: [{id: b}]\n"
        "    preferences:\n"
        "      statements:\n"
        "        - {statement: b, rationale: B too., source: 'Doe (2020), p. 2'}\n",
        encoding="utf-8")
    page = render_html(build_briefing(str(path)))
    assert page.count('<span class="src article">') == 1
    assert page.count('<span class="src inference">') == 1
    assert "Doe (2020) — \u201cA &lt;wants&gt; it\u201d" in page
    assert "B too. — Doe (2020), p. 2" in page
