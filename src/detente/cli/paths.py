"""``detente paths``: status quo analysis — where the conflict can go from a state, and how."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note_skipped, print_result


class Moves(str, Enum):
    ui = "ui"
    any = "any"
    coalition = "coalition"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def paths(
    source: str = opt.scenario(),
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
    concepts: str = opt.concepts(
        "Concepts whose reachable equilibria are reported (as in analyze; default its "
        "default set)."),
    format: opt.Format = opt.output_format(),
    max_memory: str = opt.max_memory(),
    assumption: str = opt.assumption(),
    max_work: float = opt.max_work(
        "With --moves coalition: most (state, move) pairs the coalitional searches may "
        "examine (default 4e10, a few minutes); larger ones are refused at once with the "
        "estimate."),
) -> None:
    """Where the conflict can go from today: reachable states, paths, equilibria in reach.

    Status quo analysis (Li, Kilgour & Hipel 2005): the states reachable by legal sequences
    of moves, in how few steps, the states first reached at each step, a shortest path to
    each reachable equilibrium, and every shortest path to a --to state.

    Example: [bold]detente paths cuban-missile-crisis --to NNYN[/]
    """
    from detente.api import status_quo
    from detente.report.paths_text import render_paths

    with LazyProgress("status quo analysis") as bar:
        result = status_quo(source, start, to=to, moves=moves.value, max_steps=max_steps,
                            max_paths=max_paths, concepts=concepts, assumption=assumption,
                            max_memory=max_memory, max_work=max_work, progress=bar)
    note_skipped(result.skipped)
    print_result(result, format, render_paths)
