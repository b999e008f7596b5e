"""analyze_deals against the plain brute force of tests/bargain/bruteforce.py."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.bargain import analysis as analysis_mod
from detente.bargain import pareto as pareto_mod
from detente.bargain.analysis import analyze_deals
from detente.model.agenda import agenda_from_dict
from tests.bargain import bruteforce as bf
from tests.bargain.strategies import agendas

MAX_TIES = 3


def _key(u):
    return tuple(round(x, 6) for x in u)


def check(data, chunk_size, max_ties=MAX_TIES, top=4):
    agenda = agenda_from_dict(data)
    result = analyze_deals(agenda, chunk_size=chunk_size, max_ties=max_ties, top=top)
    parties = [p["id"] for p in data["parties"]]
    pkgs = bf.enumerate_packages(data)
    d = bf.reservations(data)

    # outcome space and ZOPA
    assert result.outcomes == len(pkgs)
    zopa = [(p, u) for p, u in pkgs if bf.in_zopa(u, d)]
    assert result.zopa_outcomes == len(zopa)
    assert result.reservations == pytest.approx(dict(zip(parties, d, strict=False)), abs=1e-12)

    # frontier with ties: same points, counts and first packages
    expected = {_key(u): (u, members, n) for u, members, n in bf.frontier(pkgs)}
    got = {_key([pt.utilities[p] for p in parties]): pt for pt in result.pareto}
    assert set(got) == set(expected)
    for k, (u, members, n) in expected.items():
        pt = got[k]
        assert [pt.utilities[p] for p in parties] == pytest.approx(u, abs=1e-12)
        assert pt.count == n
        assert pt.packages == members[:max_ties]
        assert pt.in_zopa == bf.in_zopa(u, d)

    # the four solutions
    sols = bf.solutions(pkgs, d)
    if sols is None:
        assert result.solutions is None
        assert not result.agreement_possible
    else:
        assert result.solutions is not None
        for name, (best, members) in sols.items():
            s = result.solutions[name]
            assert s.value == pytest.approx(best, abs=1e-12), name
            assert s.count == len(members), name
            assert s.packages == members[:max_ties], name

    # top packages by Nash product
    ranking = bf.nash_ranking(pkgs, d)[:top]
    assert [r.nash_product for r in result.top] == pytest.approx(ranking, abs=1e-12)

    # trades from the status quo
    sq = {i["id"]: i["status_quo"] for i in data["issues"]}
    expected_trades = bf.trades(data, pkgs, sq)
    got_trades = {tuple(t.issues): t for t in result.trades}
    assert set(got_trades) == set(expected_trades)
    for pair, (gain, n) in expected_trades.items():
        t = got_trades[pair]
        assert t.joint_gain == pytest.approx(gain, abs=1e-12)
        assert t.alternatives == n
        assert all(g > 0 for g in t.gains.values())
        assert sum(t.gains.values()) == pytest.approx(t.joint_gain, abs=1e-12)
    gains = [t.joint_gain for t in result.trades]
    assert gains == sorted(gains, reverse=True)
    return result


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(), st.sampled_from([1, 2, 3, 5, 8, 1 << 20]))
def test_matches_brute_force(data, chunk_size):
    check(data, chunk_size)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agendas(max_issues=4, max_options=3), st.sampled_from([1, 4]))
def test_matches_brute_force_with_merging_and_prefilter(data, chunk_size):
    # force the candidate merge and the dominance pre-filter on small spaces
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(analysis_mod, "_MERGE_AT", 2)
        mp.setattr(pareto_mod, "_PREFILTER_MIN", 1)
        check(data, chunk_size, max_ties=1, top=2)


def test_no_agreement_possible():
    data = {
        "issues": [{"id": "x", "options": ["a", "b"], "status_quo": "a"}],
        "parties": [
            {"id": "p", "weights": {"x": 1}, "values": {"x": {"a": 1, "b": 0}}},
            {"id": "q", "weights": {"x": 1}, "values": {"x": {"a": 0, "b": 1}}},
        ],
    }
    result = check(data, 1 << 20)
    assert result.solutions is None
    assert result.zopa_outcomes == 0
    assert any("No agreement possible" in n for n in result.notes)


def test_many_ties_are_counted_but_listed_up_to_max_ties():
    # q does not care about y: each x option is one frontier point with 5 packages
    data = {
        "issues": [{"id": "x", "options": ["a", "b"], "status_quo": "a"},
                   {"id": "y", "options": ["c0", "c1", "c2", "c3", "c4"], "status_quo": "c0"}],
        "parties": [
            {"id": "p", "weights": {"x": 1, "y": 0}, "values": {"x": {"a": 0, "b": 1}}},
            {"id": "q", "weights": {"x": 1, "y": 0}, "values": {"x": {"a": 1, "b": 0}}},
        ],
    }
    result = check(data, 2, max_ties=2)
    assert [pt.count for pt in result.pareto] == [5, 5]
    assert all(len(pt.packages) == 2 for pt in result.pareto)
    assert result.zopa_outcomes == 0


def test_ties_from_decimals_are_exact():
    # 0.1 + 0.2 == 0.3 for détente (exact fractions), although not in binary floating point
    data = {
        "issues": [{"id": "x", "options": ["a", "b"], "status_quo": "a"},
                   {"id": "y", "options": ["c", "d"], "status_quo": "c"}],
        "parties": [
            {"id": "p", "weights": {"x": 0.1, "y": 0.2},
             "values": {"x": {"a": 0, "b": 1}, "y": {"c": 1, "d": 0}}},
            {"id": "q", "weights": {"x": 0.3, "y": 0.0},
             "values": {"x": {"a": 1, "b": 0}}},
        ],
    }
    agenda = agenda_from_dict(data)
    result = analyze_deals(agenda)
    assert result.exact
    u = {tuple(sorted(p.items())): pt.utilities["p"] for pt in result.pareto for p in pt.packages}
    assert math.isclose(u[(("x", "a"), ("y", "c"))], 2 / 3)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_quantised_utilities_match_brute_force(data):
    # values with large prime maxima make the common denominator exceed 2**53
    primes = [99991, 99989, 99971, 99961, 99929]
    n_issues = data.draw(st.integers(4, 5))
    issues = [{"id": f"i{i}", "options": ["a", "b", "c"], "status_quo": "a"}
              for i in range(n_issues)]
    parties = []
    for p in range(2):
        weights = {f"i{i}": data.draw(st.sampled_from([0.1234, 0.5678, 0.9012, 0.3456]))
                   for i in range(n_issues)}
        values = {f"i{i}": {"a": data.draw(st.integers(1, primes[i] - 1)),
                            "b": primes[i],
                            "c": data.draw(st.integers(0, primes[i]))}
                  for i in range(n_issues)}
        parties.append({"id": f"p{p}", "weights": weights, "values": values})
    agenda_data = {"issues": issues, "parties": parties}
    result = check(agenda_data, data.draw(st.sampled_from([3, 9, 1 << 20])))
    assert not result.exact
