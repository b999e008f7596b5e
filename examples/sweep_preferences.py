"""Which single preference change moves the equilibria? A loop over the API.

For each decision maker of a model and each single change of its preferences (delete or
swap statements; swap or merge tie groups: ``detente.graph.changes``), rerun the analysis
and print the changes that add or remove an equilibrium under a concept. (``detente
sensitivity`` answers the same question faster and in full; this shows how a few lines of
Python compose the API.)

    python examples/sweep_preferences.py [MODEL] [CONCEPT]
"""

from __future__ import annotations

import sys

import detente
from detente.graph.changes import single_changes


def main(model: str = "cuban-missile-crisis", concept: str = "seq") -> list[str]:
    c = detente.load(model)
    base = set(detente.analyze(c, [concept]).equilibria[concept])
    lines = []
    for dm in range(len(c.decision_makers)):
        for change in single_changes(c, dm):
            now = set(detente.analyze(detente.apply_changes(c, [change]),
                                      [concept]).equilibria[concept])
            if now != base:
                gained, lost = sorted(now - base), sorted(base - now)
                lines.append(f"{change.describe(c)}: gains {gained or 'none'}, "
                             f"loses {lost or 'none'}")
    print(f"{len(lines)} changes move the {concept} equilibria of {c.title}:")
    for line in lines:
        print("  " + line)
    return lines


if __name__ == "__main__":
    main(*sys.argv[1:3])
