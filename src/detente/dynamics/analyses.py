"""The reciprocity analyses: match, tournament, recovery and noise sweep.

Each analysis takes a validated :class:`~detente.model.dynamics.DynamicsModel` and returns a
result object whose ``to_dict()`` is the JSON shape documented in ``docs/dynamics.md`` (the
report reads those shapes). Policies are compared *per side*: the first side's candidates
(current policy, then alternatives) against the second side's, as ordered pairs, because
payoffs and noise may differ between the sides.

- :func:`play_match`: one match, round by round, with the rounds where noise struck marked —
  the echo of Tit For Tat under misperception is seen here (Molander 1985; Axelrod 1984,
  ch. 2 on echo effects).
- :func:`tournament`: every pair of candidates over many repetitions: mean payoff per round
  and cooperation rate of each side with confidence intervals (Student's t over the
  repetitions), in the manner of Axelrod's (1980, 1984) computer tournaments, played under
  noise as in Bendor, Kramer & Stout (1991) and Wu & Axelrod (1995).
- :func:`recovery`: after one spurious defection between two cooperating players, how many
  rounds until mutual cooperation returns (or never), over the repetitions.
- :func:`noise_sweep`: cooperation rate of each pair as the noise grows, with the exact
  Markov value (:mod:`detente.dynamics.markov`) where both policies are memory-one.

Seeds: every analysis draws from ``analysis.seed``; pair ``k`` of the ordered product of
candidates always gets the same random stream, so results do not depend on what else is
analysed, and the tournament and the sweep share their draws (the sweep's value at the
model's own noise level is the tournament's).

Examples
--------
>>> from detente.model.dynamics import dynamics_from_data
>>> model = dynamics_from_data({
...     "sides": ["A", "B"], "noise": {"symmetric": 0.05}, "horizon": {"rounds": 100},
...     "policies": {"A": {"current": "TFT", "alternatives": ["GTFT"]}, "B": {"current": "TFT"}},
...     "analysis": {"repetitions": 50, "seed": 7}})
>>> result = tournament(model)
>>> [p["policies"]["A"] for p in result.to_dict()["pairs"]]
['Tit For Tat', 'Generous Tit For Tat']
>>> tft, gtft = result.cooperation.mean(axis=1)[:, 0]
>>> bool(gtft > tft)
True
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.dynamics.engine import (
    Play,
    Rules,
    Simulation,
    make_strategy,
    simulate,
    simulation_work,
)
from detente.dynamics.markov import expected_outcomes, memory_one_spec
from detente.model.dynamics import DynamicsModel

__all__ = [
    "MatchResult",
    "TournamentResult",
    "RecoveryResult",
    "SweepResult",
    "play_match",
    "matches",
    "tournament",
    "recovery",
    "noise_sweep",
    "run_analysis",
    "analysis_work",
    "check_work",
    "interval",
    "WORK_LIMIT",
]

#: Default bound on the work of the analyses of one run, in match-rounds (about 50 s on the
#: 2-core development machine; see :func:`analysis_work`).
WORK_LIMIT = 4e8

Progress = Callable[[float], None]

# Random streams of the analyses (the tournament and the sweep share one on purpose).
_STREAM_TOURNAMENT = 0
_STREAM_MATCH = 1
_STREAM_RECOVERY = 2


def interval(values: np.ndarray, confidence: float, axis: int = 0) -> dict[str, Any]:
    """Mean and Student's t confidence interval of ``values`` along ``axis``.

    Returns ``{"mean": m, "ci": [low, high]}`` (``ci`` is ``None`` with fewer than two
    values; a zero-width interval when all values are equal).

    >>> interval(np.array([1.0, 2.0, 3.0]), 0.95)  # doctest: +ELLIPSIS
    {'mean': 2.0, 'ci': [-0.48..., 4.48...]}
    """
    from scipy import stats

    v = np.asarray(values, dtype=float)
    n = v.shape[axis]
    mean = v.mean(axis=axis)
    if n < 2:
        return {"mean": _plain(mean), "ci": None}
    sem = v.std(axis=axis, ddof=1) / np.sqrt(n)
    half = stats.t.ppf(0.5 + confidence / 2, n - 1) * sem
    return {"mean": _plain(mean), "ci": [_plain(mean - half), _plain(mean + half)]}


def _plain(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return [float(v) for v in x.ravel()] if x.ndim else float(x)
    return float(x)


def _noise_dict(model: DynamicsModel) -> dict[str, Any]:
    return {
        "symmetric": model.noise.symmetric,
        "slip": {s: model.noise.slip.get(s, 0.0) for s in model.sides},
        "misperception": {s: model.noise.misperception.get(s, 0.0) for s in model.sides},
    }


def _horizon_dict(model: DynamicsModel) -> dict[str, Any]:
    h = model.horizon
    if h.continuation is None:
        return {"rounds": model.rounds}
    return {"continuation": h.continuation, "max_rounds": model.rounds}


def _settings(model: DynamicsModel) -> dict[str, Any]:
    return {
        "sides": list(model.sides),
        "horizon": _horizon_dict(model),
        "noise": _noise_dict(model),
        "repetitions": model.analysis.repetitions,
        "seed": model.analysis.seed,
        "confidence": model.analysis.confidence,
    }


class _Pairs:
    """The ordered product of the two sides' candidates, with each pair's stream key."""

    def __init__(self, model: DynamicsModel, rules: Rules, mirror: bool = True) -> None:
        self.model = model
        self.names = [model.candidates(0), model.candidates(1)]
        self.strategies = [
            [make_strategy(n, model.payoffs(s), model.parameters) for n in self.names[s]]
            for s in (0, 1)
        ]
        n0, n1 = len(self.names[0]), len(self.names[1])
        self.all = [(i, j) for i in range(n0) for j in range(n1)]
        # With the sides interchangeable, (j, i) is (i, j) seen from the other side.
        self.mirrored = mirror and rules.symmetric and self.names[0] == self.names[1]
        self.played = [(i, j) for i, j in self.all if not self.mirrored or i <= j]

    def key(self, i: int, j: int) -> int:
        return i * len(self.names[1]) + j

    def simulate(self, rules: Rules, *, stream: int, **kw: Any) -> Simulation:
        m = self.model
        return simulate(
            [(self.strategies[0][i], self.strategies[1][j]) for i, j in self.played],
            rules,
            rounds=m.rounds,
            repetitions=m.analysis.repetitions,
            seed=m.analysis.seed,
            stream=stream,
            keys=[self.key(i, j) for i, j in self.played],
            continuation=m.horizon.continuation,
            **kw,
        )

    def work(self) -> float:
        """Estimated work of :meth:`simulate` (match-rounds)."""
        m = self.model
        library = sum(not _native(self.strategies[0][i], self.strategies[1][j])
                      for i, j in self.played)
        return simulation_work(len(self.played) - library, library, m.analysis.repetitions,
                               m.rounds, m.horizon.continuation)

    def expand(self, per_played: np.ndarray, sided: bool) -> np.ndarray:
        """Per-pair arrays over :attr:`all`; mirrored pairs get the sides swapped."""
        where = {pair: k for k, pair in enumerate(self.played)}
        out = []
        for i, j in self.all:
            if (i, j) in where:
                out.append(per_played[where[(i, j)]])
            else:
                v = per_played[where[(j, i)]]
                out.append(v[..., ::-1] if sided else v)
        return np.stack(out)

    def engine(self, sim: Simulation) -> list[str]:
        where = {pair: k for k, pair in enumerate(self.played)}
        return [sim.engines[where[(i, j) if (i, j) in where else (j, i)]] for i, j in self.all]

    def policies(self, i: int, j: int) -> dict[str, str]:
        s0, s1 = self.model.sides
        return {s0: self.names[0][i], s1: self.names[1][j]}


# -- match --------------------------------------------------------------------------------------
@dataclass
class MatchResult:
    """One match, round by round.

    Arrays are ``(rounds, 2)`` (side last): ``cooperated`` (moves as made), ``intended``,
    ``perceived`` (what each side saw the other do), ``payoffs``; ``events``: the rounds where
    noise struck, as ``(round (1-based), side index, kind)``.
    """

    sides: list[str]
    policies: tuple[str, str]
    engine: str
    cooperated: np.ndarray
    intended: np.ndarray
    perceived: np.ndarray
    payoffs: np.ndarray
    events: list[tuple[int, int, str]]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def rounds(self) -> int:
        """Rounds played."""
        return int(self.cooperated.shape[0])

    @property
    def outcomes(self) -> dict[str, int]:
        """Rounds of each outcome, first side's move first: CC, CD, DC, DD."""
        c = self.cooperated
        return {
            "CC": int(np.sum(c[:, 0] & c[:, 1])), "CD": int(np.sum(c[:, 0] & ~c[:, 1])),
            "DC": int(np.sum(~c[:, 0] & c[:, 1])), "DD": int(np.sum(~c[:, 0] & ~c[:, 1])),
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/dynamics.md, "matches")."""
        s0, s1 = self.sides

        def moves(a: np.ndarray) -> dict[str, str]:
            return {s: "".join("C" if m else "D" for m in a[:, k])
                    for k, s in enumerate(self.sides)}

        n = max(1, self.rounds)
        return {
            "policies": {s0: self.policies[0], s1: self.policies[1]},
            "engine": self.engine,
            "rounds": self.rounds,
            "moves": moves(self.cooperated),
            "intended": moves(self.intended),
            "perceived": moves(self.perceived),
            "payoffs": {s: [float(x) for x in self.payoffs[:, k]]
                        for k, s in enumerate(self.sides)},
            "noise": [{"round": r, "side": self.sides[s], "kind": kind}
                      for r, s, kind in self.events],
            "mean_payoff": {s: float(self.payoffs[:, k].sum() / n)
                            for k, s in enumerate(self.sides)},
            "cooperation_rate": {s: float(self.cooperated[:, k].sum() / n)
                                 for k, s in enumerate(self.sides)},
            "outcomes": self.outcomes,
        }


def play_match(
    model: DynamicsModel,
    policies: Sequence[str] | None = None,
    *,
    repetition: int = 0,
) -> MatchResult:
    """One match between the sides' ``policies`` (default: their current ones).

    ``repetition`` picks which of the seeded matches to show (0 = the first).

    >>> from detente.model.dynamics import dynamics_from_data
    >>> m = dynamics_from_data({"sides": ["A", "B"], "horizon": {"rounds": 6}})
    >>> play_match(m, ["Tit For Tat", "Suspicious Tit For Tat"]).to_dict()["moves"]
    {'A': 'CDCDCD', 'B': 'DCDCDC'}
    """
    names = list(policies) if policies is not None else [model.current(0), model.current(1)]
    return _play_matches(model, [tuple(names)], repetition)[0]


def _match_setup(model: DynamicsModel, pairs: Sequence[Sequence[str]]
                 ) -> tuple[list[tuple[str, str]], list[tuple[Any, Any]]]:
    from detente.model.dynamics import resolve_policy

    named = [(resolve_policy(a), resolve_policy(b)) for a, b in pairs]
    strategies = [tuple(make_strategy(n[s], model.payoffs(s), model.parameters)
                        for s in (0, 1)) for n in named]
    return named, strategies  # type: ignore[return-value]


def _play_matches(model: DynamicsModel, pairs: Sequence[Sequence[str]], repetition: int = 0,
                  progress: Progress | None = None) -> list[MatchResult]:
    """The matches of several pairs of policies, simulated in one batch (each pair draws
    from its own stream, so a match is the same alone or in a batch)."""
    named, strategies = _match_setup(model, pairs)
    rules = Rules.from_model(model)
    sim = simulate(strategies, rules, rounds=model.rounds,
                   repetitions=repetition + 1, seed=model.analysis.seed, stream=_STREAM_MATCH,
                   keys=[_match_key(model, n) for n in named],
                   continuation=model.horizon.continuation, keep=True, progress=progress)
    if sim.play is None:  # keep=True asks for it
        raise RuntimeError("internal inconsistency: the match kept no play; please report "
                           "this as a bug")
    reps = repetition + 1
    out = []
    for k, n in enumerate(named):
        pl = sim.play
        part = Play(**{f: getattr(pl, f)[:, k * reps:(k + 1) * reps] for f in
                       ("cooperated", "intended", "perceived", "slipped", "misperceived")},
                    length=pl.length[k * reps:(k + 1) * reps])
        out.append(_match_from_play(model, n, sim.engines[k], part, repetition, rules))
    return out


def _matches_work(model: DynamicsModel) -> float:
    named, strategies = _match_setup(model, _match_pairs(model))
    library = sum(not _native(a, b) for a, b in strategies)
    return simulation_work(len(named) - library, library, 1, model.rounds,
                           model.horizon.continuation)


def _match_key(model: DynamicsModel, names: Sequence[str]) -> int:
    c0, c1 = model.candidates(0), model.candidates(1)
    if names[0] in c0 and names[1] in c1:
        return c0.index(names[0]) * len(c1) + c1.index(names[1])
    import zlib

    # Outside the candidates: a key of its own, from the names (stable across runs).
    return len(c0) * len(c1) + zlib.crc32("\x00".join(names).encode())


def _match_from_play(model: DynamicsModel, names: tuple[str, str], engine: str, pl: Play,
                     r: int, rules: Rules, shock: tuple[int, int] | None = None) -> MatchResult:
    n = int(pl.length[r])
    coop = pl.cooperated[:n, r]
    payoffs = pl.payoffs(rules.payoffs)[:n, r]
    # every (round, side) where noise struck: the slip (or shock) first, then the
    # misperception, in round order then side order
    rs, ss = np.nonzero(pl.slipped[:n, r])
    rm, sm = np.nonzero(pl.misperceived[:n, r])
    rnd = np.concatenate([rs, rm])
    side = np.concatenate([ss, sm])
    kind = np.concatenate([np.zeros(len(rs), np.int64), np.ones(len(rm), np.int64)])
    order = np.lexsort((kind, side, rnd))
    events: list[tuple[int, int, str]] = []
    for k in order:
        t, s_ = int(rnd[k]), int(side[k])
        if kind[k]:
            label = "misperception"
        else:
            label = "shock" if shock is not None and shock == (t, s_) else "slip"
        events.append((t + 1, s_, label))
    return MatchResult(
        sides=list(model.sides), policies=names, engine=engine, cooperated=coop,
        intended=pl.intended[:n, r], perceived=pl.perceived[:n, r], payoffs=payoffs,
        events=events, settings=_settings(model),
    )


def _match_pairs(model: DynamicsModel) -> list[tuple[str, str]]:
    c0, c1 = model.candidates(0), model.candidates(1)
    pairs = [(c0[0], c1[0])]
    pairs += [(a, c1[0]) for a in c0[1:]]
    pairs += [(c0[0], b) for b in c1[1:]]
    return list(dict.fromkeys(pairs))


def matches(model: DynamicsModel, progress: Progress | None = None) -> list[MatchResult]:
    """The current policies' match, then each alternative of either side against the other
    side's current policy (simulated in one batch)."""
    return _play_matches(model, _match_pairs(model), progress=progress)


