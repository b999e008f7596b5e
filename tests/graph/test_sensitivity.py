"""Single-change sensitivity against a full re-analysis of every changed model by the
independent brute-force oracle, and the JSON contract's order and counts."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from detente.graph.analysis import analyze
from detente.graph.changes import Change, apply_changes
from detente.graph.profiles import PROFILE_CONCEPTS as CONCEPTS
from detente.graph.sensitivity import ChangeRef, sensitivity
from detente.model.conflict import Statements
from tests.graph.bruteforce import brute_force
from tests.graph.strategies import conflicts, random_conflict


def _change(conflict, ref: ChangeRef) -> Change:
    """The engine-independent meaning of a reported change, in the shared vocabulary."""
    dm = conflict.dm_index(ref.dm)
    statements = isinstance(conflict.preferences[dm], Statements)
    if ref.change == "delete":
        assert (len(ref.statements) == 1) == statements
        return Change(dm, "delete" if statements else "merge", ref.statements[0])
    assert list(ref.statements) == [ref.statements[0], ref.statements[0] + 1]
    return Change(dm, "swap", ref.statements[0], "statements" if statements else "groups")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=3, max_options=6))
def test_flips_equal_a_brute_force_reanalysis_of_every_changed_model(conflict) -> None:
    result = sensitivity(conflict, "all")
    base = brute_force(conflict)
    pattern = base.pattern
    assert result.baseline == {c: tuple(base.patterns(base.equilibria[c])) for c in CONCEPTS}
    expected: dict[tuple[str, str], list[ChangeRef]] = {}
    for ref in result.change_list:
        changed = brute_force(apply_changes(conflict, [_change(conflict, ref)]))
        for c in CONCEPTS:
            before, after = set(base.equilibria[c]), set(changed.equilibria[c])
            for s in before ^ after:
                expected.setdefault((pattern(s), c), []).append(ref)
    got = {(e.state, e.concept): e for e in result.states}
    assert set(got) == set(expected)
    for key, e in got.items():
        assert sorted(e.flipped_by, key=lambda r: (r.dm, r.change, r.statements)) == sorted(
            expected[key], key=lambda r: (r.dm, r.change, r.statements))
        assert e.kept + len(e.flipped_by) == e.of == result.changes
        assert e.baseline == (e.state in result.baseline[e.concept])


def test_counts_and_order_of_the_contract() -> None:
    conflict = random_conflict(11, 3, [2, 2, 2], p_irreversible=0.3)
    result = sensitivity(conflict, "nash,seq,sim")
    d = result.to_dict()
    assert list(d) == ["title", "concepts", "changes", "baseline", "states"]
    sizes = [len(s.statements) for s in conflict.preferences]
    assert d["changes"] == sum(2 * k - 1 for k in sizes) == len(result.change_list)
    keys = [(d["concepts"].index(s["concept"]), conflict.decimal(s["state"]))
            for s in d["states"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    names = conflict.dm_names
    for s in d["states"]:
        order = [(names.index(c["dm"]), ["delete", "swap"].index(c["change"]), c["statements"])
                 for c in s["flipped_by"]]
        assert order == sorted(order)
        assert s["kept"] == d["changes"] - len(s["flipped_by"])


def test_delete_only_and_states_narrowing() -> None:
    conflict = random_conflict(5, 2, [3, 2])
    full = sensitivity(conflict, "gmr,seq")
    deletes = sensitivity(conflict, "gmr,seq", changes="delete")
    assert deletes.changes == sum(len(s.statements) for s in conflict.preferences)
    assert all(r.change == "delete" for r in deletes.change_list)
    for e in deletes.states:  # a delete flips the same verdicts with or without the swaps
        twin = full.entry(e.state, e.concept)
        assert twin is not None
        assert set(e.flipped_by) == {r for r in twin.flipped_by if r.change == "delete"}
    pats = sorted({e.state for e in full.states})[:2]
    narrowed = sensitivity(conflict, "gmr,seq", states=pats)
    assert [e for e in full.states if e.state in pats] == list(narrowed.states)


def test_unchanged_verdicts_when_a_change_does_nothing() -> None:
    """Dropping a statement that no feasible state satisfies changes no ranking, so it
    flips nothing (such variants are not evaluated at all)."""
    import dataclasses

    from detente.model.conflict import Statement
    from detente.model.formula import And, Not, Var

    conflict = random_conflict(3, 2, [2, 2])
    never = Statement(And((Var("a1"), Not(Var("a1")))), text="a1 and not a1")
    prefs = list(conflict.preferences)
    prefs[0] = Statements((*prefs[0].statements, never))
    c2 = dataclasses.replace(conflict, preferences=tuple(prefs))
    result = sensitivity(c2, "nash,gmr,seq")
    k = len(prefs[0].statements)
    dropped = ChangeRef("A", "delete", (k,))
    assert all(dropped not in e.flipped_by for e in result.states)
    ref = analyze(c2, "nash,gmr,seq")
    assert {c: list(v) for c, v in result.baseline.items()} == ref.equilibria
    assert np.all([e.of == result.changes for e in result.states])
