"""``detente paths``: status quo analysis — where the conflict can go from a state, and how."""

from __future__ import annotations

from enum import Enum

import typer

from detente.cli.common import LazyProgress, app, note_skipped, out, print_json, state_option

#: The table shows at most this many paths to equilibria (JSON has them all).
MAX_TABLE_TARGETS = 12
#: … and at most this many states per step.
MAX_TABLE_STATES = 10


class Format(str, Enum):
    table = "table"
    json = "json"


class Moves(str, Enum):
    ui = "ui"
    any = "any"
    coalition = "coalition"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def paths(
    source: str = typer.Argument(
        ..., metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in scenario.",
    ),
    start: str = typer.Option(
        None, "--from", metavar="STATE",
        help="Start state: a Y/N pattern or status_quo. Default: the model's status quo "
        "(required when the model declares none).",
    ),
    to: str = typer.Option(
        None, "--to", metavar="STATE",
        help="List every shortest path to this state (at most --max-paths) and count them.",
    ),
    moves: Moves = typer.Option(
        Moves.ui, "--moves",
        help="ui: unilateral improvements (default); any: any unilateral moves; coalition: "
        "unilateral improvements and coalitional improvements of any coalition.",
    ),
    max_steps: int = typer.Option(
        None, "--max-steps", metavar="K", min=0,
        help="Look at most K steps ahead (bounds everything reported). Default: no bound.",
    ),
    max_paths: int = typer.Option(
        20, "--max-paths", metavar="M", min=0, help="At most M paths to the --to state.",
    ),
    concepts: str = typer.Option(
        None, "--concepts", "-c",
        help="Concepts whose reachable equilibria are reported (as in analyze; default "
        "its default set).",
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G)."),
    assumption: str = typer.Option(
        None, "--assumption", help="Use a named alternative preference set of the scenario."),
) -> None:
    """Where the conflict can go from today: reachable states, paths, equilibria in reach.

    Status quo analysis (Li, Kilgour & Hipel 2005): the states reachable by legal sequences
    of moves, in how few steps, the states first reached at each step, a shortest path to
    each reachable equilibrium, and every shortest path to a --to state.

    Example: [bold]detente paths cuban-missile-crisis --to NNYN[/]
    """
    run_paths(source, start, to, moves.value, max_steps, max_paths, concepts, format.value,
              max_memory, assumption)


def run_paths(
    source: str,
    start: str | None = None,
    to: str | None = None,
    moves: str = "ui",
    max_steps: int | None = None,
    max_paths: int = 20,
    concepts: str | None = None,
    format: str = "table",
    max_memory: str | None = None,
    assumption: str | None = None,
) -> None:
    from detente.graph.analysis import parse_concepts
    from detente.graph.paths import status_quo_analysis
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size

    chosen = parse_concepts(concepts)
    limit = parse_size(max_memory)
    conflict = load_conflict(source, assumption=assumption)
    for text, option in ((start, "--from"), (to, "--to")):
        if text is not None:
            state_option(conflict, text, option)  # bad or infeasible: say so before any work
    with LazyProgress("status quo analysis") as bar:
        bar.plan(2)
        result = status_quo_analysis(conflict, start, moves=moves, max_steps=max_steps, to=to,
                                     max_paths=max_paths, concepts=chosen, max_memory=limit,
                                     progress=bar.tick)
    note_skipped(result.skipped)
    if format == "json":
        print_json(result.to_dict())
    else:
        for renderable in render_paths(result):
            out.print(renderable)


_MOVES_TEXT = {
    "ui": "unilateral improvements",
    "any": "any unilateral moves",
    "coalition": "unilateral and coalitional improvements",
}


def render_paths(result) -> list:
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
    items: list = [Text(
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
