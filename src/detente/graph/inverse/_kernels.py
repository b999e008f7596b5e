"""Compiled loops of the inverse analysis (Numba, cached): SEQ verdict tables and the sum
over signature tuples. See :mod:`detente.graph.inverse.profiles` for what they compute."""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def seq_table(n_nodes, starts, ptr, dst, eid, imp, imp_off, imp_len, nb, ui, low,
              out):  # pragma: no cover - compiled
    """Fill ``out[a, c]``: is the target SEQ-stable for the focal DM with own signature ``a``
    when its opponents' improvement signatures are the combination ``c`` (mixed radix over
    ``nb``, the first opponent most significant)?

    The region's nodes are 0 … n_nodes−1; ``starts[t]`` is the focal DM's t-th move.
    Opponent h's moves: ``ptr[h, x]:ptr[h, x + 1]`` into ``dst[h]`` / ``eid[h]`` (its edge
    numbers); ``imp[imp_off[h] + b * imp_len[h] + e]`` says whether edge e is an improvement
    for h under its signature b. ``ui[a, t]``: the t-th move is an improvement for the focal
    DM; ``low[a, x]``: node x is not preferred to the target (a sanction).

    A breadth-first search over (node, last mover) from each start along improvements
    gives R_H^+(start); the verdict is that every improving start reaches a sanction."""
    H = nb.shape[0]
    n_a, n_t = ui.shape
    n_c = out.shape[1]
    seen = np.zeros((n_nodes, H), dtype=np.bool_)
    reach = np.zeros(n_nodes, dtype=np.bool_)
    queue_n = np.empty(n_nodes * H + 1, dtype=np.int64)
    queue_l = np.empty(n_nodes * H + 1, dtype=np.int64)
    b = np.zeros(H, dtype=np.int64)
    touched = np.empty(n_nodes, dtype=np.int64)
    sanctioned = np.zeros((n_a, n_t), dtype=np.bool_)
    for c in range(n_c):
        rem = c
        for h in range(H - 1, -1, -1):
            b[h] = rem % nb[h]
            rem //= nb[h]
        for t in range(n_t):
            # R_H^+(starts[t]) by breadth-first search over (node, last mover)
            n_touched = 0
            head = 0
            tail = 0
            queue_n[tail] = starts[t]
            queue_l[tail] = -1
            tail += 1
            while head < tail:
                x = queue_n[head]
                last = queue_l[head]
                head += 1
                for h in range(H):
                    if h == last:
                        continue
                    base = imp_off[h] + b[h] * imp_len[h]
                    for k in range(ptr[h, x], ptr[h, x + 1]):
                        if not imp[base + eid[h, k]]:
                            continue
                        y = dst[h, k]
                        if seen[y, h]:
                            continue
                        seen[y, h] = True
                        if not reach[y]:
                            reach[y] = True
                            touched[n_touched] = y
                            n_touched += 1
                        queue_n[tail] = y
                        queue_l[tail] = h
                        tail += 1
            for a in range(n_a):
                ok = False
                for q in range(n_touched):
                    if low[a, touched[q]]:
                        ok = True
                        break
                sanctioned[a, t] = ok
            for q in range(n_touched):
                y = touched[q]
                reach[y] = False
                for h in range(H):
                    seen[y, h] = False
        for a in range(n_a):
            ok = True
            for t in range(n_t):
                if ui[a, t] and not sanctioned[a, t]:
                    ok = False
                    break
            out[a, c] = ok


@njit(cache=True, nogil=True)
def combine(sizes, counts, index, tables, t_off, strides, marg, limit,
            found):  # pragma: no cover - compiled
    """Sum over every tuple of signatures (one per DM) of the product of their counts, for
    the tuples under which every DM's verdict table says stable.

    DM k has ``sizes[k]`` signatures; signature g of DM k has ``counts[k, g]`` members and
    reads ``tables[t_off[i] + Σ_k index[k, g_k, i] * strides[i, k]]`` for focal DM i (the
    table of DM i at its own signature and its opponents'). ``marg[k, g]`` is set when g is
    in some stable tuple; the first ``limit`` stable tuples (in lexicographic order) go to
    ``found``. Returns (total, number found).

    The tuples are visited as an odometer whose last DM turns fastest; the table offsets
    and the count products of the outer DMs are kept per level, so the inner loop is a few
    lookups per tuple."""
    n = sizes.shape[0]
    for k in range(n):
        if sizes[k] == 0:
            return 0, 0
    g = np.zeros(n, dtype=np.int64)
    partial = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        partial[0, i] = t_off[i]
    pcount = np.ones(n, dtype=np.int64)
    total = 0
    n_found = 0
    last = n - 1
    k = 0
    while True:
        while k < last:  # offsets and counts of the outer levels, from level k down
            for i in range(n):
                partial[k + 1, i] = partial[k, i] + index[k, g[k], i] * strides[i, k]
            pcount[k + 1] = pcount[k] * counts[k, g[k]]
            k += 1
        any_ok = False
        for gl in range(sizes[last]):
            ok = True
            for i in range(n):
                if not tables[partial[last, i] + index[last, gl, i] * strides[i, last]]:
                    ok = False
                    break
            if ok:
                total += pcount[last] * counts[last, gl]
                marg[last, gl] = True
                any_ok = True
                if n_found < limit:
                    for q in range(last):
                        found[n_found, q] = g[q]
                    found[n_found, last] = gl
                    n_found += 1
        if any_ok:
            for q in range(last):
                marg[q, g[q]] = True
        k = last - 1
        while k >= 0:
            g[k] += 1
            if g[k] < sizes[k]:
                break
            g[k] = 0
            k -= 1
        if k < 0:
            break
    return total, n_found


