"""Reductions over one decision maker's moves, for every state at once.

DM ``j``'s unilateral moves from a state ``s`` stay inside ``j``'s *block*: the states that
agree with ``s`` outside ``j``'s options, axis ``j`` of the state tensor (see
:mod:`detente.graph.moves` for the rules). The move graph is never stored; the questions
the engines ask reduce to two shapes, answered for all states at once:

- :meth:`BlockMoves.reduce` — for every source, the maximum or minimum of a value over the
  states ``j`` can move *to* (stability: "the best state i can reach", "the least value a
  sanction can have");
- :meth:`BlockMoves.pull` — for every target, the sum or maximum of a value over the states
  ``j`` can move *from* (status quo analysis: pulling search labels and path counts forward);

each over all legal moves or only over *unilateral improvements* (moves to states ``j``
strictly prefers). How:

- one irreversibility class (every option reversible): one grouped max/min along axis ``j``;
- improvements only: within each row (a block), targets are sorted by ``j``'s payoff once; a
  suffix minimum/maximum in that order, read where each source's tie run ends, gives the
  reduction over strictly better targets, in O(N) per query after an O(N log m) set-up;
- several classes: a move from class ``a`` to class ``b`` is allowed exactly when ``a ⊆ b``
  (the class-bit subset rule of :mod:`detente.graph.moves`); such DMs go to the compiled
  kernels of :mod:`detente.graph._moves_kernel`, which keep per row the best value over every
  superset (or subset) class, or, for pulls that hold exact Python integers or too many bits,
  to a NumPy pass class by class.

Payoffs may carry leading axes (e.g. a stack of preference profiles over one state space): a
``BlockMoves`` built with ``payoff`` of shape ``(*lead, *space.shape)`` reduces values of
that shape, each profile's rows sorted by its own payoff; the move structure itself (the
model's masks and classes) is shared. :meth:`BlockMoves.reduce` also takes values with
further *batch* axes in front, ``(*batch, *lead, *space.shape)``: every batch entry is
reduced over the same moves and improvements (the mover's payoff unchanged), so that a
decision maker whose preferences stay fixed while others' vary is sorted once, not once per
profile (sensitivity analysis, :mod:`detente.graph.profiles`).

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
>>> from detente.graph.moves import move_model
>>> space = StateSpace(c); P = payoff_ranks(space)
>>> best_move = BlockMoves(move_model(space), 0, P[0]).reduce(P[0], "max")
>>> bool(best_move[0, 0] > P[0][0, 0])  # from NN, A can improve (to YN)
True
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from detente.graph.moves import MoveModel

__all__ = ["BlockMoves", "MIN_SENTINEL", "MAX_SENTINEL"]

#: Result of a min-reduction with no target (no move, no sanction).
MIN_SENTINEL = np.iinfo(np.int32).max
#: Result of a max-reduction with no target.
MAX_SENTINEL = np.iinfo(np.int32).min

#: Largest table over class bit masks the pull kernel keeps per thread (2^20 values); the
#: reduce kernel's limit is the model's (see :meth:`MoveModel.class_codes`).
_MAX_PULL_BITS = 20

#: Largest (rows × sources × targets) table the NumPy path of :meth:`BlockMoves.reduce` builds.
_MAX_DENSE_PAIRS = 1 << 20

# placeholders for the kernels' order/keys arguments when they do not need them
_NO_ORDER = np.zeros((1, 1), dtype=np.int32)
_NO_KEYS = np.zeros((1, 1), dtype=np.int32)
_ONE_CLASS = np.zeros(1, dtype=np.int64)


class BlockMoves:
    """Reductions over the unilateral moves of decision maker ``j``, for every state.

    Parameters
    ----------
    model:
        The move model of the state space (:func:`~detente.graph.moves.move_model`).
    j:
        The decision maker whose moves are reduced over.
    payoff:
        ``j``'s rank array, shape ``(*lead, *space.shape)``: decides which moves are
        improvements for ``j``, and gives the leading axes of the values reduced. ``None``:
        no leading axes and no reductions over improvements.
    """

    def __init__(self, model: MoveModel, j: int, payoff: np.ndarray | None) -> None:
        space = model.space
        ax = space.axes[j]
        self.model = model
        self.j = j
        self.m = ax.size
        self.shape = space.shape
        self._ax = ax
        n = space.n_dms
        self.lead: tuple[int, ...] = () if payoff is None else tuple(payoff.shape[:-n])
        if payoff is not None and tuple(payoff.shape[len(self.lead):]) != tuple(space.shape):
            raise ValueError(f"payoff of shape {payoff.shape} does not end with the state "
                             f"tensor's shape {space.shape}")
        rows = model.valid_rows(j)
        k = math.prod(self.lead)
        self.k = k
        #: Per row (a block of j) and strategy: j can move from and to that state.
        self.valid_rows = rows if k == 1 else np.tile(rows, (k, 1))
        self.single = ax.n_classes == 1
        if not self.single:
            #: How the reduce kernel tabulates classes (see :meth:`MoveModel.class_codes`).
            self.pairwise, self.codes, self.table_size = model.class_codes(j)
        self._payoff = payoff
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None
        self._first_better: np.ndarray | None = None
        self._classes: tuple[list[int], dict[int, np.ndarray], dict[int, list[int]]] | None = None
        self._class_orders: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] | None = None
        self._valid: np.ndarray | None = None

    # -- layout: rows are the blocks of j (every other DM's strategy fixed) -----------------
    def to_rows(self, arr: np.ndarray) -> np.ndarray:
        """``arr`` (shape ``(*lead, *space.shape)``, or flat over the tensor) as rows of
        ``m`` strategies of j, leading axes first."""
        a = arr.reshape(*self.lead, *self.shape)
        return np.moveaxis(a, len(self.lead) + self.j, -1).reshape(-1, self.m)

    def from_rows(self, rows: np.ndarray) -> np.ndarray:
        """The inverse of :meth:`to_rows`: shape ``(*lead, *space.shape)``, C-contiguous."""
        shape = list(self.shape)
        moved = [*self.lead, *shape[: self.j], *shape[self.j + 1:], self.m]
        return np.ascontiguousarray(np.moveaxis(rows.reshape(moved), -1,
                                                len(self.lead) + self.j))

    # -- improvements: sort each row's targets by j's payoff once ------------------------------
    def _need_payoff(self) -> np.ndarray:
        if self._payoff is None:
            raise ValueError("improvements need the mover's payoff: build BlockMoves with one")
        return self._payoff

    def _ranked(self) -> tuple[np.ndarray, np.ndarray]:
        """Every block's columns sorted by j's payoff (least preferred first, stable) and
        the sorted payoffs (-1 where j cannot move)."""
        if self._sorted is None:
            K = np.where(self.valid_rows, self.to_rows(self._need_payoff()), -1).astype(np.int32)
            R, m = K.shape
            itype = np.int32 if R * (m + 1) < 2**31 else np.int64
            order: np.ndarray = np.argsort(K, axis=1, kind="stable").astype(itype)
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

    # -- batches: the same moves for several value arrays ------------------------------------------
    def _batch_of(self, values: np.ndarray) -> tuple[int, ...]:
        """The batch axes of ``values`` (those in front of ``(*lead, *space.shape)``)."""
        extra = values.ndim - len(self.lead) - len(self.shape)
        return tuple(values.shape[:extra]) if extra > 0 else ()

    def _reduce_batch(self, values: np.ndarray, batch: tuple[int, ...], op: str,
                      improving: bool) -> np.ndarray:
        """:meth:`reduce` of values with batch (or lead) axes, by the compiled kernel that
        walks each block in place over the flat tensor (see the module docstring)."""
        from detente.graph._moves_kernel import reduce_tensor

        sent = MAX_SENTINEL if op == "max" else MIN_SENTINEL
        k = math.prod(self.lead)
        B = math.prod(batch)
        N = math.prod(self.shape)
        V = np.ascontiguousarray(values, dtype=np.int32).reshape(B * k, N)
        valid = self._valid_flat()
        if self.single:  # one class: a table of one entry
            codes, size, cbits, pairwise = np.zeros(self.m, np.int64), 1, _ONE_CLASS, False
        else:
            codes, size, cbits, pairwise = (self.codes, self.table_size, self._ax.class_bits,
                                            self.pairwise)
        if improving:
            if k > 1 and B > 1:
                raise ValueError("batch axes over a stack of payoffs are not supported")
            order, sK = self._ranked()
            per_entry = k > 1
        else:
            order, sK, per_entry = _NO_ORDER, _NO_KEYS, False
        out = np.empty((B * k, N), dtype=np.int32)
        reduce_tensor(V, valid, self.m, self.model.strides[self.j], codes, size, cbits,
                      pairwise, improving, order, sK, per_entry, op == "max", np.int32(sent),
                      out)
        return out.reshape(*batch, *self.lead, *self.shape)

    def _valid_flat(self) -> np.ndarray:
        """The states j can move from and to, flat over the tensor (cached)."""
        if self._valid is None:
            self._valid = np.ascontiguousarray(self.model.valid[self.j])
        return self._valid

    # -- over the targets of each source ---------------------------------------------------------
    def reduce(self, values: np.ndarray, op: str, improving: bool = False) -> np.ndarray:
        """For every state s, reduce ``values`` over the states j can move to from s.

        Parameters
        ----------
        values:
            int32 array of shape ``(*lead, *space.shape)``, or ``(*batch, *lead,
            *space.shape)``: each batch entry reduced over the same moves (and the same
            improvements of j).
        op:
            ``"max"`` or ``"min"``.
        improving:
            Only moves to states j strictly prefers (unilateral improvements).

        Returns
        -------
        An int32 array of the values' shape; :data:`MAX_SENTINEL` / :data:`MIN_SENTINEL`
        where j has no such move (and at states j cannot move from).
        """
        batch = self._batch_of(values)
        if batch or self.lead:
            return self._reduce_batch(values, batch, op, improving)
        sent = MAX_SENTINEL if op == "max" else MIN_SENTINEL
        V = np.where(self.valid_rows, self.to_rows(values), sent).astype(np.int32, copy=False)
        R = V.shape[0]
        if not self.single and not self._compiled():
            out = self._reduce_pairs(V, op, improving, sent)
        elif not self.single:
            from detente.graph._moves_kernel import reduce_rows

            order, sK = self._ranked() if improving else (_NO_ORDER, _NO_KEYS)
            out = np.empty((R, self.m), dtype=np.int32)
            reduce_rows(order, sK, np.ascontiguousarray(V), self.codes, self.table_size,
                        self._ax.class_bits, self.pairwise, improving, op == "max",
                        np.int32(sent), out)
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
        return self.from_rows(out)

    def _compiled(self) -> bool:
        """Whether the compiled kernels serve this model: large ones (the move model's
        threshold), or a DM whose pairs of strategies would not fit a small dense table."""
        return self.model.compiled or self.k * self.m * self.model.size > _MAX_DENSE_PAIRS

    def _reduce_pairs(self, V: np.ndarray, op: str, improving: bool, sent: int) -> np.ndarray:
        """:meth:`reduce` in NumPy over every (source, target) pair of each row: for small
        models, where it takes less time than loading the compiled kernels."""
        ax = self._ax
        allowed = ax.allowed[ax.cls[:, None], ax.cls[None, :]]  # [source, target]
        pairs = np.where(allowed[None], V[:, None, :], sent)  # (rows, sources, targets)
        if improving:
            K = np.where(self.valid_rows, self.to_rows(self._need_payoff()), -1)
            pairs = np.where(K[:, None, :] > K[:, :, None], pairs, sent)
        red = pairs.max(axis=2) if op == "max" else pairs.min(axis=2)
        return red.astype(np.int32, copy=False)

    # -- over the sources of each target ---------------------------------------------------------
    def pull(self, w: np.ndarray, op: str, improving: bool = False) -> np.ndarray:
        """For every state t, ``op`` (``"sum"`` or ``"max"``) of ``w`` over the states from
        which j can move to t (only moves that are improvements for j when ``improving``).

        ``w`` has shape ``(*lead, *space.shape)`` or is flat over the tensor (``(*lead, N)``);
        its identity (0 for sums, -1 for maxima) marks states that are not sources; its dtype
        is kept (int64, or object for exact Python integers). Returns an array of ``w``'s
        shape, the identity where no source moves.
        """
        ident = 0 if op == "sum" else -1
        W = self.to_rows(w)
        W = np.where(self.valid_rows, W, ident).astype(w.dtype, copy=False)
        if (not self.single and self._ax.n_bits <= _MAX_PULL_BITS and w.dtype != object
                and self._compiled()):
            res = self._pull_compiled(W, op, improving)
            out = np.where(self.valid_rows, res, ident).astype(w.dtype)
        else:
            out = self._pull_classes(W, op, improving, ident, w.dtype)
        return self.from_rows(out).reshape(w.shape)

    def _pull_compiled(self, W: np.ndarray, op: str, improving: bool) -> np.ndarray:
        from detente.graph._moves_kernel import pull_rows

        ident = 0 if op == "sum" else -1
        order, sK = self._ranked() if improving else (_NO_ORDER, _NO_KEYS)
        out = np.empty(W.shape, dtype=np.int64)
        pull_rows(order, sK, np.ascontiguousarray(W, dtype=np.int64), self._ax.bits,
                  self._ax.n_bits, improving, op == "sum", ident, out)
        return out

    def _class_index(self) -> tuple[list[int], dict[int, np.ndarray], dict[int, list[int]]]:
        """The classes that occur, their columns, and the source classes that may move to
        each target class (for the NumPy path)."""
        if self._classes is None:
            ax = self._ax
            classes = [c for c in range(ax.n_classes) if np.any(ax.cls == c)]
            cols = {c: np.flatnonzero(ax.cls == c) for c in classes}
            cb = ax.class_bits
            sources_of = {d: [c for c in classes if (cb[c] & ~cb[d]) == 0] for d in classes}
            self._classes = (classes, cols, sources_of)
        return self._classes

    def _orders_by_class(self) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
        """Per class: each row's sources sorted by j's payoff, and for every target how many
        sources of the class rank strictly below it (for the NumPy path of improvements)."""
        if self._class_orders is None:
            classes, cols, _ = self._class_index()
            K = self.to_rows(self._need_payoff()).astype(np.int64)
            R = K.shape[0]
            span = int(K.max()) + 2
            offs = np.arange(R, dtype=np.int64) * span
            q = (K + offs[:, None]).ravel()
            counts: dict[int, np.ndarray] = {}
            orders: dict[int, np.ndarray] = {}
            for c in classes:
                KC = K[:, cols[c]]
                order = np.argsort(KC, axis=1, kind="stable")
                flat = (np.take_along_axis(KC, order, axis=1) + offs[:, None]).ravel()
                mc = KC.shape[1]
                # sources of class c ranking strictly below each target, in its row
                pos = np.searchsorted(flat, q, side="left").reshape(R, self.m)
                cnt = pos - (np.arange(R, dtype=np.int64) * mc)[:, None]
                ctype = np.int16 if mc < 2**15 else np.int32
                counts[c] = cnt.astype(ctype)
                orders[c] = order.astype(np.int32)
            self._class_orders = (counts, orders)
        return self._class_orders

    def _pull_classes(self, W: np.ndarray, op: str, improving: bool, ident: int,
                      dtype: np.dtype) -> np.ndarray:
        """:meth:`pull` class by class in NumPy (small models, exact integers, or very many
        bits)."""
        classes, cols, sources_of = self._class_index()
        R = W.shape[0]
        active = np.flatnonzero(W.max(axis=1) > ident) if op == "max" else np.flatnonzero(
            (W != 0).any(axis=1))
        out = np.full((R, self.m), ident, dtype=dtype)
        if active.size == 0:
            return out
        Wa = W[active]
        res = np.full((active.size, self.m), ident, dtype=dtype)
        if improving:
            counts, orders = self._orders_by_class()
            parts = {}
            for c in classes:
                S = np.take_along_axis(Wa[:, cols[c]], orders[c][active], axis=1)
                ext = np.empty((active.size, S.shape[1] + 1), dtype=dtype)
                ext[:, 0] = ident
                if op == "sum":
                    np.cumsum(S, axis=1, out=ext[:, 1:])
                else:
                    np.maximum.accumulate(S, axis=1, out=ext[:, 1:])
                parts[c] = np.take_along_axis(ext, counts[c][active].astype(np.intp), axis=1)
            for d in classes:
                cd = cols[d]
                acc = None
                for c in sources_of[d]:
                    part = parts[c][:, cd]
                    if acc is None:
                        acc = part.copy()
                    elif op == "sum":
                        acc += part
                    else:
                        np.maximum(acc, part, out=acc)
                if acc is not None:
                    res[:, cd] = acc
        elif op == "sum":
            tot = {c: Wa[:, cols[c]].sum(axis=1) for c in classes}
            for d in classes:
                cd = cols[d]
                acc = sum(tot[c] for c in sources_of[d])
                res[:, cd] = acc[:, None] - Wa[:, cd]  # a state is not a move to itself
        else:
            top1, top2 = {}, {}
            for c in classes:
                V = Wa[:, cols[c]]
                arg = V.argmax(axis=1)
                top1[c] = V[np.arange(V.shape[0]), arg]
                V2 = V.copy()
                V2[np.arange(V.shape[0]), arg] = ident
                top2[c] = V2.max(axis=1) if V.shape[1] > 1 else np.full_like(top1[c], ident)
            for d in classes:
                cd = cols[d]
                acc = np.full((active.size, cd.size), ident, dtype=dtype)
                for c in sources_of[d]:
                    if c == d:  # the target's own class: skip the target itself
                        own = Wa[:, cd]
                        best = np.where(top1[c][:, None] == own, top2[c][:, None],
                                        top1[c][:, None])
                        # keys are unique, so equality means the best source is the target
                        best = np.where(own == ident, top1[c][:, None], best)
                    else:
                        best = np.broadcast_to(top1[c][:, None], acc.shape)
                    np.maximum(acc, best, out=acc)
                res[:, cd] = acc
        out[active] = np.where(self.valid_rows[active], res, ident)
        return out
