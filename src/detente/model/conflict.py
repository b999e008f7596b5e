"""The validated conflict model that the GMCR engine analyses.

A :class:`Conflict` is what every input format (scenario YAML/JSON, GMCR+ ``.gmcr``) turns
into, and what :func:`detente.analyze` takes. It is plain data, checked on construction for
internal consistency (each option owned once, ids unique, formulas mentioning known options).
State space questions (which states are feasible, whether a ranking covers them) are answered
by the engine, which raises :class:`~detente.model.errors.ModelError` with the field named.

States are named by patterns: one ``Y``/``N`` character per option in model order (decision
makers in order, each one's options in order), or by a *decimal* whose bit ``k`` is option
``k`` (option 1 is the least significant bit), as GMCR+ numbers them.

Examples
--------
>>> pd = Conflict(
...     title="Prisoner's Dilemma",
...     options=(Option("a_coop", owner=0), Option("b_coop", owner=1)),
...     decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
...     preferences=(
...         Ranking((("NY",), ("YY",), ("NN",), ("YN",))),
...         Ranking((("YN",), ("YY",), ("NN",), ("NY",))),
...     ),
... )
>>> pd.pattern(pd.decimal("NY"))
'NY'
>>> pd.decimal("NY")
2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from detente.model.errors import ModelError, did_you_mean
from detente.model.formula import Formula, IssueIs, Var
from detente.model.labelled import Labelled
from detente.model.named_states import NamedState, Observation, StateSet
from detente.model.provenance import Source

if TYPE_CHECKING:  # numpy is imported where arrays are built
    import numpy as np

__all__ = [
    "Option",
    "DecisionMaker",
    "Statement",
    "Statements",
    "Ranking",
    "Payoffs",
    "PreferenceSpec",
    "Perception",
    "Conflict",
    "MAX_OPTIONS",
    "MAX_CLASS_CHECK_OPTIONS",
]

#: Patterns are held as 64-bit integers inside the engine.
MAX_OPTIONS = 63

#: Whether a class of states (a formula) holds a feasible state is checked by enumerating the
#: options it is linked to through the constraints; beyond this many options the check is left
#: to the engine (see :meth:`Conflict.class_has_feasible_state`).
MAX_CLASS_CHECK_OPTIONS = 20

Direction = Literal["both", "forward", "backward"]


@dataclass(frozen=True)
class Option(Labelled):
    """One option (a move a decision maker can take or leave).

    ``direction``: ``both`` (reversible), ``forward`` (N→Y only: once taken it cannot be
    undone, e.g. a military intervention) or ``backward`` (Y→N only).
    """

    id: str
    label: str = ""
    description: str = ""
    direction: Direction = "both"
    owner: int = 0


@dataclass(frozen=True)
class DecisionMaker:
    """A decision maker: its name and the indices of the options it controls (model order)."""

    name: str
    options: tuple[int, ...]


@dataclass(frozen=True)
class Statement:
    """One preference statement: a formula, with the reason for it and where that reason
    comes from (a :class:`~detente.model.provenance.Source`: the article's claim, the
    analyst's inference, or another source)."""

    formula: Formula
    text: str = ""
    rationale: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Statements:
    """Option prioritization (Fang, Hipel & Kilgour 1993; Hipel et al. 1997).

    Statements most important first; a state scores Σ 2^(k−j) over the statements j it
    satisfies, so each statement outweighs all less important ones together.
    """

    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Ranking:
    """States best first; each tier is a tuple of tied states.

    A state is a pattern string (``"YNNY"``), a decimal (``int``), or, when
    ``numbering == "feasible"``, a 1-based number over the feasible states in increasing
    decimal order (GMCR+'s manual rankings).
    """

    tiers: tuple[tuple[str | int, ...], ...]
    numbering: Literal["state", "feasible"] = "state"


@dataclass(frozen=True)
class Payoffs:
    """A number per state (higher is preferred); keys are patterns or decimals."""

    values: Mapping[str | int, float]


PreferenceSpec = Statements | Ranking | Payoffs


@dataclass(frozen=True)
class Perception:
    """How one decision maker sees the others: the preferences it believes they hold.

    First-level hypergames (Wang, Hipel & Fraser 1988; Hipel, Wang & Fraser 1988): DM
    ``perceiver`` knows its own preferences and plays the game in which every other DM ``j``
    has the preferences ``beliefs`` gives for it (its true ones when not listed).

    Attributes
    ----------
    perceiver:
        Index of the decision maker who holds the beliefs.
    beliefs:
        ``(j, preferences)`` pairs: DM ``j``'s preferences as the perceiver believes them.
    aware_of:
        Decision makers whose own perceived games the perceiver knows (second-level
        awareness, Wang, Hipel & Fraser 1989).
    fields:
        ``(j, field path)`` pairs: where each belief is written in the file (for errors).
    description, source:
        What the beliefs are and where they come from.
    """

    perceiver: int
    beliefs: tuple[tuple[int, PreferenceSpec], ...] = ()
    aware_of: tuple[int, ...] = ()
    fields: tuple[tuple[int, str], ...] = ()
    description: str = ""
    source: str = ""

    def belief(self, j: int) -> PreferenceSpec | None:
        """The preferences the perceiver believes DM ``j`` holds, or None (its true ones)."""
        return next((spec for k, spec in self.beliefs if k == j), None)

    def field_of(self, j: int) -> str | None:
        """The field path of the belief about DM ``j`` in the scenario file."""
        return next((f for k, f in self.fields if k == j), None)


@dataclass(frozen=True)
class Conflict:
    """A graph model of a conflict: decision makers, options, feasibility, preferences.

    In the Graph Model for Conflict Resolution, a conflict is a set of *decision makers*
    (DMs), each controlling some *options* it can take or not; a *state* fixes every option
    (named by a Y/N pattern, one letter per option in model order, or by its decimal). Some
    states are *infeasible* (ruled out by a condition, or by options that exclude each
    other); the others are the feasible states. A DM can move unilaterally between feasible
    states that differ only in its own options, and ranks the feasible states, possibly with
    ties (by prioritized statements, a ranking or payoffs). The *status quo* is the state
    that holds today. Every analysis of détente takes a :class:`Conflict`.

    Parameters
    ----------
    options:
        Every option in model order; ``options[k].owner`` is its decision maker's index.
    decision_makers:
        Decision makers in order; each lists the indices of its options.
    infeasible:
        Formulas no state may satisfy.
    exclusive, exactly_one:
        Groups of one decision maker's option indices: at most one / exactly one taken.
    status_quo:
        The state that holds today (a decimal), if declared.
    preferences:
        One preference specification per decision maker.
    misperceptions:
        Per decision maker, a formula for the states it misperceives (GMCR+): it can
        move neither from nor to them. ``None`` for none.
    coalitions:
        A coalition structure declared by the model (GMCR+ files): groups of decision maker
        indices, each decision maker in at most one group. Empty when none is declared.
    named_states:
        Named states and classes of states (``states:`` in a scenario file), in the order
        given; see :meth:`state_name`.
    observations:
        Observed outcomes with dates (``observations:``), in the order given.
    perceptions:
        How decision makers see the others' preferences (hypergames): at most one
        :class:`Perception` per perceiver. Empty when everyone sees the true game.
    uncertainty:
        What is uncertain about some decision makers' statements
        (:class:`~detente.model.uncertainty.UncertainPreferences`, one per decision maker):
        read by uncertainty analysis only, ignored by every other analysis.
    locations:
        Field path → line in the source file, so engine errors can say where.

    Methods name states and parts: :meth:`pattern` / :meth:`decimal` convert a state's two
    names, :meth:`parse_state` reads what a user typed, :meth:`is_feasible` applies the
    feasibility conditions, :attr:`dm_names` and :attr:`option_ids` list the parts.

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (decision makers, options, feasible states,
    unilateral moves, relative preferences, status quo). Kinsara, R. A., Petersons, O.,
    Hipel, K. W. and Kilgour, D. M. (2015). Advanced decision support for the graph model
    for conflict resolution. *Journal of Decision Systems* 24(2): 117–145 (GMCR+, whose state
    numbering, misperceived states and coalitions this model reads).

    Examples
    --------
    The Cuban missile crisis as a graph model: two DMs, four options, the states where the
    Soviet Union both withdraws and escalates ruled out.

    >>> import detente
    >>> cuba = detente.load("cuban-missile-crisis")
    >>> cuba.dm_names, cuba.option_ids
    (['United States', 'Soviet Union'], ['air_strike', 'blockade', 'withdraw', 'escalate'])
    >>> cuba.pattern(cuba.status_quo), cuba.decimal("NNYN")
    ('NNNN', 4)
    >>> sum(cuba.is_feasible(d) for d in range(2 ** cuba.n_options))
    12
    """

    options: tuple[Option, ...]
    decision_makers: tuple[DecisionMaker, ...]
    preferences: tuple[PreferenceSpec, ...]
    title: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    infeasible: tuple[Formula, ...] = ()
    exclusive: tuple[tuple[int, ...], ...] = ()
    exactly_one: tuple[tuple[int, ...], ...] = ()
    status_quo: int | None = None
    misperceptions: tuple[Formula | None, ...] = ()
    coalitions: tuple[tuple[int, ...], ...] = ()
    perceptions: tuple[Perception, ...] = ()
    uncertainty: tuple[Any, ...] = ()
    name: str = ""
    source_file: str | None = None
    named_states: tuple[NamedState, ...] = ()
    observations: tuple[Observation, ...] = ()
    locations: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._check()

    # -- consistency -------------------------------------------------------------------
    def _err(self, message: str, fld: str | None = None) -> ModelError:
        return ModelError(
            message,
            file=self.source_file,
            line=self.locations.get(fld or "", None),
            field=fld,
        )

    def _check(self) -> None:
        n_opt = len(self.options)
        if len(self.decision_makers) < 2:
            raise self._err(
                f"a conflict needs at least two decision makers, got {len(self.decision_makers)}",
                "decision_makers",
            )
        if n_opt == 0:
            raise self._err("the model has no options", "decision_makers")
        if n_opt > MAX_OPTIONS:
            raise self._err(
                f"the model has {n_opt} options; détente supports at most {MAX_OPTIONS}",
                "decision_makers",
            )
        ids = [o.id for o in self.options]
        seen: dict[str, int] = {}
        for k, oid in enumerate(ids):
            if oid in seen:
                raise self._err(
                    f"option id {oid!r} is used twice (options {seen[oid] + 1} and {k + 1}); "
                    "each option belongs to exactly one decision maker",
                    "decision_makers",
                )
            seen[oid] = k
        names = [d.name for d in self.decision_makers]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise self._err(f"decision maker name {dup!r} is used twice", "decision_makers")
        owned = [0] * n_opt
        for i, dm in enumerate(self.decision_makers):
            if not dm.options:
                raise self._err(
                    f"decision maker {dm.name!r} has no options", f"decision_makers[{i}].options"
                )
            for k in dm.options:
                if not 0 <= k < n_opt:
                    raise self._err(f"option index {k} out of range", f"decision_makers[{i}]")
                owned[k] += 1
                if self.options[k].owner != i:
                    raise self._err(
                        f"option {self.options[k].id!r} is listed under {dm.name!r} but owned "
                        f"by decision maker {self.options[k].owner}",
                        f"decision_makers[{i}].options",
                    )
        for k, c in enumerate(owned):
            if c != 1:
                raise self._err(
                    f"option {ids[k]!r} is owned by {c} decision makers; it needs exactly one",
                    "decision_makers",
                )
        if len(self.preferences) != len(self.decision_makers):
            raise self._err("one preference specification per decision maker is needed")
        if self.misperceptions and len(self.misperceptions) != len(self.decision_makers):
            raise self._err("misperceptions must be given per decision maker")
        for gname, groups in (("exclusive", self.exclusive), ("exactly_one", self.exactly_one)):
            for g, grp in enumerate(groups):
                owners = {self.options[k].owner for k in grp}
                if len(owners) > 1:
                    raise self._err(
                        f"group {[ids[k] for k in grp]} mixes options of several decision "
                        "makers; a group holds one decision maker's options",
                        f"{gname}[{g}]",
                    )
        known = set(ids)
        for j, f in enumerate(self.infeasible):
            self.check_formula(f, f"infeasible[{j}]", known)
        for i, spec in enumerate(self.preferences):
            if isinstance(spec, Statements):
                for j, st in enumerate(spec.statements):
                    self.check_formula(
                        st.formula, f"decision_makers[{i}].preferences.statements[{j}]", known
                    )
        for i, mf in enumerate(self.misperceptions):
            if mf is not None:
                self.check_formula(mf, f"misperceptions[{i}]", known)
        seen_dm: set[int] = set()
        for g, grp in enumerate(self.coalitions):
            for i in grp:
                if not 0 <= i < len(self.decision_makers) or i in seen_dm:
                    raise self._err(
                        f"coalition {list(grp)}: decision maker index {i} is out of range or "
                        "in two coalitions", f"coalitions[{g}]")
                seen_dm.add(i)
        if self.status_quo is not None and not 0 <= self.status_quo < (1 << n_opt):
            raise self._err("status quo out of range", "status_quo")
        self._check_named(known)
        self._check_perceptions()

    def _check_named(self, known: set[str]) -> None:
        """Named states: valid unique names that clash with no option or decision maker, and
        each an in-range state or a formula over known options; observations likewise."""
        from detente.model.named_states import state_name_problem

        taken = {o.id: "an option id" for o in self.options}
        taken.update({d.name: "a decision maker's name" for d in self.decision_makers})
        seen: dict[str, int] = {}
        for k, ns in enumerate(self.named_states):
            fld = f"states[{k}]"
            problem = state_name_problem(ns.name)
            if problem:
                raise self._err(problem, fld)
            if ns.name in seen:
                raise self._err(f"state name {ns.name!r} is used twice", fld)
            if ns.name in taken:
                raise self._err(f"state name {ns.name!r} is also {taken[ns.name]}", fld)
            seen[ns.name] = k
            self._check_state_set(ns, fld, known)
        for k, ob in enumerate(self.observations):
            self._check_state_set(ob, f"observations[{k}]", known)

    def _check_state_set(self, s: StateSet, fld: str, known: set[str]) -> None:
        if (s.decimal is None) == (s.formula is None):
            raise self._err("give exactly one of a state and a formula", fld)
        if s.decimal is not None and not 0 <= s.decimal < (1 << self.n_options):
            raise self._err("state out of range", fld)
        if s.formula is not None:
            self.check_formula(s.formula, fld, known)

    def _check_perceptions(self) -> None:
        n = len(self.decision_makers)
        seen: set[int] = set()
        for q, per in enumerate(self.perceptions):
            fld = f"perceptions[{q}]"
            if not 0 <= per.perceiver < n or per.perceiver in seen:
                raise self._err(f"perception {q}: perceiver index {per.perceiver} is out of "
                                "range or has two entries", fld)
            seen.add(per.perceiver)
            about = [j for j, _ in per.beliefs]
            for j in [*about, *per.aware_of]:
                if not 0 <= j < n or j == per.perceiver:
                    raise self._err(f"perception {q}: decision maker index {j} is out of "
                                    "range or is the perceiver itself", fld)
            if len(set(about)) != len(about):
                raise self._err(f"perception {q}: two beliefs about one decision maker", fld)
            for j, spec in per.beliefs:
                if isinstance(spec, Statements):
                    for k, st in enumerate(spec.statements):
                        self.check_formula(st.formula,
                                           f"{per.field_of(j) or fld}.statements[{k}]")

    # -- hypergames ------------------------------------------------------------------------
    def perception_of(self, i: int) -> Perception | None:
        """The declared perception of decision maker ``i``, if any."""
        return next((p for p in self.perceptions if p.perceiver == i), None)

    def perceived_game(self, i: int) -> Conflict:
        """The game as decision maker ``i`` sees it: its own true preferences, every other
        decision maker's preferences as ``i`` believes them (their true ones where ``i``
        declares no belief), and nothing else changed (options, feasibility, irreversibility,
        GMCR+ misperceived states, status quo). The result declares no perceptions.

        >>> pd = Conflict(
        ...     options=(Option("a", owner=0), Option("b", owner=1)),
        ...     decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        ...     preferences=(Ranking((("NY",), ("YY",), ("NN",), ("YN",))),
        ...                  Ranking((("YN",), ("YY",), ("NN",), ("NY",)))),
        ...     perceptions=(Perception(0, ((1, Ranking((("YY",), ("YN",), ("NN",),
        ...                                               ("NY",)))),)),),
        ... )
        >>> pd.perceived_game(0).preferences[1].tiers[0], pd.perceived_game(1) == pd.actual_game()
        (('YY',), True)
        """
        per = self.perception_of(i)
        prefs = list(self.preferences)
        locations = dict(self.locations)
        if per is not None:
            for j, spec in per.beliefs:
                prefs[j] = spec
                # engine errors about this belief point at the perception's lines
                old = f"decision_makers[{j}].preferences"
                new = per.field_of(j)
                for key in [k for k in locations if k.startswith(old)]:
                    del locations[key]
                if new is not None:
                    for key, line in self.locations.items():
                        if key.startswith(new):
                            locations[old + key[len(new):]] = line
        return replace(self, preferences=tuple(prefs), perceptions=(), locations=locations)

    def actual_game(self) -> Conflict:
        """The true game: this model without its perceptions."""
        return replace(self, perceptions=())

    def check_formula(self, f: Formula, fld: str, known: set[str] | None = None) -> None:
        """Raise a located :class:`ModelError` if ``f`` names an unknown option."""
        known = known if known is not None else {o.id for o in self.options}
        for atom in f.atoms():
            if isinstance(atom, IssueIs):
                raise self._err(
                    f"'{atom}' is an agenda atom (issue = option); a conflict model's formulas "
                    "name option ids",
                    fld,
                )
            if isinstance(atom, Var) and atom.name not in known:
                raise self._err(
                    f"unknown option {atom.name!r}. {did_you_mean(atom.name, sorted(known))}",
                    fld,
                )

    # -- naming states -------------------------------------------------------------------
    @property
    def n_options(self) -> int:
        return len(self.options)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    @property
    def dm_names(self) -> list[str]:
        return [d.name for d in self.decision_makers]

    def option_index(self, option_id: str) -> int:
        for k, o in enumerate(self.options):
            if o.id == option_id:
                return k
        hint = did_you_mean(option_id, self.option_ids)
        raise ModelError(f"unknown option {option_id!r}. {hint}")

    def dm_index(self, name: str) -> int:
        for i, d in enumerate(self.decision_makers):
            if d.name == name:
                return i
        raise ModelError(f"unknown decision maker {name!r}. {did_you_mean(name, self.dm_names)}")

    def pattern(self, decimal: int) -> str:
        """The Y/N pattern of a state given by its decimal."""
        return "".join("Y" if (decimal >> k) & 1 else "N" for k in range(self.n_options))

    def patterns(self, decimals: Sequence[int] | np.ndarray) -> list[str]:
        """Patterns of many states at once (vectorised; for long lists of states)."""
        import numpy as np

        d = np.asarray(decimals, dtype=np.int64).reshape(-1)
        if d.size == 0:
            return []
        bits = (d[:, None] >> np.arange(self.n_options, dtype=np.int64)) & 1
        chars = np.where(bits == 1, ord("Y"), ord("N")).astype(np.uint8)
        return chars.view(f"S{self.n_options}").ravel().astype(str).tolist()

    def decimal(self, pattern: str) -> int:
        """The decimal of a state given as a Y/N pattern; raise ModelError if malformed."""
        p = pattern.strip().upper()
        if len(p) != self.n_options or set(p) - {"Y", "N"}:
            raise ModelError(
                f"{pattern!r} is not a state: a state is a pattern of {self.n_options} "
                f"Y/N characters, one per option in order ({', '.join(self.option_ids)})"
            )
        return sum(1 << k for k, ch in enumerate(p) if ch == "Y")

    def state_from_options(self, held: Sequence[str]) -> int:
        """The decimal of the state in which exactly the options ``held`` are taken."""
        out = 0
        for oid in held:
            out |= 1 << self.option_index(oid)
        return out

    def parse_state(self, text: str) -> int:
        """A state named on the command line: a pattern, ``status_quo``, or the name of an
        exact named state."""
        if text.strip().lower() in {"status_quo", "sq", "status-quo"}:
            if self.status_quo is None:
                raise ModelError("the model declares no status quo; give the state as a pattern")
            return self.status_quo
        named = {ns.name: ns for ns in self.named_states}
        ns = named.get(text.strip())
        if ns is not None:
            if ns.decimal is None:
                raise ModelError(
                    f"{ns.name!r} names a class of states ({ns.formula}), not one state; give "
                    "a pattern")
            return ns.decimal
        try:
            return self.decimal(text)
        except ModelError:
            exact = [n for n, s in named.items() if s.decimal is not None]
            if exact and not set(text.strip().upper()) <= {"Y", "N"}:
                raise ModelError(
                    f"{text!r} is neither a pattern of {self.n_options} Y/N characters nor a "
                    f"named state. {did_you_mean(text.strip(), exact)}") from None
            raise

    # -- feasibility of single states and of classes -----------------------------------------
    def _index(self) -> dict[str, int]:
        return {o.id: k for k, o in enumerate(self.options)}

    def holds(self, formula: Formula, decimal: int) -> bool:
        """Whether the state ``decimal`` satisfies ``formula`` (a formula over option ids)."""
        return StateSet(formula=formula).matches(decimal, self._index())

    def is_feasible(self, decimal: int) -> bool:
        """Whether the state ``decimal`` breaks no constraint of the model (which one it
        breaks: :func:`detente.model.feasibility.excluded_by`)."""
        from detente.model.feasibility import excluded_by

        return excluded_by(self, decimal) is None

    def class_has_feasible_state(self, formula: Formula) -> bool | None:
        """Whether some feasible state satisfies ``formula``; ``None`` when that was not
        checked because too many options are involved.

        The constraints split the options into groups that no constraint links (connected
        components of the options under "appear in one constraint together"); only the
        group(s) holding the formula's options can make it unsatisfiable together with the
        constraints, so only their ``2^k`` assignments are enumerated (the others are assumed
        satisfiable, which the engine checks when it builds the state space). Beyond
        :data:`MAX_CLASS_CHECK_OPTIONS` options the check is skipped.
        """
        import numpy as np

        parent = list(range(self.n_options))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        index = self._index()
        cons: list[tuple[str, Any, tuple[int, ...]]] = [
            ("formula", f, tuple(index[v.name] for v in f.atoms() if isinstance(v, Var)))
            for f in self.infeasible]
        cons += [("at_most", g, g) for g in self.exclusive]
        cons += [("exactly", g, g) for g in self.exactly_one]
        for _kind, _c, opts in cons:
            for a in opts[1:]:
                parent[find(a)] = find(opts[0])
        mine = {find(index[v.name]) for v in formula.atoms() if isinstance(v, Var)}
        comp = [k for k in range(self.n_options) if find(k) in mine]
        if len(comp) > MAX_CLASS_CHECK_OPTIONS:
            return None
        grid = np.arange(1 << len(comp), dtype=np.int64)
        bits = {k: ((grid >> t) & 1).astype(bool) for t, k in enumerate(comp)}
        zero = np.zeros(grid.shape, dtype=bool)

        def atom(a: Formula) -> np.ndarray:
            if not isinstance(a, Var):
                raise TypeError(f"conflict formulas hold option atoms, not {a!r}")
            return bits.get(index[a.name], zero)

        ok = np.broadcast_to(np.asarray(formula.evaluate(atom), dtype=bool), grid.shape).copy()
        for kind, c, opts in cons:
            if not set(opts) <= set(comp):
                continue
            if kind == "formula":
                ok &= ~np.broadcast_to(np.asarray(c.evaluate(atom), dtype=bool), grid.shape)
            else:
                n = sum(bits[k].astype(np.int64) for k in opts)
                ok &= (n <= 1) if kind == "at_most" else (n == 1)
        return bool(ok.any())

    # -- names of states -------------------------------------------------------------------
    def named_state(self, name: str) -> NamedState:
        """The named state called ``name`` (ModelError with a hint when there is none)."""
        for ns in self.named_states:
            if ns.name == name:
                return ns
        names = [ns.name for ns in self.named_states]
        hint = did_you_mean(name, names) if names else "The model names no states."
        raise ModelError(f"no named state {name!r}. {hint}")

    def _as_decimal(self, state: int | str) -> int:
        return self.decimal(state) if isinstance(state, str) else int(state)

    def state_names(self, state: int | str) -> list[str]:
        """Every named state (or class) the state (a decimal or a pattern) belongs to: exact
        names first, then classes, each in the order given."""
        if not self.named_states:
            return []
        decimal = self._as_decimal(state)
        index = self._index()
        exact = [ns.name for ns in self.named_states
                 if ns.decimal is not None and ns.decimal == decimal]
        classes = [ns.name for ns in self.named_states
                   if ns.decimal is None and ns.matches(decimal, index)]
        return exact + classes

    def state_name(self, state: int | str) -> str | None:
        """The name of a state (a decimal or a pattern): the exact named state it is, else
        the first class of states (in the order given) it belongs to, else ``None``.

        >>> import detente
        >>> c = detente.load("cuban-missile-crisis")
        >>> c.state_name(c.status_quo) is None
        True
        """
        names = self.state_names(state)
        return names[0] if names else None

    def state_display(self, state: int | str) -> str:
        """A state for people: ``name (PATTERN)`` when it has a name, else the pattern.
        Every human-readable output names states this way; JSON keeps the bare pattern."""
        decimal = self._as_decimal(state)
        name = self.state_name(decimal)
        pattern = self.pattern(decimal)
        return f"{name} ({pattern})" if name else pattern
