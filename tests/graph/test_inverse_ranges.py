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


def _plain_counts(conflict: Conflict, target: int, vary: dict[int, tuple[int, int]]):
    """Counts by analysing every combination with the stability engine, one by one."""
    import numpy as np

    from detente.graph.preferences import payoff_ranks as engine_ranks
    from detente.graph.space import StateSpace
    from detente.graph.stability import StabilityEngine

    space = StateSpace(conflict)
    n = space.n_dms
    P0 = engine_ranks(space)
    feas = space.feasible_index
    s_flat = int(space.flat_of_decimals(np.array([target]))[0])
    orders = {k: list(itertools.permutations(range(a - 1, b))) for k, (a, b) in vary.items()}
    counts = dict.fromkeys(CONCEPTS, 0)
    for combo in itertools.product(*orders.values()):
        P = P0.copy()
        for k, order in zip(orders, combo, strict=True):
            flat = P.reshape(n, -1)[k]
            top = int(flat[feas].max())
            group = top - flat[feas]
            a = vary[k][0] - 1
            inv = {g: p for p, g in enumerate(order)}
            new = np.array([a + inv[g] if a <= g < a + len(order) else g
                            for g in group.tolist()])
            flat[feas] = top - new
        eng = StabilityEngine(space, P)
        for c in CONCEPTS:
            counts[c] += all(bool(getattr(eng, c)(i).reshape(-1)[s_flat]) for i in range(n))
    return counts


@pytest.mark.parametrize("seed", range(2))
def test_counts_equal_plain_enumeration_with_the_engine(seed: int) -> None:
    """Three DMs with 3, 2 and 2 free positions (24 combinations) on seeded random models
    with statements (SEQ sanctions through both opponents): the signature sum against
    analysing every combination one by one with the stability engine."""
    from tests.graph.strategies import random_conflict

    conflict = random_conflict(seed, 3, 2, statements_per_dm=(3, 4))
    groups = _groups(conflict)
    vary = {k: (1, min(3 if k == 0 else 2, len(groups[k]))) for k in range(3)}
    for target in feasible_states(conflict)[:: max(1, len(feasible_states(conflict)) // 2)]:
        got = ranking_ranges(conflict, target, {conflict.dm_names[k]: v
                                                for k, v in vary.items()})
        assert dict(got.counts) == _plain_counts(conflict, target, vary)
