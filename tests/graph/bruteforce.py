"""A brute-force reference implementation of the graph model, for testing the engine.

Everything here follows the textbook definitions literally (Fang, Hipel & Kilgour 1993,
*Interactive Decision Making: The Graph Model for Conflict Resolution*; Fraser & Hipel 1984
for simultaneous sanctioning; Li, Kilgour & Hipel 2005 for reachability from the status quo),
state by state, with plain Python sets and loops and no attempt at speed. It shares no code
with ``detente.graph``: only the model classes and ``Formula.evaluate`` are used.

States are decimals: bit ``k`` is option ``k`` (pattern character ``k`` is ``Y`` when set).

Definitions used (H = every decision maker but i; a *sanction* of i's move from s is a state
s2 with P_i(s2) <= P_i(s)):

- unilateral move of i from s: a feasible s' != s differing from s only in i's options, each
  changed option moving in a permitted direction, with neither s nor s' misperceived by i;
- unilateral improvement (UI): a unilateral move to a strictly preferred state;
- R_H(s): states reached from s by one or more unilateral moves of members of H, no DM
  moving twice in a row (a breadth-first search over (state, last mover) pairs); R_H^+(s):
  the same with every move a UI for its mover;
- Nash: no UI. GMR: every UI s1 has a sanction in R_H(s1). SMR: as GMR, with a sanction s2
  from which no unilateral move of i reaches a state above P_i(s). SEQ: as GMR with R_H^+.
  SSEQ (Rêgo & Vieira 2017): as SEQ, with a sanction s2 from which no unilateral move of i
  reaches a state above P_i(s). FSEQ: as SEQ, every move of the sanction *credible*: a UI of
  its mover j from x to y such that no DM has a UI from y to a state j ranks below x (a
  move that is not credible is *self-defeating*);
  SIM: every UI s1 is sanctioned by the others acting at the same moment, each staying or
  taking one of its own UIs from s (the combined state must be feasible; nothing else is
  asked of it). SEQ&SIM: SEQ-stable or SIM-stable (Fraser & Hipel's combination).

Payoffs are dense ranks over the feasible states, 1 for the least preferred: statements
score Σ 2^(k−j) over the satisfied statements j = 1..k (most important first); ranking tiers
count down from the best; payoff numbers are ranked as they are.

>>> from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking
>>> pd = Conflict(
...     options=(Option("a", owner=0), Option("b", owner=1)),
...     decision_makers=(DecisionMaker("A", (0,)), DecisionMaker("B", (1,))),
...     preferences=(
...         Ranking((("NY",), ("YY",), ("NN",), ("YN",))),
...         Ranking((("YN",), ("YY",), ("NN",), ("NY",))),
...     ),
... )
>>> result = brute_force(pd)
>>> result.patterns(result.equilibria["nash"]), result.patterns(result.equilibria["gmr"])
(['NN'], ['NN', 'YY'])
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from detente.model.conflict import Conflict, Option, Payoffs, Ranking, Statements
from detente.model.formula import Formula, Var

__all__ = [
    "CONCEPTS",
    "BruteResult",
    "brute_force",
    "holds",
    "feasible_states",
    "feasible_states_of",
    "dense_ranks",
    "payoff_ranks",
    "misperceived",
    "unilateral_moves",
    "EXTRA_CONCEPTS",
    "answers",
    "credible",
    "lock",
    "out_of_reach",
    "reachable",
    "reachable_paths",
    "pattern",
]

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
#: Concepts the oracle also computes (not in GMCR+'s reference outputs).
EXTRA_CONCEPTS = ("sseq", "fseq")


def pattern(decimal: int, n_options: int) -> str:
    """The Y/N pattern of a decimal state: character k is ``Y`` when bit k is set."""
    return "".join("Y" if (decimal >> k) & 1 else "N" for k in range(n_options))


def holds(formula: Formula, state: int, option_ids: Sequence[str]) -> bool:
    """Whether ``formula`` is true in ``state`` (option ``k`` taken iff bit ``k`` set)."""
    index = {oid: k for k, oid in enumerate(option_ids)}

    def atom(a: Formula) -> bool:
        assert isinstance(a, Var), f"unexpected atom {a!r}"
        return bool((state >> index[a.name]) & 1)

    return bool(formula.evaluate(atom))


def feasible_states_of(
    options: Sequence[Option],
    infeasible: Iterable[Formula] = (),
    exclusive: Iterable[Sequence[int]] = (),
    exactly_one: Iterable[Sequence[int]] = (),
) -> list[int]:
    """Every state (in increasing decimal order) that satisfies no infeasibility formula,
    has at most one option taken in each ``exclusive`` group and exactly one in each
    ``exactly_one`` group."""
    ids = [o.id for o in options]
    infeasible, exclusive, exactly_one = list(infeasible), list(exclusive), list(exactly_one)
    out = []
    for s in range(2 ** len(ids)):
        if any(holds(f, s, ids) for f in infeasible):
            continue
        if any(sum((s >> k) & 1 for k in grp) > 1 for grp in exclusive):
            continue
        if any(sum((s >> k) & 1 for k in grp) != 1 for grp in exactly_one):
            continue
        out.append(s)
    return out


def feasible_states(conflict: Conflict) -> list[int]:
    """The feasible states of ``conflict``, in increasing decimal order."""
    return feasible_states_of(
        conflict.options, conflict.infeasible, conflict.exclusive, conflict.exactly_one
    )


def dense_ranks(values: dict[int, float]) -> dict[int, int]:
    """Dense ranks of the values, 1 for the smallest: equal values share a rank, no gaps."""
    distinct = sorted(set(values.values()))
    rank_of = {v: r for r, v in enumerate(distinct, start=1)}
    return {s: rank_of[v] for s, v in values.items()}


def _state_key(conflict: Conflict, key: str | int) -> int:
    return conflict.decimal(key) if isinstance(key, str) else int(key)


def _raw_values(conflict: Conflict, dm: int, feasible: list[int]) -> dict[int, float]:
    """One number per feasible state, higher preferred, before dense ranking."""
    spec = conflict.preferences[dm]
    ids = conflict.option_ids
    if isinstance(spec, Statements):
        k = len(spec.statements)
        return {
            s: sum(
                2 ** (k - j)
                for j, st in enumerate(spec.statements, start=1)
                if holds(st.formula, s, ids)
            )
            for s in feasible
        }
    if isinstance(spec, Ranking):
        value: dict[int, float] = {}
        n_tiers = len(spec.tiers)
        for t, tier in enumerate(spec.tiers):  # best tier first
            for item in tier:
                if spec.numbering == "feasible":
                    if not (isinstance(item, int) and 1 <= item <= len(feasible)):
                        raise ValueError(f"{item!r} is not a feasible-state number")
                    s = feasible[item - 1]
                else:
                    s = _state_key(conflict, item)
                if s in value:
                    raise ValueError(f"state {pattern(s, len(ids))} is ranked twice")
                value[s] = n_tiers - t
        missing = [s for s in feasible if s not in value]
        if missing:
            raise ValueError(f"the ranking leaves out feasible states {missing}")
        return {s: value[s] for s in feasible}  # infeasible states listed are ignored
    if isinstance(spec, Payoffs):
        value = {_state_key(conflict, key): v for key, v in spec.values.items()}
        missing = [s for s in feasible if s not in value]
        if missing:
            raise ValueError(f"the payoffs leave out feasible states {missing}")
        return {s: value[s] for s in feasible}
    raise TypeError(f"unknown preference specification {spec!r}")


def payoff_ranks(conflict: Conflict, feasible: list[int] | None = None) -> list[dict[int, int]]:
    """Per decision maker (by index), the dense rank of every feasible state (1 = worst)."""
    feasible = feasible_states(conflict) if feasible is None else feasible
    return [
        dense_ranks(_raw_values(conflict, i, feasible))
        for i in range(len(conflict.decision_makers))
    ]


def misperceived(conflict: Conflict, dm: int, state: int) -> bool:
    """Whether decision maker ``dm`` misperceives ``state`` (then it cannot move from or to it)."""
    if not conflict.misperceptions:
        return False
    f = conflict.misperceptions[dm]
    return f is not None and holds(f, state, conflict.option_ids)


def unilateral_moves(conflict: Conflict, feasible: Iterable[int], dm: int, state: int) -> list[int]:
    """R_i(s): every legal unilateral move of ``dm`` from ``state``, in decimal order."""
    feasible_set = feasible if isinstance(feasible, set | frozenset) else set(feasible)
    if state not in feasible_set or misperceived(conflict, dm, state):
        return []
    own = conflict.decision_makers[dm].options
    out = []
    for values in itertools.product((0, 1), repeat=len(own)):  # every setting of i's options
        target = state
        legal = True
        for k, v in zip(own, values, strict=True):
            before = (state >> k) & 1
            direction = conflict.options[k].direction
            if v != before and direction == "forward" and before == 1:
                legal = False  # a forward-only option cannot go Y -> N
            if v != before and direction == "backward" and before == 0:
                legal = False  # a backward-only option cannot go N -> Y
            target = target | (1 << k) if v else target & ~(1 << k)
        if (
            legal
            and target != state
            and target in feasible_set
            and not misperceived(conflict, dm, target)
        ):
            out.append(target)
    return sorted(out)


@dataclass
class BruteResult:
    """Everything :func:`brute_force` computes; states are decimals, DMs are names.

    ``moves[i][s]`` is R_i(s) for DM index ``i``; ``rank[i]`` is DM ``i``'s dense ranks.
    """

    conflict: Conflict
    feasible: list[int]
    payoffs: dict[str, dict[int, int]]
    stability: dict[str, dict[str, list[int]]]
    equilibria: dict[str, list[int]]
    moves: list[dict[int, list[int]]]
    rank: list[dict[int, int]]

    def pattern(self, state: int) -> str:
        return pattern(state, self.conflict.n_options)

    def patterns(self, states: Iterable[int]) -> list[str]:
        return [self.pattern(s) for s in states]

    def stability_patterns(self) -> dict[str, dict[str, list[str]]]:
        return {
            c: {dm: self.patterns(states) for dm, states in per_dm.items()}
            for c, per_dm in self.stability.items()
        }

    def equilibria_patterns(self) -> dict[str, list[str]]:
        return {c: self.patterns(states) for c, states in self.equilibria.items()}

    def improvements(self, dm: int, state: int) -> list[int]:
        """R_i^+(s) for DM index ``dm``."""
        return [t for t in self.moves[dm][state] if self.rank[dm][t] > self.rank[dm][state]]

    def credible(self, dm: int, state: int) -> list[int]:
        """The credible moves of ``dm`` from ``state`` (see :func:`credible`)."""
        return [t for t in self.improvements(dm, state) if credible(self, dm, state, t)]


def answers(result: BruteResult, j: int, x: int, y: int) -> list[tuple[int, int]]:
    """Every unilateral improvement (k, z) of any DM k from y to a state z that DM j ranks
    below x: what makes j's move from x to y self-defeating, in (k, decimal) order."""
    n = len(result.rank)
    return [(k, z) for k in range(n) for z in result.improvements(k, y)
            if result.rank[j][z] < result.rank[j][x]]


