"""The vectorised engine against the brute-force oracle and the GMCR properties."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from detente.graph.analysis import CONCEPTS, analyze
from detente.model.conflict import (
    Conflict,
    DecisionMaker,
    Option,
    Payoffs,
    Ranking,
    Statements,
)
from detente.model.formula import And, Formula, Iff, Implies, Not, Or, Var
from tests.graph.bruteforce import brute_force, feasible_states_of
from tests.graph.strategies import conflicts, random_conflict


def _compare(conflict: Conflict) -> None:
    expected = brute_force(conflict)
    got = analyze(conflict, concepts="all")
    assert got.decimals.tolist() == expected.feasible
    for i, name in enumerate(conflict.dm_names):
        ranks = [expected.payoffs[name][d] for d in expected.feasible]
        assert got.payoffs[i].tolist() == ranks, f"payoff ranks of {name}"
    for concept in CONCEPTS:
        for i, name in enumerate(conflict.dm_names):
            want = expected.stability[concept][name]
            have = got.decimals[got.stable[concept][i]].tolist()
            assert have == want, f"{concept} for {name}: engine {have}, brute force {want}"
        assert got.equilibria[concept] == expected.patterns(expected.equilibria[concept])


@given(conflicts())
def test_engine_matches_bruteforce_on_random_models(conflict: Conflict) -> None:
    _compare(conflict)


def _rename(f: Formula) -> Formula:
    """The same formula over the renamed option ids."""
    if isinstance(f, Var):
        return Var(f"renamed_{f.name}")
    if isinstance(f, Not):
        return Not(_rename(f.operand))
    if isinstance(f, And | Or):
        return type(f)(tuple(_rename(o) for o in f.operands))
    if isinstance(f, Implies):
        return Implies(_rename(f.antecedent), _rename(f.consequent))
    if isinstance(f, Iff):
        return Iff(_rename(f.left), _rename(f.right))
    return f


@settings(max_examples=30)
@given(conflicts(max_dms=4, max_options=9, allow_misperceptions=False), st.integers(0, 10**6))
def test_invariant_under_renaming_and_reordering(conflict: Conflict, seed: int) -> None:
    """Renaming options and reordering DMs and each DM's options permutes the patterns but
    changes no verdict."""
    rng = np.random.default_rng(seed)
    n = len(conflict.decision_makers)
    perm = [int(x) for x in rng.permutation(n)]
    new_options: list[Option] = []
    new_dms: list[DecisionMaker] = []
    old_to_new: dict[int, int] = {}
    for new_i, old_i in enumerate(perm):
        dm = conflict.decision_makers[old_i]
        idx = []
        for k in [dm.options[int(t)] for t in rng.permutation(len(dm.options))]:
            old_to_new[k] = len(new_options)
            idx.append(len(new_options))
            new_options.append(dataclasses.replace(
                conflict.options[k], owner=new_i, id=f"renamed_{conflict.options[k].id}"))
        new_dms.append(DecisionMaker(dm.name, tuple(idx)))

    def remap(dec: int) -> int:
        return sum(1 << old_to_new[k] for k in range(conflict.n_options) if (dec >> k) & 1)

    prefs = []
    for old_i in perm:
        spec = conflict.preferences[old_i]
        if isinstance(spec, Statements):
            spec = Statements(tuple(dataclasses.replace(st, formula=_rename(st.formula))
                                    for st in spec.statements))
        if isinstance(spec, Ranking) and spec.numbering == "feasible":
            # feasible-state numbering depends on option order: not a renaming, so this
            # example is discarded (not counted as a pass)
            assume(False)
        if isinstance(spec, Ranking):
            spec = Ranking(tuple(tuple(remap(conflict.decimal(s)) if isinstance(s, str)
                                       else remap(s) for s in tier) for tier in spec.tiers))
        elif hasattr(spec, "values"):
            spec = dataclasses.replace(spec, values={
                remap(conflict.decimal(k) if isinstance(k, str) else k): v
                for k, v in spec.values.items()})
        prefs.append(spec)
    moved = Conflict(
        options=tuple(new_options), decision_makers=tuple(new_dms), preferences=tuple(prefs),
        infeasible=tuple(_rename(f) for f in conflict.infeasible),
        exclusive=tuple(tuple(old_to_new[k] for k in g) for g in conflict.exclusive),
        exactly_one=tuple(tuple(old_to_new[k] for k in g) for g in conflict.exactly_one),
    )
    a, b = analyze(conflict, "all"), analyze(moved, "all")
    for concept in CONCEPTS:
        for name in conflict.dm_names:
            i, j = conflict.dm_index(name), moved.dm_index(name)
            left = sorted(remap(int(d)) for d in a.decimals[a.stable[concept][i]])
            right = sorted(int(d) for d in b.decimals[b.stable[concept][j]])
            assert left == right


@settings(max_examples=40)
@given(conflicts(max_dms=4, max_options=9))
def test_concept_inclusions(conflict: Conflict) -> None:
    """Nash ⊆ SMR ⊆ GMR, Nash ⊆ SEQ ⊆ GMR, Nash ⊆ SIM, SEQ&SIM = SEQ ∪ SIM (per DM)."""
    a = analyze(conflict, "all")
    s = a.stable
    assert not (s["nash"] & ~s["smr"]).any()
    assert not (s["smr"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["seq"]).any()
    assert not (s["seq"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["sim"]).any()
    assert (s["seqsim"] == (s["seq"] | s["sim"])).all()


def test_seeded_random_models_match_bruteforce() -> None:
    import random

    for seed in range(12):
        rng = random.Random(seed)
        n_dms = 2 + seed % 3
        c = random_conflict(rng, n_dms, [2 + (seed + i) % 2 for i in range(n_dms)])
        _compare(c)


def test_overlapping_groups_by_hand() -> None:
    """Options x, y, z of A with exactly one of {x, y} and exactly one of {y, z}: A takes y
    alone or x and z together ("at least one" of each would also let x, y, z and y, z in).
    With {x, y} exclusive instead: y alone, z alone, or x and z."""
    from detente.graph.space import StateSpace
    from detente.model.conflict import Statement

    options = (Option("x", owner=0), Option("y", owner=0), Option("z", owner=0),
               Option("w", owner=1))
    dms = (DecisionMaker("A", (0, 1, 2)), DecisionMaker("B", (3,)))
    prefs = (Statements((Statement(Var("x")), Statement(Not(Var("w"))))),
             Statements((Statement(Var("w")), Statement(Var("y")))))
    both = Conflict(options=options, decision_makers=dms, preferences=prefs,
                    exactly_one=((0, 1), (1, 2)))
    assert StateSpace(both).axes[0].local.tolist() == [0b010, 0b101]
    assert [both.pattern(d) for d in analyze(both).decimals] == [
        "NYNN", "YNYN", "NYNY", "YNYY"]
    _compare(both)
    mixed = dataclasses.replace(both, exclusive=((0, 1),), exactly_one=((1, 2),))
    assert StateSpace(mixed).axes[0].local.tolist() == [0b010, 0b100, 0b101]
    _compare(mixed)


def _tied_preferences(rng: random.Random, conflict: Conflict, i: int) -> Ranking | Payoffs:
    """A ranking (or payoffs) over the feasible states with only three levels, so states
    tie; state names cycle through patterns, decimals and feasible-state numbers."""
    feasible = feasible_states_of(conflict.options, conflict.infeasible)
    levels = [rng.randint(0, 2) for _ in feasible]
    if i % 4 == 3:
        return Payoffs({d: float(v) for d, v in zip(feasible, levels, strict=True)})
    naming = ("pattern", "decimal", "feasible")[i % 3]
    names: list[str | int] = (list(range(1, len(feasible) + 1)) if naming == "feasible" else
                              [conflict.pattern(d) if naming == "pattern" else d
                               for d in feasible])
    tiers = tuple(tuple(nm for nm, lv in zip(names, levels, strict=True) if lv == level)
                  for level in (2, 1, 0) if level in levels)
    return Ranking(tiers, numbering="feasible" if naming == "feasible" else "state")


@pytest.mark.parametrize("seed", range(10))
def test_rankings_with_ties_on_fixed_seeds(seed: int) -> None:
    """Ties in rankings and payoffs on fixed seeds, checked on every run (not only when the
    random property happens to draw them): a move to a tied state is no improvement, and a
    tied state is no sanction-free escape, in every concept."""
    rng = random.Random(seed)
    n_dms = rng.choice([2, 3])
    base = random_conflict(rng, n_dms, [rng.choice([1, 2, 3]) for _ in range(n_dms)],
                           p_irreversible=0.2)
    prefs = tuple(_tied_preferences(rng, base, seed + i) for i in range(n_dms))
    conflict = dataclasses.replace(base, preferences=prefs)
    ranks = brute_force(conflict).payoffs
    assert any(len(set(r.values())) < len(r) for r in ranks.values())  # ties present
    _compare(conflict)


def test_a_move_to_a_tied_state_is_no_improvement() -> None:
    """A is indifferent between NN and YN, B prefers N: NN is Nash-stable for A (its only
    move leads to a tie), and the equilibrium; with the tie broken towards YN it is not."""
    options = (Option("a", owner=0), Option("b", owner=1))
    dms = (DecisionMaker("A", (0,)), DecisionMaker("B", (1,)))
    tie = Ranking((("NN", "YN"), ("NY", "YY")))
    b_pref = Ranking((("NN", "YN"), ("NY", "YY")))
    c = Conflict(options=options, decision_makers=dms, preferences=(tie, b_pref))
    assert analyze(c, concepts=["nash"]).equilibria["nash"] == ["NN", "YN"]
    _compare(c)
    broken = dataclasses.replace(c, preferences=(Ranking((("YN",), ("NN",), ("NY", "YY"))),
                                                 b_pref))
    assert analyze(broken, concepts=["nash"]).equilibria["nash"] == ["YN"]