@njit(cache=True, nogil=True)
def coalition_reach(ptr, idx, members, N):  # pragma: no cover - compiled
    """R_H(p) for every position p: the states the DMs ``members`` reach from p by one or
    more legal moves, no member twice in a row (any moves; p itself left out). CSR arrays
    (indptr, targets), each position's targets increasing."""
    n = ptr.shape[0]
    n_h = members.shape[0]
    seen = np.zeros((N, n), dtype=np.bool_)
    got = np.zeros(N, dtype=np.bool_)
    q_node = np.empty(N * n_h + 1, dtype=np.int64)
    q_last = np.empty(N * n_h + 1, dtype=np.int64)
    indptr = np.zeros(N + 1, dtype=np.int64)
    targets = np.empty(16 * N + 16, dtype=np.int64)
    nt = 0
    for p in range(N):
        q_node[0] = p
        q_last[0] = -1
        head = 0
        tail = 1
        seg = nt
        while head < tail:
            x = q_node[head]
            last = q_last[head]
            head += 1
            for a in range(n_h):
                j = members[a]
                if j == last:
                    continue
                for k in range(ptr[j, x], ptr[j, x + 1]):
                    y = idx[j, k]
                    if seen[y, j]:
                        continue
                    seen[y, j] = True
                    q_node[tail] = y
                    q_last[tail] = j
                    tail += 1
                    if y != p and not got[y]:
                        got[y] = True
                        if nt == targets.shape[0]:
                            bigger = np.empty(2 * targets.shape[0], dtype=np.int64)
                            bigger[:nt] = targets[:nt]
                            targets = bigger
                        targets[nt] = y
                        nt += 1
        for t in range(1, tail):
            seen[q_node[t], q_last[t]] = False
        for t in range(seg, nt):
            got[targets[t]] = False
        targets[seg:nt] = np.sort(targets[seg:nt])
        indptr[p + 1] = nt
    return indptr, targets[:nt]


@njit(cache=True, nogil=True)
def reach_steps(ptr, idx, cptr, cidx, cmem, ranks, start, target, improving,
                out):  # pragma: no cover - compiled
    """For every profile b, the fewest moves from ``start`` to ``target`` (-1 if none):
    breadth-first over (state, last mover), no mover twice in a row. Movers 0 … n−1 are the
    DMs: DM j's targets from x are ``idx[j, ptr[j, x]:ptr[j, x + 1]]``, each an improvement
    for j under ``ranks[b]`` when ``improving``. Mover n + c is coalition c (none when
    ``cptr`` has no rows), whose steps from x are the states of
    ``cidx[cptr[c, x]:cptr[c, x + 1]]`` (R_H(x)) that every member (``cmem[c, j]``)
    strictly prefers to x."""
    B, n, N = ranks.shape
    C = cptr.shape[0]
    M = n + C
    seen = np.zeros((N, M), dtype=np.bool_)
    q_node = np.empty(N * M + 1, dtype=np.int64)
    q_last = np.empty(N * M + 1, dtype=np.int64)
    q_dist = np.empty(N * M + 1, dtype=np.int64)
    for b in range(B):
        if start == target:
            out[b] = 0
            continue
        out[b] = -1
        head = 0
        tail = 1
        q_node[0] = start
        q_last[0] = -1
        q_dist[0] = 0
        done = False
        while head < tail and not done:
            x = q_node[head]
            last = q_last[head]
            d = q_dist[head]
            head += 1
            for q in range(M):
                if q == last:
                    continue
                if q < n:
                    lo = ptr[q, x]
                    hi = ptr[q, x + 1]
                else:
                    lo = cptr[q - n, x]
                    hi = cptr[q - n, x + 1]
                for k in range(lo, hi):
                    if q < n:
                        y = idx[q, k]
                        if improving and ranks[b, q, y] <= ranks[b, q, x]:
                            continue
                    else:
                        y = cidx[k]
                        better = True
                        for j in range(n):
                            if cmem[q - n, j] and ranks[b, j, y] <= ranks[b, j, x]:
                                better = False
                                break
                        if not better:
                            continue
                    if seen[y, q]:
                        continue
                    if y == target:
                        out[b] = d + 1
                        done = True
                        break
                    seen[y, q] = True
                    q_node[tail] = y
                    q_last[tail] = q
                    q_dist[tail] = d + 1
                    tail += 1
                if done:
                    break
        for t in range(1, tail):
            seen[q_node[t], q_last[t]] = False
