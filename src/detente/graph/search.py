"""Breadth-first search over (state, last mover): the layered search of status quo analysis.

The decision makers (DMs) move one at a time and no mover moves twice in a row (a mover may
move again later: A, B, A is legal — the legal sequences of Fang, Hipel & Kilgour 1993 and
Li, Kilgour & Hipel 2005). A *node* is a (state, last mover) pair; a mover is one DM (a
unilateral move or improvement) or a coalition of two or more DMs (a coalitional
improvement, Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008), which counts as a
mover of its own. The moves themselves come from the move model
(:class:`~detente.graph.moves.MoveSystem`).

Layer t holds the nodes first reached after t steps; a state's fewest steps is the first
layer holding one of its nodes. Every layer is computed for all states at once: for each
mover k, the nodes of the previous layer whose last mover is not k are the *sources*, and one
vectorised reduction over k's block (:meth:`~detente.graph.blocks.BlockMoves.pull`) finds
every state k can reach from a source; coalitions' steps come from a compiled per-source
search. Each reached node keeps one *parent*, so a shortest path to any state is read back in
O(steps).

Counting shortest paths uses the same reductions with sums instead of maxima, layer by layer
(dynamic programming over the layers): a path is never enumerated to be counted. Every
shortest path to one target, up to a limit, is enumerated backwards from the target over the
predecessors lying on the layer before (a prefix of a shortest path is a shortest path to its
end node, because legality depends only on the last mover).

Explanations (:mod:`detente.graph.explain`) run the same search from an improvement,
restricted to the other DMs, to find a shortest sanctioning sequence.

Examples
--------
>>> import detente
>>> from detente.graph.moves import MoveSystem
>>> pd = detente.load("prisoners-dilemma")
>>> a = detente.analyze(pd, "nash")
>>> system = MoveSystem(a.space, a.tensor_payoffs())
>>> search = LayeredSearch(system, system.flat(pd.decimal("YY")), movers_for(2, "ui")).run()
>>> [pd.pattern(int(d)) for d in system.flat_decimal[search.steps == 2]]
['NN']
>>> [st.describe(pd) for st in search.shortest_path(system.flat(pd.decimal("NN")))]
['Prisoner 2: YY → YN', 'Prisoner 1: YN → NN']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from detente.graph.moves import MoveSystem, Step

__all__ = ["LayeredSearch", "movers_for"]

#: Counts of paths at or above this size switch the dynamic programme to exact Python ints.
_INT64_SAFE = float(2**62)


def movers_for(n_dms: int, moves: str, dms: Iterable[int] | None = None) -> list[tuple[int, ...]]:
    """The movers of a search: single DMs, plus every coalition of two or more of them when
    ``moves == "coalition"``."""
    pool = sorted(range(n_dms) if dms is None else set(dms))
    out: list[tuple[int, ...]] = [(i,) for i in pool]
    if moves == "coalition":
        for size in range(2, len(pool) + 1):
            out.extend(combinations(pool, size))
    return out


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
                out.append(self.system.block(mover[0]).pull(w, op, self.improving))
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
        src: Callable[[int], np.ndarray]
        while max_steps is None or t < max_steps:
            t += 1
            if t == 1:
                key0 = np.full(N, -1, dtype=self._itype)
                key0[self.start] = self.start

                def src_first(q: int, key0: np.ndarray = key0) -> np.ndarray:
                    return key0

                src = src_first
            else:
                total = np.zeros(N, dtype=np.int16)
                for f in frontier:
                    total += f

                def src_next(q: int, total: np.ndarray = total,
                             frontier: list[np.ndarray] = frontier) -> np.ndarray:
                    return np.where(total - frontier[q] > 0, idx, -1).astype(self._itype)

                src = src_next

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
        raise RuntimeError(
            f"internal inconsistency: node (state {s}, mover {q}) on layer {t} has no parent "
            "on the layer before; please report this as a bug")

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
            mq, st = node[0], node[1]
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
        src: Callable[[int], np.ndarray]
        for t in range(1, self.layers + 1):
            if t == 1:
                w0 = np.zeros(N, dtype=dtype)
                w0[self.start] = 1

                def src_first(q: int, w0: np.ndarray = w0) -> np.ndarray:
                    return w0

                src = src_first
            else:
                tot = prev[0].copy()
                for p in prev[1:]:
                    tot = tot + p
                if dtype is np.int64 and float(tot.astype(np.float64).sum()) * (nq + 1) \
                        >= _INT64_SAFE:
                    raise OverflowError

                def src_next(q: int, tot: np.ndarray = tot,
                             prev: list[np.ndarray] = prev) -> np.ndarray:
                    return tot - prev[q]

                src = src_next

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
