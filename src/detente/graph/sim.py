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


def _kernel():
    from numba import njit

    @njit(cache=True, nogil=True)
    def sim_kernel(P, valid, feas, shape, strides, cls, allowed, out):  # pragma: no cover
        n = shape.shape[0]
        N = feas.shape[0]
        maxm = 0
        for d in range(n):
            if shape[d] > maxm:
                maxm = shape[d]
        coords = np.empty(n, np.int64)
        ui = np.empty((n, maxm), np.int64)
        nui = np.zeros(n, np.int64)
        choice = np.empty(n, np.int64)
        for s in range(N):
            if not feas[s]:
                continue
            rem = s
            for d in range(n):
                coords[d] = rem // strides[d]
                rem = rem % strides[d]
            for d in range(n):
                cnt = 0
                if valid[d, s]:
                    a = coords[d]
                    ca = cls[d, a]
                    base = s - a * strides[d]
                    for b in range(shape[d]):
                        if b == a or not allowed[d, ca, cls[d, b]]:
                            continue
                        t = base + b * strides[d]
                        if valid[d, t] and P[d, t] > P[d, s]:
                            ui[d, cnt] = b
                            cnt += 1
                nui[d] = cnt
            for i in range(n):
                stable = True
                for u in range(nui[i]):
                    s1 = s + (ui[i, u] - coords[i]) * strides[i]
                    for d in range(n):
                        choice[d] = -1
                    found = False
                    while True:
                        d = 0
                        advanced = False
                        while d < n:
                            if d == i:
                                d += 1
                                continue
                            if choice[d] + 1 < nui[d]:
                                choice[d] += 1
                                advanced = True
                                break
                            choice[d] = -1
                            d += 1
                        if not advanced:
                            break
                        t = s1
                        for d2 in range(n):
                            if d2 != i and choice[d2] >= 0:
                                t += (ui[d2, choice[d2]] - coords[d2]) * strides[d2]
                        if feas[t] and P[i, t] <= P[i, s]:
                            found = True
                            break
                    if not found:
                        stable = False
                        break
                out[i, s] = stable

    return sim_kernel


_KERNEL = None


def sim_stability(space: StateSpace, payoffs: np.ndarray) -> np.ndarray:
    """SIM stability, shape ``(n_dms, *space.shape)`` (True = stable; False at infeasible)."""
    global _KERNEL
    if _KERNEL is None:
        _KERNEL = _kernel()
    n = space.n_dms
    N = space.size
    shape = np.array(space.shape, dtype=np.int64)
    strides = np.ones(n, dtype=np.int64)
    for d in range(n - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]
    maxm = int(shape.max())
    maxc = max(ax.n_classes for ax in space.axes)
    cls = np.zeros((n, maxm), dtype=np.int64)
    allowed = np.zeros((n, maxc, maxc), dtype=np.bool_)
    valid = np.empty((n, N), dtype=np.bool_)
    feas = space.feasible.reshape(-1)
    for d, ax in enumerate(space.axes):
        cls[d, : ax.size] = ax.cls
        allowed[d, : ax.n_classes, : ax.n_classes] = ax.allowed
        v = feas.copy()
        if space.misperceived[d] is not None:
            v &= ~space.misperceived[d].reshape(-1)
        valid[d] = v
    P = np.ascontiguousarray(payoffs.reshape(n, N))
    out = np.zeros((n, N), dtype=np.bool_)
    _KERNEL(P, valid, feas, shape, strides, cls, allowed, out)
    return out.reshape((n, *space.shape))
