"""FSEQ against SEQ: seconds of each (every decision maker) on seeded random models.

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/fseq_scale.py

FSEQ (sequential stability with credible sanctions, :mod:`detente.graph.credible`) reduces
over each DM's credible moves, a move x → y counting when K_j(y) > P_j(x). Models whose
options are mostly irreversible have many irreversibility classes; this table shows what
those reductions cost next to SEQ's on the same models (the worst case of the credible
reductions: every option irreversible). The kernels are loaded on a small model first.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from models import random_conflict  # noqa: E402

from detente.graph.preferences import payoff_ranks  # noqa: E402
from detente.graph.space import StateSpace  # noqa: E402
from detente.graph.stability import StabilityEngine  # noqa: E402

# (label, options per DM, share of irreversible options)
CASES = [("3 DMs, 16 options", [6, 5, 5], 0.2), ("4 DMs, 16 options", [4, 4, 4, 4], 0.2),
         ("3 DMs, 20 options", [7, 7, 6], 0.2), ("2 DMs, 12 opts, all irrev.", [6, 6], 1.0),
         ("2 DMs, 16 opts, all irrev.", [8, 8], 1.0)]


def engine(per_dm: list[int], p_irreversible: float, seed: int = 1) -> StabilityEngine:
    c = random_conflict(seed, per_dm, p_irreversible=p_irreversible)
    space = StateSpace(c)
    return StabilityEngine(space, payoff_ranks(space))


def main() -> None:
    for warm in (engine([3, 3, 2], 1.0, 2), engine([4, 4], 0.2, 2)):  # load the kernels
        for i in range(warm.space.n_dms):
            warm.seq(i)
            warm.fseq(i)
    print(f"{'model':<28}{'feasible':>10}{'seq s':>8}{'fseq s':>8}{'ratio':>7}")
    for label, per_dm, p in CASES:
        e = engine(per_dm, p)
        n = e.space.n_dms
        t = time.perf_counter()
        for i in range(n):
            e.seq(i)
        ts = time.perf_counter() - t
        t = time.perf_counter()
        for i in range(n):
            e.fseq(i)
        tf = time.perf_counter() - t
        print(f"{label:<28}{len(e.space.feasible_decimals):>10,}{ts:8.2f}{tf:8.2f}"
              f"{tf / ts:7.1f}", flush=True)


if __name__ == "__main__":
    main()
