"""Status quo analysis (detente.graph.paths) against a brute-force search and hand-worked cases.

The brute force here follows Li, Kilgour & Hipel (2005) literally: a breadth-first search over
(state, last mover) pairs with Python sets, and the number of shortest paths as the number of
legal move sequences of exactly the fewest length (counted over sequences, not over the
engine's layers). It uses only the oracle of tests/graph/bruteforce.py for moves and ranks.
"""

from __future__ import annotations

import random
from collections import deque
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.analysis import analyze
from detente.graph.paths import status_quo_analysis
from detente.graph.search import movers_for
from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking
from detente.model.errors import ModelError
from tests.graph.bruteforce import (
    BruteResult,
    feasible_states,
    payoff_ranks,
    reachable,
    unilateral_moves,
)
from tests.graph.strategies import conflicts, random_conflict


# --- brute force -------------------------------------------------------------------------------
def oracle(conflict: Conflict) -> BruteResult:
    """Moves and ranks only (no stability), for speed."""
    feasible = feasible_states(conflict)
    ranks = payoff_ranks(conflict, feasible)
    fs = set(feasible)
    n = len(conflict.decision_makers)
    moves = [{s: unilateral_moves(conflict, fs, i, s) for s in feasible} for i in range(n)]
    return BruteResult(conflict, feasible, {}, {}, {}, moves, ranks)


def brute_successors(conflict: Conflict, bf: BruteResult, mode: str):
    n = len(conflict.decision_makers)
    movers = [(i,) for i in range(n)]
    if mode == "coalition":
        movers += [c for k in range(2, n + 1) for c in combinations(range(n), k)]
    memo: dict = {}

    def succ(mover: tuple[int, ...], s: int) -> list[int]:
        key = (mover, s)
        if key not in memo:
            if len(mover) == 1:
                i = mover[0]
                memo[key] = bf.moves[i][s] if mode == "any" else bf.improvements(i, s)
            else:
                reach = reachable(conflict, bf, s, mover, improving=False)
                memo[key] = sorted(t for t in reach
                                   if all(bf.rank[h][t] > bf.rank[h][s] for h in mover))
        return memo[key]

    return movers, succ


def brute_status_quo(conflict: Conflict, start: int, mode: str, max_steps: int | None = None):
    """Fewest steps per state and the number of shortest paths per state."""
    bf = oracle(conflict)
    movers, succ = brute_successors(conflict, bf, mode)
    fewest = {start: 0}
    seen = {(start, None)}
    queue = deque([(start, None, 0)])
    while queue:
        s, last, d = queue.popleft()
        if max_steps is not None and d >= max_steps:
            continue
        for m in movers:
            if m == last:
                continue
            for t in succ(m, s):
                if (t, m) not in seen:
                    seen.add((t, m))
                    fewest.setdefault(t, d + 1)
                    queue.append((t, m, d + 1))
    # sequences of exactly t moves: layer-by-layer counts over (state, last mover)
    counts = {start: 1}
    layer = {(start, None): 1}
    for t in range(1, max(fewest.values()) + 1):
        nxt: dict = {}
        for (s, last), c in layer.items():
            for m in movers:
                if m == last:
                    continue
                for u in succ(m, s):
                    nxt[(u, m)] = nxt.get((u, m), 0) + c
        for (u, _m), c in nxt.items():
            if fewest.get(u) == t:
                counts[u] = counts.get(u, 0) + c
        layer = nxt
    return fewest, counts, movers, succ


def brute_all_paths(start: int, target: int, length: int, movers, succ) -> list[list]:
    """Every legal sequence of ``length`` moves from start to target, as (mover, from, to)."""
    out = []

    def go(s, last, path):
        if len(path) == length:
            if s == target:
                out.append(list(path))
            return
        for m in movers:
            if m == last:
                continue
            for u in succ(m, s):
                path.append((m, s, u))
                go(u, m, path)
                path.pop()

    go(start, None, [])
    return out


