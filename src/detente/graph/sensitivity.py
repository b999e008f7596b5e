"""Single-change sensitivity: which preference statements each verdict rests on.

Every verdict of a stability analysis rests on preferences an analyst wrote down. This
module changes them one step at a time, in the vocabulary of :mod:`detente.graph.changes`,
and reports, for every state and solution concept, which single changes flip its verdict
(an equilibrium that stops being one, or a state that becomes one). For each decision maker
(DM):

- given by **prioritized statements** (option prioritization, Fang, Hipel & Kilgour 1993):
  ``delete`` statement k (``statements: [k]``) and ``swap`` statements k and k+1
  (``[k, k+1]``), numbered in the file's priority order from 1;
- given by a **ranking** (or a payoff table, treated as its ranking): ``swap`` tie groups k
  and k+1 (1 = most preferred; ``[k, k+1]``) and ``delete`` the distinction between them,
  merging them into one tie (``[k, k+1]``).

This is one-at-a-time sensitivity analysis of the preference model, the question GMCR II
and GMCR+ leave to re-running by hand (Hipel, Kilgour, Fang & Peng 1997, "The decision
support system GMCR in environmental conflict management", *Applied Mathematics and
Computation* 83: 117–152, on editing the preference statements and re-running); the
verdicts of each changed model are those of :mod:`detente.graph.stability` and
:mod:`detente.graph.sim` (FHK 1993; Fraser & Hipel 1984), computed for many changes at
once over one state space by :mod:`detente.graph.profiles`.

Examples
--------
>>> import detente
>>> r = sensitivity(detente.load("prisoners-dilemma"), concepts="nash")
>>> r.changes, r.baseline["nash"]
(12, ('NN',))
>>> s = r.states[0]
>>> s.state, s.baseline, s.kept, s.of, [c.to_dict() for c in s.flipped_by][:2]
('NN', True, 10, 12, [{'dm': 'Prisoner 1', 'change': 'swap', 'statements': [3, 4]}, \
{'dm': 'Prisoner 2', 'change': 'swap', 'statements': [3, 4]}])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.graph.changes import Change, Variants
from detente.model.conflict import Conflict, Statements
from detente.model.errors import ModelError, did_you_mean
from detente.model.feasibility import not_feasible

__all__ = ["CHANGE_KINDS", "ChangeRef", "StateSensitivity", "Sensitivity", "sensitivity",
           "parse_changes", "batch_size"]

#: The kinds of single change the command offers, in their sort order.
CHANGE_KINDS = ("delete", "swap")


@dataclass(frozen=True)
class ChangeRef:
    """One single change as reported: the DM's name, ``delete`` or ``swap``, and the
    statement (or tie group) numbers it touches, 1-based in the file's order."""

    dm: str
    change: str
    statements: tuple[int, ...]
    #: ``statements`` or ``groups`` (tie groups of a ranking or payoff table).
    on: str = field(default="statements", compare=False)

    def to_dict(self) -> dict[str, Any]:
        """``{"dm", "change", "statements"}`` (the JSON contract)."""
        return {"dm": self.dm, "change": self.change, "statements": list(self.statements)}


@dataclass(frozen=True)
class StateSensitivity:
    """How one state's verdict under one concept fares under the single changes.

    ``baseline``: whether it is an equilibrium of the unchanged model; ``kept``: how many of
    the ``of`` changes leave that verdict as it is; ``flipped_by``: the others, sorted by DM
    (model order), then change (``delete`` before ``swap``), then statement numbers."""

    state: str
    concept: str
    baseline: bool
    kept: int
    of: int
    flipped_by: tuple[ChangeRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "concept": self.concept, "baseline": self.baseline,
                "kept": self.kept, "of": self.of,
                "flipped_by": [c.to_dict() for c in self.flipped_by]}


