"""Traps (detente.graph.traps) against plain loops over the brute force's equilibria, locks
and ranks, and on the summit: war is a trap, the article's deal is not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import detente
from detente.graph.analysis import analyze
from detente.graph.traps import traps
from tests.graph.bruteforce import brute_force, lock, pattern
from tests.graph.strategies import conflicts


def _plain_traps(brute, concept: str, r: int) -> list[str]:
    c = brute.conflict
    out = []
    for s in brute.feasible:
        if s not in brute.equilibria[concept]:
            continue
        shut = any(((s ^ r) >> k) & 1 for k in lock(c, s))
        worse = all(brute.rank[i][s] < brute.rank[i][r] for i in range(len(brute.rank)))
        if shut and worse:
            out.append(pattern(s, c.n_options))
    return out


@settings(max_examples=40, deadline=None)
@given(conflicts(max_dms=3, max_options=6), st.data())
def test_traps_match_plain_loops(conflict, data) -> None:
    a = analyze(conflict, "nash,gmr,seq")
    brute = brute_force(conflict)
    for r in data.draw(st.lists(st.sampled_from(brute.feasible), min_size=1, max_size=4)):
        for concept in ("nash", "seq"):
            got = traps(a, concept, reference=r)
            assert [t.state for t in got] == _plain_traps(brute, concept, r)
            for t in got:
                s = conflict.decimal(t.state)
                assert set(t.locked) == {conflict.options[k].id for k in lock(conflict, s)}
                assert t.closes and set(t.closes) <= set(t.locked)
                assert all(((s ^ r) >> conflict.option_index(o)) & 1 for o in t.closes)


def test_the_summit_s_traps_are_the_wars() -> None:
    c = detente.load("summit-2021")
    a = analyze(c)
    got = traps(a)
    names = {c.state_name(t.state) for t in got}
    assert names == {"invasion", "nato-at-war"}
    for t in got:
        assert "intervene" in t.closes  # an intervention cannot be undone
        assert t.state in a.equilibria["nash"]
    assert not traps(a, reference=c.decimal(got[0].state))  # nothing is worse than war...
    deal = next(ns.decimal for ns in c.named_states if ns.name == "bandow-deal")
    assert c.pattern(deal) not in {t.state for t in got}


def test_without_a_status_quo_or_the_concept() -> None:
    import dataclasses

    pd = detente.load("prisoners-dilemma")
    assert traps(analyze(dataclasses.replace(pd, status_quo=None))) == []
    with pytest.raises(ValueError, match="did not compute 'seq'"):
        traps(analyze(pd, "nash"), "seq")
