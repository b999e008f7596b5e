"""The briefing: what détente's main job tells a reader, one question at a time.

A *briefing* gathers the results of détente's engines on one scenario file and arranges them
as sections, each a question a negotiator or analyst would ask, with the answer in a few
plain sentences and the data behind it:

1. ``equilibria`` — which outcomes would hold, under which solution concepts (GMCR stability
   analysis of the file's default model; Fang, Hipel & Kilgour 1993);
2. ``status_quo`` — where today's state stands: who could improve on it, and what answers
   each improvement (the explanations of :mod:`detente.graph.explain`);
3. ``paths`` — how the conflict could move from the status quo to the best stable outcomes
   (status quo analysis, Li, Kilgour & Hipel 2005; coalitional moves, Kilgour et al. 2001);
   then ``what_it_would_take`` — the fewest preference changes that would make the best
   outcomes that do not hold, or cannot be reached, a stable deal within reach (the inverse
   problem, :mod:`detente.graph.inverse.advice`; models up to a few thousand states; in the
   HTML report, not on the terminal, which keeps to about one screen);
4. ``models`` — the file's other conflict models (e.g. a large "grand bargain"), with the
   same questions answered in brief;
5. ``deals`` — which package deals beat no agreement, the Pareto frontier, the bargaining
   solutions and the best trades (:mod:`detente.bargain.analysis`);
6. ``dynamics`` — what a reciprocity spiral does under today's policies and which policy
   ends it fastest (:mod:`detente.dynamics.analyses`, Richardson 1960);
7. ``assumptions`` — how the answers change under the alternative preference sets the file
   names;
8. ``perceptions`` — how each side sees it, when the default model declares ``perceptions``:
   the outcomes each side expects against the true game's, the hyper-equilibria and the
   surprises (:mod:`detente.graph.hypergame`);
9. ``history`` — what happened afterwards (the default model's ``observations``) and which
   versions of the model (as written, and under each assumption) predicted it
   (:mod:`detente.graph.retrospective`).

States the model names (``states:``) appear as ``name (PATTERN)`` in every sentence; the
data keeps the bare patterns, with a ``name`` beside them where one exists.

For the HTML report only (the terminal briefing keeps to one screenful), the briefing also
records what the headline conclusions rest on (``Briefing.rests_on``): the statements whose
single change flips today's stability or a best outcome's stability or reachability, and the
verdicts under every combination of the named assumptions (:mod:`detente.report.rests_on`).

The module computes nothing itself: every number comes from an engine, and the sentences
are built from those numbers. The *best stable outcomes* of a model are its equilibria under
SEQ (sequential stability: every improvement can be met by a credible sanction) that no other
SEQ equilibrium beats for every decision maker — the Pareto frontier of the equilibria's
payoff ranks, found by :func:`detente.bargain.pareto.pareto_front`.

:mod:`detente.report.terminal` prints a briefing with Rich; :mod:`detente.report.html`
writes it as a self-contained HTML report.

Examples
--------
>>> b = build_briefing("prisoners-dilemma")
>>> [s.key for s in b.sections]
['findings', 'equilibria', 'status_quo', 'paths', 'what_it_would_take']
>>> b.section("equilibria").question
'Which outcomes would hold, and under which solution concepts?'
>>> b.focus.key_states[0]["pattern"], b.focus.key_states[0]["equilibrium_under"]
('YY', ['gmr', 'smr', 'seq', 'sim', 'seqsim'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from detente.graph.analysis import CONCEPT_NAMES, Analysis
from detente.graph.lockin import describe_lock
from detente.model.conflict import Conflict
from detente.model.errors import ModelError
from detente.report.explain_text import _join, _possessive
from detente.report.findings import duration_text, permissive_concepts

__all__ = [
    "Section",
    "ModelResults",
    "Briefing",
    "build_briefing",
    "KEY_CONCEPT",
    "MAX_KEY_STATES",
]

#: The concept whose equilibria give the best stable outcomes (credible sanctions).
KEY_CONCEPT = "seq"
#: At most this many best stable outcomes per model are reported.
MAX_KEY_STATES = 6
#: Best stable outcomes considered before the easiest to reach from today are kept.
_MAX_CANDIDATES = 30
#: Paths to best stable outcomes in the short answer (the details have them all).
MAX_PATHS_SHOWN = 1
#: Trades from today described (the briefing names the best one).
MAX_TRADES = 3
#: Neighbours of the status quo drawn per decision maker in the state graph.
MAX_NEIGHBOURS = 12

Progress = Callable[[str], None]


@dataclass
class Section:
    """One question of the briefing and its answer.

    Attributes
    ----------
    key:
        Identifier (``"equilibria"``, ``"deals"``, …).
    title:
        Short heading.
    question:
        The question the section answers, in plain words.
    answer:
        The answer, one short claim per line (the terminal briefing).
    how_to_read:
        How to read the section's tables and figures (for the HTML report).
    data:
        The results behind the answer (plain data; see each builder).
    details:
        Longer sentences for the report (full descriptions, whole paths).
    terminal:
        Whether the terminal briefing shows the section (the HTML report shows them all; the
        terminal briefing stays on about one screen).
    """

    key: str
    title: str
    question: str
    answer: list[str]
    how_to_read: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    terminal: bool = True


@dataclass
class ModelResults:
    """The results of the conflict engines on one model.

    ``key_states`` are the best stable outcomes (see the module docstring), each a dict with
    ``pattern``, ``equilibrium_under`` (concepts), ``taken``/``dropped`` (option labels
    compared with the status quo) and ``path`` (how the status quo reaches it, or None).
    """

    name: str
    conflict: Conflict
    analysis: Analysis
    key_states: list[dict[str, Any]] = field(default_factory=list)
    status_quo: dict[str, Any] | None = None
    explanations: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    explanation_objects: dict[str, Any] = field(default_factory=dict, repr=False)
    reach: dict[str, Any] = field(default_factory=dict)
    graph: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    #: Traps (:mod:`detente.graph.traps`), each with ``steps``: how many unilateral
    #: improvements reach it from today (None when they do not).
    traps: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Equilibria per concept."""
        return {c: len(v) for c, v in self.analysis.equilibria.items()}

    def show(self, pattern: str) -> str:
        """A state for people: ``name (PATTERN)`` when the model names it."""
        return self.conflict.state_display(pattern)

    def describe(self, pattern: str, limit: int | None = None) -> str:
        """A state as its differences from the status quo, in option labels (at most
        ``limit`` of them)."""
        return _describe_change(self.conflict, pattern, limit)


