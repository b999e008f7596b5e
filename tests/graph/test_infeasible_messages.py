"""An infeasible state asked of an engine (a pattern given to an analysis, a coalition
analysis, the limited-move analysis, the moves, sensitivity or inverse analysis) is refused
with the rule that excludes it and that rule's line in the file, as the command line's
--from/--to/explain checks say it (issue 11: these said a bare "state … is not feasible")."""

from __future__ import annotations

import pytest

import detente
from detente.graph.analysis import analyze
from detente.graph.coalitions import analyze_coalitions
from detente.graph.limited_move import limited_move
from detente.graph.moves import MoveSystem
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from detente.model.errors import ModelError

#: Elmira's NNNNN takes none of delay, accept, abandon: exactly one must be taken.
RULE = "exactly_one[0], line 86"


def _elmira_cases():
    elmira = detente.load("elmira")
    state = "NNNNN"
    d = elmira.decimal(state)
    space = StateSpace(elmira)
    yield "Analysis.is_stable", lambda: analyze(elmira, "nash").is_stable(state, "nash")
    yield "CoalitionAnalysis.improvements", lambda: analyze_coalitions(
        elmira, "all").improvements(state, (0, 1))
    yield "MoveSystem.flat", lambda: MoveSystem(space, payoff_ranks(space)).flat(d)


@pytest.mark.parametrize("name, call", list(_elmira_cases()),
                         ids=[n for n, _ in _elmira_cases()])
def test_engines_name_the_rule_that_excludes_a_state(name, call) -> None:
    with pytest.raises(ModelError) as info:
        call()
    msg = info.value.message
    assert "NNNNN is not feasible" in msg and RULE in msg, (name, msg)


def test_limited_move_inverse_and_sensitivity_name_the_rule() -> None:
    from detente.graph.inverse.local import UnilateralMoves
    from detente.graph.sensitivity import reachability_flips

    cuban = detente.load("cuban-missile-crisis")
    rule = "'withdraw and escalate' (infeasible[0], line 72)"
    with pytest.raises(ModelError) as info:
        limited_move(cuban, 2).anticipate("NNYY", 0)
    assert "NNYY is not feasible" in info.value.message and rule in info.value.message
    with pytest.raises(ModelError) as info:
        UnilateralMoves(StateSpace(cuban)).position(cuban.decimal("YNYY"))
    assert "YNYY is not feasible" in info.value.message and rule in info.value.message
    with pytest.raises(ModelError) as info:
        reachability_flips(cuban, ["NYYY"])
    assert "target NYYY is not feasible" in info.value.message
    assert rule in info.value.message
