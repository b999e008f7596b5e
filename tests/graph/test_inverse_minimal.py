"""The smallest change that makes a deal hold (inverse part B) against the brute force."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detente
from detente.graph.changes import apply_changes
from detente.graph.inverse.minimal import minimal_changes
from detente.model.conflict import Conflict, Ranking, Statements
from detente.model.errors import ModelError
from tests.graph.bruteforce import (
    brute_force,
    dense_ranks,
    feasible_states,
    holds,
    payoff_ranks,
    reachable,
)
from tests.graph.strategies import conflicts
from tests.graph.test_paths import brute_status_quo


def _dm_variants(conflict: Conflict, dm: int, max_d: int, as_ranking: bool):
    """Every preference of DM ``dm`` within ``max_d`` single changes, with its distance:
    {ranks tuple over the feasible states: (distance, spec)} — written from the definitions
    (statements: delete one, swap two adjacent; rankings: swap two adjacent tie groups)."""
    feasible = feasible_states(conflict)
    spec = conflict.preferences[dm]
    ids = conflict.option_ids
    if isinstance(spec, Statements) and not as_ranking:
        def ranks_of(sts):
            n = len(sts)
            score = {s: sum(2 ** (n - j) for j, x in enumerate(sts, start=1)
                            if holds(x.formula, s, ids)) for s in feasible}
            r = dense_ranks(score)
            return tuple(r[s] for s in feasible)

        def nbrs(sts):
            for k in range(len(sts)):
                yield sts[:k] + sts[k + 1:]
            for k in range(len(sts) - 1):
                yield sts[:k] + (sts[k + 1], sts[k]) + sts[k + 2:]

        start = tuple(spec.statements)
        make = Statements
    else:
        rank = payoff_ranks(conflict, feasible)[dm]
        top = max(rank.values())
        start = tuple(tuple(s for s in feasible if rank[s] == top - g) for g in range(top))

        def ranks_of(tiers):
            r = {s: len(tiers) - t for t, tier in enumerate(tiers) for s in tier}
            return tuple(r[s] for s in feasible)

        def nbrs(tiers):
            for k in range(len(tiers) - 1):
                yield tiers[:k] + (tiers[k + 1], tiers[k]) + tiers[k + 2:]

        make = Ranking
    out = {ranks_of(start): (0, make(start))}
    layer, seen = [start], {start}
    for d in range(1, max_d + 1):
        nxt = []
        for x in layer:
            for y in nbrs(x):
                if y in seen:
                    continue
                seen.add(y)
                nxt.append(y)
                out.setdefault(ranks_of(y), (d, make(y)))
        layer = nxt
    return out


def _brute_steps(conflict, target, moves):
    """Fewest moves from the status quo to the target (None: unreachable), written from the
    definitions: ``ui`` by the brute force's reachable sets, ``coalition`` by the status quo
    brute force of the paths tests (coalitional improvements from R_H by enumeration)."""
    if target == conflict.status_quo:
        return 0
    if moves == "coalition":
        return brute_status_quo(conflict, conflict.status_quo, "coalition")[0].get(target)
    b = brute_force(conflict)
    return reachable(conflict, b, conflict.status_quo, range(len(conflict.decision_makers)),
                     improving=True).get(target)


def _brute_minimal(conflict, target, concepts, allowed, max_d, need_reach, as_ranking,
                   moves="ui"):
    """Minimal number of changes and the set of minimal profiles (tuples of rank tuples)."""
    n = len(conflict.decision_makers)
    per_dm = [_dm_variants(conflict, k, max_d if k in allowed else 0, as_ranking)
              for k in range(n)]
    best, sols = None, set()

    def walk(k, acc, d):
        nonlocal best, sols
        if best is not None and d > best:
            return
        if k == n:
            prefs = tuple(spec for _, (_, spec) in acc)
            c = dataclasses.replace(conflict, preferences=prefs)
            b = brute_force(c)
            if not all(target in b.equilibria[x] for x in concepts):
                return
            if need_reach and _brute_steps(c, target, moves) is None:
                return
            key = tuple(r for r, _ in acc)
            if best is None or d < best:
                best, sols = d, {key}
            elif d == best:
                sols.add(key)
            return
        for r, (dist, spec) in per_dm[k].items():
            if d + dist <= max_d:
                walk(k + 1, [*acc, (r, (dist, spec))], d + dist)

    walk(0, [], 0)
    return best, sols


def _check(conflict, target, concepts, allowed, max_d, reach, as_ranking=False,
           method="search", moves="ui"):
    names = conflict.dm_names
    top = 50
    got = minimal_changes(conflict, target, concepts, [names[k] for k in allowed],
                          reachable=reach, moves=moves, top=top, max_changes=max_d,
                          changes="ranking" if as_ranking else "auto", method=method,
                          time_limit=60)
    assert got.method == method and got.moves == moves
    best, sols = _brute_minimal(conflict, target, concepts, allowed, max_d, reach,
                                as_ranking, moves)
    assert got.minimal == best
    if best is None:
        assert got.solutions == ()
        return
    # every listed solution is a minimal profile, distinct, and all are listed when few
    feasible = feasible_states(conflict)
    seen = set()
    for sol in got.solutions:
        assert len(sol.changes) == best
        assert {c.dm for c in sol.changes} <= set(allowed)
        changed = (_as_ranking(conflict, sol) if as_ranking
                   else apply_changes(conflict, sol.changes))
        ranks = payoff_ranks(changed, feasible)
        key = tuple(tuple(r[s] for s in feasible) for r in ranks)
        assert key in sols
        seen.add(key)
        if reach:
            assert sol.steps == _brute_steps(changed, target, moves)
            assert len(sol.path) == sol.steps
            if sol.path:
                assert sol.path[-1][1] == conflict.pattern(target)
                movers = [m for m, _ in sol.path]
                assert all(a != b for a, b in zip(movers, movers[1:], strict=False))
                assert all(m in names or (moves == "coalition" and all(
                    p in names for p in m.split("+"))) for m in movers)
    assert len(seen) == len(got.solutions)
    if len(sols) <= top:
        assert len(seen) == len(sols)


def _as_ranking(conflict: Conflict, sol) -> Conflict:
    """Apply Kendall-tau swaps to the DMs' tie groups (their statements read as rankings)."""
    feasible = feasible_states(conflict)
    prefs = list(conflict.preferences)
    for k, rank in enumerate(payoff_ranks(conflict, feasible)):
        if any(c.dm == k for c in sol.changes):
            top = max(rank.values())
            prefs[k] = Ranking(tuple(tuple(s for s in feasible if rank[s] == top - g)
                                     for g in range(top)))
    return apply_changes(dataclasses.replace(conflict, preferences=tuple(prefs)),
                         sol.changes)


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.filter_too_much])
@given(conflicts(max_dms=3, max_options=5), st.data())
def test_minimal_changes_match_brute_force(conflict: Conflict, data) -> None:
    feasible = feasible_states(conflict)
    target = data.draw(st.sampled_from(feasible))
    n = len(conflict.decision_makers)
    concepts = data.draw(st.sampled_from([["seq"], ["nash"], ["gmr", "seq"], ["smr"]]))
    allowed = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    reach = conflict.status_quo is not None and data.draw(st.booleans())
    as_ranking = data.draw(st.booleans())
    method = data.draw(st.sampled_from(["search", "ilp"])) if as_ranking else "search"
    _check(conflict, target, concepts, sorted(allowed), 2, reach, as_ranking, method)


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.filter_too_much])
@given(conflicts(max_dms=3, max_options=4), st.data())
def test_minimal_changes_reachable_by_coalitions_match_brute_force(conflict: Conflict,
                                                                   data) -> None:
    """--reachable --moves coalition: the target reachable from the status quo by unilateral
    and coalitional improvements (as status quo analysis defines them), against the brute
    force of the paths tests; search and integer programme."""
    if conflict.status_quo is None:
        conflict = dataclasses.replace(conflict, status_quo=feasible_states(conflict)[0])
    feasible = feasible_states(conflict)
    target = data.draw(st.sampled_from(feasible))
    n = len(conflict.decision_makers)
    concepts = data.draw(st.sampled_from([["seq"], ["nash"], ["gmr"]]))
    allowed = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
    as_ranking = data.draw(st.booleans())
    method = data.draw(st.sampled_from(["search", "ilp"])) if as_ranking else "search"
    _check(conflict, target, concepts, sorted(allowed), 2, True, as_ranking, method,
           moves="coalition")


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(conflicts(max_dms=4, max_options=5), st.data())
def test_coalition_reach_matches_brute_force(conflict: Conflict, data) -> None:
    """The compiled and the vectorised searches with coalition moves give, for every state,
    the fewest moves of the status quo brute force (coalitional improvements from R_H by
    enumeration), and a path of legal steps: each a strict improvement of every member."""
    import numpy as np

    from detente.graph.inverse.local import UnilateralMoves
    from detente.graph.inverse.reach import CoalitionReach, Reach, reach_steps
    from detente.graph.preferences import payoff_ranks as engine_ranks
    from detente.graph.space import StateSpace

    feasible = feasible_states(conflict)
    start = data.draw(st.sampled_from(feasible))
    space = StateSpace(conflict)
    mv = UnilateralMoves(space)
    co = CoalitionReach(mv)
    n = len(conflict.decision_makers)
    P = engine_ranks(space).reshape(n, -1)[:, space.feasible_index]
    fewest = brute_status_quo(conflict, start, "coalition")[0]
    sp = mv.position(start)
    r = Reach(mv, P, sp, coalitions=co)
    for d in feasible:
        p = mv.position(d)
        want = fewest.get(d)
        assert r.steps(p) == want, conflict.pattern(d)
        got = reach_steps(mv, P[None], sp, p, coalitions=co)[0]
        assert got == (-1 if want is None else want)
        path = r.path(p)
        assert len(path) == (want or 0)
        x, last = sp, None
        for q, y in path:
            assert q != last
            members = co.coalitions[q - n] if q >= n else (q,)
            assert all(P[j][y] > P[j][x] for j in members)
            if q >= n:
                assert y in co.targets(q - n, x)
            else:
                assert y in mv.targets(q, x)
            x, last = y, q
    assert np.all(co.members.sum(axis=1) >= 2)
    # the same kernel without coalitions: unilateral improvements, and any unilateral moves
    for moves in ("ui", "any"):
        fewest = brute_status_quo(conflict, start, moves)[0]
        for d in feasible:
            want = fewest.get(d)
            got = reach_steps(mv, P[None], sp, mv.position(d), improving=(moves == "ui"))[0]
            assert got == (-1 if want is None else want), (moves, conflict.pattern(d))


