"""``detente deals``: package deals over an agenda (Pareto frontier, ZOPA, solutions, trades)."""

from __future__ import annotations

import math
from enum import Enum
from typing import Any

import typer

from detente.cli.common import LazyProgress, app, fail, note, out, print_json


class Format(str, Enum):
    table = "table"
    json = "json"


class TradesFrom(str, Enum):
    status_quo = "status_quo"
    nash = "nash"
    kalai_smorodinsky = "kalai_smorodinsky"
    egalitarian = "egalitarian"
    utilitarian = "utilitarian"


#: Frontier points shown in the table (all are in the JSON).
FRONTIER_ROWS = 30


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
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    top: int = typer.Option(10, "--top", "-k", min=0,
                            help="How many best packages by Nash product (and trades) to list."),
    max_ties: int = typer.Option(50, "--max-ties", "-t", min=0,
                                 help="Packages listed per frontier point and per solution "
                                 "(all are counted)."),
    trades_from: TradesFrom = typer.Option(
        TradesFrom.status_quo, "--trades-from",
        help="Reference package for trades: the status quo, or a solution's package."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G). Default: 75% of the "
        "available memory."),
    max_outcomes: str = typer.Option(
        None, "--max-outcomes", help="Refuse agendas with more packages than this, before "
        "any work, with the estimate (default 2e9, about 10 s)."),
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
    from detente.bargain.analysis import analyze_deals
    from detente.bargain.outcomes import DEFAULT_MAX_OUTCOMES
    from detente.model.resources import parse_size

    if genius:
        if len(files) < 3:
            fail("--genius needs a domain file and two or more profile files: "
                 "detente deals --genius DOMAIN PROFILE1 PROFILE2 …")
        from detente.bargain.outcomes import check_outcomes
        from detente.model.genius import read_genius, read_genius_domain

        # the packages follow from the domain alone: refuse before reading the profiles
        domain = read_genius_domain(files[0])
        check_outcomes([len(i.options) for i in domain.issues],
                       DEFAULT_MAX_OUTCOMES if max_outcomes is None else _count(max_outcomes))
        agenda = read_genius(files[0], files[1:])
    else:
        if len(files) != 1:
            fail("give one scenario file (or use --genius DOMAIN PROFILE… for GENIUS files)")
        from detente.model.agenda import load_agenda

        agenda = load_agenda(files[0])
    limit = parse_size(max_memory)
    cap = DEFAULT_MAX_OUTCOMES if max_outcomes is None else _count(max_outcomes)
    with LazyProgress("packages") as bar:
        def progress(phase: str, done: int, total: int) -> None:
            if phase == "packages":
                bar.plan(total)
                bar.done = done - 1
                bar.tick(f"chunk {done}/{total}")

        result = analyze_deals(agenda, max_ties=max_ties, top=top,
                               trades_from=trades_from.value, max_memory=limit,
                               max_outcomes=cap, progress=progress)
    for text in result.notes:
        note(text)
    if format == Format.json:
        print_json(result.to_dict())
    else:
        for renderable in render_deals(result, top):
            out.print(renderable)


