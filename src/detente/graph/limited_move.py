"""Limited-move stability L_h and non-myopic stability (NM), for two decision makers.

Definition (Kilgour 1985, "Anticipation and stability in two-person non-cooperative games",
in *Dynamic Models of International Conflict*, Lynne Rienner; Fang, Hipel & Kilgour 1993,
*Interactive Decision Making: The Graph Model for Conflict Resolution*, Wiley, ch. 5; after
Zagare's limited-move and Brams & Wittman's non-myopic equilibria). Two decision makers
(DMs) i and j move in turn; a DM that declines to move ends the sequence. With horizon h
(at most h moves remain), G_h(s, i) is the state that DM i, about to move at s, anticipates
the conflict will end in:

- G_0(s, i) = s (no move remains);
- for h ≥ 1, i weighs each of its unilateral moves s1 ∈ R_i(s) by where the conflict would
  end, G_{h−1}(s1, j) (the other DM moving next, with one move fewer). The moves worth making
  are M_h(s, i) = {s1 ∈ R_i(s) : P_i(G_{h−1}(s1, j)) > P_i(s)}. If there is none, i stays
  and G_h(s, i) = s; otherwise i makes the best of them, s1*, and G_h(s, i) = G_{h−1}(s1*, j).

s is **L_h stable** for i when G_h(s, i) = s (i has no move worth making with h moves in view;
L_1 is Nash stability). s is **non-myopically stable (NM)** for i when it is L_h stable for
every large enough h, i.e. G_h(s, i) = s from some horizon on: the limit of L_h as the
horizon grows (Kilgour 1985; FHK 1993). G_h depends only on G_{h−1}, so the sequence of
horizons becomes periodic once it repeats an earlier level; détente iterates until it
does (cycles of L_h in small games are documented by Rêgo, de Oliveira, Vieira & Kilgour
2025, *Games* 16(5):54) and calls s NM stable when it is L_h stable at every horizon of the
cycle.

**Ties.** The definition picks "the best" move s1* but leaves open which one when several
lead to outcomes i likes equally yet that differ for j (Rêgo & Vieira 2024 show the
anticipated state is then not unique). détente breaks such ties *cautiously*: i is assumed to
pick, among its equally good moves, the one whose anticipated outcome j likes least; then
the outcome with the lowest decimal, then the move with the lowest decimal. The DM
anticipating the choice (j, one level up) therefore counts on nothing it cannot be sure of.
A DM that is indifferent between moving and staying stays.

The literature disagrees on how to extend L_h to three or more DMs (who moves next, whether
the others act as a coalition), so détente refuses such models instead of guessing.

Examples
--------
>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> lm = limited_move(pd, horizon=2, nm=True)
>>> lm.equilibria
{'lh': ['NN', 'YY'], 'nm': ['NN', 'YY']}
>>> lm.by_horizon[1]
['NN']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from detente.graph.analysis import Analysis

from detente.graph.moves import MoveSystem, Step, move_model
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from detente.model.errors import ModelError
from detente.model.feasibility import not_feasible

__all__ = [
    "LIMITED_MOVE_CONCEPTS",
    "Anticipation",
    "LimitedMoveAnalysis",
    "limited_move",
    "split_concepts",
    "require_two_dms",
    "MAX_NM_HORIZON",
]

#: Concept keys of this module (accepted by ``detente analyze`` only).
LIMITED_MOVE_CONCEPTS = ("lh", "nm")
CONCEPT_NAMES = {"lh": "L_h (limited move)", "nm": "NM (non-myopic)"}

#: The horizon at which the search for the non-myopic limit gives up.
MAX_NM_HORIZON = 5000


def split_concepts(names: Iterable[str] | str | None) -> tuple[list[str] | None, list[str]]:
    """Split a concept list into the engine's concepts and ``lh``/``nm``.

    Returns ``(engine concepts or None for the default set, limited-move concepts)``; the
    engine's part is validated by :func:`~detente.graph.analysis.parse_concepts`.

    >>> split_concepts("nash,lh,gmr")
    (['nash', 'gmr'], ['lh'])
    >>> split_concepts("nm")
    ([], ['nm'])
    >>> split_concepts(None)
    (None, [])
    """
    from detente.graph.analysis import parse_concepts

    if names is None:
        return None, []
    items = [p for p in names.split(",")] if isinstance(names, str) else list(names)
    limited = [k for k in LIMITED_MOVE_CONCEPTS
               if any(x.strip().lower() == k for x in items)]
    rest = [x for x in items if x.strip().lower() not in LIMITED_MOVE_CONCEPTS]
    if not [x for x in rest if x.strip()]:
        if not limited:
            raise ModelError("no concept given", field="--concepts")
        return [], limited
    return parse_concepts(rest), limited


def require_two_dms(conflict: Conflict) -> None:
    """Raise a clear :class:`ModelError` unless the model has exactly two DMs."""
    n = len(conflict.decision_makers)
    if n != 2:
        raise ModelError(
            f"limited-move (lh) and non-myopic (nm) stability are defined for two decision "
            f"makers; this model has {n}. The literature disagrees on how to extend them to "
            "more, so détente does not guess: use nash, gmr, smr, seq, sim or seqsim, or a "
            "two-party model", field="--concepts")


@dataclass
class Anticipation:
    """What a DM anticipates at a state with a given horizon.

    Attributes
    ----------
    dm, state, horizon:
        The DM (index), the state (decimal) and the horizon.
    stable:
        Whether the DM stays (L_h stable).
    sequence:
        The anticipated moves, starting with the DM's own: the move it makes when unstable,
        or, when stable, its most promising move and what would follow (empty when it
        cannot move at all).
    outcome:
        The decimal of the state the sequence ends in.
    """

    dm: int
    state: int
    horizon: int
    stable: bool
    sequence: list[Step]
    outcome: int

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        return {
            "dm": conflict.decision_makers[self.dm].name,
            "horizon": self.horizon,
            "stable": self.stable,
            "sequence": [s.to_dict(conflict) for s in self.sequence],
            "outcome": conflict.pattern(self.outcome),
        }


@dataclass
class LimitedMoveAnalysis:
    """The result of :func:`limited_move`.

    Attributes
    ----------
    conflict:
        The model (two DMs).
    horizon:
        The horizon h of ``lh`` (None when only ``nm`` was asked).
    decimals:
        Feasible states' decimals, increasing.
    stable_by_horizon:
        ``{h: (2, n_states) bool}`` for h = 1 … the last horizon computed.
    nm:
        ``(2, n_states) bool`` or None.
    cycle:
        ``(first horizon of the cycle, period)`` of the sequence G_h, when ``nm`` was asked.
    """

    conflict: Conflict
    horizon: int | None
    decimals: np.ndarray
    stable_by_horizon: dict[int, np.ndarray]
    nm: np.ndarray | None = None
    cycle: tuple[int, int] | None = None
    _choices: list[np.ndarray] = field(default_factory=list, repr=False)
    _space: StateSpace | None = field(default=None, repr=False)
    _P: np.ndarray | None = field(default=None, repr=False)
    _system: Any = field(default=None, repr=False)

    @property
    def stable(self) -> dict[str, np.ndarray]:
        out = {}
        if self.horizon is not None:
            out["lh"] = self.stable_by_horizon[self.horizon]
        if self.nm is not None:
            out["nm"] = self.nm
        return out

    def _patterns(self, mask: np.ndarray | np.bool_) -> list[str]:
        return [self.conflict.pattern(int(d)) for d in self.decimals[mask]]

    def _built(self) -> tuple[StateSpace, np.ndarray]:
        """The state space and payoff tensor the analysis was computed on."""
        if self._space is None or self._P is None:
            raise RuntimeError("this limited-move analysis was built without its state space")
        return self._space, self._P

    @property
    def equilibria(self) -> dict[str, list[str]]:
        """``{"lh": [...], "nm": [...]}`` for the concepts computed."""
        return {k: self._patterns(v.all(axis=0)) for k, v in self.stable.items()}

    @property
    def stability(self) -> dict[str, dict[str, list[str]]]:
        names = self.conflict.dm_names
        return {k: {names[i]: self._patterns(v[i]) for i in range(2)}
                for k, v in self.stable.items()}

    @property
    def by_horizon(self) -> dict[int, list[str]]:
        """``{h: [L_h equilibria]}`` for every horizon computed up to :attr:`horizon` (or up to
        the end of the NM cycle when only NM was asked)."""
        top = self.horizon if self.horizon is not None else max(self.stable_by_horizon)
        return {h: self._patterns(self.stable_by_horizon[h].all(axis=0))
                for h in range(1, top + 1)}

    def rank(self, dm: int, decimal: int) -> int:
        """DM ``dm``'s payoff rank of a feasible state (higher is preferred)."""
        space, P = self._built()
        flat = int(space.flat_of_decimals(np.array([decimal]))[0])
        return int(P.reshape(2, -1)[dm, flat])

    def base_analysis(self) -> Analysis:
        """An :class:`~detente.graph.analysis.Analysis` of the same model with no concept of
        the engine (the container the ``analyze`` command reports into)."""
        from detente.graph.analysis import Analysis

        space, P = self._built()
        payoffs = P.reshape(2, -1)[:, space.feasible_index]
        return Analysis(self.conflict, self.decimals.copy(), payoffs, {}, {}, space)

    def _moves(self) -> MoveSystem:
        """The :class:`~detente.graph.moves.MoveSystem` of the model (built on first use)."""
        if self._system is None:
            self._system = MoveSystem(*self._built())
        return self._system

    def _follow(self, i: int, s: int, h: int) -> tuple[int, list[Step]]:
        """Anticipated final state and moves from flat state s, DM i to move, horizon h."""
        dec = self._built()[0].decimal.reshape(-1)
        seq: list[Step] = []
        who = i
        while h > 0:
            nxt = int(self._choices[h - 1][who, s])
            if nxt < 0:
                break
            seq.append(Step((who,), int(dec[s]), int(dec[nxt])))
            s, who, h = nxt, 1 - who, h - 1
        return s, seq

    def anticipate(self, state: str | int, dm: str | int, horizon: int | None = None
                   ) -> Anticipation:
        """What ``dm`` anticipates at ``state`` with ``horizon`` moves in view (default: the
        analysis's horizon, or the end of the NM cycle)."""
        c = self.conflict
        space = self._built()[0]
        d = c.parse_state(state) if isinstance(state, str) else int(state)
        flat = int(space.flat_of_decimals(np.array([d]))[0])
        if flat < 0:
            raise not_feasible(c, d)
        i = c.dm_index(dm) if isinstance(dm, str) else int(dm)
        h = horizon if horizon is not None else (
            self.horizon if self.horizon is not None else len(self._choices))
        if not 1 <= h <= len(self._choices):
            raise ModelError(f"horizon {h} was not computed (1 to {len(self._choices)})")
        dec = space.decimal.reshape(-1)
        if int(self._choices[h - 1][i, flat]) >= 0:
            end, seq = self._follow(i, flat, h)
            return Anticipation(i, d, h, False, seq, int(dec[end]))
        # stable: show the most promising move and what i expects after it
        system = self._moves()
        moves = system.moves_from(i, flat)
        if moves.size == 0:
            return Anticipation(i, d, h, True, [], d)
        P = system.flat_P
        options = []
        for s1 in moves.tolist():
            g, seq = self._follow(1 - i, s1, h - 1)
            key = (-int(P[i, g]), int(P[1 - i, g]), int(dec[g]), int(dec[s1]))
            options.append((key, g, [Step((i,), d, int(dec[s1])), *seq]))
        _, g, sequence = min(options, key=lambda o: o[0])  # keys differ: one per move
        return Anticipation(i, d, h, True, sequence, int(dec[g]))

    def to_dict(self, states: Iterable[str | int] = ()) -> dict[str, Any]:
        """``limited_move`` section of the ``analyze`` JSON: ``horizon``, ``by_horizon``,
        ``nm_cycle`` and the ``anticipated`` sequences at the given states."""
        c = self.conflict
        out: dict[str, Any] = {
            "horizon": self.horizon,
            "by_horizon": {str(h): pats for h, pats in self.by_horizon.items()},
        }
        if self.cycle is not None:
            out["nm_cycle"] = {"from_horizon": self.cycle[0], "period": self.cycle[1]}
        ant: dict[str, Any] = {}
        for st in states:
            d = c.parse_state(st) if isinstance(st, str) else int(st)
            ant[c.pattern(d)] = {c.decision_makers[i].name: self.anticipate(d, i).to_dict(c)
                                 for i in range(2)}
        out["anticipated"] = ant
        return out


