"""``detente sensitivity``: which assumptions each verdict rests on."""

from __future__ import annotations

from typing import Any

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note_skipped, print_result


@app.command(rich_help_panel="Conflict analysis (graph model)")
def sensitivity(
    source: str = opt.scenario(),
    concepts: str = opt.concepts(
        "Comma-separated concepts: nash, gmr, smr, seq, sim, seqsim, or all. Default: those "
        "analyze computes by default."),
    states: str = typer.Option(
        None, "--states", metavar="S,S…",
        help="Report only these states (patterns, named states or status_quo)."),
    changes: str = typer.Option(
        None, "--changes", metavar="delete,swap",
        help="Kinds of single change: delete (drop a statement; merge two tie groups of a "
        "ranking) and swap (exchange two adjacent statements or tie groups). Default: both."),
    format: opt.Format = opt.output_format(),
    max_memory: str = opt.max_memory(),
    assumption: str = opt.assumption(opt.START_ASSUMPTION_HELP),
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
    max_work: float = opt.max_work(
        "With --samples: most work the draws may take (default 6e9, about 10 min in "
        "one process); larger ones are refused at once with the estimate."),
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
    from detente.api import sensitivity as run
    from detente.report.sensitivity_text import (
        render_combinations,
        render_sensitivity,
        render_uncertainty,
    )

    label = ("combinations" if combinations else "uncertainty" if samples is not None
             else "sensitivity")
    with LazyProgress(label) as bar:
        result = run(source, concepts, states=states, changes=changes,
                     combinations=combinations, assumptions=assumptions, samples=samples,
                     seed=seed, workers=workers, scheduler=scheduler, assumption=assumption,
                     max_memory=max_memory, max_work=max_work, progress=bar)
    note_skipped(dict(getattr(result, "skipped", {})))
    render: Any = (render_combinations if combinations else render_uncertainty
                   if samples is not None else render_sensitivity)
    print_result(result, format, render)
