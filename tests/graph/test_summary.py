"""Summaries of an analysis (detente.graph.summary): the best stable outcomes against plain
loops over the equilibria, and the order easiest to reach from today."""

from __future__ import annotations

from hypothesis import given, settings

import detente
from detente.graph.analysis import analyze
from detente.graph.summary import (
    best_stable_outcomes,
    closest_first,
    easiest_first,
    options_changed,
    stable_under,
)
from tests.graph.strategies import conflicts


def _beats(a: list[int], b: list[int]) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


@settings(max_examples=60, deadline=None)
@given(conflicts(max_dms=3, max_options=6))
def test_best_stable_outcomes_are_the_undominated_seq_equilibria(conflict) -> None:
    a = analyze(conflict, "all")
    ranks = {p: [int(x) for x in a.payoffs[:, a.index(p)]] for p in a.patterns()}
    seq = a.equilibria["seq"]
    best = best_stable_outcomes(a)
    want = {p for p in seq if not any(_beats(ranks[q], ranks[p]) for q in seq)}
    assert set(best) == want and len(best) == len(want)
    robust = [len(stable_under(a, p)) for p in best]
    keys = [(-r, conflict.decimal(p)) for r, p in zip(robust, best, strict=True)]
    assert keys == sorted(keys), "most robust first, then by decimal"
    assert best_stable_outcomes(a, limit=1) == best[:1]
    for p in best:
        assert "seq" in stable_under(a, p)
        assert stable_under(a, p) == [c for c in a.concepts if p in a.equilibria[c]]


def test_without_seq_the_last_concept_stands_in() -> None:
    pd = detente.load("prisoners-dilemma")
    a = analyze(pd, "nash,gmr")
    assert best_stable_outcomes(a) == ["YY"]  # GMR: NN and YY; YY beats NN for both
    assert best_stable_outcomes(analyze(pd, "nash")) == ["NN"]
    assert best_stable_outcomes(a, concept="nash") == ["NN"]


def test_stable_under_one_decision_maker() -> None:
    chicken = detente.load("chicken")
    a = analyze(chicken)
    assert stable_under(a, "NN") == ["gmr", "smr", "sim", "seqsim"]
    assert stable_under(a, "NN", "Driver A") == ["gmr", "smr", "sim", "seqsim"]
    assert stable_under(a, "YY", "Driver A") == stable_under(a, "YY", "Driver B")


def test_easiest_first() -> None:
    pd = detente.load("prisoners-dilemma")

    def out(p: str, concepts: int, moves: str | None, steps: int = 0) -> dict:
        path = None if moves is None else {"moves": moves, "steps": [{}] * steps}
        return {"pattern": p, "equilibrium_under": ["x"] * concepts, "path": path}

    items = [out("YY", 5, None), out("NY", 1, "coalition", 1), out("NN", 1, "ui", 3),
             out("YN", 1, "ui", 2), out("NN", 4, "ui", 3), out("YN", 3, None)]
    got = [(o["pattern"], len(o["equilibrium_under"])) for o in easiest_first(pd, items)]
    # by unilateral improvements first, fewer steps first, more robust first; then joint
    # moves; then the unreached: YN (one option changed from today's NN) before YY (two),
    # though YY is the more robust
    assert got == [("YN", 1), ("NN", 4), ("NN", 1), ("NY", 1), ("YN", 3), ("YY", 5)]
    assert closest_first is easiest_first  # the former name


def test_fewer_options_changed_first_at_equal_reach() -> None:
    """At equal reach and steps, the smaller change from today comes first, whatever the
    robustness; options_changed is the Hamming distance to the status quo."""
    pd = detente.load("prisoners-dilemma")  # status quo NN
    assert [options_changed(pd, p) for p in ("NN", "YN", "NY", "YY")] == [0, 1, 1, 2]
    assert options_changed(pd, pd.decimal("YY")) == 2

    def out(p: str, concepts: int) -> dict:
        return {"pattern": p, "equilibrium_under": ["x"] * concepts,
                "path": {"moves": "coalition", "steps": [{}]}}

    got = [o["pattern"] for o in easiest_first(pd, [out("YY", 6), out("NY", 1), out("YN", 2)])]
    assert got == ["YN", "NY", "YY"]


def test_named_states_break_ties() -> None:
    """Among equally robust best outcomes the states the scenario names come first (exact
    names only); in the order easiest to reach, named states (exact or a named class) come
    before the unnamed at equal reach and robustness."""
    import dataclasses

    from detente.model.formula import Var
    from detente.model.named_states import NamedState

    chicken = detente.load("chicken")
    a = analyze(chicken)
    assert best_stable_outcomes(a) == ["YN", "NY"]  # equally robust: by decimal
    named = dataclasses.replace(chicken, named_states=(
        NamedState(name="b-wins", decimal=chicken.decimal("NY")),))
    assert best_stable_outcomes(analyze(named)) == ["NY", "YN"]
    classes = dataclasses.replace(chicken, named_states=(
        NamedState(name="b-straight", formula=Var(chicken.option_ids[1])),))
    assert best_stable_outcomes(analyze(classes)) == ["YN", "NY"]  # a class does not count

    def out(p: str) -> dict:
        return {"pattern": p, "equilibrium_under": ["seq"],
                "path": {"moves": "ui", "steps": [{}]}}

    items = [out("YN"), out("NY")]
    assert [o["pattern"] for o in easiest_first(chicken, items)] == ["YN", "NY"]
    assert [o["pattern"] for o in easiest_first(named, items)] == ["NY", "YN"]
    assert [o["pattern"] for o in easiest_first(classes, items)] == ["NY", "YN"]