@dataclass
class Briefing:
    """A briefing: sections (questions and answers) and the engine results behind them.

    What a negotiator or analyst asks of a conflict model, answered in a few plain
    sentences per question from the results of détente's engines: which outcomes would hold
    (the equilibria and the best stable outcomes), where today's state stands (who could
    improve on it, and what would answer each improvement), how the conflict could move from
    the status quo to the best stable outcomes, and — when the file has them — the package
    deals, the reciprocity dynamics, the named assumptions, the perceptions and the history.
    The briefing computes nothing itself: every number comes from an engine.

    Attributes
    ----------
    sections:
        The questions in order, each a :class:`Section` (``key``, ``question``, ``answer``,
        ``data``); :meth:`section` finds one by key.
    models:
        The engines' results per conflict model of the file (:class:`ModelResults`);
        :attr:`focus` is the file's default model's.
    deals, dynamics, assumptions, hypergame, history:
        The results of the other analyses, when the file calls for them.

    :meth:`to_dict` gives it as plain data (title, sources, each section's question, answer
    and data).

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (the stability concepts and equilibria). Li, K. W.,
    Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model for
    conflict resolution. *Journal of the Operational Research Society* 56: 699–707 (the
    paths from today).

    Examples
    --------
    >>> import detente
    >>> b = detente.briefing("chicken")
    >>> b.section("status_quo").question
    "Where does today's state stand: who could improve on it, and what stops them?"
    >>> b.section("status_quo").answer[0]
    'Today (NN): an equilibrium under GMR, SMR, SIM, SEQ&SIM; not under Nash, SEQ.'
    >>> [s["pattern"] for s in b.focus.key_states]  # the best stable outcomes
    ['YN', 'NY']
    """

    source: str
    title: str
    description: str
    sources: list[str]
    sections: list[Section]
    models: dict[str, ModelResults]
    focus_name: str
    deals: Any = None
    deals_cloud: dict[str, Any] | None = None
    dynamics: dict[str, Any] = field(default_factory=dict)
    assumptions: list[dict[str, Any]] = field(default_factory=list)
    hypergame: Any = None
    history: Any = None
    #: What it would take for the first deal moves each side makes alone do not reach
    #: (:func:`detente.graph.inverse.advice.what_it_would_take`; the findings).
    advice: tuple[Any, ...] = ()
    #: What the headline conclusions rest on (:mod:`detente.report.rests_on`).
    rests_on: dict[str, Any] | None = None

    @property
    def focus(self) -> ModelResults:
        """The results of the file's default model."""
        return self.models[self.focus_name]

    def section(self, key: str) -> Section:
        """The section with this key (KeyError if the briefing has none)."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The briefing as plain data: title, sources and each section's question, answer
        and data."""
        return {
            "source": self.source,
            "title": self.title,
            "description": self.description,
            "sources": list(self.sources),
            "sections": [
                {"key": s.key, "title": s.title, "question": s.question, "answer": s.answer,
                 "details": s.details, "data": _plain(s.data)}
                for s in self.sections
            ],
        }


# -- small helpers (formatting only) --------------------------------------------------------
def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def _names(concepts: list[str]) -> str:
    return ", ".join(CONCEPT_NAMES[c] for c in concepts) if concepts else "no concept"


def _changes(conflict: Conflict, pattern: str) -> tuple[list[str], list[str]]:
    sq = conflict.status_quo if conflict.status_quo is not None else 0
    d = conflict.decimal(pattern)
    taken = [o.text for k, o in enumerate(conflict.options)
             if (d >> k) & 1 and not (sq >> k) & 1]
    dropped = [o.text for k, o in enumerate(conflict.options)
               if not (d >> k) & 1 and (sq >> k) & 1]
    return taken, dropped


def _describe_change(conflict: Conflict, pattern: str, limit: int | None = None) -> str:
    taken, dropped = _changes(conflict, pattern)
    parts = [f"+ {t}" for t in taken] + [f"− {t}" for t in dropped]
    if limit is not None and len(parts) > limit + 1:  # "1 more change" says no less
        parts = parts[:limit] + [f"{len(parts) - limit} more changes"]
    if not parts:
        return "the status quo" if conflict.status_quo is not None else "no option taken"
    return ", ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# -- conflict models ------------------------------------------------------------------------
def _key_states(analysis: Analysis) -> list[str]:
    """Best stable outcomes (:func:`detente.graph.summary.best_stable_outcomes`)."""
    from detente.graph.summary import best_stable_outcomes

    return best_stable_outcomes(analysis, _MAX_CANDIDATES, KEY_CONCEPT)


def _stable_under(analysis: Analysis, pattern: str, dm: str | None = None) -> list[str]:
    return [c for c in analysis.concepts if analysis.is_stable(pattern, c, dm)]


def _analyse_model(conflict: Conflict, focus: bool, tick: Progress,
                   max_memory: int | None) -> ModelResults:
    from detente.graph.analysis import analyze
    from detente.graph.explain import explain
    from detente.graph.paths import status_quo_analysis
    from detente.report.explain_text import explanation_sections, path_sentence

    analysis = analyze(conflict, max_memory=max_memory)
    tick(f"stability of {conflict.name}")
    res = ModelResults(conflict.name, conflict, analysis)
    res.notes.extend(dict.fromkeys(analysis.skipped.values()))
    keys = _key_states(analysis)
    from detente.graph.lockin import lock_ins

    backfire = analysis.self_defeating if keys and "seq" in analysis.concepts else {}
    locked = {lk.state: lk for lk in lock_ins(conflict, [conflict.decimal(p) for p in keys],
                                              analysis.decimals)}
    for p in keys:
        taken, dropped = _changes(conflict, p)
        lk = locked.get(p)
        res.key_states.append({
            "pattern": p, "name": conflict.state_name(p),
            "equilibrium_under": _stable_under(analysis, p),
            "taken": taken, "dropped": dropped, "path": None,
            # decision makers whose SEQ stability here rests only on self-defeating threats
            "self_defeating_for": [dm for dm, pats in backfire.items() if p in pats],
            "lock_in": None if lk is None else lk.to_dict()})
    expl_concepts = [c for c in ("nash", "seq") if c in analysis.concepts]
    if conflict.status_quo is None:
        res.notes.append("the model declares no status quo, so there are no paths from it")
        res.key_states = res.key_states[:MAX_KEY_STATES]
        return res
    sq = conflict.pattern(conflict.status_quo)
    by_dm: dict[str, dict[str, Any]] = {}
    for dm in conflict.dm_names:
        by_dm[dm] = {"stable_under": _stable_under(analysis, sq, dm)}
    res.status_quo = {"pattern": sq, "stable_under": _stable_under(analysis, sq),
                      "by_dm": by_dm}

    def explained(p: str) -> Any:
        e = explain(conflict, p, concepts=expl_concepts, analysis=analysis,
                    max_memory=max_memory)
        res.explanation_objects[p] = e
        res.explanations[p] = explanation_sections(e)
        return e

    for w in explained(sq).witnesses:
        if w.concept == KEY_CONCEPT or (KEY_CONCEPT not in expl_concepts and
                                         w.concept == expl_concepts[-1]):
            dm = conflict.decision_makers[w.dm].name
            by_dm[dm]["improvements"] = [
                {"to": conflict.pattern(imp.to), "sanctioned": imp.sanctioned,
                 "sanction": None if imp.sanction is None
                 else [s.to_dict(conflict) for s in imp.sanction],
                 "self_defeating": imp.to_dict(conflict)["self_defeating"],
                 "credible_sanction_exists": imp.credible_exists}
                for imp in w.improvements
            ]
    tick(f"explanations for {conflict.name}")

    ui = status_quo_analysis(conflict, moves="ui", to=keys, analysis=analysis)
    tick(f"paths from the status quo of {conflict.name}")
    res.reach = {"ui": len(ui.reachable()),
                 "ui_equilibria": {c: len(v) for c, v in ui.equilibria_reachable.items()},
                 # the largest locks first: the most that can be settled for good
                 "lock_ins": [lk.to_dict() for lk in ui.lock_ins(limit=3)[0]]}
    # where today leads if nobody coordinates: the equilibria moves each side likes reach
    res.reach["leads_to"] = list(ui.equilibria_reachable.get(
        KEY_CONCEPT if KEY_CONCEPT in analysis.concepts else analysis.concepts[-1], []))
    if "nash" in analysis.concepts:
        from detente.graph.traps import traps

        res.traps = [t.to_dict() | {"name": conflict.state_name(t.state),
                                    "steps": ui.steps_to(t.state)} for t in traps(analysis)]
    missing = [p for p in keys if ui.steps_to(p) is None]
    coal = None
    if missing:
        try:
            coal = status_quo_analysis(conflict, moves="coalition", to=missing,
                                       analysis=analysis)
        except ModelError as exc:  # the engine refuses searches above its work limit
            res.notes.append(f"coalitional moves were not searched: {exc.message}")
        else:
            tick(f"coalitional paths of {conflict.name}")
            res.reach["coalition"] = len(coal.reachable())
    for ks in res.key_states:
        p = ks["pattern"]
        for kind, search in (("ui", ui), ("coalition", coal)):
            if search is None or search.steps_to(p) is None:
                continue
            path = search.shortest_path(p)
            if path is None:  # steps_to(p) said it is reached
                raise RuntimeError(f"internal inconsistency: no path to the reached state {p}")
            ks["path"] = {"moves": kind, "steps": [s.to_dict(conflict) for s in path],
                          "count": search.count_paths(p),
                          "sentence": path_sentence(conflict, path)}
            break
    from detente.graph.summary import easiest_first

    res.key_states = easiest_first(conflict, res.key_states)[:MAX_KEY_STATES]
    for ks in res.key_states[: (MAX_KEY_STATES if focus else 1)]:
        p = ks["pattern"]
        if p not in res.explanations:
            explained(p)
    if focus:
        res.graph = _neighbourhood(res, ui)
    return res


