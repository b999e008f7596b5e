"""Implicit unilateral moves: reductions over each decision maker's block.

DM ``j``'s unilateral moves from a state ``s`` go to the feasible states that differ from
``s`` only in ``j``'s options (``j``'s *block*, axis ``j`` of the state tensor), changing
each option only in a permitted direction (Fang, Hipel & Kilgour 1993, ch. 3: reachable list
R_j(s); irreversible options as in GMCR II). The move graph is never stored: every question
the stability definitions ask reduces to "the maximum (or minimum) of a value over the states
``j`` can move to from ``s``", optionally only over *unilateral improvements* (moves to
states ``j`` strictly prefers). :class:`BlockMoves` answers that for all states at once:

- reversible options: one grouped max/min along axis ``j``;
- improvements only: within each row, targets are sorted by ``j``'s payoff once; a suffix
  minimum/maximum in that order, read where each source's tie run ends, gives the
  reduction over strictly better targets, in O(N) per query after an O(N log m) set-up;
- irreversible options: strategies fall into classes by the values of their forward-only
  and backward-only options; a move from class ``a`` to class ``b`` is allowed when
  forward-only options only rise and backward-only options only fall, i.e. (with the
  backward bits flipped) when ``a ⊆ b``. Such decision makers go to a compiled kernel
  (:mod:`detente.graph._moves_kernel`) that keeps, per row, the best value over every
  superset class (a zeta transform built target by target, in preference order for
  improvements): 3^k work per row for k irreversible options, not 4^k over class pairs.

The source state itself may count as a target of a non-improving reduction; the stability
formulas that use them are unaffected by it (a state is never a sanction of itself being
left, and never an improvement on itself).

Examples
--------
>>> from detente.model.conflict import Conflict, Option, DecisionMaker, Ranking
>>> c = Conflict(
...     options=(Option("a", owner=0), Option("b", owner=1)),
...     decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
...     preferences=(Ranking((("YN",), ("NN",), ("YY",), ("NY",))),
...                  Ranking((("NY",), ("NN",), ("YY",), ("YN",)))),
... )
>>> from detente.graph.space import StateSpace
>>> from detente.graph.preferences import payoff_ranks
>>> space = StateSpace(c); P = payoff_ranks(space)
>>> best_move = BlockMoves(space, 0, P).reduce(P[0], "max")
>>> bool(best_move[0, 0] > P[0][0, 0])  # from NN, A can improve (to YN)
True
"""

from __future__ import annotations

import numpy as np

from detente.graph.space import StateSpace

__all__ = ["BlockMoves", "MIN_SENTINEL", "MAX_SENTINEL"]

#: Largest table over class bit masks the kernel keeps per thread (2^20 values).
_MAX_TABLE_BITS = 20

# placeholders for the kernel's order/keys arguments when it does not need them
_NO_ORDER = np.zeros((1, 1), dtype=np.int32)
_NO_KEYS = np.zeros((1, 1), dtype=np.int32)

#: Result of a min-reduction with no target (no move, no sanction).
MIN_SENTINEL = np.iinfo(np.int32).max
#: Result of a max-reduction with no target.
MAX_SENTINEL = np.iinfo(np.int32).min


