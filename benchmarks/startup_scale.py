"""Start-up: small jobs as fresh processes, against the floor of importing the dependencies.

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/startup_scale.py            # 7 rounds
    .venv/bin/python benchmarks/startup_scale.py --rounds 15

A small job is dominated by start-up: the interpreter, the imports and, before the NumPy
paths for small models, loading the compiled Numba kernels. Each command runs as a fresh
process, the way a user runs it (the ``detente`` script of this environment), with Python's
bytecode cache allowed (``PYTHONDONTWRITEBYTECODE`` removed; one warm-up run each, so an
installed package's state is measured, not a first run). That state includes the cache of
built-in scenarios (:mod:`detente.model.builtin_cache`, filled by the warm-up run);
``--no-cache`` turns it off (``DETENTE_CACHE_DIR=``), which measures the full load every
run, as for the first run of a built-in scenario. The last row is always a full load: the
Cuban model copied to a file of the user's own, which is never cached (the targets shown
are those of the built-in scenario, for comparison). The floor is
``python -c "import numpy, pydantic, yaml"`` in the same environment.

The rounds interleave the commands (floor, then each command, round after round), so a
change in the machine's load hits all of them alike; each ratio is taken within a round and
the table prints medians: wall seconds, CPU seconds (user + system, less sensitive to a
loaded machine than the wall clock), the wall-clock ratio to the floor (what "met" judges)
and the CPU ratio, beside the targets. On an idle machine with several cores the floor's
wall clock gains from NumPy's BLAS threads starting on another core (its CPU seconds
exceed its wall seconds), which ``--help`` (no NumPy) cannot; the CPU ratio shows that.
The load average is printed with the table: on a busy machine the absolute
figures grow, the ratios much less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.model.builtin import resolve_builtin

#: (label, arguments of detente, target seconds, target ratio to the floor)
COMMANDS = [
    ("detente --help", ["--help"], 0.3, 1.2),
    ("detente scenarios", ["scenarios"], 0.3, 1.2),
    ("detente analyze cuban-missile-crisis", ["analyze", "cuban-missile-crisis"], 0.6, 2.0),
    ("detente explain cuban-missile-crisis NNNN",
     ["explain", "cuban-missile-crisis", "NNNN"], 0.6, 2.0),
    ("detente paths cuban-missile-crisis", ["paths", "cuban-missile-crisis"], 0.6, 2.0),
]
FLOOR = [sys.executable, "-c", "import numpy, pydantic, yaml"]


def _detente() -> list[str]:
    script = Path(sys.executable).parent / "detente"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from detente.cli import main; main()"]


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process (its output thrown away)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=600)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7, help="counted rounds (default 7)")
    ap.add_argument("--no-cache", action="store_true",
                    help="turn the cache of built-in scenarios off (DETENTE_CACHE_DIR=)")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"COLUMNS": "100", "NO_COLOR": "1"})
    if args.no_cache:
        env["DETENTE_CACHE_DIR"] = ""
    det = _detente()
    # a user's own file is never cached: the same model as a file of its own
    own = Path(tempfile.mkdtemp(prefix="detente-startup-")) / "cuban.yaml"
    own.write_bytes(resolve_builtin("cuban-missile-crisis").read_bytes())  # type: ignore[union-attr]
    commands = COMMANDS + [("detente analyze FILE (the Cuban model as a user's file)",
                            ["analyze", str(own)], 0.6, 2.0)]
    jobs = [("floor: import numpy, pydantic, yaml", FLOOR, None, None)] + [
        (label, det + argv, target, ratio) for label, argv, target, ratio in commands]
    load0 = os.getloadavg()
    for _label, argv, _t, _r in jobs:  # warm-up: bytecode cache, any on-disk cache
        _run(argv, env)
    walls: dict[str, list[float]] = {label: [] for label, *_ in jobs}
    cpus: dict[str, list[float]] = {label: [] for label, *_ in jobs}
    ratios: dict[str, list[float]] = {label: [] for label, *_ in jobs}
    cpu_ratios: dict[str, list[float]] = {label: [] for label, *_ in jobs}
    for _ in range(args.rounds):
        floor = floor_cpu = None
        for label, argv, _t, _r in jobs:
            wall, cpu = _run(argv, env)
            floor = wall if floor is None else floor
            floor_cpu = cpu if floor_cpu is None else floor_cpu
            walls[label].append(wall)
            cpus[label].append(cpu)
            ratios[label].append(wall / floor)
            cpu_ratios[label].append(cpu / max(floor_cpu, 1e-9))
    load1 = os.getloadavg()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; load average "
          f"{load0[0]:.2f} at the start, {load1[0]:.2f} at the end; medians of "
          f"{args.rounds} rounds")
    print()
    print("| command | wall s | CPU s | × floor | × floor CPU | target s | target × | met |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for label, _argv, target, ratio in jobs:
        w = statistics.median(walls[label])
        c = statistics.median(cpus[label])
        x = statistics.median(ratios[label])
        xc = statistics.median(cpu_ratios[label])
        if target is None:
            print(f"| {label} | {w:.3f} | {c:.3f} | 1.00 | 1.00 | | | |")
            continue
        met = ("both" if w <= target and x <= ratio else "ratio" if x <= ratio
               else "time" if w <= target else "no")
        print(f"| {label} | {w:.3f} | {c:.3f} | {x:.2f} | {xc:.2f} | {target:.1f} | {ratio:.1f} "
              f"| {met} |")
    own.unlink()
    own.parent.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
