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
    combinations: bool = typer.Option(
        False, "--combinations", help="Evaluate every combination of the file's named "
        "assumption sets (2^k, at most 10 sets): which keep today stable, keep each best "
        "outcome stable and reachable from today."),
    assumptions: str = typer.Option(
        None, "--assumptions", metavar="A,B,…",
        help="With --combinations: combine only these named sets."),
    samples: int = typer.Option(
        None, "--samples", metavar="N", min=1,
        help="Uncertain preferences (the scenario's 'uncertainty'): draw N preference "
        "profiles (or enumerate every one when there are at most N) and report each state's "
        "probability of being an equilibrium."),
    seed: int = typer.Option(0, "--seed", metavar="K", help="Seed of the draws (same seed, "
                             "same numbers, on any number of workers)."),
    workers: int = typer.Option(
        None, "--workers", metavar="N", min=1,
        help="With --samples: run the batches on a local Dask cluster of N processes."),
    scheduler: str = typer.Option(
        None, "--scheduler", metavar="tcp://HOST:PORT",
        help="With --samples: run the batches on an existing Dask cluster."),
) -> None:
    """Which preference statements each verdict rests on: every single change.

    For each decision maker, each statement is dropped and each pair of adjacent statements
    swapped (tie groups of a ranking are swapped or merged), one change at a time; every
    (state, concept) whose verdict — equilibrium or not — some change flips is listed with
    the changes that flip it.

    With --combinations: the headline verdicts under every combination of the file's named
    assumption sets. With --samples N: how likely each state is to be an equilibrium when
    the preferences the scenario declares uncertain are drawn at random.

    Example: [bold]detente sensitivity cuban-missile-crisis --concepts nash,seq[/]

    Example: [bold]detente sensitivity my-conflict.yaml --samples 10000 --seed 1 --workers 2[/]
    """
    if combinations:
        run_combinations(source, concepts, assumptions, format.value, max_memory)
    elif samples is not None:
        run_uncertainty(source, concepts, samples, seed, workers, scheduler, format.value,
                        max_memory, assumption)
    else:
        run_sensitivity(source, concepts, states, changes, format.value, max_memory,
                        assumption)


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


def run_combinations(source: str, concepts: str | None, assumptions: str | None,
                     format: str = "table", max_memory: str | None = None) -> None:
    from detente.graph.analysis import parse_concepts
    from detente.graph.combinations import combinations as run
    from detente.model.loader import assumption_combinations
    from detente.model.resources import parse_size
    from detente.report.sensitivity_text import render_combinations

    chosen = parse_concepts(concepts)
    limit = parse_size(max_memory)
    combos = assumption_combinations(source, parse_csv(assumptions))
    with LazyProgress("combinations") as bar:
        result = run(combos, chosen, max_memory=limit, progress=bar.tick)
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render_combinations(combos[0].conflict, result):
        out.print(renderable)


def run_uncertainty(source: str, concepts: str | None, samples: int, seed: int,
                    workers: int | None, scheduler: str | None, format: str = "table",
                    max_memory: str | None = None, assumption: str | None = None) -> None:
    from functools import partial

    from detente.graph.analysis import parse_concepts
    from detente.graph.batches import probe_scheduler, run_batches
    from detente.graph.uncertainty import uncertainty as run
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size
    from detente.report.sensitivity_text import render_uncertainty

    if scheduler is not None:
        probe_scheduler(scheduler)  # before any work: a clear error within seconds
    chosen = parse_concepts(concepts)
    limit = parse_size(max_memory)
    conflict = load_conflict(source, assumption=assumption)
    runner = partial(run_batches, workers=workers, scheduler=scheduler)
    with LazyProgress("uncertainty") as bar:
        result = run(conflict, chosen, samples=samples, seed=seed, max_memory=limit,
                     runner=runner, progress=bar.tick, on_plan=bar.plan)
    note_skipped(dict(result.skipped))
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render_uncertainty(conflict, result):
        out.print(renderable)
