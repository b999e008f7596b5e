"""Locked-in states against the brute-force oracle, and hand-worked cases."""

from __future__ import annotations

from hypothesis import given, settings

from detente.graph.lockin import lock_ins, reachable_locks
from detente.graph.paths import status_quo_analysis
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from detente.model.loader import load_conflict
from tests.graph.bruteforce import brute_force, lock, out_of_reach, reachable
from tests.graph.strategies import conflicts

#: An explicit memory limit: the default (a share of the memory available now) made these
#: small models fail now and then on a loaded machine.
MEM = 1 << 30


@settings(max_examples=60)
@given(conflicts())
def test_lock_ins_match_the_oracle(conflict: Conflict) -> None:
    r = brute_force(conflict)
    got = {conflict.decimal(lk.state): lk for lk in lock_ins(conflict, r.feasible, r.feasible)}
    for s in r.feasible:
        locked = lock(conflict, s)
        if not locked:
            assert s not in got
            continue
        lk = got[s]
        assert list(lk.locked) == [conflict.options[k].id for k in locked]
        assert lk.locked == {conflict.options[k].id: "Y" if (s >> k) & 1 else "N"
                             for k in locked}
        assert lk.out_of_reach == len(out_of_reach(conflict, r.feasible, s))


@settings(max_examples=40)
@given(conflicts())
def test_reachable_locks_match_the_oracle(conflict: Conflict) -> None:
    start = conflict.status_quo if conflict.status_quo is not None else None
    r = brute_force(conflict)
    start = r.feasible[0] if start is None else start
    for moves, improving in (("ui", True), ("any", False)):
        sq = status_quo_analysis(conflict, start, moves=moves, concepts="nash",
                                 max_memory=MEM)
        reached = sq.reachable()
        decs = [conflict.decimal(p) for p in reached]
        feasible = StateSpace(conflict, max_memory=MEM).feasible_decimals
        locks, total = reachable_locks(conflict, feasible,
                                       decs, list(reached.values()), limit=1000)
        dist = {**reachable(conflict, r, start, range(len(conflict.dm_names)), improving),
                start: 0}
        distinct = {frozenset(lock(conflict, s)) for s in r.feasible} - {frozenset()}
        assert total == len(distinct) == len(locks)
        for lk in locks:
            ks = frozenset(conflict.option_index(o) for o in lk.locked)
            holders = [s for s in dist if ks <= set(lock(conflict, s))]
            want = min((dist[s] for s in holders), default=None)
            assert lk.steps == want, (moves, lk)
            agree = [s for s in r.feasible if ks <= set(lock(conflict, s))]
            assert lk.out_of_reach == len(r.feasible) - len(agree)
            if want is not None:
                assert conflict.decimal(lk.example) in holders
        sizes = [len(lk.locked) for lk in locks]
        assert sizes == sorted(sizes, reverse=True)


@settings(max_examples=40)
@given(conflicts())
def test_analysis_says_whether_today_reaches_each_lock_in(conflict: Conflict) -> None:
    """``analyze``'s ``lock_ins[...]["from_status_quo"]``: the fewest unilateral
    improvements from the status quo to each locked-in equilibrium and to any state holding
    its lock, against a plain breadth-first search (None without a status quo)."""
    from detente.graph.analysis import analyze

    a = analyze(conflict, "nash,seq", max_memory=MEM)
    d = a.to_dict(detail="equilibria")["lock_ins"]
    if conflict.status_quo is None:
        assert a.lock_in_reach is None
        assert all(v["from_status_quo"] is None for v in d.values())
        return
    r = brute_force(conflict)
    sq = int(conflict.status_quo)
    dist = {**reachable(conflict, r, sq, range(len(conflict.dm_names)), True), sq: 0}
    assert set(d) == set(a.lock_in_reach)
    for pat, v in d.items():
        s = conflict.decimal(pat)
        ks = set(lock(conflict, s))
        holders = [t for t in dist if ks <= set(lock(conflict, t))]
        got = v["from_status_quo"]
        assert got["moves"] == "ui"
        assert got["state"] == dist.get(s)
        assert got["lock"] == min((dist[t] for t in holders), default=None)
        if got["lock"] is not None:
            ex = conflict.decimal(got["example"])
            assert ex in holders and dist[ex] == got["lock"]
        else:
            assert got["example"] is None


