"""LibYAML's fast path of :func:`detente.model.yamlio.parse_text` against the reference path
(PyYAML's Python parser): the same data and lines for every document both accept, and the
reference's own error whenever the fast path meets anything it does not take.

The mutated texts are the places where the two parsers could differ (a character removed,
doubled or replaced, a tab or a control character, the text cut): on each, ``parse_text``
with LibYAML must give exactly what it gives without it — the same data and lines, or the
same error message, line and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.model import yamlio
from detente.model.errors import ModelError

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted([*(ROOT / "src" / "detente" / "scenarios").glob("*.yaml"),
                *(ROOT / "tests").rglob("*.yaml"), *(ROOT / "docs").rglob("*.yaml"),
                *(ROOT / "src" / "detente" / "web" / "templates").glob("*.yaml")])
SMALL = [p for p in FILES if p.stat().st_size < 6000][:40]

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__,
                                reason="PyYAML built without LibYAML: one path only")


def _outcome(text: str, fast: bool) -> Any:
    saved = yamlio._CComposer
    if not fast:
        yamlio._CComposer = None
    try:
        doc = yamlio.parse_text(text, "f.yaml")
        return ("ok", doc.data, doc.lines)
    except ModelError as exc:
        return ("error", exc.message, exc.line, exc.field)
    finally:
        yamlio._CComposer = saved


def test_fast_path_is_taken() -> None:
    # not a no-op: a valid document comes from LibYAML, not from the reference parser
    assert yamlio._parse_fast("a: [1, 2]\n", "f.yaml") is not None
    assert yamlio._parse_fast("a: [1, 2\n", "f.yaml") is None  # an error: the reference's


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(text, True) == _outcome(text, False)


def test_deep_nesting_is_the_reference_error() -> None:
    for depth in (yamlio.MAX_DEPTH - 3, yamlio.MAX_DEPTH - 1, yamlio.MAX_DEPTH,
                  yamlio.MAX_DEPTH + 1, 2000):
        for text in ("[" * depth + "]" * depth, "a:\n" + "".join(
                " " * i + "- " + "\n" for i in range(0, 2 * min(depth, 300), 2))):
            assert _outcome(text, True) == _outcome(text, False), (depth, text[:40])


def test_exponent_numbers_read_as_numbers() -> None:
    assert _outcome("a: 1e5\nb: '1e5'\n", True) == ("ok", {"a": 1e5, "b": "1e5"},
                                                   {(): 1, ("a",): 1, ("b",): 2})


EDITS = st.sampled_from([
    "", "\t", "?", "|#", ">-#", "\x00", "\x7f", "\U0001F600", "\r\n", " ", ":", "-", "[",
    "]", "{", "}", "'", '"', "#", "&a", "*a", "<<: *a", "!!python/object ", "\x07", "\ufeff",
    "\x85", "\u2028", "é", "\n", "  ", "? ", "|", ">", "%YAML 1.1\n", "---\n"])


@settings(max_examples=60)
@given(st.sampled_from(SMALL), st.data())
def test_mutated_texts_read_the_same(path: Path, data: st.DataObject) -> None:
    text = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        cut = data.draw(st.integers(0, 3), label="cut")
        text = text[:at] + data.draw(EDITS, label="insert") + text[at + cut:]
    assert _outcome(text, True) == _outcome(text, False)
