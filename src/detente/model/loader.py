"""Loading conflict models: scenario files, GMCR+ files and built-in scenarios.

:func:`load_conflict` is the one entry point the rest of détente uses. Its ``source`` is

- a scenario file (``.yaml``, ``.yml`` or ``.json``), optionally ``FILE#model`` to pick one
  model of a file that lists several under ``models``;
- a GMCR+ file (``.gmcr``, read by :func:`detente.model.gmcr.read_gmcr`);
- the name of a built-in scenario (``prisoners-dilemma``, also ``name#model``).

Building a :class:`~detente.model.conflict.Conflict` from a validated
:class:`~detente.model.document.ScenarioDocument` checks what needs the option ids: ids
unique across the model, formulas that parse and name known options, groups holding one
decision maker's options, states (patterns and option lists) of the right length with known
ids. Every mistake is a :class:`~detente.model.errors.ModelError` naming the file, the line
and the field, with "Did you mean …?" for unknown names. Whether a ranking or a payoff table
covers every feasible state is checked by the engine, which knows the feasible states; it
finds the lines through :attr:`Conflict.locations`.

Examples
--------
>>> c = load_conflict("prisoners-dilemma")
>>> c.option_ids, c.dm_names
(['p1_cooperates', 'p2_cooperates'], ['Prisoner 1', 'Prisoner 2'])
>>> c.pattern(c.status_quo)
'NN'
>>> load_conflict("prisoners-dilema")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detente.model.errors.ModelError: 'prisoners-dilema' is neither ... Did you mean 'prisoners-dilemma'?
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from detente.model.builtin import list_builtin, resolve_builtin
from detente.model.conflict import (
    Conflict,
    DecisionMaker,
    Option,
    Payoffs,
    Perception,
    PreferenceSpec,
    Ranking,
    Statement,
    Statements,
)
from detente.model.document import (
    ModelBody,
    NamedModel,
    NamedStateSpec,
    ObservationSpec,
    PreferencesSpec,
    ScenarioDocument,
    StatementSpec,
    TieSpec,
    validate_document,
)
from detente.model.errors import ModelError, closest, did_you_mean
from detente.model.feasibility import excluded_by, require_feasible
from detente.model.formula import Formula, FormulaSyntaxError, IssueIs, Var, parse_formula
from detente.model.named_states import NamedState, Observation
from detente.model.provenance import Source
from detente.model.yamlio import (
    LocatedData,
    check_values,
    field_path,
    is_stream,
    parse_json,
    parse_text,
    read_text,
)

__all__ = [
    "SCENARIO_SUFFIXES",
    "GMCR_SUFFIX",
    "load_document",
    "parse_scenario_text",
    "build_conflict",
    "load_conflict",
    "load_all",
    "list_models",
    "list_assumptions",
    "load_assumption_sets",
    "AssumptionCombination",
    "assumption_combinations",
    "resolve_source",
]

#: File name endings of scenario documents.
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
#: File name ending of GMCR+ files.
GMCR_SUFFIX = ".gmcr"

Path_ = tuple[str | int, ...]


# -- reading ---------------------------------------------------------------------------------
def _escape_for_yaml(text: str) -> str:
    # PyYAML refuses some characters that JSON allows raw inside strings (DEL, C1 controls).
    # In JSON they can only occur inside strings, where a \uXXXX escape means the same.
    return yaml.reader.Reader.NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _read(path: Path) -> LocatedData:
    """Parse a scenario file with lines; JSON values come from the JSON parser.

    The file is read once. JSON text is parsed twice: by :mod:`json` for the values (PyYAML,
    a YAML 1.1 reader, would take ``1e5`` for a string) and by the YAML composer for the line
    of each field.
    """
    file = str(path)
    text = read_text(path)
    as_json = path.suffix.lower() == ".json" or (is_stream(path) and _json_text(text))
    return parse_scenario_text(text, file, as_json=bool(as_json))


def parse_scenario_text(text: str, file: str = "scenario.yaml", *,
                        as_json: bool | None = None) -> LocatedData:
    """Parse scenario text exactly as a file named ``file`` holding it is read: JSON when
    ``as_json`` (by default, when ``file`` ends in ``.json``), else YAML; errors name ``file``.

    This is the entry point for text that is not in a file (an editor's buffer).

    >>> parse_scenario_text("title: T\\ndecision_makers: []\\n").line(("decision_makers",))
    2
    """
    if as_json is None:
        as_json = file.lower().endswith(".json")
    if not as_json:
        return parse_text(text, file)
    try:
        located = parse_text(text, file)  # refuses invalid JSON before composing
    except ModelError as exc:
        if not exc.message.startswith("not valid YAML"):
            raise
        # valid JSON (checked first) that PyYAML cannot read as it is
        try:
            located = parse_text(_escape_for_yaml(text), file)
        except (ModelError, yaml.YAMLError):
            located = LocatedData(None, file, {})
    data = parse_json(text, file, check=False)
    check_values(data, file, located.lines)
    return LocatedData(data, file, located.lines)


def _json_text(text: str) -> Any:
    """The JSON values of ``text`` read from a stream, or ``None`` when it is not JSON (a
    stream has no file name ending to tell; YAML flow mappings also start with '{')."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def load_document(path: str | Path) -> ScenarioDocument:
    """Read and validate a scenario file (YAML or JSON).

    The parsed file with the line of every field stays available as ``document.located``
    (a :class:`~detente.model.yamlio.LocatedData`), and ``document.file`` is the file name.

    Raises
    ------
    ModelError
        For a missing file, malformed YAML/JSON, or a document that breaks the format.
    """
    p = Path(path)
    if p.suffix.lower() == GMCR_SUFFIX:
        raise ModelError(
            "is a GMCR+ file, not a scenario document; load it with load_conflict or "
            "detente.model.gmcr.read_gmcr",
            file=str(path),
        )
    return validate_document(_read(p))


# -- building a Conflict ---------------------------------------------------------------------
class _Builder:
    """Turns one model (and optionally one assumption) of a document into a Conflict."""

    def __init__(self, doc: ScenarioDocument, body: ModelBody, prefix: Path_) -> None:
        self.doc = doc
        self.loc = doc.located or LocatedData(None, doc.file or "<scenario>", {})
        self.body = body
        self.prefix = prefix
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.owner_of: list[int] = []

    def err(self, message: str, path: Path_) -> ModelError:
        return self.loc.error(message, path)

    def at(self, *parts: str | int) -> Path_:
        return (*self.prefix, *parts)

    # options and decision makers
    def options(self) -> tuple[tuple[Option, ...], tuple[DecisionMaker, ...]]:
        dms = self.body.decision_makers
        if len(dms) < 2:
            found = f" ({dms[0].name!r})" if dms else ""
            raise self.err(
                f"a conflict needs at least two decision makers; found {len(dms)}{found}",
                self.at("decision_makers"),
            )
        names: dict[str, int] = {}
        options: list[Option] = []
        out: list[DecisionMaker] = []
        where: dict[str, int] = {}
        for i, dm in enumerate(dms):
            if dm.name in names:
                raise self.err(
                    f"decision maker name {dm.name!r} is used twice (also "
                    f"decision_makers[{names[dm.name]}])",
                    self.at("decision_makers", i, "name"),
                )
            names[dm.name] = i
            idx = []
            for j, o in enumerate(dm.options):
                if o.id in self.index:
                    other = dms[where[o.id]].name
                    whose = "the same decision maker" if where[o.id] == i else repr(other)
                    line = self.loc.line(self.at("decision_makers", where[o.id]))
                    raise self.err(
                        f"option id {o.id!r} is already an option of {whose}"
                        + (f" (line {line})" if line else "")
                        + "; each option belongs to exactly one decision maker and ids are "
                        "unique in a model",
                        self.at("decision_makers", i, "options", j, "id"),
                    )
                k = len(options)
                self.index[o.id] = k
                where[o.id] = i
                self.ids.append(o.id)
                self.owner_of.append(i)
                direction = {"forward": "forward", "backward": "backward", None: "both"}[
                    o.irreversible
                ]
                options.append(
                    Option(o.id, label=o.label, description=o.description,
                           direction=direction, owner=i)  # type: ignore[arg-type]
                )
                idx.append(k)
            out.append(DecisionMaker(dm.name, tuple(idx)))
        return tuple(options), tuple(out)

    # formulas
    def formula(self, text: str, path: Path_) -> Formula:
        try:
            f = parse_formula(text)
        except FormulaSyntaxError as exc:
            raise exc.located(file=self.loc.file, line=self.loc.line(path),
                              field=field_path(path)) from None
        for atom in f.atoms():
            if isinstance(atom, IssueIs):
                raise self.err(
                    f"'{atom}' is an agenda atom (issue = option); formulas in a conflict "
                    "model name option ids",
                    path,
                )
            if isinstance(atom, Var) and atom.name not in self.index:
                raise self.err(
                    f"unknown option {atom.name!r}. {did_you_mean(atom.name, self.ids)}", path
                )
        return f

    # states
    def is_pattern(self, text: str) -> bool:
        p = text.strip().upper()
        return len(p) == len(self.ids) and not set(p) - {"Y", "N"}

    def pattern(self, text: str, path: Path_) -> int:
        if not self.is_pattern(text):
            n = len(self.ids)
            hint = ""
            if text in self.index:
                hint = f" {text!r} is an option id: write such a state as a list, [{text}]."
            elif closest(text, self.ids):
                hint = f" To give option ids, put them in a list. {did_you_mean(text, self.ids)}"
            raise self.err(
                f"{text!r} is not a state: a pattern has {n} Y/N characters, one per option "
                f"in order ({', '.join(self.ids)}).{hint}",
                path,
            )
        return sum(1 << k for k, ch in enumerate(text.strip().upper()) if ch == "Y")

    def option_set(self, ids: Sequence[str], path: Path_) -> int:
        out = 0
        seen: dict[str, int] = {}
        for j, oid in enumerate(ids):
            if oid not in self.index:
                raise self.err(f"unknown option {oid!r}. {did_you_mean(oid, self.ids)}",
                               (*path, j))
            if oid in seen:
                raise self.err(f"option {oid!r} is listed twice in this state", (*path, j))
            seen[oid] = j
            out |= 1 << self.index[oid]
        return out

    def state(self, item: str | list[str], path: Path_) -> int:
        if isinstance(item, str):
            return self.pattern(item, path)
        return self.option_set(item, path)

    # preferences
    def preferences(self, spec: PreferencesSpec, path: Path_) -> PreferenceSpec:
        form = spec.form
        if form == "statements":
            return self.statements(spec, (*path, "statements"))
        if form == "ranking":
            return self.ranking(spec, (*path, "ranking"))
        return self.payoffs(spec, (*path, "payoffs"))

    def statements(self, spec: PreferencesSpec, path: Path_) -> Statements:
        out = []
        for j, item in enumerate(spec.statements or []):
            if isinstance(item, StatementSpec):
                f = self.formula(item.statement, (*path, j, "statement"))
                out.append(Statement(f, text=item.statement, rationale=item.rationale,
                                     source=Source.from_value(item.source)))
            else:
                out.append(Statement(self.formula(item, (*path, j)), text=item))
        if not out:
            raise self.err("'statements' lists no statement", path)
        return Statements(tuple(out))

    def ranking_item(self, item: str | list | TieSpec, path: Path_) -> tuple[int, ...]:
        if isinstance(item, str):
            return (self.pattern(item, path),)
        if isinstance(item, TieSpec):
            return tuple(self.state(s, (*path, "tie", j)) for j, s in enumerate(item.tie))
        if not item:  # [] is the state in which no option is taken
            return (0,)
        if all(isinstance(e, str) for e in item) and all(e in self.index for e in item):
            return (self.option_set(item, path),)
        # A tie: each element a pattern or a list of option ids.
        some_ids = any(isinstance(e, str) and e in self.index for e in item)
        for j, e in enumerate(item):
            if isinstance(e, str) and some_ids and e not in self.index and not self.is_pattern(e):
                raise self.err(
                    f"unknown option {e!r}. {did_you_mean(e, self.ids)} (a list of strings is "
                    "one state when every string is an option id, else a tie of patterns)",
                    (*path, j),
                )
        return tuple(self.state(e, (*path, j)) for j, e in enumerate(item))

    def ranking(self, spec: PreferencesSpec, path: Path_) -> Ranking:
        tiers = []
        first_at: dict[int, int] = {}
        for t, item in enumerate(spec.ranking or []):
            tier = self.ranking_item(item, (*path, t))
            for s in tier:
                if s in first_at:
                    also = f"ranking[{first_at[s]}]" if first_at[s] != t else "this tie"
                    raise self.err(
                        f"state {self.pattern_of(s)} is ranked twice (also in {also})",
                        (*path, t),
                    )
                first_at[s] = t
            tiers.append(tier)
        if not tiers:
            raise self.err("'ranking' lists no state", path)
        return Ranking(tuple(tiers))

    def payoffs(self, spec: PreferencesSpec, path: Path_) -> Payoffs:
        values: dict[str | int, float] = {}
        pay = spec.payoffs
        items: list[tuple[Any, float, Path_]]
        if isinstance(pay, dict):
            items = [(key, v, (*path, key)) for key, v in pay.items()]
        else:
            items = [(e.state, e.payoff, (*path, j, "state")) for j, e in enumerate(pay or [])]
        for state, value, p in items:
            s = self.state(state, p)
            if s in values:
                raise self.err(f"state {self.pattern_of(s)} is given two payoffs", p)
            values[s] = float(value)
        if not values:
            raise self.err("'payoffs' gives no state", path)
        return Payoffs(values)

    def pattern_of(self, decimal: int) -> str:
        return "".join("Y" if (decimal >> k) & 1 else "N" for k in range(len(self.ids)))

    # groups
    def groups(self, key: str, groups: list[list[str]]) -> tuple[tuple[int, ...], ...]:
        out = []
        for g, grp in enumerate(groups):
            path = self.at(key, g)
            if not grp:
                raise self.err("a group lists no option", path)
            idx = []
            for j, oid in enumerate(grp):
                if oid not in self.index:
                    raise self.err(f"unknown option {oid!r}. {did_you_mean(oid, self.ids)}",
                                   (*path, j))
                if self.index[oid] in idx:
                    raise self.err(f"option {oid!r} is listed twice in this group", (*path, j))
                idx.append(self.index[oid])
            owners = {self.owner_of[k] for k in idx}
            if len(owners) > 1:
                names = [self.body.decision_makers[i].name for i in sorted(owners)]
                raise self.err(
                    "a group holds the options of one decision maker; this one mixes "
                    + " and ".join(repr(n) for n in names),
                    path,
                )
            out.append(tuple(idx))
        return tuple(out)

    def locations(self) -> dict[str, int]:
        pre = self.prefix
        out = {
            field_path(p[len(pre):]): ln
            for p, ln in self.loc.lines.items()
            if p[: len(pre)] == pre
        }
        line = self.loc.line(pre)
        if line is not None:
            out[""] = line
        return out


def _merged_sources(*groups: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        out.extend(s for s in g if s not in out)
    return tuple(out)


def build_conflict(
    doc: ScenarioDocument,
    name: str | None = None,
    assumption: str | Sequence[str] | None = None,
    *,
    default_name: str | None = None,
) -> Conflict:
    """Build the :class:`Conflict` of model ``name`` of ``doc``, under ``assumption``.

    Parameters
    ----------
    doc:
        A validated document (:func:`load_document`).
    name:
        The model to build; ``None`` for a single-model file, or for the model marked
        ``default: true`` in a multi-model file.
    assumption:
        The name of an entry of ``assumptions`` (or several names, applied in order): its
        preferences replace those of the decision makers it names.
    default_name:
        The conflict's name when the model has none (single-model file); defaults to the
        file's stem.

    Raises
    ------
    ModelError
        Located at the file, line and field of the mistake.
    """
    body, prefix = doc.model_body(name)
    b = _Builder(doc, body, prefix)
    options, dms = b.options()
    infeasible = tuple(
        b.formula(text, b.at("infeasible", j)) for j, text in enumerate(body.infeasible)
    )
    exclusive = b.groups("exclusive", body.exclusive)
    exactly_one = b.groups("exactly_one", body.exactly_one)
    status_quo = None
    if body.status_quo is not None:
        status_quo = b.state(body.status_quo, b.at("status_quo"))
    locations = b.locations()

    prefs_specs: list[tuple[PreferencesSpec, Path_]] = [
        (dm.preferences, b.at("decision_makers", i, "preferences"))
        for i, dm in enumerate(body.decision_makers)
    ]
    title = doc.title
    applied = ([] if assumption is None else [assumption] if isinstance(assumption, str)
               else list(assumption))
    for name_a in applied:
        spec, k = doc.assumption(name_a)
        dm_index = {dm.name: i for i, dm in enumerate(body.decision_makers)}
        for dm_name, prefs in spec.preferences.items():
            path: Path_ = ("assumptions", k, "preferences", dm_name)
            if dm_name not in dm_index:
                raise b.err(
                    f"assumption {name_a!r} names decision maker {dm_name!r}, which this "
                    f"model does not have. {did_you_mean(dm_name, list(dm_index))}",
                    path,
                )
            i = dm_index[dm_name]
            prefs_specs[i] = (prefs, path)
            # Engine errors about these preferences point at the assumption's lines.
            old = field_path(("decision_makers", i, "preferences"))
            for key in [key for key in locations if key.startswith(old)]:
                del locations[key]
            for p, ln in b.loc.lines.items():
                if p[: len(path)] == path:
                    key = field_path(("decision_makers", i, "preferences", *p[len(path):]))
                    locations[key] = ln
    preferences = tuple(b.preferences(spec, path) for spec, path in prefs_specs)
    perceptions = _perceptions(doc, b, body, locations)
    replaced = {dm for name_a in applied for dm in doc.assumption(name_a)[0].preferences}
    uncertainty = _uncertainty(b, body, preferences, replaced)

    file = doc.file
    stem = default_name or (Path(file).stem if file else "scenario")
    if isinstance(body, NamedModel):
        model_name = body.name
        title = body.title or doc.title
        description = body.description or doc.description
        sources = _merged_sources(doc.sources, body.sources)
    else:
        model_name = stem
        description = doc.description
        sources = tuple(doc.sources)
    if len(applied) == 1:
        title = f"{title or model_name} (assumption: {applied[0]})"
    elif applied:
        title = f"{title or model_name} (assumptions: {' + '.join(applied)})"
    try:
        conflict = Conflict(
            options=options,
            decision_makers=dms,
            preferences=preferences,
            title=title,
            description=description,
            sources=sources,
            infeasible=infeasible,
            exclusive=exclusive,
            exactly_one=exactly_one,
            status_quo=status_quo,
            perceptions=perceptions,
            uncertainty=uncertainty,
            name=model_name,
            source_file=file,
            locations=locations,
        )
    except ModelError as exc:
        raise exc.located(file=file) from None
    if status_quo is not None:  # say which rule excludes it, and where both are
        require_feasible(conflict, status_quo, what="the status quo",
                         field=field_path(b.at("status_quo")),
                         line=b.loc.line(b.at("status_quo")),
                         advice="change the status quo or the rule")
    named = _named_states(b, doc, body, conflict, model_name)
    observations = _observations(b, doc, body, dataclasses.replace(conflict, named_states=named),
                                 model_name)
    if not named and not observations:
        return conflict
    return dataclasses.replace(conflict, named_states=named, observations=observations)


def _entries(doc: ScenarioDocument, body: ModelBody, b: _Builder, key: str,
             model_name: str) -> list[tuple[Any, Path_]]:
    """The model's own ``states``/``observations`` entries, then the file's top-level ones
    that apply to it, each with its field path."""
    own: list[tuple[Any, Path_]] = []
    if isinstance(body, NamedModel):
        own = [(e, b.at(key, k)) for k, e in enumerate(getattr(body, key))]
    top = [(e, (key, k)) for k, e in enumerate(getattr(doc, key))
           if e.models is None or model_name in e.models]
    return own + top


def _selected(b: _Builder, conflict: Conflict, entry: NamedStateSpec | ObservationSpec,
              path: Path_, named: dict[str, NamedState] | None) -> tuple[int | None, Any, str,
                                                                         str | None]:
    """The exact state or the formula an entry picks out: (decimal, formula, text, name of
    the named state it refers to)."""
    if entry.formula is not None:
        f = b.formula(entry.formula, (*path, "formula"))
        found = conflict.class_has_feasible_state(f)
        if found is False:
            raise b.err(f"the formula {entry.formula!r} matches no feasible state",
                        (*path, "formula"))
        return None, f, entry.formula, None
    item = entry.state
    spath = (*path, "state")
    ref = None
    if isinstance(item, str) and item.strip().lower() in {"status_quo", "sq", "status-quo"}:
        if conflict.status_quo is None:
            raise b.err("the model declares no status quo", spath)
        return conflict.status_quo, None, "status_quo", None
    if isinstance(item, str) and named is not None and not b.is_pattern(item):
        if item not in named:
            exact = [n for n, s in named.items() if s.decimal is not None]
            raise b.err(
                f"{item!r} is neither a pattern of {len(b.ids)} Y/N characters nor a named "
                f"state of this model. {did_you_mean(item, exact)}", spath)
        ref = named[item]
        return ref.decimal, ref.formula, item, item
    d = b.state(item, spath)  # type: ignore[arg-type]
    why = excluded_by(conflict, d)
    if why is not None:
        raise b.err(f"state {conflict.pattern(d)} is infeasible: {why[0]}", spath)
    return d, None, conflict.pattern(d), None


def _named_states(b: _Builder, doc: ScenarioDocument, body: ModelBody, conflict: Conflict,
                  model_name: str) -> tuple[NamedState, ...]:
    out: list[NamedState] = []
    where: dict[str, Path_] = {}
    exact_at: dict[int, str] = {}
    taken = {o.id: "an option id" for o in conflict.options}
    taken.update({d.name: "a decision maker's name" for d in conflict.decision_makers})
    for entry, path in _entries(doc, body, b, "states", model_name):
        if entry.name in where:
            line = b.loc.line(where[entry.name])
            raise b.err(f"state name {entry.name!r} is used twice (also "
                        f"{field_path(where[entry.name])}"
                        + (f", line {line})" if line else ")"), (*path, "name"))
        if entry.name in taken:
            raise b.err(f"state name {entry.name!r} is also {taken[entry.name]}; choose "
                        "another name", (*path, "name"))
        where[entry.name] = path
        d, f, text, _ = _selected(b, conflict, entry, path, None)
        if d is not None:
            if d in exact_at:
                raise b.err(f"state {conflict.pattern(d)} is already named {exact_at[d]!r}",
                            (*path, "state"))
            exact_at[d] = entry.name
        out.append(NamedState(decimal=d, formula=f, text=text, name=entry.name,
                              label=entry.label, description=entry.description))
    return tuple(out)


def _observations(b: _Builder, doc: ScenarioDocument, body: ModelBody, conflict: Conflict,
                  model_name: str) -> tuple[Observation, ...]:
    named = {ns.name: ns for ns in conflict.named_states}
    out: list[Observation] = []
    for entry, path in _entries(doc, body, b, "observations", model_name):
        d, f, text, ref = _selected(b, conflict, entry, path, named)
        out.append(Observation(decimal=d, formula=f, text=text, date=entry.date,
                               label=entry.label, description=entry.description,
                               state_name=ref, source=Source.from_value(entry.source)))
    return tuple(out)


def _uncertainty(b: _Builder, body: ModelBody, preferences: Sequence[PreferenceSpec],
                 replaced: set[str]) -> tuple[Any, ...]:
    """The model's ``uncertainty``: statement numbers or texts resolved to indices, checked
    (known decision maker given by statements, numbers in range, texts that name one
    statement, a statement in one group at most, listed once as probable). Entries for
    decision makers whose preferences an applied assumption set replaces are dropped: their
    numbers refer to statements the model no longer has."""
    from detente.model.uncertainty import UncertainPreferences

    names = [dm.name for dm in body.decision_makers]
    out = []
    for who, spec in body.uncertainty.items():
        base = b.at("uncertainty", who)
        if who not in names:
            raise b.err(f"unknown decision maker {who!r}. {did_you_mean(who, names)}", base)
        if who in replaced:
            continue
        i = names.index(who)
        prefs = preferences[i]
        if not isinstance(prefs, Statements):
            raise b.err(f"{who}'s preferences are not prioritized statements; uncertainty "
                        "names statements (write the preferences as statements, or leave "
                        "this decision maker out)", base)
        texts = [st.text or str(st.formula) for st in prefs.statements]
        K = len(texts)

        def resolve(ref: int | str, path: Path_, texts: list[str] = texts, K: int = K,
                    who: str = who) -> int:
            if isinstance(ref, int):
                if not 1 <= ref <= K:
                    raise b.err(f"there is no statement {ref}: {who} has {K} statements",
                                path)
                return ref - 1
            hits = [k for k, t in enumerate(texts) if t.strip() == ref.strip()]
            if len(hits) != 1:
                what = "no" if not hits else "more than one"
                raise b.err(f"{what} statement of {who} reads {ref!r}. "
                            f"{did_you_mean(ref, texts)}", path)
            return hits[0]

        groups: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for g, refs in enumerate(spec.unordered):
            group = [resolve(r, (*base, "unordered", g, q)) for q, r in enumerate(refs)]
            twice = (set(group) & seen) or (len(set(group)) < len(group))
            if twice:
                raise b.err("a statement is listed twice in the unordered groups (a statement "
                            "belongs to one group at most)", (*base, "unordered", g))
            seen |= set(group)
            groups.append(tuple(sorted(group)))
        probable: list[tuple[int, float]] = []
        for q, entry in enumerate(spec.probable):
            k = resolve(entry.statement, (*base, "probable", q, "statement"))
            if any(k == k2 for k2, _ in probable):
                raise b.err(f"statement {k + 1} of {who} is listed twice as probable",
                            (*base, "probable", q))
            probable.append((k, float(entry.probability)))
        out.append(UncertainPreferences(i, tuple(groups), tuple(probable), spec.description,
                                        spec.source))
    return tuple(sorted(out, key=lambda u: u.dm))


def _perceptions(doc: ScenarioDocument, b: _Builder, body: ModelBody,
                 locations: dict[str, int]) -> tuple[Perception, ...]:
    """The model's ``perceptions``: each perceiver's beliefs about the others' preferences,
    from an assumption set and inline, checked against the model's decision makers. Adds the
    lines of beliefs taken from assumption sets to ``locations`` (under their own paths)."""
    names = [dm.name for dm in body.decision_makers]
    index = {n: i for i, n in enumerate(names)}
    out: list[Perception] = []

    def dm(name: str, path: Path_, role: str) -> int:
        if name not in index:
            raise b.err(f"unknown decision maker {name!r} ({role}). "
                        f"{did_you_mean(name, names)}", path)
        return index[name]

    for who, spec in body.perceptions.items():
        base = b.at("perceptions", who)
        i = dm(who, base, "the perceiver")
        beliefs: list[tuple[int, PreferenceSpec]] = []
        fields: list[tuple[int, str]] = []
        origin: dict[int, str] = {}
        if spec.assumption is not None:
            try:
                assumed, k = doc.assumption(spec.assumption)
            except ModelError as exc:
                raise b.err(exc.message, (*base, "assumption")) from None
            for other, prefs in assumed.preferences.items():
                path: Path_ = ("assumptions", k, "preferences", other)
                if other not in index:
                    raise b.err(
                        f"{who!r} believes assumption {spec.assumption!r}, which names "
                        f"decision maker {other!r}, not in this model. "
                        f"{did_you_mean(other, names)}", (*base, "assumption"))
                j = index[other]
                if j == i:
                    raise b.err(
                        f"assumption {spec.assumption!r} also replaces {who!r}'s own "
                        f"preferences; a decision maker's own preferences are its true ones. "
                        "Name an assumption that changes only the others, or write the beliefs "
                        "under 'preferences'", (*base, "assumption"))
                beliefs.append((j, b.preferences(prefs, path)))
                fields.append((j, field_path(path)))
                origin[j] = f"assumption {spec.assumption!r}"
                for p, ln in b.loc.lines.items():
                    if p[: len(path)] == path:
                        locations[field_path(p)] = ln
        for other, prefs in spec.preferences.items():
            path = (*base, "preferences", other)
            j = dm(other, path, "whose preferences are perceived")
            if j == i:
                raise b.err(f"{who!r} cannot misperceive its own preferences: a decision "
                            "maker knows what it wants. Give the others' preferences here",
                            path)
            if j in origin:
                raise b.err(f"{who!r}'s belief about {other!r} is given twice: by "
                            f"{origin[j]} and here; keep one", path)
            beliefs.append((j, b.preferences(prefs, path)))
            fields.append((j, field_path(path[len(b.prefix):])))
            origin[j] = "inline"
        aware: list[int] = []
        for t, other in enumerate(spec.aware_of):
            j = dm(other, (*base, "aware_of", t), "in aware_of")
            if j == i:
                raise b.err(f"{who!r} cannot be aware of itself: list the decision makers "
                            "whose view of the game it knows", (*base, "aware_of", t))
            if j not in aware:
                aware.append(j)
        order = sorted(range(len(beliefs)), key=lambda q: beliefs[q][0])
        out.append(Perception(
            perceiver=i,
            beliefs=tuple(beliefs[q] for q in order),
            aware_of=tuple(sorted(aware)),
            fields=tuple(sorted(fields)),
            description=spec.description,
            source=spec.source,
        ))
    out.sort(key=lambda p: p.perceiver)
    return tuple(out)


# -- sources ---------------------------------------------------------------------------------
def resolve_source(source: str | Path, name: str | None = None) -> tuple[Path, str | None]:
    """The file behind ``source`` and the model name it selects (``FILE#name`` or ``name``).

    ``source`` is a file path or a built-in scenario name, optionally followed by
    ``#model``. A file whose own name contains ``#`` is found too.
    """
    text = str(source)
    frag: str | None = None
    base = text
    if not Path(text).exists() and "#" in text:
        base, _, frag = text.rpartition("#")
        frag = frag.strip() or None
    if name is not None and frag is not None and name != frag:
        raise ModelError(
            f"two model names given: {frag!r} (after '#') and {name!r}; give one", file=base
        )
    model = name if name is not None else frag
    path = Path(base)
    if path.is_file() or is_stream(base):
        return path, model
    if path.is_dir():
        raise ModelError("is a folder, not a scenario file", file=base)
    if path.exists():  # a named pipe, a device: the reader says what it is
        read_text(path)
    builtin = resolve_builtin(base)
    if builtin is not None:
        return builtin, model
    suffix = path.suffix.lower()
    if suffix in (*SCENARIO_SUFFIXES, GMCR_SUFFIX) or "/" in base or "\\" in base:
        raise ModelError("no such file", file=base)
    names = [n for n, _t, _p in list_builtin()]
    raise ModelError(
        f"{base!r} is neither a file nor a built-in scenario. {did_you_mean(base, names)}"
    )


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == GMCR_SUFFIX:
        return "gmcr"
    if suffix in SCENARIO_SUFFIXES:
        return "scenario"
    if is_stream(path):  # standard input: a GMCR+ file is JSON with 'decisionMakers'
        data = _json_text(read_text(path))
        return "gmcr" if isinstance(data, dict) and "decisionMakers" in data else "scenario"
    raise ModelError(
        f"unsupported file type {suffix or '(no extension)'!r}: détente reads scenario files "
        "(.yaml, .yml, .json) and GMCR+ files (.gmcr)",
        file=str(path),
    )


def load_conflict(
    source: str | Path, name: str | None = None, assumption: str | None = None
) -> Conflict:
    """Load a conflict model from a file or a built-in scenario.

    Parameters
    ----------
    source:
        A ``.yaml``/``.yml``/``.json`` scenario file, a ``.gmcr`` GMCR+ file or a built-in
        scenario name, optionally followed by ``#model``.
    name:
        The model to load from a multi-model file (same as ``#model``). Without one, the
        model marked ``default: true`` is loaded.
    assumption:
        The name of one of the file's ``assumptions``, whose preferences replace those of the
        decision makers it names.

    Returns
    -------
    Conflict

    Raises
    ------
    ModelError
        For a missing file, an unknown model or assumption (with the closest names), or any
        mistake in the file (file, line and field).

    Examples
    --------
    >>> c = load_conflict("cuban-missile-crisis")
    >>> c.name, c.n_options, c.pattern(c.status_quo)
    ('cuban-missile-crisis', 4, 'NNNN')
    """
    path, model = resolve_source(source, name)
    if _kind(path) == "gmcr":
        from detente.model.gmcr import read_gmcr

        if assumption is not None:
            raise ModelError("GMCR+ files have no assumptions", file=str(path))
        if model is not None and model != path.stem:
            raise ModelError(
                f"a GMCR+ file holds one model, named {path.stem!r}; there is no model "
                f"{model!r}",
                file=str(path),
            )
        conflict = read_gmcr(path)
        if conflict.status_quo is not None:
            require_feasible(conflict, conflict.status_quo, what="the status quo",
                             advice="change the status quo or the rule in GMCR+")
        return conflict
    doc = load_document(path)
    if model is not None and not doc.is_multi_model and model == path.stem:
        model = None  # the single model is addressed by the file's stem
    return build_conflict(doc, model, assumption, default_name=path.stem)


def load_all(source: str | Path) -> dict[str, Conflict]:
    """Every model of a file (or built-in scenario), by name; checks the whole file.

    >>> sorted(load_all("chicken"))
    ['chicken']
    """
    path, _ = resolve_source(source)
    if _kind(path) == "gmcr":
        from detente.model.gmcr import read_gmcr

        return {path.stem: read_gmcr(path)}
    doc = load_document(path)
    if not doc.is_multi_model:
        return {path.stem: build_conflict(doc, default_name=path.stem)}
    return {m: build_conflict(doc, m) for m in doc.model_names()}


def list_models(source: str | Path) -> list[str]:
    """Names of the models in a file or built-in scenario (one name, the stem, for a file
    with a single model).

    >>> list_models("elmira")
    ['elmira']
    """
    path, _ = resolve_source(source)
    if _kind(path) == "gmcr":
        return [path.stem]
    doc = load_document(path)
    return doc.model_names() if doc.is_multi_model else [path.stem]


def list_assumptions(source: str | Path) -> list[str]:
    """Names of the ``assumptions`` declared in a scenario file (empty for .gmcr files)."""
    path, _ = resolve_source(source)
    if _kind(path) == "gmcr":
        return []
    return [a.name for a in load_document(path).assumptions]


def load_assumption_sets(source: str | Path, name: str | None = None,
                         baseline: str = "baseline") -> dict[str, Conflict]:
    """The model as written (under the name ``baseline``) and under each of the file's
    named assumptions, in the file's order: the versions a sensitivity or retrospective
    check compares.

    >>> sorted(load_assumption_sets("chicken"))
    ['baseline']
    """
    path, model = resolve_source(source, name)
    out = {baseline: load_conflict(str(path), model)}
    for a in list_assumptions(path):
        if a == baseline:
            raise ModelError(f"an assumption is called {baseline!r}, the name of the model as "
                             "written; rename it", file=str(path), field="assumptions")
        out[a] = load_conflict(str(path), model, assumption=a)
    return out


@dataclasses.dataclass(frozen=True)
class AssumptionCombination:
    """One combination of a file's named assumption sets: the model under all of them
    (``conflict``), or, when two of them give one decision maker different preferences,
    those two (``conflicting``) and no model."""

    assumptions: tuple[str, ...]
    conflict: Conflict | None
    conflicting: tuple[str, str] | None = None


def assumption_combinations(
    source: str | Path | ScenarioDocument,
    names: Sequence[str] | None = None,
    *,
    model: str | None = None,
    max_sets: int = 10,
) -> list[AssumptionCombination]:
    """Every combination of named assumption sets (2^k, the empty one first, then by size,
    each in the order the sets are named), with the model built under each.

    Parameters
    ----------
    source:
        A scenario file or built-in (``FILE#model`` picks the model), or a validated
        document.
    names:
        The sets to combine (default: every set the file names).
    model:
        The model (default: the one ``source`` names, or the default model).
    max_sets:
        More sets than this are refused (2^k models), naming the count and asking for a
        subset.

    Raises
    ------
    ModelError
        For a GMCR+ file, an unknown set name, too many sets, or a mistake in a set.
    """
    import itertools

    if isinstance(source, ScenarioDocument):
        doc, stem = source, Path(source.file or "scenario").stem
    else:
        path, picked = resolve_source(source)
        if _kind(path) == "gmcr":
            raise ModelError("GMCR+ files have no assumptions", file=str(path))
        doc, stem = load_document(path), path.stem
        model = model or picked
        if model is not None and not doc.is_multi_model and model == stem:
            model = None
    all_names = [a.name for a in doc.assumptions]
    chosen = list(all_names if names is None else names)
    for n in chosen:
        doc.assumption(n)  # unknown names: an error with the closest
    chosen = list(dict.fromkeys(chosen))
    if not chosen:
        raise ModelError("the file names no assumption sets to combine", file=doc.file,
                         field="assumptions")
    if len(chosen) > max_sets:
        raise ModelError(
            f"{len(chosen)} named assumption sets make {2 ** len(chosen):,} combinations; "
            f"at most {max_sets} sets ({2 ** max_sets:,} combinations) are combined: name a "
            "subset with --assumptions A,B,…", file=doc.file, field="assumptions")
    specs = {n: doc.assumption(n)[0] for n in chosen}
    clash: dict[frozenset[str], bool] = {}
    for a, b in itertools.combinations(chosen, 2):
        shared = set(specs[a].preferences) & set(specs[b].preferences)
        clash[frozenset((a, b))] = any(specs[a].preferences[d] != specs[b].preferences[d]
                                       for d in shared)
    out: list[AssumptionCombination] = []
    for size in range(len(chosen) + 1):
        for combo in itertools.combinations(chosen, size):
            bad = next(((a, b) for a, b in itertools.combinations(combo, 2)
                        if clash[frozenset((a, b))]), None)
            if bad is not None:
                out.append(AssumptionCombination(tuple(combo), None, bad))
                continue
            conflict = build_conflict(doc, model, list(combo) or None, default_name=stem)
            out.append(AssumptionCombination(tuple(combo), conflict))
    return out
