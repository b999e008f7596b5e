"""Vectorised simulation of repeated two-sided play under noise.

A *match* is a sequence of rounds in which two sides each cooperate or defect at the same
time and then observe the outcome. Three kinds of error make reciprocity go wrong:

- a **slip** (implementation error): a side's move comes out as the opposite of what it
  intended; both sides see the move as it came out, and the side knows what it did. The
  Axelrod library's ``noise`` is this error with the same probability for both sides;
- a **misperception**: a side sees the other's move as its opposite (the other side knows
  what it really did); per side;
- a **shock**: one forced defection at a chosen round (the recovery analysis).

The engine plays every match of a batch — all pairs of policies and all repetitions — at
once: each round is a few NumPy operations over arrays with one entry per match, driven by
the state machines of :mod:`detente.dynamics.policies`. Random draws are made per pair of
policies from a generator seeded by ``(seed, stream, pair index)``, so the same seed gives
the same numbers, whatever else is simulated alongside and however the batch is cut into
chunks; the draws are uniform numbers thresholded by the error probabilities, so sweeps over
noise levels use common random numbers and give smooth curves. Pairs with a strategy of the
Axelrod library are played turn by turn by :mod:`detente.dynamics.axelrod_bridge`, with the
same draws and the same result format.

Examples
--------
>>> from detente.model.dynamics import Payoffs, PolicyParameters
>>> from detente.dynamics.policies import make_policy
>>> pay, par = Payoffs(R=3, S=0, T=5, P=1), PolicyParameters()
>>> tft = make_policy("Tit For Tat", pay, par)
>>> rules = Rules(payoff_table([pay, pay]), slip=(0.0, 0.0), misperception=(0.0, 0.0))
>>> sim = simulate([(tft, tft)], rules, rounds=50, repetitions=3, seed=1)
>>> sim.cooperation[0].tolist()
[[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]
>>> sim.mean_payoff[0, 0].tolist()
[3.0, 3.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.dynamics.policies import Machine, Policy, make_policy
from detente.model.dynamics import DynamicsModel, Payoffs, PolicyParameters, is_native
from detente.model.resources import check_memory

__all__ = [
    "Rules",
    "Events",
    "Play",
    "Simulation",
    "Strategy",
    "payoff_table",
    "make_strategy",
    "draw_events",
    "play",
    "simulate",
    "match_lengths",
    "simulation_work",
    "WORK_PER_ROUND",
    "WORK_PER_LIBRARY_ROUND",
]

#: Memory for one chunk of simulated matches (events and trajectories).
CHUNK_BYTES = 96 * 1024**2
#: Bytes per match and round while a chunk is played (draws, events, moves).
BYTES_PER_CELL = 64

# Work of a simulation, in *match-rounds* (one round of one match in a vectorised batch,
# about 125 ns on the 2-core development machine). Each round of a batch also costs a few
# NumPy calls per kind of policy, 40–120 µs whatever the batch size: about 800 match-rounds.
# A match with a strategy of the Axelrod library is played turn by turn in Python: about
# 20 µs per round. See :func:`simulation_work`.
#: Work of one round of a batch beyond its matches (Python overhead), in match-rounds.
WORK_PER_ROUND = 800
#: Work of one round of one match played through the Axelrod library, in match-rounds.
WORK_PER_LIBRARY_ROUND = 160


@dataclass(frozen=True)
class Rules:
    """How matches are played.

    ``payoffs[s, i, j]``: side ``s``'s payoff when its own move is ``i`` and the other's is
    ``j`` (1 = cooperate, 0 = defect). ``slip[s]``: probability that side ``s``'s move comes
    out as its opposite. ``misperception[s]``: probability that side ``s`` sees the other's
    move as its opposite.
    """

    payoffs: np.ndarray
    slip: tuple[float, float] = (0.0, 0.0)
    misperception: tuple[float, float] = (0.0, 0.0)

    @classmethod
    def from_model(cls, model: DynamicsModel) -> Rules:
        """The rules of a dynamics model (payoffs, slips combined with symmetric noise)."""
        return cls(
            payoff_table([model.payoffs(0), model.payoffs(1)]),
            slip=model.slip_probabilities(),
            misperception=model.misperception_probabilities(),
        )

    @property
    def symmetric_noise(self) -> float | None:
        """The single flip probability when the rules are the Axelrod library's kind of noise
        (same slip for both sides, no misperception), else ``None``."""
        if self.misperception != (0.0, 0.0) or self.slip[0] != self.slip[1]:
            return None
        return self.slip[0]

    @property
    def symmetric(self) -> bool:
        """Whether swapping the sides changes nothing (same payoffs and errors)."""
        return (
            self.slip[0] == self.slip[1]
            and self.misperception[0] == self.misperception[1]
            and np.array_equal(self.payoffs[0], self.payoffs[1])
        )


def payoff_table(payoffs: Sequence[Payoffs]) -> np.ndarray:
    """The ``(2, 2, 2)`` table of :class:`Rules` from each side's R, S, T, P.

    >>> from detente.model.dynamics import Payoffs
    >>> t = payoff_table([Payoffs(R=3, S=0, T=5, P=1), Payoffs(R=4, S=-1, T=6, P=0)])
    >>> t[0, 1, 1], t[0, 1, 0], t[1, 0, 1], t[1, 0, 0]  # R, S of the first; T, P of the second
    (np.float64(3.0), np.float64(0.0), np.float64(6.0), np.float64(0.0))
    """
    table = np.empty((2, 2, 2))
    for s, p in enumerate(payoffs):
        table[s, 1, 1], table[s, 1, 0], table[s, 0, 1], table[s, 0, 0] = p.R, p.S, p.T, p.P
    return table


#: A side's strategy: one of détente's policies, or a strategy of the Axelrod library.
Strategy = Policy  # or detente.dynamics.axelrod_bridge.LibraryStrategy


def make_strategy(name: str, payoffs: Payoffs, parameters: PolicyParameters) -> Any:
    """The strategy for canonical policy ``name``: a :class:`Policy` for détente's own
    ten, a :class:`~detente.dynamics.axelrod_bridge.LibraryStrategy` otherwise."""
    if is_native(name):
        return make_policy(name, payoffs, parameters)
    from detente.dynamics.axelrod_bridge import LibraryStrategy

    return LibraryStrategy(name)


@dataclass
class Events:
    """The random draws of a batch of matches, each array ``(rounds, matches, 2)``.

    ``u``: uniform numbers for the policies' own randomness; ``slip``/``misperception``:
    whether that error strikes side ``s`` in that round; ``length``: rounds in each match.
    """

    u: np.ndarray
    slip: np.ndarray
    misperception: np.ndarray
    length: np.ndarray


def match_lengths(rng: np.random.Generator, n: int, rounds: int,
                  continuation: float | None) -> np.ndarray:
    """Lengths of ``n`` matches: ``rounds`` each, or geometric with continuation
    probability ``continuation`` (at least one round), cut at ``rounds``."""
    if continuation is None:
        return np.full(n, rounds, dtype=np.int64)
    return np.minimum(rng.geometric(1.0 - continuation, size=n), rounds).astype(np.int64)


def _pairs_per_chunk(rounds: int, repetitions: int) -> int:
    return max(1, CHUNK_BYTES // max(1, rounds * BYTES_PER_CELL * repetitions))


def simulation_work(native_pairs: int, library_pairs: int, repetitions: int, rounds: int,
                    continuation: float | None = None) -> float:
    """Estimated work of :func:`simulate`, in match-rounds (see :data:`WORK_PER_ROUND`):
    the batches of native pairs cost ``rounds`` × (matches + per-round overhead) each; a
    library pair costs its expected rounds (cut at ``rounds``) turn by turn.

    >>> simulation_work(100, 0, 100, 200)  # 100 pairs of policies: two batches
    2320000.0
    """
    chunks = -(-native_pairs // _pairs_per_chunk(rounds, repetitions))
    work = float(rounds) * (chunks * WORK_PER_ROUND + native_pairs * repetitions)
    if library_pairs:
        expected = float(rounds) if continuation is None else (
            (1.0 - continuation ** rounds) / (1.0 - continuation))
        work += library_pairs * repetitions * expected * WORK_PER_LIBRARY_ROUND
    return work


def draw_events(rng: np.random.Generator, rounds: int, n: int, rules: Rules,
                continuation: float | None = None) -> Events:
    """Draw the events of ``n`` matches of ``rounds`` rounds (in a fixed order: lengths,
    policy draws, slips, misperceptions)."""
    length = match_lengths(rng, n, rounds, continuation)
    u = rng.random((rounds, n, 2))
    slip = rng.random((rounds, n, 2)) < np.asarray(rules.slip)
    mis = rng.random((rounds, n, 2)) < np.asarray(rules.misperception)
    return Events(u, slip, mis, length)


@dataclass
class Play:
    """What happened in a batch of matches; arrays ``(rounds, matches, 2)``, side last.

    ``cooperated``: the moves as made; ``intended``: as meant; ``perceived[t, m, s]``: what
    side ``s`` saw the *other* side do; ``slipped``: a slip (or the shock) changed side
    ``s``'s move; ``misperceived``: side ``s`` misread the other's move. Rounds at or after
    ``length[m]`` did not take place (continuation horizons).
    """

    cooperated: np.ndarray
    intended: np.ndarray
    perceived: np.ndarray
    slipped: np.ndarray
    misperceived: np.ndarray
    length: np.ndarray

    @property
    def active(self) -> np.ndarray:
        """``(rounds, matches)``: whether the round took place."""
        return np.arange(self.cooperated.shape[0])[:, None] < self.length[None, :]

    def payoffs(self, table: np.ndarray) -> np.ndarray:
        """Each side's payoff in each round (``(rounds, matches, 2)``)."""
        c = self.cooperated.astype(np.intp)
        return np.stack([table[0, c[..., 0], c[..., 1]], table[1, c[..., 1], c[..., 0]]], -1)

    def summary(self, table: np.ndarray) -> dict[str, np.ndarray]:
        """Per match: mean payoff per round and cooperation rate of each side
        (``(matches, 2)``), and the rate of mutual cooperation (``(matches,)``)."""
        active = self.active
        n = self.length.astype(float)
        coop = np.where(active[..., None], self.cooperated, False)
        counts = np.count_nonzero(coop, axis=0)
        # Payoffs from counts of the four outcomes (avoids a float array per round).
        both = np.count_nonzero(active & self.cooperated[..., 0] & self.cooperated[..., 1], 0)
        first_only = counts[:, 0] - both
        second_only = counts[:, 1] - both
        neither = self.length - both - first_only - second_only
        t = table
        pay0 = (both * t[0, 1, 1] + first_only * t[0, 1, 0] + second_only * t[0, 0, 1]
                + neither * t[0, 0, 0])
        pay1 = (both * t[1, 1, 1] + second_only * t[1, 1, 0] + first_only * t[1, 0, 1]
                + neither * t[1, 0, 0])
        return {
            "mean_payoff": np.stack([pay0, pay1], -1) / n[:, None],
            "cooperation": counts / n[:, None],
            "mutual_cooperation": both / n,
        }


