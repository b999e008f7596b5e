"""Status quo analysis in terminal tables and sentences (``detente paths``).

The table format of :class:`~detente.graph.paths.StatusQuoAnalysis`: how many states the
start reaches, the states first reached at each step, the reachable equilibria per concept,
every shortest path to the ``--to`` states and one shortest path to each reachable
equilibrium, in plain sentences (:func:`detente.report.explain_text.path_sentence`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_paths", "MAX_TABLE_TARGETS", "MAX_TABLE_STATES"]

#: The table shows at most this many paths to equilibria (JSON has them all).
MAX_TABLE_TARGETS = 12
#: … and at most this many states per step.
MAX_TABLE_STATES = 10


_MOVES_TEXT = {
    "ui": "unilateral improvements",
    "any": "any unilateral moves",
    "coalition": "unilateral and coalitional improvements",
}


def render_paths(result: Any) -> list[Any]:
    """Rich renderables for a status quo analysis."""
    from rich.table import Table
    from rich.text import Text

    from detente.graph.analysis import CONCEPT_NAMES
    from detente.model.feasibility import irreversible_between
    from detente.report.explain_text import path_sentence
    from detente.report.safe_text import plain

    c = result.conflict
    reach = result.reachable()
    by_step = result.by_step()
    start = c.state_display(result.start)
    sq = " (status quo)" if c.status_quo == result.start else ""
    last = max(by_step) if by_step else 0
    bound = f" within {result.max_steps} steps" if result.max_steps is not None else ""
    items: list[Any] = [Text(
        f"From {start}{sq} by {_MOVES_TEXT[result.moves]}{bound}: {len(reach) - 1} other "
        f"state{'s' if len(reach) != 2 else ''} reachable"
        + (f", the last after {last} step{'s' if last != 1 else ''}." if last else "."),
        style="bold")]
    if by_step:
        title = "Evolution: states first reached at each step"
        evo = Table(title=title, title_justify="left", min_width=len(title))
        evo.add_column("step", justify="right")
        evo.add_column("states", justify="right")
        evo.add_column("first reached")
        for t, pats in by_step.items():
            shown = ", ".join(c.state_display(p) for p in pats[:MAX_TABLE_STATES])
            if len(pats) > MAX_TABLE_STATES:
                shown += f" … (+{len(pats) - MAX_TABLE_STATES})"
            evo.add_row(str(t), str(len(pats)), shown or "—")
        items.append(evo)
    eq = result.equilibria_reachable
    if eq:
        title = "Equilibria reachable (fewest steps in brackets)"
        et = Table(title=title, title_justify="left", min_width=len(title))
        et.add_column("concept")
        et.add_column("reachable", justify="right")
        et.add_column("states")
        for con, pats in eq.items():
            shown = ", ".join(f"{c.state_display(p)} ({reach[p]})"
                              for p in pats[:MAX_TABLE_STATES])
            if len(pats) > MAX_TABLE_STATES:
                shown += f" … (+{len(pats) - MAX_TABLE_STATES})"
            total = len(result.equilibria.get(con, []))
            et.add_row(CONCEPT_NAMES.get(con, con), f"{len(pats)} of {total}", shown or "—")
        items.append(et)
    items += _lock_in_items(result, start, bound)
    for d in result.targets:
        p = c.pattern(d)
        n = result.count_paths(d)
        found = result.all_shortest_paths(d)
        if not n:
            why = irreversible_between(c, result.start, d)
            items.append(plain(f"{c.state_display(d)} is not reachable from {start}{bound}"
                               + (f": {'; '.join(why)}." if why else "."), style="bold"))
            continue
        steps = reach[p]
        items.append(plain(
            f"To {c.state_display(d)}: {steps} step{'s' if steps != 1 else ''}, {n:,} shortest "
            f"path{'s' if n != 1 else ''}" + (f" (showing {len(found)})" if len(found) < n
                                             else "") + ".", style="bold"))
        for k, path in enumerate(found, 1):
            items.append(plain(f"  {k}. {path_sentence(c, path)}"))
    targets = [p for p in sorted({p for ps in eq.values() for p in ps}, key=c.decimal)
               if c.decimal(p) not in result.targets and c.decimal(p) != result.start]
    if targets:
        items.append(Text("A shortest path to each reachable equilibrium:", style="bold"))
        for p in targets[:MAX_TABLE_TARGETS]:
            path = result.shortest_path(p)
            n = result.count_paths(p)
            alt = f" ({n:,} shortest paths)" if n > 1 else ""
            items.append(plain(f"  {c.state_display(p)}{alt}: {path_sentence(c, path)}"))
        if len(targets) > MAX_TABLE_TARGETS:
            items.append(Text(f"  … and {len(targets) - MAX_TABLE_TARGETS} more (see "
                              "--format json).", style="italic"))
    return items


def _lock_in_items(result: Any, start: str, bound: str) -> list[Any]:
    """One line per lock (irreversible options at their final values): reachable from the
    start or not, and the states it closes for ever."""
    from rich.text import Text

    from detente.graph.lockin import describe_lock
    from detente.report.safe_text import plain

    locks, total = result.lock_ins(limit=MAX_TABLE_TARGETS)
    if not locks:
        return []
    n = result.system.space.n_feasible
    items: list[Any] = [Text("Lock-ins (irreversible moves that can never be undone):",
                             style="bold")]
    for lk in locks:
        what = describe_lock(result.conflict, lk.locked)
        if lk.reachable:
            when = (f"already so at {start}" if lk.steps == 0 else
                    f"reachable from {start} in {lk.steps} step{'s' if lk.steps != 1 else ''}"
                    f" (e.g. {lk.example})")
        else:
            when = f"not reachable from {start}{bound}"
        items.append(plain(f"  {what}: {when}; it puts {lk.out_of_reach:,} of {n:,} states "
                           "out of reach for ever."))
    if total > len(locks):
        items.append(Text(f"  … and {total - len(locks)} more (see --format json).",
                          style="italic"))
    return items
