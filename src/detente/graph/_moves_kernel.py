"""Compiled block reductions for decision makers with irreversible options (Numba, cached).

Imported only when a decision maker has more than one irreversibility class; see
:class:`detente.graph.moves.BlockMoves` for what is reduced and why.

A strategy's class is the bit mask of its irreversible options with the backward-only bits
flipped (``bits``); then a move from class ``a`` to class ``b`` is allowed exactly when
``a ⊆ b``. For every block (row) the kernel keeps a table over class masks,
``F[mask]`` = the best value among the targets inserted so far whose class contains
``mask``; inserting a target updates every subset of its class, and a source's answer is
one lookup, ``F[bits[s]]``. A row costs the sum over its strategies of 2^(irreversible
options they hold) — 3^k for k free irreversible options, instead of 4^k for all pairs of
classes. For improvements the row is walked from the mover's most preferred target down,
tie group by tie group, answering each group before inserting it, so only strictly better
targets count.

When a decision maker's irreversible options are many but take few combinations (e.g. an
exclusive group of irreversible options), the table over all masks would be large and
mostly empty; then (``pairwise``) the table is over the classes that occur and a source
looks through the allowed classes: m·classes work per row.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _insert(F, stamp, row, mask, v, take_max):  # pragma: no cover - compiled
    sub = mask
    while True:
        if stamp[sub] != row:
            stamp[sub] = row
            F[sub] = v
        elif (v > F[sub]) if take_max else (v < F[sub]):
            F[sub] = v
        if sub == 0:
            break
        sub = (sub - 1) & mask


@njit(cache=True, nogil=True)
def _add(F, stamp, row, code, v, take_max, pairwise):  # pragma: no cover - compiled
    if pairwise:
        if stamp[code] != row:
            stamp[code] = row
            F[code] = v
        elif (v > F[code]) if take_max else (v < F[code]):
            F[code] = v
    else:
        _insert(F, stamp, row, code, v, take_max)


@njit(cache=True, nogil=True)
def _answer(F, stamp, row, code, class_bits, take_max, pairwise, sentinel):  # pragma: no cover
    if not pairwise:
        return F[code] if stamp[code] == row else sentinel
    acc = sentinel
    own = class_bits[code]
    for c in range(class_bits.shape[0]):
        better = (F[c] > acc) if take_max else (F[c] < acc)
        if (own & ~class_bits[c]) == 0 and stamp[c] == row and better:
            acc = F[c]
    return acc


@njit(cache=True, nogil=True, parallel=True)
def reduce_rows(order, sorted_keys, V, codes, size, class_bits, pairwise, improving, take_max,
                sentinel, out):  # pragma: no cover - compiled
    """Fill ``out[r, s]`` with the best ``V[r, t]`` over allowed targets t of source s
    (strictly better ones by ``sorted_keys`` when ``improving``), ``sentinel`` if none.

    ``codes`` are the strategies' class bits (table of ``size`` = 2^bits entries) or, when
    ``pairwise``, their dense class ids (``size`` classes whose bits are ``class_bits``)."""
    R, m = V.shape
    n_chunks = min(R, 256)
    chunk = (R + n_chunks - 1) // n_chunks
    for ch in prange(n_chunks):
        F = np.empty(size, np.int32)
        stamp = np.full(size, -1, np.int64)  # F[x] holds a value of row stamp[x] only
        for r in range(ch * chunk, min(R, (ch + 1) * chunk)):
            if improving:
                p = m - 1
                while p >= 0:
                    key = sorted_keys[r, p]
                    q = p - 1
                    while q >= 0 and sorted_keys[r, q] == key:
                        q -= 1
                    for x in range(q + 1, p + 1):  # answer the tie group first ...
                        s = order[r, x]
                        out[r, s] = _answer(F, stamp, r, codes[s], class_bits, take_max,
                                            pairwise, sentinel)
                    for x in range(q + 1, p + 1):  # ... then it becomes a target
                        t = order[r, x]
                        _add(F, stamp, r, codes[t], V[r, t], take_max, pairwise)
                    p = q
            else:
                for t in range(m):
                    _add(F, stamp, r, codes[t], V[r, t], take_max, pairwise)
                for s in range(m):
                    out[r, s] = _answer(F, stamp, r, codes[s], class_bits, take_max, pairwise,
                                        sentinel)


@njit(cache=True, nogil=True)
def _insert_up(F, stamp, tag, mask, full, v, is_sum):  # pragma: no cover - compiled
    """Add a source of class ``mask`` to every superset class (the targets it can reach)."""
    sup = mask
    while True:
        if stamp[sup] != tag:
            stamp[sup] = tag
            F[sup] = v
        elif is_sum:
            F[sup] += v
        elif v > F[sup]:
            F[sup] = v
        if sup == full:
            break
        sup = (sup + 1) | mask


@njit(cache=True, nogil=True, parallel=True)
def pull_rows(order, sorted_keys, W, bits, n_bits, improving, is_sum, ident,
              out):  # pragma: no cover - compiled
    """Fill ``out[r, t]`` with the sum or maximum of ``W[r, s]`` over the sources s that can
    move to target t (bits[s] ⊆ bits[t], s ≠ t; with ``improving`` only sources the mover
    likes less than t, by ``sorted_keys``), ``ident`` if none.

    Used by status quo analysis to pull path counts and labels to the targets of moves; the
    mirror image of :func:`reduce_rows` (sources go into every superset of their class)."""
    R, m = W.shape
    size = 1 << n_bits
    full = size - 1
    n_chunks = min(R, 256)
    chunk = (R + n_chunks - 1) // n_chunks
    for ch in prange(n_chunks):
        F = np.empty(size, np.int64)
        stamp = np.full(size, -1, np.int64)
        for r in range(ch * chunk, min(R, (ch + 1) * chunk)):
            for t in range(m):
                out[r, t] = ident
            if improving:
                tag = 2 * r
                p = 0
                while p < m:
                    key = sorted_keys[r, p]
                    q = p + 1
                    while q < m and sorted_keys[r, q] == key:
                        q += 1
                    for x in range(p, q):  # targets of this tie group first ...
                        t = order[r, x]
                        b = bits[t]
                        if stamp[b] == tag:
                            out[r, t] = F[b]
                    for x in range(p, q):  # ... then they become sources
                        s = order[r, x]
                        _insert_up(F, stamp, tag, bits[s], full, W[r, s], is_sum)
                    p = q
            else:
                # every other source comes before or after t in column order: one pass each
                # way, each answering t before inserting it, excludes t itself exactly
                for direction in range(2):
                    tag = 2 * r + direction
                    for y in range(m):
                        t = y if direction == 0 else m - 1 - y
                        b = bits[t]
                        if stamp[b] == tag:
                            if out[r, t] == ident:
                                out[r, t] = F[b]
                            elif is_sum:
                                out[r, t] += F[b]
                            elif F[b] > out[r, t]:
                                out[r, t] = F[b]
                        _insert_up(F, stamp, tag, b, full, W[r, t], is_sum)
