"""Compiled SIM search (Numba, cached on disk); imported only when SIM is computed.

See :mod:`detente.graph.sim` for the definition. One parallel loop over chunks of states;
each chunk keeps its own work buffers.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True, parallel=True)
def sim_kernel(P, valid, feas, shape, strides, bits, out):  # pragma: no cover
    n = shape.shape[0]
    N = feas.shape[0]
    maxm = 0
    for d in range(n):
        if shape[d] > maxm:
            maxm = shape[d]
    n_chunks = 256
    chunk = (N + n_chunks - 1) // n_chunks
    for ch in prange(n_chunks):
        coords = np.empty(n, np.int64)
        ui = np.empty((n, maxm), np.int64)
        nui = np.zeros(n, np.int64)
        choice = np.empty(n, np.int64)
        for s in range(ch * chunk, min(N, (ch + 1) * chunk)):
            _sim_state(s, P, valid, feas, shape, strides, bits, out,
                       coords, ui, nui, choice)

@njit(cache=True, nogil=True)
def _sim_state(s, P, valid, feas, shape, strides, bits, out,
               coords, ui, nui, choice):  # pragma: no cover
    n = shape.shape[0]
    if feas[s]:
        rem = s
        for d in range(n):
            coords[d] = rem // strides[d]
            rem = rem % strides[d]
        for d in range(n):
            cnt = 0
            if valid[d, s]:
                a = coords[d]
                base = s - a * strides[d]
                for b in range(shape[d]):
                    if b == a or (bits[d, a] & ~bits[d, b]) != 0:
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
