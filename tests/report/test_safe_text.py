"""User text on a terminal: control characters visible, never read as Rich markup."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from detente.report.briefing import build_briefing
from detente.report.safe_text import (
    UNSAFE,
    SafeConsole,
    escape_markup,
    plain,
    visible,
    visible_json,
)
from detente.report.terminal import render_briefing

HOSTILE = "[/] [red]x[/red] [link=http://e]x[/link] \x1b]0;title\x07 \x9b2J \x7f"


def test_every_control_character_is_made_visible() -> None:
    for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]:
        shown = visible(f"a{chr(code)}b")
        assert shown == f"a\\x{code:02x}b"
    assert visible("\ud800") == "\\ud800"
    assert visible("tab\there\nnewline é ✓ 日本") == "tab\there\nnewline é ✓ 日本"


def test_bidirectional_controls_are_made_visible() -> None:
    """U+202E (right-to-left override) in a name turned the rest of the terminal line
    around ("Trojan Source"); the embedding, override and isolate controls are shown as
    escapes, in terminal text and in JSON, while right-to-left text itself is left alone."""
    for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        assert visible(f"a{chr(code)}b") == f"a\\u{code:04x}b"
        assert visible_json(f'"a{chr(code)}b"') == f'"a\\u{code:04x}b"'
    assert visible("שלום مرحبا") == "שלום مرحبا"


@given(st.text())
def test_visible_leaves_nothing_unsafe_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    assert visible(shown) == shown
    shown.encode("utf-8")  # always printable, even with unpaired surrogates


@given(st.text())
def test_json_escaping_keeps_the_text(text: str) -> None:
    import json

    dumped = visible_json(json.dumps({"name": text}, ensure_ascii=False))
    assert json.loads(dumped) == {"name": text}
    assert UNSAFE.search(dumped) is None


def test_markup_is_shown_literally() -> None:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(escape_markup(HOSTILE))
    console.print(plain(HOSTILE))
    lines = console.file.getvalue().splitlines()
    assert lines == [visible(HOSTILE)] * 2


def _hostile_table() -> Table:
    table = Table(title=HOSTILE)
    table.add_column(HOSTILE)
    table.add_row(HOSTILE)
    table.add_row(plain(HOSTILE))
    return table


def test_safe_console_on_a_terminal_sends_no_user_control_sequence() -> None:
    # On a colour terminal the output holds Rich's own SGR sequences (ESC [ … m), but no
    # window-title (OSC), hyperlink (OSC 8), screen-clearing or other sequence from the text.
    console = SafeConsole(file=io.StringIO(), width=200, force_terminal=True,
                          color_system="truecolor")
    console.print(HOSTILE, style="bold")
    console.print(_hostile_table())
    raw = console.file.getvalue()
    assert "\x1b]" not in raw and "\x07" not in raw and "\x9b" not in raw
    assert "\x1b[2J" not in raw
    assert visible(HOSTILE) in raw


def test_safe_console_strings_are_not_markup() -> None:
    console = SafeConsole(file=io.StringIO(), width=200)
    console.print(_hostile_table())
    console.print(HOSTILE, ":smile:")
    raw = console.file.getvalue()
    assert UNSAFE.search(raw) is None
    assert raw.count(visible(HOSTILE)) == 5  # title, header, both rows, the line
    assert f"{visible(HOSTILE)} :smile:" in raw


def test_safe_console_catches_what_a_renderer_forgot() -> None:
    from rich.text import Text

    console = SafeConsole(file=io.StringIO(), width=200)
    console.print(Text("forgot \x1b[2J"))  # a Text is not a string: the hook catches it
    assert console.file.getvalue() == "forgot \\x1b[2J\n"


def test_briefing_shows_names_literally_on_any_console(tmp_path) -> None:
    import json

    scenario = tmp_path / "h.json"
    scenario.write_text(json.dumps({
        "title": HOSTILE, "sources": [HOSTILE], "status_quo": "NN",
        "decision_makers": [
            {"name": f"A {HOSTILE}", "options": [{"id": "a", "label": "La"}],
             "preferences": {"statements": ["a"]}},
            {"name": "B", "options": [{"id": "b"}], "preferences": {"statements": ["b"]}}]}),
        encoding="utf-8")
    console = Console(file=io.StringIO(), width=300, color_system=None)  # markup on
    render_briefing(build_briefing(str(scenario)), console, report="out/[/]report.html")
    raw = console.file.getvalue()
    assert UNSAFE.search(raw) is None
    assert f"A {visible(HOSTILE)}" in raw
    assert "out/[/]report.html" in raw
