"""The smallest change of preferences that makes a deal hold (and reachable from today).

A mediator wants a state s to be an equilibrium — and, ideally, one the parties can reach
from today by moves they each want to make. Which side must be persuaded of what, and how
little suffices? This is the inverse problem of the graph model (Kinsara, Kilgour & Hipel
2015, "Inverse approach to the graph model for conflict resolution", *IEEE SMC: Systems*
45(5): 734–742) with a cost: the number of single preference changes
(:mod:`detente.graph.changes`: delete a statement, swap two adjacent statements; for a
ranking, swap two adjacent tie groups — the Kendall-tau distance between the orders of the
groups). Finding a cheapest preference adjustment that makes a state stable is NP-hard in
general (see the work on optimal preference manipulation in the graph model since Kinsara
et al.), so détente searches exactly, by increasing number of changes:

1. each decision maker (DM) allowed to change gets its *variants* at distance 0, 1, 2, …
   (breadth-first over single changes; variants with the same ranks are one preference);
2. a variant is kept only if it passes the DM's own necessary condition (the per-DM
   verdicts of :mod:`detente.graph.inverse.profiles`: the target is stable for that DM
   under Nash, GMR and SMR where asked, and GMR-stable for it where SEQ is asked, since
   SEQ ⊆ GMR) — a DM whose preferences may not change and fail it rules every profile out
   at once;
3. for k = 0, 1, 2, … every split of k changes over the DMs is examined in one batch
   (the SEQ signature sum of :mod:`~detente.graph.inverse.profiles` over the kept variants
   at those distances), and with ``reachable`` each profile found is checked for a path of
   improvements from the status quo — unilateral ones, or with ``moves="coalition"`` also
   coalitional ones (Kilgour, Hipel, Fang & Peng 2001), as status quo analysis follows
   them (:mod:`~detente.graph.inverse.reach`);
4. the first k with a solution is the minimum; up to ``top`` solutions at that k are
   listed (splits in increasing order of the first DMs' changes, then enumeration order).

Proof of exactness: every profile within distance k is a tuple of per-DM variants whose
distances sum to at most k; steps 1–3 examine every such tuple whose DMs pass their own
necessary conditions, and no tuple with a DM failing it can be a solution. ∎

Examples
--------
>>> import detente
>>> r = minimal_changes(detente.load("prisoners-dilemma"), "YY", concepts="nash")
>>> r.minimal, len(r.solutions)
(2, 1)
>>> [c.label() for c in r.solutions[0].changes]
['swap groups 1-2', 'swap groups 1-2']
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.graph.changes import Change, Variants, apply_change
from detente.graph.inverse.local import TargetNeighbourhood, UnilateralMoves
from detente.graph.inverse.profiles import ProfileBatch
from detente.graph.inverse.ranges import inverse_concepts
from detente.graph.inverse.reach import (
    REACH_WORK_LIMIT,
    CoalitionReach,
    Reach,
    reach_steps,
    search_work,
)
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, PreferenceSpec, Ranking, Statements
from detente.model.errors import ModelError, did_you_mean

__all__ = ["Solution", "MinimalResult", "minimal_changes", "CHANGE_MODES", "MAX_VARIANTS",
           "ranking_spec", "orders_within"]

#: How DMs change: ``auto`` (statements for statement DMs, tie-group swaps for the others),
#: ``ranking`` (tie-group swaps for every DM: the Kendall-tau distance).
CHANGE_MODES = ("auto", "ranking")
#: Most variants (preferences within the change budget) one DM may have in the search.
MAX_VARIANTS = 20_000
#: Most stable profiles checked for a path from today per number of changes.
_MAX_CANDIDATES = 2_000_000
#: The moves a path from today may use (as ``detente paths --moves``).
MOVES = ("ui", "any", "coalition")


@dataclass(frozen=True)
class Solution:
    """One minimal set of changes.

    ``changes``: in application order (per DM, each on the result of the previous ones);
    ``texts``: each change in words (``phrases``: worded for an "if …" sentence);
    ``steps``: fewest moves from the status quo to the target under the changed
    preferences (None if not asked or unreachable); ``path``: one shortest path as
    (mover, state) pairs."""

    changes: tuple[Change, ...]
    texts: tuple[str, ...]
    steps: int | None = None
    path: tuple[tuple[str, str], ...] = ()
    phrases: tuple[str, ...] = ()

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        return {
            "changes": [{**c.to_dict(conflict), "text": t}
                        for c, t in zip(self.changes, self.texts, strict=True)],
            "steps": self.steps,
            "path": [{"mover": m, "to": s} for m, s in self.path],
        }


@dataclass(frozen=True)
class MinimalResult:
    """The answer of :func:`minimal_changes` (``to_dict()`` is the CLI's JSON).

    The inverse problem of the graph model with a cost: the fewest single changes of the
    decision makers' preferences (a statement dropped or two adjacent ones swapped; two
    adjacent tie groups of a ranking swapped) that make a chosen target state an
    equilibrium under every concept asked — and, with ``reachable``, one the decision
    makers can reach from the status quo by moves each wants to make. It says which side
    would have to see the conflict differently, and how little would suffice.

    Attributes
    ----------
    target, concepts, dms:
        The state asked about, the concepts, and the decision makers allowed to change.
    minimal:
        The fewest changes that suffice, or ``None`` if none within ``max_changes`` do.
    solutions:
        Up to ``top`` ways to make it with ``minimal`` changes (:class:`Solution`:
        ``changes``, ``texts`` in words, ``steps`` and ``path`` from the status quo).
    lower_bound:
        What the search proved: no solution has fewer changes (``max_changes + 1`` when
        none was found).
    complete:
        Whether every minimal solution is listed (false when there are more than ``top``).
    already:
        Whether the target already is such an equilibrium (zero changes).

    References
    ----------
    Kinsara, R. A., Kilgour, D. M. and Hipel, K. W. (2015). Inverse approach to the graph
    model for conflict resolution. *IEEE Transactions on Systems, Man, and Cybernetics:
    Systems* 45(5): 734–742 (which preferences make a desired state an equilibrium).
    Kendall, M. G. (1938). A new measure of rank correlation. *Biometrika* 30: 81–93
    (adjacent swaps as the distance between orders). Li, K. W., Kilgour, D. M. and Hipel,
    K. W. (2005). Status quo analysis in the graph model for conflict resolution. *Journal
    of the Operational Research Society* 56: 699–707 (reachability from today).

    Examples
    --------
    Two changes make mutual cooperation a Nash equilibrium of the Prisoner's Dilemma; a
    third is needed for the prisoners to get there from mutual defection by improvements:

    >>> import detente
    >>> r = detente.inverse("prisoners-dilemma", "YY", minimal=True, concepts="nash",
    ...                     reachable=True)
    >>> r.minimal, r.complete
    (3, True)
    >>> best = r.solutions[0]
    >>> best.texts  # doctest: +NORMALIZE_WHITESPACE
    ('Prisoner 1 ranks YY above NY', 'Prisoner 2 ranks YY above YN',
     'Prisoner 2 ranks NY above NN')
    >>> best.path
    (('Prisoner 2', 'NY'), ('Prisoner 1', 'YY'))
    """

    conflict: Conflict = field(repr=False)
    target: str
    concepts: tuple[str, ...]
    dms: tuple[str, ...]
    reachable: bool
    moves: str
    max_changes: int
    method: str
    minimal: int | None
    lower_bound: int
    solutions: tuple[Solution, ...]
    complete: bool
    status_quo: str | None = None
    already: bool = False
    #: No solution, and every preference the chosen decision makers could hold was tried
    #: (``max_changes`` reached beyond the farthest), so no number of changes would do.
    exhausted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "concepts": list(self.concepts),
            "dms": list(self.dms),
            "reachable": self.reachable,
            "moves": self.moves,
            "status_quo": self.status_quo,
            "max_changes": self.max_changes,
            "method": self.method,
            "minimal_changes": self.minimal,
            "lower_bound": self.lower_bound,
            "complete": self.complete,
            "exhausted": self.exhausted,
            "solutions": [s.to_dict(self.conflict) for s in self.solutions],
        }


def ranking_spec(space: StateSpace, ranks: np.ndarray) -> Ranking:
    """The ranking (tiers of decimals, best first) of dense ranks over the feasible states."""
    decs = space.feasible_decimals
    top = int(ranks.max())
    return Ranking(tuple(tuple(int(d) for d in decs[ranks == v]) for v in range(top, 0, -1)))


def _parse_dms(conflict: Conflict, dms: Iterable[str] | None) -> list[int]:
    if dms is None:
        return list(range(len(conflict.decision_makers)))
    out = []
    for name in dms:
        if name not in conflict.dm_names:
            raise ModelError(f"unknown decision maker {name!r}. "
                             f"{did_you_mean(name, conflict.dm_names)}", field="--dm")
        i = conflict.dm_index(name)
        if i not in out:
            out.append(i)
    if not out:
        raise ModelError("no decision maker may change (--dm)", field="--dm")
    return sorted(out)


@dataclass
class _Layer:
    """One DM's variants, by distance: their ranks and a shortest change sequence."""

    ranks: np.ndarray                 # (n_variants, N)
    distance: np.ndarray              # (n_variants,)
    changes: list[tuple[Change, ...]]
    variants: list[tuple]
    complete: bool = False  # every variant single changes can reach is listed


