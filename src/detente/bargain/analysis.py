"""Package-deal analysis of an agenda: outcome space, Pareto frontier, ZOPA, solutions, trades.

:func:`analyze_deals` answers, for a multi-issue negotiation: how many packages there are
(those satisfying the constraints); which are efficient (the Pareto frontier, ties grouped);
which every party prefers to its reservation (the zone of possible agreement, ZOPA); where
the classical bargaining solutions lie (Nash, Kalai–Smorodinsky, egalitarian, utilitarian,
with every package that attains each optimum within 1e-9); the best packages by Nash product;
and which trades across two issues make every party better off than a reference package.

The outcome space is streamed in chunks (see :mod:`detente.bargain.outcomes`), never held
whole, in two passes:

1. For each chunk: count the feasible packages and those in the ZOPA, and take the chunk's
   Pareto candidates. The chunk's utilities are an inner table shifted by a constant vector,
   and a shift preserves dominance, so the candidates are the frontier of the inner table
   (restricted to the feasible mask), computed once per distinct mask and shifted. The
   candidates of all chunks are merged into the global frontier.
2. Every solution index is non-decreasing in each party's utility, so its optimum is attained
   on the frontier, and a chunk can hold a package within 1e-9 of the optimum only if one of
   its candidates does. Only those chunks are scanned in full to list and count the packages
   attaining each optimum; the top packages by Nash product are found the same way, chunks
   with the best candidates first.

Examples
--------
>>> from detente.model.agenda import agenda_from_dict
>>> agenda = agenda_from_dict({
...     "issues": [{"id": "pay", "options": ["freeze", "two", "five"], "status_quo": "freeze"},
...                {"id": "hours", "options": ["40", "38", "35"], "status_quo": "35"}],
...     "parties": [
...         {"id": "union", "weights": {"pay": 3, "hours": 1},
...          "values": {"pay": {"freeze": 0, "two": 6, "five": 10},
...                     "hours": {"40": 0, "38": 5, "35": 10}}},
...         {"id": "board", "weights": {"pay": 1, "hours": 1},
...          "values": {"pay": {"freeze": 10, "two": 7, "five": 0},
...                     "hours": {"40": 10, "38": 8, "35": 0}}}]})
>>> result = analyze_deals(agenda)
>>> result.outcomes, result.zopa_outcomes
(9, 2)
>>> result.solutions["nash"].packages
[{'pay': 'two', 'hours': '38'}]
>>> [t.changes for t in result.trades][:1]
[{'pay': 'two', 'hours': '38'}]
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.bargain.outcomes import DEFAULT_CHUNK, DEFAULT_MAX_OUTCOMES, Chunk, OutcomeSpace
from detente.bargain.pareto import cap_members, pareto_groups
from detente.bargain.solutions import SOLUTIONS, TIE_TOLERANCE, nash_product, solution_index
from detente.bargain.trades import Trade, find_trades
from detente.bargain.zopa import zopa_mask
from detente.model.agenda import Agenda
from detente.model.errors import ModelError
from detente.model.resources import check_memory, default_limit

if TYPE_CHECKING:  # pragma: no cover
    from detente.bargain.concessions import PackageAdvice

__all__ = [
    "CLOUD_LIMIT",
    "Counted",
    "InnerFronts",
    "Optima",
    "count_and_frontier",
    "frontier_points",
    "solutions_and_top",
    "trade_reference",
    "FrontierPoint",
    "Solution",
    "RankedPackage",
    "DealAnalysis",
    "analyze_deals",
    "TRADE_REFERENCES",
]

#: Where trades can start from.
TRADE_REFERENCES = ("status_quo", *SOLUTIONS)

#: Agendas with at most this many packages can be drawn package by package.
CLOUD_LIMIT = 50_000
#: Merge Pareto candidates once this many have accumulated.
_MERGE_AT = 1 << 18

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FrontierPoint:
    """A point of the Pareto frontier: the utilities and the packages that have them.

    ``packages`` lists at most ``max_ties`` packages (smallest package numbers first);
    ``count`` is how many there are.
    """

    utilities: dict[str, float]
    packages: list[dict[str, str]]
    count: int
    in_zopa: bool


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: its optimal index ``value`` and the packages attaining it."""

    name: str
    value: float
    utilities: dict[str, float]
    packages: list[dict[str, str]]
    count: int


