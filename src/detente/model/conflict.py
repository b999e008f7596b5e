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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from detente.model.errors import ModelError, did_you_mean
from detente.model.formula import Formula, IssueIs, Var

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
    "Conflict",
    "MAX_OPTIONS",
]

#: Patterns are held as 64-bit integers inside the engine.
MAX_OPTIONS = 63

Direction = Literal["both", "forward", "backward"]


@dataclass(frozen=True)
class Option:
    """One option (a move a decision maker can take or leave).

    ``direction``: ``both`` (reversible), ``forward`` (N→Y only: once taken it cannot be
    undone, e.g. a military intervention) or ``backward`` (Y→N only).
    """

    id: str
    label: str = ""
    description: str = ""
    direction: Direction = "both"
    owner: int = 0

    @property
    def text(self) -> str:
        """The label when given, else the id."""
        return self.label or self.id


@dataclass(frozen=True)
class DecisionMaker:
    """A decision maker: its name and the indices of the options it controls (model order)."""

    name: str
    options: tuple[int, ...]


@dataclass(frozen=True)
class Statement:
    """One preference statement: a formula, with the reason and source for it."""

    formula: Formula
    text: str = ""
    rationale: str = ""
    source: str = ""


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
class Conflict:
    """A graph model of a conflict: decision makers, options, feasibility, preferences.

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
    locations:
        Field path → line in the source file, so engine errors can say where.
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
    name: str = ""
    source_file: str | None = None
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
        for i, f in enumerate(self.misperceptions):
            if f is not None:
                self.check_formula(f, f"misperceptions[{i}]", known)
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
        """A state named on the command line: a pattern or ``status_quo``."""
        if text.strip().lower() in {"status_quo", "sq", "status-quo"}:
            if self.status_quo is None:
                raise ModelError("the model declares no status quo; give the state as a pattern")
            return self.status_quo
        return self.decimal(text)
