"""Explicit unilateral moves of a small model, and the states that matter around one target.

Inverse problems ask the same question of many preference profiles over one state space, on
models of up to a few thousand states. There the move graph is small enough to list: for
every decision maker (DM) j, the legal targets of every feasible state in compressed rows
(CSR). The rules are the engine's (:mod:`detente.graph.moves`; Fang, Hipel & Kilgour 1993,
ch. 3): a move of j from s goes to a feasible state s' ≠ s in j's block (the other DMs'
strategies unchanged), forward-only options never fall, backward-only options never rise
(with the backward bits flipped: ``bits[a] ⊆ bits[b]``), and j misperceives neither state.

:class:`TargetNeighbourhood` collects, for a target state s, everything the stability
definitions look at and that does not depend on preferences: each DM i's moves R_i(s), the
states its opponents H = N − {i} reach from each of them by legal sequences of any moves
(R_H(s1), Fang, Hipel & Kilgour 1993; no DM moving twice in a row, Xu, Hipel & Kilgour
2009), and the opponents' moves inside that region (the only moves a SEQ sanction can use).

Examples
--------
>>> import detente
>>> from detente.graph.space import StateSpace
>>> cuban = detente.load("cuban-missile-crisis")
>>> moves = UnilateralMoves(StateSpace(cuban))
>>> s = moves.position(cuban.decimal("NNNN"))
>>> [cuban.pattern(d) for d in moves.decimals[moves.targets(0, s)]]
['YNNN', 'NYNN', 'YYNN']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detente.graph.moves import move_model
from detente.graph.space import StateSpace
from detente.model.errors import ModelError
from detente.model.feasibility import not_feasible

__all__ = ["UnilateralMoves", "TargetNeighbourhood", "reach_any", "MAX_EDGES"]

#: Most moves (over all DMs) an explicit move list may hold: about 16 bytes each.
MAX_EDGES = 50_000_000


class UnilateralMoves:
    """Every DM's legal unilateral moves between feasible states, as CSR lists.

    States are *positions* 0 … N−1 among the feasible states in increasing decimal order
    (``decimals``). ``indptr[j]``, ``indices[j]``: the targets of DM j from position p are
    ``indices[j][indptr[j][p]:indptr[j][p + 1]]``, increasing.
    """

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        self.n_dms = space.n_dms
        self.n = space.n_feasible
        self.decimals = space.feasible_decimals
        pos_of = np.full(space.size, -1, dtype=np.int64)
        pos_of[space.feasible_index] = np.arange(self.n)
        estimate = sum(self.n * (ax.size - 1) for ax in space.axes)
        if estimate > MAX_EDGES:
            raise ModelError(
                f"an inverse analysis lists every move explicitly: this model has "
                f"{self.n:,} feasible states and up to {estimate:,} moves (more than "
                f"{MAX_EDGES:,}). It is meant for models of up to a few thousand states; "
                "analyse a smaller model (fewer options, or exclusive groups)")
        self.indptr: list[np.ndarray] = []
        self.indices: list[np.ndarray] = []
        model = move_model(space)
        for j, ax in enumerate(space.axes):
            valid = model.valid_rows(j)
            flat = np.moveaxis(np.arange(space.size).reshape(space.shape), j, -1).reshape(
                -1, ax.size)
            src_l, dst_l = [], []
            for a in range(ax.size):
                ok_b = model.legal(j, a, np.arange(ax.size))
                for b in np.flatnonzero(ok_b):
                    rows = valid[:, a] & valid[:, b]
                    src_l.append(pos_of[flat[rows, a]])
                    dst_l.append(pos_of[flat[rows, b]])
            src = np.concatenate(src_l) if src_l else np.zeros(0, dtype=np.int64)
            dst = np.concatenate(dst_l) if dst_l else np.zeros(0, dtype=np.int64)
            order = np.lexsort((dst, src))
            src, dst = src[order], dst[order]
            indptr = np.zeros(self.n + 1, dtype=np.int64)
            np.add.at(indptr, src + 1, 1)
            self.indptr.append(np.cumsum(indptr))
            self.indices.append(dst.astype(np.int64))

    def position(self, decimal: int) -> int:
        """The position of a feasible state; ModelError when it is not feasible."""
        p = int(np.searchsorted(self.decimals, decimal))
        if p >= self.n or int(self.decimals[p]) != decimal:
            c = self.space.conflict
            raise not_feasible(c, decimal)
        return p

    def targets(self, j: int, p: int) -> np.ndarray:
        """R_j(p): DM j's legal targets from position p."""
        return self.indices[j][self.indptr[j][p]:self.indptr[j][p + 1]]

    def n_edges(self) -> int:
        return int(sum(len(x) for x in self.indices))


