"""Implicit unilateral moves: reductions over each decision maker's block.

DM ``j``'s unilateral moves from a state ``s`` go to the feasible states that differ from
``s`` only in ``j``'s options (``j``'s *block*, axis ``j`` of the state tensor), changing
each option only in a permitted direction (Fang, Hipel & Kilgour 1993, ch. 3: reachable list
R_j(s); irreversible options as in GMCR II). The move graph is never stored: every question
the stability definitions ask reduces to "the maximum (or minimum) of a value over the states
``j`` can move to from ``s``", optionally only over *unilateral improvements* (moves to
states ``j`` strictly prefers). :class:`BlockMoves` answers that for all states at once:

- reversible options: one grouped max/min along axis ``j``;
- irreversible options: strategies are grouped into classes by the values of their
  forward-only and backward-only options; a move from class ``a`` to class ``b`` is allowed
  when forward-only options only rise and backward-only options only fall, so the
  reduction is a per-class reduction combined over the allowed classes;
- improvements only: within each row, targets are sorted by ``j``'s payoff once; a
  suffix minimum/maximum in that order and a (vectorised) binary search per source give
  the reduction over strictly better targets, in O(N) per query after an O(N log m) set-up.

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
        valid = space.feasible.copy()
        mis = space.misperceived[j]
        if mis is not None:
            valid &= ~mis
        #: States that j can move from and to (feasible, not misperceived by j).
        self.valid = valid
        self.valid_rows = self._to_rows(valid)
        self.cls = ax.cls
        self.allowed = ax.allowed
        self.classes = [c for c in range(ax.n_classes) if np.any(ax.cls == c)]
        self.cols = {c: np.flatnonzero(ax.cls == c) for c in self.classes}
        self.single = len(self.classes) == 1
        self._payoff = payoffs[j]
        self._ui_index: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._rank_index: tuple[np.ndarray, np.ndarray] | None = None
        self._sorted_cls: np.ndarray | None = None

    # -- layout: rows are the blocks of j (every other DM's strategy fixed) -----------------
    def _to_rows(self, arr: np.ndarray) -> np.ndarray:
        return np.moveaxis(arr, self.j, -1).reshape(-1, self.m)

    def _from_rows(self, rows: np.ndarray) -> np.ndarray:
        shape = list(self.space.shape)
        moved = shape[: self.j] + shape[self.j + 1 :] + [self.m]
        return np.ascontiguousarray(np.moveaxis(rows.reshape(moved), -1, self.j))

    # -- improvements: sort each row's targets by j's payoff once ------------------------------
    def _ranked(self) -> tuple[np.ndarray, np.ndarray]:
        """One stable sort of every block by j's payoff, shared by all classes.

        Returns ``order`` (the block's columns, least preferred first) and ``le``: for each
        column, how many columns of its block j likes no more than it (its own tie run
        included), which is where the strictly better targets start in ``order``.
        """
        if self._rank_index is None:
            K = np.where(self.valid_rows, self._to_rows(self._payoff), -1).astype(np.int32)
            R, m = K.shape
            itype = np.int32 if R * (m + 1) < 2**31 else np.int64
            order = np.argsort(K, axis=1, kind="stable").astype(itype)
            sK = np.take_along_axis(K, order, axis=1)
            # a tie run ends where the next sorted key differs; every position takes the
            # end of its run (a reversed running minimum), then goes back to its column
            run_end = np.ones((R, m), dtype=bool)
            run_end[:, :-1] = sK[:, 1:] != sK[:, :-1]
            count = np.where(run_end, np.arange(1, m + 1, dtype=itype), itype(m + 1))
            count = np.minimum.accumulate(count[:, ::-1], axis=1)[:, ::-1]
            le = np.empty_like(order)
            np.put_along_axis(le, order, count, axis=1)
            self._rank_index = (order, le)
        return self._rank_index

    def _ui(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """Class ``c``'s targets sorted by j's payoff (as positions among ``cols[c]``) and,
        for every column, the index into the ``(R, mc + 1)`` suffix array where the targets
        strictly better than it begin (``mc``, the sentinel slot, when there are none)."""
        if c not in self._ui_index:
            order, le = self._ranked()
            R, m = order.shape
            itype = order.dtype.type
            cols = self.cols[c]
            mc = cols.size
            if self.single:
                order_c, first = order, le
            else:
                if self._sorted_cls is None:  # the class of every sorted target, once
                    small = np.int8 if int(self.cls.max()) < 127 else np.int32
                    self._sorted_cls = self.cls.astype(small)[order]
                member = self._sorted_cls == c  # (R, m): which sorted targets are in class c
                local = np.zeros(m, dtype=itype)
                local[cols] = np.arange(mc, dtype=itype)
                # filtering a stable sort keeps it sorted (and ties in column order)
                order_c = local[order[member].reshape(R, mc)]
                in_class = np.cumsum(member, axis=1, dtype=itype)
                first = np.take_along_axis(in_class, le - 1, axis=1)
            idx = first + (np.arange(R, dtype=itype) * itype(mc + 1))[:, None]
            self._ui_index[c] = (order_c, idx.ravel())
        return self._ui_index[c]

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
        fn = np.maximum if op == "max" else np.minimum
        sent = MAX_SENTINEL if op == "max" else MIN_SENTINEL
        V = np.where(self.valid_rows, self._to_rows(values), sent).astype(np.int32, copy=False)
        R = V.shape[0]
        per_class: dict[int, np.ndarray] = {}
        for c in self.classes:
            cols = self.cols[c]
            if not improving:
                red = V[:, cols].max(axis=1) if op == "max" else V[:, cols].min(axis=1)
                per_class[c] = red[:, None]
            else:
                order, idx = self._ui(c)
                S = np.take_along_axis(V[:, cols], order, axis=1)
                suffix = fn.accumulate(S[:, ::-1], axis=1)[:, ::-1]
                ext = np.empty((R, S.shape[1] + 1), dtype=np.int32)
                ext[:, :-1] = suffix
                ext[:, -1] = sent
                per_class[c] = ext.ravel()[idx].reshape(R, self.m)
        if self.single:
            out = np.broadcast_to(per_class[self.classes[0]], (R, self.m))
        else:
            out = np.full((R, self.m), sent, dtype=np.int32)
            for a in self.classes:
                src = self.cols[a]
                acc = None
                for b in self.classes:
                    if not self.allowed[a, b]:
                        continue
                    part = per_class[b]
                    part = part if part.shape[1] == 1 else part[:, src]
                    acc = part if acc is None else fn(acc, part)
                if acc is not None:
                    out[:, src] = acc
        out = np.where(self.valid_rows, out, sent).astype(np.int32, copy=False)
        return self._from_rows(out)
