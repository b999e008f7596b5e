"""Formulas over options (and, for agendas, ``issue = option`` atoms): one grammar for détente.

A formula is written for people::

    freeze_nato iff end_separatist_support
    intervene if (admit_ukraine and not freeze_nato)
    syria = drawdown iff iran = pressure

Operators, weakest binding first: ``iff`` (p ↔ q), ``if`` (``q if p`` means p → q),
``or``, ``and``, ``not``; parentheses group; ``true`` and ``false`` are constants. Keywords
are case-insensitive; ``&``, ``|``, ``!`` are accepted for ``and``, ``or``, ``not``. Atoms are
option ids, or ``issue = option`` pairs in agenda constraints. The text is parsed with Lark
(an LALR grammar), never evaluated as Python; a lone option id and a flat formula (literals
joined by one kind of operator) are read without building the parser, exactly as it reads
them (:func:`_flat_formula`).

Examples
--------
>>> f = parse_formula("q if p and not r")
>>> sorted(f.names())
['p', 'q', 'r']
>>> bool(f.evaluate(lambda atom: {"p": True, "q": False, "r": False}[atom.name]))
False
>>> str(parse_formula("(a iff (b or c))"))
'a iff b or c'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.model.errors import ModelError

if TYPE_CHECKING:  # Lark is imported when a formula other than a lone option id is parsed
    from lark import Lark, Tree
    from lark.exceptions import UnexpectedInput

__all__ = [
    "Formula",
    "Var",
    "IssueIs",
    "Const",
    "Not",
    "And",
    "Or",
    "Implies",
    "Iff",
    "parse_formula",
    "conjunction",
    "FormulaSyntaxError",
]

_GRAMMAR = r"""
?start: iff_expr
?iff_expr: if_expr (_IFF if_expr)*
?if_expr: or_expr (_IF or_expr)?
?or_expr: and_expr (_OR and_expr)*
?and_expr: not_expr (_AND not_expr)*
?not_expr: _NOT not_expr -> negation
         | atom
?atom: NAME "=" NAME  -> issue_is
     | _TRUE          -> true
     | _FALSE         -> false
     | NAME           -> var
     | "(" iff_expr ")"

_IFF.2: /iff\b/i | "<->"
_IF.2: /if\b/i
_OR.2: /or\b/i | "|"
_AND.2: /and\b/i | "&"
_NOT.2: /not\b/i | "!"
_TRUE.2: /true\b/i
_FALSE.2: /false\b/i
NAME: /[A-Za-z_][A-Za-z0-9_.\-]*/

