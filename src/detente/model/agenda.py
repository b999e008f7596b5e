"""The negotiation agenda: issues, options, parties' valuations, reservations, constraints.

An *agenda* describes a multi-issue negotiation (a package deal): each issue is settled by one
of its options, a *package* settles every issue, and each party values packages with a
linear additive utility. détente follows the convention of GENIUS (the platform of the
Automated Negotiating Agents Competition): a party gives each issue a non-negative weight and
each option a non-negative value on any scale; weights are normalised to sum to 1 and each
issue's values are divided by that issue's largest value, so that

    u(package) = Σ_i w_i · v_i(o_i) / max_o v_i(o)   ∈ [0, 1].

Values and weights are read *exactly* (decimal text becomes a fraction), so that packages of
equal utility are recognised as ties without rounding noise.

In a scenario file the agenda is the ``agenda:`` section::

    agenda:
      title: Water sharing on the Tana
      issues:
        - id: allocation
          options: [upstream_60, even_split, downstream_60]
          status_quo: upstream_60
        - id: monitoring
          options: [none, joint_commission]
          status_quo: none
      parties:
        - id: upstream
          weights: {allocation: 3, monitoring: 1}
          values:
            allocation: {upstream_60: 10, even_split: 6, downstream_60: 0}
            monitoring:
              none: 4
              joint_commission: {value: 2, rationale: "loses control", source: "minutes"}
          reservation: status_quo        # or a number on the 0–1 utility scale
        - id: downstream
          ...
      constraints:
        - monitoring = joint_commission if allocation = even_split
      parked: []

Examples
--------
>>> from detente.model.yamlio import parse_text
>>> text = '''
... agenda:
...   issues:
...     - {id: pay, options: [freeze, rise], status_quo: freeze}
...     - {id: hours, options: [long, short], status_quo: long}
...   parties:
...     - id: union
...       weights: {pay: 2, hours: 1}
...       values: {pay: {freeze: 0, rise: 1}, hours: {long: 0, short: 1}}
...     - id: board
...       weights: {pay: 1, hours: 1}
...       values: {pay: {freeze: 1, rise: 0}, hours: {long: 1, short: 0}}
... '''
>>> agenda = parse_agenda(parse_text(text, "labour.yaml"))
>>> [i.id for i in agenda.issues], [p.id for p in agenda.parties]
(['pay', 'hours'], ['union', 'board'])
>>> agenda.utility(agenda.parties[0], {"pay": "rise", "hours": "long"})
Fraction(2, 3)
>>> float(agenda.reservation_value(agenda.parties[1]))
1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, model_validator

from detente.model.builtin import resolve_builtin
from detente.model.document import KnownKeys, SourceField, validation_error
from detente.model.errors import ModelError, did_you_mean, shown
from detente.model.formula import Formula, FormulaSyntaxError, IssueIs, Var, parse_formula
from detente.model.labelled import Labelled
from detente.model.numbers import exact_number
from detente.model.provenance import Source
from detente.model.yamlio import LocatedData, is_stream, read_file

__all__ = [
    "AgendaOption",
    "Issue",
    "Valuation",
    "Party",
    "Constraint",
    "Agenda",
    "parse_agenda",
    "agenda_from_dict",
    "load_agenda",
    "exact_number",
]

Package = Mapping[str, str] | Sequence[int]


# --------------------------------------------------------------------------- the objects


@dataclass(frozen=True)
class AgendaOption(Labelled):
    """One way of settling an issue."""

    id: str
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class Issue(Labelled):
    """An issue on the agenda: ordered options and the option that holds without agreement.

    ``status_quo`` is the index of that option, or ``None`` when the source gives none
    (GENIUS files).
    """

    id: str
    options: tuple[AgendaOption, ...]
    status_quo: int | None = None
    label: str = ""
    description: str = ""

    @property
    def option_ids(self) -> list[str]:
        """The option ids in order."""
        return [o.id for o in self.options]

    def option_index(self, option_id: str) -> int:
        """Index of an option id; :class:`ModelError` with a hint if unknown."""
        for k, o in enumerate(self.options):
            if o.id == option_id:
                return k
        raise ModelError(
            f"issue {self.id!r} has no option {option_id!r}. "
            + did_you_mean(option_id, self.option_ids)
        )


@dataclass(frozen=True)
class Valuation:
    """A party's value for one option, with why (``rationale``) and where from (``source``,
    a :class:`~detente.model.provenance.Source`)."""

    value: Fraction
    rationale: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Party(Labelled):
    """A party's preferences over packages (linear additive, GENIUS convention).

    Attributes
    ----------
    weights:
        Per issue (agenda order), normalised to sum to 1.
    values:
        Per issue, per option: the value as given (any non-negative scale), with notes.
    scores:
        Per issue, per option: the evaluation on the 0–1 scale that enters the utility
        (the value divided by the issue's largest value; GeniusWeb gives these directly).
    reservation:
        The utility of the party's best alternative to agreement, or ``None`` for the
        utility of the all-status-quo package.
    """

    id: str
    weights: tuple[Fraction, ...]
    values: tuple[tuple[Valuation, ...], ...]
    scores: tuple[tuple[Fraction, ...], ...]
    reservation: Fraction | None = None
    label: str = ""


@dataclass(frozen=True)
class Constraint:
    """A formula over ``issue = option`` atoms that every package must satisfy."""

    formula: Formula
    text: str
    rationale: str = ""
    source: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Agenda:
    """A validated negotiation agenda: the issues to settle, the parties and how much each
    values every package deal.

    A multi-issue negotiation settles each *issue* on the table by one of its *options*; a
    *package* picks one option per issue, and only packages that satisfy every *constraint*
    are possible. Each party scores packages with a linear additive utility in [0, 1]
    (issue weights times option scores) and has a *reservation* utility, what it gets
    without agreement (by default the all-status-quo package). *Parked* issues stay at their
    status quo. See the module docstring for the scenario format.

    Build one with :func:`load_agenda` (scenario files and built-in scenarios),
    :func:`agenda_from_dict`, :func:`detente.model.genius.read_genius` (GENIUS / GeniusWeb
    files), or directly; the direct constructor checks shapes, not meaning.

    Attributes ``issues``, ``parties``, ``constraints``, ``parked`` and ``title``; methods
    :meth:`utility` (a party's exact utility of a package), :meth:`reservation_value`,
    :meth:`satisfies` (the constraints), :meth:`status_quo` and :meth:`package` /
    :meth:`package_dict` (a package as option indices or as ``{issue: option}``).

    References
    ----------
    Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard University Press
    (negotiating many issues at once with additive scoring of each side's values, and
    reservation values). Lin, R., Kraus, S., Baarslag, T., Tykhonov, D., Hindriks, K. and
    Jonker, C. M. (2014). Genius: an integrated environment for supporting the design of
    generic automated negotiators. *Computational Intelligence* 30(1): 48–70 (the linear
    additive utility convention followed here).

    Examples
    --------
    >>> from detente.model.agenda import load_agenda
    >>> river = load_agenda("shared-river")
    >>> river.issue_ids, river.party_ids
    (['allocation', 'filling', 'data', 'disputes', 'old_treaty'], ['upstream', 'downstream'])
    >>> today = river.package_dict(river.status_quo())
    >>> today["data"], river.utility("downstream", today), river.reservation_value("downstream")
    ('none', Fraction(65, 108), Fraction(1, 2))
    >>> river.utility("downstream", {"data": "realtime"})  # the rest at the status quo
    Fraction(83, 108)
    >>> river.satisfies({"filling": "fast"})  # fast filling needs shared data
    False
    """

    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    constraints: tuple[Constraint, ...] = ()
    parked: tuple[int, ...] = ()
    title: str = ""
    file: str | None = None
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        k = len(self.issues)
        for p in self.parties:
            if len(p.weights) != k or len(p.scores) != k or len(p.values) != k:
                raise ModelError(f"party {p.id!r} must give a weight and values for every issue")
            for i, iss in enumerate(self.issues):
                if len(p.scores[i]) != len(iss.options) or len(p.values[i]) != len(iss.options):
                    raise ModelError(
                        f"party {p.id!r} must value every option of issue {iss.id!r}"
                    )

    # ---- look-ups
    @property
    def issue_ids(self) -> list[str]:
        """Issue ids in agenda order."""
        return [i.id for i in self.issues]

    @property
    def party_ids(self) -> list[str]:
        """Party ids in order."""
        return [p.id for p in self.parties]

    @property
    def free_issues(self) -> list[int]:
        """Indices of the issues on the table (not parked)."""
        parked = set(self.parked)
        return [i for i in range(len(self.issues)) if i not in parked]

    @property
    def has_status_quo(self) -> bool:
        """Whether every issue has a status quo option."""
        return all(i.status_quo is not None for i in self.issues)

    def issue_index(self, issue_id: str) -> int:
        """Index of an issue id; :class:`ModelError` with a hint if unknown."""
        for k, iss in enumerate(self.issues):
            if iss.id == issue_id:
                return k
        raise ModelError(f"no issue {issue_id!r}. " + did_you_mean(issue_id, self.issue_ids))

    def party(self, party_id: str) -> Party:
        """The party with this id."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise ModelError(f"no party {party_id!r}. " + did_you_mean(party_id, self.party_ids))

    def status_quo(self) -> tuple[int, ...]:
        """The all-status-quo package as option indices (every issue)."""
        if not self.has_status_quo:
            missing = [i.id for i in self.issues if i.status_quo is None]
            raise ModelError(
                "the agenda gives no status quo for issue(s) " + ", ".join(map(repr, missing))
            )
        return tuple(int(i.status_quo) for i in self.issues)  # type: ignore[arg-type]

    def package(self, package: Package) -> tuple[int, ...]:
        """Option indices (every issue) of a package given as ``{issue: option}`` or indices.

        Parked issues, and issues missing from a mapping, are at their status quo.
        """
        if isinstance(package, Mapping):
            out = [i.status_quo for i in self.issues]
            for iss_id, opt in package.items():
                k = self.issue_index(iss_id)
                out[k] = self.issues[k].option_index(opt)
            if any(o is None for o in out):
                raise ModelError("the package leaves an issue without a status quo unsettled")
            for k in self.parked:
                out[k] = self.issues[k].status_quo
            return tuple(int(o) for o in out)  # type: ignore[arg-type]
        idx = tuple(int(o) for o in package)
        if len(idx) != len(self.issues):
            raise ModelError(f"a package settles {len(self.issues)} issues, got {len(idx)}")
        return idx

    def package_dict(self, package: Sequence[int]) -> dict[str, str]:
        """``{issue id: option id}`` for a package given as option indices."""
        return {iss.id: iss.options[o].id for iss, o in zip(self.issues, package, strict=True)}

    # ---- preferences
    def utility(self, party: Party | str, package: Package) -> Fraction:
        """The party's exact utility Σ w_i · score_i(o_i) of a package."""
        p = self.party(party) if isinstance(party, str) else party
        pk = self.package(package)
        return sum((w * s[o] for w, s, o in zip(p.weights, p.scores, pk, strict=True)),
                   Fraction(0))

    def reservation_value(self, party: Party | str) -> Fraction:
        """The party's reservation utility (its own number, or the status quo's utility)."""
        p = self.party(party) if isinstance(party, str) else party
        if p.reservation is not None:
            return p.reservation
        return self.utility(p, self.status_quo())

    def satisfies(self, package: Package) -> bool:
        """Whether a package satisfies every constraint."""
        pk = self.package(package)

        def atom(a: Formula) -> bool:
            if not isinstance(a, IssueIs):
                raise TypeError(f"agenda constraints hold `issue = option` atoms, not {a!r}")
            k = self.issue_index(a.issue)
            return pk[k] == self.issues[k].option_index(a.option)

        return all(bool(c.formula.evaluate(atom)) for c in self.constraints)


# --------------------------------------------------------------------------- file schema


class _Strict(KnownKeys):
    model_config = ConfigDict(extra="forbid", strict=True)


class _OptionModel(_Strict):
    id: str = Field(min_length=1)
    label: str = ""
    description: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, v: Any) -> Any:
        return {"id": v} if isinstance(v, str) else v


class _IssueModel(_Strict):
    id: str = Field(min_length=1)
    label: str = ""
    description: str = ""
    options: list[_OptionModel] = Field(min_length=1)
    status_quo: str


class _ValueModel(_Strict):
    value: Any
    rationale: str = ""
    source: SourceField = ""

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, v: Any) -> Any:
        return v if isinstance(v, dict) else {"value": v}


