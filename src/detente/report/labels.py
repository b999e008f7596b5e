"""The scenario's own words for its ids, for every human-readable output.

A scenario names its options, issues, packages' options and parties with ids (``fill_fast``,
``upstream``) and, usually, with labels ("Fill the reservoir fast", "Upstream state").
Reports speak in labels: a reader of a briefing should never have to decode an id. These
helpers turn ids into labels (the id when no label is given); JSON keeps the ids.

- :func:`formula_text`: a preference statement or constraint with each option's label in
  quotes (``not "Fill the reservoir fast" or "Share real-time flow data"``);
- :func:`party_text`, :func:`issue_text`, :func:`option_text`: agenda labels by id;
- :func:`package_text`: a package as ``issue label: option label`` pairs.

Examples
--------
>>> from detente.model.formula import parse_formula
>>> formula_text(parse_formula("not a or b"), {"a": "Fill fast", "b": "Share data"}.get)
'not “Fill fast” or “Share data”'
>>> formula_text(parse_formula("(a or b) and not c"), {"a": "A"}.get)
'(“A” or b) and not c'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from detente.model.formula import (
    And,
    Const,
    Formula,
    Iff,
    Implies,
    IssueIs,
    Not,
    Or,
    Var,
)

__all__ = ["formula_text", "conflict_formula_text", "party_text", "issue_text",
           "option_text", "package_text"]

Lookup = Callable[[str], "str | None"]


def _prec(f: Formula) -> int:
    return f._prec()


def formula_text(formula: Formula, label: Lookup, issue_label: Callable[[str, str], str]
                 | None = None) -> str:
    """The formula with each option written as its label in quotes (the id when ``label``
    gives none), keeping the formula's own words (``not``, ``and``, ``or``, ``if``, ``iff``)
    and its grouping."""

    def wrap(parent: Formula, child: Formula, strict: bool = False) -> str:
        text = go(child)
        if _prec(child) < _prec(parent) or (strict and _prec(child) == _prec(parent)):
            return f"({text})"
        return text

    def go(f: Formula) -> str:
        if isinstance(f, Var):
            name = label(f.name)
            return f"“{name}”" if name else f.name
        if isinstance(f, IssueIs):
            return issue_label(f.issue, f.option) if issue_label else str(f)
        if isinstance(f, Const):
            return str(f)
        if isinstance(f, Not):
            return f"not {wrap(f, f.operand)}"
        if isinstance(f, And):
            return " and ".join(wrap(f, o) for o in f.operands)
        if isinstance(f, Or):
            return " or ".join(wrap(f, o) for o in f.operands)
        if isinstance(f, Implies):
            return f"{wrap(f, f.consequent, True)} if {wrap(f, f.antecedent, True)}"
        if isinstance(f, Iff):
            return f"{wrap(f, f.left)} iff {wrap(f, f.right, True)}"
        return str(f)

    return go(formula)


def conflict_formula_text(conflict: Any, formula: Formula) -> str:
    """:func:`formula_text` with the labels of a conflict model's options."""
    labels = {o.id: o.label for o in conflict.options if o.label}
    return formula_text(formula, labels.get)


def party_text(agenda: Any, party_id: str) -> str:
    """An agenda party's label (its id when it has none)."""
    for p in agenda.parties:
        if p.id == party_id:
            return p.text
    return party_id


def issue_text(agenda: Any, issue_id: str) -> str:
    """An agenda issue's label (its id when it has none)."""
    return agenda.issues[agenda.issue_index(issue_id)].text


def option_text(agenda: Any, issue_id: str, option_id: str) -> str:
    """The label of one option of an agenda issue (its id when it has none)."""
    iss = agenda.issues[agenda.issue_index(issue_id)]
    return iss.options[iss.option_index(option_id)].text


def package_text(agenda: Any, package: Mapping[str, str], sep: str = "; ") -> str:
    """A package (issue id → option id) as ``issue label: option label`` pairs."""
    return sep.join(f"{issue_text(agenda, i)}: {option_text(agenda, i, o)}"
                    for i, o in package.items())
