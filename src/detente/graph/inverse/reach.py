"""Reachability from the status quo under one preference profile, on explicit moves.

Status quo analysis (Li, Kilgour & Hipel 2005, "Status quo analysis in the graph model for
conflict resolution", *J. Oper. Res. Soc.* 56: 699–707): the decision makers move one at a
time, no one twice in a row, each move a unilateral improvement of its mover (``ui``) or
any legal unilateral move (``any``). With ``coalition`` moves (as ``detente paths --moves
coalition``, :mod:`detente.graph.paths`) a mover is also a coalition H of two or more DMs,
whose step is a *coalitional improvement* (Kilgour, Hipel, Fang & Peng 2001, "Coalition
analysis in group decision support", *Group Decision and Negotiation* 10: 159–175; Inohara
& Hipel 2008, "Coalition analysis in the graph model for conflict resolution", *Systems
Engineering* 11: 343–359): a state of R_H(s) — reached from s by a legal sequence of the
members' own moves — that every member strictly prefers to s; a coalition may follow one of
its members but not itself. A breadth-first search over (state, last mover) gives the fewest
moves to every state and one shortest path. This is the small-model counterpart of
:mod:`detente.graph.paths` for inverse problems, which ask it of many profiles; R_H does not
depend on preferences, so :class:`CoalitionReach` lists it once for every profile.

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

With coalition moves (as ``detente paths --moves coalition`` finds), after the blockade the
two sides make the last two changes together, one step instead of two:

>>> both = CoalitionReach(moves)
>>> r = Reach(moves, P, moves.position(cuban.status_quo), coalitions=both)
>>> [(r.mover_name(cuban, m), cuban.pattern(int(moves.decimals[p]))) for m, p in r.path(
...     moves.position(cuban.decimal("NNYN")))]
[('United States', 'NYNN'), ('United States+Soviet Union', 'NNYN')]
"""

from __future__ import annotations

import math

import numpy as np

from detente.graph.inverse.local import MAX_EDGES, UnilateralMoves
from detente.graph.search import movers_for
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = ["Reach", "CoalitionReach", "reach_steps", "REACH_WORK_LIMIT"]

#: Most (node, step) pairs the breadth-first searches of one batch of profiles may examine
#: in the worst case (each profile's search can look at every step of every mover from every
#: (state, last mover) node): about 10 s compiled.
REACH_WORK_LIMIT = 4e9


class CoalitionReach:
    """R_H(p) for every coalition H of two or more DMs and every position p: the states H's
    members reach from p by legal sequences of their own moves (any moves, no member twice in
    a row; p itself left out). Preference-free, so listed once.

    ``coalitions[c]``: the members of coalition c (the order of
    :func:`~detente.graph.search.movers_for`); ``indptr[c, p]:indptr[c, p + 1]`` indexes
    R_H(p) in ``indices`` (increasing); ``members[c, j]``: whether DM j is in coalition c.
    Refused (ModelError) before any work when the lists could exceed
    :data:`~detente.graph.inverse.local.MAX_EDGES` entries.
    """

    def __init__(self, moves: UnilateralMoves) -> None:
        from detente.graph.inverse._kernels import coalition_reach

        n, N = moves.n_dms, moves.n
        self.coalitions = [m for m in movers_for(n, "coalition") if len(m) > 1]
        shape = moves.space.shape
        estimate = sum(N * min(N, math.prod(int(shape[j]) for j in c))
                       for c in self.coalitions)
        if estimate > MAX_EDGES:
            raise ModelError(
                f"coalition moves: the states each of the {len(self.coalitions)} coalitions "
                f"reaches from each of the {N:,} feasible states could number {estimate:,} "
                f"(more than {MAX_EDGES:,}, about 8 bytes each). Use --moves ui or --moves "
                "any, or a smaller model", field="--moves")
        ptr, idx = dense_moves(moves)
        self.members = np.zeros((len(self.coalitions), n), dtype=np.bool_)
        rows: list[np.ndarray] = []
        lists: list[np.ndarray] = []
        offset = 0
        for c, coalition in enumerate(self.coalitions):
            self.members[c, list(coalition)] = True
            indptr, targets = coalition_reach(ptr, idx, np.array(coalition, dtype=np.int64),
                                              N)
            rows.append(indptr + offset)
            lists.append(targets)
            offset += len(targets)
        self.indptr = (np.stack(rows) if rows else np.zeros((0, N + 1), dtype=np.int64))
        self.indices = (np.concatenate(lists) if lists else np.zeros(0, dtype=np.int64))

    def targets(self, c: int, p: int) -> np.ndarray:
        """R_H(p) for coalition c."""
        return self.indices[self.indptr[c, p]:self.indptr[c, p + 1]]

    def n_steps(self) -> int:
        """Entries of every R_H(p) list."""
        return len(self.indices)


def dense_moves(moves: UnilateralMoves) -> tuple[np.ndarray, np.ndarray]:
    """The DMs' move lists as 2-D arrays for the compiled searches: ``ptr[j, p]`` …
    ``ptr[j, p + 1]`` index DM j's targets from p in row j of ``idx``."""
    n = moves.n_dms
    ptr = np.stack(list(moves.indptr)).astype(np.int64)
    width = max(1, max(len(x) for x in moves.indices))
    idx = np.zeros((n, width), dtype=np.int64)
    for j, x in enumerate(moves.indices):
        idx[j, : len(x)] = x
    return ptr, idx


