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
