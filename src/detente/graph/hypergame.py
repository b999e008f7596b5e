"""Hypergames: stability when the decision makers do not all play the same game.

A *first-level hypergame* (Bennett 1977; in the graph model Wang, Hipel & Fraser 1988,
"Modeling misperceptions in games", *Behavioral Science* 33(3): 207–223, and Hipel, Wang &
Fraser 1988, "Hypergame analysis of the Falkland/Malvinas conflict", *International Studies
Quarterly* 32(3): 335–358; revisited by Aljefri, Bashar, Fang & Hipel 2018, "First-level
hypergame for investigating misperception in conflicts", *IEEE Transactions on Systems, Man,
and Cybernetics: Systems* 48(12): 2158–2175) gives every decision maker (DM) i its own
*perceived game* G_i: the same options, feasible states and moves, i's true preferences, and
every other DM's preferences as i believes them. Each DM judges stability in its own game:

- ``perceived[i][c]`` — the equilibria of G_i under concept c: the states i expects to hold,
  stable for every DM as i sees them;
- ``stable_in_own_game[i][c]`` — the states stable for i itself in G_i (i's sanctions are
  foreseen with the others' preferences as i believes them);
- ``hyper_equilibria[c]`` — the states stable for every DM in that DM's own game: what the
  first-level hypergame predicts can hold, each DM acting on its own reading;
- ``actual[c]`` — the equilibria of the true game, for comparison.

A **surprise** is a state i expects to hold (in ``perceived[i][c]``) from which another DM j
has, by its true preferences, a unilateral improvement that i's reading of j's preferences
does not give it: j may move where i did not expect. Each surprise names the state, i, j,
where j's move leads, and the concept.

**Second-level awareness** (Wang, Hipel & Fraser 1989, "Solution concepts in hypergames",
*Applied Mathematics and Computation* 34(3): 147–171): a DM i that is aware of DM j's
perception knows the game j is playing, G_j, and so expects j to judge stability in G_j
rather than in G_i. détente implements this one form of awareness: ``second_level[i][c]`` is
the set of states i expects to hold when it is aware of the DMs listed in its ``aware_of``:
stable for i in G_i, for each DM j it is aware of in G_j, and for every other DM in G_i. A
DM aware of everyone therefore expects the hyper-equilibria. Awareness of awareness (third
level) and misperceived options (Aljefri et al.'s general hypergames) are not modelled.

Without any perception declared, every perceived game is the true game: ``perceived[i]`` is
``actual``, the hyper-equilibria are the equilibria and there are no surprises. GMCR+'s
misperceived states (states a DM does not see) restrict moves inside every game alike.

Each distinct perceived game costs one stability analysis (:func:`detente.graph.analysis.
analyze`); DMs who declare no beliefs share the true game's. Surprises are found for all
states at once, block by block, with NumPy.

Examples
--------
>>> import dataclasses, detente
>>> from detente.model.conflict import Perception, Ranking
>>> chicken = detente.load("chicken")
>>> # Driver A believes B would rather swerve whatever A does.
>>> swerver = Ranking((("NN",), ("YN",), ("NY",), ("YY",)))
>>> c = dataclasses.replace(chicken, perceptions=(Perception(0, ((1, swerver),)),))
>>> h = hypergame(c, concepts="nash,gmr")
>>> h.actual["nash"], h.perceived["Driver A"]["nash"], h.hyper_equilibria["nash"]
(('YN', 'NY'), ('YN',), ('YN', 'NY'))
>>> h.actual["gmr"], h.perceived["Driver A"]["gmr"]
(('NN', 'YN', 'NY'), ('NN', 'YN'))
>>> [(s.state, s.mover, s.to, s.concept) for s in h.surprises]  # A did not expect B's move
[('NN', 'Driver B', 'NY', 'gmr')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.graph.space import estimate_memory
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

if TYPE_CHECKING:
    from detente.graph.analysis import Analysis

__all__ = ["Surprise", "HypergameAnalysis", "hypergame", "MAX_SURPRISES"]

#: Surprises listed by default (every one is counted).
MAX_SURPRISES = 10_000

Patterns = tuple[str, ...]


def _kept_bytes(a: Analysis) -> int:
    """Bytes an analysis keeps once done: its arrays and its state space's tensor."""
    held = a.decimals.nbytes + a.payoffs.nbytes + sum(m.nbytes for m in a.stable.values())
    if a.space is not None:
        # the feasibility tensor and a flat index per tensor state (int64), at least
        held += 9 * a.space.size
    return int(held)


