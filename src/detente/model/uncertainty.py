"""Uncertain preferences: what a scenario says it does not know about a decision maker.

A decision maker's (DM's) prioritized statements are an analyst's reading; some of it is
uncertain. A scenario can say so per DM, under the model key ``uncertainty``:

- ``unordered`` — groups of statements whose relative order is unknown: in each profile the
  positions the group's statements hold are filled by a uniformly random order of them
  (each of the g! orders equally likely);
- ``probable`` — statements the DM holds only with a given probability: in each profile the
  statement is kept with that probability and dropped otherwise (independently).

This is a distribution over preference profiles in the spirit of probabilistic preferences in
the graph model (Rêgo & dos Santos 2015, "Probabilistic preferences in the graph model for
conflict resolution", *IEEE Trans. SMC: Systems* 45(4): 595–608) and of unknown preferences
(Li, Hipel, Kilgour & Fang 2004, "Preference uncertainty in the graph model for conflict
resolution", *IEEE Trans. SMC-A* 34(4): 507–520): instead of a preference that is unknown
between two states, the analyst names the statements behind it whose order or presence is
unknown, and :mod:`detente.graph.uncertainty` reports how likely each state is to be an
equilibrium.

Examples
--------
>>> u = UncertainPreferences(dm=1, unordered=((2, 3),), probable=((6, 0.5),))
>>> u.profile_count()
4
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["UncertainPreferences"]


@dataclass(frozen=True)
class UncertainPreferences:
    """What is uncertain about one DM's prioritized statements.

    Attributes
    ----------
    dm:
        The DM's index.
    unordered:
        Groups of statement indices (0-based, file order) whose relative order is unknown;
        a statement is in at most one group.
    probable:
        ``(statement index, probability)`` pairs: the statement holds with that probability.
    description, source:
        Why, in words, and where that comes from.
    """

    dm: int
    unordered: tuple[tuple[int, ...], ...] = ()
    probable: tuple[tuple[int, float], ...] = ()
    description: str = ""
    source: str = ""

    def profile_count(self) -> int:
        """How many distinct draws there are: g! per group times two per statement whose
        probability is strictly between 0 and 1."""
        n = 1
        for g in self.unordered:
            n *= math.factorial(len(g))
        for _k, p in self.probable:
            if 0.0 < p < 1.0:
                n *= 2
        return n
