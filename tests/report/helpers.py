"""Shared checks for the briefing tests: one summit and one shared-river briefing per test
session, and
independent checks that a path, a move or a sanction is legal in a conflict model."""

from __future__ import annotations

import functools
from typing import Any

from detente.graph.analysis import Analysis
from detente.model.conflict import Conflict


@functools.cache
def summit_briefing():
    """The briefing of the built-in summit scenario (built once per session)."""
    from detente.report.briefing import build_briefing

    return build_briefing("summit-2021")


@functools.cache
def river_briefing():
    """The briefing of the built-in non-summit scenario (a fictional dam dispute with an
    agenda, random-length dynamics and alternative assumptions), built once per session."""
    from detente.report.briefing import build_briefing

    return build_briefing("shared-river")


def movers(step: dict[str, Any]) -> list[str]:
    m = step["mover"]
    return [m] if isinstance(m, str) else list(m)


def owners(conflict: Conflict, frm: str, to: str) -> set[str]:
    """The decision makers owning the options that differ between two states."""
    names = conflict.dm_names
    return {names[o.owner] for k, o in enumerate(conflict.options) if frm[k] != to[k]}


def irreversibility_respected(conflict: Conflict, frm: str, to: str) -> bool:
    for k, o in enumerate(conflict.options):
        if o.direction == "forward" and frm[k] == "Y" and to[k] == "N":
            return False
        if o.direction == "backward" and frm[k] == "N" and to[k] == "Y":
            return False
    return True


def rank(analysis: Analysis, dm: str, pattern: str) -> int:
    """The DM's payoff rank of a feasible state (raises if the state is infeasible)."""
    return int(analysis.payoffs[analysis.conflict.dm_index(dm), analysis.index(pattern)])


def check_step(analysis: Analysis, step: dict[str, Any], improving: bool) -> None:
    """A move is legal: a feasible source and target, the movers own exactly the options that
    change, no irreversible option goes back, ``changed`` says what changes and, when
    ``improving``, every mover strictly prefers the target to the source."""
    c = analysis.conflict
    frm, to = step["from"], step["to"]
    assert frm != to
    analysis.index(frm)
    analysis.index(to)
    who = movers(step)
    assert owners(c, frm, to) <= set(who), (step, owners(c, frm, to))
    if len(who) == 1:
        assert owners(c, frm, to) == set(who)
    assert irreversibility_respected(c, frm, to), step
    changed = {o.id: to[k] for k, o in enumerate(c.options) if frm[k] != to[k]}
    assert step["changed"] == changed
    if improving:
        for dm in who:
            assert rank(analysis, dm, to) > rank(analysis, dm, frm), (dm, step)


def check_path(analysis: Analysis, start: str, target: str, steps: list[dict[str, Any]],
               improving: bool = True) -> None:
    """A legal path from ``start`` to ``target``: consecutive legal moves, no mover (one DM
    or one coalition) twice in a row."""
    assert steps, "a path to another state has at least one step"
    assert steps[0]["from"] == start and steps[-1]["to"] == target
    for a, b in zip(steps, steps[1:], strict=False):
        assert a["to"] == b["from"]
        assert movers(a) != movers(b)
    for s in steps:
        check_step(analysis, s, improving)
