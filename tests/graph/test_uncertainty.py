"""Uncertain preferences: exact probabilities against a brute-force enumeration of every
draw, Monte Carlo against the exact values, the same numbers for the same seed however the
batches are cut, and the scenario syntax's checks."""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.uncertainty import profile_count, uncertainty
from detente.model.conflict import Statements
from detente.model.errors import ModelError
from detente.model.loader import load_conflict
from detente.model.uncertainty import UncertainPreferences
from tests.graph.bruteforce import brute_force
from tests.graph.strategies import random_conflict

DATA = Path(__file__).resolve().parents[1] / "data" / "uncertainty"
CONCEPTS = ("nash", "gmr", "seq", "sim")


def _exact_by_brute_force(conflict) -> dict[tuple[str, str], float]:
    """Every draw written out as a model of its own and analysed by the oracle."""
    per_dm = []
    for u in conflict.uncertainty:
        sts = conflict.preferences[u.dm].statements
        draws = []
        for perms in itertools.product(*(itertools.permutations(g) for g in u.unordered)):
            order = list(range(len(sts)))
            for g, perm in zip(u.unordered, perms, strict=True):
                for pos, k in zip(g, perm, strict=True):
                    order[pos] = k
            w0 = 1 / math.prod(math.factorial(len(g)) for g in u.unordered)
            for held in itertools.product(*([True, False] for _ in u.probable)):
                w = w0
                drop = set()
                for (k, p), h in zip(u.probable, held, strict=True):
                    w *= p if h else 1 - p
                    if not h:
                        drop.add(k)
                kept = tuple(sts[k] for k in order if k not in drop)
                draws.append((Statements(kept), w))
        per_dm.append((u.dm, draws))
    out: dict[tuple[str, str], float] = {}
    for combo in itertools.product(*(d for _, d in per_dm)):
        prefs = list(conflict.preferences)
        w = 1.0
        for (dm, _), (spec, wd) in zip(per_dm, combo, strict=True):
            prefs[dm] = spec
            w *= wd
        r = brute_force(dataclasses.replace(conflict, preferences=tuple(prefs)))
        for c in CONCEPTS:
            for s in r.equilibria[c]:
                key = (r.pattern(s), c)
                out[key] = out.get(key, 0.0) + w
    return out


@st.composite
def uncertain_models(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(2, 3))
    c = random_conflict(seed, n, [2, 2, 1][:n], statements_per_dm=(3, 4),
                        p_irreversible=0.3)
    us = []
    for i in range(n):
        k = len(c.preferences[i].statements)
        if not draw(st.booleans()):
            continue
        group = tuple(sorted(draw(st.lists(st.integers(0, k - 1), min_size=2, max_size=3,
                                           unique=True))))
        probable = ((draw(st.integers(0, k - 1)), draw(st.sampled_from([0.25, 0.5, 0.9]))),)
        us.append(UncertainPreferences(i, (group,), probable))
    if not us:
        us.append(UncertainPreferences(0, ((0, 1),), ()))
    return dataclasses.replace(c, uncertainty=tuple(us))


@settings(max_examples=15, deadline=None)
@given(uncertain_models())
def test_exact_probabilities_equal_a_brute_force_over_every_draw(conflict) -> None:
    r = uncertainty(conflict, ",".join(CONCEPTS), samples=10**6)
    assert r.method == "exact" and r.samples == r.profiles == profile_count(conflict)
    want = _exact_by_brute_force(conflict)
    got = {(s.state, s.concept): s.probability for s in r.states if s.probability > 0}
    assert set(got) == {k for k, v in want.items() if v > 1e-9}
    for k, v in got.items():
        assert v == pytest.approx(want[k], abs=1e-6)


def test_sampling_converges_to_the_exact_probabilities() -> None:
    c = load_conflict(DATA / "standoff.yaml")
    c = dataclasses.replace(c, uncertainty=(
        UncertainPreferences(0, ((0, 1, 2, 3),), ((1, 0.5), (2, 0.3), (3, 0.8))),
        UncertainPreferences(1, ((0, 1, 2, 3),), ((1, 0.3),))))
    assert profile_count(c) == 24 * 8 * 24 * 2
    exact = uncertainty(c, "nash,seq", samples=10**4)
    mc = uncertainty(c, "nash,seq", samples=3000, seed=7)
    assert exact.method == "exact" and mc.method == "monte-carlo"
    states = {(s.state, s.concept) for s in exact.states} | {(s.state, s.concept)
                                                           for s in mc.states}
    assert any(0.05 < exact.probability(*k) < 0.95 for k in states)
    inside = 0
    for k in states:
        e, m = exact.probability(*k), mc.probability(*k)
        assert abs(e - m) < 0.05
        entry = next((s for s in mc.states if (s.state, s.concept) == k), None)
        inside += entry is None or entry.low <= e <= entry.high
    assert inside >= 0.9 * len(states)


