"""The briefing on the terminal (Rich): each section's question, then its short answer.

Only formatting: the sentences come from :mod:`detente.report.briefing`. The layout keeps
the briefing of the built-in summit scenario within 100 lines on an 80-column terminal; with
``detail="full"`` (``detente report --detail full``) each section's details follow its
answer.

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

__all__ = ["render_briefing", "DETAILS"]

#: The levels of detail: the short answers, or each answer followed by its details.
DETAILS = ("brief", "full")


def _print_lines(console: Console, lines: list[str], base: int = 3) -> None:
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        indent = " " * (base + 2 * depth)
        wrapped = textwrap.fill(visible(line.strip()), width=max(40, console.width),
                                initial_indent=indent, subsequent_indent=indent,
                                break_on_hyphens=False)
        console.print(plain(wrapped))


def render_briefing(briefing: Briefing, console: Console, report: str | None = None,
                    detail: str = "brief") -> None:
    """Print ``briefing`` on ``console``; ``report`` names the HTML file written, if any.

    ``detail``: ``"brief"`` (each question and its short answer) or ``"full"`` (each
    answer followed by the section's details, as the report gives them). Text from the
    scenario is printed as it is, never read as markup, with its control characters made
    visible (:mod:`detente.report.safe_text`), whatever the console.
    """
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    console.print(plain(f"détente briefing — {briefing.title}", style="bold"))
    if briefing.sources:
        source = textwrap.fill("Source: " + visible(briefing.sources[0]),
                               width=max(40, console.width))
        console.print(plain(source, style="dim"))
    # report-only sections are left out of the brief terminal briefing, not the full one
    shown = [s for s in briefing.sections if s.terminal or detail == "full"]
    for k, section in enumerate(shown, 1):
        console.print()
        console.print(plain(f"{k}. {section.question}", style="bold cyan"))
        _print_lines(console, section.answer)
        if detail == "full" and section.details:
            console.print(plain("   In detail:", style="dim"))
            _print_lines(console, section.details, base=5)
    console.print()
    if report:
        console.print(Text.assemble(("Full report:", "bold"), " ", plain(report),
                                    " (open it in a browser)"))
