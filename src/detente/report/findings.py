"""The briefing's lead: the decision-relevant findings first, in plain words.

A reader of a briefing asks, before any count of equilibria: where does today lead if
nobody coordinates, which deals would hold and what holds them, what is a trap, which
package would both sides take, and how long a spiral of retaliation lasts. This module
answers those questions in a few lines, from the engine results a
:class:`~detente.report.briefing.Briefing` already holds; it computes nothing itself.

The findings, in order (each left out when its input is missing):

1. **Where today leads if nobody coordinates**: the equilibria under SEQ that unilateral
   improvements reach from the status quo (status quo analysis, Li, Kilgour & Hipel 2005);
   "today holds" when no side gains by leaving it alone. Assumption sets under which that
   changes are named.
2. **Traps**: equilibria that are locked in away from today and that every side likes less
   than today (:mod:`detente.graph.traps`), with whether moves each side likes reach them.
3. **Deals that would hold**: the best stable outcomes (SEQ equilibria no other beats for
   every side, :func:`detente.graph.summary.best_stable_outcomes`) that rest on no
   self-defeating threat (FSEQ-stable as well, :mod:`detente.graph.credible`), easiest to
   reach first (:func:`detente.graph.summary.easiest_first`), how today reaches the first
   one, and who would renege from it and whose credible sanction holds them (the SEQ
   witnesses of :mod:`detente.graph.explain`); then the best stable outcomes that hold only
   by threats their makers would not carry out, said to be so, with one such threat.
4. **Perceptions**, when the model declares them (a first-level hypergame, Wang, Hipel &
   Fraser 1988): what each misreading side expects under SEQ against the true game, the
   hyper-equilibria the true game does not hold and the equilibria lost to misreading, and
   the first surprise. Without perceptions nothing is said in the lead; its details say
   that perceptions are not modelled.
5. **Package deals**: the Nash bargaining solution and the share of packages in the zone of
   possible agreement, with the caveat that the share counts packages as written.
6. **The spiral**: the recovery from one mistaken offence under today's policies and the
   fastest change by one side alone, in rounds and, when the scenario says what a round
   stands for (``dynamics.round``), in time.

Examples
--------
>>> from detente.report.briefing import build_briefing
>>> b = build_briefing("prisoners-dilemma")
>>> b.sections[0].key, b.sections[0].answer[0]
('findings', 'If nobody coordinates, nothing moves: no side gains by leaving today (NN) alone.')
"""

from __future__ import annotations

from typing import Any

from detente.graph.analysis import CONCEPT_NAMES
from detente.report.explain_text import _join, _mover, _possessive

__all__ = ["findings", "duration_text", "permissive_concepts", "PERMISSIVE_SHARE"]

#: A concept that calls at least this share of the feasible states stable is called
#: permissive: its verdicts alone hardly tell states apart.
PERMISSIVE_SHARE = 0.5

#: Named assumption sets whose different "where today leads" are spelled out in the lead.
MAX_ASSUMPTION_LINES = 2


def permissive_concepts(counts: dict[str, int], n_states: int) -> dict[str, float]:
    """The concepts calling at least :data:`PERMISSIVE_SHARE` of the states stable, with
    their share.

    >>> permissive_concepts({"nash": 5, "gmr": 125}, 192)
    {'gmr': 0.6510416666666666}
    """
    if n_states <= 0:
        return {}
    return {c: n / n_states for c, n in counts.items() if n / n_states >= PERMISSIVE_SHARE}


def duration_text(rounds: float, round_spec: Any) -> str:
    """``26.5 rounds``, with the time they stand for when the scenario says what a round
    is: ``26.5 rounds (≈ 6.6 years)``.

    >>> from detente.model.dynamics import RoundSpec
    >>> duration_text(26.5, RoundSpec(length=0.25, unit="years"))
    '26.5 rounds (≈ 6.6 years)'
    >>> duration_text(1, None)
    '1.0 round'
    """
    text = f"{rounds:.1f} round{'' if rounds == 1 else 's'}"
    if round_spec is None:
        return text
    return f"{text} (≈ {round_spec.duration(rounds):.1f} {round_spec.unit})"


def _show_list(conflict: Any, patterns: list[str], traps: set[str]) -> str:
    shown = [conflict.state_display(p) + (", a trap" if p in traps else "") for p in patterns]
    if len(shown) > 3:
        shown = shown[:3] + [f"{len(shown) - 3} more"]
    return _join(shown)


