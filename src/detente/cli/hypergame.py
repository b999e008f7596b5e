"""``detente hypergame``: each side's perceived game, the hyper-equilibria and the surprises."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, note_skipped, out, print_json


class Format(str, Enum):
    table = "table"
    json = "json"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def hypergame(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model) with 'perceptions', GMCR+ .gmcr file, "
        "or built-in scenario.",
    ),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Comma-separated concepts: nash, gmr, smr, seq, sseq, fseq, sim, seqsim, or all. "
        "Default: "
        "those analyze computes by default."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory",
        help="Memory the whole hypergame may use, every perceived game included (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Take the true preferences from a named alternative "
        "preference set of the scenario."),
    max_surprises: int = typer.Option(
        10_000, "--max-surprises", min=0, metavar="N",
        help="List at most N surprises (all are counted in surprise_counts)."),
) -> None:
    """How each side sees the conflict: a first-level hypergame analysis.

    Each decision maker plays the game as it perceives it (its own preferences, the others'
    as the scenario's 'perceptions' say it believes them). Shows the equilibria each side
    expects, the states stable for each side in its own game, the hyper-equilibria (stable
    for every side in its own game) against the true game's equilibria, and the surprises:
    improvements a side has, by its true preferences, that another side does not expect.

    Example: [bold]detente hypergame my-conflict.yaml --concepts nash,seq[/]
    """
    run_hypergame(source, concepts, format.value, max_memory, assumption, max_surprises)


def run_hypergame(
    source: str,
    concepts: str | None = None,
    format: str = "table",
    max_memory: str | None = None,
    assumption: str | None = None,
    max_surprises: int | None = 10_000,
) -> None:
    from detente.api import hypergame
    from detente.report.hypergame_text import render_hypergame

    with LazyProgress("hypergame") as bar:
        result = hypergame(source, concepts, assumption=assumption, max_memory=max_memory,
                           max_surprises=max_surprises, progress=bar)
    note_skipped(dict(result.skipped))
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render_hypergame(result.games["actual"].conflict, result):
        out.print(renderable)