def test_integer_programme_cuts_for_coalition_moves() -> None:
    """Seeded models where the integer programme's first profiles do not reach the target
    with coalition moves, so the answer rests on the coalitional boundary cuts (found by a
    search over seeds: two cuts, then one change with a joint step of B and C)."""
    import random

    from tests.graph.strategies import random_conflict

    for seed, target in ((9, "YYNNN"), (11, "NYNNY")):
        rng = random.Random(seed)
        n = rng.choice([2, 3])
        sizes = [rng.choice([1, 2]) for _ in range(n)]
        c = random_conflict(rng, n, sizes, title=f"r{seed}")
        if c.status_quo is None:
            c = dataclasses.replace(c, status_quo=feasible_states(c)[0])
        assert (n, sizes) == (3, [2, 2, 1])
        _check(c, c.decimal(target), ["nash"], [0, 1, 2], 2, True, True, "ilp",
               moves="coalition")


def test_relay_and_classics() -> None:
    from tests.graph.test_bruteforce import _three_dm_relay

    relay = _three_dm_relay()
    _check(relay, relay.decimal("NNNN"), ["seq"], [0, 1, 2], 2, False)
    _check(relay, relay.decimal("YNYY"), ["seq"], [1, 2], 2, False)
    cuban = detente.load("cuban-missile-crisis")
    _check(cuban, cuban.decimal("NNNN"), ["seq"], [0, 1], 2, True)
    started = dataclasses.replace(relay, status_quo=relay.decimal("NNNN"))
    _check(started, relay.decimal("YNYY"), ["nash"], [0, 1, 2], 2, True, moves="coalition")
    for method in ("search", "ilp"):
        _check(started, relay.decimal("YYYY"), ["gmr"], [0, 1, 2], 2, True, True, method,
               moves="coalition")
    for method in ("search", "ilp"):
        _check(cuban, cuban.decimal("NNNN"), ["seq", "smr"], [0, 1], 3, True, True, method)
        _check(relay, relay.decimal("NNNN"), ["seq"], [0, 1, 2], 2, False, True, method)


