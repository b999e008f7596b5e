"""Plain-language sentences for explanations, paths and anticipated move sequences.

Moves are described by the options they change, with the options' labels: a decision maker
*takes* an option (N → Y) or *drops* it (Y → N), and every state reached is named by its
pattern, or as ``name (PATTERN)`` when the model names it (``states:``), e.g. 'If United
States takes "Air strike" (to YNNN), Soviet Union can take "Withdraw
the missiles" (to YNYN), which United States likes less than NNNN.' Labels are quoted as
written in the model, whatever their grammar, so the sentences stay correct for any model.

This module only formats: the witnesses come from :mod:`detente.graph.explain`, the paths
from :mod:`detente.graph.paths`, the anticipations from :mod:`detente.graph.limited_move`.

Examples
--------
>>> import detente
>>> from detente.graph.paths import Step
>>> cuban = detente.load("cuban-missile-crisis")
>>> step_clause(cuban, Step((0,), cuban.decimal("NNNN"), cuban.decimal("NYNN")))
'United States takes "Naval blockade" (to NYNN)'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from detente.graph.analysis import CONCEPT_NAMES
from detente.graph.lockin import describe_lock
from detente.graph.paths import Step
from detente.model.conflict import Conflict

__all__ = [
    "CONCEPT_TITLES",
    "option_changes",
    "step_clause",
    "path_sentence",
    "comparison",
    "explanation_sections",
    "explanation_text",
    "coalition_lines",
    "anticipation_sentence",
    "limited_move_lines",
]

#: Display names of the concepts (one table for the whole project).
CONCEPT_TITLES = CONCEPT_NAMES


def _label(conflict: Conflict, k: int) -> str:
    return f'"{conflict.options[k].text}"'


def option_changes(conflict: Conflict, source: int, target: int, modal: bool = False) -> str:
    """What a move does, option by option: 'takes "A" and drops "B"' (or, with ``modal``,
    'take "A" and drop "B"')."""
    took = [k for k in range(conflict.n_options)
            if not (source >> k) & 1 and (target >> k) & 1]
    dropped = [k for k in range(conflict.n_options)
               if (source >> k) & 1 and not (target >> k) & 1]
    take, drop = ("take", "drop") if modal else ("takes", "drops")
    parts = []
    if took:
        parts.append(f"{take} " + _join([_label(conflict, k) for k in took]))
    if dropped:
        parts.append(f"{drop} " + _join([_label(conflict, k) for k in dropped]))
    return " and ".join(parts) if parts else "stays"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _mover(conflict: Conflict, mover: Sequence[int]) -> str:
    names = [conflict.decision_makers[i].name for i in mover]
    return names[0] if len(names) == 1 else _join(names) + " together"


def step_clause(conflict: Conflict, step: Step, modal: bool = False) -> str:
    """'United States takes "Air strike" (to YNNN)'; with ``modal``, '… can take …'."""
    who = _mover(conflict, step.mover)
    what = option_changes(conflict, step.source, step.target, modal=modal)
    can = "can " if modal else ""
    return f"{who} {can}{what} (to {conflict.state_display(step.target)})"


def path_sentence(conflict: Conflict, path: Sequence[Step]) -> str:
    """A whole path as one sentence: 'First …, then …, then ….'"""
    if not path:
        return "No move is needed: the conflict is already there."
    clauses = [step_clause(conflict, s) for s in path]
    if len(clauses) == 1:
        return clauses[0][0].upper() + clauses[0][1:] + "."
    return "First " + ", then ".join(clauses) + "."


def comparison(mine: int, base: int) -> str:
    """How a DM judges a state against the base state, from their ranks."""
    if mine < base:
        return "likes less than"
    if mine == base:
        return "likes no more than (is indifferent to)"
    return "prefers to"


def _chain(conflict: Conflict, steps: Sequence[Step]) -> str:
    return ", then ".join(step_clause(conflict, s, modal=True) for s in steps)


def _others(conflict: Conflict, i: int) -> str:
    return _join([d.name for j, d in enumerate(conflict.decision_makers) if j != i])


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _improvement_sentences(expl: Any, w: Any) -> list[str]:
    c = expl.conflict
    s = expl.state
    S = c.state_display(s)
    i = w.dm
    me = c.decision_makers[i].name
    base = expl.rank(i, s)
    out = []
    for imp in w.improvements:
        mine = Step((i,), s, imp.to)
        lead = f"If {step_clause(c, mine)}"
        if w.concept == "nash":
            out.append(f"{me} can {option_changes(c, s, imp.to, modal=True)} "
                       f"(to {c.state_display(imp.to)}), which it prefers to {S}.")
            continue
        parts = []
        if w.concept in ("gmr", "seq", "smr", "seqsim", "sseq", "fseq"):
            credible = w.concept in ("seq", "seqsim", "sseq")
            if imp.sanction is not None:
                end = imp.sanction[-1].target
                cmp_ = comparison(expl.rank(i, end), base)
                text = f"{lead}, {_chain(c, imp.sanction)}, which {me} {cmp_} {S}"
                if credible or (w.concept == "fseq" and not imp.sanctioned):
                    text += " (each of these moves an improvement for the one who makes it)"
                elif w.concept == "fseq":
                    text += (" (each of these moves credible: an improvement for the one who "
                             "makes it that nobody can answer at once by leaving it worse off "
                             "than before it moved)")
                if imp.sanction_locks:
                    text += (f"; it cannot be undone: it settles "
                             f"{describe_lock(c, imp.sanction_locks)} for good")
                if w.concept in ("smr", "sseq"):
                    cm = imp.countermove
                    if cm is None:
                        text += f"; from there {me} cannot move"
                    elif imp.sanctioned:
                        text += (f"; from there {_possessive(me)} best reply, to "
                                 f"{option_changes(c, cm.source, cm.target, modal=True)} "
                                 f"(to {c.state_display(cm.target)}), still leaves it no "
                                 f"better off than at {S}")
                    else:
                        text += (f", but {me} can then "
                                 f"{option_changes(c, cm.source, cm.target, modal=True)} "
                                 f"(to {c.state_display(cm.target)}), which it prefers to {S}: "
                                 "every sanction can be escaped")
                parts.append(text + ".")
                parts += _credibility_notes(expl, w, imp)
            else:
                kind = ("improvements" if credible else
                        "credible moves" if w.concept == "fseq" else "moves")
                parts.append(f"{lead}, no sequence of {kind} by {_others(c, i)} leads to a state "
                             f"{me} likes no more than {S}.")
        if w.concept in ("sim", "seqsim"):
            sim = imp.simultaneous
            if sim is not None:
                others = [Step((j,), s, d) for j, d in sim["moves"].items() if j != i]
                at_once = _join([step_clause(c, st) for st in others])
                r = sim["result"]
                parts.append(f"{lead} while, at the same moment, {at_once}, the result is "
                             f"{c.state_display(r)}, which {me} "
                             f"{comparison(expl.rank(i, r), base)} {S}.")
            else:
                parts.append(f"{lead}, no combination of simultaneous improvements by "
                             f"{_others(c, i)} leaves {me} no better off than at {S}.")
        if w.concept == "seqsim":
            parts = [f"By SEQ: {parts[0]}", f"By SIM: {parts[1]}"]
        out.append(" ".join(parts))
    return out


def _defeat_sentence(c: Conflict, st: Step, answer: tuple[int, int]) -> str:
    who = c.decision_makers[st.mover[0]].name
    k, z = answer
    return (f"after {who} moves to {c.pattern(st.target)}, "
            f"{c.decision_makers[k].name} can {option_changes(c, st.target, z, modal=True)} "
            f"(to {c.pattern(z)}), which {who} likes less than {c.pattern(st.source)}, where "
            "it stood before its move")


def _credibility_notes(expl: Any, w: Any, imp: Any) -> list[str]:
    """Sentences on a sanction's credibility (self-defeating moves, whether the verdict rests
    on them) and on the mildest sufficient sanction."""
    c = expl.conflict
    i = w.dm
    me = c.decision_makers[i].name
    S = c.pattern(expl.state)
    out = []
    defeats = [(st, ans) for st, (_ok, ans) in zip(imp.sanction, imp.credibility or [],
                                                      strict=False) if ans is not None]
    # GMR and SMR sanctions need not be in their makers' interest at all: their credibility
    # is in the JSON; the sentences discuss it where the concept claims it
    if defeats and w.concept in ("seq", "seqsim", "sseq", "fseq"):
        st, ans = defeats[0]
        note = f"This threat is self-defeating: {_defeat_sentence(c, st, ans)}."
        if w.concept == "fseq" and not imp.sanctioned:
            note += " No sanction made of credible moves exists."
        elif imp.credible_exists is False and imp.sanctioned:
            note += " No credible sanction exists: the verdict rests on threats like this one."
        elif imp.credible_exists:
            note += " A credible sanction exists too (see FSEQ)."
        out.append(note)
    mild = imp.mildest
    if mild is not None and [s.target for s in mild] != [s.target for s in imp.sanction]:
        end = mild[-1].target
        cred = all(ok and ans is None for ok, ans in imp.mildest_credibility or [])
        out.append(f"The mildest sufficient sanction: {_chain(c, mild)}, which {me} "
                   f"{comparison(expl.rank(i, end), expl.rank(i, expl.state))} {S}"
                   f" ({'credible' if cred else 'not credible'}).")
    return out


def _headline(expl: Any, w: Any) -> str:
    c = expl.conflict
    S = c.state_display(expl.state)
    me = c.decision_makers[w.dm].name
    title = CONCEPT_TITLES.get(w.concept, w.concept)
    verdict = "stable" if w.stable else "not stable"
    n = len(w.improvements)
    if n == 0:
        return f"{S} is {title} stable for {me}: {me} has no unilateral improvement from it."
    if w.concept == "nash":
        return (f"{S} is not Nash stable for {me}: {me} has {n} unilateral "
                f"improvement{'s' if n > 1 else ''}.")
    if w.concept == "seqsim":
        seq_all = all(x.sanction is not None for x in w.improvements)
        sim_all = all(x.simultaneous is not None for x in w.improvements)
        why = ("SEQ sanctions every improvement" if seq_all else
               "SIM sanctions every improvement" if sim_all else
               "neither SEQ nor SIM sanctions every improvement")
        return f"{S} is {verdict} for {me} under SEQ&SIM: {why}."
    sanctioned = sum(1 for x in w.improvements if x.sanctioned)
    how = " credibly" if w.concept == "fseq" else ""
    if n == 1:
        why = f"its only improvement {'can' if w.stable else 'cannot'} be sanctioned{how}"
    elif w.stable:
        why = f"each of its {n} improvements can be sanctioned{how}"
    else:
        why = f"{n - sanctioned} of its {n} improvements cannot be sanctioned{how}"
    return f"{S} is {verdict} for {me} under {title}: {why}."


def explanation_sections(expl: Any) -> list[tuple[str, list[str]]]:
    """For each witness (DM and concept): a headline and one sentence per improvement; first,
    when the state is locked in, what it has settled for good."""
    out = [(_headline(expl, w), _improvement_sentences(expl, w)) for w in expl.witnesses]
    lk = getattr(expl, "lock_in", None)
    if lk is not None:
        c = expl.conflict
        reach = getattr(expl, "lock_in_reach", None)
        if reach is not None:
            from detente.report.tables import reach_words

            tail = "; " + reach_words(reach) + "."
        else:
            tail = "."
        out.insert(0, (f"{c.pattern(expl.state)} is locked in: "
                       f"{describe_lock(c, lk.locked)} for good, and {lk.out_of_reach:,} "
                       f"states are out of reach for ever{tail}", []))
    return out


def explanation_text(expl: Any) -> str:
    """The whole explanation as plain text (headlines, then indented sentences)."""
    lines: list[str] = []
    for head, sentences in explanation_sections(expl):
        lines.append(head)
        lines.extend(f"  - {s}" for s in sentences)
    return "\n".join(lines)


# --- coalitions and limited-move stability (sections of `detente analyze`) ------------------
def coalition_lines(ca: Any, equilibria: dict[str, list[str]]) -> list[str]:
    """Sentences summarising a coalition analysis: the coalitions considered, the coalition
    equilibria, and which coalitions break which non-cooperative equilibria (and how)."""
    from detente.graph.coalitions import CONCEPT_NAMES as NAMES

    eq = ca.equilibria
    lines = ["Coalitions considered: " + ", ".join(ca.name(c) for c in ca.coalitions) + "."]
    for k, pats in eq.items():
        shown = ", ".join(pats[:12]) + (f" … (+{len(pats) - 12})" if len(pats) > 12 else "")
        lines.append(f"{NAMES[k][0].upper() + NAMES[k][1:]} equilibria (stable for every "
                     f"coalition considered): {shown or 'none'}.")
    for name, broken in ca.broken_by(equilibria).items():
        if not broken:
            lines.append(f"{name} cannot improve jointly on any non-cooperative equilibrium.")
            continue
        parts = []
        for p in broken[:6]:
            targets = ca.improvements(p, name.split("+"))
            parts.append(f"{p} (to {', '.join(targets[:3])}{' …' if len(targets) > 3 else ''})")
        more = f" and {len(broken) - 6} more" if len(broken) > 6 else ""
        word = "equilibrium" if len(broken) == 1 else "equilibria"
        lines.append(f"{name} can improve jointly on the {word} {', '.join(parts)}{more}: "
                     "all its members prefer the states in brackets.")
    return lines


def anticipation_sentence(conflict: Conflict, a: Any, rank: Any) -> str:
    """One anticipated move sequence (:class:`~detente.graph.limited_move.Anticipation`) in
    words; ``rank(dm, decimal)`` gives payoff ranks."""
    me = conflict.decision_makers[a.dm].name
    S = conflict.state_display(a.state)
    view = f"{a.horizon} move{'s' if a.horizon != 1 else ''} in view"
    if not a.sequence:
        return f"At {S}, with {view}, {me} cannot move: it stays."
    first, rest = a.sequence[0], a.sequence[1:]
    what = option_changes(conflict, first.source, first.target, modal=True)
    then = ""
    if rest:
        then = ", expecting " + ", then ".join(
            f"{_mover(conflict, st.mover)} to {option_changes(conflict, st.source, st.target, modal=True)} (to {conflict.state_display(st.target)})"  # noqa: E501
            for st in rest)
    end = conflict.state_display(a.outcome)
    cmp_ = comparison(rank(a.dm, a.outcome), rank(a.dm, a.state))
    if a.stable:
        return (f"At {S}, with {view}, {me} stays: its most promising move, to {what} "
                f"(to {conflict.state_display(first.target)}){then}, would end at {end}, which it "
                f"{cmp_} {S}.")
    return (f"At {S}, with {view}, {me} would {what} (to {conflict.state_display(first.target)})"
            f"{then}, ending at {end}, which it {cmp_} {S}.")


def limited_move_lines(lm: Any, states: Sequence[int] = ()) -> list[str]:
    """Sentences for limited-move results: equilibria by horizon, the non-myopic limit, and
    the anticipated sequences at ``states`` (decimals)."""
    lines = []
    c = lm.conflict
    for h, pats in lm.by_horizon.items():
        lines.append(f"L_{h} equilibria ({h} move{'s' if h != 1 else ''} in view): "
                     f"{', '.join(c.state_display(p) for p in pats) or 'none'}.")
    if lm.nm is not None:
        first, period = lm.cycle
        how = ("the same for every horizon from " + str(first) if period == 1 else
               f"repeating every {period} horizons from {first}")
        lines.append(f"Non-myopic equilibria (L_h {how}): "
                     f"{', '.join(c.state_display(p) for p in lm.equilibria['nm']) or 'none'}.")
    for d in states:
        for i in range(2):
            lines.append(anticipation_sentence(c, lm.anticipate(d, i), lm.rank))
    return lines
