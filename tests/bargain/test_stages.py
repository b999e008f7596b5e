"""The stages of analyze_deals, each on its own, against the plain brute force."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.bargain.analysis import (
    InnerFronts,
    count_and_frontier,
    frontier_points,
    solutions_and_top,
    trade_reference,
)
from detente.bargain.outcomes import OutcomeSpace
from detente.model.agenda import agenda_from_dict
from detente.model.genius import read_genius
from tests.bargain import bruteforce as bf
from tests.bargain.strategies import agendas

LIMIT = 1 << 30


def _key(u):
    return tuple(round(x, 6) for x in u)


def _stages(data, chunk_size, max_ties=3):
    agenda = agenda_from_dict(data)
    space = OutcomeSpace(agenda, chunk_size=chunk_size)
    fronts = InnerFronts(space, max_ties)
    return agenda, space, fronts, count_and_frontier(space, fronts, max_ties, LIMIT)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(), st.sampled_from([1, 2, 3, 1 << 20]))
def test_first_pass_counts_and_frontier(data, chunk_size) -> None:
    agenda, space, _fronts, counted = _stages(data, chunk_size)
    pkgs = bf.enumerate_packages(data)
    d = bf.reservations(data)
    assert counted.outcomes == len(pkgs)
    assert counted.zopa == sum(bf.in_zopa(u, d) for _p, u in pkgs)
    expected = {_key(u): n for u, _members, n in bf.frontier(pkgs)}
    got = {_key(space.to_float(counted.vectors[:, g:g + 1])[:, 0]): int(counted.counts[g])
           for g in range(counted.vectors.shape[1])}
    assert got == expected
    points = frontier_points(agenda, space, counted)
    assert [p.count for p in points] == counted.counts.tolist()
    assert all(len(p.packages) == min(3, p.count) for p in points)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(), st.sampled_from([1, 3, 1 << 20]))
def test_second_pass_optima(data, chunk_size) -> None:
    _agenda, space, fronts, counted = _stages(data, chunk_size)
    pkgs = bf.enumerate_packages(data)
    sols = bf.solutions(pkgs, bf.reservations(data))
    if counted.zopa == 0:
        assert sols is None
        return
    found = solutions_and_top(space, fronts, counted, 3, 4)
    for name, (best, members) in sols.items():
        assert found.solutions[name].value == pytest.approx(best, abs=1e-12), name
        assert found.solutions[name].count == len(members), name
    ranking = bf.nash_ranking(pkgs, bf.reservations(data))[:4]
    assert [r.nash_product for r in found.top] == pytest.approx(ranking, abs=1e-12)


def test_inner_fronts_are_computed_once_per_pattern() -> None:
    data = {"issues": [{"id": "a", "options": ["x", "y"], "status_quo": "x"},
                       {"id": "b", "options": ["x", "y", "z"], "status_quo": "x"}],
            "parties": [{"id": "p", "weights": {"a": 1, "b": 1},
                         "values": {"a": {"x": 0, "y": 1}, "b": {"x": 0, "y": 1, "z": 2}}},
                        {"id": "q", "weights": {"a": 1, "b": 1},
                         "values": {"a": {"x": 1, "y": 0}, "b": {"x": 2, "y": 1, "z": 0}}}]}
    space = OutcomeSpace(agenda_from_dict(data), chunk_size=3)
    fronts = InnerFronts(space, 5)
    keys = [c.key for c in space.chunks()]
    first = fronts(keys[0])
    assert fronts(keys[0]) is first  # cached
    assert first[0].shape[1] == 3  # three options of b, opposed tastes: all efficient


def test_trade_reference() -> None:
    data = {"issues": [{"id": "a", "options": ["x", "y"], "status_quo": "x"}],
            "parties": [{"id": "p", "weights": {"a": 1}, "values": {"a": {"x": 0, "y": 1}}},
                        {"id": "q", "weights": {"a": 1}, "values": {"a": {"x": 1, "y": 0}}}]}
    agenda = agenda_from_dict(data)
    ref, why = trade_reference(agenda, "status_quo", None)
    assert agenda.package_dict(ref) == {"a": "x"} and why == []
    ref, why = trade_reference(agenda, "nash", None)
    assert ref is None and "no agreement is possible" in why[0]
    genius = Path(__file__).parent.parent / "data" / "genius"
    no_sq = read_genius(genius / "fisheries-domain.xml", [genius / "coastal.xml",
                                                         genius / "fleet.xml"])
    ref, why = trade_reference(no_sq, "status_quo", None)
    assert ref is None and "no status quo" in why[0]