def search_work(moves: UnilateralMoves, coalitions: CoalitionReach | None = None) -> float:
    """Worst-case (node, step) pairs of one profile's search from the status quo: every
    (state, last mover) node looking at every step of every mover from its state."""
    movers = moves.n_dms + (len(coalitions.coalitions) if coalitions is not None else 0)
    steps = moves.n_edges() + (coalitions.n_steps() if coalitions is not None else 0)
    return float(movers) * float(steps) + float(moves.n)


def reach_steps(moves: UnilateralMoves, ranks: np.ndarray, start: int, target: int,
                improving: bool = True,
                coalitions: CoalitionReach | None = None) -> np.ndarray:
    """Fewest moves from ``start`` to ``target`` under each of many profiles at once
    (``ranks``: ``(profiles, n_dms, N)``), -1 where the target is not reachable (compiled;
    the same search as :class:`Reach`). With ``coalitions``, coalitional improvements are
    steps too (``improving`` must then be True)."""
    from detente.graph.inverse._kernels import reach_steps as kernel

    ptr, idx = dense_moves(moves)
    out = np.empty(ranks.shape[0], dtype=np.int64)
    R = np.ascontiguousarray(ranks, dtype=np.int32)
    if coalitions is None:  # no coalition rows: the DMs' moves only
        cptr = np.zeros((0, moves.n + 1), dtype=np.int64)
        cidx = np.zeros(0, dtype=np.int64)
        cmem = np.zeros((0, moves.n_dms), dtype=np.bool_)
    elif not improving:
        raise ValueError("coalition moves are improvements")
    else:
        cptr, cidx, cmem = coalitions.indptr, coalitions.indices, coalitions.members
    kernel(ptr, idx, cptr, cidx, cmem, R, int(start), int(target), improving, out)
    return out


class Reach:
    """Fewest moves from ``start`` to every state, and a shortest path.

    ``ranks``: ``(n_dms, N)`` dense ranks (ignored for ``improving=False``). With
    ``coalitions`` the movers are the DMs 0 … n−1, then coalition c as mover n + c
    (coalitional improvements; ``improving`` must be True)."""

    def __init__(self, moves: UnilateralMoves, ranks: np.ndarray | None, start: int,
                 improving: bool = True, coalitions: CoalitionReach | None = None) -> None:
        n, N = moves.n_dms, moves.n
        if improving and ranks is None:
            raise ValueError("Reach: an improving search needs the ranks")
        if coalitions is not None and not improving:
            raise ValueError("Reach: coalition moves are improvements")
        self.moves = moves
        self.start = start
        self.coalitions = coalitions
        self.ranks = ranks
        n_c = len(coalitions.coalitions) if coalitions is not None else 0
        m_all = n + n_c
        self.n_movers = m_all
        # dist[q, x]: fewest moves reaching x with q the last mover (-1: never)
        self.dist = np.full((m_all, N), -1, dtype=np.int64)
        self.parent = np.full((m_all, N, 2), -1, dtype=np.int64)  # (previous state, mover)
        edges = []
        for j in range(n):
            src = np.repeat(np.arange(N), np.diff(moves.indptr[j]))
            dst = moves.indices[j]
            if improving and ranks is not None:
                keep = ranks[j][dst] > ranks[j][src]
                src, dst = src[keep], dst[keep]
            edges.append((src, dst))
        if coalitions is not None and ranks is not None:
            for c, coalition in enumerate(coalitions.coalitions):
                row = coalitions.indptr[c]
                src = np.repeat(np.arange(N), np.diff(row))
                dst = coalitions.indices[row[0]:row[-1]]
                keep = np.ones(len(dst), dtype=bool)
                for j in coalition:
                    keep &= ranks[j][dst] > ranks[j][src]
                edges.append((src[keep], dst[keep]))
        # frontier[q, x]: x reached at the current step with last mover q (m_all: the start)
        frontier = np.zeros((m_all + 1, N), dtype=bool)
        frontier[m_all, start] = True
        step = 0
        while frontier.any():
            step += 1
            new = np.zeros((m_all + 1, N), dtype=bool)
            for q in range(m_all):
                src, dst = edges[q]
                may = frontier[np.array([k for k in range(m_all + 1) if k != q])]
                ok = may.any(axis=0)[src]
                s_ok, d_ok = src[ok], dst[ok]
                fresh = self.dist[q][d_ok] < 0
                s_ok, d_ok = s_ok[fresh], d_ok[fresh]
                if not len(d_ok):
                    continue
                d_first, first = np.unique(d_ok, return_index=True)
                prev = s_ok[first]
                # the mover before q: any last mover of prev on the frontier other than q
                movers = frontier[:, prev].copy()
                movers[q] = False
                pm = np.argmax(movers, axis=0)
                self.dist[q][d_first] = step
                self.parent[q][d_first, 0] = prev
                self.parent[q][d_first, 1] = np.where(pm == m_all, -1, pm)
                new[q][d_first] = True
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

    def mover_name(self, conflict: Conflict, q: int) -> str:
        """A mover's name: the DM's, or the members' joined by ``+`` for a coalition (the
        command line's notation, as :func:`~detente.graph.coalitions.coalition_name`)."""
        n = self.moves.n_dms
        if q < n:
            return conflict.dm_names[q]
        if self.coalitions is None:
            raise IndexError(q)
        return "+".join(conflict.dm_names[j] for j in self.coalitions.coalitions[q - n])
