"""GMCR engine at scale: seconds per concept, whole CLI run, peak memory, brute-force speed-up.

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/gmcr_scale.py            # every size
    .venv/bin/python benchmarks/gmcr_scale.py --quick    # the small sizes only

For each seeded random conflict (see ``benchmarks/models.py``) it times each concept
in-process (time.perf_counter), then the whole command line run
``detente analyze FILE.json --format json`` in a fresh process (import and Numba start-up
included) and its peak resident memory (see ``benchmarks/measure.py``), and prints a table. It also
times the brute-force oracle of the test suite (tests/graph/bruteforce.py) on the sizes it
can handle and prints the speed-up.
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from measure import run_detente  # noqa: E402
from models import gmcr_dict, pairwise_exclusive, random_conflict, scenario_dict  # noqa: E402

from detente.graph.preferences import payoff_ranks  # noqa: E402
from detente.graph.sim import sim_stability  # noqa: E402
from detente.graph.space import StateSpace  # noqa: E402
from detente.graph.stability import StabilityEngine  # noqa: E402

BASIC = ["nash", "gmr", "smr", "seq"]
ALL = BASIC + ["sim", "seqsim"]
#: SSEQ and FSEQ (credible sanctions), on request only in `analyze`.
CREDIBLE = ["sseq", "fseq"]
#: The columns of the table.
COLUMNS = BASIC + CREDIBLE + ["sim", "seqsim"]

# (label, options per DM, irreversible, exclusive groups, concepts for the CLI run, target);
# every model has 3 infeasible pairs across DMs unless its label says "all feasible", and
# about one option in five irreversible ("irrev.") unless it says "all irrev."; "pairwise"
# writes each exclusive group as infeasible pairs `a and b` instead (in a scenario file, or
# in a GMCR+ .gmcr file: ".gmcr")
CASES = [
    ("2 DMs, 8 options", [4, 4], False, False, ALL, ""),
    ("2 DMs, 8 options, irrev.", [4, 4], True, False, ALL, ""),
    ("2 DMs, 16 options", [8, 8], True, False, ALL, "SIM ≤ 10 s"),
    ("3 DMs, 16 options", [6, 5, 5], True, False, ALL, "SIM ≤ 10 s"),
    ("4 DMs, 16 options", [4, 4, 4, 4], True, False, BASIC, "≤ 10 s"),
    ("3 DMs, 20 options", [7, 7, 6], True, False, BASIC, "≤ 10 s, ≤ 4 GB"),
    ("3 DMs, 20 options, SIM", [7, 7, 6], True, False, ["sim", "seqsim"], "measure"),
    ("5 DMs, 40 excl. options", [8, 8, 8, 8, 8], False, True, BASIC, "≤ 10 s, ≤ 4 GB"),
    ("5 DMs, 40 opts, pairwise", [8, 8, 8, 8, 8], False, True, BASIC, "≤ 10 s, ≤ 4 GB"),
    ("5 DMs, 40 opts, .gmcr pairs", [8, 8, 8, 8, 8], False, True, BASIC, "≤ 10 s, ≤ 4 GB"),
    ("2 DMs, 20 opts, all irrev.", [10, 10], True, False, BASIC, "measure"),
    ("2 DMs, 24 options", [12, 12], True, False, BASIC, "≤ 60 s, ≤ 12 GB"),
    ("2 DMs, 24 opts, all feasible", [12, 12], True, False, BASIC, "≤ 60 s, ≤ 12 GB"),
    # credible sanctions: SSEQ and FSEQ next to SEQ (FSEQ adds one block reduction per pair
    # of DMs, then a relaxation like SEQ's over two-key reductions)
    ("3 DMs, 16 options, credible", [6, 5, 5], True, False, ["seq"] + CREDIBLE, "like SEQ"),
    ("4 DMs, 16 options, credible", [4, 4, 4, 4], True, False, ["seq"] + CREDIBLE,
     "like SEQ"),
    ("3 DMs, 20 options, credible", [7, 7, 6], True, False, ["seq"] + CREDIBLE, "like SEQ"),
    ("5 DMs, 40 excl., credible", [8, 8, 8, 8, 8], False, True, ["seq"] + CREDIBLE,
     "like SEQ"),
    ("2 DMs, 24 options, credible", [12, 12], True, False, ["seq"] + CREDIBLE, "like SEQ"),
]
#: Hypergames: every DM misreads every other (one more analysis per perceived game).
HYPERGAMES = [("3 DMs, 16 options", [6, 5, 5]), ("4 DMs, 16 options", [4, 4, 4, 4]),
              ("3 DMs, 20 options", [7, 7, 6])]
QUICK = {"2 DMs, 8 options", "2 DMs, 8 options, irrev.", "2 DMs, 16 options",
         "3 DMs, 16 options", "4 DMs, 16 options"}
BRUTE_SIZES = [("2 DMs, 6 options", [3, 3]), ("3 DMs, 8 options", [3, 3, 2]),
               ("2 DMs, 10 options", [5, 5])]


def time_concepts(conflict, concepts):
    t0 = time.perf_counter()
    space = StateSpace(conflict)
    P = payoff_ranks(space)
    engine = StabilityEngine(space, P)
    setup = time.perf_counter() - t0
    secs = {}
    for con in concepts:
        t = time.perf_counter()
        if con in BASIC or con in CREDIBLE:
            for i in range(space.n_dms):
                getattr(engine, con)(i)
        elif con == "sim":
            sim_stability(space, P)
        elif con == "seqsim":  # SEQ ∪ SIM: the cost is SEQ's plus SIM's
            for i in range(space.n_dms):
                engine.seq(i)
            sim_stability(space, P)
        secs[con] = time.perf_counter() - t
    return space, setup, secs


def hypergame_table(seed: int) -> None:
    """Seconds of a hypergame analysis in which every DM misreads every other, against one
    analysis of the true game (Nash, GMR, SMR, SEQ)."""
    import dataclasses

    from detente.graph.analysis import analyze
    from detente.graph.hypergame import hypergame
    from detente.model.conflict import Perception

    print(f"{'hypergame (all misread)':<26} {'feasible':>10} {'games':>6} {'true game s':>12} "
          f"{'hypergame s':>12} {'ratio':>6} {'surprises':>10}")
    for label, per_dm in HYPERGAMES:
        truth = random_conflict(seed, per_dm)
        other = random_conflict(seed + 1, per_dm)  # the same options, other preferences
        n = len(per_dm)
        perceptions = tuple(Perception(i, tuple((j, other.preferences[j]) for j in range(n)
                                                if j != i)) for i in range(n))
        c = dataclasses.replace(truth, perceptions=perceptions)
        t = time.perf_counter()
        a = analyze(truth, BASIC)
        t_true = time.perf_counter() - t
        t = time.perf_counter()
        h = hypergame(c, BASIC)
        t_h = time.perf_counter() - t
        print(f"{label:<26} {a.n_states:>10,} {n + 1:>6} {t_true:12.2f} {t_h:12.2f} "
              f"{t_h / t_true:6.1f} {h.surprises_total:>10,}")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the small sizes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", metavar="TEXT",
                    help="only the rows whose label contains TEXT (e.g. '40 opts')")
    ap.add_argument("--credible", action="store_true",
                    help="only the SSEQ/FSEQ rows and the hypergame table")
    args = ap.parse_args()
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="detente-bench-"))
    # Warm the Numba cache so that the CLI timings include loading, not first compilation
    # (forcing the compiled path: a model this small takes the NumPy one).
    from detente.graph import moves

    small = getattr(moves, "COMPILED_MIN_STATES", 0)
    moves.COMPILED_MIN_STATES = 0
    warm = random_conflict(0, [2, 2])
    sim_stability(StateSpace(warm), payoff_ranks(StateSpace(warm)))
    moves.COMPILED_MIN_STATES = small
    cases = [c for c in CASES if (not args.quick or c[0] in QUICK)
             and (args.only is None or args.only in c[0])
             and (not args.credible or "credible" in c[0])]
    for label, per_dm, irrev, excl, concepts, target in cases:
        conflict = random_conflict(args.seed, per_dm, irreversible=irrev, exclusive=excl,
                                   n_infeasible=0 if "all feasible" in label else 3,
                                   p_irreversible=1.0 if "all irrev." in label else 0.2)
        stem = label.replace(' ', '_').replace(',', '').replace('.', '')
        if "pairwise" in label or ".gmcr" in label:
            conflict = pairwise_exclusive(conflict)
        space, setup, secs = time_concepts(conflict, concepts)
        if ".gmcr" in label:
            path = tmp / f"{stem}.gmcr"
            path.write_text(json.dumps(gmcr_dict(conflict)))
        else:
            path = tmp / f"{stem}.json"
            path.write_text(json.dumps(scenario_dict(conflict)))
        wall, peak, payload = run_detente("analyze", str(path), "--format", "json",
                                          "--concepts", ",".join(concepts))
        rows.append((label, len(per_dm), sum(per_dm), space.n_feasible, setup, secs, wall, peak,
                     target, payload["summary"]["equilibria_counts"]))
        print(f"  done: {label} ({wall:.1f} s)", file=sys.stderr)
    head = (f"{'model':<28} {'DMs':>3} {'opts':>4} {'feasible':>10} {'setup':>6} "
            + " ".join(f"{c:>7}" for c in COLUMNS) + f" {'CLI s':>7} {'peak MB':>8}  target")
    print(head)
    print("-" * len(head))
    for label, n, k, feas, setup, secs, wall, peak, target, _eq in rows:
        cells = " ".join(f"{secs[c]:7.2f}" if c in secs else f"{'—':>7}" for c in COLUMNS)
        print(f"{label:<28} {n:>3} {k:>4} {feas:>10,} {setup:6.2f} {cells} {wall:7.2f} "
              f"{peak:8.0f}  {target}")
    print()
    print("Peak MB: the CLI process's resident high-water mark (VmHWM, polled every 10 ms).")
    print()
    hypergame_table(args.seed)
    if args.credible:
        return
    # Brute force (the test oracle) against the engine on small models.
    from detente.graph.analysis import analyze
    from tests.graph.bruteforce import brute_force

    print(f"{'brute force vs engine':<26} {'feasible':>10} {'brute s':>9} {'engine s':>9} "
          f"{'speed-up':>9}")
    for label, per_dm in BRUTE_SIZES:
        c = random_conflict(args.seed, per_dm)
        t = time.perf_counter()
        brute_force(c)
        tb = time.perf_counter() - t
        t = time.perf_counter()
        a = analyze(c, "all")
        te = time.perf_counter() - t
        print(f"{label:<28} {a.n_states:>10,} {tb:9.3f} {te:9.4f} {tb / te:8.0f}×")
    print(f"\nmachine: {os.cpu_count()} cores; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
