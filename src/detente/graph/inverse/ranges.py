"""Ranking ranges: under which orders of part of each ranking is a target an equilibrium?

The inverse question of GMCR+ (Kinsara, Kilgour & Hipel 2015, "Inverse approach to the
graph model for conflict resolution", *IEEE Transactions on Systems, Man, and Cybernetics:
Systems* 45(5): 734–742): fix a target state s; for some decision makers (DMs), leave a
stretch of their ranking open. Each DM's ranking is its feasible states from most to least
preferred in *tie groups* (the groups its statements, ranking or payoffs imply); positions
count tie groups, 1 = most preferred. For a DM with range A..B, the groups at positions
A … B are put in every order (a tie group moves as a block), the others stay; a
*combination* picks one order per DM named. For every combination: is s an equilibrium
under Nash, GMR, SMR and SEQ (Fang, Hipel & Kilgour 1993; textbook legal sequences for any
number of DMs)? GMCR+ answers by analysing every combination; détente counts them without
enumerating (:mod:`detente.graph.inverse.profiles`): per DM for Nash, GMR and SMR, through
signatures for SEQ.

**Necessary conditions.** For a concept c, a relation x ≻_i y (DM i strictly prefers state
x to state y) is *necessary* when it holds in every combination under which s is a
c-equilibrium and fails in at least one combination (so it is not already fixed by the
parts of the ranking that do not vary). Only pairs of states in different groups of i's
range can qualify. When no combination makes s a c-equilibrium nothing can be derived, and
the list is empty (the count, 0, says so). For Nash, GMR and SMR the combinations making s
an equilibrium are a product over DMs, so a relation of DM i is necessary iff it holds in
every order of i's range under which s is stable for i; for SEQ iff it holds in every order
of i's range that takes part in some SEQ-stable combination (read from the signature sum).

Examples
--------
>>> import detente
>>> r = ranking_ranges(detente.load("prisoners-dilemma"), "YY",
...                    {"Prisoner 1": (1, 2), "Prisoner 2": (1, 2)})
>>> r.combinations, r.counts
(4, {'nash': 1, 'gmr': 4, 'smr': 4, 'seq': 4})
>>> [c.to_dict() for c in r.conditions["nash"]]  # doctest: +NORMALIZE_WHITESPACE
[{'dm': 'Prisoner 1', 'must_prefer': 'YY', 'to': ['NY']},
 {'dm': 'Prisoner 2', 'must_prefer': 'YY', 'to': ['YN']}]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.graph.analysis import CONCEPT_NAMES, parse_concepts
from detente.graph.inverse.local import TargetNeighbourhood, UnilateralMoves
from detente.graph.inverse.profiles import INVERSE_CONCEPTS, ProfileBatch
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict
from detente.model.errors import ModelError, did_you_mean

__all__ = ["Condition", "RangeCombination", "RangeResult", "ranking_ranges", "parse_vary",
           "inverse_concepts", "MAX_RANGE", "MAX_LIST"]

#: Most tie groups one DM's range may hold (8! = 40,320 orders).
MAX_RANGE = 8
#: Most combinations ``--list`` prints.
MAX_LIST = 10_000
#: Most rank values the orders of all DMs may hold at once (int32, about 400 MB).
_MAX_RANK_CELLS = 100_000_000


@dataclass(frozen=True)
class Condition:
    """A necessary strict preference: ``dm`` must prefer ``must_prefer`` to each of ``to``."""

    dm: str
    must_prefer: str
    to: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"dm": self.dm, "must_prefer": self.must_prefer, "to": list(self.to)}


@dataclass(frozen=True)
class RangeCombination:
    """One combination: each varied DM's whole ranking (tie groups, best first, states as
    patterns in increasing decimal order within a group) and the concepts under which the
    target is an equilibrium."""

    rankings: Mapping[str, tuple[tuple[str, ...], ...]]
    stable: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rankings": {dm: [list(g) for g in groups]
                             for dm, groups in self.rankings.items()},
                "stable": list(self.stable)}


@dataclass(frozen=True)
class RangeResult:
    """The answer of :func:`ranking_ranges` (``to_dict()`` is the CLI's JSON).

    The inverse question of the graph model: with a target state fixed and a stretch of
    some decision makers' rankings left open (the tie groups at positions A … B put in
    every order), under how many of the resulting preference combinations is the target an
    equilibrium, concept by concept, and which strict preferences must a decision maker
    hold for it to be one (*necessary conditions*: true in every combination that makes the
    target an equilibrium, false in some other).

    Attributes
    ----------
    target, vary:
        The state and each decision maker's open range of tie-group positions.
    combinations:
        How many preference combinations the ranges allow.
    counts:
        ``{concept: combinations under which the target is an equilibrium}``.
    conditions:
        ``{concept: necessary conditions}`` (:class:`Condition`: ``dm`` must prefer
        ``must_prefer`` to each state of ``to``).
    groups:
        Each decision maker's tie groups, most preferred first.
    rankings:
        The combinations one by one, when they were asked for (``--list``).

    References
    ----------
    Kinsara, R. A., Kilgour, D. M. and Hipel, K. W. (2015). Inverse approach to the graph
    model for conflict resolution. *IEEE Transactions on Systems, Man, and Cybernetics:
    Systems* 45(5): 734–742 (preference ranges and the conditions under which a desired
    state is an equilibrium). Fang, L., Hipel, K. W. and Kilgour, D. M. (1993).
    *Interactive Decision Making: The Graph Model for Conflict Resolution*. Wiley (Nash,
    GMR, SMR and SEQ).

    Examples
    --------
    In Chicken, leave the top three tie groups of each driver's ranking open: both swerving
    (NN) is a Nash equilibrium in 9 of the 36 combinations, exactly those in which each
    driver prefers it to driving straight alone.

    >>> import detente
    >>> r = detente.inverse("chicken", "NN", vary={"Driver A": (1, 3), "Driver B": (1, 3)})
    >>> r.combinations, r.counts
    (36, {'nash': 9, 'gmr': 36, 'smr': 16, 'seq': 9})
    >>> [c.to_dict() for c in r.conditions["nash"]]  # doctest: +NORMALIZE_WHITESPACE
    [{'dm': 'Driver A', 'must_prefer': 'NN', 'to': ['YN']},
     {'dm': 'Driver B', 'must_prefer': 'NN', 'to': ['NY']}]
    """

    target: str
    vary: Mapping[str, tuple[int, int]]
    combinations: int
    counts: Mapping[str, int]
    conditions: Mapping[str, tuple[Condition, ...]]
    rankings: tuple[RangeCombination, ...] | None = None
    groups: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "target": self.target,
            "vary": {dm: [a, b] for dm, (a, b) in self.vary.items()},
            "combinations": self.combinations,
            "counts": dict(self.counts),
            "conditions": {c: [x.to_dict() for x in v] for c, v in self.conditions.items()},
        }
        if self.rankings is not None:
            out["rankings"] = [r.to_dict() for r in self.rankings]
        return out


def inverse_concepts(concepts: Iterable[str] | str | None,
                     default: Iterable[str] = INVERSE_CONCEPTS) -> list[str]:
    """Validate concept names for an inverse analysis (nash, gmr, smr, seq)."""
    chosen = parse_concepts(concepts)
    if chosen is None:
        return list(default)
    bad = [c for c in chosen if c not in INVERSE_CONCEPTS]
    if bad:
        raise ModelError(f"an inverse analysis answers {', '.join(INVERSE_CONCEPTS)}; not "
                         f"{', '.join(CONCEPT_NAMES[c] for c in bad)}", field="--concepts")
    return chosen


def parse_vary(conflict: Conflict, text: str | Mapping[str, Any]) -> dict[int, tuple[int, int]]:
    """``"DM=A-B;DM2=C-D"`` (or a mapping name → (A, B)) → {DM index: (A, B)}."""
    items: list[tuple[str, Any]]
    if isinstance(text, Mapping):
        items = list(text.items())
    else:
        items = []
        parts = str(text).split(";")
        known = set(conflict.dm_names)
        q = 0
        while q < len(parts):
            # a name may itself hold ';': join parts until they name a decision maker
            part, q = parts[q], q + 1
            while q < len(parts) and ("=" not in part or
                                      part.rsplit("=", 1)[0].strip() not in known) and \
                    any(n.startswith(part.strip()) for n in known):
                part, q = part + ";" + parts[q], q + 1
            if not part.strip():
                continue
            if "=" not in part:
                raise ModelError(f"{part.strip()!r} is not DM=A-B (e.g. "
                                 f"\"{conflict.dm_names[0]}=1-4\")", field="--vary")
            name, rng = part.rsplit("=", 1)
            items.append((name.strip(), rng.strip()))
    if not items:
        raise ModelError("names no decision maker (e.g. "
                         f"\"{conflict.dm_names[0]}=1-4\")", field="--vary")
    out: dict[int, tuple[int, int]] = {}
    for name, rng in items:
        if name not in conflict.dm_names:
            raise ModelError(f"unknown decision maker {name!r}. "
                             f"{did_you_mean(name, conflict.dm_names)}", field="--vary")
        i = conflict.dm_index(name)
        if i in out:
            raise ModelError(f"{name!r} is named twice", field="--vary")
        if isinstance(rng, str):
            bits = rng.replace("..", "-").split("-")
            try:
                a, b = (int(bits[0]), int(bits[-1])) if len(bits) in (1, 2) else (0, -1)
            except ValueError:
                a, b = 0, -1
            if a == 0 and b == -1:
                raise ModelError(f"{name}={rng!r} is not a range of positions A-B "
                                 "(1 = most preferred tie group)", field="--vary")
        else:
            a, b = (int(x) for x in rng)
        out[i] = (a, b)
    return out


def ranking_ranges(conflict: Conflict, target: str | int,
                   vary: str | Mapping[str, Any], concepts: Iterable[str] | str | None = None,
                   *, list_first: int = 0, max_memory: int | None = None) -> RangeResult:
    """Count the combinations of orders of the varied ranges under which ``target`` is an
    equilibrium, per concept, with the necessary preference relations.

    Parameters
    ----------
    conflict:
        The model.
    target:
        The state (pattern or decimal).
    vary:
        ``"DM=A-B;DM2=C-D"`` or ``{"DM": (A, B)}``: tie-group positions, 1-based inclusive.
    concepts:
        Any of nash, gmr, smr, seq (default all four).
    list_first:
        Also list the first ``list_first`` combinations in enumeration order: DMs in model
        order, the first varying slowest; each DM's orders in lexicographic order of the
        original groups' positions (the first is the ranking as given).
    """
    chosen = inverse_concepts(concepts)
    if not 0 <= list_first <= MAX_LIST:
        raise ModelError(f"--list takes 0 … {MAX_LIST:,} combinations", field="--list")
    ranges = parse_vary(conflict, vary)
    space = StateSpace(conflict, max_memory=max_memory)
    moves = UnilateralMoves(space)
    s_dec = conflict.decimal(target) if isinstance(target, str) else int(target)
    s = moves.position(s_dec)
    n = space.n_dms
    P = payoff_ranks(space).reshape(n, -1)[:, space.feasible_index]
    names = conflict.dm_names
    tops = [int(P[k].max()) for k in range(n)]
    for k, (a, b) in ranges.items():
        if not 1 <= a <= b <= tops[k]:
            raise ModelError(
                f"{names[k]}={a}-{b} is out of bounds: {names[k]}'s ranking has "
                f"{tops[k]} tie group(s), so a range is A-B with 1 ≤ A ≤ B ≤ {tops[k]}",
                field="--vary")
        if b - a + 1 > MAX_RANGE:
            raise ModelError(
                f"{names[k]}={a}-{b} puts {b - a + 1} tie groups in every order "
                f"({math.factorial(b - a + 1):,} orders for {names[k]} alone); at most "
                f"{MAX_RANGE} positions per decision maker fit. Narrow the range",
                field="--vary")
    hood = TargetNeighbourhood(moves, s)
    cols = [hood.columns(k) for k in range(n)]
    cells = sum(math.factorial(b - a + 1) * len(cols[k]) for k, (a, b) in ranges.items())
    if cells > _MAX_RANK_CELLS:
        raise ModelError(
            f"the orders of the varied ranges need {cells:,} rank values over the states "
            f"around the target (limit {_MAX_RANK_CELLS:,}); narrow the ranges",
            field="--vary")
    groups = [(tops[k] - P[k]).astype(np.int64) for k in range(n)]  # 0 = most preferred
    perms: list[np.ndarray] = []
    ranks: list[np.ndarray] = []
    for k in range(n):
        a, b = ranges.get(k, (1, 1))
        r = b - a + 1
        perm = np.array(list(itertools.permutations(range(r))), dtype=np.int64).reshape(-1, r)
        inv = np.argsort(perm, axis=1)  # new position of each original group of the range
        perms.append(perm)
        g = groups[k][cols[k]]
        rk = np.broadcast_to((tops[k] - g).astype(np.int32), (len(perm), len(g))).copy()
        inside = (g >= a - 1) & (g <= b - 1)
        if r > 1 and inside.any():
            rk[:, inside] = (tops[k] - (a - 1 + inv[:, g[inside] - (a - 1)])).astype(np.int32)
        ranks.append(rk)
    batch = ProfileBatch(hood, ranks, cols)
    combos = math.prod(len(p) for p in perms)
    counts: dict[str, int] = {}
    stable_sets: dict[str, list[np.ndarray]] = {}
    seq = None
    for c in chosen:
        if c == "seq":
            seq = batch.seq()
            counts[c] = seq.count
            stable_sets[c] = seq.in_stable
        else:
            counts[c] = batch.counts(c)
            stable_sets[c] = [batch.verdicts[k][c] for k in range(n)]
    decs = space.feasible_decimals
    pats = conflict.patterns(decs)
    members = [[np.flatnonzero(groups[k] == g) for g in range(tops[k])] for k in range(n)]
    conditions: dict[str, tuple[Condition, ...]] = {}
    for c in chosen:
        found: list[Condition] = []
        if counts[c] > 0:
            for k, (a, _b) in sorted(ranges.items()):
                perm = perms[k]
                r = perm.shape[1]
                if r < 2:
                    continue
                inv = np.argsort(perm, axis=1)[stable_sets[c][k]]
                above = inv[:, :, None] < inv[:, None, :]  # (orders, u, v): u above v
                must = above.all(axis=0)
                for u in range(r):
                    lower = [v for v in range(r) if v != u and must[u, v]]
                    if not lower:
                        continue
                    to = np.sort(np.concatenate([members[k][a - 1 + v] for v in lower]))
                    for x in members[k][a - 1 + u]:
                        found.append(Condition(names[k], pats[x], tuple(pats[y] for y in to)))
        conditions[c] = tuple(found)
    rankings: tuple[RangeCombination, ...] | None = None
    if list_first:
        listed: list[RangeCombination] = []
        varied = sorted(ranges)
        for profile in itertools.product(*(range(len(p)) for p in perms)):
            if len(listed) >= list_first:
                break
            stable = []
            for c in chosen:
                if c == "seq":
                    ok = batch.seq_stable(list(profile))
                else:
                    ok = all(batch.verdicts[k][c][profile[k]] for k in range(n))
                if ok:
                    stable.append(c)
            ranking: dict[str, tuple[tuple[str, ...], ...]] = {}
            for k in varied:
                a, _b = ranges[k]
                order = list(range(tops[k]))
                perm = perms[k][profile[k]]
                order[a - 1 : a - 1 + len(perm)] = [a - 1 + int(p) for p in perm]
                ranking[names[k]] = tuple(tuple(pats[x] for x in members[k][g]) for g in order)
            listed.append(RangeCombination(ranking, tuple(stable)))
        rankings = tuple(listed)
    return RangeResult(
        target=conflict.pattern(s_dec),
        vary={names[k]: ranges[k] for k in sorted(ranges)},
        combinations=combos,
        counts=counts,
        conditions=conditions,
        rankings=rankings,
        groups={names[k]: tuple(tuple(pats[x] for x in members[k][g]) for g in range(tops[k]))
                for k in sorted(ranges)},
    )
