"""The briefing's "What it would take" section: the inverse answers it shows are the engine's,
and user text in it is escaped."""

from __future__ import annotations

import dataclasses

import detente
from detente.graph.changes import apply_changes
from detente.graph.inverse.advice import what_it_would_take
from detente.graph.inverse.minimal import minimal_changes
from detente.report.briefing import build_briefing
from detente.report.html import render_html
from tests.graph.bruteforce import brute_force, reachable


def test_pd_section_matches_the_engine_and_the_brute_force() -> None:
    pd = detente.load("prisoners-dilemma")
    b = build_briefing("prisoners-dilemma")
    s = b.section("what_it_would_take")
    advice = s.data["advice"]
    assert [a["target"] for a in advice] == ["YN", "NY"]  # Pareto-optimal, not SEQ-stable
    for a in advice:
        want = minimal_changes(pd, a["target"], "seq", reachable=True, top=1, max_changes=2)
        assert a["result"] == want.to_dict()
        sol = want.solutions[0]
        changed = apply_changes(pd, sol.changes)
        brute = brute_force(changed)
        target = pd.decimal(a["target"])
        assert target in brute.equilibria["seq"]
        assert reachable(changed, brute, pd.status_quo, [0, 1], True)[target] == sol.steps
    assert s.details[0].startswith("YN (+ Prisoner 1 cooperates) is Pareto-optimal")
    assert s.answer[0].startswith("If Prisoner 1 ranked YN above NN, YN would be SEQ-stable")


def test_unreachable_best_stable_outcomes_come_first() -> None:
    cuban = detente.load("cuban-missile-crisis")
    a = detente.analyze(cuban)
    out = what_it_would_take(cuban, a, ["NNYN"], limit=2)
    assert [x.why for x in out] == ["not reachable", "not stable"]
    assert out[0].result is not None and out[0].result.reachable


def test_names_are_escaped_in_the_html_section() -> None:
    pd = detente.load("prisoners-dilemma")
    dms = tuple(dataclasses.replace(d, name=n) for d, n in
                zip(pd.decision_makers, ["<script>alert(1)</script>", "B & co"], strict=True))
    evil = dataclasses.replace(pd, decision_makers=dms)
    adv = what_it_would_take(evil, detente.analyze(evil))
    from detente.report.inverse_text import advice_sentences

    _, details = advice_sentences(evil, adv)
    assert any("<script>" in line for line in details)  # the sentence names the DM ...
    b = build_briefing("prisoners-dilemma")
    b.section("what_it_would_take").details[:] = details
    html = render_html(b)
    section = html[html.index('id="what_it_would_take"'):]
    section = section[: section.index("</section>")]
    assert "<script>" not in section and "&lt;script&gt;" in section  # ... escaped
