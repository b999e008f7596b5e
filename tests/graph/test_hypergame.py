"""Hypergames: the engine against the brute-force oracle, properties, and hand-worked cases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings

from detente.graph.analysis import CONCEPTS, analyze
from detente.graph.hypergame import hypergame
from detente.model.conflict import Conflict, Perception, Ranking
from detente.model.errors import ModelError
from detente.model.loader import load_conflict
from tests.graph.bruteforce_hypergame import brute_hypergame
from tests.graph.strategies import conflicts, hypergames


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return _write


def _pats(c: Conflict, decs: list[int]) -> tuple[str, ...]:
    return tuple(c.pattern(d) for d in decs)


@settings(max_examples=40)
@given(hypergames())
def test_hypergame_matches_bruteforce(conflict: Conflict) -> None:
    want = brute_hypergame(conflict)
    got = hypergame(conflict, concepts="all")
    assert got.concepts == CONCEPTS
    for c in CONCEPTS:
        assert got.actual[c] == _pats(conflict, want["actual"][c]), c
        assert got.hyper_equilibria[c] == _pats(conflict, want["hyper"][c]), c
        for dm in conflict.dm_names:
            assert got.perceived[dm][c] == _pats(conflict, want["perceived"][dm][c]), (dm, c)
            assert got.stable_in_own_game[dm][c] == _pats(
                conflict, want["stable_in_own_game"][dm][c]), (dm, c)
    expected = [(c, conflict.pattern(s), i, j, conflict.pattern(t))
                for c, s, i, j, t in want["surprises"]]
    assert [(s.concept, s.state, s.believed_by, s.mover, s.to) for s in got.surprises] \
        == expected
    assert set(got.second_level) == set(want["second_level"])
    for dm, per_c in want["second_level"].items():
        for c in CONCEPTS:
            assert got.second_level[dm][c] == _pats(conflict, per_c[c]), (dm, c)


@settings(max_examples=20)
@given(conflicts(max_dms=4, max_options=8))
def test_without_perceptions_every_game_is_the_true_game(conflict: Conflict) -> None:
    got = hypergame(conflict, concepts="all")
    eq = analyze(conflict, concepts="all").equilibria
    for c in CONCEPTS:
        assert got.actual[c] == tuple(eq[c])
        assert got.hyper_equilibria[c] == tuple(eq[c])
        for dm in conflict.dm_names:
            assert got.perceived[dm][c] == tuple(eq[c])
    assert got.surprises == () and not got.has_perceptions


@settings(max_examples=30)
@given(hypergames())
def test_hypergame_properties(conflict: Conflict) -> None:
    """A hyper-equilibrium is stable for each DM in its own game; a DM that misperceives
    nobody sees the true game and expects no surprise; an aware-of-all DM expects the
    hyper-equilibria."""
    got = hypergame(conflict, concepts="nash,seq,gmr")
    names = conflict.dm_names
    for c in got.concepts:
        for s in got.hyper_equilibria[c]:
            assert all(s in got.stable_in_own_game[dm][c] for dm in names)
        for dm in names:
            assert set(got.perceived[dm][c]) <= set(got.stable_in_own_game[dm][c])
    for dm in names:
        if not got.beliefs[dm]:
            assert got.perceived[dm] == got.actual
            assert not any(s.believed_by == dm for s in got.surprises)
        if len(got.aware_of[dm]) == len(names) - 1:
            assert got.second_level[dm] == got.hyper_equilibria
    for s in got.surprises:
        assert s.state in got.perceived[s.believed_by][s.concept]
        assert s.mover in got.beliefs[s.believed_by]


# -- hand-worked -------------------------------------------------------------------------------
CHICKEN_READ = """
title: Chicken, misread
decision_makers:
  - name: A
    options: [{id: a}]
    preferences: {ranking: [YN, NN, NY, YY]}
  - name: B
    options: [{id: b}]
    preferences: {ranking: [NY, NN, YN, YY]}
assumptions:
  - name: b-swerves
    preferences:
      B: {ranking: [NN, NY, YN, YY]}