def _what_it_would_take(res: ModelResults, tick: Progress) -> tuple[Any, ...]:
    """The inverse question for the focus model (:mod:`detente.graph.inverse.advice`): the
    best stable outcomes no path reaches, then the best outcomes that do not hold."""
    from detente.graph.inverse.advice import what_it_would_take

    if KEY_CONCEPT not in res.analysis.concepts:
        return ()
    unreachable = [ks["pattern"] for ks in res.key_states if ks["path"] is None]
    out = what_it_would_take(res.conflict, res.analysis, unreachable,
                             concept=KEY_CONCEPT)
    if out:
        tick(f"what it would take in {res.conflict.name}")
    return out


def _deal_advice(res: ModelResults) -> tuple[Any, ...]:
    """For the findings: what it would take for the first best stable outcome that moves
    each side makes alone do not reach (the scenario's named ones first) to hold and be
    reached by them (:func:`detente.graph.inverse.advice.what_it_would_take`)."""
    from detente.graph.inverse.advice import what_it_would_take

    if KEY_CONCEPT not in res.analysis.concepts or res.conflict.status_quo is None:
        return ()
    alone = [ks for ks in res.key_states if ks["path"] is None or ks["path"]["moves"] != "ui"]
    alone.sort(key=lambda k: k["name"] is None)
    if not alone:
        return ()
    return tuple(what_it_would_take(res.conflict, res.analysis, [alone[0]["pattern"]],
                                    limit=1, concept=KEY_CONCEPT))


def _neighbourhood(res: ModelResults, ui: Any) -> dict[str, Any]:
    """States near the status quo: its unilateral moves (improvements marked), the
    sanctions that answer them, and the paths to the best stable outcomes."""
    c = res.conflict
    system = ui.system
    if c.status_quo is None or res.status_quo is None:
        raise ValueError("the neighbourhood of the status quo needs a model with one")
    sq_dec = int(c.status_quo)
    sq_flat = system.flat(sq_dec)
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []

    def node(pattern: str, role: str) -> None:
        if pattern not in nodes:
            nodes[pattern] = {"pattern": pattern, "name": c.state_name(pattern), "role": role,
                              "label": res.describe(pattern),
                              "stable_under": _stable_under(res.analysis, pattern)}

    def edge(src: str, dst: str, mover: Any, kind: str, improving: bool | None) -> None:
        edges.append({"from": src, "to": dst,
                      "mover": mover if isinstance(mover, str) else " + ".join(mover),
                      "kind": kind, "improving": improving})

    sq = c.pattern(sq_dec)
    node(sq, "status quo")
    for k, dm in enumerate(c.dm_names):
        better = set(system.moves_from(k, sq_flat, improving=True).tolist())
        targets = system.moves_from(k, sq_flat).tolist()
        targets.sort(key=lambda t: (t not in better, t))
        for t in targets[:MAX_NEIGHBOURS]:
            p = c.pattern(int(system.flat_decimal[t]))
            node(p, "one move away")
            edge(sq, p, dm, "move", t in better)
    for imp_list in (v.get("improvements", []) for v in res.status_quo["by_dm"].values()):
        for imp in imp_list:
            for step in imp["sanction"] or []:
                node(step["from"], "one move away")
                node(step["to"], "sanction")
                edge(step["from"], step["to"], step["mover"], "sanction", True)
    for ks in res.key_states:
        node(ks["pattern"], "best stable outcome")
        nodes[ks["pattern"]]["role"] = "best stable outcome"
        if ks["path"]:
            for step in ks["path"]["steps"]:
                node(step["from"], "on a path")
                node(step["to"], "on a path")
                edge(step["from"], step["to"], step["mover"], "path", True)
    nodes[sq]["role"] = "status quo"
    return {"nodes": list(nodes.values()), "edges": edges, "decision_makers": c.dm_names}


def _model_sentences(res: ModelResults, concise: bool) -> tuple[list[str], list[str]]:
    """Short answer lines and the longer details about one model's equilibria."""
    a = res.analysis
    answer: list[str] = []
    details = [next(iter(a.skipped.values())) + "."] if a.skipped else []
    keys = res.key_states
    if keys:
        # the outcomes held by sanctions their makers would carry out come first: an outcome
        # resting only on self-defeating threats is not the headline (FSEQ, graph.credible)
        robust = [k for k in keys if not k.get("self_defeating_for")]
        backfire = [k for k in keys if k.get("self_defeating_for")]
        first = (robust or keys)[0]
        head = (f"{res.show(first['pattern'])} ({_names(first['equilibrium_under'])}): "
                f"{res.describe(first['pattern'], 2)}.")
        if concise:  # the count in the answer, the outcome itself in the details
            answer.append(f"{_count(len(keys), 'best stable outcome')} (see the report).")
            details.append(f"First: {head}")
        else:
            what = f"{_count(len(keys), 'best stable outcome')} (Pareto-optimal SEQ equilibria)"
            if backfire and robust:
                holding = _join([res.show(k["pattern"]) for k in robust[:2]]) + (
                    f" and {len(robust) - 2} more" if len(robust) > 2 else "")
                answer.append(f"{what}; only {holding} hold{'s' if len(robust) == 1 else ''} "
                              "without self-defeating threats (FSEQ):")
            elif backfire:
                answer.append(f"{what}, each resting only on self-defeating threats, "
                              "easiest first:")
            else:
                answer.append(f"{what}, easiest first:")
            answer.append(f"  {head}")
        others = [k for k in keys if k is not first]
        if others and not concise:
            if backfire and robust:
                rest = [res.show(k["pattern"]) for k in robust if k is not first]
                also = f"also {', '.join(rest)}; " if rest else ""
                answer.append(f"  {also}on self-defeating threats only: "
                              + ", ".join(res.show(k["pattern"]) for k in backfire) + ".")
            else:
                answer.append("  also " + ", ".join(res.show(k["pattern"]) for k in others)
                              + ".")
        for k in [k for k in keys if k.get("lock_in")][: (0 if concise else 2)]:
            answer.append(f"{res.show(k['pattern'])} is locked in: "
                          f"{describe_lock(res.conflict, k['lock_in']['locked'])} for good.")
        for ks in keys:
            details.append(f"{res.show(ks['pattern'])} is an equilibrium under "
                           f"{_names(ks['equilibrium_under'])}: {res.describe(ks['pattern'])}.")
            if ks.get("self_defeating_for"):
                details.append(f"{res.show(ks['pattern'])} is SEQ-stable for "
                               f"{_join(ks['self_defeating_for'])} only through sanctions "
                               "whose makers would be worse off one reply later than before "
                               "they moved (see the explanations).")
    nash = a.equilibria.get("nash", [])
    if 0 < len(nash) <= 2 and not concise:
        from detente.graph.lockin import lock_ins

        locked = {lk.state: lk for lk in lock_ins(res.conflict, [res.conflict.decimal(p)
                                                                  for p in nash], a.decimals)}
        steps = {tuple(sorted(lk["locked"].items())): lk["steps"]
                 for lk in res.reach.get("lock_ins", []) if lk["reachable"]}
        for p in nash:
            held = locked.get(p)
            tag = ""
            if held is not None:
                dist = steps.get(tuple(sorted(held.locked.items())))
                tag = " (locked in" + (f", {_count(dist, 'step')} from today" if dist else "") + ")"
                details.append(f"{res.show(p)} is locked in: "
                               f"{describe_lock(res.conflict, held.locked)} for good; "
                               f"{held.out_of_reach:,} states are out of reach for ever from it.")
            answer.append(f"Nash equilibrium {res.show(p)}{tag}: {res.describe(p)}.")
    # the raw counts come last, and only in the details for the other models
    (details if concise else answer).append(_counts_sentence(res))
    if permissive_concepts(res.counts, a.n_states):
        details.append("A concept is called permissive when it calls at least half of the "
                       "states stable: GMR and SMR count any sanction, however costly to "
                       "the side that imposes it, so their verdicts alone tell little apart; "
                       "SEQ counts only sanctions their makers would gain by.")
    return answer, details


