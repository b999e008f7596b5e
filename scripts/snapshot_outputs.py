"""Snapshot every command's output on a fixed set of models, and compare two snapshots.

A refactoring of the engines must not change what a user sees. This script runs the
command line in-process (Typer's test runner, so thousands of commands take minutes, not an
hour of start-ups) on:

- every built-in scenario of the ``detente`` package imported (set ``PYTHONPATH`` to another
  checkout's ``src`` to snapshot that one), each model of multi-model files (``NAME#model``);
- the frozen copy of the summit scenario (``benchmarks/data``), which does not move when the
  built-in is rewritten;
- the reference ``.gmcr`` cases of ``tests/data/gmcr-cases``;
- a few seeded ``.gmcr`` models generated here: three and four decision makers, irreversible
  options (some taking few combinations, which sends the move kernel to its class-by-class
  mode), misperceptions and declared coalitions.

For each model it records: ``analyze`` (JSON at every detail level, all concepts where SIM is
affordable; coalitions ``all`` and ``declared``; ``lh``/``nm`` for two decision makers;
the table format), ``paths`` (``ui``, ``any``, ``coalition``; to a target; bounded), ``explain``
(the status quo, some equilibria, some seeded random states; JSON and text; one decision
maker), and, for scenario files, ``deals``, ``dynamics`` (seeded) and ``report`` (the
briefing text and ``report.html``). Each command's stdout, exit code and stderr (blank lines
dropped) go to one file under the snapshot folder, named after the command.

Usage::

    .venv/bin/python scripts/snapshot_outputs.py snapshot /tmp/before
    .venv/bin/python scripts/snapshot_outputs.py snapshot /tmp/after
    .venv/bin/python scripts/snapshot_outputs.py compare /tmp/before /tmp/after

Files are copied or written into a scratch working folder and named by relative paths, so
that commands and messages read the same in every snapshot. ``compare`` lists the files that
differ (with the first lines of a diff) and exits 1 when any does. ``--only SUBSTRING``
restricts a snapshot to the models whose label contains it.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Models above this many feasible states get the cheaper command variants only.
_LARGE = 20_000


# -- generated .gmcr models ------------------------------------------------------------------
def _gmcr_model(seed: int, options_per_dm: list[int], *, misperceive: bool, coalitions: bool,
                back_group: bool) -> dict:
    """A GMCR+ file as a dict: irreversible options, statements, cross-DM infeasibles, and
    optionally misperceptions, a declared coalition and a DM whose backward-only options are
    mutually exclusive (few irreversibility combinations, many bits)."""
    rng = random.Random(seed)
    options, dms, owner = [], [], []
    for i, k in enumerate(options_per_dm):
        idx = []
        for t in range(k):
            if back_group and i == 0:
                direction = "back"
            else:
                direction = rng.choice(["both", "both", "both", "fwd", "back"])
            idx.append(len(options))
            owner.append(i)
            options.append({"name": f"D{i + 1}.o{t + 1}", "permittedDirection": direction})
        dms.append({"name": f"DM{i + 1}", "options": idx})
    n = len(options)

    def lit() -> list:
        return [rng.randrange(n), rng.choice("YN")]

    def condition() -> list:
        return [lit() for _ in range(rng.randint(1, 2))]

    for dm in dms:
        prefs = []
        for _ in range(rng.randint(3, 5)):
            if rng.random() < 0.35:
                prefs.append({"compound": True, "members": [condition(), condition()]})
            else:
                prefs.append(condition())
        dm["preferences"] = prefs
    infeasibles = []
    for _ in range(3):
        a, b = rng.sample(range(len(dms)), 2)
        infeasibles.append([[rng.choice(dms[a]["options"]), "Y"],
                            [rng.choice(dms[b]["options"]), "Y"]])
    if back_group:
        g = dms[0]["options"]
        infeasibles += [[[x, "N"], [y, "N"]] for j, x in enumerate(g) for y in g[j + 1:]]
    if misperceive:
        dms[-1]["misperceptions"] = [[[dms[0]["options"][0], "Y"], [dms[1]["options"][0], "Y"]]]
        dms[0]["misperceptions"] = [[[dms[-1]["options"][-1], "Y"]]]
    out = {"options": options, "decisionMakers": dms, "infeasibles": infeasibles,
           "useManualPreferenceRanking": False, "program": "snapshot", "version": "1"}
    if coalitions and len(dms) >= 3:
        out["coalitions"] = [[0, 1], *range(2, len(dms))]
    return out


GENERATED = {
    "gen-3dm-misperceive.gmcr": dict(seed=11, options_per_dm=[4, 4, 3], misperceive=True,
                                     coalitions=True, back_group=False),
    "gen-3dm-backgroup.gmcr": dict(seed=12, options_per_dm=[4, 3, 3], misperceive=False,
                                   coalitions=True, back_group=True),
    "gen-2dm-misperceive.gmcr": dict(seed=13, options_per_dm=[4, 4], misperceive=True,
                                     coalitions=False, back_group=False),
    "gen-4dm.gmcr": dict(seed=14, options_per_dm=[2, 3, 2, 3], misperceive=False,
                         coalitions=True, back_group=False),
    "gen-2dm-backgroup.gmcr": dict(seed=15, options_per_dm=[5, 4], misperceive=False,
                                   coalitions=False, back_group=True),
}


# -- the cases -------------------------------------------------------------------------------
def _cases(inputs: Path) -> list[tuple[str, str, bool]]:
    """(label, source for the CLI, whether it is a scenario file with whole-file commands)."""
    import detente
    from detente.model.loader import load_all, resolve_source

    out: list[tuple[str, str, bool]] = []
    inputs.mkdir(parents=True, exist_ok=True)
    # files are copied into the scratch folder and named relatively, so that the commands
    # (and messages quoting them) read the same whichever checkout is snapshot
    frozen = inputs / "summit-2021-frozen.yaml"
    frozen.write_bytes((ROOT / "benchmarks/data/summit-2021-frozen.yaml").read_bytes())
    scen = sorted(p.stem for p in (Path(detente.__file__).parent / "scenarios").glob("*.yaml"))
    for name, src in [(s, s) for s in scen] + [("summit-frozen", str(frozen))]:
        path, _ = resolve_source(src)
        models = list(load_all(str(path)))
        out.append((name, src, True))
        for m in models[1:] if len(models) > 1 else []:
            out.append((f"{name}#{m}", f"{src}#{m}", False))
    for p in sorted((ROOT / "tests/data/gmcr-cases").glob("*.gmcr")):
        q = inputs / p.name
        q.write_bytes(p.read_bytes())
        out.append((p.stem, str(q), False))
    for fname, kw in GENERATED.items():
        p = inputs / fname
        p.write_text(json.dumps(_gmcr_model(**kw)))
        out.append((p.stem, str(p), False))
    return out


def _safe(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9._=+-]+", "_", s)[:150]


class Runner:
    def __init__(self, out: Path) -> None:
        from typer.testing import CliRunner

        from detente.cli import app

        self.app = app
        self.runner = CliRunner()
        self.out = out
        self.count = 0

    def run(self, label: str, args: list[str], name: str | None = None) -> str:
        """Run ``detente ARGS``; write stdout, exit code and stderr; return stdout."""
        env = {"COLUMNS": "110", "NO_COLOR": "1", "TERM": "dumb"}
        res = self.runner.invoke(self.app, args, env=env)
        key = name or " ".join(args[1:] if len(args) > 1 else args)
        f = self.out / _safe(label) / f"{_safe(args[0])}__{_safe(key)}.txt"
        f.parent.mkdir(parents=True, exist_ok=True)
        # notes and errors; blank lines dropped (a progress bar leaves one when it was shown,
        # which depends on timing)
        stderr = "\n".join(line for line in res.stderr.splitlines() if line.strip())
        exc = ""
        if res.exit_code == 1 and res.exception is not None and not isinstance(
                res.exception, SystemExit):
            exc = f"{type(res.exception).__name__}: {res.exception}"
        f.write_text(f"$ detente {' '.join(args)}\nexit {res.exit_code}\n{exc}\n"
                     f"--- stderr\n{stderr}\n--- stdout\n{res.stdout}")
        self.count += 1
        return res.stdout


def _states(conflict, space, rng: random.Random, k: int) -> list[str]:
    decs = space.feasible_decimals
    picks = sorted(rng.sample(range(len(decs)), min(k, len(decs))))
    return [conflict.pattern(int(decs[p])) for p in picks]


def _model_commands(r: Runner, label: str, src: str) -> None:
    import detente
    from detente.graph.space import StateSpace

    c = detente.load(src)
    space = StateSpace(c)
    large = space.n_feasible > _LARGE
    n = len(c.decision_makers)
    rng = random.Random(hashlib.sha256(label.encode()).hexdigest())
    concepts = [] if large else ["--concepts", "all"]
    text = r.run(label, ["analyze", src, "-f", "json", "--detail", "full", *concepts])
    try:
        eq = json.loads(text)["equilibria"]
    except ValueError:
        eq = {}
    r.run(label, ["analyze", src, "-f", "json", "--detail", "stability"])
    r.run(label, ["analyze", src, "-f", "json", "--concepts", "nash,seqsim"])
    r.run(label, ["analyze", src, "-f", "table", *concepts])
    r.run(label, ["analyze", src, "-f", "markdown"])
    r.run(label, ["analyze", src, "-f", "json", "--coalitions", "all"])
    if c.coalitions:
        r.run(label, ["analyze", src, "-f", "json", "--coalitions", "declared"])
    if n >= 3:
        r.run(label, ["analyze", src, "-f", "json", "--concepts", "nash,gmr,seq",
                      "--coalitions", f"{c.dm_names[0]}+{c.dm_names[-1]}"])
    if n == 2:
        r.run(label, ["analyze", src, "-f", "json", "--concepts", "lh,nm", "--horizon", "3"])
        r.run(label, ["analyze", src, "-f", "json", "--concepts", "nash,lh", "--horizon", "1"])
        r.run(label, ["analyze", src, "-f", "json", "--concepts", "nm"])
        r.run(label, ["analyze", src, "-f", "table", "--concepts", "lh,nm", "--horizon", "2"])
    # states to start from and to explain
    sq = c.pattern(c.status_quo) if c.status_quo is not None else None
    rand = _states(c, space, rng, 2 if large else 4)
    starts = ([sq] if sq else []) + rand[:1 if large else 2]
    eq_states: list[str] = []
    for con in ("nash", "seq", "gmr", "sim", "smr"):
        for p in eq.get(con, [])[:2]:
            if p not in eq_states:
                eq_states.append(p)
    eq_states = eq_states[:2 if large else 4]
    for s in starts:
        moves = ["ui", "any"] + (["coalition"] if not large or s == sq else [])
        for mv in moves:
            r.run(label, ["paths", src, "--from", s, "--moves", mv, "-f", "json"])
        for t in (eq_states[:2] + rand[-1:])[: 1 if large else 3]:
            r.run(label, ["paths", src, "--from", s, "--to", t, "-f", "json", "--max-paths",
                          "7"])
            if not large:
                r.run(label, ["paths", src, "--from", s, "--to", t, "--moves", "coalition",
                              "-f", "json"])
                r.run(label, ["paths", src, "--from", s, "--to", t, "--moves", "any", "-f",
                              "json", "--max-paths", "3"])
        r.run(label, ["paths", src, "--from", s, "--max-steps", "1", "-f", "json"])
        r.run(label, ["paths", src, "--from", s, "-f", "table"])
    explain_concepts = ["--concepts", "nash,gmr,smr,seq"] if large else ["--concepts", "all"]
    for s in dict.fromkeys(([sq] if sq else []) + eq_states + rand):
        r.run(label, ["explain", src, s, "-f", "json", *explain_concepts])
        r.run(label, ["explain", src, s, "-f", "text", *explain_concepts])
    if not large:
        for s in rand[:2]:
            r.run(label, ["explain", src, s, "-f", "json", "--dm", c.dm_names[-1]])


def _file_commands(r: Runner, label: str, src: str, tmp: Path) -> None:
    from detente.model.loader import load_document, resolve_source

    path, _ = resolve_source(src)
    doc = load_document(path)
    if doc.agenda is not None:
        r.run(label, ["deals", src, "-f", "json"])
        r.run(label, ["deals", src, "-f", "json", "--trades-from", "nash", "--top", "3",
                      "--max-ties", "2"])
        r.run(label, ["deals", src, "-f", "table"])
    if doc.dynamics is not None:
        r.run(label, ["dynamics", src, "-f", "json", "--seed", "7", "--repetitions", "4",
                      "--rounds", "30"])
        r.run(label, ["dynamics", src, "-f", "json", "--seed", "7", "--analyses",
                      "match,richardson"])
    # a relative folder (the working directory is a scratch one), so the path the briefing
    # prints is the same in every snapshot
    rep = Path("reports") / _safe(label)
    r.run(label, ["report", src, "--out", str(rep)], name="briefing")
    html = tmp / rep / "report.html"
    dest = r.out / _safe(label) / "report.html"
    dest.write_bytes(html.read_bytes() if html.exists() else b"(no report written)\n")


def snapshot(out: Path, only: str | None) -> int:
    import tempfile

    import detente

    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"snapshot of {Path(detente.__file__).parent}", file=sys.stderr)
    r = Runner(out)
    cwd = os.getcwd()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        for label, src, whole in _cases(Path("inputs")):  # relative: same text in every run
            if only and only not in label:
                continue
            t = time.perf_counter()
            before = r.count
            _model_commands(r, label, src)
            if whole:
                _file_commands(r, label, src, Path(tmp))
            print(f"{label:36s} {r.count - before:4d} commands {time.perf_counter() - t:7.1f} s",
                  file=sys.stderr)
        os.chdir(cwd)
    print(f"{r.count} commands in {time.perf_counter() - t0:.0f} s -> {out}", file=sys.stderr)
    return 0


def compare(old: Path, new: Path) -> int:
    a = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    b = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    bad = 0
    for p in sorted(a - b):
        print(f"only in {old}: {p}")
        bad += 1
    for p in sorted(b - a):
        print(f"only in {new}: {p}")
        bad += 1
    same = 0
    for p in sorted(a & b):
        x, y = (old / p).read_bytes(), (new / p).read_bytes()
        if x == y:
            same += 1
            continue
        bad += 1
        print(f"DIFFERS: {p}")
        lines = difflib.unified_diff(x.decode(errors="replace").splitlines(),
                                     y.decode(errors="replace").splitlines(), lineterm="", n=1)
        for k, line in enumerate(lines):
            if k >= 30:
                print("   …")
                break
            print("   " + line[:200])
    print(f"{same} identical, {bad} different or missing ({len(a)} vs {len(b)} files)")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="run every command and write the outputs")
    s.add_argument("out", type=Path)
    s.add_argument("--only", default=None, help="models whose label contains this")
    c = sub.add_parser("compare", help="compare two snapshots byte for byte")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = ap.parse_args()
    os.environ.setdefault("COLUMNS", "110")
    if args.cmd == "snapshot":
        return snapshot(args.out, args.only)
    return compare(args.old, args.new)


if __name__ == "__main__":
    raise SystemExit(main())
