"""Reachability from the status quo under one preference profile, on explicit moves.

Status quo analysis (Li, Kilgour & Hipel 2005, "Status quo analysis in the graph model for
conflict resolution", *J. Oper. Res. Soc.* 56: 699–707): the decision makers move one at a
time, no one twice in a row, each move a unilateral improvement of its mover (``ui``) or
any legal unilateral move (``any``). A breadth-first search over (state, last mover) gives
the fewest moves to every state and one shortest path. This is the small-model counterpart
of :mod:`detente.graph.paths` for inverse problems, which ask it of many profiles.

>>> import detente
>>> from detente.graph.space import StateSpace
>>> from detente.graph.preferences import payoff_ranks
>>> from detente.graph.inverse.local import UnilateralMoves
>>> cuban = detente.load("cuban-missile-crisis")
>>> space = StateSpace(cuban); moves = UnilateralMoves(space)
>>> P = payoff_ranks(space).reshape(2, -1)[:, space.feasible_index]
>>> r = Reach(moves, P, moves.position(cuban.status_quo))
>>> r.steps(moves.position(cuban.decimal("NNYN")))
3
>>> [(m, cuban.pattern(int(moves.decimals[p]))) for m, p in r.path(moves.position(
...     cuban.decimal("NNYN")))]
[(0, 'NYNN'), (1, 'NYYN'), (0, 'NNYN')]
"""

from __future__ import annotations

import numpy as np

from detente.graph.inverse.local import UnilateralMoves

__all__ = ["Reach", "reach_steps"]


def reach_steps(moves: UnilateralMoves, ranks: np.ndarray, start: int, target: int,
                improving: bool = True) -> np.ndarray:
    """Fewest moves from ``start`` to ``target`` under each of many profiles at once
    (``ranks``: ``(profiles, n_dms, N)``), -1 where the target is not reachable (compiled;
    the same search as :class:`Reach`)."""
    from detente.graph.inverse._kernels import reach_steps as kernel

    n = moves.n_dms
    ptr = np.stack([p for p in moves.indptr]).astype(np.int64)
    width = max(1, max(len(x) for x in moves.indices))
    idx = np.zeros((n, width), dtype=np.int64)
    for j, x in enumerate(moves.indices):
        idx[j, : len(x)] = x
    out = np.empty(ranks.shape[0], dtype=np.int64)
    kernel(ptr, idx, np.ascontiguousarray(ranks, dtype=np.int32), int(start), int(target),
           improving, out)
    return out


class Reach:
    """Fewest moves from ``start`` to every state, and a shortest path.

    ``ranks``: ``(n_dms, N)`` dense ranks (ignored for ``improving=False``)."""

    def __init__(self, moves: UnilateralMoves, ranks: np.ndarray | None, start: int,
                 improving: bool = True) -> None:
        n, N = moves.n_dms, moves.n
        self.moves = moves
        self.start = start
        # dist[j, x]: fewest moves reaching x with j the last mover (-1: never)
        self.dist = np.full((n, N), -1, dtype=np.int64)
        self.parent = np.full((n, N, 2), -1, dtype=np.int64)  # (previous state, its mover)
        if improving and ranks is None:
            raise ValueError("Reach: an improving search needs the ranks")
        edges = []
        for j in range(n):
            src = np.repeat(np.arange(N), np.diff(moves.indptr[j]))
            dst = moves.indices[j]
            if ranks is not None and improving:
                keep = ranks[j][dst] > ranks[j][src]
                src, dst = src[keep], dst[keep]
            edges.append((src, dst))
        # frontier[j, x]: x reached at the current step with last mover j (j = n: the start)
        frontier = np.zeros((n + 1, N), dtype=bool)
        frontier[n, start] = True
        step = 0
        while frontier.any():
            step += 1
            new = np.zeros((n + 1, N), dtype=bool)
            for j in range(n):
                src, dst = edges[j]
                may = frontier[np.array([k for k in range(n + 1) if k != j])]
                ok = may.any(axis=0)[src]
                s_ok, d_ok = src[ok], dst[ok]
                fresh = self.dist[j][d_ok] < 0
                s_ok, d_ok = s_ok[fresh], d_ok[fresh]
                if not len(d_ok):
                    continue
                d_first, first = np.unique(d_ok, return_index=True)
                prev = s_ok[first]
                # the mover before j: any last mover of prev on the frontier other than j
                movers = frontier[:, prev].copy()
                movers[j] = False
                pm = np.argmax(movers, axis=0)
                self.dist[j][d_first] = step
                self.parent[j][d_first, 0] = prev
                self.parent[j][d_first, 1] = np.where(pm == n, -1, pm)
                new[j][d_first] = True
            frontier = new

    def steps(self, p: int) -> int | None:
        """Fewest moves to position p (0 for the start itself), None when unreachable."""
        if p == self.start:
            return 0
        d = self.dist[:, p]
        d = d[d >= 0]
        return int(d.min()) if len(d) else None

    def path(self, p: int) -> list[tuple[int, int]]:
        """A shortest path to p as (mover, state reached) pairs ([] for the start)."""
        if p == self.start or self.steps(p) is None:
            return []
        d = self.dist[:, p].astype(float)
        d[d < 0] = np.inf
        j = int(np.argmin(d))
        out = []
        x = p
        while j >= 0:
            out.append((j, x))
            x, j = int(self.parent[j][x, 0]), int(self.parent[j][x, 1])
        return out[::-1]
