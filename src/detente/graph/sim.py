"""Simultaneous sanctioning (SIM) and its combination with SEQ (SEQ&SIM).

SIM (Fraser & Hipel 1984, *Conflict Analysis: Models and Resolutions*; Fang, Hipel &
Kilgour 1993, ch. 4): state s is SIM-stable for DM i when, for every unilateral improvement
s1 of i from s, the other DMs can each either stay or take one of their own unilateral
improvements from s *at the same moment* as i moves, so that the combined state (each option
set by its owner's choice) is feasible and i does not prefer it to s.

SEQ&SIM: stable for i when SEQ-stable or SIM-stable for i (Fraser & Hipel's combination; the
name misleads: it is the union, not the intersection).

The search over the opponents' combinations cannot be vectorised with an early exit, so it is
a compiled kernel (Numba, cached on disk): per state it lists every DM's improvements once,
then for each improvement of i tries the opponents' combinations until one sanctions it,
and stops at the first improvement that none sanctions.
"""

from __future__ import annotations

import numpy as np

from detente.graph.space import StateSpace

__all__ = ["sim_stability", "sim_work_estimate"]


def sim_work_estimate(space: StateSpace) -> float:
    """A size measure of the SIM search (states × moves per state), used for the default
    decision to leave SIM out on large models."""
    return float(space.n_feasible) * float(sum(space.shape))


def _load_kernel():
    from detente.graph._sim_kernel import sim_kernel

    return sim_kernel


_KERNEL = None


def sim_stability(space: StateSpace, payoffs: np.ndarray) -> np.ndarray:
    """SIM stability, shape ``(n_dms, *space.shape)`` (True = stable; False at infeasible)."""
    global _KERNEL
    if _KERNEL is None:
        _KERNEL = _load_kernel()
    n = space.n_dms
    N = space.size
    shape = np.array(space.shape, dtype=np.int64)
    strides = np.array(space.strides, dtype=np.int64)
    bits = space.padded_bits()
    valid = np.stack([space.movable(d).reshape(N) for d in range(n)])
    feas = space.feasible.reshape(-1)
    P = np.ascontiguousarray(payoffs.reshape(n, N))
    out = np.zeros((n, N), dtype=np.bool_)
    _KERNEL(P, valid, feas, shape, strides, bits, out)
    return out.reshape((n, *space.shape))