@dataclass(frozen=True)
class Sensitivity:
    """The result of :func:`sensitivity`: which single preference changes flip which
    verdicts.

    One-at-a-time sensitivity analysis of a conflict model's preferences: every
    prioritized statement of every decision maker (DM) dropped, and every two adjacent
    statements swapped (for a ranking, two adjacent tie groups swapped or merged), one
    change at a time, and the stability analysis run again on each changed model. A verdict
    (this state is, or is not, an equilibrium under this concept) that no single change
    flips is robust to small misreadings of what the DMs want; one that a change flips
    rests on the statement it touches.

    Attributes
    ----------
    title:
        The model's title.
    concepts:
        The concepts analysed, in report order.
    changes:
        The number of single changes evaluated, over all DMs.
    baseline:
        ``{concept: equilibria of the unchanged model}`` (patterns, increasing decimal).
    states:
        Every (state, concept) whose verdict at least one change flips (only the states
        asked for, when narrowed), by concept in ``concepts`` order, then by decimal.
    change_list:
        Every change evaluated, in the order of :func:`~detente.graph.changes.single_changes`
        per DM.
    skipped:
        Concepts of the default set left out, with the reason (SIM on large models).

    Each entry of ``states`` is a :class:`StateSensitivity` (``state``, ``concept``,
    ``baseline``, ``kept`` of ``of`` changes, ``flipped_by``); :meth:`to_dict` is the JSON of
    ``detente sensitivity``.

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (option prioritization; the stability concepts).
    Hipel, K. W., Kilgour, D. M., Fang, L. and Peng, X. (1997). The decision support system
    GMCR in environmental conflict management. *Applied Mathematics and Computation* 83:
    117–152 (editing the preference statements and analysing again).

    Examples
    --------
    On the shared river, today's Nash equilibrium survives every one of the 16 single
    changes; four other states would become equilibria after one change each:

    >>> import detente
    >>> r = detente.sensitivity("shared-river", "nash")
    >>> r.changes, r.baseline["nash"], [s.state for s in r.states]
    (16, ('YNNN',), ['NNNN', 'YNYN', 'YNNY', 'YYNY'])
    >>> s = r.states[0]
    >>> s.baseline, s.kept, s.of, [c.to_dict() for c in s.flipped_by]
    (False, 15, 16, [{'dm': 'Upstream state', 'change': 'delete', 'statements': [3]}])
    """

    title: str
    concepts: tuple[str, ...]
    changes: int
    baseline: Mapping[str, tuple[str, ...]]
    states: tuple[StateSensitivity, ...]
    change_list: tuple[ChangeRef, ...] = ()
    skipped: Mapping[str, str] = field(default_factory=dict)
    conflict: Conflict | None = field(default=None, compare=False, repr=False)
    #: The states asked for (``states=``, as patterns in the order given), or None: all.
    requested: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``detente sensitivity``."""
        # one dict per change, shared by every state it flips (large models list hundreds
        # of thousands of states; the JSON encoder writes shared dicts like any other)
        refs = {id(r): r.to_dict() for r in self.change_list}

        def ref(r: ChangeRef) -> dict[str, Any]:
            d = refs.get(id(r))
            return d if d is not None else r.to_dict()

        # and one list per distinct set of changes (states flipped by the same changes
        # share the engine's tuple)
        lists: dict[int, list[dict[str, Any]]] = {}

        def by(t: tuple[ChangeRef, ...]) -> list[dict[str, Any]]:
            got = lists.get(id(t))
            if got is None:
                got = lists[id(t)] = [ref(r) for r in t]
            return got

        states = [{"state": e.state, "concept": e.concept, "baseline": e.baseline,
                   "kept": e.kept, "of": e.of, "flipped_by": by(e.flipped_by)}
                  for e in self.states]
        return {"title": self.title, "concepts": list(self.concepts), "changes": self.changes,
                "baseline": {c: list(v) for c, v in self.baseline.items()},
                "states": states}

    def entry(self, state: str, concept: str) -> StateSensitivity | None:
        """The entry of ``state`` (a pattern) under ``concept``, or None when no change
        flips its verdict."""
        for s in self.states:
            if s.state == state and s.concept == concept:
                return s
        return None

    def is_equilibrium(self, state: str, concept: str) -> bool:
        """Whether ``state`` is an equilibrium of the unchanged model under ``concept``."""
        return state in self.baseline.get(concept, ())


def parse_changes(kinds: Iterable[str] | str | None) -> tuple[str, ...]:
    """Validate ``--changes`` (``delete``, ``swap``; default both)."""
    if kinds is None:
        return CHANGE_KINDS
    if isinstance(kinds, str):
        kinds = kinds.split(",")
    out: list[str] = []
    for raw in kinds:
        k = raw.strip().lower()
        if not k:
            continue
        if k not in CHANGE_KINDS:
            raise ModelError(f"unknown kind of change {raw.strip()!r}. "
                             f"{did_you_mean(k, CHANGE_KINDS)}", field="--changes")
        if k not in out:
            out.append(k)
    if not out:
        raise ModelError("no kind of change given", field="--changes")
    return tuple(k for k in CHANGE_KINDS if k in out)


def _engine_kinds(spec: Any, kinds: Sequence[str]) -> list[str]:
    """The kinds of :mod:`detente.graph.changes` behind ``delete``/``swap`` for a DM."""
    if isinstance(spec, Statements):
        return list(kinds)
    return [{"delete": "merge", "swap": "swap"}[k] for k in kinds]


def _ref(conflict: Conflict, ch: Change) -> ChangeRef:
    k = ch.position
    kind = "delete" if ch.kind in ("delete", "merge") else "swap"
    nums = (k,) if ch.kind == "delete" else (k, k + 1)
    return ChangeRef(conflict.decision_makers[ch.dm].name, kind, nums, ch.on)


def batch_size(space: Any, count: int, max_memory: int | None) -> int:
    """How many profiles to evaluate at once: as many as half the memory limit holds (at
    least one; the state space itself was checked against the limit when it was built)."""
    from detente.graph.profiles import profile_bytes
    from detente.model.resources import default_limit

    limit = default_limit() if max_memory is None else max_memory
    per = max(1, profile_bytes(space))
    return int(max(1, min(count, (limit // 2) // per, 4096)))


def sensitivity(
    conflict: Conflict,
    concepts: Iterable[str] | str | None = None,
    *,
    changes: Iterable[str] | str | None = None,
    states: Iterable[str | int] | None = None,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Sensitivity:
    """Which single changes of the preferences flip each state's verdict, per concept.

    Parameters
    ----------
    conflict:
        The model.
    concepts:
        Concept keys as in :func:`~detente.graph.analysis.analyze` (default: its default
        set, which leaves SIM and SEQ&SIM out of large models).
    changes:
        ``delete``, ``swap`` or both (the default).
    states:
        Report only these states (patterns, decimals, named states or ``status_quo``);
        every change is still evaluated.
    max_memory:
        Bytes the analysis may use; profiles are evaluated in batches that fit in half of
        it, and models whose state space does not fit are refused.
    progress, on_plan:
        Called after each batch of changes with a short description, and once with the
        number of batches.

    Returns
    -------
    Sensitivity

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley. Hipel, K. W., Kilgour, D. M., Fang, L. and Peng,
    X. (1997). The decision support system GMCR in environmental conflict management.
    *Applied Mathematics and Computation* 83: 117–152.
    """
    from detente.graph.analysis import analyze
    from detente.graph.profiles import ProfileEngine, profile_concepts

    kinds = parse_changes(changes)
    concepts = profile_concepts(concepts)  # SSEQ and FSEQ are not profiled
    base = analyze(conflict, concepts, max_memory=max_memory)
    space = base.space
    if space is None:  # analyze keeps its state space; an Analysis built by hand may not
        raise ValueError("the baseline analysis keeps no state space")
    chosen = list(base.concepts)
    tick = progress or (lambda _m: None)
    P = base.tensor_payoffs()
    engine = ProfileEngine(space, P)
    requested = None if states is None else _state_patterns(conflict, states)
    wanted = None if requested is None else np.array(
        sorted({base.index(p) for p in requested}), dtype=np.int64)
    n_feasible = space.n_feasible
    base_eq = {c: base.equilibrium_mask(c) for c in chosen}

    # every DM's changes, their ranks, and which are distinct
    per_dm: list[tuple[int, list[Change], np.ndarray]] = []
    for j, spec in enumerate(conflict.preferences):
        v = Variants(space, j, ranks=base.payoffs[j])
        found = v.neighbours(v.base, _engine_kinds(spec, kinds))
        ranks = v.ranks_many([w for _, w in found]) if found else np.zeros((0, n_feasible),
                                                                            np.int32)
        per_dm.append((j, [ch for ch, _ in found], ranks))
    total = sum(len(chs) for _, chs, _ in per_dm)
    refs = [_ref(conflict, ch) for _, chs, _ in per_dm for ch in chs]
    flips = {c: np.zeros((total, n_feasible), dtype=bool) for c in chosen}
    # (dm, rows of its changes, the distinct variant of each row, distinct ranks, and which
    # distinct ranks are the baseline's)
    jobs: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    row = 0
    for j, chs, ranks in per_dm:
        if not chs:
            continue
        rows = np.arange(row, row + len(chs))
        row += len(chs)
        # identical variants (and variants identical to the baseline) are evaluated once
        uniq, inverse = _distinct_rows(ranks)
        base_key = np.ascontiguousarray(base.payoffs[j], dtype=ranks.dtype).tobytes()
        same = np.array([u.tobytes() == base_key for u in uniq], dtype=bool)
        jobs.append((j, rows, inverse, uniq, same))
    batches = []
    for j, rows, inverse, uniq, same in jobs:
        todo = np.flatnonzero(~same)
        step = batch_size(space, max(1, todo.size), max_memory)
        for lo in range(0, todo.size, step):
            batches.append((j, rows, inverse, uniq, todo[lo: lo + step]))
    if on_plan:
        on_plan(len(batches))
    names = conflict.dm_names
    feasible_index = space.feasible_index
    for j, rows, inverse, uniq, part in batches:
        stack = np.empty((part.size, *P.shape), dtype=np.int32)
        stack[:] = P
        flat = stack[:, j].reshape(part.size, -1)
        flat[:] = 0
        flat[:, feasible_index] = uniq[part]
        eq = engine.equilibria(stack, chosen, changed=j)
        for c in chosen:
            differs = eq[c] != base_eq[c]  # (len(part), n_feasible)
            for q, u in enumerate(part.tolist()):
                flips[c][rows[inverse == u]] = differs[q]
        tick(f"{part.size} change(s) of {names[j]}")

    # report: changes sorted by DM, then delete before swap, then statement numbers
    dm_pos = {n: i for i, n in enumerate(names)}
    order = sorted(range(total), key=lambda k: (dm_pos[refs[k].dm],
                                                CHANGE_KINDS.index(refs[k].change),
                                                refs[k].statements))
    refs_sorted = [refs[k] for k in order]
    entries: list[StateSensitivity] = []
    for c in chosen:
        F = flips[c][order]
        cols = np.flatnonzero(F.any(axis=0))
        if wanted is not None:
            cols = cols[np.isin(cols, wanted)]
        if cols.size == 0:
            continue
        # states flipped by the same changes share one tuple of them (large models have
        # hundreds of thousands of states but few distinct sets of changes)
        distinct, which = _distinct_rows(np.packbits(F[:, cols], axis=0).T)
        sets = [tuple(refs_sorted[x] for x in np.flatnonzero(
            np.unpackbits(u, count=total)).tolist()) for u in distinct]
        pats = conflict.patterns(base.decimals[cols])
        eqc = base_eq[c][cols].tolist()
        entries += [StateSensitivity(p, c, e, total - len(by), total, by)
                    for p, e, by in zip(pats, eqc, [sets[w] for w in which.tolist()],
                                        strict=True)]
    return Sensitivity(
        title=conflict.title,
        concepts=tuple(chosen),
        changes=total,
        baseline={c: tuple(base.patterns(base_eq[c])) for c in chosen},
        states=tuple(entries),
        change_list=tuple(refs),
        skipped=dict(base.skipped),
        conflict=conflict,
        requested=requested,
    )


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a 2-D array (in order of first appearance) and, for each row,
    the index of its distinct row. Rows are compared by their bytes: ``np.unique(axis=0)``
    sorts wide rows as structured records, which took half a minute on the grand bargain's
    331,776-state rank rows.

    >>> _distinct_rows(np.array([[1, 2], [3, 4], [1, 2]]))
    (array([[1, 2],
           [3, 4]]), array([0, 1, 0]))
    """
    rows = np.ascontiguousarray(rows)
    first: dict[bytes, int] = {}
    inverse = np.empty(rows.shape[0], dtype=np.int64)
    for k in range(rows.shape[0]):
        inverse[k] = first.setdefault(rows[k].tobytes(), len(first))
    keep = np.zeros(len(first), dtype=np.int64)
    keep[inverse[::-1]] = np.arange(rows.shape[0])[::-1]  # the first row of each
    return rows[keep], inverse