def _counts_sentence(res: ModelResults) -> str:
    """The raw equilibrium counts, last and in context: a concept that calls most states
    stable is said to be permissive (:data:`detente.report.findings.PERMISSIVE_SHARE`)."""
    a = res.analysis
    counts = " · ".join(f"{CONCEPT_NAMES[c]} {n:,}" for c, n in res.counts.items())
    text = f"Equilibria counted, of {a.n_states:,} states: {counts}"
    if a.skipped:
        text += f" ({' and '.join(CONCEPT_NAMES[c] for c in a.skipped)} left out at this size)"
    loose = permissive_concepts(res.counts, a.n_states)
    if loose:
        share = {f"{v:.0%}" for v in loose.values()}
        text += (f"; {' and '.join(CONCEPT_NAMES[c] for c in loose)}, at "
                 f"{next(iter(share)) if len(share) == 1 else 'most'} of the states, "
                 "are permissive")
    return text + "."


def _status_quo_sentences(res: ModelResults) -> tuple[list[str], list[str]]:
    sq = res.status_quo
    if sq is None:
        return ["The model declares no status quo."], []
    a = res.analysis
    stable = sq["stable_under"]
    unstable = [c for c in a.concepts if c not in stable]
    name = res.conflict.state_name(sq["pattern"])
    today = (f"{name}, " if name and name.lower() != "today" else "") + sq["pattern"]
    answer = [f"Today ({today}): an equilibrium under "
              + (f"{_names(stable)}; not under {_names(unstable)}." if unstable else
                 "every concept computed.")]
    details = []
    calm = []
    for dm, info in sq["by_dm"].items():
        imps = info.get("improvements", [])
        if not imps:
            calm.append(dm)
            continue
        free = [i for i in imps if not i["sanctioned"]]
        checked = [i for i in imps if i["sanctioned"]]
        if checked:
            i = checked[0]
            reply = _join([f"{s['mover']} to {res.show(s['to'])}" for s in i["sanction"] or []])
            more = f" (and {len(checked) - 1} more)" if len(checked) > 1 else ""
            text = (f"{dm} would gain by moving to {res.show(i['to'])} "
                    f"({res.describe(i['to'], 2)}){more}, but {reply} would answer it")
            sd = i.get("self_defeating") or []
            if sd and i.get("credible_sanction_exists") is False:
                d = sd[0]
                text += (f" — a threat that would backfire: {d['answered_by']} could then "
                         f"move to {res.show(d['answer'])}, which {d['sanctioner']} likes "
                         f"less than {res.show(d['from'])}")
            answer.append(text + ".")
        if free:
            answer.append(f"{dm} has {_count(len(free), 'improvement')} no one can credibly "
                          f"answer, e.g. {res.show(free[0]['to'])} "
                          f"({res.describe(free[0]['to'], 2)}).")
        for i in imps:
            how = ("answered by " + _join([f"{s['mover']} moving to {res.show(s['to'])}"
                                           for s in i["sanction"]])
                   if i["sanction"] else "not credibly answered")
            details.append(f"{dm} could move to {res.show(i['to'])} ({res.describe(i['to'])}): "
                           f"{how}.")
    if calm and len(calm) == len(sq["by_dm"]) and len(calm) > 1:
        answer[0] = answer[0][:-1] + "; no side has a move from it that it would prefer."
    elif calm:
        answer.append(f"{_join(calm)}: no move from today that {'they' if len(calm) > 1 else 'it'}"
                      " would prefer.")
    return answer, details


def _paths_sentences(res: ModelResults) -> tuple[list[str], list[str]]:
    if res.status_quo is None:
        return ["Without a status quo there is no path to trace."], []
    n = res.reach.get("ui", 1) - 1
    answer = [f"Moving one side at a time, each move good for its mover, today's state "
              f"reaches {_count(n, 'other state')}." if n else
              "No side can improve on today's state by moving alone."]
    details = []
    # the answer shows the paths to outcomes held by credible sanctions first
    for ks in sorted(res.key_states, key=lambda k: bool(k.get("self_defeating_for"))):
        path = ks["path"]
        p = res.show(ks["pattern"])
        if path is None:
            line = f"{p}: not reachable from today by the moves searched."
            details.append(line)
        else:
            movers = [s["mover"] if isinstance(s["mover"], str)
                      else " + ".join(s["mover"]) + " together" for s in path["steps"]]
            if path["moves"] == "ui":
                line = (f"{p}: {_count(len(movers), 'unilateral improvement')}: "
                        f"{', then '.join(movers)}.")
            else:
                line = (f"{p}: no side gets there alone; {_count(len(movers), 'move')}: "
                        f"{', then '.join(movers)}.")
            details.append(f"{p}: {path['sentence']}")
        if len(answer) < 1 + MAX_PATHS_SHOWN and path is not None:
            answer.append(line)
    for lk in res.reach.get("lock_ins", []):
        if lk["reachable"] and lk["steps"]:
            line = (f"Within reach by improvements: {describe_lock(res.conflict, lk['locked'])}"
                    f", in {_count(lk['steps'], 'step')} (e.g. {lk['example']}); it can never "
                    f"be undone and puts {lk['out_of_reach']:,} states out of reach for ever.")
            details.append(line)
    unreached = [ks["pattern"] for ks in res.key_states if ks["path"] is None]
    if unreached:
        how = ("unilateral improvements" if "coalition" not in res.reach
               else "unilateral or joint improvements")
        lead = ("None of the best stable outcomes is reachable" if len(unreached) ==
                len(res.key_states) else f"{len(unreached)} of the best stable outcomes "
                "are not reachable")
        tail = ("; joint moves were not searched at this size." if "coalition" not in res.reach
                else ".")
        answer.append(f"{lead} from today by {how}{tail}")
    return answer, details


# -- package deals --------------------------------------------------------------------------
def _deals(path: Path, tick: Progress) -> tuple[Any, dict[str, Any] | None]:
    from detente.bargain.analysis import analyze_deals
    from detente.model.agenda import load_agenda

    result = analyze_deals(load_agenda(path), top=10)
    tick("package deals")
    return result, result.utility_cloud()


#: Issues a package's short answer names before "n more" (the details name them all).
MAX_PACKAGE_CHANGES = 1


