"""Explanations (detente.graph.explain): every witness is replayed against the model.

The replay uses only the brute-force oracle (tests/graph/bruteforce.py): each step must be a
legal unilateral move (an improvement where the concept demands one) of the DM named, no DM
may move twice in a row, the preferences stated must hold, and every verdict must equal the
oracle's.
"""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.analysis import CONCEPTS
from detente.graph.explain import explain
from detente.model.conflict import Conflict
from detente.model.errors import ModelError
from detente.report.explain_text import explanation_sections, explanation_text
from tests.graph.bruteforce import (
    answers,
    brute_force,
    credible,
    feasible_states,
    lock,
    reachable,
)
from tests.graph.strategies import conflicts
from tests.graph.test_bruteforce import _three_dm_relay
from tests.graph.test_paths import cuban


def replay(conflict: Conflict, state: int, expl, oracle) -> None:
    """Check every witness of ``expl`` against the brute-force ``oracle``."""
    names = conflict.dm_names
    for w in expl.witnesses:
        i = w.dm
        P = oracle.rank[i]
        base = P[state]
        uis = oracle.improvements(i, state)
        assert [imp.to for imp in w.improvements] == uis, "every improvement, in order"
        assert w.stable == (state in oracle.stability[w.concept][names[i]]), (
            f"{w.concept} verdict for {names[i]}")
        for imp in w.improvements:
            assert expl.rank(i, imp.to) == P[imp.to] > base
            if imp.sanction is not None:
                kind = ("credible" if w.concept == "fseq" and imp.sanctioned else
                        w.concept in ("seq", "seqsim", "sseq", "fseq"))
                _check_sequence(oracle, i, imp.to, imp.sanction, improving=kind)
                end = imp.sanction[-1].target
                assert P[end] <= base, "a sanction is no better than the state"
                assert expl.rank(i, end) == P[end]
                _check_credibility(oracle, imp.sanction, imp.credibility)
                assert imp.credible == all(credible(oracle, st.mover[0], st.source, st.target)
                                           for st in imp.sanction)
                new = {conflict.options[k].id: "Y" if (end >> k) & 1 else "N"
                       for k in set(lock(conflict, end)) - set(lock(conflict, imp.to))}
                assert imp.sanction_locks == (new or None)
                if imp.sanctioned and w.concept != "seqsim":
                    _check_mildest(conflict, oracle, i, state, imp, w.concept)
            if w.concept in ("seq", "sseq"):
                reach = reachable(conflict, oracle, imp.to,
                                  [j for j in range(len(names)) if j != i], "credible")
                assert imp.credible_exists == any(P[t] <= base for t in reach)
            if w.concept in ("smr", "sseq") and imp.sanction is not None:
                end = imp.sanction[-1].target
                escapes = [t for t in oracle.moves[i][end] if P[t] > base]
                assert imp.sanctioned == (not escapes)
                if imp.countermove is None:
                    assert oracle.moves[i][end] == []
                else:
                    cm = imp.countermove
                    assert cm.mover == (i,) and cm.source == end
                    assert cm.target in oracle.moves[i][end]
                    assert P[cm.target] == max(P[t] for t in oracle.moves[i][end])
                    assert (P[cm.target] > base) == (not imp.sanctioned)
            if imp.simultaneous is not None:
                sim = imp.simultaneous
                assert sim["moves"][i] == imp.to
                combined = imp.to
                for j, d in sim["moves"].items():
                    if j == i:
                        continue
                    assert d in oracle.improvements(j, state), "a simultaneous UI from s"
                    mask = sum(1 << k for k in conflict.decision_makers[j].options)
                    combined = (combined & ~mask) | (d & mask)
                assert combined == sim["result"]
                assert combined in oracle.feasible and P[combined] <= base
            if w.concept in ("sim", "seqsim"):
                # the first sanction in the documented order, or none at all
                first = _first_simultaneous(conflict, oracle, i, state, imp.to)
                assert (imp.simultaneous or {}).get("moves") == first
            if w.concept == "nash":
                assert not imp.sanctioned and imp.sanction is None
            elif w.concept in ("gmr", "seq"):
                assert imp.sanctioned == (imp.sanction is not None)
            elif w.concept == "sim":
                assert imp.sanctioned == (imp.simultaneous is not None)
            elif w.concept == "seqsim":
                assert imp.sanctioned == (imp.sanction is not None or
                                          imp.simultaneous is not None)
        if w.concept == "seqsim":
            assert w.stable == (all(x.sanction is not None for x in w.improvements) or
                                all(x.simultaneous is not None for x in w.improvements))
        else:
            assert w.stable == all(x.sanctioned for x in w.improvements)
    locked = lock(conflict, state)
    if not locked:
        assert expl.lock_in is None
    else:
        assert list(expl.lock_in.locked) == [conflict.options[k].id for k in locked]


