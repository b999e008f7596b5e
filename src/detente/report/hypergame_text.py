"""How each side sees it: a hypergame analysis in plain sentences and terminal tables.

This module only formats a :class:`~detente.graph.hypergame.HypergameAnalysis`: what each
decision maker believes about the others, which outcomes it expects to hold (the equilibria
of its own perceived game) against the equilibria of the true game, the hyper-equilibria
(states every decision maker finds stable for itself in its own game), and the surprises.
User text (names, labels) goes into Rich ``Text`` objects with its control characters made
visible (:func:`detente.report.safe_text.plain`), never into markup.

Examples
--------
>>> import dataclasses, detente
>>> from detente.graph.hypergame import hypergame
>>> from detente.model.conflict import Perception, Ranking
>>> chicken = detente.load("chicken")
>>> swerver = Ranking((("NN",), ("NY",), ("YN",), ("YY",)))
>>> c = dataclasses.replace(chicken, perceptions=(Perception(0, ((1, swerver),)),))
>>> lines = hypergame_sentences(c, hypergame(c, concepts="gmr"))
>>> lines[0]
'Driver A misreads the preferences of Driver B; Driver B sees the true game.'
>>> print(lines[-1])  # doctest: +NORMALIZE_WHITESPACE
Surprise (GMR): Driver A expects NN to hold, but Driver B would take "Driver B drives
straight" (to NY), an improvement for it that Driver A does not expect.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from detente.graph.analysis import CONCEPT_NAMES
from detente.graph.hypergame import HypergameAnalysis
from detente.model.conflict import Conflict
from detente.report.explain_text import _join, option_changes
from detente.report.safe_text import plain

__all__ = ["hypergame_sentences", "hypergame_summary", "render_hypergame", "MAX_SHOWN"]

#: States listed per cell or sentence before "… (+n)".
MAX_SHOWN = 8
#: Surprises described in sentences (JSON has them all).
MAX_SURPRISES = 12


def _list(pats: tuple[str, ...] | list[str], limit: int = MAX_SHOWN) -> str:
    if not pats:
        return "none"
    shown = ", ".join(pats[:limit])
    return shown + (f" … (+{len(pats) - limit})" if len(pats) > limit else "")


def _who_misreads(h: HypergameAnalysis) -> list[str]:
    out = []
    true_game = [dm for dm in h.decision_makers if not h.beliefs.get(dm)]
    for dm in h.decision_makers:
        if h.beliefs.get(dm):
            out.append(f"{dm} misreads the preferences of {_join(list(h.beliefs[dm]))}")
    if not out:
        return ["Every decision maker sees the true game: no perception is declared, so the "
                "hyper-equilibria are the equilibria and nothing surprises anyone."]
    if true_game:
        verb = "sees" if len(true_game) == 1 else "see"
        out.append(f"{_join(true_game)} {verb} the true game")
    return ["; ".join(out) + "."]


def hypergame_sentences(conflict: Conflict, h: HypergameAnalysis) -> list[str]:
    """The analysis in plain sentences: who misreads whom, per concept what each expects
    against the true game, the hyper-equilibria, second-level expectations, surprises."""
    lines = _who_misreads(h)
    if not h.has_perceptions:
        return lines
    for c in h.concepts:
        name = CONCEPT_NAMES[c]
        lines.append(f"{name}: the true game's equilibria are {_list(h.actual[c])}; "
                     f"the hyper-equilibria (stable for each side in its own game) are "
                     f"{_list(h.hyper_equilibria[c])}.")
        for dm in h.decision_makers:
            if not h.beliefs.get(dm):
                continue
            mine = h.perceived[dm][c]
            if tuple(mine) == tuple(h.actual[c]):
                lines.append(f"{name}: {dm} expects the true game's equilibria all the same.")
            else:
                lines.append(f"{name}: {dm} expects {_list(mine)} to hold.")
        for dm, per_c in h.second_level.items():
            lines.append(f"{name}: knowing how {_join(list(h.aware_of[dm]))} see"
                         f"{'s' if len(h.aware_of[dm]) == 1 else ''} the game, {dm} expects "
                         f"{_list(per_c[c])}.")
    for s in h.surprises[:MAX_SURPRISES]:
        move = option_changes(conflict, conflict.decimal(s.state), conflict.decimal(s.to))
        lines.append(f"Surprise ({CONCEPT_NAMES[s.concept]}): {s.believed_by} expects "
                     f"{s.state} to hold, but {s.mover} would {_verb(move)} (to {s.to}), an "
                     f"improvement for it that {s.believed_by} does not expect.")
    if h.surprises_total > min(MAX_SURPRISES, len(h.surprises)):
        lines.append(f"… and {h.surprises_total - min(MAX_SURPRISES, len(h.surprises)):,} "
                     "more surprises (see --format json).")
    elif not h.surprises:
        lines.append("No surprise: wherever a side expects the conflict to rest, the others "
                     "have no improvement it does not foresee.")
    return lines


def hypergame_summary(conflict: Conflict, h: HypergameAnalysis, concept: str) -> list[str]:
    """A few lines for a briefing: who misreads whom, what each side expects against the
    true game under ``concept``, the hyper-equilibria, and the number of surprises."""
    lines = _who_misreads(h)
    if not h.has_perceptions or concept not in h.concepts:
        return lines
    name = CONCEPT_NAMES[concept]
    lines.append(f"Under {name} the true game's equilibria are {_list(h.actual[concept], 5)}; "
                 f"the hyper-equilibria, where each side stays by its own reading, are "
                 f"{_list(h.hyper_equilibria[concept], 5)}.")
    for dm in h.decision_makers:
        if h.beliefs.get(dm):
            lines.append(f"  {dm} expects {_list(h.perceived[dm][concept], 5)}.")
    n = h.surprise_counts.get(concept, 0)
    if n:
        who = sorted({s.believed_by for s in h.surprises if s.concept == concept})
        one = len(who) == 1
        lines.append(f"{n:,} surprise{'s' if n != 1 else ''} under {name}: {_join(who)} "
                     f"{'does' if one else 'do'} not foresee some of the others' improvements "
                     f"where {'it expects' if one else 'they expect'} the conflict to rest.")
    else:
        lines.append(f"No surprise under {name}.")
    return lines


def _verb(changes: str) -> str:
    """'takes "A" and drops "B"' → 'take "A" and drop "B"'."""
    return changes.replace("takes ", "take ").replace("drops ", "drop ")


def render_hypergame(conflict: Conflict, h: HypergameAnalysis) -> list[Any]:
    """Rich renderables: a table per concept row (true game, each side's expectation, the
    hyper-equilibria), a table of each side's own stable states, and the sentences."""
    title = conflict.title or conflict.name or "Hypergame"
    out: list[Any] = [plain(f"How each side sees it — {title}", style="bold")]
    t = Table(title="Equilibria: the true game, each side's game, and the hypergame",
              title_justify="left")
    t.add_column("concept")
    t.add_column("true game")
    for dm in h.decision_makers:
        t.add_column(plain(f"{dm} expects"))
    t.add_column("hyper-equilibria")
    for c in h.concepts:
        t.add_row(CONCEPT_NAMES[c], plain(_list(h.actual[c])),
                  *[plain(_list(h.perceived[dm][c])) for dm in h.decision_makers],
                  plain(_list(h.hyper_equilibria[c])))
    out.append(t)
    s = Table(title="States stable for each side in its own game", title_justify="left")
    s.add_column("concept")
    for dm in h.decision_makers:
        s.add_column(plain(dm))
    for c in h.concepts:
        s.add_row(CONCEPT_NAMES[c],
                  *[plain(f"{len(h.stable_in_own_game[dm][c])}: "
                         f"{_list(h.stable_in_own_game[dm][c])}") for dm in h.decision_makers])
    out.append(s)
    out.extend(plain(f"- {line}") for line in hypergame_sentences(conflict, h))
    return out
