"""Summaries of an analysis: the best stable outcomes, and which are easiest to reach.

A reader of a stability analysis with dozens of equilibria asks which of them matter. détente
answers with two decisions, taken here so that the briefing, the Python API and the web
workbench give the same answer:

- the **best stable outcomes** (:func:`best_stable_outcomes`) are the equilibria under SEQ
  (sequential stability: every unilateral improvement can be met by a credible sanction;
  Fraser & Hipel 1984, Fang, Hipel & Kilgour 1993) that no other SEQ equilibrium beats for
  every decision maker: the Pareto frontier (Pareto 1906) of the equilibria's payoff ranks,
  found by :func:`detente.bargain.pareto.pareto_front`. Ties between equal rank vectors are
  kept. The most robust come first — those that are equilibria under more of the concepts
  computed — then the states the scenario names exactly, then the lowest decimal. Without
  SEQ the last concept computed stands in;
- **easiest to reach first** (:func:`easiest_first`): outcomes the status quo reaches by
  unilateral improvements come first (status quo analysis, Li, Kilgour & Hipel 2005), then
  those reached only with coalitional improvements (Kilgour, Hipel, Fang & Peng 2001), then
  the unreached; within each group fewer steps first, then fewer options changed from
  today (the Hamming distance: the smaller change), then the more robust, then the states
  that have a name (exact or a named class), then the lowest decimal. (This order was once
  called "closest to today", which it is only in moves; ``closest_first`` remains as an
  alias.)

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")
>>> a = detente.analyze(cuban)
>>> a.equilibria["seq"]
['NNYN', 'YNYN', 'NYYN']
>>> best_stable_outcomes(a)  # the others are worse for both than NNYN
['NNYN']
>>> stable_under(a, "NNYN")
['gmr', 'smr', 'seq', 'seqsim']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import numpy as np

from detente.graph.analysis import Analysis
from detente.model.conflict import Conflict

__all__ = ["KEY_CONCEPT", "best_stable_outcomes", "stable_under", "easiest_first",
           "options_changed", "closest_first"]

#: The concept whose equilibria give the best stable outcomes (credible sanctions).
KEY_CONCEPT = "seq"


_Outcome = TypeVar("_Outcome", bound=Mapping[str, Any])

def stable_under(analysis: Analysis, state: str | int, dm: str | None = None) -> list[str]:
    """The concepts (in report order) under which ``state`` is stable for ``dm``, or an
    equilibrium when ``dm`` is None."""
    return [c for c in analysis.concepts if analysis.is_stable(state, c, dm)]


def best_stable_outcomes(analysis: Analysis, limit: int | None = None,
                         concept: str = KEY_CONCEPT) -> list[str]:
    """The Pareto-optimal equilibria under ``concept`` (SEQ by default; the last concept
    computed when it was not), most robust first, then the exactly named states, then in
    decimal order; at most ``limit``.

    Parameters
    ----------
    analysis:
        A stability analysis (:func:`detente.analyze`).
    limit:
        At most this many (default: all).
    concept:
        The concept whose equilibria are considered.

    Returns
    -------
    list of str
        Patterns; empty when the concept has no equilibrium.

    Examples
    --------
    >>> import detente
    >>> pd = detente.analyze(detente.load("prisoners-dilemma"))
    >>> best_stable_outcomes(pd)  # NN is an equilibrium too, but YY beats it for both
    ['YY']
    """
    from detente.bargain.pareto import pareto_front

    key = concept if concept in analysis.concepts else analysis.concepts[-1]
    idx = np.flatnonzero(analysis.equilibrium_mask(key))
    if idx.size == 0:
        return []
    front = idx[pareto_front(analysis.payoffs[:, idx])]
    robust = sum(analysis.equilibrium_mask(c)[front].astype(int) for c in analysis.concepts)
    named = {ns.decimal for ns in analysis.conflict.named_states if ns.decimal is not None}
    unnamed = np.array([int(d) not in named for d in analysis.decimals[front]], dtype=int)
    order = np.lexsort((analysis.decimals[front], unnamed, -robust))
    return [analysis.conflict.pattern(int(analysis.decimals[k])) for k in front[order][:limit]]


def options_changed(conflict: Conflict, state: str | int) -> int:
    """How many options ``state`` sets differently from the status quo (0 without one).

    >>> import detente
    >>> options_changed(detente.load("prisoners-dilemma"), "YY")  # today is NN
    2
    """
    if conflict.status_quo is None:
        return 0
    d = state if isinstance(state, int) else conflict.decimal(state)
    return (int(d) ^ int(conflict.status_quo)).bit_count()


def easiest_first(conflict: Conflict, outcomes: Iterable[_Outcome]) -> list[_Outcome]:
    """Outcomes sorted easiest to reach from today first (see the module docstring).

    Parameters
    ----------
    conflict:
        The model (for the states' decimals).
    outcomes:
        Mappings with ``pattern``, ``equilibrium_under`` (the concepts under which it is an
        equilibrium) and ``path``: None when today does not reach it, else a mapping with
        ``moves`` (``"ui"`` or ``"coalition"``, the kind of search that reached it) and
        ``steps`` (the moves of a shortest path).

    Returns
    -------
    The same mappings, sorted.

    Examples
    --------
    >>> import detente
    >>> cuban = detente.load("cuban-missile-crisis")
    >>> far = {"pattern": "YNYN", "equilibrium_under": ["nash"], "path": None}
    >>> near = {"pattern": "NYYN", "equilibrium_under": ["seq"],
    ...         "path": {"moves": "ui", "steps": [{}, {}]}}
    >>> [o["pattern"] for o in easiest_first(cuban, [far, near])]
    ['NYYN', 'YNYN']
    """
    def key(o: Mapping[str, Any]) -> tuple[Any, ...]:
        path = o["path"]
        return (path is None, path is not None and path["moves"] != "ui",
                len(path["steps"]) if path else 0, options_changed(conflict, o["pattern"]),
                -len(o["equilibrium_under"]), conflict.state_name(o["pattern"]) is None,
                conflict.decimal(o["pattern"]))

    return sorted(outcomes, key=key)


#: The former name of :func:`easiest_first` (it orders by moves, not by distance).
closest_first = easiest_first