def _first_simultaneous(conflict: Conflict, oracle, i: int, s: int, s1: int
                        ) -> dict[int, int] | None:
    """The oracle's first simultaneous sanction of i's move s -> s1: the other DMs' choices
    (stay, then each improvement from s in increasing decimal order) tried with the last
    DM's choice changing fastest."""
    others = [j for j in range(len(conflict.decision_makers)) if j != i]
    masks = {j: sum(1 << k for k in conflict.decision_makers[j].options) for j in others}
    feasible = set(oracle.feasible)
    for picks in itertools.product(*([None, *oracle.improvements(j, s)] for j in others)):
        if all(p is None for p in picks):
            continue
        combined = s1
        for j, p in zip(others, picks, strict=True):
            if p is not None:
                combined = (combined & ~masks[j]) | (p & masks[j])
        if combined in feasible and oracle.rank[i][combined] <= oracle.rank[i][s]:
            moves = {i: s1} | {j: p for j, p in zip(others, picks, strict=True)
                               if p is not None}
            return dict(sorted(moves.items()))
    return None


def _check_sequence(oracle, i: int, start: int, steps, improving: bool | str) -> None:
    state, last = start, None
    for step in steps:
        assert len(step.mover) == 1
        j = step.mover[0]
        assert j != i, "the sanctioned DM does not take part in its sanction"
        assert j != last, "no DM moves twice in a row"
        assert step.source == state
        if improving == "credible":
            legal = oracle.credible(j, state)
        else:
            legal = oracle.improvements(j, state) if improving else oracle.moves[j][state]
        assert step.target in legal, "a legal unilateral move (an improvement for SEQ)"
        state, last = step.target, j


def _check_credibility(oracle, steps, cred) -> None:
    """Each step's flags: an improvement for its maker, and the answer that defeats it (the
    one its maker likes least, then by DM, then by decimal), as the oracle finds them."""
    assert cred is not None and len(cred) == len(steps)
    for step, (improving, answer) in zip(steps, cred, strict=True):
        j = step.mover[0]
        assert improving == (oracle.rank[j][step.target] > oracle.rank[j][step.source])
        found = [(k, z) for k, z in answers(oracle, j, step.source, step.target) if k != j]
        if not found:
            assert answer is None
        else:
            assert answer == min(found, key=lambda kz: (oracle.rank[j][kz[1]], kz[0], kz[1]))


def _check_mildest(conflict, oracle, i: int, s: int, imp, concept: str) -> None:
    """The mildest sufficient sanction: of every sanction the concept's moves reach from the
    improvement, the one i likes best (then the lowest decimal), by a shortest sequence."""
    P = oracle.rank[i]
    base = P[s]
    kind = {"gmr": False, "smr": False, "seq": True, "sseq": True, "fseq": "credible"}[concept]
    dist = reachable(conflict, oracle, imp.to,
                     [j for j in range(len(conflict.decision_makers)) if j != i], kind)
    ok = [t for t in dist if P[t] <= base and (
        concept not in ("smr", "sseq") or all(P[u] <= base for u in oracle.moves[i][t]))]
    best = min(ok, key=lambda t: (-P[t], t))
    assert imp.mildest is not None
    _check_sequence(oracle, i, imp.to, imp.mildest, improving=kind)
    assert imp.mildest[-1].target == best and len(imp.mildest) == dist[best]
    _check_credibility(oracle, imp.mildest, imp.mildest_credibility)


@settings(max_examples=40)
@given(conflicts(max_dms=4, max_options=7), st.data())
def test_witnesses_replay_on_random_models(conflict: Conflict, data) -> None:
    oracle = brute_force(conflict)
    states = data.draw(st.lists(st.sampled_from(oracle.feasible), min_size=1, max_size=3,
                                unique=True))
    for s in states:
        expl = explain(conflict, s, concepts="all")
        replay(conflict, s, expl, oracle)
        assert [w.concept for w in expl.witnesses[: len(CONCEPTS)]] == list(CONCEPTS)
        text = explanation_text(expl)
        assert text.count("\n") + 1 >= len(expl.witnesses)
        json.dumps(expl.to_dict())


