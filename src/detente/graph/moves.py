"""The move model: which moves are legal, and which are improvements.

Every concept, search and explanation of the graph-model engine asks the same questions —
can decision maker (DM) j move from state s to state s'? would it like to? what can a
coalition reach? — and this module is the one place that answers them.

Definitions
-----------
- **Unilateral move** (Fang, Hipel & Kilgour 1993, ch. 3): DM j moves from a feasible state
  s to a feasible state s' ≠ s that differs from s only in j's options, each changed option
  going in a permitted direction: a reversible option both ways, a forward-only option
  N → Y, a backward-only option Y → N (irreversible moves, as in GMCR II). R_j(s) is the set
  of them; one move may change several of j's options.
- **Misperceived states** (GMCR+): a DM that misperceives a state can move neither from nor
  to it, also when it takes part in a sanction.
- **Unilateral improvement**: s' ∈ R_j(s) with P_j(s') > P_j(s) for j's payoff P_j;
  R_j^+(s) is the set of them (FHK 1993).
- **Legal sequences and coalition moves** (FHK 1993; Xu, Hipel & Kilgour 2009; Kilgour,
  Hipel, Fang & Peng 2001; Inohara & Hipel 2008): R_H(s), for a group H of DMs, is every
  state the members reach from s by one or more unilateral moves in which no DM moves twice
  in a row (A, B, A is legal): the union over the members' moves, chained. A **coalitional
  improvement** of H from s is a state of R_H(s) that every member strictly prefers to s.

How the rules are held
----------------------
A state is one strategy per DM (:class:`~detente.graph.space.StateSpace`: one tensor axis per
DM), so DM j's moves from s stay in j's *block*, axis j. Each strategy carries ``bits``: the
values of the DM's irreversible options, backward-only bits flipped. Then the whole rule is
one test between two of j's strategies a and b and two masks:

    a ≠ b,   bits[a] ⊆ bits[b]   (i.e. ``bits[a] & ~bits[b] == 0``),
    s and s' movable by j        (feasible and not misperceived by j).

The move graph is never stored, and no table of allowed pairs is built. Preferences enter
only through the payoff arrays given to improvements, so the structure (:class:`MoveModel`)
is built once per state space (:func:`move_model`) and shared by every preference profile:
the rank arrays of one profile (:class:`MoveSystem`), or of several at once (the block
reductions accept payoffs with leading axes).

Who does what:

- :class:`MoveModel` — the rules, per state in NumPy (:meth:`MoveModel.moves_from`,
  :meth:`~MoveModel.moves_to`, :meth:`~MoveModel.legal`; :meth:`~MoveModel.moves_from_many`
  for a batch of states), the arrays the compiled kernels take
  (:meth:`~MoveModel.kernel_args`), and the class layout of the block reductions;
- :class:`~detente.graph.blocks.BlockMoves` — the same rules for every state at once:
  reductions over a DM's moves (stability, status quo searches), NumPy or compiled;
- :mod:`detente.graph._moves_kernel` — the same rules compiled (:func:`legal`,
  :func:`moves_from`, :func:`improvements_from`), called by every kernel: SIM, coalition
  searches, limited-move stability;
- :class:`MoveSystem` — the rules under one payoff profile: improvements, block reductions
  per DM, coalitional improvements, per-state moves for witnesses and paths;
- :class:`CoalitionalMoves` — R_H(s) and coalitional improvements, by a compiled
  breadth-first search over (state, last member) or, when every member moves freely, by the
  connected components of the coalition's moves;
- :class:`Step` — one move of a mover, as sequences, paths and witnesses report it.

Users: stability (:mod:`~detente.graph.stability`), SIM (:mod:`~detente.graph.sim`),
coalitions (:mod:`~detente.graph.coalitions`), limited move
(:mod:`~detente.graph.limited_move`), status quo searches (:mod:`~detente.graph.search`,
:mod:`~detente.graph.paths`), explanations (:mod:`~detente.graph.explain`) and hypergame
surprises (:mod:`~detente.graph.hypergame`).

``tests/graph/test_moves.py`` checks the NumPy rules, the compiled rules and the block
reductions against a loop over pairs of states that reads the options' directions.

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")
>>> from detente.graph.space import StateSpace
>>> model = move_model(StateSpace(cuban))
>>> s = model.flat(cuban.decimal("YNNN"))        # the US has launched the air strike
>>> [cuban.pattern(int(model.flat_decimal[t])) for t in model.moves_from(0, s)]
['YYNN']
>>> [cuban.pattern(int(model.flat_decimal[t])) for t in model.moves_to(0, s)]
['NNNN', 'NYNN', 'YYNN']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from detente.graph.blocks import MAX_SENTINEL, MIN_SENTINEL, BlockMoves
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from detente.model.feasibility import not_feasible

__all__ = [
    "Step",
    "MoveModel",
    "move_model",
    "MoveSystem",
    "CoalitionalMoves",
    "BlockMoves",
    "MIN_SENTINEL",
    "MAX_SENTINEL",
]

#: Largest table over class bit masks the reduce kernel keeps per thread (2^20 values).
_MAX_TABLE_BITS = 20

#: Models with fewer states than this (cells of the state tensor) take the NumPy paths of the
#: block reductions and of SIM: they answer in milliseconds, while loading the compiled
#: kernels (Numba and its disk cache) costs about a second of start-up. Tests set it to 0 or
#: to a huge value to run one path or the other (``tests/graph/test_kernel_paths.py``).
COMPILED_MIN_STATES = 4096
#: A search that loops in Python on the NumPy path (SIM's combinations) is compiled above
#: this much work (:func:`~detente.graph.sim.sim_work_estimate`: about 10 ms of Python).
PYTHON_MAX_WORK = 50_000.0


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


class MoveModel:
    """The move rules of a state space, independent of preferences.

    Build it with :func:`move_model` (one per state space, shared). Flat states are C-order
    indices into the state tensor.

    Parameters
    ----------
    space:
        The state space.
    """

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        self.n = space.n_dms
        self.size = space.size
        self.shape = space.shape
        self.strides = space.strides
        #: Feasibility of every flat state.
        self.feasible = space.feasible.reshape(-1)
        #: Decimal of every flat state.
        self.flat_decimal = space.decimal.reshape(-1)
        self._rows: dict[int, np.ndarray] = {}

    @property
    def compiled(self) -> bool:
        """Whether the block reductions take their compiled path on this model (see
        :data:`COMPILED_MIN_STATES`)."""
        return self.size >= COMPILED_MIN_STATES

    def compiled_for(self, python_work: float) -> bool:
        """Whether a search whose NumPy path loops in Python over ``python_work`` steps
        takes its compiled path (see :data:`PYTHON_MAX_WORK`)."""
        return self.compiled or python_work > PYTHON_MAX_WORK

    # -- masks ---------------------------------------------------------------------------------
    @cached_property
    def valid(self) -> np.ndarray:
        """``valid[j, s]``: DM j can move from and to flat state s (feasible, not
        misperceived by j); shape ``(n_dms, size)``."""
        return np.stack([self.space.movable(j).reshape(-1) for j in range(self.n)])

    @cached_property
    def bits(self) -> np.ndarray:
        """Every DM's strategy bits, shape ``(n_dms, max strategies)``
        (:meth:`~detente.graph.space.StateSpace.padded_bits`)."""
        return self.space.padded_bits()

    def valid_rows(self, j: int) -> np.ndarray:
        """DM j's movable mask as rows of its blocks, ``(size // m_j, m_j)`` (cached)."""
        if j not in self._rows:
            m = self.shape[j]
            valid = self.space.movable(j)
            self._rows[j] = np.moveaxis(valid, j, -1).reshape(-1, m)
        return self._rows[j]

    def kernel_args(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(shape, strides, bits, valid)`` as the compiled kernels take them."""
        return (np.array(self.shape, dtype=np.int64), np.array(self.strides, dtype=np.int64),
                self.bits, self.valid)

    def class_codes(self, j: int) -> tuple[bool, np.ndarray, int]:
        """How the reduce kernel tabulates DM j's irreversibility classes: ``(pairwise,
        codes, table size)``. A table over every subset of the class bits is cheap when the
        classes fill the masks; when the irreversible options take few combinations (or
        have more than 20 bits), the kernel looks through the allowed classes instead
        (``pairwise``: codes are class ids)."""
        ax = self.space.axes[j]
        ones = sum((ax.bits >> t) & 1 for t in range(ax.n_bits))  # bits set per strategy
        subset_work = float(np.sum(2.0 ** ones))
        pairwise = bool(ax.n_bits > _MAX_TABLE_BITS or float(ax.size) * ax.n_classes
                        < subset_work)
        if pairwise:
            return True, ax.cls, ax.n_classes
        return False, ax.bits, 1 << ax.n_bits

    # -- naming --------------------------------------------------------------------------------
    def flat(self, decimal: int) -> int:
        """The flat index of a feasible state given by its decimal (ModelError if none)."""
        f = int(self.space.flat_of_decimals(np.array([decimal]))[0])
        if f < 0:
            raise not_feasible(self.space.conflict, decimal)
        return f

    def coords(self, flat: int) -> list[int]:
        """The strategy of every DM at a flat state."""
        return [(flat // self.strides[d]) % self.shape[d] for d in range(self.n)]

    # -- the rules, one state at a time ------------------------------------------------------------
    def legal(self, j: int, a: int | np.ndarray, b: int | np.ndarray) -> bool | np.ndarray:
        """Whether DM j may change its strategy from ``a`` to ``b`` (irreversibility only;
        feasibility and misperception are the masks); arrays broadcast."""
        bits = self.space.axes[j].bits
        ok = ((bits[a] & ~bits[b]) == 0) & (np.asarray(a) != np.asarray(b))
        return bool(ok) if np.ndim(ok) == 0 else ok

    def _block(self, j: int, flats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every state of the blocks of ``flats`` (shape ``(len(flats), m_j)``, column b
        holding j's strategy b) and j's strategy at each of ``flats``."""
        stride, m = self.strides[j], self.shape[j]
        a = (flats // stride) % m
        base = flats - a * stride
        return base[:, None] + np.arange(m, dtype=np.int64)[None, :] * stride, a

    def moves_from_many(self, j: int, flats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """DM j's unilateral moves from many states at once: ``(targets, legal)``, both of
        shape ``(len(flats), m_j)``; ``targets[r, b]`` is the state of ``flats[r]``'s block
        where j plays strategy b, and ``legal[r, b]`` whether j can move there."""
        flats = np.asarray(flats, dtype=np.int64)
        cand, a = self._block(j, flats)
        valid = self.valid[j]
        m = self.shape[j]
        ok = valid[cand] & valid[flats][:, None] & self.legal(j, a[:, None], np.arange(m)[None])
        return cand, ok

    def moves_from(self, j: int, flat: int, payoff: np.ndarray | None = None) -> np.ndarray:
        """Flat indices of the states DM j can move to from ``flat`` (increasing strategy
        order): R_j(s); only its unilateral improvements R_j^+(s) under ``payoff`` (j's flat
        rank array) when given."""
        cand, ok = self.moves_from_many(j, np.array([flat]))
        cand, ok = cand[0], ok[0]
        if payoff is not None:
            ok &= payoff[cand] > payoff[flat]
        return cand[ok]

    def moves_to(self, j: int, flat: int, payoff: np.ndarray | None = None) -> np.ndarray:
        """Flat indices of the states from which DM j can move to ``flat`` (increasing
        strategy order); only those from which it is an improvement under ``payoff``."""
        cand, b = self._block(j, np.array([flat], dtype=np.int64))
        cand = cand[0]
        valid = self.valid[j]
        ok = valid[cand] & valid[flat] & self.legal(j, np.arange(self.shape[j]), b[0])
        if payoff is not None:
            ok &= payoff[cand] < payoff[flat]
        return cand[ok]

    # -- coalitions -------------------------------------------------------------------------------
    def complete_blocks(self, coalition: Sequence[int]) -> bool:
        """Whether every member moves freely within its block (no irreversible option, no
        misperception): then R_H(s) ∪ {s} is the connected component of s in H's sub-space."""
        return all(self.space.axes[j].n_classes == 1 and self.space.misperceived[j] is None
                   for j in coalition)

    def components(self, coalition: Sequence[int]) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray]:
        """Connected components of the feasible states under the members' moves (for
        coalitions with :meth:`complete_blocks`): ``(component of each flat state, start of
        each component in the next array, flat states grouped by component)``."""
        space = self.space
        big = np.iinfo(np.int64).max
        feas = space.feasible
        lab = np.where(feas, np.arange(space.size, dtype=np.int64).reshape(space.shape), big)
        while True:
            old = lab
            for j in coalition:
                low = lab.min(axis=j, keepdims=True)
                lab = np.where(feas, np.broadcast_to(low, lab.shape), big)
            if np.array_equal(lab, old):
                break
        flat = lab.reshape(-1)
        states = np.flatnonzero(flat != big)
        labels, comp = np.unique(flat[states], return_inverse=True)
        comp_of = np.full(space.size, -1, dtype=np.int64)
        comp_of[states] = comp
        order = np.argsort(comp, kind="stable")
        counts = np.bincount(comp, minlength=len(labels))
        cstart = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return comp_of, cstart, states[order].astype(np.int64)


def move_model(space: StateSpace) -> MoveModel:
    """The :class:`MoveModel` of a state space, built on first use and shared by every
    analysis of that space (it holds no preferences)."""
    # kept on the space itself, so that it lives exactly as long as the space does
    model = vars(space).get("_move_model")
    if model is None:
        model = space._move_model = MoveModel(space)  # type: ignore[attr-defined]
    return model


class MoveSystem:
    """The moves of a conflict under one preference profile: every DM's unilateral moves and
    improvements (per state, and reduced over all states at once) and coalitional
    improvements.

    Parameters
    ----------
    space:
        The state space (its :func:`move_model` is used) or a :class:`MoveModel`.
    payoffs:
        Rank arrays of every DM, shape ``(n_dms, *space.shape)``
        (:func:`~detente.graph.preferences.payoff_ranks`).
    """

    def __init__(self, space: StateSpace | MoveModel, payoffs: np.ndarray) -> None:
        model = space if isinstance(space, MoveModel) else move_model(space)
        self.model = model
        self.space = model.space
        self.P = payoffs
        self.n = model.n
        self.size = model.size
        self.strides = model.strides
        self.feasible = model.feasible
        self.flat_decimal = model.flat_decimal
        self.flat_P = payoffs.reshape(self.n, -1)
        self._blocks: dict[int, BlockMoves] = {}
        self._ci: dict[tuple[int, ...], dict[int, np.ndarray]] = {}
        self._coalitional: CoalitionalMoves | None = None

    def flat(self, decimal: int) -> int:
        """The flat index of a feasible state given by its decimal (ModelError if none)."""
        return self.model.flat(decimal)

    def coords(self, flat: int) -> list[int]:
        return self.model.coords(flat)

    def block(self, j: int) -> BlockMoves:
        """Reductions over DM j's moves and improvements for every state (cached)."""
        if j not in self._blocks:
            self._blocks[j] = BlockMoves(self.model, j, self.P[j])
        return self._blocks[j]

    # -- one DM's moves from one state (for witnesses and backtracking) ----------------------
    def moves_from(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        """Flat indices of the states k can move to from ``flat`` (in increasing strategy
        order), only unilateral improvements when ``improving``."""
        return self.model.moves_from(k, flat, self.flat_P[k] if improving else None)

    def moves_to(self, k: int, flat: int, improving: bool = False) -> np.ndarray:
        """Flat indices of the states from which k can move to ``flat``."""
        return self.model.moves_to(k, flat, self.flat_P[k] if improving else None)

    # -- coalitional improvements ---------------------------------------------------------------
    @property
    def coalitional(self) -> CoalitionalMoves:
        """The coalition searches under these payoffs (built on first use)."""
        if self._coalitional is None:
            self._coalitional = CoalitionalMoves(self.model, self.P)
        return self._coalitional

    def coalitional_improvements(self, coalition: tuple[int, ...],
                                 sources: np.ndarray) -> list[np.ndarray]:
        """For each source (flat index), the flat indices of its coalitional improvements by
        ``coalition`` (cached)."""
        cache = self._ci.setdefault(coalition, {})
        todo = np.array([s for s in np.asarray(sources).tolist() if s not in cache],
                        dtype=np.int64)
        if todo.size:
            indptr, targets = self.coalitional.improvements(coalition, todo)
            for q, s in enumerate(todo.tolist()):
                cache[s] = targets[indptr[q]: indptr[q + 1]]
        return [cache[int(s)] for s in np.asarray(sources).tolist()]


class CoalitionalMoves:
    """Coalitional improvements of any coalition from any states: a compiled per-source
    breadth-first search over (state, last member), confined to the coalition's sub-space
    (the states that agree with the source outside the members' options).

    Parameters
    ----------
    space:
        The state space or its :class:`MoveModel`.
    payoffs:
        The rank arrays ``(n_dms, *space.shape)``.
    """

    def __init__(self, space: StateSpace | MoveModel, payoffs: np.ndarray) -> None:
        model = space if isinstance(space, MoveModel) else move_model(space)
        self.model = model
        self.space = model.space
        self.n = model.n
        self.shape, self.strides, self.bits, self.valid = model.kernel_args()
        self.P = np.ascontiguousarray(payoffs.reshape(model.n, model.size)).astype(np.int32)
        self._buffers: dict[int, tuple[np.ndarray, ...]] = {}
        self._stamp = 0

    def _buf(self, n_h: int) -> tuple[np.ndarray, ...]:
        if n_h not in self._buffers:
            N = self.space.size
            self._buffers[n_h] = (
                np.zeros(N * n_h, dtype=np.int64),  # visited stamps per (state, last member)
                np.zeros(N, dtype=np.int64),  # reached stamps per state
                np.empty(N * n_h + 1, dtype=np.int64),  # queue: states
                np.empty(N * n_h + 1, dtype=np.int64),  # queue: last members
            )
        return self._buffers[n_h]

    def complete_blocks(self, coalition: Sequence[int]) -> bool:
        """See :meth:`MoveModel.complete_blocks`."""
        return self.model.complete_blocks(coalition)

    def components(self, coalition: Sequence[int]) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray]:
        """See :meth:`MoveModel.components`."""
        return self.model.components(coalition)

    def work(self, coalition: Sequence[int]) -> float:
        """Pairs of states (or of state and move) the stability search may examine."""
        if self.complete_blocks(coalition):
            _, cstart, _ = self.components(coalition)
            return float((np.diff(cstart).astype(np.float64) ** 2).sum())
        return self.search_work(coalition)

    def search_work(self, coalition: Sequence[int]) -> float:
        """Upper bound of the (state, move) pairs the per-state searches of
        :meth:`improvements` examine when started from every feasible state."""
        sub = 1.0
        for j in coalition:
            sub *= self.space.shape[j]
        moves = float(sum(self.space.shape[j] for j in coalition))
        return float(self.space.n_feasible) * sub * moves

    def improvements(self, coalition: Sequence[int], sources: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
        """Coalitional improvements of ``coalition`` from each source (flat tensor indices):
        CSR arrays ``(indptr, targets)``, each source's targets in increasing flat order."""
        from detente.graph._moves_kernel import ci_batch

        members = np.array(sorted(coalition), dtype=np.int64)
        visited, reached, qs, ql = self._buf(len(members))
        indptr, targets, self._stamp = ci_batch(
            np.ascontiguousarray(sources, dtype=np.int64), members, self.shape, self.strides,
            self.bits, self.valid, self.P, visited, reached, qs, ql, self._stamp)
        return indptr, targets

    def stability_flags(self, coalition: Sequence[int], sources: np.ndarray,
                        m_gmr: np.ndarray, m_seq: np.ndarray) -> np.ndarray:
        """For each source (flat index): whether the coalition has a coalitional improvement
        from it; one that the outsiders cannot answer (GMR); one they cannot answer with
        improvements (SEQ). ``m_gmr``/``m_seq``: per member, the least rank the outsiders
        can reach for it from each state, shape ``(len(coalition), N)``. Shape (3, sources).
        The verdicts of :mod:`detente.graph.coalitions`; the search stops once they are
        settled."""
        from detente.graph._moves_kernel import flags_bfs, flags_components

        members = np.array(sorted(coalition), dtype=np.int64)
        src = np.ascontiguousarray(sources, dtype=np.int64)
        out = np.zeros((3, len(src)), dtype=np.bool_)
        MG = np.ascontiguousarray(m_gmr, dtype=np.int64)
        MS = np.ascontiguousarray(m_seq, dtype=np.int64)
        if self.complete_blocks(coalition):
            comp_of, cstart, cstates = self.components(coalition)
            flags_components(src, comp_of, cstart, cstates, members, self.P, MG, MS, out)
        else:
            visited, reached, qs, ql = self._buf(len(members))
            self._stamp = flags_bfs(src, members, self.shape, self.strides, self.bits,
                                    self.valid, self.P, MG, MS, visited, reached, qs, ql,
                                    self._stamp, out)
        return out