def orders_within(T: int, d: int) -> int:
    """Orders of T tie groups within Kendall-tau distance d of a given one (Mahonian
    numbers: permutations with at most d inversions; all T! orders once d reaches the
    largest distance, T(T−1)/2). O(T · min(d, T²)) integer additions."""
    d = max(0, min(d, T * (T - 1) // 2))
    counts = [1] + [0] * d  # permutations of 1 element by number of inversions
    for m in range(2, T + 1):  # insert the m-th element: 0 … m−1 new inversions
        prefix = list(itertools.accumulate(counts, initial=0))  # prefix[k] = Σ counts[:k]
        counts = [prefix[k + 1] - prefix[max(0, k + 1 - m)] for k in range(d + 1)]
    return sum(counts)


def _big(x: int) -> str:
    """A count in words: with thousands separators, or as about m·10^e when huge."""
    if x < 10**15:
        return f"{x:,}"
    e = math.floor(math.log10(x))
    return f"about {x / 10**e if e < 300 else 10 ** (math.log10(x) - e):.1f}·10^{e}"


#: Most integer additions spent counting a ranking's orders before refusing it.
_COUNT_WORK = 1_000_000


def _refuse_orders(name: str, T: int, max_d: int) -> None:
    """Refuse, at once and with the count, a ranking with more than MAX_VARIANTS orders
    within ``max_d`` adjacent swaps of its groups."""
    most = T * (T - 1) // 2
    within = min(max_d, most)
    counted = min(within, max(1, _COUNT_WORK // max(T, 1)))
    count = orders_within(T, counted)
    if count <= MAX_VARIANTS:
        if counted == within:
            return
        count = orders_within(T, within)  # small T, large budget: still cheap
        if count <= MAX_VARIANTS:
            return
        counted = within
    if counted == max_d:
        what = f"{_big(count)} orders are within {max_d} adjacent swaps"
    elif counted == most:
        what = (f"all {T}! orders of its groups ({_big(count)}) are within {max_d:,} "
                f"adjacent swaps (any order is within {most:,})")
    else:
        what = f"more than {_big(count)} orders are within {counted:,} adjacent swaps already"
    raise ModelError(
        f"{name}'s ranking has {T} tie groups: {what}, more than the search examines "
        f"({MAX_VARIANTS:,}). Use --method ilp (the Kendall-tau integer programme), "
        "lower --max-changes, or restrict --dm", field="--max-changes")


def _variants(space: StateSpace, dm: int, max_d: int, groups: bool, base: np.ndarray,
              allowed: bool, name: str) -> _Layer:
    v = Variants(space, dm, ranks=base, groups=groups)
    if allowed and not v.statements:
        _refuse_orders(name, v.n_groups, max_d)
    kinds = ("delete", "swap") if v.statements else ("swap",)
    seen_var = {v.base}
    seen_rank = {v.ranks(v.base).tobytes()}
    layer: list[tuple[tuple, tuple[Change, ...]]] = [(v.base, ())]
    out_c: list[tuple[Change, ...]] = [()]
    out_r, out_d, out_v = [v.ranks(v.base)], [0], [v.base]
    for d in range(1, max_d + 1 if allowed else 1):
        nxt: list[tuple[tuple, tuple[Change, ...]]] = []
        for var, chs in layer:
            for ch, w in v.neighbours(var, kinds):
                if w in seen_var:
                    continue
                seen_var.add(w)
                nxt.append((w, (*chs, ch)))
                r = v.ranks(w)
                key = r.tobytes()
                if key in seen_rank:
                    continue
                seen_rank.add(key)
                out_r.append(r)
                out_d.append(d)
                out_c.append((*chs, ch))
                out_v.append(w)
                if len(out_r) > MAX_VARIANTS:
                    raise ModelError(
                        f"{name} has more than {MAX_VARIANTS:,} different preferences within "
                        f"{d} change(s): the search by increasing number of changes would not "
                        "finish. Lower --max-changes or restrict --dm", field="--max-changes")
        if not nxt:  # every preference within reach of single changes is listed
            return _Layer(np.array(out_r, dtype=np.int32), np.array(out_d), out_c, out_v,
                          complete=True)
        layer = nxt
    return _Layer(np.array(out_r, dtype=np.int32), np.array(out_d), out_c, out_v)


def _splits(k: int, allowed: Sequence[int], n: int,
            most: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every way to spread k changes over the allowed DMs (others 0; DM j at most
    ``most[j]``, the farthest of its variants), first DMs' counts increasing."""
    for combo in itertools.product(*(range(min(k, most[i]) + 1) for i in allowed)):
        if sum(combo) == k:
            out = [0] * n
            for i, c in zip(allowed, combo, strict=True):
                out[i] = c
            yield tuple(out)


def minimal_changes(conflict: Conflict, target: str | int,
                    concepts: Iterable[str] | str | None = ("seq",),
                    dms: Iterable[str] | None = None, *, reachable: bool = False,
                    moves: str = "ui", top: int = 5, max_changes: int = 3,
                    changes: str = "auto", method: str = "search",
                    time_limit: float = 10.0, max_memory: int | None = None) -> MinimalResult:
    """The fewest preference changes making ``target`` an equilibrium under every concept in
    ``concepts`` (and, with ``reachable``, reachable from the status quo).

    Parameters
    ----------
    conflict, target:
        The model and the state (pattern or decimal).
    concepts:
        Any of nash, gmr, smr, seq (default seq); the target must be stable under all.
    dms:
        Names of the DMs allowed to change (default every DM).
    reachable, moves:
        Also require a path from the status quo: ``ui`` (unilateral improvements, the
        default), ``any`` (any legal moves) or ``coalition`` (unilateral and coalitional
        improvements, as ``detente paths --moves coalition``;
        :mod:`~detente.graph.inverse.reach`).
    top:
        List up to this many minimal solutions.
    max_changes:
        Search up to this many changes (the answer is "none within max_changes" beyond).
    changes:
        ``auto`` (statement DMs: delete/swap statements; others: swap adjacent tie groups)
        or ``ranking`` (every DM as a ranking of its tie groups: Kendall-tau swaps).
    method:
        ``search`` (exact, by increasing number of changes) or ``ilp`` (Kendall-tau
        integer programme, :mod:`detente.graph.inverse.kendall`; implies ``ranking``).
    time_limit:
        Seconds the integer programme may run (``ilp`` only).
    """
    chosen = inverse_concepts(concepts, default=("seq",))
    if changes not in CHANGE_MODES:
        raise ModelError(f"--changes is one of {', '.join(CHANGE_MODES)}", field="--changes")
    if moves not in MOVES:
        raise ModelError(f"--moves is one of {', '.join(MOVES)} for an inverse analysis",
                         field="--moves")
    if top < 1:
        raise ModelError("--top must be at least 1", field="--top")
    if max_changes < 0:
        raise ModelError("--max-changes must be at least 0", field="--max-changes")
    allowed = _parse_dms(conflict, dms)
    space = StateSpace(conflict, max_memory=max_memory)
    mv = UnilateralMoves(space)
    s_dec = conflict.decimal(target) if isinstance(target, str) else int(target)
    s = mv.position(s_dec)
    sq: int | None = None
    if reachable:
        if conflict.status_quo is None:
            raise ModelError("needs a status quo to start from: the model declares none",
                             field="--reachable")
        sq = mv.position(conflict.status_quo)
    co = CoalitionReach(mv) if reachable and moves == "coalition" else None
    if method == "ilp":
        from detente.graph.inverse.kendall import kendall_minimal

        return kendall_minimal(conflict, space, mv, s, chosen, allowed, sq, moves, top,
                               max_changes, time_limit, coalitions=co)
    if method != "search":
        raise ModelError("--method is search or ilp", field="--method")
    n = space.n_dms
    base = payoff_ranks(space).reshape(n, -1)[:, space.feasible_index]
    hood = TargetNeighbourhood(mv, s)
    names = conflict.dm_names
    layers = [_variants(space, k, max_changes, changes == "ranking", base[k], k in allowed,
                        names[k]) for k in range(n)]
    # each DM's own necessary condition, once for all its variants
    batch = ProfileBatch(hood, [ly.ranks for ly in layers])
    own = []
    for k in range(n):
        ok = np.ones(len(layers[k].distance), dtype=bool)
        for c in chosen:
            ok &= batch.verdicts[k]["gmr" if c == "seq" else c]
        own.append(ok)
    any_reach = Reach(mv, None, sq, improving=False) if sq is not None and moves == "any" \
        else None
    if any_reach is not None and any_reach.steps(s) is None:  # no preference changes that
        return _result(conflict, s_dec, chosen, allowed, reachable, moves, max_changes,
                       None, max_changes + 1, (), True, sq, exhausted=True)
    solutions: list[Solution] = []
    complete = True
    limit = _MAX_CANDIDATES if reachable else top + 1
    work = search_work(mv, co)
    # profiles whose paths from today may be searched: each search may look at `work` steps
    cap = _MAX_CANDIDATES if co is None else max(1, min(_MAX_CANDIDATES,
                                                        int(REACH_WORK_LIMIT // work)))
    # beyond the farthest variants nothing new exists: a huge --max-changes costs nothing
    most = [int(ly.distance.max()) for ly in layers]
    for k in range(min(max_changes, sum(most[j] for j in allowed)) + 1):
        found_any = False
        examined = 0
        for split in _splits(k, allowed, n, most):
            subsets = [np.flatnonzero((layers[j].distance == split[j]) & own[j])
                       for j in range(n)]
            if any(len(x) == 0 for x in subsets):
                continue
            for chunk in _chunks(_stable_blocks(hood, layers, subsets, chosen, limit)):
                examined += len(chunk)
                if examined > cap:
                    raise ModelError(
                        f"more than {cap:,} preference profiles with {k} change(s) make "
                        f"{conflict.pattern(s_dec)} stable, and each must be checked for a "
                        f"path from today (up to {work:,.0f} steps each with --moves "
                        f"{moves}): the search would not finish. Lower --max-changes, "
                        "restrict --dm, or leave out --reachable")
                if sq is not None and any_reach is None:
                    stack = np.stack([layers[j].ranks[chunk[:, j]] for j in range(n)], axis=1)
                    steps_all = reach_steps(mv, stack, sq, s, coalitions=co)
                elif any_reach is not None:  # reachable by any moves: one search for all
                    steps_all = np.full(len(chunk), any_reach.steps(s))
                else:
                    steps_all = np.zeros(len(chunk), dtype=np.int64)
                for row in np.flatnonzero(steps_all >= 0):
                    found_any = True
                    if len(solutions) >= top:
                        complete = False
                        break
                    profile = [int(x) for x in chunk[row]]
                    steps = int(steps_all[row]) if reachable else None
                    path: tuple = ()
                    if sq is not None:  # reachable
                        P = np.stack([layers[j].ranks[profile[j]] for j in range(n)])
                        r = any_reach or Reach(mv, P, sq, improving=True, coalitions=co)
                        path = tuple((r.mover_name(conflict, m),
                                      conflict.pattern(int(mv.decimals[p])))
                                     for m, p in r.path(s))
                    solutions.append(_solution(conflict, space, layers, profile, steps, path,
                                               changes == "ranking"))
                if not complete:
                    break
            if not complete:
                break
        if found_any:
            return _result(conflict, s_dec, chosen, allowed, reachable, moves, max_changes, k,
                           k, tuple(solutions), complete, sq, already=(k == 0))
    return _result(conflict, s_dec, chosen, allowed, reachable, moves, max_changes, None,
                   max_changes + 1, (), complete, sq,
                   exhausted=all(layers[j].complete for j in allowed))


def _stable_blocks(hood: TargetNeighbourhood, layers: list[_Layer],
                   subsets: list[np.ndarray], chosen: list[str],
                   limit: int) -> Iterator[np.ndarray]:
    """Profiles (variant index per DM, within ``subsets``) making the target an equilibrium
    under every concept, as blocks of rows, in enumeration order (of the signature tuples
    for SEQ, then of their members)."""
    n = len(layers)

    def product(groups: list[np.ndarray]) -> np.ndarray:
        grid = np.meshgrid(*groups, indexing="ij")
        return np.stack([g.reshape(-1) for g in grid], axis=1)

    if "seq" not in chosen:
        for head in itertools.product(*(s.tolist() for s in subsets[:-1])):
            yield product([np.array([h]) for h in head] + [subsets[-1]])
        return
    batch = ProfileBatch(hood, [layers[j].ranks[subsets[j]] for j in range(n)])
    total = math.prod(len(x) for x in subsets)
    res = batch.seq(limit=min(total, limit))
    buf: list[tuple[int, ...]] = []
    for row in res.tuples.tolist():
        groups = [res.members[j][g] for j, g in enumerate(row)]
        if all(len(g) == 1 for g in groups):
            buf.append(tuple(int(g[0]) for g in groups))
        else:
            buf.extend(itertools.product(*(g.tolist() for g in groups)))
        if len(buf) >= 4096:
            local = np.array(buf, dtype=np.int64)
            yield np.stack([subsets[j][local[:, j]] for j in range(n)], axis=1)
            buf = []
    if buf:
        local = np.array(buf, dtype=np.int64)
        yield np.stack([subsets[j][local[:, j]] for j in range(n)], axis=1)


def _chunks(blocks: Iterator[np.ndarray], size: int = 8192) -> Iterator[np.ndarray]:
    buf: list[np.ndarray] = []
    have = 0
    for b in blocks:
        buf.append(b)
        have += len(b)
        if have >= size:
            yield np.concatenate(buf)
            buf, have = [], 0
    if buf:
        yield np.concatenate(buf)


def _solution(conflict: Conflict, space: StateSpace, layers: list[_Layer],
              profile: Sequence[int], steps: int | None, path: tuple,
              as_ranking: bool) -> Solution:
    chs: list[Change] = []
    texts: list[str] = []
    phrases: list[str] = []
    for j, v in enumerate(profile):
        seq = layers[j].changes[v]
        spec: PreferenceSpec = conflict.preferences[j]
        if as_ranking or not isinstance(spec, Statements):
            spec = ranking_spec(space, layers[j].ranks[0])
        for ch in seq:
            texts.append(ch.describe(conflict, spec))
            phrases.append(ch.describe(conflict, spec, conditional=True))
            chs.append(ch)
            spec = apply_change(spec, ch)
    return Solution(tuple(chs), tuple(texts), steps, path, tuple(phrases))


def _result(conflict: Conflict, s_dec: int, chosen: list[str], allowed: list[int],
            reachable: bool, moves: str, max_changes: int, minimal: int | None,
            lower: int, solutions: tuple[Solution, ...], complete: bool, sq: int | None,
            already: bool = False, method: str = "search",
            exhausted: bool = False) -> MinimalResult:
    return MinimalResult(
        conflict=conflict, target=conflict.pattern(s_dec), concepts=tuple(chosen),
        dms=tuple(conflict.dm_names[i] for i in allowed), reachable=reachable,
        moves=moves, max_changes=max_changes, method=method, minimal=minimal,
        lower_bound=lower, solutions=solutions, complete=complete,
        status_quo=None if conflict.status_quo is None else
        conflict.pattern(conflict.status_quo), already=already, exhausted=exhausted)
