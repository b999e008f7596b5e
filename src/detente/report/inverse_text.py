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
from detente.graph.inverse.minimal import MinimalResult
from detente.graph.inverse.ranges import RangeResult

__all__ = ["range_sentences", "render_ranges", "minimal_sentences", "render_minimal",
           "advice_sentences", "package_advice_lines", "MAX_CONDITIONS"]

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


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _count(n: int, noun: str) -> str:
    return f"{_WORDS.get(n, str(n))} {noun}{'' if n == 1 else 's'}"


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _stable(concepts: Sequence[str]) -> str:
    names = [CONCEPT_NAMES[c] for c in concepts]
    return f"{names[0]}-stable" if len(names) == 1 else f"stable under {_and(names)}"


#: How the path from today moves, in words (``--moves``).
_HOW = {"ui": "", "any": " by any moves",
        "coalition": " by unilateral and joint (coalition) improvements"}


def _reach(r: MinimalResult, steps: int | None) -> str:
    if not r.reachable:
        return ""
    how = _HOW.get(r.moves, f" by {r.moves} moves")
    if steps == 0:
        return " and it is today's state"
    return f" and reachable from today{how} in {_count(steps or 0, 'move')}"


def _merge_phrases(r: MinimalResult, sol: Any) -> list[str]:
    """The changes of one solution as phrases; a DM's second and later changes drop its
    name and say "then" (they apply to the preferences its earlier changes left)."""
    out: list[str] = []
    prev = None
    for ch, phrase in zip(sol.changes, sol.phrases, strict=True):
        name = r.conflict.decision_makers[ch.dm].name
        if ch.dm == prev and out and phrase.startswith(name):
            out[-1] += f", then{phrase[len(name):]}"
        else:
            out.append(phrase)
        prev = ch.dm
    return out


def minimal_sentences(r: MinimalResult) -> list[str]:
    """One sentence per solution ("If Russia dropped …, X would be SEQ-stable and reachable
    from today in 3 moves."), or why there is none.

    >>> import detente
    >>> from detente.graph.inverse.minimal import minimal_changes
    >>> summit = detente.load("benchmarks/data/summit-2021-frozen.yaml#core")
    >>> print(minimal_sentences(minimal_changes(summit, "NNNNNNNN", top=1))[0])
    If United States dropped statement 5 ('sanctions iff not end_separatist_support'), \
NNNNNNNN would be SEQ-stable (one change).
    """
    stable = _stable(r.concepts)
    who = _and(list(r.dms))
    if r.minimal is None:
        bound = ""
        if r.method == "ilp" and r.lower_bound > r.max_changes:
            bound = " (proven)"
        elif r.method == "ilp":
            bound = f"; the solver proved at least {r.lower_bound}, but stopped at its time " \
                    "limit"
        within = (f"No combination of preference changes by {who}, however many,"
                  if r.exhausted else
                  f"No combination of at most {_count(r.max_changes, 'preference change')} by "
                  f"{who}")
        return [f"{within} makes {r.target} {stable}"
                f"{' and reachable from today' + _HOW.get(r.moves, '') if r.reachable else ''}"
                f"{bound}."]
    if r.minimal == 0:
        sol = r.solutions[0]
        return [f"{r.target} is already {stable}{_reach(r, sol.steps)}: no change is needed."]
    out = []
    for sol in r.solutions:
        out.append(f"If {_and(_merge_phrases(r, sol))}, {r.target} would be {stable}"
                   f"{_reach(r, sol.steps)} ({_count(len(sol.changes), 'change')}).")
    if not r.complete:
        out.append(f"(There are more solutions with {_count(r.minimal, 'change')}; --top "
                   "lists more.)")
    if r.method == "ilp" and r.lower_bound < r.minimal:
        out.append(f"The solver stopped at its time limit: the best found needs {r.minimal} "
                   f"changes; at least {r.lower_bound} are needed.")
    return out


