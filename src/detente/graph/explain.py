"""Explanations: why a state is, or is not, stable for each decision maker under each concept.

For a state s, a decision maker (DM) i and a concept, the explanation lists every unilateral
improvement (UI) s1 of i from s, each with the *witness* that decides it (Fang, Hipel &
Kilgour 1993, ch. 4, for the definitions; H = the DMs other than i; a sanction is a state s2
with P_i(s2) ≤ P_i(s)):

- **Nash**: the improvements themselves (any one makes s unstable).
- **GMR**: for each s1, a *sanctioning sequence*: a legal sequence of the others' unilateral
  moves from s1 (no DM twice in a row; a DM may move again later) ending in a sanction.
- **SMR**: a sanctioning sequence whose end state s2 i cannot escape, and i's best
  *countermove* from s2 (still no better than s), or ``None`` when i cannot move from s2. When
  every sanction can be escaped, the witness shows a sanction and the escaping countermove.
- **SEQ**: a sanctioning sequence made only of the others' unilateral improvements.
- **SIM** (Fraser & Hipel 1984): the *simultaneous moves*: each other DM stays or takes one
  of its own UIs from s, at the same moment as i moves to s1, and the combined state is
  feasible and a sanction.
- **SEQ&SIM**: both witnesses; the state is stable when SEQ sanctions every improvement or
  SIM sanctions every improvement (the union of the two concepts per DM).
- **SSEQ** (Rêgo & Vieira 2017): a sanctioning sequence of improvements whose end i cannot
  escape, with i's best countermove; when none exists, a credible sanction and its escape.
- **FSEQ** (:mod:`detente.graph.credible`): a sanctioning sequence of credible moves; when
  none exists, the SEQ sanction (if any) and the answer that makes it self-defeating.

Every sanction shown says, move by move, whether the move is an improvement for its maker
and whether it is **self-defeating**: some DM can answer it at once with an improvement to a
state its maker ranks below where it moved from (who answers, and where that leads). A
sanction is *credible* when every move is an improvement and none is self-defeating. With
each sanction comes the **mildest sufficient sanction**: of every sanction the concept's
moves can reach from s1, the one i likes best (then the lowest decimal), by a shortest
sequence, with its own credibility. The explained state's **lock-in** (irreversible options
at their final values, :mod:`detente.graph.lockin`) is given, and each sanction's new locks:
the irreversible options it settles for good.

How witnesses are found: each sanctioning sequence is the result of a breadth-first search
from s1 over (state, last mover) restricted to the others' moves (the layered search of
:mod:`detente.graph.search`, over the moves of :mod:`detente.graph.moves`), stopped at the
first layer that holds a sanction — so the sequence shown is a shortest one; among the
sanctions on that layer the one i likes least is shown (then the lowest decimal). Whether
any sanction exists is read first from the engine's least reachable value (the relaxation of
:mod:`detente.graph.stability`), so improvements with no sanction cost no search; a search
that then finds none is reported as an internal error. The simultaneous moves are the first
sanction of SIM's own search (:func:`detente.graph.sim.simultaneous_response`: combination
by combination, the last DM's choice changing fastest, each DM's choices in the order: stay,
then its UIs by increasing strategy). Every verdict is checked against the stability engine
(:mod:`detente.graph.stability`), which computes the same definitions by other means;
a disagreement is reported as an internal error.

Examples
--------
>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> e = explain(pd, "YY", concepts="nash,gmr")
>>> [(w.dm, w.concept, w.stable) for w in e.witnesses]
[(0, 'nash', False), (0, 'gmr', True), (1, 'nash', False), (1, 'gmr', True)]
>>> w = e.witness("Prisoner 1", "gmr")
>>> [pd.pattern(s.target) for s in w.improvements[0].sanction]
['NN']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.graph.moves import MoveSystem, Step
from detente.graph.search import LayeredSearch
from detente.graph.sim import simultaneous_response
from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = ["ImprovementWitness", "Witness", "Explanation", "explain"]


@dataclass
class ImprovementWitness:
    """One unilateral improvement of the DM and what answers it.

    Attributes
    ----------
    to:
        Decimal of the improvement s1.
    sanctioned:
        Whether the concept deems it sanctioned (for SEQ&SIM: by SEQ or by SIM).
    sanction:
        The sanctioning sequence (steps of the other DMs from s1), or None.
    countermove:
        SMR only: the DM's best move from the end of the sanction, or None.
    simultaneous:
        SIM only: ``{"moves": {dm index: decimal its move from s reaches}, "result": decimal}``
        or None.
    """

    to: int
    sanctioned: bool
    sanction: list[Step] | None = None
    countermove: Step | None = None
    simultaneous: dict[str, Any] | None = None
    #: Per step of ``sanction``: (an improvement for its maker?, the answer that makes it
    #: self-defeating as (DM index, decimal) or None).
    credibility: list[tuple[bool, tuple[int, int] | None]] | None = None
    #: The mildest sufficient sanction and its credibility (same shapes), when one is shown.
    mildest: list[Step] | None = None
    mildest_credibility: list[tuple[bool, tuple[int, int] | None]] | None = None
    #: SEQ, SSEQ and SEQ&SIM: whether a sanction made of credible moves exists as well.
    credible_exists: bool | None = None
    #: Irreversible options the sanction settles for good (option id → value), if any.
    sanction_locks: dict[str, str] | None = None

    @property
    def credible(self) -> bool | None:
        """Whether the sanction shown is credible (None when there is none)."""
        return _credible(self.credibility)

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        pat = conflict.pattern
        sim = None
        if self.simultaneous is not None:
            sim = {
                "moves": {conflict.decision_makers[i].name: pat(d)
                          for i, d in self.simultaneous["moves"].items()},
                "result": pat(self.simultaneous["result"]),
            }
        return {
            "to": pat(self.to),
            "sanctioned": self.sanctioned,
            "sanction": None if self.sanction is None else [s.to_dict(conflict)
                                                            for s in self.sanction],
            "countermove": None if self.countermove is None else self.countermove.to_dict(
                conflict),
            "simultaneous": sim,
            "credible": self.credible,
            "self_defeating": _defeats(conflict, self.sanction, self.credibility),
            "credible_sanction_exists": self.credible_exists,
            "mildest": None if self.mildest is None else {
                "sanction": [st.to_dict(conflict) for st in self.mildest],
                "credible": _credible(self.mildest_credibility),
                "self_defeating": _defeats(conflict, self.mildest, self.mildest_credibility),
            },
            "sanction_locks": self.sanction_locks,
        }


def _credible(cred: list[tuple[bool, tuple[int, int] | None]] | None) -> bool | None:
    if cred is None:
        return None
    return all(ok and ans is None for ok, ans in cred)


def _defeats(conflict: Conflict, path: list[Step] | None,
             cred: list[tuple[bool, tuple[int, int] | None]] | None) -> list[dict[str, Any]]:
    """The self-defeating moves of a sanction: who made it, from where to where, who
    answers and where the answer leads (JSON)."""
    if path is None or cred is None:
        return []
    names = conflict.dm_names
    return [{"sanctioner": names[st.mover[0]], "from": conflict.pattern(st.source),
             "to": conflict.pattern(st.target), "answered_by": names[ans[0]],
             "answer": conflict.pattern(ans[1])}
            for st, (_ok, ans) in zip(path, cred, strict=True) if ans is not None]


@dataclass
class Witness:
    """The verdict for one DM under one concept, with every improvement's witness."""

    dm: int
    concept: str
    stable: bool
    improvements: list[ImprovementWitness]

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        return {
            "dm": conflict.decision_makers[self.dm].name,
            "concept": self.concept,
            "stable": self.stable,
            "improvements": [w.to_dict(conflict) for w in self.improvements],
        }