class _Side:
    """One side of a batch: the machines playing its policies, grouped by kind."""

    def __init__(self, policies: Sequence[Policy], repetitions: int) -> None:
        self.n = len(policies) * repetitions
        kinds: dict[type, dict[Policy, list[int]]] = {}
        for p, pol in enumerate(policies):
            kinds.setdefault(pol.kind, {}).setdefault(pol, []).append(p)
        self.parts: list[tuple[np.ndarray | slice, Machine]] = []
        for by_policy in kinds.values():
            distinct = list(by_policy)
            pair_ids = np.array(sorted(p for v in by_policy.values() for p in v))
            which_of_pair = {p: i for i, pol in enumerate(distinct) for p in by_policy[pol]}
            idx = (pair_ids[:, None] * repetitions + np.arange(repetitions)).ravel()
            which = np.repeat([which_of_pair[p] for p in pair_ids], repetitions)
            machine = distinct[0].machine(distinct, which)
            self.parts.append((slice(None) if len(idx) == self.n else idx, machine))

    def intend(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        if len(self.parts) == 1 and isinstance(self.parts[0][0], slice):
            return self.parts[0][1].intend(u)
        move = np.empty(self.n, dtype=bool)
        announced: np.ndarray | None = None
        for idx, m in self.parts:
            mv, an = m.intend(u[idx])
            move[idx] = mv
            if an is not None:
                if announced is None:
                    announced = np.zeros(self.n, dtype=bool)
                announced[idx] = an
        return move, announced

    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        for idx, m in self.parts:
            if isinstance(idx, slice):
                m.observe(intended, actual, seen)
            else:
                m.observe(intended[idx], actual[idx], seen[idx])


def play(
    sides: tuple[Sequence[Policy], Sequence[Policy]],
    events: Events,
    *,
    repetitions: int = 1,
    shock: tuple[int, int] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Play:
    """Play a batch of matches of détente's policies, all at once.

    Parameters
    ----------
    sides:
        Each side's policy in each pair; pair ``p`` occupies matches
        ``p * repetitions`` to ``(p + 1) * repetitions - 1`` of ``events``.
    events:
        The draws (:func:`draw_events`), ``(rounds, pairs * repetitions, 2)``.
    shock:
        ``(round index, side)``: that side's move in that round comes out as a defection
        whatever it intended (counted as a slip).
    progress:
        Called now and then with the work done since the last call (match-rounds, as
        counted by :func:`simulation_work`).

    Notes
    -----
    Each round costs a few vectorised operations per kind of policy present; the work is
    proportional to rounds × matches, and memory to the events and trajectories kept.
    """
    rounds, n, _ = events.u.shape
    first, second = _Side(sides[0], repetitions), _Side(sides[1], repetitions)
    step = max(1, min(rounds, 2**16 // max(1, n)))  # report progress every `step` rounds
    coop = np.empty((rounds, n, 2), dtype=bool)
    intended = np.empty_like(coop)
    seen = np.empty_like(coop)
    slipped = events.slip.copy()
    mis = events.misperception.copy()
    for t in range(rounds):
        i0, an0 = first.intend(events.u[t, :, 0])
        i1, an1 = second.intend(events.u[t, :, 1])
        if shock is not None and shock[0] == t:
            slipped[t, :, shock[1]] = (i0, i1)[shock[1]]  # flip exactly the cooperations
        a0 = i0 ^ slipped[t, :, 0]
        a1 = i1 ^ slipped[t, :, 1]
        if an1 is not None:
            mis[t, :, 0] &= ~an1
        if an0 is not None:
            mis[t, :, 1] &= ~an0
        s0 = a1 ^ mis[t, :, 0]
        s1 = a0 ^ mis[t, :, 1]
        first.observe(i0, a0, s0)
        second.observe(i1, a1, s1)
        coop[t, :, 0], coop[t, :, 1] = a0, a1
        intended[t, :, 0], intended[t, :, 1] = i0, i1
        seen[t, :, 0], seen[t, :, 1] = s0, s1
        if progress is not None and (t + 1) % step == 0:
            progress(step * (n + WORK_PER_ROUND))
    if progress is not None and rounds % step:
        progress((rounds % step) * (n + WORK_PER_ROUND))
    return Play(coop, intended, seen, slipped, mis, events.length.copy())


@dataclass
class Simulation:
    """Results of :func:`simulate`: arrays indexed by pair, then repetition.

    ``mean_payoff`` and ``cooperation``: ``(pairs, repetitions, 2)``; ``mutual_cooperation``
    and ``length``: ``(pairs, repetitions)``; ``extra``: what the ``reducer`` returned, per
    match; ``play``: the full trajectories (``keep=True``), matches in pair-major order;
    ``engines``: ``"detente"`` or ``"axelrod"`` per pair.
    """

    names: list[tuple[str, str]]
    rounds: int
    repetitions: int
    mean_payoff: np.ndarray
    cooperation: np.ndarray
    mutual_cooperation: np.ndarray
    length: np.ndarray
    engines: list[str]
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    play: Play | None = None


def _concat_plays(plays: list[Play]) -> Play:
    if len(plays) == 1:
        return plays[0]
    return Play(**{f: np.concatenate([getattr(p, f) for p in plays], axis=1)
                   for f in ("cooperated", "intended", "perceived", "slipped", "misperceived")},
                length=np.concatenate([p.length for p in plays]))


def simulate(
    pairs: Sequence[tuple[Strategy, Strategy]],
    rules: Rules,
    *,
    rounds: int,
    repetitions: int,
    seed: int,
    stream: int = 0,
    keys: Sequence[int] | None = None,
    continuation: float | None = None,
    shock: tuple[int, int] | None = None,
    keep: bool = False,
    reducer: Callable[[Play], dict[str, np.ndarray]] | None = None,
    max_memory: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> Simulation:
    """Simulate ``repetitions`` matches of each pair of strategies.

    Parameters
    ----------
    pairs:
        ``(first side's strategy, second side's strategy)`` per pair.
    rules:
        Payoffs and error probabilities.
    rounds, continuation:
        Match length: ``rounds``, or geometric with ``continuation`` cut at ``rounds``.
    seed, stream, keys:
        Pair ``p`` draws from ``numpy.random.default_rng([seed, stream, keys[p]])``
        (``keys`` defaults to the pair indices).
    shock:
        ``(round index, side)`` forced defection (see :func:`play`).
    keep:
        Keep the full trajectories in ``Simulation.play``.
    reducer:
        Called on each chunk's :class:`Play`; returns per-match arrays kept in ``extra``.
    progress:
        Called now and then with the work done since the last call (match-rounds; the
        total is :func:`simulation_work`).

    Raises
    ------
    ModelError
        A strategy of the Axelrod library with per-side or perception noise (the library has
        only one symmetric noise), or a batch that would not fit in memory.
    """
    from detente.dynamics.axelrod_bridge import LibraryStrategy, check_library_rules, play_pair

    n_pairs = len(pairs)
    library = [not (isinstance(a, Policy) and isinstance(b, Policy)) for a, b in pairs]
    if any(library):
        names = [s.name for pr, lib in zip(pairs, library, strict=True) if lib for s in pr
                 if isinstance(s, LibraryStrategy)]
        check_library_rules(names, rules)
    per_match = rounds * BYTES_PER_CELL
    if keep:
        per_pair = per_match * repetitions
        check_memory(per_pair * n_pairs, max_memory, what="keeping these trajectories",
                     advice="Use fewer rounds, repetitions or pairs.")
    check_memory(per_match * repetitions, max_memory,
                 what=f"one pair of policies ({repetitions} matches of {rounds} rounds)",
                 advice="Use fewer rounds or repetitions.")
    pairs_per_chunk = _pairs_per_chunk(rounds, repetitions)

    mean_payoff = np.zeros((n_pairs, repetitions, 2))
    cooperation = np.zeros((n_pairs, repetitions, 2))
    mutual = np.zeros((n_pairs, repetitions))
    length = np.zeros((n_pairs, repetitions), dtype=np.int64)
    extra: dict[str, np.ndarray] = {}
    kept: list[tuple[int, Play]] = []

    def store(ids: list[int], pl: Play) -> None:
        s = pl.summary(rules.payoffs)
        shape = (len(ids), repetitions)
        mean_payoff[ids] = s["mean_payoff"].reshape(*shape, 2)
        cooperation[ids] = s["cooperation"].reshape(*shape, 2)
        mutual[ids] = s["mutual_cooperation"].reshape(shape)
        length[ids] = pl.length.reshape(shape)
        if reducer is not None:
            for key, arr in reducer(pl).items():
                if key not in extra:
                    extra[key] = np.zeros((n_pairs, repetitions, *arr.shape[1:]), arr.dtype)
                extra[key][ids] = arr.reshape(*shape, *arr.shape[1:])
        if keep:
            kept.extend((i, _select(pl, k, repetitions)) for k, i in enumerate(ids))

    def rng(p: int) -> np.random.Generator:
        return np.random.default_rng([seed, stream, p if keys is None else int(keys[p])])

    native = [p for p in range(n_pairs) if not library[p]]
    for start in range(0, len(native), pairs_per_chunk):
        ids = native[start:start + pairs_per_chunk]
        evs = [draw_events(rng(p), rounds, repetitions, rules, continuation) for p in ids]
        events = Events(**{f: np.concatenate([getattr(e, f) for e in evs], axis=1)
                           for f in ("u", "slip", "misperception")},
                        length=np.concatenate([e.length for e in evs]))
        del evs
        pl = play(([pairs[p][0] for p in ids], [pairs[p][1] for p in ids]), events,
                  repetitions=repetitions, shock=shock, progress=progress)
        del events
        store(ids, pl)
    for p in range(n_pairs):
        if library[p]:
            g = rng(p)
            events = draw_events(g, rounds, repetitions, rules, continuation)
            seeds = g.integers(0, 2**31 - 1, size=(repetitions, 2))
            pl = play_pair(pairs[p], events, rules, seeds=seeds, shock=shock,
                           known_length=continuation is None)
            store([p], pl)
            if progress is not None:
                progress(float(pl.length.sum()) * WORK_PER_LIBRARY_ROUND)
    whole = None
    if keep:
        kept.sort(key=lambda x: x[0])
        whole = _concat_plays([pl for _, pl in kept])
    return Simulation(
        names=[(a.name, b.name) for a, b in pairs],
        rounds=rounds,
        repetitions=repetitions,
        mean_payoff=mean_payoff,
        cooperation=cooperation,
        mutual_cooperation=mutual,
        length=length,
        engines=["axelrod" if lib else "detente" for lib in library],
        extra=extra,
        play=whole,
    )


def _select(pl: Play, k: int, repetitions: int) -> Play:
    sl = slice(k * repetitions, (k + 1) * repetitions)
    return Play(pl.cooperated[:, sl], pl.intended[:, sl], pl.perceived[:, sl],
                pl.slipped[:, sl], pl.misperceived[:, sl], pl.length[sl])