def _check_against_brute(conflict: Conflict, start: int, mode: str,
                         max_steps: int | None = None) -> None:
    got = status_quo_analysis(conflict, start, moves=mode, max_steps=max_steps, concepts="nash")
    fewest, counts, movers, succ = brute_status_quo(conflict, start, mode, max_steps)
    pat = conflict.pattern
    expected = {pat(s): d for s, d in sorted(fewest.items())}
    assert got.reachable() == expected
    # by_step partitions the reached states (start excluded)
    by_step = got.by_step()
    flat = {p: t for t, ps in by_step.items() for p in ps}
    assert flat == {p: d for p, d in expected.items() if d > 0}
    for ps in by_step.values():
        assert ps == sorted(ps, key=conflict.decimal)
    for s, n in counts.items():
        assert got.count_paths(s) == n, f"paths to {pat(s)}"
        path = got.shortest_path(s)
        assert path is not None and len(path) == fewest[s]
        _replay(conflict, start, s, path, succ)
    # every shortest path, on targets with few enough of them
    small = [s for s, n in counts.items() if n <= 30][:4]
    for s in small:
        want = brute_all_paths(start, s, fewest[s], movers, succ)
        have = got.all_shortest_paths(s, limit=1000)
        assert sorted((tuple((st.mover, st.source, st.target) for st in p)) for p in have) == \
            sorted(tuple(p) for p in want)
        assert len(got.all_shortest_paths(s, limit=1)) == 1
    # equilibria reachable: the engine's equilibria among the brute-force reachable states
    eq = analyze(conflict, "nash").equilibria["nash"]
    assert got.equilibria_reachable["nash"] == [p for p in eq if p in expected]


def _replay(conflict: Conflict, start: int, end: int, path, succ) -> None:
    state = start
    last = None
    for step in path:
        assert step.source == state
        assert step.mover != last, "a mover moved twice in a row"
        assert step.target in succ(step.mover, state), "not a legal move of its mover"
        state, last = step.target, step.mover
    assert state == end


# --- against brute force -------------------------------------------------------------------------
@settings(max_examples=60)
@given(conflicts(max_dms=4, max_options=8), st.sampled_from(["ui", "any"]), st.data())
def test_reachability_and_path_counts_match_bruteforce(conflict, mode, data) -> None:
    feasible = feasible_states(conflict)
    start = data.draw(st.sampled_from(feasible))
    _check_against_brute(conflict, start, mode)


@settings(max_examples=25)
@given(conflicts(max_dms=3, max_options=6), st.data())
def test_coalition_moves_match_bruteforce(conflict, data) -> None:
    start = data.draw(st.sampled_from(feasible_states(conflict)))
    _check_against_brute(conflict, start, "coalition")


@settings(max_examples=25)
@given(conflicts(max_dms=3, max_options=7), st.integers(0, 3), st.data())
def test_max_steps_bounds_everything(conflict, k, data) -> None:
    start = data.draw(st.sampled_from(feasible_states(conflict)))
    _check_against_brute(conflict, start, "any", max_steps=k)


def test_seeded_models_match_bruteforce() -> None:
    for seed in range(6):
        rng = random.Random(seed)
        n = 2 + seed % 3
        c = random_conflict(rng, n, [2 + (seed + i) % 2 for i in range(n)])
        for mode in ("ui", "any"):
            _check_against_brute(c, c.status_quo, mode)


# --- hand-worked cases ----------------------------------------------------------------------------
def cuban() -> Conflict:
    """The Cuban missile crisis with the rankings of Fang, Hipel & Kilgour (1993)."""
    us = ["NNYN", "NYYN", "YNYN", "YYYN", "NYNN", "YNNN",
          "YYNN", "NNNN", "YYNY", "YNNY", "NYNY", "NNNY"]
    ussr = ["NNNN", "NNYN", "NYYN", "NYNN", "YNYN", "YNNN",
            "YYYN", "YYNN", "YYNY", "YNNY", "NYNY", "NNNY"]
    from detente.model.formula import parse_formula

    return Conflict(
        title="Cuban missile crisis",
        options=(Option("air_strike", direction="forward", owner=0),
                 Option("blockade", owner=0), Option("withdraw", owner=1),
                 Option("escalate", owner=1)),
        decision_makers=(DecisionMaker("US", (0, 1)), DecisionMaker("USSR", (2, 3))),
        preferences=(Ranking(tuple((s,) for s in us)), Ranking(tuple((s,) for s in ussr))),
        infeasible=(parse_formula("withdraw and escalate"),),
        status_quo=0,
    )


