"""``detente analyze``: stability of every state under each GMCR concept, and the equilibria."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, err, out, print_json


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Detail(str, Enum):
    equilibria = "equilibria"
    stability = "stability"
    full = "full"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def analyze(
    source: str = typer.Argument(
        ...,
        metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model for one model of several), GMCR+ .gmcr "
        "file, or built-in scenario name (see `detente scenarios`).",
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    concepts: str = typer.Option(
        None,
        "--concepts",
        "-c",
        help="Comma-separated concepts: nash, gmr, smr, seq, sim, seqsim, or all. Default: "
        "all six (SIM and SEQ&SIM are left out on large models, with a note).",
    ),
    detail: Detail = typer.Option(
        Detail.equilibria,
        "--detail",
        "-d",
        help="equilibria; stability (each DM's stable states per concept); full (also every "
        "state's payoff ranks).",
    ),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G). Default: 75% of the "
        "available memory."
    ),
    assumption: str = typer.Option(
        None, "--assumption", help="Analyse under a named alternative preference set of the "
        "scenario's `assumptions`."
    ),
) -> None:
    """Which states are stable for each decision maker, and the equilibria.

    Example: [bold]detente analyze cuban-missile-crisis --concepts nash,seq[/]
    """
    run_analyze(source, format.value, concepts, detail.value, max_memory, assumption)


def run_analyze(
    source: str,
    format: str = "table",
    concepts: str | None = None,
    detail: str = "equilibria",
    max_memory: str | None = None,
    assumption: str | None = None,
) -> None:
    from detente.graph.analysis import analyze as run
    from detente.graph.analysis import parse_concepts
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size
    from detente.report.tables import analysis_markdown, render_analysis

    chosen = parse_concepts(concepts)
    limit = parse_size(max_memory)
    conflict = load_conflict(source, assumption=assumption) if assumption else load_conflict(
        source)
    with LazyProgress("analysing") as bar:
        result = run(conflict, chosen, max_memory=limit, progress=bar.tick, on_plan=bar.plan)
    for reason in dict.fromkeys(result.skipped.values()):
        err.print(f"[yellow]note:[/] {reason}")
    if format == "json":
        print_json(result.to_dict(detail))
    elif format == "markdown":
        sys.stdout.write(analysis_markdown(result, detail) + "\n")
    else:
        for renderable in render_analysis(result, detail, width=out.width):
            out.print(renderable)
