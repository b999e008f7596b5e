"""Ranking ranges (inverse part A) against plain enumeration with the brute-force oracle."""

from __future__ import annotations

import dataclasses
import itertools
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import detente
from detente.graph.inverse.ranges import ranking_ranges
from detente.model.conflict import Conflict, Ranking
from detente.model.errors import ModelError
from tests.graph.bruteforce import brute_force, feasible_states, payoff_ranks
from tests.graph.strategies import conflicts
from tests.graph.test_bruteforce import _three_dm_relay

CONCEPTS = ("nash", "gmr", "smr", "seq")


def _groups(conflict: Conflict) -> list[list[list[int]]]:
    """Each DM's tie groups (decimals), most preferred first, from the oracle's ranks."""
    feasible = feasible_states(conflict)
    out = []
    for rank in payoff_ranks(conflict, feasible):
        top = max(rank.values())
        out.append([[s for s in feasible if rank[s] == top - g] for g in range(top)])
    return out


def _enumerate(conflict: Conflict, target: int, vary: dict[int, tuple[int, int]]):
    """Every combination in enumeration order, analysed by the brute-force oracle: yields
    (rankings per varied DM as lists of groups, {concept: target is an equilibrium})."""
    groups = _groups(conflict)
    n = len(conflict.decision_makers)
    orders = []
    for k in range(n):
        a, b = vary.get(k, (1, 1))
        orders.append(list(itertools.permutations(range(a - 1, b))))
    for combo in itertools.product(*orders):
        prefs = list(conflict.preferences)
        rankings = {}
        for k in range(n):
            a, b = vary.get(k, (1, 1))
            order = list(range(len(groups[k])))
            order[a - 1 : b] = combo[k]
            tiers = [groups[k][g] for g in order]
            rankings[k] = tiers
            prefs[k] = Ranking(tuple(tuple(t) for t in tiers))
        brute = brute_force(dataclasses.replace(conflict, preferences=tuple(prefs)))
        yield rankings, {c: target in brute.equilibria[c] for c in CONCEPTS}


def _check(conflict: Conflict, target: int, vary: dict[int, tuple[int, int]]) -> None:
    names = conflict.dm_names
    result = ranking_ranges(conflict, target, {names[k]: v for k, v in vary.items()},
                            list_first=10_000)
    rows = list(_enumerate(conflict, target, vary))
    assert result.combinations == len(rows)
    for c in CONCEPTS:
        assert result.counts[c] == sum(r[1][c] for r in rows), c
    # the listing follows the enumeration order and gives the same verdicts
    pat = conflict.pattern
    for got, (rankings, verdict) in zip(result.rankings, rows, strict=True):
        assert set(got.stable) == {c for c in CONCEPTS if verdict[c]}
        for k in vary:
            want = [sorted(pat(s) for s in tier) for tier in rankings[k]]
            assert [sorted(g) for g in got.rankings[names[k]]] == want
    # necessary conditions: relations true in every stable combination, not in every one
    for c in CONCEPTS:
        stable = [r[0] for r in rows if r[1][c]]
        want = set()
        if stable:
            for k in vary:
                def rel(rk, k=k):
                    pos = {s: t for t, tier in enumerate(rk[k]) for s in tier}
                    return {(x, y) for x in pos for y in pos if pos[x] < pos[y]}
                always = set.intersection(*(rel(r[0]) for r in rows))
                need = set.intersection(*(rel(rk) for rk in stable)) - always
                want |= {(names[k], pat(x), pat(y)) for x, y in need}
        have = {(cond.dm, cond.must_prefer, y) for cond in result.conditions[c]
                for y in cond.to}
        assert have == want, c


@settings(max_examples=60, suppress_health_check=[HealthCheck.filter_too_much,
                                                  HealthCheck.too_slow])
@given(conflicts(max_dms=4, max_options=6), st.data())
def test_counts_conditions_and_listing_match_brute_force(conflict: Conflict, data) -> None:
    feasible = feasible_states(conflict)
    target = data.draw(st.sampled_from(feasible))
    groups = _groups(conflict)
    n = len(conflict.decision_makers)
    vary: dict[int, tuple[int, int]] = {}
    budget = 24
    for k in data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)):
        top = len(groups[k])
        a = data.draw(st.integers(1, top))
        b = data.draw(st.integers(a, min(top, a + 3)))
        while math.factorial(b - a + 1) > budget and b > a:
            b -= 1
        budget //= math.factorial(b - a + 1)
        vary[k] = (a, b)
    assume(budget >= 1)
    _check(conflict, target, vary)


def test_three_dm_relay_sanction_counts_as_textbook_not_gmcr_plus() -> None:
    """The only sanction of A's improvement needs B, C, then B again (GMCR+'s
    once-per-opponent sequences miss it): counted as the brute force counts it."""
    relay = _three_dm_relay()
    nnnn = relay.decimal("NNNN")
    result = ranking_ranges(relay, nnnn, {"B": (1, 2), "C": (1, 2)})
    assert result.counts["seq"] >= 1 and result.counts["gmr"] >= 1
    _check(relay, nnnn, {1: (1, 2), 2: (1, 2)})
    _check(relay, nnnn, {0: (1, 3), 1: (1, 2), 2: (1, 2)})


def test_classic_cases_against_enumeration() -> None:
    cuban = detente.load("cuban-missile-crisis")
    _check(cuban, cuban.decimal("NNYN"), {0: (1, 4), 1: (2, 4)})
    elmira = detente.load("elmira")
    _check(elmira, elmira.decimal(_first_eq(elmira)), {0: (1, 3), 1: (2, 3), 2: (1, 2)})


def _first_eq(conflict: Conflict) -> str:
    return detente.analyze(conflict, "seq").equilibria["seq"][0]


def test_bad_input_is_refused_with_the_bounds() -> None:
    pd = detente.load("prisoners-dilemma")
    with pytest.raises(ModelError, match="has 4 tie group"):
        ranking_ranges(pd, "YY", "Prisoner 1=2-5")
    with pytest.raises(ModelError, match="unknown decision maker"):
        ranking_ranges(pd, "YY", "Prisoner 3=1-2")
    with pytest.raises(ModelError, match="not a range"):
        ranking_ranges(pd, "YY", "Prisoner 1=a-b")
    with pytest.raises(ModelError, match="not a state"):
        ranking_ranges(pd, "YYY", "Prisoner 1=1-2")
    with pytest.raises(ModelError, match="answers nash"):
        ranking_ranges(pd, "YY", "Prisoner 1=1-2", concepts="sim")
    cuban = detente.load("cuban-missile-crisis")
    with pytest.raises(ModelError, match="not feasible"):
        ranking_ranges(cuban, "NNYY", "United States=1-2")
