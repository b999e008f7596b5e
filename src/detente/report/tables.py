"""Tables of an analysis for the terminal (Rich) and Markdown.

The GMCR *tableau* (Fang, Hipel & Kilgour 1993): options as rows, states as columns of Y/N,
below them which solution concepts make each state an equilibrium.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table
from rich.text import Text

from detente.graph.analysis import CONCEPT_NAMES, Analysis
from detente.report.safe_text import plain, visible

__all__ = ["render_analysis", "analysis_markdown", "summary_line", "tableau_columns",
           "lock_in_lines", "reach_words", "extra_sections"]

#: The terminal tableau shows at most this many states; JSON has them all.
MAX_COLUMNS = 14


def summary_line(result: Analysis) -> str:
    """One line: the number of equilibria per concept of the engine (limited-move and
    coalition concepts have sections of their own, :func:`extra_sections`); when only
    limited-move concepts were asked for, theirs."""
    parts = [f"{CONCEPT_NAMES[c]} {len(result.equilibria[c])}" for c in result.concepts]
    lm = result.limited_move
    if not parts and lm is not None:  # lh/nm alone: their counts (the line was left empty)
        from detente.graph.limited_move import CONCEPT_NAMES as LM_NAMES

        parts = [f"{f'L_{lm.horizon}' if c == 'lh' and lm.horizon else LM_NAMES[c]} "
                 f"{len(eq)}" for c, eq in lm.equilibria.items()]
    skipped = ""
    if result.skipped:
        skipped = " (" + ", ".join(CONCEPT_NAMES[c] for c in result.skipped) + " not computed)"
    return f"Equilibria: {' · '.join(parts)}{skipped} — {result.n_states:,} feasible states"


def tableau_columns(result: Analysis, limit: int = MAX_COLUMNS) -> tuple[np.ndarray, int]:
    """Positions of the states shown in the tableau (equilibria under any concept, the
    status quo first if declared), and how many equilibrium states were left out."""
    mask = np.zeros(result.n_states, dtype=bool)
    for c in result.concepts:
        mask |= result.equilibrium_mask(c)
    # Most robust first: states that are equilibria under more concepts.
    score = np.zeros(result.n_states, dtype=int)
    for c in result.concepts:
        score += result.equilibrium_mask(c)
    cand = np.flatnonzero(mask)
    cand = cand[np.argsort(-score[cand], kind="stable")] if len(cand) else cand
    chosen = list(cand[:limit])
    left = max(0, len(cand) - limit)
    if result.status_quo is not None:
        sq = result.index(result.status_quo)
        if sq not in chosen:
            chosen = [sq] + chosen[: max(0, limit - 1)]
            left = max(0, len(cand) - (len(chosen) - 1))
    chosen.sort()
    return np.array(chosen, dtype=int), left


def lock_in_lines(result: Analysis, limit: int = 5) -> list[str]:
    """One line per locked-in equilibrium (at most ``limit``): what it has done for good,
    how many states it puts out of reach for ever, and whether the moves each side makes
    for its own gain reach it (or its lock) from the status quo
    (:attr:`~detente.graph.analysis.Analysis.lock_in_reach`)."""
    from detente.graph.lockin import describe_lock

    locks = result.lock_ins()
    reach = result.lock_in_reach if locks else None
    out = []
    for lk in locks[:limit]:
        line = (f"Locked in: {lk.state} — {describe_lock(result.conflict, lk.locked)} for "
                f"good; {lk.out_of_reach:,} of {result.n_states:,} states out of reach for ever")
        r = None if reach is None else reach[lk.state]
        if r is not None:
            line += "; " + reach_words(r)
        out.append(line + ".")
    if len(locks) > limit:
        out.append(f"… and {len(locks) - limit} more locked-in equilibria (see --format json).")
    return out


def reach_words(r: dict[str, Any]) -> str:
    """Whether today reaches a lock-in, in words, from an entry of
    :attr:`~detente.graph.analysis.Analysis.lock_in_reach`.

    >>> reach_words({"state": None, "lock": 2, "example": "YNNY"})
    'from today, unilateral improvements reach its lock in 2 steps (e.g. YNNY), not the state'
    """
    def steps(k: int) -> str:
        return f"{k} step{'s' if k != 1 else ''}"

    if r["state"] is not None:
        return f"from today, unilateral improvements reach it in {steps(r['state'])}"
    if r["lock"] is not None:
        return (f"from today, unilateral improvements reach its lock in {steps(r['lock'])} "
                f"(e.g. {r['example']}), not the state")
    return "not reachable from today by unilateral improvements"


def extra_sections(result: Analysis) -> list[tuple[str, list[str]]]:
    """Titled lists of sentences below the tableau: limited-move and non-myopic stability
    (what each side anticipates at the status quo), and the coalitions (which equilibria
    each coalition can break)."""
    from detente.report.explain_text import coalition_lines, limited_move_lines

    out: list[tuple[str, list[str]]] = []
    lm, ca = result.limited_move, result.coalition_analysis
    if lm is not None:
        shown = result.anticipated_states[:1]  # the status quo (or the first equilibrium)
        out.append(("Limited-move and non-myopic stability", limited_move_lines(lm, shown)))
    if ca is not None:
        noncoop = {k: v for k, v in result.equilibria.items() if k not in ca.stable}
        out.append(("Coalitions", coalition_lines(ca, noncoop)))
    return out


def _header(result: Analysis, k: int) -> str:
    """A column's state: ``name (PATTERN)`` when the model names it, ``*`` for today."""
    d = int(result.decimals[k])
    shown = result.conflict.state_display(d)
    return f"{shown}*" if d == result.conflict.status_quo else shown