def _state_patterns(conflict: Conflict, states: Iterable[str | int]) -> tuple[str, ...]:
    """The states asked for as patterns, in the order given, each once; a state that is
    malformed or infeasible is a :class:`ModelError` naming ``--states``."""
    from detente.model.feasibility import state_argument

    decs = [state_argument(conflict, s, "--states") for s in states]
    return tuple(conflict.pattern(d) for d in dict.fromkeys(decs))


def reachability_flips(
    conflict: Conflict,
    targets: Sequence[str],
    *,
    changes: Iterable[str] | str | None = None,
    start: str | int | None = None,
    max_memory: int | None = None,
) -> dict[str, tuple[ChangeRef, ...]]:
    """For each target state, the single changes that flip whether it is reachable from
    ``start`` (the status quo by default) by unilateral improvements (status quo analysis,
    Li, Kilgour & Hipel 2005: a legal sequence of moves, each an improvement for its mover).

    The changes are those of :func:`sensitivity`, sorted the same way; each changed model
    is searched over the shared state space (one breadth-first search per change).

    >>> import detente
    >>> cuban = detente.load("cuban-missile-crisis")
    >>> flips = reachability_flips(cuban, ["NNYN"])
    >>> [c.to_dict() for c in flips["NNYN"]][:1]
    [{'dm': 'United States', 'change': 'delete', 'statements': [1, 2]}]
    """
    from detente.graph.moves import MoveSystem
    from detente.graph.preferences import payoff_ranks
    from detente.graph.search import LayeredSearch, movers_for
    from detente.graph.space import StateSpace

    kinds = parse_changes(changes)
    space = StateSpace(conflict, max_memory=max_memory)
    P = payoff_ranks(space)
    if start is None:
        if conflict.status_quo is None:
            raise ModelError("the model declares no status quo")
        s0 = conflict.status_quo
    else:
        s0 = conflict.parse_state(start) if isinstance(start, str) else int(start)
    flat = space.flat_of_decimals(np.array([conflict.parse_state(t) for t in targets]
                                           + [s0]))
    if (flat < 0).any():
        named = [("target", conflict.parse_state(t)) for t in targets] + [("start state", s0)]
        what, d = next(x for x, f in zip(named, flat.tolist(), strict=True) if f < 0)
        raise not_feasible(conflict, d, what=what)
    movers = movers_for(space.n_dms, "ui")

    def reached(payoffs: np.ndarray) -> np.ndarray:
        system = MoveSystem(space, payoffs)
        search = LayeredSearch(system, int(flat[-1]), movers, improving=True)
        search.run()
        return search.steps[flat[:-1]] >= 0

    base = reached(P)
    found: dict[str, list[ChangeRef]] = {t: [] for t in targets}
    idx = space.feasible_index
    for j, spec in enumerate(conflict.preferences):
        v = Variants(space, j, ranks=P[j].reshape(-1)[idx])
        for ch, variant in v.neighbours(v.base, _engine_kinds(spec, kinds)):
            Pc = P.copy()
            row = Pc[j].reshape(-1)
            row[:] = 0
            row[idx] = v.ranks(variant)
            now = reached(Pc)
            for t, before, after in zip(targets, base.tolist(), now.tolist(), strict=True):
                if before != after:
                    found[t].append(_ref(conflict, ch))
    names = conflict.dm_names
    key = lambda r: (names.index(r.dm), CHANGE_KINDS.index(r.change), r.statements)  # noqa: E731
    return {t: tuple(sorted(v, key=key)) for t, v in found.items()}
