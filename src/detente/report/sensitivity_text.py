"""What the conclusions rest on: sensitivity results in plain sentences and terminal tables.

This module only formats a :class:`~detente.graph.sensitivity.Sensitivity`: for a state and
a concept, which single changes of the preferences flip its verdict, named in words with the
statements' text, rationale and source. User text goes into Rich ``Text`` objects
(:func:`detente.report.safe_text.plain`), never into markup.

Examples
--------
>>> import detente
>>> from detente.graph.sensitivity import sensitivity
>>> cuban = detente.load("cuban-missile-crisis")
>>> r = sensitivity(cuban, concepts="seq")
>>> print(rests_on_sentence(r, r.entry("NNYN", "seq")))
SEQ stability of NNYN rests on the order of United States' tie groups 1 and 2.
>>> print(rests_on_sentence(r, r.entry("YNNN", "seq"), limit=1))
YNNN is not an SEQ equilibrium; it would become one if United States ranked tie group 4 \
above tie group 3, or 2 other changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from detente.graph.analysis import CONCEPT_NAMES
from detente.graph.sensitivity import ChangeRef, Sensitivity, StateSensitivity
from detente.model.conflict import Conflict, Statements
from detente.report.explain_text import _join
from detente.report.safe_text import plain

__all__ = ["render_combinations", "render_uncertainty", "change_words", "change_short",
           "rests_on_sentence", "statement_notes",
           "render_sensitivity", "MAX_ROWS"]

#: Rows per concept in the terminal table (JSON has every state).
MAX_ROWS = 12
#: Sentences per concept in the terminal (the status quo and the first rows).
SENTENCES = 3
#: Changes named in one table cell before "+n".
MAX_IN_CELL = 4


def _poss(name: str) -> str:
    """The possessive of a name: ``Russia's``, ``United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _a(concept: str) -> str:
    """``a Nash``, ``an SEQ`` (the letters are read out)."""
    name = CONCEPT_NAMES[concept]
    return f"{'a' if concept in ('nash', 'gmr') else 'an'} {name}"


def _statement(conflict: Conflict | None, dm: str, k: int) -> Any:
    if conflict is None:
        return None
    spec = conflict.preferences[conflict.dm_index(dm)]
    if isinstance(spec, Statements) and 1 <= k <= len(spec.statements):
        return spec.statements[k - 1]
    return None


def _quoted(st: Any) -> str:
    return f" ('{st.text or st.formula}')" if st is not None else ""


def change_words(ref: ChangeRef, conflict: Conflict | None = None, *,
                 dropped: bool = False) -> str:
    """A change as the thing a verdict rests on: ``United States' statement 1 ('not
    intervene')``, ``the order of Russia's statements 3 and 4``, ``Ukraine's preference of
    tie group 2 over 3``; with ``dropped`` as what would happen instead (``United States
    dropped statement 1 …``)."""
    who = ref.dm
    k = ref.statements
    if ref.on == "statements":
        if ref.change == "delete":
            st = _statement(conflict, ref.dm, k[0])
            if dropped:
                return f"{who} dropped statement {k[0]}{_quoted(st)}"
            return f"{_poss(who)} statement {k[0]}{_quoted(st)}"
        if dropped:
            return f"{who} put statement {k[1]} above statement {k[0]}"
        return f"the order of {_poss(who)} statements {k[0]} and {k[1]}"
    if ref.change == "delete":
        if dropped:
            return f"{who} became indifferent between tie groups {k[0]} and {k[1]}"
        return f"{_poss(who)} preference of tie group {k[0]} over {k[1]}"
    if dropped:
        return f"{who} ranked tie group {k[1]} above tie group {k[0]}"
    return f"the order of {_poss(who)} tie groups {k[0]} and {k[1]}"


def change_short(ref: ChangeRef) -> str:
    """A change in a few characters for tables: ``United States −2``, ``Russia 3↔4``."""
    k = ref.statements
    if ref.change == "delete" and ref.on == "statements":
        return f"{ref.dm} −{k[0]}"
    if ref.change == "delete":
        return f"{ref.dm} {k[0]}={k[1]}"
    return f"{ref.dm} {k[0]}↔{k[1]}"


def _state_display(conflict: Conflict | None, pattern: str) -> str:
    if conflict is None:
        return pattern
    return conflict.state_display(conflict.decimal(pattern))


