"""``analyze``: every stability concept for every decision maker, and the equilibria.

An *equilibrium* under a solution concept is a state stable for every decision maker under
that concept (Fang, Hipel & Kilgour 1993). The concepts, keyed as in the JSON output:
``nash`` (Nash stability, also called R), ``gmr``, ``smr``, ``seq``, ``sim`` and ``seqsim``
(SEQ or SIM, Fraser & Hipel 1984); see :mod:`detente.graph.stability` and
:mod:`detente.graph.sim` for the definitions.

Examples
--------
>>> import detente
>>> a = detente.analyze(detente.load("chicken"))
>>> a.equilibria["nash"], a.equilibria["gmr"]
(['YN', 'NY'], ['NN', 'YN', 'NY'])
>>> a.is_stable("NN", "sim")
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.graph.preferences import payoff_ranks
from detente.graph.sim import sim_stability, sim_work_estimate
from detente.graph.space import StateSpace
from detente.graph.stability import StabilityEngine
from detente.model.conflict import Conflict
from detente.model.errors import ModelError, did_you_mean
from detente.model.feasibility import not_feasible

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd

    from detente.graph.coalitions import CoalitionAnalysis
    from detente.graph.limited_move import LimitedMoveAnalysis

__all__ = ["CONCEPTS", "DEFAULT_CONCEPTS", "CONCEPT_NAMES", "DETAILS", "Analysis", "ConceptPlan",
           "analyze", "concept_plan", "parse_concepts", "SIM_DEFAULT_LIMIT"]

#: Concept keys in the order they are reported.
CONCEPTS = ("nash", "gmr", "smr", "seq", "sseq", "fseq", "sim", "seqsim")
#: The concepts analysed when none are named (SSEQ and FSEQ on request, or with ``all``).
DEFAULT_CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
CONCEPT_NAMES = {
    "nash": "Nash",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sseq": "SSEQ",
    "fseq": "FSEQ",
    "sim": "SIM",
    "seqsim": "SEQ&SIM",
}
#: The detail levels of the ``analyze`` JSON, least first.
DETAILS = ("equilibria", "stability", "full")
#: Above this SIM work estimate (feasible states × strategies summed over DMs), the default
#: concept set leaves SIM and SEQ&SIM out (measured: see docs/performance.md).
SIM_DEFAULT_LIMIT = 2.0e7

_ALIASES = {"r": "nash", "seq&sim": "seqsim", "seq_sim": "seqsim", "seq-sim": "seqsim",
            "symmetric": "smr", "general": "gmr"}


def parse_concepts(names: Iterable[str] | str | None) -> list[str] | None:
    """Validate concept names (case-insensitive; ``all`` for every concept); ``None`` =
    default."""
    if names is None:
        return None
    if isinstance(names, str):
        names = [p for p in names.split(",")]
    out: list[str] = []
    for raw in names:
        key = raw.strip().lower()
        if not key:
            continue
        if key == "all":
            out.extend(c for c in CONCEPTS if c not in out)
            continue
        key = _ALIASES.get(key, key)
        if key not in CONCEPTS:
            raise ModelError(f"unknown concept {raw.strip()!r}. {did_you_mean(key, CONCEPTS)}",
                             field="--concepts")
        if key not in out:
            out.append(key)
    if not out:
        raise ModelError("no concept given", field="--concepts")
    return [c for c in CONCEPTS if c in out]


@dataclass(frozen=True)
class ConceptPlan:
    """The concepts an analysis computes, checked: the engine's concepts (``None`` for its
    default set), the limited-move ones (``lh``, ``nm``) and the horizon of ``lh``.

    >>> concept_plan("nash,lh", 2)
    ConceptPlan(engine=['nash'], limited=['lh'], horizon=2)
    >>> concept_plan(None, 3)   # a horizon alone asks for lh besides the default set
    ConceptPlan(engine=None, limited=['lh'], horizon=3)
    """

    engine: list[str] | None
    limited: list[str]
    horizon: int | None


def concept_plan(concepts: Iterable[str] | str | None, horizon: int | None = None
                 ) -> ConceptPlan:
    """Check a concept list and a horizon as ``detente analyze`` takes them.

    Raises
    ------
    ModelError
        An unknown concept, ``lh`` without a horizon, or a horizon without ``lh`` when
        concepts are named (``field`` names the command-line option).
    """
    from detente.graph.limited_move import split_concepts

    chosen, limited = split_concepts(concepts)
    if horizon is not None and "lh" not in limited:
        if concepts is not None:
            raise ModelError("--horizon is the horizon of the lh concept: add lh to "
                             "--concepts", field="--horizon")
        limited = ["lh"]
    if "lh" in limited and horizon is None:
        raise ModelError("the lh concept needs --horizon H, the number of moves each "
                         "decision maker looks ahead (e.g. --horizon 2)", field="--horizon")
    return ConceptPlan(chosen, limited, horizon)


#: Limited-move analyses report the status quo and at most this many of their equilibria.
MAX_ANTICIPATED = 20


@dataclass(frozen=True, eq=False)
class Analysis:
    """The result of :func:`analyze`: which states are stable for whom, under which concept.

    A state is *stable* for a decision maker (DM) under a solution concept when the DM
    would not leave it, given the foresight the concept assumes: under Nash stability it has
    no unilateral improvement; under GMR every improvement can be sanctioned (answered by
    the others' moves with a state the DM likes no better); under SMR it is sanctioned even
    after the DM's countermove; under SEQ by the others' own improvements (credible
    sanctions); under SIM by moves made at the same time. A state stable for every DM is an
    *equilibrium* under that concept. An :class:`Analysis` holds these verdicts for every
    feasible state, every DM and every concept computed, with the limited-move and coalition
    concepts when they were asked for.

    Attributes
    ----------
    conflict:
        The model analysed.
    decimals:
        The feasible states' decimals, increasing (the order of every per-state array).
    payoffs:
        ``(n_dms, n_states)`` dense ranks, 1 = least preferred.
    stable:
        ``{concept: (n_dms, n_states) bool}`` for the engine's concepts (:data:`CONCEPTS`).
    skipped:
        ``{concept: reason}`` for default concepts left out (SIM on large models).
    space:
        The state space (kept for the searches that follow an analysis).
    limited_move:
        Limited-move and non-myopic stability (``lh``, ``nm``), when asked.
    coalition_analysis:
        Coalition Nash, GMR and SEQ (``cnash``, ``cgmr``, ``cseq``), when asked.
    notes:
        Remarks for the reader (e.g. that the model's declared coalitions were analysed).

    :attr:`equilibria` and :meth:`to_dict` report every concept computed, in the order of
    the ``analyze`` JSON: the engine's, then ``lh``/``nm``, then the coalition concepts.
    :attr:`stability` lists each DM's stable states, :meth:`is_stable` asks about one state,
    :meth:`to_frame` and :meth:`tableau` give pandas tables.

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (Nash, GMR, SMR and SEQ stability in the graph
    model; an equilibrium is stable for every DM). Fraser, N. M. and Hipel, K. W. (1984).
    *Conflict Analysis: Models and Resolutions*. North-Holland (sequential stability and
    simultaneous sanctioning). Kilgour, D. M. (1985). Anticipation and stability in
    two-person non-cooperative games (limited-move and non-myopic stability). Kilgour, D.
    M., Hipel, K. W., Fang, L. and Peng, X. (2001). Coalition analysis in group decision
    support. *Group Decision and Negotiation* 10(2): 159–175.

    Examples
    --------
    >>> import detente
    >>> a = detente.analyze("cuban-missile-crisis", concepts="nash,seq")
    >>> a.equilibria
    {'nash': ['YNYN'], 'seq': ['NNYN', 'YNYN', 'NYYN']}
    >>> a.stability["seq"]["Soviet Union"]
    ['NNNN', 'NNYN', 'YNYN', 'NYYN', 'YYYN']
    >>> a.is_stable("NNNN", "seq", dm="Soviet Union"), a.is_stable("NNNN", "seq")
    (True, False)
    """

    conflict: Conflict
    decimals: np.ndarray
    payoffs: np.ndarray
    stable: dict[str, np.ndarray]
    skipped: dict[str, str] = field(default_factory=dict)
    space: StateSpace | None = field(default=None, repr=False)
    limited_move: LimitedMoveAnalysis | None = field(default=None, repr=False)
    coalition_analysis: CoalitionAnalysis | None = field(default=None, repr=False)
    notes: tuple[str, ...] = ()

    @property
    def concepts(self) -> list[str]:
        """The engine's concepts computed (keys of :attr:`stable`), in report order."""
        return [c for c in CONCEPTS if c in self.stable]

    @property
    def all_concepts(self) -> list[str]:
        """Every concept computed: the engine's, limited-move, coalition."""
        out = list(self.concepts)
        if self.limited_move is not None:
            out += list(self.limited_move.stable)
        if self.coalition_analysis is not None:
            from detente.graph.coalitions import COALITION_CONCEPTS

            out += list(COALITION_CONCEPTS)
        return out

    @property
    def n_states(self) -> int:
        return int(self.decimals.shape[0])

    def patterns(self, mask: np.ndarray | None = None) -> list[str]:
        decs = self.decimals if mask is None else self.decimals[mask]
        return self.conflict.patterns(decs)

    def _per_dm(self, concept: str) -> np.ndarray:
        """``(n_dms, n_states)`` stability of a per-DM concept (engine or limited-move)."""
        if concept in self.stable:
            return self.stable[concept]
        if self.limited_move is not None and concept in self.limited_move.stable:
            return self.limited_move.stable[concept]
        raise ModelError(f"concept {concept!r} was not computed; computed: "
                         f"{', '.join(self.all_concepts) or 'none'}", field="concept")

    def equilibrium_mask(self, concept: str) -> np.ndarray:
        """States stable for every decision maker (every coalition, for the coalition
        concepts) under ``concept``."""
        ca = self.coalition_analysis
        if ca is not None and concept in ca.stable:
            return ca.equilibrium_mask(concept)
        return np.asarray(self._per_dm(concept).all(axis=0))

    def tensor_payoffs(self) -> np.ndarray:
        """Every DM's ranks over the state tensor, shape ``(n_dms, *space.shape)`` (0 at
        infeasible states): the payoffs the move model takes
        (:class:`~detente.graph.moves.MoveSystem`)."""
        from detente.graph.preferences import tensor_payoffs

        if self.space is None:
            raise ValueError("this Analysis keeps no state space")
        return tensor_payoffs(self.space, self.payoffs)

    @cached_property
    def equilibria(self) -> dict[str, list[str]]:
        """``{concept: [patterns]}`` for every concept computed (:attr:`all_concepts`),
        states in increasing decimal order."""
        out = {c: self.patterns(self.equilibrium_mask(c)) for c in self.concepts}
        if self.limited_move is not None:
            out.update(self.limited_move.equilibria)
        if self.coalition_analysis is not None:
            out.update(self.coalition_analysis.equilibria)
        return out

    @cached_property
    def stability(self) -> dict[str, dict[str, list[str]]]:
        """``{concept: {dm: [patterns stable for that DM]}}`` for the engine's and the
        limited-move concepts (coalitions: :attr:`CoalitionAnalysis.coalition_stability`)."""
        names = self.conflict.dm_names
        out = {c: {names[i]: self.patterns(self.stable[c][i]) for i in range(len(names))}
               for c in self.concepts}
        if self.limited_move is not None:
            out.update(self.limited_move.stability)
        return out

    def index(self, state: str | int) -> int:
        """Position of a state (pattern or decimal) among the feasible states."""
        d = self.conflict.decimal(state) if isinstance(state, str) else int(state)
        pos = int(np.searchsorted(self.decimals, d))
        if pos >= self.n_states or int(self.decimals[pos]) != d:
            raise not_feasible(self.conflict, d)
        return pos

    def is_stable(self, state: str | int, concept: str,
                  dm: str | Sequence[str] | None = None) -> bool:
        """Whether ``state`` is stable under ``concept`` for ``dm`` (a decision maker's name;
        for a coalition concept, a coalition: ``"A+B"`` or a list of names); ``None``: for
        every decision maker (coalition), i.e. whether it is an equilibrium.

        >>> import detente
        >>> a = detente.analyze(detente.load("prisoners-dilemma"), ["nash", "gmr"])
        >>> a.is_stable("YY", "gmr"), a.is_stable("YY", "nash", dm="Prisoner 1")
        (True, False)
        """
        k = self.index(state)
        ca = self.coalition_analysis
        if ca is not None and concept in ca.stable:
            if dm is None:
                return bool(ca.equilibrium_mask(concept)[k])
            members = dm.split("+") if isinstance(dm, str) else list(dm)
            return bool(ca.stable[concept][ca.coalition_of(members)][k])
        per_dm = self._per_dm(concept)
        if dm is None:
            return bool(per_dm[:, k].all())
        if not isinstance(dm, str):
            raise ModelError(f"{concept} is stability for one decision maker: give a name",
                             field="dm")
        return bool(per_dm[self.conflict.dm_index(dm), k])

    @property
    def status_quo(self) -> str | None:
        sq = self.conflict.status_quo
        return None if sq is None else self.conflict.pattern(sq)

    @property
    def anticipated_states(self) -> list[int]:
        """States whose anticipated move sequences a limited-move analysis reports: the
        status quo, then its equilibria (at most :data:`MAX_ANTICIPATED`), by decimal."""
        lm = self.limited_move
        if lm is None:
            return []
        out: list[int] = []
        if self.conflict.status_quo is not None:
            out.append(self.conflict.status_quo)
        eq = sorted({self.conflict.decimal(p) for ps in lm.equilibria.values() for p in ps})
        return out + [d for d in eq if d not in out][:MAX_ANTICIPATED]

    # -- tables ------------------------------------------------------------------------------
    def tableau(self, states: str = "equilibria") -> pd.DataFrame:
        """The GMCR tableau as a DataFrame: options as rows, states as columns (Y/N), then a
        row per concept marking where the state is an equilibrium.

        ``states``: ``"equilibria"`` (states that are an equilibrium under some concept) or
        ``"all"``.
        """
        import pandas as pd

        if states == "all":
            mask = np.ones(self.n_states, dtype=bool)
        else:
            mask = np.zeros(self.n_states, dtype=bool)
            for c in self.concepts:
                mask |= self.equilibrium_mask(c)
        cols = self.patterns(mask)
        conflict = self.conflict
        rows = {}
        for k, o in enumerate(conflict.options):
            dm = conflict.decision_makers[o.owner].name
            rows[(dm, o.id)] = [p[k] for p in cols]
        for con in self.concepts:
            eq = self.equilibrium_mask(con)[mask]
            rows[("equilibrium", CONCEPT_NAMES[con])] = ["✓" if e else "" for e in eq]
        df = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
        df.index = pd.MultiIndex.from_tuples(df.index, names=["decision maker", "option"])
        return df

    def states_frame(self) -> pd.DataFrame:
        """One row per feasible state: pattern, decimal, each DM's rank, each concept's
        equilibrium flag."""
        import pandas as pd

        data: dict[str, Any] = {"pattern": self.patterns(), "decimal": self.decimals}
        for i, name in enumerate(self.conflict.dm_names):
            data[f"rank {name}"] = self.payoffs[i]
        for con in self.concepts:
            data[CONCEPT_NAMES[con]] = self.equilibrium_mask(con)
        return pd.DataFrame(data)

    def to_frame(self) -> pd.DataFrame:
        """Stability as a pandas DataFrame: one row per feasible state (indexed by its
        pattern, in increasing decimal order), a boolean column per (decision maker,
        concept) — per (coalition, concept) for the coalition concepts — and a column
        ``("equilibrium", concept)`` per concept.

        >>> import detente
        >>> df = detente.analyze(detente.load("chicken"), "nash").to_frame()
        >>> df.loc["YN"].tolist()
        [True, True, True]
        >>> list(df.columns)
        [('Driver A', 'nash'), ('Driver B', 'nash'), ('equilibrium', 'nash')]
        """
        import pandas as pd

        names = self.conflict.dm_names
        data: dict[tuple[str, str], np.ndarray] = {}
        per_dm = list(self.concepts)
        if self.limited_move is not None:
            per_dm += list(self.limited_move.stable)
        for i, name in enumerate(names):
            for con in per_dm:
                data[(name, con)] = self._per_dm(con)[i]
        ca = self.coalition_analysis
        if ca is not None:
            for coalition in ca.coalitions:
                for con in ca.stable:
                    data[(ca.name(coalition), con)] = ca.stable[con][coalition]
        for con in self.all_concepts:
            data[("equilibrium", con)] = self.equilibrium_mask(con)
        df = pd.DataFrame(data, index=pd.Index(self.patterns(), name="state"))
        df.columns = pd.MultiIndex.from_tuples(list(data), names=["decision maker", "concept"])
        return df

    @cached_property
    def self_defeating(self) -> dict[str, list[str]]:
        """``{dm: [patterns]}``: the states SEQ-stable for the DM only through self-defeating
        sanctions (SEQ-stable, not FSEQ-stable; :mod:`detente.graph.credible`), in increasing
        decimal order. Empty when SEQ was not computed; FSEQ is computed here if needed."""
        if "seq" not in self.stable:
            return {}
        if "fseq" in self.stable:
            fseq = self.stable["fseq"]
        else:
            if self.space is None:
                raise ValueError("this Analysis keeps no state space")
            engine = StabilityEngine(self.space, self.tensor_payoffs())
            idx = self.space.feasible_index
            fseq = np.stack([engine.fseq(i).reshape(-1)[idx]
                             for i in range(len(self.conflict.decision_makers))])
        names = self.conflict.dm_names
        return {names[i]: self.patterns(self.stable["seq"][i] & ~fseq[i])
                for i in range(len(names))}

    def lock_ins(self) -> list[Any]:
        """The equilibria (under any concept computed) that are locked in: irreversible moves
        made in them put some states out of reach for ever (:mod:`detente.graph.lockin`), in
        increasing decimal order."""
        return list(self._lock_ins)

    @cached_property
    def _lock_ins(self) -> tuple[Any, ...]:
        """:meth:`lock_ins`, computed once (the JSON and the reach from today both use it)."""
        from detente.graph.lockin import lock_ins

        mask = np.zeros(self.n_states, dtype=bool)
        for c in self.concepts:
            mask |= self.equilibrium_mask(c)
        return tuple(lock_ins(self.conflict, self.decimals[mask].tolist(), self.decimals))

    @cached_property
    def status_quo_reach(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The states the moves each side makes for its own gain (unilateral improvements)
        reach from the status quo, and the fewest steps to each (the status quo analysis of
        Li, Kilgour & Hipel 2005, :func:`detente.graph.paths.status_quo_analysis`), as
        arrays of decimals and steps; None when the model declares no status quo. Computed
        once, on first use."""
        if self.conflict.status_quo is None:
            return None
        from detente.graph.paths import status_quo_analysis

        sq = status_quo_analysis(self.conflict, moves="ui", analysis=self)
        flats = np.flatnonzero(sq.search.steps >= 0)
        return sq.system.flat_decimal[flats], sq.search.steps[flats]

    def reach_of_lock_ins(self, locks: list[Any]) -> list[dict[str, Any]] | None:
        """For locked-in states (:class:`~detente.graph.lockin.LockIn`), whether today
        reaches them and their locks by unilateral improvements
        (:func:`detente.graph.lockin.lock_in_reach` over :attr:`status_quo_reach`, with
        ``"moves": "ui"``); None without a status quo."""
        from detente.graph.lockin import lock_in_reach

        if self.conflict.status_quo is None:
            return None
        if not locks:
            return []
        reach = self.status_quo_reach
        if reach is None:  # pragma: no cover - a status quo always has its search
            raise RuntimeError("internal inconsistency: no status quo search")
        return [{"moves": "ui", **r} for r in lock_in_reach(self.conflict, locks, *reach)]

    @cached_property
    def lock_in_reach(self) -> dict[str, dict[str, Any]] | None:
        """For each locked-in equilibrium (:meth:`lock_ins`), whether the moves each side
        makes for its own gain (unilateral improvements, the status quo analysis of Li,
        Kilgour & Hipel 2005) reach it from the status quo: ``{pattern: {"moves": "ui",
        "state": fewest steps or None, "lock": fewest steps to any state holding its lock or
        None, "example": such a state or None}}``. None when the model declares no status
        quo. The search runs only when some equilibrium is locked in."""
        locks = self.lock_ins()
        reach = self.reach_of_lock_ins(locks)
        if reach is None:
            return None
        return {lk.state: r for lk, r in zip(locks, reach, strict=True)}

    def to_dict(self, detail: str = "full") -> dict[str, Any]:
        """The JSON of ``detente analyze --format json --detail DETAIL``.

        Keys: ``title``, ``options``, ``decision_makers``, ``status_quo``, ``summary``,
        ``equilibria``, ``lock_ins`` (locked-in equilibria: ``{pattern: {"locked",
        "out_of_reach", "from_status_quo"}}``, the last :attr:`lock_in_reach`'s entry, None
        without a status quo); with ``detail="stability"`` also ``stability`` and, when SEQ was
        computed, ``self_defeating`` (``{"seq": {dm: states SEQ-stable for it only through
        self-defeating sanctions}}``); with ``"full"`` (the default) also ``states``; with
        limited-move concepts ``limited_move``; with coalitions ``coalitions``,
        ``coalition_stability`` and ``broken_by``.
        """
        if detail not in DETAILS:
            raise ModelError(f"unknown detail {detail!r}: use one of {', '.join(DETAILS)}",
                             field="--detail")
        c = self.conflict
        core = {k: self.equilibria[k] for k in self.concepts}
        reach = self.lock_in_reach
        out: dict[str, Any] = {
            "title": c.title,
            "options": c.option_ids,
            "decision_makers": c.dm_names,
            "status_quo": self.status_quo,
            "summary": {
                "feasible_states": self.n_states,
                "equilibria_counts": {},
                "concepts": self.concepts,
                "skipped": dict(self.skipped),
            },
            "equilibria": dict(core),
            "lock_ins": {lk.state: {"locked": lk.locked, "out_of_reach": lk.out_of_reach,
                                    "from_status_quo": None if reach is None
                                    else reach[lk.state]}
                         for lk in self.lock_ins()},
        }
        if detail in ("stability", "full"):
            out["stability"] = {k: self.stability[k] for k in self.concepts}
            if "seq" in self.stable:
                out["self_defeating"] = {"seq": self.self_defeating}
        if detail == "full":
            names = c.dm_names
            out["states"] = [
                {"pattern": p,
                 "payoffs": {names[i]: int(self.payoffs[i, k]) for i in range(len(names))}}
                for k, p in enumerate(self.patterns())
            ]
        extra: list[str] = []
        lm = self.limited_move
        if lm is not None:
            out["equilibria"].update(lm.equilibria)
            extra += list(lm.equilibria)
            if "stability" in out:
                out["stability"].update(lm.stability)
            out["limited_move"] = lm.to_dict(self.anticipated_states)
        ca = self.coalition_analysis
        if ca is not None:
            noncoop = dict(core)
            if lm is not None:
                noncoop.update(lm.equilibria)
            cd = ca.to_dict(noncoop)
            out["equilibria"].update(cd["equilibria"])
            extra += list(cd["equilibria"])
            out["coalitions"] = cd["coalitions"]
            out["coalition_stability"] = cd["coalition_stability"]
            out["broken_by"] = cd["broken_by"]
        summary = out["summary"]
        summary["equilibria_counts"] = {k: len(v) for k, v in out["equilibria"].items()}
        summary["concepts"] = list(summary["concepts"]) + extra
        return out

    def _repr_html_(self) -> str:
        from detente.report.notebook import analysis_html

        return analysis_html(self)

    def __repr__(self) -> str:
        counts = ", ".join(f"{CONCEPT_NAMES.get(c, c)} {len(v)}"
                           for c, v in self.equilibria.items())
        title = self.conflict.title or self.conflict.name or "conflict"
        skipped = f"; skipped {', '.join(self.skipped)}" if self.skipped else ""
        return (f"<Analysis of {title!r}: {len(self.conflict.decision_makers)} decision makers, "
                f"{self.n_states} feasible states; equilibria: {counts}{skipped}>")


def analyze(
    conflict: Conflict,
    concepts: Iterable[str] | str | None = None,
    *,
    horizon: int | None = None,
    coalitions: str | Iterable[Iterable[str | int]] | None = None,
    max_memory: int | None = None,
    max_work: float | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    notes: Sequence[str] = (),
) -> Analysis:
    """Stability of every feasible state for every decision maker under each concept.

    Parameters
    ----------
    conflict:
        The model.
    concepts:
        Concept keys (``nash, gmr, smr, seq, sseq, fseq, sim, seqsim`` or ``all``; for two
        decision makers also ``lh`` and ``nm``, :mod:`detente.graph.limited_move`). ``None``:
        :data:`DEFAULT_CONCEPTS` (all but SSEQ and FSEQ), except that SIM and SEQ&SIM are left
        out (and listed in ``Analysis.skipped``) when the model is above
        :data:`SIM_DEFAULT_LIMIT`.
    horizon:
        The horizon of ``lh`` (given alone, it adds ``lh`` to the default set).
    coalitions:
        Also coalition Nash, GMR and SEQ (:mod:`detente.graph.coalitions`) for ``"all"``,
        ``"declared"`` or a partition such as ``"A+B,C"``; ``None``: no coalition analysis.
    max_memory:
        Bytes the analysis may use; larger models are refused before allocating.
    max_work:
        Bound on the coalition analysis's estimated work
        (:func:`~detente.graph.coalitions.check_coalition_work`), checked before anything
        is computed.
    progress:
        Called with a short description after each step (one per concept and DM, one per
        coalition).
    on_plan:
        Called once with the number of steps, before the first.
    notes:
        Remarks the caller made while preparing the analysis, kept in ``Analysis.notes``.

    Raises
    ------
    ModelError
        An unknown concept or coalition member, ``lh`` without a horizon, limited-move
        concepts on a model that does not have two decision makers, a model too large.
    """
    from detente.graph.limited_move import require_two_dms

    plan = concept_plan(concepts, horizon)
    if plan.limited:
        require_two_dms(conflict)
    prepared = None
    if coalitions is not None:
        from detente.graph.coalitions import check_coalition_work, parse_coalitions

        chosen = parse_coalitions(conflict, coalitions)  # bad names fail before any work
        # refuse at once what would not finish, before the non-cooperative concepts
        prepared = StateSpace(conflict, max_memory=max_memory)
        check_coalition_work(conflict, chosen, prepared, max_work, max_memory=max_memory)
        if on_plan is not None:
            plan_steps = on_plan

            def on_plan(steps: int) -> None:
                plan_steps(steps + len(chosen))  # one step per coalition
    tick = progress or (lambda _m: None)
    if plan.engine == []:
        result = None
    else:
        result = _analyze_engine(conflict, plan.engine, max_memory, tick, on_plan, prepared)
    lm = ca = None
    space = payoffs = None
    if result is not None:
        space, payoffs = result.space, result.tensor_payoffs()
    if plan.limited:
        from detente.graph.limited_move import limited_move

        lm = limited_move(conflict, plan.horizon if "lh" in plan.limited else None,
                          "nm" in plan.limited, space=space, payoffs=payoffs,
                          max_memory=max_memory)
        tick("limited-move stability")
        if result is None:
            result = lm.base_analysis()
            space, payoffs = result.space, result.tensor_payoffs()
    if result is None:  # pragma: no cover - concept_plan names at least one concept
        raise ModelError("no concept given", field="--concepts")
    if coalitions is not None:
        from detente.graph.coalitions import analyze_coalitions

        ca = analyze_coalitions(conflict, coalitions, space=space, payoffs=payoffs,
                                max_memory=max_memory, max_work=max_work,
                                progress=lambda name: tick(f"coalition {name}"))
    if lm is None and ca is None and not notes:
        return result
    return replace(result, limited_move=lm, coalition_analysis=ca, notes=tuple(notes))


def _analyze_engine(
    conflict: Conflict,
    chosen: list[str] | None,
    max_memory: int | None,
    tick: Callable[[str], None],
    on_plan: Callable[[int], None] | None,
    space: StateSpace | None = None,
) -> Analysis:
    """The engine's concepts (:data:`CONCEPTS`) for every decision maker (on ``space`` when
    the caller built it)."""
    if space is None:
        space = StateSpace(conflict, max_memory=max_memory)
    P = payoff_ranks(space)
    skipped: dict[str, str] = {}
    if chosen is None:
        chosen = list(DEFAULT_CONCEPTS)
        work = sim_work_estimate(space)
        if work > SIM_DEFAULT_LIMIT:
            reason = (f"SIM and SEQ&SIM left out: the model has {space.n_feasible:,} feasible "
                      f"states, above the size where the simultaneous-move search fits in "
                      f"seconds; ask for them with --concepts sim,seqsim")
            skipped = {"sim": reason, "seqsim": reason}
            chosen = [c for c in chosen if c not in skipped]
    n = space.n_dms
    per_dm = ("nash", "gmr", "smr", "seq", "sseq", "fseq")
    steps = sum(n for c in chosen if c in per_dm) + (
        1 if ("sim" in chosen or "seqsim" in chosen) else 0)
    if on_plan:
        on_plan(steps)
    engine = StabilityEngine(space, P)
    names = conflict.dm_names
    tensor: dict[str, np.ndarray] = {}
    methods = {"nash": engine.nash, "gmr": engine.gmr, "smr": engine.smr, "seq": engine.seq,
               "sseq": engine.sseq, "fseq": engine.fseq}
    need_seq = "seqsim" in chosen and "seq" not in chosen
    for con in per_dm:
        if con in chosen or (con == "seq" and need_seq):
            arr = np.empty((n, *space.shape), dtype=bool)
            for i in range(n):
                arr[i] = methods[con](i)
                tick(f"{CONCEPT_NAMES[con]} for {names[i]}")
            tensor[con] = arr
    if "sim" in chosen or "seqsim" in chosen:
        sim = sim_stability(space, P)
        tick("SIM for every decision maker")
        tensor["sim"] = sim
        if "seqsim" in chosen:
            tensor["seqsim"] = tensor["seq"] | sim
    idx = space.feasible_index
    flat_n = space.size
    stable = {c: tensor[c].reshape(n, flat_n)[:, idx] for c in chosen}
    payoffs = P.reshape(n, flat_n)[:, idx]
    return Analysis(conflict, space.feasible_decimals.copy(), payoffs, stable, skipped, space)