perceptions:
  A:
    description: A thinks B would rather swerve whatever A does.
    assumption: b-swerves
status_quo: NN
"""


def test_chicken_misread_by_hand(write) -> None:
    """Chicken (patterns a b; A: YN > NN > NY > YY; B: NY > NN > YN > YY). A believes B
    ranks NN > NY > YN > YY: that B would rather both swerve.

    In A's game: at NN A improves to YN, and the imagined B has no improvement (NY is worse
    than NN for it); at YN nobody improves; at NY the imagined B improves to NN; at YY A
    improves to NY. Nash: {YN}. GMR: NN (A's move to YN is answered by B's YY), YN, and NY
    (the imagined B's move to NN is answered by A's YN, which it likes less than NY). SEQ:
    YN and NY (A's YN is a credible answer, an improvement for A; at NN the imagined B has no
    improvement from YN to answer A with). The true B improves NN → NY, which A does not
    expect at NN, an equilibrium of A's game under GMR only: one surprise."""
    c = load_conflict(str(write("c.yaml", CHICKEN_READ)))
    h = hypergame(c, concepts="nash,gmr,seq")
    assert h.actual == {"nash": ("YN", "NY"), "gmr": ("NN", "YN", "NY"), "seq": ("YN", "NY")}
    assert h.perceived["A"] == {"nash": ("YN",), "gmr": ("NN", "YN", "NY"),
                                "seq": ("YN", "NY")}
    assert h.perceived["B"] == h.actual
    assert h.stable_in_own_game["A"]["nash"] == ("YN", "NY")
    assert h.hyper_equilibria == {"nash": ("YN", "NY"), "gmr": ("NN", "YN", "NY"),
                                  "seq": ("YN", "NY")}
    assert [s.to_dict() for s in h.surprises] == [
        {"state": "NN", "believed_by": "A", "mover": "B", "to": "NY", "concept": "gmr"}]
    assert h.beliefs == {"A": ("B",), "B": ()}


def test_prisoners_dilemma_with_a_conditional_cooperator() -> None:
    """Prisoner's Dilemma (patterns p1 p2, cooperation = Y; P1: NY > YY > NN > YN, P2:
    YN > YY > NN > NY). P1 believes P2 is a conditional cooperator: YY > NN > YN > NY.

    In P1's game: Nash {NN} (at YY P1 still defects to NY; at NY the imagined P2 defects to
    NN). SEQ {NN, YY}: P1's defection from YY is answered by the imagined P2's defection
    (NY → NN, an improvement for it), and the imagined P2 has no improvement at YY. States
    stable for P1 in its own game under SEQ: NN, NY (P1's best), YY. At YY, which P1 expects
    to hold under SEQ, the true P2 defects to YN, an improvement P1 did not expect."""
    pd = load_conflict("prisoners-dilemma")
    conditional = Ranking((("YY",), ("NN",), ("YN",), ("NY",)))
    c = dataclasses.replace(pd, perceptions=(Perception(0, ((1, conditional),)),))
    h = hypergame(c, concepts="nash,seq")
    assert h.actual == {"nash": ("NN",), "seq": ("NN", "YY")}
    assert h.perceived["Prisoner 1"] == {"nash": ("NN",), "seq": ("NN", "YY")}
    assert h.stable_in_own_game["Prisoner 1"]["seq"] == ("NN", "NY", "YY")
    assert h.stable_in_own_game["Prisoner 2"]["seq"] == ("NN", "YN", "YY")
    assert h.hyper_equilibria == {"nash": ("NN",), "seq": ("NN", "YY")}
    assert [(s.concept, s.state, s.believed_by, s.mover, s.to) for s in h.surprises] == [
        ("seq", "YY", "Prisoner 1", "Prisoner 2", "YN")]


def test_perception_errors_are_located(write) -> None:
    text = CHICKEN_READ.replace("B: {ranking: [NN, NY, YN, YY]}", "B: {ranking: [NN, NY]}")
    c = load_conflict(str(write("c.yaml", text)))
    with pytest.raises(ModelError) as info:
        hypergame(c, concepts="nash")
    err = info.value
    assert err.field == "assumptions[0].preferences.B.ranking"
    assert "B's preferences as A sees them" in err.message
    assert "leave out 2 feasible state(s)" in err.message
    assert err.line == text.splitlines().index("      B: {ranking: [NN, NY]}") + 1


