"""Status quo analysis: which states the conflict can reach from today, how fast, and how.

Definition (Li, Kilgour & Hipel 2005, "Status quo analysis in the graph model for conflict
resolution", *J. Oper. Res. Soc.* 56:699–707): starting from the status quo, the decision
makers (DMs) move one at a time, and no mover moves twice in a row (a mover may move again
later: A, B, A is legal, as in the reachable lists R_H of Fang, Hipel & Kilgour 1993). Li et
al. ask which states are reachable from the status quo by such *legal sequences*, in how few
steps, and which equilibria are among them; they compute it with powers of the adjacency
matrices of the moves. Three kinds of move are offered:

- ``ui`` (the default): every step is a unilateral improvement (UI) of its mover, judged from
  the state it moves from — the evolution Li et al. analyse;
- ``any``: every step is any legal unilateral move (what the DMs *could* do);
- ``coalition``: every step is a unilateral improvement of one DM, or a *coalitional
  improvement* of a coalition H of two or more DMs: a state the members reach together by a
  legal sequence of their own moves (R_H) that every member strictly prefers to the state it
  starts from (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008). A coalition is a
  mover of its own: it may follow one of its members, but not itself.

The search is breadth-first over (state, last mover) pairs, a *node*. Layer t holds the nodes
first reached after t steps; a state's fewest steps is the first layer holding one of its
nodes. Every layer is computed for all states at once: for each mover k, the nodes of the
previous layer whose last mover is not k are the *sources*, and one vectorised reduction over
k's block (axis k of the state tensor, see :mod:`detente.graph.moves`) finds every state k can
reach from a source. For improvements, each block's sources are sorted by k's payoff once, and
"some source ranks below the target" is a prefix reduction in that order; irreversible
options restrict which classes of strategies can move to which. Each reached node keeps one
*parent*, so a shortest path to any state is read back in O(steps).

Counting shortest paths uses the same reductions with sums instead of maxima, layer by layer
(dynamic programming over the layers): a path is never enumerated to be counted. Every
shortest path to one target, up to a limit, is enumerated backwards from the target over the
predecessors lying on the layer before (a prefix of a shortest path is a shortest path to its
end node, because legality depends only on the last mover).

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")
>>> sq = status_quo_analysis(cuban)
>>> sq.reachable()
{'NNNN': 0, 'YNNN': 1, 'NYNN': 1, 'YYNN': 1, 'NNYN': 3, 'YNYN': 2, 'NYYN': 2, 'YYYN': 2}
>>> for step in sq.shortest_path("NNYN"):
...     print(step.describe(cuban))
United States: NNNN → NYNN
Soviet Union: NYNN → NYYN
United States: NYYN → NNYN
>>> sq.equilibria_reachable["seq"]
['NNYN', 'YNYN', 'NYYN']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from detente.graph.moves import _NO_KEYS, _NO_ORDER
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = [
    "MOVES",
    "Step",
    "MoveSystem",
    "LayeredSearch",
    "StatusQuoAnalysis",
    "status_quo_analysis",
    "movers_for",
    "tensor_payoffs",
]

#: The kinds of move a status quo analysis can follow.
MOVES = ("ui", "any", "coalition")

#: Counts of paths at or above this size switch the dynamic programme to exact Python ints.
_INT64_SAFE = float(2**62)


@dataclass(frozen=True)
class Step:
    """One move of a path: a mover (one DM or a coalition) takes the conflict from ``source``
    to ``target`` (both decimals)."""

    mover: tuple[int, ...]
    source: int
    target: int

    def changed(self, conflict: Conflict) -> dict[str, str]:
        """The options whose value changes, with their new value (``"Y"``/``"N"``)."""
        diff = self.source ^ self.target
        return {
            o.id: ("Y" if (self.target >> k) & 1 else "N")
            for k, o in enumerate(conflict.options)
            if (diff >> k) & 1
        }

    def mover_name(self, conflict: Conflict) -> str | list[str]:
        names = [conflict.decision_makers[i].name for i in self.mover]
        return names[0] if len(names) == 1 else names

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        """``{"mover", "changed", "from", "to"}`` as in the JSON contract of ``paths``."""
        return {
            "mover": self.mover_name(conflict),
            "changed": self.changed(conflict),
            "from": conflict.pattern(self.source),
            "to": conflict.pattern(self.target),
        }

    def describe(self, conflict: Conflict) -> str:
        who = " + ".join(conflict.decision_makers[i].name for i in self.mover)
        return f"{who}: {conflict.pattern(self.source)} → {conflict.pattern(self.target)}"


def movers_for(n_dms: int, moves: str, dms: Iterable[int] | None = None) -> list[tuple[int, ...]]:
    """The movers of a search: single DMs, plus every coalition of two or more of them when
    ``moves == "coalition"``."""
    pool = sorted(range(n_dms) if dms is None else set(dms))
    out = [(i,) for i in pool]
    if moves == "coalition":
        for size in range(2, len(pool) + 1):
            out.extend(combinations(pool, size))
    return out


def tensor_payoffs(space: StateSpace, payoffs: np.ndarray) -> np.ndarray:
    """Rank arrays over the tensor, shape ``(n_dms, *space.shape)``, from the per-feasible-state
    ranks of an :class:`~detente.graph.analysis.Analysis` (0 at infeasible states)."""
    P = np.zeros((space.n_dms, space.size), dtype=np.int32)
    P[:, space.feasible_index] = payoffs
    return P.reshape((space.n_dms, *space.shape))


# --- reductions over one DM's unilateral moves, pulled to the targets --------------------------
class _Unilateral:
    """For every target state b, reduce a value over the states that DM k can move *from* to b
    (all legal moves, or only those that are unilateral improvements for k).

    Rows are k's blocks (every other DM's strategy fixed); columns are k's strategies.
    """

    def __init__(self, space: StateSpace, k: int, payoff: np.ndarray, valid: np.ndarray,
                 improving: bool) -> None:
        ax = space.axes[k]
        self.k = k
        self.m = ax.size
        self.shape = space.shape
        self.improving = improving
        self.valid_rows = self.to_rows(valid.reshape(space.shape))
        self.R = self.valid_rows.shape[0]
        self._payoff = payoff
        self._ax = ax
        # Several irreversibility classes: the compiled subset table (sources go into every
        # superset of their class), unless the counts are exact Python integers (object
        # arrays, beyond 64 bits) or the table would be too big; then class by class below.
        self.kernel = ax.n_classes > 1 and ax.n_bits <= 20
        self._classes_ready = False
        self._sorted: tuple[np.ndarray, np.ndarray] | None = None

    def _prepare_classes(self) -> None:
        """Per-class sort orders and counts for the NumPy path (built on first use)."""
        if self._classes_ready:
            return
        ax, improving, payoff = self._ax, self.improving, self._payoff
        self.classes = [c for c in range(ax.n_classes) if np.any(ax.cls == c)]
        self.cols = {c: np.flatnonzero(ax.cls == c) for c in self.classes}
        #: source classes that may move to each target class
        cb = ax.class_bits
        self.sources_of = {d: [c for c in self.classes if (cb[c] & ~cb[d]) == 0]
                           for d in self.classes}
        self.counts: dict[int, np.ndarray] = {}
        self.order: dict[int, np.ndarray] = {}
        if improving:
            K = self.to_rows(payoff).astype(np.int64)
            span = int(K.max()) + 2
            offs = np.arange(self.R, dtype=np.int64) * span
            q = (K + offs[:, None]).ravel()
            for c in self.classes:
                KC = K[:, self.cols[c]]
                order = np.argsort(KC, axis=1, kind="stable")
                flat = (np.take_along_axis(KC, order, axis=1) + offs[:, None]).ravel()
                mc = KC.shape[1]
                # sources of class c ranking strictly below each target, in its row
                pos = np.searchsorted(flat, q, side="left").reshape(self.R, self.m)
                cnt = pos - (np.arange(self.R, dtype=np.int64) * mc)[:, None]
                ctype = np.int16 if mc < 2**15 else np.int32
                self.counts[c] = cnt.astype(ctype)
                self.order[c] = order.astype(np.int32)
        self._classes_ready = True

    def _pull_compiled(self, W: np.ndarray, op: str) -> np.ndarray:
        from detente.graph._moves_kernel import pull_rows

        ident = 0 if op == "sum" else -1
        if self.improving and self._sorted is None:
            K = np.where(self.valid_rows, self.to_rows(self._payoff), -1).astype(np.int32)
            order = np.argsort(K, axis=1, kind="stable").astype(np.int32)
            self._sorted = (order, np.take_along_axis(K, order, axis=1))
        order, sK = self._sorted if self.improving else (_NO_ORDER, _NO_KEYS)
        out = np.empty(W.shape, dtype=np.int64)
        pull_rows(order, sK, np.ascontiguousarray(W, dtype=np.int64), self._ax.bits,
                  self._ax.n_bits, self.improving, op == "sum", ident, out)
        return out

    def to_rows(self, arr: np.ndarray) -> np.ndarray:
        return np.moveaxis(arr.reshape(self.shape), self.k, -1).reshape(-1, self.m)

    def from_rows(self, rows: np.ndarray) -> np.ndarray:
        shape = list(self.shape)
        moved = shape[: self.k] + shape[self.k + 1:] + [self.m]
        return np.ascontiguousarray(np.moveaxis(rows.reshape(moved), -1, self.k)).reshape(-1)

    def pull(self, w: np.ndarray, op: str) -> np.ndarray:
        """``op`` (``"sum"`` or ``"max"``) of ``w`` over the legal sources of each target.

        ``w`` is a flat array over the tensor; its identity (0 for sums, -1 for maxima) marks
        states that are not sources. Returns a flat array, the identity where no source moves.
        """
        ident = 0 if op == "sum" else -1
        W = self.to_rows(w)
        W = np.where(self.valid_rows, W, ident).astype(w.dtype, copy=False)
        if self.kernel and w.dtype != object:
            res = self._pull_compiled(W, op)
            return self.from_rows(np.where(self.valid_rows, res, ident).astype(w.dtype))
        self._prepare_classes()
        active = np.flatnonzero(W.max(axis=1) > ident) if op == "max" else np.flatnonzero(
            (W != 0).any(axis=1))
        out = np.full((self.R, self.m), ident, dtype=w.dtype)
        if active.size == 0:
            return self.from_rows(out)
        Wa = W[active]
        res = np.full((active.size, self.m), ident, dtype=w.dtype)
        if self.improving:
            parts = {}
            for c in self.classes:
                S = np.take_along_axis(Wa[:, self.cols[c]], self.order[c][active], axis=1)
                ext = np.empty((active.size, S.shape[1] + 1), dtype=w.dtype)
                ext[:, 0] = ident
                if op == "sum":
                    np.cumsum(S, axis=1, out=ext[:, 1:])
                else:
                    np.maximum.accumulate(S, axis=1, out=ext[:, 1:])
                parts[c] = np.take_along_axis(ext, self.counts[c][active].astype(np.intp), axis=1)
            for d in self.classes:
                cd = self.cols[d]
                acc = None
                for c in self.sources_of[d]:
                    part = parts[c][:, cd]
                    if acc is None:
                        acc = part.copy()
                    elif op == "sum":
                        acc += part
                    else:
                        np.maximum(acc, part, out=acc)
                if acc is not None:
                    res[:, cd] = acc
        else:
            if op == "sum":
                tot = {c: Wa[:, self.cols[c]].sum(axis=1) for c in self.classes}
                for d in self.classes:
                    cd = self.cols[d]
                    acc = sum(tot[c] for c in self.sources_of[d])
                    res[:, cd] = acc[:, None] - Wa[:, cd]  # a state is not a move to itself
            else:
                top1, top2 = {}, {}
                for c in self.classes:
                    V = Wa[:, self.cols[c]]
                    arg = V.argmax(axis=1)
                    top1[c] = V[np.arange(V.shape[0]), arg]
                    V2 = V.copy()
                    V2[np.arange(V.shape[0]), arg] = ident
                    top2[c] = V2.max(axis=1) if V.shape[1] > 1 else np.full_like(top1[c], ident)
                for d in self.classes:
                    cd = self.cols[d]
                    acc = np.full((active.size, cd.size), ident, dtype=w.dtype)
                    for c in self.sources_of[d]:
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
        res = np.where(self.valid_rows[active], res, ident)
        out[active] = res
        return self.from_rows(out)


class MoveSystem:
    """The moves of a conflict, for layered searches: unilateral moves or improvements of
    each DM (vectorised over all states) and coalitional improvements (per source state).

    Parameters
    ----------
    space, payoffs:
        The state space and the rank arrays of :func:`~detente.graph.preferences.payoff_ranks`.
    """

    def __init__(self, space: StateSpace, payoffs: np.ndarray) -> None:
        self.space = space
        self.P = payoffs
        self.n = space.n_dms
        self.size = space.size
        self.feasible = space.feasible.reshape(-1)
        self.valid = [space.movable(j).reshape(-1) for j in range(self.n)]
        self.flat_decimal = space.decimal.reshape(-1)
        self.flat_P = payoffs.reshape(self.n, -1)
        self.strides = space.strides
        self._uni: dict[tuple[int, bool], _Unilateral] = {}
        self._ci: dict[tuple[int, ...], dict[int, np.ndarray]] = {}
        self._ci_engine: Any = None

    def flat(self, decimal: int) -> int:
        """The flat tensor index of a feasible state given by its decimal."""
        f = int(self.space.flat_of_decimals(np.array([decimal]))[0])
        if f < 0:
            raise ModelError(f"state {self.space.conflict.pattern(decimal)} is not feasible")
        return f

    def coords(self, flat: int) -> list[int]:
        return [(flat // self.strides[d]) % self.space.shape[d] for d in range(self.n)]

    def unilateral(self, k: int, improving: bool) -> _Unilateral:
        key = (k, improving)
        if key not in self._uni:
            self._uni[key] = _Unilateral(self.space, k, self.P[k], self.valid[k], improving)
        return self._uni[key]

    # -- one DM's moves from one state (for witnesses and backtracking) ----------------------
    def moves_from(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        """Flat indices of the states k can move to from ``flat`` (in increasing strategy
        order), only unilateral improvements when ``improving``."""
        if not self.valid[k][flat]:
            return np.empty(0, dtype=np.int64)
        ax = self.space.axes[k]
        stride = self.strides[k]
        a = (flat // stride) % ax.size
        base = flat - a * stride
        cand = base + np.arange(ax.size, dtype=np.int64) * stride
        ok = self.valid[k][cand] & ((ax.bits[a] & ~ax.bits) == 0)
        ok[a] = False
        if improving:
            ok &= self.flat_P[k][cand] > self.flat_P[k][flat]
        return cand[ok]

    def moves_to(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        """Flat indices of the states from which k can move to ``flat``."""
        if not self.valid[k][flat]:
            return np.empty(0, dtype=np.int64)
        ax = self.space.axes[k]
        stride = self.strides[k]
        b = (flat // stride) % ax.size
        base = flat - b * stride
        cand = base + np.arange(ax.size, dtype=np.int64) * stride
        ok = self.valid[k][cand] & ((ax.bits & ~ax.bits[b]) == 0)
        ok[b] = False
        if improving:
            ok &= self.flat_P[k][cand] < self.flat_P[k][flat]
        return cand[ok]

    # -- coalitional improvements ---------------------------------------------------------------
    def coalitional_improvements(self, coalition: tuple[int, ...],
                                 sources: np.ndarray) -> list[np.ndarray]:
        """For each source (flat index), the flat indices of its coalitional improvements by
        ``coalition`` (cached)."""
        from detente.graph.coalitions import CoalitionalMoves

        if self._ci_engine is None:
            self._ci_engine = CoalitionalMoves(self.space, self.P)
        cache = self._ci.setdefault(coalition, {})
        todo = np.array([s for s in np.asarray(sources).tolist() if s not in cache],
                        dtype=np.int64)
        if todo.size:
            indptr, targets = self._ci_engine.improvements(coalition, todo)
            for q, s in enumerate(todo.tolist()):
                cache[s] = targets[indptr[q]: indptr[q + 1]]
        return [cache[int(s)] for s in np.asarray(sources).tolist()]


# --- breadth-first search over (state, last mover) -------------------------------------------
class LayeredSearch:
    """Breadth-first search over (state, last mover) nodes from one start state.

    Parameters
    ----------
    system:
        The moves of the conflict.
    start:
        Flat index of the start state.
    movers:
        The movers: tuples of DM indices; a single DM moves unilaterally, a coalition of two
        or more by coalitional improvements.
    improving:
        Whether single DMs' steps must be unilateral improvements (else any legal move).

    After :meth:`run`, ``dist[q, s]`` is the layer at which node (s, mover q) is first reached
    (-1 if never) and ``steps[s]`` the fewest steps to state s (0 for the start).
    """

    def __init__(self, system: MoveSystem, start: int, movers: Sequence[tuple[int, ...]],
                 improving: bool = True) -> None:
        self.system = system
        self.start = int(start)
        self.movers = [tuple(m) for m in movers]
        self.improving = improving
        n_nodes = len(self.movers) * system.size
        itype = np.int32 if system.size < 2**31 else np.int64
        self._itype = itype
        self.dist = np.full((len(self.movers), system.size), -1, dtype=np.int32)
        self.parent = np.full((len(self.movers), system.size), -1, dtype=itype)
        self.steps = np.full(system.size, -1, dtype=np.int32)
        self.steps[self.start] = 0
        self.layers = 0
        self.complete = False
        self._n_nodes = n_nodes

    # -- one step of every mover from a set of weighted sources ---------------------------------
    def _advance(self, per_mover_src: Callable[[int], np.ndarray], op: str,
                 dtype: Any) -> list[np.ndarray]:
        out = []
        for q, mover in enumerate(self.movers):
            w = per_mover_src(q)
            if len(mover) == 1:
                uni = self.system.unilateral(mover[0], self.improving)
                out.append(uni.pull(w, op))
            else:
                ident = 0 if op == "sum" else -1
                res = np.full(self.system.size, ident, dtype=dtype)
                src = np.flatnonzero(w != ident)
                if src.size:
                    lists = self.system.coalitional_improvements(mover, src)
                    lens = np.array([len(x) for x in lists], dtype=np.int64)
                    if lens.sum():
                        targets = np.concatenate(lists)
                        vals = np.repeat(w[src], lens)
                        if op == "sum":
                            np.add.at(res, targets, vals)
                        else:
                            np.maximum.at(res, targets, vals)
                out.append(res)
        return out

    def run(self, max_steps: int | None = None,
            stop: Callable[[np.ndarray, int], bool] | None = None) -> LayeredSearch:
        """Expand layer by layer until nothing new is reached, ``max_steps`` layers are done,
        or ``stop(states first reached at this layer, layer)`` returns True."""
        sys_ = self.system
        N = sys_.size
        nq = len(self.movers)
        idx = np.arange(N, dtype=self._itype)
        frontier = [np.zeros(N, dtype=bool) for _ in range(nq)]
        t = 0
        while max_steps is None or t < max_steps:
            t += 1
            if t == 1:
                key0 = np.full(N, -1, dtype=self._itype)
                key0[self.start] = self.start

                def src(q: int, key0: np.ndarray = key0) -> np.ndarray:
                    return key0
            else:
                total = np.zeros(N, dtype=np.int16)
                for f in frontier:
                    total += f

                def src(q: int, total: np.ndarray = total, frontier=frontier) -> np.ndarray:
                    return np.where(total - frontier[q] > 0, idx, -1).astype(self._itype)

            reached = self._advance(src, "max", self._itype)
            new_frontier = []
            any_new = False
            for q in range(nq):
                new = (reached[q] >= 0) & (self.dist[q] < 0)
                if new.any():
                    any_new = True
                    self.dist[q][new] = t
                    self.parent[q][new] = reached[q][new]
                new_frontier.append(new)
            frontier = new_frontier
            if not any_new:
                t -= 1
                self.complete = True
                break
            fresh = np.zeros(N, dtype=bool)
            for f in frontier:
                fresh |= f
            fresh &= self.steps < 0
            self.steps[fresh] = t
            self.layers = t
            if stop is not None and stop(np.flatnonzero(fresh), t):
                break
        else:
            # the bound was reached: complete only if nothing new lies beyond it
            self.complete = False
        return self

    # -- reading paths back ---------------------------------------------------------------------
    def _parent_node(self, q: int, s: int) -> tuple[int | None, int]:
        t = int(self.dist[q, s])
        a = int(self.parent[q, s])
        if t == 1:
            return None, a
        for j in range(len(self.movers)):
            if j != q and self.dist[j, a] == t - 1:
                return j, a
        raise AssertionError("broken parent pointer")  # pragma: no cover

    def best_node(self, s: int) -> int | None:
        """The mover index of the first node of state s on its fewest-steps layer."""
        t = int(self.steps[s])
        if t <= 0:
            return None
        hits = np.flatnonzero(self.dist[:, s] == t)
        return int(hits[0])

    def path_to_node(self, q: int, s: int) -> list[Step]:
        dec = self.system.flat_decimal
        out: list[Step] = []
        node: tuple[int | None, int] = (q, s)
        while node[0] is not None:
            mq, st = node
            prev = self._parent_node(mq, st)
            out.append(Step(self.movers[mq], int(dec[prev[1]]), int(dec[st])))
            node = prev
        out.reverse()
        return out

    def shortest_path(self, s: int) -> list[Step] | None:
        """One shortest path (a list of steps) from the start to state ``s`` (flat index);
        ``[]`` for the start itself, ``None`` if it is not reached."""
        if s == self.start:
            return []
        q = self.best_node(s)
        return None if q is None else self.path_to_node(q, s)

    def shortest_paths_arrays(self, flats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One shortest path to each of many reached states at once (vectorised).

        Returns ``(states, movers)``: ``states[r, :t+1]`` the flat indices along the path to
        ``flats[r]`` (t its fewest steps), ``movers[r, :t]`` the mover indices; -1 pads."""
        flats = np.asarray(flats, dtype=np.int64)
        T = flats.size
        steps = self.steps[flats].astype(np.int64)
        if T and steps.min() < 0:
            raise ValueError("a target is not reached")
        L = int(steps.max()) if T else 0
        states = np.full((T, L + 1), -1, dtype=np.int64)
        movers = np.full((T, max(L, 0)), -1, dtype=np.int64)
        rows = np.arange(T)
        states[rows, steps] = flats
        on = steps > 0
        cur = flats.copy()
        # the first node of each target on its fewest-steps layer
        q = np.where(on, np.argmax(self.dist[:, cur] == steps[None, :], axis=0), -1)
        t = steps.copy()
        while on.any():
            r = rows[on]
            movers[r, t[r] - 1] = q[r]
            a = self.parent[q[r], cur[r]].astype(np.int64)
            states[r, t[r] - 1] = a
            cur[r] = a
            t[r] -= 1
            still = t[r] > 0
            r2 = r[still]
            if r2.size:
                hit = self.dist[:, cur[r2]] == t[r2][None, :]
                hit[q[r2], np.arange(r2.size)] = False
                q[r2] = np.argmax(hit, axis=0)
            on[r[~still]] = False
        return states, movers

    def _predecessors(self, q: int, s: int) -> list[tuple[int | None, int]]:
        """Nodes on the layer before node (s, mover q) from which mover q moves to s, in
        increasing decimal order of their state, then mover order."""
        t = int(self.dist[q, s])
        mover = self.movers[q]
        if t == 1:
            return [(None, self.start)]
        sys_ = self.system
        if len(mover) == 1:
            cands = sys_.moves_to(mover[0], s, self.improving)
        else:
            cands = self._coalition_sources(mover, s)
        out: list[tuple[int | None, int]] = []
        for a in cands.tolist():
            for j in range(len(self.movers)):
                if j != q and self.dist[j, a] == t - 1:
                    out.append((j, a))
        out.sort(key=lambda node: (int(sys_.flat_decimal[node[1]]), node[0]))
        return out

    def _coalition_sources(self, coalition: tuple[int, ...], s: int) -> np.ndarray:
        sys_ = self.system
        coords = sys_.coords(s)
        grids = [np.arange(sys_.space.shape[d]) if d in coalition else np.array([coords[d]])
                 for d in range(sys_.n)]
        mesh = np.meshgrid(*grids, indexing="ij")
        flat = sum(mesh[d].ravel() * sys_.strides[d] for d in range(sys_.n)).astype(np.int64)
        flat = flat[sys_.feasible[flat]]
        lists = sys_.coalitional_improvements(coalition, flat)
        return np.array([a for a, tg in zip(flat.tolist(), lists, strict=True)
                         if np.any(tg == s)], dtype=np.int64)

    def all_shortest_paths(self, s: int, limit: int) -> list[list[Step]]:
        """Shortest paths from the start to state ``s``, at most ``limit`` of them, in a
        fixed order (by the decimals of the states they pass through)."""
        if s == self.start:
            return [[]]
        t = int(self.steps[s])
        if t <= 0 or limit <= 0:
            return []
        dec = self.system.flat_decimal
        found: list[list[Step]] = []
        ends = [q for q in range(len(self.movers)) if self.dist[q, s] == t]

        def back(node: tuple[int, int], suffix: list[Step]) -> None:
            q, st = node
            for prev in self._predecessors(q, st):
                if len(found) >= limit:
                    return
                step = Step(self.movers[q], int(dec[prev[1]]), int(dec[st]))
                if prev[0] is None:
                    found.append([step, *suffix])
                else:
                    back((prev[0], prev[1]), [step, *suffix])

        for q in ends:
            if len(found) >= limit:
                break
            back((q, s), [])
        found.sort(key=lambda p: [(st.source, st.target, st.mover) for st in p])
        return found

    def count_paths(self) -> np.ndarray:
        """Number of shortest paths from the start to every state (object array of Python
        ints when the counts outgrow 64 bits; 0 where unreached, 1 at the start)."""
        try:
            return self._count(np.int64)
        except OverflowError:
            return self._count(object)

    def _count(self, dtype: Any) -> np.ndarray:
        N = self.system.size
        nq = len(self.movers)
        totals = np.zeros(N, dtype=dtype)
        totals[self.start] = 1
        prev: list[np.ndarray] = []
        for t in range(1, self.layers + 1):
            if t == 1:
                w0 = np.zeros(N, dtype=dtype)
                w0[self.start] = 1

                def src(q: int, w0: np.ndarray = w0) -> np.ndarray:
                    return w0
            else:
                tot = prev[0].copy()
                for p in prev[1:]:
                    tot = tot + p
                if dtype is np.int64 and float(tot.astype(np.float64).sum()) * (nq + 1) \
                        >= _INT64_SAFE:
                    raise OverflowError

                def src(q: int, tot: np.ndarray = tot, prev=prev) -> np.ndarray:
                    return tot - prev[q]

            pulled = self._advance(src, "sum", dtype)
            cur = []
            for q in range(nq):
                on_layer = self.dist[q] == t
                c = np.where(on_layer, pulled[q], 0).astype(dtype, copy=False)
                cur.append(c)
                first = on_layer & (self.steps == t)
                if first.any():
                    totals[first] = totals[first] + c[first]
            prev = cur
        return totals


