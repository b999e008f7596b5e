"""Results drawn in a Jupyter notebook: the HTML behind each result's ``_repr_html_``.

A notebook shows the last value of a cell with its ``_repr_html_`` when it has one. The
results of :mod:`detente.api` delegate to the functions here, so that what a table looks
like is decided in ``report/`` (as for the terminal and the HTML report), never in an
engine. Every piece of user text (names, labels, titles) is escaped.

Examples
--------
>>> import detente
>>> html = analysis_html(detente.analyze(detente.load("chicken"), "nash"))
>>> "<table" in html and "Driver A" in html
True
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["analysis_html", "status_quo_html", "deals_html", "MAX_COLUMNS", "MAX_STATES",
           "MAX_ROWS"]

#: A notebook table shows at most this many states (``to_frame()`` has them all).
MAX_COLUMNS = 24
#: … and at most this many states per cell of a list.
MAX_STATES = 12
#: A frontier shows at most this many points (evenly spaced; ``to_dict()`` has them all).
MAX_ROWS = 30

_STYLE = ("border-collapse:collapse;font-size:12px;font-family:system-ui,sans-serif;"
          "margin:4px 0")
_CELL = "padding:2px 6px;border:1px solid #dee2e6;text-align:center"
_LEFT = "padding:2px 6px;border:1px solid #dee2e6;text-align:left"


def _e(x: Any) -> str:
    return escape(str(x))


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """An HTML table of already-escaped cells; the first ``left`` columns left-aligned."""
    def cells(row: list[str], tag: str) -> str:
        return "".join(f"<{tag} style='{_LEFT if k < left else _CELL}'>{x}</{tag}>"
                       for k, x in enumerate(row))

    body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows)
    return f"<table style='{_STYLE}'><tr>{cells(header, 'th')}</tr>{body}</table>"


def _caption(text: str) -> str:
    return f"<div style='font-size:12px;color:#495057;margin:2px 0'>{text}</div>"


def analysis_html(result: Any) -> str:
    """The tableau of an :class:`~detente.graph.analysis.Analysis`: options as rows, the
    status quo and the equilibrium states as columns, a ✓ row per concept computed."""
    import numpy as np

    from detente.graph.analysis import CONCEPT_NAMES

    c = result.conflict
    concepts = result.all_concepts
    mask = np.zeros(result.n_states, dtype=bool)
    for con in concepts:
        mask |= result.equilibrium_mask(con)
    cols = [int(k) for k in np.flatnonzero(mask)]
    left = max(0, len(cols) - MAX_COLUMNS)
    cols = cols[:MAX_COLUMNS]
    sq = result.status_quo
    if sq is not None:
        k = result.index(sq)
        if k not in cols:
            cols = sorted([k] + cols[: MAX_COLUMNS - 1])
    pats = [c.pattern(int(result.decimals[k])) for k in cols]
    header = ["decision maker", "option"] + [_e(p) + ("*" if p == sq else "") for p in pats]
    rows = []
    for dm in c.decision_makers:
        for j, k in enumerate(dm.options):
            rows.append([f"<b>{_e(dm.name)}</b>" if j == 0 else "", _e(c.options[k].text)]
                        + [p[k] for p in pats])
    for n, con in enumerate(concepts):
        eq = result.equilibrium_mask(con)
        rows.append(["<b>equilibrium</b>" if n == 0 else "", _e(CONCEPT_NAMES.get(con, con))]
                    + ["✓" if eq[k] else "" for k in cols])
    counts = " · ".join(f"{_e(CONCEPT_NAMES.get(k, k))} {len(v):,}"
                        for k, v in result.equilibria.items())
    title = _e(c.title or c.name or "Stability analysis")
    notes = [f"Equilibria: {counts} — {result.n_states:,} feasible states"
             + (" (* status quo)" if sq is not None else "")]
    if left:
        notes.append(f"… and {left:,} more equilibrium states (<code>to_frame()</code> has "
                     "every state).")
    notes += [_e(r) for r in dict.fromkeys(result.skipped.values())]
    return (f"<div><b>{title}</b>" + _caption(notes[0]) + _table(header, rows, left=2)
            + "".join(_caption(n) for n in notes[1:]) + "</div>")


def _states(patterns: list[str], steps: dict[str, int] | None = None) -> str:
    shown = [p if steps is None else f"{p} ({steps[p]})" for p in patterns[:MAX_STATES]]
    more = f" … (+{len(patterns) - MAX_STATES:,})" if len(patterns) > MAX_STATES else ""
    return _e(", ".join(shown)) + more if shown else "—"


def status_quo_html(result: Any) -> str:
    """The reach table of a :class:`~detente.graph.paths.StatusQuoAnalysis`: the states first
    reached at each step, and the equilibria reachable per concept (fewest steps in
    brackets)."""
    from detente.graph.analysis import CONCEPT_NAMES

    c = result.conflict
    reach = result.reachable()
    by_step = result.by_step()
    moves = {"ui": "unilateral improvements", "any": "any unilateral moves",
             "coalition": "unilateral and coalitional improvements"}[result.moves]
    bound = f" within {result.max_steps} steps" if result.max_steps is not None else ""
    head = (f"From {_e(c.pattern(result.start))} by {moves}{bound}: "
            f"{len(reach) - 1:,} other states reachable")
    steps = _table(["step", "states", "first reached"],
                   [[str(t), f"{len(p):,}", _states(p)] for t, p in by_step.items()])
    eq = result.equilibria_reachable
    eqs = _table(["concept", "reachable", "states (fewest steps)"],
                 [[_e(CONCEPT_NAMES.get(k, k)), f"{len(p):,} of {len(result.equilibria[k]):,}",
                   _states(p, reach)] for k, p in eq.items()])
    return (f"<div><b>{head}</b>" + (steps if by_step else "")
            + (_caption("Equilibria reachable") + eqs if eq else "") + "</div>")


def _package(result: Any, package: dict[str, str]) -> str:
    parked = {result.agenda.issues[i].id for i in result.agenda.parked}
    return _e(", ".join(f"{i}={o}" for i, o in package.items() if i not in parked))


def deals_html(result: Any) -> str:
    """The Pareto frontier of a :class:`~detente.bargain.analysis.DealAnalysis` (each point's
    utilities, whether it is in the ZOPA, its first package) and the bargaining solutions."""
    parties = result.agenda.party_ids
    head = (f"{_e(result.agenda.title or 'Agenda')}: {result.outcomes:,} packages satisfy the "
            f"constraints; ZOPA {result.zopa_outcomes:,} ({result.zopa_share:.1%}); "
            f"Pareto frontier {len(result.pareto):,} points")
    step = max(1, -(-len(result.pareto) // MAX_ROWS))
    rows = [[str(k * step + 1)] + [f"{pt.utilities[p]:.3f}" for p in parties]
            + ["✓" if pt.in_zopa else "",
               (_package(result, pt.packages[0]) if pt.packages else "")
               + (f" (+{pt.count - 1:,} tied)" if pt.count > 1 else "")]
            for k, pt in enumerate(result.pareto[::step])]
    front = _table(["#", *(_e(p) for p in parties), "ZOPA", "package"], rows)
    parts = [f"<div><b>{head}</b>", front]
    if step > 1:
        parts.append(_caption(f"every {step}th point shown; <code>to_dict()</code> has all"))
    if result.solutions is not None:
        sols = [[_e(name), f"{s.value:.4f}"] + [f"{s.utilities[p]:.3f}" for p in parties]
                + [_package(result, s.packages[0]) if s.packages else f"({s.count} packages)"]
                for name, s in result.solutions.items()]
        parts += [_caption("Bargaining solutions over the ZOPA"),
                  _table(["solution", "optimum", *(_e(p) for p in parties), "package"], sols)]
    parts += [_caption(_e(n)) for n in result.notes]
    return "".join(parts) + "</div>"
