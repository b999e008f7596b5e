"""Inverse analysis at scale: ranking ranges (part A) and the fewest changes (part B).

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/inverse_scale.py            # every case (a few minutes)
    .venv/bin/python benchmarks/inverse_scale.py --quick    # the small cases only

Part A (``detente inverse --vary``): for each classic case, the combinations of the varied
ranges, the SEQ count, the seconds ``ranking_ranges`` takes in process (all four concepts,
conditions included; best of three runs under a second; the compiled kernels are warmed up
once beforehand), and the seconds analysing every combination one by one would take:
détente's own stability engine (Nash, GMR, SMR, SEQ for every DM over the whole model) run
on a sample of the combinations, extrapolated to all of them; ✓ where the row meets its
target. Targets: ≤ 1 s and ≥ 100× faster with up to 6 free positions
per DM; three DMs with 6 free positions each (720³ ≈ 3.7·10⁸ combinations) ≤ 10 s.

Part B (``detente inverse --minimal``) on the frozen summit core model
(``benchmarks/data/summit-2021-frozen.yaml#core``): chosen targets with and without
``--reachable`` (statement changes, up to 3; paths of unilateral improvements, or with
``--moves coalition`` also of coalitional ones), the worst and median time over every one of
the 144 targets with ``--reachable`` (both kinds of move), and the Kendall-tau integer
programme. Target: any target, up to 3 changes, ≤ 10 s.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import detente  # noqa: E402
from detente.graph.inverse.minimal import minimal_changes  # noqa: E402
from detente.graph.inverse.ranges import ranking_ranges  # noqa: E402
from detente.graph.preferences import payoff_ranks  # noqa: E402
from detente.graph.space import StateSpace  # noqa: E402
from detente.graph.stability import StabilityEngine  # noqa: E402
from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking  # noqa: E402

SUMMIT = str(ROOT / "benchmarks/data/summit-2021-frozen.yaml") + "#core"
EUPHRATES = str(ROOT / "benchmarks/data/euphrates-1975.yaml")


def hard_random(seed: int = 5) -> Conflict:
    """Three DMs with two options each (64 states), every ranking 8 random tie groups of
    about 8 states: ranges of 6 groups then cover most states (a worst case for SEQ)."""
    rng = np.random.default_rng(seed)
    ids = ["a1", "a2", "b1", "b2", "c1", "c2"]
    options = tuple(Option(x, owner=k // 2) for k, x in enumerate(ids))
    prefs = []
    for _ in range(3):
        level = rng.integers(0, 8, size=64)
        prefs.append(Ranking(tuple(tuple(s for s in range(64) if level[s] == g)
                                   for g in range(8) if (level == g).any())))
    dms = tuple(DecisionMaker(n, (2 * i, 2 * i + 1)) for i, n in enumerate("ABC"))
    return Conflict(options=options, decision_makers=dms, preferences=tuple(prefs),
                    title="random hard case")


# (label, model, target, vary, target note)
CASES_A = [
    ("Prisoners' Dilemma", "prisoners-dilemma", "YY", "Prisoner 1=1-4;Prisoner 2=1-4",
     "≤ 1 s, ≥ 100×"),
    ("Chicken", "chicken", "NN", "Driver A=1-4;Driver B=1-4", "≤ 1 s, ≥ 100×"),
    ("Cuban missile crisis", "cuban-missile-crisis", "NNYN",
     "United States=1-6;Soviet Union=1-6", "≤ 1 s, ≥ 100×"),
    ("Cuban missile crisis", "cuban-missile-crisis", "NYYN",
     "United States=2-7;Soviet Union=3-8", "≤ 1 s, ≥ 100×"),
    ("Elmira (3 × 6)", "elmira", "YNYNY",
     "Ministry of Environment=1-6;Uniroyal=1-6;Local Government=1-6", "≤ 10 s"),
    ("Euphrates 1975 (3 × 6)", EUPHRATES, "YNNY", "Syria=1-6;Iraq=1-6;Third party=1-6",
     "≤ 10 s"),
    ("Summit core (3 × 6)", SUMMIT, "YNNYYNYN",
     "United States=1-6;Russia=1-6;Ukraine=1-6", "≤ 10 s"),
    ("Random hard case (3 × 6)", "hard", 63, "A=1-6;B=2-7;C=1-6", "≤ 10 s"),
]
QUICK_A = {"Prisoners' Dilemma", "Chicken", "Cuban missile crisis"}


def _load(name: str) -> Conflict:
    return hard_random() if name == "hard" else detente.load(name)


def one_by_one_seconds(conflict: Conflict, target, vary: str, sample: int = 40) -> float:
    """Seconds to analyse every combination with the stability engine, extrapolated from
    ``sample`` combinations spread over the enumeration."""
    from detente.graph.inverse.ranges import parse_vary

    space = StateSpace(conflict)
    n = space.n_dms
    P0 = payoff_ranks(space)
    flat = P0.reshape(n, -1)
    feas = space.feasible_index
    ranges = parse_vary(conflict, vary)
    perms = {k: list(itertools.permutations(range(a - 1, b))) for k, (a, b) in ranges.items()}
    combos = math.prod(len(p) for p in perms.values())
    rng = np.random.default_rng(0)
    s_dec = conflict.decimal(target) if isinstance(target, str) else int(target)
    s_flat = int(space.flat_of_decimals(np.array([s_dec]))[0])
    t0 = time.perf_counter()
    for _ in range(sample):
        P = P0.copy()
        for k, ps in perms.items():
            order = ps[int(rng.integers(len(ps)))]
            top = int(flat[k][feas].max())
            group = top - flat[k][feas]
            a = ranges[k][0] - 1
            newpos = group.copy()
            inside = (group >= a) & (group < a + len(order))
            inv = {g: p for p, g in enumerate(order)}
            newpos[inside] = [a + inv[int(g)] for g in group[inside]]
            P.reshape(n, -1)[k][feas] = (top - newpos).astype(np.int32)
        eng = StabilityEngine(space, P)
        for c in ("nash", "gmr", "smr", "seq"):
            all(getattr(eng, c)(i).reshape(-1)[s_flat] for i in range(n))
    return (time.perf_counter() - t0) / sample * combos


def part_a(quick: bool) -> None:
    ranking_ranges(detente.load("prisoners-dilemma"), "YY", "Prisoner 1=1-3")  # compile
    print("Part A: ranking ranges (all four concepts, conditions included)")
    head = (f"{'case':28} {'target':>9} {'combinations':>14} {'SEQ count':>13} {'s':>6} "
            f"{'one by one s':>13} {'speed-up':>9}  target")
    print(head)
    print("-" * len(head))
    for label, model, target, vary, note in CASES_A:
        if quick and label not in QUICK_A:
            continue
        conflict = _load(model)
        el = math.inf
        for _ in range(3):  # best of three for sub-second runs (the load of a shared machine)
            t = time.perf_counter()
            r = ranking_ranges(conflict, target, vary)
            el = min(el, time.perf_counter() - t)
            if el > 1:
                break
        base = one_by_one_seconds(conflict, target, vary)
        limit = 1.0 if note.startswith("≤ 1 s") else 10.0
        met = el <= limit and ("≥ 100×" not in note or base / el >= 100)
        print(f"{label:28} {r.target:>9} {r.combinations:>14,} {r.counts['seq']:>13,} "
              f"{el:>6.3f} {base:>13.3g} {base / el:>8.0f}×  {note} {'✓' if met else '✗'}")


def part_b(quick: bool) -> None:
    summit = detente.load(SUMMIT)
    print("\nPart B: fewest changes on the summit core model (144 states, 3 DMs, statements)")
    head = (f"{'target':>10} {'reachable':>9} {'moves':>9} {'method':>7} {'changes':>8} "
            f"{'s':>6}  solution")
    print(head)
    print("-" * 110)
    rows = [("YNNYYNYN", False, "ui", "search"), ("YNNYYNYN", True, "ui", "search"),
            ("NNNNNNNN", False, "ui", "search"), ("NNNNNNNN", True, "ui", "search"),
            ("NYYNNYNY", True, "ui", "search"),
            ("NNNNNNNN", False, "ui", "ilp"), ("NNNNNNNN", True, "ui", "ilp"),
            ("YNNYYNYN", True, "ui", "ilp"),
            ("YNNYYNYN", True, "coalition", "search"), ("NNNNNNNN", True, "coalition", "search"),
            ("NNNNNNNN", True, "coalition", "ilp")]
    minimal_changes(detente.load("prisoners-dilemma"), "YY", reachable=True,
                    moves="coalition")  # compile the coalition kernels once
    for target, reach, moves, method in rows:
        t = time.perf_counter()
        r = minimal_changes(summit, target, "seq", reachable=reach, moves=moves,
                            method=method, changes="ranking" if method == "ilp" else "auto",
                            max_changes=3, top=3)
        el = time.perf_counter() - t
        first = "; ".join(r.solutions[0].texts) if r.solutions else "none within 3"
        if r.minimal is None:
            first += f" (proven ≥ {r.lower_bound})"
        elif r.solutions and not r.solutions[0].texts and reach:
            first = f"path: {' → '.join(m for m, _ in r.solutions[0].path)}"
        print(f"{target:>10} {str(reach):>9} {moves if reach else '':>9} {method:>7} "
              f"{str(r.minimal):>8} {el:>6.2f}  {first[:64]}")
    if quick:
        return
    space = StateSpace(summit)
    for moves in ("ui", "coalition"):
        times = []
        found = 0
        for d in space.feasible_decimals:
            t = time.perf_counter()
            r = minimal_changes(summit, int(d), "seq", reachable=True, moves=moves,
                                max_changes=3, top=5)
            times.append(time.perf_counter() - t)
            found += r.minimal is not None
        print(f"\nevery target with --reachable --moves {moves}, up to 3 changes: "
              f"{len(times)} targets, {found} with a solution; median {np.median(times):.2f} s,"
              f" worst {max(times):.2f} s (target ≤ 10 s)")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    part_a(args.quick)
    part_b(args.quick)
    print(f"\nmachine: {os.cpu_count()} cores; python {platform.python_version()}")


if __name__ == "__main__":
    main()
