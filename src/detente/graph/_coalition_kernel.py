"""Compiled coalition searches (Numba, cached on disk); imported only when coalitions are
analysed. See :mod:`detente.graph.coalitions` for the definitions; the kernels live at module
level because Numba's disk cache does not work for functions defined inside a function.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def step(head, tail, members, shape, strides, bits, valid, visited, reached, qs, ql,
         stamp, fresh):  # pragma: no cover - compiled
    """Take the next state off the queue and queue every legal move from it by a member other
    than the last mover; the states reached for the first time in this search go to
    ``fresh``. Returns (head, tail, how many are fresh)."""
    t = qs[head]
    last = ql[head]
    head += 1
    n_h = members.shape[0]
    nf = 0
    for p in range(n_h):
        if p == last:
            continue
        d = members[p]
        if not valid[d, t]:
            continue
        a = (t // strides[d]) % shape[d]
        base = t - a * strides[d]
        for b in range(shape[d]):
            if b == a or (bits[d, a] & ~bits[d, b]) != 0:
                continue
            t2 = base + b * strides[d]
            if not valid[d, t2]:
                continue
            key = t2 * n_h + p
            if visited[key] == stamp:
                continue
            visited[key] = stamp
            qs[tail] = t2
            ql[tail] = p
            tail += 1
            if reached[t2] != stamp:
                reached[t2] = stamp
                fresh[nf] = t2
                nf += 1
    return head, tail, nf


@njit(cache=True, nogil=True)
def ci_batch(sources, members, shape, strides, bits, valid, P, visited, reached,
             qs, ql, stamp):  # pragma: no cover - compiled
    n_h = members.shape[0]
    cap = 64 + 8 * sources.shape[0]
    targets = np.empty(cap, np.int64)
    indptr = np.zeros(sources.shape[0] + 1, np.int64)
    fresh = np.empty(shape.sum(), np.int64)
    nt = 0
    for q in range(sources.shape[0]):
        s = sources[q]
        stamp += 1
        qs[0] = s  # the queue holds (state, last mover); the source has none
        ql[0] = -1
        head, tail = 0, 1
        seg = nt
        while head < tail:
            head, tail, nf = step(head, tail, members, shape, strides, bits, valid,
                                  visited, reached, qs, ql, stamp, fresh)
            for f in range(nf):
                t2 = fresh[f]
                better = True
                for p2 in range(n_h):
                    if P[members[p2], t2] <= P[members[p2], s]:
                        better = False
                        break
                if better:
                    if nt == targets.shape[0]:
                        bigger = np.empty(2 * targets.shape[0], np.int64)
                        bigger[:nt] = targets[:nt]
                        targets = bigger
                    targets[nt] = t2
                    nt += 1
        targets[seg:nt] = np.sort(targets[seg:nt])
        indptr[q + 1] = nt
    return indptr, targets[:nt], stamp


@njit(cache=True, nogil=True)
def judge(s, t, members, P, MG, MS, flags):  # pragma: no cover - compiled
    """Update flags (has improvement, GMR-unanswered, SEQ-unanswered) with target t."""
    n_h = members.shape[0]
    for p in range(n_h):
        if P[members[p], t] <= P[members[p], s]:
            return
    flags[0] = True
    g = True
    q = True
    for p in range(n_h):
        base = P[members[p], s]
        if MG[p, t] <= base:
            g = False
        if MS[p, t] <= base:
            q = False
    if g:
        flags[1] = True
    if q:
        flags[2] = True


@njit(cache=True, nogil=True)
def flags_bfs(sources, members, shape, strides, bits, valid, P, MG, MS, visited, reached,
              qs, ql, stamp, out):  # pragma: no cover - compiled
    flags = np.zeros(3, np.bool_)
    fresh = np.empty(shape.sum(), np.int64)
    for q in range(sources.shape[0]):
        s = sources[q]
        stamp += 1
        flags[:] = False
        qs[0] = s
        ql[0] = -1
        head, tail = 0, 1
        while head < tail and not (flags[1] and flags[2]):
            head, tail, nf = step(head, tail, members, shape, strides, bits, valid,
                                  visited, reached, qs, ql, stamp, fresh)
            for f in range(nf):
                judge(s, fresh[f], members, P, MG, MS, flags)
        out[0, q] = flags[0]
        out[1, q] = flags[1]
        out[2, q] = flags[2]
    return stamp


@njit(cache=True, nogil=True)
def flags_components(sources, comp_of, cstart, cstates, members, P, MG, MS, out):
    # pragma: no cover - compiled
    flags = np.zeros(3, np.bool_)
    for q in range(sources.shape[0]):
        s = sources[q]
        c = comp_of[s]
        flags[:] = False
        for k in range(cstart[c], cstart[c + 1]):
            t = cstates[k]
            if t != s:
                judge(s, t, members, P, MG, MS, flags)
                if flags[1] and flags[2]:
                    break
        out[0, q] = flags[0]
        out[1, q] = flags[1]
        out[2, q] = flags[2]
