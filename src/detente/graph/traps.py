"""Traps: stable outcomes every side regrets and none can undo.

Definition. Given a reference state r (by default the status quo) and a solution concept
C (by default Nash), a state s is a **trap** when

1. s is an equilibrium under C: no decision maker would leave it (under Nash stability, no
   decision maker has a unilateral improvement from it at all);
2. s is *locked in* away from r: one of s's irreversible options is at the value it can
   never leave and r has it at the other value, so no sequence of moves, by anyone, leads
   from s back to r (Fang, Hipel & Kilgour 1993, ch. 3 on irreversible moves;
   :mod:`detente.graph.lockin`);
3. every decision maker strictly prefers r to s.

It is the graph-model reading of a *social trap* (Platt 1973; Cross & Guyer 1980): moves
each side can take, or answer, end in an outcome all of them like less than where they
started, and which none of them can leave. A war begun by an irreversible intervention
that every side ranks below the pre-war stand-off is the typical case. Whether a trap can
be reached from today is a separate question, answered by a status quo search
(:mod:`detente.graph.paths`).

Vectorised over the feasible states: the equilibrium mask, the lock masks and the payoff
comparison are array operations; nothing is N×N.

References
----------
Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
Model for Conflict Resolution*. Wiley.

Platt, J. (1973). Social traps. *American Psychologist* 28(8): 641–651.

Cross, J. G. and Guyer, M. J. (1980). *Social Traps*. University of Michigan Press.

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")     # the US air strike is irreversible
>>> a = detente.analyze(cuban)
>>> [t.to_dict() for t in traps(a)]  # no locked-in equilibrium is worse for both than today
[]
>>> summit = detente.analyze(detente.load("summit-2021"))
>>> [summit.conflict.state_display(t.state) for t in traps(summit)][:1]
['invasion (NNYNNNYNY)']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.graph.analysis import Analysis
from detente.graph.lockin import lock_masks, locked_options

__all__ = ["Trap", "traps"]


@dataclass(frozen=True)
class Trap:
    """A trap: ``state`` (pattern), ``locked`` (its irreversible options at their final
    values, as :func:`detente.graph.lockin.locked_options`), ``closes`` (the locked options
    on which the reference state differs: why the way back is shut) and ``concept``."""

    state: str
    locked: dict[str, str]
    closes: list[str]
    concept: str

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "locked": dict(self.locked), "closes": list(self.closes),
                "concept": self.concept}


def traps(analysis: Analysis, concept: str = "nash",
          reference: str | int | None = None) -> list[Trap]:
    """The traps of an analysed model (see the module docstring), in decimal order.

    Parameters
    ----------
    analysis:
        A stability analysis that computed ``concept``.
    concept:
        The solution concept whose equilibria are candidates (default Nash).
    reference:
        The state every side would rather be in (pattern or decimal); default the status
        quo. Without either there are no traps to report: an empty list.

    Returns
    -------
    list of Trap

    Raises
    ------
    ValueError
        When ``concept`` was not computed, or ``reference`` is not a feasible state.
    """
    conflict = analysis.conflict
    if concept not in analysis.concepts:
        raise ValueError(f"the analysis did not compute {concept!r} "
                         f"(it has {', '.join(analysis.concepts)})")
    if reference is None:
        if conflict.status_quo is None:
            return []
        reference = int(conflict.status_quo)
    r = reference if isinstance(reference, int) else conflict.decimal(reference)
    r_idx = analysis.index(r)  # raises for an infeasible state
    fwd, bwd = lock_masks(conflict)
    d = analysis.decimals.astype(np.int64)
    locks = (d & fwd) | (~d & bwd)
    shut = (locks & (d ^ np.int64(r))) != 0
    worse = np.all(analysis.payoffs < analysis.payoffs[:, [r_idx]], axis=0)
    hits = np.flatnonzero(analysis.equilibrium_mask(concept) & shut & worse)
    out = []
    for k in hits[np.argsort(d[hits], kind="stable")]:
        dec = int(d[k])
        locked = locked_options(conflict, dec)
        closes = [o.id for i, o in enumerate(conflict.options)
                  if o.id in locked and ((dec ^ r) >> i) & 1]
        out.append(Trap(conflict.pattern(dec), locked, closes, concept))
    return out