class _PartyModel(_Strict):
    id: str = Field(min_length=1)
    label: str = ""
    description: str = ""
    weights: dict[str, Any]
    values: dict[str, dict[str, _ValueModel]]
    reservation: Any = "status_quo"


class _ConstraintModel(_Strict):
    formula: str
    rationale: str = ""
    source: SourceField = ""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, v: Any) -> Any:
        return {"formula": v} if isinstance(v, str) else v


class _AgendaModel(_Strict):
    title: str = ""
    description: str = ""
    issues: list[_IssueModel] = Field(min_length=1)
    parties: list[_PartyModel]
    constraints: list[_ConstraintModel] = Field(default_factory=list)
    parked: list[str] = Field(default_factory=list)


def parse_agenda(doc: LocatedData, prefix: Sequence[str | int] = ("agenda",)) -> Agenda:
    """Validate the agenda under ``prefix`` of a parsed file and build an :class:`Agenda`.

    Every mistake raises :class:`ModelError` naming the file, line and field (e.g.
    ``agenda.parties[0].values.syria.drawdown``) and, for unknown names, the closest valid
    ones.

    Parameters
    ----------
    doc:
        The parsed file (:func:`detente.model.yamlio.read_file`).
    prefix:
        Where the agenda mapping sits in the document (``("agenda",)`` in scenario files).

    Returns
    -------
    Agenda

    Raises
    ------
    ModelError
        On any mistake in the agenda.
    """
    pre = tuple(prefix)
    raw: Any = doc.data
    for k in pre:
        if not isinstance(raw, dict) or k not in raw:
            raise doc.error(
                f"the file has no {'.'.join(map(str, pre))!r} section: package-deal analysis "
                "needs an agenda (issues, options, parties' weights and values); "
                "see docs/scenario-format.md",
                pre[: pre.index(k)],
            )
        raw = raw[k]
    if not isinstance(raw, dict):
        raise doc.error("the agenda must be a mapping with issues and parties", pre)
    try:
        m = _AgendaModel.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, doc, pre) from None

    def err(msg: str, *path: str | int) -> ModelError:
        return doc.error(msg, (*pre, *path))

    # issues
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, im in enumerate(m.issues):
        if im.id in seen:
            raise err(f"issue id {im.id!r} is used twice (also issues[{seen[im.id]}])",
                      "issues", i, "id")
        seen[im.id] = i
        opts: list[AgendaOption] = []
        oseen: set[str] = set()
        for j, om in enumerate(im.options):
            if om.id in oseen:
                raise err(f"option id {om.id!r} appears twice in issue {im.id!r}",
                          "issues", i, "options", j)
            oseen.add(om.id)
            opts.append(AgendaOption(om.id, om.label, om.description))
        ids = [o.id for o in opts]
        if im.status_quo not in ids:
            raise err(f"status quo {im.status_quo!r} is not an option of issue {im.id!r}. "
                      + did_you_mean(im.status_quo, ids), "issues", i, "status_quo")
        issues.append(Issue(im.id, tuple(opts), ids.index(im.status_quo), im.label,
                            im.description))
    issue_ids = [i.id for i in issues]

    # parked
    parked: list[int] = []
    for j, pid in enumerate(m.parked):
        if pid not in seen:
            raise err(f"unknown issue {pid!r}. " + did_you_mean(pid, issue_ids), "parked", j)
        if seen[pid] in parked:
            raise err(f"issue {pid!r} is parked twice", "parked", j)
        parked.append(seen[pid])

    # parties
    if len(m.parties) < 2:
        raise err(f"a negotiation needs two or more parties; the agenda has {len(m.parties)}",
                  "parties")
    parties: list[Party] = []
    pseen: dict[str, int] = {}
    for pi, pm in enumerate(m.parties):
        if pm.id in pseen:
            raise err(f"party id {pm.id!r} is used twice (also parties[{pseen[pm.id]}])",
                      "parties", pi, "id")
        pseen[pm.id] = pi
        parties.append(_party(pm, pi, issues, err))

    # constraints
    constraints: list[Constraint] = []
    for ci, cm in enumerate(m.constraints):
        path = ("constraints", ci)
        try:
            f = parse_formula(cm.formula)
        except FormulaSyntaxError as exc:
            raise err(exc.message, *path) from None
        for a in f.atoms():
            if isinstance(a, Var):
                raise err(f"{a.name!r} is not an `issue = option` atom; agenda constraints "
                          "name an issue and one of its options, e.g. "
                          f"`{issues[0].id} = {issues[0].options[0].id}`", *path)
            if not isinstance(a, IssueIs):
                raise TypeError(f"agenda constraints hold `issue = option` atoms, not {a!r}")
            if a.issue not in seen:
                raise err(f"unknown issue {a.issue!r} in constraint {cm.formula!r}. "
                          + did_you_mean(a.issue, issue_ids), *path)
            iss = issues[seen[a.issue]]
            if a.option not in iss.option_ids:
                raise err(f"issue {iss.id!r} has no option {a.option!r} (in constraint "
                          f"{cm.formula!r}). " + did_you_mean(a.option, iss.option_ids), *path)
        constraints.append(Constraint(f, cm.formula, cm.rationale,
                                      Source.from_value(cm.source)))

    agenda = Agenda(tuple(issues), tuple(parties), tuple(constraints), tuple(sorted(parked)),
                    m.title, doc.file)
    sq = agenda.status_quo()
    for ci, c in enumerate(constraints):
        if not Agenda(agenda.issues, agenda.parties, (c,)).satisfies(sq):
            raise err(
                f"the status quo package violates the constraint {c.text!r}: every package, "
                "including no agreement (each issue at its status quo), must satisfy the "
                "constraints", "constraints", ci)
    return agenda


