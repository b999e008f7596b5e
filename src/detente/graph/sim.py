"""Simultaneous sanctioning (SIM) and its combination with SEQ (SEQ&SIM).

SIM (Fraser & Hipel 1984, *Conflict Analysis: Models and Resolutions*; Fang, Hipel &
Kilgour 1993, ch. 4): state s is SIM-stable for DM i when, for every unilateral improvement
s1 of i from s, the other DMs can each either stay or take one of their own unilateral
improvements from s *at the same moment* as i moves, so that the combined state (each option
set by its owner's choice) is feasible and i does not prefer it to s.

SEQ&SIM: stable for i when SEQ-stable or SIM-stable for i (Fraser & Hipel's combination; the
name misleads: it is the union, not the intersection).

The search over the opponents' combinations cannot be vectorised with an early exit, so it is
compiled (:mod:`detente.graph._moves_kernel`, with the move rules it applies): per state it
lists every DM's improvements once (the move model's compiled rule), then for each
improvement of i tries the opponents' combinations until one sanctions it, and stops at the
first improvement that none sanctions. The combinations are tried in one fixed order — the
last DM's choice changing fastest, each DM first staying, then taking its improvements in
increasing strategy order — shared by the stability verdicts (:func:`sim_stability`) and by
the witnesses of :mod:`detente.graph.explain` (:func:`simultaneous_response`), which report
the first sanction found.
"""

from __future__ import annotations

import itertools

import numpy as np

from detente.graph.moves import MoveModel, MoveSystem, move_model
from detente.graph.space import StateSpace

__all__ = ["sim_stability", "sim_work_estimate", "simultaneous_response"]


def sim_work_estimate(space: StateSpace) -> float:
    """A size measure of the SIM search (states × moves per state), used for the default
    decision to leave SIM out on large models."""
    return float(space.n_feasible) * float(sum(space.shape))


def sim_stability(space: StateSpace, payoffs: np.ndarray) -> np.ndarray:
    """SIM stability, shape ``(n_dms, *space.shape)`` (True = stable; False at infeasible)."""
    model = move_model(space)
    n, N = model.n, model.size
    P = np.ascontiguousarray(payoffs.reshape(n, N))
    out = np.zeros((n, N), dtype=np.bool_)
    if not model.compiled_for(sim_work_estimate(space)):
        return _sim_python(model, P).reshape((n, *space.shape))
    from detente.graph._moves_kernel import sim_kernel

    shape, strides, bits, valid = model.kernel_args()
    sim_kernel(P, valid, model.feasible, shape, strides, bits, out)
    return out.reshape((n, *space.shape))


# -- the same search in Python, for small models (no compilation to wait for) ------------------
def _improvement_lists(model: MoveModel, P: np.ndarray, flats: np.ndarray
                       ) -> list[list[np.ndarray]]:
    """Per DM, per state of ``flats``: its unilateral improvements (flat, increasing
    strategy order), from the move model's rule applied to all the states at once."""
    out = []
    for d in range(model.n):
        cand, ok = model.moves_from_many(d, flats)
        ok &= P[d][cand] > P[d][flats][:, None]
        out.append([c[o] for c, o in zip(cand, ok, strict=True)])
    return out


def _first_sanction(P: np.ndarray, feas: np.ndarray, s: int, s1: int, i: int,
                    ui: list[np.ndarray]) -> tuple[int, ...] | None:
    """The first combination (the kernel's order: last DM fastest, each DM first staying,
    then its improvements ``ui[d]`` in order) of the other DMs' choices that, with i's move
    to s1, reaches a feasible state i does not prefer to s: per DM -1 (stays) or the index
    into ``ui[d]``; None when none does."""
    choices = [[-1] if d == i else [-1, *range(len(ui[d]))] for d in range(len(ui))]
    combos = itertools.product(*choices)
    next(combos)  # everybody else staying: i's own improvement, never a sanction
    for choice in combos:
        t = s1 + sum(int(ui[d][c]) - s for d, c in enumerate(choice) if c >= 0)
        if feas[t] and P[i, t] <= P[i, s]:
            return choice
    return None


def _sim_python(model: MoveModel, P: np.ndarray) -> np.ndarray:
    """SIM stability of every flat state, shape ``(n_dms, size)`` (the kernel's answer)."""
    feas = model.feasible
    flats = np.flatnonzero(feas)
    lists = _improvement_lists(model, P, flats)
    out = np.zeros((model.n, model.size), dtype=np.bool_)
    for r, s in enumerate(flats.tolist()):
        ui = [lists[d][r] for d in range(model.n)]
        for i in range(model.n):
            out[i, s] = all(_first_sanction(P, feas, s, int(s1), i, ui) is not None
                            for s1 in ui[i])
    return out


def simultaneous_response(system: MoveSystem, i: int, s: int, s1: int) -> dict[int, int] | None:
    """The first simultaneous sanction of DM i's improvement from ``s`` to ``s1`` (flat
    states), in the search's fixed order: ``{j: the state j's own move from s reaches}`` for
    the other DMs that move, or None when no combination sanctions it.

    >>> import detente
    >>> chicken = detente.load("chicken")
    >>> a = detente.analyze(chicken, "sim")
    >>> system = MoveSystem(a.space, a.tensor_payoffs())
    >>> s, s1 = system.flat(chicken.decimal("NN")), system.flat(chicken.decimal("YN"))
    >>> {j: chicken.pattern(int(system.flat_decimal[t]))
    ...  for j, t in simultaneous_response(system, 0, s, s1).items()}
    {1: 'NY'}
    """
    model = system.model
    P = np.ascontiguousarray(system.flat_P)
    if not model.compiled_for(sum(model.shape)):  # one state's search
        ui = [lists[0] for lists in _improvement_lists(model, P, np.array([s], dtype=np.int64))]
        choice = _first_sanction(P, model.feasible, s, s1, i, ui)
        if choice is None:
            return None
        return {j: int(ui[j][c]) for j, c in enumerate(choice) if j != i and c >= 0}
    from detente.graph._moves_kernel import sim_response

    shape, strides, bits, valid = model.kernel_args()
    moves = np.empty(model.n, dtype=np.int64)
    if not sim_response(s, i, s1, P, valid, model.feasible, shape, strides, bits, moves):
        return None
    return {j: int(t) for j, t in enumerate(moves.tolist()) if t >= 0}
