"""Locked-in states: where irreversible moves have closed doors for ever.

An option may be irreversible (Fang, Hipel & Kilgour 1993, ch. 3; GMCR II): forward only
(once taken it cannot be dropped: a military intervention, an admission to an alliance) or
backward only (once dropped it cannot be taken again). In a state s, the **lock** L(s) is
the set of its irreversible options at the value they can never leave: forward-only options
taken, backward-only options not taken. Every move, by anyone, keeps them so; every state
reachable from s agrees with s on L(s). A state is **locked in** when its lock is not empty,
and the states **out of reach for ever** from it are the feasible states that disagree with
it on a locked option: whatever the decision makers do, the conflict cannot return to them.
(Other states may be unreachable for other reasons, such as feasibility; those are not what
the lock closes.)

A lock is also a property of a *set* of options: the lock {admit, intervene} is reached when
both have been taken, in any state. :func:`reachable_locks` says, after a status quo search
(:mod:`detente.graph.paths`), which locks the conflict can reach from its start, in how few
steps.

Everything is vectorised over the feasible states: each state's lock is a bit mask over the
irreversible options, and "how many states agree with a lock" is a sum over supersets of a
histogram of those masks (a zeta transform, 2^k work for k irreversible options; beyond
:data:`MAX_TABLE_BITS` options, one pass over the states per lock asked).

Examples
--------
>>> import detente
>>> cuban = detente.load("cuban-missile-crisis")      # the US air strike is irreversible
>>> [lk.to_dict() for lk in lock_ins(cuban, [cuban.decimal("YNYN")])]
[{'state': 'YNYN', 'locked': {'air_strike': 'Y'}, 'out_of_reach': 6}]
>>> lock_ins(cuban, [cuban.decimal("NNYN")])   # nothing irreversible done yet
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.model.conflict import Conflict

__all__ = ["LockIn", "Lock", "lock_masks", "locked_options", "lock_ins", "reachable_locks",
           "lock_in_reach", "MAX_TABLE_BITS"]

#: Above this many irreversible options the superset table is not built.
MAX_TABLE_BITS = 20


@dataclass(frozen=True)
class LockIn:
    """A locked-in state: ``locked`` maps each option at the value it can never leave to
    that value (``"Y"`` or ``"N"``); ``out_of_reach`` counts the feasible states it closes."""

    state: str
    locked: dict[str, str]
    out_of_reach: int

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "locked": dict(self.locked),
                "out_of_reach": self.out_of_reach}


@dataclass(frozen=True)
class Lock:
    """A lock (a set of irreversible options at their final values) and whether the
    conflict can reach it from a start: ``steps`` is the fewest steps (None if not reached),
    ``example`` a state reached in that many steps that holds it."""

    locked: dict[str, str]
    out_of_reach: int
    steps: int | None
    example: str | None

    @property
    def reachable(self) -> bool:
        return self.steps is not None

    def to_dict(self) -> dict[str, Any]:
        return {"locked": dict(self.locked), "reachable": self.reachable,
                "steps": self.steps, "example": self.example,
                "out_of_reach": self.out_of_reach}


def lock_masks(conflict: Conflict) -> tuple[int, int]:
    """Bit masks (over option indices) of the forward-only and the backward-only options."""
    fwd = sum(1 << k for k, o in enumerate(conflict.options) if o.direction == "forward")
    bwd = sum(1 << k for k, o in enumerate(conflict.options) if o.direction == "backward")
    return fwd, bwd


def _locks(conflict: Conflict, decimals: np.ndarray) -> np.ndarray:
    """Each state's lock as a bit mask over option indices (int64)."""
    fwd, bwd = lock_masks(conflict)
    d = np.asarray(decimals, dtype=np.int64)
    return (d & fwd) | (~d & bwd)


def locked_options(conflict: Conflict, decimal: int) -> dict[str, str]:
    """The options of a state's lock, with their values (model order)."""
    lk = int(_locks(conflict, np.array([decimal]))[0])
    return {o.id: "Y" if (decimal >> k) & 1 else "N"
            for k, o in enumerate(conflict.options) if (lk >> k) & 1}


