"""Coalition analysis at scale: ``analyze --coalitions all`` on n decision makers with one
option each (2^n states, 2^n − 1 coalitions, the issue-11 case), and what the work guard says.

For each n: the estimate of :func:`detente.graph.coalitions.coalition_work` (seconds on the
2-core development machine, and whether the default ``--max-work`` lets it through), the
measured CPU seconds of :func:`analyze_coalitions` in this process (compiled kernels warm),
and a fresh ``detente analyze FILE --coalitions all --format json`` process: exit code, wall
seconds and peak resident memory (for a refused model: how long the refusal took), beside
the memory estimate the --max-memory guard uses (:func:`coalition_memory`).
Targets: what runs finishes in seconds with a progress bar; what would not is refused at once.

Run: ``.venv/bin/python benchmarks/coalitions_scale.py``
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

from measure import run_measured  # noqa: E402

from detente.graph.coalitions import (  # noqa: E402
    ANALYSIS_WORK_LIMIT,
    PAIR_SECONDS,
    analyze_coalitions,
    coalition_memory,
    coalition_work,
    parse_coalitions,
)
from detente.graph.space import StateSpace  # noqa: E402
from detente.model.loader import load_conflict  # noqa: E402


def scenario(n: int) -> dict:
    """n DMs with one option each; each prefers the next DM's option taken and its own not."""
    return {"title": f"{n} decision makers, one option each",
            "decision_makers": [{"name": f"D{i}", "options": [{"id": f"o{i}"}],
                                 "preferences": {"statements": [f"o{(i + 1) % n}",
                                                                f"not o{i}"]}}
                                for i in range(n)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="6,8,10,11,12", help="numbers of DMs (comma-separated)")
    args = ap.parse_args()
    exe = ROOT / ".venv" / "bin" / "detente"
    cmd = str(exe) if exe.exists() else "detente"
    tmp = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    analyze_coalitions(load_conflict("prisoners-dilemma"))  # compile the kernels
    head = (f"{'DMs':>3} {'states':>7} {'coalitions':>10} {'estimate s':>10} {'guard':>8} "
            f"{'engine CPU s':>12} {'CLI exit':>8} {'CLI s':>7} {'peak MB':>8} {'est. MB':>8}")
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        path = tmp / f"n{n}.json"
        path.write_text(json.dumps(scenario(n)))
        conflict = load_conflict(str(path))
        chosen = parse_coalitions(conflict, "all")
        space = StateSpace(conflict)
        work = sum(coalition_work(space, chosen).values())
        mem = coalition_memory(space, chosen) / 2**20
        ok = work <= ANALYSIS_WORK_LIMIT
        cpu = "—"
        if ok:
            t = time.process_time()
            analyze_coalitions(conflict, "all")
            cpu = f"{time.process_time() - t:.2f}"
        wall, peak, code, _, _ = run_measured([cmd, "analyze", str(path), "--coalitions",
                                               "all", "--format", "json"])
        rows.append(f"{n:>3} {2**n:>7,} {len(chosen):>10,} {work * PAIR_SECONDS:>10.1f} "
                    f"{'runs' if ok else 'refused':>8} {cpu:>12} {code:>8} {wall:>7.2f} "
                    f"{peak:>8.0f} {mem:>8.0f}")
        print(f"  done: {n} DMs", file=sys.stderr)
    print(head)
    print("-" * len(head))
    print("\n".join(rows))
    print(f"\ndefault --max-work {ANALYSIS_WORK_LIMIT:.0e} (about "
          f"{ANALYSIS_WORK_LIMIT * PAIR_SECONDS:.0f} s); machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
