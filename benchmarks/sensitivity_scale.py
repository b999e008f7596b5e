"""Sensitivity and uncertainty analysis at scale: the targets of issue 13, measured.

Run with ``.venv/bin/python benchmarks/sensitivity_scale.py`` (a few minutes). Every row runs
on the frozen summit file ``benchmarks/data/summit-2021-frozen.yaml`` (its ``#core`` model,
8 options / 144 states, and ``#grand-bargain``, 20 options / 331,776 states), so that the
figures stay comparable while the built-in scenario changes. Rows:

1. all single changes, all states, six concepts, core model, in process;
2. all single changes, Nash/GMR/SMR/SEQ, grand bargain, including writing the JSON, as a
   whole CLI run (``detente sensitivity … --format json``), against running the analysis
   once per change: in process (``analyze`` of each changed model, timed on a few changes
   and multiplied out) and as CLI runs (``detente analyze`` of the model, the same size as
   each changed one, timed and multiplied out);
3. 10,000 sampled profiles of the core model, six concepts, in process (the benchmark
   declares what is uncertain: every DM's statements 2–4 and 5–7 unordered, statement 7
   held with probability 0.5);
4. a Monte Carlo sweep of 200 profiles of the grand bargain (statements 2–4 of every DM
   unordered, statement 5 held with probability 0.5) in process and on a local Dask cluster
   of two workers, and the per-batch overhead of the cluster (tiny batches of the core
   model).

``--dask-only`` runs the last group of rows alone.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FILE = ROOT / "benchmarks" / "data" / "summit-2021-frozen.yaml"

from benchmarks.measure import run_detente  # noqa: E402


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _uncertain(conflict, groups, probable):
    from detente.model.uncertainty import UncertainPreferences

    us = tuple(UncertainPreferences(i, groups, probable)
               for i in range(len(conflict.decision_makers)))
    return dataclasses.replace(conflict, uncertainty=us)


def main(dask_only: bool = False) -> None:
    import numba

    import detente
    from detente.graph.analysis import analyze
    from detente.graph.batches import min_batches, run_batches
    from detente.graph.changes import apply_changes
    from detente.graph.sensitivity import sensitivity
    from detente.graph.uncertainty import uncertainty
    from tests.graph.test_sensitivity import _change

    rows = []
    core = detente.load(f"{FILE}#core")
    grand = detente.load(f"{FILE}#grand-bargain")
    if not dask_only:
        sensitivity(core, "all")  # compile and warm up once
        t, r = _timed(lambda: sensitivity(core, "all"))
        rows.append(("single changes, core, 6 concepts", f"{r.changes} changes", t, "≤ 1 s"))

        with tempfile.TemporaryDirectory() as _tmp:
            wall, peak, d = run_detente("sensitivity", f"{FILE}#grand-bargain", "--concepts",
                                        "nash,gmr,smr,seq", "--format", "json")
        n_changes = d["changes"]
        size = len(json.dumps(d)) / 1e6
        rows.append(("single changes, grand bargain, CLI + JSON",
                     f"{n_changes} changes, {len(d['states']):,} entries, {size:.0f} MB JSON, "
                     f"{peak:.0f} MB peak", wall, "≤ 60 s"))
        base = sensitivity(grand, "nash", changes="delete")  # the change list, quickly
        sample = [c for c in base.change_list][:4]
        per = []
        for ref in sample:
            changed = apply_changes(grand, [_change(grand, ref)])
            per.append(_timed(lambda c=changed: analyze(c, "nash,gmr,smr,seq"))[0])
        one = sum(per) / len(per)
        rows.append(("  per change: analyze in process", f"{one:.2f} s × {n_changes}",
                     one * n_changes, f"{one * n_changes / wall:.1f}× slower"))
        cli, _, _ = run_detente("analyze", f"{FILE}#grand-bargain", "--concepts",
                                "nash,gmr,smr,seq", "--format", "json")
        rows.append(("  per change: detente analyze (CLI)", f"{cli:.2f} s × {n_changes}",
                     cli * n_changes, f"{cli * n_changes / wall:.1f}× slower; ≥ 5×"))

        mc_core = _uncertain(core, ((1, 2, 3), (4, 5, 6)), ((6, 0.5),))
        uncertainty(mc_core, "all", samples=64, seed=1)  # warm up
        t, r = _timed(lambda: uncertainty(mc_core, "all", samples=10_000, seed=1))
        rows.append(("10,000 profiles, core, 6 concepts", f"{r.method}, {r.profiles:,} distinct",
                     t, "≤ 20 s"))

    mc_grand = _uncertain(grand, ((1, 2, 3),), ((4, 0.5),))
    concepts = "nash,gmr,smr,seq"
    plans: list[int] = []
    # as the CLI runs them: batches sized by the memory limit in process, at least
    # min_batches(2, None) of them on two local workers (each builds the state space once)
    t_in, r_in = _timed(lambda: uncertainty(mc_grand, concepts, samples=200, seed=2,
                                            on_plan=plans.append))
    t_dk, r_dk = _timed(lambda: uncertainty(
        mc_grand, concepts, samples=200, seed=2, min_batches=min_batches(2, None),
        runner=partial(run_batches, workers=2), on_plan=plans.append))
    assert r_dk == r_in, "the cluster's numbers differ from the in-process ones"
    rows.append(("200 profiles, grand bargain, in process", f"{plans[0]} batches", t_in, ""))
    rows.append(("200 profiles, grand bargain, 2 Dask workers",
                 f"{plans[1]} batches, same numbers", t_dk,
                 f"{t_in / t_dk:.2f}× (expect ≥ 1.6×)"))
    tiny = _uncertain(core, ((1, 2),), ())
    tasks = 64
    t1, _ = _timed(lambda: uncertainty(tiny, "nash", samples=32 * tasks, seed=3, batch=32))
    t2, _ = _timed(lambda: uncertainty(tiny, "nash", samples=32 * tasks, seed=3, batch=32,
                                       runner=partial(run_batches, workers=2)))
    rows.append(("per-batch overhead on the cluster", f"{tasks} tiny batches",
                 (t2 - t1) / tasks, "start-up included"))
    load = os.getloadavg()

    print(f"{'run':44} {'what':52} {'seconds':>9}  target")
    print("-" * 124)
    for name, what, secs, target in rows:
        print(f"{name:44} {what:52} {secs:9.2f}  {target}")
    print(f"\nmachine: {numba.config.NUMBA_NUM_THREADS} cores; python "
          f"{platform.python_version()}; load average at the end {load[0]:.1f} (1 min), "
          f"{load[1]:.1f} (5 min)")


if __name__ == "__main__":
    main(dask_only="--dask-only" in sys.argv[1:])
