"""``detente report``: the briefing on the terminal and a self-contained HTML report."""

from __future__ import annotations

from enum import Enum

import typer

from detente.api import DEFAULT_REPORT_FOLDER as DEFAULT_OUT
from detente.api import DEFAULT_SCENARIO
from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note, out


class Detail(str, Enum):
    brief = "brief"
    full = "full"


@app.command(rich_help_panel="Reports")
def report(
    source: str = typer.Argument(
        DEFAULT_SCENARIO, metavar="[FILE|NAME]",
        help="Scenario file (.yaml/.json) or built-in scenario name. Default: the 2021 "
        "US–Russia summit.",
    ),
    out_dir: str = typer.Option(
        DEFAULT_OUT, "--out", "-o", metavar="DIR",
        help="Folder for report.html (created if needed).",
    ),
    open_: bool = typer.Option(False, "--open", help="Open the report in a web browser."),
    max_memory: str = opt.max_memory("Memory each analysis may use (e.g. 4G)."),
    detail: Detail = typer.Option(
        Detail.brief, "--detail", "-d",
        help="brief (the questions and short answers, about one screen) or full (each "
        "answer followed by its details)."),
) -> None:
    """Every analysis that applies to a scenario, as a briefing and an HTML report.

    Prints the findings that matter first (where today leads, traps, the deals that would
    hold and what holds them, the best package, the spiral), then the questions and short
    answers (stable outcomes, today's position, paths to a deal, package deals, the
    reciprocity spiral, alternative assumptions; --detail full adds each section's
    details) and writes DIR/report.html, one file that works offline.

    Example: [bold]detente report summit-2021 --out briefing --open[/]
    """
    run_report(source, out_dir, open_, max_memory, detail.value)


def run_report(source: str = DEFAULT_SCENARIO, out_dir: str = DEFAULT_OUT,
               open_browser: bool = False, max_memory: str | None = None,
               detail: str = "brief") -> None:
    """Build the briefing of ``source``, print it and write the report into ``out_dir``."""
    from detente.api import briefing, check_report_folder, report
    from detente.model.resources import parse_size
    from detente.report.terminal import render_briefing

    parse_size(max_memory)  # a bad size before anything else
    check_report_folder(out_dir)  # say so before the analysis (a name too long raises here)
    with LazyProgress("briefing") as bar:
        b = briefing(source, max_memory=max_memory, progress=bar)
        path = report(b, out_dir)
    render_briefing(b, out, report=str(path), detail=detail)
    if open_browser:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            note(f"could not open a browser; open {path} yourself")
