"""The briefing on the terminal (Rich): each section's question, then its short answer.

Only formatting: the sentences come from :mod:`detente.report.briefing`. The layout keeps a
full briefing of the built-in summit scenario under 80 lines on an 80-column terminal.

Examples
--------
>>> import io
>>> from rich.console import Console
>>> from detente.report.briefing import build_briefing
>>> console = Console(width=100, record=True, color_system=None, file=io.StringIO())
>>> render_briefing(build_briefing("prisoners-dilemma"), console)
>>> console.export_text().splitlines()[0]
"détente briefing — Prisoner's Dilemma"
"""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.text import Text

from detente.report.briefing import Briefing
from detente.report.safe_text import plain, visible

__all__ = ["render_briefing"]


def render_briefing(briefing: Briefing, console: Console, report: str | None = None) -> None:
    """Print ``briefing`` on ``console``; ``report`` names the HTML file written, if any.

    Text from the scenario is printed as it is, never read as markup, with its control
    characters made visible (:mod:`detente.report.safe_text`), whatever the console.
    """
    console.print(plain(f"détente briefing — {briefing.title}", style="bold"))
    if briefing.sources:
        source = textwrap.fill("Source: " + visible(briefing.sources[0]),
                               width=max(40, console.width))
        console.print(plain(source, style="dim"))
    shown = [s for s in briefing.sections if s.terminal]
    for k, section in enumerate(shown, 1):
        console.print()
        console.print(plain(f"{k}. {section.question}", style="bold cyan"))
        for line in section.answer:
            depth = (len(line) - len(line.lstrip(" "))) // 2
            indent = " " * (3 + 2 * depth)
            wrapped = textwrap.fill(visible(line.strip()), width=max(40, console.width),
                                    initial_indent=indent, subsequent_indent=indent,
                                    break_on_hyphens=False)
            console.print(plain(wrapped))
    console.print()
    if report:
        console.print(Text.assemble(("Full report:", "bold"), " ", plain(report),
                                    " (open it in a browser)"))
