"""Inverse analysis in words and terminal tables: what would it take for a deal to hold?

This module only formats results of :mod:`detente.graph.inverse`. User text (names, labels,
statements) goes into Rich ``Text`` objects, never into markup.

Examples
--------
>>> import detente
>>> from detente.graph.inverse import ranking_ranges
>>> r = ranking_ranges(detente.load("prisoners-dilemma"), "YY",
...                    {"Prisoner 1": (1, 2), "Prisoner 2": (1, 2)})
>>> print(range_sentences(r)[0])
YY is an equilibrium in 1 of 4 combinations under Nash, 4 under GMR, 4 under SMR, 4 under SEQ.
>>> print(range_sentences(r)[1])
Nash needs: Prisoner 1 prefers YY to NY; Prisoner 2 prefers YY to YN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from detente.graph.analysis import CONCEPT_NAMES
from detente.graph.inverse.ranges import RangeResult

__all__ = ["range_sentences", "render_ranges", "MAX_CONDITIONS"]

#: Necessary relations described per concept before "… and n more".
MAX_CONDITIONS = 12


def _list(items: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "")


def _fmt(n: int) -> str:
    return f"{n:,}"


def range_sentences(r: RangeResult) -> list[str]:
    """The counts in one sentence, then what each concept needs."""
    parts = [f"{_fmt(v)} under {CONCEPT_NAMES[c]}" for c, v in r.counts.items()]
    first = parts[0].replace(" under", f" of {_fmt(r.combinations)} combinations under", 1)
    out = [f"{r.target} is an equilibrium in {', '.join([first, *parts[1:]])}."]
    for c, conds in r.conditions.items():
        name = CONCEPT_NAMES[c]
        if r.counts[c] == 0:
            out.append(f"{name}: no order of the ranges makes {r.target} an equilibrium.")
            continue
        if not conds:
            out.append(f"{name} needs no particular order within the ranges.")
            continue
        shown = [f"{x.dm} prefers {x.must_prefer} to {_list(list(x.to))}"
                 for x in conds[:MAX_CONDITIONS]]
        more = len(conds) - MAX_CONDITIONS
        tail = f"; … and {more} more (--format json lists them all)" if more > 0 else ""
        out.append(f"{name} needs: {'; '.join(shown)}{tail}.")
    return out


def render_ranges(r: RangeResult) -> list[Any]:
    """Terminal renderables: the count table, the conditions, and the listed combinations."""
    table = Table(title=Text(f"Target {r.target}: ranking ranges"), title_justify="left")
    table.add_column("varied", no_wrap=False)
    for c in r.counts:
        table.add_column(CONCEPT_NAMES[c], justify="right")
    vary = "; ".join(f"{dm} positions {a}-{b}" for dm, (a, b) in r.vary.items())
    table.add_row(Text(vary), *(Text(_fmt(v)) for v in r.counts.values()))
    out: list[Any] = [table, Text(f"{_fmt(r.combinations)} combinations in all.")]
    out += [Text(line) for line in range_sentences(r)[1:]]
    if r.rankings:
        listing = Table(title=Text("Combinations (enumeration order)"), title_justify="left")
        listing.add_column("#", justify="right")
        for dm in r.vary:
            listing.add_column(Text(dm))
        listing.add_column("equilibrium under")
        for k, combo in enumerate(r.rankings, start=1):
            cells = [Text(" > ".join("{" + ", ".join(g) + "}" if len(g) > 1 else g[0]
                                     for g in combo.rankings[dm])) for dm in r.vary]
            stable = ", ".join(CONCEPT_NAMES[c] for c in combo.stable) or "—"
            listing.add_row(str(k), *cells, Text(stable))
        out.append(listing)
    return out
