"""Exact Markov rates of memory-one policies: closed forms, a brute-force chain, simulation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from detente.dynamics.engine import Rules, payoff_table, simulate
from detente.dynamics.markov import (
    expected_outcomes,
    long_run_distribution,
    transition_matrix,
)
from detente.dynamics.policies import MemoryOne, make_policy
from detente.model.dynamics import Payoffs, PolicyParameters

PAY = Payoffs(R=3, S=0, T=5, P=1)
TABLE = payoff_table([PAY, PAY])
TFT = ((1, 0, 1, 0), 1)
STFT = ((1, 0, 1, 0), 0)
WSLS = ((1, 0, 0, 1), 1)
ALLD = ((0, 0, 0, 0), 0)

prob = st.floats(0, 1)
spec = st.tuples(st.tuples(prob, prob, prob, prob), prob)
small = st.sampled_from([0.0, 0.01, 0.1, 0.3])


def brute_force_matrix(first, second, slip, mis):
    """The chain written out state by state, with Python loops."""
    M = np.zeros((16, 16))
    index = {}
    for k, (a1, a2, s1, s2) in enumerate(itertools.product((1, 0), repeat=4)):
        index[(a1, a2, s1, s2)] = k

    def p_coop(vec, own, seen):
        return vec[{(1, 1): 0, (1, 0): 1, (0, 1): 2, (0, 0): 3}[(own, seen)]]

    for (a1, a2, s1, s2), i in index.items():
        c1 = p_coop(first[0], a1, s1)
        c2 = p_coop(second[0], a2, s2)
        for b1, b2, t1, t2 in itertools.product((1, 0), repeat=4):
            pb1 = (c1 * (1 - slip[0]) + (1 - c1) * slip[0]) if b1 else \
                  ((1 - c1) * (1 - slip[0]) + c1 * slip[0])
            pb2 = (c2 * (1 - slip[1]) + (1 - c2) * slip[1]) if b2 else \
                  ((1 - c2) * (1 - slip[1]) + c2 * slip[1])
            pt1 = (1 - mis[0]) if t1 == b2 else mis[0]
            pt2 = (1 - mis[1]) if t2 == b1 else mis[1]
            M[i, index[(b1, b2, t1, t2)]] += pb1 * pb2 * pt1 * pt2
    # The engine's numbering is 8·a1 + 4·a2 + 2·s1 + s2 with 1 = cooperate.
    order = [index[(k >> 3 & 1, k >> 2 & 1, k >> 1 & 1, k & 1)] for k in range(16)]
    return M[np.ix_(order, order)]


@settings(max_examples=50)
@given(first=spec, second=spec, slip=st.tuples(small, small), mis=st.tuples(small, small))
def test_transition_matrix_matches_brute_force(first, second, slip, mis):
    M, start = transition_matrix(first, second, slip, mis)
    assert np.allclose(M, brute_force_matrix(first, second, slip, mis))
    assert np.allclose(M.sum(axis=1), 1.0)
    assert start.sum() == pytest.approx(1.0)


@settings(max_examples=50)
@given(first=spec, second=spec, slip=st.tuples(small, small), mis=st.tuples(small, small))
# a subnormal transition probability once gave NaN (1 − p == 1 made the solve singular)
@example(first=((0.0, 0.0, 0.0, 0.0), 0.0), second=((0.0, 1.0, 0.0, 2.2250738585e-313), 0.0),
         slip=(0.0, 0.0), mis=(0.1, 0.0))
def test_long_run_distribution_is_a_stationary_distribution(first, second, slip, mis):
    M, start = transition_matrix(first, second, slip, mis)
    pi = long_run_distribution(M, start)
    assert np.all(pi >= 0) and pi.sum() == pytest.approx(1.0)
    assert np.allclose(pi @ M, pi, atol=1e-9)


# Probabilities a chain resolves in floats: 0, 1, or at least 0.1 % from both. Every
# transition then has probability 0 or above ~5e-11, far above the float spacing at 1 that
# decides whether 1 − p still differs from 1 (the Markov code drops transitions below it; the
# stationarity property above covers every float).
resolvable = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.001, 0.999))
resolvable_spec = st.tuples(st.tuples(resolvable, resolvable, resolvable, resolvable),
                            resolvable)


def cesaro_average(M: np.ndarray, start: np.ndarray, doublings: int) -> np.ndarray:
    """(1/T) Σ_{t<T} start·Mᵗ for T = 2^doublings, and for T/2, by doubling
    (S_2n = S_n + Mⁿ S_n; Mⁿ's rows renormalised, else their rounding drift of ~1e-16
    compounds over 2^53 rounds and the mass drains away)."""
    total, power = np.eye(len(M)), M.copy()
    halves = []
    for k in range(1, doublings + 1):
        total, power = total + power @ total, power @ power
        power /= power.sum(axis=1, keepdims=True)
        halves.append(start @ total / 2.0**k)
    return halves[-1], halves[-2]


@settings(max_examples=50)
@given(first=resolvable_spec, second=resolvable_spec, slip=st.tuples(small, small),
       mis=st.tuples(small, small))
# both start by defecting and leave mutual defection with probability ~2e-5 per round: the
# average over 2^30 rounds still keeps 4.7e-5 there (the first version of this check failed)
@example(first=((1.0, 1.0, 1.0, 1e-5), 0.0), second=((1.0, 1.0, 1.0, 1e-5), 0.0),
         slip=(0.0, 0.0), mis=(0.0, 0.0))
@example(first=((1.0, 1.0, 1.0, 0.001), 0.0), second=((1.0, 1.0, 1.0, 0.001), 0.0),
         slip=(0.0, 0.0), mis=(0.01, 0.01))
# two closed classes that the start reaches in proportions 0.2 : 0.8 (found by Hypothesis
# against a planted transposition in the absorption solve)
@example(first=((1.0, 0.0, 0.0, 0.0), 0.0), second=((1.0, 1.0, 0.0, 0.5), 0.0),
         slip=(0.0, 0.0), mis=(0.0, 0.0))
def test_long_run_distribution_is_the_limit_of_averages(first, second, slip, mis):
    M, start = transition_matrix(first, second, slip, mis)
    pi = long_run_distribution(M, start)
    # The limit of the averages A_T = (1/T) Σ start·Mᵗ, computed independently. A_T = π + D/T
    # + o(1/T) once T is well past the rounds spent in transient states (D: the expected
    # surplus visits there), so 2·A_2T − A_T cancels the D/T term (Richardson extrapolation);
    # a period d leaves O(d/T) ≈ 1e-17 at T = 2^59.
    a_2t, a_t = cesaro_average(M, start, 60)
    assert np.allclose(2 * a_2t - a_t, pi, atol=1e-8)


def test_closed_forms():
    # TFT vs TFT with any slip ε in (0, 1): the four outcomes are equally likely.
    for eps in (0.01, 0.2):
        out = expected_outcomes(TFT, TFT, slip=(eps, eps))
        assert np.allclose(out.outcomes, 0.25)
    # No noise: TFT pairs cooperate for ever; TFT vs STFT alternate (periodic chain).
    assert np.allclose(expected_outcomes(TFT, TFT).outcomes, [1, 0, 0, 0])
    assert np.allclose(expected_outcomes(TFT, STFT).outcomes, [0, 0.5, 0.5, 0])
    # Against Always Defect with slips ε: TFT cooperates when it saw a cooperation (prob ε)
    # and slips otherwise: P(C) = ε(1-ε) + (1-ε)ε = 2ε(1-ε).
    eps = 0.1
    out = expected_outcomes(TFT, ALLD, slip=(eps, eps))
    assert out.cooperation[0] == pytest.approx(2 * eps * (1 - eps))
    assert out.cooperation[1] == pytest.approx(eps)
    # Payoffs follow from the outcome shares.
    out = expected_outcomes(WSLS, WSLS, slip=(0.05, 0.05), payoffs=TABLE)
    o = out.outcomes
    assert out.mean_payoff[0] == pytest.approx(3 * o[0] + 0 * o[1] + 5 * o[2] + 1 * o[3])


def test_finite_horizon_expectation_counts_round_one():
    out = expected_outcomes(STFT, TFT, rounds=3)
    # Rounds: (D, C), (C, D), (D, C): the first side cooperates once in three.
    assert out.cooperation.tolist() == pytest.approx([1 / 3, 2 / 3])


@pytest.mark.parametrize(
    ("a", "b", "slip", "mis"),
    [
        ("Tit For Tat", "Tit For Tat", (0.05, 0.05), (0.0, 0.0)),
        ("Generous Tit For Tat", "Win-Stay Lose-Shift", (0.02, 0.08), (0.05, 0.0)),
        ("Suspicious Tit For Tat", "Random", (0.0, 0.0), (0.1, 0.2)),
        ("Win-Stay Lose-Shift", "Always Defect", (0.05, 0.05), (0.0, 0.1)),
    ],
)
def test_exact_values_agree_with_simulation(a, b, slip, mis):
    rounds, reps = 50, 4000
    pols = [make_policy(n, PAY, PolicyParameters()) for n in (a, b)]
    sim = simulate([tuple(pols)], Rules(TABLE, slip, mis), rounds=rounds, repetitions=reps,
                   seed=123)
    exact = expected_outcomes(pols[0].memory_one, pols[1].memory_one, slip=slip,
                              misperception=mis, rounds=rounds, payoffs=TABLE)
    for got, want in ((sim.cooperation[0], exact.cooperation),
                      (sim.mean_payoff[0], exact.mean_payoff)):
        se = got.std(axis=0, ddof=1) / np.sqrt(reps)
        z = (got.mean(axis=0) - want) / np.maximum(se, 1e-12)
        assert np.all(np.abs(z) < 4.5), (got.mean(axis=0), want)


def test_memory_one_of_policies():
    assert make_policy("Tit For Tat", PAY, PolicyParameters()).memory_one == (
        (1.0, 0.0, 1.0, 0.0), 1.0)
    assert make_policy("GRIT", PAY, PolicyParameters()).memory_one is None
    assert make_policy("Grim Trigger", PAY, PolicyParameters()).memory_one is None
    assert MemoryOne("x", (0.5, 0.5, 0.5, 0.5), 0.5).memory_one[1] == 0.5


@pytest.mark.parametrize("rounds", [1, 2, 3, 7, 64, 1000, 1023])
def test_finite_horizon_is_the_average_over_the_rounds(rounds):
    """The finite horizon sums Σ_{t<T} start·Mᵗ by doubling; here a plain loop does it."""
    first, second = ((0.9, 0.1, 0.8, 0.3), 1.0), ((1.0, 0.0, 1.0, 0.0), 0.0)
    slip, mis = (0.02, 0.05), (0.1, 0.0)
    M, start = transition_matrix(first, second, slip, mis)
    total, cur = np.zeros(16), start.copy()
    for _ in range(rounds):
        total += cur
        cur = cur @ M
    out = expected_outcomes(first, second, slip=slip, misperception=mis, rounds=rounds)
    dist = total / rounds
    coop_first = dist[np.array([(k >> 3) & 1 for k in range(16)]) == 1].sum()
    assert out.cooperation[0] == pytest.approx(coop_first, rel=1e-12)
    assert out.outcomes.sum() == pytest.approx(1.0)
