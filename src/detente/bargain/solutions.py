"""Bargaining solutions: Nash, Kalai–Smorodinsky, egalitarian, utilitarian.

Each solution picks, among the packages of the zone of possible agreement (every party's
utility ``u_i`` above its disagreement point ``d_i``, its reservation), those maximising an
index. Over a finite set of packages the maximum may be attained by several packages; détente
lists every package whose index is within 1e-9 of the optimum.

* Nash: maximise the product of gains Π_i (u_i − d_i) (Nash 1950). The unique solution
  satisfying Pareto efficiency, symmetry, invariance to positive affine rescaling of each
  party's utility, and independence of irrelevant alternatives.
* Kalai–Smorodinsky: maximise min_i (u_i − d_i) / (a_i − d_i), where the *ideal point* a_i is
  the best utility party ``i`` gets in the ZOPA: equal shares of each party's largest possible
  gain, on the line from d to a (Kalai & Smorodinsky 1975; monotonicity replaces IIA).
* Egalitarian: maximise min_i (u_i − d_i): equal absolute gains, the worst-off party as well
  off as possible (Kalai 1977, "proportional solutions"; needs comparable utilities).
* Utilitarian: maximise Σ_i u_i, the joint utility (Harsanyi 1955; comparable utilities).

References
----------
.. [1] J. F. Nash, "The Bargaining Problem", *Econometrica* 18(2), 1950.
.. [2] E. Kalai, M. Smorodinsky, "Other Solutions to Nash's Bargaining Problem",
   *Econometrica* 43(3), 1975.
.. [3] E. Kalai, "Proportional Solutions to Bargaining Situations: Interpersonal Utility
   Comparisons", *Econometrica* 45(7), 1977.
.. [4] J. C. Harsanyi, "Cardinal Welfare, Individualistic Ethics, and Interpersonal
   Comparisons of Utility", *Journal of Political Economy* 63(4), 1955.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.9, 0.6, 0.5, 0.2], [0.2, 0.5, 0.6, 0.9]])   # parties × packages
>>> d = np.array([0.1, 0.1])
>>> {k: v.packages for k, v in bargaining_solutions(u, d).items()}
{'nash': [1, 2], 'kalai_smorodinsky': [1, 2], 'egalitarian': [1, 2], 'utilitarian': [0, 1, 2, 3]}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.bargain.zopa import zopa_mask

__all__ = [
    "SOLUTIONS",
    "TIE_TOLERANCE",
    "nash_product",
    "kalai_smorodinsky_index",
    "egalitarian_index",
    "utilitarian_index",
    "solution_index",
    "SolutionSet",
    "bargaining_solutions",
]

#: The solutions, in the order they are reported.
SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
#: Packages whose index is within this of the optimum attain it.
TIE_TOLERANCE = 1e-9


def nash_product(u: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The Nash product Π_i (u_i − d_i) of each package (Nash 1950).

    ``u`` is parties × packages; ``d`` the disagreement point (reservations).

    >>> nash_product(np.array([[0.5, 0.8], [0.5, 0.3]]), np.array([0.0, 0.0])).tolist()
    [0.25, 0.24]
    """
    return np.prod(u - np.asarray(d).reshape(-1, 1), axis=0)


def kalai_smorodinsky_index(u: np.ndarray, d: np.ndarray, ideal: np.ndarray) -> np.ndarray:
    """min_i (u_i − d_i)/(a_i − d_i), with a the ideal point (Kalai & Smorodinsky 1975).

    >>> kalai_smorodinsky_index(np.array([[0.5], [0.3]]), np.zeros(2), np.array([1.0, 0.5]))
    array([0.5])

    A party whose ideal is its reservation (it gains nothing) does not bind:

    >>> kalai_smorodinsky_index(np.array([[0.5], [0.2]]), np.array([0, 0.2]), np.array([1, 0.2]))
    array([0.5])
    """
    d = np.asarray(d, dtype=np.float64).reshape(-1, 1)
    gain = np.asarray(u, dtype=np.float64) - d
    span = np.asarray(ideal, dtype=np.float64).reshape(-1, 1) - d
    # A party whose ideal is its reservation gains nothing anywhere: its ratio is undefined
    # (0/0, with a NumPy warning) and it cannot bind, so it is left out of the minimum.
    ratio = np.divide(gain, span, out=np.full(np.broadcast_shapes(gain.shape, span.shape),
                                              np.inf), where=span > 0)
    return np.min(ratio, axis=0)


