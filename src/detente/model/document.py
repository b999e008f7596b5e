"""The scenario document: what a détente YAML or JSON scenario file may contain.

A scenario file describes one conflict model, or several named models of the same conflict
(variants that differ in options, feasibility or preferences), plus what other parts of
détente read: a package-deal ``agenda``, reciprocity ``dynamics`` and alternative preference
``assumptions``. This module holds the *shape* of the document as Pydantic models (every
mapping refuses unknown keys) and turns Pydantic's validation errors into
:class:`~detente.model.errors.ModelError` naming file, line and field. What needs the option
ids to judge (unknown ids, formula syntax, pattern lengths) is checked by
:mod:`detente.model.loader` when it builds a :class:`~detente.model.conflict.Conflict`.

The full format is described in ``docs/scenario-format.md``; :func:`scenario_json_schema`
gives the JSON Schema of the document (for editors and for ``detente schema``).

Examples
--------
>>> from detente.model.yamlio import parse_text
>>> text = '''
... title: Demo
... decision_makers:
...   - name: A
...     options: [{id: a}]
...     preferences: {ranking: [NY, YY, NN, YN]}
...   - name: B
...     options: [{id: b}]
...     preferences: {ranking: [YN, YY, NN, NY]}
... '''
>>> doc = validate_document(parse_text(text, "demo.yaml"))
>>> doc.title, [d.name for d in doc.decision_makers]
('Demo', ['A', 'B'])
>>> validate_document(parse_text("title: Demo\\ndecision_maker: []\\n", "demo.yaml"))
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detente.model.errors.ModelError: demo.yaml, line 2, decision_maker: ... 'decision_makers'?
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator as _After
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic import BeforeValidator as _Before
from pydantic_core import PydanticCustomError

from detente.model.errors import ModelError, describe, did_you_mean
from detente.model.formula import FormulaSyntaxError, Var, parse_formula
from detente.model.yamlio import LocatedData, field_path

__all__ = [
    "OptionSpec",
    "SourceSpec",
    "SourceField",
    "StatementSpec",
    "NamedStateSpec",
    "ObservationSpec",
    "TieSpec",
    "PayoffEntry",
    "PreferencesSpec",
    "DecisionMakerSpec",
    "ModelBody",
    "NamedModel",
    "AssumptionSpec",
    "PerceptionSpec",
    "UncertaintySpec",
    "ProbableSpec",
    "ScenarioDocument",
    "MODEL_KEYS",
    "FORMULA_KEYWORDS",
    "option_id_problem",
    "validate_document",
    "validation_error",
    "scenario_json_schema",
]

#: Words of the formula grammar, which option ids may not be.
FORMULA_KEYWORDS = frozenset({"not", "and", "or", "if", "iff", "true", "false"})

#: The keys of one conflict model (at top level, or inside each entry of ``models``).
MODEL_KEYS = ("decision_makers", "infeasible", "exclusive", "exactly_one", "status_quo",
              "perceptions", "uncertainty")
#: Keys allowed both at top level (for every model) and inside each model.
SHARED_KEYS = ("states", "observations")

_ID_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")


def option_id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an option id, or ``None`` when it can.

    An option id starts with a letter or ``_`` and continues with letters, digits, ``_``,
    ``-`` and ``.``; it is not a formula keyword, and it reads as one option in a formula.

    >>> option_id_problem("freeze_nato") is None
    True
    >>> option_id_problem("2nd-strike").split(":")[0]
    "'2nd-strike' is not a valid option id"
    >>> option_id_problem("IFF").split("(")[0]
    "'IFF' is a formula keyword "
    """
    if not _ID_RE.match(text):
        return (
            f"{text!r} is not a valid option id: start with a letter or '_', then use letters, "
            "digits, '_', '-' or '.'"
        )
    if text.lower() in FORMULA_KEYWORDS:
        return (
            f"{text!r} is a formula keyword (not, and, or, if, iff, true, false) and cannot be "
            "an option id"
        )
    try:
        ok = parse_formula(text) == Var(text)
    except FormulaSyntaxError:
        ok = False
    if not ok:
        return (
            f"{text!r} would not read as one option id in a formula (it begins with a keyword "
            "followed by '-' or '.'); rename it"
        )
    return None