def test_mutual_deterrence_by_misperception() -> None:
    """Chicken (A: YN > NN > NY > YY; B: NY > NN > YN > YY) where each believes the other
    would rather crash than yield: A reads B as YY > NY > NN > YN, B reads A as
    YY > YN > NN > NY.

    In A's game, A's move NN → YN is answered by the imagined B's YY (an improvement for it,
    the worst for A), so NN is SEQ stable for A in its own game; symmetrically for B. NN is a
    hyper-equilibrium under SEQ though not an SEQ equilibrium of the true game ({YN, NY}).
    YY stays unstable (A moves to NY; the imagined B has nothing better than NY). In A's game
    only NY is an equilibrium, Nash and SEQ: at NN both improve, at YN the imagined B would
    crash (YY), at YY A swerves, and at NY A would only crash and the imagined B only
    swerve."""
    chicken = load_conflict("chicken")
    crash_b = Ranking((("YY",), ("NY",), ("NN",), ("YN",)))
    crash_a = Ranking((("YY",), ("YN",), ("NN",), ("NY",)))
    c = dataclasses.replace(chicken, perceptions=(
        Perception(0, ((1, crash_b),)), Perception(1, ((0, crash_a),), aware_of=(0,))))
    h = hypergame(c, concepts="nash,seq")
    assert h.actual["seq"] == ("YN", "NY")
    assert h.hyper_equilibria["seq"] == ("NN", "YN", "NY")
    assert h.stable_in_own_game["Driver A"]["seq"] == ("NN", "YN", "NY")
    assert h.perceived["Driver A"] == {"nash": ("NY",), "seq": ("NY",)}
    assert h.perceived["Driver B"] == {"nash": ("YN",), "seq": ("YN",)}
    # B knows A's game: with two DMs it then expects the hyper-equilibria
    assert h.second_level == {"Driver B": h.hyper_equilibria}
    assert h.surprises == ()
    assert h.to_dict()["hyper_equilibria"] == {"nash": ["YN", "NY"], "seq": ["NN", "YN", "NY"]}


@settings(max_examples=20)
@given(hypergames())
def test_surprises_listed_up_to_a_limit_and_all_counted(conflict: Conflict) -> None:
    full = hypergame(conflict, concepts="nash,gmr,seq", max_surprises=None)
    for limit in (0, 1, 3):
        cut = hypergame(conflict, concepts="nash,gmr,seq", max_surprises=limit)
        assert cut.surprises == full.surprises[:limit]
        assert cut.surprise_counts == full.surprise_counts
    assert full.surprises_total == len(full.surprises)
    assert full.surprise_counts == {c: sum(s.concept == c for s in full.surprises)
                                    for c in full.concepts}


def test_max_memory_bounds_the_whole_hypergame_not_each_game() -> None:
    """--max-memory is the hypergame's budget: the true game's working memory plus what each
    distinct perceived game keeps. A limit that fits one analysis but not the kept results
    of three games is refused (before the perceived games are analysed) naming the
    hypergame; the same model with room runs and gives the unbounded answer."""
    from pathlib import Path

    from detente.graph.hypergame import _kept_bytes
    from detente.graph.space import estimate_memory
    from detente.model.errors import ModelTooLargeError

    c = load_conflict(str(Path(__file__).parents[1] / "data" / "hypergame"
                          / "chicken-misread.yaml"))
    truth = analyze(c.actual_game())
    one = estimate_memory(truth.space.size, len(c.dm_names))
    kept = _kept_bytes(truth)
    with pytest.raises(ModelTooLargeError, match=r"the hypergame \(3 distinct games"):
        hypergame(c, max_memory=one + kept)  # fits the true game, not the two others kept
    roomy = hypergame(c, max_memory=one + 3 * kept).to_dict()
    assert roomy == hypergame(c).to_dict()
