"""Compiled limited-move search step (Numba, cached on disk); imported only when L_h or NM
stability is computed. See :mod:`detente.graph.limited_move` for the definitions; the
kernel lives at module level because Numba's disk cache does not work for functions
defined inside a function.
"""

from numba import njit


@njit(cache=True, nogil=True)
def level(G_prev, P, valid, feas, shape, strides, bits, dec, G_new, choice):
    # pragma: no cover - compiled
    N = feas.shape[0]
    for i in range(2):
        j = 1 - i
        for s in range(N):
            G_new[i, s] = s
            choice[i, s] = -1
            if not feas[s] or not valid[i, s]:
                continue
            a = (s // strides[i]) % shape[i]
            base = s - a * strides[i]
            best = -1
            bv = 0
            bj = 0
            bd = 0
            bs = 0
            for b in range(shape[i]):
                if b == a or (bits[i, a] & ~bits[i, b]) != 0:
                    continue
                s1 = base + b * strides[i]
                if not valid[i, s1]:
                    continue
                g = G_prev[j, s1]
                v = P[i, g]
                if v <= P[i, s]:
                    continue
                pj = P[j, g]
                # key: i's payoff (high), j's (low), outcome decimal, move decimal
                tie_wins = v == bv and (
                    pj < bj or (pj == bj and (dec[g] < bd or (dec[g] == bd and dec[s1] < bs)))
                )
                better = best < 0 or v > bv or tie_wins
                if better:
                    best = s1
                    bv = v
                    bj = pj
                    bd = dec[g]
                    bs = dec[s1]
            if best >= 0:
                G_new[i, s] = G_prev[j, best]
                choice[i, s] = best
