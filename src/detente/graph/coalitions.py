"""Coalitions: coalitional improvements, coalition Nash, coalition GMR and coalition SEQ.

Definitions (Kilgour, Hipel, Fang & Peng 2001, "Coalition analysis in group decision
support", *Group Decision and Negotiation* 10: 159–175; Inohara & Hipel 2008, "Coalition
analysis in the graph model for conflict resolution", *Systems Engineering* 11(4): 343–359).
For a coalition H (a set of decision makers; a single DM is a coalition of one) and a state s:

- R_H(s) is every state the members of H reach from s by a legal sequence of their own
  unilateral moves: one or more moves, no DM moving twice in a row (A, B, A is legal);
- a **coalitional improvement** of H from s is a state s1 ∈ R_H(s) that *every* member of H
  strictly prefers to s. For a single DM it is a unilateral improvement;
- **coalition Nash** (CNash) for H: H has no coalitional improvement from s;
- **coalition GMR** (CGMR) for H: every coalitional improvement s1 of H can be answered by
  the DMs outside H, N − H, with a state s2 ∈ R_{N−H}(s1) that at least one member of H does
  not prefer to s (P_h(s2) ≤ P_h(s) for some h ∈ H). When H is every DM nobody can answer;
- **coalition SEQ** (CSEQ) for H: as CGMR, with s2 ∈ R^+_{N−H}(s1), reached by unilateral
  improvements of the outsiders only (credible answers).

A state is an equilibrium under a coalition concept when it is stable for every coalition
considered: every subset of the DMs (``"all"``: single DMs too, so CNash ⊆ Nash, CGMR ⊆ GMR,
CSEQ ⊆ SEQ), or the blocks of one partition of the DMs (``"US+Russia,Ukraine"``). A
non-cooperative equilibrium is *broken by* a coalition of two or more DMs that has a
coalitional improvement from it.

Computation: R_H(s) depends on the start, and "every member prefers" is not a reduction, so
coalitional improvements are found by a breadth-first search from each state over (state,
last member) pairs, confined to the states that agree with s outside H's options (the move
model's :class:`~detente.graph.moves.CoalitionalMoves`, compiled; cost grows with the number
of states times the size of H's sub-space). The answers of
N − H are vectorised: for each member h, m_h(s1) = min P_h over R_{N−H}(s1) (or R^+) is the
same relaxation over (state, last mover) as the engine's (:mod:`detente.graph.stability`),
and s is CGMR-unstable for H iff some coalitional improvement s1 has m_h(s1) > P_h(s) for
every h ∈ H.

Examples
--------
>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> ca = analyze_coalitions(pd, "all")
>>> ca.equilibria
{'cnash': [], 'cgmr': ['YY'], 'cseq': ['YY']}
>>> ca.improvements("NN", ("Prisoner 1", "Prisoner 2"))
['YY']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from detente.graph.moves import CoalitionalMoves, MoveSystem
from detente.graph.space import StateSpace
from detente.graph.stability import reach_min
from detente.model.conflict import Conflict
from detente.model.errors import ModelError, did_you_mean

__all__ = [
    "COALITION_CONCEPTS",
    "Coalition",
    "CoalitionAnalysis",
    "analyze_coalitions",
    "parse_coalitions",
    "coalition_name",
    "WORK_LIMIT",
]

#: Coalition concept keys, in report order.
COALITION_CONCEPTS = ("cnash", "cgmr", "cseq")
CONCEPT_NAMES = {"cnash": "coalition Nash", "cgmr": "coalition GMR", "cseq": "coalition SEQ"}

Coalition = tuple[int, ...]

#: Sources searched per call of the kernel (bounds the memory of the target lists).
_CHUNK = 4096
#: Default bound on the pairs of states a coalition analysis may examine (about a minute).
WORK_LIMIT = 4e10


def coalition_name(conflict: Conflict, coalition: Sequence[int]) -> str:
    """Member names joined by ``+`` (the command line's notation)."""
    return "+".join(conflict.decision_makers[i].name for i in coalition)


def parse_coalitions(conflict: Conflict, spec: str | Iterable[Iterable[str | int]]
                     ) -> list[Coalition]:
    """The coalitions to consider.

    ``"all"``: every non-empty subset of the decision makers (single DMs first, the grand
    coalition last). ``"declared"``: the coalition structure the model declares
    (:attr:`Conflict.coalitions`, read from GMCR+ files). Otherwise a partition, given as text
    (``"US+Russia,Ukraine"``: blocks separated by commas, members by ``+``) or as lists of
    names or indices; DMs it does not mention form coalitions of one.

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> parse_coalitions(pd, "all")
    [(0,), (1,), (0, 1)]
    >>> parse_coalitions(pd, "Prisoner 2")
    [(1,), (0,)]
    """
    n = len(conflict.decision_makers)
    if isinstance(spec, str) and spec.strip().lower() == "all":
        return [c for size in range(1, n + 1) for c in combinations(range(n), size)]
    if isinstance(spec, str) and spec.strip().lower() == "declared":
        if not conflict.coalitions:
            raise ModelError("the model declares no coalitions: write 'all' or blocks such as "
                             "'A+B,C'", field="--coalitions")
        spec = [list(g) for g in conflict.coalitions]
    blocks: list[list[str | int]]
    if isinstance(spec, str):
        blocks = [[m.strip() for m in part.split("+")] for part in spec.split(",")
                  if part.strip()]
    else:
        blocks = [list(b) for b in spec]
    if not blocks:
        raise ModelError("no coalition given: write 'all' or blocks such as 'A+B,C'",
                         field="--coalitions")
    used: dict[int, int] = {}
    out: list[Coalition] = []
    for b, block in enumerate(blocks):
        members = []
        for m in block:
            if isinstance(m, int):
                if not 0 <= m < n:
                    raise ModelError(f"decision maker index {m} out of range",
                                     field="coalitions")
                i = m
            else:
                if not m:
                    raise ModelError("empty decision maker name in a coalition",
                                     field="--coalitions")
                names = conflict.dm_names
                if m not in names:
                    raise ModelError(f"unknown decision maker {m!r} in a coalition. "
                                     f"{did_you_mean(m, names)}", field="--coalitions")
                i = names.index(m)
            if i in used:
                raise ModelError(
                    f"{conflict.dm_names[i]!r} is in two coalitions; a partition puts each "
                    "decision maker in one coalition", field="--coalitions")
            used[i] = b
            members.append(i)
        out.append(tuple(sorted(members)))
    out += [(i,) for i in range(n) if i not in used]
    return out


@dataclass
class CoalitionAnalysis:
    """The result of :func:`analyze_coalitions`.

    Attributes
    ----------
    conflict:
        The model.
    coalitions:
        The coalitions considered (tuples of DM indices).
    decimals:
        Feasible states' decimals, increasing (the order of every per-state array).
    stable:
        ``{concept: {coalition: bool array}}`` for ``cnash``, ``cgmr``, ``cseq``.
    """

    conflict: Conflict
    coalitions: list[Coalition]
    decimals: np.ndarray
    stable: dict[str, dict[Coalition, np.ndarray]]
    moves: CoalitionalMoves | None = field(default=None, repr=False)

    def name(self, coalition: Sequence[int]) -> str:
        return coalition_name(self.conflict, coalition)

    def _patterns(self, mask: np.ndarray) -> list[str]:
        return [self.conflict.pattern(int(d)) for d in self.decimals[mask]]

    def equilibrium_mask(self, concept: str) -> np.ndarray:
        out = np.ones(len(self.decimals), dtype=bool)
        for c in self.coalitions:
            out &= self.stable[concept][c]
        return out

    @property
    def equilibria(self) -> dict[str, list[str]]:
        """``{cnash|cgmr|cseq: [states stable for every coalition considered]}``."""
        return {k: self._patterns(self.equilibrium_mask(k)) for k in COALITION_CONCEPTS}

    @property
    def coalition_stability(self) -> dict[str, dict[str, list[str]]]:
        """``{concept: {coalition name: [states stable for it]}}``."""
        return {k: {self.name(c): self._patterns(self.stable[k][c]) for c in self.coalitions}
                for k in COALITION_CONCEPTS}

    def _position(self, state: str | int) -> int:
        d = self.conflict.decimal(state) if isinstance(state, str) else int(state)
        pos = int(np.searchsorted(self.decimals, d))
        if pos >= len(self.decimals) or int(self.decimals[pos]) != d:
            raise ModelError(f"state {self.conflict.pattern(d)} is not feasible")
        return pos

    def coalition_of(self, coalition: Sequence[int | str]) -> Coalition:
        """The analysed coalition with these members (names or indices)."""
        idx = tuple(sorted(self.conflict.dm_index(m) if isinstance(m, str) else int(m)
                           for m in coalition))
        if idx not in self.stable["cnash"]:
            raise ModelError(f"coalition {self.name(idx)} was not analysed")
        return idx

    def improvements(self, state: str | int, coalition: Sequence[int | str]) -> list[str]:
        """The coalitional improvements of ``coalition`` from ``state`` (patterns, in
        increasing decimal order)."""
        c = self.coalition_of(coalition)
        k = self._position(state)
        if self.moves is None:
            raise ValueError("this CoalitionAnalysis keeps no coalition search (build it with "
                             "analyze_coalitions)")
        space = self.moves.space
        flat = space.flat_of_decimals(self.decimals[k: k + 1])
        _, targets = self.moves.improvements(c, flat)
        decs = np.sort(space.decimal.reshape(-1)[targets])
        return [self.conflict.pattern(int(d)) for d in decs]

    def broken_by(self, equilibria: dict[str, list[str]]) -> dict[str, list[str]]:
        """``{coalition: [non-cooperative equilibria it has a coalitional improvement from]}``
        for the coalitions of two or more DMs; ``equilibria`` as in
        :attr:`~detente.graph.analysis.Analysis.equilibria` (any concept)."""
        eq = sorted({self._position(p) for pats in equilibria.values() for p in pats})
        out = {}
        for c in self.coalitions:
            if len(c) < 2:
                continue
            has = ~self.stable["cnash"][c]
            out[self.name(c)] = [self.conflict.pattern(int(self.decimals[k])) for k in eq
                                 if has[k]]
        return out

    def to_dict(self, equilibria: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """The additions to the ``analyze`` JSON: ``coalitions``, ``equilibria`` (cnash, cgmr,
        cseq), ``coalition_stability`` and, given the non-cooperative equilibria,
        ``broken_by``."""
        out: dict[str, Any] = {
            "coalitions": [self.name(c) for c in self.coalitions],
            "equilibria": self.equilibria,
            "coalition_stability": self.coalition_stability,
        }
        if equilibria is not None:
            out["broken_by"] = self.broken_by(equilibria)
        return out


def analyze_coalitions(
    conflict: Conflict,
    coalitions: str | Iterable[Iterable[str | int]] = "all",
    *,
    space: StateSpace | None = None,
    payoffs: np.ndarray | None = None,
    max_memory: int | None = None,
    max_work: float | None = None,
) -> CoalitionAnalysis:
    """Coalition Nash, coalition GMR and coalition SEQ stability of every feasible state for
    every coalition considered.

    Parameters
    ----------
    conflict:
        The model.
    coalitions:
        ``"all"`` (every subset of the DMs), ``"declared"`` (the model's own), a partition
        ``"A+B,C"``, or lists of names.
    space, payoffs:
        A state space and its tensor rank arrays, to reuse those of an analysis.
    max_memory:
        Bytes the analysis may use.
    max_work:
        Refuse when the search would examine more state pairs than this (default
        :data:`WORK_LIMIT`).

    Returns
    -------
    CoalitionAnalysis

    Raises
    ------
    ModelError
        For unknown names, a DM in two coalitions, or a model too large for the search.

    Notes
    -----
    When every member of a coalition moves freely within its block (no irreversible option,
    no misperception), R_H(s) together with s is the connected component of s among the
    states that agree with s outside H's options (consecutive moves of one member merge into
    one), so each state scans its component; otherwise a breadth-first search over (state,
    last member) runs from each state. Both stop as soon as the verdicts are settled; the
    cost is at worst the sum of the squared component sizes (or states × sub-space × moves).

    Examples
    --------
    >>> import detente
    >>> chicken = detente.load("chicken")
    >>> analyze_coalitions(chicken).equilibria["cnash"]
    ['YN', 'NY']

    References
    ----------
    Kilgour, D. M., Hipel, K. W., Fang, L. and Peng, X. (2001). Coalition analysis in group
    decision support. *Group Decision and Negotiation* 10(2): 159–175.
    Inohara, T. and Hipel, K. W. (2008). Coalition analysis in the graph model for conflict
    resolution. *Systems Engineering* 11(4): 343–359.
    """
    from detente.graph.preferences import payoff_ranks

    chosen = parse_coalitions(conflict, coalitions)
    if space is None:
        space = StateSpace(conflict, max_memory=max_memory)
    if payoffs is None:
        payoffs = payoff_ranks(space)
    n = space.n_dms
    N = space.size
    system = MoveSystem(space, payoffs)
    ci = system.coalitional
    limit = WORK_LIMIT if max_work is None else max_work
    work = sum(ci.work(c) for c in chosen)
    if work > limit:
        biggest = max(chosen, key=ci.work)
        raise ModelError(
            f"coalition analysis of this model would examine about {work:.2g} pairs of "
            f"states (most for {coalition_name(conflict, biggest)}), above the limit of "
            f"{limit:.2g}: joint moves are searched from every one of its "
            f"{space.n_feasible:,} states. Analyse smaller coalitions (a partition such as "
            "'A+B,C' instead of 'all') or a model with fewer options", field="--coalitions")
    moves = [system.block(j) for j in range(n)]
    feas_flat = space.feasible_index  # flat indices of feasible states, by decimal
    stable: dict[str, dict[Coalition, np.ndarray]] = {k: {} for k in COALITION_CONCEPTS}
    for c in chosen:
        outsiders = [j for j in range(n) if j not in c]
        m_gmr = np.stack([reach_min(moves, outsiders, payoffs[h], False)[0].reshape(N)
                          for h in c])
        m_seq = np.stack([reach_min(moves, outsiders, payoffs[h], True)[0].reshape(N)
                          for h in c])
        flags = np.concatenate(
            [ci.stability_flags(c, feas_flat[lo: lo + _CHUNK], m_gmr, m_seq)
             for lo in range(0, len(feas_flat), _CHUNK)], axis=1)
        stable["cnash"][c] = ~flags[0]
        stable["cgmr"][c] = ~flags[1]
        stable["cseq"][c] = ~flags[2]
    return CoalitionAnalysis(conflict, chosen, space.feasible_decimals.copy(), stable, ci)
