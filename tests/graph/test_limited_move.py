"""Limited-move and non-myopic stability (detente.graph.limited_move) against a direct
recursive implementation of the definition (Kilgour 1985; Fang, Hipel & Kilgour 1993, ch. 5)
and hand-worked 2×2 games."""

from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.analysis import analyze
from detente.graph.limited_move import limited_move, split_concepts
from detente.model.errors import ModelError
from tests.graph.bruteforce import brute_force
from tests.graph.strategies import conflicts, random_conflict
from tests.graph.test_bruteforce import _three_dm_relay, _two_by_two
from tests.graph.test_paths import cuban


def recursive_lh(conflict, oracle):
    """G(h, s, i) by the recursion, with détente's documented tie-breaking: among equally
    good moves, the outcome the other DM likes least, then the lowest decimal outcome, then
    the lowest decimal move."""
    P = oracle.rank

    @cache
    def G(h: int, s: int, i: int) -> int:  # noqa: N802 - the literature's name
        if h == 0:
            return s
        j = 1 - i
        best = None
        for s1 in oracle.moves[i][s]:
            g = G(h - 1, s1, j)
            if P[i][g] > P[i][s]:
                key = (-P[i][g], P[j][g], g, s1)
                if best is None or key < best[0]:
                    best = (key, g)
        return s if best is None else best[1]

    return G


@settings(max_examples=60)
@given(conflicts(max_dms=2, max_options=6), st.integers(1, 6))
def test_lh_matches_the_recursive_definition(conflict, h) -> None:
    oracle = brute_force(conflict)
    G = recursive_lh(conflict, oracle)
    lm = limited_move(conflict, horizon=h)
    for k in range(1, h + 1):
        for i, name in enumerate(conflict.dm_names):
            want = [s for s in oracle.feasible if G(k, s, i) == s]
            have = lm.decimals[lm.stable_by_horizon[k][i]].tolist()
            assert have == want, f"L_{k} for {name}"
    for s in oracle.feasible[:6]:
        for i in range(2):
            a = lm.anticipate(s, i)
            assert a.stable == (G(h, s, i) == s)
            if not a.stable:
                assert a.outcome == G(h, s, i)
            # the sequence is a chain of legal moves, alternating from i
            state = s
            for k, step in enumerate(a.sequence):
                assert step.mover == ((i + k) % 2,)
                assert step.source == state and step.target in oracle.moves[(i + k) % 2][state]
                state = step.target
            assert state == a.outcome
            assert len(a.sequence) <= h


@settings(max_examples=40)
@given(conflicts(max_dms=2, max_options=5))
def test_l1_is_nash_and_nm_is_the_limit(conflict) -> None:
    oracle = brute_force(conflict)
    lm = limited_move(conflict, horizon=1, nm=True)
    nash = analyze(conflict, "nash").stable["nash"]
    assert (lm.stable_by_horizon[1] == nash).all()
    first, period = lm.cycle
    G = recursive_lh(conflict, oracle)
    # NM: stable at every horizon of the cycle, and the cycle really repeats
    for i in range(2):
        for k, s in enumerate(lm.decimals.tolist()):
            at = [G(h, s, i) == s for h in range(first, first + 2 * period)]
            assert bool(lm.nm[i, k]) == all(at)
            assert at[:period] == at[period:]


def test_prisoners_dilemma_by_hand() -> None:
    """L_1 = Nash = {NN}. With two moves in view, leaving YY is pointless: the other replies
    by defecting too (NN, worse than YY), so YY joins NN; and so on for longer horizons."""
    pd = _two_by_two("pd", ["NY", "YY", "NN", "YN"], ["YN", "YY", "NN", "NY"])
    lm = limited_move(pd, horizon=3, nm=True)
    assert lm.by_horizon == {1: ["NN"], 2: ["NN", "YY"], 3: ["NN", "YY"]}
    assert lm.equilibria == {"lh": ["NN", "YY"], "nm": ["NN", "YY"]}
    a = lm.anticipate("YY", "A", 2)
    assert a.stable and [pd.pattern(s.target) for s in a.sequence] == ["NY", "NN"]