def _today(conflict: Any, pattern: str) -> str:
    """'today (PATTERN)', or 'today, name (PATTERN)' when the model names it otherwise."""
    name = conflict.state_name(pattern)
    if name and name.casefold() != "today":
        return f"today, {conflict.state_display(pattern)}"
    return f"today ({pattern})"


def _where_today_leads(b: Any, traps: set[str]) -> tuple[list[str], dict[str, Any]]:
    focus = b.focus
    c = focus.conflict
    sq = focus.status_quo["pattern"]
    leads = focus.reach.get("leads_to", [])
    moved = focus.reach.get("ui", 1) - 1
    facts = {"today_holds": moved == 0, "leads_to": list(leads)}
    if moved == 0:
        lines = [f"If nobody coordinates, nothing moves: no side gains by leaving "
                 f"{_today(c, sq)} alone."]
        rests, facts["today_rests_on"] = _rests_on(b, sq, "today")
        if rests:
            lines.append("  " + rests.replace("It rests", "That rests").replace(
                "undoes it", "undoes that"))
    else:
        away = [p for p in leads if p != sq]
        stay = ", or today holds" if sq in leads else ""
        where = (f"to {_show_list(c, away, traps)}{stay}" if away else
                 "back to today" if stay else "to no stable outcome")
        lines = [f"If nobody coordinates, the moves each side makes for its own gain lead "
                 f"from today {where}."]
    differ = []
    for row in b.assumptions:
        other = row.get("leads_to")
        if other is None or sorted(other) == sorted(leads):
            continue
        away = [p for p in other if p != sq]
        differ.append(row["name"])
        if len(differ) > MAX_ASSUMPTION_LINES:
            continue
        if not away:
            what = "today holds" if sq in other else "no stable outcome is within reach"
        else:
            what = f"moves each side likes lead to {_show_list(c, away, traps)}"
        lines.append(f"  Under {row['name']}: {what}.")
    if len(differ) > MAX_ASSUMPTION_LINES:
        lines.append(f"  ({len(differ) - MAX_ASSUMPTION_LINES} more assumption sets change "
                     "this; see the report.)")
    facts["assumptions_differ"] = differ
    return lines, facts


def _traps(b: Any) -> tuple[list[str], list[dict[str, Any]]]:
    focus = b.focus
    found = focus.traps
    if not found:
        return [], []
    c = focus.conflict
    from detente.report.briefing import _tally

    near = {t["state"]: t["steps"] for t in found if t["steps"] is not None}
    reach = ("none is reached by moves each side makes alone" if not near else
             "within reach of moves each side likes: " + ", ".join(
                 f"{c.state_display(p)} in {k} step{'s' if k != 1 else ''}"
                 for p, k in near.items()))
    lines = [f"Traps (stable, irreversible, worse than today for every side): "
             f"{_tally(c, [t['state'] for t in found])}; {reach}."]
    return lines, found


def _delta(conflict: Any, source: int, target: int, limit: int) -> str:
    """What a move changes, in option labels: '+ A, − B' (at most ``limit``)."""
    parts = [("+ " if (target >> k) & 1 else "− ") + o.text
             for k, o in enumerate(conflict.options) if ((source ^ target) >> k) & 1]
    if len(parts) > limit:
        parts = parts[:limit] + [f"{len(parts) - limit} more"]
    return ", ".join(parts)


def _renegers(res: Any, pattern: str) -> list[str]:
    """Who gains by leaving ``pattern`` and whose credible sanction answers (SEQ)."""
    e = res.explanation_objects.get(pattern)
    if e is None:
        return []
    c = res.conflict
    out = []
    for w in e.witnesses:
        if w.concept != "seq" or not w.improvements:
            continue
        dm = c.decision_makers[w.dm].name
        first = w.improvements[0]
        if first.sanction:
            who = _join(list(dict.fromkeys(_mover(c, s.mover) for s in first.sanction)))
            answer = (f"{who} would answer "
                      f"({_delta(c, first.to, first.sanction[-1].target, 1)})")
        else:
            answer = "no one can credibly answer"
        out.append(f"  {dm} would renege ({_delta(c, c.decimal(pattern), first.to, 1)}); "
                   f"{answer}.")
    return out


