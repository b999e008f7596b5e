"""Random graph models for tests (Hypothesis strategies) and benchmarks (a seeded generator).

- :func:`conflicts` is a Hypothesis strategy for small, valid :class:`Conflict` s (2–4 DMs,
  1–3 options each, at most 9 options): infeasible formulas, irreversible options,
  exclusive / exactly-one groups (up to two per DM, possibly overlapping), preferences as
  statements, rankings with ties (in all three state namings) or payoffs, misperceptions
  and a status quo. Structure is drawn first
  (how many DMs, options, groups), details after, so failing examples shrink to few DMs,
  reversible options, no constraints and simple formulas.
- :func:`random_conflict` is a plain seeded generator for benchmarks of any size: option
  prioritization statements with IF / IFF / OR, a few infeasible patterns and some
  irreversible options. It never enumerates states, so it scales to millions of them. The
  all-N state is always feasible (every infeasible pattern has a taken option) and is the
  status quo.

Both are written for détente (no code taken from elsewhere). Import them as
``from tests.graph.strategies import conflicts, random_conflict`` with the repository root
on ``sys.path``.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from detente.model.conflict import (
    Conflict,
    DecisionMaker,
    Option,
    Payoffs,
    Perception,
    Ranking,
    Statement,
    Statements,
)
from detente.model.formula import And, Formula, Iff, Implies, Not, Or, Var
from tests.graph.bruteforce import feasible_states_of, holds, pattern

__all__ = ["conflicts", "formulas", "hypergames", "perceptions", "preference_specs",
           "random_conflict", "option_ids_for"]

DM_NAMES = ("A", "B", "C", "D", "E", "F", "G", "H")


def option_ids_for(counts: Sequence[int]) -> list[str]:
    """Option ids ``a1, a2, b1, ...``: a letter per DM (``dm27_1`` past z), a number each."""

    def prefix(i: int) -> str:
        return chr(ord("a") + i) if i < 26 else f"dm{i + 1}_"

    return [f"{prefix(i)}{k + 1}" for i, c in enumerate(counts) for k in range(c)]


# --- Hypothesis strategies ------------------------------------------------------------------
@st.composite
def literals(draw: st.DrawFn, ids: Sequence[str]) -> Formula:
    """An option id or its negation."""
    v = Var(draw(st.sampled_from(ids)))
    return Not(v) if draw(st.booleans()) else v


@st.composite
def formulas(draw: st.DrawFn, ids: Sequence[str], depth: int = 2) -> Formula:
    """A formula over ``ids`` with not / and / or / if / iff, nested at most ``depth`` deep."""
    kinds = ["literal", "not", "and", "or", "if", "iff"] if depth > 0 else ["literal"]
    kind = draw(st.sampled_from(kinds))
    if kind == "literal":
        return draw(literals(ids))
    sub = formulas(ids, depth - 1)
    if kind == "not":
        return Not(draw(sub))
    if kind in ("and", "or"):
        parts = tuple(draw(st.lists(sub, min_size=2, max_size=3)))
        return And(parts) if kind == "and" else Or(parts)
    left, right = draw(sub), draw(sub)
    return Implies(antecedent=left, consequent=right) if kind == "if" else Iff(left, right)


@st.composite
def _conjunctions(draw: st.DrawFn, ids: Sequence[str], max_size: int = 3) -> Formula:
    """A conjunction of 1..max_size literals over distinct options."""
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=max_size, unique=True))
    parts = [Var(o) if draw(st.booleans()) else Not(Var(o)) for o in chosen]
    return parts[0] if len(parts) == 1 else And(tuple(parts))


@st.composite
def _infeasibility(draw: st.DrawFn, ids: Sequence[str]) -> Formula:
    kind = draw(st.sampled_from(["and", "or", "formula"]))
    if kind == "and":
        return draw(_conjunctions(ids))
    if kind == "or":
        return Or(tuple(draw(st.lists(_conjunctions(ids, 2), min_size=2, max_size=2))))
    return draw(formulas(ids, depth=1))


def _state_names(states: Sequence[int], n: int, naming: str) -> list[Any]:
    """The states as patterns or as decimals."""
    if naming == "pattern":
        return [pattern(s, n) for s in states]
    return list(states)


@st.composite
def preference_specs(draw: st.DrawFn, ids: Sequence[str], feasible: Sequence[int]) -> Any:
    """One decision maker's preferences over ``feasible`` (decimals, increasing): prioritized
    statements, a ranking with ties (states as patterns, decimals or feasible-state numbers)
    or payoffs (integers or halves)."""
    n = len(ids)
    kind = draw(st.sampled_from(["statements", "ranking", "payoffs"]))
    if kind == "statements":
        fs = draw(st.lists(formulas(ids), min_size=1, max_size=4))
        return Statements(tuple(Statement(f) for f in fs))
    size = len(feasible)
    if kind == "ranking":
        levels = draw(st.lists(st.integers(0, 4), min_size=size, max_size=size))
        naming = draw(st.sampled_from(["pattern", "decimal", "feasible"]))
        if naming == "feasible":
            names = list(range(1, size + 1))
        else:
            names = _state_names(feasible, n, naming)
        tiers = tuple(
            tuple(nm for nm, lv in zip(names, levels, strict=True) if lv == level)
            for level in sorted(set(levels), reverse=True)
        )
        return Ranking(tiers, numbering="feasible" if naming == "feasible" else "state")
    values = draw(st.lists(st.integers(-6, 6), min_size=size, max_size=size))
    halves = draw(st.booleans())
    naming = draw(st.sampled_from(["pattern", "decimal"]))
    names = _state_names(feasible, n, naming)
    return Payoffs({nm: (v / 2 if halves else v) for nm, v in zip(names, values, strict=True)})


@st.composite
def perceptions(draw: st.DrawFn, conflict: Conflict) -> tuple[Perception, ...]:
    """Random perceptions for ``conflict`` (a hypergame): each decision maker may believe
    other preferences for some of the others, and may be aware of some others' games."""
    n_dms = len(conflict.decision_makers)
    ids = conflict.option_ids
    feasible = feasible_states_of(conflict.options, conflict.infeasible, conflict.exclusive,
                                  conflict.exactly_one)
    out = []
    for i in range(n_dms):
        if not draw(st.booleans()):
            continue
        others = [j for j in range(n_dms) if j != i]
        about = draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others)))
        aware = draw(st.lists(st.sampled_from(others), unique=True, max_size=len(others)))
        if not about and not aware:
            continue
        beliefs = tuple((j, draw(preference_specs(ids, feasible))) for j in sorted(about))
        out.append(Perception(i, beliefs, tuple(sorted(aware))))
    return tuple(out)


