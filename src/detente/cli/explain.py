"""``detente explain``: why a state is or is not stable, with the witnesses, in plain words."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, note_skipped, out, print_json


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def explain(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in scenario.",
    ),
    state: str = typer.Argument(..., metavar="STATE",
                                help="A Y/N pattern (one letter per option) or status_quo."),
    dm: list[str] = typer.Option(
        None, "--dm", metavar="NAME", help="Explain for this decision maker only (repeatable). "
        "Default: every decision maker."),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Comma-separated concepts: nash, gmr, smr, seq, sseq, fseq, sim, seqsim, or all. "
        "Default: "
        "those analyze computes by default."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Use a named alternative preference set of the scenario."),
) -> None:
    """Why a state is or is not stable, with the moves and sanctions behind each verdict.

    For each decision maker and concept: every unilateral improvement, the sanctioning
    sequence found (who moves, which options, to which state), the SMR countermove and the
    SIM simultaneous moves, in plain sentences with the options' labels.

    Example: [bold]detente explain cuban-missile-crisis NYYN --dm "Soviet Union"[/]
    """
    run_explain(source, state, dm or None, concepts, format.value, max_memory, assumption)


def run_explain(
    source: str,
    state: str,
    dms: list[str] | None = None,
    concepts: str | None = None,
    format: str = "text",
    max_memory: str | None = None,
    assumption: str | None = None,
) -> None:
    from detente.api import explain
    from detente.report.explain_text import explanation_sections

    with LazyProgress("explaining") as bar:
        result = explain(source, state, dm=dms, concepts=concepts, assumption=assumption,
                         max_memory=max_memory, progress=bar)
    note_skipped(result.skipped)
    if format == "json":
        print_json(result.to_dict())
        return
    for head, sentences in explanation_sections(result):
        out.print(head, style="bold", markup=False, highlight=False)
        for s in sentences:
            out.print(f"  - {s}", markup=False, highlight=False)