def _rests_on(b: Any, pattern: str, label: str) -> tuple[str, dict[str, Any]]:
    """What the verdict that ``pattern`` is stable rests on (``label``: 'today' or 'best
    k'), from the sensitivity section's data: the single preference changes that flip it
    and the share of the named assumption combinations that keep it."""
    data = getattr(b, "rests_on", None)
    if not data:
        return "", {}
    from detente.report.sensitivity_text import change_words

    c = b.focus.conflict
    concept = data["concept"]
    verdict = next((v for v in data["verdicts"] if v["state"] == pattern
                    and v["kind"] == "stable" and v["label"] == label), None)
    if verdict is None or not verdict["holds"]:
        return "", {}
    refs = list(verdict["flipped_by"])
    facts: dict[str, Any] = {"flipped_by": [r.to_dict() for r in refs]}
    if refs:
        shown = [change_words(r, c) for r in refs[:1]]
        more = f" and {len(refs) - 1} more" if len(refs) > 1 else ""
        text = f"It rests on {_join(shown)}{more}"
    else:
        text = "No single change of the preferences undoes it"
    combos = data.get("combinations")
    if combos is not None:
        n = len(combos.analysed())
        keep = (combos.keep_today(concept) if label == "today" else
                combos.keep_best(pattern, concept) if pattern in combos.best else None)
        if keep is not None and n:
            facts["combinations"] = {"kept": len(keep), "of": n}
            text += f"; it holds under {len(keep)} of {n} combinations of named assumptions"
    return text + ".", facts


def _what_it_takes(b: Any) -> list[str]:
    """The inverse answer for the first target the briefing asked about (a best stable
    outcome no path reaches, else a Pareto-optimal state that does not hold)."""
    advice = [a for a in getattr(b, "advice", ()) if a.result is not None]
    if not advice:
        return []
    from detente.report.inverse_text import minimal_sentences

    a = advice[0]
    c = b.focus.conflict
    text = minimal_sentences(a.result)[0].replace(a.target, c.state_display(a.target))
    return ["  What it would take: " + text[0].lower() + text[1:]]


def _hollow_threat(res: Any, pattern: str) -> dict[str, Any] | None:
    """The first SEQ witness at ``pattern`` that rests only on a self-defeating sanction:
    who would renege and where, who would sanction, and whose answer would leave the
    sanctioner worse off than before it moved (:mod:`detente.graph.credible`)."""
    e = res.explanation_objects.get(pattern)
    if e is None:
        return None
    for w in e.witnesses:
        if w.concept != "seq":
            continue
        for imp in w.improvements:
            if imp.credible_exists is not False or not imp.sanction or not imp.credibility:
                continue
            for st, (_ok, ans) in zip(imp.sanction, imp.credibility, strict=True):
                if ans is not None:
                    return {"state": pattern, "reneger": w.dm, "to": imp.to,
                            "sanctioner": st.mover[0], "from": st.source,
                            "sanction": st.target, "answered_by": ans[0], "answer": ans[1]}
    return None


def _hollow_lines(res: Any, hollow: list[dict[str, Any]], held: bool
                  ) -> tuple[list[str], list[dict[str, Any]]]:
    """Say which best stable outcomes hold only by threats their makers would not carry
    out, and spell out one such threat (the easiest-to-reach outcome's)."""
    if not hollow:
        return [], []
    c = res.conflict
    names = c.dm_names
    facts = []
    for k in hollow:
        t = _hollow_threat(res, k["pattern"])
        facts.append({"state": k["pattern"], "held_for": list(k["self_defeating_for"]),
                      "threat": None if t is None else {
                          "reneger": names[t["reneger"]], "to": c.pattern(t["to"]),
                          "sanctioner": names[t["sanctioner"]],
                          "from": c.pattern(t["from"]), "sanction": c.pattern(t["sanction"]),
                          "answered_by": names[t["answered_by"]],
                          "answer": c.pattern(t["answer"])}})
    shown = [res.show(k["pattern"]) for k in hollow]
    named = [res.show(k["pattern"]) for k in hollow if k.get("name")]
    if len(shown) > 2:
        extra = [x for x in named if x not in shown[:1]][:1]
        rest = len(shown) - 1 - len(extra)
        shown = shown[:1] + extra + ([f"{rest} more"] if rest else [])
    one = len(hollow) == 1
    if held:
        lead = ("Not credible: " + _join(shown)
                + (" holds only by a threat its maker" if one else
                   " hold only by threats their makers") + " would not carry out")
    else:
        lead = ("It holds only by a threat its maker would not carry out" if one else
                f"All of them ({_join(shown)}) hold only by threats their makers would not "
                "carry out")
    first = next((t for t in (_hollow_threat(res, k["pattern"]) for k in hollow)
                  if t is not None), None)
    if first is None:
        lead += "."
    else:
        lead += (f"; {'' if one else 'e.g. '}at {res.show(first['state'])}, "
                 f"{_possessive(names[first['sanctioner']])} answer to "
                 f"{names[first['reneger']]} "
                 f"reneging ({_delta(c, first['from'], first['sanction'], 1)}) leaves it "
                 f"worse off once {names[first['answered_by']]} replies.")
    return ["  " + lead], facts


