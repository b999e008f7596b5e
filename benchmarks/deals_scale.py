"""Benchmark: package-deal analysis at scale, side by side with NegMAS where it is installed.

Run:  .venv/bin/python benchmarks/deals_scale.py [--no-negmas] [--cases 3p-1e6,2p-1e7,2p-1e8]

Each case is a random agenda (seeded) with 10 options per issue and integer values 0–99;
reservations are the status quo's utilities. détente computes the outcome space, the Pareto
frontier, the ZOPA, the four bargaining solutions, the top 10 packages by Nash product and the
trades. NegMAS (installed only for benchmarks: `pip install -e '.[bench]'`) computes its Pareto
frontier and Nash point from the same GENIUS-normalised utility functions. Each run is a
separate process, so that its peak memory (max RSS) is its own. The table compares the
frontier utilities (as sets, to 1e-9; NegMAS returns only the frontier points that are
individually rational, u_i ≥ d_i, so détente's frontier is restricted likewise for the
comparison) and the Nash point's utilities.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

CASES = {
    "2p-1e5": (5, 10, 2, 2.0, 2.0),  # small sanity checks (not run by default)
    "3p-1e4": (4, 10, 3, 2.0, 2.0),
    # name: (issues, options per issue, parties, target seconds, target GB)
    "3p-1e6": (6, 10, 3, 10.0, None),
    "2p-1e7": (7, 10, 2, 2.0, 2.0),
    "2p-1e8": (8, 10, 2, 30.0, 4.0),
    # the same 10^7 space with two linkage constraints (NegMAS has no constraints: not run)
    "2p-1e7-linked": (7, 10, 2, 2.0, 2.0),
}
#: Cases with linkage constraints.
LINKED = {"2p-1e7-linked"}
#: NegMAS enumerates outcomes as Python tuples; beyond this it does not fit in memory here.
NEGMAS_MAX = 10**7


def make_data(n_issues: int, n_opt: int, n_parties: int, seed: int = 7) -> dict:
    import numpy as np

    rng = np.random.default_rng(seed)
    issues = [{"id": f"i{i}", "options": [f"o{k}" for k in range(n_opt)],
               "status_quo": f"o{int(rng.integers(n_opt))}"} for i in range(n_issues)]
    parties = []
    for p in range(n_parties):
        parties.append({
            "id": f"p{p}",
            "weights": {f"i{i}": int(rng.integers(1, 10)) for i in range(n_issues)},
            "values": {f"i{i}": {f"o{k}": int(rng.integers(0, 100)) for k in range(n_opt)}
                       for i in range(n_issues)},
        })
    return {"issues": issues, "parties": parties}


def linkages(data: dict) -> list[str]:
    """Two constraints linking an outer and an inner issue (false iff false at the status quo)."""
    iss = data["issues"]
    other = lambda i: next(o for o in i["options"] if o != i["status_quo"])  # noqa: E731
    first, last, mid = iss[0], iss[-1], iss[len(iss) // 2]
    return [f"{first['id']} = {other(first)} iff {last['id']} = {other(last)}",
            f"not ({mid['id']} = {other(mid)} and {last['id']} = {other(last)})"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_detente(case: str) -> dict:
    from detente.bargain.analysis import analyze_deals
    from detente.model.agenda import agenda_from_dict

    n_issues, n_opt, P, _, _ = CASES[case]
    data = make_data(n_issues, n_opt, P)
    if case in LINKED:
        data["constraints"] = linkages(data)
    agenda = agenda_from_dict(data)
    t0 = time.perf_counter()
    result = analyze_deals(agenda)
    secs = time.perf_counter() - t0
    ids = agenda.party_ids
    return {
        "seconds": secs,
        "peak_mb": peak_mb(),
        "outcomes": result.outcomes,
        # NegMAS's frontier holds the individually rational points only (u_i >= d_i)
        "frontier": [[pt.utilities[p] for p in ids] for pt in result.pareto
                     if all(pt.utilities[p] >= result.reservations[p] for p in ids)],
        "nash": [result.solutions["nash"].utilities[p] for p in ids] if result.solutions
        else None,
        "zopa": result.zopa_outcomes,
    }


def run_negmas(case: str) -> dict:
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    n_issues, n_opt, P, _, _ = CASES[case]
    data = make_data(n_issues, n_opt, P)
    issues = [make_issue(values=i["options"], name=i["id"]) for i in data["issues"]]
    sq = {i["id"]: i["status_quo"] for i in data["issues"]}
    ufuns = []
    for party in data["parties"]:
        total = sum(party["weights"].values())
        weights = {k: w / total for k, w in party["weights"].items()}
        values = {}
        for iss, vals in party["values"].items():
            top = max(vals.values())
            values[iss] = TableFun({o: v / top for o, v in vals.items()})
        reserved = sum(weights[k] * party["values"][k][sq[k]] / max(party["values"][k].values())
                       for k in weights)
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights=weights,
                                                   issues=issues, reserved_value=reserved))
    t0 = time.perf_counter()
    frontier, _ = pareto_frontier(ufuns, issues=issues, sort_by_welfare=True)
    nash = nash_points(ufuns, frontier, issues=issues)
    secs = time.perf_counter() - t0
    return {
        "seconds": secs,
        "peak_mb": peak_mb(),
        "frontier": [list(u) for u in frontier],
        "nash": list(nash[0][0]) if nash else None,
    }


def child(kind: str, case: str, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, "--cases", case]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if res.returncode != 0:
        last = (res.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last[:80]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def _ratio(r: float) -> str:
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"


def same_frontier(a: list, b: list) -> bool:
    key = lambda u: tuple(round(x, 9) for x in u)  # noqa: E731
    return {key(u) for u in a} == {key(u) for u in b}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="3p-1e6,2p-1e7,2p-1e8,2p-1e7-linked")
    ap.add_argument("--no-negmas", action="store_true")
    ap.add_argument("--child", choices=["detente", "negmas"])
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    if args.child:
        fn = run_detente if args.child == "detente" else run_negmas
        print(json.dumps(fn(cases[0])))
        return
    try:
        import negmas

        have_negmas = not args.no_negmas
        negmas_version = negmas.__version__
    except ImportError:
        have_negmas, negmas_version = False, None
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"NegMAS {negmas_version or 'not installed'}")
    header = ("| case | packages | détente s | détente peak MB | target | NegMAS s | NegMAS peak MB"
              " | speed-up | same frontier | same Nash point |")
    print(header)
    print("|---" * 10 + "|")
    for case in cases:
        n_issues, n_opt, P, t_target, gb = CASES[case]
        d = child("detente", case, args.timeout)
        target = f"≤ {t_target:g} s" + (f", ≤ {gb:g} GB" if gb else "")
        if "error" in d:
            print(f"| {case} | {n_opt ** n_issues:.0e} | error: {d['error']} | | {target} "
                  "| | | | | |")
            continue
        ok = d["seconds"] <= t_target and (gb is None or d["peak_mb"] <= gb * 1024)
        row = [case, f"{d['outcomes']:,}", f"{d['seconds']:.2f}", f"{d['peak_mb']:.0f}",
               target + (" ✓" if ok else " ✗")]
        if case in LINKED:
            row += ["n/a (constraints)", "", "", "", ""]
        elif have_negmas and n_opt ** n_issues <= NEGMAS_MAX:
            n = child("negmas", case, args.timeout)
            if "error" in n:
                row += [n["error"], "", "", "", ""]
            else:
                same_nash = (n["nash"] is not None and d["nash"] is not None and all(
                    abs(x - y) <= 1e-9 for x, y in zip(n["nash"], d["nash"], strict=True)))
                row += [f"{n['seconds']:.1f}", f"{n['peak_mb']:.0f}",
                        _ratio(n["seconds"] / d["seconds"]),
                        "yes" if same_frontier(n["frontier"], d["frontier"]) else "NO",
                        "yes" if same_nash else "NO"]
        elif have_negmas:
            row += ["not run (too large for NegMAS)", "", "", "", ""]
        else:
            row += ["not installed", "", "", "", ""]
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
