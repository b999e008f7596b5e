"""``analyze``: every stability concept for every decision maker, and the equilibria.

An *equilibrium* under a solution concept is a state stable for every decision maker under
that concept (Fang, Hipel & Kilgour 1993). The concepts, keyed as in the JSON output:
``nash`` (Nash stability, also called R), ``gmr``, ``smr``, ``seq``, ``sim`` and ``seqsim``
(SEQ or SIM, Fraser & Hipel 1984); see :mod:`detente.graph.stability` and
:mod:`detente.graph.sim` for the definitions.

Examples
--------
>>> import detente
>>> a = detente.analyze(detente.load("chicken"))
>>> a.equilibria["nash"], a.equilibria["gmr"]
(['YN', 'NY'], ['NN', 'YN', 'NY'])
>>> a.is_stable("NN", "sim")
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.graph.preferences import payoff_ranks
from detente.graph.sim import sim_stability, sim_work_estimate
from detente.graph.space import StateSpace
from detente.graph.stability import StabilityEngine
from detente.model.conflict import Conflict
from detente.model.errors import ModelError, did_you_mean

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd

__all__ = ["CONCEPTS", "CONCEPT_NAMES", "Analysis", "analyze", "parse_concepts",
           "SIM_DEFAULT_LIMIT"]

#: Concept keys in the order they are reported.
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim", "seqsim")
CONCEPT_NAMES = {
    "nash": "Nash",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sim": "SIM",
    "seqsim": "SEQ&SIM",
}
#: Above this SIM work estimate (feasible states × strategies summed over DMs), the default
#: concept set leaves SIM and SEQ&SIM out (measured: see docs/performance.md).
SIM_DEFAULT_LIMIT = 2.0e7

_ALIASES = {"r": "nash", "seq&sim": "seqsim", "seq_sim": "seqsim", "seq-sim": "seqsim",
            "symmetric": "smr", "general": "gmr"}


def parse_concepts(names: Iterable[str] | str | None) -> list[str] | None:
    """Validate concept names (case-insensitive; ``all`` for all six); ``None`` = default."""
    if names is None:
        return None
    if isinstance(names, str):
        names = [p for p in names.split(",")]
    out: list[str] = []
    for raw in names:
        key = raw.strip().lower()
        if not key:
            continue
        if key == "all":
            out.extend(c for c in CONCEPTS if c not in out)
            continue
        key = _ALIASES.get(key, key)
        if key not in CONCEPTS:
            raise ModelError(f"unknown concept {raw.strip()!r}. {did_you_mean(key, CONCEPTS)}",
                             field="--concepts")
        if key not in out:
            out.append(key)
    if not out:
        raise ModelError("no concept given", field="--concepts")
    return [c for c in CONCEPTS if c in out]


@dataclass
class Analysis:
    """The result of :func:`analyze`.

    Attributes
    ----------
    conflict:
        The model analysed.
    decimals:
        The feasible states' decimals, increasing (the order of every per-state array).
    payoffs:
        ``(n_dms, n_states)`` dense ranks, 1 = least preferred.
    stable:
        ``{concept: (n_dms, n_states) bool}``.
    skipped:
        ``{concept: reason}`` for default concepts left out (SIM on large models).
    """

    conflict: Conflict
    decimals: np.ndarray
    payoffs: np.ndarray
    stable: dict[str, np.ndarray]
    skipped: dict[str, str] = field(default_factory=dict)
    space: StateSpace | None = field(default=None, repr=False)

    @property
    def concepts(self) -> list[str]:
        return [c for c in CONCEPTS if c in self.stable]

    @property
    def n_states(self) -> int:
        return int(self.decimals.shape[0])

    def patterns(self, mask: np.ndarray | None = None) -> list[str]:
        decs = self.decimals if mask is None else self.decimals[mask]
        return self.conflict.patterns(decs)

    def equilibrium_mask(self, concept: str) -> np.ndarray:
        return self.stable[concept].all(axis=0)

    def tensor_payoffs(self) -> np.ndarray:
        """Every DM's ranks over the state tensor, shape ``(n_dms, *space.shape)`` (0 at
        infeasible states): the payoffs the move model takes
        (:class:`~detente.graph.moves.MoveSystem`)."""
        from detente.graph.preferences import tensor_payoffs

        if self.space is None:
            raise ValueError("this Analysis keeps no state space")
        return tensor_payoffs(self.space, self.payoffs)

    @cached_property
    def equilibria(self) -> dict[str, list[str]]:
        """``{concept: [patterns]}``, states in increasing decimal order."""
        return {c: self.patterns(self.equilibrium_mask(c)) for c in self.concepts}

    @cached_property
    def stability(self) -> dict[str, dict[str, list[str]]]:
        """``{concept: {dm: [patterns stable for that DM]}}``."""
        names = self.conflict.dm_names
        return {c: {names[i]: self.patterns(self.stable[c][i]) for i in range(len(names))}
                for c in self.concepts}

    def index(self, state: str | int) -> int:
        """Position of a state (pattern or decimal) among the feasible states."""
        d = self.conflict.decimal(state) if isinstance(state, str) else int(state)
        pos = int(np.searchsorted(self.decimals, d))
        if pos >= self.n_states or int(self.decimals[pos]) != d:
            raise ModelError(f"state {self.conflict.pattern(d)} is not feasible")
        return pos

    def is_stable(self, state: str | int, concept: str, dm: str | None = None) -> bool:
        """Whether ``state`` is stable under ``concept`` for ``dm`` (all DMs if None)."""
        k = self.index(state)
        if dm is None:
            return bool(self.stable[concept][:, k].all())
        return bool(self.stable[concept][self.conflict.dm_index(dm), k])

    @property
    def status_quo(self) -> str | None:
        sq = self.conflict.status_quo
        return None if sq is None else self.conflict.pattern(sq)

    # -- tables ------------------------------------------------------------------------------
    def tableau(self, states: str = "equilibria") -> pd.DataFrame:
        """The GMCR tableau as a DataFrame: options as rows, states as columns (Y/N), then a
        row per concept marking where the state is an equilibrium.

        ``states``: ``"equilibria"`` (states that are an equilibrium under some concept) or
        ``"all"``.
        """
        import pandas as pd

        if states == "all":
            mask = np.ones(self.n_states, dtype=bool)
        else:
            mask = np.zeros(self.n_states, dtype=bool)
            for c in self.concepts:
                mask |= self.equilibrium_mask(c)
        cols = self.patterns(mask)
        c = self.conflict
        rows = {}
        for k, o in enumerate(c.options):
            dm = c.decision_makers[o.owner].name
            rows[(dm, o.id)] = [p[k] for p in cols]
        for con in self.concepts:
            eq = self.equilibrium_mask(con)[mask]
            rows[("equilibrium", CONCEPT_NAMES[con])] = ["✓" if e else "" for e in eq]
        df = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
        df.index = pd.MultiIndex.from_tuples(df.index, names=["decision maker", "option"])
        return df

    def states_frame(self) -> pd.DataFrame:
        """One row per feasible state: pattern, decimal, each DM's rank, each concept's
        equilibrium flag."""
        import pandas as pd

        data: dict[str, Any] = {"pattern": self.patterns(), "decimal": self.decimals}
        for i, name in enumerate(self.conflict.dm_names):
            data[f"rank {name}"] = self.payoffs[i]
        for con in self.concepts:
            data[CONCEPT_NAMES[con]] = self.equilibrium_mask(con)
        return pd.DataFrame(data)

    def lock_ins(self) -> list[Any]:
        """The equilibria (under any concept computed) that are locked in: irreversible moves
        made in them put some states out of reach for ever (:mod:`detente.graph.lockin`), in
        increasing decimal order."""
        from detente.graph.lockin import lock_ins

        mask = np.zeros(self.n_states, dtype=bool)
        for c in self.concepts:
            mask |= self.equilibrium_mask(c)
        return lock_ins(self.conflict, self.decimals[mask].tolist(), self.decimals)

    def to_dict(self, detail: str = "equilibria") -> dict[str, Any]:
        """The JSON contract: ``options``, ``decision_makers``, ``summary``, ``equilibria``,
        ``lock_ins`` (locked-in equilibria: ``{pattern: {"locked", "out_of_reach"}}``); with
        ``detail="stability"`` also ``stability``; with ``"full"`` also ``states``."""
        c = self.conflict
        out: dict[str, Any] = {
            "title": c.title,
            "options": c.option_ids,
            "decision_makers": c.dm_names,
            "status_quo": self.status_quo,
            "summary": {
                "feasible_states": self.n_states,
                "equilibria_counts": {k: len(v) for k, v in self.equilibria.items()},
                "concepts": self.concepts,
                "skipped": dict(self.skipped),
            },
            "equilibria": self.equilibria,
            "lock_ins": {lk.state: {"locked": lk.locked, "out_of_reach": lk.out_of_reach}
                         for lk in self.lock_ins()},
        }
        if detail in ("stability", "full"):
            out["stability"] = self.stability
        if detail == "full":
            names = c.dm_names
            out["states"] = [
                {"pattern": p,
                 "payoffs": {names[i]: int(self.payoffs[i, k]) for i in range(len(names))}}
                for k, p in enumerate(self.patterns())
            ]
        return out

    def __repr__(self) -> str:
        counts = ", ".join(f"{CONCEPT_NAMES[c]} {len(v)}" for c, v in self.equilibria.items())
        title = self.conflict.title or self.conflict.name or "conflict"
        skipped = f"; skipped {', '.join(self.skipped)}" if self.skipped else ""
        return (f"<Analysis of {title!r}: {len(self.conflict.decision_makers)} decision makers, "
                f"{self.n_states} feasible states; equilibria: {counts}{skipped}>")


def analyze(
    conflict: Conflict,
    concepts: Iterable[str] | str | None = None,
    *,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> Analysis:
    """Stability of every feasible state for every decision maker under each concept.

    Parameters
    ----------
    conflict:
        The model.
    concepts:
        Concept keys (``nash, gmr, smr, seq, sim, seqsim`` or ``all``). ``None``: all six,
        except that SIM and SEQ&SIM are left out (and listed in ``Analysis.skipped``) when
        the model is above :data:`SIM_DEFAULT_LIMIT`.
    max_memory:
        Bytes the analysis may use; larger models are refused before allocating.
    progress:
        Called with a short description after each step (one per concept and DM).
    on_plan:
        Called once with the number of steps, before the first.
    """
    chosen = parse_concepts(concepts)
    space = StateSpace(conflict, max_memory=max_memory)
    P = payoff_ranks(space)
    skipped: dict[str, str] = {}
    if chosen is None:
        chosen = list(CONCEPTS)
        work = sim_work_estimate(space)
        if work > SIM_DEFAULT_LIMIT:
            reason = (f"SIM and SEQ&SIM left out: the model has {space.n_feasible:,} feasible "
                      f"states, above the size where the simultaneous-move search fits in "
                      f"seconds; ask for them with --concepts sim,seqsim")
            skipped = {"sim": reason, "seqsim": reason}
            chosen = [c for c in chosen if c not in skipped]
    n = space.n_dms
    tick = progress or (lambda _m: None)
    steps = sum(n for c in chosen if c in ("nash", "gmr", "smr", "seq")) + (
        1 if ("sim" in chosen or "seqsim" in chosen) else 0)
    if on_plan:
        on_plan(steps)
    engine = StabilityEngine(space, P)
    names = conflict.dm_names
    tensor: dict[str, np.ndarray] = {}
    methods = {"nash": engine.nash, "gmr": engine.gmr, "smr": engine.smr, "seq": engine.seq}
    need_seq = "seqsim" in chosen and "seq" not in chosen
    for con in ("nash", "gmr", "smr", "seq"):
        if con in chosen or (con == "seq" and need_seq):
            arr = np.empty((n, *space.shape), dtype=bool)
            for i in range(n):
                arr[i] = methods[con](i)
                tick(f"{CONCEPT_NAMES[con]} for {names[i]}")
            tensor[con] = arr
    if "sim" in chosen or "seqsim" in chosen:
        sim = sim_stability(space, P)
        tick("SIM for every decision maker")
        tensor["sim"] = sim
        if "seqsim" in chosen:
            tensor["seqsim"] = tensor["seq"] | sim
    idx = space.feasible_index
    flat_n = space.size
    stable = {c: tensor[c].reshape(n, flat_n)[:, idx] for c in chosen}
    payoffs = P.reshape(n, flat_n)[:, idx]
    return Analysis(conflict, space.feasible_decimals.copy(), payoffs, stable, skipped, space)