def _package_text(agenda: Any, package: dict[str, str]) -> str:
    parts = []
    for iss in agenda.issues:
        if iss.id not in package or iss.status_quo is None:
            continue
        k = iss.option_index(package[iss.id])
        if k != iss.status_quo:
            parts.append(f"{iss.text}: {iss.options[k].text}")
    return "; ".join(parts) if parts else "no change from the status quo"


def _deals_sentences(r: Any) -> tuple[list[str], list[str]]:
    a = r.agenda
    parties = [p.id for p in a.parties]
    name = {p.id: p.text for p in a.parties}
    answer = [f"{r.outcomes:,} of {r.packages:,} packages respect the linkages; "
              f"{r.zopa_outcomes:,} ({r.zopa_share:.0%}) beat no agreement for every side; "
              f"{_count(len(r.pareto), 'Pareto-optimal point')} (as written, "
              "guessed no-deal values)."]
    details = []
    if a.parked:
        details.append("Parked (left as today in every package): "
                       + ", ".join(a.issues[i].text for i in a.parked) + ".")
    if r.solutions:
        nash, ks = r.solutions["nash"], r.solutions["kalai_smorodinsky"]
        same = nash.packages == ks.packages
        util = ", ".join(f"{name[p]} {nash.utilities[p]:.2f} (no deal "
                         f"{r.reservations[p]:.2f})" for p in parties)
        who = "Nash = Kalai–Smorodinsky" if same else "Nash solution"
        answer.append(f"{who} — {_package_ids(a, nash.packages[0])}. Utilities: {util}.")
        details.append(f"Nash solution: {_package_text(a, nash.packages[0])}.")
        if not same:
            diff = {i: o for i, o in ks.packages[0].items() if nash.packages[0].get(i) != o}
            answer.append(f"Kalai–Smorodinsky: the same but "
                          f"{_package_ids(a, diff, all_=True)}.")
        details.append(f"Kalai–Smorodinsky solution: {_package_text(a, ks.packages[0])}.")
    else:
        answer.append("No package beats every side's alternative: no agreement is possible.")
    for k, t in enumerate(r.trades[:MAX_TRADES]):
        gives = [f"{name[p]} concedes on "
                 + _join([a.issues[a.issue_index(i)].text for i in t.gives(p)])
                 for p in parties if t.gives(p)]
        who = "; ".join(gives) if gives else "both gain on both issues"
        if k == 0:
            answer.append(f"Best trade from today (joint gain {t.joint_gain:.2f}"
                          + (f"; {who}" if gives else "") + f") — {_package_ids(a, t.changes)}.")
        details.append(f"Trade: {_package_text(a, t.changes)} — joint gain {t.joint_gain:.2f}"
                       f"; {who}.")
    return answer, details


def _package_changes(agenda: Any, package: dict[str, str], all_: bool = False) -> list[str]:
    """``issue=option`` for the issues a package settles differently from today."""
    parts = []
    for i, o in package.items():
        iss = agenda.issues[agenda.issue_index(i)]
        if all_ or iss.status_quo is None or iss.options[iss.status_quo].id != o:
            parts.append(f"{i}={o}")
    return parts


def _package_ids(agenda: Any, package: dict[str, str], all_: bool = False,
                 limit: int = MAX_PACKAGE_CHANGES) -> str:
    """What a package settles differently from today, in the agenda's labels
    (``Issue: option``; ids where the scenario gives no label), at most ``limit`` of them
    and then how many more."""
    parts = []
    for i, o in package.items():
        iss = agenda.issues[agenda.issue_index(i)]
        if all_ or iss.status_quo is None or iss.options[iss.status_quo].id != o:
            parts.append(f"{iss.text}: {iss.options[iss.option_index(o)].text}")
    if len(parts) > limit + 1:  # "1 more" says no less than the change itself
        parts = parts[:limit] + [f"{len(parts) - limit} more"]
    return "; ".join(parts) or "no change"


# -- dynamics --------------------------------------------------------------------------------
def _dynamics(path: Path, tick: Progress) -> dict[str, Any]:
    from detente.dynamics.analyses import run_analysis
    from detente.model.dynamics import load_dynamics

    model = load_dynamics(path)
    wanted = model.default_analyses()
    out: dict[str, Any] = {"model": model}
    for name in wanted:
        out[name] = run_analysis(model, name)
        tick(f"dynamics: {name}")
    return out


def _rounds_text(k: int, round_spec: Any) -> str:
    """``10 rounds``, with the time they stand for when the scenario says what a round is."""
    return duration_text(float(k), round_spec).replace(f"{float(k):.1f} ", f"{k} ", 1)


def _median_words(pair: dict[str, Any]) -> str:
    """", median N rounds" when the estimate says at least half of the matches recover."""
    m = pair["recovered_within"]["median"]
    return f", median {m:g} rounds" if m is not None else ""


def _length_words(model: Any) -> str:
    """How long a match lasts, in words: a fixed number of rounds, or a random length by
    its mean (the cut-off of the simulation is not the length)."""
    h = model.horizon
    if h.continuation is None:
        return f"{model.rounds} rounds"
    return (f"the rounds (matches of random length: another round follows with probability "
            f"{h.continuation:g}, {h.mean_length:.0f} rounds on average)")


_RICHARDSON = {"stable": "settles at a steady level", "runaway": "escalates without limit",
               "disarmament": "falls away to nothing", "balanced": "stays balanced"}


def _dynamics_sentences(d: dict[str, Any]) -> tuple[list[str], list[str], dict[str, Any]]:
    """Short answer lines, details and the facts they state (for tests and the report)."""
    model = d["model"]
    s0, s1 = model.sides
    current = {s0: model.current(s0), s1: model.current(s1)}
    facts: dict[str, Any] = {"current": current}
    out: list[str] = []
    details: list[str] = []
    mis = model.misperception_probabilities()
    noise = " and ".join(f"{m:.0%}" for m in mis) if mis[0] != mis[1] else f"{mis[0]:.0%} each"
    now_pol = (f"{current[s0]} on both sides" if current[s0] == current[s1]
               else f"{current[s0]} vs {current[s1]}")
    if "tournament" in d:
        pairs = d["tournament"].to_dict()["pairs"]
        now = next(p for p in pairs if p["policies"] == current)
        facts["mutual_cooperation_now"] = now["mutual_cooperation"]["mean"]
        out.append(f"Today: {now_pol}, misperception {noise} — both cooperate in "
                   f"{now['mutual_cooperation']['mean']:.0%} of {_length_words(model)}.")
        best = max(pairs, key=lambda p: p["mutual_cooperation"]["mean"])
        facts["most_cooperative"] = best
        details.append(f"Most mutual cooperation: {best['policies'][s0]} ({s0}) with "
                       f"{best['policies'][s1]} ({s1}), "
                       f"{best['mutual_cooperation']['mean']:.0%} of the rounds.")
    if "recovery" in d:
        rec = d["recovery"].to_dict()
        # Judged by the share of matches back to mutual cooperation within k rounds of the
        # shock (Kaplan–Meier: a match that ends first is censored, not a failure); the
        # restricted mean, which counts "never" as the rounds left, only breaks ties.
        pairs = [p for p in rec["pairs"] if p["recovered_within"] is not None]

        def speed(p: dict[str, Any]) -> tuple[float, float]:
            return (p["recovered_within"]["share"], -p["restricted_mean_rounds"]["mean"])

        now = next((p for p in pairs if p["policies"] == current), None)
        k = pairs[0]["recovered_within"]["rounds"] if pairs else 0
        if now is not None:
            share = now["recovered_within"]["share"]
            # the lead finding states the mean recovery in the scenario's time unit
            facts["recovery_now"] = now["restricted_mean_rounds"]["mean"]
            facts["recovery_share_now"] = share
            out.append(f"One mistaken offence by {rec['shocked_side']} (round "
                       f"{rec['shock_round']}): {share:.0%} of matches back to mutual "
                       f"cooperation within {_rounds_text(k, model.round)}"
                       f"{_median_words(now)}"
                       # a fixed horizon leaves the mean meaningful; a random length cuts it
                       + (f"; {duration_text(facts['recovery_now'], model.round)} to "
                          "recover on average" if model.horizon.continuation is None
                          else "") + ".")
        if pairs:
            fastest = max(pairs, key=speed)
            facts["fastest"] = fastest
            line = (f"Fastest: {fastest['policies'][s0]} ({s0}) with "
                    f"{fastest['policies'][s1]} ({s1}), "
                    f"{fastest['recovered_within']['share']:.0%} within {k} rounds")
            alone = [p for p in pairs if p["policies"][s1] == current[s1]]
            if alone:
                one = max(alone, key=speed)
                facts["fastest_alone"] = one
                line += (f"; {s0} alone: {one['policies'][s0]}, "
                         f"{one['recovered_within']['share']:.0%}")
            out.append(line + ".")
        for p in pairs:
            w = p["recovered_within"]
            ci = (f" (95% interval {w['ci'][0]:.0%}–{w['ci'][1]:.0%})"
                  if w["ci"] is not None else "")
            details.append(f"Recovery with {p['policies'][s0]} ({s0}) and {p['policies'][s1]} "
                           f"({s1}): {w['share']:.0%} within {k} rounds{ci}"
                           f"{_median_words(p)}; {p['matches']} matches cooperating before "
                           f"the shock, {p['never']:.0%} of them ended before cooperation "
                           "returned.")
    if "richardson" in d:
        lines, more, facts["richardson"] = _richardson_sentences(
            d["richardson"].to_dict(), model.richardson.source if model.richardson else "")
        out += lines
        details += more
    return out, details, facts


