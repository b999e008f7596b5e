"""``detente inverse``: what would have to change for a target state to be an equilibrium."""

from __future__ import annotations

from typing import Any

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, print_result


@app.command(rich_help_panel="Conflict analysis (graph model)")
def inverse(
    source: str = opt.scenario(),
    target: str = typer.Option(
        ..., "--target", "-t", metavar="STATE",
        help="The state that should be an equilibrium: a Y/N pattern or status_quo."),
    vary: str = typer.Option(
        None, "--vary", metavar='"DM=A-B;DM2=C-D"',
        help="Ranking ranges: put the tie groups at positions A..B of a decision maker's "
        "ranking (1 = most preferred) in every order, for every decision maker named, in "
        "every combination; count the combinations under which the target is an equilibrium "
        "and derive the necessary preferences."),
    concepts: str = opt.concepts(
        "Comma-separated concepts among nash, gmr, smr, seq. Default: all four."),
    list_first: int = typer.Option(
        0, "--list", metavar="N", min=0,
        help="With --vary: also list the first N combinations in enumeration order."),
    minimal: bool = typer.Option(
        False, "--minimal",
        help="The fewest preference changes (delete or swap statements; swap adjacent tie "
        "groups of a ranking) that make the target an equilibrium under every concept given "
        "(default seq)."),
    dm: list[str] = typer.Option(
        None, "--dm", metavar="NAME",
        help="With --minimal: a decision maker allowed to change (repeat it; default every "
        "decision maker)."),
    reachable: bool = typer.Option(
        False, "--reachable",
        help="With --minimal: the target must also be reachable from the status quo."),
    moves: str = typer.Option(
        "ui", "--moves", metavar="ui|any|coalition",
        help="With --reachable: unilateral improvements (ui, default), any moves, or "
        "unilateral and coalitional improvements (coalition), as detente paths --moves."),
    top: int = typer.Option(5, "--top", metavar="K", min=1,
                            help="With --minimal: list up to K minimal solutions."),
    max_changes: int = typer.Option(
        3, "--max-changes", metavar="N", min=0,
        help="With --minimal: look for at most N changes (default 3)."),
    changes: str = typer.Option(
        "auto", "--changes", metavar="auto|ranking",
        help="With --minimal: auto (statements for decision makers given by statements, tie "
        "groups otherwise) or ranking (every decision maker as a ranking of its tie groups: "
        "the Kendall-tau distance)."),
    method: str = typer.Option(
        "search", "--method", metavar="search|ilp",
        help="With --minimal: exact search by increasing number of changes, or the "
        "Kendall-tau integer programme (HiGHS; implies --changes ranking)."),
    time_limit: float = typer.Option(
        10.0, "--time-limit", metavar="SECONDS", min=0.1,
        help="With --method ilp: stop after this long with the best solution and the proven "
        "bound."),
    format: opt.Format = opt.output_format(),
    max_memory: str = opt.max_memory(),
    assumption: str = opt.assumption(opt.START_ASSUMPTION_HELP),
) -> None:
    """What would it take for a deal to hold? The inverse problem of the graph model.

    With --vary (the ranking-range question of GMCR+'s inverse solver, answered exactly and
    without enumerating): under how many orders of the ranges is the target an equilibrium
    under each concept, and which strict preferences does that require?

    With --minimal: the fewest preference changes that make the target an equilibrium
    (and, with --reachable, reachable from today), each solution in words.

    Example: [bold]detente inverse cuban-missile-crisis --target NNYN --vary "United
    States=1-4;Soviet Union=2-5"[/]

    Example: [bold]detente inverse summit-2021 --target YNNYYNYN --minimal --reachable[/]
    """
    from detente.api import inverse as run
    from detente.graph.inverse import MinimalResult
    from detente.report.inverse_text import render_minimal, render_ranges

    with LazyProgress("inverse") as bar:
        result = run(source, target, vary=vary, concepts=concepts, list_first=list_first,
                     minimal=minimal, dm=dm or None, reachable=reachable, moves=moves,
                     top=top, max_changes=max_changes, changes=changes, method=method,
                     time_limit=time_limit, assumption=assumption, max_memory=max_memory,
                     progress=bar)
    render: Any = render_minimal if isinstance(result, MinimalResult) else render_ranges
    print_result(result, format, render)
