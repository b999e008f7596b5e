"""``detente hypergame``: each side's perceived game, the hyper-equilibria and the surprises."""

from __future__ import annotations

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note_skipped, print_result


@app.command(rich_help_panel="Conflict analysis (graph model)")
def hypergame(
    source: str = opt.scenario(
        "Scenario file (.yaml/.json, FILE#model) with 'perceptions', GMCR+ .gmcr file, or "
        "built-in scenario."),
    concepts: str = opt.concepts(),
    format: opt.Format = opt.output_format(),
    max_memory: str = opt.max_memory(
        "Memory the whole hypergame may use, every perceived game included (e.g. 4G)."),
    assumption: str = opt.assumption(
        "Take the true preferences from a named alternative preference set of the scenario."),
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
    from detente.api import hypergame as run
    from detente.report.hypergame_text import render_hypergame

    with LazyProgress("hypergame") as bar:
        result = run(source, concepts, assumption=assumption, max_memory=max_memory,
                     max_surprises=max_surprises, progress=bar)
    note_skipped(dict(result.skipped))
    print_result(result, format,
                 lambda r: render_hypergame(r.games["actual"].conflict, r))
