"""Package deals in terminal tables (``detente deals``).

The table format of :class:`~detente.bargain.analysis.DealAnalysis`: a summary (parties,
issues, packages, reservations, ZOPA, frontier size), the Pareto frontier (at most
:data:`FRONTIER_ROWS` points, evenly spaced), the bargaining solutions, the best packages by
Nash product and the two-issue trades. Issue and option ids are shown as plain text, never
read as markup.
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_deals", "FRONTIER_ROWS"]

#: Frontier points shown in the table (all are in the JSON).
FRONTIER_ROWS = 30


def _pkg(result: Any, package: dict[str, str], ref: dict[str, str] | None = None) -> str:
    parked = {result.agenda.issues[i].id for i in result.agenda.parked}
    parts = []
    for issue, option in package.items():
        if issue in parked:
            continue
        mark = "*" if ref is not None and ref.get(issue) != option else ""
        parts.append(f"{issue}={option}{mark}")
    return ", ".join(parts)


def _packages(result: Any, packages: list[dict[str, str]], count: int) -> Any:
    from detente.report.safe_text import plain

    if not packages:
        return f"({count} packages)"
    text = plain(_pkg(result, packages[0]))  # issue and option ids: never read as markup
    if count > 1:
        text.append(f"  (+{count - 1} tied)", style="dim")
    return text


def render_deals(result: Any, top: int) -> list[Any]:
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
