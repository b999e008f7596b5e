"""The outcome space of an agenda: packages, chunked enumeration, exact vectorised utilities.

A *package* settles every issue on the table with one of its options; parked issues stay at
their status quo. The packages are numbered in mixed radix over the issues on the table, the
first issue most significant: package ``k`` takes option ``(k // stride_i) % n_i`` on issue
``i``. The *outcome space* is the set of packages that satisfy every constraint.

Utilities are linear additive (GENIUS convention, see :mod:`detente.model.agenda`), so the
space is enumerated as an *inner block* (the last issues, at most ``chunk_size`` packages,
whose utilities are tabulated once) shifted by the constant contribution of each combination
of the *outer* issues. A chunk is one outer combination: its utilities are the inner table
plus a constant vector, and its feasible packages are given by a mask that depends only on
the truth values of the constraint atoms over outer issues (so it is computed once per
distinct pattern). Nothing of the size of the whole space is ever held in memory.

Utilities are held as integers: for each party, every term ``w_i · score_i(o)`` is an exact
fraction, and when their common denominator ``D`` is at most 2**53 the party's utilities are
the exact integers ``u · D`` (ties are then exact). Otherwise each term is rounded to a
multiple of 2**-44 (error below 1e-12 per package, far inside the 1e-9 tie tolerance), and the
sums are still exact integers, independent of summation order.

Examples
--------
>>> from detente.model.agenda import agenda_from_dict
>>> agenda = agenda_from_dict({
...     "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
...                {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
...     "parties": [
...         {"id": "union", "weights": {"pay": 2, "hours": 1},
...          "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 0, "short": 1}}},
...         {"id": "board", "weights": {"pay": 1, "hours": 1},
...          "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 1, "short": 0}}}]})
>>> space = OutcomeSpace(agenda)
>>> space.size, space.decode(2)
(4, (1, 0))
>>> space.utilities([0, 1, 2, 3]).round(3).tolist()
[[0.0, 0.333, 0.667, 1.0], [1.0, 0.5, 0.5, 0.0]]
"""

from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.model.agenda import Agenda
from detente.model.errors import ModelError, ModelTooLargeError
from detente.model.formula import Formula, IssueIs
from detente.model.resources import check_memory

__all__ = [
    "OutcomeSpace",
    "Chunk",
    "DEFAULT_CHUNK",
    "DEFAULT_MAX_OUTCOMES",
    "CHUNK_COST",
    "check_outcomes",
    "parse_max_outcomes",
    "EXACT_LIMIT",
    "QUANTUM_BITS",
]

#: Packages per chunk (the inner block is at most this large, unless one issue is larger).
DEFAULT_CHUNK = 1 << 20
#: Refuse agendas with more packages than this unless the caller raises the limit (about
#: 10 s on the 2-core development machine, at some 4 ns per package).
DEFAULT_MAX_OUTCOMES = 2 * 10**9
#: A chunk's fixed cost (masks, ZOPA counts, frontier bookkeeping: about 0.1 ms), in
#: packages: agendas cut into very many small chunks are refused by the same limit.
CHUNK_COST = 30_000
#: Largest common denominator for which a party's utilities are held exactly.
EXACT_LIMIT = 1 << 53
#: Otherwise utilities are integer multiples of 2**-QUANTUM_BITS.
QUANTUM_BITS = 44


