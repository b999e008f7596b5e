"""``detente analyze``: stability of every state under each GMCR concept, and the equilibria."""

from __future__ import annotations

import sys
from enum import Enum

import typer

from detente.cli import options as opt
from detente.cli.common import LazyProgress, app, note, note_skipped, out, print_json


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Detail(str, Enum):
    equilibria = "equilibria"
    stability = "stability"
    full = "full"


@app.command(rich_help_panel="Conflict analysis (graph model)")
def analyze(
    source: str = opt.scenario(
        "Scenario file (.yaml/.json, FILE#model for one model of several), GMCR+ .gmcr file, "
        "or built-in scenario name (see `detente scenarios`)."),
    format: Format = opt.output_format(),
    concepts: str = opt.concepts(
        "Comma-separated concepts: nash, gmr, smr, seq, sseq, fseq, sim, seqsim, or all; for "
        "two decision makers also lh (limited move, with --horizon) and nm (non-myopic). "
        "Default: all but sseq and fseq (SIM and SEQ&SIM are left out on large models, with a "
        "note)."),
    detail: Detail = typer.Option(
        Detail.equilibria,
        "--detail",
        "-d",
        help="equilibria; stability (each DM's stable states per concept); full (also every "
        "state's payoff ranks).",
    ),
    max_memory: str = opt.max_memory(opt.MAX_MEMORY_DEFAULT_HELP),
    assumption: str = opt.assumption(
        "Analyse under a named alternative preference set of the scenario's `assumptions`."),
    coalitions: str = typer.Option(
        None, "--coalitions", metavar='all|"A+B,C"',
        help="Also analyse coalitions: all (every coalition), the coalitions of one "
        'partition, names joined by + and coalitions by commas ("US+Russia,Ukraine"), or '
        "declared (the model's own, e.g. from a GMCR+ file; used by default when there is "
        "one). Adds coalition Nash, GMR and SEQ (cnash, cgmr, cseq) and the equilibria each "
        "coalition can break.",
    ),
    horizon: int = typer.Option(
        None, "--horizon", metavar="H", min=1,
        help="Horizon of limited-move stability lh (two decision makers): how many moves "
        "each side looks ahead. Reports L_1 … L_H.",
    ),
    max_work: float = opt.max_work(
        "Most work the coalition analysis may take (default 1e10, about 35 s); larger "
        "ones are refused at once with the estimate."),
) -> None:
    """Which states are stable for each decision maker, and the equilibria.

    Example: [bold]detente analyze cuban-missile-crisis --concepts nash,seq[/]

    Example: [bold]detente analyze prisoners-dilemma --coalitions all[/]

    Example: [bold]detente analyze chicken --concepts lh,nm --horizon 3[/]
    """
    from detente.api import analyze as run
    from detente.report.tables import analysis_markdown, render_analysis

    with LazyProgress("analysing") as bar:
        result = run(source, concepts, coalitions=coalitions, horizon=horizon,
                     assumption=assumption, max_memory=max_memory, max_work=max_work,
                     progress=bar)
    for text in result.notes:
        note(text)
    note_skipped(result.skipped)
    level = detail.value
    if format == "json":
        print_json(result.to_dict(level))
    elif format == "markdown":
        from detente.report.safe_text import visible

        # names may hold terminal control characters
        sys.stdout.write(visible(analysis_markdown(result, level)) + "\n")
    else:
        for renderable in render_analysis(result, level, width=out.width):
            # a no_wrap Text (the summary line) must stay one line at any width
            out.print(renderable, soft_wrap=getattr(renderable, "no_wrap", None) is True)