def _count(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        fail(f"--max-outcomes must be a number (e.g. 1e9), got {text!r}")
    if not math.isfinite(value):  # inf, nan, and 1e400 (which is inf)
        fail(f"--max-outcomes must be a finite number of packages (e.g. 1e12), got {text!r}")
    if value < 1:
        fail("--max-outcomes must be at least 1")
    return int(value)


def _pkg(result, package: dict[str, str], ref: dict[str, str] | None = None) -> str:
    parked = {result.agenda.issues[i].id for i in result.agenda.parked}
    parts = []
    for issue, option in package.items():
        if issue in parked:
            continue
        mark = "*" if ref is not None and ref.get(issue) != option else ""
        parts.append(f"{issue}={option}{mark}")
    return ", ".join(parts)


def _packages(result, packages: list[dict[str, str]], count: int) -> Any:
    from detente.report.safe_text import plain

    if not packages:
        return f"({count} packages)"
    text = plain(_pkg(result, packages[0]))  # issue and option ids: never read as markup
    if count > 1:
        text.append(f"  (+{count - 1} tied)", style="dim")
    return text


def render_deals(result, top: int) -> list[Any]:
    """Rich renderables for the table format (summary, frontier, solutions, top, trades)."""
    from rich.table import Table
    from rich.text import Text

    a = result.agenda
    parties = a.party_ids
    items: list[Any] = []
    title = a.title or "Agenda"
    parked = [a.issues[i].id for i in a.parked]
    summary = Table(title=f"{title}: package deals", show_header=False, box=None,
                    title_justify="left")
    summary.add_column(style="bold")
    summary.add_column()
    summary.add_row("parties", ", ".join(parties))
    summary.add_row("issues on the table",
                    ", ".join(f"{a.issues[i].id} ({len(a.issues[i].options)})"
                              for i in a.free_issues))
    if parked:
        summary.add_row("parked (at status quo)", ", ".join(parked))
    if a.constraints:
        summary.add_row("constraints", "; ".join(c.text for c in a.constraints))
    summary.add_row("packages", f"{result.outcomes:,} satisfy the constraints"
                    + (f" (of {result.packages:,})" if result.packages != result.outcomes else ""))
    summary.add_row("reservations", ", ".join(f"{p} {result.reservations[p]:.3f}"
                                             for p in parties)
                    + ("" if result.status_quo is None else "   (status quo: "
                       + ", ".join(f"{p} {result.status_quo[p]:.3f}" for p in parties) + ")"))
    summary.add_row("ZOPA", f"{result.zopa_outcomes:,} packages ({result.zopa_share:.1%}) beat "
                    "every party's reservation" if result.agreement_possible
                    else Text("empty: no agreement possible", style="bold red"))
    summary.add_row("Pareto frontier", f"{len(result.pareto):,} points "
                    f"({sum(p.count for p in result.pareto):,} packages), "
                    f"{len(result.zopa_frontier):,} inside the ZOPA")
    items.append(summary)

    front = Table(title="Pareto frontier (no package is better for one side without being "
                  "worse for the other)", title_justify="left")
    front.add_column("#", justify="right")
    for p in parties:
        front.add_column(p, justify="right")
    front.add_column("ZOPA", justify="center")
    front.add_column("package")
    step = max(1, -(-len(result.pareto) // FRONTIER_ROWS))
    shown = result.pareto[::step]
    for k, pt in enumerate(shown):
        front.add_row(str(k * step + 1), *[f"{pt.utilities[p]:.3f}" for p in parties],
                      "✓" if pt.in_zopa else "", _packages(result, pt.packages, pt.count))
    items.append(front)
    if step > 1:
        items.append(Text(f"(every {step}th of {len(result.pareto):,} points shown; "
                          "--format json lists all)", style="dim"))

    if result.solutions is None:
        items.append(Text("No agreement possible: the ZOPA is empty, so there are no "
                          "bargaining solutions.", style="bold red"))
    else:
        sols = Table(title="Bargaining solutions over the ZOPA (nash: max Π(u − d); "
                     "kalai_smorodinsky: max min (u − d)/(ideal − d); egalitarian: max min "
                     "(u − d); utilitarian: max Σ u)", title_justify="left")
        sols.add_column("solution")
        sols.add_column("optimum", justify="right")
        for p in parties:
            sols.add_column(p, justify="right")
        sols.add_column("package")
        for name, s in result.solutions.items():
            sols.add_row(name, f"{s.value:.4f}", *[f"{s.utilities[p]:.3f}" for p in parties],
                         _packages(result, s.packages, s.count))
        items.append(sols)
        if result.top and top:
            best = Table(title=f"Top {len(result.top)} packages by Nash product",
                         title_justify="left")
            best.add_column("#", justify="right")
            best.add_column("Π (u − d)", justify="right")
            for p in parties:
                best.add_column(p, justify="right")
            best.add_column("package (* differs from the status quo)")
            sq = a.package_dict(a.status_quo()) if a.has_status_quo else None
            for k, r in enumerate(result.top, 1):
                best.add_row(str(k), f"{r.nash_product:.4f}",
                             *[f"{r.utilities[p]:.3f}" for p in parties],
                             _pkg(result, r.package, sq))
            items.append(best)

    if result.trades_reference is not None:
        ref = result.trades_from.replace("_", " ")
        trades = Table(title=f"Trades from the {ref} (both issues change; every party gains)",
                       title_justify="left")
        trades.add_column("issues")
        trades.add_column("change")
        for p in parties:
            trades.add_column(f"{p}: gain (gives / gets)")
        for t in result.trades[: max(top, 1)]:
            change = "\n".join(f"{i}: {t.previous[i]} → {t.changes[i]}" for i in t.issues)
            cells = []
            for p in parties:
                lines = [f"{t.gains[p]:+.3f}"]
                lines += [f"gives {i} {t.by_issue[p][i]:+.3f}" for i in t.gives(p)]
                lines += [f"gets {i} {t.by_issue[p][i]:+.3f}" for i in t.gets(p)]
                cells.append("\n".join(lines))
            trades.add_row(" + ".join(t.issues), change, *cells)
        if result.trades:
            items.append(trades)
        else:
            items.append(Text(f"No two-issue trade from the {ref} makes every party better off.",
                              style="dim"))
    return items
