"""Named states and observed outcomes of a conflict model.

A pattern such as ``YNNNYYNYN`` is exact but unreadable. A scenario may name the states a
reader cares about (``today``, ``bandow-deal``, ``nato-at-war``) in a ``states:`` list, and
record what actually happened, with dates, in an ``observations:`` list. Both pick out
states in the same two ways:

- an **exact state**: a pattern, the list of option ids taken, or ``status_quo``;
- a **class of states**: a formula over option ids (a partial assignment such as
  ``intervene and not admit_ukraine``, or any formula) — every feasible state satisfying it.

Names make output readable (:meth:`detente.model.conflict.Conflict.state_name`); exact
named states can be typed wherever a state is asked for. Observations let any scenario check
its predictions against history (:func:`detente.graph.retrospective.retrospective`).

Examples
--------
>>> from detente.model.formula import parse_formula
>>> war = NamedState(name="war", formula=parse_formula("a and b"))
>>> war.matches(0b011, {"a": 0, "b": 1}), war.matches(0b001, {"a": 0, "b": 1})
(True, False)
>>> NamedState(name="today", decimal=5).matches(5, {})
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from detente.model.formula import Formula, Var
from detente.model.provenance import Source

if TYPE_CHECKING:
    import numpy as np

__all__ = ["StateSet", "NamedState", "Observation", "STATE_KEYWORDS", "state_name_problem"]

#: Words that stand for the status quo on the command line; no named state may take them.
STATE_KEYWORDS = frozenset({"status_quo", "sq", "status-quo"})

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_FORMULA_WORDS = frozenset({"not", "and", "or", "if", "iff", "true", "false"})


def state_name_problem(text: str) -> str | None:
    """Why ``text`` cannot name a state, or ``None`` when it can.

    A state name is typed on command lines, so it is written like an option id (a letter or
    ``_``, then letters, digits, ``_``, ``-``, ``.``); it may not be made of Y and N only
    (it would read as a pattern), nor be a formula keyword or a word for the status quo.

    >>> state_name_problem("bandow-deal") is None
    True
    >>> state_name_problem("YNY").split(":")[0]
    "'YNY' reads as a pattern"
    """
    if not _NAME_RE.match(text):
        return (f"{text!r} is not a valid state name: start with a letter or '_', then use "
                "letters, digits, '_', '-' or '.'")
    if not set(text.upper()) - {"Y", "N"}:
        return f"{text!r} reads as a pattern: a state name needs a letter other than Y and N"
    if text.lower() in _FORMULA_WORDS or text.lower() in STATE_KEYWORDS:
        return (f"{text!r} is a reserved word (formula keyword or status quo) and cannot name "
                "a state")
    return None


@dataclass(frozen=True, kw_only=True)
class StateSet:
    """An exact state (``decimal``) or a class of states (``formula``), as written (``text``)."""

    decimal: int | None = None
    formula: Formula | None = None
    text: str = ""

    @property
    def exact(self) -> bool:
        """Whether this is one exact state."""
        return self.decimal is not None

    def matches(self, decimal: int, index: Mapping[str, int]) -> bool:
        """Whether the state ``decimal`` belongs here; ``index`` maps option ids to their
        bit."""
        if self.decimal is not None:
            return int(decimal) == self.decimal
        formula = self._formula()

        def atom(a: Formula) -> bool:
            return bool((int(decimal) >> index[_option(a).name]) & 1)

        return bool(formula.evaluate(atom))

    def mask(self, decimals: np.ndarray, index: Mapping[str, int]) -> np.ndarray:
        """For many states at once (decimals as an array): which belong here."""
        import numpy as np

        d = np.asarray(decimals, dtype=np.int64)
        if self.decimal is not None:
            return d == self.decimal
        formula = self._formula()

        def atom(a: Formula) -> np.ndarray:
            return ((d >> index[_option(a).name]) & 1).astype(bool)

        return np.broadcast_to(np.asarray(formula.evaluate(atom), dtype=bool),
                               d.shape).copy()

    def _formula(self) -> Formula:
        if self.formula is None:
            raise ValueError("a state set is one exact state or a formula; this has neither")
        return self.formula


def _option(a: Formula) -> Var:
    """The option atom of a conflict formula (a TypeError for any other kind of atom)."""
    if not isinstance(a, Var):
        raise TypeError(f"conflict formulas hold option atoms, not {a!r}")
    return a


@dataclass(frozen=True, kw_only=True)
class NamedState(StateSet):
    """A named state (or class of states) of a model.

    Attributes
    ----------
    name:
        The name, usable wherever a state is typed (exact states only).
    label:
        A short human-readable title.
    description:
        What the state means.
    """

    name: str = ""
    label: str = ""
    description: str = ""

    def to_dict(self, patterns: Any = None) -> dict[str, Any]:
        """Plain data (``patterns``: a function from decimal to pattern, for exact states)."""
        out: dict[str, Any] = {"name": self.name, "label": self.label,
                               "description": self.description}
        if self.decimal is not None:
            out["pattern"] = patterns(self.decimal) if patterns else self.decimal
        else:
            out["formula"] = str(self.formula)
        return out


@dataclass(frozen=True, kw_only=True)
class Observation(StateSet):
    """What was observed to happen at a date: a state or a class of states.

    Attributes
    ----------
    date:
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    label:
        A short title (``Geneva summit``).
    description:
        What happened.
    state_name:
        The named state it was given as, if any.
    source:
        Where the record comes from.
    """

    date: str = ""
    label: str = ""
    description: str = ""
    state_name: str | None = None
    source: Source = field(default_factory=Source)

    def to_dict(self, patterns: Any = None) -> dict[str, Any]:
        """Plain data (``patterns``: a function from decimal to pattern, for exact states)."""
        out: dict[str, Any] = {"date": self.date, "label": self.label,
                               "description": self.description}
        if self.state_name:
            out["state_name"] = self.state_name
        if self.decimal is not None:
            out["pattern"] = patterns(self.decimal) if patterns else self.decimal
        else:
            out["formula"] = str(self.formula)
        out["source"] = {"kind": self.source.kind, "citation": self.source.citation,
                         "quotes": list(self.source.quotes)}
        return out