def _richardson_sentences(r: dict[str, Any], source: str
                          ) -> tuple[list[str], list[str], dict[str, Any]]:
    """Richardson's verdict: a finding when the coefficients have a source, otherwise the
    region (which side of the boundary a·b = k·l the guesses fall, and the smallest single
    change that would cross it) with the caveat."""
    cond = r["condition"]
    sign = ">" if cond["kl"] > cond["ab"] else "<" if cond["kl"] < cond["ab"] else "="
    verdict = _RICHARDSON.get(r["outcome"], r["outcome"])
    unit = r["unit"] or "levels"
    facts = {"outcome": r["outcome"], "stable": r["stable"], "sourced": bool(source),
             "kl": cond["kl"], "ab": cond["ab"]}
    details = ["Richardson's coefficients: " + (f"source: {source}." if source else
               "no source given, so they are the analyst's guesses.")]
    if source:
        return ([f"Richardson ({unit}): {verdict} (reaction k·l {cond['kl']:.2f} {sign} "
                 f"restraint a·b {cond['ab']:.2f})."], details, facts)
    side = "they settle" if r["stable"] else "they do not"
    text = (f"Richardson ({unit}), from unsourced coefficients — a region, not a finding: "
            f"levels settle only where restraint a·b exceeds reaction k·l; the guesses "
            f"(k·l {cond['kl']:.2f}, a·b {cond['ab']:.2f}) lie where {side}")
    change = (r.get("settling_changes") or [None])[0]
    if change is not None:
        facts["crossing"] = {k: change[k] for k in ("parameter", "side", "threshold",
                                                     "current")}
        verb = "above" if change["direction"].startswith("increase") else "below"
        what = "reaction" if change["parameter"] in "kl" else "restraint"
        text += (f"; the smallest single change that settles them: "
                 f"{_possessive(change['side'])} {what} {change['parameter']} {verb} "
                 f"{change['threshold']:.2f} (now {change['current']:.2f})")
    return [text + "."], details, facts


# -- assumptions ------------------------------------------------------------------------------
def _assumptions(source: str, focus: ModelResults, names: dict[str, str], tick: Progress,
                 max_memory: int | None) -> list[dict[str, Any]]:
    from detente.graph.analysis import analyze
    from detente.model.loader import load_conflict

    rows = []
    for name in names:
        conflict = load_conflict(source, assumption=name)
        a = analyze(conflict, max_memory=max_memory)
        tick(f"assumption {name}")
        sq = focus.status_quo["pattern"] if focus.status_quo else None
        leads_to = None
        if sq is not None:
            from detente.graph.paths import status_quo_analysis

            key = KEY_CONCEPT if KEY_CONCEPT in a.concepts else a.concepts[-1]
            leads_to = list(status_quo_analysis(conflict, moves="ui", analysis=a)
                            .equilibria_reachable.get(key, []))
        rows.append({
            "name": name,
            "description": " ".join(names[name].split()),
            "analysis": a,
            "counts": {c: len(v) for c, v in a.equilibria.items()},
            "status_quo_stable_under": _stable_under(a, sq) if sq else [],
            "key_states": {ks["pattern"]: _stable_under(a, ks["pattern"])
                           for ks in focus.key_states},
            "best": _key_states(a),
            "nash": a.equilibria.get("nash", [])[:5],
            # where today leads if nobody coordinates, under this assumption
            "leads_to": leads_to,
        })
    return rows


def _tally(conflict: Conflict, patterns: list[str]) -> str:
    """States by name, repeats counted ('invasion ×2'), unnamed ones as patterns."""
    shown = [conflict.state_name(p) or p for p in patterns]
    counts = dict.fromkeys(shown, 0)
    for x in shown:
        counts[x] += 1
    return ", ".join(x if n == 1 else f"{x} ×{n}" for x, n in counts.items())


def _assumption_sentences(focus: ModelResults, rows: list[dict[str, Any]]) -> list[str]:
    """One line per assumption: today's verdict, the best outcomes kept (named ones lost by
    name), and how the Nash equilibria differ from the baseline's."""
    out = []
    c = focus.conflict
    keys = [ks["pattern"] for ks in focus.key_states]
    base_nash = focus.analysis.equilibria.get("nash", [])
    base_sq = focus.status_quo["stable_under"] if focus.status_quo else []
    for row in rows:
        sq_now = KEY_CONCEPT in row["status_quo_stable_under"]
        sq_before = KEY_CONCEPT in base_sq
        sq_text = ("today stays SEQ-stable" if sq_now and sq_before else
                   "today becomes SEQ-stable" if sq_now else
                   "today no longer SEQ-stable" if sq_before else
                   "today still not SEQ-stable")
        kept = [p for p in keys if KEY_CONCEPT in row["key_states"][p]]
        lost_named = [n for n in (c.state_name(p) for p in keys if p not in kept) if n]
        keep = f"{len(kept)}/{len(keys)} best kept" + (
            f" (lost {', '.join(dict.fromkeys(lost_named))})" if lost_named else "")
        nash = row["analysis"].equilibria.get("nash", [])
        gained = [p for p in nash if p not in base_nash]
        gone = [p for p in base_nash if p not in nash]
        diff = "; ".join(x for x in (f"Nash gains {_tally(c, gained)}" if gained else "",
                                     f"Nash loses {_tally(c, gone)}" if gone else "") if x)
        out.append(f"{row['name']}: {sq_text}; {keep}" + (f"; {diff}." if diff else "."))
    return out


# -- what happened ----------------------------------------------------------------------------
def _history(focus: ModelResults, rows: list[dict[str, Any]]) -> Any:
    """The retrospective check of the focus model's observations: the model as written and
    under each assumption (their analyses are reused)."""
    from detente.graph.retrospective import retrospective

    conflicts = {"baseline": focus.conflict} | {r["name"]: r["analysis"].conflict for r in rows}
    analyses = {"baseline": focus.analysis} | {r["name"]: r["analysis"] for r in rows}
    return retrospective(conflicts, analyses=analyses)


