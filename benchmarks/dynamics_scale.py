"""Reciprocity dynamics at scale: détente's vectorised engine side by side with the Axelrod
library on the same tournament.

Plain script (no pytest). Run from the repository root::

    .venv/bin/python benchmarks/dynamics_scale.py              # the full tournament
    .venv/bin/python benchmarks/dynamics_scale.py --quick      # 20 repetitions

The tournament of the targets (docs/dynamics.md): all pairs of policies including each with
itself (a round robin, as the library plays it), 200 rounds, 100 repetitions, symmetric noise
5 %, default payoffs (3, 0, 5, 1). It times, in this process (time.perf_counter):

- détente's engine on its ten policies (target ≤ 5 s on 2 cores), and on the nine the library
  also has;
- the full analysis ``detente.dynamics.analyses.tournament`` (all ordered pairs with
  confidence intervals) on the ten;
- the command line ``detente dynamics --analyses tournament`` in a fresh process (start-up
  included);
- the library's ``Tournament.play`` on the nine (``--processes`` worker processes, 2 by
  default), then the speed-up (target ≥ 50×) and the agreement of mean payoffs and
  cooperation rates (largest |z| over the pairs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.dynamics.analyses import tournament  # noqa: E402
from detente.dynamics.engine import Rules, payoff_table, simulate  # noqa: E402
from detente.dynamics.policies import NATIVE_NAMES, make_policy  # noqa: E402
from detente.model.dynamics import Payoffs, PolicyParameters, dynamics_from_data  # noqa: E402

#: détente's names of the nine policies the library has, and the library's classes.
LIBRARY = {
    "Tit For Tat": "TitForTat",
    "Suspicious Tit For Tat": "SuspiciousTitForTat",
    "Generous Tit For Tat": "GTFT",
    "Contrite Tit For Tat": "ContriteTitForTat",
    "Win-Stay Lose-Shift": "WinStayLoseShift",
    "Grim Trigger": "Grudger",
    "Always Cooperate": "Cooperator",
    "Always Defect": "Defector",
    "Random": "Random",
}
ROUNDS, NOISE = 200, 0.05
PAY = Payoffs(R=3, S=0, T=5, P=1)


def round_robin(names: list[str], repetitions: int, seed: int = 1):
    """détente's engine on every pair i ≤ j of ``names``; returns (seconds, simulation)."""
    par = PolicyParameters()
    pols = [make_policy(n, PAY, par) for n in names]
    pairs = [(pols[i], pols[j]) for i in range(len(pols)) for j in range(i, len(pols))]
    rules = Rules(payoff_table([PAY, PAY]), slip=(NOISE, NOISE))
    start = time.perf_counter()
    sim = simulate(pairs, rules, rounds=ROUNDS, repetitions=repetitions, seed=seed)
    return time.perf_counter() - start, sim


def full_analysis(repetitions: int) -> float:
    model = dynamics_from_data({
        "sides": ["A", "B"], "noise": {"symmetric": NOISE}, "horizon": {"rounds": ROUNDS},
        "analysis": {"repetitions": repetitions, "seed": 1}})
    start = time.perf_counter()
    tournament(model).to_dict()
    return time.perf_counter() - start


def command_line(repetitions: int) -> float:
    exe = Path(sys.executable).parent / "detente"
    cmd = [str(exe), "dynamics", "--analyses", "tournament", "--noise", str(NOISE),
           "--rounds", str(ROUNDS), "--repetitions", str(repetitions), "--format", "json"]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env={**os.environ})
    return time.perf_counter() - start


def library(repetitions: int, processes: int):
    """The library's own tournament of the nine; returns (seconds, import seconds, results)."""
    start = time.perf_counter()
    import axelrod as axl

    imported = time.perf_counter() - start
    players = [getattr(axl, cls)() for cls in LIBRARY.values()]
    start = time.perf_counter()
    results = axl.Tournament(players, turns=ROUNDS, repetitions=repetitions, noise=NOISE,
                             seed=7).play(processes=processes, progress_bar=False)
    return time.perf_counter() - start, imported, results


