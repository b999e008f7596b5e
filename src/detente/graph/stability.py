"""Stability of every state for every decision maker: Nash, GMR, SMR, SEQ, SSEQ, FSEQ.

Definitions (Fang, Hipel & Kilgour 1993, *Interactive Decision Making: The Graph Model for
Conflict Resolution*, ch. 3–4; matrix forms in Xu, Hipel & Kilgour 2009, IEEE SMC-A 39(1)).
For DM i, H = N − {i}, P_i its payoff; a *sanction* of an improvement is a state s2 with
P_i(s2) ≤ P_i(s):

- **Nash (R)**: i has no unilateral improvement (UI) from s.
- **GMR** (general metarationality): every UI s1 can be sanctioned from some
  s2 ∈ R_H(s1), the states the opponents reach by legal sequences of unilateral moves.
- **SMR** (symmetric metarationality): as GMR, with a sanction s2 from which i has no move
  to a state it prefers to s (it cannot escape).
- **SEQ** (sequential stability): as GMR with s2 ∈ R_H^+(s1): sanctions made only of the
  opponents' own unilateral improvements (credible).
- **SSEQ** (symmetric sequential stability; Rêgo & Vieira 2017, "Symmetric sequential
  stability in the graph model for conflict resolution with multiple decision makers",
  *Group Decision and Negotiation* 26(4): 775–792): as SEQ, with a sanction s2 from which i
  has no move to a state it prefers to s: one sanction both credible and inescapable.
  Whether i's escape must itself be an improvement makes no difference: an escape to a state
  above P_i(s) ≥ P_i(s2) is always one.
- **FSEQ** (sequential stability with foresighted sanctioners): as SEQ, every move of the
  sanction credible in the sense of :mod:`detente.graph.credible` (no one can answer it at
  once with an improvement that leaves its mover below where it moved from).

A legal sequence lets any opponent move any number of times, never twice in a row
(A, B, A is legal). Every concept has the shape: let m(s1) be the least value over the
sanctions the opponents can reach from s1 and q(s1) = min(P_i(s1), m(s1)); then s is
unstable iff some s1 ∈ R_i(s) has q(s1) > P_i(s). With two DMs m is one reduction over the
opponent's block; with more, m is the fixpoint of a relaxation over (state, last mover):
f_j(s) = min over s' ∈ R_j(s) of min(w(s'), min_{k ∈ H, k ≠ j} f_k(s')), iterated until it
stops changing (it only decreases, so it terminates).

Examples
--------
>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> sorted(detente.analyze(pd, concepts=["nash", "gmr"]).equilibria["gmr"])
['NN', 'YY']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from detente.graph.blocks import MAX_SENTINEL, MIN_SENTINEL, BlockMoves
from detente.graph.moves import MoveSystem
from detente.graph.space import StateSpace

__all__ = ["StabilityEngine", "reach_min"]


def reach_min(moves: Sequence[BlockMoves], group: Sequence[int], w: np.ndarray,
              improving: bool) -> tuple[np.ndarray, int]:
    """min of ``w`` over the states the DMs of ``group`` reach from each state by legal
    sequences of their unilateral moves (unilateral improvements when ``improving``), and
    the relaxation passes it took; :data:`~detente.graph.moves.MIN_SENTINEL` where they reach
    nothing (or ``group`` is empty). ``moves[j]`` reduces over DM j's moves.

    One DM: a single reduction. Several: the relaxation over (state, last mover) above,
    f_j = min over R_j of min(w, min_{k != j} f_k), until nothing changes."""
    G = list(group)
    if not G:
        return np.full(w.shape, MIN_SENTINEL, dtype=np.int32), 0
    if len(G) == 1:
        return moves[G[0]].reduce(w, "min", improving), 1
    f = {j: np.full(w.shape, MIN_SENTINEL, dtype=np.int32) for j in G}
    # f_j is recomputed only when some f_k it reads has changed since f_j was last computed
    # (the pass that merely confirms a fixpoint costs nothing for the DMs it cannot change)
    version = {j: 0 for j in G}
    seen: dict[int, tuple[int, ...] | None] = {j: None for j in G}
    passes = 0
    changed = True
    while changed:
        changed = False
        passes += 1
        for j in G:
            inputs = tuple(version[k] for k in G if k != j)
            if seen[j] == inputs:
                continue
            seen[j] = inputs
            g = w
            for k in G:
                if k != j:
                    g = np.minimum(g, f[k])
            new = moves[j].reduce(g, "min", improving)
            if not np.array_equal(new, f[j]):
                f[j] = new
                version[j] += 1
                changed = True
    out = f[G[0]]
    for j in G[1:]:
        out = np.minimum(out, f[j])
    return out, passes


class StabilityEngine:
    """Computes per-DM stability arrays over the state tensor (True = stable).

    Parameters
    ----------
    space, payoffs:
        The state space and every DM's rank array, shape ``(n_dms, *space.shape)``.
    tick:
        Called with a short description after each step.
    system:
        The :class:`~detente.graph.moves.MoveSystem` of ``space`` under ``payoffs``, to share
        its block reductions (built when not given).
    """

    def __init__(
        self,
        space: StateSpace,
        payoffs: np.ndarray,
        tick: Callable[[str], None] | None = None,
        *,
        system: MoveSystem | None = None,
    ) -> None:
        self.space = space
        self.P = payoffs
        self.system = system if system is not None else MoveSystem(space, payoffs)
        self.moves = [self.system.block(j) for j in range(space.n_dms)]
        self._best: dict[int, np.ndarray] = {}
        self._credible: Any = None
        self.tick = tick or (lambda _msg: None)
        #: Relaxation passes used per (concept, DM), for the performance notes.
        self.passes: dict[tuple[str, int], int] = {}

    # -- building blocks -------------------------------------------------------------------
    def best_move(self, i: int) -> np.ndarray:
        """max P_i over R_i(s) (the state itself may count), per state."""
        if i not in self._best:
            self._best[i] = self.moves[i].reduce(self.P[i], "max")
        return self._best[i]

    def opponents_min(self, i: int, w: np.ndarray, improving: bool, tag: str = "") -> np.ndarray:
        """min of ``w`` over the states the opponents of i reach from each state by legal
        sequences (each move an improvement for its mover when ``improving``)."""
        H = [j for j in range(self.space.n_dms) if j != i]
        out, self.passes[(tag, i)] = reach_min(self.moves, H, w, improving)
        return out

    def smr_weight(self, i: int) -> np.ndarray:
        """What a sanction is worth to i under SMR: the best of P_i there and of every state
        i can escape to from there (P_i where i cannot move)."""
        best = self.best_move(i)
        return np.where(best == MAX_SENTINEL, self.P[i],
                        np.maximum(best, self.P[i])).astype(np.int32)

    def _unstable_given(self, i: int, m: np.ndarray) -> np.ndarray:
        q = np.minimum(self.P[i], m)
        return self.moves[i].reduce(q, "max") > self.P[i]

    # -- concepts ------------------------------------------------------------------------
    def nash(self, i: int) -> np.ndarray:
        return self.space.feasible & ~(self.best_move(i) > self.P[i])

    def gmr(self, i: int) -> np.ndarray:
        m = self.opponents_min(i, self.P[i], improving=False, tag="gmr")
        return self.space.feasible & ~self._unstable_given(i, m)

    def smr(self, i: int) -> np.ndarray:
        m = self.opponents_min(i, self.smr_weight(i), improving=False, tag="smr")
        return self.space.feasible & ~self._unstable_given(i, m)

    def seq(self, i: int) -> np.ndarray:
        m = self.opponents_min(i, self.P[i], improving=True, tag="seq")
        return self.space.feasible & ~self._unstable_given(i, m)

    def sseq(self, i: int) -> np.ndarray:
        m = self.opponents_min(i, self.smr_weight(i), improving=True, tag="sseq")
        return self.space.feasible & ~self._unstable_given(i, m)

    @property
    def credible(self) -> Any:
        """Every DM's credible moves (:class:`~detente.graph.credible.CredibleMoves`)."""
        if self._credible is None:
            from detente.graph.credible import CredibleMoves

            self._credible = CredibleMoves(self.system)
        return self._credible

    def fseq(self, i: int) -> np.ndarray:
        H = [j for j in range(self.space.n_dms) if j != i]
        m, self.passes[("fseq", i)] = reach_min(self.credible.blocks, H, self.P[i],
                                                improving=True)
        return self.space.feasible & ~self._unstable_given(i, m)