class _Table:
    """Counts of feasible states per lock, summed over supersets: ``agree(L)`` is how many
    feasible states hold every option of lock L at its final value."""

    def __init__(self, conflict: Conflict, feasible: np.ndarray) -> None:
        fwd, bwd = lock_masks(conflict)
        self.irr = [k for k in range(conflict.n_options) if ((fwd | bwd) >> k) & 1]
        self.locks = _locks(conflict, feasible)
        self.n = int(self.locks.size)
        self.table: np.ndarray | None = None
        if len(self.irr) <= MAX_TABLE_BITS:
            code = self._compress(self.locks)
            t = np.bincount(code, minlength=1 << len(self.irr)).astype(np.int64)
            for r in range(len(self.irr)):  # sum over supersets, bit by bit
                view = t.reshape(-1, 2, 1 << r)
                view[:, 0, :] += view[:, 1, :]
            self.table = t

    def _compress(self, locks: np.ndarray) -> np.ndarray:
        code = np.zeros(locks.shape, dtype=np.int64)
        for r, k in enumerate(self.irr):
            code |= ((locks >> k) & 1) << r
        return code

    def agree(self, lock: int) -> int:
        return int(self.agree_many(np.array([lock], dtype=np.int64))[0])

    def agree_many(self, locks: np.ndarray) -> np.ndarray:
        """:meth:`agree` of each lock in ``locks`` (int64 array), vectorised."""
        if self.table is not None:
            return self.table[self._compress(locks)]
        distinct, back = np.unique(locks, return_inverse=True)  # one pass per distinct lock
        counts = np.array([np.count_nonzero((self.locks & lk) == lk)
                           for lk in distinct.tolist()], dtype=np.int64)
        return counts[back.reshape(-1)]


def lock_ins(conflict: Conflict, decimals: Iterable[int],
             feasible: np.ndarray | None = None) -> list[LockIn]:
    """The locked-in states among ``decimals`` (in the order given), each with its locked
    options and the number of feasible states out of reach for ever from it.

    ``feasible``: the model's feasible decimals (computed from a state space when not given).
    """
    decs = np.array([int(d) for d in decimals], dtype=np.int64)
    if not decs.size:
        return []
    locks = _locks(conflict, decs)
    if not locks.any():
        return []
    if feasible is None:
        from detente.graph.space import StateSpace

        feasible = StateSpace(conflict).feasible_decimals
    table = _Table(conflict, np.asarray(feasible))
    # vectorised over the states (a per-state loop took seconds on 10^5 locked-in states)
    kept = np.flatnonzero(locks)
    out_of_reach = table.n - table.agree_many(locks[kept])
    patterns = conflict.patterns(decs[kept])
    irr = [(k, conflict.options[k].id) for k in table.irr]  # model order, as locked_options
    seen: dict[tuple[int, int], dict[str, str]] = {}  # (lock, its values): the options
    out = []
    for d, lk, pattern, closed in zip(decs[kept].tolist(), locks[kept].tolist(), patterns,
                                      out_of_reach.tolist(), strict=True):
        key = (lk, d & lk)
        if key not in seen:
            seen[key] = {oid: "Y" if (d >> k) & 1 else "N" for k, oid in irr if (lk >> k) & 1}
        out.append(LockIn(pattern, dict(seen[key]), int(closed)))  # a dict of its own each
    return out


