"""Pareto frontier of a set of utility vectors, with ties grouped.

A package *Pareto-dominates* another when every party likes it at least as much and some
party strictly more. The *Pareto frontier* (Pareto set, efficient set) is the set of packages
that no package dominates; packages with equal utility vectors are one *frontier point*
(neither dominates the other), and all of them belong to the frontier.

Algorithms (parties along the first axis of the array, packages along the second):

* an exact *dominance pre-filter*: a few packages that are certainly efficient or strong
  (the best package for each party and for some positive weightings) remove every package
  they dominate, in vectorised passes;
* the survivors are sorted lexicographically in decreasing order (so that a package can only
  be dominated by one before it) and equal vectors are merged into one point with a count;
* two parties: a point is efficient iff its second utility exceeds the running maximum of
  the second utilities before it (Kung, Luccio & Preparata 1975);
* three or more parties: sort-filter-skyline (Chomicki, Godfrey, Gryz & Liang 2003): scan the
  sorted points, comparing each with the skyline found so far (compiled with Numba).

References
----------
.. [1] V. Pareto, *Manuale di economia politica*, 1906 (the efficiency notion).
.. [2] H. T. Kung, F. Luccio, F. P. Preparata, "On finding the maxima of a set of vectors",
   *Journal of the ACM* 22(4), 1975.
.. [3] J. Chomicki, P. Godfrey, J. Gryz, D. Liang, "Skyline with presorting", ICDE 2003.

Examples
--------
>>> import numpy as np
>>> pts = np.array([[3, 2, 2, 1, 3], [1, 2, 2, 3, 0]])   # parties × packages
>>> pareto_front(pts).tolist()
[0, 1, 2, 3]
>>> g = pareto_groups(pts)
>>> g.vectors.T.tolist(), g.counts.tolist(), g.group.tolist()
([[3, 1], [2, 2], [1, 3]], [1, 2, 1], [0, 1, 1, 2, -1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ParetoGroups", "pareto_groups", "pareto_front", "dominates", "cap_members"]

#: Below this many points the pre-filter is not worth its passes.
_PREFILTER_MIN = 4096


@dataclass(frozen=True)
class ParetoGroups:
    """The frontier points of a set of vectors.

    Attributes
    ----------
    group:
        For each input vector, the index of its frontier point, or -1 if dominated.
    vectors:
        The distinct frontier vectors (parties × points), in decreasing lexicographic order
        (the first party's best point first).
    counts:
        For each frontier point, the total count (weight) of input vectors equal to it.
    """

    group: np.ndarray
    vectors: np.ndarray
    counts: np.ndarray


def dominates(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether utility vector ``a`` Pareto-dominates ``b`` (≥ everywhere, > somewhere).

    >>> dominates(np.array([2, 1]), np.array([1, 1])), dominates(np.array([1, 1]), np.array([1, 1]))
    (True, False)
    """
    a, b = np.asarray(a), np.asarray(b)
    return bool(np.all(a >= b) and np.any(a > b))


def _prefilter(X: np.ndarray) -> np.ndarray:
    """Mask of the vectors not dominated by a few strong vectors (exact: removes only
    vectors that are dominated)."""
    P, n = X.shape
    Xf = X.astype(np.float64)
    lo = Xf.min(axis=1, keepdims=True)
    span = Xf.max(axis=1, keepdims=True) - lo
    span[span == 0] = 1.0
    Z = (Xf - lo) / span
    weights = [np.ones(P)]
    rng = np.random.default_rng(12345)
    weights += list(rng.dirichlet(np.ones(P), size=6) + 1e-3)
    picks = {int(np.argmax(Z.T @ w)) for w in weights}
    for p in range(P):
        picks.add(int(np.argmax(X[p])))
    keep = np.ones(n, dtype=bool)
    for f in picks:
        fv = X[:, f][:, None]
        dom = np.all(fv >= X, axis=0)
        dom &= np.any(fv > X, axis=0)
        keep &= ~dom
    return keep


def _skyline_sorted(U: np.ndarray) -> np.ndarray:
    """Keep-mask of distinct vectors sorted in decreasing lexicographic order."""
    P, g = U.shape
    if g == 0:
        return np.zeros(0, dtype=bool)
    if P == 1:
        keep = np.zeros(g, dtype=bool)
        keep[0] = True
        return keep
    if P == 2:
        u2 = U[1]
        run = np.maximum.accumulate(u2)
        keep = np.empty(g, dtype=bool)
        keep[0] = True
        keep[1:] = u2[1:] > run[:-1]
        return keep
    from detente.bargain._skyline import sort_filter_skyline

    return sort_filter_skyline(np.ascontiguousarray(U.T))


def pareto_groups(points: np.ndarray, counts: np.ndarray | None = None) -> ParetoGroups:
    """Group the non-dominated vectors of ``points`` into frontier points.

    Parameters
    ----------
    points:
        Utilities, parties × vectors (integers for exact ties, or floats compared exactly).
    counts:
        Optional weight of each vector (e.g. how many packages it stands for); default 1.

    Returns
    -------
    ParetoGroups
        ``group`` maps each vector to its frontier point (-1 when dominated); ``vectors`` and
        ``counts`` describe the frontier points.

    Notes
    -----
    O(n log n) for two parties; for more, O(n log n + n·s) with s the frontier size, after
    the pre-filter. Never compares all pairs.

    Examples
    --------
    >>> g = pareto_groups(np.array([[1, 1, 0], [0, 0, 1]]), counts=np.array([2, 3, 1]))
    >>> g.group.tolist(), g.counts.tolist()
    ([0, 0, 1], [5, 1])

    References
    ----------
    Kung, Luccio & Preparata 1975 (two parties); Chomicki et al. 2003 (sort-filter-skyline).
    """
    X = np.asarray(points)
    if X.ndim != 2:
        raise ValueError("points must be parties × vectors")
    P, n = X.shape
    w = np.ones(n, dtype=np.int64) if counts is None else np.asarray(counts, dtype=np.int64)
    group = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return ParetoGroups(group, X[:, :0].copy(), np.zeros(0, np.int64))
    if n >= _PREFILTER_MIN and P >= 2:
        cand = np.flatnonzero(_prefilter(X))
        Xc = X[:, cand]
    else:
        cand = None
        Xc = X
    # sort decreasing lexicographically (party 0 first); lexsort's last key is primary
    order = np.lexsort(tuple(-Xc[p] for p in reversed(range(P)))) if P else np.arange(n)
    Xs = Xc[:, order]
    m = Xs.shape[1]
    change = np.empty(m, dtype=bool)
    change[0] = True
    change[1:] = np.any(Xs[:, 1:] != Xs[:, :-1], axis=0)
    starts = np.flatnonzero(change)
    uniq = Xs[:, starts]
    gid_sorted = np.cumsum(change) - 1
    keep = _skyline_sorted(uniq)
    newid = np.where(keep, np.cumsum(keep) - 1, -1)
    gs = newid[gid_sorted]
    wc = w[cand] if cand is not None else w
    ucounts = np.add.reduceat(wc[order], starts)
    sub = np.empty(m, dtype=np.int64)
    sub[order] = gs
    if cand is not None:
        group[cand] = sub
    else:
        group = sub
    return ParetoGroups(group, uniq[:, keep], ucounts[keep])


def pareto_front(points: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated vectors (parties × vectors), ties all included.

    >>> pareto_front(np.array([[0.5, 0.2, 0.5], [0.5, 0.9, 0.4]])).tolist()
    [0, 1]
    """
    return np.flatnonzero(pareto_groups(points).group >= 0)


def cap_members(group: np.ndarray, index: np.ndarray, limit: int) -> np.ndarray:
    """Positions of at most ``limit`` members per group, the smallest indices first.

    ``group`` and ``index`` are parallel arrays (group id, package number); returns the
    positions to keep, ordered by group then index.

    >>> cap_members(np.array([1, 0, 1, 1]), np.array([9, 5, 7, 8]), 2).tolist()
    [1, 2, 3]
    """
    if group.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((index, group))
    g = group[order]
    start = np.empty(g.size, dtype=bool)
    start[0] = True
    start[1:] = g[1:] != g[:-1]
    first = np.maximum.accumulate(np.where(start, np.arange(g.size), 0))
    rank = np.arange(g.size) - first
    return order[rank < limit]
