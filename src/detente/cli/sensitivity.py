"""``detente sensitivity``: which assumptions each verdict rests on."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, note_skipped, out, parse_csv, print_json


class Format(str, Enum):
    table = "table"
    json = "json"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def sensitivity(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in "
        "scenario.",
    ),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Comma-separated concepts: nash, gmr, smr, seq, sim, seqsim, or all. Default: "
        "those analyze computes by default."),
    states: str = typer.Option(
        None, "--states", metavar="S,S…",
        help="Report only these states (patterns, named states or status_quo)."),
    changes: str = typer.Option(
        None, "--changes", metavar="delete,swap",
        help="Kinds of single change: delete (drop a statement; merge two tie groups of a "
        "ranking) and swap (exchange two adjacent statements or tie groups). Default: both."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Start from a named alternative preference set of the "
        "scenario."),
) -> None:
    """Which preference statements each verdict rests on: every single change.

    For each decision maker, each statement is dropped and each pair of adjacent statements
    swapped (tie groups of a ranking are swapped or merged), one change at a time; every
    (state, concept) whose verdict — equilibrium or not — some change flips is listed with
    the changes that flip it.

    Example: [bold]detente sensitivity cuban-missile-crisis --concepts nash,seq[/]
    """
    run_sensitivity(source, concepts, states, changes, format.value, max_memory, assumption)


def run_sensitivity(
    source: str,
    concepts: str | None = None,
    states: str | None = None,
    changes: str | None = None,
    format: str = "table",
    max_memory: str | None = None,
    assumption: str | None = None,
) -> None:
    from detente.graph.analysis import parse_concepts
    from detente.graph.sensitivity import parse_changes
    from detente.graph.sensitivity import sensitivity as run
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size
    from detente.report.sensitivity_text import render_sensitivity

    chosen = parse_concepts(concepts)
    kinds = parse_changes(changes)
    limit = parse_size(max_memory)
    conflict = load_conflict(source, assumption=assumption)
    wanted = parse_csv(states)
    patterns = None
    if wanted is not None:
        patterns = [conflict.pattern(conflict.parse_state(s)) for s in wanted]
    with LazyProgress("sensitivity") as bar:
        result = run(conflict, chosen, changes=kinds, states=patterns, max_memory=limit,
                     progress=bar.tick, on_plan=bar.plan)
    note_skipped(dict(result.skipped))
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render_sensitivity(conflict, result, patterns):
        out.print(renderable)
