"""Inverse analysis of the graph model: what would have to change for a chosen state to be an
equilibrium (and reachable from today).

- :mod:`~detente.graph.inverse.ranges` — ranking ranges (GMCR+'s inverse question): under
  which orders of part of each ranking is the target stable, and which preferences are
  necessary;
- :mod:`~detente.graph.inverse.minimal` — the smallest change of preferences that makes the
  target an equilibrium (and reachable from the status quo): exact search by increasing
  number of changes, or the Kendall-tau integer programme of
  :mod:`~detente.graph.inverse.kendall`;
- :mod:`~detente.graph.inverse.profiles` — the shared machinery: verdicts at one target over
  many preference profiles at once (per DM for Nash, GMR, SMR; signatures for SEQ);
- :mod:`~detente.graph.inverse.local` — explicit moves of small models and the states around a
  target that the definitions look at.

See ``docs/inverse.md``.
"""

from detente.graph.inverse.minimal import MinimalResult, Solution, minimal_changes
from detente.graph.inverse.ranges import Condition, RangeCombination, RangeResult, ranking_ranges

__all__ = ["RangeResult", "RangeCombination", "Condition", "ranking_ranges", "MinimalResult",
           "Solution", "minimal_changes"]