def reach_any(moves: UnilateralMoves, start: int, movers: Sequence[int]) -> np.ndarray:
    """R_H(start): positions reached by one or more legal moves of the DMs ``movers``, no DM
    moving twice in a row (breadth-first over (state, last mover)); increasing."""
    seen: set[tuple[int, int]] = set()
    reached: set[int] = set()
    queue = deque([(start, -1)])
    while queue:
        p, last = queue.popleft()
        for j in movers:
            if j == last:
                continue
            for q in moves.targets(j, p).tolist():
                if (q, j) not in seen:
                    seen.add((q, j))
                    reached.add(q)
                    queue.append((q, j))
    return np.array(sorted(reached), dtype=np.int64)


@dataclass
class FocalRegion:
    """What DM i's stability at the target looks at (positions are global).

    ``moves``: R_i(s); ``sanctions[t]``: R_H(moves[t]); ``region``: the union of every
    ``moves[t]`` and its R_H, increasing; ``escapes``: R_i(x) for each x of ``region`` (for
    SMR), as CSR over region order; ``edges[j]``: (source, target) pairs of opponent j's moves
    with both ends in ``region``.
    """

    dm: int
    moves: np.ndarray
    sanctions: list[np.ndarray]
    region: np.ndarray
    escape_ptr: np.ndarray
    escape_idx: np.ndarray
    edges: dict[int, tuple[np.ndarray, np.ndarray]]


class TargetNeighbourhood:
    """The preference-free structure of the stability definitions around target ``s``."""

    def __init__(self, moves: UnilateralMoves, target: int) -> None:
        self.moves = moves
        self.target = target
        n = moves.n_dms
        self.focal: list[FocalRegion] = []
        for i in range(n):
            H = [j for j in range(n) if j != i]
            mv = moves.targets(i, target)
            sanctions = [reach_any(moves, int(s1), H) for s1 in mv]
            region = np.unique(np.concatenate([mv, *sanctions])) if len(mv) else \
                np.zeros(0, dtype=np.int64)
            ptr = [0]
            idx: list[np.ndarray] = []
            for x in region.tolist():
                t = moves.targets(i, x)
                idx.append(t)
                ptr.append(ptr[-1] + len(t))
            esc_idx = np.concatenate(idx) if idx else np.zeros(0, dtype=np.int64)
            inside = np.zeros(moves.n, dtype=bool)
            inside[region] = True
            edges = {}
            for j in H:
                src_l, dst_l = [], []
                for x in region.tolist():
                    t = moves.targets(j, x)
                    t = t[inside[t]]
                    src_l.append(np.full(len(t), x, dtype=np.int64))
                    dst_l.append(t)
                edges[j] = (np.concatenate(src_l) if src_l else np.zeros(0, np.int64),
                            np.concatenate(dst_l) if dst_l else np.zeros(0, np.int64))
            self.focal.append(FocalRegion(i, mv, sanctions, region,
                                          np.array(ptr, dtype=np.int64), esc_idx, edges))

    def columns(self, k: int) -> np.ndarray:
        """The positions whose rank for DM k any verdict at the target reads: the target,
        k's own moves, sanctions and escapes, and both ends of k's moves in the other DMs'
        regions (increasing)."""
        f = self.focal[k]
        parts = [np.array([self.target]), f.moves, f.region, f.escape_idx]
        for other in self.focal:
            if other.dm != k:
                parts.extend(other.edges[k])
        return np.unique(np.concatenate(parts))
