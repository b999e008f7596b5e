"""Compiled kernel of the sort-filter-skyline algorithm (Chomicki et al. 2003).

Kept apart so that Numba is imported only when three or more parties need it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["sort_filter_skyline"]


@njit(cache=True)
def _sfs(X):  # pragma: no cover - compiled
    n, P = X.shape
    window = np.empty(n, np.int64)
    size = 0
    keep = np.zeros(n, np.bool_)
    for j in range(n):
        dominated = False
        for a in range(size):
            r = window[a]
            weakly = True
            for p in range(P):
                if X[r, p] < X[j, p]:
                    weakly = False
                    break
            if weakly:
                dominated = True
                break
        if not dominated:
            keep[j] = True
            window[size] = j
            size += 1
    return keep


def sort_filter_skyline(X: np.ndarray) -> np.ndarray:
    """Keep-mask of the skyline of *distinct* vectors (rows) sorted decreasingly.

    Each row can be dominated only by rows before it (the order is a linear extension of
    dominance), and since rows are distinct, "at least as good everywhere" means dominance.

    >>> sort_filter_skyline(np.array([[3, 1, 1], [2, 2, 2], [2, 1, 1], [1, 3, 0]])).tolist()
    [True, True, False, True]
    """
    return _sfs(np.ascontiguousarray(X))
