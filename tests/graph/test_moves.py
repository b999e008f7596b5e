"""BlockMoves' grouped reductions against a plain loop over every state and every move."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.moves import MAX_SENTINEL, MIN_SENTINEL, BlockMoves
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from tests.graph.strategies import random_conflict


def _naive(space: StateSpace, j: int, payoff: np.ndarray, values: np.ndarray, op: str,
           improving: bool) -> np.ndarray:
    """For every state, reduce ``values`` over j's moves, one pair of states at a time."""
    ax = space.axes[j]
    pick = max if op == "max" else min
    out = np.full(space.shape, MAX_SENTINEL if op == "max" else MIN_SENTINEL, dtype=np.int64)
    for s in itertools.product(*(range(n) for n in space.shape)):
        if not space.feasible[s]:
            continue
        found = []
        for b in range(ax.size):
            t = s[:j] + (b,) + s[j + 1:]
            if not space.feasible[t] or not ax.allowed[ax.cls[s[j]], ax.cls[b]]:
                continue
            if improving and not payoff[t] > payoff[s]:
                continue
            found.append(int(values[t]))
        if found:
            out[s] = pick(found)
    return out


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_dms=st.integers(2, 3),
       op=st.sampled_from(["max", "min"]), improving=st.booleans(),
       p_irreversible=st.sampled_from([0.0, 0.7, 1.0]))
def test_reduce_matches_a_loop_over_moves(seed: int, n_dms: int, op: str, improving: bool,
                                          p_irreversible: float) -> None:
    # 0.0: the NumPy path for one class; 0.7 and 1.0: the compiled path for many classes
    conflict = random_conflict(seed, n_dms, [4, 3, 2][:n_dms], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    payoffs = payoff_ranks(space)
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 5, size=space.shape).astype(np.int32)  # ties on purpose
    for j in range(n_dms):
        got = BlockMoves(space, j, payoffs).reduce(values, op, improving)
        want = _naive(space, j, payoffs[j], values, op, improving)
        assert np.array_equal(got[space.feasible], want[space.feasible]), (j, op, improving)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_allowed_classes_are_subsets_of_flipped_bits(seed: int) -> None:
    """The kernel's one-integer test agrees with the axis's table of allowed class moves,
    checked from the options' directions strategy by strategy."""
    conflict = random_conflict(seed, 2, [5, 4], p_irreversible=0.8)
    for ax in StateSpace(conflict).axes:
        dirs = [conflict.options[k].direction for k in ax.options]
        for x in range(ax.size):
            for y in range(ax.size):
                ok = all(not (d == "forward" and (ax.local[x] >> t) & 1
                              and not (ax.local[y] >> t) & 1)
                         and not (d == "backward" and not (ax.local[x] >> t) & 1
                                  and (ax.local[y] >> t) & 1)
                         for t, d in enumerate(dirs))
                assert bool(ax.allowed[ax.cls[x], ax.cls[y]]) == ok
                assert ((ax.bits[x] & ~ax.bits[y]) == 0) == ok


def test_both_kernel_modes_agree_with_a_loop(monkeypatch) -> None:
    """Force the class-by-class mode and the subset-table mode on the same models."""
    import detente.graph.moves as moves

    for seed in range(12):
        conflict = random_conflict(seed, 2, [4, 3], p_irreversible=0.8)
        space = StateSpace(conflict)
        payoffs = payoff_ranks(space)
        values = np.random.default_rng(seed).integers(0, 4, size=space.shape).astype(np.int32)
        for table_bits in (0, 20):  # 0: every multi-class DM goes class by class
            monkeypatch.setattr(moves, "_MAX_TABLE_BITS", table_bits)
            for j in range(2):
                for op in ("max", "min"):
                    for improving in (False, True):
                        got = BlockMoves(space, j, payoffs).reduce(values, op, improving)
                        want = _naive(space, j, payoffs[j], values, op, improving)
                        assert np.array_equal(got[space.feasible], want[space.feasible])