%import common.WS
%ignore WS
"""


class FormulaSyntaxError(ModelError):
    """A formula that does not parse; the message points at the column."""


class Formula:
    """Base class of formula nodes (immutable, hashable)."""

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        """Evaluate with ``atom`` giving the value (bool or NumPy bool array) of each atom.

        Arrays broadcast, so atoms that vary along different axes combine into the full
        shape only where needed.
        """
        raise NotImplementedError

    def atoms(self) -> list[Formula]:
        """Every atom (``Var`` or ``IssueIs``) in the formula, in order of appearance."""
        raise NotImplementedError

    def names(self) -> set[str]:
        """Names of the options (``Var``) and issues (``IssueIs``) the formula mentions."""
        out: set[str] = set()
        for a in self.atoms():
            out.add(a.name if isinstance(a, Var) else a.issue)  # type: ignore[attr-defined]
        return out

    def _prec(self) -> int:
        return 9

    def _wrap(self, child: Formula, strict: bool = False) -> str:
        if child._prec() < self._prec() or (strict and child._prec() == self._prec()):
            return f"({child})"
        return str(child)


@dataclass(frozen=True)
class Var(Formula):
    """An option id: true where the option is taken (Y)."""

    name: str

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return atom(self)

    def atoms(self) -> list[Formula]:
        return [self]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class IssueIs(Formula):
    """``issue = option``: true for packages that settle ``issue`` with ``option``."""

    issue: str
    option: str

    @property
    def name(self) -> str:
        return f"{self.issue} = {self.option}"

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return atom(self)

    def atoms(self) -> list[Formula]:
        return [self]

    def __str__(self) -> str:
        return f"{self.issue} = {self.option}"


@dataclass(frozen=True)
class Const(Formula):
    """``true`` or ``false``."""

    value: bool

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return self.value

    def atoms(self) -> list[Formula]:
        return []

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(frozen=True)
class Not(Formula):
    operand: Formula

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return np.logical_not(self.operand.evaluate(atom))

    def atoms(self) -> list[Formula]:
        return self.operand.atoms()

    def _prec(self) -> int:
        return 5

    def __str__(self) -> str:
        return f"not {self._wrap(self.operand)}"


@dataclass(frozen=True)
class And(Formula):
    operands: tuple[Formula, ...]

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        out: Any = True
        for op in self.operands:
            out = np.logical_and(out, op.evaluate(atom))
        return out

    def atoms(self) -> list[Formula]:
        return [a for op in self.operands for a in op.atoms()]

    def _prec(self) -> int:
        return 4

    def __str__(self) -> str:
        return " and ".join(self._wrap(o) for o in self.operands)


@dataclass(frozen=True)
class Or(Formula):
    operands: tuple[Formula, ...]

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        out: Any = False
        for op in self.operands:
            out = np.logical_or(out, op.evaluate(atom))
        return out

    def atoms(self) -> list[Formula]:
        return [a for op in self.operands for a in op.atoms()]

    def _prec(self) -> int:
        return 3

    def __str__(self) -> str:
        return " or ".join(self._wrap(o) for o in self.operands)


@dataclass(frozen=True)
class Implies(Formula):
    """``consequent if antecedent``: antecedent → consequent."""

    antecedent: Formula
    consequent: Formula

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return np.logical_or(
            np.logical_not(self.antecedent.evaluate(atom)), self.consequent.evaluate(atom)
        )

    def atoms(self) -> list[Formula]:
        return self.consequent.atoms() + self.antecedent.atoms()

    def _prec(self) -> int:
        return 2

    def __str__(self) -> str:
        return f"{self._wrap(self.consequent, True)} if {self._wrap(self.antecedent, True)}"


@dataclass(frozen=True)
class Iff(Formula):
    left: Formula
    right: Formula

    def evaluate(self, atom: Callable[[Formula], Any]) -> Any:
        return np.equal(
            np.asarray(self.left.evaluate(atom), dtype=bool),
            np.asarray(self.right.evaluate(atom), dtype=bool),
        )

    def atoms(self) -> list[Formula]:
        return self.left.atoms() + self.right.atoms()

    def _prec(self) -> int:
        return 1

    def __str__(self) -> str:
        return f"{self._wrap(self.left)} iff {self._wrap(self.right, True)}"


@lru_cache(maxsize=1)
def _transformer() -> Any:
    """Lark's parse tree to :class:`Formula` nodes (the class is made when first needed, so
    that importing this module does not import Lark)."""
    from lark import Token, Transformer

    class _ToAst(Transformer):  # type: ignore[misc]
        def var(self, items: list[Any]) -> Formula:
            return Var(str(items[0]))

        def issue_is(self, items: list[Any]) -> Formula:
            return IssueIs(str(items[0]), str(items[1]))

        def true(self, _items: list[Any]) -> Formula:
            return Const(True)

        def false(self, _items: list[Any]) -> Formula:
            return Const(False)

        def negation(self, items: list[Any]) -> Formula:
            return Not(items[-1])

        def and_expr(self, items: list[Any]) -> Formula:
            return And(tuple(i for i in items if not isinstance(i, Token)))

        def or_expr(self, items: list[Any]) -> Formula:
            return Or(tuple(i for i in items if not isinstance(i, Token)))

        def if_expr(self, items: list[Any]) -> Formula:
            items = [i for i in items if not isinstance(i, Token)]
            return Implies(antecedent=items[1], consequent=items[0])

        def iff_expr(self, items: list[Any]) -> Formula:
            items = [i for i in items if not isinstance(i, Token)]
            out = items[0]
            for nxt in items[1:]:
                out = Iff(out, nxt)
            return out

    return _ToAst()


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from lark import Lark

    return Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False)


#: A lone option id that the grammar reads as ``var``: a NAME that does not start with a
#: keyword followed by a word boundary (the lexer would take the keyword; see _GRAMMAR).
_LONE_NAME = re.compile(r"(?!(?:iff|if|or|and|not|true|false)\b)[A-Za-z_][A-Za-z0-9_.\-]*\Z",
                        re.IGNORECASE)


#: The pieces of a flat formula (literals joined by one kind of operator), each as the
#: grammar's lexer reads it: whitespace it ignores, a negation, an option id (not a keyword
#: followed by a word boundary: the lexer prefers the keyword), and ``and``/``or``.
_WS = re.compile(r"[ \t\f\r\n]*")
_NEGATION = re.compile(r"(?:not\b|!)", re.IGNORECASE)
_NAME = re.compile(r"(?!(?:iff|if|or|and|not|true|false)\b)[A-Za-z_][A-Za-z0-9_.\-]*",
                   re.IGNORECASE)
_JOIN = re.compile(r"(and\b|&)|(or\b|\|)", re.IGNORECASE)
#: Negations a literal of a flat formula may carry; more go to the parser (and its check of
#: the nesting depth).
_FLAT_NEGATIONS = 8


def _flat_formula(text: str) -> Formula | None:
    """The formula the parser gives for ``text`` when it is flat: literals (option ids, each
    under a few ``not``/``!``) joined by ``and``/``&`` only or by ``or``/``|`` only; else
    ``None`` (parentheses, ``if``, ``iff``, ``=``, constants, mixed operators, mistakes).

    Most constraints people write have this shape; reading them this way spares importing
    Lark and building its parser (most of the start-up of a small job). A property test
    checks it against the parser.

    >>> _flat_formula("a and !b & not c")
    And(operands=(Var(name='a'), Not(operand=Var(name='b')), Not(operand=Var(name='c'))))
    >>> _flat_formula("a and b or c") is None
    True
    """
    operands: list[Formula] = []
    kind = None  # the operator group matched first: 1 for and, 2 for or
    pos = _WS.match(text).end()  # type: ignore[union-attr]
    while True:
        negations = 0
        while (m := _NEGATION.match(text, pos)) is not None:
            negations += 1
            pos = _WS.match(text, m.end()).end()  # type: ignore[union-attr]
        name = _NAME.match(text, pos)
        if name is None or negations > _FLAT_NEGATIONS:
            return None
        node: Formula = Var(name.group())
        for _ in range(negations):
            node = Not(node)
        operands.append(node)
        pos = _WS.match(text, name.end()).end()  # type: ignore[union-attr]
        if pos == len(text):
            break
        join = _JOIN.match(text, pos)
        if join is None or (kind is not None and join.lastindex != kind):
            return None
        kind = join.lastindex
        pos = _WS.match(text, join.end()).end()  # type: ignore[union-attr]
    if len(operands) == 1:
        return operands[0]
    return And(tuple(operands)) if kind == 1 else Or(tuple(operands))


_TOKEN_NAMES = {
    "_IFF": "'iff'", "_IF": "'if'", "_OR": "'or'", "_AND": "'and'", "_NOT": "'not'",
    "_TRUE": "'true'", "_FALSE": "'false'", "NAME": "an option id", "LPAR": "'('",
    "RPAR": "')'", "EQUAL": "'='", "$END": "the end",
}


@lru_cache(maxsize=4096)
def parse_formula(text: str) -> Formula:
    """Parse a formula; raise :class:`FormulaSyntaxError` saying where and what was expected.

    >>> parse_formula("a and (b or not c)")
    And(operands=(Var(name='a'), Or(operands=(Var(name='b'), Not(operand=Var(name='c'))))))
    >>> parse_formula("a and")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    detente.model.formula.FormulaSyntaxError: formula 'a and' is incomplete at column 6: ...
    """
    if not isinstance(text, str) or not text.strip():
        raise FormulaSyntaxError("a formula must be a non-empty string")
    if _LONE_NAME.match(text):  # what the parser gives for it, without building the parser
        return Var(text)
    flat = _flat_formula(text)
    if flat is not None:
        return flat
    from lark.exceptions import UnexpectedInput

    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:  # report the column and what would have fitted
        raise _syntax_error(text, exc) from None
    depth = _depth(tree)
    if depth > MAX_NESTING:  # the AST and everything that walks it are recursive
        raise FormulaSyntaxError(
            f"formula {_shorten(text)!r} nests {depth} levels deep; at most {MAX_NESTING} "
            "are allowed (split it into several formulas)")
    return _transformer().transform(tree)  # type: ignore[no-any-return]


#: Deepest nesting of operators a formula may have (people write a handful).
MAX_NESTING = 100


def _depth(tree: Tree) -> int:
    """Nesting depth of a parse tree, without recursion."""
    from lark import Tree

    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in node.children if isinstance(c, Tree))
    return deepest


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _syntax_error(text: str, exc: UnexpectedInput) -> FormulaSyntaxError:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    col = getattr(exc, "column", None)
    expected: set[str] = set()
    if isinstance(exc, UnexpectedToken | UnexpectedEOF):
        expected = set(exc.expected)
    elif isinstance(exc, UnexpectedCharacters):
        expected = set(exc.allowed or ())
    names = sorted({_TOKEN_NAMES.get(e, repr(e.lower())) for e in expected})
    hint = ""
    if names:
        shown = names[:3]
        hint = ": expected " + " or ".join(shown) + (" or ..." if len(names) > 3 else "")
    if isinstance(exc, UnexpectedEOF) or (
        isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
    ):
        col = len(text) + 1
        return FormulaSyntaxError(f"formula {text!r} is incomplete at column {col}{hint}")
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream
        ch = text[pos] if pos is not None and pos < len(text) else "?"
        return FormulaSyntaxError(
            f"formula {text!r} has an unexpected character {ch!r} at column {col}{hint}"
        )
    tok = getattr(exc, "token", "")
    return FormulaSyntaxError(f"formula {text!r} has unexpected {str(tok)!r} at column {col}{hint}")


def conjunction(literals: list[tuple[str, bool]]) -> Formula:
    """The conjunction of literals ``(option id, taken?)`` (a GMCR+ condition)."""
    parts: list[Formula] = [Var(n) if v else Not(Var(n)) for n, v in literals]
    if not parts:
        return Const(True)
    return parts[0] if len(parts) == 1 else And(tuple(parts))