# -- tournament ----------------------------------------------------------------------------------
@dataclass
class TournamentResult:
    """Every pair of candidates over the repetitions.

    ``pairs``: ``(i, j)`` indices into ``candidates[0]`` and ``candidates[1]``;
    ``mean_payoff`` and ``cooperation``: ``(pairs, repetitions, 2)``; ``mutual_cooperation``:
    ``(pairs, repetitions)``; ``engines``: "detente" or "axelrod" per pair.
    """

    sides: list[str]
    candidates: list[list[str]]
    pairs: list[tuple[int, int]]
    mean_payoff: np.ndarray
    cooperation: np.ndarray
    mutual_cooperation: np.ndarray
    engines: list[str]
    confidence: float
    settings: dict[str, Any] = field(default_factory=dict)

    def ranking(self, side: int) -> list[dict[str, Any]]:
        """The side's candidates by mean payoff against all of the other side's candidates
        (equal weights), best first."""
        rows = []
        for k, name in enumerate(self.candidates[side]):
            ks = [p for p, ij in enumerate(self.pairs) if ij[side] == k]
            rows.append({
                "policy": name,
                "mean_payoff": float(self.mean_payoff[ks, :, side].mean()),
                "cooperation_rate": float(self.cooperation[ks, :, side].mean()),
            })
        return sorted(rows, key=lambda r: -r["mean_payoff"])

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/dynamics.md, "tournament")."""
        s0, s1 = self.sides
        conf = self.confidence
        pairs = []
        for p, (i, j) in enumerate(self.pairs):
            pairs.append({
                "policies": {s0: self.candidates[0][i], s1: self.candidates[1][j]},
                "engine": self.engines[p],
                "mean_payoff": {s: interval(self.mean_payoff[p, :, k], conf)
                                for k, s in enumerate(self.sides)},
                "cooperation_rate": {s: interval(self.cooperation[p, :, k], conf)
                                     for k, s in enumerate(self.sides)},
                "mutual_cooperation": interval(self.mutual_cooperation[p], conf),
            })
        return {
            **self.settings,
            "candidates": {s0: self.candidates[0], s1: self.candidates[1]},
            "pairs": pairs,
            "ranking": {s: self.ranking(k) for k, s in enumerate(self.sides)},
        }


def tournament(model: DynamicsModel, progress: Progress | None = None) -> TournamentResult:
    """Every candidate of the first side against every candidate of the second.

    Notes
    -----
    When the sides are interchangeable (same payoffs, same errors, same candidates) only the
    pairs ``i <= j`` are simulated and ``(j, i)`` is read from ``(i, j)`` with the sides
    swapped, as in a round-robin tournament.
    """
    rules = Rules.from_model(model)
    pairs = _Pairs(model, rules)
    sim = pairs.simulate(rules, stream=_STREAM_TOURNAMENT, progress=progress)
    return TournamentResult(
        sides=list(model.sides),
        candidates=pairs.names,
        pairs=pairs.all,
        mean_payoff=pairs.expand(sim.mean_payoff, sided=True),
        cooperation=pairs.expand(sim.cooperation, sided=True),
        mutual_cooperation=pairs.expand(sim.mutual_cooperation, sided=False),
        engines=pairs.engine(sim),
        confidence=model.analysis.confidence,
        settings=_settings(model),
    )


# -- recovery ------------------------------------------------------------------------------------
@dataclass
class RecoveryResult:
    """Rounds to restore mutual cooperation after one spurious defection.

    ``before``: ``(pairs, repetitions)``, whether both sides cooperated in the round before
    the shock (only those matches count); ``rounds``: rounds from the shock to the first
    round of mutual cooperation after it, −1 if none came before the match ended;
    ``remaining``: rounds after the shock in each match.
    """

    sides: list[str]
    candidates: list[list[str]]
    pairs: list[tuple[int, int]]
    shock_round: int
    shocked_side: int
    before: np.ndarray
    rounds: np.ndarray
    remaining: np.ndarray
    engines: list[str]
    confidence: float
    settings: dict[str, Any] = field(default_factory=dict)
    within: int = 10

    def recovered_within(self, p: int, k: int | None = None) -> dict[str, Any] | None:
        """The share of pair ``p``'s matches that restore mutual cooperation within ``k``
        rounds of the shock (default: ``within``), as the Kaplan–Meier estimate (Kaplan &
        Meier 1958) with its confidence interval (Greenwood's formula, log-log).

        A match that ends before cooperation returns is *censored*: it says only that
        recovery took longer than the rounds that were left. With a fixed horizon every
        such match is censored after the same number of rounds and, for ``k`` below it, the
        estimate is the plain share of matches recovered within ``k``; with a random
        length (a continuation probability) short matches end early, and counting them as
        failures, or "never" as the few rounds left, would make the pair look slower or
        faster than it is. The recovery process does not depend on when the match ends
        (the policies do not know it), so the censoring is non-informative and the estimate
        is consistent. ``median``: the first round count by which the estimate reaches one
        half (``None`` if it never does). ``None`` when no match counts.
        """
        from scipy.stats import CensoredData, ecdf

        k = self.within if k is None else k
        ok = self.before[p]
        times = self.rounds[p][ok]
        remaining = self.remaining[p][ok]
        if times.size == 0:
            return None
        recovered = times >= 0
        if not recovered.any():
            return {"rounds": k, "share": 0.0, "ci": None, "median": None}
        data = CensoredData(uncensored=times[recovered].astype(float),
                            right=remaining[~recovered].astype(float))
        res = ecdf(data).cdf
        share = float(res.evaluate(k))
        # The median time: the first time by which the estimate reaches one half.
        reached = np.flatnonzero(res.probabilities >= 0.5 - 1e-12)
        median = float(res.quantiles[reached[0]]) if reached.size else None
        ci = None
        if times.size >= 2:
            # Undefined where the estimate is 0 or 1 (SciPy warns): no interval then.
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                band = res.confidence_interval(self.confidence, method="log-log")
                lo, hi = float(band.low.evaluate(k)), float(band.high.evaluate(k))
            if np.isfinite(lo) and np.isfinite(hi):
                ci = [max(0.0, lo), min(1.0, hi)]
        return {"rounds": k, "share": share, "ci": ci, "median": median}

    def summary(self, p: int) -> dict[str, Any]:
        """Statistics of pair ``p`` over the matches cooperating before the shock."""
        ok = self.before[p]
        n_total = self.before.shape[1]
        times = self.rounds[p][ok]
        remaining = self.remaining[p][ok]
        n = int(ok.sum())
        out: dict[str, Any] = {
            "cooperating_before": n / n_total if n_total else 0.0,
            "matches": n,
            "recovered": None, "never": None, "median_rounds": None,
            "mean_rounds": None, "restricted_mean_rounds": None, "recovered_within": None,
        }
        if n == 0:
            return out
        recovered = times >= 0
        out["recovered"] = float(recovered.mean())
        out["never"] = 1.0 - out["recovered"]
        # Median with "never" as +inf: defined when at least half recovered.
        never = np.iinfo(np.int64).max
        ordered = np.sort(np.where(recovered, times, never))
        middle = ordered[(n - 1) // 2:n // 2 + 1]  # one value (n odd) or two (n even)
        out["median_rounds"] = None if middle[-1] == never else float(middle.mean())
        if recovered.any():
            out["mean_rounds"] = interval(times[recovered], self.confidence)
        out["restricted_mean_rounds"] = interval(np.where(recovered, times, remaining),
                                                 self.confidence)
        out["recovered_within"] = self.recovered_within(p)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/dynamics.md, "recovery")."""
        s0, s1 = self.sides
        return {
            **self.settings,
            "shock_round": self.shock_round,
            "shocked_side": self.sides[self.shocked_side],
            "pairs": [
                {"policies": {s0: self.candidates[0][i], s1: self.candidates[1][j]},
                 "engine": self.engines[p], **self.summary(p)}
                for p, (i, j) in enumerate(self.pairs)
            ],
        }


def recovery(model: DynamicsModel, progress: Progress | None = None) -> RecoveryResult:
    """After one spurious defection, how long until mutual cooperation returns.

    In round ``model.shock_round`` the ``model.shocked_side``'s move comes out as a
    defection whatever it intended (a slip: that side knows it), with the model's noise
    going on as usual. Only matches in which both sides cooperated in the round before count;
    the recovery time is the number of rounds from the shock to the next round of mutual
    cooperation. Tit For Tat answers the slip with an echo of alternating defections that
    only another error ends; generous and contrite policies end it in a few rounds
    (Molander 1985; Wu & Axelrod 1995).
    """
    rules = Rules.from_model(model)
    # A shock on one side breaks the symmetry between sides: play every ordered pair.
    pairs = _Pairs(model, rules, mirror=False)
    t0 = model.shock_round - 1
    side = model.sides.index(model.shocked_side)

    def reducer(pl: Play) -> dict[str, np.ndarray]:
        active = pl.active
        mutual = pl.cooperated[..., 0] & pl.cooperated[..., 1] & active
        reached = pl.length > t0
        before = reached & mutual[t0 - 1] if t0 >= 1 else reached
        after = mutual[t0 + 1:]
        found = after.any(axis=0)
        first = np.argmax(after, axis=0) + 1
        return {
            "before": before,
            "rounds": np.where(found, first, -1).astype(np.int64),
            "remaining": np.maximum(pl.length - t0 - 1, 0).astype(np.int64),
        }

    sim = pairs.simulate(rules, stream=_STREAM_RECOVERY, shock=(t0, side), reducer=reducer,
                         progress=progress)
    return RecoveryResult(
        sides=list(model.sides), candidates=pairs.names, pairs=pairs.all,
        shock_round=model.shock_round, shocked_side=side,
        before=sim.extra["before"], rounds=sim.extra["rounds"],
        remaining=sim.extra["remaining"], engines=sim.engines,
        confidence=model.analysis.confidence, settings=_settings(model),
        within=model.analysis.recovery.within,
    )


# -- sweep ---------------------------------------------------------------------------------------
@dataclass
class SweepResult:
    """Cooperation as the noise grows.

    ``kind``: which error is varied for both sides ("noise": the symmetric noise, combined
    with any per-side slips; "slip"; "misperception"); ``levels``; ``cooperation``:
    ``(levels, pairs, repetitions, 2)``; ``exact``: ``(levels, pairs, 2)`` exact Markov
    expectations over the horizon where both policies are memory-one (NaN elsewhere).
    """

    sides: list[str]
    candidates: list[list[str]]
    pairs: list[tuple[int, int]]
    kind: str
    levels: list[float]
    cooperation: np.ndarray
    exact: np.ndarray
    engines: list[str]
    confidence: float
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/dynamics.md, "sweep")."""
        s0, s1 = self.sides
        out_pairs = []
        for p, (i, j) in enumerate(self.pairs):
            points = []
            for li, level in enumerate(self.levels):
                both = self.cooperation[li, p].mean(axis=-1)
                ex = self.exact[li, p]
                points.append({
                    "level": level,
                    "cooperation_rate": interval(both, self.confidence),
                    "by_side": {s: float(self.cooperation[li, p, :, k].mean())
                                for k, s in enumerate(self.sides)},
                    "exact": None if np.isnan(ex).any() else float(ex.mean()),
                })
            out_pairs.append({
                "policies": {s0: self.candidates[0][i], s1: self.candidates[1][j]},
                "engine": self.engines[p],
                "points": points,
            })
        return {**self.settings, "kind": self.kind, "levels": list(self.levels),
                "pairs": out_pairs}


def _with_level(model: DynamicsModel, kind: str, level: float) -> DynamicsModel:
    if kind == "noise":
        return model.with_overrides(noise=level)
    values = dict.fromkeys(model.sides, level)
    if kind == "slip":
        return model.with_overrides(slip=values)
    return model.with_overrides(misperception=values)


def noise_sweep(model: DynamicsModel, levels: Sequence[float] | None = None,
                kind: str | None = None, progress: Progress | None = None) -> SweepResult:
    """Cooperation rate of every pair at each noise level (default: the model's sweep).

    Every level uses the same random numbers (common random numbers), so differences between
    levels are due to the noise, not to sampling.
    """
    kind = kind or model.analysis.sweep.kind
    levels = list(levels if levels is not None else model.analysis.sweep.levels)
    base_pairs = _Pairs(model, Rules.from_model(model))
    n_levels, n_pairs, reps = len(levels), len(base_pairs.all), model.analysis.repetitions
    cooperation = np.zeros((n_levels, n_pairs, reps, 2))
    exact = np.full((n_levels, n_pairs, 2), np.nan)
    engines: list[str] = []
    for li, level in enumerate(levels):
        m = _with_level(model, kind, level)
        rules = Rules.from_model(m)
        pairs = _Pairs(m, rules)
        sim = pairs.simulate(rules, stream=_STREAM_TOURNAMENT, progress=progress)
        cooperation[li] = pairs.expand(sim.cooperation, sided=True)
        engines = pairs.engine(sim)
        for p, (i, j) in enumerate(pairs.all):
            a = memory_one_spec(pairs.strategies[0][i])
            b = memory_one_spec(pairs.strategies[1][j])
            if a is not None and b is not None and m.horizon.continuation is None:
                out = expected_outcomes(a, b, slip=rules.slip,
                                        misperception=rules.misperception, rounds=m.rounds)
                exact[li, p] = out.cooperation
    return SweepResult(
        sides=list(model.sides), candidates=base_pairs.names, pairs=base_pairs.all,
        kind=kind, levels=levels, cooperation=cooperation, exact=exact, engines=engines,
        confidence=model.analysis.confidence, settings=_settings(model),
    )


def _sweep_work(model: DynamicsModel) -> float:
    kind = model.analysis.sweep.kind
    total = 0.0
    for level in model.analysis.sweep.levels:
        m = _with_level(model, kind, level)
        total += _Pairs(m, Rules.from_model(m)).work()
    return total


def analysis_work(model: DynamicsModel, name: str) -> float:
    """Estimated work of one analysis (as :func:`run_analysis` runs it), in match-rounds:
    rounds × (matches + a per-round overhead) per batch of native policies, and each round of
    a match played through the Axelrod library at its own, higher cost (see
    :func:`~detente.dynamics.engine.simulation_work`). The Richardson model costs nothing
    here (a closed form).

    >>> from detente.model.dynamics import DynamicsModel
    >>> m = DynamicsModel.default()  # 200 rounds, 100 repetitions, ten policies a side
    >>> analysis_work(m, "tournament") == 200 * (800 + 55 * 100)  # 55 pairs: one batch
    True
    """
    if name == "match":
        return _matches_work(model)
    if name in ("tournament", "recovery"):
        rules = Rules.from_model(model)
        return _Pairs(model, rules, mirror=name == "tournament").work()
    if name == "sweep":
        return _sweep_work(model)
    return 0.0


def check_work(model: DynamicsModel, names: Sequence[str], max_work: float | None = None
               ) -> dict[str, float]:
    """The work of each analysis of ``names``; :class:`~detente.model.errors.ModelError`
    at once when their sum is above ``max_work`` (default :data:`WORK_LIMIT`), with the
    estimate, what drives it and what to do."""
    from detente.model.errors import ModelError

    works = {n: analysis_work(model, n) for n in names}
    total = sum(works.values())
    limit = WORK_LIMIT if max_work is None else max_work
    if total > limit:
        worst = max(works, key=works.__getitem__)
        h = model.horizon
        length = (f"{model.rounds:,} rounds per match" if h.continuation is None else
                  f"matches cut at {model.rounds:,} rounds (continuation {h.continuation:.12g})")
        raise ModelError(
            f"these analyses would simulate about {total:.2g} match-rounds (about "
            f"{_duration(total)} here; most in {worst}), above the limit of {limit:.2g}: "
            f"{length}, {model.analysis.repetitions:,} repetitions, "
            f"{len(model.candidates(0))} × {len(model.candidates(1))} policies. Use fewer "
            "rounds (--rounds, or a lower continuation / max_rounds), fewer repetitions "
            "(--repetitions) or policies, fewer analyses (--analyses), or raise the limit "
            "with --max-work",
            field="dynamics",
        )
    return works


def _duration(work: float) -> str:
    seconds = work * 125e-9  # one match-round on the 2-core development machine
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:,.0f} days"


def run_analysis(model: DynamicsModel, name: str, progress: Progress | None = None) -> Any:
    """Run one analysis of a ``dynamics:`` section by its name (``match``, ``tournament``,
    ``recovery``, ``sweep`` or ``richardson``, as in ``--analyses``). ``progress`` is
    called now and then with the work done since the last call (match-rounds; the total is
    :func:`analysis_work`). Refuse work above the limit first with :func:`check_work`."""
    from detente.dynamics.richardson import analyse_richardson

    if name == "richardson":
        return analyse_richardson(model)
    runners: dict[str, Callable[..., Any]] = {
        "match": matches, "tournament": tournament, "recovery": recovery, "sweep": noise_sweep}
    return runners[name](model, progress=progress)


def _native(a: Any, b: Any) -> bool:
    from detente.dynamics.policies import Policy

    return isinstance(a, Policy) and isinstance(b, Policy)