def test_same_seed_same_numbers_however_the_batches_are_cut() -> None:
    c = load_conflict(DATA / "standoff.yaml")
    c = dataclasses.replace(c, uncertainty=(
        UncertainPreferences(0, ((0, 1, 2, 3),), ((3, 0.5),)),
        UncertainPreferences(1, ((0, 1, 2, 3),), ())))
    runs = [uncertainty(c, "nash,gmr,seq", samples=300, seed=3, batch=b) for b in (32, 96, 4096)]
    assert runs[0] == runs[1] == runs[2]
    other = uncertainty(c, "nash,gmr,seq", samples=300, seed=4)
    assert [s.probability for s in other.states] != [s.probability for s in runs[0].states]


def test_scenario_syntax_and_its_errors(tmp_path) -> None:
    c = load_conflict(DATA / "standoff.yaml")
    assert c.uncertainty == (
        UncertainPreferences(0, ((1, 2),), ((3, 0.25),),
                             "Nobody knows whether talks come before pressure."),
        UncertainPreferences(1, ((1, 2, 3),), ()))
    assert load_conflict(DATA / "standoff.yaml", assumption="hawkish-east").uncertainty == (
        c.uncertainty[0],)  # East's statements are replaced: its uncertainty goes
    text = (DATA / "standoff.yaml").read_text()
    cases = {
        "      - [2, 3]\n": ("      - [2, 9]\n", "there is no statement 9: West has 4"),
        "{statement: not sanction,": ("{statement: not sanctions,", "no statement of West"),
        "  East:\n    unordered:": ("  Eest:\n    unordered:", "unknown decision maker 'Eest'"),
        "probability: 0.25}": ("probability: 1.5}", "less than or equal to 1"),
    }
    for old, (new, message) in cases.items():
        f = tmp_path / "bad.yaml"
        f.write_text(text.replace(old, new))
        with pytest.raises(ModelError) as exc:
            load_conflict(f)
        assert message in str(exc.value) and exc.value.line is not None, str(exc.value)
    with pytest.raises(ModelError, match="declares no uncertain"):
        uncertainty(load_conflict("chicken"), samples=10)
    assert np.isclose(profile_count(c), 2 * 2 * 6)


def test_a_batch_setup_is_built_once_per_process_for_copies_of_the_model() -> None:
    """Each Dask task carries its own unpickled copy of the model: the per-process setup
    (state space, engine, draws) is found by the model's content, so a worker builds it
    once per run, not once per batch."""
    import pickle

    from detente.graph import uncertainty as module

    c = dataclasses.replace(load_conflict(DATA / "standoff.yaml"))
    tasks = module._tasks(c, ("nash",), "monte-carlo", 96, 0, 32, None)
    copies = [pickle.loads(pickle.dumps(t)) for t in tasks]
    assert copies[0]["conflict"] is not copies[1]["conflict"]
    module._CACHE.clear()
    module.evaluate_batch(copies[0])
    first = next(iter(module._CACHE.values()))
    module.evaluate_batch(copies[1])
    assert len(module._CACHE) == 1 and next(iter(module._CACHE.values())) is first
    other = dataclasses.replace(c, title="another model")
    module.evaluate_batch(module._tasks(other, ("nash",), "monte-carlo", 32, 0, 32, None)[0])
    assert next(iter(module._CACHE.values())) is not first


def test_a_run_on_workers_is_cut_into_several_batches_and_gives_the_same_numbers() -> None:
    """In process the batches are as large as the memory allows (here one); for workers
    at least ``min_batches`` (whole seed blocks), with the baseline analysed meanwhile in a
    thread; the numbers do not change."""
    c = load_conflict(DATA / "standoff.yaml")
    plans: list[int] = []
    here = uncertainty(c, "nash,seq", samples=256, seed=1, on_plan=plans.append)
    calls: list[int] = []

    def runner(fn, tasks, progress=None):
        calls.append(len(tasks))
        return [fn(t) for t in tasks]

    there = uncertainty(c, "nash,seq", samples=256, seed=1, min_batches=8, runner=runner,
                        on_plan=plans.append)
    assert plans == [1, 8] and calls == [8]
    assert there == here
