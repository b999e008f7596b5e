"""Credible sanctions: sequential stability without threats that backfire (FSEQ).

Sequential stability (SEQ; Fraser & Hipel 1984; Fang, Hipel & Kilgour 1993) counts a
sanction as credible when each of its moves is a unilateral improvement (UI) for its mover at
the moment it is made. With three or more decision makers (DMs) that admits threats no
rational sanctioner would carry out: a move that is an improvement now but that one reply
later — by the DM it punishes, or by anyone — leaves the sanctioner worse off than before it
moved. (On the summit model, a US threat to admit Ukraine answered by a Russian intervention,
the outcome the US ranks worst.) That is the classic objection to non-credible threats
(Schelling 1960, *The Strategy of Conflict*; Selten 1975's subgame perfection), and the
graph-model answers to it anticipate the replies to a move: the limited-move stabilities of
Kilgour (1985) and Fang, Hipel & Kilgour (1993, ch. 5), defined for two DMs, and the policy
equilibria of Zeng, Fang, Hipel & Kilgour (2007, *IEEE Trans. SMC-A* 37(4): 456–463), whose
policies span every state and cannot be searched at scale.

détente's refinement gives each sanctioner exactly one reply of foresight, the first step of
Kilgour's anticipation, made pessimistic because with three or more DMs nobody knows who
moves next:

- A move of DM j from x to y is **credible** when it is a UI of j (P_j(y) > P_j(x)) and no
  DM k has a UI from y to a state z that j ranks below x (P_j(z) < P_j(x)). Otherwise it is
  **self-defeating**, and (k, z) is an *answer* that defeats it.
- R^c_H(s): the states the DMs of H reach from s by legal sequences (no DM twice in a row)
  of credible moves.
- **FSEQ** (sequential stability with foresighted sanctioners): s is stable for DM i when
  every UI s1 of i has a sanction s2 ∈ R^c_H(s1), H = N − {i}, with P_i(s2) ≤ P_i(s).

Every credible move is a UI, so Nash ⊆ FSEQ ⊆ SEQ. For a one-move sanction (all sanctions
with two DMs) "one reply later" is the reply from where the sanction ends; in a longer
sanction each sanctioner is judged on the replies available right after its own move, the
sanction's next move among them. The states whose SEQ stability for a DM rests only on
self-defeating sanctions are SEQ ∖ FSEQ (:func:`self_defeating_mask`).

How it is computed (vectorised like SEQ): with W_j(y) = min of P_j over every DM's UIs from
y, a move x → y of j is credible exactly when P_j(x) < K_j(y), K_j(y) = min(P_j(y),
W_j(y) + 1). W_j costs one block reduction per other DM; the reductions "over j's moves to
targets whose K_j exceeds the source's P_j" generalise the improvement reductions of
:mod:`detente.graph.blocks` to two keys (targets sorted by K_j, each source's threshold found
by a row-wise binary search; class by class for irreversible options), and FSEQ is then the
SEQ relaxation of :mod:`detente.graph.stability` over them. :class:`CredibleMoveSystem` plugs
the same moves into the layered searches of :mod:`detente.graph.search`, for witnesses.

Examples
--------
>>> import detente
>>> chicken = detente.load("chicken")
>>> a = detente.analyze(chicken, concepts="seq,fseq")
>>> a.equilibria["seq"], a.equilibria["fseq"]
(['YN', 'NY'], ['YN', 'NY'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from detente.graph.blocks import MAX_SENTINEL, MIN_SENTINEL, BlockMoves

if TYPE_CHECKING:
    from detente.graph.moves import MoveModel, MoveSystem

__all__ = ["ThresholdBlockMoves", "CredibleMoves", "CredibleMoveSystem", "answers",
           "self_defeating_mask"]


def _rowwise_search(sorted_keys: np.ndarray, queries: np.ndarray,
                    side: Literal["left", "right"]) -> np.ndarray:
    """``np.searchsorted`` of each row of ``queries`` in the same row of ``sorted_keys``
    (integer keys ≥ -1), vectorised by shifting each row into its own key range."""
    R, mt = sorted_keys.shape
    lo = min(int(sorted_keys.min(initial=0)), int(queries.min(initial=0)))
    hi = max(int(sorted_keys.max(initial=0)), int(queries.max(initial=0)))
    span = hi - lo + 2
    offs = (np.arange(R, dtype=np.int64) * span)[:, None]
    flat = (sorted_keys.astype(np.int64) - lo + offs).ravel()
    q = (queries.astype(np.int64) - lo + offs).ravel()
    pos = np.searchsorted(flat, q, side=side).reshape(queries.shape)
    return pos - (np.arange(R, dtype=np.int64) * mt)[:, None]


class ThresholdBlockMoves(BlockMoves):
    """:class:`~detente.graph.blocks.BlockMoves` whose improvements use two keys: a move
    x → y of DM j counts when ``target_key[y] > source_key[x]`` (with both keys j's payoff
    these are its unilateral improvements). Requires ``target_key <= source_key`` at every
    state, so that a state is never a counted move to itself. Reductions over all moves are
    the parent's."""

    def __init__(self, model: MoveModel, j: int, source_key: np.ndarray,
                 target_key: np.ndarray) -> None:
        super().__init__(model, j, source_key)
        if source_key.shape != target_key.shape or (target_key > source_key).any():
            raise ValueError("the target key must not exceed the source key")
        self._tkey = target_key
        self._pairs_cache: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._sorted_pairs_cache: list[tuple[np.ndarray, np.ndarray, np.ndarray,
                                             np.ndarray]] | None = None
        self._merged_cache: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._pull_pairs_cache: list[tuple[np.ndarray, np.ndarray, np.ndarray,
                                           np.ndarray]] | None = None

    def _pairs(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(source columns, target columns) of the class pairs between which moves are
        allowed (one pair, all columns, when every option is reversible)."""
        if self._pairs_cache is None:
            if self.single:
                cols = np.arange(self.m)
                self._pairs_cache = [(cols, cols)]
            else:
                classes, by_class, sources_of = self._class_index()
                self._pairs_cache = [(by_class[c], by_class[d]) for d in classes
                                     for c in sources_of[d]]
        return self._pairs_cache

    def _keys(self) -> tuple[np.ndarray, np.ndarray]:
        S = self.to_rows(self._need_payoff()).astype(np.int64)
        T = np.where(self.valid_rows, self.to_rows(self._tkey), -1).astype(np.int64)
        return S, T

    def _sorted_pairs(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Per class pair: (source columns, target columns, each row's targets sorted by
        their key, and for each source where the targets strictly above its key begin).
        They depend on the keys only, so a relaxation that reduces many value arrays over
        the same moves sorts once (cached)."""
        if self._sorted_pairs_cache is None:
            S, T = self._keys()
            out = []
            for cs, ct in self._pairs():
                Tc = T[:, ct]
                order = np.argsort(Tc, axis=1, kind="stable")
                sT = np.take_along_axis(Tc, order, axis=1)
                # targets strictly above each source's key start after the last key <= it
                pos = _rowwise_search(sT, S[:, cs], "right")
                out.append((cs, ct, order, pos))
            self._sorted_pairs_cache = out
        return self._sorted_pairs_cache

    def _pull_pairs(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """Per class pair, for pulls: (source columns, target columns, each row's sources
        sorted by their key, and for each target how many sources lie strictly below its
        key). They depend on the keys only: a search that pulls layer after layer sorts
        once (cached)."""
        if self._pull_pairs_cache is None:
            S, T = self._keys()
            never = int(max(S.max(initial=0), T.max(initial=0))) + 1  # above every target
            S = np.where(self.valid_rows, S, never)
            out = []
            for cs, ct in self._pairs():
                Sc = S[:, cs]
                order = np.argsort(Sc, axis=1, kind="stable")
                sS = np.take_along_axis(Sc, order, axis=1)
                # sources strictly below each target's key
                out.append((cs, ct, order, _rowwise_search(sS, T[:, ct], "left")))
            self._pull_pairs_cache = out
        return self._pull_pairs_cache

    def _merged(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the compiled kernel: each row as 2m events, the m targets keyed by
        ``target_key`` then the m sources keyed by ``source_key``, sorted by key (stable),
        with the sorted keys and the class codes of the events (cached)."""
        if self._merged_cache is None:
            S, T = self._keys()
            S = np.where(self.valid_rows, S, -1)
            keys = np.concatenate([T, S], axis=1).astype(np.int32)
            R, m2 = keys.shape
            itype = np.int32 if R * (m2 + 1) < 2**31 else np.int64
            order: np.ndarray = np.argsort(keys, axis=1, kind="stable").astype(itype)
            self._merged_cache = (order, np.take_along_axis(keys, order, axis=1),
                                  np.concatenate([self.codes, self.codes]))
        return self._merged_cache

    def _reduce_compiled(self, V: np.ndarray, op: str, sent: int) -> np.ndarray:
        """The improving reduction by the compiled kernel of SEQ
        (:func:`detente.graph._moves_kernel.reduce_rows`), with no loop over class pairs:
        the kernel walks each row's events from the highest key down, answering each tie
        group before adding it as targets, so a source (key P_j) sees exactly the targets
        whose key K_j is strictly above it; source events add nothing (the sentinel)."""
        from detente.graph._moves_kernel import reduce_rows

        order, sK, codes = self._merged()
        V2 = np.empty((V.shape[0], 2 * self.m), dtype=np.int32)
        V2[:, : self.m] = V
        V2[:, self.m:] = sent
        out = np.empty_like(V2)
        reduce_rows(order, sK, V2, codes, self.table_size, self._ax.class_bits,
                    self.pairwise, True, op == "max", np.int32(sent), out)
        return out[:, self.m:]

    def reduce(self, values: np.ndarray, op: str, improving: bool = False) -> np.ndarray:
        if not improving:
            return super().reduce(values, op)
        sent = MAX_SENTINEL if op == "max" else MIN_SENTINEL
        fn = np.maximum if op == "max" else np.minimum
        V = np.where(self.valid_rows, self.to_rows(values), sent).astype(np.int32)
        R = V.shape[0]
        if not self.single and self._compiled():
            out = self._reduce_compiled(V, op, sent)
        else:
            out = np.full((R, self.m), sent, dtype=np.int32)
            for cs, ct, order, pos in self._sorted_pairs():
                sV = np.take_along_axis(V[:, ct], order, axis=1)
                ext = np.empty((R, ct.size + 1), dtype=np.int32)
                ext[:, :-1] = fn.accumulate(sV[:, ::-1], axis=1)[:, ::-1]
                ext[:, -1] = sent
                part = np.take_along_axis(ext, pos, axis=1)
                out[:, cs] = fn(out[:, cs], part)
        out = np.where(self.valid_rows, out, sent).astype(np.int32, copy=False)
        return self.from_rows(out)

    def pull(self, w: np.ndarray, op: str, improving: bool = False) -> np.ndarray:
        if not improving:
            return super().pull(w, op)
        ident = 0 if op == "sum" else -1
        W = np.where(self.valid_rows, self.to_rows(w), ident).astype(w.dtype, copy=False)
        R = W.shape[0]
        out = np.full((R, self.m), ident, dtype=w.dtype)
        for cs, ct, order, cnt in self._pull_pairs():
            sW = np.take_along_axis(W[:, cs], order, axis=1)
            ext = np.empty((R, cs.size + 1), dtype=w.dtype)
            ext[:, 0] = ident
            if op == "sum":
                np.cumsum(sW, axis=1, out=ext[:, 1:])
            else:
                np.maximum.accumulate(sW, axis=1, out=ext[:, 1:])
            part = np.take_along_axis(ext, cnt, axis=1)
            if op == "sum":
                out[:, ct] = out[:, ct] + part
            else:
                out[:, ct] = np.maximum(out[:, ct], part)
        out = np.where(self.valid_rows, out, ident).astype(w.dtype)
        return self.from_rows(out).reshape(w.shape)


class CredibleMoves:
    """Every DM's credible moves under one payoff profile.

    ``worst[j]``: W_j, the least P_j over every other DM's unilateral improvements from each
    state (:data:`~detente.graph.blocks.MIN_SENTINEL` where there is none); ``key[j]``:
    K_j = min(P_j, W_j + 1); ``blocks[j]``: reductions over j's credible moves (pass
    ``improving=True``).
    """

    def __init__(self, system: MoveSystem) -> None:
        P = system.P
        n = system.n
        self.system = system
        self.worst: list[np.ndarray] = []
        self.key: list[np.ndarray] = []
        self.blocks: list[ThresholdBlockMoves] = []
        for j in range(n):
            W = np.full(P[j].shape, MIN_SENTINEL, dtype=np.int32)
            for k in range(n):
                if k != j:  # j's own improvements never take it below where it stood
                    W = np.minimum(W, system.block(k).reduce(P[j], "min", improving=True))
            K = np.where(W == MIN_SENTINEL, P[j],
                         np.minimum(P[j], W.astype(np.int64) + 1)).astype(np.int32)
            self.worst.append(W)
            self.key.append(K)
            self.blocks.append(ThresholdBlockMoves(system.model, j, P[j], K))


class CredibleMoveSystem:
    """A :class:`~detente.graph.moves.MoveSystem` whose improvements are the credible moves:
    what :class:`~detente.graph.search.LayeredSearch` needs (with ``improving=True``) to find
    sanctions made of credible moves."""

    def __init__(self, system: MoveSystem, credible: CredibleMoves | None = None) -> None:
        self.base = system
        self.credible = credible if credible is not None else CredibleMoves(system)
        self.model = system.model
        self.space = system.space
        self.P = system.P
        self.n = system.n
        self.size = system.size
        self.strides = system.strides
        self.feasible = system.feasible
        self.flat_decimal = system.flat_decimal
        self.flat_P = system.flat_P
        self._flat_K = [k.reshape(-1) for k in self.credible.key]

    def flat(self, decimal: int) -> int:
        return self.base.flat(decimal)

    def coords(self, flat: int) -> list[int]:
        return self.base.coords(flat)

    def block(self, j: int) -> BlockMoves:
        return self.credible.blocks[j]

    def moves_from(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        cand = self.base.moves_from(k, flat)
        return cand[self._flat_K[k][cand] > self.flat_P[k][flat]] if improving else cand

    def moves_to(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        cand = self.base.moves_to(k, flat)
        return cand[self.flat_P[k][cand] < self._flat_K[k][flat]] if improving else cand

    def coalitional_improvements(self, coalition: tuple[int, ...],
                                 sources: np.ndarray) -> list[np.ndarray]:
        raise ValueError("credible moves are unilateral: coalitions do not move in them")


def answers(system: MoveSystem, j: int, x: int, y: int) -> list[tuple[int, int]]:
    """What makes DM j's move from flat state x to y self-defeating: every unilateral
    improvement (k, z) of another DM k from y to a flat state z that j ranks below x, the
    one j likes least first (then by DM, then by decimal). Empty when the move is not
    self-defeating."""
    P = system.flat_P
    out = []
    for k in range(system.n):
        if k == j:
            continue
        for z in system.moves_from(k, y, improving=True).tolist():
            if P[j][z] < P[j][x]:
                out.append((k, int(z)))
    out.sort(key=lambda kz: (int(P[j][kz[1]]), kz[0], int(system.flat_decimal[kz[1]])))
    return out


def self_defeating_mask(seq: np.ndarray, fseq: np.ndarray) -> np.ndarray:
    """The states whose SEQ stability rests only on self-defeating sanctions: SEQ-stable,
    not FSEQ-stable (per DM, same shape as the inputs)."""
    return seq & ~fseq