def egalitarian_index(u: np.ndarray, d: np.ndarray) -> np.ndarray:
    """min_i (u_i − d_i): the smallest gain over the disagreement point (Kalai 1977).

    >>> egalitarian_index(np.array([[0.5], [0.3]]), np.array([0.1, 0.0])).round(3).tolist()
    [0.3]
    """
    return np.min(u - np.asarray(d).reshape(-1, 1), axis=0)


def utilitarian_index(u: np.ndarray) -> np.ndarray:
    """Σ_i u_i: the joint utility (Harsanyi 1955).

    >>> utilitarian_index(np.array([[0.5], [0.25]])).tolist()
    [0.75]
    """
    return np.sum(u, axis=0)


def solution_index(name: str, u: np.ndarray, d: np.ndarray, ideal: np.ndarray) -> np.ndarray:
    """The index maximised by the solution ``name`` (one of :data:`SOLUTIONS`)."""
    if name == "nash":
        return nash_product(u, d)
    if name == "kalai_smorodinsky":
        return kalai_smorodinsky_index(u, d, ideal)
    if name == "egalitarian":
        return egalitarian_index(u, d)
    if name == "utilitarian":
        return utilitarian_index(u)
    raise ValueError(f"unknown solution {name!r}; choose one of {', '.join(SOLUTIONS)}")


_NAMES = {"nash": "Nash", "kalai_smorodinsky": "Kalai–Smorodinsky",
          "egalitarian": "egalitarian", "utilitarian": "utilitarian"}


def _checked(u: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``u`` (parties × packages) and ``d`` (one per party) as finite float arrays, or a
    ValueError saying what is wrong (scikit-learn style: name the argument and the problem)."""
    u = np.asarray(u, dtype=np.float64)
    d = np.asarray(d, dtype=np.float64)
    if u.ndim != 2:
        raise ValueError(f"u must be a 2-D array (parties × packages), got {u.ndim} dimension(s)")
    if d.shape != (u.shape[0],):
        raise ValueError(f"d must hold one reservation per party ({u.shape[0]}), "
                         f"got shape {d.shape}")
    for name, a in (("u", u), ("d", d)):
        if not np.isfinite(a).all():
            raise ValueError(f"{name} holds a value that is not finite (inf or nan)")
    return u, d


@dataclass(frozen=True)
class SolutionSet:
    """The packages (column numbers) attaining a solution's optimum ``value``."""

    name: str
    value: float
    packages: list[int]


def bargaining_solutions(
    u: np.ndarray, d: np.ndarray, tolerance: float = TIE_TOLERANCE
) -> dict[str, SolutionSet]:
    """The four bargaining solutions over the ZOPA of a small, explicit set of packages.

    Parameters
    ----------
    u:
        Utilities, parties × packages.
    d:
        Disagreement point (each party's reservation).
    tolerance:
        Packages within this of the optimum are listed too.

    Returns
    -------
    dict
        ``{name: SolutionSet}``; empty when no package is in the ZOPA (no agreement
        possible). For agendas use :func:`detente.bargain.analysis.analyze_deals`, which
        streams over the outcome space.

    Raises
    ------
    ValueError
        If the shapes disagree, a value is not finite, or the utilities are so large that an
        index overflows (rescale them: every solution but the utilitarian is invariant to
        rescaling each party's utility, and the utilitarian to a common scale).

    Examples
    --------
    >>> bargaining_solutions(np.array([[0.1], [0.9]]), np.array([0.2, 0.2]))
    {}
    >>> bargaining_solutions(np.array([[1e300], [1e300]]), np.array([-1e300, -1e300]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the Nash index overflows with utilities this large (up to 1e+300 in size); ...
    """
    u, d = _checked(u, d)
    inside = np.flatnonzero(zopa_mask(u, d))
    if inside.size == 0:
        return {}
    uz = u[:, inside]
    ideal = uz.max(axis=1)
    out = {}
    for name in SOLUTIONS:
        # Products and sums of large utilities overflow to inf, and every package would then
        # tie at inf: refuse rather than name a meaningless optimum.
        with np.errstate(over="ignore", invalid="ignore"):
            idx = solution_index(name, uz, d, ideal)
        if not np.isfinite(idx).all():
            size = float(max(np.abs(u).max(), np.abs(d).max()))
            raise ValueError(
                f"the {_NAMES[name]} index overflows with utilities this large (up to "
                f"{size:.0e} in size); rescale the utilities, e.g. to 0–1")
        best = float(idx.max())
        out[name] = SolutionSet(name, best,
                                inside[idx >= best - tolerance].tolist())
    return out
