"""Named assumptions in every combination: which of them the headline verdicts survive.

A scenario names alternative preference sets (``assumptions``: "sanctions work", "Kyiv
rejects autonomy", …), each replacing some decision makers' (DMs') preferences. An analyst
needs to know which *combination* of them changes a conclusion. This module evaluates every
combination of k named sets (2^k models, the empty combination being the file's own
preferences) and reports, for each, the headline verdicts:

- whether **today's state** (the status quo) is an equilibrium, per concept;
- whether each **best stable outcome** of the baseline (its SEQ equilibria that no other
  SEQ equilibrium beats for every DM: the Pareto frontier of their ranks,
  :func:`detente.graph.summary.best_stable_outcomes`) is still an equilibrium, per concept,
  and still **reachable** from today by unilateral improvements (status quo analysis, Li,
  Kilgour & Hipel 2005).

Two sets that give the same DM different preferences contradict each other: a combination
holding both is reported as conflicting and not analysed. All combinations share one state
space and are evaluated as a stack of preference profiles (:mod:`detente.graph.profiles`).
It is a robustness check in the spirit of the preference-uncertainty literature of the graph
model (Li, Hipel, Kilgour & Fang 2004, "Preference uncertainty in the graph model for
conflict resolution", *IEEE Trans. SMC-A* 34(4): 507–520: a conclusion is robust when it
holds under every admissible preference), over the alternatives the analyst named.

Examples
--------
>>> from detente.model.loader import assumption_combinations
>>> from detente.model.yamlio import parse_text
>>> from detente.model.document import validate_document
>>> text = '''
... decision_makers:
...   - {name: A, options: [{id: a}], preferences: {ranking: [YN, NN, YY, NY]}}
...   - {name: B, options: [{id: b}], preferences: {ranking: [NY, NN, YY, YN]}}
... status_quo: NN
... assumptions:
...   - {name: tough-a, preferences: {A: {ranking: [YN, YY, NN, NY]}}}
...   - {name: soft-b, preferences: {B: {ranking: [NN, NY, YN, YY]}}}
... '''
>>> doc = validate_document(parse_text(text, "chicken.yaml"))
>>> r = combinations(assumption_combinations(doc), concepts="nash")
>>> [(c.assumptions, c.status_quo["nash"]) for c in r.combinations]
[((), False), (('tough-a',), False), (('soft-b',), False), (('tough-a', 'soft-b'), False)]
>>> r.best, [c.best_stable[r.best[0]]['nash'] for c in r.combinations]
(('YY',), [True, True, False, False])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = ["CombinationVerdicts", "CombinationAnalysis", "combinations", "MAX_SETS",
           "MAX_BEST"]

#: Named sets combined at most (2^10 = 1,024 models).
MAX_SETS = 10
#: Best stable outcomes followed at most (the most robust first).
MAX_BEST = 6


@dataclass(frozen=True)
class CombinationVerdicts:
    """The headline verdicts under one combination of named assumption sets.

    ``conflicting`` names two sets of the combination that give one DM different
    preferences (then nothing else is filled in). ``status_quo``: concept → whether today's
    state is an equilibrium; ``best_stable``: best outcome → concept → whether it is an
    equilibrium; ``best_reachable``: best outcome → whether unilateral improvements lead
    there from today."""

    assumptions: tuple[str, ...]
    conflicting: tuple[str, str] | None = None
    status_quo: Mapping[str, bool] = field(default_factory=dict)
    best_stable: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    best_reachable: Mapping[str, bool] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"assumptions": list(self.assumptions),
                "conflicting": None if self.conflicting is None else list(self.conflicting),
                "status_quo": dict(self.status_quo),
                "best": {p: {"stable": dict(v), "reachable": self.best_reachable.get(p)}
                         for p, v in self.best_stable.items()}}


@dataclass(frozen=True)
class CombinationAnalysis:
    """The result of :func:`combinations`: the verdict matrix (combination × headline
    verdicts), the empty combination (the file's own preferences) first, then by size and
    in the order the sets are named.

    A robustness check of a conflict model against the alternatives its analyst named: a
    scenario's named *assumption sets* each replace some decision makers' preferences
    ("sanctions work", "a drought year"), and every combination of them is a model of its
    own. For each combination the headline verdicts are recomputed: whether today's state
    (the status quo) is an equilibrium under each concept, and whether each *best stable
    outcome* of the file's own model (its SEQ equilibria that no other beats for every
    decision maker) is still an equilibrium and still reachable from today by unilateral
    improvements. A verdict that holds under every combination is robust to the named
    assumptions; one that some combination flips rests on them.

    Attributes
    ----------
    assumptions:
        The named sets, in the file's order.
    concepts, status_quo, best:
        The concepts judged, today's state and the baseline's best stable outcomes.
    combinations:
        One :class:`CombinationVerdicts` per combination (``assumptions``, ``status_quo``,
        ``best_stable``, ``best_reachable``, ``conflicting`` when two sets contradict).

    :meth:`keep_today`, :meth:`keep_best` and :meth:`reach_best` list the combinations
    under which a verdict holds; :meth:`to_dict` is the JSON of ``detente sensitivity
    --combinations``.

    References
    ----------
    Li, K. W., Hipel, K. W., Kilgour, D. M. and Fang, L. (2004). Preference uncertainty in
    the graph model for conflict resolution. *IEEE Transactions on Systems, Man, and
    Cybernetics A* 34(4): 507–520 (a conclusion is robust when it holds under every
    admissible preference). Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo
    analysis in the graph model for conflict resolution. *Journal of the Operational
    Research Society* 56: 699–707 (reachability from today).

    Examples
    --------
    The shared-river scenario names two assumption sets; today's state stops being a Nash
    equilibrium in a drought year, whatever the finance:

    >>> import detente
    >>> r = detente.sensitivity("shared-river", "nash", combinations=True)
    >>> r.assumptions, r.status_quo
    (('drought-year', 'finance-secured'), 'YNNN')
    >>> r.keep_today("nash")
    [(), ('finance-secured',)]
    >>> r.reach_best("YNNN") == [c.assumptions for c in r.combinations]
    True
    """

    title: str
    concepts: tuple[str, ...]
    assumptions: tuple[str, ...]
    status_quo: str | None
    best: tuple[str, ...]
    combinations: tuple[CombinationVerdicts, ...]
    #: The file's own model (the empty combination), for the renderers.
    conflict: Conflict | None = field(default=None, compare=False, repr=False)

    def analysed(self) -> list[CombinationVerdicts]:
        """The combinations that were analysed (not conflicting)."""
        return [c for c in self.combinations if c.conflicting is None]

    def keep_today(self, concept: str) -> list[tuple[str, ...]]:
        """The combinations under which today's state is an equilibrium under ``concept``."""
        return [c.assumptions for c in self.analysed() if c.status_quo.get(concept)]

    def keep_best(self, pattern: str, concept: str) -> list[tuple[str, ...]]:
        """The combinations under which the best outcome ``pattern`` stays an equilibrium."""
        return [c.assumptions for c in self.analysed()
                if c.best_stable.get(pattern, {}).get(concept)]

    def reach_best(self, pattern: str) -> list[tuple[str, ...]]:
        """The combinations under which ``pattern`` stays reachable from today."""
        return [c.assumptions for c in self.analysed() if c.best_reachable.get(pattern)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``detente sensitivity --combinations``."""
        def names(combos: list[tuple[str, ...]]) -> list[list[str]]:
            return [list(c) for c in combos]

        return {
            "title": self.title, "concepts": list(self.concepts),
            "assumptions": list(self.assumptions), "status_quo": self.status_quo,
            "best": list(self.best),
            "combinations": [c.to_dict() for c in self.combinations],
            "summary": {
                "analysed": len(self.analysed()),
                "conflicting": len(self.combinations) - len(self.analysed()),
                "keep_today_stable": {c: names(self.keep_today(c)) for c in self.concepts},
                "keep_best_stable": {p: {c: names(self.keep_best(p, c)) for c in self.concepts}
                                     for p in self.best},
                "keep_best_reachable": {p: names(self.reach_best(p)) for p in self.best},
            },
        }


def combinations(
    combos: Sequence[Any],
    concepts: Iterable[str] | str | None = None,
    *,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> CombinationAnalysis:
    """The headline verdicts under every combination of named assumption sets.

    Parameters
    ----------
    combos:
        :class:`~detente.model.loader.AssumptionCombination` s, the empty combination (the
        file's own preferences) first (:func:`~detente.model.loader.assumption_combinations`).
    concepts:
        Concept keys (default: those :func:`~detente.graph.analysis.analyze` computes by
        default on the baseline).
    max_memory:
        Bytes the analysis may use (profiles go in batches that fit).
    progress, on_plan:
        Called with a short description after each step, and once with the number of
        steps (the baseline, each batch of combinations, the paths from today).

    References
    ----------
    Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model
    for conflict resolution. *Journal of the Operational Research Society* 56: 699–707.
    """
    from detente.graph.analysis import analyze
    from detente.graph.moves import MoveSystem
    from detente.graph.preferences import payoff_ranks
    from detente.graph.profiles import ProfileEngine, profile_concepts
    from detente.graph.search import LayeredSearch, movers_for
    from detente.graph.sensitivity import batch_size
    from detente.graph.space import StateSpace
    from detente.graph.summary import best_stable_outcomes

    tick = progress or (lambda _m: None)
    if not combos or combos[0].assumptions:
        raise ValueError("the first combination must be the empty one (the baseline)")
    base_conflict: Conflict = combos[0].conflict
    concepts = profile_concepts(concepts)  # SSEQ and FSEQ are not profiled
    base = analyze(base_conflict, concepts, max_memory=max_memory)
    tick("the baseline")
    space = base.space
    if space is None:  # analyze keeps its state space; an Analysis built by hand may not
        raise ValueError("the baseline analysis keeps no state space")
    chosen = list(base.concepts)
    best = best_stable_outcomes(base, MAX_BEST)
    sq = base_conflict.status_quo
    model = space
    idx = space.feasible_index
    live = [c for c in combos if c.conflicting is None]
    profiles = []
    for c in live:
        try:
            profiles.append(payoff_ranks(StateSpace(c.conflict, max_memory=max_memory)))
        except ModelError as exc:
            raise ModelError(f"under assumptions {' + '.join(c.assumptions)}: {exc.message}",
                             file=exc.file, line=exc.line, field=exc.field) from None
    engine = ProfileEngine(space, base.tensor_payoffs())
    eq: dict[str, list[np.ndarray]] = {c: [] for c in chosen}
    step = batch_size(space, len(profiles), max_memory)
    if on_plan:
        on_plan(2 + -(-len(profiles) // step))
    for lo in range(0, len(profiles), step):
        stack = np.stack(profiles[lo: lo + step])
        got = engine.equilibria(stack, chosen)
        for c in chosen:
            eq[c].append(got[c])
        tick(f"{min(lo + step, len(profiles))} of {len(profiles)} combinations")
    eqm = {c: np.concatenate(v) for c, v in eq.items()}
    best_pos = [base.index(p) for p in best]
    sq_pos = None if sq is None else base.index(sq)
    out: list[CombinationVerdicts] = []
    k = 0
    for c in combos:
        if c.conflicting is not None:
            out.append(CombinationVerdicts(c.assumptions, c.conflicting))
            continue
        today = {} if sq_pos is None else {con: bool(eqm[con][k, sq_pos]) for con in chosen}
        stable = {p: {con: bool(eqm[con][k, q]) for con in chosen}
                  for p, q in zip(best, best_pos, strict=True)}
        reach: dict[str, bool] = {}
        if sq is not None and best:
            system = MoveSystem(model, profiles[k])
            search = LayeredSearch(system, system.flat(sq), movers_for(space.n_dms, "ui"),
                                   improving=True)
            search.run()
            reach = {p: bool(search.steps[idx[q]] >= 0)
                     for p, q in zip(best, best_pos, strict=True)}
        out.append(CombinationVerdicts(c.assumptions, None, today, stable, reach))
        k += 1
    tick("paths from today")
    names = tuple(dict.fromkeys(n for c in combos for n in c.assumptions))
    return CombinationAnalysis(
        title=base_conflict.title,
        concepts=tuple(chosen),
        assumptions=names,
        status_quo=None if sq is None else base_conflict.pattern(sq),
        best=tuple(best),
        combinations=tuple(out),
        conflict=base_conflict,
    )
