"""The compiled back-end of the move model (Numba, cached on disk).

:mod:`detente.graph.moves` states the move rules and answers per-state questions in NumPy;
this module applies the same rules in compiled code, for every kernel that cannot be
vectorised. It is imported only when a kernel is needed (it loads Numba).

Why one file: Numba's disk cache is invalidated when the file that defines a function
changes, not when a function it calls changes in another file. Every kernel that applies the
move rules therefore lives in the file that defines them, so that changing a rule recompiles
every kernel that uses it.

1. **The rules.** :func:`legal`: DM ``d`` may move from its strategy ``a`` to ``b`` when
   ``a != b`` and ``bits[d, a] ⊆ bits[d, b]`` (each strategy's irreversible options with the
   backward-only bits flipped: forward-only options never fall, backward-only options never
   rise); :func:`moves_from` and :func:`improvements_from` list a DM's unilateral moves and
   improvements from one state, skipping states the DM cannot move from or to (``valid``:
   feasible and not misperceived by it).
2. **Block reductions** (:func:`reduce_rows`, :func:`pull_rows`): the same subset rule for
   every state at once, per block of a DM (a row: every other DM's strategy fixed). For every
   block the kernel keeps a table over class masks, ``F[mask]`` = the best value among the
   targets inserted so far whose class contains ``mask``; inserting a target updates every
   subset of its class, and a source's answer is one lookup, ``F[bits[s]]``. A row costs the
   sum over its strategies of 2^(irreversible options they hold) — 3^k for k free
   irreversible options, instead of 4^k for all pairs of classes. For improvements the row is
   walked from the mover's most preferred target down, tie group by tie group, answering
   each group before inserting it, so only strictly better targets count. When a DM's
   irreversible options are many but take few combinations, the table over all masks would
   be large and mostly empty; then (``pairwise``) the table is over the classes that occur
   and a source looks through the allowed classes: m·classes work per row.
3. **Simultaneous sanctions** (SIM, :mod:`detente.graph.sim`): :func:`sim_kernel`,
   :func:`sim_kernel_many` (a stack of preference profiles, :mod:`detente.graph.profiles`)
   and :func:`sim_response` share one search of the opponents' combinations.
4. **Coalition searches** (:mod:`detente.graph.coalitions`): breadth-first search over
   (state, last member) pairs confined to a coalition's sub-space.
5. **Limited-move level** (:mod:`detente.graph.limited_move`): one horizon of G_h.

Flat states are C-order indices into the state tensor; ``shape`` and ``strides`` are the
tensor's (one axis per DM), ``bits`` the DMs' strategy bits padded to one row per DM
(:meth:`~detente.graph.space.StateSpace.padded_bits`), ``valid[d]`` the flat states DM ``d``
can move from and to, ``P[d]`` DM ``d``'s payoff ranks (flat).
"""

import numpy as np
from numba import njit, prange


# --- 1. the rules ---------------------------------------------------------------------------
@njit(cache=True, nogil=True)
def legal(bits, d, a, b):  # pragma: no cover - compiled
    """Whether DM ``d`` may change its strategy from ``a`` to ``b`` (irreversibility only)."""
    return a != b and (bits[d, a] & ~bits[d, b]) == 0


