"""Credible sanctions: symmetric sequential stability (SSEQ), sequential stability with
credible sanctions (FSEQ), self-defeating sanctions — hand-worked cases and properties of the
brute-force oracle (the engine is compared with it in test_engine_vs_bruteforce)."""

from __future__ import annotations

from hypothesis import given, settings

from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking, Statement, Statements
from detente.model.formula import parse_formula
from tests.graph.bruteforce import answers, brute_force, credible, lock, out_of_reach
from tests.graph.strategies import conflicts


def _statements(*texts: str) -> Statements:
    return Statements(tuple(Statement(parse_formula(t), text=t) for t in texts))


def threat_that_backfires() -> Conflict:
    """A summit in miniature. Options r (Russia resumes its support for the separatists),
    w (Russia intervenes; forward only), a (the US admits Ukraine; forward only); patterns
    r w a. Russia: not a, then (w iff a), then r. United States: not w, then not r, then
    (a if r)."""
    return Conflict(
        title="threat that backfires",
        options=(Option("r", owner=0), Option("w", direction="forward", owner=0),
                 Option("a", direction="forward", owner=1)),
        decision_makers=(DecisionMaker("Russia", (0, 1)), DecisionMaker("United States", (2,))),
        preferences=(_statements("not a", "w iff a", "r"),
                     _statements("not w", "not r", "a if r")),
    )


def test_threat_that_backfires_by_hand() -> None:
    """At NNN Russia's only improvement is to resume its support (YNN). The US answers by
    admitting Ukraine (YNY: an improvement for it, since it wants a if r), which Russia likes
    less than NNN: NNN is SEQ-stable for Russia. But from YNY Russia intervenes (YYY, an
    improvement for Russia once Ukraine is in), and the US ranks the war below YNN, where it
    stood before admitting (so is NYY, intervening and dropping r): the threat is
    self-defeating, so NNN is not FSEQ-stable for
    Russia. Russia cannot escape the admission to anything it likes as much as NNN (every
    state with a is worse for it), so NNN stays SSEQ-stable."""
    c = threat_that_backfires()
    r = brute_force(c)
    nnn, ynn, yny, nyy, yyy = (c.decimal(p) for p in ("NNN", "YNN", "YNY", "NYY", "YYY"))
    assert r.improvements(0, nnn) == [ynn]
    assert r.improvements(1, ynn) == [yny]
    assert answers(r, 1, ynn, yny) == [(0, nyy), (0, yyy)]  # intervene, with or without r
    assert not credible(r, 1, ynn, yny)
    stable = {con: nnn in r.stability[con]["Russia"] for con in ("seq", "sseq", "fseq", "smr")}
    assert stable == {"seq": True, "sseq": True, "fseq": False, "smr": True}
    assert nnn in r.equilibria["seq"] and nnn not in r.equilibria["fseq"]
    # the war state is locked in: both irreversible options taken, every other state lost
    assert lock(c, yyy) == [1, 2]
    assert out_of_reach(c, r.feasible, yyy) == [s for s in r.feasible if s & 0b110 != 0b110]


def credible_but_escapable() -> Conflict:
    """i controls x; j controls y1, y2, at most one taken (patterns x y1 y2).
    i: YNN > NYN > NNN > {YYN, YNY, NNY}; j: YYN > NYN > YNN > NNN > YNY > NNY."""
    return Conflict(
        title="credible but escapable",
        options=(Option("x", owner=0), Option("y1", owner=1), Option("y2", owner=1)),
        decision_makers=(DecisionMaker("i", (0,)), DecisionMaker("j", (1, 2))),
        exclusive=((1, 2),),
        preferences=(Ranking((("YNN",), ("NYN",), ("NNN",), ("YYN", "YNY", "NNY"))),
                     Ranking((("YYN",), ("NYN",), ("YNN",), ("NNN",), ("YNY",), ("NNY",)))),
    )