def rests_on_sentence(result: Sensitivity, entry: StateSensitivity | None, *,
                      state: str | None = None, concept: str | None = None,
                      limit: int = 6) -> str:
    """One sentence: what ``entry``'s verdict rests on (``state``/``concept`` name it
    when no change flips it, ``entry`` None)."""
    c = result.conflict
    if entry is None:
        if state is None or concept is None:
            raise TypeError("name the state and the concept when no change flips it")
        name = CONCEPT_NAMES[concept]
        shown = _state_display(c, state)
        if result.is_equilibrium(state, concept):
            return (f"{name} stability of {shown} holds under every one of the "
                    f"{result.changes} single changes of the preferences.")
        return (f"{shown} is not {_a(concept)} equilibrium, and no single change of the "
                "preferences makes it one.")
    name = CONCEPT_NAMES[entry.concept]
    shown = _state_display(c, entry.state)
    refs = list(entry.flipped_by)
    more = len(refs) - limit
    if entry.baseline:
        parts = [change_words(r, c) for r in refs[:limit]]
        if more > 0:
            parts.append(f"{more} more change{'s' if more > 1 else ''}")
        return f"{name} stability of {shown} rests on {_join(parts)}."
    parts = [change_words(r, c, dropped=True) for r in refs[:limit]]
    if more > 0:
        parts.append(f"{more} other change{'s' if more > 1 else ''}")
    joined = ", or ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]
    return f"{shown} is not {_a(entry.concept)} equilibrium; it would become one if {joined}."


def statement_notes(result: Sensitivity, entries: Sequence[StateSensitivity]) -> list[str]:
    """The statements the entries' deletions name, each once: ``United States' statement 1,
    'not intervene': <rationale> (source: …)``."""
    c = result.conflict
    seen: set[tuple[str, int]] = set()
    out = []
    for e in entries:
        for r in e.flipped_by:
            if r.on != "statements":
                continue
            for k in r.statements:
                if (r.dm, k) in seen:
                    continue
                seen.add((r.dm, k))
                st = _statement(c, r.dm, k)
                if st is None or not (st.rationale or st.source.text):
                    continue
                line = f"{_poss(r.dm)} statement {k}, '{st.text or st.formula}'"
                if st.rationale:
                    line += f": {' '.join(st.rationale.split())}"
                if st.source.text:
                    line += f" (source: {st.source.text})"
                out.append(line)
    return out


def _rows(result: Sensitivity, concept: str, conflict: Conflict | None
          ) -> list[tuple[str, StateSensitivity | None]]:
    """The states shown for a concept: the status quo, the baseline equilibria (the most
    fragile first), then other states a change makes equilibria; at most MAX_ROWS."""
    by_state = {e.state: e for e in result.states if e.concept == concept}
    rows: list[tuple[str, StateSensitivity | None]] = []
    sq = None
    if conflict is not None and conflict.status_quo is not None:
        sq = conflict.pattern(conflict.status_quo)
    if sq is not None:
        rows.append((sq, by_state.get(sq)))
    eqs = sorted(result.baseline.get(concept, ()),
                 key=lambda p: -(len(by_state[p].flipped_by) if p in by_state else 0))
    rows += [(p, by_state.get(p)) for p in eqs if p != sq]
    rows += [(p, e) for p, e in by_state.items() if not e.baseline and p != sq]
    return rows


def render_sensitivity(result: Sensitivity) -> Iterator[Any]:
    """Rich renderables for the terminal: per concept, a table of states with how many
    changes keep their verdict and which flip it, then the sentences and the rationale of
    the statements named. The states asked for (``result.requested``) narrow the tables."""
    conflict = _model(result)
    states = result.requested
    per_dm: dict[str, int] = {}
    for r in result.change_list:
        per_dm[r.dm] = per_dm.get(r.dm, 0) + 1
    counts = ", ".join(f"{dm} {n}" for dm, n in per_dm.items())
    yield plain(f"{result.title}: {result.changes} single changes of the preferences "
                f"({counts}).", style="bold")
    yield plain("−k: statement k dropped; k↔k+1: statements (or tie groups) k and k+1 "
                "swapped; k=k+1: tie groups k and k+1 merged.")
    shown_entries: list[StateSensitivity] = []
    sentences: list[str] = []
    for con in result.concepts:
        name = CONCEPT_NAMES[con]
        eqs = result.baseline.get(con, ())
        mine = [e for e in result.states if e.concept == con]
        fragile = sum(1 for e in mine if e.baseline)
        gained = len(mine) - fragile
        yield Text("")
        yield plain(f"{name}: {len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}, "
                    f"{fragile} of them flipped by some change; {gained} other "
                    f"state{'s' if gained != 1 else ''} become{'s' if gained == 1 else ''} "
                    "an equilibrium under some change.", style="bold")
        rows = _rows(result, con, conflict)
        sq = None if conflict.status_quo is None else conflict.pattern(conflict.status_quo)
        if states is not None:
            wanted = set(states)
            by_state = {e.state: e for e in mine}
            rows = [(p, by_state.get(p)) for p in states if p in wanted]
        if not rows:
            continue
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("state", overflow="fold")
        table.add_column("equilibrium", no_wrap=True)
        table.add_column("kept", justify="right", no_wrap=True)
        table.add_column("flipped by", overflow="fold")
        said = 0
        for p, e in rows[:MAX_ROWS]:
            base = result.is_equilibrium(p, con)
            refs = list(e.flipped_by) if e else []
            cell = ", ".join(change_short(r) for r in refs[:MAX_IN_CELL])
            if len(refs) > MAX_IN_CELL:
                cell += f" +{len(refs) - MAX_IN_CELL}"
            label = _state_display(conflict, p)
            if p == sq and not label.startswith("today "):  # a status quo named 'today'
                label += " (today)"
            table.add_row(plain(label), "yes" if base else "no",
                          f"{result.changes - len(refs)}/{result.changes}",
                          plain(cell or "—"))
            if said < SENTENCES and (e is not None or base):
                said += 1
                sentences.append(rests_on_sentence(result, e, state=p, concept=con))
                if e is not None:
                    shown_entries.append(e)
        yield table
        if len(rows) > MAX_ROWS:
            yield plain(f"… and {len(rows) - MAX_ROWS} more states (--format json lists "
                        "them all, --states narrows the table).")
    if sentences:
        yield Text("")
        yield plain("In words", style="bold")
        for s in sentences:
            yield plain(s)
    notes = statement_notes(result, shown_entries)
    if notes:
        yield Text("")
        yield plain("The statements named", style="bold")
        for line in notes:
            yield plain(line)


