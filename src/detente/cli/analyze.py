"""``detente analyze``: stability of every state under each GMCR concept, and the equilibria."""

from __future__ import annotations

import sys
from enum import Enum

import typer

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
    source: str = typer.Argument(
        ...,
        metavar="FILE|NAME",
        help="Scenario file (.yaml/.json, FILE#model for one model of several), GMCR+ .gmcr "
        "file, or built-in scenario name (see `detente scenarios`).",
    ),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    concepts: str = typer.Option(
        None,
        "--concepts",
        "-c",
        help="Comma-separated concepts: nash, gmr, smr, seq, sim, seqsim, or all; for two "
        "decision makers also lh (limited move, with --horizon) and nm (non-myopic). "
        "Default: the first six (SIM and SEQ&SIM are left out on large models, with a note).",
    ),
    detail: Detail = typer.Option(
        Detail.equilibria,
        "--detail",
        "-d",
        help="equilibria; stability (each DM's stable states per concept); full (also every "
        "state's payoff ranks).",
    ),
    max_memory: str = typer.Option(
        None, "--max-memory", help="Memory the analysis may use (e.g. 4G). Default: 75% of the "
        "available memory."
    ),
    assumption: str = typer.Option(
        None, "--assumption", help="Analyse under a named alternative preference set of the "
        "scenario's `assumptions`."
    ),
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
) -> None:
    """Which states are stable for each decision maker, and the equilibria.

    Example: [bold]detente analyze cuban-missile-crisis --concepts nash,seq[/]

    Example: [bold]detente analyze prisoners-dilemma --coalitions all[/]

    Example: [bold]detente analyze chicken --concepts lh,nm --horizon 3[/]
    """
    run_analyze(source, format.value, concepts, detail.value, max_memory, assumption,
                coalitions, horizon)


def run_analyze(
    source: str,
    format: str = "table",
    concepts: str | None = None,
    detail: str = "equilibria",
    max_memory: str | None = None,
    assumption: str | None = None,
    coalitions: str | None = None,
    horizon: int | None = None,
) -> None:
    from detente.graph.analysis import analyze as run
    from detente.graph.limited_move import require_two_dms, split_concepts
    from detente.model.errors import ModelError
    from detente.model.loader import load_conflict
    from detente.model.resources import parse_size
    from detente.report.tables import analysis_markdown, render_analysis

    chosen, limited = split_concepts(concepts)
    if horizon is not None and "lh" not in limited:
        if concepts is not None:
            raise ModelError("--horizon is the horizon of the lh concept: add lh to "
                             "--concepts", field="--horizon")
        limited = ["lh"]
    if "lh" in limited and horizon is None:
        raise ModelError("the lh concept needs --horizon H, the number of moves each "
                         "decision maker looks ahead (e.g. --horizon 2)", field="--horizon")
    limit = parse_size(max_memory)
    conflict = load_conflict(source, assumption=assumption) if assumption else load_conflict(
        source)
    if limited:
        require_two_dms(conflict)
    if coalitions is None and conflict.coalitions:
        coalitions = "declared"
        note("the model declares coalitions; analysing them too "
             "(--coalitions all for every coalition)")
    if coalitions is not None:
        from detente.graph.coalitions import parse_coalitions

        parse_coalitions(conflict, coalitions)  # bad names fail before any work
    lm = ca = None
    with LazyProgress("analysing") as bar:
        if chosen == []:
            result = None
        else:
            result = run(conflict, chosen, max_memory=limit, progress=bar.tick,
                         on_plan=bar.plan)
        if limited:
            from detente.graph.limited_move import limited_move

            lm = limited_move(conflict, horizon if "lh" in limited else None, "nm" in limited,
                              max_memory=limit)
            bar.tick("limited-move stability")
            if result is None:
                result = lm.base_analysis()
        if coalitions is not None:
            from detente.graph.coalitions import analyze_coalitions

            ca = analyze_coalitions(conflict, coalitions, max_memory=limit)
            bar.tick("coalitions")
    note_skipped(result.skipped)
    noncoop = dict(result.equilibria)
    if lm is not None:
        noncoop.update(lm.equilibria)
    anticipated: list[int] = []
    if lm is not None:
        if conflict.status_quo is not None:
            anticipated.append(conflict.status_quo)
        eq = sorted({conflict.decimal(p) for ps in lm.equilibria.values() for p in ps})
        anticipated += [d for d in eq if d not in anticipated][:20]
    if format == "json":
        payload = result.to_dict(detail)
        extra: list[str] = []
        if lm is not None:
            payload["equilibria"].update(lm.equilibria)
            extra += list(lm.equilibria)
            if "stability" in payload:
                payload["stability"].update(lm.stability)
            payload["limited_move"] = lm.to_dict(anticipated)
        if ca is not None:
            cd = ca.to_dict(noncoop)
            payload["equilibria"].update(cd["equilibria"])
            extra += list(cd["equilibria"])
            payload["coalitions"] = cd["coalitions"]
            payload["coalition_stability"] = cd["coalition_stability"]
            payload["broken_by"] = cd["broken_by"]
        summary = payload["summary"]
        summary["equilibria_counts"] = {k: len(v) for k, v in payload["equilibria"].items()}
        summary["concepts"] = list(summary["concepts"]) + extra
        print_json(payload)
        return
    lines = _extra_lines(lm, ca, noncoop, anticipated)
    if format == "markdown":
        text = analysis_markdown(result, detail)
        for title, body in lines:
            text += f"\n\n**{title}**\n\n" + "\n".join(f"- {x}" for x in body)
        from detente.report.safe_text import visible

        sys.stdout.write(visible(text) + "\n")  # names may hold terminal control characters
    else:
        for renderable in render_analysis(result, detail, width=out.width):
            # a no_wrap Text (the summary line) must stay one line at any width
            out.print(renderable, soft_wrap=getattr(renderable, "no_wrap", None) is True)
        for title, body in lines:
            out.print(title, style="bold", markup=False, highlight=False)
            for x in body:
                out.print(f"  - {x}", markup=False, highlight=False)


def _extra_lines(lm, ca, noncoop, anticipated) -> list[tuple[str, list[str]]]:
    from detente.report.explain_text import coalition_lines, limited_move_lines

    out: list[tuple[str, list[str]]] = []
    if lm is not None:
        shown = anticipated[:1]  # the status quo (or the first equilibrium) in the table
        out.append(("Limited-move and non-myopic stability", limited_move_lines(lm, shown)))
    if ca is not None:
        out.append(("Coalitions", coalition_lines(ca, noncoop)))
    return out
