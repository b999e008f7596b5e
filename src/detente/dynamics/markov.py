"""Exact cooperation rates and payoffs of memory-one policies, without simulation.

When both sides follow memory-one policies — the probability of cooperating depends only on
the last round's outcome as the side experienced it (Nowak & Sigmund 1990) — repeated play
is a Markov chain, and its expected behaviour can be computed exactly (Nowak & Sigmund 1990;
Press & Dyson 2012). With slips and misperceptions each side's view of the last round can
differ from the other's, so the chain's state is the pair of moves actually made together
with what each side saw: (first side's move, second side's move, what the first side saw,
what the second side saw), 16 states.

Each round, side ``s`` cooperates with the probability its vector gives for (its own last
move, the other's last move as seen); a slip (probability ``slip[s]``) turns the move into
its opposite; then each side sees the other's move, wrongly with probability
``misperception[s]``. Round one uses each policy's initial probability.

- :func:`expected_outcomes` with ``rounds=T``: the expected share of each outcome over the
  first ``T`` rounds, from the distributions of rounds 1 … T (π₁ Mᵗ⁻¹);
- with ``rounds=None``: the long-run average, the Cesàro limit lim (1/T) Σ πₜ. When the chain
  has a single closed class (any positive slip gives one) this is its stationary
  distribution; otherwise it is the mix of the closed classes' stationary distributions,
  weighted by the probability of ending up in each from round one (Kemeny & Snell 1960,
  *Finite Markov Chains*, ch. 3 and 5), which also covers periodic chains such as Tit For
  Tat's echo.

Examples
--------
Tit For Tat against itself with a 5 % slip each: the echoes make the four outcomes equally
likely in the long run, so each side cooperates half of the time.

>>> tft = ((1, 0, 1, 0), 1)
>>> out = expected_outcomes(tft, tft, slip=(0.05, 0.05))
>>> [round(float(x), 6) for x in out.outcomes]
[0.25, 0.25, 0.25, 0.25]
>>> out.cooperation.round(6).tolist()
[0.5, 0.5]

Win-Stay Lose-Shift recovers from errors (Nowak & Sigmund 1993):

>>> wsls = ((1, 0, 0, 1), 1)
>>> round(float(expected_outcomes(wsls, wsls, slip=(0.05, 0.05)).outcomes[0]), 3)
0.817
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

__all__ = [
    "MemoryOneSpec",
    "MarkovOutcome",
    "transition_matrix",
    "long_run_distribution",
    "expected_outcomes",
    "memory_one_spec",
]

#: ``(four_vector, initial)``: P(C | CC, CD, DC, DD) (own move first) and P(C) in round one.
MemoryOneSpec = tuple[Sequence[float], float]

# State index: 8·a1 + 4·a2 + 2·s1 + s2, 1 = cooperate (a: moves made, s: moves seen).
_STATES = np.array([[(i >> 3) & 1, (i >> 2) & 1, (i >> 1) & 1, i & 1] for i in range(16)])


def memory_one_spec(strategy: object) -> MemoryOneSpec | None:
    """``(four_vector, initial)`` of a policy that is memory-one, else ``None``."""
    spec = getattr(strategy, "memory_one", None)
    return spec


def _coop_prob(spec: MemoryOneSpec, own: np.ndarray, seen: np.ndarray) -> np.ndarray:
    vec = np.asarray(spec[0], dtype=float)
    return vec[2 * (1 - own) + (1 - seen)]


def _step(c1: np.ndarray, c2: np.ndarray, slip: Sequence[float],
          misperception: Sequence[float]) -> np.ndarray:
    """Next-state probabilities (n, 16) from intended cooperation probabilities c1, c2."""
    x1 = c1 * (1 - slip[0]) + (1 - c1) * slip[0]  # P(first side's move is C)
    x2 = c2 * (1 - slip[1]) + (1 - c2) * slip[1]
    a1, a2, s1, s2 = _STATES.T
    p_a1 = np.where(a1 == 1, x1[:, None], 1 - x1[:, None])
    p_a2 = np.where(a2 == 1, x2[:, None], 1 - x2[:, None])
    p_s1 = np.where(s1 == a2, 1 - misperception[0], misperception[0])  # first sees second
    p_s2 = np.where(s2 == a1, 1 - misperception[1], misperception[1])
    return p_a1 * p_a2 * p_s1[None, :] * p_s2[None, :]


def transition_matrix(
    first: MemoryOneSpec,
    second: MemoryOneSpec,
    slip: Sequence[float] = (0.0, 0.0),
    misperception: Sequence[float] = (0.0, 0.0),
) -> tuple[np.ndarray, np.ndarray]:
    """The 16-state chain: transition matrix ``M`` (rows sum to one) and the distribution
    of round one.

    >>> M, start = transition_matrix(((1, 0, 1, 0), 1), ((0, 0, 0, 0), 0))
    >>> int(np.argmax(start)), M.shape  # first cooperates, second defects: state 8·1+4·0+2·0+1
    (9, (16, 16))
    """
    a1, a2, s1, s2 = _STATES.T
    c1 = _coop_prob(first, a1, s1)
    c2 = _coop_prob(second, a2, s2)
    M = _step(c1, c2, slip, misperception)
    start = _step(np.array([float(first[1])]), np.array([float(second[1])]), slip,
                  misperception)[0]
    return M, start


def _power_sum(M: np.ndarray, T: int) -> np.ndarray:
    """Σ_{t<T} Mᵗ by doubling over the bits of T: S_2n = S_n + Mⁿ·S_n, S_n+1 = S_n + Mⁿ.

    >>> M = np.array([[0.5, 0.5], [0.0, 1.0]])
    >>> bool(np.allclose(_power_sum(M, 5), sum(np.linalg.matrix_power(M, t) for t in range(5))))
    True
    """
    n = M.shape[0]
    S, P = np.zeros((n, n)), np.eye(n)  # S_0 = 0, M^0 = I
    for bit in bin(T)[2:]:
        S, P = S + P @ S, P @ P  # n → 2n
        if bit == "1":
            S, P = S + P, P @ M  # 2n → 2n + 1
    return S


def _stationary(P: np.ndarray) -> np.ndarray:
    n = P.shape[0]
    A = (P - np.eye(n)).T
    A[-1, :] = 1.0
    b = np.zeros(n)
    b[-1] = 1.0
    pi = np.linalg.solve(A, b)
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def long_run_distribution(M: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The Cesàro limit lim (1/T) Σₜ start·Mᵗ, exactly (closed classes and absorption).

    >>> M = np.array([[0.0, 1.0], [1.0, 0.0]])  # periodic: the plain limit does not exist
    >>> long_run_distribution(M, np.array([1.0, 0.0])).tolist()
    [0.5, 0.5]
    """
    n = M.shape[0]
    # A transition less likely than the float spacing at 1 cannot show in 1 − p, so the
    # solve below would see a closed class where the graph sees an exit (and divide by 0):
    # such transitions are dropped (over any horizon one could simulate they never occur).
    M = np.where(np.finfo(float).eps > M, 0.0, M)
    M = M / M.sum(axis=1, keepdims=True)
    graph = csr_matrix(M > 0)
    _, labels = connected_components(graph, directed=True, connection="strong")
    closed = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        outside = np.flatnonzero(labels != c)
        if not np.any(M[np.ix_(members, outside)] > 0):
            closed.append(members)
    transient = np.setdiff1d(np.arange(n), np.concatenate(closed))
    result = np.zeros(n)
    if len(transient):
        Q = M[np.ix_(transient, transient)]
        fundamental = np.linalg.solve(np.eye(len(transient)) - Q.T, start[transient])
        # fundamental[i]: expected visits to transient i; flows into each closed class:
    for members in closed:
        weight = start[members].sum()
        if len(transient):
            weight += fundamental @ M[np.ix_(transient, members)].sum(axis=1)
        if weight > 0:
            result[members] += weight * _stationary(M[np.ix_(members, members)])
    return result / result.sum()