def _model(result: Any) -> Conflict:
    """The model a result is about (results built by the engines keep it)."""
    if result.conflict is None:
        raise ValueError("this result keeps no model to render it with")
    return result.conflict


def _combo_name(names: Sequence[str]) -> str:
    return " + ".join(names) if names else "(the file's own preferences)"


def render_combinations(result: Any) -> Iterator[Any]:
    """The verdict matrix of :func:`~detente.graph.combinations.combinations`: one row per
    combination of named assumption sets, a column per headline verdict."""
    conflict = _model(result)
    concept = "seq" if "seq" in result.concepts else result.concepts[-1]
    name = CONCEPT_NAMES[concept]
    n = len(result.combinations)
    yield plain(f"{result.title}: {n} combinations of {len(result.assumptions)} named "
                f"assumption sets ({len(result.analysed())} analysed).", style="bold")
    if result.status_quo is not None:
        yield plain(f"Today: {_state_display(conflict, result.status_quo)}; best stable "
                    f"outcomes ({name}): {', '.join(result.best) or 'none'}.")
    # short cells, so that a row fits an 80-column terminal with its name beside it
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("assumptions", overflow="fold", min_width=20)
    table.add_column("today", no_wrap=True)
    for k, _p in enumerate(result.best):
        table.add_column(f"best {k + 1}", no_wrap=True)
    conflicts = []
    for c in result.combinations:
        if c.conflicting is not None:
            pair = f"conflicting: {c.conflicting[0]} vs {c.conflicting[1]}"
            if pair not in conflicts:
                conflicts.append(pair)
            table.add_row(plain(f"{_combo_name(c.assumptions)} (conflicting)"), "n/a",
                          *["" for _ in result.best])
            continue
        today = c.status_quo.get(concept)
        cells = []
        for p in result.best:
            st = "S" if c.best_stable[p].get(concept) else "-"
            cells.append(st + ("+R" if c.best_reachable.get(p) else ""))
        table.add_row(plain(_combo_name(c.assumptions)),
                      "—" if today is None else ("S" if today else "-"), *cells)
    yield plain(f"S: {name}-stable; R: reachable from today; -: not {name}-stable; n/a: "
                "not combined.")
    yield table
    if conflicts:
        yield plain("n/a: sets not combined, because they give one decision maker two "
                    "preferences (" + "; ".join(conflicts) + ").")
    for k, p in enumerate(result.best):
        kept = result.keep_best(p, concept)
        yield plain(f"best {k + 1} = {_state_display(conflict, p)}: {name}-stable under "
                    f"{len(kept)} of {len(result.analysed())} combinations, reachable from "
                    f"today under {len(result.reach_best(p))}.")


def render_uncertainty(result: Any) -> Iterator[Any]:
    """Per concept, the states with the highest probability of being an equilibrium."""
    conflict = _model(result)
    how = ("exact: every one of the " f"{result.profiles:,} distinct profiles enumerated"
           if result.method == "exact" else
           f"Monte Carlo: {result.samples:,} profiles drawn of {result.profiles:,} distinct, "
           f"seed {result.seed}, 95 % Wilson intervals")
    yield plain(f"{result.title}: probability of being an equilibrium ({how}).",
                style="bold")
    for con in result.concepts:
        rows = sorted((s for s in result.states if s.concept == con),
                      key=lambda s: (-s.probability, conflict.decimal(s.state)))
        yield Text("")
        yield plain(CONCEPT_NAMES[con], style="bold")
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("state", overflow="fold")
        table.add_column("probability", justify="right", no_wrap=True)
        table.add_column("95 % interval", no_wrap=True)
        table.add_column("equilibrium today", no_wrap=True)
        for s in rows[:MAX_ROWS]:
            interval = ("exact" if result.method == "exact"
                        else f"{s.low:.3f} – {s.high:.3f}")
            table.add_row(plain(_state_display(conflict, s.state)), f"{s.probability:.3f}",
                          interval, "yes" if s.baseline else "no")
        yield table
        if len(rows) > MAX_ROWS:
            yield plain(f"… and {len(rows) - MAX_ROWS} more (--format json lists them all).")
