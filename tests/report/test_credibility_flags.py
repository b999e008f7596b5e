"""Credibility flags and lock-ins in the report's stability tableau (issue 15)."""

from __future__ import annotations

from detente.report.briefing import build_briefing
from detente.report.html import render_html


def test_tableau_flags_self_defeating_threats_and_lock_ins() -> None:
    """In the Cuban missile crisis NYYN is an SEQ equilibrium that the Soviet Union holds
    only through a threat that would backfire (SEQ- but not FSEQ-stable), and every state
    with the US air strike is locked in (6 of 12 states out of reach)."""
    b = build_briefing("cuban-missile-crisis", max_memory=1 << 30)
    a = b.focus.analysis
    assert "NYYN" in a.equilibria["seq"] and "NYYN" not in a.equilibria.get("fseq", [])
    who = [dm for dm, pats in a.self_defeating.items() if "NYYN" in pats]
    assert who
    html = render_html(b)
    assert "SEQ only through self-defeating threats</td>" in html
    assert f'title="SEQ-stable for {", ".join(who)} only through self-defeating threats">!' in html
    assert html.count(">!</td>") == html.count("only through self-defeating threats\">!</td>")
    assert "<td><b>lock-in</b></td>" in html
    # the US strikes from today's NNNN at once: every state with the strike is within reach
    # of the lock by one unilateral improvement (tests/graph/test_lockin.py checks the
    # reach against a brute-force search)
    assert ('taken for good; 6 states out of reach; from today, unilateral improvements '
            'reach it in') in html
    assert html.count(">locked</td>") == html.count("from today, unilateral improvements")


def test_no_rows_without_flags() -> None:
    html = render_html(build_briefing("prisoners-dilemma", max_memory=1 << 30))
    assert "self-defeating threats</td>" not in html and "<b>lock-in</b>" not in html