def _deals_that_hold(b: Any) -> tuple[list[str], dict[str, Any]]:
    res = b.focus
    keys = res.key_states
    if not keys:
        concept = CONCEPT_NAMES.get("seq", "SEQ")
        return [f"No deal holds under {concept}: every outcome can be left profitably by "
                "some side without a credible answer."], {"deals": [], "deals_credible": [],
                                                           "deals_not_credible": []}
    # Deals whose SEQ stability rests only on self-defeating sanctions are not presented as
    # deals that hold (FSEQ, detente.graph.credible): they come after, said for what they are.
    held = [k for k in keys if not k.get("self_defeating_for")]
    hollow = [k for k in keys if k.get("self_defeating_for")]
    first = (held or keys)[0]
    if held:
        others = held[1:]
        more = (f" and {len(others)} other{'s' if len(others) > 1 else ''}"
                if others else "")
        named = [res.show(k["pattern"]) for k in others if k.get("name")]
        if named:
            more += f", including {_join(named)}"
        head = ("Deals that would hold (each defection met by a sanction its maker would "
                "carry out), easiest to reach first: " if others else
                "The deal that would hold (each defection met by a sanction its maker "
                "would carry out): ")
        lines = [f"{head}{res.show(first['pattern'])} "
                 f"({res.describe(first['pattern'], 2)}){more}."]
    else:
        lines = ["No deal holds by sanctions their makers would carry out: each best "
                 "stable outcome rests on a threat that one reply would turn against its "
                 f"maker. Easiest to reach: {res.show(first['pattern'])} "
                 f"({res.describe(first['pattern'], 2)})."]
    path = first["path"]
    if res.status_quo is None:
        pass
    elif first["pattern"] == res.status_quo["pattern"]:
        lines.append("  It is today itself.")
    elif path is None:
        lines.append("  Today does not reach it by the moves searched.")
    elif path["moves"] == "ui":
        n = len(path["steps"])
        lines.append(f"  Today reaches it by {n} move{'s' if n != 1 else ''} each side "
                     "makes for its own gain.")
    else:
        movers = [s["mover"] if isinstance(s["mover"], str) else " + ".join(s["mover"])
                  for s in path["steps"]]
        lines.append("  No side gets there alone: it takes " + ", then ".join(
            f"{m} together" if "+" in m else m for m in movers) + ".")
    if held:
        lines += _renegers(res, first["pattern"])
    rests, rest_facts = _rests_on(b, first["pattern"], f"best {keys.index(first) + 1}")
    if rests:
        lines.append("  " + rests)
    hollow_lines, hollow_facts = _hollow_lines(res, hollow, bool(held))
    lines += hollow_lines
    lines += _what_it_takes(b)
    return lines, {"deals": [k["pattern"] for k in keys],
                   "deals_credible": [k["pattern"] for k in held],
                   "deals_not_credible": hollow_facts, "deal": first["pattern"],
                   "deal_rests_on": rest_facts}


def _perceptions(b: Any) -> tuple[list[str], dict[str, Any] | None]:
    """What misperception changes (a first-level hypergame, :mod:`detente.graph.hypergame`):
    the outcomes each side would stay at by its own reading that the true game does not
    hold, those the true game holds that a misreading side would leave, and the first
    surprise. Nothing when the scenario declares no perceptions."""
    h = getattr(b, "hypergame", None)
    if h is None or not h.has_perceptions:
        return [], None
    from detente.report.explain_text import option_changes
    from detente.report.hypergame_text import _verb, _who_misreads

    c = b.focus.conflict
    concept = "seq" if "seq" in h.concepts else h.concepts[-1]
    name = CONCEPT_NAMES[concept]
    actual, hyper = list(h.actual[concept]), list(h.hyper_equilibria[concept])
    added = [p for p in hyper if p not in actual]
    lost = [p for p in actual if p not in hyper]
    n = int(h.surprise_counts.get(concept, 0))
    expect = {dm: list(h.perceived[dm][concept]) for dm in h.decision_makers
              if h.beliefs.get(dm) and list(h.perceived[dm][concept]) != actual}
    facts: dict[str, Any] = {"concept": concept, "expected": expect,
                             "only_by_misreading": added, "lost_to_misreading": lost,
                             "surprises": n}
    shows = [c.state_display(p) for p in added]
    lost_shows = [c.state_display(p) for p in lost]
    parts = []
    if expect:
        said = [f"{dm} {'expects ' if k == 0 else ''}"
                f"{_join([c.state_display(p) for p in pats]) or 'nothing'}"
                for k, (dm, pats) in enumerate(expect.items())]
        truth = _join([c.state_display(p) for p in actual]) or "nothing"
        parts.append(f"{_join(said)} to hold (the true game holds {truth})")
    if added:
        parts.append(f"{_join(shows)} would hold only because each side stays there by its "
                     f"own reading (a hyper-equilibrium the true game does not hold)")
    if lost:
        parts.append(f"{_join(lost_shows)}, stable in the true game, would not hold: "
                     "a side that misreads leaves it")
    change = "; ".join(parts) if parts else "misreading changes no outcome that holds"
    lines = [f"Perceptions: {_who_misreads(h)[0][:-1]}. Under {name}, {change}"
             + ("." if n else "; no surprises.")]
    surprise = next((s for s in h.surprises if s.concept == concept), None)
    if surprise is not None:
        move = option_changes(c, c.decimal(surprise.state), c.decimal(surprise.to))
        more = f" ({n - 1} more)" if n > 1 else ""
        lines.append(f"  Surprise{more}: {surprise.believed_by} expects "
                     f"{c.state_display(surprise.state)} to hold, but {surprise.mover} "
                     f"would {_verb(move)} (to {c.state_display(surprise.to)}).")
    return lines, facts