def _custom(kind: str, detail: str) -> PydanticCustomError:
    # The message is passed through the context so that braces in user text stay literal.
    return PydanticCustomError(kind, "{detail}", {"detail": detail})


def _check_option_id(text: str) -> str:
    problem = option_id_problem(text)
    if problem:
        raise _custom("option_id", problem)
    return text


def _non_blank(text: str) -> str:
    if not text.strip():
        raise _custom("blank", "must not be empty")
    return text


OptionId = Annotated[str, _After(_check_option_id)]
Name = Annotated[str, _After(_non_blank)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class KnownKeys(BaseModel):
    """A mapping that refuses unknown keys with an ``unknown_field`` error whose context
    holds the key and a hint naming the closest valid key (scenario documents and the
    ``dynamics:`` section)."""

    # a base class, never validated itself: no validator of its own (subclasses build theirs
    # when first used)
    model_config = ConfigDict(defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            valid = [f.alias or n for n, f in cls.model_fields.items()]
            for key in data:
                if key not in valid:
                    raise PydanticCustomError(
                        "unknown_field",
                        "unknown field",
                        {"key": str(key), "hint": did_you_mean(str(key), valid)},
                    )
        return data


class _Strict(KnownKeys):
    """A mapping that refuses unknown keys, suggesting the closest valid one."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# -- states, statements, rankings, payoffs ----------------------------------------------------
def _state_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "~pattern"
    if isinstance(value, list):
        return "~options"
    return None


StateSpec = Annotated[
    Annotated[str, Tag("~pattern")] | Annotated[list[str], Tag("~options")],
    Discriminator(
        _state_kind,
        custom_error_type="state",
        custom_error_message=(
            "expected a state: a pattern such as 'YNNY' (one Y/N per option) or a list of the "
            "option ids that are taken"
        ),
    ),
]


class SourceSpec(_Strict):
    """Where an assumption comes from: the article's claim, the analyst's inference, or
    another source (:mod:`detente.model.provenance`)."""

    kind: Literal["article", "inference", "other"] = Field(
        description=(
            "'article': the source text makes this claim (give the quote it rests on); "
            "'inference': the analyst's inference, not a claim of the source; 'other': "
            "another document, named in 'citation'."))
    citation: str = Field("", description="The document cited (author, year, title, part).")
    quote: str | list[str] | None = Field(
        None, description=(
            "The passage(s) the assumption rests on, word for word ('...' marks left-out "
            "text). Required for kind 'article'."))

    @model_validator(mode="after")
    def _quote_rules(self) -> SourceSpec:
        quotes = [self.quote] if isinstance(self.quote, str) else list(self.quote or [])
        if any(not q.strip() for q in quotes):
            raise _custom("quote", "a quote must not be empty")
        if self.kind == "article" and not quotes:
            raise _custom(
                "source",
                "an article source needs 'quote': the passage of the article the claim rests "
                "on, word for word (write kind: inference when the article does not say it)")
        return self


def _source_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "~text"
    if isinstance(value, dict):
        return "~mapping"
    return None


#: A source: a plain citation (kind unstated), or a mapping with kind, citation and quote.
SourceField = Annotated[
    Annotated[str, Tag("~text")] | Annotated[SourceSpec, Tag("~mapping")],
    Discriminator(
        _source_kind,
        custom_error_type="source",
        custom_error_message=(
            "expected a source: a citation string, or a mapping with 'kind' (article, "
            "inference or other) and optionally 'citation' and 'quote'"
        ),
    ),
]


class StatementSpec(_Strict):
    """A preference statement with the reason for it and where that reason comes from."""

    statement: str = Field(description="A formula over option ids, e.g. 'a and not b'.")
    rationale: str = Field("", description="Why the decision maker wants this.")
    source: SourceField = Field(
        "", description="Where the rationale comes from: a citation, or {kind, citation, quote}.")


def _statement_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "~formula"
    if isinstance(value, dict):
        return "~mapping"
    return None


StatementItem = Annotated[
    Annotated[str, Tag("~formula")] | Annotated[StatementSpec, Tag("~mapping")],
    Discriminator(
        _statement_kind,
        custom_error_type="statement",
        custom_error_message=(
            "expected a statement: a formula string, or a mapping with 'statement' "
            "(and optionally 'rationale' and 'source')"
        ),
    ),
]


class TieSpec(_Strict):
    """States the decision maker is indifferent between (an explicit tie in a ranking)."""

    tie: list[StateSpec] = Field(min_length=1, description="The tied states.")


def _rank_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "~pattern"
    if isinstance(value, list):
        return "~list"
    if isinstance(value, dict):
        return "~tie"
    return None


RankingItem = Annotated[
    Annotated[str, Tag("~pattern")]
    | Annotated[list[StateSpec], Tag("~list")]
    | Annotated[TieSpec, Tag("~tie")],
    Discriminator(
        _rank_kind,
        custom_error_type="ranking_item",
        custom_error_message=(
            "expected a ranking item: a pattern, a list of option ids, a list of tied states, "
            "or {tie: [...]}"
        ),
    ),
]


class PayoffEntry(_Strict):
    """One state and its payoff."""

    state: StateSpec
    payoff: Number


def _payoffs_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "~mapping"
    if isinstance(value, list):
        return "~list"
    return None


PayoffsSpec = Annotated[
    Annotated[dict[str, Number], Tag("~mapping")] | Annotated[list[PayoffEntry], Tag("~list")],
    Discriminator(
        _payoffs_kind,
        custom_error_type="payoffs",
        custom_error_message=(
            "expected payoffs: a mapping pattern → number, or a list of {state, payoff}"
        ),
    ),
]

_PREFERENCE_FORMS = ("statements", "ranking", "payoffs")


class PreferencesSpec(_Strict):
    """One decision maker's preferences: exactly one of statements, ranking or payoffs."""

    statements: list[StatementItem] | None = Field(
        None, description="Prioritized statements, most important first (option prioritization)."
    )
    ranking: list[RankingItem] | None = Field(
        None, description="States, most preferred first; ties grouped (see the format docs)."
    )
    payoffs: PayoffsSpec | None = Field(
        None, description="A number per state; higher is preferred."
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> PreferencesSpec:
        given = [k for k in _PREFERENCE_FORMS if getattr(self, k) is not None]
        if not given:
            raise _custom(
                "preferences",
                "give the preferences as exactly one of 'statements', 'ranking' or 'payoffs'",
            )
        if len(given) > 1:
            raise _custom(
                "preferences",
                "give only one of 'statements', 'ranking' or 'payoffs' (found "
                + " and ".join(repr(g) for g in given)
                + ")",
            )
        return self

    @property
    def form(self) -> str:
        """``"statements"``, ``"ranking"`` or ``"payoffs"``."""
        return next(k for k in _PREFERENCE_FORMS if getattr(self, k) is not None)


# -- options, decision makers, models --------------------------------------------------------
class OptionSpec(_Strict):
    """One option of a decision maker."""

    id: OptionId = Field(description="Identifier used in formulas and option lists.")
    label: str = Field("", description="Short human-readable name.")
    description: str = Field("", description="What taking the option means.")
    irreversible: Literal["forward", "backward"] | None = Field(
        None,
        description=(
            "'forward': once taken it cannot be withdrawn (N→Y only); 'backward': once "
            "withdrawn it cannot be taken again (Y→N only). Omit for a reversible option."
        ),
    )


class DecisionMakerSpec(_Strict):
    """A decision maker, the options it controls (in order) and its preferences."""

    name: Name
    options: list[OptionSpec] = Field(min_length=1)
    preferences: PreferencesSpec


class PerceptionSpec(_Strict):
    """How one decision maker sees the others (a hypergame): the preferences it believes
    they hold, from an assumption set and/or given inline."""

    description: str = Field("", description="What this decision maker believes, in words.")
    source: str = Field("", description="Where the reading of its beliefs comes from.")
    assumption: Name | None = Field(
        None, description="The name of an assumption set: this decision maker believes the "
        "others hold the preferences it gives them.")
    preferences: dict[str, PreferencesSpec] = Field(
        default_factory=dict,
        description="Decision maker name → its preferences as this decision maker believes "
        "them (any of the three forms).")
    aware_of: list[Name] = Field(
        default_factory=list,
        description="Decision makers whose own perceived games this decision maker knows "
        "(second-level hypergame).")

    @model_validator(mode="after")
    def _something(self) -> PerceptionSpec:
        if self.assumption is None and not self.preferences and not self.aware_of:
            raise _custom("perception", "give 'assumption', 'preferences' or 'aware_of': what "
                          "this decision maker believes about the others")
        return self


StatementRef = Annotated[int, Field(strict=True, ge=1)] | str


class ProbableSpec(_Strict):
    """A statement the decision maker holds only with a probability."""

    statement: StatementRef = Field(
        description="The statement: its number (1 = most important) or its exact text.")
    probability: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        description="The probability that the decision maker holds it (0 to 1).")


class UncertaintySpec(_Strict):
    """What is uncertain about one decision maker's prioritized statements."""

    description: str = Field("", description="Why, in words.")
    source: str = Field("", description="Where that comes from.")
    unordered: list[Annotated[list[StatementRef], Field(min_length=2)]] = Field(
        default_factory=list,
        description="Groups of statements (numbers or texts) whose relative order is "
        "unknown: each order equally likely.")
    probable: list[ProbableSpec] = Field(
        default_factory=list, description="Statements held only with a probability.")

    @model_validator(mode="after")
    def _something(self) -> UncertaintySpec:
        if not self.unordered and not self.probable:
            raise _custom("uncertainty", "give 'unordered' groups or 'probable' statements")
        return self


class ModelBody(_Strict):
    """The keys of one conflict model."""

    decision_makers: list[DecisionMakerSpec] = Field(
        description="Decision makers in order; with their options they fix the pattern order."
    )
    infeasible: list[str] = Field(
        default_factory=list, description="Formulas; a state satisfying any is infeasible."
    )
    exclusive: list[list[str]] = Field(
        default_factory=list,
        description="Groups of one decision maker's option ids: at most one is taken.",
    )
    exactly_one: list[list[str]] = Field(
        default_factory=list,
        description="Groups of one decision maker's option ids: exactly one is taken.",
    )
    status_quo: StateSpec | None = Field(
        None, description="Today's state: a pattern or the list of option ids taken."
    )
    states: list[NamedStateSpec] = Field(
        default_factory=list, description="Named states and classes of states.")
    observations: list[ObservationSpec] = Field(
        default_factory=list, description="Outcomes observed, with dates.")
    perceptions: dict[str, PerceptionSpec] = Field(
        default_factory=dict,
        description="Decision maker name → how it sees the others' preferences (hypergames).",
    )
    uncertainty: dict[str, UncertaintySpec] = Field(
        default_factory=dict,
        description="Decision maker name → what is uncertain about its statements (order, "
        "presence).",
    )


class NamedModel(ModelBody):
    """One of several models in a file, addressed as ``FILE#name``."""

    name: Name
    default: StrictBool = Field(False, description="Load this model when no name is given.")
    title: str = ""
    description: str = ""
    sources: list[str] = Field(default_factory=list)


class AssumptionSpec(_Strict):
    """A named alternative set of preferences for some decision makers."""

    name: Name
    description: str = ""
    preferences: dict[str, PreferencesSpec] = Field(
        min_length=1, description="Decision maker name → preferences replacing its own."
    )


def _check_state_name(text: str) -> str:
    from detente.model.named_states import state_name_problem

    problem = state_name_problem(text)
    if problem:
        raise _custom("state_name", problem)
    return text


StateName = Annotated[str, _After(_check_state_name)]

_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")


def _date_text(value: Any) -> Any:
    # YAML reads 2022-02-24 as a date; keep every date as its ISO text.
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a bare year
    return value


def _check_date(text: str) -> str:
    ok = bool(_DATE_RE.match(text))
    if ok:
        parts = [int(p) for p in text.split("-")]
        try:
            datetime.date(parts[0], parts[1] if len(parts) > 1 else 1,
                          parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        raise _custom("date", f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    return text


DateText = Annotated[str, _Before(_date_text), _After(_check_date)]


class _StateSelector(_Strict):
    state: StateSpec | None = Field(
        None, description=(
            "An exact state: a pattern, the list of option ids taken, or 'status_quo'."))
    formula: str | None = Field(
        None, description=(
            "Instead of 'state': a formula over option ids; every feasible state satisfying "
            "it (a partial assignment such as 'intervene and not admit_ukraine')."))
    models: list[Name] | None = Field(
        None, description=(
            "At the top level of a file with several models: the models this entry applies "
            "to (default: all)."))

    @model_validator(mode="after")
    def _one_selector(self) -> _StateSelector:
        if (self.state is None) == (self.formula is None):
            raise _custom("state", "give exactly one of 'state' and 'formula'")
        return self


class NamedStateSpec(_StateSelector):
    """A named state, or a named class of states."""

    name: StateName = Field(description="The name (typed like an option id).")
    label: str = Field("", description="A short human-readable title.")
    description: str = ""


class ObservationSpec(_StateSelector):
    """An outcome observed at a date."""

    date: DateText = Field(description="When: YYYY-MM-DD, YYYY-MM or YYYY.")
    label: Name = Field(description="A short title of what happened.")
    description: str = ""
    state: StateSpec | None = Field(
        None, description=(
            "An exact state: a pattern, the list of option ids taken, 'status_quo', or the "
            "name of a named state."))
    source: SourceField = Field("", description="Where the record comes from.")


class ScenarioDocument(_Strict):
    """A scenario file: one conflict model at top level, or several under ``models``.

    ``located`` gives the parsed file with the line of every field (set by
    :func:`validate_document`).
    """

    title: str = ""
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Citations, one per entry.")
    decision_makers: list[DecisionMakerSpec] | None = None
    infeasible: list[str] | None = None
    exclusive: list[list[str]] | None = None
    exactly_one: list[list[str]] | None = None
    status_quo: StateSpec | None = None
    states: list[NamedStateSpec] = Field(
        default_factory=list,
        description="Named states and classes of states (every model, or those in 'models').")
    observations: list[ObservationSpec] = Field(
        default_factory=list,
        description="Outcomes observed, with dates (every model, or those in 'models').")
    perceptions: dict[str, PerceptionSpec] | None = None
    uncertainty: dict[str, UncertaintySpec] | None = None
    models: list[NamedModel] | None = Field(
        None, description="Several named models of the conflict (instead of top-level keys)."
    )
    assumptions: list[AssumptionSpec] = Field(
        default_factory=list, description="Alternative preference sets, applied on request."
    )
    agenda: Any = Field(None, description="Package-deal agenda (docs/scenario-format.md, Agenda).")
    dynamics: Any = Field(
        None, description="Reciprocity dynamics (docs/scenario-format.md, Dynamics).")

    _located: LocatedData | None = PrivateAttr(None)

    @property
    def located(self) -> LocatedData | None:
        """The parsed file and the line of each field path."""
        return self._located

    @property
    def file(self) -> str | None:
        """The file the document was read from."""
        return self._located.file if self._located else None

    @property
    def is_multi_model(self) -> bool:
        """Whether the file lists ``models``."""
        return self.models is not None

    def model_names(self) -> list[str]:
        """Names of the models (empty for a single-model file, whose model has no name)."""
        return [m.name for m in self.models or []]

    def default_model(self) -> str | None:
        """Name of the model marked ``default: true``, if any."""
        return next((m.name for m in self.models or [] if m.default), None)

    def model_body(self, name: str | None = None) -> tuple[ModelBody, tuple[str | int, ...]]:
        """The model's keys and its field path in the file (``()`` or ``("models", k)``).

        Raises :class:`ModelError` for an unknown name or, in a multi-model file without a
        default, when no name is given.
        """
        if self.models is None:
            if name is not None:
                raise ModelError(
                    f"the file holds one model, not named models, so '#{name}' cannot be "
                    "chosen; load the file without a model name",
                    file=self.file,
                )
            body = ModelBody(
                decision_makers=self.decision_makers or [],
                infeasible=self.infeasible or [],
                exclusive=self.exclusive or [],
                exactly_one=self.exactly_one or [],
                status_quo=self.status_quo,
                perceptions=self.perceptions or {},
                uncertainty=self.uncertainty or {},
            )
            return body, ()
        names = self.model_names()
        if name is None:
            name = self.default_model()
            if name is None:
                line = self._located.line(("models",)) if self._located else None
                raise ModelError(
                    "the file has several models and none is marked 'default: true'; choose "
                    "one with FILE#name, one of: " + ", ".join(names),
                    file=self.file,
                    line=line,
                    field="models",
                )
        if name not in names:
            line = self._located.line(("models",)) if self._located else None
            raise ModelError(
                f"no model named {name!r}. {did_you_mean(name, names)}",
                file=self.file,
                line=line,
                field="models",
            )
        k = names.index(name)
        return self.models[k], ("models", k)

    def assumption(self, name: str) -> tuple[AssumptionSpec, int]:
        """The assumption called ``name`` and its index; ModelError with a hint if unknown."""
        names = [a.name for a in self.assumptions]
        if name not in names:
            hint = did_you_mean(name, names) if names else "The file declares no assumptions."
            raise ModelError(f"no assumption named {name!r}. {hint}", file=self.file,
                             field="assumptions")
        k = names.index(name)
        return self.assumptions[k], k


# -- validation -----------------------------------------------------------------------------
_EXPECTED = {
    "string_type": "a text string",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)",
    "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "literal_error": None,
    "finite_number": "a finite number",
}


_describe = describe  # kept under its old name for the messages below


def _shape_hint(loc: Sequence[str | int], value: Any) -> str:
    """A pointer to the right shape for the most common slips."""
    names = [p for p in loc if isinstance(p, str)]
    last = names[-1] if names else ""
    if last == "options" and isinstance(loc[-1], int) and isinstance(value, str):
        return f"; an option is a mapping, e.g. {{id: {value}}}"
    if last == "preferences" and loc[-1] == "preferences":
        return "; write 'statements:', 'ranking:' or 'payoffs:' under it"
    if last == "decision_makers" and isinstance(loc[-1], int):
        return "; a decision maker is a mapping with 'name', 'options' and 'preferences'"
    return ""


def _clean_loc(loc: Sequence[str | int]) -> list[str | int]:
    return [p for p in loc if not (isinstance(p, str) and (p.startswith("~") or "[" in p))]


def validation_error(
    exc: ValidationError, doc: LocatedData, prefix: Sequence[str | int] = ()
) -> ModelError:
    """Turn a Pydantic ``ValidationError`` into a :class:`ModelError` at file, line, field.

    The first error is reported (with a count of the others); unknown keys come with the
    closest valid key, type errors say what was expected and what was found.
    """
    errs = exc.errors(include_url=False)
    first = errs[0]
    loc: list[str | int] = [*prefix, *_clean_loc(first["loc"])]
    kind = first["type"]
    ctx = first.get("ctx") or {}
    value = first.get("input")
    if kind == "unknown_field":
        loc.append(ctx["key"])
        hint = ctx.get("hint") or ""
        msg = f"unknown field {ctx['key']!r}." + (f" {hint}" if hint else "")
    elif kind == "missing":
        missing = loc.pop() if loc else "?"
        msg = f"missing required field {missing!r}"
    elif "detail" in ctx:
        msg = str(ctx["detail"])
    elif kind == "too_short":
        what = loc[-1] if loc and isinstance(loc[-1], str) else "this list"
        msg = f"{what!r} must not be empty" if isinstance(what, str) else "must not be empty"
        if loc and loc[-1] == "options":
            msg = "a decision maker needs at least one option"
    elif kind in _EXPECTED and _EXPECTED[kind]:
        msg = f"expected {_EXPECTED[kind]}, got {_describe(value)}"
        msg += _shape_hint(loc, value)
    elif kind == "literal_error":
        msg = f"{first['msg'][0].lower()}{first['msg'][1:]}, got {_describe(value)}"
    else:
        msg = first["msg"]
    if len(errs) > 1:
        n = len(errs) - 1
        msg += f" (and {n} more problem{'s' if n > 1 else ''})"
    return ModelError(msg, file=doc.file, line=doc.line(loc), field=field_path(loc) or None)


def validate_document(located: LocatedData) -> ScenarioDocument:
    """Validate parsed scenario data; return the document or raise a located ModelError.

    Checks the shape of every field, and the document-level rules: either top-level model
    keys or ``models``, unique model names, at most one default model, unique assumption
    names. Option ids, formulas and states are checked when a model is built
    (:func:`detente.model.loader.build_conflict`).
    """
    data = located.data
    if data is None:
        raise ModelError("the file is empty; a scenario needs at least 'decision_makers'",
                         file=located.file)
    if not isinstance(data, dict):
        raise ModelError(
            f"a scenario file is a mapping (title:, decision_makers:, …), got {_describe(data)}",
            file=located.file,
            line=located.line(()),
        )
    try:
        doc = ScenarioDocument.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, located) from None
    doc._located = located
    present = [k for k in MODEL_KEYS if k in data]
    if doc.models is not None:
        if present:
            raise located.error(
                f"{present[0]!r} belongs inside each model when the file lists 'models:'; "
                "move it into the models that need it",
                (present[0],),
            )
        if not doc.models:
            raise located.error("'models' lists no model", ("models",))
        seen: dict[str, int] = {}
        default_at: int | None = None
        for k, m in enumerate(doc.models):
            if m.name in seen:
                raise located.error(
                    f"model name {m.name!r} is used twice (also models[{seen[m.name]}])",
                    ("models", k, "name"),
                )
            seen[m.name] = k
            if m.default:
                if default_at is not None:
                    raise located.error(
                        f"only one model may be marked 'default: true' (models[{default_at}] "
                        "already is)",
                        ("models", k, "default"),
                    )
                default_at = k
    elif "decision_makers" not in data:
        where = (present[0],) if present else ()
        hints = [f"its {key}: section is analysed by 'detente {cmd} FILE'"
                 for key, cmd in (("agenda", "deals"), ("dynamics", "dynamics")) if key in data]
        raise located.error(
            "no conflict model: give 'decision_makers' (one model) or 'models' (several)"
            + (f"; {' and '.join(hints)}" if hints else ""), where
        )
    _check_selector_models(doc, located)
    seen_a: dict[str, int] = {}
    dm_names = {d.name for m in (doc.models or []) for d in m.decision_makers} | {
        d.name for d in doc.decision_makers or []
    }
    for k, a in enumerate(doc.assumptions):
        if a.name in seen_a:
            raise located.error(
                f"assumption name {a.name!r} is used twice (also assumptions[{seen_a[a.name]}])",
                ("assumptions", k, "name"),
            )
        seen_a[a.name] = k
        for dm in a.preferences:
            if dm not in dm_names:
                raise located.error(
                    f"unknown decision maker {dm!r}. {did_you_mean(dm, sorted(dm_names))}",
                    ("assumptions", k, "preferences", dm),
                )
    return doc


def _check_selector_models(doc: ScenarioDocument, located: LocatedData) -> None:
    """``models:`` on named states and observations: only at top level of a multi-model
    file, naming its models."""
    names = doc.model_names()
    for key in SHARED_KEYS:
        for k, entry in enumerate(getattr(doc, key)):
            if entry.models is None:
                continue
            if not doc.is_multi_model:
                raise located.error(
                    "'models' restricts an entry to some of the file's models; this file has "
                    "one model", (key, k, "models"))
            for j, m in enumerate(entry.models):
                if m not in names:
                    raise located.error(f"no model named {m!r}. {did_you_mean(m, names)}",
                                        (key, k, "models", j))
        for mk, model in enumerate(doc.models or []):
            for k, entry in enumerate(getattr(model, key)):
                if entry.models is not None:
                    raise located.error(
                        f"'models' belongs on top-level {key}; inside a model the entry "
                        "applies to that model", ("models", mk, key, k, "models"))


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario document.

    >>> schema = scenario_json_schema()
    >>> schema["type"], "decision_makers" in schema["properties"]
    ('object', True)
    """
    schema = ScenarioDocument.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "détente scenario",
        "description": (
            "A conflict described for détente: decision makers, their options and "
            "preferences, feasibility and the status quo (one model at top level, or several "
            "under 'models'), with optional agenda, dynamics and assumptions. See "
            "docs/scenario-format.md."
        ),
    }
    return schema
