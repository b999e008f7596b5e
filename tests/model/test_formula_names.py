"""Lone option ids and flat formulas are read without the Lark parser, exactly as the parser
reads them."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from detente.model.formula import (
    _LONE_NAME,
    FormulaSyntaxError,
    _flat_formula,
    _parser,
    _transformer,
    parse_formula,
)

KEYWORDS = ["iff", "if", "or", "and", "not", "true", "false", "IF", "Not", "tRuE"]
PIECES = st.sampled_from([*KEYWORDS, "a", "Z", "_", "x1", "-", ".", "0", "9", "fy", "_b",
                          " ", "(", "=", "&", "!", "é"])


def _by_lark(text: str):
    try:
        return _transformer().transform(_parser().parse(text))
    except Exception as exc:  # the parser refuses it
        return type(exc).__name__


def _by_parse_formula(text: str):
    try:
        return parse_formula(text)
    except FormulaSyntaxError:
        return "refused"


@given(st.lists(PIECES, min_size=1, max_size=5).map("".join))
def test_the_shortcut_agrees_with_the_parser(text: str) -> None:
    if _LONE_NAME.match(text):
        assert _by_parse_formula(text) == _by_lark(text)
        assert type(parse_formula(text).name) is str  # not a Lark token


def test_names_that_start_with_a_keyword() -> None:
    # taken by the shortcut: no keyword followed by a word boundary at the start
    for text in ["iffy", "order", "android", "note", "trueness", "if_x", "or1", "a-if"]:
        assert _LONE_NAME.match(text), text
        assert _by_parse_formula(text) == _by_lark(text)
    # left to the parser: it reads a keyword first
    for text in ["if-x", "not.a", "or", "TRUE", "and-b", "x y", "a=b", " a"]:
        assert not _LONE_NAME.match(text), text
    assert str(parse_formula(" a")) == "a"
    assert _by_parse_formula("not.a") == "refused"


def test_importing_and_reading_names_does_not_import_lark() -> None:
    code = ("import sys; from detente.model.formula import parse_formula; "
            "parse_formula('withdraw'); print('lark' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60)
    assert r.stdout.strip() == "False", r.stderr


# -- flat formulas: literals joined by one kind of operator, read without the parser --------
FLAT_PIECES = st.sampled_from([*KEYWORDS, "a", "Z", "_", "x1", "-", ".", "fy", " ", "  ",
                               "\t", "\n", "\v", "(", ")", "=", "&", "|", "!", "é", "<->",
                               "nota", "AND", "Or"])


@given(st.lists(FLAT_PIECES, min_size=1, max_size=9).map("".join))
def test_flat_formulas_agree_with_the_parser(text: str) -> None:
    flat, by_lark = _flat_formula(text), _by_lark(text)
    if flat is not None:
        assert flat == by_lark, text
    # whichever way parse_formula reads it, it reads what the parser reads, or refuses it
    assert _by_parse_formula(text) == ("refused" if isinstance(by_lark, str) else by_lark)


@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["a", "b-1", "x.y", "nota"])),
                min_size=1, max_size=6),
       st.sampled_from(["and", "&", "AND", "or", "|", "Or"]),
       st.sampled_from(["", " ", "  ", "\t"]))
def test_generated_flat_formulas_are_read_without_the_parser(literals, join, space) -> None:
    negate = ["not ", "!", f"NOT{space or ' '}"]
    parts = ["".join(negate[(k + i) % 3] for i in range(k)) + name for k, name in literals]
    glue = f" {join} " if join[0].isalpha() else f"{space}{join}{space}"
    text = glue.join(parts)
    flat = _flat_formula(text)
    assert flat is not None, text
    assert flat == _by_lark(text), text


def test_formulas_the_flat_reader_leaves_to_the_parser() -> None:
    for text in ["a and b or c", "(a and b)", "a if b", "a iff b", "a <-> b", "a = b",
                 "true and a", "a and", "and a", "a b", "a &", "a && b", "not-a and b",
                 "a and\vb", "a andb", "not " * 9 + "a", "a and b)"]:
        assert _flat_formula(text) is None, text
    assert _by_parse_formula("a and") == "refused"
    assert str(parse_formula("not not a and b")) == "not not a and b"


def test_reading_flat_formulas_does_not_import_lark() -> None:
    code = ("import sys; from detente.model.formula import parse_formula; "
            "parse_formula('withdraw and not escalate'); parse_formula('a | !b | c');"
            "print('lark' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=60)
    assert r.stdout.strip() == "False", r.stderr
