"""The vocabulary of single preference changes (detente.graph.changes)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import detente
from detente.graph.changes import (
    Change,
    Variants,
    apply_change,
    apply_changes,
    change_count,
    single_changes,
    tiers_of,
)
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, Payoffs, Ranking, Statement, Statements
from detente.model.errors import ModelError
from detente.model.formula import Var
from tests.graph.bruteforce import dense_ranks, feasible_states, holds
from tests.graph.bruteforce import payoff_ranks as brute_ranks
from tests.graph.strategies import conflicts


def _ranks(conflict: Conflict, dm: int) -> list[int]:
    space = StateSpace(conflict)
    return payoff_ranks(space)[dm].reshape(-1)[space.feasible_index].tolist()


def test_order_of_changes_for_statements_and_rankings() -> None:
    summit = detente.load("benchmarks/data/summit-2021-frozen.yaml#core")
    us = single_changes(summit, 0)
    k = len(summit.preferences[0].statements)
    assert [c.label() for c in us[:2]] == ["delete statement 1", "delete statement 2"]
    assert [c.kind for c in us] == ["delete"] * k + ["swap"] * (k - 1)
    assert [c.position for c in us] == list(range(1, k + 1)) + list(range(1, k))
    assert all(c.on == "statements" for c in us)
    assert len(us) == change_count(summit.preferences[0])
    chicken = detente.load("chicken")
    ch = single_changes(chicken, 1)
    assert [c.label() for c in ch] == [
        "swap groups 1-2", "swap groups 2-3", "swap groups 3-4",
        "merge groups 1-2", "merge groups 2-3", "merge groups 3-4"]
    assert single_changes(chicken, 1, kinds=["swap"]) == ch[:3]
    with pytest.raises(ValueError):
        single_changes(chicken, 1, kinds=["rotate"])


def test_describe_names_statements_and_states() -> None:
    summit = detente.load("benchmarks/data/summit-2021-frozen.yaml#core")
    russia = summit.dm_index("Russia")
    text = Change(russia, "swap", 6, "statements").describe(summit)
    assert text == ("Russia puts statement 7 ('not sanctions') above statement 6 "
                    "('not press_membership')")
    assert Change(russia, "delete", 1).describe(summit) == \
        "Russia drops statement 1 ('not admit_ukraine')"
    pd = detente.load("prisoners-dilemma")
    first, second = (x if isinstance(x, str) else pd.pattern(x) for x in
                     (pd.preferences[0].tiers[0][0], pd.preferences[0].tiers[1][0]))
    assert Change(0, "swap", 1).describe(pd).endswith(f"ranks {second} above {first}")
    assert "indifferent" in Change(0, "merge", 1).describe(pd)


def test_payoffs_become_the_equivalent_ranking() -> None:
    spec = Payoffs({"NN": 1.0, "YN": 3.0, "NY": 3.0, "YY": 0.5})
    assert tiers_of(spec) == (("YN", "NY"), ("NN",), ("YY",))
    assert apply_change(spec, Change(0, "swap", 2)).tiers == (("YN", "NY"), ("YY",), ("NN",))


def test_bad_changes_are_refused() -> None:
    pd = detente.load("prisoners-dilemma")
    with pytest.raises(ModelError, match="no tie group 4 and 5"):
        apply_changes(pd, [Change(0, "swap", 4)])
    with pytest.raises(ModelError, match="does not apply"):
        apply_changes(pd, [Change(0, "delete", 1)])
    st_spec = Statements((Statement(Var("a"), text="a"),))
    with pytest.raises(ModelError, match="does not apply"):
        apply_change(st_spec, Change(0, "merge", 1))
    with pytest.raises(ValueError):
        Change(0, "merge", 1, "statements")


def _expected_after(conflict: Conflict, dm: int, change: Change) -> list[int]:
    """The DM's ranks after ``change``, from the brute-force ranks and the definitions
    (independent of detente.graph.changes)."""
    feasible = feasible_states(conflict)
    spec = conflict.preferences[dm]
    if isinstance(spec, Statements):
        sts = list(spec.statements)
        k = change.position - 1
        if change.kind == "delete":
            del sts[k]
        else:
            sts[k], sts[k + 1] = sts[k + 1], sts[k]
        n = len(sts)
        score = {s: sum(2 ** (n - j) for j, x in enumerate(sts, start=1)
                        if holds(x.formula, s, conflict.option_ids)) for s in feasible}
        r = dense_ranks(score)
        return [r[s] for s in feasible]
    rank = brute_ranks(conflict, feasible)[dm]
    top = max(rank.values())
    pos = {s: top - rank[s] for s in feasible}  # tie group, 0 = most preferred
    t = change.position - 1
    if change.kind == "swap":
        new = {s: (t + 1 if g == t else t if g == t + 1 else g) for s, g in pos.items()}
    else:
        new = {s: (g - 1 if g > t else g) for s, g in pos.items()}
    r = dense_ranks({s: -g for s, g in new.items()})
    return [r[s] for s in feasible]


@given(conflicts(max_dms=3, max_options=6), st.data())
def test_every_single_change_matches_the_definition(conflict: Conflict, data) -> None:
    space = StateSpace(conflict)
    for dm in range(len(conflict.decision_makers)):
        changes = single_changes(conflict, dm)
        variants = Variants(space, dm)
        base = variants.base
        neighbours = variants.neighbours(base)
        spec = conflict.preferences[dm]
        if not isinstance(spec, Statements):  # tie groups from the feasible states' ranks
            assert len(neighbours) == 2 * (variants.n_groups - 1)
        else:
            assert [c for c, _ in neighbours] == changes
        assert np.array_equal(variants.ranks(base), _ranks(conflict, dm))
        for change, variant in neighbours:
            want = _expected_after(conflict, dm, change)
            assert variants.ranks(variant).tolist() == want, change.label()
            if isinstance(spec, Statements):
                assert _ranks(apply_changes(conflict, [change]), dm) == want


@given(conflicts(max_dms=2, max_options=5, allow_misperceptions=False), st.data())
def test_sequences_of_changes_agree_with_variants(conflict: Conflict, data) -> None:
    """A sequence of changes applied to the model gives the ranks the variant walk gives."""
    dm = data.draw(st.integers(0, len(conflict.decision_makers) - 1))
    spec = conflict.preferences[dm]
    if not isinstance(spec, Statements):
        # give the ranking its feasible tie groups only, so positions mean the same thing
        space = StateSpace(conflict)
        r = payoff_ranks(space)[dm].reshape(-1)[space.feasible_index]
        tiers = tuple(tuple(int(d) for d in space.feasible_decimals[r == v])
                      for v in range(int(r.max()), 0, -1))
        prefs = list(conflict.preferences)
        prefs[dm] = Ranking(tiers)
        conflict = dataclasses.replace(conflict, preferences=tuple(prefs))
    space = StateSpace(conflict)
    variants = Variants(space, dm)
    v = variants.base
    applied: list[Change] = []
    for _ in range(data.draw(st.integers(1, 4))):
        options = variants.neighbours(v)
        if not options:
            break
        change, v = data.draw(st.sampled_from(options))
        applied.append(change)
    assert _ranks(apply_changes(conflict, applied), dm) == variants.ranks(v).tolist()