def test_cuban_missile_crisis_status_quo_path() -> None:
    """From the status quo NNNN by unilateral improvements (worked by hand):
    step 1 the US strikes, blockades, or both (the USSR already has its best state);
    step 2 the USSR withdraws in reply (escalating is worse for it);
    step 3 from NYYN the US lifts the blockade: NNYN, the US's best state, is reached only
    by the historical course, blockade → withdrawal → lifting the blockade."""
    c = cuban()
    sq = status_quo_analysis(c, moves="ui", concepts="nash,gmr,seq")
    assert sq.reachable() == {"NNNN": 0, "YNNN": 1, "NYNN": 1, "YYNN": 1, "NNYN": 3,
                              "YNYN": 2, "NYYN": 2, "YYYN": 2}
    assert sq.by_step() == {1: ["YNNN", "NYNN", "YYNN"], 2: ["YNYN", "NYYN", "YYYN"],
                            3: ["NNYN"]}
    path = sq.shortest_path("NNYN")
    assert [(c.dm_names[s.mover[0]], c.pattern(s.target)) for s in path] == [
        ("US", "NYNN"), ("USSR", "NYYN"), ("US", "NNYN")]
    assert sq.count_paths("NNYN") == 1
    assert sq.equilibria_reachable == {
        "nash": ["YNYN"],
        "gmr": ["NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"],
        "seq": ["NNYN", "YNYN", "NYYN"],
    }
    d = sq.to_dict()
    assert d["start"] == "NNNN" and d["reachable"]["NNNN"] == 0
    assert d["paths"]["NNYN"] == [[
        {"mover": "US", "changed": {"blockade": "Y"}, "from": "NNNN", "to": "NYNN"},
        {"mover": "USSR", "changed": {"withdraw": "Y"}, "from": "NYNN", "to": "NYYN"},
        {"mover": "US", "changed": {"blockade": "N"}, "from": "NYYN", "to": "NNYN"},
    ]]
    assert d["paths_total"]["NNYN"] == 1
    assert list(d["by_step"]) == ["1", "2", "3"]
    assert list(d["paths"]) == sorted(d["paths"], key=c.decimal)


def test_cuban_any_moves_and_air_strike_irreversible() -> None:
    c = cuban()
    sq = status_quo_analysis(c, "YNNN", moves="any", concepts="nash")
    # once the air strike is launched no state with air_strike = N is reachable
    assert all(p[0] == "Y" for p in sq.reachable())
    assert sq.reachable()["YNYN"] == 1
    # YYYN: the US blockades and the USSR withdraws, in either order
    assert sq.count_paths("YYYN") == 2
    assert len(sq.all_shortest_paths("YYYN", limit=1)) == 1


def test_cuban_coalition_moves_reach_the_us_best_state_sooner() -> None:
    c = cuban()
    sq = status_quo_analysis(c, moves="coalition", concepts="nash")
    # the joint move NYNN → NNYN (US lifts the blockade, USSR withdraws) pleases both
    assert sq.reachable()["NNYN"] == 2
    path = sq.shortest_path("NNYN")
    assert [s.mover for s in path] == [(0,), (0, 1)]
    assert path[1].to_dict(c)["mover"] == ["US", "USSR"]


