"""Coalition analysis (detente.graph.coalitions) against a brute force written from the
definitions of Kilgour, Hipel, Fang & Peng (2001) and Inohara & Hipel (2008)."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings

from detente.graph.analysis import analyze
from detente.graph.coalitions import analyze_coalitions, parse_coalitions
from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking
from detente.model.errors import ModelError
from tests.graph.bruteforce import reachable
from tests.graph.strategies import conflicts, random_conflict
from tests.graph.test_paths import cuban, oracle


def brute_coalition_stability(conflict: Conflict, coalition: tuple[int, ...]):
    """{concept: set of stable decimals} for one coalition, state by state."""
    bf = oracle(conflict)
    n = len(conflict.decision_makers)
    others = [j for j in range(n) if j not in coalition]
    P = bf.rank
    out = {"cnash": set(), "cgmr": set(), "cseq": set()}
    ci_of = {}
    for s in bf.feasible:
        reach = reachable(conflict, bf, s, coalition, improving=False)
        ci = [t for t in reach if all(P[h][t] > P[h][s] for h in coalition)]
        ci_of[s] = sorted(ci)

        def answered(s1: int, improving: bool, s: int = s) -> bool:
            return any(any(P[h][s2] <= P[h][s] for h in coalition)
                       for s2 in reachable(conflict, bf, s1, others, improving))

        if not ci:
            out["cnash"].add(s)
        if all(answered(s1, False) for s1 in ci):
            out["cgmr"].add(s)
        if all(answered(s1, True) for s1 in ci):
            out["cseq"].add(s)
    return out, ci_of


def _compare(conflict: Conflict, spec="all") -> None:
    got = analyze_coalitions(conflict, spec)
    pat = conflict.pattern
    for c in got.coalitions:
        want, ci_of = brute_coalition_stability(conflict, c)
        for concept in ("cnash", "cgmr", "cseq"):
            have = got.decimals[got.stable[concept][c]].tolist()
            assert have == sorted(want[concept]), f"{concept} for {got.name(c)}"
        for s, ci in ci_of.items():
            assert got.improvements(pat(s), c) == [pat(t) for t in ci]
    for concept in ("cnash", "cgmr", "cseq"):
        expected = set(got.decimals.tolist())
        for c in got.coalitions:
            expected &= set(got.decimals[got.stable[concept][c]].tolist())
        assert got.equilibria[concept] == [pat(d) for d in sorted(expected)]


@settings(max_examples=40)
@given(conflicts(max_dms=3, max_options=6))
def test_coalition_concepts_match_bruteforce(conflict: Conflict) -> None:
    _compare(conflict)


@settings(max_examples=15)
@given(conflicts(max_dms=4, max_options=6))
def test_partition_matches_bruteforce(conflict: Conflict) -> None:
    names = conflict.dm_names
    spec = "+".join(names[:2]) + ("," + "+".join(names[2:]) if len(names) > 2 else "")
    _compare(conflict, spec)


def test_seeded_models_match_bruteforce() -> None:
    for seed in range(4):
        rng = random.Random(100 + seed)
        n = 2 + seed % 2
        _compare(random_conflict(rng, n, [2] * n))


@settings(max_examples=40)
@given(conflicts(max_dms=4, max_options=7))
def test_single_dms_are_the_noncooperative_concepts(conflict: Conflict) -> None:
    """A coalition of one: coalitional improvements are unilateral improvements, so CNash,
    CGMR and CSEQ for {i} are Nash, GMR and SEQ for i; with every coalition considered the
    coalition equilibria are among the non-cooperative ones."""
    a = analyze(conflict, "nash,gmr,seq")
    ca = analyze_coalitions(conflict, "all")
    for i in range(len(conflict.decision_makers)):
        for coop, plain in (("cnash", "nash"), ("cgmr", "gmr"), ("cseq", "seq")):
            assert (ca.stable[coop][(i,)] == a.stable[plain][i]).all()
    for coop, plain in (("cnash", "nash"), ("cgmr", "gmr"), ("cseq", "seq")):
        assert set(ca.equilibria[coop]) <= set(a.equilibria[plain])
    # CNash ⊆ CSEQ ⊆ CGMR for every coalition
    for c in ca.coalitions:
        assert not (ca.stable["cnash"][c] & ~ca.stable["cseq"][c]).any()
        assert not (ca.stable["cseq"][c] & ~ca.stable["cgmr"][c]).any()


def prisoners_dilemma() -> Conflict:
    return Conflict(
        options=(Option("a_coop", owner=0), Option("b_coop", owner=1)),
        decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        preferences=(Ranking((("NY",), ("YY",), ("NN",), ("YN",))),
                     Ranking((("YN",), ("YY",), ("NN",), ("NY",)))),
    )


def test_prisoners_dilemma_by_hand() -> None:
    """Both prefer mutual cooperation YY to mutual defection NN, so the grand coalition
    breaks the Nash equilibrium NN; YY has no joint improvement and each DM's defection from
    it is sanctioned (GMR, SEQ), so YY is the coalition GMR and SEQ equilibrium. Nothing is
    coalition Nash: from YY each DM defects, from NN the two cooperate."""
    pd = prisoners_dilemma()
    ca = analyze_coalitions(pd, "all")
    assert ca.equilibria == {"cnash": [], "cgmr": ["YY"], "cseq": ["YY"]}
    assert ca.improvements("NN", ["A", "B"]) == ["YY"]
    assert ca.improvements("YY", ["A", "B"]) == []
    eq = analyze(pd).equilibria
    assert ca.broken_by(eq) == {"A+B": ["NN"]}
    d = ca.to_dict(eq)
    assert d["coalitions"] == ["A", "B", "A+B"]
    assert d["coalition_stability"]["cnash"]["A+B"] == ["YN", "NY", "YY"]
    assert d["broken_by"] == {"A+B": ["NN"]}


def test_cuban_missile_crisis_grand_coalition() -> None:
    """NNNN is the USSR's best state, so no joint move leaves the status quo; from NYNN
    (blockade) both prefer NNYN (withdrawal, blockade lifted); NNYN is the US's best state, so
    no joint move leaves it either."""
    c = cuban()
    ca = analyze_coalitions(c, "US+USSR")
    assert ca.coalitions == [(0, 1)]
    assert ca.improvements("NNNN", (0, 1)) == []
    assert "NNYN" in ca.improvements("NYNN", (0, 1))
    assert ca.improvements("NNYN", (0, 1)) == []
    assert "NNYN" in ca.equilibria["cnash"]


def test_three_dm_partition_leaves_others_alone() -> None:
    c = random_conflict(random.Random(5), 3, [2, 2, 1])
    assert parse_coalitions(c, "A+C") == [(0, 2), (1,)]
    assert parse_coalitions(c, [["B"], ["A", "C"]]) == [(1,), (0, 2)]
    assert parse_coalitions(c, "all") == [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]
    got = analyze_coalitions(c, "A+C")
    assert got.coalitions == [(0, 2), (1,)]


def test_parse_errors() -> None:
    pd = prisoners_dilemma()
    with pytest.raises(ModelError, match="Did you mean 'B'"):
        parse_coalitions(pd, "A+b")
    with pytest.raises(ModelError, match="two coalitions"):
        parse_coalitions(pd, "A+B,A")
    with pytest.raises(ModelError, match="no coalition"):
        parse_coalitions(pd, " , ")
    with pytest.raises(ModelError, match="out of range"):
        parse_coalitions(pd, [[0, 5]])
    ca = analyze_coalitions(pd, "A+B")
    with pytest.raises(ModelError, match="not analysed"):
        ca.improvements("NN", ["A"])
    with pytest.raises(ModelError, match="not feasible|not a state"):
        ca.improvements("NNN", ["A", "B"])


def test_grand_coalition_needs_pareto_optimality_within_reach() -> None:
    """With every DM in the coalition nobody can answer, so CGMR for N is "no coalitional
    improvement": the same as CNash for N."""
    c = random_conflict(random.Random(9), 3, [1, 2, 1])
    ca = analyze_coalitions(c, "all")
    n = (0, 1, 2)
    assert np.array_equal(ca.stable["cgmr"][n], ca.stable["cnash"][n])
    assert np.array_equal(ca.stable["cseq"][n], ca.stable["cnash"][n])


