"""A brute-force reference for first-level hypergames (with second-level awareness).

Written from the definitions (Wang, Hipel & Fraser 1988, 1989), state by state with plain
Python sets, independent of ``detente.graph.hypergame``: each decision maker's perceived game
is built here by replacing preferences directly (not with ``Conflict.perceived_game``), and
analysed with the brute-force oracle of :mod:`tests.graph.bruteforce`.

- perceived game G_i: i's true preferences, DM j's preferences as i believes them (its true
  ones where i declares no belief);
- ``perceived[i][c]``: the equilibria of G_i; ``stable_in_own_game[i][c]``: the states stable
  for i in G_i; ``hyper[c]``: the states stable for every i in G_i;
- surprise: (c, s, i, j, t) with s in ``perceived[i][c]``, j != i, t a unilateral move of j
  from s that j truly prefers to s but that G_i does not rank above s for j;
- second level: for i with ``aware_of`` A, the states stable for i in G_i, for each j in A
  in G_j, and for every other DM in G_i.
"""

from __future__ import annotations

import dataclasses

from detente.model.conflict import Conflict
from tests.graph.bruteforce import BruteResult, brute_force

#: Every concept, in the order results are reported (surprises come concept by concept).
CONCEPTS = ("nash", "gmr", "smr", "seq", "sseq", "fseq", "sim", "seqsim")


def perceived(conflict: Conflict, i: int) -> Conflict:
    prefs = list(conflict.preferences)
    for per in conflict.perceptions:
        if per.perceiver == i:
            for j, spec in per.beliefs:
                prefs[j] = spec
    return dataclasses.replace(conflict, preferences=tuple(prefs), perceptions=())


def brute_hypergame(conflict: Conflict) -> dict:
    """Every quantity of a hypergame analysis, as decimals, for every concept."""
    names = conflict.dm_names
    n = len(names)
    truth = brute_force(dataclasses.replace(conflict, perceptions=()))
    games: list[BruteResult] = [brute_force(perceived(conflict, i)) for i in range(n)]
    out: dict = {
        "actual": {c: truth.equilibria[c] for c in CONCEPTS},
        "perceived": {names[i]: {c: g.equilibria[c] for c in CONCEPTS}
                      for i, g in enumerate(games)},
        "stable_in_own_game": {names[i]: {c: g.stability[c][names[i]] for c in CONCEPTS}
                               for i, g in enumerate(games)},
    }
    out["hyper"] = {
        c: [s for s in truth.feasible
            if all(s in games[i].stability[c][names[i]] for i in range(n))]
        for c in CONCEPTS
    }
    surprises = []
    for c in CONCEPTS:
        for s in truth.feasible:
            for i in range(n):
                if s not in games[i].equilibria[c]:
                    continue
                for j in range(n):
                    if j == i:
                        continue
                    for t in truth.moves[j][s]:
                        truly = truth.rank[j][t] > truth.rank[j][s]
                        believed = games[i].rank[j][t] > games[i].rank[j][s]
                        if truly and not believed:
                            surprises.append((c, s, names[i], names[j], t))
    out["surprises"] = surprises
    second = {}
    for per in conflict.perceptions:
        if not per.aware_of:
            continue
        i = per.perceiver
        second[names[i]] = {
            c: [s for s in truth.feasible
                if all(s in (games[k] if k in per.aware_of else games[i])
                       .stability[c][names[k]] for k in range(n))]
            for c in CONCEPTS
        }
    out["second_level"] = second
    out["truth"] = truth
    return out
