"""Tests of the brute-force oracle itself: reference cases, hand-worked cases, properties.

The oracle (``tests/graph/bruteforce.py``) is what the engine is checked against, so it is
checked here against results computed elsewhere: the reference ``.gmcr`` cases with expected
results from an independent brute-force implementation (``tests/data/gmcr-cases``, copied
from the project's shared reference data), published cases (Fang, Hipel & Kilgour 1993),
and properties that every model must satisfy.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.model.conflict import (
    Conflict,
    DecisionMaker,
    Option,
    Payoffs,
    Ranking,
    Statement,
    Statements,
)
from detente.model.formula import conjunction, parse_formula
from detente.model.gmcr import read_gmcr
from tests.graph.bruteforce import (
    CONCEPTS,
    brute_force,
    feasible_states_of,
    misperceived,
    reachable,
    reachable_paths,
)
from tests.graph.strategies import conflicts, random_conflict

CASES = Path(__file__).resolve().parent.parent / "data" / "gmcr-cases"
CASE_NAMES = sorted(p.stem for p in CASES.glob("*.gmcr"))


# --- reference cases -------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASE_NAMES)
def test_reference_case(name: str) -> None:
    conflict = read_gmcr(CASES / f"{name}.gmcr")
    expected = json.loads((CASES / f"{name}.expected.json").read_text())
    result = brute_force(conflict)
    assert [o.text for o in conflict.options] == expected["options"]
    assert conflict.dm_names == expected["decision_makers"]
    states = expected["states"]
    assert result.patterns(result.feasible) == [row["pattern"] for row in states]
    assert result.feasible == [row["decimal"] for row in states]
    for row in states:
        for dm, rank in row["payoffs"].items():
            assert result.payoffs[dm][row["decimal"]] == rank, (row["pattern"], dm)
    got = result.stability_patterns()
    for concept in CONCEPTS:
        for dm in conflict.dm_names:
            assert got[concept][dm] == expected["stability"][concept][dm], (concept, dm)
        assert result.equilibria_patterns()[concept] == expected["equilibria"][concept], concept


# --- hand-worked and published cases ---------------------------------------------------------
def _two_by_two(title: str, a_ranking: list[str], b_ranking: list[str]) -> Conflict:
    """Two DMs with one option each; rankings are patterns (a, b), best first."""
    return Conflict(
        title=title,
        options=(Option("a", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        preferences=(
            Ranking(tuple((p,) for p in a_ranking)),
            Ranking(tuple((p,) for p in b_ranking)),
        ),
    )


def test_prisoners_dilemma() -> None:
    # Option: cooperate. Each: other cooperates alone > both > neither > I cooperate alone.
    pd = _two_by_two("PD", ["NY", "YY", "NN", "YN"], ["YN", "YY", "NN", "NY"])
    eq = brute_force(pd).equilibria_patterns()
    assert eq["nash"] == ["NN"]
    for concept in ("gmr", "smr", "seq", "sim", "seqsim"):
        assert eq[concept] == ["NN", "YY"], concept


def test_chicken() -> None:
    # Option: drive straight. Each: I straight alone > both swerve > I swerve alone > both straight.
    chicken = _two_by_two("Chicken", ["YN", "NN", "NY", "YY"], ["NY", "NN", "YN", "YY"])
    eq = brute_force(chicken).equilibria_patterns()
    assert eq["nash"] == ["YN", "NY"]
    assert eq["gmr"] == eq["smr"] == ["NN", "YN", "NY"]
    assert eq["seq"] == ["YN", "NY"]
    assert eq["sim"] == ["NN", "YN", "NY"]
    assert eq["seqsim"] == ["NN", "YN", "NY"]


def _ranking(text: str) -> Ranking:
    """A ranking written as in the literature: ``A > B > {C, D}`` (braces are ties)."""
    tiers = []
    for tier in text.split(">"):
        tiers.append(tuple(p.strip() for p in tier.strip().strip("{}").split(",")))
    return Ranking(tuple(tiers))


def test_cuban_missile_crisis() -> None:
    """Fang, Hipel & Kilgour (1993): US air strike (irreversible), blockade; USSR withdraw,
    escalate; withdrawing and escalating together is infeasible (12 states)."""
    us = _ranking(
        "NNYN > NYYN > YNYN > YYYN > NYNN > YNNN > YYNN > NNNN > YYNY > YNNY > NYNY > NNNY"
    )
    ussr = _ranking(
        "NNNN > NNYN > NYYN > NYNN > YNYN > YNNN > YYYN > YYNN > YYNY > YNNY > NYNY > NNNY"
    )
    cuba = Conflict(
        title="Cuban missile crisis",
        options=(
            Option("air_strike", direction="forward", owner=0),
            Option("blockade", owner=0),
            Option("withdraw", owner=1),
            Option("escalate", owner=1),
        ),
        decision_makers=(DecisionMaker("US", (0, 1)), DecisionMaker("USSR", (2, 3))),
        preferences=(us, ussr),
        infeasible=(conjunction([("withdraw", True), ("escalate", True)]),),
    )
    result = brute_force(cuba)
    assert len(result.feasible) == 12
    eq = {c: set(v) for c, v in result.equilibria_patterns().items()}
    assert eq["nash"] == {"YNYN"}
    gmr = {"NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"}
    assert eq["gmr"] == eq["smr"] == gmr
    assert eq["seq"] == {"NNYN", "YNYN", "NYYN"}


def test_elmira() -> None:
    """Fang, Hipel & Kilgour (1993): MoE modify (forward); Uniroyal delay (backward), accept,
    abandon (forward), exactly one of them; Local Government insist. 12 states, with the four
    abandonment states kept apart and tied."""
    abandoned = "{NNNYN, YNNYN, NNNYY, YNNYY}"
    moe = _ranking(
        "NNYNY > NNYNN > YNYNN > YNYNY > NYNNY > NYNNN > YYNNN > YYNNY > " + abandoned
    )
    uniroyal = _ranking(
        "NYNNN > YNYNN > YNYNY > NYNNY > " + abandoned + " > YYNNN > NNYNN > NNYNY > YYNNY"
    )
    local = _ranking(
        "NNYNY > NNYNN > NYNNY > NYNNN > YNYNY > YYNNY > YNYNN > YYNNN > " + abandoned
    )
    elmira = Conflict(
        title="Elmira",
        options=(
            Option("modify", direction="forward", owner=0),
            Option("delay", direction="backward", owner=1),
            Option("accept", owner=1),
            Option("abandon", direction="forward", owner=1),
            Option("insist", owner=2),
        ),
        decision_makers=(
            DecisionMaker("MoE", (0,)),
            DecisionMaker("Uniroyal", (1, 2, 3)),
            DecisionMaker("LG", (4,)),
        ),
        preferences=(moe, uniroyal, local),
        exactly_one=((1, 2, 3),),
    )
    result = brute_force(elmira)
    assert len(result.feasible) == 12
    assert result.payoffs["MoE"][elmira.decimal("NNNYY")] == 1  # the tied bottom tier
    assert result.payoffs["Uniroyal"][elmira.decimal("NNNYN")] == 5
    eq = {c: set(v) for c, v in result.equilibria_patterns().items()}
    nash = {"NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY"}
    assert eq["nash"] == eq["seq"] == nash
    assert eq["gmr"] == eq["smr"] == nash | {"NYNNN", "YNYNN"}


def _three_dm_relay() -> Conflict:
    """A moves a; B holds b1, b2; C holds c. Options in order a, b1, b2, c.

    b2 needs c, and c needs b1 or b2, so from YNNN the only way to YNYY (the one state A
    likes less than NNNN) is B (b1), then C (c), then B again (b1 off, b2 on). B wants b1
    without c and b2 with c; C wants c: each of those moves is an improvement for its mover.
    """
    options = (
        Option("a", owner=0),
        Option("b1", owner=1),
        Option("b2", owner=1),
        Option("c", owner=2),
    )
    infeasible = (
        parse_formula("b2 and not c"),
        parse_formula("c and not b1 and not b2"),
    )
    feasible = feasible_states_of(options, infeasible)
    sanction = 0b1101  # YNYY

    def a_value(s: int) -> int:
        return 0 if s == sanction else 1 + (s & 1)  # a taken is better, except at YNYY

    return Conflict(
        options=options,
        decision_makers=(
            DecisionMaker("A", (0,)),
            DecisionMaker("B", (1, 2)),
            DecisionMaker("C", (3,)),
        ),
        preferences=(
            Payoffs({s: a_value(s) for s in feasible}),
            Statements((Statement(parse_formula("b1 and not c or b2 and c")),)),
            Statements((Statement(parse_formula("c")),)),
        ),
        infeasible=infeasible,
    )


def _reach_each_opponent_once(result, start: int, movers: list[int]) -> set[int]:
    """The non-textbook variant: every opponent moves at most once, in any order."""
    out: set[int] = set()
    for size in range(1, len(movers) + 1):
        for order in itertools.permutations(movers, size):
            frontier = {start}
            for j in order:
                frontier = {t for s in frontier for t in result.moves[j][s]}
            out |= frontier
    return out


def test_sanction_needs_an_opponent_to_move_twice() -> None:
    relay = _three_dm_relay()
    result = brute_force(relay)
    s, s1, sanction = relay.decimal("NNNN"), relay.decimal("YNNN"), relay.decimal("YNYY")
    P = result.payoffs["A"]
    assert result.improvements(0, s) == [s1]
    assert s in result.stability["gmr"]["A"]
    assert s in result.stability["seq"]["A"]
    assert s in result.stability["smr"]["A"]
    assert s not in result.stability["nash"]["A"]
    # The sanctioning path really is B, C, B, each an improvement for its mover.
    for improving in (False, True):
        paths = reachable_paths(relay, result, s1, ["B", "C"], improving=improving)
        assert [mover for mover, _ in paths[sanction]] == [1, 2, 1]
        assert [state for _, state in paths[sanction]][-1] == sanction
        assert reachable(relay, result, s1, [1, 2], improving)[sanction] == 3
    assert set(reachable(relay, result, s1, [1, 2])) == {
        relay.decimal(p) for p in ("YYNN", "YYNY", "YNYY", "YYYY")
    }
    # It is the only sanction; letting each opponent move once would miss it.
    once = _reach_each_opponent_once(result, s1, [1, 2])
    assert sanction not in once
    assert all(P[t] > P[s] for t in once)


# --- properties on random models ---------------------------------------------------------------
@given(conflicts())
def test_generated_models_are_valid(conflict: Conflict) -> None:
    result = brute_force(conflict)
    assert result.feasible, "every generated model keeps a feasible state"
    for s in result.feasible:
        for grp in conflict.exclusive:
            assert sum((s >> k) & 1 for k in grp) <= 1
        for grp in conflict.exactly_one:
            assert sum((s >> k) & 1 for k in grp) == 1
    for name in conflict.dm_names:
        ranks = result.payoffs[name]
        assert sorted(ranks) == result.feasible
        assert set(ranks.values()) == set(range(1, max(ranks.values()) + 1))  # dense
    if conflict.status_quo is not None:
        assert conflict.status_quo in result.feasible


@given(conflicts())
def test_concept_inclusions(conflict: Conflict) -> None:
    """Nash ⊆ SMR ⊆ GMR, Nash ⊆ SEQ ⊆ GMR, Nash ⊆ SIM, SEQ&SIM = SEQ ∪ SIM, per DM."""
    result = brute_force(conflict)
    for name in conflict.dm_names:
        stable = {c: set(result.stability[c][name]) for c in CONCEPTS}
        assert stable["nash"] <= stable["smr"] <= stable["gmr"]
        assert stable["nash"] <= stable["seq"] <= stable["gmr"]
        assert stable["nash"] <= stable["sim"]
        assert stable["seqsim"] == stable["seq"] | stable["sim"]
    for c in CONCEPTS:
        expected = set(result.feasible)
        for name in conflict.dm_names:
            expected &= set(result.stability[c][name])
        assert set(result.equilibria[c]) == expected


@given(conflicts(max_dms=2))
def test_two_dms_coalition_reach_is_one_move(conflict: Conflict) -> None:
    """With two DMs, H = {j} and j cannot move twice in a row, so R_H = R_j (and R_H^+ = R_j^+)."""
    result = brute_force(conflict)
    for j in range(2):
        for s in result.feasible:
            assert reachable(conflict, result, s, [j]) == {t: 1 for t in result.moves[j][s]}
            assert reachable(conflict, result, s, [j], improving=True) == {
                t: 1 for t in result.improvements(j, s)
            }


def _reach_by_levels(result, start: int, movers: list[int], improving: bool) -> dict[int, int]:
    """R_H by another route: the set of (state, last mover) pairs after exactly k moves,
    for k = 1, 2, ... until no new pair appears; a state's steps are the first k it shows."""
    level = {(start, None)}
    seen: set[tuple[int, int | None]] = set()
    steps: dict[int, int] = {}
    k = 0
    while level:
        k += 1
        nxt = set()
        for state, last in level:
            for j in movers:
                if j == last:
                    continue
                targets = result.improvements(j, state) if improving else result.moves[j][state]
                nxt |= {(t, j) for t in targets}
        level = nxt - seen
        seen |= nxt
        for state, _ in level:
            steps.setdefault(state, k)
    return steps


