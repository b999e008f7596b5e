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

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from detente.graph.blocks import BlockMoves
from detente.graph.moves import CoalitionalMoves, MoveSystem
from detente.graph.space import StateSpace, estimate_memory
from detente.graph.stability import reach_min
from detente.model.conflict import Conflict
from detente.model.errors import ModelError, did_you_mean
from detente.model.feasibility import not_feasible
from detente.model.resources import check_memory

__all__ = [
    "COALITION_CONCEPTS",
    "Coalition",
    "CoalitionAnalysis",
    "analyze_coalitions",
    "parse_coalitions",
    "coalition_name",
    "coalition_work",
    "check_coalition_work",
    "coalition_memory",
    "WORK_LIMIT",
    "ANALYSIS_WORK_LIMIT",
]

#: Coalition concept keys, in report order.
COALITION_CONCEPTS = ("cnash", "cgmr", "cseq")
CONCEPT_NAMES = {"cnash": "coalition Nash", "cgmr": "coalition GMR", "cseq": "coalition SEQ"}

Coalition = tuple[int, ...]

#: Sources searched per call of the kernel (bounds the memory of the target lists).
_CHUNK = 4096
#: Default bound on the pairs of states a coalitional search may examine (status quo paths
#: with coalitional moves).
WORK_LIMIT = 4e10

# Work of a coalition analysis (:func:`coalition_work`), in *pairs of states* the compiled
# scans judge for one member (about 3.5 ns each on the 2-core development machine). The
# outsiders' answers and the components cost NumPy calls over the state tensor: about 7 µs
# each plus 8 ns per element (fitted on 10 and 12 DMs of one option each, every coalition);
# each stable state listed in the result (and written as JSON) costs about 0.2 µs.
#: One NumPy call's fixed cost, in pairs.
REDUCE_PAIRS = 2_100.0
#: One element of a NumPy call, in pairs.
ELEMENT_PAIRS = 2.3
#: One state listed in the result (coalition_stability), in pairs.
LISTED_PAIRS = 60.0
#: Bytes per state listed as stable in the result and its JSON (a pattern string, a list
#: slot and the JSON text; about 50 bytes on 11 DMs of one option, benchmarks/
#: coalitions_scale.py: 797 MB peak for 12.6 million listed states).
LISTED_BYTES = 48
#: Seconds per pair (for the estimate shown with a refusal).
PAIR_SECONDS = 3.5e-9
#: Default bound on the work of :func:`analyze_coalitions` (about 35 s; 12 DMs with one
#: option each and every coalition, about 2 min, is refused).
ANALYSIS_WORK_LIMIT = 1e10
#: Relaxation passes assumed per outsiders' answer (2–4 observed on the benchmark models).
_PASSES = 3
#: Coalitions whose members' answers are computed together (members x states) up to this
#: many elements (beyond, one member at a time, to bound memory).
_STACK_ELEMENTS = 1 << 22
#: Up to this many states the compiled reductions run on one thread (see _serial_when_small).
_PARALLEL_STATES = 1 << 16


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
        # every feasible state's pattern once (a list per coalition and concept would
        # otherwise rebuild millions of strings)
        if getattr(self, "_all_patterns", None) is None:
            self._all_patterns = np.array([self.conflict.pattern(int(d))
                                           for d in self.decimals], dtype=object)
        return self._all_patterns[mask].tolist()

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
            raise not_feasible(self.conflict, d)
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
    progress: Callable[[str], None] | None = None,
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
        Refuse, before any search, when the estimated work (:func:`coalition_work`) is
        above this (default :data:`ANALYSIS_WORK_LIMIT`, about a minute).
    progress:
        Called with each coalition's name once it is analysed.

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
    Likewise, when every outsider moves freely, the least value the outsiders can reach from
    s1 (for coalition GMR) is the minimum over s1's component under their moves (s1 itself
    may count: it is an improvement for every member, so it never decides a verdict);
    coalition SEQ's answers, by improvements only, take the relaxation of
    :func:`~detente.graph.stability.reach_min`.

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
    check_coalition_work(conflict, chosen, space, max_work, max_memory=max_memory)
    if payoffs is None:
        payoffs = payoff_ranks(space)
    system = MoveSystem(space, payoffs)
    ci = system.coalitional
    with _serial_when_small(space.size):
        stable = _analyze(conflict, chosen, space, payoffs, system, progress)
    return CoalitionAnalysis(conflict, chosen, space.feasible_decimals.copy(), stable, ci)


