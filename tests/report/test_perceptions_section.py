"""The briefing's "How each side sees it" section (hypergames), terminal and HTML."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from detente.report.briefing import build_briefing
from detente.report.html import render_html
from detente.report.terminal import render_briefing

CASE = Path(__file__).resolve().parents[1] / "data" / "hypergame" / "chicken-misread.yaml"


def test_section_present_with_perceptions() -> None:
    b = build_briefing(str(CASE))
    s = b.section("perceptions")
    assert s.title == "How each side sees it"
    assert s.answer[0] == ("Driver A misreads the preferences of Driver B; Driver B misreads "
                           "the preferences of Driver A.")
    assert s.answer[1].startswith("Under SEQ the true game's equilibria are YN, NY; the "
                                  "hyper-equilibria, where each side stays by its own "
                                  "reading, are NN, YN, NY.")
    assert "  Driver A expects NY." in s.answer
    assert s.data["hypergame"]["hyper_equilibria"]["seq"] == ["NN", "YN", "NY"]
    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    render_briefing(b, console)
    text = console.export_text()
    assert "Do the sides play the same game, and what does each expect?" in text
    html = render_html(b)
    assert 'id="perceptions"' in html and "<th>Driver A expects</th>" in html


def test_no_section_without_perceptions() -> None:
    b = build_briefing("prisoners-dilemma")
    assert "perceptions" not in [s.key for s in b.sections]
    assert b.hypergame is None


def test_section_escapes_user_text(tmp_path) -> None:
    text = CASE.read_text(encoding="utf-8")
    text = text.replace("name: Driver A", "name: '<b>A</b>'").replace(
        "  Driver A:", "  '<b>A</b>':").replace("aware_of: [Driver A]", "aware_of: ['<b>A</b>']")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    html = render_html(build_briefing(str(path)))
    assert "<b>A</b>" not in html and "&lt;b&gt;A&lt;/b&gt; expects" in html