@st.composite
def hypergames(draw: st.DrawFn, max_dms: int = 4, max_options: int = 9) -> Conflict:
    """Random conflicts (as :func:`conflicts`) with random perceptions."""
    c = draw(conflicts(max_dms=max_dms, max_options=max_options))
    return dataclasses.replace(c, perceptions=draw(perceptions(c)))


@st.composite
def conflicts(
    draw: st.DrawFn,
    max_dms: int = 4,
    max_options: int = 9,
    allow_misperceptions: bool = True,
) -> Conflict:
    """Valid random conflicts with at least one feasible state.

    A *witness* state is drawn and kept feasible: it satisfies every group and no
    infeasibility formula (formulas it would satisfy are dropped).
    """
    max_dms = min(max_dms, max_options, len(DM_NAMES))
    n_dms = draw(st.integers(2, max_dms))
    counts: list[int] = []
    for i in range(n_dms):
        room = max_options - sum(counts) - (n_dms - i - 1)
        counts.append(draw(st.integers(1, min(3, room))))
    ids = option_ids_for(counts)
    n = len(ids)
    owner = [i for i, c in enumerate(counts) for _ in range(c)]
    own = [[k for k in range(n) if owner[k] == i] for i in range(n_dms)]
    directions = draw(
        st.lists(st.sampled_from(["both", "both", "forward", "backward"]), min_size=n, max_size=n)
    )
    options = tuple(
        Option(ids[k], direction=directions[k], owner=owner[k]) for k in range(n)
    )

    # up to two groups per DM with two or more options; groups of one DM may overlap
    # ({a1, a2} and {a2, a3}), where "exactly one" in each is not "at least one"
    exclusive: list[tuple[int, ...]] = []
    exactly_one: list[tuple[int, ...]] = []
    witness = 0
    for i in range(n_dms):
        groups: list[tuple[tuple[int, ...], bool]] = []  # (members, exactly one)
        if len(own[i]) >= 2:
            for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2]))):
                exact = draw(st.booleans())
                members = draw(st.lists(st.sampled_from(own[i]), min_size=2, unique=True))
                groups.append((tuple(sorted(members)), exact))

        def allowed(groups: list[tuple[tuple[int, ...], bool]], bits: int) -> bool:
            for grp, exact in groups:
                taken = sum((bits >> k) & 1 for k in grp)
                if taken > 1 or (exact and taken == 0):
                    return False
            return True

        combos = [sum(1 << k for t, k in enumerate(own[i]) if (c >> t) & 1)
                  for c in range(2 ** len(own[i]))]
        while not [b for b in combos if allowed(groups, b)]:
            groups.pop()  # the groups together rule out every combination: drop the last
        for grp, exact in dict.fromkeys(groups):
            (exactly_one if exact else exclusive).append(grp)
        witness |= draw(st.sampled_from([b for b in combos if allowed(groups, b)]))
    candidates = draw(st.lists(_infeasibility(ids), max_size=3))
    infeasible = tuple(f for f in candidates if not holds(f, witness, ids))
    feasible = feasible_states_of(options, infeasible, exclusive, exactly_one)
    assert witness in feasible

    preferences = [draw(preference_specs(ids, feasible)) for _ in range(n_dms)]

    misperceptions: tuple[Formula | None, ...] = ()
    if allow_misperceptions and draw(st.booleans()):
        misperceptions = tuple(
            draw(st.one_of(st.none(), _conjunctions(ids, 2))) for _ in range(n_dms)
        )
    status_quo = draw(st.one_of(st.none(), st.sampled_from(feasible)))
    return Conflict(
        title="random",
        options=options,
        decision_makers=tuple(
            DecisionMaker(DM_NAMES[i], tuple(own[i])) for i in range(n_dms)
        ),
        preferences=tuple(preferences),
        infeasible=infeasible,
        exclusive=tuple(exclusive),
        exactly_one=tuple(exactly_one),
        misperceptions=misperceptions,
        status_quo=status_quo,
    )


