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


def test_the_lead_says_what_misperception_changes() -> None:
    """The findings' perception line states the hypergame against an independent brute
    force (tests.graph.bruteforce_hypergame): what each side expects under SEQ, the
    hyper-equilibria the true game does not hold, those it holds that are lost."""
    from tests.graph.bruteforce_hypergame import brute_hypergame

    b = build_briefing(str(CASE))
    lead = b.section("findings")
    c = b.focus.conflict
    brute = brute_hypergame(c)
    pats = lambda decs: [c.pattern(d) for d in sorted(decs)]  # noqa: E731
    actual, hyper = pats(brute["actual"]["seq"]), pats(brute["hyper"]["seq"])
    facts = lead.data["perceptions"]
    assert facts["concept"] == "seq"
    assert facts["only_by_misreading"] == [p for p in hyper if p not in actual] == ["NN"]
    assert facts["lost_to_misreading"] == [p for p in actual if p not in hyper]
    expected = {dm: pats(v["seq"]) for dm, v in brute["perceived"].items()
                if pats(v["seq"]) != actual}
    assert facts["expected"] == expected == {"Driver A": ["NY"], "Driver B": ["YN"]}
    assert facts["surprises"] == len([s for s in brute["surprises"] if s[0] == "seq"]) == 0
    line = next(x for x in lead.answer if x.startswith("Perceptions: "))
    assert "Driver A expects NY and Driver B YN to hold (the true game holds YN and NY)" in line
    assert "NN would hold only because each side stays there by its own reading" in line
    assert line.endswith("; no surprises.")


def test_the_lead_names_a_surprise() -> None:
    """Prisoner's Dilemma where Prisoner 1 reads Prisoner 2 as a conditional cooperator: at
    YY, which Prisoner 1 expects to hold under SEQ, Prisoner 2 truly gains by defecting (the
    hand-worked case of tests/graph/test_hypergame.py); the lead names that surprise."""
    import dataclasses
    from types import SimpleNamespace

    from detente.graph.hypergame import hypergame
    from detente.model.conflict import Perception, Ranking
    from detente.model.loader import load_conflict
    from detente.report.findings import _perceptions

    pd = load_conflict("prisoners-dilemma")
    conditional = Ranking((("YY",), ("NN",), ("YN",), ("NY",)))
    c = dataclasses.replace(pd, perceptions=(Perception(0, ((1, conditional),)),))
    b = SimpleNamespace(hypergame=hypergame(c, concepts="nash,seq"),
                        focus=SimpleNamespace(conflict=c))
    lines, facts = _perceptions(b)
    assert facts is not None and facts["surprises"] == 1
    # Prisoner 1 expects the true game's SEQ equilibria, and the hyper-equilibria are them
    assert facts["expected"] == {} and facts["only_by_misreading"] == []
    assert lines[0].startswith("Perceptions: Prisoner 1 misreads the preferences of "
                               "Prisoner 2; Prisoner 2 sees the true game. Under SEQ, "
                               "misreading changes no outcome that holds.")
    assert lines[1].startswith("  Surprise: Prisoner 1 expects YY to hold, but Prisoner 2 "
                               "would ")
    assert lines[1].endswith("(to YN).")


def test_without_perceptions_the_lead_says_nothing_and_the_details_say_why() -> None:
    """A scenario without perceptions: no perception line in the lead (the briefing keeps
    to its length), and the details say that perceptions are not modelled."""
    b = build_briefing("prisoners-dilemma")
    lead = b.section("findings")
    assert lead.data["perceptions"] is None
    assert not [x for x in lead.answer if "Perceptions" in x or "misread" in x]
    assert any(x.startswith("Perceptions are not modelled") for x in lead.details)