def parse_max_outcomes(value: int | float | str | None) -> int:
    """The bound on packages an analysis may enumerate, as ``--max-outcomes`` takes it (a
    number, possibly written ``2e9``); ``None`` is the default :data:`DEFAULT_MAX_OUTCOMES`.

    >>> parse_max_outcomes("1e6"), parse_max_outcomes(None) == DEFAULT_MAX_OUTCOMES
    (1000000, True)
    """
    if value is None:
        return DEFAULT_MAX_OUTCOMES
    if isinstance(value, bool):
        raise ModelError(f"--max-outcomes must be a number (e.g. 1e9), got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ModelError(f"--max-outcomes must be a number (e.g. 1e9), got {value!r}") from None
    except OverflowError:  # an integer beyond a float
        number = math.inf
    if not math.isfinite(number):  # inf, nan, and 1e400 (which is inf)
        raise ModelError("--max-outcomes must be a finite number of packages (e.g. 1e12), "
                         f"got {value!r}")
    if number < 1:
        raise ModelError("--max-outcomes must be at least 1")
    return int(number)


def check_outcomes(radices: Sequence[int], max_outcomes: int | None = DEFAULT_MAX_OUTCOMES,
                   chunk_size: int = DEFAULT_CHUNK) -> tuple[int, int, int, float]:
    """How the packages of issues with ``radices`` options are cut into chunks, and the
    work of a pass over them; :class:`ModelTooLargeError` (with the estimate and what to
    do) when there are more packages than ``max_outcomes`` or so many chunks that their
    fixed cost alone (:data:`CHUNK_COST` packages each) passes it. Cheap: callers check
    before reading more than the issues.

    Returns ``(inner issues, inner block size, chunks, work in packages)``; the inner block
    is the longest run of last issues that fits in a chunk (at least one issue).

    >>> check_outcomes([10] * 9)[:3]
    (6, 1000000, 1000)
    >>> check_outcomes([100_000, 100_000])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelTooLargeError: the agenda has 10,000,000,000 packages: ...
    """
    size = math.prod(radices)
    n_inner, m = 0, 1
    for r in reversed(radices):
        if n_inner > 0 and m * r > chunk_size:
            break
        n_inner, m = n_inner + 1, m * r
    outer = size // m if m else 0
    work = float(size) + float(outer) * CHUNK_COST
    if max_outcomes is not None and (size > max_outcomes or outer * CHUNK_COST > max_outcomes):
        many = (f"{size:,} packages" if size > max_outcomes else
                f"{size:,} packages in {outer:,} chunks of {m:,} (each chunk costs about as "
                f"much as {CHUNK_COST:,} packages)")
        raise ModelTooLargeError(
            f"the agenda has {many}: about {work:.2g} packages' worth of work (some "
            f"{_duration(work)} here), more than the limit of {max_outcomes:,}; park issues "
            "that need not be settled now (`parked:`), merge options, or raise the limit "
            "(--max-outcomes)"
        )
    return n_inner, m, outer, work


def _duration(packages: float) -> str:
    seconds = packages * 4e-9  # on the 2-core development machine
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.0f} h"


@dataclass(frozen=True)
class Chunk:
    """One combination of the outer issues: packages ``offset + j`` for inner index ``j``.

    ``const`` is the outer issues' (and parked issues') integer contribution to each party's
    utility; ``key`` the truth values of the constraint atoms on outer issues, which fixes
    the inner feasibility mask.
    """

    number: int
    offset: int
    outer: tuple[int, ...]
    const: np.ndarray
    key: tuple[bool, ...]