def agreement(sim, results, names: list[str]) -> tuple[float, float]:
    """Largest |z| over pairs and sides for mean payoffs and for cooperation rates."""
    pairs = [(i, j) for i in range(len(names)) for j in range(i, len(names))]
    z_pay, z_coop = [], []
    reps = sim.mean_payoff.shape[1]
    for k, (i, j) in enumerate(pairs):
        for side, (a, b) in enumerate(((i, j), (j, i))):
            ours = sim.mean_payoff[k, :, side]
            theirs = np.asarray(results.payoffs[a][b], dtype=float)
            se = np.sqrt(ours.var(ddof=1) / reps + theirs.var(ddof=1) / len(theirs))
            if se > 0:
                z_pay.append((ours.mean() - theirs.mean()) / se)
            coop = sim.cooperation[k, :, side]
            # The library keeps only the mean cooperation of a pair: its spread is taken to
            # be détente's (same distribution under the null hypothesis).
            se_c = coop.std(ddof=1) * np.sqrt(1 / reps + 1 / results.repetitions)
            if se_c > 0:
                z_coop.append((coop.mean() - results.normalised_cooperation[a][b]) / se_c)
    return float(np.max(np.abs(z_pay))), float(np.max(np.abs(z_coop)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 repetitions instead of 100")
    parser.add_argument("--processes", type=int, default=2,
                        help="worker processes for the library's tournament (default 2)")
    parser.add_argument("--skip-library", action="store_true", help="détente only")
    args = parser.parse_args()
    reps = 20 if args.quick else 100
    ten, nine = list(NATIVE_NAMES), list(LIBRARY)
    turns10 = len(ten) * (len(ten) + 1) // 2 * reps * ROUNDS
    turns9 = len(nine) * (len(nine) + 1) // 2 * reps * ROUNDS

    round_robin(ten, 2)  # warm up (first-call overheads)
    t10, _ = round_robin(ten, reps)
    t9, sim9 = round_robin(nine, reps)
    t_full = full_analysis(reps)
    t_cli = command_line(reps)

    rows = [
        ("détente engine, 10 policies (incl. GRIT)", len(ten), turns10, t10, "≤ 5 s"),
        ("détente engine, the library's 9", len(nine), turns9, t9, ""),
        ("détente tournament(), 10 policies, ordered pairs + CIs", len(ten), turns10, t_full,
         ""),
        ("`detente dynamics --analyses tournament` (fresh process)", len(ten), turns10, t_cli,
         ""),
    ]
    lib = None
    if not args.skip_library:
        t_lib, t_import, results = library(reps, args.processes)
        rows.append((f"Axelrod library 4.13 Tournament, 9, {args.processes} processes",
                     len(nine), turns9, t_lib, ""))
        lib = (t_lib, t_import, results)

    print(f"\nTournament: all pairs incl. self-play, {ROUNDS} rounds, {reps} repetitions, "
          f"symmetric noise {NOISE:.0%}; {os.cpu_count()} cores\n")
    print("| run | policies | turns | seconds | turns/s | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, n, turns, sec, target in rows:
        print(f"| {name} | {n} | {turns:,} | {sec:.2f} | {turns / sec:,.0f} | {target} |")
    if lib is not None:
        t_lib, t_import, results = lib
        z_pay, z_coop = agreement(sim9, results, nine)
        speedup = t_lib / t9
        print(f"\nSpeed-up on the nine: {speedup:,.0f}× (target ≥ 50×: "
              f"{'met' if speedup >= 50 else 'NOT met'}); library import: {t_import:.1f} s "
              "(not counted).")
        print(f"Agreement with the library, largest |z| over {len(nine) * (len(nine) + 1)} "
              f"pair-sides: mean payoff {z_pay:.2f}, cooperation rate {z_coop:.2f} "
              "(with sampling error alone, the largest of 90 |z| is usually between 2 and 3.5).")
    print(f"Ten policies within 5 s: {'met' if t10 <= 5 else 'NOT met'} ({t10:.2f} s).")


if __name__ == "__main__":
    main()