def test_cuban_air_strike_locks_in() -> None:
    """The US air strike is irreversible: every state with it locks it in, and the six
    states without it are out of reach for ever; from NNNN the strike is one move away."""
    cuban = load_conflict("cuban-missile-crisis")
    space = StateSpace(cuban, max_memory=MEM)
    lk = lock_ins(cuban, [cuban.decimal("YYYN")], space.feasible_decimals)[0]
    assert lk.locked == {"air_strike": "Y"} and lk.out_of_reach == 6
    sq = status_quo_analysis(cuban, moves="any", concepts="nash", max_memory=MEM)
    reached = sq.reachable()
    locks, total = reachable_locks(cuban, space.feasible_decimals,
                                   [cuban.decimal(p) for p in reached], list(reached.values()))
    assert total == 1
    assert locks[0].to_dict() == {"locked": {"air_strike": "Y"}, "reachable": True,
                                  "steps": 1, "example": "YNNN", "out_of_reach": 6}


def test_analysis_reports_locked_in_equilibria(capsys) -> None:
    from detente.graph.analysis import analyze
    from tests.cli.helpers import run

    cuban = load_conflict("cuban-missile-crisis")
    a = analyze(cuban, max_memory=MEM)
    union = {p for ps in a.equilibria.values() for p in ps}
    d = a.to_dict()["lock_ins"]
    assert set(d) == {p for p in union if p[0] == "Y"} and d
    assert all(v["locked"] == {"air_strike": "Y"} and v["out_of_reach"] == 6
               for v in d.values())
    # from NNNN the US strikes at once (YNNN holds the lock), and YNYN is two moves away
    assert d["YNYN"]["from_status_quo"] == {"moves": "ui", "state": 2, "lock": 1,
                                            "example": "YNNN"}
    code, out, _ = run(["analyze", "cuban-missile-crisis", "-c", "nash", "--max-memory",
                        "1GiB"], capsys)
    assert code == 0
    assert ('Locked in: YNYN — "Air strike" taken for good; 6 of 12 states out of reach for '
            "ever; from today, unilateral improvements reach it in 2 steps.") in " ".join(
                out.split())


def test_paths_report_lock_ins(capsys) -> None:
    from tests.cli.helpers import run

    cuban = load_conflict("cuban-missile-crisis")
    d = status_quo_analysis(cuban, concepts="nash", max_memory=MEM).to_dict()
    assert d["lock_ins"] == [{"locked": {"air_strike": "Y"}, "reachable": True, "steps": 1,
                              "example": "YNNN", "out_of_reach": 6}]
    assert d["lock_ins_total"] == 1
    code, out, _ = run(["paths", "cuban-missile-crisis", "--max-memory", "1GiB"], capsys)
    assert code == 0
    assert ('"Air strike" taken: reachable from NNNN in 1 step (e.g. YNNN); it '
            "puts 6 of 12 states out of reach for ever.") in " ".join(out.split())


def test_explain_says_whether_today_reaches_the_lock_in(capsys) -> None:
    """``explain`` of a locked-in state gives the same reach as ``analyze`` (JSON
    ``lock_in.from_status_quo``) and says it in words; by hand on the Cuban missile crisis:
    from NNNN the US strikes at once (YNNN) and the Soviet Union escalates (YNYN)."""
    from detente.graph.explain import explain
    from tests.cli.helpers import run

    cuban = load_conflict("cuban-missile-crisis")
    e = explain(cuban, "YNYN", concepts="nash")
    assert e.to_dict()["lock_in"]["from_status_quo"] == {"moves": "ui", "state": 2, "lock": 1,
                                                         "example": "YNNN"}
    assert explain(cuban, "NNNN", concepts="nash").to_dict()["lock_in"] is None
    code, out, _ = run(["explain", "cuban-missile-crisis", "YNYN", "-c", "nash"], capsys)
    assert code == 0
    assert ("6 states are out of reach for ever; from today, unilateral improvements reach "
            "it in 2 steps.") in " ".join(out.split())
    # a lock no unilateral improvement from today reaches (the summit's invasion)
    summit = load_conflict("summit-2021")
    war = "NNYNNNYNY"  # an invasion (today plus the intervention), a trap
    reach = explain(summit, war, concepts="nash").lock_in_reach
    r = brute_force(summit)
    sq = int(summit.status_quo)
    dist = {**reachable(summit, r, sq, range(len(summit.dm_names)), True), sq: 0}
    assert reach["state"] == dist.get(summit.decimal(war))
    ks = set(lock(summit, summit.decimal(war)))
    assert reach["lock"] == min((d for t, d in dist.items() if ks <= set(lock(summit, t))),
                                default=None)