def credible(result: BruteResult, j: int, x: int, y: int) -> bool:
    """Whether j's move x -> y is credible: a unilateral improvement of j that no DM can
    answer at once with an improvement to a state j ranks below x."""
    return (y in result.moves[j][x] and result.rank[j][y] > result.rank[j][x]
            and not answers(result, j, x, y))


def lock(conflict: Conflict, state: int) -> list[int]:
    """The irreversible options at the value they can never leave in ``state``: forward-only
    options taken, backward-only options not taken (option indices, increasing)."""
    out = []
    for k, o in enumerate(conflict.options):
        taken = (state >> k) & 1
        if (o.direction == "forward" and taken) or (o.direction == "backward" and not taken):
            out.append(k)
    return out


def out_of_reach(conflict: Conflict, feasible: Iterable[int], state: int) -> list[int]:
    """The feasible states that disagree with ``state`` on one of its locked options."""
    locked = lock(conflict, state)
    return [t for t in feasible if any(((t ^ state) >> k) & 1 for k in locked)]


def _dm_indices(conflict: Conflict, movers: Iterable[int | str]) -> list[int]:
    return sorted({conflict.dm_index(m) if isinstance(m, str) else int(m) for m in movers})


def reachable_paths(
    conflict: Conflict,
    result: BruteResult,
    start: int,
    movers: Iterable[int | str],
    improving: bool | str = False,
) -> dict[int, list[tuple[int, int]]]:
    """One shortest legal sequence of moves from ``start`` to every state in R_H(start).

    H is ``movers`` (DM indices or names). A sequence has one or more unilateral moves of
    members of H, no DM moving twice in a row; with ``improving`` every move is a UI for its
    mover, and with ``improving="credible"`` a credible move. Breadth-first search over
    (state, last mover) pairs. Each path is a list of
    ``(mover index, state reached)``. ``start`` itself is included only if a sequence
    returns to it.
    """
    H = _dm_indices(conflict, movers)
    paths: dict[int, list[tuple[int, int]]] = {}
    seen = {(start, None)}
    queue = deque([(start, None, [])])
    while queue:
        state, last, path = queue.popleft()
        for j in H:
            if j == last:
                continue
            if improving == "credible":
                targets = result.credible(j, state)
            elif improving:
                targets = result.improvements(j, state)
            else:
                targets = result.moves[j][state]
            for t in targets:
                if (t, j) in seen:
                    continue
                seen.add((t, j))
                new_path = path + [(j, t)]
                paths.setdefault(t, new_path)  # breadth first: the first path is shortest
                queue.append((t, j, new_path))
    return paths


