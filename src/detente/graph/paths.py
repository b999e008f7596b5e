"""Status quo analysis: which states the conflict can reach from today, how fast, and how.

Definition (Li, Kilgour & Hipel 2005, "Status quo analysis in the graph model for conflict
resolution", *J. Oper. Res. Soc.* 56:699–707): starting from the status quo, the decision
makers (DMs) move one at a time, and no mover moves twice in a row (a mover may move again
later: A, B, A is legal, as in the reachable lists R_H of Fang, Hipel & Kilgour 1993). Li et
al. ask which states are reachable from the status quo by such *legal sequences*, in how few
steps, and which equilibria are among them; they compute it with powers of the adjacency
matrices of the moves. Three kinds of move are offered:

- ``ui`` (the default): every step is a unilateral improvement (UI) of its mover, judged from
  the state it moves from — the evolution Li et al. analyse;
- ``any``: every step is any legal unilateral move (what the DMs *could* do);
- ``coalition``: every step is a unilateral improvement of one DM, or a *coalitional
  improvement* of a coalition H of two or more DMs: a state the members reach together by a
  legal sequence of their own moves (R_H) that every member strictly prefers to the state it
  starts from (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008). A coalition is a
  mover of its own: it may follow one of its members, but not itself.

The module is in three parts: the moves (:mod:`detente.graph.moves`: which steps are legal,
which are improvements, one :class:`~detente.graph.moves.Step` per move), the breadth-first
search over (state, last mover) pairs with its path reading and exact path counting
(:mod:`detente.graph.search`), and here the analysis and its result: the start and targets
checked, the equilibria of a stability analysis placed on the search, and the JSON contract
of ``detente paths``.

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")
>>> sq = status_quo_analysis(cuban)
>>> sq.reachable()
{'NNNN': 0, 'YNNN': 1, 'NYNN': 1, 'YYNN': 1, 'NNYN': 3, 'YNYN': 2, 'NYYN': 2, 'YYYN': 2}
>>> for step in sq.shortest_path("NNYN"):
...     print(step.describe(cuban))
United States: NNNN → NYNN
Soviet Union: NYNN → NYYN
United States: NYYN → NNYN
>>> sq.equilibria_reachable["seq"]
['NNYN', 'YNYN', 'NYYN']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.graph.moves import MoveSystem, Step
from detente.graph.search import LayeredSearch, movers_for
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

# Step is defined with the moves and kept importable from here, where paths are reported.
__all__ = ["MOVES", "Step", "StatusQuoAnalysis", "status_quo_analysis"]

#: The kinds of move a status quo analysis can follow.
MOVES = ("ui", "any", "coalition")


# --- the analysis ----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class StatusQuoAnalysis:
    """The result of :func:`status_quo_analysis`: where the conflict can go from a state,
    in how few steps, and by which paths.

    Status quo analysis follows the conflict forward from today: the decision makers (DMs)
    move one at a time, no mover twice in a row, each step a unilateral improvement of its
    mover (or, as asked, any legal unilateral move, or also coalitional improvements, where
    several DMs move together and each is better off). It answers which states are
    reachable from the start, the fewest steps to each, which equilibria are among them —
    the outcomes that can hold *and* be reached — and the shortest paths to a state.

    Attributes
    ----------
    conflict:
        The model.
    start:
        Decimal of the start state.
    moves:
        ``"ui"``, ``"any"`` or ``"coalition"``.
    max_steps:
        The bound on steps, or None.
    search:
        The breadth-first search (fewest steps, parents).
    equilibrium_decimals:
        ``{concept: decimals of the model's equilibria}`` for the concepts asked.
    targets:
        Decimals of the states whose every shortest path is listed (``--to``).
    max_paths:
        At most this many paths per target.
    skipped:
        Default concepts left out of the stability analysis, with the reason.

    Methods: :meth:`reachable` (state → fewest steps), :meth:`by_step`, :meth:`steps_to`,
    :meth:`shortest_path`, :meth:`all_shortest_paths`, :meth:`count_paths`; properties
    :attr:`equilibria` and :attr:`equilibria_reachable`; :meth:`to_dict` is the JSON of
    ``detente paths``.

    References
    ----------
    Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model
    for conflict resolution. *Journal of the Operational Research Society* 56: 699–707.
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (legal sequences of unilateral moves). Kilgour, D.
    M., Hipel, K. W., Fang, L. and Peng, X. (2001). Coalition analysis in group decision
    support. *Group Decision and Negotiation* 10(2): 159–175 (coalitional improvements).

    Examples
    --------
    In the Elmira groundwater conflict, one improvement leads from today, and it ends at a
    sequentially stable state; by any legal moves, six SEQ equilibria are within reach:

    >>> import detente
    >>> sq = detente.status_quo("elmira")
    >>> sq.reachable()
    {'NYNNN': 0, 'NYNNY': 1}
    >>> [step.describe(sq.conflict) for step in sq.shortest_path("NYNNY")]
    ['Local Government: NYNNN → NYNNY']
    >>> sq.equilibria_reachable["seq"]
    ['NYNNY']
    >>> len(detente.status_quo("elmira", moves="any").equilibria_reachable["seq"])
    6
    """

    conflict: Conflict
    start: int
    moves: str
    max_steps: int | None
    search: LayeredSearch
    equilibrium_decimals: dict[str, np.ndarray] = field(default_factory=dict)
    targets: list[int] = field(default_factory=list)
    max_paths: int = 20
    skipped: dict[str, str] = field(default_factory=dict)
    #: Derived arrays computed on first use (path counts, reached states).
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def system(self) -> MoveSystem:
        return self.search.system

    def _flat(self, state: str | int) -> int:
        d = self.conflict.decimal(state) if isinstance(state, str) else int(state)
        return self.system.flat(d)

    def _reached(self) -> tuple[np.ndarray, list[str]]:
        """Flat indices of the reached states in increasing decimal order, and patterns."""
        if "reach" not in self._cache:
            flats = np.flatnonzero(self.search.steps >= 0)
            flats = flats[np.argsort(self.system.flat_decimal[flats], kind="stable")]
            pats = self.conflict.patterns(self.system.flat_decimal[flats])
            self._cache["reach"] = (flats, pats)
        return self._cache["reach"]

    def reachable(self) -> dict[str, int]:
        """``{pattern: fewest steps}`` over the states reached, in increasing decimal order."""
        flats, pats = self._reached()
        return dict(zip(pats, self.search.steps[flats].tolist(), strict=True))

    def by_step(self) -> dict[int, list[str]]:
        """``{t: [patterns first reached after t steps]}`` for t = 1, 2, … (the last step
        reported is the last at which a new state is reached)."""
        flats, pats = self._reached()
        steps = self.search.steps[flats]
        out: dict[int, list[str]] = {t: [] for t in range(1, int(steps.max()) + 1)}
        for p, t in zip(pats, steps.tolist(), strict=True):
            if t > 0:
                out[t].append(p)
        return out

    def steps_to(self, state: str | int) -> int | None:
        """Fewest steps from the start to ``state``, or None when it is not reached."""
        t = int(self.search.steps[self._flat(state)])
        return None if t < 0 else t

    @property
    def equilibria(self) -> dict[str, list[str]]:
        """``{concept: [the model's equilibria]}`` (reachable or not)."""
        return {c: self.conflict.patterns(d) for c, d in self.equilibrium_decimals.items()}

    def _reachable_equilibria(self) -> dict[str, np.ndarray]:
        out = {}
        for c, d in self.equilibrium_decimals.items():
            flats = self.system.space.flat_of_decimals(d)
            out[c] = d[self.search.steps[flats] >= 0]
        return out

    @property
    def equilibria_reachable(self) -> dict[str, list[str]]:
        """``{concept: [reachable equilibria]}`` in increasing decimal order."""
        return {c: self.conflict.patterns(d) for c, d in self._reachable_equilibria().items()}

    def shortest_path(self, state: str | int) -> list[Step] | None:
        """One shortest path to ``state`` (``[]`` for the start; None if unreached)."""
        return self.search.shortest_path(self._flat(state))

    def all_shortest_paths(self, state: str | int, limit: int | None = None) -> list[list[Step]]:
        """Every shortest path to ``state``, at most ``limit`` (default :attr:`max_paths`)."""
        return self.search.all_shortest_paths(self._flat(state),
                                              self.max_paths if limit is None else limit)

    def _count_array(self) -> np.ndarray:
        if "counts" not in self._cache:
            self._cache["counts"] = self.search.count_paths()
        return self._cache["counts"]

    def count_paths(self, state: str | int) -> int:
        """The number of shortest paths from the start to ``state`` (0 if unreached)."""
        return int(self._count_array()[self._flat(state)])

    def _path_targets(self) -> tuple[list[int], np.ndarray]:
        """The ``--to`` targets, and the reachable equilibria that are not among them."""
        eq = self._reachable_equilibria()
        decs = np.unique(np.concatenate([d for d in eq.values()] or [np.zeros(0, np.int64)]))
        decs = decs[~np.isin(decs, np.array(self.targets, dtype=np.int64))]
        return list(self.targets), decs

    def _paths_json(self) -> tuple[dict[str, list], dict[str, int]]:
        """``paths`` and ``paths_total`` of the JSON contract, built in bulk."""
        c = self.conflict
        full, one = self._path_targets()
        counts = self._count_array()
        flat_of = self.system.space.flat_of_decimals
        names = [s.mover_name(c) for s in
                 (Step(m, 0, 0) for m in self.search.movers)]
        changed_cache: dict[tuple[int, int], dict[str, str]] = {}
        ids = c.option_ids

        def changed(src: int, dst: int) -> dict[str, str]:
            key = (src ^ dst, dst & (src ^ dst))
            if key not in changed_cache:
                x = key[0]
                changed_cache[key] = {ids[k]: ("Y" if (dst >> k) & 1 else "N")
                                      for k in range(len(ids)) if (x >> k) & 1}
            return changed_cache[key]

        paths: dict[int, list] = {}
        totals: dict[int, int] = {}
        for d in full:
            paths[d] = [[s.to_dict(c) for s in p] for p in self.all_shortest_paths(d)]
        if one.size:
            flats = flat_of(one)
            states, movers = self.search.shortest_paths_arrays(flats)
            dec = self.system.flat_decimal
            sdec = np.where(states >= 0, dec[np.maximum(states, 0)], -1)
            uniq = np.unique(sdec[sdec >= 0])
            pat = dict(zip(uniq.tolist(), c.patterns(uniq), strict=True))
            sd = sdec.tolist()
            mv = movers.tolist()
            for r, d in enumerate(one.tolist()):
                row, mrow = sd[r], mv[r]
                path = []
                for k, q in enumerate(mrow):
                    if q < 0:
                        break
                    a, b = row[k], row[k + 1]
                    path.append({"mover": names[q], "changed": changed(a, b),
                                 "from": pat[a], "to": pat[b]})
                paths[d] = [path]
        all_d = np.array(sorted(paths), dtype=np.int64)
        pats = c.patterns(all_d)
        tot = counts[flat_of(all_d)].tolist() if all_d.size else []
        for d, n in zip(all_d.tolist(), tot, strict=True):
            totals[d] = int(n)
        return ({p: paths[d] for p, d in zip(pats, all_d.tolist(), strict=True)},
                {p: totals[d] for p, d in zip(pats, all_d.tolist(), strict=True)})

    def lock_ins(self, limit: int = 64) -> tuple[list[Any], int]:
        """Every lock some feasible state holds (irreversible options at their final
        values, :mod:`detente.graph.lockin`), largest first: whether the search reaches it,
        in how few steps, and how many states it puts out of reach for ever; and how many
        locks there are in all (at most ``limit`` are returned)."""
        from detente.graph.lockin import reachable_locks

        flats, _ = self._reached()
        return reachable_locks(self.conflict, self.system.space.feasible_decimals,
                               self.system.flat_decimal[flats], self.search.steps[flats],
                               limit)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``detente paths``: ``start``, ``reachable``, ``by_step``,
        ``paths``, ``paths_total``, ``equilibria_reachable``, ``lock_ins`` (each lock with
        ``locked``, ``reachable``, ``steps``, ``example``, ``out_of_reach``; at most 64, of
        ``lock_ins_total``) (and ``moves``, ``max_steps``, ``complete``, ``skipped``)."""
        paths, totals = self._paths_json()
        locks, n_locks = self.lock_ins()
        return {
            "start": self.conflict.pattern(self.start),
            "moves": self.moves,
            "max_steps": self.max_steps,
            "complete": self.search.complete,
            "reachable": self.reachable(),
            "by_step": {str(t): pats for t, pats in self.by_step().items()},
            "paths": paths,
            "paths_total": totals,
            "equilibria_reachable": self.equilibria_reachable,
            "lock_ins": [lk.to_dict() for lk in locks],
            "lock_ins_total": n_locks,
            "skipped": dict(self.skipped),
        }

    def _repr_html_(self) -> str:
        from detente.report.notebook import status_quo_html

        return status_quo_html(self)


def status_quo_analysis(
    conflict: Conflict,
    start: str | int | None = None,
    *,
    moves: str = "ui",
    max_steps: int | None = None,
    to: str | int | Sequence[str | int] | None = None,
    max_paths: int = 20,
    concepts: Iterable[str] | str | None = None,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    analysis: Any = None,
    max_work: float | None = None,
) -> StatusQuoAnalysis:
    """Which states are reachable from ``start`` by legal sequences of moves, in how few
    steps, by which paths, and which equilibria are among them.

    Parameters
    ----------
    conflict:
        The model.
    start:
        The start state: a pattern, ``"status_quo"``, or a decimal. Default: the model's
        status quo (required when the model declares none).
    moves:
        ``"ui"`` (unilateral improvements, the default), ``"any"`` (any unilateral moves) or
        ``"coalition"`` (unilateral improvements and coalitional improvements).
    max_steps:
        Stop after this many steps (default: until nothing new is reached).
    to:
        Target state(s) whose every shortest path is listed (at most ``max_paths`` each).
    concepts:
        Solution concepts whose reachable equilibria are reported (as in
        :func:`~detente.graph.analysis.analyze`; default its default set).
    max_memory:
        Bytes the analysis may use.
    analysis:
        An :class:`~detente.graph.analysis.Analysis` of ``conflict`` whose equilibria are
        reported (computed with ``concepts`` when not given; ``concepts`` is then unused).
    max_work:
        With ``moves="coalition"``: the most (state, move) pairs the coalitional searches
        may examine (default :data:`~detente.graph.coalitions.WORK_LIMIT`, 4e10, a few
        minutes); a larger search is refused at once with the estimate.

    Returns
    -------
    StatusQuoAnalysis

    Raises
    ------
    ModelError
        For an unknown kind of move, a missing or infeasible start, a negative bound, a
        coalitional search above ``max_work``.

    Examples
    --------
    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> r = status_quo_analysis(pd, "YY", moves="ui", concepts="nash")
    >>> r.reachable(), r.equilibria_reachable
    ({'NN': 2, 'YN': 1, 'NY': 1, 'YY': 0}, {'nash': ['NN']})
    >>> r.count_paths("NN")
    2

    References
    ----------
    Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model
    for conflict resolution. *Journal of the Operational Research Society* 56: 699–707.
    """
    from detente.graph.analysis import analyze

    if moves not in MOVES:
        raise ModelError(f"unknown kind of move {moves!r}: use one of {', '.join(MOVES)}",
                         field="--moves")
    if max_steps is not None and max_steps < 0:
        raise ModelError("the number of steps must be 0 or more", field="--max-steps")
    if max_paths < 0:
        raise ModelError("the number of paths must be 0 or more", field="--max-paths")
    if max_work is not None and not max_work >= 0:
        raise ModelError("the work bound must be 0 or more", field="--max-work")
    tick = progress or (lambda _m: None)
    if start is None:
        if conflict.status_quo is None:
            raise ModelError("the model declares no status quo: give the start state "
                             "(a pattern such as " + "N" * conflict.n_options + ")",
                             field="--from")
        start_dec = conflict.status_quo
    elif isinstance(start, str):
        start_dec = conflict.parse_state(start)
    else:
        start_dec = int(start)
    targets: list[int] = []
    if to is not None:
        for t in [to] if isinstance(to, str | int) else list(to):
            targets.append(conflict.parse_state(t) if isinstance(t, str) else int(t))
    result = analysis if analysis is not None else analyze(conflict, concepts,
                                                            max_memory=max_memory)
    tick("stability analysed")
    space = result.space
    if space is None:
        raise ValueError("status_quo_analysis needs an Analysis that keeps its state space "
                         "(as analyze() returns it)")
    system = MoveSystem(space, result.tensor_payoffs())
    start_flat = system.flat(start_dec)
    for d in targets:
        system.flat(d)  # checks feasibility
    movers = movers_for(space.n_dms, moves)
    if moves == "coalition":
        from detente.graph.coalitions import WORK_LIMIT

        limit = WORK_LIMIT if max_work is None else max_work
        work = sum(system.coalitional.search_work(m) for m in movers if len(m) > 1)
        if work > limit:
            raise ModelError(
                f"coalitional moves would need searches over about {work:.2g} (state, move) "
                f"pairs in this model of {space.n_feasible:,} states, above the limit of "
                f"{limit:.2g} (--max-work): use --moves ui or --moves any, a smaller model, "
                "or raise --max-work to run it anyway",
                field="--moves")
    search = LayeredSearch(system, start_flat, movers, improving=(moves != "any"))
    search.run(max_steps=max_steps)
    tick("reachable states found")
    return StatusQuoAnalysis(
        conflict=conflict,
        start=start_dec,
        moves=moves,
        max_steps=max_steps,
        search=search,
        equilibrium_decimals={c: result.decimals[result.equilibrium_mask(c)]
                              for c in result.concepts},
        targets=targets,
        max_paths=max_paths,
        skipped=dict(result.skipped),
    )