class OutcomeSpace:
    """The packages of an agenda, their integer utilities and feasibility, in chunks.

    Parameters
    ----------
    agenda:
        A validated :class:`~detente.model.agenda.Agenda`.
    chunk_size:
        Largest inner block (packages tabulated at once).
    max_outcomes:
        Refuse agendas with more packages than this, or cut into so many chunks that their
        fixed cost alone (:data:`CHUNK_COST` packages each) passes it
        (:class:`ModelTooLargeError`, with the estimate, before anything is enumerated).
    max_memory:
        Bytes the enumeration may use (default: 75 % of the available memory).

    Notes
    -----
    Memory is O(P · chunk_size) whatever the number of packages; time is linear in the
    number of packages plus the number of chunks (:attr:`work`).
    """

    def __init__(
        self,
        agenda: Agenda,
        *,
        chunk_size: int = DEFAULT_CHUNK,
        max_outcomes: int | None = DEFAULT_MAX_OUTCOMES,
        max_memory: int | None = None,
    ) -> None:
        self.agenda = agenda
        self.free = agenda.free_issues
        self.radices = [len(agenda.issues[i].options) for i in self.free]
        self.size = math.prod(self.radices)
        self.strides = [math.prod(self.radices[k + 1:]) for k in range(len(self.radices))]
        self.n_parties = len(agenda.parties)
        n_inner, m, self.outer_size, self.work = check_outcomes(self.radices, max_outcomes,
                                                                chunk_size)
        self.n_outer = len(self.free) - n_inner
        self.inner_size = m
        P = self.n_parties
        estimate = m * 8 * (4 * P + 10) + m * 2 * n_inner
        check_memory(
            estimate, max_memory,
            what=f"an outcome space of {self.size:,} packages (chunks of {m:,})",
            advice="Park issues, merge options, or raise the limit with --max-memory.",
        )
        self._build_utilities()
        self._inner_u: np.ndarray | None = None
        self._inner_options: dict[int, np.ndarray] = {}
        self._atom_cache: dict[IssueIs, np.ndarray] = {}
        self._mask_cache: OrderedDict[tuple[bool, ...], tuple[np.ndarray | None, int]] = (
            OrderedDict()
        )
        self._outer_atoms = self._collect_outer_atoms()

    # ------------------------------------------------------------------ utilities
    def _build_utilities(self) -> None:
        agenda = self.agenda
        P = self.n_parties
        self.scales = np.zeros(P, dtype=np.int64)
        self.exact = [True] * P
        self.terms: list[list[np.ndarray]] = []  # per party, per free issue
        self.base = np.zeros(P, dtype=np.int64)
        parked = set(agenda.parked)
        for p, party in enumerate(agenda.parties):
            fr = [[w * s for s in scores] for w, scores in zip(party.weights, party.scores,
                                                                strict=True)]
            den = 1
            for row in fr:
                for t in row:
                    den = math.lcm(den, t.denominator)
                    if den > EXACT_LIMIT:
                        break
                if den > EXACT_LIMIT:
                    break
            if den <= EXACT_LIMIT:
                scale = den
                ints = [[int(t * den) for t in row] for row in fr]
            else:
                self.exact[p] = False
                scale = 1 << QUANTUM_BITS
                ints = [[round(t * scale) for t in row] for row in fr]
            self.scales[p] = scale
            self.terms.append([np.asarray(ints[i], dtype=np.int64) for i in self.free])
            if parked:
                sq = agenda.status_quo()
                self.base[p] = sum(ints[i][sq[i]] for i in parked)
        self.float_scales = self.scales.astype(np.float64)
        # reservations: package u_p is better than d_p iff U_p > thresholds[p]
        self.thresholds = np.zeros(P, dtype=np.int64)
        self.reservations = np.zeros(P, dtype=np.float64)
        sq_u = self.package_integer_utilities(agenda.status_quo()) if agenda.has_status_quo \
            else None
        for p, party in enumerate(agenda.parties):
            if party.reservation is None:
                if sq_u is None:
                    raise ModelError(
                        f"party {party.id!r} takes the status quo as its reservation, but the "
                        "agenda gives no status quo for every issue: give the status quo, or "
                        "a reservation value", field="parties")
                self.thresholds[p] = sq_u[p]
                self.reservations[p] = sq_u[p] / self.float_scales[p]
            else:
                self.thresholds[p] = math.floor(party.reservation * int(self.scales[p]))
                self.reservations[p] = float(party.reservation)

    def package_integer_utilities(self, package: Sequence[int]) -> np.ndarray:
        """Integer utilities (per party) of a package given as option indices of every issue."""
        out = self.base.copy()
        for p in range(self.n_parties):
            out[p] += sum(int(self.terms[p][k][package[i]]) for k, i in enumerate(self.free))
        return out

    def to_float(self, U: np.ndarray) -> np.ndarray:
        """Integer utilities (parties along the first axis) → utilities on the 0–1 scale."""
        U = np.asarray(U)
        shape = (-1,) + (1,) * (U.ndim - 1)
        return U / self.float_scales.reshape(shape)

    @property
    def inner_utilities(self) -> np.ndarray:
        """Integer utilities of the inner block (P × inner_size), outer and parked excluded."""
        if self._inner_u is None:
            P = self.n_parties
            rows = []
            for p in range(P):
                acc = np.zeros(1, dtype=np.int64)
                for k in range(self.n_outer, len(self.free)):
                    acc = (acc[:, None] + self.terms[p][k][None, :]).ravel()
                rows.append(acc)
            self._inner_u = np.vstack(rows) if rows else np.zeros((0, 1), np.int64)
        return self._inner_u

    # ------------------------------------------------------------------ feasibility
    def _inner_option(self, k: int) -> np.ndarray:
        """Option index of free issue ``k`` (an inner issue) for each inner package."""
        if k not in self._inner_options:
            stride = self.strides[k]
            arr = (np.arange(self.inner_size, dtype=np.int64) // stride) % self.radices[k]
            self._inner_options[k] = arr.astype(np.int32)
        return self._inner_options[k]

    def _collect_outer_atoms(self) -> list[IssueIs]:
        outer_ids = {self.agenda.issues[self.free[k]].id for k in range(self.n_outer)}
        atoms: dict[IssueIs, None] = {}
        for c in self.agenda.constraints:
            for a in c.formula.atoms():
                if isinstance(a, IssueIs) and a.issue in outer_ids:
                    atoms[a] = None
        return list(atoms)

    def key_of(self, outer: Sequence[int]) -> tuple[bool, ...]:
        """Truth values of the outer constraint atoms for an outer combination."""
        out = []
        for a in self._outer_atoms:
            i = self.agenda.issue_index(a.issue)
            k = self.free.index(i)
            out.append(outer[k] == self.agenda.issues[i].option_index(a.option))
        return tuple(out)

    def mask(self, key: tuple[bool, ...]) -> tuple[np.ndarray | None, int]:
        """Inner feasibility mask for a key (``None``: all feasible) and its count."""
        if not self.agenda.constraints:
            return None, self.inner_size
        hit = self._mask_cache.get(key)
        if hit is not None:
            self._mask_cache.move_to_end(key)
            return hit
        agenda = self.agenda
        outer_vals = dict(zip(self._outer_atoms, key, strict=True))
        pos = {i: k for k, i in enumerate(self.free)}

        def atom(a: Formula) -> Any:
            if not isinstance(a, IssueIs):
                raise TypeError(f"agenda constraints hold `issue = option` atoms, not {a!r}")
            i = agenda.issue_index(a.issue)
            o = agenda.issues[i].option_index(a.option)
            if i not in pos:  # parked: fixed at the status quo
                return agenda.issues[i].status_quo == o
            if a in outer_vals:
                return outer_vals[a]
            if a not in self._atom_cache:
                self._atom_cache[a] = self._inner_option(pos[i]) == o
            return self._atom_cache[a]

        m = np.ones(self.inner_size, dtype=bool)
        for c in agenda.constraints:
            v = c.formula.evaluate(atom)
            if isinstance(v, np.ndarray):
                m &= v
            elif not v:
                m[:] = False
                break
        count = int(np.count_nonzero(m))
        res: tuple[np.ndarray | None, int] = (None if count == self.inner_size else m, count)
        self._mask_cache[key] = res
        if len(self._mask_cache) > 64:
            self._mask_cache.popitem(last=False)
        return res

    # ------------------------------------------------------------------ enumeration
    def chunks(self) -> Iterator[Chunk]:
        """The chunks in package order (one per combination of the outer issues)."""
        P = self.n_parties
        outer_terms = [[self.terms[p][k] for k in range(self.n_outer)] for p in range(P)]
        ranges = [range(self.radices[k]) for k in range(self.n_outer)]
        for number, outer in enumerate(itertools.product(*ranges)):
            const = self.base.copy()
            for p in range(P):
                for k, o in enumerate(outer):
                    const[p] += outer_terms[p][k][o]
            yield Chunk(number, number * self.inner_size, tuple(outer), const,
                        self.key_of(outer))

    # ------------------------------------------------------------------ packages
    def decode(self, index: int) -> tuple[int, ...]:
        """Option indices of every issue (parked at the status quo) for a package number."""
        if not 0 <= index < self.size:
            raise IndexError(f"package {index} is outside 0..{self.size - 1}")
        free_opts = [(index // s) % r for s, r in zip(self.strides, self.radices, strict=True)]
        if self.agenda.parked:
            out = list(self.agenda.status_quo())
        else:
            out = [0] * len(self.agenda.issues)
        for k, i in enumerate(self.free):
            out[i] = int(free_opts[k])
        return tuple(out)

    def integer_utilities(self, indices: Sequence[int] | np.ndarray) -> np.ndarray:
        """Integer utilities (P × n) of packages given by number (vectorised)."""
        idx = np.asarray(indices, dtype=np.int64)
        out = np.repeat(self.base[:, None], idx.size, axis=1)
        for k in range(len(self.free)):
            opt = (idx // self.strides[k]) % self.radices[k]
            for p in range(self.n_parties):
                out[p] += self.terms[p][k][opt]
        return out

    def utilities(self, indices: Sequence[int] | np.ndarray) -> np.ndarray:
        """Utilities on the 0–1 scale (P × n) of packages given by number."""
        return self.to_float(self.integer_utilities(indices))

    def feasible_utilities(self) -> np.ndarray:
        """Utilities on the 0–1 scale (P × n) of every package that satisfies the
        constraints, in package order, chunk by chunk (all at once: for small agendas,
        e.g. the cloud of packages behind a frontier plot)."""
        parts = []
        for chunk in self.chunks():
            mask, count = self.mask(chunk.key)
            if count:
                U = self.inner_utilities + chunk.const[:, None]
                parts.append(U if mask is None else U[:, mask])
        if not parts:
            return np.zeros((self.n_parties, 0))
        return self.to_float(np.hstack(parts))