def test_sseq_needs_one_sanction_both_credible_and_inescapable() -> None:
    """At NNN, i's improvement YNN is answered credibly by j's YYN (an improvement for j),
    from which i escapes to NYN, which it prefers to NNN; and by j's YNY (not an improvement
    for j), from which i's only move, NNY, is no better than NNN. So NNN is SEQ- and
    SMR-stable for i but not SSEQ-stable: no single sanction is credible and inescapable.
    j's YYN is not self-defeating (i's escape NYN is still better for j than YNN), so NNN is
    FSEQ-stable for i."""
    c = credible_but_escapable()
    r = brute_force(c)
    nnn = c.decimal("NNN")
    got = {con: nnn in r.stability[con]["i"] for con in ("seq", "smr", "sseq", "fseq")}
    assert got == {"seq": True, "smr": True, "sseq": False, "fseq": True}


@settings(max_examples=60)
@given(conflicts())
def test_oracle_inclusions(conflict: Conflict) -> None:
    """Nash ⊆ FSEQ ⊆ SEQ and Nash ⊆ SSEQ ⊆ SEQ ∩ SMR, per decision maker; every credible
    move is an improvement nobody can answer below where its mover stood."""
    r = brute_force(conflict)
    for name in conflict.dm_names:
        st = {c: set(v[name]) for c, v in r.stability.items()}
        assert st["nash"] <= st["fseq"] <= st["seq"]
        assert st["nash"] <= st["sseq"] <= st["seq"] & st["smr"]
    for j in range(len(conflict.decision_makers)):
        for x in r.feasible:
            for y in r.credible(j, x):
                assert r.rank[j][y] > r.rank[j][x]
                for k in range(len(conflict.decision_makers)):
                    assert all(r.rank[j][z] >= r.rank[j][x] for z in r.improvements(k, y))


# -- the engine on the same cases --------------------------------------------------------------
def test_engine_on_the_threat_that_backfires(capsys) -> None:
    from detente.graph.analysis import analyze
    from detente.graph.explain import explain

    c = threat_that_backfires()
    a = analyze(c, concepts="seq,sseq,fseq")
    assert a.is_stable("NNN", "seq", "Russia") and a.is_stable("NNN", "sseq", "Russia")
    assert not a.is_stable("NNN", "fseq", "Russia")
    assert "NNN" in a.equilibria["seq"] and "NNN" not in a.equilibria["fseq"]
    d = a.to_dict("stability")
    assert "NNN" in d["self_defeating"]["seq"]["Russia"]
    assert d["self_defeating"]["seq"]["United States"] == []
    e = explain(c, "NNN", dms="Russia", concepts="seq,fseq")
    seq = e.to_dict()["witnesses"][0]["improvements"][0]
    assert seq["sanction"][0]["to"] == "YNY" and seq["credible"] is False
    assert seq["self_defeating"] == [{"sanctioner": "United States", "from": "YNN",
                                      "to": "YNY", "answered_by": "Russia",
                                      "answer": "YYY"}]
    assert seq["credible_sanction_exists"] is False
    assert seq["sanction_locks"] == {"a": "Y"}
    fseq = e.witness("Russia", "fseq")
    assert not fseq.stable and not fseq.improvements[0].sanctioned
    from detente.report.explain_text import explanation_text

    text = " ".join(explanation_text(e).split())
    assert ("This threat is self-defeating: after United States moves to YNY, Russia can "
            'take "w" (to YYY), which United States likes less than YNN, where '
            "it stood before its move. No credible sanction exists: the verdict rests on "
            "threats like this one.") in text
    assert "under FSEQ: its only improvement cannot be sanctioned credibly" in text


def test_engine_sseq_needs_one_sanction_credible_and_inescapable() -> None:
    from detente.graph.analysis import analyze

    a = analyze(credible_but_escapable(), concepts="seq,smr,sseq,fseq")
    assert [a.is_stable("NNN", con, "i") for con in ("seq", "smr", "sseq", "fseq")] == [
        True, True, False, True]