def reachable_locks(conflict: Conflict, feasible: np.ndarray, reached: np.ndarray,
                    steps: np.ndarray, limit: int = 64) -> tuple[list[Lock], int]:
    """Every lock some feasible state holds (largest first, then by option order), whether
    a search reaches it and in how few steps.

    Parameters
    ----------
    feasible:
        The feasible decimals.
    reached, steps:
        The decimals the search reached and the fewest steps to each.
    limit:
        At most this many locks are returned.

    Returns
    -------
    (locks, total): the first ``limit`` locks, and how many there are in all.
    """
    table = _Table(conflict, np.asarray(feasible))
    distinct = np.unique(table.locks)
    distinct = distinct[distinct != 0]
    total = int(distinct.size)
    size = np.array([bin(int(x)).count("1") for x in distinct.tolist()], dtype=np.int64)
    order = np.lexsort((distinct, -size)) if total else np.zeros(0, dtype=np.int64)
    chosen = distinct[order][:limit].tolist()
    r_locks = _locks(conflict, np.asarray(reached, dtype=np.int64))
    r_steps = np.asarray(steps, dtype=np.int64)
    r_dec = np.asarray(reached, dtype=np.int64)
    out = []
    fwd, _ = lock_masks(conflict)
    for lk in chosen:
        hit = (r_locks & lk) == lk
        if hit.any():
            best = np.flatnonzero(hit)
            k = best[np.lexsort((r_dec[best], r_steps[best]))[0]]
            st, ex = int(r_steps[k]), conflict.pattern(int(r_dec[k]))
        else:
            st, ex = None, None
        locked = {o.id: ("Y" if (fwd >> k2) & 1 else "N")
                  for k2, o in enumerate(conflict.options) if (lk >> k2) & 1}
        out.append(Lock(locked, table.n - table.agree(lk), st, ex))
    return out, total


def lock_in_reach(conflict: Conflict, locked_in: Sequence[LockIn], reached: np.ndarray,
                  steps: np.ndarray) -> list[dict[str, Any]]:
    """Whether a search from a start (e.g. the status quo) reaches each locked-in state and
    its lock: ``{"state": fewest steps to the state itself, "lock": fewest steps to any
    state holding its lock, "example": such a state}`` (None where not reached). The lock
    may be reached without the state: the doors close, the conflict ends elsewhere.

    ``reached``, ``steps``: the decimals the search reached and the fewest steps to each.

    >>> import numpy as np, detente
    >>> cuban = detente.load("cuban-missile-crisis")
    >>> lk = lock_ins(cuban, [cuban.decimal("YNYN")])
    >>> lock_in_reach(cuban, lk, np.array([0, 1]), np.array([0, 1]))
    [{'state': None, 'lock': 1, 'example': 'YNNN'}]
    """
    r_dec = np.asarray(reached, dtype=np.int64)
    r_steps = np.asarray(steps, dtype=np.int64)
    r_locks = _locks(conflict, r_dec)
    step_of: dict[int, int] = {}
    for dec, st in zip(r_dec.tolist(), r_steps.tolist(), strict=True):
        step_of.setdefault(dec, st)  # the first entry of a state, as listed
    fwd, bwd = lock_masks(conflict)
    # one search of the reached states per distinct lock (many states share a lock)
    by_lock: dict[int, tuple[int | None, str | None]] = {}
    out = []
    for lk in locked_in:
        d = conflict.decimal(lk.state)
        mask = (d & fwd) | (~d & bwd)
        if mask not in by_lock:
            hit = np.flatnonzero((r_locks & mask) == mask)
            if hit.size:
                first = hit[np.lexsort((r_dec[hit], r_steps[hit]))[0]]
                by_lock[mask] = (int(r_steps[first]), conflict.pattern(int(r_dec[first])))
            else:
                by_lock[mask] = (None, None)
        lock_steps, example = by_lock[mask]
        out.append({"state": step_of.get(d), "lock": lock_steps, "example": example})
    return out


def describe_lock(conflict: Conflict, locked: dict[str, str] | Sequence[str]) -> str:
    """'"Admit Ukraine" taken and "Appeal" dropped' for a lock's options."""
    index = {o.id: o for o in conflict.options}
    parts = []
    items = locked.items() if isinstance(locked, dict) else [(k, "Y") for k in locked]
    for oid, v in items:
        parts.append(f'"{index[oid].text}" {"taken" if v == "Y" else "dropped"}')
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