def test_all_coalitions_enumerated() -> None:
    c = random_conflict(random.Random(2), 4, 1)
    got = parse_coalitions(c, "all")
    assert len(got) == 2**4 - 1
    assert got == [t for k in range(1, 5) for t in combinations(range(4), k)]


@settings(max_examples=30)
@given(conflicts(max_dms=3, max_options=7))
def test_component_scan_agrees_with_the_search(conflict: Conflict) -> None:
    """For coalitions whose members move freely, R_H(s) ∪ {s} is s's connected component;
    the component scan and the per-state search must give the same verdicts."""
    from detente.graph import coalitions as module

    fast = analyze_coalitions(conflict, "all")
    original = module.CoalitionalMoves.complete_blocks
    try:
        module.CoalitionalMoves.complete_blocks = lambda self, c: False
        slow = analyze_coalitions(conflict, "all")
    finally:
        module.CoalitionalMoves.complete_blocks = original
    for k in ("cnash", "cgmr", "cseq"):
        for c in fast.coalitions:
            assert (fast.stable[k][c] == slow.stable[k][c]).all()


def test_work_limit_refuses_with_advice() -> None:
    c = random_conflict(random.Random(3), 3, [2, 2, 2])
    with pytest.raises(ModelError, match="partition"):
        analyze_coalitions(c, "all", max_work=10)


