"""bargaining_solutions (the four solutions over an explicit set of packages) against the
plain brute force of tests/bargain/bruteforce.py, and by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.bargain.solutions import SOLUTIONS, bargaining_solutions
from tests.bargain import bruteforce as bf

# utilities on a coarse grid, so that packages tie and sit exactly on reservations
grid = st.integers(0, 10).map(lambda k: k / 10)


@st.composite
def problems(draw):
    parties = draw(st.integers(2, 4))
    packages = draw(st.integers(1, 25))
    u = np.array([[draw(grid) for _ in range(packages)] for _ in range(parties)])
    d = np.array([draw(grid) for _ in range(parties)])
    return u, d


@given(problems())
def test_solutions_match_the_brute_force(problem):
    u, d = problem
    got = bargaining_solutions(u, d)
    want = bf.solutions([(k, list(u[:, k])) for k in range(u.shape[1])], list(d))
    if want is None:
        assert got == {}
        return
    assert list(got) == list(SOLUTIONS)
    for name, (best, packages) in want.items():
        assert got[name].value == pytest.approx(best, abs=1e-12), name
        assert got[name].packages == packages, name


def test_kalai_smorodinsky_ideal_point_is_taken_over_the_zopa():
    """Package 0 gives the first party 1.0 but the second nothing (outside the ZOPA). Over
    the ZOPA the ideal point is (0.6, 0.9): package 1 (0.6, 0.35) scores
    min(0.4/0.4, 0.25/0.8) = 0.3125 and package 2 (0.4, 0.9) min(0.2/0.4, 0.8/0.8) = 0.5, so
    KS picks package 2. With the ideal taken over every package, (1.0, 0.9), package 2 would
    score only 0.25 and package 1 would win."""
    u = np.array([[1.0, 0.6, 0.4], [0.0, 0.35, 0.9]])
    d = np.array([0.2, 0.1])
    ks = bargaining_solutions(u, d)["kalai_smorodinsky"]
    assert ks.packages == [2]
    assert ks.value == pytest.approx(0.5)


def test_a_party_that_gains_nothing_does_not_bind_and_raises_no_warning() -> None:
    """Kalai–Smorodinsky divides each gain by the party's span a_i − d_i; a party whose ideal
    is its reservation (span 0) gave 0/0 with a NumPy RuntimeWarning. It gains nothing
    anywhere, so it cannot bind: the index is the other parties' minimum."""
    import warnings

    from detente.bargain.solutions import kalai_smorodinsky_index

    u = np.array([[0.2, 0.6, 1.0], [0.5, 0.5, 0.5], [0.9, 0.3, 0.6]])
    d = np.array([0.0, 0.5, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = kalai_smorodinsky_index(u, d, np.array([1.0, 0.5, 0.9]))
    assert np.allclose(got, [0.2, 1 / 3, 2 / 3])


@pytest.mark.parametrize(
    ("u", "d", "message"),
    [
        ([[1e300, 2e300], [1e300, 5e299]], [-1e300, -1e300], "Nash index overflows"),
        ([[1e308, 1e308], [1e308, 1e308]], [0.0, 0.0], "overflows"),
        ([[np.inf], [0.5]], [0.0, 0.0], "u holds a value that is not finite"),
        ([[0.5], [0.5]], [np.nan, 0.0], "d holds a value that is not finite"),
        ([[0.5], [0.5]], [0.0], "one reservation per party"),
        ([0.5, 0.5], [0.0, 0.0], "2-D array"),
    ],
)
def test_bad_or_overflowing_utilities_are_refused_with_a_reason(u, d, message) -> None:
    """Utilities near the float limit overflowed the Nash product to inf with a NumPy
    warning, and every package then 'attained' the optimum inf; now the call says why it
    cannot answer."""
    with pytest.raises(ValueError, match=message):
        bargaining_solutions(np.array(u), np.array(d))


def test_large_but_safe_utilities_still_give_the_scaled_answer() -> None:
    """Utilities of 1e100 do not overflow for two parties: the answer is the 0–1 answer."""
    u = np.array([[0.9, 0.6, 0.5, 0.2], [0.2, 0.5, 0.6, 0.9]])
    d = np.array([0.1, 0.1])
    small = bargaining_solutions(u, d)
    big = bargaining_solutions(u * 1e100, d * 1e100)
    assert {k: v.packages for k, v in big.items()} == {k: v.packages for k, v in small.items()}
