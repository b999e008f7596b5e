"""`detente analyze` and `detente` alone: formats, details, exit codes, as Typer's runner and
as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import decimal, detente_command, run

PUBLISHED = {
    "cuban-missile-crisis": {
        "nash": ["YNYN"],
        "gmr": ["NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"],
        "smr": ["NNNN", "YNNN", "NYNN", "NNYN", "YNYN", "NYYN", "YYYN"],
        "seq": ["NNYN", "YNYN", "NYYN"],
    },
    "prisoners-dilemma": {"nash": ["NN"], "gmr": ["NN", "YY"], "smr": ["NN", "YY"],
                          "seq": ["NN", "YY"], "sim": ["NN", "YY"]},
    "chicken": {"nash": ["YN", "NY"], "gmr": ["NN", "YN", "NY"], "smr": ["NN", "YN", "NY"],
                "seq": ["YN", "NY"]},
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_json_matches_published_results(name: str, capsys) -> None:
    code, out, _ = run(["analyze", name, "--format", "json"], capsys)
    assert code == 0
    payload = json.loads(out)
    for concept, states in PUBLISHED[name].items():
        assert payload["equilibria"][concept] == sorted(states, key=decimal)
    counts = payload["summary"]["equilibria_counts"]
    assert counts == {k: len(v) for k, v in payload["equilibria"].items()}
    assert payload["summary"]["feasible_states"] > 0


def test_detail_levels(capsys) -> None:
    code, out, _ = run(["analyze", "chicken", "-f", "json", "--detail", "full"], capsys)
    assert code == 0
    payload = json.loads(out)
    assert set(payload["stability"]) == {"nash", "gmr", "smr", "seq", "sim", "seqsim"}
    assert [s["pattern"] for s in payload["states"]] == ["NN", "YN", "NY", "YY"]
    # Chicken: both drive straight is the worst state for both.
    yy = payload["states"][3]["payoffs"]
    assert set(yy.values()) == {1}
    code, out, _ = run(["analyze", "chicken", "-f", "json", "--detail", "equilibria"], capsys)
    assert "stability" not in json.loads(out) and "states" not in json.loads(out)


def test_concepts_option_limits_output(capsys) -> None:
    code, out, _ = run(["analyze", "chicken", "-f", "json", "--concepts", "nash,SEQ"], capsys)
    assert code == 0
    assert list(json.loads(out)["equilibria"]) == ["nash", "seq"]


def test_table_and_markdown(capsys) -> None:
    code, out, _ = run(["analyze", "cuban-missile-crisis"], capsys)
    assert code == 0
    first = out.strip().splitlines()[0]
    assert first.startswith("Equilibria: Nash 1 · GMR 7 · SMR 7 · SEQ 3")
    assert "NNNN*" in out and "* status quo" in out
    code, out, _ = run(["analyze", "cuban-missile-crisis", "--format", "markdown"], capsys)
    assert code == 0
    assert "| equilibrium | SEQ |" in out
    assert sum(line.startswith("|---|---|") for line in out.splitlines()) == 1
    first = out.splitlines()[0]
    assert first.startswith("**Equilibria: Nash 1") and first.endswith("**")


def test_main_job_runs_built_in_scenario(main_job) -> None:
    assert main_job.code == 0
    assert "Equilibria counted, of" in main_job.out
    assert (main_job.cwd / "detente-report" / "report.html").is_file()


@pytest.mark.parametrize(
    "args, message",
    [
        (["analyze", "no-such-scenario"], "neither a file nor a built-in"),
        (["analyze", "chicken", "--concepts", "nsh"], "Did you mean 'nash'"),
        (["analyze", "chicken", "--max-memory", "lots"], "not a memory size"),
        (["analyze", "chicken", "--max-memory", "1K"], "more than the limit"),
        (["analyze", "chicken", "--format", "xml"], "xml"),
    ],
)
def test_bad_input_exit_2(args: list[str], message: str, capsys) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_bad_files_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("decision_makers: [\n  - name: A\n")
    code, _, err = run(["analyze", str(bad)], capsys)
    assert code == 2 and "bad.yaml" in err
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text(
        "decision_makers:\n"
        "  - name: A\n    options: [{id: strike}]\n"
        "    preferences: {statements: [strik]}\n"
        "  - name: B\n    options: [{id: hold}]\n"
        "    preferences: {statements: [hold]}\n"
    )
    code, _, err = run(["analyze", str(unknown)], capsys)
    assert code == 2
    assert "unknown.yaml" in err and "line 4" in err and "strike" in err


def test_ranking_missing_states_is_listed(tmp_path: Path, capsys) -> None:
    f = tmp_path / "partial.yaml"
    f.write_text(
        "decision_makers:\n"
        "  - name: A\n    options: [{id: a}]\n"
        "    preferences: {ranking: [YN, NN]}\n"
        "  - name: B\n    options: [{id: b}]\n"
        "    preferences: {statements: [b]}\n"
    )
    code, _, err = run(["analyze", str(f)], capsys)
    assert code == 2
    assert "leave out 2 feasible state(s): NY, YY" in err


def test_subprocess_exit_codes(tmp_path: Path) -> None:
    cmd = detente_command()
    env = {**os.environ, "COLUMNS": "120"}
    ok = subprocess.run([*cmd, "analyze", "prisoners-dilemma", "--format", "json"],
                        capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["equilibria"]["nash"] == ["NN"]
    bad = subprocess.run([*cmd, "analyze", str(tmp_path / "missing.yaml")],
                         capture_output=True, text=True, env=env)
    assert bad.returncode == 2
    assert "missing.yaml" in bad.stderr and "Traceback" not in bad.stderr
    helped = subprocess.run([*cmd, "--help"], capture_output=True, text=True, env=env)
    assert helped.returncode == 0 and "analyze" in helped.stdout


def test_scenarios_lists_builtins(capsys) -> None:
    code, out, _ = run(["scenarios", "--json"], capsys)
    assert code == 0
    names = {r["name"] for r in json.loads(out)}
    assert {"prisoners-dilemma", "chicken", "cuban-missile-crisis", "elmira"} <= names
    code, out, _ = run(["scenarios"], capsys)
    assert code == 0 and "cuban-missile-crisis" in out


def test_table_starts_with_one_summary_line(capsys) -> None:
    # the Cuba summary is 81 characters: it must not wrap on an 80-column console
    code, out, _ = run(["analyze", "cuban-missile-crisis"], capsys)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("Equilibria: Nash 1") and first.endswith("12 feasible states")