# --- seeded generator for benchmarks --------------------------------------------------------
def _random_statement(rng: random.Random, ids: Sequence[str]) -> Formula:
    """One option-prioritization statement: a literal, AND, OR, IF or IFF of literals."""

    def lit() -> Formula:
        v = Var(rng.choice(ids))
        return Not(v) if rng.random() < 0.3 else v

    kind = rng.choice(["literal", "and", "or", "if", "iff"])
    if kind == "literal" or len(ids) < 2:
        return lit()
    a, b = lit(), lit()
    if kind == "and":
        return And((a, b))
    if kind == "or":
        return Or((a, b, lit()) if rng.random() < 0.3 else (a, b))
    if kind == "if":
        return Implies(antecedent=a, consequent=b)
    return Iff(a, b)


def random_conflict(
    rng: random.Random | int | Any,
    n_dms: int,
    options_per_dm: int | Sequence[int],
    *,
    n_infeasible: int | None = None,
    p_irreversible: float = 0.2,
    statements_per_dm: tuple[int, int] = (2, 5),
    title: str = "random",
) -> Conflict:
    """A random conflict of any size, reproducible from ``rng``.

    Parameters
    ----------
    rng:
        A :class:`random.Random`, an integer seed, or a NumPy ``Generator`` (a seed is
        drawn from it).
    n_dms, options_per_dm:
        Decision makers, and options per DM (one number for all, or one per DM).
    n_infeasible:
        Infeasible patterns (conjunctions of two or three literals, at least one of them a
        taken option, so the all-N state stays feasible); default about one per DM.
    p_irreversible:
        Chance that an option is forward-only or backward-only (half each).
    statements_per_dm:
        Inclusive range of the number of preference statements per DM.

    >>> c = random_conflict(7, 3, 2)
    >>> c.n_options, len(c.decision_makers), c.status_quo
    (6, 3, 0)
    """
    if isinstance(rng, int):
        rng = random.Random(rng)
    elif not isinstance(rng, random.Random):  # e.g. numpy.random.Generator
        rng = random.Random(int(rng.integers(0, 2**63 - 1)))
    counts = [options_per_dm] * n_dms if isinstance(options_per_dm, int) else list(options_per_dm)
    if len(counts) != n_dms or min(counts) < 1:
        raise ValueError("options_per_dm needs one positive count per decision maker")
    ids = option_ids_for(counts)
    owner = [i for i, c in enumerate(counts) for _ in range(c)]
    options = []
    for k, oid in enumerate(ids):
        direction = "both"
        if rng.random() < p_irreversible:
            direction = rng.choice(["forward", "backward"])
        options.append(Option(oid, direction=direction, owner=owner[k]))
    infeasible = []
    for _ in range(n_dms if n_infeasible is None else n_infeasible):
        if len(ids) < 2:
            break
        chosen = rng.sample(ids, min(len(ids), rng.choice([2, 3])))
        parts: list[Formula] = [Var(chosen[0])]  # a taken option: all-N stays feasible
        parts += [Var(o) if rng.random() < 0.5 else Not(Var(o)) for o in chosen[1:]]
        infeasible.append(And(tuple(parts)))
    lo, hi = statements_per_dm
    preferences = tuple(
        Statements(
            tuple(Statement(_random_statement(rng, ids)) for _ in range(rng.randint(lo, hi)))
        )
        for _ in range(n_dms)
    )
    return Conflict(
        title=title,
        options=tuple(options),
        decision_makers=tuple(
            DecisionMaker(
                DM_NAMES[i] if i < len(DM_NAMES) else f"DM{i + 1}",
                tuple(k for k in range(len(ids)) if owner[k] == i),
            )
            for i in range(n_dms)
        ),
        preferences=preferences,
        infeasible=tuple(infeasible),
        status_quo=0,
    )
