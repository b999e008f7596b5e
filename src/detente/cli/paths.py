"""``detente paths``: status quo analysis — where the conflict can go from a state, and how."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, note_skipped, out, print_json


class Format(str, Enum):
    table = "table"
    json = "json"


class Moves(str, Enum):
    ui = "ui"
    any = "any"
    coalition = "coalition"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def paths(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in scenario.",
    ),
    start: str = typer.Option(
        None, "--from", metavar="STATE",
        help="Start state: a Y/N pattern or status_quo. Default: the model's status quo "
        "(required when the model declares none).",
    ),
    to: str = typer.Option(
        None, "--to", metavar="STATE",
        help="List every shortest path to this state (at most --max-paths) and count them.",
    ),
    moves: Moves = typer.Option(
        Moves.ui, "--moves",
        help="ui: unilateral improvements (default); any: any unilateral moves; coalition: "
        "unilateral improvements and coalitional improvements of any coalition.",
    ),
    max_steps: int = typer.Option(
        None, "--max-steps", metavar="K", min=0,
        help="Look at most K steps ahead (bounds everything reported). Default: no bound.",
    ),
    max_paths: int = typer.Option(
        20, "--max-paths", metavar="M", min=0, help="At most M paths to the --to state.",
    ),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Concepts whose reachable equilibria are reported (as in analyze; default "
        "its default set).",
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Use a named alternative preference set of the scenario."),
    max_work: float = typer.Option(
        None, "--max-work", metavar="N", min=0,
        help="With --moves coalition: most (state, move) pairs the coalitional searches may "
        "examine (default 4e10, a few minutes); larger ones are refused at once with the "
        "estimate."),
) -> None:
    """Where the conflict can go from today: reachable states, paths, equilibria in reach.

    Status quo analysis (Li, Kilgour & Hipel 2005): the states reachable by legal sequences
    of moves, in how few steps, the states first reached at each step, a shortest path to
    each reachable equilibrium, and every shortest path to a --to state.

    Example: [bold]detente paths cuban-missile-crisis --to NNYN[/]
    """
    run_paths(source, start, to, moves.value, max_steps, max_paths, concepts, format.value,
              max_memory, assumption, max_work)


def run_paths(
    source: str,
    start: str | None = None,
    to: str | None = None,
    moves: str = "ui",
    max_steps: int | None = None,
    max_paths: int = 20,
    concepts: str | None = None,
    format: str = "table",
    max_memory: str | None = None,
    assumption: str | None = None,
    max_work: float | None = None,
) -> None:
    from detente.api import status_quo
    from detente.report.paths_text import render_paths

    with LazyProgress("status quo analysis") as bar:
        result = status_quo(source, start, to=to, moves=moves, max_steps=max_steps,
                            max_paths=max_paths, concepts=concepts, assumption=assumption,
                            max_memory=max_memory, max_work=max_work, progress=bar)
    note_skipped(result.skipped)
    if format == "json":
        print_json(result.to_dict())
    else:
        for renderable in render_paths(result):
            out.print(renderable)
