"""Inverse analysis of the graph model: what would have to change for a chosen state to be an
equilibrium (and reachable from today).

- :mod:`~detente.graph.inverse.ranges` — ranking ranges (GMCR+'s inverse question): under
  which orders of part of each ranking is the target stable, and which preferences are
  necessary;
- :mod:`~detente.graph.inverse.profiles` — the shared machinery: verdicts at one target over
  many preference profiles at once (per DM for Nash, GMR, SMR; signatures for SEQ);
- :mod:`~detente.graph.inverse.local` — explicit moves of small models and the states around a
  target that the definitions look at.

See ``docs/inverse.md``.
"""

from detente.graph.inverse.ranges import RangeResult, ranking_ranges

__all__ = ["RangeResult", "ranking_ranges"]