def _party(pm: _PartyModel, pi: int, issues: list[Issue],
           err: Callable[..., ModelError]) -> Party:
    base = ("parties", pi)
    issue_ids = [i.id for i in issues]
    for key in pm.weights:
        if key not in issue_ids:
            raise err(f"unknown issue {key!r}. " + did_you_mean(key, issue_ids), *base, "weights",
                      key)
    for key in pm.values:
        if key not in issue_ids:
            raise err(f"unknown issue {key!r}. " + did_you_mean(key, issue_ids), *base, "values",
                      key)
    raw_w: list[Fraction] = []
    for iss in issues:
        if iss.id not in pm.weights:
            raise err(f"party {pm.id!r} gives no weight to issue {iss.id!r}; write "
                      f"`{iss.id}: 0` if it does not care about it", *base, "weights")
        try:
            w = exact_number(pm.weights[iss.id])
        except ValueError as exc:
            raise err(f"a weight must be a number: {exc}", *base, "weights", iss.id) from None
        if w < 0:
            raise err(f"weights must be non-negative, got {shown(pm.weights[iss.id])}",
                      *base, "weights", iss.id)
        raw_w.append(w)
    total = sum(raw_w, Fraction(0))
    if total == 0:
        raise err(f"party {pm.id!r} gives every issue weight 0; give a positive weight to at "
                  "least one issue", *base, "weights")
    values: list[tuple[Valuation, ...]] = []
    scores: list[tuple[Fraction, ...]] = []
    for k, iss in enumerate(issues):
        given = pm.values.get(iss.id, {})
        for opt in given:
            if opt not in iss.option_ids:
                raise err(f"issue {iss.id!r} has no option {opt!r}. "
                          + did_you_mean(opt, iss.option_ids), *base, "values", iss.id, opt)
        row: list[Valuation] = []
        for o in iss.options:
            vm = given.get(o.id)
            if vm is None:
                if raw_w[k] > 0:
                    raise err(f"party {pm.id!r} gives no value for option {o.id!r} of issue "
                              f"{iss.id!r} (every option of an issue it weighs needs one)",
                              *base, "values", iss.id)
                row.append(Valuation(Fraction(0)))
                continue
            try:
                v = exact_number(vm.value)
            except ValueError as exc:
                raise err(f"a value must be a number: {exc}",
                          *base, "values", iss.id, o.id) from None
            if v < 0:
                raise err("values must be non-negative (any scale, e.g. 0–10), got "
                          f"{shown(vm.value)}",
                          *base, "values", iss.id, o.id)
            row.append(Valuation(v, vm.rationale, Source.from_value(vm.source)))
        top = max(r.value for r in row)
        if top == 0 and raw_w[k] > 0:
            raise err(f"party {pm.id!r} values every option of issue {iss.id!r} at 0 but gives "
                      "it a positive weight; give it weight 0 or value its options",
                      *base, "values", iss.id)
        values.append(tuple(row))
        scores.append(tuple((r.value / top) if top > 0 else Fraction(0) for r in row))
    res = pm.reservation
    reservation: Fraction | None
    if res == "status_quo":
        reservation = None
    else:
        try:
            if isinstance(res, str):  # text other than status_quo is a slip, not a number
                raise ValueError(res)
            reservation = exact_number(res)
        except ValueError:
            raise err(f"the reservation must be `status_quo` or a number between 0 and 1, got "
                      f"{shown(res)}", *base, "reservation") from None
        if not 0 <= reservation <= 1:
            raise err(f"the reservation is a utility on the 0–1 scale, got {shown(res)}",
                      *base, "reservation")
    return Party(pm.id, tuple(w / total for w in raw_w), tuple(values), tuple(scores),
                 reservation, pm.label)


