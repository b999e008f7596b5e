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


def _brute_minimal(conflict, target, concepts, allowed, max_d, need_reach, as_ranking):
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
            if need_reach and target != conflict.status_quo and target not in reachable(
                    c, b, conflict.status_quo, range(n), improving=True):
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
           method="search"):
    names = conflict.dm_names
    top = 50
    got = minimal_changes(conflict, target, concepts, [names[k] for k in allowed],
                          reachable=reach, top=top, max_changes=max_d,
                          changes="ranking" if as_ranking else "auto", method=method,
                          time_limit=60)
    assert got.method == method
    best, sols = _brute_minimal(conflict, target, concepts, allowed, max_d, reach,
                                as_ranking)
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
            b = brute_force(changed)
            want = 0 if target == conflict.status_quo else reachable(
                changed, b, conflict.status_quo, range(len(names)), improving=True)[target]
            assert sol.steps == want
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


def test_relay_and_classics() -> None:
    from tests.graph.test_bruteforce import _three_dm_relay

    relay = _three_dm_relay()
    _check(relay, relay.decimal("NNNN"), ["seq"], [0, 1, 2], 2, False)
    _check(relay, relay.decimal("YNYY"), ["seq"], [1, 2], 2, False)
    cuban = detente.load("cuban-missile-crisis")
    _check(cuban, cuban.decimal("NNNN"), ["seq"], [0, 1], 2, True)
    for method in ("search", "ilp"):
        _check(cuban, cuban.decimal("NNNN"), ["seq", "smr"], [0, 1], 3, True, True, method)
        _check(relay, relay.decimal("NNNN"), ["seq"], [0, 1, 2], 2, False, True, method)


def test_kendall_distance_counts() -> None:
    from detente.graph.inverse.minimal import orders_within

    # permutations of 4 elements by inversions: 1, 3, 5, 6, 5, 3, 1
    assert [orders_within(4, d) for d in range(7)] == [1, 4, 9, 15, 20, 23, 24]
    assert orders_within(1, 3) == 1


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