def render_minimal(r: MinimalResult) -> list[Any]:
    """Terminal renderables: a heading and one line per solution, with its path."""
    what = f"Target {r.target}: the fewest preference changes ({', '.join(r.dms)} may change)"
    out: list[Any] = [Text(what, style="bold")]
    sentences = minimal_sentences(r)
    for k, line in enumerate(sentences):
        out.append(Text(("  " if len(sentences) > 1 else "") + line))
        if k < len(r.solutions) and r.solutions[k].path and r.minimal is not None:
            path = " → ".join(f"{m}: {s}" for m, s in r.solutions[k].path)
            out.append(Text(f"    path from today: {path}"))
    return out


def advice_sentences(conflict: Any, advice: Sequence[Any],
                     describe: Any = None) -> tuple[list[str], list[str]]:
    """The briefing's "What it would take": a short answer (one line per target with a
    solution, one line for all those without) and the full sentences with the paths
    (details)."""
    answer: list[str] = []
    details: list[str] = []
    none: list[str] = []
    budget = None
    for a in advice:
        what = f" ({describe(a.target, 3)})" if describe else ""
        why = ("a best stable outcome no path of improvements reaches from today"
               if a.why == "not reachable" else
               "Pareto-optimal (no outcome is better for every side) but does not hold")
        head = f"{a.target}{what} is {why}."
        if a.result is None:
            details.append(f"{head} Not computed: {a.note}")
            none.append(a.target)
            continue
        lines = minimal_sentences(a.result)
        details.append(f"{head} " + " ".join(lines))
        for sol in a.result.solutions[:1]:
            if sol.path:
                details.append("  Path from today: " + " → ".join(f"{m}: {s}"
                                                                   for m, s in sol.path))
        if a.result.minimal is None:
            none.append(a.target)
            budget = a.result.max_changes
        else:
            answer.append(lines[0])
    if none:
        within = f"at most {_count(budget, 'preference change')}" if budget is not None \
            else "the changes searched"
        answer.append(f"No combination of {within} makes {_and(none)} a stable deal"
                      f"{' within reach of today' if conflict.status_quo is not None else ''}"
                      ": the sides would have to be persuaded of more.")
    return answer, details


def _pkg_text(package: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in package.items())


def package_advice_lines(a: Any) -> list[str]:
    """A :class:`~detente.bargain.concessions.PackageAdvice` in sentences."""
    out = [f"Package {_pkg_text(a.package)}: utilities "
           + ", ".join(f"{p} {u:.3f} (no deal {a.reservations[p]:.3f})"
                       for p, u in a.utilities.items()) + "."]
    if not a.feasible:
        out.append("It breaks a constraint of the agenda, so no side payment can make it a "
                   "deal.")
    if a.in_zopa:
        out.append("It is already in the zone of possible agreement: every party prefers it "
                   "to no deal.")
    else:
        sp = a.side_payment
        short = ", ".join(f"{p} by {v:.3f}" for p, v in sp.to.items())
        if not a.feasible:
            pass
        elif sp.possible:
            out.append(f"A side payment of more than {sp.needed:.3f} (utility transferred one "
                       f"to one on the parties' 0–1 scales) would bring it in: it falls short "
                       f"for {short}, and the others gain "
                       + ", ".join(f"{p} {v:.3f}" for p, v in sp.surplus.items()) + ".")
        else:
            out.append(f"No side payment can bring it in: it falls short for {short}, at "
                       "least as much as the others gain over no deal.")
        if a.zopa_concessions:
            c = a.zopa_concessions[0]
            out.append(f"The smallest single-issue concession into the zone: {c.issue}="
                       f"{c.option} (instead of {c.previous}), giving up {c.cost:.3f} in all"
                       + (f"; {len(a.zopa_concessions) - 1} other(s)"
                          if len(a.zopa_concessions) > 1 else "") + ".")
        else:
            out.append("No change of a single issue brings it into the zone.")
    if a.pareto_optimal:
        out.append("It is Pareto-optimal: no package is better for one party and no worse "
                   "for any.")
    elif a.pareto_concessions:
        c = a.pareto_concessions[0]
        out.append(f"It is not Pareto-optimal; the smallest single-issue change that makes it "
                   f"so: {c.issue}={c.option} (instead of {c.previous}), giving up "
                   f"{c.cost:.3f} in all.")
    else:
        out.append("It is not Pareto-optimal, and no change of a single issue makes it so.")
    return out
