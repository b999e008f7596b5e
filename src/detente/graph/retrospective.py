"""Retrospective check: which assumption sets predicted what actually happened.

A scenario may record *observations*: what happened afterwards, with dates, each a state or
a class of states of the model (``observations:`` in a scenario file,
:class:`~detente.model.named_states.Observation`). Given several versions of one model that
differ in their preferences (the baseline and the named assumption sets), this module says
which versions' predictions contain each observation.

Definition. The *prediction* of a model under a solution concept is the set of its
equilibria under that concept that are reachable from the status quo by a legal sequence of
moves (status quo analysis, Li, Kilgour & Hipel 2005): by unilateral improvements (the
default, the evolution Li et al. study), by any unilateral moves, or by unilateral and
coalitional improvements (Kilgour et al. 2001). The status quo itself counts, reached in
zero steps, when it is an equilibrium. An observation is *contained* in a prediction when
some predicted state belongs to it (is the observed state, or satisfies the observed
formula). Containment is a weak test: a prediction that holds many states contains many
observations; the report therefore also gives how many states each prediction holds.

This is a check of the models against history, not a forecast: the observations came after
the source the preferences encode, and an assumption set built to explain an outcome will
contain it.

References
----------
Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model for
conflict resolution. *Journal of the Operational Research Society* 56: 699–707.

Kilgour, D. M., Hipel, K. W., Fang, L. and Peng, X. (2001). Coalition analysis in group
decision support. *Group Decision and Negotiation* 10(2): 159–175.

Examples
--------
>>> from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking
>>> from detente.model.named_states import Observation
>>> from detente.model.formula import parse_formula
>>> def pd(a, b):  # each prisoner's ranking of the states, best first
...     return Conflict(
...         options=(Option("a", owner=0), Option("b", owner=1)),
...         decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
...         preferences=(Ranking(tuple((s,) for s in a)), Ranking(tuple((s,) for s in b))),
...         status_quo=3,  # YY: both cooperate today
...         observations=(Observation(date="2020", label="A defects",
...                                   formula=parse_formula("not a")),))
>>> r = retrospective({"selfish": pd(["NY", "YY", "NN", "YN"], ["YN", "YY", "NN", "NY"]),
...                    "trusting": pd(["YY", "NY", "NN", "YN"], ["YY", "YN", "NN", "NY"])},
...                   concepts="nash")
>>> r.predictions["selfish"]["nash"], r.predictions["trusting"]["nash"]
(['NN'], ['YY'])
>>> r.containing(0, "nash")
['selfish']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.model.conflict import Conflict
from detente.model.errors import ModelError
from detente.model.named_states import Observation

__all__ = ["Retrospective", "retrospective"]


@dataclass
class Retrospective:
    """The result of :func:`retrospective`.

    Attributes
    ----------
    names:
        The versions of the model compared (e.g. ``baseline`` and each assumption set), in
        the order given.
    concepts:
        The solution concepts whose predictions were computed (per version, those its
        analysis computed).
    moves:
        ``"ui"``, ``"any"`` or ``"coalition"``.
    observations:
        The observations checked.
    predictions:
        ``{version: {concept: [predicted patterns, increasing decimal order]}}``.
    matches:
        ``{observation index: {version: {concept: [predicted patterns it contains]}}}``.
    skipped:
        ``{version: {concept: reason}}`` for default concepts its analysis left out.
    """

    names: list[str]
    concepts: list[str]
    moves: str
    observations: list[Observation]
    predictions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    matches: dict[int, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    skipped: dict[str, dict[str, str]] = field(default_factory=dict)

    def contained(self, observation: int, name: str, concept: str) -> bool:
        """Whether version ``name``'s prediction under ``concept`` contains observation
        number ``observation``."""
        return bool(self.matches[observation][name].get(concept))

    def containing(self, observation: int, concept: str) -> list[str]:
        """The versions whose prediction under ``concept`` contains the observation."""
        return [n for n in self.names if self.matches[observation][n].get(concept)]

    def to_dict(self, patterns: Any = None) -> dict[str, Any]:
        """Plain data (``patterns``: turns an observation's decimal into a pattern)."""
        return {
            "moves": self.moves,
            "concepts": list(self.concepts),
            "versions": list(self.names),
            "predictions": self.predictions,
            "skipped": self.skipped,
            "observations": [
                {**ob.to_dict(patterns), "contained": self.matches[k]}
                for k, ob in enumerate(self.observations)
            ],
        }


def retrospective(
    conflicts: Mapping[str, Conflict],
    observations: Sequence[Observation] | None = None,
    *,
    concepts: Iterable[str] | str | None = None,
    moves: str = "ui",
    analyses: Mapping[str, Any] | None = None,
    max_memory: int | None = None,
) -> Retrospective:
    """Which versions of a model predicted each observation.

    Parameters
    ----------
    conflicts:
        Versions of one model by name (the same options in the same order; typically the
        baseline and each assumption set, see
        :func:`detente.model.loader.load_assumption_sets`). Each needs a status quo.
    observations:
        The observations to check; default: those of the first version.
    concepts:
        Solution concepts (as for :func:`~detente.graph.analysis.analyze`; default its
        default set).
    moves:
        ``"ui"`` (unilateral improvements, the default), ``"any"`` or ``"coalition"``.
    analyses:
        Existing analyses by version name (computed when missing).
    max_memory:
        Bytes each analysis may use.

    Returns
    -------
    Retrospective

    Raises
    ------
    ModelError
        When no version is given, a version has no status quo, or the versions differ in
        their options.
    """
    from detente.graph.analysis import analyze
    from detente.graph.paths import status_quo_analysis

    names = list(conflicts)
    if not names:
        raise ModelError("no model to check the observations against")
    first = conflicts[names[0]]
    obs = list(first.observations if observations is None else observations)
    ids = first.option_ids
    for n in names:
        c = conflicts[n]
        if c.option_ids != ids:
            raise ModelError(f"{n!r} has other options than {names[0]!r}; the versions compared "
                             "must be one model with different preferences")
        if c.status_quo is None:
            raise ModelError(f"{n!r} declares no status quo, so it predicts nothing from today")
    index = {o: k for k, o in enumerate(ids)}
    out = Retrospective(names=names, concepts=[], moves=moves, observations=obs,
                        matches={k: {} for k in range(len(obs))})
    for n in names:
        c = conflicts[n]
        a = (analyses or {}).get(n)
        if a is None:
            a = analyze(c, concepts, max_memory=max_memory)
        sq = status_quo_analysis(c, moves=moves, analysis=a)
        out.skipped[n] = dict(a.skipped)
        out.predictions[n] = {}
        for concept in a.concepts:
            if concept not in out.concepts:
                out.concepts.append(concept)
            pats = sq.equilibria_reachable[concept]
            out.predictions[n][concept] = pats
            dec = np.array([c.decimal(p) for p in pats], dtype=np.int64)
            for k, ob in enumerate(obs):
                hit = ob.mask(dec, index) if dec.size else np.zeros(0, dtype=bool)
                out.matches[k].setdefault(n, {})[concept] = [
                    p for p, h in zip(pats, hit.tolist(), strict=True) if h]
    return out