def agenda_from_dict(data: Mapping[str, Any], file: str = "<agenda>") -> Agenda:
    """Build an :class:`Agenda` from a mapping shaped like the ``agenda:`` section.

    >>> a = agenda_from_dict({
    ...     "issues": [{"id": "x", "options": ["a", "b"], "status_quo": "a"}],
    ...     "parties": [
    ...         {"id": "p", "weights": {"x": 1}, "values": {"x": {"a": 1, "b": 2}}},
    ...         {"id": "q", "weights": {"x": 1}, "values": {"x": {"a": 2, "b": 1}}}]})
    >>> a.utility("p", {"x": "a"})
    Fraction(1, 2)
    """
    return parse_agenda(LocatedData({"agenda": dict(data)}, file), ("agenda",))


def load_agenda(path_or_builtin: str | Path) -> Agenda:
    """Read a scenario file (or a built-in scenario by name) and validate its ``agenda:``.

    Parameters
    ----------
    path_or_builtin:
        A YAML/JSON scenario file, or the name of a built-in scenario.

    Raises
    ------
    ModelError
        When the file is missing or unreadable, has no agenda, or the agenda is invalid.
    """
    p = Path(path_or_builtin)
    if not (p.exists() or is_stream(p)):
        found = resolve_builtin(str(path_or_builtin))
        if found is None:
            raise ModelError("no such file or built-in scenario", file=str(path_or_builtin))
        p = found
        doc = read_file(p)
        doc.file = str(path_or_builtin)
    else:
        doc = read_file(p)
    if not isinstance(doc.data, dict):
        raise doc.error("a scenario file must be a mapping with an `agenda:` section")
    return parse_agenda(doc)
