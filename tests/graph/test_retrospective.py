"""The retrospective check: predictions (equilibria reachable from the status quo) and which
observations they contain, against the brute-force oracle and hand-worked cases."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from detente.graph.retrospective import retrospective
from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking
from detente.model.errors import ModelError
from detente.model.formula import parse_formula
from detente.model.named_states import Observation
from tests.graph.bruteforce import brute_force, holds, reachable
from tests.graph.strategies import conflicts, formulas


def _pd(a: list[str], b: list[str], status_quo: int = 3, observations=()) -> Conflict:
    return Conflict(
        options=(Option("a", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        preferences=(Ranking(tuple((s,) for s in a)), Ranking(tuple((s,) for s in b))),
        status_quo=status_quo, observations=tuple(observations))


SELFISH = (["NY", "YY", "NN", "YN"], ["YN", "YY", "NN", "NY"])
TRUSTING = (["YY", "NY", "NN", "YN"], ["YY", "YN", "NN", "NY"])
OBS = (Observation(date="2020-05", label="both defect", decimal=0),
       Observation(date="2021", label="someone cooperates", formula=parse_formula("a or b")),
       Observation(date="2022", label="B alone defects", decimal=1))


def test_hand_worked_prisoners_dilemma() -> None:
    """From mutual cooperation (YY): selfish prisoners improve by defecting and end in NN,
    the only Nash equilibrium; trusting ones have no improvement and stay at YY. YY is also
    a SEQ equilibrium of the selfish (each defection is answered by the other's), and the
    status quo counts as reached in zero steps."""
    r = retrospective({"selfish": _pd(*SELFISH, observations=OBS), "trusting": _pd(*TRUSTING)},
                      concepts="nash,seq")
    assert r.predictions["selfish"] == {"nash": ["NN"], "seq": ["NN", "YY"]}
    assert r.predictions["trusting"] == {"nash": ["YY"], "seq": ["YY"]}
    assert r.containing(0, "nash") == ["selfish"]
    assert r.containing(1, "nash") == ["trusting"]
    assert r.containing(1, "seq") == ["selfish", "trusting"]  # YY is a SEQ equilibrium
    assert r.matches[1]["selfish"]["seq"] == ["YY"]
    assert r.containing(2, "seq") == []
    data = r.to_dict(lambda d: ["NN", "YN", "NY", "YY"][d])
    assert [o["label"] for o in data["observations"]] == ["both defect", "someone cooperates",
                                                           "B alone defects"]
    assert data["observations"][0]["pattern"] == "NN"
    assert data["observations"][0]["contained"]["selfish"]["nash"] == ["NN"]


def test_other_moves() -> None:
    """With any moves (not only improvements) trusting prisoners can also reach NN, which
    is a Nash equilibrium of theirs too (neither gains by cooperating alone)."""
    r = retrospective({"trusting": _pd(*TRUSTING, observations=OBS)}, concepts="nash",
                      moves="any")
    assert r.predictions["trusting"]["nash"] == ["NN", "YY"]
    assert r.containing(0, "nash") == ["trusting"]


def test_versions_must_share_their_options_and_have_a_status_quo() -> None:
    other = Conflict(
        options=(Option("x", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        preferences=(Ranking(tuple((s,) for s in SELFISH[0])),
                     Ranking(tuple((s,) for s in SELFISH[1]))), status_quo=3)
    with pytest.raises(ModelError, match="other options"):
        retrospective({"a": _pd(*SELFISH), "b": other})
    with pytest.raises(ModelError, match="no status quo"):
        retrospective({"a": _pd(*SELFISH, status_quo=None)})
    with pytest.raises(ModelError, match="no model"):
        retrospective({})


@given(conflicts(max_options=6), st.data())
def test_agrees_with_brute_force(conflict, data) -> None:
    """Predictions are the oracle's equilibria reachable from the status quo by unilateral
    improvements (or the status quo itself when it is one), and an observation is contained
    exactly when one of them satisfies it."""
    assume(conflict.status_quo is not None)
    ids = conflict.option_ids
    b = brute_force(conflict)
    sq = conflict.status_quo
    if sq not in b.feasible:
        return
    obs = (Observation(date="2020", label="f", formula=data.draw(formulas(ids))),
           Observation(date="2021", label="s", decimal=data.draw(st.sampled_from(b.feasible))))
    c = dataclasses.replace(conflict, observations=obs)
    r = retrospective({"m": c}, concepts="nash,gmr,smr,seq")
    reach = set(reachable(c, b, sq, range(len(c.decision_makers)), improving=True)) | {sq}
    for concept in ("nash", "gmr", "smr", "seq"):
        predicted = sorted(set(b.equilibria[concept]) & reach)
        assert r.predictions["m"][concept] == b.patterns(predicted)
        assert r.contained(0, "m", concept) == any(holds(obs[0].formula, s, ids)
                                                    for s in predicted)
        assert r.contained(1, "m", concept) == (obs[1].decimal in predicted)