def reachable(
    conflict: Conflict,
    result: BruteResult,
    start: int,
    movers: Iterable[int | str],
    improving: bool | str = False,
) -> dict[int, int]:
    """R_H(start) (or R_H^+ with ``improving``) with the fewest moves to reach each state."""
    paths = reachable_paths(conflict, result, start, movers, improving)
    return {s: len(p) for s, p in sorted(paths.items())}


def _stable_for(conflict: Conflict, r: BruteResult, i: int, s: int, reach) -> dict[str, bool]:
    """Stability of state ``s`` for DM ``i`` under every concept."""
    P = r.rank[i]
    others = [j for j in range(len(conflict.decision_makers)) if j != i]
    uis = r.improvements(i, s)

    def sanction(s2: int) -> bool:
        return P[s2] <= P[s]

    def inescapable(s2: int) -> bool:
        return all(P[s3] <= P[s] for s3 in r.moves[i][s2])

    nash = not uis
    gmr = all(any(sanction(s2) for s2 in reach(i, s1, False)) for s1 in uis)
    smr = all(
        any(sanction(s2) and inescapable(s2) for s2 in reach(i, s1, False)) for s1 in uis
    )
    seq = all(any(sanction(s2) for s2 in reach(i, s1, True)) for s1 in uis)
    sseq = all(
        any(sanction(s2) and inescapable(s2) for s2 in reach(i, s1, True)) for s1 in uis
    )
    fseq = all(any(sanction(s2) for s2 in reach(i, s1, "credible")) for s1 in uis)

    # SIM: each other DM stays (None) or takes one of its own UIs from s, simultaneously.
    choices = [[None] + r.improvements(j, s) for j in others]
    own_mask = [sum(1 << k for k in dm.options) for dm in conflict.decision_makers]
    feasible_set = set(r.feasible)

    def combined(s1: int, picks: Sequence[int | None]) -> int:
        out = s1  # i's options as in s1, everyone else's as in s (unchanged by i's move)
        for j, pick in zip(others, picks, strict=True):
            if pick is not None:
                out = (out & ~own_mask[j]) | (pick & own_mask[j])
        return out

    sim = all(
        any(
            combined(s1, picks) in feasible_set and sanction(combined(s1, picks))
            for picks in itertools.product(*choices)
        )
        for s1 in uis
    )
    return {"nash": nash, "gmr": gmr, "smr": smr, "seq": seq, "sim": sim, "seqsim": seq or sim,
            "sseq": sseq, "fseq": fseq}