def test_prisoners_dilemma_two_paths_to_mutual_defection() -> None:
    pd = Conflict(
        options=(Option("a", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
        preferences=(Ranking((("NY",), ("YY",), ("NN",), ("YN",))),
                     Ranking((("YN",), ("YY",), ("NN",), ("NY",)))),
    )
    sq = status_quo_analysis(pd, "YY", concepts="nash,gmr")
    assert sq.reachable() == {"NN": 2, "YN": 1, "NY": 1, "YY": 0}
    assert sq.count_paths("NN") == 2
    assert sq.equilibria_reachable == {"nash": ["NN"], "gmr": ["NN", "YY"]}
    paths = sq.all_shortest_paths("NN")
    # listed by the decimals of the states they pass through: YN (1) before NY (2)
    assert [[s.mover for s in p] for p in paths] == [[(1,), (0,)], [(0,), (1,)]]
    # a bound on steps
    assert status_quo_analysis(pd, "YY", max_steps=1, concepts="nash").reachable() == {
        "YN": 1, "NY": 1, "YY": 0}


def test_repeated_mover_reaches_further() -> None:
    """A, B, A is a legal sequence: a DM may move again once another has moved."""
    # A takes a1, B answers with b, A switches to a2: NYY only after A, B, A.
    c = Conflict(
        options=(Option("a1", owner=0), Option("a2", owner=0), Option("b", owner=1)),
        decision_makers=(DecisionMaker("A", (0, 1)), DecisionMaker("B", (2,))),
        exclusive=((0, 1),),
        preferences=(
            Ranking((("NYY",), ("YNY",), ("YNN",), ("NNN",), ("NYN",), ("NNY",))),
            Ranking((("YNY",), ("NNN",), ("YNN",), ("NNY",), ("NYY",), ("NYN",))),
        ),
    )
    sq = status_quo_analysis(c, "NNN", concepts="nash")
    assert sq.reachable()["NYY"] == 3
    assert [s.mover for s in sq.shortest_path("NYY")] == [(0,), (1,), (0,)]


def test_path_counts_are_exact_and_switch_to_python_ints(monkeypatch) -> None:
    """Each of n DMs wants its own option taken: every order is a shortest path to all-Y,
    n! of them. Past 2**62 the count switches to exact Python integers; forcing the switch
    early gives the same numbers."""
    import math

    import detente.graph.search as search_module
    from detente.model.conflict import Statement, Statements
    from detente.model.formula import Var

    n = 12
    c = Conflict(
        options=tuple(Option(f"o{i}", owner=i) for i in range(n)),
        decision_makers=tuple(DecisionMaker(f"D{i}", (i,)) for i in range(n)),
        preferences=tuple(Statements((Statement(Var(f"o{i}")),)) for i in range(n)),
    )
    sq = status_quo_analysis(c, "N" * n, concepts="nash")
    assert sq.reachable()["Y" * n] == n
    assert sq.count_paths("Y" * n) == math.factorial(n)
    assert sq.count_paths("YYYNNNNNNNNN") == math.factorial(3)
    assert len(sq.all_shortest_paths("Y" * n, limit=5)) == 5
    monkeypatch.setattr(search_module, "_INT64_SAFE", 1.0)
    counts = sq.search.count_paths()
    assert counts.dtype == object
    assert counts[sq.system.flat(c.decimal("Y" * n))] == math.factorial(n)


def test_errors() -> None:
    c = cuban()
    with pytest.raises(ModelError, match="moves"):
        status_quo_analysis(c, moves="teleport")
    with pytest.raises(ModelError, match="not feasible"):
        status_quo_analysis(c, "NNYY")
    with pytest.raises(ModelError, match="status quo"):
        status_quo_analysis(Conflict(options=c.options, decision_makers=c.decision_makers,
                                     preferences=c.preferences, infeasible=c.infeasible))
    with pytest.raises(ModelError, match="not a state"):
        status_quo_analysis(c, "NN")
    with pytest.raises(ModelError):
        status_quo_analysis(c, to="NNYY")


def test_unreachable_target_has_no_path() -> None:
    c = cuban()
    sq = status_quo_analysis(c, to="NNNY", concepts="nash")
    d = sq.to_dict()
    assert d["paths"]["NNNY"] == [] and d["paths_total"]["NNNY"] == 0
    assert sq.steps_to("NNNY") is None


def test_movers_for() -> None:
    assert movers_for(3, "ui") == [(0,), (1,), (2,)]
    assert movers_for(3, "coalition")[3:] == [(0, 1), (0, 2), (1, 2), (0, 1, 2)]


def test_coalition_moves_refused_above_the_work_limit(monkeypatch) -> None:
    import detente.graph.coalitions as coalitions_module

    monkeypatch.setattr(coalitions_module, "WORK_LIMIT", 10.0)
    with pytest.raises(ModelError, match="--moves ui"):
        status_quo_analysis(cuban(), moves="coalition", concepts="nash")


def test_a_given_analysis_is_used_not_recomputed(monkeypatch) -> None:
    """The briefing passes the analysis it already has: the same answer, no second run."""
    import detente.graph.analysis as analysis_module
    from detente.graph.analysis import analyze
    from detente.model.loader import load_conflict

    conflict = load_conflict("cuban-missile-crisis")
    fresh = status_quo_analysis(conflict, moves="ui").to_dict()
    given = analyze(conflict)

    def refuse(*_args, **_kwargs):
        raise AssertionError("analyze() ran again")

    monkeypatch.setattr(analysis_module, "analyze", refuse)
    assert status_quo_analysis(conflict, moves="ui", analysis=given).to_dict() == fresh


def test_max_work_overrides_the_coalition_search_limit() -> None:
    """--max-work lowers (refuses, naming the estimate and the bound) or raises the bound on
    the coalitional searches; the answer under a raised bound is the default answer."""
    c = cuban()
    with pytest.raises(ModelError, match=r"above the limit of 1 \(--max-work\)") as refused:
        status_quo_analysis(c, moves="coalition", concepts="nash", max_work=1)
    assert refused.value.field == "--moves"
    default = status_quo_analysis(c, moves="coalition", concepts="nash").to_dict()
    assert status_quo_analysis(c, moves="coalition", concepts="nash",
                               max_work=1e15).to_dict() == default
    with pytest.raises(ModelError, match="0 or more"):
        status_quo_analysis(c, moves="coalition", concepts="nash", max_work=float("nan"))
