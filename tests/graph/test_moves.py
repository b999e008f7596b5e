"""The move model: its per-state rules (NumPy and compiled) against the brute-force oracle,
and BlockMoves' grouped reductions against a plain loop over every state and every move."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.moves import MAX_SENTINEL, MIN_SENTINEL, BlockMoves, move_model
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from tests.graph.kernel_paths import PATHS, forced
from tests.graph.strategies import conflicts, random_conflict


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
    # 0.0: the grouped path for one class; 0.7 and 1.0: many classes, on the NumPy path of
    # small models and on the compiled one
    conflict = random_conflict(seed, n_dms, [4, 3, 2][:n_dms], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    payoffs = payoff_ranks(space)
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 5, size=space.shape).astype(np.int32)  # ties on purpose
    for j in range(n_dms):
        want = _naive(space, j, payoffs[j], values, op, improving)
        for path in PATHS:
            with forced(path):
                got = BlockMoves(move_model(space), j, payoffs[j]).reduce(values, op, improving)
            assert np.array_equal(got[space.feasible], want[space.feasible]), (j, path)


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
    """Force the compiled kernel's class-by-class mode and its subset-table mode on the
    same models, for one value array (the kernel over rows laid out as blocks) and for a
    stack of two (the kernel over the flat state tensor, which skips the states j cannot
    move from or to itself)."""
    import detente.graph.moves as moves

    monkeypatch.setattr(moves, "COMPILED_MIN_STATES", 0)
    for seed in range(12):
        conflict = random_conflict(seed, 2, [4, 3], p_irreversible=0.8)
        space = StateSpace(conflict)
        payoffs = payoff_ranks(space)
        stack = np.random.default_rng(seed).integers(0, 4, size=(2, *space.shape))
        stack = stack.astype(np.int32)
        for table_bits in (0, 20):  # 0: every multi-class DM goes class by class
            monkeypatch.setattr(moves, "_MAX_TABLE_BITS", table_bits)
            for j in range(2):
                for op in ("max", "min"):
                    for improving in (False, True):
                        block = BlockMoves(move_model(space), j, payoffs[j])
                        got_one = block.reduce(stack[0], op, improving)
                        got_stack = block.reduce(stack, op, improving)
                        for e, got in ((0, got_one), (0, got_stack[0]), (1, got_stack[1])):
                            want = _naive(space, j, payoffs[j], stack[e], op, improving)
                            assert np.array_equal(got[space.feasible], want[space.feasible])


# --- the move model: NumPy rules, compiled rules and the brute-force oracle -----------------
@settings(max_examples=60, deadline=None)
@given(conflict=conflicts(max_dms=3, max_options=7))
def test_per_state_rules_match_the_oracle(conflict) -> None:
    """R_j(s) and R_j^+(s) from the NumPy rules (moves_from) and the compiled rules
    (_moves_kernel.moves_from / improvements_from) equal the brute-force oracle's, which
    reads the options' directions and the misperceptions; moves_to is their transpose."""
    from detente.graph import _moves_kernel as kernel
    from detente.graph.moves import MoveSystem
    from tests.graph import bruteforce as bf

    space = StateSpace(conflict)
    model = move_model(space)
    system = MoveSystem(space, payoff_ranks(space))
    feasible = bf.feasible_states(conflict)
    ranks = bf.payoff_ranks(conflict, feasible)
    shape, strides, bits, valid = model.kernel_args()
    P = np.ascontiguousarray(system.flat_P)
    buf = np.empty(max(space.shape), dtype=np.int64)
    dec = model.flat_decimal
    into: dict[tuple[int, int], set[int]] = {}
    for j in range(space.n_dms):
        for s in feasible:
            f = model.flat(s)
            want = bf.unilateral_moves(conflict, feasible, j, s)
            got = sorted(int(dec[t]) for t in model.moves_from(j, f))
            assert got == want, (j, s)
            n = kernel.moves_from(f, j, shape, strides, bits, valid, buf)
            assert sorted(int(dec[t]) for t in buf[:n]) == want
            better = [t for t in want if ranks[j][t] > ranks[j][s]]
            assert sorted(int(dec[t]) for t in system.moves_from(j, f, improving=True)) == better
            n = kernel.improvements_from(f, j, P, shape, strides, bits, valid, buf)
            assert sorted(int(dec[t]) for t in buf[:n]) == better
            for t in want:
                into.setdefault((j, t), set()).add(s)
        for t in feasible:
            got = {int(dec[a]) for a in model.moves_to(j, model.flat(t))}
            assert got == into.get((j, t), set()), (j, t)


def test_the_move_model_is_built_once_per_space() -> None:
    """Shared by every analysis of a space, and freed with it (no global registry)."""
    import gc
    import weakref

    conflict = random_conflict(3, 2, [3, 2], p_irreversible=0.5)
    space = StateSpace(conflict)
    assert move_model(space) is move_model(space)
    assert move_model(StateSpace(conflict)) is not move_model(space)
    ref = weakref.ref(move_model(space))
    del space
    gc.collect()
    assert ref() is None


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p_irreversible=st.sampled_from([0.0, 0.7]),
       op=st.sampled_from(["max", "min"]), improving=st.booleans())
def test_reductions_over_a_stack_of_profiles(seed: int, p_irreversible: float, op: str,
                                             improving: bool) -> None:
    """Payoffs with a leading axis (several preference profiles over one state space and one
    move structure) reduce and pull each profile as if it were alone."""
    conflict = random_conflict(seed, 3, [3, 2, 2], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    model = move_model(space)
    rng = np.random.default_rng(seed)
    profiles = rng.integers(1, 6, size=(3, *space.shape)).astype(np.int32)  # ties on purpose
    values = rng.integers(0, 5, size=(3, *space.shape)).astype(np.int32)
    w = rng.integers(-1, 4, size=(3, space.size)).astype(np.int64)
    pull_op = "max" if op == "max" else "sum"
    if pull_op == "sum":
        w = np.maximum(w, 0)
    for j in range(3):
        stacked = BlockMoves(model, j, profiles)
        red = stacked.reduce(values, op, improving)
        pulled = stacked.pull(w, pull_op, improving)
        assert red.shape == values.shape and pulled.shape == w.shape
        for k in range(3):
            alone = BlockMoves(model, j, profiles[k])
            assert np.array_equal(red[k], alone.reduce(values[k], op, improving))
            assert np.array_equal(pulled[k], alone.pull(w[k], pull_op, improving))
