"""The briefing's lead findings on the summit file, each checked against an independent
computation: plain breadth-first searches over unilateral improvements (the brute force's
moves and ranks), plain loops for traps and permissive concepts, Richardson's condition by
hand from the file's coefficients, the package share by enumerating the agenda."""

from __future__ import annotations

import itertools
from collections import deque

import pytest

import detente
from detente.graph.analysis import CONCEPT_NAMES
from detente.model.agenda import load_agenda
from detente.model.loader import load_conflict, load_document, resolve_source
from tests.graph.bruteforce import (
    brute_force,
    feasible_states,
    lock,
    payoff_ranks,
    unilateral_moves,
)
from tests.report.helpers import summit_briefing

NAME = "summit-2021"


@pytest.fixture(scope="module")
def briefing():
    return summit_briefing()


@pytest.fixture(scope="module")
def lead(briefing):
    return briefing.section("findings")


def _flat(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _plain_reach(conflict) -> dict[int, int]:
    """Every state unilateral improvements reach from the status quo, with the fewest steps
    (no decision maker twice in a row), by a plain breadth-first search."""
    feasible = feasible_states(conflict)
    fs = set(feasible)
    ranks = payoff_ranks(conflict, feasible)
    n = len(conflict.decision_makers)
    moves = {(i, s): [t for t in unilateral_moves(conflict, fs, i, s)
                      if ranks[i][t] > ranks[i][s]] for i in range(n) for s in feasible}
    sq = int(conflict.status_quo)
    best = {sq: 0}
    seen = {(sq, -1)}
    queue = deque([(sq, -1, 0)])
    while queue:
        s, last, d = queue.popleft()
        for i in range(n):
            if i == last:
                continue
            for t in moves[(i, s)]:
                if (t, i) not in seen:
                    seen.add((t, i))
                    best.setdefault(t, d + 1)
                    queue.append((t, i, d + 1))
    return best


def _leads_to(conflict) -> list[str]:
    seq = set(detente.analyze(conflict).equilibria["seq"])
    return sorted(conflict.pattern(s) for s in _plain_reach(conflict) if conflict.pattern(s)
                  in seq)


def test_the_findings_come_first(briefing) -> None:
    assert briefing.sections[0].key == "findings"
    assert briefing.sections[0].answer


def test_where_today_leads_if_nobody_coordinates(briefing, lead) -> None:
    c = briefing.focus.conflict
    reach = _plain_reach(c)
    holds = len(reach) == 1
    assert lead.data["today_holds"] == holds
    assert sorted(lead.data["leads_to"]) == _leads_to(c)
    # on the summit as written no side gains by leaving today alone
    assert holds and lead.answer[0].startswith("If nobody coordinates, nothing moves")


def test_which_assumptions_change_where_today_leads(briefing, lead) -> None:
    c = briefing.focus.conflict
    base = _leads_to(c)
    differ = []
    text = _flat(lead.answer)
    for row in briefing.assumptions:
        mine = _leads_to(load_conflict(NAME, assumption=row["name"]))
        assert sorted(row["leads_to"]) == mine
        if mine != base:
            differ.append(row["name"])
            line = next(x for x in lead.answer if x.strip().startswith(f"Under {row['name']}:"))
            for p in mine:
                if p != c.pattern(c.status_quo):
                    assert c.state_display(p) in line
    assert lead.data["assumptions_differ"] == differ
    # the revisionist reading is the one where the stand-off breaks, and it breaks into war
    assert differ == ["revisionist-russia"]
    assert "revisionist-russia: moves each side likes lead to invasion" in text
    assert "a trap" in text


def test_traps_are_named_and_not_reached_from_today(briefing, lead) -> None:
    c = briefing.focus.conflict
    a = detente.analyze(c)
    feasible = feasible_states(c)
    ranks = payoff_ranks(c, feasible)
    sq = int(c.status_quo)
    want = []
    for s in feasible:
        if c.pattern(s) not in a.equilibria["nash"]:
            continue
        shut = any(((s ^ sq) >> k) & 1 for k in lock(c, s))
        if shut and all(r[s] < r[sq] for r in ranks):
            want.append(c.pattern(s))
    got = [t["state"] for t in lead.data["traps"]]
    assert got == want and want
    reach = _plain_reach(c)
    for t in lead.data["traps"]:
        d = reach.get(c.decimal(t["state"]))
        assert t["steps"] == d
    names = sorted({c.state_name(p) for p in want})
    assert names == ["invasion", "nato-at-war"]
    line = next(x for x in lead.answer if x.startswith("Traps"))
    assert all(n in line for n in names)
    assert "none is reached by moves each side makes alone" in line


def test_the_deals_that_hold_and_who_holds_them(briefing, lead) -> None:
    res = briefing.focus
    c = res.conflict
    a = detente.analyze(c)
    keys = [k["pattern"] for k in res.key_states]
    assert lead.data["deals"] == keys
    # the deals presented as holding are the best stable outcomes that also hold when every
    # sanction's maker would carry it out (FSEQ, by the brute force), in the easiest-first order
    fseq = set(brute_force(c).patterns(brute_force(c).equilibria["fseq"]))
    assert lead.data["deals_credible"] == [p for p in keys if p in fseq]
    held = [k for k in res.key_states if k["pattern"] in fseq]
    assert held  # on the summit one best stable outcome holds by credible sanctions only
    first = held[0]
    assert lead.data["deal"] == first["pattern"]
    text = _flat(lead.answer)
    assert f"would carry out): {c.state_display(first['pattern'])}" in text
    # easiest first: among credibly held outcomes reached the same way in as many moves, the
    # first changes the fewest options from today
    sq = int(c.status_quo)

    def way(k):
        p = k["path"]
        return (p is None, p is not None and p["moves"] != "ui", len(p["steps"]) if p else 0)

    peers = [k for k in held if way(k) == way(first)]
    assert bin(c.decimal(first["pattern"]) ^ sq).count("1") == min(
        bin(c.decimal(k["pattern"]) ^ sq).count("1") for k in peers)
    assert "No side gets there alone: it takes United States + Russia + Ukraine together" in \
        text
    # who would renege: each named side has an improvement from the deal, and the side named
    # to answer has a sanction each of whose moves it gains by (SEQ) that leaves the reneger
    # no better off than in the deal
    feasible = feasible_states(c)
    ranks = payoff_ranks(c, feasible)
    d = c.decimal(first["pattern"])
    renegers = [x.strip() for x in lead.answer if " would renege (" in x]
    assert renegers
    for w in res.explanation_objects[first["pattern"]].witnesses:
        if w.concept != "seq" or not w.improvements:
            continue
        dm = c.decision_makers[w.dm].name
        line = next(x for x in renegers if x.startswith(f"{dm} would renege"))
        imp = w.improvements[0]
        assert imp.to in unilateral_moves(c, set(feasible), w.dm, d)
        assert ranks[w.dm][imp.to] > ranks[w.dm][d]
        src = imp.to
        for step in imp.sanction:
            (mover,) = step.mover
            assert c.decision_makers[mover].name in line.split(" would answer")[0]
            assert ranks[mover][step.target] > ranks[mover][src]
            src = step.target
        assert ranks[w.dm][src] <= ranks[w.dm][d]
    assert a.is_stable(first["pattern"], "seq")


def test_deals_on_self_defeating_threats_are_said_to_be_so(briefing, lead) -> None:
    """The best stable outcomes that rest only on self-defeating threats are not presented
    as deals that hold: the lead says they are not credible, and the threat it spells out
    is one: the reneger gains by its move, the sanctioner by its answer, and a reply that
    its maker gains by leaves the sanctioner below where it stood before it answered."""
    res = briefing.focus
    c = res.conflict
    brute = brute_force(c)
    fseq = set(brute.patterns(brute.equilibria["fseq"]))
    hollow = [k["pattern"] for k in res.key_states if k["pattern"] not in fseq]
    assert hollow  # on the summit: the named Bandow deal among them
    assert [h["state"] for h in lead.data["deals_not_credible"]] == hollow
    text = _flat(lead.answer)
    assert f"Not credible: {c.state_display(hollow[0])}" in text
    assert "bandow-deal (YNNNYYNYN)" in text.split("Not credible: ")[1].split(";")[0]
    assert "would not carry out" in text
    # the first hollow deal is not the headline of the deals that hold
    assert f"would carry out): {c.state_display(hollow[0])}" not in text
    fs = set(brute.feasible)
    rank = brute.rank
    idx = c.dm_index
    for h in lead.data["deals_not_credible"]:
        t = h["threat"]
        s, to, frm = (c.decimal(h["state"]), c.decimal(t["to"]), c.decimal(t["from"]))
        sanction, answer = c.decimal(t["sanction"]), c.decimal(t["answer"])
        r, j, k = idx(t["reneger"]), idx(t["sanctioner"]), idx(t["answered_by"])
        assert t["reneger"] in h["held_for"]
        assert to in unilateral_moves(c, fs, r, s) and rank[r][to] > rank[r][s]
        assert sanction in unilateral_moves(c, fs, j, frm)
        assert rank[j][sanction] > rank[j][frm]
        assert answer in unilateral_moves(c, fs, k, sanction)
        assert rank[k][answer] > rank[k][sanction]
        assert rank[j][answer] < rank[j][frm]
    first = lead.data["deals_not_credible"][0]["threat"]
    said = text.split("Not credible: ")[1]
    assert f"answer to {first['reneger']} reneging" in said and first["sanctioner"] in said


def test_counts_are_demoted_and_permissive_concepts_said(briefing) -> None:
    a = detente.analyze(briefing.focus.conflict)
    answer = briefing.section("equilibria").answer
    assert not answer[0].startswith("Equilibria")  # the outcomes come first, counts last
    last = answer[-1]
    assert last.startswith(f"Equilibria counted, of {a.n_states:,} states:")
    loose = [c for c, v in a.equilibria.items() if 2 * len(v) >= a.n_states]
    strict = [c for c in a.equilibria if c not in loose]
    assert loose == ["gmr", "smr"]
    said = last.split(";")[1]
    assert "permissive" in said
    assert all(CONCEPT_NAMES[c] in said for c in loose)
    assert not any(f" {CONCEPT_NAMES[c]}," in said or f" {CONCEPT_NAMES[c]} " in said
                   for c in strict)
    share = len(a.equilibria["gmr"]) / a.n_states
    assert f"{share:.0%}" in said


def test_the_package_share_with_its_caveat(briefing, lead) -> None:
    agenda = load_agenda(NAME)
    parties = agenda.party_ids
    res = {p: agenda.reservation_value(p) for p in parties}
    total = zopa = 0
    for combo in itertools.product(*[iss.option_ids for iss in agenda.issues]):
        pk = dict(zip(agenda.issue_ids, combo, strict=True))
        if any(pk[agenda.issues[i].id] != agenda.issues[i].options[
                agenda.issues[i].status_quo].id for i in agenda.parked):
            continue
        if agenda.satisfies(pk):
            total += 1
            zopa += all(agenda.utility(p, pk) > res[p] for p in parties)
    line = next(x for x in lead.answer if x.startswith("Package deals"))
    assert f"{zopa / total:.0%} of packages beat no agreement for all" in line
    assert "not a chance of a deal" in line
    assert "(as written, guessed no-deal values)" in _flat(briefing.section("deals").answer)


def test_recovery_in_the_scenario_s_time_unit(briefing, lead) -> None:
    path, _ = resolve_source(NAME)
    raw = load_document(path).dynamics
    assert raw["round"] == {"length": 0.25, "unit": "years"}  # a round is a quarter-year
    rec = briefing.dynamics["recovery"].to_dict()
    now = next(p for p in rec["pairs"] if p["policies"] == {"United States": "Tit For Tat",
                                                            "Russia": "Tit For Tat"})
    mean = now["restricted_mean_rounds"]["mean"]
    want = f"{mean:.1f} rounds (≈ {mean * 0.25:.1f} years)"
    assert want in _flat(lead.answer)
    assert want in _flat(briefing.section("dynamics").answer)


def test_richardson_is_a_region_from_unsourced_coefficients(briefing) -> None:
    path, _ = resolve_source(NAME)
    r = load_document(path).dynamics["richardson"]
    assert not r.get("source")
    us, ru = "United States", "Russia"
    k, l_, a, b = r["defence"][us], r["defence"][ru], r["fatigue"][us], r["fatigue"][ru]
    text = _flat(briefing.section("dynamics").answer)
    assert "from unsourced coefficients — a region, not a finding" in text
    assert f"k·l {k * l_:.2f}, a·b {a * b:.2f}" in text
    settles = a * b > k * l_
    assert ("lie where they settle" in text) == settles
    assert not settles
    # the smallest relative change that crosses a·b = k·l, by hand
    options = {("k", us): a * b / l_, ("l", ru): a * b / k, ("a", us): k * l_ / b,
               ("b", ru): k * l_ / a}
    current = {"k": k, "l": l_, "a": a, "b": b}
    (param, side), threshold = min(options.items(),
                                   key=lambda kv: abs(kv[1] - current[kv[0][0]])
                                   / current[kv[0][0]])
    assert f"{side}' {'reaction' if param in 'kl' else 'restraint'} {param}" in text
    assert f"{threshold:.2f} (now {current[param]:.2f})" in text
    facts = briefing.section("dynamics").data["richardson"]
    assert facts["sourced"] is False and facts["stable"] is settles
    # the report's region chart: the boundary a·b = k·l, the guesses at (k·l, a·b) in the
    # part where levels do not settle, an arrow to the threshold found by hand, the caveat
    from detente.report import figures as fg

    fig = fg.richardson_region_plot(briefing.dynamics["richardson"].to_dict(), sourced=False)
    assert "from unsourced coefficients: a region, not a finding" in fig.layout.title.text
    traces = {t.name: t for t in fig.data}
    boundary = traces["boundary a·b = k·l"]
    assert list(boundary.x) == list(boundary.y)
    point = traces["the guesses"]
    assert point.x[0] == pytest.approx(k * l_) and point.y[0] == pytest.approx(a * b)
    assert (point.y[0] > point.x[0]) == settles
    arrow = next(t for n, t in traces.items() if n.startswith("smallest single change"))
    moved = {"k": (threshold * l_, a * b), "l": (k * threshold, a * b),
             "a": (k * l_, threshold * b), "b": (k * l_, a * threshold)}[param]
    assert arrow.x[-1] == pytest.approx(moved[0]) and arrow.y[-1] == pytest.approx(moved[1])
    assert moved[0] == pytest.approx(moved[1])  # the threshold lies on the boundary


def _seq_stable_after(conflict, change, pattern: str) -> bool:
    from detente.graph.changes import apply_changes

    a = detente.analyze(apply_changes(conflict, [change]), "seq")
    return a.is_stable(pattern, "seq")


def test_what_the_deal_and_today_rest_on(briefing, lead) -> None:
    """Each change the lead says the deal that holds rests on undoes its SEQ stability when
    applied alone; no single change undoes today's, as the lead says; the combination counts
    are those of the sensitivity engine's combination matrix."""
    from detente.graph.changes import Change, single_changes

    c = briefing.focus.conflict
    deal = lead.data["deal"]
    refs = lead.data["deal_rests_on"]["flipped_by"]
    assert refs
    text = _flat(lead.answer)
    assert "It rests on " in text
    for r in refs:
        kind = r["change"]
        change = Change(c.dm_index(r["dm"]), kind, r["statements"][0],
                        on="statements" if kind != "merge" else "groups")
        assert not _seq_stable_after(c, change, deal), r
    sq = c.pattern(c.status_quo)
    assert lead.data["today_rests_on"]["flipped_by"] == []
    every = [ch for i in range(len(c.decision_makers)) for ch in single_changes(c, i)]
    assert every and all(_seq_stable_after(c, ch, sq) for ch in every)
    assert "No single change of the preferences undoes that" in text
    combos = briefing.rests_on["combinations"]
    n = len(combos.analysed())
    kept = lead.data["today_rests_on"]["combinations"]
    assert kept == {"kept": len(combos.keep_today("seq")), "of": n}
    assert f"it holds under {kept['kept']} of {n} combinations" in text


def test_what_it_would_take_for_the_named_deal(briefing, lead) -> None:
    """The inverse question is asked first of the scenario's named deal, which moves each
    side makes alone do not reach; the lead states the engine's answer, and indeed no
    single preference change makes the deal both SEQ-stable and reached by unilateral
    improvements (a plain breadth-first search after each change)."""
    from detente.graph.changes import apply_changes, single_changes

    c = briefing.focus.conflict
    deal = c.pattern(c.parse_state("bandow-deal"))
    assert deal not in {c.pattern(s) for s in _plain_reach(c)}
    first = briefing.advice[0]
    assert first.target == deal and first.why == "not reachable"
    line = next(x.strip() for x in lead.answer if "What it would take" in x)
    assert f"makes bandow-deal ({deal}) SEQ-stable and reachable from today" in line
    assert (first.result.minimal is None) == line.startswith("What it would take: no combination")
    assert first.result.minimal is None
    for i in range(len(c.decision_makers)):
        for ch in single_changes(c, i):
            c2 = apply_changes(c, [ch])
            if detente.analyze(c2, "seq").is_stable(deal, "seq"):
                assert c2.decimal(deal) not in _plain_reach(c2), ch


def test_when_no_best_outcome_holds_by_credible_sanctions(briefing) -> None:
    """With only the summit's best stable outcomes that rest on self-defeating threats, the
    lead says first that no deal holds by sanctions their makers would carry out, names no
    reneger held by a credible answer, and says that all of them rest on such threats."""
    import copy

    from detente.report.findings import _deals_that_hold

    res = copy.copy(briefing.focus)
    res.key_states = [k for k in res.key_states if k["self_defeating_for"]]
    b = copy.copy(briefing)
    b.models = {**briefing.models, briefing.focus_name: res}
    lines, facts = _deals_that_hold(b)
    assert lines[0].startswith("No deal holds by sanctions their makers would carry out")
    assert facts["deals_credible"] == [] and facts["deal"] == res.key_states[0]["pattern"]
    assert [h["state"] for h in facts["deals_not_credible"]] == [
        k["pattern"] for k in res.key_states]
    assert not [x for x in lines if " would renege (" in x]
    assert any(x.strip().startswith("All of them (") for x in lines)