@contextmanager
def _serial_when_small(n_states: int) -> Iterator[None]:
    """Run the compiled reductions on one thread for small state tensors: a coalition
    analysis makes thousands of calls on a few thousand states each, where starting and
    joining the worker threads costs several times the work (10 DMs of one option: 14 s of
    CPU on two threads, 2.7 s on one)."""
    import numba

    if n_states > _PARALLEL_STATES:
        yield
        return
    old = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(old)


def _analyze(conflict: Conflict, chosen: Sequence[Coalition], space: StateSpace,
             payoffs: np.ndarray, system: MoveSystem,
             progress: Callable[[str], None] | None) -> dict[str, dict[Coalition, np.ndarray]]:
    """The stability flags of every coalition (see :func:`analyze_coalitions`)."""
    n, N = space.n_dms, space.size
    ci = system.coalitional
    stacked: dict[int, list[BlockMoves]] = {}
    feas_flat = space.feasible_index  # flat indices of feasible states, by decimal
    stable: dict[str, dict[Coalition, np.ndarray]] = {k: {} for k in COALITION_CONCEPTS}
    for c in chosen:
        outsiders = [j for j in range(n) if j not in c]
        k = len(c)
        if k * N <= _STACK_ELEMENTS:
            # every member's answers in one relaxation (the reachable states are the same
            # for all members; only the values differ): one pass of NumPy calls, not k
            if k not in stacked:
                stacked[k] = [BlockMoves(system.model, j,
                                         np.broadcast_to(payoffs[j], (k, *space.shape)))
                              for j in range(n)]
            values = payoffs[list(c)]
            if outsiders and ci.complete_blocks(outsiders):
                m_gmr = _component_min(ci, outsiders, values.reshape(k, N))
            else:
                m_gmr = reach_min(stacked[k], outsiders, values, False)[0].reshape(k, N)
            m_seq = reach_min(stacked[k], outsiders, values, True)[0].reshape(k, N)
        else:
            moves = [system.block(j) for j in range(n)]
            if outsiders and ci.complete_blocks(outsiders):
                m_gmr = _component_min(ci, outsiders, payoffs[list(c)].reshape(k, N))
            else:
                m_gmr = np.stack([reach_min(moves, outsiders, payoffs[h], False)[0]
                                  .reshape(N) for h in c])
            m_seq = np.stack([reach_min(moves, outsiders, payoffs[h], True)[0].reshape(N)
                              for h in c])
        flags = np.concatenate(
            [ci.stability_flags(c, feas_flat[lo: lo + _CHUNK], m_gmr, m_seq)
             for lo in range(0, len(feas_flat), _CHUNK)], axis=1)
        stable["cnash"][c] = ~flags[0]
        stable["cgmr"][c] = ~flags[1]
        stable["cseq"][c] = ~flags[2]
        if progress is not None:
            progress(coalition_name(conflict, c))
    return stable


def _component_min(ci: CoalitionalMoves, group: Sequence[int],
                   values: np.ndarray) -> np.ndarray:
    """For each row of ``values`` (flat over the tensor): its minimum over the connected
    component of each state under the moves of ``group`` (every member moving freely), at
    every feasible state. Shape ``(len(values), N)``."""
    comp_of, cstart, cstates = ci.components(group)
    sizes = np.diff(cstart)
    mins = np.minimum.reduceat(np.asarray(values, dtype=np.int64)[:, cstates], cstart[:-1],
                               axis=1)
    out = np.zeros((values.shape[0], comp_of.shape[0]), dtype=np.int64)
    out[:, cstates] = np.repeat(mins, sizes, axis=1)
    return out


