"""What brings a package into the zone of agreement (inverse part C) against the plain brute
force of tests/bargain/bruteforce.py."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.bargain.concessions import package_advice, parse_package
from detente.model.agenda import agenda_from_dict
from detente.model.errors import ModelError
from tests.bargain import bruteforce as bf
from tests.bargain.strategies import agendas


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(max_issues=3, max_options=3, max_parties=3), st.data())
def test_package_advice_matches_brute_force(data, draw) -> None:
    agenda = agenda_from_dict(data)
    pkgs = bf.enumerate_packages(data)
    if not pkgs:
        return
    pkg, u = draw.draw(st.sampled_from(pkgs))
    parked = set(data.get("parked", []))
    chosen = {k: v for k, v in pkg.items() if k not in parked}
    got = package_advice(agenda, chosen, top=100)
    d = bf.reservations(data)
    parties = [p["id"] for p in data["parties"]]
    assert got.in_zopa == bf.in_zopa(u, d)
    pareto = not any(bf.dominates(v, u) for _, v in pkgs)
    assert got.pareto_optimal == pareto
    for k, name in enumerate(parties):
        assert got.utilities[name] == pytest.approx(u[k], abs=1e-9)
    # side payment: the shortfalls, possible iff the total surplus is positive
    shortfall = [max(0.0, y - x) for x, y in zip(u, d, strict=True) if not x > y + bf.TOL]
    assert got.side_payment.needed == pytest.approx(sum(shortfall), abs=1e-9)
    if not bf.in_zopa(u, d):
        assert got.side_payment.possible == (sum(u) - sum(d) > 1e-9)
    assert got.feasible
    # single-issue changes: every feasible one, classified as the brute force does
    want_zopa, want_pareto = set(), set()
    feasible = {tuple(sorted(p.items())): v for p, v in pkgs}
    for issue in data["issues"]:
        if issue["id"] in parked:
            continue
        for opt in bf._option_ids(issue):
            if opt == pkg[issue["id"]]:
                continue
            alt = dict(pkg, **{issue["id"]: opt})
            v = feasible.get(tuple(sorted(alt.items())))
            if v is None:
                continue  # breaks a constraint
            if bf.in_zopa(v, d):
                want_zopa.add((issue["id"], opt))
            if not any(bf.dominates(w, v) for _, w in pkgs):
                want_pareto.add((issue["id"], opt))
    assert {(c.issue, c.option) for c in got.zopa_concessions} == want_zopa
    assert {(c.issue, c.option) for c in got.pareto_concessions} == want_pareto
    costs = [c.cost for c in got.zopa_concessions]
    assert costs == sorted(costs)
    for c in got.zopa_concessions:
        assert c.cost == pytest.approx(sum(max(0.0, -x) for x in c.changes.values()))


def test_parse_package_errors() -> None:
    agenda = agenda_from_dict({
        "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
                   {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
        "parties": [
            {"id": "u", "weights": {"pay": 1, "hours": 1},
             "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 0, "short": 1}},
             "reservation": 0.2},
            {"id": "b", "weights": {"pay": 1, "hours": 1},
             "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 1, "short": 0}},
             "reservation": 0.2}]})
    with pytest.raises(ModelError, match="no issue 'wage'"):
        parse_package(agenda, "wage=rise")
    assert parse_package(agenda, "pay=rise") == {"pay": "rise"}  # hours at its status quo
    with pytest.raises(ModelError, match="not issue=option"):
        parse_package(agenda, "pay")
    assert parse_package(agenda, "pay=rise, hours=short") == {"pay": "rise", "hours": "short"}


# -- hand-worked cases -------------------------------------------------------------------------
def _labour(reservations: tuple[float, float] = (0.5, 0.5)):
    """Two issues, two parties with opposed values (the module's example): utilities are
    (3·pay + hours)/4 for the union and (pay + 3·hours)/4 for the board."""
    return agenda_from_dict({
        "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
                   {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
        "parties": [
            {"id": "union", "weights": {"pay": 3, "hours": 1}, "reservation": reservations[0],
             "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 1, "short": 0}}},
            {"id": "board", "weights": {"pay": 1, "hours": 3}, "reservation": reservations[1],
             "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 0, "short": 1}}}]})


def test_side_payment_by_hand() -> None:
    from detente.report.inverse_text import package_advice_lines

    # rise+long: union 1, board 0 against 0.5 each. The union's surplus (0.5) only equals
    # the board's shortfall (0.5): after any transfer one side is at or below its
    # reservation, and the ZOPA is strict, so no side payment works.
    a = package_advice(_labour(), "pay=rise")
    assert (a.in_zopa, a.pareto_optimal, a.feasible) == (False, True, True)
    assert a.side_payment.to == {"board": 0.5} and a.side_payment.surplus == {"union": 0.5}
    assert a.side_payment.needed == 0.5 and not a.side_payment.possible
    # one concession: shorter hours gives 0.75 / 0.75 (the union gives up 0.25)
    [c] = a.zopa_concessions
    assert (c.issue, c.option, c.previous, c.cost) == ("hours", "short", "long", 0.25)
    assert c.utilities == {"union": 0.75, "board": 0.75} and c.in_zopa and c.pareto_optimal
    # pay=freeze instead gives 0.25 / 0.75: outside the ZOPA, not Pareto-optimal
    assert all(c.issue != "pay" for c in a.zopa_concessions + a.pareto_concessions)
    lines = package_advice_lines(a)
    assert any(line.startswith("No side payment can bring it in") for line in lines)
    # with the board's reservation at 0.4 the union's surplus exceeds the shortfall
    b = package_advice(_labour((0.5, 0.4)), "pay=rise")
    assert b.side_payment.possible and b.side_payment.needed == 0.4
    assert any(line.startswith("A side payment of more than 0.400") for line in
               package_advice_lines(b))


def test_side_payment_at_an_exact_tie_of_decimals() -> None:
    # a single issue; A gets 0.4 from option 'a', B and C nothing. Reservations 0.1, 0.1,
    # 0.2 leave a total surplus of exactly 0.4 - 0.1 - 0.1 - 0.2 = 0 (+2.8e-17 in floating
    # point): impossible. With C at 0.1 it is 0.1: possible.
    def agenda(c_reservation: float):
        return agenda_from_dict({
            "issues": [{"id": "x", "options": ["a", "b", "c"], "status_quo": "b"}],
            "parties": [
                {"id": p, "weights": {"x": 1}, "reservation": r,
                 "values": {"x": {"a": va, "b": 0, "c": vc}}}
                for p, r, va, vc in [("A", 0.1, 0.4, 1), ("B", 0.1, 0, 1),
                                     ("C", c_reservation, 0, 1)]]})

    tie = package_advice(agenda(0.2), "x=a")
    assert tie.utilities == {"A": 0.4, "B": 0.0, "C": 0.0}
    assert not tie.in_zopa and not tie.side_payment.possible
    assert tie.side_payment.needed == pytest.approx(0.3)
    more = package_advice(agenda(0.1), "x=a")
    assert more.side_payment.possible and more.side_payment.needed == pytest.approx(0.2)
    # x=c gives every party 1: the one concession into the ZOPA, and Pareto-optimal
    assert [(c.option, c.cost) for c in tie.zopa_concessions] == [("c", 0.0)]
    assert not tie.pareto_optimal and [c.option for c in tie.pareto_concessions] == ["c"]


def test_a_package_that_breaks_a_constraint() -> None:
    from detente.report.inverse_text import package_advice_lines

    data = {
        "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
                   {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
        "constraints": ["hours = long if pay = rise"],  # a rise only with long hours
        "parties": [
            {"id": "union", "weights": {"pay": 1, "hours": 1}, "reservation": 0.2,
             "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 0, "short": 1}}},
            {"id": "board", "weights": {"pay": 1, "hours": 1}, "reservation": 0.2,
             "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 1, "short": 0}}}]}
    a = package_advice(agenda_from_dict(data), "pay=rise,hours=short")
    assert not a.feasible and not a.in_zopa and not a.pareto_optimal
    assert not a.side_payment.possible  # no transfer repairs a broken constraint
    # both single changes keep the constraint and give 0.5 / 0.5 (cost 0.5 each)
    assert [(c.issue, c.option, c.cost) for c in a.zopa_concessions] == [
        ("pay", "freeze", 0.5), ("hours", "long", 0.5)]
    assert "breaks a constraint" in " ".join(package_advice_lines(a))


def test_the_frontier_does_not_depend_on_the_packages_listed() -> None:
    # --max-ties 0 lists no package per frontier point; Pareto-optimality came out true
    # for every package when the frontier was read from the listed packages
    from detente.bargain.analysis import analyze_deals

    agenda = _labour()
    for pkg in ["pay=rise", "pay=freeze", "hours=short", "pay=rise,hours=short"]:
        want = package_advice(agenda, pkg).to_dict()
        assert package_advice(agenda, pkg, analysis=analyze_deals(agenda, max_ties=0)
                              ).to_dict() == want
    assert not package_advice(agenda, "pay=freeze,hours=long",
                              analysis=analyze_deals(agenda, max_ties=0)).pareto_optimal


def test_parse_package_refusals() -> None:
    data = {
        "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
                   {"id": "hours", "options": ["long", "short"], "status_quo": "long"},
                   {"id": "site", "options": ["here", "there"], "status_quo": "here"}],
        "parked": ["site"],
        "parties": [{"id": p, "weights": {"pay": 1, "hours": 1, "site": 1},
                     "reservation": 0.2,
                     "values": {"pay": {"freeze": 0, "rise": 1},
                                "hours": {"long": 0, "short": 1},
                                "site": {"here": 0, "there": 1}}} for p in ("u", "b")]}
    agenda = agenda_from_dict(data)
    assert parse_package(agenda, "pay=rise") == {"pay": "rise"}
    with pytest.raises(ModelError, match="parked") as info:
        parse_package(agenda, "hours=long,site=there")
    assert info.value.field == "--what-it-takes"
    with pytest.raises(ModelError, match="no option 'overtime'|overtime"):
        parse_package(agenda, {"hours": "overtime"})
