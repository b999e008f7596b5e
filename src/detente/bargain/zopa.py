"""Zone of possible agreement (ZOPA).

The *zone of possible agreement* is the set of packages that every party prefers to its best
alternative to a negotiated agreement (BATNA): with ``d_i`` the reservation utility of party
``i``, a package is in the ZOPA when ``u_i(package) > d_i`` for every party (strictly: at
``u_i = d_i`` a party gains nothing by agreeing). When it is empty, no agreement is possible
and the rational outcome is no deal. The frontier inside the ZOPA is the global Pareto
frontier restricted to the ZOPA (a package that dominates a ZOPA package is itself in the
ZOPA).

References
----------
.. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982
   (the zone of agreement between reservation prices; BATNA in Fisher & Ury 1981).

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.2, 0.6, 0.9], [0.9, 0.5, 0.1]])   # parties × packages
>>> zopa_mask(u, np.array([0.3, 0.3])).tolist()
[False, True, False]
"""

from __future__ import annotations

import numpy as np

__all__ = ["zopa_mask"]


def zopa_mask(utilities: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """Which packages every party strictly prefers to its reservation (Raiffa 1982).

    Parameters
    ----------
    utilities:
        Parties × packages (floats, or the integer utilities of
        :class:`~detente.bargain.outcomes.OutcomeSpace` with its integer thresholds).
    reservations:
        One reservation per party, on the same scale.

    Returns
    -------
    numpy.ndarray
        Boolean mask over packages.

    Examples
    --------
    >>> zopa_mask(np.array([[1, 2], [3, 1]]), np.array([0, 1])).tolist()
    [True, False]
    """
    u = np.asarray(utilities)
    d = np.asarray(reservations).reshape(-1, *([1] * (u.ndim - 1)))
    return np.all(u > d, axis=0)