def test_chicken_by_hand() -> None:
    """L_1 = Nash = {YN, NY}. With two moves in view nothing is stable: from YN the swerving
    driver B drives straight (YY) expecting A to swerve (NY, B's best), and from NN each
    driver goes straight expecting the other to give way."""
    chicken = _two_by_two("chicken", ["YN", "NN", "NY", "YY"], ["NY", "NN", "YN", "YY"])
    lm = limited_move(chicken, horizon=2)
    assert lm.by_horizon == {1: ["YN", "NY"], 2: []}
    a = lm.anticipate("YN", "B", 2)
    assert not a.stable
    assert [(s.mover, chicken.pattern(s.target)) for s in a.sequence] == [((1,), "YY"),
                                                                         ((0,), "NY")]


def test_cuban_missile_crisis() -> None:
    c = cuban()
    lm = limited_move(c, horizon=2, nm=True)
    assert lm.by_horizon[1] == ["YNYN"]  # Nash
    assert set(lm.equilibria["nm"]) <= {p for p in lm.by_horizon[2]} | {"NNYN", "YNYN"}
    d = lm.to_dict(["NNNN"])
    assert d["horizon"] == 2 and set(d["anticipated"]["NNNN"]) == {"US", "USSR"}
    assert d["nm_cycle"]["period"] >= 1


def test_ties_are_broken_against_the_other_dm() -> None:
    """A is indifferent between its two moves' outcomes; B likes one less: A is assumed to
    pick that one, so B (one level up) counts on the worse of the two."""
    from detente.model.conflict import Conflict, DecisionMaker, Option, Payoffs

    c = Conflict(
        options=(Option("a1", owner=0), Option("a2", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0, 1)), DecisionMaker("B", (2,))),
        exclusive=((0, 1),),
        preferences=(
            Payoffs({"NNN": 0, "YNN": 5, "NYN": 5, "NNY": 1, "YNY": 0, "NYY": 0}),
            Payoffs({"NNN": 3, "YNN": 4, "NYN": 1, "NNY": 2, "YNY": 0, "NYY": 0}),
        ),
    )
    lm = limited_move(c, horizon=2)
    # From NNY (A at 1) A moves to YNY or NYY? both 0 < 1: no. From NNN, A: YNN or NYN (5).
    a = lm.anticipate("NNN", "A", 1)
    assert c.pattern(a.outcome) == "NYN"  # equally good for A; worse for B
    # B at NNY, two moves in view: moving to NNN leads (A then moving) to NYN, which B
    # likes less than NNY, so B stays; optimistic tie-breaking would predict YNN and a move.
    assert lm.anticipate("NNY", "B", 2).stable


def test_three_dms_are_refused() -> None:
    with pytest.raises(ModelError, match="two decision makers"):
        limited_move(_three_dm_relay(), horizon=2)
    with pytest.raises(ModelError, match="horizon must be 1 or more"):
        limited_move(cuban(), horizon=0)
    with pytest.raises(ModelError, match="lh"):
        limited_move(cuban())


def test_split_concepts() -> None:
    assert split_concepts("nash,LH, nm") == (["nash"], ["lh", "nm"])
    assert split_concepts("lh") == ([], ["lh"])
    with pytest.raises(ModelError, match="unknown concept"):
        split_concepts("lh,gmx")
    with pytest.raises(ModelError, match="no concept"):
        split_concepts(" , ")


def test_seeded_two_dm_models() -> None:
    for seed in range(5):
        c = random_conflict(random.Random(seed), 2, [2, 3])
        oracle = brute_force(c)
        G = recursive_lh(c, oracle)
        lm = limited_move(c, horizon=5, nm=True)
        for i in range(2):
            want = [s for s in oracle.feasible if G(5, s, i) == s]
            assert lm.decimals[lm.stable_by_horizon[5][i]].tolist() == want
