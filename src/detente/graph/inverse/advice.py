"""What it would take: the smallest changes for the outcomes a mediator would aim at.

For a briefing, two kinds of target deserve the inverse question of
:mod:`detente.graph.inverse.minimal` (Kinsara, Kilgour & Hipel 2015):

- **best stable outcomes not reachable from today** — SEQ equilibria that no other SEQ
  equilibrium beats for everyone (the briefing's key states) but that no path of
  improvements reaches from the status quo: which preferences would have to change for the
  parties to get there by moves they each want to make;
- **best outcomes that are not stable** — Pareto-optimal states (no other state at least as
  good for every decision maker and better for one; the frontier of the payoff ranks,
  :func:`detente.bargain.pareto.pareto_front`) that are not SEQ equilibria, the most even
  first (highest least share of a decision maker's best rank): what it would take for them
  to hold, and be reachable from today when there is a status quo.

Each answer is the fewest preference changes within a small budget (two by default), found
exactly by :func:`~detente.graph.inverse.minimal.minimal_changes`; a target for which the
search would not finish is reported with the reason instead.

>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> [a.target for a in what_it_would_take(pd, detente.analyze(pd))]
['YN', 'NY']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.graph.analysis import Analysis
from detente.graph.inverse.minimal import MinimalResult, minimal_changes
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = ["Advice", "what_it_would_take", "MAX_ADVICE_STATES"]

#: Largest model (feasible states) a briefing asks the inverse question of.
MAX_ADVICE_STATES = 5_000


@dataclass(frozen=True)
class Advice:
    """The inverse answer for one target: ``why`` it is asked (``"not reachable"`` or
    ``"not stable"``), the result, or a ``note`` saying why there is none."""

    target: str
    why: str
    result: MinimalResult | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "why": self.why,
                "result": None if self.result is None else self.result.to_dict(),
                "note": self.note}


def _even_order(analysis: Analysis, idx: np.ndarray) -> np.ndarray:
    top = analysis.payoffs.max(axis=1, keepdims=True).astype(float)
    share = (analysis.payoffs[:, idx] / top).min(axis=0)
    return idx[np.lexsort((analysis.decimals[idx], -share))]


def what_it_would_take(conflict: Conflict, analysis: Analysis,
                       unreachable: Sequence[str] = (), *, limit: int = 3,
                       max_changes: int = 2, concept: str = "seq") -> tuple[Advice, ...]:
    """The fewest preference changes for up to ``limit`` targets: the best stable outcomes
    in ``unreachable`` first, then the most even Pareto-optimal states that are not
    ``concept`` equilibria (see the module docstring)."""
    from detente.bargain.pareto import pareto_front

    if analysis.n_states > MAX_ADVICE_STATES or concept not in analysis.concepts:
        return ()
    reach = conflict.status_quo is not None
    targets = [(p, "not reachable") for p in unreachable][:limit]
    stable = analysis.equilibrium_mask(concept)
    idx = np.arange(analysis.n_states)
    front = idx[pareto_front(analysis.payoffs)]
    for k in _even_order(analysis, front[~stable[front]]):
        if len(targets) >= limit:
            break
        targets.append((conflict.pattern(int(analysis.decimals[k])), "not stable"))
    out = []
    for pattern, why in targets:
        try:
            r = minimal_changes(conflict, pattern, concept, reachable=reach, top=1,
                                max_changes=max_changes)
        except ModelError as exc:
            out.append(Advice(pattern, why, None, exc.message))
            continue
        out.append(Advice(pattern, why, r))
    return tuple(out)
