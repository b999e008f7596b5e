"""The fewest adjacent swaps of tie groups that make a deal hold: an integer programme.

The Kendall-tau version of the inverse problem (Kinsara, Kilgour & Hipel 2015; the distance
of Kendall 1938): every decision maker (DM) allowed to change may reorder its tie groups,
each adjacent swap of two groups costing one; the cost of a new order is the number of
pairs of groups it puts the other way round. Find a cheapest profile under which the
target s is an equilibrium (and, optionally, reachable from the status quo).

Formulation (a mixed-integer linear programme, solved by HiGHS through
:func:`scipy.optimize.milp`):

- **Order.** For DM k and groups g < h (g more preferred originally) with h − g ≤ B (the
  change budget), a binary y_k(g, h) = 1 when h ends above g. Pairs further apart cannot
  change within the budget (inverting them needs at least h − g swaps: every group between
  them must change sides with one of the two), so they stay fixed. No 3-cycles among the
  triples g < h < l with l − g ≤ 2B (y(g,l) ≤ y(g,h) + y(h,l) and y(g,h) + y(h,l) − y(g,l)
  ≤ 1) makes the whole order a total order: a tournament is acyclic iff it has no 3-cycle,
  and a 3-cycle through a fixed pair needs both other pairs inverted, hence within 2B.
- **Preferences.** "x ≻_k y" is then a constant or one y variable (or its complement);
  states of one group stay tied. Cost: Σ y ≤ B, minimised.
- **Nash** for DM i: no move s1 of i from s with s1 ≻_i s. **GMR**: for each move s1,
  [s1 ≻_i s] ≤ Σ_{x ∈ R_H(s1)} [s ≿_i x] (some sanction). **SMR**: with z_{s1,x} ≤ [s ≿_i
  x] and ≤ [s ≿_i w] for every escape w ∈ R_i(x), [s1 ≻_i s] ≤ Σ_x z_{s1,x}.
- **SEQ**: reachability along the opponents' improvements inside the region: node
  (x, j) (x reached, j the last mover) gets r ≤ Σ of its incoming edge uses f; an edge
  use f ≤ r(source, j') for a last mover j' ≠ j (or the source is s1), f ≤ [x ≻_j source];
  depth labels d(x, j) ≥ d(source, j') + 1 − M(1 − f) forbid circular support. Then
  [s1 ≻_i s] ≤ Σ_x q_{s1,x}, q ≤ reached(x), q ≤ [s ≿_i x].
- **Reachable** (``ui``, ``coalition``): by cuts added when a solution fails it (exact, like Benders
  cuts): let N be the (state, last mover) pairs the status quo reaches under the
  solution's preferences. Under any other profile the reachable pairs stay inside N unless
  one of the *boundary* moves — from a pair of N, by a DM other than its last mover, to a
  pair outside N — becomes an improvement (by induction over the breadth-first layers of
  the new profile). So every profile that reaches the target makes some boundary move an
  improvement: Σ_boundary [x ≻_j u] ≥ 1 is added and the programme solved again. With
  coalition moves (``coalition``) a boundary step of a coalition H needs every member to
  prefer its end; the cut takes the term of one member that does not now.

Further minimal solutions are found by re-solving with a no-good cut on the y of each
solution found, at the same cost. With a time limit HiGHS reports the best profile found
and a proven lower bound on the number of changes.

Why HiGHS through SciPy rather than CP-SAT: SciPy is already a dependency (no new wheel in
every environment), HiGHS proves optimality and bounds for these 0–1 programmes of a few
thousand variables in well under a second on the models the inverse problem is meant for,
and it reports the dual bound at a time limit; CP-SAT's logical constraints would make the
big-M terms above more natural, but not change what is solved.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from detente.graph.changes import Change, apply_change
from detente.graph.inverse.local import TargetNeighbourhood, UnilateralMoves
from detente.graph.inverse.profiles import ProfileBatch
from detente.graph.inverse.reach import CoalitionReach, Reach
from detente.graph.preferences import payoff_ranks
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, PreferenceSpec
from detente.model.errors import ModelError

__all__ = ["kendall_minimal", "MAX_ILP_VARIABLES"]

#: Largest programme built (variables); larger models are refused with the figure.
MAX_ILP_VARIABLES = 400_000


class _Program:
    """A 0–1 / integer programme built row by row (sparse)."""

    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.c_lb: list[float] = []
        self.c_ub: list[float] = []

    def var(self, lb: float = 0, ub: float = 1, integer: bool = True) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if integer else 0)
        if len(self.lb) > MAX_ILP_VARIABLES:
            raise ModelError(f"the integer programme would need more than "
                             f"{MAX_ILP_VARIABLES:,} variables: the model is too large for "
                             "--method ilp; lower --max-changes or use --method search")
        return len(self.lb) - 1

    def add(self, terms: dict[int, float], lb: float, ub: float) -> None:
        r = len(self.c_lb)
        for v, a in terms.items():
            if a:
                self.rows.append(r)
                self.cols.append(v)
                self.vals.append(a)
        self.c_lb.append(lb)
        self.c_ub.append(ub)


#: A linear expression: (constant, {variable: coefficient}).
Expr = tuple[float, dict[int, float]]


def _sum(*exprs: Expr, signs: Sequence[float] | None = None) -> Expr:
    const = 0.0
    terms: dict[int, float] = {}
    for e, sg in zip(exprs, signs or [1.0] * len(exprs), strict=True):
        const += sg * e[0]
        for v, a in e[1].items():
            terms[v] = terms.get(v, 0.0) + sg * a
    return const, terms


def _le(prog: _Program, left: Expr, right: Expr) -> None:
    """left ≤ right."""
    const, terms = _sum(left, right, signs=[1.0, -1.0])
    if not terms:
        if const > 1e-9:
            prog.add({}, 1, 0)  # infeasible: an empty row with lb > ub
        return
    prog.add(terms, -np.inf, -const)


class _Orders:
    """The y variables of every DM allowed to change, and preference expressions."""

    def __init__(self, prog: _Program, groups: list[np.ndarray], allowed: Sequence[int],
                 budget: int) -> None:
        self.groups = groups
        self.y: dict[tuple[int, int, int], int] = {}
        self.allowed = set(allowed)
        for k in allowed:
            T = int(groups[k].max()) + 1
            for g in range(T):
                for h in range(g + 1, min(T, g + budget + 1)):
                    self.y[(k, g, h)] = prog.var()
            for g in range(T):
                for h in range(g + 1, min(T, g + budget + 1)):
                    for l in range(h + 1, min(T, g + 2 * budget + 1)):
                        a, b, c = (self.pair(k, g, h), self.pair(k, h, l),
                                   self.pair(k, g, l))
                        # y(g,l) ≤ y(g,h) + y(h,l);  y(g,h) + y(h,l) − y(g,l) ≤ 1
                        _le(prog, c, _sum(a, b))
                        _le(prog, _sum(a, b, c, signs=[1, 1, -1]), (1.0, {}))
        self.cost: dict[int, float] = {v: 1.0 for v in self.y.values()}

    def pair(self, k: int, g: int, h: int) -> Expr:
        """y_k(g, h) for g < h: 1 when h ends above g (a constant when it cannot change)."""
        v = self.y.get((k, g, h))
        return (0.0, {}) if v is None else (0.0, {v: 1.0})

    def better(self, k: int, x: int, y: int) -> Expr:
        """[x ≻_k y] (positions of states)."""
        gx, gy = int(self.groups[k][x]), int(self.groups[k][y])
        if gx == gy:
            return (0.0, {})
        if gx < gy:  # x above y originally: strict unless inverted
            return _sum((1.0, {}), self.pair(k, gx, gy), signs=[1, -1])
        return self.pair(k, gy, gx)

    def not_better(self, k: int, x: int, y: int) -> Expr:
        """[y ≿_k x] = 1 − [x ≻_k y]."""
        return _sum((1.0, {}), self.better(k, x, y), signs=[1, -1])


def _reachability(prog: _Program, orders: _Orders, moves: UnilateralMoves,
                  movers: Sequence[int], start: int, nodes: np.ndarray) -> dict[int, Expr]:
    """Variables saying which states of ``nodes`` the ``movers`` reach from ``start`` by
    legal sequences of their improvements (one or more moves); returns
    {state: reached expression}."""
    inside = set(nodes.tolist())
    M = len(nodes) * len(movers) + 1
    r: dict[tuple[int, int], int] = {}
    d: dict[tuple[int, int], int] = {}
    incoming: dict[tuple[int, int], list[int]] = {}
    for j in movers:
        for x in nodes.tolist():
            r[(x, j)] = prog.var()
            d[(x, j)] = prog.var(0, M, True)
    for j in movers:
        for u in nodes.tolist():
            for x in moves.targets(j, u).tolist():
                if x not in inside:
                    continue
                imp = orders.better(j, x, u)
                if not imp[1] and imp[0] < 0.5:
                    continue  # never an improvement
                sources: list[int | None] = [None] if u == start else []
                sources += [jp for jp in movers if jp != j]
                for jp in sources:
                    f = prog.var()
                    incoming.setdefault((x, j), []).append(f)
                    _le(prog, (0.0, {f: 1.0}), imp)
                    if jp is not None:
                        prog.add({f: 1.0, r[(u, jp)]: -1.0}, -np.inf, 0)
                        # d(x, j) ≥ d(u, jp) + 1 − M (1 − f)
                        prog.add({d[(x, j)]: 1.0, d[(u, jp)]: -1.0, f: -M}, 1 - M, np.inf)
                    else:
                        prog.add({d[(x, j)]: 1.0, f: -M}, 1 - M, np.inf)
    for key, v in r.items():
        terms = {v: 1.0}
        for f in incoming.get(key, []):
            terms[f] = -1.0
        prog.add(terms, -np.inf, 0)
    out = {}
    for x in nodes.tolist():
        q = prog.var()
        prog.add({q: 1.0, **{r[(x, j)]: -1.0 for j in movers}}, -np.inf, 0)
        out[x] = (0.0, {q: 1.0})
    return out


def _build(space: StateSpace, moves: UnilateralMoves, hood: TargetNeighbourhood,
           groups: list[np.ndarray], concepts: Sequence[str], allowed: Sequence[int],
           sq: int | None, budget: int) -> tuple[_Program, _Orders]:
    prog = _Program()
    orders = _Orders(prog, groups, allowed, budget)
    s = hood.target
    n = moves.n_dms
    for f in hood.focal:
        i = f.dm
        H = [j for j in range(n) if j != i]
        for t, s1 in enumerate(f.moves.tolist()):
            imp = orders.better(i, s1, s)
            if not imp[1] and imp[0] < 0.5:
                continue  # never an improvement for i
            sanc = f.sanctions[t]
            if "nash" in concepts:
                _le(prog, imp, (0.0, {}))
            if "gmr" in concepts:
                _le(prog, imp, _sum(*(orders.not_better(i, x, s) for x in sanc.tolist())))
            if "smr" in concepts:
                zs = []
                for x in sanc.tolist():
                    z = prog.var()
                    zs.append((0.0, {z: 1.0}))
                    _le(prog, (0.0, {z: 1.0}), orders.not_better(i, x, s))
                    for w in moves.targets(i, x).tolist():
                        _le(prog, (0.0, {z: 1.0}), orders.not_better(i, w, s))
                _le(prog, imp, _sum(*zs) if zs else (0.0, {}))
            if "seq" in concepts:
                plane = np.unique(np.concatenate([[s1], sanc]))
                reached = _reachability(prog, orders, moves, H, s1, plane)
                qs = []
                for x in sanc.tolist():
                    q = prog.var()
                    qs.append((0.0, {q: 1.0}))
                    _le(prog, (0.0, {q: 1.0}), reached[x])
                    _le(prog, (0.0, {q: 1.0}), orders.not_better(i, x, s))
                _le(prog, imp, _sum(*qs) if qs else (0.0, {}))
    prog.add(dict(orders.cost), -np.inf, budget)
    return prog, orders


def _solve(prog: _Program, orders: _Orders, time_limit: float) -> Any:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    if not prog.lb:
        prog.var(0, 0)  # HiGHS needs one variable
    nv = len(prog.lb)
    c = np.zeros(nv)
    for v, a in orders.cost.items():
        c[v] = a
    A = csr_array((prog.vals, (prog.rows, prog.cols)), shape=(len(prog.c_lb), nv))
    return milp(c, integrality=np.array(prog.integer), bounds=Bounds(prog.lb, prog.ub),
                constraints=[LinearConstraint(A, prog.c_lb, prog.c_ub)],
                options={"time_limit": max(0.05, time_limit), "presolve": True})


def _order_of(orders: _Orders, k: int, x: np.ndarray) -> list[int]:
    """DM k's new order of its groups (best first) from a solution's y values."""
    T = int(orders.groups[k].max()) + 1

    def above(a: int, b: int) -> bool:  # a ends above b
        if a < b:
            v = orders.y.get((k, a, b))
            return v is None or x[v] < 0.5
        v = orders.y.get((k, b, a))
        return v is not None and x[v] > 0.5

    wins = [sum(above(a, b) for b in range(T) if b != a) for a in range(T)]
    return sorted(range(T), key=lambda a: -wins[a])


def _swaps(order: list[int]) -> list[int]:
    """Adjacent swaps (1-based positions) turning 0..T−1 into ``order`` (bubble sort: each
    swap removes one inversion, so there are exactly as many as inverted pairs)."""
    target_pos = {g: p for p, g in enumerate(order)}
    cur = list(range(len(order)))
    out = []
    changed = True
    while changed:
        changed = False
        for p in range(len(cur) - 1):
            if target_pos[cur[p]] > target_pos[cur[p + 1]]:
                cur[p], cur[p + 1] = cur[p + 1], cur[p]
                out.append(p + 1)
                changed = True
    return out


def kendall_minimal(conflict: Conflict, space: StateSpace, moves: UnilateralMoves, s: int,
                    concepts: Sequence[str], allowed: Sequence[int], sq: int | None,
                    how: str, top: int, budget: int, time_limit: float,
                    coalitions: CoalitionReach | None = None) -> Any:
    """The Kendall-tau inverse problem by integer programming (see the module docstring);
    returns a :class:`~detente.graph.inverse.minimal.MinimalResult`. ``how``: the moves of
    a path from today (ui, any, coalition; ``coalitions`` lists R_H for the last)."""
    from detente.graph.inverse.minimal import Solution, _result

    t0 = time.monotonic()
    n = space.n_dms
    base = payoff_ranks(space).reshape(n, -1)[:, space.feasible_index]
    groups = [(int(base[k].max()) - base[k]).astype(np.int64) for k in range(n)]
    hood = TargetNeighbourhood(moves, s)
    reach_sq = sq if (sq is not None and how != "any") else None
    if sq is not None and how == "any" and \
            Reach(moves, None, sq, improving=False).steps(s) is None:
        return _result(conflict, conflict_decimal(moves, s), list(concepts), list(allowed),
                       True, how, budget, None, budget + 1, (), True, sq, method="ilp")
    prog, orders = _build(space, moves, hood, groups, concepts, allowed, None, budget)
    solutions: list[Solution] = []
    best: int | None = None
    lower = 0
    complete = True
    yvars = sorted(orders.y.values())
    while True:
        left = time_limit - (time.monotonic() - t0)
        if left <= 0:
            complete = False
            break
        res = _solve(prog, orders, left)
        if res.x is None:
            if res.status == 1:  # time limit without a (further) solution
                complete = False
                if best is None:
                    lower = _bound(res)
            elif best is None:
                lower = budget + 1  # proven: nothing within the budget
            break
        x = np.round(res.x)
        value = int(round(float(res.fun)))
        profile, chs, texts, phrases = _profile(conflict, space, orders, base, groups, x)
        _verify(hood, profile, concepts, conflict)
        steps: int | None = None
        path: tuple[tuple[str, str], ...] = ()
        if sq is not None:
            r = Reach(moves, profile, sq, improving=(how != "any"), coalitions=coalitions)
            steps = r.steps(s)
            if steps is None:
                if reach_sq is None:
                    # with any moves the target's reachability does not depend on the
                    # preferences, and it was checked before the programme was built
                    raise RuntimeError(
                        "internal inconsistency: the integer programme's solution does not "
                        "reach the target by any moves although the target was found "
                        "reachable before the search; please report this as a bug")
                if not _cut_unreachable(prog, orders, moves, r):
                    if best is None:
                        lower = budget + 1  # proven: no profile reaches the target
                    break
                continue
            path = tuple((r.mover_name(conflict, m), conflict.pattern(int(moves.decimals[p])))
                         for m, p in r.path(s))
        if best is None:  # the first valid solution has the least cost
            best = value
            lower = _bound(res) if res.status == 1 else best
            if res.status == 1:
                complete = False
            prog.add(dict(orders.cost), -np.inf, best)  # further solutions: same cost
        if len(solutions) >= top:
            complete = False
            break
        solutions.append(Solution(tuple(chs), tuple(texts), steps, path, tuple(phrases)))
        if not yvars:
            break
        # exclude this order profile
        cut = {v: (-1.0 if x[v] > 0.5 else 1.0) for v in yvars}
        ones = sum(1 for v in yvars if x[v] > 0.5)
        prog.add(cut, 1 - ones, np.inf)
    return _result(conflict, conflict_decimal(moves, s), list(concepts), list(allowed),
                   sq is not None, how, budget, best, lower, tuple(solutions), complete, sq,
                   already=(best == 0), method="ilp")


def _cut_unreachable(prog: _Program, orders: _Orders, moves: UnilateralMoves,
                     r: Reach) -> bool:
    """Add Σ_boundary [x ≻_j u] ≥ 1 (see the module docstring); False when no boundary move
    can become an improvement (then no profile reaches the target).

    A coalitional boundary step (coalition H from u to x ∈ R_H(u)) needs every member to
    prefer x to u; under the current profile some member does not, so the cut takes the
    term of one such member j (if j's relation is fixed, the step never becomes an
    improvement and is left out)."""
    n = moves.n_dms
    reached = {(int(x), j) for j in range(r.n_movers) for x in np.flatnonzero(r.dist[j] >= 0)}
    nodes = [(r.start, -1), *reached]
    terms: dict[int, float] = {}
    const = 0.0
    for u, last in nodes:
        for j in range(n):
            if j == last:
                continue
            for x in moves.targets(j, u).tolist():
                if (x, j) in reached:
                    continue
                c, t = orders.better(j, x, u)
                if not t:
                    continue  # fixed: it is not an improvement now, so it never is
                const += c
                for v, a in t.items():
                    terms[v] = terms.get(v, 0.0) + a
        co = r.coalitions
        if co is None or r.ranks is None:
            continue
        for c_i, coalition in enumerate(co.coalitions):
            q = n + c_i
            if q == last:
                continue
            for x in co.targets(c_i, u).tolist():
                if (x, q) in reached:
                    continue
                against = [j for j in coalition if r.ranks[j][x] <= r.ranks[j][u]]
                exprs = [orders.better(j, x, u) for j in against]
                if not against or any(not t for _, t in exprs):
                    continue  # some member's relation is fixed and not a preference
                c, t = exprs[0]
                const += c
                for v, a in t.items():
                    terms[v] = terms.get(v, 0.0) + a
    if not terms:
        return False
    prog.add(terms, 1 - const, np.inf)
    return True


def _bound(res: Any) -> int:
    bound = getattr(res, "mip_dual_bound", None)
    if bound is None or not np.isfinite(bound):
        return 0
    return max(0, int(np.ceil(bound - 1e-6)))


def _profile(conflict: Conflict, space: StateSpace, orders: _Orders, base: np.ndarray,
             groups: list[np.ndarray], x: np.ndarray) -> tuple:
    """The ranks of a solution, and its changes as adjacent swaps in words."""
    from detente.graph.inverse.minimal import ranking_spec

    profile = base.copy()
    chs: list[Change] = []
    texts, phrases = [], []
    for k in sorted(orders.allowed):
        order = _order_of(orders, k, x)
        spec: PreferenceSpec = ranking_spec(space, base[k])
        for pos in _swaps(order):
            ch = Change(k, "swap", pos, "groups")
            texts.append(ch.describe(conflict, spec))
            phrases.append(ch.describe(conflict, spec, conditional=True))
            chs.append(ch)
            spec = apply_change(spec, ch)
        newpos = {g: p for p, g in enumerate(order)}
        profile[k] = len(order) - np.array([newpos[int(g)] for g in groups[k]])
    return profile, chs, texts, phrases


def conflict_decimal(moves: UnilateralMoves, p: int) -> int:
    return int(moves.decimals[p])


def _verify(hood: TargetNeighbourhood, profile: np.ndarray, concepts: Sequence[str],
            conflict: Conflict) -> None:
    """The solution must pass the independent verdicts of the profile machinery."""
    batch = ProfileBatch(hood, [profile[k][None, :] for k in range(profile.shape[0])])
    for c in concepts:
        ok = batch.seq().count == 1 if c == "seq" else batch.counts(c) == 1
        if not ok:
            raise RuntimeError(
                f"internal inconsistency: the integer programme's solution does not make the "
                f"target {c}-stable ({conflict.title or 'model'}); please report this as a bug")
