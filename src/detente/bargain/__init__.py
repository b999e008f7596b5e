"""Package-deal analysis over an agenda: Pareto frontier, ZOPA, bargaining solutions, trades.

One concept per module: :mod:`~detente.bargain.outcomes` (the outcome space, chunked and
vectorised), :mod:`~detente.bargain.pareto`, :mod:`~detente.bargain.zopa`,
:mod:`~detente.bargain.solutions`, :mod:`~detente.bargain.trades`, and
:mod:`~detente.bargain.analysis` (:func:`analyze_deals`, which streams over the outcome space).
"""

from detente.bargain.analysis import DealAnalysis, analyze_deals

__all__ = ["DealAnalysis", "analyze_deals"]