def _history_sentences(r: Any, concept: str) -> tuple[list[str], list[str]]:
    """One line per observation: which versions predicted it (under ``concept``)."""
    answer, details = [], []
    others = [n for n in r.names if n != "baseline"]
    for k, ob in enumerate(r.observations):
        yes = r.containing(k, concept)
        no_other = [n for n in others if n not in yes]
        if not others:
            verdict = "predicted" if yes else "not predicted"
        elif not yes:
            verdict = "predicted by no version of the model"
        elif len(yes) == len(r.names):
            verdict = "predicted by the baseline and every assumption"
        elif "baseline" in yes and len(no_other) <= 2:
            verdict = f"predicted by all but {_join(no_other)}"
        elif "baseline" in yes:
            verdict = (f"predicted by the baseline and {len(yes) - 1} of {len(others)} "
                       "assumptions")
        else:
            verdict = ("predicted only by " + _join(yes) if len(yes) <= 2 else
                       f"predicted by {len(yes)} of {len(others)} assumptions, not the baseline")
        answer.append(f"{ob.date}, {ob.label}: {verdict}.")
        src = f" Source: {ob.source.text}." if ob.source.text else ""
        details.append(f"{ob.date}, {ob.label} — {' '.join(ob.description.split())}{src}")
    details.append(
        f"A version predicts an observation when one of its {CONCEPT_NAMES[concept]} "
        "equilibria reachable from today by unilateral improvements belongs to it (the "
        "status quo counts when it is one).")
    return answer, details


# -- the briefing ------------------------------------------------------------------------------
_HOW = {
    "findings": (
        "The findings that bear on a decision, each answered in detail further down: where "
        "today's state leads if each side only makes the moves it likes; the traps (stable "
        "outcomes an irreversible move has shut off from today, which every side likes less "
        "than today); the deals that would hold because every defection can be met by a "
        "credible sanction, with who would renege and who would answer; the best package "
        "of the agenda; and how long a spiral of retaliation lasts."),
    "equilibria": (
        "Each state is a column of Y/N, one per option (Y = the option is taken). A state is an "
        "equilibrium under a solution concept when no decision maker would leave it under that "
        "concept's view of foresight: Nash (no better move at all), GMR (every better move can "
        "be punished), SMR (punished even after a counter-move), SEQ (punished by moves the "
        "punisher itself likes), SIM (punished by moves made at the same time). The best stable "
        "outcomes are the SEQ equilibria no other SEQ equilibrium beats for every side."),
    "status_quo": (
        "For each side: the moves from today's state it would prefer (its unilateral "
        "improvements), and the reply by the others that makes each one not worth it. A "
        "state is stable for a side when every improvement can be answered that way."),
    "paths": (
        "A path is a sequence of moves from the status quo, one side at a time and no side "
        "twice in a row; in the default search every move is an improvement for the one "
        "making it. When no such path exists, joint moves — several sides acting together, "
        "each better off — are searched too. The graph shows the states one move from today, "
        "coloured by who moves; dashed moves would leave the mover worse off."),
    "what_it_would_take": (
        "For the best outcomes that do not hold, and the best stable outcomes that no path of "
        "improvements reaches from today: the fewest changes of the sides' preferences (drop "
        "one of its statements, swap two adjacent ones, or swap two adjacent groups of a "
        "ranking) that would make the outcome hold under SEQ and, when there is a status quo, "
        "reachable from it. Each change is a point a mediator would have to persuade that "
        "side of. 'None within two' means at least three changes would be needed."),
    "models": (
        "The same questions for the file's other conflict models. Large models are analysed "
        "with the fast concepts only; the note says what was left out and why."),
    "deals": (
        "Each dot is a package (one option per issue), placed by how much each side values "
        "it (0 = its worst, 1 = its best package). The dashed lines are each side's value of "
        "no agreement; packages above and to the right of both are in the zone of possible "
        "agreement (ZOPA). The line joins the Pareto-optimal packages, which no other "
        "package beats for both sides. The Nash solution maximises the product of both "
        "sides' gains over no agreement; Kalai–Smorodinsky gives both sides the same share "
        "of their best possible gain."),
    "perceptions": (
        "Each side plays the game as it reads it: its own preferences, the others' as it "
        "believes them. A side 'expects' the states that are equilibria of its own reading. "
        "The hyper-equilibria are the states where every side, judging by its own reading, "
        "would stay; compare them with the equilibria of the true game. A surprise is a move "
        "a side would really make, to its advantage, that another side expecting the "
        "conflict to rest there does not foresee."),
    "history": (
        "Each row is something that happened after the scenario was written, as a state or a "
        "class of states of the model. A version of the model (as written, or under an "
        "assumption) predicted it when one of the outcomes it expects from today — its "
        "equilibria reachable by moves each side likes — belongs to it. A check of the "
        "assumptions against history, not a forecast."),
    "assumptions": (
        "Each row is one of the scenario's alternative assumptions (its description below "
        "its name): it replaces some decision makers' preferences and the analysis is run "
        "again. Compare whether today's state and the best stable outcomes of the baseline "
        "stay equilibria (✓: SEQ-stable)."),
    "rests_on": (
        "Each headline conclusion — today's stability, each best stable outcome's stability "
        "and whether it can be reached from today — is re-checked after every single change "
        "of the preferences: one statement dropped, or two neighbouring statements swapped. "
        "A conclusion 'rests on' the statements whose change flips it. The heat map shows, "
        "per conclusion and statement, how many such changes flip it; the table gives the "
        "verdicts under every combination of the file's named assumptions."),
}


def _dynamics_how(model: Any) -> str:
    """How to read the dynamics section, in the scenario's words for the two moves."""
    m = model.moves
    coop = "cooperates" + (f" ({m.cooperate})" if m.cooperate != "cooperates" else "")
    defect = "defects" + (f" ({m.defect})" if m.defect != "defects" else "")
    text = (f"{model.description.strip()} " if model.description else "") + (
        f"A repeated game: each round each side {coop} or {defect}, and may misread "
        "what the other did. The table compares the sides' policies; recovery is the number "
        "of rounds, after one mistaken offence, until both cooperate again.")
    if model.richardson is not None:
        unit = model.richardson.unit or "hostility"
        text += (f" Richardson's model treats {unit} as a continuous level that each side "
                 "raises in reaction to the other's.")
    return text