def test_summit_four_of_five_best_outcomes_rest_on_self_defeating_threats() -> None:
    """The issue's claim on the summit model as it was written (the frozen copy kept for the
    benchmarks): of the five best stable outcomes (Pareto-optimal SEQ equilibria), four are
    not FSEQ equilibria, and each of them rests on a US admission of Ukraine that Russia
    answers with an intervention."""
    from pathlib import Path

    import detente
    from detente.graph.explain import explain
    from detente.report.briefing import _key_states

    frozen = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "summit-2021-frozen.yaml"
    c = detente.load(str(frozen))
    a = detente.analyze(c, concepts="seq,fseq")
    keys = _key_states(a)
    assert len(keys) == 5
    lost = [p for p in keys if p not in a.equilibria["fseq"]]
    assert len(lost) == 4
    for p in lost:
        e = explain(c, p, concepts="seq", analysis=a)
        flagged = [d for w in e.to_dict()["witnesses"] for imp in w["improvements"]
                   for d in imp["self_defeating"] if not imp["credible_sanction_exists"]]
        assert any(d["sanctioner"] == "United States" and d["answered_by"] == "Russia"
                   and d["to"][1] == "Y" and d["answer"][5] == "Y"  # admit, then intervene
                   for d in flagged)


def test_profile_analyses_take_the_six_concepts(capsys) -> None:
    """Sensitivity (and combinations, uncertainty) profile the six concepts: 'all' means
    those, and SSEQ or FSEQ named is a clear error (it was an internal error)."""
    import pytest

    from detente.graph.profiles import profile_concepts
    from detente.graph.sensitivity import sensitivity
    from detente.model.errors import ModelError
    from tests.cli.helpers import run

    assert profile_concepts("all") == ["nash", "gmr", "smr", "seq", "sim", "seqsim"]
    assert profile_concepts(["seq", "nash"]) == ["nash", "seq"]
    assert profile_concepts(None) is None
    from detente.model.loader import load_conflict

    pd = load_conflict("prisoners-dilemma")
    assert sensitivity(pd, "all", max_memory=1 << 30).concepts == tuple(profile_concepts("all"))
    with pytest.raises(ModelError, match="fseq cannot be analysed") as err:
        sensitivity(pd, "nash,fseq", max_memory=1 << 30)
    assert err.value.field == "--concepts"
    code, _, errout = run(["sensitivity", "prisoners-dilemma", "--concepts", "sseq"], capsys)
    assert code == 2 and "sseq cannot be analysed" in errout


@settings(max_examples=40)
@given(conflicts())
def test_credible_reductions_by_the_kernel_match_the_numpy_path_and_a_loop(conflict) -> None:
    """The compiled reduction over credible moves (one kernel pass over each row's targets
    and sources merged by key) gives what the class-pair NumPy path gives, and both give a
    plain loop over each state's credible moves (the system's ``moves_from``), for the min
    and the max of random values."""
    import numpy as np

    from detente.graph.credible import CredibleMoves, CredibleMoveSystem
    from detente.graph.moves import MoveSystem
    from detente.graph.preferences import payoff_ranks
    from detente.graph.space import StateSpace

    space = StateSpace(conflict, max_memory=1 << 30)
    system = MoveSystem(space, payoff_ranks(space))
    cm = CredibleMoves(system)
    moves = CredibleMoveSystem(system, cm)
    rng = np.random.default_rng(len(system.flat_decimal))
    values = rng.integers(0, 50, size=space.shape).astype(np.int32)
    flat_values = values.reshape(-1)
    for j, block in enumerate(cm.blocks):
        for op in ("min", "max"):
            numpy_path = block.reduce(values, op, improving=True)
            if not block.single:
                block._compiled = lambda: True  # type: ignore[method-assign]
                kernel = block.reduce(values, op, improving=True)
                del block._compiled
                assert np.array_equal(kernel, numpy_path), (j, op)
            flat = numpy_path.reshape(-1)
            for x in np.flatnonzero(system.feasible.reshape(-1)).tolist():
                targets = moves.moves_from(j, x, improving=True)
                want = (None if targets.size == 0 else
                        int(flat_values[targets].min() if op == "min"
                            else flat_values[targets].max()))
                got = int(flat[x])
                if want is None:
                    assert got in (np.iinfo(np.int32).max, np.iinfo(np.int32).min)
                else:
                    assert got == want, (j, op, x)