@dataclass(frozen=True, eq=False)
class Explanation:
    """The result of :func:`explain`: witnesses for one state.

    Why a state is, or is not, stable for each decision maker (DM) under each solution
    concept, in the terms of the definitions: every unilateral improvement the DM has from
    the state, and for each the *witness* that decides it — under Nash the improvement
    itself (any one makes the state unstable); under GMR, SMR and SEQ a *sanction*, a legal
    sequence of the other DMs' moves (their improvements only, for SEQ) to a state the DM
    likes no better than where it started, with the DM's countermove for SMR; under SIM the
    others' simultaneous moves. Each sanction says, move by move, whether the move is an
    improvement for its maker and whether it is self-defeating.

    ``witnesses`` holds one :class:`Witness` per DM and concept (``stable`` and the
    ``improvements``, each with its sanction); :meth:`witness` finds one by DM and concept.
    ``str(explanation)`` is the text of ``detente explain`` (a headline per decision maker
    and concept, then a sentence per improvement) and :meth:`to_dict` its JSON; ``skipped``
    lists the default concepts the analysis behind it left out, with the reason;
    ``lock_in`` the irreversible options the state settles for good.

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley, ch. 4 (unilateral improvements, sanctions and the
    stability definitions the witnesses instantiate). Fraser, N. M. and Hipel, K. W. (1984).
    *Conflict Analysis: Models and Resolutions*. North-Holland (sequential stability and
    simultaneous sanctioning).

    Examples
    --------
    Mutual cooperation in the Prisoner's Dilemma is not Nash stable, but it is sequentially
    stable: defecting would be met by the other's defection.

    >>> import detente
    >>> e = detente.explain("prisoners-dilemma", "YY", concepts="nash,seq")
    >>> [(w.dm, w.concept, w.stable) for w in e.witnesses]
    [(0, 'nash', False), (0, 'seq', True), (1, 'nash', False), (1, 'seq', True)]
    >>> print(str(e).splitlines()[2])
    YY is stable for Prisoner 1 under SEQ: its only improvement can be sanctioned.
    >>> [e.conflict.pattern(step.target)
    ...  for step in e.witness("Prisoner 1", "seq").improvements[0].sanction]
    ['NN']
    """

    conflict: Conflict
    state: int
    concepts: list[str]
    witnesses: list[Witness]
    ranks: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    skipped: dict[str, str] = field(default_factory=dict)
    #: The state's lock-in (:class:`~detente.graph.lockin.LockIn`), or None.
    lock_in: Any = None
    #: Whether today reaches the lock-in by unilateral improvements
    #: (:meth:`~detente.graph.analysis.Analysis.reach_of_lock_ins`: ``moves``, ``state``,
    #: ``lock``, ``example``), or None (no lock-in, or no status quo).
    lock_in_reach: dict[str, Any] | None = None

    def rank(self, dm: int, decimal: int) -> int:
        """DM ``dm``'s rank of a state mentioned in the explanation (higher is preferred)."""
        return self.ranks[decimal][dm]

    def witness(self, dm: str | int, concept: str) -> Witness:
        i = self.conflict.dm_index(dm) if isinstance(dm, str) else dm
        for w in self.witnesses:
            if w.dm == i and w.concept == concept:
                return w
        raise KeyError((dm, concept))

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``detente explain``: ``state``, ``concepts``, ``lock_in``,
        ``witnesses``."""
        return {
            "state": self.conflict.pattern(self.state),
            "concepts": list(self.concepts),
            "lock_in": None if self.lock_in is None else {
                "locked": dict(self.lock_in.locked), "out_of_reach": self.lock_in.out_of_reach,
                "from_status_quo": self.lock_in_reach},
            "witnesses": [w.to_dict(self.conflict) for w in self.witnesses],
        }

    def __str__(self) -> str:
        from detente.report.explain_text import explanation_text

        return explanation_text(self)


class _Explainer:
    def __init__(self, system: MoveSystem, state: int) -> None:
        self.sys = system
        self.s = state  # flat index
        self.dec = system.flat_decimal
        self._m: dict[tuple[int, str], np.ndarray] = {}
        self._engine: Any = None
        self._credible: Any = None
        self.mentioned: set[int] = {state}

    @property
    def engine(self) -> Any:
        """The stability engine over the same payoffs (built on first use)."""
        if self._engine is None:
            from detente.graph.stability import StabilityEngine

            self._engine = StabilityEngine(self.sys.space, self.sys.P, system=self.sys)
        return self._engine

    def least(self, i: int, kind: str) -> np.ndarray:
        """The engine's m for DM i (flat): the least value of the sanction criterion over
        what the others reach from each state (by any moves for GMR and SMR, by improvements
        for SEQ and SSEQ, by credible moves for FSEQ). A sanction of an improvement s1
        exists iff m[s1] <= P_i(s)."""
        key = (i, kind)
        if key not in self._m:
            eng = self.engine
            w = eng.smr_weight(i) if kind in ("smr", "sseq") else self.sys.P[i]
            if kind == "fseq":
                from detente.graph.stability import reach_min

                H = [j for j in range(self.sys.n) if j != i]
                m, _ = reach_min(eng.credible.blocks, H, w, improving=True)
            else:
                m = eng.opponents_min(i, w, improving=(kind in ("seq", "sseq")), tag=kind)
            self._m[key] = m.reshape(-1)
        return self._m[key]

    @property
    def credible_system(self) -> Any:
        """The credible moves as a move system for layered searches (built on first use)."""
        if self._credible is None:
            from detente.graph.credible import CredibleMoveSystem

            self._credible = CredibleMoveSystem(self.sys, self.engine.credible)
        return self._credible

    def credibility(self, path: list[Step]) -> list[tuple[bool, tuple[int, int] | None]]:
        """Per step: whether it is an improvement for its maker, and the answer (DM, decimal)
        that makes it self-defeating, the one its maker likes least (None if none)."""
        from detente.graph.credible import answers

        out = []
        P = self.sys.flat_P
        for st in path:
            j = st.mover[0]
            x, y = self.sys.flat(st.source), self.sys.flat(st.target)
            found = answers(self.sys, j, x, y)
            ans = None
            if found:
                k, z = found[0]
                ans = (k, int(self.dec[z]))
                self.mentioned.add(z)
            out.append((bool(P[j][y] > P[j][x]), ans))
        return out

    def escape(self, i: int) -> np.ndarray:
        """max P_i over R_i(x), flat, per state x (sentinel where i cannot move)."""
        return self.engine.best_move(i).reshape(-1)

    def _kind(self, improving: bool, smr: bool, credible: bool) -> str:
        if credible:
            return "fseq"
        if smr:
            return "sseq" if improving else "smr"
        return "seq" if improving else "gmr"

    def sanction(self, i: int, s1: int, improving: bool, smr: bool = False,
                 credible: bool = False, mildest: bool = False) -> list[Step] | None:
        """A shortest legal sequence of the others' moves (improvements when ``improving``,
        credible moves when ``credible``) from s1 to a sanction (one i cannot escape when
        ``smr``), or None. The sanction is the one i likes least on the first layer that
        holds one; with ``mildest``, the one i likes best among every sanction in reach."""
        Pi = self.sys.flat_P[i]
        base = Pi[self.s]
        if self.least(i, self._kind(improving, smr, credible))[s1] > base:
            return None  # no sanction anywhere in reach: no search needed
        others = [(j,) for j in range(self.sys.n) if j != i]
        cond = self.sys.feasible & (Pi <= base)
        if smr:
            cond &= self.escape(i) <= base
        found: list[np.ndarray] = []

        def stop(fresh: np.ndarray, _t: int) -> bool:
            hit = fresh[cond[fresh]]
            if hit.size:
                found.append(hit)
                return not mildest
            return False

        system = self.credible_system if credible else self.sys
        search = LayeredSearch(system, s1, others,
                               improving=improving or credible).run(stop=stop)
        if not found:
            raise RuntimeError(
                "internal inconsistency: the engine finds a sanction that the search does "
                "not; please report this as a bug")
        if mildest:
            hit = np.concatenate(found)
            order = np.lexsort((self.dec[hit], -Pi[hit]))
        else:
            hit = found[0]
            order = np.lexsort((self.dec[hit], Pi[hit]))
        s2 = int(hit[order[0]])
        path = search.shortest_path(s2)
        if path is None:  # s2 was reached by the search that found it
            raise RuntimeError("internal inconsistency: a sanction found by the search has "
                               "no path; please report this as a bug")
        for st in path:
            self.mentioned.add(self.sys.flat(st.target))
        return path

    def best_move(self, i: int, x: int) -> Step | None:
        moves = self.sys.moves_from(i, x)
        if moves.size == 0:
            return None
        Pi = self.sys.flat_P[i]
        order = np.lexsort((self.dec[moves], -Pi[moves]))
        t = int(moves[order[0]])
        self.mentioned.add(t)
        return Step((i,), int(self.dec[x]), int(self.dec[t]))

    def simultaneous(self, i: int, s1: int) -> dict[str, Any] | None:
        moves = simultaneous_response(self.sys, i, self.s, s1)
        if moves is None:
            return None
        t = s1 + sum(tj - self.s for tj in moves.values())  # each DM sets its own options
        self.mentioned.update(moves.values())
        self.mentioned.add(t)
        decimals = {i: int(self.dec[s1])} | {j: int(self.dec[tj]) for j, tj in moves.items()}
        return {"moves": dict(sorted(decimals.items())), "result": int(self.dec[t])}


def explain(
    conflict: Conflict,
    state: str | int,
    dms: Iterable[str | int] | str | None = None,
    concepts: Iterable[str] | str | None = None,
    *,
    analysis: Any = None,
    max_memory: int | None = None,
) -> Explanation:
    """Why ``state`` is or is not stable, per DM and concept, with concrete witnesses.

    Parameters
    ----------
    conflict:
        The model.
    state:
        A pattern, ``"status_quo"``, or a decimal.
    dms:
        Names (or indices) of the DMs to explain; default every DM.
    concepts:
        Concept keys as in :func:`~detente.graph.analysis.analyze` (default: its default set).
    analysis:
        An :class:`~detente.graph.analysis.Analysis` of ``conflict`` to check the verdicts
        against (computed when not given).

    Returns
    -------
    Explanation

    Raises
    ------
    ModelError
        For an unknown DM or concept, or a state that is malformed or infeasible.
    RuntimeError
        If a verdict disagreed with the stability engine (a bug: please report it).

    Examples
    --------
    >>> import detente
    >>> chicken = detente.load("chicken")
    >>> e = explain(chicken, "NN", dms="Driver A", concepts="gmr,seq,sim")
    >>> [(w.concept, w.stable) for w in e.witnesses]
    [('gmr', True), ('seq', False), ('sim', True)]
    >>> sim = e.witness("Driver A", "sim").improvements[0].simultaneous
    >>> chicken.pattern(sim["result"])
    'YY'

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley. Fraser, N. M. and Hipel, K. W. (1984). *Conflict
    Analysis: Models and Resolutions*. North-Holland.
    """
    from detente.graph.analysis import analyze, parse_concepts

    chosen = parse_concepts(concepts)
    if analysis is None:
        analysis = analyze(conflict, chosen, max_memory=max_memory)
    if chosen is None:
        chosen = list(analysis.concepts)
    missing = [c for c in chosen if c not in analysis.stable]
    if missing:
        raise ModelError(f"the analysis given has no {', '.join(missing)}")
    dec = conflict.parse_state(state) if isinstance(state, str) else int(state)
    analysis.index(dec)  # raises when infeasible
    if dms is None:
        who = list(range(len(conflict.decision_makers)))
    else:
        picked = [dms] if isinstance(dms, str | int) else list(dms)
        who = [conflict.dm_index(d) if isinstance(d, str) else int(d) for d in picked]
    system = MoveSystem(analysis.space, analysis.tensor_payoffs())
    s = system.flat(dec)
    ex = _Explainer(system, s)
    witnesses: list[Witness] = []
    for i in who:
        uis = system.moves_from(i, s, improving=True)
        uis = uis[np.argsort(system.flat_decimal[uis], kind="stable")]
        ex.mentioned.update(uis.tolist())
        cache: dict[tuple[str, int], Any] = {}

        def get(kind: str, s1: int, i: int = i, cache: dict = cache) -> Any:
            key = (kind, s1)
            if key not in cache:
                mild = kind.endswith("-mild")
                base = kind.removesuffix("-mild")
                if base == "sim":
                    cache[key] = ex.simultaneous(i, s1)
                else:
                    cache[key] = ex.sanction(
                        i, s1, improving=base in ("seq", "sseq"), smr=base in ("smr", "sseq"),
                        credible=base == "fseq", mildest=mild)
            return cache[key]

        def dressed(kind: str, s1: int, sanc: list[Step] | None, *, i: int = i,
                    **kw: Any) -> ImprovementWitness:
            """An improvement's witness with the credibility of its sanction, the mildest
            sufficient sanction of the same kind, and the locks the sanction settles."""
            w = ImprovementWitness(int(system.flat_decimal[s1]), **kw, sanction=sanc)
            if sanc is not None:
                w.credibility = ex.credibility(sanc)
                w.sanction_locks = _new_locks(conflict, sanc[0].source, sanc[-1].target)
                if kw.get("sanctioned", True) and kind is not None:
                    mild = get(kind + "-mild", s1)
                    if mild is not None:
                        w.mildest = mild
                        w.mildest_credibility = ex.credibility(mild)
            if kind in ("seq", "sseq"):
                w.credible_exists = bool(ex.least(i, "fseq")[s1] <= system.flat_P[i][s])
            return w

        for concept in chosen:
            items: list[ImprovementWitness] = []
            for s1 in uis.tolist():
                to = int(system.flat_decimal[s1])
                if concept == "nash":
                    items.append(ImprovementWitness(to, False))
                elif concept in ("gmr", "seq"):
                    sanc = get(concept, s1)
                    items.append(dressed(concept, s1, sanc, sanctioned=sanc is not None))
                elif concept in ("smr", "sseq"):
                    sanc = get(concept, s1)
                    ok = sanc is not None
                    if not ok:  # show a sanction and how it is escaped
                        sanc = get("gmr" if concept == "smr" else "seq", s1)
                    counter = None
                    if sanc is not None:
                        end = system.flat(sanc[-1].target)
                        counter = ex.best_move(i, end)
                    items.append(dressed(concept, s1, sanc, sanctioned=ok,
                                         countermove=counter))
                elif concept == "fseq":
                    sanc = get("fseq", s1)
                    ok = sanc is not None
                    if not ok:  # show the improvements' sanction that defeats itself
                        sanc = get("seq", s1)
                    items.append(dressed("fseq", s1, sanc, sanctioned=ok))
                elif concept == "sim":
                    sim = get("sim", s1)
                    items.append(ImprovementWitness(to, sim is not None, simultaneous=sim))
                else:  # seqsim
                    sanc = get("seq", s1)
                    sim = get("sim", s1)
                    items.append(dressed("seq", s1, sanc,
                                         sanctioned=sanc is not None or sim is not None,
                                         simultaneous=sim))
            if concept == "seqsim":
                stable = all(w.sanction is not None for w in items) or all(
                    w.simultaneous is not None for w in items)
            else:
                stable = all(w.sanctioned for w in items)
            engine = analysis.is_stable(dec, concept, conflict.decision_makers[i].name)
            if stable != engine:
                raise RuntimeError(
                    f"internal inconsistency: the explanation finds {conflict.pattern(dec)} "
                    f"{'stable' if stable else 'unstable'} for "
                    f"{conflict.decision_makers[i].name} under {concept}, the engine "
                    f"{'stable' if engine else 'unstable'}; please report this as a bug")
            witnesses.append(Witness(i, concept, stable, items))
    ranks = {int(system.flat_decimal[f]): tuple(int(x) for x in system.flat_P[:, f])
             for f in ex.mentioned}
    from detente.graph.lockin import lock_ins

    locked = lock_ins(conflict, [dec], analysis.decimals)
    reach = analysis.reach_of_lock_ins(locked) if locked else None
    return Explanation(conflict, dec, list(chosen), witnesses, ranks, dict(analysis.skipped),
                       lock_in=locked[0] if locked else None,
                       lock_in_reach=reach[0] if reach else None)


def _new_locks(conflict: Conflict, before: int, after: int) -> dict[str, str] | None:
    """The irreversible options ``after`` holds at their final values and ``before`` does
    not: what a move from ``before`` to ``after`` settles for good (None if nothing)."""
    from detente.graph.lockin import locked_options

    old = locked_options(conflict, before)
    new = {k: v for k, v in locked_options(conflict, after).items() if k not in old}
    return new or None
