"""Compiled kernels load from Numba's disk cache in a new process instead of recompiling
(compilation costs seconds in every command that needs them)."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json
from detente.graph import moves
moves.COMPILED_MIN_STATES = 0  # small models take the NumPy paths; here, the compiled ones
from detente.graph.analysis import analyze
from detente.graph.coalitions import analyze_coalitions
from detente.graph.limited_move import limited_move
from detente.graph.paths import status_quo_analysis
from detente.model.loader import load_conflict
from tests.graph.strategies import random_conflict

conflict = random_conflict(3, 2, [3, 3], p_irreversible=0.7)   # irreversible: moves kernel
result = analyze(conflict, concepts="all")                       # SEQ and SIM kernels
analyze_coalitions(conflict, "all")                              # coalition kernels
status_quo_analysis(conflict, None, moves="coalition")           # coalitional search
limited_move(load_conflict("chicken"), horizon=2)                # limited-move kernel
from detente.graph.sensitivity import sensitivity
sensitivity(conflict, "all")                                     # profile-stack kernels

from detente.graph import _moves_kernel
counts = {}
for module in (_moves_kernel,):
    for name in dir(module):
        stats = getattr(getattr(module, name), "stats", None)
        if stats is not None and hasattr(stats, "cache_misses"):
            counts[f"{module.__name__.rsplit('.', 1)[1]}.{name}"] = [
                sum(stats.cache_hits.values()), sum(stats.cache_misses.values())]
print(json.dumps(counts))
"""


#: The kernels the script calls directly (their helpers are compiled into them).
CALLED = ["_moves_kernel.ci_batch", "_moves_kernel.flags_bfs",
          "_moves_kernel.limited_move_level", "_moves_kernel.pull_rows",
          "_moves_kernel.reduce_tensor", "_moves_kernel.sim_kernel_many"]


def _run() -> dict[str, list[int]]:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_second_process_compiles_nothing() -> None:
    _run()  # the first process may compile (and writes the cache)
    counts = _run()
    for name in CALLED:
        hits, misses = counts[name]
        assert hits >= 1 and misses == 0, f"{name}: {hits} cache hits, {misses} misses"