@given(conflicts(), st.data())
def test_reachable_matches_level_sets(conflict: Conflict, data) -> None:
    result = brute_force(conflict)
    start = data.draw(st.sampled_from(result.feasible))
    n_dms = len(conflict.decision_makers)
    movers = data.draw(st.lists(st.integers(0, n_dms - 1), min_size=1, unique=True))
    improving = data.draw(st.booleans())
    got = reachable(conflict, result, start, movers, improving)
    assert got == _reach_by_levels(result, start, sorted(movers), improving)
    paths = reachable_paths(conflict, result, start, movers, improving)
    for target, path in paths.items():
        assert path[-1][1] == target
        state, last = start, None
        for mover, nxt in path:  # every step is a legal move, never the same mover twice
            assert mover in movers and mover != last
            assert nxt in result.moves[mover][state]
            if improving:
                assert result.payoffs[conflict.dm_names[mover]][nxt] > result.payoffs[
                    conflict.dm_names[mover]
                ][state]
            state, last = nxt, mover


@given(conflicts())
def test_moves_respect_ownership_direction_and_misperception(conflict: Conflict) -> None:
    result = brute_force(conflict)
    for i, dm in enumerate(conflict.decision_makers):
        own = sum(1 << k for k in dm.options)
        for s in result.feasible:
            for t in result.moves[i][s]:
                assert t in result.feasible and t != s
                assert (s ^ t) & ~own == 0
                for k, opt in enumerate(conflict.options):
                    if opt.direction == "forward":
                        assert (t >> k) & 1 >= (s >> k) & 1
                    if opt.direction == "backward":
                        assert (t >> k) & 1 <= (s >> k) & 1
                assert not misperceived(conflict, i, s)
                assert not misperceived(conflict, i, t)


# --- the seeded generator for benchmarks -------------------------------------------------------
def test_random_conflict_is_reproducible_and_feasible() -> None:
    a = random_conflict(11, 3, [2, 3, 1])
    b = random_conflict(random.Random(11), 3, [2, 3, 1])
    assert a == b
    assert a != random_conflict(12, 3, [2, 3, 1])
    assert [len(dm.options) for dm in a.decision_makers] == [2, 3, 1]
    result = brute_force(a)
    assert a.status_quo == 0 and 0 in result.feasible
    c = random_conflict(np.random.default_rng(5), 4, 2, n_infeasible=6, p_irreversible=0.5)
    assert len(c.infeasible) == 6
    assert 0 in brute_force(c).feasible
