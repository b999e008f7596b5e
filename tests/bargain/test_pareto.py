"""Pareto frontier kernels against an O(n²) definition on random vectors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from detente.bargain import pareto as pareto_mod
from detente.bargain.pareto import cap_members, dominates, pareto_front, pareto_groups


def naive_front(X):
    n = X.shape[1]
    return [j for j in range(n)
            if not any(dominates(X[:, k], X[:, j]) for k in range(n))]


@st.composite
def points(draw):
    P = draw(st.integers(2, 5))
    n = draw(st.integers(1, 60))
    return draw(hnp.arrays(np.int64, (P, n), elements=st.integers(0, 6)))


@settings(max_examples=200, deadline=None)
@given(points(), st.booleans())
def test_front_matches_definition(X, prefilter):
    with pytest.MonkeyPatch.context() as mp:
        if prefilter:
            mp.setattr(pareto_mod, "_PREFILTER_MIN", 1)
        g = pareto_groups(X)
    assert np.flatnonzero(g.group >= 0).tolist() == naive_front(X)
    # each group holds exactly the equal vectors, and counts add up
    for k in range(g.vectors.shape[1]):
        members = np.flatnonzero(g.group == k)
        assert (X[:, members] == g.vectors[:, [k]]).all()
        assert g.counts[k] == members.size
    # no frontier vector dominates another, and they are distinct
    V = g.vectors
    for a in range(V.shape[1]):
        for b in range(V.shape[1]):
            assert a == b or not (V[:, a] >= V[:, b]).all()


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(np.float64, (3, 40), elements=st.floats(0, 1, width=32)))
def test_float_points(X):
    assert pareto_front(X).tolist() == naive_front(X)


def test_large_random_three_party_frontier_against_definition_on_survivors():
    rng = np.random.default_rng(1)
    X = rng.integers(0, 1000, size=(3, 20000))
    front = pareto_front(X)
    # every frontier vector is undominated by every vector (vectorised check)
    for j in front[:200]:
        v = X[:, [j]]
        assert not ((v <= X).all(axis=0) & (v < X).any(axis=0)).any()
    # every non-frontier vector is dominated by some frontier vector
    F = X[:, front]
    others = np.setdiff1d(np.arange(X.shape[1]), front)[:500]
    for j in others:
        v = X[:, [j]]
        assert ((v <= F).all(axis=0) & (v < F).any(axis=0)).any()


def test_weighted_counts_and_cap():
    g = pareto_groups(np.array([[2, 2, 1], [1, 1, 1]]), counts=np.array([4, 6, 1]))
    assert g.counts.tolist() == [10]
    assert cap_members(np.array([0, 0, 0]), np.array([5, 3, 4]), 2).tolist() == [1, 2]
