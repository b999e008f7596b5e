"""``detente inverse``: what would have to change for a target state to be an equilibrium."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, out, print_json, state_option


class Format(str, Enum):
    table = "table"
    json = "json"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def inverse(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in scenario.",
    ),
    target: str = typer.Option(
        ..., "--target", "-t", metavar="STATE",
        help="The state that should be an equilibrium: a Y/N pattern or status_quo."),
    vary: str = typer.Option(
        None, "--vary", metavar='"DM=A-B;DM2=C-D"',
        help="Ranking ranges: put the tie groups at positions A..B of a decision maker's "
        "ranking (1 = most preferred) in every order, for every decision maker named, in "
        "every combination; count the combinations under which the target is an equilibrium "
        "and derive the necessary preferences."),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Comma-separated concepts among nash, gmr, smr, seq. Default: all four."),
    list_first: int = typer.Option(
        0, "--list", metavar="N", min=0,
        help="With --vary: also list the first N combinations in enumeration order."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Start from a named alternative preference set of the "
        "scenario."),
) -> None:
    """What would it take for a deal to hold? The inverse problem of the graph model.

    With --vary (the ranking-range question of GMCR+'s inverse solver, answered exactly and
    without enumerating): under how many orders of the ranges is the target an equilibrium
    under each concept, and which strict preferences does that require?

    Example: [bold]detente inverse cuban-missile-crisis --target NNYN --vary "United
    States=1-4;Soviet Union=2-5"[/]
    """
    run_inverse(source, target, vary, concepts, list_first, format.value, max_memory,
                assumption)


def run_inverse(
    source: str,
    target: str,
    vary: str | None = None,
    concepts: str | None = None,
    list_first: int = 0,
    format: str = "table",
    max_memory: str | None = None,
    assumption: str | None = None,
) -> None:
    from detente.graph.inverse.ranges import ranking_ranges
    from detente.model.errors import ModelError
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size
    from detente.report.inverse_text import render_ranges

    limit = parse_size(max_memory)
    if vary is None:
        raise ModelError("say what may change: --vary \"DM=A-B\" (ranking ranges)",
                         field="--vary")
    conflict = load_conflict(source, assumption=assumption) if assumption else load_conflict(
        source)
    state = state_option(conflict, target, "--target")  # an infeasible one: which rule
    with LazyProgress("inverse"):
        result = ranking_ranges(conflict, state, vary, concepts, list_first=list_first,
                                max_memory=limit)
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render_ranges(result):
        out.print(renderable)