def limited_move(
    conflict: Conflict,
    horizon: int | None = None,
    nm: bool = False,
    *,
    space: StateSpace | None = None,
    payoffs: np.ndarray | None = None,
    max_memory: int | None = None,
) -> LimitedMoveAnalysis:
    """L_h stability for ``horizon`` (and every smaller one) and, with ``nm``, non-myopic
    stability, for a two-DM conflict.

    Parameters
    ----------
    conflict:
        The model; it must have exactly two decision makers.
    horizon:
        h ≥ 1 for L_h (None: only NM).
    nm:
        Also compute non-myopic stability (the limit of L_h).
    space, payoffs:
        A state space and its tensor rank arrays, to reuse.

    Raises
    ------
    ModelError
        For three or more DMs, a horizon below 1, or no concept asked.

    Examples
    --------
    >>> import detente
    >>> chicken = detente.load("chicken")
    >>> limited_move(chicken, horizon=1).equilibria["lh"]  # L_1 is Nash
    ['YN', 'NY']

    References
    ----------
    Kilgour, D. M. (1985). Anticipation and stability in two-person non-cooperative games. In
    Ward, M. D. and Luterbacher, U. (eds), *Dynamic Models of International Conflict*, Lynne
    Rienner, 26–51. Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision
    Making*, Wiley, ch. 5.
    """
    from detente.graph._moves_kernel import limited_move_level

    require_two_dms(conflict)
    if horizon is None and not nm:
        raise ModelError("ask for lh (with a horizon) or nm", field="--concepts")
    if horizon is not None and horizon < 1:
        raise ModelError(f"the horizon must be 1 or more, got {horizon}", field="--horizon")
    if horizon is not None and horizon > MAX_NM_HORIZON:
        # L_h repeats once the anticipation sequence cycles; its limit is NM stability.
        raise ModelError(f"a horizon of {horizon} moves is more than the {MAX_NM_HORIZON} "
                         "détente computes; for far-sighted decision makers ask for the "
                         "limit of L_h as the horizon grows: --concepts nm",
                         field="--horizon")
    if space is None:
        space = StateSpace(conflict, max_memory=max_memory)
    if horizon is not None:  # every horizon's choices are kept (for explanations)
        from detente.model.resources import check_memory

        check_memory(horizon * 10 * space.size, max_memory,
                     what=f"limited-move stability to horizon {horizon}",
                     advice="Use a smaller --horizon, or --concepts nm for the limit.")
    if payoffs is None:
        from detente.graph.preferences import payoff_ranks

        payoffs = payoff_ranks(space)
    model = move_model(space)
    N = space.size
    P = np.ascontiguousarray(payoffs.reshape(2, N)).astype(np.int64)
    feas = model.feasible
    shape, strides, bits, valid = model.kernel_args()
    dec = model.flat_decimal.astype(np.int64)
    G = np.tile(np.arange(N, dtype=np.int64), (2, 1))  # G_0
    seen = {hashlib.blake2b(G.tobytes(), digest_size=16).digest(): 0}
    choices: list[np.ndarray] = []
    stable_flat: list[np.ndarray] = []
    cycle = None
    limit = horizon or 0
    h = 0
    while True:
        if h >= limit and (not nm or cycle is not None):
            break
        if h >= MAX_NM_HORIZON:
            raise ModelError(f"non-myopic stability: no limit found within {MAX_NM_HORIZON} "
                             "horizons", field="--concepts")
        G_new = np.empty_like(G)
        choice = np.empty((2, N), dtype=np.int64)
        limited_move_level(G, P, valid, feas, shape, strides, bits, dec, G_new, choice)
        h += 1
        G = G_new
        choices.append(choice.astype(np.int32) if N < 2**31 else choice)
        stable_flat.append(choice < 0)
        if nm and cycle is None:
            key = hashlib.blake2b(G.tobytes(), digest_size=16).digest()
            if key in seen:
                cycle = (seen[key] + 1, h - seen[key])  # stability at these horizons repeats
            else:
                seen[key] = h
    idx = space.feasible_index
    by_h = {k + 1: s[:, idx] for k, s in enumerate(stable_flat)}
    nm_arr = None
    if nm:
        if cycle is None:  # the loop above runs until it finds one
            raise RuntimeError("internal inconsistency: no cycle of G_h found; please report "
                               "this as a bug")
        first, period = cycle
        nm_arr = np.ones((2, len(idx)), dtype=bool)
        for k in range(first, first + period):
            nm_arr &= by_h[k]
    return LimitedMoveAnalysis(conflict, horizon, space.feasible_decimals.copy(), by_h, nm_arr,
                               cycle, choices, space, payoffs)
