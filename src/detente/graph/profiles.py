"""Stability under many preference profiles at once, over one state space.

Sensitivity and uncertainty analysis ask the same question many times: which states are
equilibria when the decision makers' (DMs') preferences are *these*? The state space, the
legal moves and the irreversibility structure do not depend on preferences
(:mod:`detente.graph.moves`), so they are built once; what varies is a *profile* — one
payoff array per DM — and many profiles are evaluated together as a stack with a leading
axis (``(K, n_dms, *space.shape)``), each reduction over a DM's moves running once over the
whole stack (:meth:`detente.graph.blocks.BlockMoves.reduce` with batch axes).

The definitions are those of :mod:`detente.graph.stability` and :mod:`detente.graph.sim`
(Fang, Hipel & Kilgour 1993; Fraser & Hipel 1984), computed the same way. Two facts about
them save most of the work when only one DM's preferences vary (a single change,
:mod:`detente.graph.sensitivity`):

- Nash, GMR and SMR stability of DM i depend only on i's own preferences and on the others'
  *moves* (not their preferences): when DM j's preferences change, those verdicts of every
  i ≠ j are the baseline's (FHK 1993, the definitions of R, GMR and SMR);
- SEQ and SIM stability of every DM can change, because they depend on the others'
  unilateral *improvements* (credible sanctions, simultaneous improvements); the DMs whose
  preferences are fixed keep their improvements, so their blocks are sorted by payoff once
  and shared by the whole stack.

Examples
--------
>>> import numpy as np, detente
>>> from detente.graph.space import StateSpace
>>> from detente.graph.preferences import payoff_ranks
>>> chicken = detente.load("chicken")
>>> space = StateSpace(chicken)
>>> P = payoff_ranks(space)
>>> engine = ProfileEngine(space, P)
>>> swapped = P.copy(); swapped[1] = np.where(P[1] > 0, 5 - P[1], 0)  # B's ranking upside down
>>> eq = engine.equilibria(np.stack([P, swapped]), ["nash"], changed=1)
>>> [chicken.patterns(space.feasible_decimals[row]) for row in eq["nash"]]
[['YN', 'NY'], []]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from detente.graph.blocks import MAX_SENTINEL, BlockMoves
from detente.graph.moves import MoveSystem, move_model
from detente.graph.space import StateSpace
from detente.graph.stability import StabilityEngine, reach_min

__all__ = ["ProfileEngine", "profile_bytes", "PROFILE_CONCEPTS", "profile_concepts"]

#: Concepts the engine computes over many profiles (the keys of
#: :data:`detente.graph.analysis.CONCEPTS` but SSEQ and FSEQ, analysed one model at a time).
_CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
PROFILE_CONCEPTS = _CONCEPTS


def profile_concepts(concepts: Iterable[str] | str | None) -> list[str] | None:
    """Concept names for an analysis over many profiles (sensitivity, combinations,
    uncertainty), checked as :func:`~detente.graph.analysis.parse_concepts` does; ``all``
    means :data:`PROFILE_CONCEPTS`, and SSEQ or FSEQ named are refused with what to do.

    >>> profile_concepts("all")
    ['nash', 'gmr', 'smr', 'seq', 'sim', 'seqsim']
    """
    from detente.graph.analysis import parse_concepts
    from detente.model.errors import ModelError

    chosen = parse_concepts(concepts)
    if chosen is None:
        return None
    raw = concepts.split(",") if isinstance(concepts, str) else list(concepts or ())
    named = parse_concepts([r for r in raw if str(r).strip().lower() != "all"] or ["nash"])
    bad = [c for c in chosen if c not in _CONCEPTS and c in (named or [])]
    if bad:
        raise ModelError(f"{', '.join(bad)} cannot be analysed over many preference "
                         f"profiles here: use {', '.join(_CONCEPTS)} (detente analyze "
                         f"--concepts {bad[0]} analyses one model)", field="--concepts")
    return [c for c in chosen if c in _CONCEPTS]


def profile_bytes(space: StateSpace) -> int:
    """Working memory per profile of a stack (bytes): the payoffs and, per DM, the
    relaxation's arrays, the sorted blocks of a varying DM and the stability flags, measured
    as a few int32/int64 arrays over the state tensor (the estimate of
    :func:`~detente.graph.space.bytes_per_state` per profile, with room for the sort)."""
    n = space.n_dms
    return int(space.size) * (64 + 56 * n)


class ProfileEngine:
    """Equilibria of many preference profiles over one state space.

    Parameters
    ----------
    space:
        The state space.
    baseline:
        Every DM's baseline rank array, shape ``(n_dms, *space.shape)``
        (:func:`~detente.graph.preferences.payoff_ranks`): the verdicts that a change of
        another DM cannot alter are read from it, and the DMs whose preferences do not vary
        keep its improvements.
    """

    def __init__(self, space: StateSpace, baseline: np.ndarray) -> None:
        self.space = space
        self.model = move_model(space)
        self.baseline = baseline
        self.system = MoveSystem(self.model, baseline)
        self._engine = StabilityEngine(space, baseline, system=self.system)
        self._base: dict[tuple[str, int], np.ndarray] = {}

    def base_stable(self, concept: str, i: int) -> np.ndarray:
        """DM i's stability under ``concept`` for the baseline profile (cached)."""
        key = (concept, i)
        if key not in self._base:
            if concept in ("sim", "seqsim"):
                from detente.graph.sim import sim_stability

                sim = sim_stability(self.space, self.baseline)
                for d in range(self.space.n_dms):
                    self._base[("sim", d)] = sim[d]
                    self._base[("seqsim", d)] = sim[d] | self.base_stable("seq", d)
            else:
                self._base[key] = getattr(self._engine, concept)(i)
        return self._base[key]

    def stable(self, stack: np.ndarray, concepts: Iterable[str],
               changed: int | None = None) -> dict[str, list[np.ndarray]]:
        """Per concept, every DM's stability under each profile of the stack.

        Parameters
        ----------
        stack:
            ``(K, n_dms, *space.shape)`` rank arrays (0 at infeasible states; only the order
            of each DM's values matters).
        concepts:
            Concept keys (``seqsim`` needs ``seq`` and ``sim``, computed on the way).
        changed:
            When only this DM's preferences differ from the baseline across the stack: the
            other DMs' Nash, GMR and SMR verdicts are the baseline's (broadcast, not
            recomputed), and their blocks are not re-sorted.

        Returns
        -------
        ``{concept: [stable of DM 0, …]}``, each ``(K, *space.shape)`` bool (or a broadcast
        view of the baseline's).
        """
        space = self.space
        n = space.n_dms
        K = stack.shape[0]
        chosen = list(concepts)
        if not set(chosen) <= set(_CONCEPTS):
            raise ValueError(f"the profile engine computes {', '.join(_CONCEPTS)}; not "
                             f"{', '.join(c for c in chosen if c not in _CONCEPTS)}")
        varies = [changed is None or d == changed for d in range(n)]
        moves = [self.system.block(d) for d in range(n)]  # any moves; fixed improvements
        improving: list[BlockMoves | None] = [
            None if varies[d] else moves[d] for d in range(n)]

        def imp_block(d: int) -> BlockMoves:
            block = improving[d]
            if block is None:
                block = improving[d] = BlockMoves(self.model, d, stack[:, d])
            return block

        feasible = space.feasible
        out: dict[str, list[np.ndarray]] = {c: [] for c in chosen}
        need_seq = "seq" in chosen or "seqsim" in chosen
        seq_of: list[np.ndarray] = []
        for i in range(n):
            H = [d for d in range(n) if d != i]
            P = stack[:, i]
            best = None

            def unstable(m: np.ndarray, i: int = i, P: np.ndarray = P) -> np.ndarray:
                q = np.minimum(P, m)
                return moves[i].reduce(q, "max") > P

            for con in ("nash", "gmr", "smr"):
                if con not in chosen:
                    continue
                if not varies[i]:
                    out[con].append(np.broadcast_to(self.base_stable(con, i), (K, *space.shape)))
                    continue
                if best is None:
                    best = moves[i].reduce(P, "max")
                if con == "nash":
                    out[con].append(feasible & ~(best > P))
                elif con == "gmr":
                    m, _ = reach_min(moves, H, P, False)
                    out[con].append(feasible & ~unstable(m))
                else:
                    w = np.where(best == MAX_SENTINEL, P, np.maximum(best, P)).astype(np.int32)
                    m, _ = reach_min(moves, H, w, False)
                    out[con].append(feasible & ~unstable(m))
            if need_seq:
                blocks = [imp_block(d) if d in H else moves[d] for d in range(n)]
                m, _ = reach_min(blocks, H, P, True)
                seq_of.append(feasible & ~unstable(m))
        if "seq" in chosen:
            out["seq"] = seq_of
        if "sim" in chosen or "seqsim" in chosen:
            sim = self._sim(stack)
            if "sim" in chosen:
                out["sim"] = [sim[:, d] for d in range(n)]
            if "seqsim" in chosen:
                out["seqsim"] = [seq_of[d] | sim[:, d] for d in range(n)]
        return out

    def _sim(self, stack: np.ndarray) -> np.ndarray:
        """SIM stability of every DM under each profile, ``(K, n_dms, *space.shape)``."""
        from detente.graph._moves_kernel import sim_kernel_many

        model = self.model
        n, N = model.n, model.size
        shape, strides, bits, valid = model.kernel_args()
        K = stack.shape[0]
        P = np.ascontiguousarray(stack.reshape(K, n, N), dtype=np.int32)
        out = np.zeros((K, n, N), dtype=np.bool_)
        sim_kernel_many(P, valid, model.feasible, shape, strides, bits, out)
        return out.reshape((K, n, *self.space.shape))

    def equilibria(self, stack: np.ndarray, concepts: Sequence[str],
                   changed: int | None = None) -> dict[str, np.ndarray]:
        """``{concept: (K, n_feasible) bool}``: whether each feasible state (increasing
        decimal order) is an equilibrium — stable for every DM — under each profile."""
        per_dm = self.stable(stack, concepts, changed)
        idx = self.space.feasible_index
        K = stack.shape[0]
        out = {}
        for con in concepts:
            eq = np.logical_and.reduce([np.broadcast_to(a, (K, *self.space.shape))
                                        for a in per_dm[con]])
            out[con] = eq.reshape(K, -1)[:, idx]
        return out
