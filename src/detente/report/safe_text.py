"""User text made safe to show on a terminal: no markup, no control characters.

Titles, names, labels, option ids, rationales and file names come from files other people
wrote. On a terminal, two things in them must never act:

- **Control characters.** An ESC (``\\x1b``) starts a terminal command: colours, moving the
  cursor, clearing the screen, changing the window title, even (on some terminals) writing
  to the clipboard. :func:`visible` writes every C0 control character except newline and
  tab, DEL, every C1 control character (``\\x80``–``\\x9f``, which some terminals also obey)
  and unpaired surrogates (which cannot be encoded at all) as a visible Python-style escape,
  e.g. ``\\x1b``; likewise the bidirectional override, embedding and isolate controls
  (``\\u202e`` turns the rest of a line around).
- **Rich markup.** Rich reads ``[red]…[/red]``, ``[link=…]`` and ``[/]`` in strings as
  styles, hyperlinks and closing tags (a stray ``[/]`` is an error). Text from a file is
  therefore never given to Rich as markup: it goes in :class:`~rich.text.Text` objects
  (:func:`plain`), or through :func:`escape_markup` where it must sit inside markup.

:class:`SafeConsole` is the console the command line prints with: markup, emoji codes and
highlighting off, every string it renders passed through :func:`visible` before layout, and
a render hook that makes any control character left in the final output visible, so that no
renderer can forget. JSON output keeps the user's text exactly: :func:`visible_json` only
writes the few characters JSON leaves raw as ``\\u`` escapes, which decode to the same text.
HTML is escaped separately, by :mod:`detente.report.html`.

Examples
--------
>>> visible("Russia\\x1b]0;pwned\\x07")
'Russia\\\\x1b]0;pwned\\\\x07'
>>> visible("two\\nlines\\tand a tab")
'two\\nlines\\tand a tab'
>>> escape_markup("[red]A[/red] [/]")
'\\\\[red]A\\\\[/red] \\\\[/]'
>>> plain("[/] B", style="bold").plain
'[/] B'
>>> visible_json('"a\\x7fb"')
'"a\\\\u007fb"'
"""

from __future__ import annotations

import re

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.markup import escape
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

__all__ = ["visible", "escape_markup", "plain", "visible_json", "SafeConsole", "UNSAFE"]

#: Characters never written raw to a terminal: C0 controls except tab and newline, DEL, C1
#: controls, unpaired surrogates, and the bidirectional embedding, override and isolate
#: controls (U+202A–U+202E, U+2066–U+2069), which reorder the text shown after them (a name
#: holding U+202E shows the rest of the line reversed: "Trojan Source", CVE-2021-42574).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character (but newline and tab) written as an escape."""
    return UNSAFE.sub(_escape_char, text)


def escape_markup(text: str) -> str:
    """User ``text`` to embed in a Rich markup string: control characters visible, markup
    escaped (shown literally)."""
    return escape(visible(text))


def plain(text: str, style: str | Style = "") -> Text:
    """User ``text`` as a Rich :class:`~rich.text.Text` (never read as markup), control
    characters visible."""
    return Text(visible(text), style=style)


def visible_json(text: str) -> str:
    """JSON ``text`` with the characters JSON leaves raw (DEL, C1 controls, unpaired
    surrogates, bidirectional controls) written as ``\\u`` escapes; it decodes to the same
    data.

    Those characters can only occur inside JSON strings, where the escape is valid.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Visible:
    """Wraps a renderable so that control characters in its output text are made visible
    (after layout: a last line of defence; strings are made visible before layout)."""

    def __init__(self, renderable: ConsoleRenderable | RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            text, style, control = segment
            if control or not UNSAFE.search(text):
                yield segment
            else:
                yield Segment(visible(text), style)


class _VisibleHook(RenderHook):
    def process_renderables(
        self, renderables: list[ConsoleRenderable]
    ) -> list[ConsoleRenderable]:
        return [_Visible(r) for r in renderables]  # type: ignore[misc]


class SafeConsole(Console):
    """A Rich console for user text: no markup, emoji codes or highlighting in strings, and
    no control character reaching the terminal.

    Styles are given with ``style=`` or :class:`~rich.text.Text`, never as markup.

    >>> import io
    >>> c = SafeConsole(file=io.StringIO(), width=40)
    >>> c.print("[/] [red]A[/red] :smile: \\x1b[2J")
    >>> c.file.getvalue()
    '[/] [red]A[/red] :smile: \\\\x1b[2J\\n'
    """

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("highlight", False)
        super().__init__(markup=False, emoji=False, **kwargs)  # type: ignore[arg-type]
        self.push_render_hook(_VisibleHook())

    def render_str(self, text: str, **kwargs: object) -> Text:  # type: ignore[override]
        """Render a string without markup, its control characters made visible."""
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(visible(text), **kwargs)  # type: ignore[arg-type]
