"""The built-in summit scenario: what it encodes, and that the briefing's conclusions follow
from the engines' results on it.

Each claim of the briefing is checked against an independent run of the engine (or a brute
force over the agenda's packages): states called stable are equilibria under the concepts
named, paths are legal moves, the package-deal answers hold package by package, the fastest
policy is the fastest, and the assumptions' verdicts are those of the engine under them.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import pytest

import detente
from detente.graph.analysis import CONCEPT_NAMES
from detente.model.agenda import load_agenda
from detente.model.dynamics import load_dynamics
from detente.model.loader import (
    list_assumptions,
    list_models,
    load_all,
    load_conflict,
    load_document,
    resolve_source,
)
from tests.report.helpers import check_path, rank, summit_briefing

NAME = "summit-2021"
NAMES_OF = {v: k for k, v in CONCEPT_NAMES.items()}


@pytest.fixture(scope="module")
def models():
    return load_all(NAME)


@pytest.fixture(scope="module")
def briefing():
    return summit_briefing()


# -- the scenario ----------------------------------------------------------------------------
def test_the_file_says_what_it_is() -> None:
    doc = load_document(resolve_source(NAME)[0])
    text = " ".join(doc.description.split())
    assert "one analyst's reading of that one opinion piece" in text
    assert any("Bandow" in s and "How Biden Can (and Should) Cooperate with Putin" in s
               and "The American Conservative" in s and "2021" in s for s in doc.sources)


def test_two_models_core_by_default(models) -> None:
    assert list_models(NAME) == ["core", "grand-bargain"]
    assert load_conflict(NAME).name == "core"
    core, grand = models["core"], models["grand-bargain"]
    assert 6 <= core.n_options <= 8
    assert 18 <= grand.n_options <= 20
    for c in (core, grand):
        assert c.dm_names == ["United States", "Russia", "Ukraine"]
        assert c.status_quo is not None and c.infeasible
        direction = {o.id: o.direction for o in c.options}
        assert direction["intervene"] == "forward" and direction["admit_ukraine"] == "forward"


def test_the_grand_bargain_has_hundreds_of_thousands_of_states(briefing) -> None:
    n = briefing.models["grand-bargain"].analysis.n_states
    assert 100_000 <= n < 1_000_000


def _statements(conflict):
    for dm, spec in zip(conflict.dm_names, conflict.preferences, strict=True):
        for st in spec.statements:
            yield dm, st


def test_every_statement_has_a_rationale_and_a_source(models) -> None:
    for c in models.values():
        for dm, st in _statements(c):
            assert st.rationale.strip(), (c.name, dm, st.text)
            assert st.source.text, (c.name, dm, st.text)
    for a in list_assumptions(NAME):
        for dm, st in _statements(load_conflict(NAME, assumption=a)):
            assert st.rationale.strip() and st.source.text, (a, dm, st.text)


def test_the_status_quo_of_mid_2021(models) -> None:
    core = models["core"]
    today = {o.id for k, o in enumerate(core.options) if (core.status_quo >> k) & 1}
    assert today == {"sanctions", "press_membership"}
    grand = models["grand-bargain"]
    today = {o.id for k, o in enumerate(grand.options) if (grand.status_quo >> k) & 1}
    assert {"us_expel", "ru_expel", "sanctions"} <= today
    assert not {"freeze_nato", "end_separatist_support", "minsk_autonomy"} & today


def test_the_agenda() -> None:
    agenda = load_agenda(NAME)
    assert agenda.party_ids == ["United States", "Russia"]
    assert len(agenda.issues) == 7
    assert [agenda.issues[i].id for i in agenda.parked] == ["crimea"]
    for p in agenda.parties:
        assert p.reservation is None  # no agreement = the status quo
    assert agenda.constraints
    assert "freeze_for_donbas" in agenda.issues[agenda.issue_index("eastern_europe")].option_ids


def test_the_dynamics() -> None:
    d = load_dynamics(NAME)
    assert d.sides == ["United States", "Russia"]
    assert d.current("United States") == d.current("Russia") == "Tit For Tat"
    assert {"GRIT", "Generous Tit For Tat"} <= set(d.candidates("United States"))
    assert all(0 < m < 0.5 for m in d.misperception_probabilities())


def test_the_assumptions_load_for_both_models() -> None:
    names = list_assumptions(NAME)
    assert len(names) >= 3
    assert {"sanctions-work", "russia-would-not-intervene"} <= set(names)
    for a in names:
        for m in list_models(NAME):
            load_conflict(f"{NAME}#{m}", assumption=a)


# -- the briefing's claims ------------------------------------------------------------------
@pytest.fixture(scope="module")
def fresh(models):
    return {name: detente.analyze(c) for name, c in models.items()}


def test_stable_states_are_equilibria_under_the_concepts_named(briefing, fresh) -> None:
    for name, res in briefing.models.items():
        a = fresh[name]
        for k in res.key_states:
            assert k["equilibrium_under"]
            for c in a.concepts:
                assert a.is_stable(k["pattern"], c) == (c in k["equilibrium_under"])
    # The sentences say the same: "PATTERN (GMR, SMR, …)" lists equilibria of the core.
    a = fresh["core"]
    claimed = 0
    for line in briefing.section("equilibria").answer:
        for pattern, names in re.findall(r"\b([YN]{8}) \(([A-Z&, ]+)\)", line):
            for n in names.split(", "):
                assert a.is_stable(pattern, NAMES_OF[n]), (pattern, n)
                claimed += 1
        for pattern in re.findall(r"Nash equilibrium ([YN]{8})", line):
            assert a.is_stable(pattern, "nash")
            claimed += 1
    assert claimed >= 3


def test_the_equilibrium_counts(briefing, fresh) -> None:
    assert briefing.section("equilibria").data["counts"] == {
        c: len(v) for c, v in fresh["core"].equilibria.items()}
    grand = briefing.section("models").data["models"]["grand-bargain"]
    assert grand["counts"] == {c: len(v) for c, v in fresh["grand-bargain"].equilibria.items()}
    assert set(grand["skipped"]) == {"sim", "seqsim"} == set(fresh["grand-bargain"].skipped)


def test_the_article_s_deal_is_a_stable_outcome_reached_by_a_joint_move(briefing, fresh) -> None:
    core = briefing.models["core"].conflict
    deal = core.pattern(core.state_from_options(
        ["freeze_nato", "end_separatist_support", "accept_western_ties", "minsk_autonomy"]))
    first = briefing.focus.key_states[0]
    assert first["pattern"] == deal
    assert fresh["core"].is_stable(deal, "seq") and not fresh["core"].is_stable(deal, "nash")
    assert first["path"]["moves"] == "coalition" and len(first["path"]["steps"]) == 1


def test_paths_are_legal(briefing, fresh) -> None:
    for name, res in briefing.models.items():
        sq = res.status_quo["pattern"]
        for k in res.key_states:
            if k["path"] is not None:
                check_path(fresh[name], sq, k["pattern"], k["path"]["steps"])


def test_the_grand_bargain_says_what_was_not_searched(briefing) -> None:
    notes = " ".join(briefing.models["grand-bargain"].notes)
    assert "SIM and SEQ&SIM left out" in notes
    assert "coalitional moves were not searched" in notes
    answer = " ".join(" ".join(briefing.section("models").answer).split())
    assert "joint moves were not searched" in answer


def test_unreached_outcomes_are_unreachable_by_unilateral_improvements(briefing) -> None:
    from detente.graph.paths import status_quo_analysis

    for res in briefing.models.values():
        missing = [k["pattern"] for k in res.key_states if k["path"] is None]
        if missing:
            sq = status_quo_analysis(res.conflict, moves="ui", concepts="nash")
            assert all(sq.steps_to(p) is None for p in missing)


def test_status_quo_verdicts(briefing, fresh) -> None:
    for name, res in briefing.models.items():
        a = fresh[name]
        sq = res.status_quo["pattern"]
        assert res.status_quo["stable_under"] == [c for c in a.concepts if a.is_stable(sq, c)]
        for dm, info in res.status_quo["by_dm"].items():
            for imp in info.get("improvements", []):
                assert rank(a, dm, imp["to"]) > rank(a, dm, sq)
                if imp["sanction"]:
                    check_path(a, imp["to"], imp["sanction"][-1]["to"], imp["sanction"])
                    assert rank(a, dm, imp["sanction"][-1]["to"]) <= rank(a, dm, sq)
            assert (not any(not i["sanctioned"] for i in info.get("improvements", []))) == (
                a.is_stable(sq, "seq", dm))


def _packages(agenda):
    ids = [iss.option_ids for iss in agenda.issues]
    for combo in itertools.product(*ids):
        pk = dict(zip(agenda.issue_ids, combo, strict=True))
        if all(pk[agenda.issues[i].id] == agenda.issues[i].options[agenda.issues[i].status_quo].id
               for i in agenda.parked) and agenda.satisfies(pk):
            yield pk


def test_package_deal_claims_by_brute_force(briefing) -> None:
    agenda = load_agenda(NAME)
    d = briefing.deals
    parties = agenda.party_ids
    res = {p: agenda.reservation_value(p) for p in parties}
    feasible = list(_packages(agenda))
    u = [{p: agenda.utility(p, pk) for p in parties} for pk in feasible]
    zopa = [x for x in u if all(x[p] > res[p] for p in parties)]
    assert d.outcomes == len(feasible)
    assert d.zopa_outcomes == len(zopa)
    best = max(_nash_product(x, res) for x in zopa)
    (nash_pk,) = d.solutions["nash"].packages
    nash_u = {p: agenda.utility(p, nash_pk) for p in parties}
    assert _nash_product(nash_u, res) == best
    assert all(nash_u[p] > res[p] for p in parties)
    for t in d.trades:
        sq = {i.id: i.options[i.status_quo].id for i in agenda.issues}
        pk = sq | t.changes
        assert agenda.satisfies(pk)
        for p in parties:
            assert agenda.utility(p, pk) > agenda.utility(p, sq)


def _nash_product(u: dict[str, Fraction], d: dict[str, Fraction]) -> Fraction:
    out = Fraction(1)
    for p in u:
        out *= u[p] - d[p]
    return out


def test_dynamics_claims(briefing) -> None:
    facts = briefing.section("dynamics").data
    assert facts["current"] == {"United States": "Tit For Tat", "Russia": "Tit For Tat"}
    pairs = [p for p in briefing.dynamics["recovery"].to_dict()["pairs"]
             if p["restricted_mean_rounds"] is not None]
    fastest = min(p["restricted_mean_rounds"]["mean"] for p in pairs)
    assert facts["fastest"]["restricted_mean_rounds"]["mean"] == fastest
    now = next(p for p in pairs if p["policies"] == facts["current"])
    assert facts["recovery_now"] == now["restricted_mean_rounds"]["mean"] > fastest
    r = briefing.dynamics["richardson"].to_dict()
    assert (facts["richardson"]["outcome"] == "runaway") == (
        r["condition"]["kl"] > r["condition"]["ab"] and not r["stable"])


def test_assumption_verdicts(briefing) -> None:
    keys = [k["pattern"] for k in briefing.focus.key_states]
    for row in briefing.assumptions:
        a = detente.analyze(load_conflict(NAME, assumption=row["name"]))
        sq = briefing.focus.status_quo["pattern"]
        assert row["status_quo_stable_under"] == [c for c in a.concepts if a.is_stable(sq, c)]
        for p in keys:
            assert row["key_states"][p] == [c for c in a.concepts if a.is_stable(p, c)]
        assert row["nash"] == a.equilibria["nash"][:5]


def test_an_assumption_changes_a_conclusion(briefing) -> None:
    """The critics' assumptions matter: at least one overturns a baseline verdict."""
    keys = [k["pattern"] for k in briefing.focus.key_states]
    base = briefing.focus.status_quo["stable_under"]
    changed = [row["name"] for row in briefing.assumptions
               if row["status_quo_stable_under"] != base
               or any("seq" not in row["key_states"][p] for p in keys)]
    assert changed
