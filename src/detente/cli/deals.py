"""``detente deals``: package deals over an agenda (Pareto frontier, ZOPA, solutions, trades)."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, fail, note, out, print_result


class TradesFrom(str, Enum):
    status_quo = "status_quo"
    nash = "nash"
    kalai_smorodinsky = "kalai_smorodinsky"
    egalitarian = "egalitarian"
    utilitarian = "utilitarian"


@app.command(rich_help_panel="Package deals")
def deals(
    files: list[str] = typer.Argument(
        ...,
        metavar="FILE|NAME | DOMAIN PROFILE...",
        help="Scenario file with an `agenda:` section (or a built-in scenario name); with "
        "--genius, a GENIUS domain file (.xml, or GeniusWeb .json) and one profile per party.",
    ),
    genius: bool = typer.Option(
        False, "--genius", help="Read GENIUS/GeniusWeb files: DOMAIN PROFILE1 PROFILE2 …; each "
        "party is named by its profile's file name without extension."
    ),
    format: opt.Format = opt.output_format(),
    top: int = typer.Option(10, "--top", "-k", min=0,
                            help="How many best packages by Nash product (and trades) to list."),
    max_ties: int = typer.Option(50, "--max-ties", "-t", min=0,
                                 help="Packages listed per frontier point and per solution "
                                 "(all are counted)."),
    trades_from: TradesFrom = typer.Option(
        TradesFrom.status_quo, "--trades-from",
        help="Reference package for trades: the status quo, or a solution's package."),
    max_memory: str = opt.max_memory(opt.MAX_MEMORY_DEFAULT_HELP),
    max_outcomes: str = typer.Option(
        None, "--max-outcomes", help="Refuse agendas with more packages than this, before "
        "any work, with the estimate (default 2e9, about 10 s)."),
    what_it_takes: str = typer.Option(
        None, "--what-it-takes", metavar='"issue=option,..."',
        help="What would bring this package into the zone of agreement (the least side "
        "payment, the single-issue concessions) or make it Pareto-optimal; issues not named "
        "stay at their status quo. See docs/inverse.md."),
) -> None:
    """Which package deals every side prefers: Pareto frontier, ZOPA, solutions, trades.

    Reads an agenda: issues, options, each party's weights, values and reservation.
    Reports the efficient packages and the zone of possible agreement;
    the Nash, Kalai–Smorodinsky, egalitarian and utilitarian solutions;
    the best packages by Nash product; and the two-issue trades that help every party.
    Definitions and references: docs/deals.md.

    Examples: [bold]detente deals water.yaml[/] ·
    [bold]detente deals water.yaml --format json --trades-from nash[/] ·
    [bold]detente deals --genius domain.xml buyer.xml seller.xml[/]
    """
    from detente.api import deals as run
    from detente.report.deals_text import render_deals

    if genius and len(files) < 3:
        fail("--genius needs a domain file and two or more profile files: "
             "detente deals --genius DOMAIN PROFILE1 PROFILE2 …")
    if not genius and len(files) != 1:
        fail("give one scenario file (or use --genius DOMAIN PROFILE… for GENIUS files)")
    with LazyProgress("packages") as bar:
        result = run(files[0], files[1:] if genius else None, top=top, max_ties=max_ties,
                     trades_from=trades_from.value, max_memory=max_memory,
                     max_outcomes=max_outcomes, what_it_takes=what_it_takes, progress=bar)
    for text in result.notes:
        note(text)
    print_result(result, format, lambda r: render_deals(r, top))
    advice = result.what_it_would_take
    if format != "json" and advice is not None:
        from detente.report.inverse_text import package_advice_lines
        from detente.report.safe_text import plain

        out.print(plain("What it would take", style="bold"))
        for line in package_advice_lines(advice):
            out.print(plain(f"  {line}"))
