"""The NumPy paths that serve small models (no compilation at start-up) and the compiled
kernels that serve large ones give the same answers: block reductions and pulls, SIM
verdicts, SIM witnesses and whole analyses, on random models (with irreversible options,
misperceptions and ties); and small built-in models load no compiled kernel."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.analysis import analyze
from detente.graph.moves import COMPILED_MIN_STATES, BlockMoves, MoveSystem, move_model
from detente.graph.preferences import payoff_ranks
from detente.graph.sim import sim_stability, simultaneous_response
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from tests.graph.kernel_paths import PATHS, forced
from tests.graph.strategies import conflicts, random_conflict


def _both(fn: Callable[..., Any], *args: Any) -> list[Any]:
    """``fn(*args)`` on the NumPy path, then on the compiled one."""
    out = []
    for path in PATHS:
        with forced(path):
            out.append(fn(*args))
    return out


def _reduce(model: Any, j: int, payoff: np.ndarray, values: np.ndarray, op: str,
            improving: bool) -> np.ndarray:
    return BlockMoves(model, j, payoff).reduce(values, op, improving)


def _pull(model: Any, j: int, payoff: np.ndarray, w: np.ndarray, op: str,
          improving: bool) -> np.ndarray:
    return BlockMoves(model, j, payoff).pull(w, op, improving)


def _analysis(c: Conflict) -> dict:
    return analyze(c, "all").to_dict(detail="full")


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_dms=st.integers(2, 3),
       p_irreversible=st.sampled_from([0.7, 1.0]), stacked=st.booleans())
def test_reductions_agree(seed: int, n_dms: int, p_irreversible: float, stacked: bool) -> None:
    conflict = random_conflict(seed, n_dms, [4, 3, 2][:n_dms], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    model = move_model(space)
    rng = np.random.default_rng(seed)
    lead = (2,) if stacked else ()
    payoff = rng.integers(1, 6, size=(*lead, *space.shape)).astype(np.int32)  # ties
    values = rng.integers(0, 5, size=(*lead, *space.shape)).astype(np.int32)
    w = rng.integers(-1, 4, size=(*lead, space.size)).astype(np.int64)
    for j in range(n_dms):
        for improving in (False, True):
            for op in ("max", "min"):
                red = _both(_reduce, model, j, payoff, values, op, improving)
                assert np.array_equal(red[0], red[1]), (j, op, improving)
            for op, x in (("max", w), ("sum", np.maximum(w, 0))):
                pulled = _both(_pull, model, j, payoff, x, op, improving)
                assert np.array_equal(pulled[0], pulled[1]), (j, op, improving)


@settings(max_examples=40, deadline=None)
@given(conflict=conflicts(max_dms=4, max_options=6))
def test_sim_verdicts_and_witnesses_agree(conflict: Conflict) -> None:
    space = StateSpace(conflict)
    P = payoff_ranks(space)
    verdicts = _both(sim_stability, space, P)
    assert np.array_equal(verdicts[0], verdicts[1])
    system = MoveSystem(space, P)
    for s in np.flatnonzero(system.model.feasible).tolist():
        for i in range(space.n_dms):
            for s1 in system.moves_from(i, s, improving=True).tolist():
                got = _both(simultaneous_response, system, i, s, s1)
                assert got[0] == got[1], (s, i, s1)


def test_whole_analyses_agree_on_seeded_models() -> None:
    for seed in range(6):
        n_dms = 2 + seed % 3
        c = random_conflict(seed, n_dms, [2 + (seed + i) % 2 for i in range(n_dms)],
                            p_irreversible=0.5)
        a, b = _both(_analysis, c)
        assert a == b, seed


def test_small_models_load_no_compiled_kernel() -> None:
    # the start-up promise: analyze, explain and paths on the Cuban model compile nothing
    code = ("import sys, detente\n"
            "c = detente.load('cuban-missile-crisis')\n"
            "detente.analyze(c, concepts='all'); detente.explain(c, 'NNNN')\n"
            "detente.status_quo(c); detente.status_quo(c, moves='any')\n"
            "print(sorted(m for m in ('numba', 'scipy', 'pandas', 'matplotlib', 'plotly')"
            " if m in sys.modules))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
    assert StateSpace(__import__("detente").load("cuban-missile-crisis")).size \
        < COMPILED_MIN_STATES
