"""A lone option id is read without the Lark parser, exactly as the parser reads it."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from detente.model.formula import (
    _LONE_NAME,
    FormulaSyntaxError,
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