def test_seeded_models_match_bruteforce_member_by_member(monkeypatch) -> None:
    """The outsiders' answers are computed for every member at once on small models and one
    member at a time on large ones (to bound memory); the second path must agree too."""
    from detente.graph import coalitions as module

    monkeypatch.setattr(module, "_STACK_ELEMENTS", 0)
    for seed in range(3):
        rng = random.Random(300 + seed)
        n = 3 + seed % 2
        _compare(random_conflict(rng, n, [2, 1, 2, 1][:n]))


def _single_option_dms(n: int) -> Conflict:
    from detente.model.conflict import Statement, Statements
    from detente.model.formula import Not, Var

    options = tuple(Option(f"o{i}", owner=i) for i in range(n))
    dms = tuple(DecisionMaker(f"D{i}", (i,)) for i in range(n))
    prefs = tuple(Statements((Statement(Var(f"o{(i + 1) % n}")), Statement(Not(Var(f"o{i}")))))
                  for i in range(n))
    return Conflict(options=options, decision_makers=dms, preferences=prefs)


def test_work_estimate_counts_the_component_scans_of_free_dms() -> None:
    """n DMs with one free option each: a coalition of k DMs scans, from each of the 2^n
    states, the 2^k states of its component, judging each for its k members; summed over
    every coalition, 2^n · Σ_k C(n,k) 2^k k = 2^n · 2n · 3^(n−1) (the search's exact count)."""
    from detente.graph.coalitions import coalition_work
    from detente.graph.space import StateSpace

    for n in (2, 3, 5, 12):
        c = _single_option_dms(n)
        space = StateSpace(c)
        work = coalition_work(space, parse_coalitions(c, "all"))
        assert work["search"] == 2**n * 2 * n * 3 ** (n - 1)
        # a partition scans far less: two blocks of n/2 DMs
        half = "+".join(f"D{i}" for i in range(n // 2))
        part = coalition_work(space, parse_coalitions(c, half))
        assert part["search"] < work["search"] / 2 ** (n // 2 - 1)


@settings(max_examples=25)
@given(conflicts(max_dms=4, max_options=7))
def test_work_estimate_bounds_the_scans(conflict: Conflict) -> None:
    """The estimate is computed from the shape alone (so a refusal comes at once); for
    coalitions whose members move freely it must not be below the exact scans (the sum of
    the squared component sizes, once per member)."""
    from detente.graph.coalitions import coalition_work
    from detente.graph.moves import MoveSystem
    from detente.graph.preferences import payoff_ranks
    from detente.graph.space import StateSpace

    space = StateSpace(conflict)
    ci = MoveSystem(space, payoff_ranks(space)).coalitional
    for c in parse_coalitions(conflict, "all"):
        if ci.complete_blocks(c):
            assert coalition_work(space, [c])["search"] >= ci.work(c) * len(c)


def test_twelve_single_option_dms_are_refused_before_any_search(monkeypatch) -> None:
    """Issue 11: --coalitions all on 12 DMs x 1 option (4,096 states, 4,095 coalitions) ran
    for minutes; it is refused at once with the estimate and what to do, and a partition of
    the same model is analysed."""
    from detente.graph import coalitions as module

    c = _single_option_dms(12)

    def no_search(*args, **kwargs):
        raise AssertionError("the search started before the work check")

    with monkeypatch.context() as m:
        m.setattr(module, "reach_min", no_search)
        m.setattr(module.CoalitionalMoves, "stability_flags", no_search)
        with pytest.raises(ModelError) as info:
            analyze_coalitions(c, "all")
    msg = str(info.value)
    assert info.value.field == "--coalitions"
    for part in ("above the limit", "4,096 states", "4,095 coalitions", "'A+B,C'",
                 "--max-work", " s on a 2-core machine"):
        assert part in msg
    # the same model with a partition is well within the limit
    ca = analyze_coalitions(c, "D0+D1+D2,D3+D4")
    assert len(ca.coalitions) == 9
    # an explicit limit refuses a small model, and a raised limit lets a big one through
    with pytest.raises(ModelError, match="--max-work"):
        analyze_coalitions(prisoners_dilemma(), "all", max_work=1)
    assert module.check_coalition_work(c, parse_coalitions(c, "all"),
                                       module.StateSpace(c), max_work=1e12) > 1e9


def test_small_models_run_serially_and_the_thread_count_comes_back() -> None:
    """Small state tensors run the compiled reductions on one thread (thread start-up cost
    several times the work); the caller's Numba thread count is restored, also on error."""
    import numba

    before = numba.get_num_threads()
    analyze_coalitions(prisoners_dilemma(), "all")
    assert numba.get_num_threads() == before
    with pytest.raises(ModelError):
        analyze_coalitions(prisoners_dilemma(), "A+b")
    assert numba.get_num_threads() == before


def test_coalition_listing_memory_is_estimated_and_refused_before_the_search() -> None:
    """The result lists, per coalition and concept, up to every feasible state: on 11 DMs
    about 800 MB. A --max-memory that holds the state space but not that listing is refused
    at once (ModelTooLargeError, exit 2), naming the coalitions and the advice."""
    from detente.graph.analysis import analyze
    from detente.graph.coalitions import coalition_memory, parse_coalitions
    from detente.graph.space import StateSpace, estimate_memory
    from detente.model.errors import ModelTooLargeError
    from detente.model.loader import load_conflict

    c = load_conflict("cuban-missile-crisis")
    space = StateSpace(c)
    need = coalition_memory(space, parse_coalitions(c, "all"))
    assert need > estimate_memory(space.size, space.n_dms)
    with pytest.raises(ModelTooLargeError, match=r"coalition analysis \(3 coalitions"):
        analyze(c, coalitions="all", max_memory=need - 1)
    assert analyze(c, coalitions="all", max_memory=need).coalition_analysis is not None
