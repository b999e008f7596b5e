"""Status quo analysis pulls values from the sources of moves to their targets: the compiled
subset table and the class-by-class NumPy path against a loop over every move."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.moves import BlockMoves, move_model
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from tests.graph.kernel_paths import PATHS, forced
from tests.graph.strategies import random_conflict


def _naive(space: StateSpace, k: int, payoff: np.ndarray, w: np.ndarray, op: str,
           improving: bool) -> list[int]:
    ax = space.axes[k]
    ident = 0 if op == "sum" else -1
    feas = space.feasible
    W = w.reshape(space.shape)
    out = []
    for t in itertools.product(*(range(n) for n in space.shape)):
        acc = ident
        if feas[t]:
            for a in range(ax.size):
                s = t[:k] + (a,) + t[k + 1:]
                if a == t[k] or not feas[s] or not ax.allowed[ax.cls[a], ax.cls[t[k]]]:
                    continue
                if improving and not payoff[t] > payoff[s]:
                    continue
                if W[s] == ident:
                    continue
                acc = acc + int(W[s]) if op == "sum" else max(acc, int(W[s]))
        out.append(acc)
    return out


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), op=st.sampled_from(["sum", "max"]),
       improving=st.booleans(), p_irreversible=st.sampled_from([0.0, 0.7, 1.0]),
       exact=st.booleans())
def test_pull_matches_a_loop_over_moves(seed: int, op: str, improving: bool,
                                        p_irreversible: float, exact: bool) -> None:
    conflict = random_conflict(seed, 2, [4, 3], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    P = payoff_ranks(space)
    rng = np.random.default_rng(seed)
    # sums pull path counts (0 = not a source), maxima pull labels (-1 = not a source)
    w = rng.integers(0, 4, size=space.size) if op == "sum" else rng.integers(-1, 6, space.size)
    w = w.astype(object) if exact and op == "sum" else w.astype(np.int64)  # object: NumPy path
    for k in range(2):
        want = _naive(space, k, P[k], w, op, improving)
        for path in PATHS:  # small models take the NumPy path unless forced
            with forced(path):
                got = [int(x) for x in BlockMoves(move_model(space), k, P[k]).pull(w, op,
                                                                                  improving)]
            assert got == want, (k, path)