@njit(cache=True, nogil=True)
def moves_from(s, d, shape, strides, bits, valid, out):  # pragma: no cover - compiled
    """Write DM ``d``'s unilateral moves from flat state ``s`` (target flat indices, in
    increasing strategy order) into ``out``; return how many there are."""
    if not valid[d, s]:
        return 0
    a = (s // strides[d]) % shape[d]
    base = s - a * strides[d]
    n = 0
    for b in range(shape[d]):
        if legal(bits, d, a, b):
            t = base + b * strides[d]
            if valid[d, t]:
                out[n] = t
                n += 1
    return n


@njit(cache=True, nogil=True)
def improvements_from(s, d, P, shape, strides, bits, valid, out):  # pragma: no cover
    """As :func:`moves_from`, keeping the moves to states ``d`` strictly prefers."""
    n = moves_from(s, d, shape, strides, bits, valid, out)
    k = 0
    for x in range(n):
        t = out[x]
        if P[d, t] > P[d, s]:
            out[k] = t
            k += 1
    return k


# --- 2. block reductions --------------------------------------------------------------------
# One walk (:func:`_reduce_block_rows`) serves both tabulations and both layouts; the mode is
# the *type* of an argument, not a flag: ``class_bits=None`` is the table over every class
# mask, an array the classes that occur (``pairwise``); ``valid=None`` the rows of
# :func:`reduce_rows` (every cell a state), an array the flat tensor of :func:`reduce_tensor`.
# Numba compiles one specialisation per combination of types and prunes the ``is None``
# branches in each, so every loop stays as tight as a hand-written copy (a run-time branch
# between the modes inside the loop made the kernel several times slower). The validity test
# stays in the walk, outside :func:`_add`: with it inside, LLVM no longer inlined ``_add``
# and the tensor kernel ran 1.5-4x slower (measured).
@njit(cache=True, nogil=True)
def _movable(valid, idx):  # pragma: no cover - compiled
    """Whether DM j can move from and to cell ``idx`` (every cell when ``valid`` is None)."""
    if valid is None:
        return True
    return valid[idx]


@njit(cache=True, nogil=True)
def _add(F, stamp, tag, code, v, take_max, class_bits):  # pragma: no cover - compiled
    """Insert a target of value ``v`` and class ``code``: into every subset of its class
    mask (table), or into its own class only (pairwise: sources look through the
    classes)."""
    sub = code
    while True:
        if stamp[sub] != tag:
            stamp[sub] = tag
            F[sub] = v
        elif (v > F[sub]) if take_max else (v < F[sub]):
            F[sub] = v
        if class_bits is not None:
            break
        if sub == 0:
            break
        sub = (sub - 1) & code


@njit(cache=True, nogil=True)
def _answer(F, stamp, tag, code, class_bits, take_max, sentinel):  # pragma: no cover
    """The answer to a source of class ``code``: the best value inserted so far that it may
    move to, by one lookup (table) or a look through the classes whose bits contain its own
    (pairwise); ``sentinel`` if none."""
    if class_bits is None:
        return F[code] if stamp[code] == tag else sentinel
    acc = sentinel
    own = class_bits[code]
    for c in range(class_bits.shape[0]):
        better = (F[c] > acc) if take_max else (F[c] < acc)
        if (own & ~class_bits[c]) == 0 and stamp[c] == tag and better:
            acc = F[c]
    return acc


@njit(cache=True, nogil=True)
def _reduce_block_rows(e, r0, r1, R, V, valid, m, stride, codes, class_bits, improving, order,
                       sorted_keys, per_entry, take_max, sentinel, F, stamp,
                       out):  # pragma: no cover - compiled
    """Rows ``r0 … r1 - 1`` of entry ``e`` for :func:`reduce_tensor`: row r's cells are
    ``base + b * stride`` for the ``m`` strategies b (see the section comment for the
    modes). ``F``/``stamp`` is the chunk's table, ``stamp`` tagging each entry with the
    row (``e * R + r``) whose value it holds."""
    for r in range(r0, r1):
        base = (r // stride) * m * stride + r % stride
        tag = e * R + r
        orow = tag if per_entry else r
        if improving:
            p = m - 1
            while p >= 0:
                key = sorted_keys[orow, p]
                q = p - 1
                while q >= 0 and sorted_keys[orow, q] == key:
                    q -= 1
                for x in range(q + 1, p + 1):  # answer the tie group first ...
                    b = order[orow, x]
                    idx = base + b * stride
                    out[e, idx] = (_answer(F, stamp, tag, codes[b], class_bits, take_max,
                                           sentinel) if _movable(valid, idx) else sentinel)
                for x in range(q + 1, p + 1):  # ... then it becomes a target
                    b = order[orow, x]
                    idx = base + b * stride
                    if _movable(valid, idx):
                        _add(F, stamp, tag, codes[b], V[e, idx], take_max, class_bits)
                p = q
        else:
            for b in range(m):
                idx = base + b * stride
                if _movable(valid, idx):
                    _add(F, stamp, tag, codes[b], V[e, idx], take_max, class_bits)
            for b in range(m):
                idx = base + b * stride
                out[e, idx] = (_answer(F, stamp, tag, codes[b], class_bits, take_max, sentinel)
                               if _movable(valid, idx) else sentinel)


@njit(cache=True, nogil=True, parallel=True)
def reduce_tensor(V, valid, m, stride, codes, size, class_bits, pairwise, improving, order,
                  sorted_keys, per_entry, take_max, sentinel, out):  # pragma: no cover
    """Fill ``out[e, s]`` with the best ``V[e, t]`` over the targets t DM j may move to from
    source s (strictly better ones by ``sorted_keys`` when ``improving``), ``sentinel`` if
    none, for a stack of value arrays flat over the state tensor.

    DM j's block of row r (its other DMs' strategies, in C order) is ``base + b * stride``
    for its ``m`` strategies b, with ``base = (r // stride) * m * stride + r % stride``;
    ``valid`` is the flat mask of states j can move from and to (``None``: every cell, see
    :func:`reduce_rows`). ``codes`` are the strategies' class bits (table of ``size`` =
    2^bits entries) or, when ``pairwise``, their dense class ids (``size`` classes whose
    bits are ``class_bits``). For improvements, ``order``/``sorted_keys`` are each row's
    strategies sorted by j's payoff (``-1`` keys where j cannot move), one set for the
    whole stack, or one per entry (``per_entry``: row ``e * R + r``) when j's payoff differs
    between entries. No transposed copies are made (sensitivity analysis reduces many
    profiles, :mod:`detente.graph.profiles`)."""
    E, N = V.shape
    R = N // m
    n_chunks = max(1, min(R, 64))
    chunk = (R + n_chunks - 1) // n_chunks
    for job in prange(E * n_chunks):
        e = job // n_chunks
        ch = job - e * n_chunks
        F = np.empty(size, np.int32)
        stamp = np.full(size, -1, np.int64)  # F[x] holds a value of row stamp[x] only
        r0 = ch * chunk
        r1 = min(R, (ch + 1) * chunk)
        if pairwise:
            _reduce_block_rows(e, r0, r1, R, V, valid, m, stride, codes, class_bits,
                               improving, order, sorted_keys, per_entry, take_max, sentinel,
                               F, stamp, out)
        else:
            _reduce_block_rows(e, r0, r1, R, V, valid, m, stride, codes, None, improving,
                               order, sorted_keys, per_entry, take_max, sentinel, F, stamp,
                               out)


def reduce_rows(order: np.ndarray, sorted_keys: np.ndarray, V: np.ndarray, codes: np.ndarray,
                size: int, class_bits: np.ndarray, pairwise: bool, improving: bool,
                take_max: bool, sentinel: np.int32, out: np.ndarray) -> None:
    """Fill ``out[r, s]`` with the best ``V[r, t]`` over allowed targets t of source s
    (strictly better ones by ``sorted_keys`` when ``improving``), ``sentinel`` if none:
    :func:`reduce_tensor` over rows already laid out as blocks (``V`` and ``out`` of shape
    ``(R, m)``, C-contiguous, every cell a state; ``order``/``sorted_keys`` one row each)."""
    R, m = V.shape
    if not (out.shape == V.shape and out.flags.c_contiguous):
        raise ValueError("reduce_rows writes into a C-contiguous array of V's shape")
    reduce_tensor(np.ascontiguousarray(V).reshape(1, R * m), None, m, 1, codes, size,
                  class_bits, pairwise, improving, order, sorted_keys, False, take_max,
                  sentinel, out.reshape(1, R * m))


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


# --- 3. simultaneous sanctions (SIM) --------------------------------------------------------
@njit(cache=True, nogil=True)
def _improvement_lists(s, P, shape, strides, bits, valid, ui, nui):  # pragma: no cover
    """Every DM's unilateral improvements from s: ``ui[d, :nui[d]]`` (flat targets)."""
    for d in range(shape.shape[0]):
        nui[d] = improvements_from(s, d, P, shape, strides, bits, valid, ui[d])


@njit(cache=True, nogil=True)
def _simultaneous(s, s1, i, P, feas, ui, nui, choice):  # pragma: no cover - compiled
    """Whether the DMs other than i, each staying or taking one of its improvements from s
    (``ui``) at the moment i moves to s1, reach a feasible state i does not prefer to s.

    Combinations are tried in a fixed order, the last DM's choice changing fastest, each DM
    first staying, then its improvements in increasing strategy order; the first sanction
    found is left in ``choice`` (-1 = stays; else the index into ``ui[d]``)."""
    n = nui.shape[0]
    for d in range(n):
        choice[d] = -1
    while True:
        d = n - 1
        advanced = False
        while d >= 0:
            if d != i:
                if choice[d] + 1 < nui[d]:
                    choice[d] += 1
                    advanced = True
                    break
                choice[d] = -1
            d -= 1
        if not advanced:
            return False
        t = s1
        for d2 in range(n):
            if d2 != i and choice[d2] >= 0:
                t += ui[d2, choice[d2]] - s
        if feas[t] and P[i, t] <= P[i, s]:
            return True


@njit(cache=True, nogil=True, parallel=True)
def sim_kernel_many(P, valid, feas, shape, strides, bits, out):  # pragma: no cover - compiled
    """``out[k, i, s]``: whether every improvement of DM i from s is met by a simultaneous
    sanction under preference profile k (False at infeasible states), for a stack of profiles
    over one state space (``P[k]`` is profile k's payoffs, ``(K, n, N)``). Parallel over
    (profile, chunk of states) pairs, so that many small models and few large ones both keep
    the cores busy (sensitivity and uncertainty analysis; :func:`sim_kernel`: one profile)."""
    K = P.shape[0]
    n = shape.shape[0]
    N = feas.shape[0]
    maxm = 0
    for d in range(n):
        if shape[d] > maxm:
            maxm = shape[d]
    n_chunks = max(1, min(256, N // 64))
    chunk = (N + n_chunks - 1) // n_chunks
    for job in prange(K * n_chunks):
        k = job // n_chunks
        ch = job - k * n_chunks
        Pk = P[k]
        ui = np.empty((n, maxm), np.int64)
        nui = np.zeros(n, np.int64)
        choice = np.empty(n, np.int64)
        for s in range(ch * chunk, min(N, (ch + 1) * chunk)):
            if not feas[s]:
                continue
            _improvement_lists(s, Pk, shape, strides, bits, valid, ui, nui)
            for i in range(n):
                stable = True
                for u in range(nui[i]):
                    if not _simultaneous(s, ui[i, u], i, Pk, feas, ui, nui, choice):
                        stable = False
                        break
                out[k, i, s] = stable


def sim_kernel(P: np.ndarray, valid: np.ndarray, feas: np.ndarray, shape: np.ndarray,
               strides: np.ndarray, bits: np.ndarray, out: np.ndarray) -> None:
    """``out[i, s]``: whether every improvement of DM i from s is met by a simultaneous
    sanction (False at infeasible states), for one preference profile ``P`` (``(n, N)``):
    :func:`sim_kernel_many` over a stack of one (``out`` C-contiguous, written in place)."""
    if not (out.shape == P.shape and out.flags.c_contiguous):
        raise ValueError("sim_kernel writes into a C-contiguous array of P's shape")
    sim_kernel_many(np.ascontiguousarray(P)[None], valid, feas, shape, strides, bits, out[None])


@njit(cache=True, nogil=True)
def sim_response(s, i, s1, P, valid, feas, shape, strides, bits, moves):  # pragma: no cover
    """The first simultaneous sanction (in :func:`_simultaneous`'s order) of DM i's move from
    s to s1: ``moves[d]`` the state each other DM's own move from s reaches, -1 for a DM that
    stays. Returns whether there is one."""
    n = shape.shape[0]
    maxm = 0
    for d in range(n):
        if shape[d] > maxm:
            maxm = shape[d]
    ui = np.empty((n, maxm), np.int64)
    nui = np.zeros(n, np.int64)
    choice = np.empty(n, np.int64)
    _improvement_lists(s, P, shape, strides, bits, valid, ui, nui)
    found = _simultaneous(s, s1, i, P, feas, ui, nui, choice)
    for d in range(n):
        moves[d] = ui[d, choice[d]] if found and d != i and choice[d] >= 0 else -1
    return found


# --- 4. coalition searches ------------------------------------------------------------------
@njit(cache=True, nogil=True)
def _bfs_step(head, tail, members, shape, strides, bits, valid, visited, reached, qs, ql,
              stamp, fresh, buf):  # pragma: no cover - compiled
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
        nm = moves_from(t, members[p], shape, strides, bits, valid, buf)
        for x in range(nm):
            t2 = buf[x]
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
    """Coalitional improvements of the coalition ``members`` from each source: CSR arrays
    (indptr, targets, each source's in increasing flat order) and the last stamp used."""
    n_h = members.shape[0]
    cap = 64 + 8 * sources.shape[0]
    targets = np.empty(cap, np.int64)
    indptr = np.zeros(sources.shape[0] + 1, np.int64)
    fresh = np.empty(shape.sum(), np.int64)
    buf = np.empty(shape.max(), np.int64)
    nt = 0
    for q in range(sources.shape[0]):
        s = sources[q]
        stamp += 1
        qs[0] = s  # the queue holds (state, last mover); the source has none
        ql[0] = -1
        head, tail = 0, 1
        seg = nt
        while head < tail:
            head, tail, nf = _bfs_step(head, tail, members, shape, strides, bits, valid,
                                       visited, reached, qs, ql, stamp, fresh, buf)
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
def _judge(s, t, members, P, MG, MS, flags):  # pragma: no cover - compiled
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
    """Coalition stability flags of each source by a breadth-first search (see
    :func:`detente.graph.coalitions.coalition_flags`); returns the last stamp used."""
    flags = np.zeros(3, np.bool_)
    fresh = np.empty(shape.sum(), np.int64)
    buf = np.empty(shape.max(), np.int64)
    for q in range(sources.shape[0]):
        s = sources[q]
        stamp += 1
        flags[:] = False
        qs[0] = s
        ql[0] = -1
        head, tail = 0, 1
        while head < tail and not (flags[1] and flags[2]):
            head, tail, nf = _bfs_step(head, tail, members, shape, strides, bits, valid,
                                       visited, reached, qs, ql, stamp, fresh, buf)
            for f in range(nf):
                _judge(s, fresh[f], members, P, MG, MS, flags)
        out[0, q] = flags[0]
        out[1, q] = flags[1]
        out[2, q] = flags[2]
    return stamp


@njit(cache=True, nogil=True)
def flags_components(sources, comp_of, cstart, cstates, members, P, MG, MS, out):
    # pragma: no cover - compiled
    """Coalition stability flags of each source by a scan of its connected component (for
    coalitions whose members move freely within their blocks)."""
    flags = np.zeros(3, np.bool_)
    for q in range(sources.shape[0]):
        s = sources[q]
        c = comp_of[s]
        flags[:] = False
        for k in range(cstart[c], cstart[c + 1]):
            t = cstates[k]
            if t != s:
                _judge(s, t, members, P, MG, MS, flags)
                if flags[1] and flags[2]:
                    break
        out[0, q] = flags[0]
        out[1, q] = flags[1]
        out[2, q] = flags[2]


# --- 5. limited move ------------------------------------------------------------------------
@njit(cache=True, nogil=True)
def limited_move_level(G_prev, P, valid, feas, shape, strides, bits, dec, G_new, choice):
    # pragma: no cover - compiled
    """One horizon of limited-move stability for two DMs (see
    :mod:`detente.graph.limited_move`): ``G_new[i, s]`` the anticipated final state and
    ``choice[i, s]`` the move i makes (-1: it stays), from G_{h-1} in ``G_prev``."""
    N = feas.shape[0]
    buf = np.empty(shape.max(), np.int64)
    for i in range(2):
        j = 1 - i
        for s in range(N):
            G_new[i, s] = s
            choice[i, s] = -1
            if not feas[s]:
                continue
            best = -1
            bv = 0
            bj = 0
            bd = 0
            bs = 0
            for x in range(moves_from(s, i, shape, strides, bits, valid, buf)):
                s1 = buf[x]
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