def _packages(b: Any) -> list[str]:
    r = b.deals
    if r is None:
        return []
    from detente.report.briefing import _package_changes

    share = (f"{r.zopa_share:.0%} of packages beat no agreement for all (as written, "
             "under guessed no-deal values: not a chance of a deal)")
    if not r.solutions:
        return [f"Package deals: none beats every side's alternative; {share}."]
    nash = r.solutions["nash"]
    changed = len(_package_changes(r.agenda, nash.packages[0]))
    parties = [p.id for p in r.agenda.parties]
    gains = ", ".join(f"{p} {nash.utilities[p]:.2f}" for p in parties) + "; " + \
        " and ".join(f"{r.reservations[p]:.2f}" for p in parties) + " without a deal"
    return [f"Package deals: the Nash solution changes {changed} of "
            f"{len(r.agenda.issues)} issues ({gains}); {share}."]


def _spiral(b: Any) -> list[str]:
    facts = b.dynamics.get("facts") if b.dynamics else None
    if not facts or "recovery_now" not in facts:
        return []
    model = b.dynamics["model"]
    s0, s1 = model.sides
    cur = facts["current"]
    pol = (f"{cur[s0]} on both sides" if cur[s0] == cur[s1]
           else f"{cur[s0]} ({s0}) and {cur[s1]} ({s1})")
    line = (f"The spiral: with {pol}, one mistaken offence takes "
            f"{duration_text(facts['recovery_now'], model.round)} to recover")
    alone = facts.get("fastest_alone")
    if alone and alone["policies"][s0] != cur[s0]:
        line += (f"; {alone['policies'][s0]} by {s0} alone: "
                 f"{duration_text(alone['restricted_mean_rounds']['mean'], model.round)}")
    return [line + "."]


def findings(b: Any) -> tuple[list[str], list[str], dict[str, Any]]:
    """The lead findings of a briefing: answer lines, details and the facts they state."""
    lines: list[str] = []
    facts: dict[str, Any] = {}
    trap_lines, trap_facts = _traps(b) if b.focus.status_quo is not None else ([], [])
    facts["traps"] = trap_facts
    if b.focus.status_quo is not None:
        lead, f = _where_today_leads(b, {t["state"] for t in trap_facts})
        lines += lead
        facts.update(f)
    lines += trap_lines
    deal_lines, f = _deals_that_hold(b)
    lines += deal_lines
    facts.update(f)
    perceived, facts["perceptions"] = _perceptions(b)
    lines += perceived
    lines += _packages(b)
    lines += _spiral(b)
    details = [
        "Where today leads: the SEQ equilibria that moves each side makes for its own gain "
        "reach from today (a status quo analysis); a trap is an equilibrium that an "
        "irreversible move has shut off from today and that every side likes less than "
        "today; the deals that hold are the best stable outcomes, easiest to reach first "
        "(by moves each side makes alone before joint moves, then fewer moves, then fewer "
        "options changed from today)."]
    if facts["perceptions"] is None:
        details.append("Perceptions are not modelled: the scenario declares none, so every "
                       "side is taken to see the true game (a scenario's `perceptions:` "
                       "section declares how each side reads the others).")
    return lines, details, facts