# --- the analysis ----------------------------------------------------------------------------
@dataclass
class StatusQuoAnalysis:
    """The result of :func:`status_quo_analysis`.

    Attributes
    ----------
    conflict:
        The model.
    start:
        Decimal of the start state.
    moves:
        ``"ui"``, ``"any"`` or ``"coalition"``.
    max_steps:
        The bound on steps, or None.
    search:
        The breadth-first search (fewest steps, parents).
    equilibrium_decimals:
        ``{concept: decimals of the model's equilibria}`` for the concepts asked.
    targets:
        Decimals of the states whose every shortest path is listed (``--to``).
    max_paths:
        At most this many paths per target.
    skipped:
        Default concepts left out of the stability analysis, with the reason.
    """

    conflict: Conflict
    start: int
    moves: str
    max_steps: int | None
    search: LayeredSearch
    equilibrium_decimals: dict[str, np.ndarray] = field(default_factory=dict)
    targets: list[int] = field(default_factory=list)
    max_paths: int = 20
    skipped: dict[str, str] = field(default_factory=dict)
    _counts: np.ndarray | None = field(default=None, repr=False)
    _reach: tuple[np.ndarray, list[str]] | None = field(default=None, repr=False)

    @property
    def system(self) -> MoveSystem:
        return self.search.system

    def _flat(self, state: str | int) -> int:
        d = self.conflict.decimal(state) if isinstance(state, str) else int(state)
        return self.system.flat(d)

    def _reached(self) -> tuple[np.ndarray, list[str]]:
        """Flat indices of the reached states in increasing decimal order, and patterns."""
        if self._reach is None:
            flats = np.flatnonzero(self.search.steps >= 0)
            flats = flats[np.argsort(self.system.flat_decimal[flats], kind="stable")]
            self._reach = (flats, self.conflict.patterns(self.system.flat_decimal[flats]))
        return self._reach

    def reachable(self) -> dict[str, int]:
        """``{pattern: fewest steps}`` over the states reached, in increasing decimal order."""
        flats, pats = self._reached()
        return dict(zip(pats, self.search.steps[flats].tolist(), strict=True))

    def by_step(self) -> dict[int, list[str]]:
        """``{t: [patterns first reached after t steps]}`` for t = 1, 2, … (the last step
        reported is the last at which a new state is reached)."""
        flats, pats = self._reached()
        steps = self.search.steps[flats]
        out: dict[int, list[str]] = {t: [] for t in range(1, int(steps.max()) + 1)}
        for p, t in zip(pats, steps.tolist(), strict=True):
            if t > 0:
                out[t].append(p)
        return out

    def steps_to(self, state: str | int) -> int | None:
        """Fewest steps from the start to ``state``, or None when it is not reached."""
        t = int(self.search.steps[self._flat(state)])
        return None if t < 0 else t

    @property
    def equilibria(self) -> dict[str, list[str]]:
        """``{concept: [the model's equilibria]}`` (reachable or not)."""
        return {c: self.conflict.patterns(d) for c, d in self.equilibrium_decimals.items()}

    def _reachable_equilibria(self) -> dict[str, np.ndarray]:
        out = {}
        for c, d in self.equilibrium_decimals.items():
            flats = self.system.space.flat_of_decimals(d)
            out[c] = d[self.search.steps[flats] >= 0]
        return out

    @property
    def equilibria_reachable(self) -> dict[str, list[str]]:
        """``{concept: [reachable equilibria]}`` in increasing decimal order."""
        return {c: self.conflict.patterns(d) for c, d in self._reachable_equilibria().items()}

    def shortest_path(self, state: str | int) -> list[Step] | None:
        """One shortest path to ``state`` (``[]`` for the start; None if unreached)."""
        return self.search.shortest_path(self._flat(state))

    def all_shortest_paths(self, state: str | int, limit: int | None = None) -> list[list[Step]]:
        """Every shortest path to ``state``, at most ``limit`` (default :attr:`max_paths`)."""
        return self.search.all_shortest_paths(self._flat(state),
                                              self.max_paths if limit is None else limit)

    def _count_array(self) -> np.ndarray:
        if self._counts is None:
            self._counts = self.search.count_paths()
        return self._counts

    def count_paths(self, state: str | int) -> int:
        """The number of shortest paths from the start to ``state`` (0 if unreached)."""
        return int(self._count_array()[self._flat(state)])

    def _path_targets(self) -> tuple[list[int], np.ndarray]:
        """The ``--to`` targets, and the reachable equilibria that are not among them."""
        eq = self._reachable_equilibria()
        decs = np.unique(np.concatenate([d for d in eq.values()] or [np.zeros(0, np.int64)]))
        decs = decs[~np.isin(decs, np.array(self.targets, dtype=np.int64))]
        return list(self.targets), decs

    def _paths_json(self) -> tuple[dict[str, list], dict[str, int]]:
        """``paths`` and ``paths_total`` of the JSON contract, built in bulk."""
        c = self.conflict
        full, one = self._path_targets()
        counts = self._count_array()
        flat_of = self.system.space.flat_of_decimals
        names = [s.mover_name(c) for s in
                 (Step(m, 0, 0) for m in self.search.movers)]
        changed_cache: dict[tuple[int, int], dict[str, str]] = {}
        ids = c.option_ids

        def changed(src: int, dst: int) -> dict[str, str]:
            key = (src ^ dst, dst & (src ^ dst))
            if key not in changed_cache:
                x = key[0]
                changed_cache[key] = {ids[k]: ("Y" if (dst >> k) & 1 else "N")
                                      for k in range(len(ids)) if (x >> k) & 1}
            return changed_cache[key]

        paths: dict[int, list] = {}
        totals: dict[int, int] = {}
        for d in full:
            paths[d] = [[s.to_dict(c) for s in p] for p in self.all_shortest_paths(d)]
        if one.size:
            flats = flat_of(one)
            states, movers = self.search.shortest_paths_arrays(flats)
            dec = self.system.flat_decimal
            sdec = np.where(states >= 0, dec[np.maximum(states, 0)], -1)
            uniq = np.unique(sdec[sdec >= 0])
            pat = dict(zip(uniq.tolist(), c.patterns(uniq), strict=True))
            sd = sdec.tolist()
            mv = movers.tolist()
            for r, d in enumerate(one.tolist()):
                row, mrow = sd[r], mv[r]
                path = []
                for k, q in enumerate(mrow):
                    if q < 0:
                        break
                    a, b = row[k], row[k + 1]
                    path.append({"mover": names[q], "changed": changed(a, b),
                                 "from": pat[a], "to": pat[b]})
                paths[d] = [path]
        all_d = np.array(sorted(paths), dtype=np.int64)
        pats = c.patterns(all_d)
        tot = counts[flat_of(all_d)].tolist() if all_d.size else []
        for d, n in zip(all_d.tolist(), tot, strict=True):
            totals[d] = int(n)
        return ({p: paths[d] for p, d in zip(pats, all_d.tolist(), strict=True)},
                {p: totals[d] for p, d in zip(pats, all_d.tolist(), strict=True)})

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``detente paths``: ``start``, ``reachable``, ``by_step``,
        ``paths``, ``paths_total``, ``equilibria_reachable`` (and ``moves``, ``max_steps``,
        ``complete``, ``skipped``)."""
        paths, totals = self._paths_json()
        return {
            "start": self.conflict.pattern(self.start),
            "moves": self.moves,
            "max_steps": self.max_steps,
            "complete": self.search.complete,
            "reachable": self.reachable(),
            "by_step": {str(t): pats for t, pats in self.by_step().items()},
            "paths": paths,
            "paths_total": totals,
            "equilibria_reachable": self.equilibria_reachable,
            "skipped": dict(self.skipped),
        }


def status_quo_analysis(
    conflict: Conflict,
    start: str | int | None = None,
    *,
    moves: str = "ui",
    max_steps: int | None = None,
    to: str | int | Sequence[str | int] | None = None,
    max_paths: int = 20,
    concepts: Iterable[str] | str | None = None,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    analysis: Any = None,
) -> StatusQuoAnalysis:
    """Which states are reachable from ``start`` by legal sequences of moves, in how few
    steps, by which paths, and which equilibria are among them.

    Parameters
    ----------
    conflict:
        The model.
    start:
        The start state: a pattern, ``"status_quo"``, or a decimal. Default: the model's
        status quo (required when the model declares none).
    moves:
        ``"ui"`` (unilateral improvements, the default), ``"any"`` (any unilateral moves) or
        ``"coalition"`` (unilateral improvements and coalitional improvements).
    max_steps:
        Stop after this many steps (default: until nothing new is reached).
    to:
        Target state(s) whose every shortest path is listed (at most ``max_paths`` each).
    concepts:
        Solution concepts whose reachable equilibria are reported (as in
        :func:`~detente.graph.analysis.analyze`; default its default set).
    max_memory:
        Bytes the analysis may use.
    analysis:
        An :class:`~detente.graph.analysis.Analysis` of ``conflict`` whose equilibria are
        reported (computed with ``concepts`` when not given; ``concepts`` is then unused).

    Returns
    -------
    StatusQuoAnalysis

    Raises
    ------
    ModelError
        For an unknown kind of move, a missing or infeasible start, a negative bound.

    Examples
    --------
    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> r = status_quo_analysis(pd, "YY", moves="ui", concepts="nash")
    >>> r.reachable(), r.equilibria_reachable
    ({'NN': 2, 'YN': 1, 'NY': 1, 'YY': 0}, {'nash': ['NN']})
    >>> r.count_paths("NN")
    2

    References
    ----------
    Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model
    for conflict resolution. *Journal of the Operational Research Society* 56: 699–707.
    """
    from detente.graph.analysis import analyze

    if moves not in MOVES:
        raise ModelError(f"unknown kind of move {moves!r}: use one of {', '.join(MOVES)}",
                         field="--moves")
    if max_steps is not None and max_steps < 0:
        raise ModelError("the number of steps must be 0 or more", field="--max-steps")
    if max_paths < 0:
        raise ModelError("the number of paths must be 0 or more", field="--max-paths")
    tick = progress or (lambda _m: None)
    if start is None:
        if conflict.status_quo is None:
            raise ModelError("the model declares no status quo: give the start state "
                             "(a pattern such as " + "N" * conflict.n_options + ")",
                             field="--from")
        start_dec = conflict.status_quo
    elif isinstance(start, str):
        start_dec = conflict.parse_state(start)
    else:
        start_dec = int(start)
    targets: list[int] = []
    if to is not None:
        for t in [to] if isinstance(to, str | int) else list(to):
            targets.append(conflict.parse_state(t) if isinstance(t, str) else int(t))
    result = analysis if analysis is not None else analyze(conflict, concepts,
                                                            max_memory=max_memory)
    tick("stability analysed")
    space = result.space
    assert space is not None
    system = MoveSystem(space, tensor_payoffs(space, result.payoffs))
    start_flat = system.flat(start_dec)
    for d in targets:
        system.flat(d)  # checks feasibility
    movers = movers_for(space.n_dms, moves)
    if moves == "coalition":
        from detente.graph.coalitions import WORK_LIMIT, CoalitionalMoves

        system._ci_engine = CoalitionalMoves(space, system.P)
        work = sum(system._ci_engine.search_work(m) for m in movers if len(m) > 1)
        if work > WORK_LIMIT:
            raise ModelError(
                f"coalitional moves would need searches over about {work:.2g} (state, move) "
                f"pairs in this model of {space.n_feasible:,} states, above the limit of "
                f"{WORK_LIMIT:.2g}: use --moves ui or --moves any, or a smaller model",
                field="--moves")
    search = LayeredSearch(system, start_flat, movers, improving=(moves != "any"))
    search.run(max_steps=max_steps)
    tick("reachable states found")
    return StatusQuoAnalysis(
        conflict=conflict,
        start=start_dec,
        moves=moves,
        max_steps=max_steps,
        search=search,
        equilibrium_decimals={c: result.decimals[result.equilibrium_mask(c)]
                              for c in result.concepts},
        targets=targets,
        max_paths=max_paths,
        skipped=dict(result.skipped),
    )
