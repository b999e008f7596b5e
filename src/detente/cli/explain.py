"""``detente explain``: why a state is or is not stable, with the witnesses, in plain words."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note_skipped, out, print_json


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def explain(
    source: str = opt.scenario(),
    state: str = typer.Argument(..., metavar="STATE",
                                help="A Y/N pattern (one letter per option) or status_quo."),
    dm: list[str] = typer.Option(
        None, "--dm", metavar="NAME", help="Explain for this decision maker only (repeatable). "
        "Default: every decision maker."),
    concepts: str = opt.concepts(),
    format: Format = opt.output_format(Format.text),
    max_memory: str = opt.max_memory(),
    assumption: str = opt.assumption(),
) -> None:
    """Why a state is or is not stable, with the moves and sanctions behind each verdict.

    For each decision maker and concept: every unilateral improvement, the sanctioning
    sequence found (who moves, which options, to which state), the SMR countermove and the
    SIM simultaneous moves, in plain sentences with the options' labels.

    Example: [bold]detente explain cuban-missile-crisis NYYN --dm "Soviet Union"[/]
    """
    from detente.api import explain as run
    from detente.report.explain_text import explanation_sections

    with LazyProgress("explaining") as bar:
        result = run(source, state, dm=dm or None, concepts=concepts, assumption=assumption,
                     max_memory=max_memory, progress=bar)
    note_skipped(result.skipped)
    if format == "json":
        print_json(result.to_dict())
        return
    for head, sentences in explanation_sections(result):
        out.print(head, style="bold", markup=False, highlight=False)
        for s in sentences:
            out.print(f"  - {s}", markup=False, highlight=False)
