"""Status quo analysis at scale: seconds per phase and for the whole command line.

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/paths_scale.py            # every size
    .venv/bin/python benchmarks/paths_scale.py --quick    # the small sizes only

For each seeded random conflict (``benchmarks/models.py``) and kind of move it times, in
process (time.perf_counter):

- ``stab``: the stability analysis whose equilibria are reported (analyze's default
  concepts: SIM and SEQ&SIM are left out at this size, as in ``detente paths``);
- ``bfs``: the breadth-first search over (state, last mover) from the all-N state (with
  coalitional moves: their per-source searches included);
- ``count``: the number of shortest paths to every state (dynamic programme over layers);
- ``total``: ``status_quo_analysis`` + ``to_dict``, everything ``detente paths`` computes,
  of which ``json`` is the JSON building (a shortest path to every reachable equilibrium,
  which on random models can be tens of thousands of them);

and then the whole command line ``detente paths FILE.json --from N… --format json`` in a
fresh process (import, Numba start-up and writing the JSON included) with its peak memory.
The target of the issue is ``total`` ≤ 10 s for the three-DM, 20-option model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from measure import run_detente  # noqa: E402
from models import random_conflict, scenario_dict  # noqa: E402

from detente.graph.paths import status_quo_analysis  # noqa: E402

# (label, options per DM, seed, moves, target)
CASES = [
    ("2 DMs, 8 options", [4, 4], 1, "ui", ""),
    ("3 DMs, 12 options", [4, 4, 4], 1, "ui", ""),
    ("3 DMs, 12 options", [4, 4, 4], 1, "coalition", ""),
    ("3 DMs, 16 options", [6, 5, 5], 1, "ui", ""),
    ("3 DMs, 16 options", [6, 5, 5], 1, "any", ""),
    ("3 DMs, 20 options", [7, 7, 6], 0, "ui", "≤ 10 s"),
    ("3 DMs, 20 options", [7, 7, 6], 0, "any", "≤ 10 s"),
    ("3 DMs, 20 options", [7, 7, 6], 1, "ui", "≤ 10 s"),
    ("3 DMs, 20 options", [7, 7, 6], 1, "any", "≤ 10 s"),
    ("2 DMs, 20 all irrev.", [10, 10], 1, "ui", "measure"),
]
QUICK = {"2 DMs, 8 options", "3 DMs, 12 options"}


def phases(conflict, moves: str) -> dict:
    from detente.graph.analysis import analyze
    from detente.graph.moves import MoveSystem
    from detente.graph.search import LayeredSearch, movers_for

    start = "N" * conflict.n_options
    # the phases one by one
    t = time.perf_counter()
    a = analyze(conflict)
    stab = time.perf_counter() - t
    t = time.perf_counter()
    system = MoveSystem(a.space, a.tensor_payoffs())
    search = LayeredSearch(system, system.flat(0), movers_for(system.n, moves),
                           improving=(moves != "any")).run()
    bfs = time.perf_counter() - t
    t = time.perf_counter()
    search.count_paths()
    count = time.perf_counter() - t
    # the whole analysis, as `detente paths` runs it
    t0 = time.perf_counter()
    result = status_quo_analysis(conflict, start, moves=moves)
    t1 = time.perf_counter()
    payload = result.to_dict()
    t2 = time.perf_counter()
    return {
        "stab": stab, "bfs": bfs, "count": count, "json": (t2 - t1), "total": t2 - t0,
        "feasible": result.system.space.n_feasible,
        "reached": len(payload["reachable"]), "steps": len(payload["by_step"]),
        "eq_paths": len(payload["paths"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the small sizes")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="detente-paths-bench-"))
    warm = random_conflict(0, [2, 2, 1])
    status_quo_analysis(warm, "NNNNN", moves="coalition").to_dict()  # compile the kernels
    rows = []
    for label, per_dm, seed, moves, target in CASES:
        if args.quick and label not in QUICK:
            continue
        conflict = random_conflict(seed, per_dm,
                                   p_irreversible=1.0 if "all irrev." in label else 0.2)
        r = phases(conflict, moves)
        path = tmp / f"{label.replace(' ', '_').replace(',', '')}_{seed}.json"
        path.write_text(json.dumps(scenario_dict(conflict)))
        wall, peak, _ = run_detente("paths", str(path), "--from", "N" * conflict.n_options,
                                    "--moves", moves, "--format", "json")
        rows.append((label, seed, moves, r, wall, peak, target))
        print(f"  done: {label}, {moves} ({r['total']:.1f} s)", file=sys.stderr)
    head = (f"{'model':<20} {'seed':>4} {'moves':<9} {'feasible':>9} {'reached':>9} {'steps':>5} "
            f"{'eq. paths':>9} {'stab':>6} {'bfs':>6} {'count':>6} {'json':>6} {'total':>6} "
            f"{'CLI s':>6} {'peak MB':>8}  target")
    print(head)
    print("-" * len(head))
    for label, seed, moves, r, wall, peak, target in rows:
        print(f"{label:<20} {seed:>4} {moves:<9} {r['feasible']:>9,} {r['reached']:>9,} "
              f"{r['steps']:>5} "
              f"{r['eq_paths']:>9,} {r['stab']:6.2f} {r['bfs']:6.2f} {r['count']:6.2f} "
              f"{r['json']:6.2f} {r['total']:6.2f} {wall:6.2f} {peak:8.0f}  {target}")
    print()
    print("Seconds. stab, bfs, count: each phase alone; total: status_quo_analysis + to_dict,")
    print("in process (json is its JSON-building part: a path to every reachable equilibrium);")
    print("'CLI s' also includes start-up and writing the JSON. Peak MB: the CLI process's")
    print("resident high-water mark (VmHWM, see benchmarks/measure.py).")
    print(f"\nmachine: {os.cpu_count()} cores; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