def test_prisoners_reach_cooperation_together() -> None:
    """Hand-worked: in the Prisoner's Dilemma from mutual defection NN, mutual cooperation YY
    is SEQ-stable but no prisoner gains by cooperating alone, so by unilateral improvements
    it is out of reach until both rank YY above the sucker's payoff … and more; together
    (a coalitional improvement: both prefer YY to NN; Kilgour et al. 2001) they get there in
    one step with no change at all."""
    pd = detente.load("prisoners-dilemma")
    alone = minimal_changes(pd, "YY", "seq", reachable=True, moves="ui")
    together = minimal_changes(pd, "YY", "seq", reachable=True, moves="coalition")
    assert alone.minimal == 2 and together.minimal == 0 and together.already
    (sol,) = together.solutions
    assert sol.steps == 1 and sol.path == (("Prisoner 1+Prisoner 2", "YY"),)
    assert together.to_dict()["solutions"][0]["path"] == [
        {"mover": "Prisoner 1+Prisoner 2", "to": "YY"}]
    for method in ("search", "ilp"):
        r = minimal_changes(pd, "YY", "nash", reachable=True, moves="coalition",
                            changes="ranking", method=method)
        assert r.minimal == 2, method  # Nash needs both to prefer YY to defecting alone
        assert all(s.steps == 1 for s in r.solutions)