def render_analysis(
    result: Analysis, detail: str = "equilibria", width: int = 100
) -> list[Any]:
    """Rich renderables: the summary line, the tableau, and per ``detail`` more tables.

    Long patterns are shown as numbered columns with a legend, and the number of columns
    follows the terminal ``width``. Names, labels and the title are :class:`Text` (never read
    as markup), their control characters made visible.
    """
    c = result.conflict
    # One line even on an 80-column terminal: scripts and readers look for it first.
    out: list[Any] = [Text(summary_line(result), style="bold", no_wrap=True, overflow="ignore")]
    label_w = max(len(o.text) for o in c.options) + max(len(n) for n in c.dm_names)
    numbered = c.n_options > 8
    col_w = 6 if numbered else c.n_options + 3
    fit = max(1, (width - min(label_w, 50) - 8) // col_w)
    cols, left = tableau_columns(result, min(MAX_COLUMNS, fit))
    # Named states are shown by name in a legend, so their columns stay narrow.
    numbered = numbered or any(c.state_name(int(result.decimals[k])) for k in cols)
    title = c.title or c.name or "Stability analysis"
    caption = "* status quo" if result.status_quo is not None else None
    table = Table(title=plain(title), title_justify="left", show_lines=False, caption=caption,
                  caption_justify="left")
    table.add_column("decision maker", style="bold")
    table.add_column("option")
    legend = []
    for n_col, k in enumerate(cols, start=1):
        head = _header(result, k)
        if numbered:
            legend.append(f"#{n_col} = {head}")
            head = f"#{n_col}" + ("*" if head.endswith("*") else "")
        table.add_column(head, justify="center")
    for k_opt, o in enumerate(c.options):
        dm = c.decision_makers[o.owner].name
        first = k_opt == c.decision_makers[o.owner].options[0]
        vals = []
        for k in cols:
            ch = c.pattern(int(result.decimals[k]))[k_opt]
            vals.append(Text(ch, style="green" if ch == "Y" else "dim"))
        table.add_row(plain(dm) if first else "", plain(o.text), *vals, end_section=(
            k_opt == c.decision_makers[o.owner].options[-1]))
    for n_con, con in enumerate(result.concepts):
        eq = result.equilibrium_mask(con)
        table.add_row("equilibrium" if n_con == 0 else "", CONCEPT_NAMES[con],
                      *[Text("✓", style="bold green") if eq[k] else "" for k in cols])
    out.append(table)
    if legend:
        out.append(Text("States: " + "; ".join(legend), style="dim"))
    if left:
        out.append(Text(f"… and {left} more equilibrium states (see --format json).",
                        style="italic"))
    if not len(cols):
        out.append(Text("No state is an equilibrium under the concepts computed."))
    out.extend(plain(line, style="italic") for line in lock_in_lines(result))
    if detail in ("stability", "full"):
        st = Table(title="States stable for each decision maker", title_justify="left")
        st.add_column("concept")
        for name in c.dm_names:
            st.add_column(plain(name))
        for con in result.concepts:
            row = []
            for i in range(len(c.dm_names)):
                pats = result.patterns(result.stable[con][i])
                shown = ", ".join(c.state_display(p) for p in pats[:8]) + (
                    f" … (+{len(pats) - 8})" if len(pats) > 8 else "")
                row.append(f"{len(pats)}: {shown}")
            st.add_row(CONCEPT_NAMES[con], *row)
        if "seq" in result.stable:
            # SEQ verdicts that rest only on threats backfiring on their makers
            sd = result.self_defeating
            row = []
            for name in c.dm_names:
                pats = sd[name]
                shown = ", ".join(pats[:8]) + (f" … (+{len(pats) - 8})" if len(pats) > 8 else "")
                row.append(f"{len(pats)}: {shown}")
            st.add_row("SEQ only via self-defeating threats", *row)
        out.append(st)
    if detail == "full":
        ft = Table(title="Every feasible state (ranks: higher is preferred)", title_justify="left")
        ft.add_column("state")
        for name in c.dm_names:
            ft.add_column(plain(f"rank {name}"), justify="right")
        for con in result.concepts:
            ft.add_column(CONCEPT_NAMES[con], justify="center")
        eqs = {con: result.equilibrium_mask(con) for con in result.concepts}
        for k, pat in enumerate(result.patterns()):
            ft.add_row(c.state_display(pat),
                       *[str(int(result.payoffs[i, k])) for i in range(len(c.dm_names))],
                       *["✓" if eqs[con][k] else "" for con in result.concepts])
        out.append(ft)
    for title, body in extra_sections(result):
        out.append(plain(title, style="bold"))
        out.extend(plain(f"  - {x}") for x in body)
    return out


def _md(text: str) -> str:
    """User text in a Markdown table cell: control characters visible, ``|`` escaped (it
    would end the cell), on one line."""
    return visible(text).replace("|", "\\|").replace("\n", " ")


def analysis_markdown(result: Analysis, detail: str = "equilibria") -> str:
    """The summary line and the tableau as GitHub-flavoured Markdown (names and labels with
    their control characters made visible and ``|`` escaped)."""
    c = result.conflict
    cols, left = tableau_columns(result)
    heads = [_header(result, k) for k in cols]
    lines = [f"**{summary_line(result)}**", "",
             "| decision maker | option | " + " | ".join(heads) + " |",
             "|---|---|" + "---|" * len(cols)]
    for k_opt, o in enumerate(c.options):
        dm = c.decision_makers[o.owner].name
        vals = [c.pattern(int(result.decimals[k]))[k_opt] for k in cols]
        lines.append(f"| {_md(dm)} | {_md(o.text)} | " + " | ".join(vals) + " |")
    for con in result.concepts:
        eq = result.equilibrium_mask(con)
        lines.append(f"| equilibrium | {CONCEPT_NAMES[con]} | "
                     + " | ".join("✓" if eq[k] else "" for k in cols) + " |")
    if result.status_quo is not None:
        lines += ["", "\\* status quo"]
    if left:
        lines += ["", f"… and {left} more equilibrium states (see `--format json`)."]
    if detail in ("stability", "full"):
        lines += ["", "| concept | " + " | ".join(_md(n) for n in c.dm_names) + " |",
                  "|---|" + "---|" * len(c.dm_names)]
        for con in result.concepts:
            cells = [", ".join(result.patterns(result.stable[con][i])) or "—"
                     for i in range(len(c.dm_names))]
            lines.append(f"| {CONCEPT_NAMES[con]} | " + " | ".join(cells) + " |")
    if detail == "full":
        lines += ["", "| state | " + " | ".join(f"rank {_md(n)}" for n in c.dm_names) + " |",
                  "|---|" + "---|" * len(c.dm_names)]
        for k, pat in enumerate(result.patterns()):
            lines.append(f"| {pat} | " + " | ".join(str(int(result.payoffs[i, k]))
                                                    for i in range(len(c.dm_names))) + " |")
    text = "\n".join(lines)
    for title, body in extra_sections(result):
        text += f"\n\n**{title}**\n\n" + "\n".join(f"- {x}" for x in body)
    return text