@dataclass(frozen=True)
class Surprise:
    """A state ``believed_by`` expects to hold, from which ``mover`` has, by its true
    preferences, a unilateral improvement to ``to`` that ``believed_by``'s perceived game
    does not give it."""

    state: str
    believed_by: str
    mover: str
    to: str
    concept: str

    def to_dict(self) -> dict[str, str]:
        return {"state": self.state, "believed_by": self.believed_by, "mover": self.mover,
                "to": self.to, "concept": self.concept}


@dataclass(frozen=True)
class HypergameAnalysis:
    """The result of :func:`hypergame` (see the module docstring for each field).

    A first-level hypergame lets each decision maker (DM) play the game as it perceives it:
    the same options and moves, its own true preferences, and the others' preferences as
    it believes them. Each DM's *perceived game* has its own equilibria — the outcomes that
    DM expects to hold; a *hyper-equilibrium* is a state stable for every DM in that DM's
    own game; a *surprise* is a move a DM can make by its true preferences from a state
    another DM expects to hold, which that other DM's reading of it does not foresee.

    Patterns are in model order; every list is in increasing decimal order. ``actual`` and
    ``hyper_equilibria`` are keyed by concept; ``perceived``, ``stable_in_own_game`` and
    ``second_level`` by decision maker name, then by concept. ``surprises`` lists them
    (``surprise_counts`` counts them per concept). ``beliefs[i]`` names the DMs whose
    preferences ``i`` perceives differently from the truth (as declared), ``aware_of[i]``
    the DMs whose games it knows. :meth:`to_dict` is the JSON of ``detente hypergame``.

    References
    ----------
    Bennett, P. G. (1977). Toward a theory of hypergames. *Omega* 5(6): 749–751. Wang, M.,
    Hipel, K. W. and Fraser, N. M. (1988). Modeling misperceptions in games. *Behavioral
    Science* 33(3): 207–223 (first-level hypergames in conflict analysis). Wang, M., Hipel,
    K. W. and Fraser, N. M. (1989). Solution concepts in hypergames. *Applied Mathematics and
    Computation* 34(3): 147–171 (second-level awareness).

    Examples
    --------
    In Chicken, suppose Driver B believes Driver A would rather swerve whatever happens:

    >>> import dataclasses, detente
    >>> from detente.model.conflict import Perception, Ranking
    >>> chicken = detente.load("chicken")
    >>> timid = Ranking((("NN",), ("NY",), ("YN",), ("YY",)))  # Driver A as B sees it
    >>> h = detente.hypergame(dataclasses.replace(
    ...     chicken, perceptions=(Perception(1, ((0, timid),)),)), concepts="nash,gmr")
    >>> h.beliefs["Driver B"], h.perceived["Driver B"]["nash"], h.actual["nash"]
    (('Driver A',), ('NY',), ('YN', 'NY'))
    >>> [(s.state, s.believed_by, s.mover, s.to) for s in h.surprises]
    [('NN', 'Driver B', 'Driver A', 'YN')]
    """

    title: str
    concepts: tuple[str, ...]
    decision_makers: tuple[str, ...]
    actual: Mapping[str, Patterns]
    perceived: Mapping[str, Mapping[str, Patterns]]
    stable_in_own_game: Mapping[str, Mapping[str, Patterns]]
    hyper_equilibria: Mapping[str, Patterns]
    surprises: tuple[Surprise, ...]
    #: How many surprises there are under each concept (``surprises`` lists at most
    #: ``max_surprises`` in all).
    surprise_counts: Mapping[str, int] = field(default_factory=dict)
    second_level: Mapping[str, Mapping[str, Patterns]] = field(default_factory=dict)
    beliefs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    aware_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: Mapping[str, str] = field(default_factory=dict)
    #: The stability analyses behind the result: ``"actual"`` and each DM's name.
    games: Mapping[str, Analysis] = field(default_factory=dict, compare=False, repr=False)

    @property
    def surprises_total(self) -> int:
        """How many surprises there are in all."""
        return sum(self.surprise_counts.values())

    @property
    def has_perceptions(self) -> bool:
        """Whether any decision maker sees a game other than the true one."""
        return any(self.beliefs.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``detente hypergame``."""

        def lists(m: Mapping[str, Patterns]) -> dict[str, list[str]]:
            return {c: list(v) for c, v in m.items()}

        return {
            "title": self.title,
            "concepts": list(self.concepts),
            "decision_makers": list(self.decision_makers),
            "actual": lists(self.actual),
            "perceived": {dm: lists(v) for dm, v in self.perceived.items()},
            "stable_in_own_game": {dm: lists(v) for dm, v in self.stable_in_own_game.items()},
            "hyper_equilibria": lists(self.hyper_equilibria),
            "surprises": [s.to_dict() for s in self.surprises],
            "surprise_counts": dict(self.surprise_counts),
            "second_level": {dm: lists(v) for dm, v in self.second_level.items()},
            "beliefs": {dm: list(v) for dm, v in self.beliefs.items()},
            "aware_of": {dm: list(v) for dm, v in self.aware_of.items()},
            "skipped": dict(self.skipped),
        }


def _relocated(exc: ModelError, conflict: Conflict, i: int) -> ModelError:
    """An engine error about DM i's perceived game, pointed at the belief it comes from."""
    per = conflict.perception_of(i)
    fld = exc.field or ""
    if per is not None:
        for j, _spec in per.beliefs:
            old = f"decision_makers[{j}].preferences"
            new = per.field_of(j)
            if new is not None and fld.startswith(old):
                names = conflict.dm_names
                return ModelError(f"{names[j]}'s preferences as {names[i]} sees them: "
                                  f"{exc.message}", file=exc.file, line=exc.line,
                                  field=new + fld[len(old):])
    return exc


def _surprise_pairs(analysis_true: Analysis, believed: np.ndarray, j: int,
                    masks: dict[str, np.ndarray], limit: int | None
                    ) -> dict[str, tuple[int, np.ndarray, np.ndarray]]:
    """DM j's unilateral moves that are improvements by its true ranks but not by the ranks
    ``believed`` (one per feasible state), from the states of each concept's mask (over the
    feasible states): per concept, how many there are, and the first ``limit`` of them (all
    when None) as (source positions, target positions) in increasing decimal order of the
    source, then of the target. The moves come from the move model
    (:meth:`~detente.graph.moves.MoveModel.moves_from_many`); the states are worked through
    in chunks of bounded size."""
    from detente.graph.moves import move_model

    space = analysis_true.space
    if space is None:
        raise ValueError("surprises need an Analysis that keeps its state space")
    model = move_model(space)
    m = space.shape[j]
    flat_pos = np.full(space.size, -1, dtype=np.int64)
    flat_pos[space.feasible_index] = np.arange(space.n_feasible)
    true_rank = analysis_true.payoffs[j]
    states = np.flatnonzero(np.logical_or.reduce(list(masks.values())))
    total = dict.fromkeys(masks, 0)
    kept: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {c: [] for c in masks}
    have = dict.fromkeys(masks, 0)
    chunk = max(1, (1 << 22) // max(m, 1))  # bounded working memory: chunk × m cells
    for lo in range(0, states.size, chunk):
        pos = states[lo: lo + chunk]
        cand, ok = model.moves_from_many(j, space.feasible_index[pos])  # (E, m)
        tpos = flat_pos[cand]
        tp = np.where(tpos >= 0, tpos, 0)
        ok &= true_rank[tp] > true_rank[pos][:, None]
        ok &= ~(believed[tp] > believed[pos][:, None])
        r, col = np.nonzero(ok)
        s_pos, t_pos = pos[r], tpos[r, col]
        order = np.lexsort((t_pos, s_pos))  # positions follow decimal order
        s_pos, t_pos = s_pos[order], t_pos[order]
        for c, mask in masks.items():
            keep = mask[s_pos]
            total[c] += int(keep.sum())
            room = None if limit is None else limit - have[c]
            if room is None or room > 0:
                ks, kt = s_pos[keep][:room], t_pos[keep][:room]
                kept[c].append((ks, kt))
                have[c] += ks.size
    empty = np.zeros(0, np.int64)
    return {c: (total[c],
                np.concatenate([x for x, _ in kept[c]]) if kept[c] else empty,
                np.concatenate([y for _, y in kept[c]]) if kept[c] else empty)
            for c in masks}


def hypergame(
    conflict: Conflict,
    concepts: Iterable[str] | str | None = None,
    *,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    max_surprises: int | None = MAX_SURPRISES,
) -> HypergameAnalysis:
    """First-level hypergame analysis of ``conflict`` (with second-level awareness where
    declared): each decision maker's perceived game, its stability there, the
    hyper-equilibria, the surprises, compared with the true game.

    Parameters
    ----------
    conflict:
        The model, with its :attr:`~detente.model.conflict.Conflict.perceptions`.
    concepts:
        Concept keys as in :func:`~detente.graph.analysis.analyze` (default: its default
        set, decided on the true game and used for every perceived game).
    max_memory:
        Bytes the whole hypergame may use (default: 75 % of the memory available now). The
        perceived games are analysed one after another and each result is kept, so the peak
        is one analysis's working memory plus what the earlier games keep; after the true
        game it is estimated for every distinct perceived game and refused
        (:class:`~detente.model.errors.ModelTooLargeError`) before they are analysed.
    progress:
        Called with a short description after each game is analysed.
    max_surprises:
        List at most this many surprises, the first in the order of the contract (by
        concept, state, believer, mover, target); all when None. They are all counted
        (``surprise_counts``).

    Returns
    -------
    HypergameAnalysis

    Raises
    ------
    ModelError
        For an unknown concept, or perceived preferences that do not rank every feasible
        state (located at the belief in the scenario file).

    References
    ----------
    Wang, M., Hipel, K. W. and Fraser, N. M. (1988). Modeling misperceptions in games.
    *Behavioral Science* 33(3): 207–223. Wang, M., Hipel, K. W. and Fraser, N. M. (1989).
    Solution concepts in hypergames. *Applied Mathematics and Computation* 34(3): 147–171.
    Aljefri, Y. M., Bashar, M. A., Fang, L. and Hipel, K. W. (2018). First-level hypergame
    for investigating misperception in conflicts. *IEEE Trans. SMC: Systems* 48(12):
    2158–2175.
    """
    from detente.graph.analysis import analyze, parse_concepts
    from detente.model.resources import check_memory, default_limit

    tick = progress or (lambda _m: None)
    chosen = parse_concepts(concepts)
    limit = default_limit() if max_memory is None else max_memory
    truth = conflict.actual_game()
    actual = analyze(truth, chosen, max_memory=limit)
    tick("the true game")
    chosen = list(actual.concepts)
    names = conflict.dm_names
    n = len(names)
    perceived_games = [conflict.perceived_game(i) for i in range(n)]
    distinct: list[Any] = []
    for game in perceived_games:
        if game.preferences != truth.preferences and game.preferences not in distinct:
            distinct.append(game.preferences)
    kept = _kept_bytes(actual)
    if distinct:
        # Every game has the true game's state space, so its needs are the true game's.
        one = estimate_memory(actual.space.size if actual.space is not None
                              else actual.n_states, n)
        check_memory(len(distinct) * kept + one, limit,
                     what=f"the hypergame ({len(distinct) + 1} distinct games of "
                     f"{actual.n_states:,} states, each result kept)",
                     advice="Declare fewer misperceptions, use a smaller model, or raise "
                     "--max-memory.")
    games: list[Analysis] = []
    seen: list[tuple[tuple[Any, ...], Analysis]] = [(truth.preferences, actual)]
    for i, game in enumerate(perceived_games):
        found = next((a for prefs, a in seen if prefs == game.preferences), None)
        if found is None:
            try:
                found = analyze(game, chosen, max_memory=max(1, limit - kept))
            except ModelError as exc:
                raise _relocated(exc, conflict, i) from None
            kept += _kept_bytes(found)
            seen.append((game.preferences, found))
            tick(f"the game as {names[i]} sees it")
        games.append(found)

    def pats(a: Analysis, mask: np.ndarray) -> Patterns:
        return tuple(a.patterns(mask))

    eq_actual = {c: pats(actual, actual.equilibrium_mask(c)) for c in chosen}
    perceived = {names[i]: {c: pats(g, g.equilibrium_mask(c)) for c in chosen}
                 for i, g in enumerate(games)}
    own = {names[i]: {c: pats(g, g.stable[c][i]) for c in chosen} for i, g in enumerate(games)}
    hyper_mask = {c: np.logical_and.reduce([games[i].stable[c][i] for i in range(n)])
                  for c in chosen}
    hyper = {c: pats(actual, hyper_mask[c]) for c in chosen}

    second: dict[str, dict[str, Patterns]] = {}
    for per in conflict.perceptions:
        i = per.perceiver
        if not per.aware_of:
            continue
        second[names[i]] = {}
        for c in chosen:
            mask = np.logical_and.reduce([
                (games[k] if k in per.aware_of else games[i]).stable[c][k] for k in range(n)])
            second[names[i]][c] = pats(actual, mask)

    # surprises: concept by concept, then by state, believer, mover and target
    pairs: list[tuple[int, int, dict[str, tuple[int, np.ndarray, np.ndarray]]]] = []
    for per in conflict.perceptions:
        i = per.perceiver
        masks = {c: games[i].equilibrium_mask(c) for c in chosen}
        for j, _spec in per.beliefs:
            believed = games[i].payoffs[j]
            if np.array_equal(believed, actual.payoffs[j]):
                continue
            pairs.append((i, j, _surprise_pairs(actual, believed, j, masks, max_surprises)))
    decimals = actual.decimals
    surprises: list[Surprise] = []
    counts: dict[str, int] = {}
    for c in chosen:
        rows = [np.stack([decimals[src], np.full(src.size, i), np.full(src.size, j),
                          decimals[dst]]) for i, j, per_c in pairs
                for _n, src, dst in [per_c[c]]]
        counts[c] = sum(per_c[c][0] for _i, _j, per_c in pairs)
        if not rows:
            continue
        allr = np.concatenate(rows, axis=1)
        order = np.lexsort((allr[3], allr[2], allr[1], allr[0]))
        room = None if max_surprises is None else max(0, max_surprises - len(surprises))
        for s_dec, i, j, t_dec in allr[:, order[:room]].T.tolist():
            surprises.append(Surprise(conflict.pattern(s_dec), names[i], names[j],
                                      conflict.pattern(t_dec), c))

    beliefs: dict[str, tuple[str, ...]] = {names[i]: () for i in range(n)}
    aware: dict[str, tuple[str, ...]] = {names[i]: () for i in range(n)}
    for per in conflict.perceptions:
        beliefs[names[per.perceiver]] = tuple(
            names[j] for j, _ in per.beliefs
            if not np.array_equal(games[per.perceiver].payoffs[j], actual.payoffs[j]))
        aware[names[per.perceiver]] = tuple(names[j] for j in per.aware_of)
    return HypergameAnalysis(
        title=conflict.title,
        concepts=tuple(chosen),
        decision_makers=tuple(names),
        actual=eq_actual,
        perceived=perceived,
        stable_in_own_game=own,
        hyper_equilibria=hyper,
        surprises=tuple(surprises),
        surprise_counts=counts,
        second_level=second,
        beliefs=beliefs,
        aware_of=aware,
        skipped=dict(actual.skipped),
        games={"actual": actual, **{names[i]: g for i, g in enumerate(games)}},
    )