def build_briefing(source: str | Path = "summit-2021", *, progress: Progress | None = None,
                   max_memory: int | None = None) -> Briefing:
    """Run every engine that applies to ``source`` and gather the answers.

    Parameters
    ----------
    source:
        A scenario file or built-in scenario name (default: the 2021 summit). Conflict
        models, ``agenda:``, ``dynamics:`` and ``assumptions:`` are each used when present.
    progress:
        Called with a short description after each engine run.
    max_memory:
        Bytes each analysis may use.

    Returns
    -------
    Briefing

    Raises
    ------
    ModelError
        When the file or a section of it is invalid.
    """
    from detente.model.loader import (
        load_all,
        load_conflict,
        load_document,
        resolve_source,
    )

    tick = progress or (lambda _m: None)
    source = str(source)
    path, _ = resolve_source(source)
    focus_conflict = load_conflict(source)
    conflicts = load_all(str(path)) if "#" not in source else {
        focus_conflict.name: focus_conflict}
    doc = load_document(path) if path.suffix.lower() in (".yaml", ".yml", ".json") else None
    models: dict[str, ModelResults] = {}
    focus_name = focus_conflict.name
    models[focus_name] = _analyse_model(focus_conflict, True, tick, max_memory)
    for name, conflict in conflicts.items():
        if name != focus_name:
            models[name] = _analyse_model(conflict, False, tick, max_memory)
    focus = models[focus_name]
    c = focus.conflict
    title = (doc.title if doc and doc.title else c.title) or c.name
    b = Briefing(source=source, title=title,
                 description=(doc.description if doc else c.description) or "",
                 sources=list(doc.sources if doc and doc.sources else c.sources),
                 sections=[], models=models, focus_name=focus_name)
    size = (f"{c.title or c.name}: {len(c.decision_makers)} decision makers, "
            f"{c.n_options} options, {focus.analysis.n_states:,} feasible states")
    answer, details = _model_sentences(focus, concise=False)
    b.sections.append(Section(
        "equilibria", "Stable outcomes",
        "Which outcomes would hold, and under which solution concepts?",
        answer, _HOW["equilibria"],
        {"model": focus_name, "counts": focus.counts, "skipped": dict(focus.analysis.skipped),
         "key_states": focus.key_states, "nash": focus.analysis.equilibria.get("nash", [])},
        [size + "."] + details))
    answer, details = _status_quo_sentences(focus)
    b.sections.append(Section(
        "status_quo", "Today's status quo",
        "Where does today's state stand: who could improve on it, and what stops them?",
        answer, _HOW["status_quo"],
        {"model": focus_name, "status_quo": focus.status_quo,
         "explanations": focus.explanations}, details))
    answer, details = _paths_sentences(focus)
    b.sections.append(Section(
        "paths", "From here to a stable deal",
        "Which moves lead from the status quo to the best stable outcomes?",
        answer, _HOW["paths"],
        {"model": focus_name, "reach": dict(focus.reach),
         "paths": {ks["pattern"]: ks["path"] for ks in focus.key_states}},
        details + [f"Note: {n}." for n in focus.notes if "coalitional" in n]))
    take = _what_it_would_take(focus, tick)
    b.advice = _deal_advice(focus)
    if take:
        from detente.report.inverse_text import advice_sentences

        answer, details = advice_sentences(c, take, focus.describe)
        b.sections.append(Section(
            "what_it_would_take", "What it would take",
            "What would have to change for the best outcomes that do not hold, or cannot be "
            "reached from today, to become a stable deal within reach?",
            answer, _HOW["what_it_would_take"],
            {"model": focus_name, "advice": [a.to_dict() for a in take]}, details,
            terminal=False))
    if c.perceptions:
        from detente.graph.hypergame import hypergame
        from detente.report.hypergame_text import hypergame_sentences, hypergame_summary

        b.hypergame = hypergame(c, focus.analysis.concepts, max_memory=max_memory)
        tick(f"perceived games of {c.name}")
        concept = KEY_CONCEPT if KEY_CONCEPT in b.hypergame.concepts else \
            b.hypergame.concepts[-1]
        b.sections.append(Section(
            "perceptions", "How each side sees it",
            "Do the sides play the same game, and what does each expect?",
            hypergame_summary(c, b.hypergame, concept), _HOW["perceptions"],
            {"model": focus_name, "hypergame": b.hypergame.to_dict()},
            hypergame_sentences(c, b.hypergame)))
    others = [m for n, m in models.items() if n != focus_name]
    if others:
        answer, details = [], []
        for m in others:
            mc = m.conflict
            left = " and ".join(CONCEPT_NAMES[x] for x in m.analysis.skipped)
            answer.append(f"{mc.name}: {mc.n_options} options, "
                          f"{m.analysis.n_states:,} feasible states"
                          + (f" ({left} left out at this size)." if left else "."))
            for k, part in enumerate((_model_sentences(m, concise=True),
                                      _status_quo_sentences(m) if m.status_quo else ([], []),
                                      _paths_sentences(m) if m.status_quo else ([], []))):
                # The number of best outcomes and the verdict on the paths (the last line)
                # suffice here; today's standing goes to the details.
                lines = part[0] if k == 0 else [] if k == 1 else part[0][-1:]
                answer += ["  " + s for s in lines]
                details += part[0][len(lines):] + part[1] if k else part[1]
            details += [f"Note: {n}." for n in m.notes]
        # in the report and the full terminal briefing: the brief one keeps to 100 lines
        b.sections.append(Section(
            "models", "The other models", "What do the file's other models add?", answer,
            _HOW["models"],
            {"models": {m.name: {"counts": m.counts, "skipped": dict(m.analysis.skipped),
                                 "states": m.analysis.n_states, "key_states": m.key_states,
                                 "status_quo": m.status_quo, "notes": m.notes}
                        for m in others}}, details, terminal=False))
    if doc is not None and doc.agenda is not None:
        b.deals, b.deals_cloud = _deals(path, tick)
        answer, details = _deals_sentences(b.deals)
        b.sections.append(Section(
            "deals", "Package deals",
            "Which package deals beat no agreement for both sides, and which are best?",
            answer, _HOW["deals"], {"deals": b.deals.to_dict()}, details))
    if doc is not None and doc.dynamics is not None:
        b.dynamics = _dynamics(path, tick)
        sentences, details, facts = _dynamics_sentences(b.dynamics)
        b.dynamics["facts"] = facts
        model = b.dynamics["model"]
        b.sections.append(Section(
            "dynamics", model.title or "Reciprocity",
            "Where do the sides' policies lead, and which restores cooperation fastest?",
            sentences, _dynamics_how(model), facts, details))
    names = {a.name: a.description for a in doc.assumptions} if doc is not None else {}
    if names:
        b.assumptions = _assumptions(source, focus, names, tick, max_memory)
        b.sections.append(Section(
            "assumptions", "Other assumptions",
            "How do the answers change under the scenario's alternative assumptions?",
            _assumption_sentences(focus, b.assumptions), _HOW["assumptions"],
            {"rows": [{k: v for k, v in r.items() if k != "analysis"}
                      for r in b.assumptions]}))
    if c.observations and focus.status_quo is not None:
        b.history = _history(focus, b.assumptions)
        tick(f"what happened, for {c.name}")
        concept = KEY_CONCEPT if KEY_CONCEPT in b.history.concepts else b.history.concepts[-1]
        answer, details = _history_sentences(b.history, concept)
        b.sections.append(Section(
            "history", "What happened",
            "What happened afterwards, and which assumptions predicted it?",
            answer, _HOW["history"],
            {"model": focus_name, "concept": concept,
             "retrospective": b.history.to_dict(c.pattern)}, details))
    if c.status_quo is not None or focus.key_states:
        from detente.report.rests_on import rests_on_lines, rests_on_section_data

        concept = KEY_CONCEPT if KEY_CONCEPT in focus.analysis.concepts else \
            focus.analysis.concepts[-1]
        b.rests_on = rests_on_section_data(focus, source, concept, tick, max_memory)
        answer, details = rests_on_lines(b.rests_on, c)
        combos = b.rests_on["combinations"]
        # The HTML report's section (the terminal briefing keeps to one screenful)
        b.rests_on["section"] = Section(
            "rests_on", "What the conclusions rest on",
            "Which assumptions do the headline conclusions rest on?", answer,
            _HOW["rests_on"],
            {"verdicts": [{**v, "flipped_by": [r.to_dict() for r in v["flipped_by"]]}
                          for v in b.rests_on["verdicts"]],
             "combinations": None if combos is None else combos.to_dict()}, details)
    from detente.report.findings import findings

    answer, details, facts = findings(b)
    b.sections.insert(0, Section(
        "findings", "The findings", "What matters most for a decision?", answer,
        _HOW["findings"], facts, details))
    return b
