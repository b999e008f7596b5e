"""Seeded random conflict models for the benchmarks (plain Python, no test framework).

``random_conflict(seed, options_per_dm, ...)`` builds a :class:`~detente.model.conflict.Conflict`
like a real agenda: each DM has 5–6 prioritized statements mixing IF, IFF and OR over all
options, a few infeasible patterns across DMs, some irreversible options; with
``exclusive=True`` each DM's options form one mutually exclusive group.
``scenario_dict(conflict)`` writes it in the scenario language, for timing the CLI;
``pairwise_exclusive(conflict)`` rewrites its exclusive groups as one infeasible ``a and b``
per pair of options, and ``gmcr_dict(conflict)`` writes it as a GMCR+ ``.gmcr`` file (whose
standard way to say "at most one of these" is exactly such pairs).
"""

from __future__ import annotations

import itertools
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


def pairwise_exclusive(c: Conflict) -> Conflict:
    """The same model with each exclusive group written as infeasible pairs ``a and b``."""
    ids = [o.id for o in c.options]
    pairs = tuple(And((Var(ids[a]), Var(ids[b])))
                  for g in c.exclusive for a, b in itertools.combinations(g, 2))
    return Conflict(title=c.title + ", pairwise", options=c.options,
                    decision_makers=c.decision_makers, preferences=c.preferences,
                    infeasible=c.infeasible + pairs)


def _dnf(formula, ids: list[str]) -> list[list[list]]:
    """A formula as GMCR+ conditions (one per satisfying assignment of its options)."""
    names = sorted(formula.names())
    out = []
    for values in itertools.product((True, False), repeat=len(names)):
        v = dict(zip(names, values, strict=True))
        if formula.evaluate(lambda a, v=v: v[a.name]):
            out.append([[ids.index(n), "Y" if v[n] else "N"] for n in names])
    return out


def gmcr_dict(c: Conflict) -> dict:
    """The model as GMCR+ JSON: statements and infeasible formulas become conditions
    (compound when a formula has several satisfying assignments)."""
    ids = [o.id for o in c.options]
    direction = {"both": "both", "forward": "fwd", "backward": "back"}
    dms = []
    for dm, spec in zip(c.decision_makers, c.preferences, strict=True):
        prefs = []
        for st in spec.statements:
            conds = _dnf(st.formula, ids)
            prefs.append(conds[0] if len(conds) == 1 else
                         {"compound": True, "members": conds})
        dms.append({"name": dm.name, "options": list(dm.options), "preferences": prefs})
    return {
        "options": [{"name": o.id, "permittedDirection": direction[o.direction]}
                    for o in c.options],
        "decisionMakers": dms,
        "infeasibles": [cond for f in c.infeasible for cond in _dnf(f, ids)],
    }
