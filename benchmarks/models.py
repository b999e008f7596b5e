"""Seeded random conflict models for the benchmarks (plain Python, no test framework).

``random_conflict(seed, options_per_dm, ...)`` builds a :class:`~detente.model.conflict.Conflict`
like a real agenda: each DM has 5–6 prioritized statements mixing IF, IFF and OR over all
options, a few infeasible patterns across DMs, some irreversible options; with
``exclusive=True`` each DM's options form one mutually exclusive group.
``scenario_dict(conflict)`` writes it in the scenario language, for timing the CLI.
"""

from __future__ import annotations

import random

from detente.model.conflict import Conflict, DecisionMaker, Option, Statement, Statements
from detente.model.formula import And, Iff, Implies, Not, Or, Var


def random_conflict(
    seed: int,
    options_per_dm: list[int],
    *,
    irreversible: bool = True,
    exclusive: bool = False,
    n_infeasible: int = 3,
    n_statements: tuple[int, int] = (5, 6),
    p_irreversible: float = 0.2,
) -> Conflict:
    rng = random.Random(seed)
    options: list[Option] = []
    dms: list[DecisionMaker] = []
    for i, k in enumerate(options_per_dm):
        idx = []
        for t in range(k):
            direction = "both"
            if irreversible and not exclusive and rng.random() < p_irreversible:
                direction = rng.choice(["forward", "backward"])
            idx.append(len(options))
            options.append(Option(f"d{i}o{t}", direction=direction, owner=i))
        dms.append(DecisionMaker(f"DM{i + 1}", tuple(idx)))
    ids = [o.id for o in options]

    def lit() -> object:
        v = Var(rng.choice(ids))
        return v if rng.random() < 0.6 else Not(v)

    def clause() -> object:
        kind = rng.random()
        if kind < 0.3:
            return Implies(antecedent=lit(), consequent=lit())
        if kind < 0.5:
            return Iff(lit(), lit())
        if kind < 0.7:
            return Or((lit(), lit()))
        if kind < 0.85:
            return And((lit(), lit()))
        return lit()

    prefs = []
    for _ in dms:
        n = rng.randint(*n_statements)
        prefs.append(Statements(tuple(Statement(clause()) for _ in range(n))))
    infeasible = []
    for _ in range(n_infeasible):
        a, b = rng.sample(range(len(options_per_dm)), 2)
        oa = Var(ids[rng.choice(dms[a].options)])
        ob = Var(ids[rng.choice(dms[b].options)])
        infeasible.append(And((oa, ob)))
    groups = tuple(d.options for d in dms) if exclusive else ()
    return Conflict(
        title=f"random {len(dms)} DMs, {len(options)} options (seed {seed})",
        options=tuple(options),
        decision_makers=tuple(dms),
        preferences=tuple(prefs),
        infeasible=tuple(infeasible),
        exclusive=groups,
    )


def scenario_dict(c: Conflict) -> dict:
    """The model in the scenario language (for `detente analyze FILE.json`)."""
    dirs = {"forward": "forward", "backward": "backward"}
    out = {"title": c.title, "decision_makers": []}
    for dm, spec in zip(c.decision_makers, c.preferences, strict=True):
        opts = []
        for k in dm.options:
            o = c.options[k]
            entry = {"id": o.id}
            if o.direction in dirs:
                entry["irreversible"] = dirs[o.direction]
            opts.append(entry)
        out["decision_makers"].append({
            "name": dm.name,
            "options": opts,
            "preferences": {"statements": [str(s.formula) for s in spec.statements]},
        })
    if c.infeasible:
        out["infeasible"] = [str(f) for f in c.infeasible]
    if c.exclusive:
        out["exclusive"] = [[c.options[k].id for k in g] for g in c.exclusive]
    return out
