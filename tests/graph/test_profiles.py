"""Many preference profiles over one state space: batched block reductions against one
profile at a time, and the profile engine against the analysis of each profile's model."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.graph.analysis import analyze
from detente.graph.blocks import BlockMoves
from detente.graph.moves import move_model
from detente.graph.preferences import payoff_ranks
from detente.graph.profiles import PROFILE_CONCEPTS as CONCEPTS
from detente.graph.profiles import ProfileEngine
from detente.graph.space import StateSpace
from detente.model.conflict import Payoffs
from tests.graph.strategies import random_conflict


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_dms=st.integers(2, 3),
       p_irreversible=st.sampled_from([0.0, 0.6, 1.0]), op=st.sampled_from(["max", "min"]),
       improving=st.booleans())
def test_batched_reductions_equal_one_entry_at_a_time(seed, n_dms, p_irreversible, op,
                                                      improving) -> None:
    conflict = random_conflict(seed, n_dms, [4, 3, 2][:n_dms], p_irreversible=p_irreversible)
    space = StateSpace(conflict)
    P = payoff_ranks(space)
    model = move_model(space)
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 5, size=(3, *space.shape)).astype(np.int32)
    f = space.feasible
    for j in range(n_dms):
        # a fixed payoff, values batched in front
        one = BlockMoves(model, j, P[j])
        batched = one.reduce(values, op, improving)
        # a stack of payoffs, each entry reduced under its own
        stack = np.stack([P[j], np.where(f, rng.permutation(P[j].ravel()).reshape(f.shape),
                                         0), P[j]])
        per = BlockMoves(model, j, stack).reduce(values, op, improving)
        for e in range(3):
            want = one.reduce(values[e], op, improving)
            assert np.array_equal(batched[e][f], want[f])
            want = BlockMoves(model, j, stack[e]).reduce(values[e], op, improving)
            assert np.array_equal(per[e][f], want[f])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_dms=st.integers(2, 3))
def test_random_profiles_equal_the_analysis_of_each_model(seed, n_dms) -> None:
    conflict = random_conflict(seed, n_dms, [3, 2, 2][:n_dms], p_irreversible=0.4)
    space = StateSpace(conflict)
    P = payoff_ranks(space)
    rng = np.random.default_rng(seed)
    idx = space.feasible_index
    K = 4
    ranks = rng.integers(1, 6, size=(K, n_dms, idx.size)).astype(np.int32)
    stack = np.zeros((K, n_dms, space.size), dtype=np.int32)
    stack[:, :, idx] = ranks
    stack = stack.reshape(K, n_dms, *space.shape)
    eq = ProfileEngine(space, P).equilibria(stack, list(CONCEPTS))
    pats = conflict.patterns(space.feasible_decimals)
    for k in range(K):
        prefs = tuple(Payoffs(dict(zip(pats, ranks[k, i].tolist(), strict=True)))
                      for i in range(n_dms))
        a = analyze(dataclasses.replace(conflict, preferences=prefs), "all")
        for c in CONCEPTS:
            assert np.array_equal(eq[c][k], a.equilibrium_mask(c)), (k, c)