class BlockMoves:
    """Reductions over the unilateral moves of decision maker ``j``, for every state.

    Parameters
    ----------
    space:
        The state space.
    j:
        The decision maker whose moves are reduced over.
    payoffs:
        Rank arrays of every DM, shape ``(n_dms, *space.shape)``; ``payoffs[j]`` decides
        which moves are improvements for ``j``.
    """

    def __init__(self, space: StateSpace, j: int, payoffs: np.ndarray) -> None:
        self.space = space
        self.j = j
        ax = space.axes[j]
        self.m = ax.size
        #: States that j can move from and to (feasible, not misperceived by j).
        self.valid = space.movable(j)
        self.valid_rows = self._to_rows(self.valid)
        self.single = ax.n_classes == 1
        if not self.single:
            # A move x -> y is allowed iff bits[x] is a subset of bits[y] (see DMAxis). The
            # kernel tabulates every subset of each target's bits (cheap when the classes
            # fill the masks) or looks through the allowed classes (cheap when they are few).
            ones = sum((ax.bits >> t) & 1 for t in range(ax.n_bits))  # bits set per strategy
            subset_work = float(np.sum(2.0 ** ones))
            self.pairwise = (ax.n_bits > _MAX_TABLE_BITS
                             or float(self.m) * ax.n_classes < subset_work)
            if self.pairwise:
                self.codes, self.table_size = ax.cls, ax.n_classes
            else:
                self.codes, self.table_size = ax.bits, 1 << ax.n_bits
            self.class_bits = ax.class_bits
        self._payoff = payoffs[j]
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None
        self._first_better: np.ndarray | None = None

    # -- layout: rows are the blocks of j (every other DM's strategy fixed) -----------------
    def _to_rows(self, arr: np.ndarray) -> np.ndarray:
        return np.moveaxis(arr, self.j, -1).reshape(-1, self.m)

    def _from_rows(self, rows: np.ndarray) -> np.ndarray:
        shape = list(self.space.shape)
        moved = shape[: self.j] + shape[self.j + 1 :] + [self.m]
        return np.ascontiguousarray(np.moveaxis(rows.reshape(moved), -1, self.j))

    # -- improvements: sort each row's targets by j's payoff once ------------------------------
    def _ranked(self) -> tuple[np.ndarray, np.ndarray]:
        """Every block's columns sorted by j's payoff (least preferred first, stable) and
        the sorted payoffs (-1 where j cannot move)."""
        if self._sorted is None:
            K = np.where(self.valid_rows, self._to_rows(self._payoff), -1).astype(np.int32)
            R, m = K.shape
            itype = np.int32 if R * (m + 1) < 2**31 else np.int64
            order = np.argsort(K, axis=1, kind="stable").astype(itype)
            self._sorted = (order, np.take_along_axis(K, order, axis=1))
        return self._sorted

    def _improvement_index(self) -> np.ndarray:
        """For every column, the flat index into the ``(R, m + 1)`` suffix array where the
        targets strictly better than it begin (``m``, the sentinel slot, when none are)."""
        if self._first_better is None:
            order, sK = self._ranked()
            R, m = order.shape
            itype = order.dtype.type
            # a tie run ends where the next sorted key differs; every position takes the
            # end of its run (a reversed running minimum), then goes back to its column
            run_end = np.ones((R, m), dtype=bool)
            run_end[:, :-1] = sK[:, 1:] != sK[:, :-1]
            count = np.where(run_end, np.arange(1, m + 1, dtype=itype), itype(m + 1))
            count = np.minimum.accumulate(count[:, ::-1], axis=1)[:, ::-1]
            first = np.empty_like(order)
            np.put_along_axis(first, order, count, axis=1)
            first += (np.arange(R, dtype=itype) * itype(m + 1))[:, None]
            self._first_better = first.ravel()
        return self._first_better

    def reduce(self, values: np.ndarray, op: str, improving: bool = False) -> np.ndarray:
        """For every state s, reduce ``values`` over the states j can move to from s.

        Parameters
        ----------
        values:
            int32 array of the tensor's shape.
        op:
            ``"max"`` or ``"min"``.
        improving:
            Only moves to states j strictly prefers (unilateral improvements).

        Returns
        -------
        An int32 array of the tensor's shape; :data:`MAX_SENTINEL` / :data:`MIN_SENTINEL`
        where j has no such move (and at states j cannot move from).
        """
        sent = MAX_SENTINEL if op == "max" else MIN_SENTINEL
        V = np.where(self.valid_rows, self._to_rows(values), sent).astype(np.int32, copy=False)
        R = V.shape[0]
        if not self.single:
            from detente.graph._moves_kernel import reduce_rows

            order, sK = self._ranked() if improving else (_NO_ORDER, _NO_KEYS)
            out = np.empty((R, self.m), dtype=np.int32)
            reduce_rows(order, sK, np.ascontiguousarray(V), self.codes, self.table_size,
                        self.class_bits, self.pairwise, improving, op == "max", np.int32(sent),
                        out)
        elif not improving:
            red = V.max(axis=1) if op == "max" else V.min(axis=1)
            out = np.broadcast_to(red[:, None], (R, self.m))
        else:
            fn = np.maximum if op == "max" else np.minimum
            order, _ = self._ranked()
            S = np.take_along_axis(V, order, axis=1)
            ext = np.empty((R, self.m + 1), dtype=np.int32)
            ext[:, :-1] = fn.accumulate(S[:, ::-1], axis=1)[:, ::-1]
            ext[:, -1] = sent
            out = ext.ravel()[self._improvement_index()].reshape(R, self.m)
        out = np.where(self.valid_rows, out, sent).astype(np.int32, copy=False)
        return self._from_rows(out)