def test_kendall_distance_counts() -> None:
    from detente.graph.inverse.minimal import orders_within

    # permutations of 4 elements by inversions: 1, 3, 5, 6, 5, 3, 1
    assert [orders_within(4, d) for d in range(7)] == [1, 4, 9, 15, 20, 23, 24]
    assert orders_within(1, 3) == 1
    # against permutations counted one by one; a budget beyond T(T-1)/2 swaps counts all T!
    import itertools
    import math

    for T in range(1, 6):
        invs = [sum(p[i] > p[j] for i in range(T) for j in range(i + 1, T))
                for p in itertools.permutations(range(T))]
        for d in range(T * (T - 1) // 2 + 2):
            assert orders_within(T, d) == sum(v <= d for v in invs), (T, d)
    assert orders_within(64, 10**20) == math.factorial(64)


def test_huge_budgets_stop_at_the_farthest_preference() -> None:
    pd = detente.load("prisoners-dilemma")
    r = minimal_changes(pd, "YY", "nash", dms=["Prisoner 1"], max_changes=10**20)
    assert r.minimal is None and r.lower_bound == 10**20 + 1 and r.complete
    assert r.exhausted and r.to_dict()["exhausted"] is True
    # Prisoner 1's farthest order is 6 swaps away: a budget of 6 cannot know that nothing
    # lies beyond, 7 can
    assert [minimal_changes(pd, "YY", "nash", dms=["Prisoner 1"], max_changes=m).exhausted
            for m in (0, 6, 7)] == [False, False, True]
    r = minimal_changes(pd, "YY", "nash", max_changes=10**20)
    assert r.minimal == 2 and not r.exhausted
    with pytest.raises(ModelError, match=r"all 12! orders of its groups \(479,001,600\)"):
        minimal_changes(detente.load("cuban-missile-crisis"), "NNNN", "nash",
                        changes="ranking", max_changes=10**9)


def test_ilp_on_the_summit_core_proves_the_bound() -> None:
    summit = detente.load("benchmarks/data/summit-2021-frozen.yaml#core")
    r = minimal_changes(summit, "NNNNNNNN", "seq", changes="ranking", method="ilp",
                        max_changes=3)
    assert r.minimal == 3 and r.lower_bound == 3 and r.complete
    r = minimal_changes(summit, "NNNNNNNN", "seq", reachable=True, changes="ranking",
                        method="ilp", max_changes=3)
    assert r.minimal is None and r.lower_bound == 4
    with pytest.raises(ModelError, match="tie groups"):
        minimal_changes(summit, "NNNNNNNN", "seq", changes="ranking", max_changes=3)
    chicken = detente.load("chicken")
    _check(chicken, chicken.decimal("NN"), ["nash"], [0, 1], 2, True)


def test_summit_words_and_reachability() -> None:
    summit = detente.load("benchmarks/data/summit-2021-frozen.yaml#core")
    r = minimal_changes(summit, "NNNNNNNN", "seq", top=3)
    assert r.minimal == 1
    assert r.solutions[0].texts[0].startswith("United States drops statement 5 (")
    r = minimal_changes(summit, "NYYNNYNY", "seq", reachable=True)
    assert r.minimal == 0 and r.already and r.solutions[0].steps == 2
    assert [m for m, _ in r.solutions[0].path] == ["United States", "Russia"]


def test_bad_input() -> None:
    pd = detente.load("prisoners-dilemma")
    with pytest.raises(ModelError, match="unknown decision maker"):
        minimal_changes(pd, "YY", dms=["Prisoner 7"])
    with pytest.raises(ModelError, match="status quo"):
        minimal_changes(dataclasses.replace(pd, status_quo=None), "YY", reachable=True)
    with pytest.raises(ModelError, match="answers nash"):
        minimal_changes(pd, "YY", concepts="sim")


def test_ilp_internal_checks_raise_internal_errors() -> None:
    """The integer programme's independent check is an explicit error (exit 1 in the CLI,
    with a request to report it), not an ``assert`` that ``python -O`` would drop."""
    from detente.graph.inverse.kendall import _verify
    from detente.graph.inverse.local import TargetNeighbourhood, UnilateralMoves
    from detente.graph.inverse.reach import Reach
    from detente.graph.preferences import payoff_ranks as engine_ranks
    from detente.graph.space import StateSpace

    pd = detente.load("prisoners-dilemma")
    space = StateSpace(pd)
    mv = UnilateralMoves(space)
    both_cooperate = mv.position(pd.decimal("YY"))

    ranks = engine_ranks(space).reshape(space.n_dms, -1)[:, space.feasible_index]
    hood = TargetNeighbourhood(mv, both_cooperate)
    with pytest.raises(RuntimeError, match="not make the target nash-stable.*report"):
        _verify(hood, ranks, ["nash"], pd)
    with pytest.raises(ValueError, match="needs the ranks"):
        Reach(mv, None, both_cooperate, improving=True)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.filter_too_much])
@given(conflicts(max_dms=2, max_options=3), st.data())
def test_an_exhausted_search_finds_nothing_with_a_larger_budget(conflict: Conflict,
                                                               data) -> None:
    target = data.draw(st.sampled_from(feasible_states(conflict)))
    concepts = data.draw(st.sampled_from([["nash"], ["seq"], ["smr"]]))
    budget = data.draw(st.integers(0, 4))
    r = minimal_changes(conflict, target, concepts, max_changes=budget)
    if r.exhausted:
        assert r.minimal is None
        assert minimal_changes(conflict, target, concepts, max_changes=budget + 6).minimal \
            is None
