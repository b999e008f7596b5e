"""``detente dynamics``: reciprocity spirals and the policies that end them."""

from __future__ import annotations

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, print_result


@app.command(rich_help_panel="Reciprocity dynamics")
def dynamics(
    file: str = typer.Argument(
        None, metavar="[FILE|NAME]",
        help="Scenario file with a `dynamics:` section (or a built-in scenario name). Omit it "
        "to run from the options alone (sides A and B, Axelrod's payoffs, the ten policies)."),
    analyses: str = typer.Option(
        None, "--analyses", "-a",
        help="Comma-separated: match, tournament, recovery, sweep, richardson. Default: every "
        "analysis the model allows."),
    noise: float = typer.Option(
        None, "--noise",
        help="Symmetric noise: probability that a move comes out as its opposite, both sides "
        "seeing it (the Axelrod library's noise). E.g. --noise 0.05."),
    misperception: str = typer.Option(
        None, "--misperception", metavar="SIDE=P,…",
        help="Per-side probability of misreading the other side's move, e.g. "
        "--misperception 'Russia=0.1,United States=0.02'."),
    slip: str = typer.Option(
        None, "--slip", metavar="SIDE=P,…",
        help="Per-side probability that a side's own move comes out wrong, e.g. --slip A=0.01."),
    policies: str = typer.Option(
        None, "--policies", "-p",
        help="Policies to compare, first = current: 'Tit For Tat,GRIT,Generous TFT' for both "
        "sides, or per side 'United States=TFT,GRIT; Russia=TFT'. Names of the Axelrod "
        "library's strategies are accepted too."),
    rounds: int = typer.Option(None, "--rounds", "-r", help="Rounds per match (e.g. 200)."),
    repetitions: int = typer.Option(
        None, "--repetitions", "-n", help="Matches per pair of policies (e.g. 100)."),
    seed: int = typer.Option(None, "--seed", help="Random seed; the same seed gives the same "
                             "numbers."),
    format: opt.Format = opt.output_format(),
    max_work: float = opt.max_work(
        "Most match-rounds the analyses may simulate (default 4e8, about a minute); "
        "larger runs are refused at once with the estimate."),
) -> None:
    """How reciprocity spirals go, and which policies end them.

    One match round by round, a tournament of policies under noise (with confidence
    intervals), recovery after one spurious defection, cooperation against noise, and
    Richardson's arms-race model.

    Examples: [bold]detente dynamics --noise 0.05[/] ·
    [bold]detente dynamics summit.yaml --analyses match,recovery[/] ·
    [bold]detente dynamics --policies 'TFT,GTFT,CTFT,GRIT' --misperception A=0.1 -f json[/]
    """
    from detente.api import dynamics as run
    from detente.report.dynamics_text import render_dynamics

    with LazyProgress("dynamics") as bar:
        result = run(file, analyses=analyses, noise=noise, misperception=misperception,
                     slip=slip, policies=policies, rounds=rounds, repetitions=repetitions,
                     seed=seed, max_work=max_work, progress=bar)
    print_result(result, format, render_dynamics)