def brute_force(conflict: Conflict) -> BruteResult:
    """Feasible states, dense-rank payoffs, stability per DM and equilibria, by enumeration."""
    feasible = feasible_states(conflict)
    ranks = payoff_ranks(conflict, feasible)
    n_dms = len(conflict.decision_makers)
    feasible_set = set(feasible)
    moves = [
        {s: unilateral_moves(conflict, feasible_set, i, s) for s in feasible} for i in range(n_dms)
    ]
    names = conflict.dm_names
    result = BruteResult(
        conflict=conflict,
        feasible=feasible,
        payoffs={names[i]: ranks[i] for i in range(n_dms)},
        stability={},
        equilibria={},
        moves=moves,
        rank=ranks,
    )

    memo: dict[tuple[int, int, bool | str], set[int]] = {}

    def reach(i: int, s1: int, improving: bool | str) -> set[int]:
        """R_H(s1) or R_H^+(s1) for H = all DMs but i (memoised)."""
        key = (i, s1, improving)
        if key not in memo:
            others = [j for j in range(n_dms) if j != i]
            memo[key] = set(reachable(conflict, result, s1, others, improving))
        return memo[key]

    every = CONCEPTS + EXTRA_CONCEPTS
    stability: dict[str, dict[str, list[int]]] = {c: {} for c in every}
    for i in range(n_dms):
        per_state = {s: _stable_for(conflict, result, i, s, reach) for s in feasible}
        for c in every:
            stability[c][names[i]] = [s for s in feasible if per_state[s][c]]
    result.stability = stability
    result.equilibria = {
        c: [s for s in feasible if all(s in stability[c][name] for name in names)]
        for c in every
    }
    return result