def test_every_state_of_the_cuban_missile_crisis() -> None:
    c = cuban()
    oracle = brute_force(c)
    for s in feasible_states(c):
        replay(c, s, explain(c, s, concepts="all"), oracle)


def test_sanction_with_a_repeated_mover_is_shown() -> None:
    """The three-DM relay: A's move from NNNN to YNNN is sanctioned only by B, C, then B
    again; the explanation must show exactly that sequence, each move credible (SEQ)."""
    relay = _three_dm_relay()
    oracle = brute_force(relay)
    s = relay.decimal("NNNN")
    expl = explain(relay, "NNNN", dms="A", concepts="gmr,smr,seq")
    replay(relay, s, expl, oracle)
    for concept in ("gmr", "smr", "seq"):
        w = expl.witness("A", concept)
        assert w.stable
        (imp,) = w.improvements
        assert [relay.dm_names[st.mover[0]] for st in imp.sanction] == ["B", "C", "B"]
        assert [relay.pattern(st.target) for st in imp.sanction] == ["YYNN", "YYNY", "YNYY"]
    d = expl.to_dict()
    seq = d["witnesses"][2]
    assert seq["concept"] == "seq" and seq["dm"] == "A" and seq["stable"] is True
    assert seq["improvements"][0]["sanction"][1] == {
        "mover": "C", "changed": {"c": "Y"}, "from": "YYNN", "to": "YYNY"}


def test_cuban_text_names_options_and_preferences() -> None:
    c = cuban()
    expl = explain(c, "NNNN", dms="US", concepts="gmr,seq")
    sections = dict(explanation_sections(expl))
    gmr = sections["NNNN is stable for US under GMR: each of its 3 improvements can be "
                   "sanctioned."]
    assert gmr[0] == ('If US takes "air_strike" (to YNNN), USSR can take "escalate" '
                      '(to YNNY), which US likes less than NNNN.')
    seq_head = ("NNNN is not stable for US under SEQ: 3 of its 3 improvements cannot be "
                "sanctioned.")
    assert seq_head in sections


def test_chicken_sim_and_seqsim() -> None:
    """Chicken: from NN, A's swerve-to-straight is sanctioned simultaneously (B also drives
    straight: YY, the worst) but not sequentially (B would not crash on purpose)."""
    from tests.graph.test_bruteforce import _two_by_two

    chicken = _two_by_two("chicken", ["YN", "NN", "NY", "YY"], ["NY", "NN", "YN", "YY"])
    expl = explain(chicken, "NN", concepts="seq,sim,seqsim")
    seqsim = expl.witness("A", "seqsim")
    assert seqsim.stable
    imp = seqsim.improvements[0]
    assert imp.sanction is None
    assert imp.simultaneous == {"moves": {0: chicken.decimal("YN"), 1: chicken.decimal("NY")},
                                "result": chicken.decimal("YY")}
    d = expl.to_dict()["witnesses"][1]
    assert d["improvements"][0]["simultaneous"] == {"moves": {"A": "YN", "B": "NY"},
                                                    "result": "YY"}
    assert "By SIM: If A takes" in explanation_text(expl)


def test_smr_countermove_escape() -> None:
    """States that are GMR but not SMR stable for a DM: some sanction exists, but the DM can
    escape every one; the witness shows a sanction and the escaping countermove."""
    import random

    from tests.graph.strategies import random_conflict

    c = random_conflict(random.Random(0), 2, [2, 2])
    oracle = brute_force(c)
    found = 0
    for s in oracle.feasible:
        for name in c.dm_names:
            if s in oracle.stability["gmr"][name] and s not in oracle.stability["smr"][name]:
                expl = explain(c, s, dms=name, concepts="smr")
                replay(c, s, expl, oracle)
                (w,) = expl.witnesses
                i = c.dm_index(name)
                bad = [x for x in w.improvements if not x.sanctioned]
                assert bad
                for x in bad:
                    if x.sanction is not None:  # GMR-sanctioned, SMR-escaped
                        assert x.countermove is not None
                        assert oracle.rank[i][x.countermove.target] > oracle.rank[i][s]
                        found += 1
                assert "every sanction can be escaped" in explanation_text(expl)
    assert found


def test_errors() -> None:
    c = cuban()
    with pytest.raises(ModelError, match="not feasible"):
        explain(c, "NNYY")
    with pytest.raises(ModelError, match="Did you mean"):
        explain(c, "NNNN", dms="UK")
    with pytest.raises(ModelError, match="unknown concept"):
        explain(c, "NNNN", concepts="gmx")