def coalition_work(space: StateSpace, chosen: Sequence[Coalition]) -> dict[str, float]:
    """Estimated work of :func:`analyze_coalitions`, in pairs of states (see
    :data:`PAIR_SECONDS`), computed from the shape of the state space alone (no search, so
    a refusal comes at once): ``search`` (the compiled scans of each coalition's joint
    moves: each feasible state against the states of its component, at most the states
    that agree with it outside the coalition's options, once per member), ``answers`` (the
    outsiders' least reachable values: NumPy reductions over the state tensor, a fixed cost
    per call growing with the number of decision makers) and ``listing`` (the stable states
    of every coalition and concept, as the result lists them).

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> space = StateSpace(pd)
    >>> work = coalition_work(space, parse_coalitions(pd, "all"))
    >>> sorted(work), work["search"]  # 3 coalitions: 4 states x (2 + 2 + 4 x 2)
    (['answers', 'listing', 'search'], 48.0)
    """
    from detente.graph.moves import move_model

    model = move_model(space)
    n, N, F = space.n_dms, space.size, float(space.n_feasible)
    search = answers = 0.0
    for c in chosen:
        k = len(c)
        sub = float(np.prod([space.shape[j] for j in c], dtype=np.float64))
        if model.complete_blocks(c):
            search += F * min(sub, F) * k
        else:
            search += F * sub * float(sum(space.shape[j] for j in c))
        outsiders = n - k
        passes = 1 if outsiders <= 1 else _PASSES
        stacks = 1 if k * N <= _STACK_ELEMENTS else k
        # the SEQ and GMR answers: a relaxation each (passes x outsiders calls over every
        # member's values); the components of the coalition and of the outsiders
        relax = 2 * passes * outsiders
        answers += (relax * stacks + _PASSES * n) * REDUCE_PAIRS
        answers += (relax * k + _PASSES * n) * N * ELEMENT_PAIRS
    listing = 3.0 * len(chosen) * F * LISTED_PAIRS
    return {"search": search, "answers": answers, "listing": listing}


def check_coalition_work(conflict: Conflict, chosen: Sequence[Coalition], space: StateSpace,
                         max_work: float | None = None, *,
                         max_memory: int | None = None) -> float:
    """Refuse (:class:`ModelError`, at once) a coalition analysis whose estimated work
    (:func:`coalition_work`) is above ``max_work`` (default :data:`ANALYSIS_WORK_LIMIT`), or
    whose result would not fit in ``max_memory`` (default: 75 % of the memory available;
    :func:`coalition_memory`, :class:`~detente.model.errors.ModelTooLargeError`); return the
    work estimate.

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> space = StateSpace(pd)
    >>> check_coalition_work(pd, parse_coalitions(pd, "all"), space, max_work=1)
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: --coalitions: coalition analysis of this model would take ...
    """
    limit = ANALYSIS_WORK_LIMIT if max_work is None else max_work
    parts = coalition_work(space, chosen)
    work = sum(parts.values())
    if work > limit:
        raise ModelError(
            f"coalition analysis of this model would take about {work:.2g} units of work, "
            f"above the limit of {limit:.2g} (about {_seconds(work)} on a 2-core machine: "
            f"{len(chosen):,} coalitions over {space.n_feasible:,} states; joint moves "
            f"searched {_seconds(parts['search'])}, the outsiders' answers "
            f"{_seconds(parts['answers'])}, listing the stable states "
            f"{_seconds(parts['listing'])}). Analyse the coalitions of one partition ('A+B,C' "
            "instead of 'all') or a model with fewer decision makers or options, or raise "
            "the limit with --max-work", field="--coalitions")
    check_memory(coalition_memory(space, chosen), max_memory,
                 what=f"the coalition analysis ({len(chosen):,} coalitions over "
                 f"{space.n_feasible:,} states, with its listing of stable states)",
                 advice="Analyse the coalitions of one partition ('A+B,C' instead of 'all') "
                 "or a model with fewer decision makers or options, or raise --max-memory.")
    return work


def coalition_memory(space: StateSpace, chosen: Sequence[Coalition]) -> int:
    """Estimated peak bytes of :func:`analyze_coalitions` and its JSON listing: the state
    space's analysis (:func:`~detente.graph.space.estimate_memory`) plus
    :data:`LISTED_BYTES` and one character per option for each state listed as stable, for
    each coalition and its three concepts (at most every feasible state).

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> space = StateSpace(pd)
    >>> coalition_memory(space, parse_coalitions(pd, "all")) > estimate_memory(4, 2)
    True
    """
    listed = 3 * len(chosen) * space.n_feasible
    return int(estimate_memory(space.size, space.n_dms)
               + listed * (LISTED_BYTES + space.conflict.n_options))


def _seconds(work: float) -> str:
    seconds = work * PAIR_SECONDS
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.0f} h"