@dataclass(frozen=True)
class MarkovOutcome:
    """Expected outcome shares and what follows from them.

    ``outcomes``: shares of (CC, CD, DC, DD), first side's move first; ``cooperation``: each
    side's cooperation rate; ``mean_payoff``: each side's mean payoff per round (when
    payoffs were given).
    """

    outcomes: np.ndarray
    cooperation: np.ndarray
    mean_payoff: np.ndarray | None

    @property
    def mutual_cooperation(self) -> float:
        """Share of rounds in which both cooperate."""
        return float(self.outcomes[0])


def expected_outcomes(
    first: MemoryOneSpec,
    second: MemoryOneSpec,
    *,
    slip: Sequence[float] = (0.0, 0.0),
    misperception: Sequence[float] = (0.0, 0.0),
    rounds: int | None = None,
    payoffs: np.ndarray | None = None,
) -> MarkovOutcome:
    """Exact expected outcome shares of two memory-one policies.

    Parameters
    ----------
    first, second:
        ``(four_vector, initial)`` of each side.
    slip, misperception:
        Each side's error probabilities (see :mod:`detente.dynamics.engine`).
    rounds:
        Average over the first ``rounds`` rounds; ``None`` for the long-run average.
    payoffs:
        The ``(2, 2, 2)`` table of :class:`~detente.dynamics.engine.Rules`, to get payoffs.

    Notes
    -----
    A finite horizon costs about 2·log₂(rounds) products of 16×16 matrices (the sum
    Σ_{t<T} Mᵗ by doubling); the long run one decomposition of a 16-state chain.
    """
    M, start = transition_matrix(first, second, slip, misperception)
    if rounds is None:
        dist = long_run_distribution(M, start)
    else:
        dist = start @ _power_sum(M, rounds) / rounds
    a1, a2 = _STATES[:, 0], _STATES[:, 1]
    outcomes = np.array([
        dist[(a1 == 1) & (a2 == 1)].sum(), dist[(a1 == 1) & (a2 == 0)].sum(),
        dist[(a1 == 0) & (a2 == 1)].sum(), dist[(a1 == 0) & (a2 == 0)].sum(),
    ])
    cooperation = np.array([outcomes[0] + outcomes[1], outcomes[0] + outcomes[2]])
    mean_payoff = None
    if payoffs is not None:
        t = payoffs
        mean_payoff = np.array([
            outcomes @ [t[0, 1, 1], t[0, 1, 0], t[0, 0, 1], t[0, 0, 0]],
            outcomes @ [t[1, 1, 1], t[1, 0, 1], t[1, 1, 0], t[1, 0, 0]],
        ])
    return MarkovOutcome(outcomes, cooperation, mean_payoff)