@dataclass(frozen=True)
class RankedPackage:
    """A package of the ZOPA with its utilities and Nash product."""

    package: dict[str, str]
    utilities: dict[str, float]
    nash_product: float


@dataclass(frozen=True, eq=False)
class DealAnalysis:
    """The result of :func:`analyze_deals`: which package deals both sides should prefer.

    A package deal settles every issue of a negotiation agenda at once. Of the packages the
    constraints allow (the *outcome space*), those every party strictly prefers to its
    reservation — what it gets without agreement — form the *zone of possible agreement*
    (ZOPA); an empty ZOPA means no agreement is possible. A package is *Pareto-optimal* when
    no other is at least as good for every party and better for one. The classical
    *bargaining solutions* pick packages in the ZOPA: Nash's maximises the product of the
    parties' gains over their reservations, Kalai–Smorodinsky's gives each party the same
    share of its largest possible gain, the egalitarian the same absolute gain, the
    utilitarian the largest sum. A *trade* changes two issues so that every party gains,
    each giving ground on the issue it cares about less.

    Attributes
    ----------
    agenda:
        The agenda analysed.
    packages:
        Number of packages before constraints (product of the option counts of the issues on
        the table).
    outcomes:
        Packages satisfying every constraint (the outcome space).
    zopa_outcomes:
        Packages every party strictly prefers to its reservation.
    reservations:
        ``{party: d}``, the disagreement point.
    status_quo:
        ``{party: utility of the all-status-quo package}`` (``None`` without a status quo).
    ideal:
        ``{party: best utility in the ZOPA}`` (``None`` when the ZOPA is empty).
    pareto:
        The frontier points, the first party's best first.
    solutions:
        ``{name: Solution}`` for nash, kalai_smorodinsky, egalitarian, utilitarian; ``None``
        when the ZOPA is empty (no agreement possible).
    top:
        The best ZOPA packages by Nash product.
    trades:
        Mutually beneficial two-issue trades from ``trades_from``, best joint gain first.
    trades_from, trades_reference:
        The reference of the trades and its package (``None`` if unavailable).
    exact:
        Whether every party's utilities were computed exactly (otherwise to within 1e-12).
    notes:
        Remarks for the reader (e.g. why trades are missing).
    space:
        The outcome space the analysis streamed (for further questions about packages).
    what_it_would_take:
        What brings a chosen package into the ZOPA or makes it Pareto-optimal
        (:func:`detente.bargain.concessions.package_advice`; ``detente deals
        --what-it-takes``), ``None`` when no package was asked about.

    :attr:`agreement_possible`, :attr:`zopa_share` and :attr:`zopa_frontier` summarise the
    ZOPA; :meth:`to_dict` is the JSON of ``detente deals --format json``.

    References
    ----------
    Nash, J. (1950). The bargaining problem. *Econometrica* 18(2): 155–162. Kalai, E. and
    Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem. *Econometrica*
    43(3): 513–518. Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
    University Press (the zone of agreement between reservation values, efficient
    contracts and trades across issues in many-issue negotiation).

    Examples
    --------
    >>> import detente
    >>> river = detente.deals("shared-river")
    >>> river.outcomes, river.zopa_outcomes, river.agreement_possible
    (78, 29, True)
    >>> river.solutions["nash"].packages[0]["data"]
    'realtime'
    >>> t = river.trades[0]  # upstream fills faster, downstream gets the river data
    >>> t.changes, {p: round(g, 3) for p, g in t.gains.items()}
    ({'filling': 'medium', 'data': 'realtime'}, {'upstream': 0.125, 'downstream': 0.083})
    """

    agenda: Agenda
    packages: int
    outcomes: int
    zopa_outcomes: int
    reservations: dict[str, float]
    status_quo: dict[str, float] | None
    ideal: dict[str, float] | None
    pareto: list[FrontierPoint]
    solutions: dict[str, Solution] | None
    top: list[RankedPackage]
    trades: list[Trade]
    trades_from: str
    trades_reference: dict[str, str] | None
    max_ties: int
    exact: bool
    notes: list[str] = field(default_factory=list)
    space: OutcomeSpace | None = field(default=None, repr=False)
    what_it_would_take: PackageAdvice | None = None

    @property
    def zopa_share(self) -> float:
        """Share of the outcome space inside the ZOPA."""
        return self.zopa_outcomes / self.outcomes if self.outcomes else 0.0

    @property
    def zopa_frontier(self) -> list[FrontierPoint]:
        """The frontier points inside the ZOPA."""
        return [p for p in self.pareto if p.in_zopa]

    @property
    def agreement_possible(self) -> bool:
        """Whether some package beats every party's reservation."""
        return self.zopa_outcomes > 0

    def utility_cloud(self, limit: int = CLOUD_LIMIT) -> dict[str, list[float]] | None:
        """Every feasible package's utility per party (``{party: [u, …]}`` in package
        order), for a picture of the outcome space behind the frontier; ``None`` when the
        agenda has more than ``limit`` packages."""
        if self.space is None or self.space.size > limit:
            return None
        u = self.space.feasible_utilities()
        return {party.id: u[k].tolist() for k, party in enumerate(self.agenda.parties)}

    def _repr_html_(self) -> str:
        from detente.report.notebook import deals_html

        return deals_html(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data following the ``detente deals --format json`` contract."""
        a = self.agenda
        parked = {a.issues[i].id for i in a.parked}
        return {
            "title": a.title,
            "parties": [
                {"id": p.id, "label": p.label, "reservation": self.reservations[p.id],
                 "status_quo_utility": None if self.status_quo is None
                 else self.status_quo[p.id],
                 "ideal": None if self.ideal is None else self.ideal[p.id]}
                for p in a.parties
            ],
            "issues": [
                {"id": i.id, "label": i.label, "options": i.option_ids,
                 "status_quo": None if i.status_quo is None else i.options[i.status_quo].id,
                 "parked": i.id in parked}
                for i in a.issues
            ],
            "summary": {
                "packages": self.packages,
                "outcomes": self.outcomes,
                "zopa_outcomes": self.zopa_outcomes,
                "zopa_share": self.zopa_share,
                "pareto_points": len(self.pareto),
                "pareto_outcomes": sum(p.count for p in self.pareto),
                "zopa_pareto_points": len(self.zopa_frontier),
                "agreement_possible": self.agreement_possible,
                "exact": self.exact,
                "max_ties": self.max_ties,
            },
            "pareto": [
                {"utilities": p.utilities, "packages": p.packages, "count": p.count,
                 "in_zopa": p.in_zopa}
                for p in self.pareto
            ],
            "solutions": None if self.solutions is None else {
                name: {"value": s.value, "utilities": s.utilities, "packages": s.packages,
                       "count": s.count}
                for name, s in self.solutions.items()
            },
            "top": [
                {"package": r.package, "utilities": r.utilities, "nash_product": r.nash_product}
                for r in self.top
            ],
            "trades_from": self.trades_from,
            "trades_reference": self.trades_reference,
            "trades": [
                {"issues": list(t.issues), "changes": t.changes, "previous": t.previous,
                 "gains": t.gains, "by_issue": t.by_issue, "joint_gain": t.joint_gain,
                 "alternatives": t.alternatives}
                for t in self.trades
            ],
            "notes": list(self.notes),
            **({} if self.what_it_would_take is None
               else {"what_it_would_take": self.what_it_would_take.to_dict()}),
        }


class _Frontier:
    """Pareto candidates accumulated over chunks, merged as they grow."""

    def __init__(self, P: int, max_ties: int, limit: int) -> None:
        self.P = P
        self.max_ties = max_ties
        self.limit = limit
        self.vecs: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        self.tie_rows: list[np.ndarray] = []
        self.tie_idx: list[np.ndarray] = []
        self.rows = 0

    def add(self, vecs: np.ndarray, counts: np.ndarray, tie_rows: np.ndarray,
            tie_idx: np.ndarray) -> None:
        self.vecs.append(vecs)
        self.counts.append(counts)
        self.tie_rows.append(tie_rows + self.rows)
        self.tie_idx.append(tie_idx)
        self.rows += vecs.shape[1]
        if self.rows > _MERGE_AT and len(self.vecs) > 1:
            self.merge()

    def merge(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if not self.vecs:
            z = np.zeros(0, np.int64)
            return np.zeros((self.P, 0), np.int64), z, z, z
        V = np.hstack(self.vecs)
        C = np.concatenate(self.counts)
        TR = np.concatenate(self.tie_rows)
        TI = np.concatenate(self.tie_idx)
        g = pareto_groups(V, C)
        tg = g.group[TR]
        sel = tg >= 0
        keep = cap_members(tg[sel], TI[sel], self.max_ties)
        tg, TI = tg[sel][keep], TI[sel][keep]
        self.vecs, self.counts, self.tie_rows, self.tie_idx = [g.vectors], [g.counts], [tg], [TI]
        self.rows = g.vectors.shape[1]
        check_memory(self.rows * (8 * self.P + 16) * 4 + TI.size * 32, self.limit,
                     what=f"a Pareto frontier of {self.rows:,} points",
                     advice="Park issues or merge options to shrink the outcome space.")
        return g.vectors, g.counts, tg, TI


def analyze_deals(
    agenda: Agenda,
    *,
    max_ties: int = 50,
    top: int = 10,
    trades_from: str = "status_quo",
    max_outcomes: int | None = DEFAULT_MAX_OUTCOMES,
    max_memory: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> DealAnalysis:
    """Analyse the package deals of an agenda.

    Definitions: a *package* settles each issue on the table; the *outcome space* holds the
    packages satisfying the constraints; the *Pareto frontier* the packages no other
    dominates (Pareto 1906), equal utility vectors forming one point; the *ZOPA* the packages
    every party strictly prefers to its reservation d (Raiffa 1982); the solutions maximise,
    over the ZOPA, the Nash product Π(u_i − d_i) (Nash 1950), the Kalai–Smorodinsky index
    min (u_i − d_i)/(a_i − d_i) with a the ideal point (Kalai & Smorodinsky 1975), the
    egalitarian index min (u_i − d_i) (Kalai 1977) and the utilitarian sum Σ u_i; trades
    change two issues of a reference package so that every party gains (Raiffa 1982).

    Parameters
    ----------
    agenda:
        The validated agenda (:func:`detente.model.agenda.load_agenda`).
    max_ties:
        Packages listed per frontier point and per solution (all are counted).
    top:
        How many of the best ZOPA packages by Nash product to list.
    trades_from:
        ``status_quo`` or a solution name: the package trades start from (its first
        package when several attain the optimum).
    max_outcomes:
        Refuse agendas with more packages (``None``: no limit).
    max_memory:
        Bytes the analysis may use (default 75 % of the available memory).
    chunk_size:
        Packages per chunk.
    progress:
        Called as ``progress(phase, done, total)`` after each chunk.

    Returns
    -------
    DealAnalysis

    Raises
    ------
    ModelError
        Unknown ``trades_from``; :class:`~detente.model.errors.ModelTooLargeError` when the
        space or its frontier would not fit.

    Notes
    -----
    Time is linear in the number of packages (one pass of comparisons), plus the Pareto
    computation on one chunk per distinct constraint pattern; memory is O(chunk_size · P)
    plus the frontier.

    References
    ----------
    Nash, "The Bargaining Problem", Econometrica 1950; Kalai & Smorodinsky, "Other Solutions
    to Nash's Bargaining Problem", Econometrica 1975; Kalai, "Proportional Solutions to
    Bargaining Situations", Econometrica 1977; Raiffa, *The Art and Science of Negotiation*,
    1982.
    """
    if trades_from not in TRADE_REFERENCES:
        raise ModelError(f"unknown trade reference {trades_from!r}; choose one of "
                         + ", ".join(TRADE_REFERENCES), field="--trades-from")
    if max_ties < 0 or top < 0:
        raise ModelError("--max-ties and --top must be non-negative")
    limit = default_limit() if max_memory is None else max_memory
    space = OutcomeSpace(agenda, chunk_size=chunk_size, max_outcomes=max_outcomes,
                         max_memory=limit)
    fronts = InnerFronts(space, max_ties)
    counted = count_and_frontier(space, fronts, max_ties, limit, progress)
    pareto = frontier_points(agenda, space, counted)
    if progress is not None:
        progress("frontier", 1, 1)
    notes: list[str] = []
    found = None
    if counted.zopa > 0:
        found = solutions_and_top(space, fronts, counted, max_ties, top, progress)
    else:
        notes.append("No agreement possible: no package beats every party's reservation.")
    solutions = None if found is None else found.solutions
    reference, why = trade_reference(agenda, trades_from, solutions)
    notes += why
    trades = find_trades(space, reference) if reference is not None else []
    names = agenda.party_ids
    sq_u = None
    if agenda.has_status_quo:
        sq_u = _named(names, space.to_float(space.package_integer_utilities(
            agenda.status_quo())))
    return DealAnalysis(
        agenda=agenda,
        packages=space.size,
        outcomes=counted.outcomes,
        zopa_outcomes=counted.zopa,
        reservations=_named(names, space.reservations),
        status_quo=sq_u,
        ideal=None if found is None else found.ideal,
        pareto=pareto,
        solutions=solutions,
        top=[] if found is None else found.top,
        trades=trades,
        trades_from=trades_from,
        trades_reference=None if reference is None else agenda.package_dict(reference),
        max_ties=max_ties,
        exact=all(space.exact),
        notes=notes,
        space=space,
    )


# -- the stages ---------------------------------------------------------------------------------
class InnerFronts:
    """The Pareto candidates of a chunk's *inner* table under a feasibility pattern.

    Every chunk's utilities are the inner table (the packages of the last issues) shifted by
    a constant vector, and a shift preserves dominance, so a chunk's candidates are the
    frontier of the inner table restricted to the chunk's feasible mask, shifted. They
    depend only on the mask's key: computed once per key (the first 256 keys are kept).
    Calling it with a key returns ``(vectors, counts, tie groups, tie packages)``: the
    frontier points as columns, the packages at each, and at most ``max_ties`` packages per
    point (group index and inner package number).
    """

    def __init__(self, space: OutcomeSpace, max_ties: int) -> None:
        self.space = space
        self.max_ties = max_ties
        self._cache: dict[tuple[bool, ...], tuple[np.ndarray, np.ndarray, np.ndarray,
                                                  np.ndarray]] = {}

    def __call__(self, key: tuple[bool, ...]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        mask, cnt = self.space.mask(key)
        inner_U = self.space.inner_utilities
        if cnt == 0:
            z = np.zeros(0, np.int64)
            res = (np.zeros((self.space.n_parties, 0), np.int64), z, z, z)
        else:
            idx = np.flatnonzero(mask) if mask is not None else None
            X = inner_U[:, idx] if idx is not None else inner_U
            g = pareto_groups(X)
            members = np.flatnonzero(g.group >= 0)
            keep = cap_members(g.group[members], members, self.max_ties)
            pos = members[keep]
            res = (g.vectors, g.counts, g.group[pos], idx[pos] if idx is not None else pos)
        if len(self._cache) < 256:
            self._cache[key] = res
        return res


@dataclass(frozen=True, eq=False)
class Counted:
    """The first pass over the outcome space: how many packages satisfy the constraints
    (``outcomes``) and beat every reservation (``zopa``), and the global Pareto frontier in
    integer utilities: ``vectors`` (one column per point, in the order of
    :func:`~detente.bargain.pareto.pareto_groups`), ``counts`` (packages per point), and at
    most ``max_ties`` packages per point (``tie_groups`` their point, ``tie_packages`` their
    package numbers)."""

    outcomes: int
    zopa: int
    vectors: np.ndarray
    counts: np.ndarray
    tie_groups: np.ndarray
    tie_packages: np.ndarray


def count_and_frontier(space: OutcomeSpace, fronts: InnerFronts, max_ties: int, limit: int,
                       progress: Progress | None = None) -> Counted:
    """Pass 1: stream the chunks, count the feasible packages and those in the ZOPA, and
    merge the chunks' Pareto candidates into the global frontier."""
    inner_U = space.inner_utilities
    lo, hi = inner_U.min(axis=1), inner_U.max(axis=1)
    thresholds = space.thresholds
    frontier = _Frontier(space.n_parties, max_ties, limit)
    outcomes = 0
    zopa = 0
    for chunk in space.chunks():
        mask, cnt = space.mask(chunk.key)
        if cnt:
            outcomes += cnt
            zopa += _zopa_count(inner_U, lo, hi, thresholds - chunk.const, mask, cnt)
            vecs, counts, tie_rows, tie_inner = fronts(chunk.key)
            if vecs.shape[1]:
                frontier.add(vecs + chunk.const[:, None], counts, tie_rows,
                             tie_inner + chunk.offset)
        if progress is not None:
            progress("packages", chunk.number + 1, space.outer_size)
    F, Fc, Ftg, Fti = frontier.merge()
    return Counted(outcomes, zopa, F, Fc, Ftg, Fti)


def frontier_points(agenda: Agenda, space: OutcomeSpace, counted: Counted
                    ) -> list[FrontierPoint]:
    """The frontier as reported: each point's utilities, its packages (at most ``max_ties``,
    smallest package numbers first), their count, and whether it is in the ZOPA."""
    F, Fc = counted.vectors, counted.counts
    names = agenda.party_ids
    in_z = zopa_mask(F, space.thresholds)
    Fu = space.to_float(F)
    order_t = np.argsort(counted.tie_groups, kind="stable")
    tie_starts = np.searchsorted(counted.tie_groups[order_t], np.arange(F.shape[1] + 1))
    pareto = []
    for g in range(F.shape[1]):
        members = counted.tie_packages[order_t[tie_starts[g]:tie_starts[g + 1]]]
        pareto.append(FrontierPoint(
            utilities=_named(names, Fu[:, g]),
            packages=[agenda.package_dict(space.decode(int(i))) for i in members],
            count=int(Fc[g]),
            in_zopa=bool(in_z[g]),
        ))
    return pareto


@dataclass(frozen=True)
class Optima:
    """Pass 2: the bargaining solutions, the best packages by Nash product, and the ideal
    point of the ZOPA."""

    solutions: dict[str, Solution]
    top: list[RankedPackage]
    ideal: dict[str, float]


class _OptimumScan:
    """Chunks scanned in full in pass 2: the packages attaining each solution's optimum
    (counted, listed up to ``max_ties``) and a min-heap of the ``top`` Nash products."""

    def __init__(self, space: OutcomeSpace, opt: dict[str, float], ideal: np.ndarray,
                 max_ties: int, top: int) -> None:
        self.space = space
        self.opt = opt
        self.ideal = ideal
        self.max_ties = max_ties
        self.top = top
        self.found: dict[str, list[int]] = {s: [] for s in SOLUTIONS}
        self.counts = dict.fromkeys(SOLUTIONS, 0)
        self.heap: list[tuple[float, int]] = []  # (nash, -index): a min-heap of the best
        self.scanned: set[int] = set()

    def scan(self, chunk: Chunk, want: list[str]) -> None:
        space, d = self.space, self.space.reservations
        inner_U, thresholds = space.inner_utilities, space.thresholds
        mask, _ = space.mask(chunk.key)
        sel = np.flatnonzero(_inner_zopa(inner_U, thresholds - chunk.const, mask,
                                         range(space.n_parties)))
        u = space.to_float(inner_U[:, sel] + chunk.const[:, None])
        for s in want:
            ix = solution_index(s, u, d, self.ideal)
            hitp = np.flatnonzero(ix >= self.opt[s] - TIE_TOLERANCE)
            self.counts[s] += hitp.size
            room = self.max_ties - len(self.found[s])
            if room > 0:
                self.found[s].extend((sel[hitp[:room]] + chunk.offset).tolist())
        if self.top and chunk.number not in self.scanned:
            nash = nash_product(u, d)
            k = min(self.top, nash.size)
            part = np.argpartition(-nash, k - 1)[:k] if k < nash.size else np.arange(k)
            for j in part:
                item = (float(nash[j]), -int(sel[j] + chunk.offset))
                if len(self.heap) < self.top:
                    heapq.heappush(self.heap, item)
                elif item > self.heap[0]:
                    heapq.heapreplace(self.heap, item)
        self.scanned.add(chunk.number)


def solutions_and_top(space: OutcomeSpace, fronts: InnerFronts, counted: Counted,
                      max_ties: int, top: int, progress: Progress | None = None) -> Optima:
    """Pass 2 (the ZOPA is not empty). Every solution index is non-decreasing in each
    party's utility, so its optimum is attained on the frontier, and a chunk can hold a
    package within 1e-9 of the optimum only if one of its candidates does: only those
    chunks are scanned in full; for the top packages by Nash product, chunks with the best
    candidates first, until no chunk can beat the heap."""
    agenda = space.agenda
    names = agenda.party_ids
    d = space.reservations
    thresholds = space.thresholds
    Fu = space.to_float(counted.vectors)
    uz = Fu[:, zopa_mask(counted.vectors, thresholds)]
    ideal_v = uz.max(axis=1)
    opt = {s: float(solution_index(s, uz, d, ideal_v).max()) for s in SOLUTIONS}
    # bounds per chunk from its candidates
    bounds: list[tuple[Chunk, dict[str, float]]] = []
    for chunk in space.chunks():
        vecs = fronts(chunk.key)[0]
        if not vecs.shape[1]:
            continue
        V = vecs + chunk.const[:, None]
        V = V[:, zopa_mask(V, thresholds)]
        if not V.shape[1]:
            continue
        u = space.to_float(V)
        bounds.append((chunk, {s: float(solution_index(s, u, d, ideal_v).max())
                               for s in SOLUTIONS}))
    scan = _OptimumScan(space, opt, ideal_v, max_ties, top)
    for i, (chunk, b) in enumerate(bounds):
        want = [s for s in SOLUTIONS if b[s] >= opt[s] - TIE_TOLERANCE]
        if want:
            scan.scan(chunk, want)
        if progress is not None:
            progress("solutions", i + 1, len(bounds))
    if top:
        for chunk, b in sorted(bounds, key=lambda cb: -cb[1]["nash"]):
            if len(scan.heap) >= top and b["nash"] < scan.heap[0][0]:
                break
            if chunk.number not in scan.scanned:
                scan.scan(chunk, [])
    solutions = {}
    for s in SOLUTIONS:
        pk = sorted(scan.found[s])
        best = space.utilities(pk[:1])[:, 0] if pk else np.full(space.n_parties, np.nan)
        solutions[s] = Solution(
            name=s, value=opt[s], utilities=_named(names, best),
            packages=[agenda.package_dict(space.decode(i)) for i in pk],
            count=scan.counts[s],
        )
    ranked: list[RankedPackage] = []
    best_first = sorted(scan.heap, key=lambda it: (-it[0], -it[1]))
    if best_first:
        idx = [-it[1] for it in best_first]
        U = space.utilities(idx)
        ranked = [RankedPackage(agenda.package_dict(space.decode(i)), _named(names, U[:, j]),
                                best_first[j][0]) for j, i in enumerate(idx)]
    return Optima(solutions, ranked, _named(names, ideal_v))


def trade_reference(agenda: Agenda, trades_from: str,
                    solutions: dict[str, Solution] | None) -> tuple[Any, list[str]]:
    """The package trades start from (``None`` when there is none) and, if so, why not."""
    if trades_from == "status_quo":
        if agenda.has_status_quo:
            return agenda.status_quo(), []
        return None, ["The agenda has no status quo, so trades are not computed from it; "
                      "choose a solution as the reference (--trades-from nash)."]
    if solutions is None:
        return None, [f"No trades from the {trades_from} solution: no agreement is possible."]
    sol = solutions[trades_from]
    if not sol.packages:
        return None, ["No trades: --max-ties 0 lists no solution package to start from."]
    return agenda.package(sol.packages[0]), []


def _zopa_count(inner_U: np.ndarray, lo: np.ndarray, hi: np.ndarray, t: np.ndarray,
                mask: np.ndarray | None, feasible: int) -> int:
    """Packages of a chunk with every inner utility above the shifted thresholds ``t``."""
    if np.any(hi <= t):
        return 0
    active = [p for p in range(t.size) if lo[p] <= t[p]]
    if not active:
        return feasible
    return int(np.count_nonzero(_inner_zopa(inner_U, t, mask, active)))


def _inner_zopa(inner_U: np.ndarray, t: np.ndarray, mask: np.ndarray | None,
                parties: Sequence[int]) -> np.ndarray:
    """Inner packages (feasible under ``mask``) whose utility for each of ``parties`` is above
    the shifted threshold ``t``."""
    z = inner_U[parties[0]] > t[parties[0]]
    for p in parties[1:]:
        z &= inner_U[p] > t[p]
    if mask is not None:
        z &= mask
    return z


def _named(names: list[str], values: np.ndarray) -> dict[str, float]:
    return {n: float(v) for n, v in zip(names, values, strict=True)}
