"""`detente paths`, `detente explain` and the coalition / limited-move options of
`detente analyze`: JSON contracts, text, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import decimal, detente_command, run

DATA = Path(__file__).resolve().parents[1] / "data" / "gmcr-cases"


# --- paths ---------------------------------------------------------------------------------------
def test_paths_json_contract_cuban(capsys) -> None:
    code, out, err = run(["paths", "cuban-missile-crisis", "--format", "json", "--to", "NNYN"],
                         capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["start"] == "NNNN"
    assert d["reachable"] == {"NNNN": 0, "YNNN": 1, "NYNN": 1, "YYNN": 1, "NNYN": 3,
                              "YNYN": 2, "NYYN": 2, "YYYN": 2}
    assert list(d["reachable"]) == sorted(d["reachable"], key=decimal)
    assert d["by_step"] == {"1": ["YNNN", "NYNN", "YYNN"], "2": ["YNYN", "NYYN", "YYYN"],
                            "3": ["NNYN"]}
    assert d["paths"]["NNYN"] == [[
        {"mover": "United States", "changed": {"blockade": "Y"}, "from": "NNNN",
         "to": "NYNN"},
        {"mover": "Soviet Union", "changed": {"withdraw": "Y"}, "from": "NYNN", "to": "NYYN"},
        {"mover": "United States", "changed": {"blockade": "N"}, "from": "NYYN",
         "to": "NNYN"},
    ]]
    assert d["paths_total"]["NNYN"] == 1
    assert d["equilibria_reachable"]["seq"] == ["NNYN", "YNYN", "NYYN"]
    assert d["equilibria_reachable"]["nash"] == ["YNYN"]
    # one path to each reachable equilibrium (the start needs none)
    eq = {p for ps in d["equilibria_reachable"].values() for p in ps}
    assert set(d["paths"]) == eq
    assert d["paths"]["NNNN"] == [[]] and d["paths_total"]["NNNN"] == 1
    for target, ps in d["paths"].items():
        for path in ps:
            assert len(path) == d["reachable"][target]
            state = d["start"]
            for step in path:
                assert step["from"] == state
                state = step["to"]
            assert state == target


def test_paths_any_moves_max_paths_and_count(capsys) -> None:
    code, out, _ = run(["paths", "cuban-missile-crisis", "-f", "json", "--moves", "any",
                        "--to", "YYYN", "--max-paths", "1", "-c", "nash"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["paths_total"]["YYYN"] == 2 and len(d["paths"]["YYYN"]) == 1
    assert list(d["equilibria_reachable"]) == ["nash"]


def test_paths_from_and_max_steps(capsys) -> None:
    code, out, _ = run(["paths", "prisoners-dilemma", "--from", "YY", "-f", "json",
                        "--max-steps", "1", "-c", "nash"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["start"] == "YY"
    assert d["reachable"] == {"YN": 1, "NY": 1, "YY": 0}
    assert d["equilibria_reachable"] == {"nash": []}


def test_paths_coalition_moves(capsys) -> None:
    code, out, _ = run(["paths", "cuban-missile-crisis", "-f", "json", "--moves", "coalition",
                        "--to", "NNYN"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["reachable"]["NNYN"] == 2
    assert d["paths"]["NNYN"][0][1]["mover"] == ["United States", "Soviet Union"]


def test_paths_coalition_moves_max_work(capsys) -> None:
    """--max-work bounds the coalitional searches of paths as it does analyze's."""
    code, _, err = run(["paths", "cuban-missile-crisis", "--moves", "coalition",
                        "--max-work", "1"], capsys)
    assert code == 2
    assert "above the limit of 1 (--max-work)" in err and "--moves" in err
    code, out, _ = run(["paths", "cuban-missile-crisis", "-f", "json", "--moves", "coalition",
                        "--max-work", "1e12"], capsys)
    assert code == 0 and json.loads(out)["reachable"]["NNYN"] == 2


def test_paths_table(capsys) -> None:
    code, out, _ = run(["paths", "cuban-missile-crisis", "--to", "NNYN"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "From NNNN (status quo) by unilateral improvements" in text
    assert ('First United States takes "Naval blockade" (to NYNN), then Soviet Union takes '
            '"Withdraw the missiles" (to NYYN), then United States drops "Naval blockade" '
            '(to NNYN).') in text


def test_paths_without_status_quo_needs_from(capsys) -> None:
    f = str(DATA / "repeat_mover.gmcr")
    code, out, err = run(["paths", f], capsys)
    assert code == 2 and "status quo" in err and out == ""
    code, out, err = run(["paths", f, "--from", "NNNN", "-f", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["start"] == "NNNN"


@pytest.mark.parametrize(
    "args, message",
    [
        (["paths", "cuban-missile-crisis", "--from", "NNN"], "not a state"),
        (["paths", "cuban-missile-crisis", "--to", "NNYY"], "not feasible"),
        (["paths", "cuban-missile-crisis", "--moves", "jump"], "jump"),
        (["paths", "cuban-missile-crisis", "--max-steps", "-1"], "--max-steps"),
        (["paths", "cuban-missile-crisis", "-c", "gmx"], "unknown concept"),
        (["explain", "cuban-missile-crisis", "NNYY"], "not feasible"),
        (["explain", "cuban-missile-crisis", "NNNN", "--dm", "USA"],
         "unknown decision maker 'USA'"),
        (["explain", "cuban-missile-crisis", "XYZW"], "not a state"),
        (["analyze", "cuban-missile-crisis", "--coalitions", "US+Soviet Union"],
         "unknown decision maker 'US'"),
        (["analyze", "cuban-missile-crisis", "-c", "lh"], "needs --horizon"),
        (["analyze", "cuban-missile-crisis", "-c", "nash", "--horizon", "2"], "add lh"),
        (["analyze", "elmira", "-c", "nm"], "two decision makers"),
        (["analyze", "cuban-missile-crisis", "--horizon", "0"], "--horizon"),
    ],
)
def test_bad_input_exit_2(args: list[str], message: str, capsys) -> None:
    code, out, err = run(args, capsys)
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err and out == ""


# --- explain -------------------------------------------------------------------------------------
def test_explain_json_contract(capsys) -> None:
    code, out, _ = run(["explain", "cuban-missile-crisis", "NNNN", "-f", "json",
                        "--dm", "United States", "-c", "gmr,smr,seq,sim"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["state"] == "NNNN"
    assert [(w["dm"], w["concept"], w["stable"]) for w in d["witnesses"]] == [
        ("United States", "gmr", True), ("United States", "smr", True),
        ("United States", "seq", False), ("United States", "sim", False)]
    gmr = d["witnesses"][0]
    assert [imp["to"] for imp in gmr["improvements"]] == ["YNNN", "NYNN", "YYNN"]
    assert gmr["improvements"][0]["sanction"] == [
        {"mover": "Soviet Union", "changed": {"escalate": "Y"}, "from": "YNNN", "to": "YNNY"}]
    assert gmr["improvements"][0]["countermove"] is None
    assert gmr["improvements"][0]["simultaneous"] is None
    smr = d["witnesses"][1]
    assert smr["improvements"][0]["countermove"]["mover"] == "United States"
    seq = d["witnesses"][2]
    assert all(imp["sanction"] is None for imp in seq["improvements"])


def test_explain_text_and_status_quo(capsys) -> None:
    code, out, _ = run(["explain", "cuban-missile-crisis", "status_quo", "-c", "gmr"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "NNNN is stable for United States under GMR" in text
    assert ('If United States takes "Air strike" (to YNNN), Soviet Union can take "Escalate" '
            '(to YNNY), which United States likes less than NNNN.') in text
    assert "NNNN is GMR stable for Soviet Union" in text


def test_explain_default_concepts_are_analyzes(capsys) -> None:
    code, out, _ = run(["explain", "chicken", "NN", "-f", "json"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["concepts"] == ["nash", "gmr", "smr", "seq", "sim", "seqsim"]
    assert len(d["witnesses"]) == 12


# --- analyze: coalitions and limited move -----------------------------------------------------
def test_analyze_coalitions_json(capsys) -> None:
    code, out, _ = run(["analyze", "prisoners-dilemma", "-f", "json", "--coalitions", "all"],
                       capsys)
    assert code == 0
    d = json.loads(out)
    assert d["equilibria"]["nash"] == ["NN"]  # the existing contract is kept
    assert d["equilibria"]["cnash"] == [] and d["equilibria"]["cgmr"] == ["YY"]
    assert d["equilibria"]["cseq"] == ["YY"]
    assert d["coalitions"] == ["Prisoner 1", "Prisoner 2", "Prisoner 1+Prisoner 2"]
    assert d["coalition_stability"]["cgmr"]["Prisoner 1+Prisoner 2"] == ["YN", "NY", "YY"]
    assert d["broken_by"] == {"Prisoner 1+Prisoner 2": ["NN"]}
    counts = d["summary"]["equilibria_counts"]
    assert counts == {k: len(v) for k, v in d["equilibria"].items()}


def test_analyze_coalitions_max_work(capsys) -> None:
    """--max-work bounds the coalition analysis: refused at once (before the
    non-cooperative analysis) with the estimate; a raised limit lets it run."""
    code, _, err = run(["analyze", "prisoners-dilemma", "--coalitions", "all",
                        "--max-work", "1"], capsys)
    assert code == 2
    assert "--coalitions" in err and "above the limit of 1" in err and "--max-work" in err
    code, out, _ = run(["analyze", "prisoners-dilemma", "--coalitions", "all",
                        "--max-work", "1e7"], capsys)
    assert code == 0 and "Coalition" in out


def test_analyze_partition_and_table(capsys) -> None:
    code, out, _ = run(["analyze", "cuban-missile-crisis", "--coalitions",
                        "United States+Soviet Union"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "Coalitions considered: United States+Soviet Union." in text
    assert "Coalition Nash equilibria" in text


def test_gmcr_declared_coalitions_are_analysed(tmp_path: Path, capsys) -> None:
    """A GMCR+ file grouping DM2 and DM3 into a coalition: read, and analysed by default."""
    data = json.loads((DATA / "repeat_mover.gmcr").read_text())
    data["coalitions"] = [0, [1, 2]]
    f = tmp_path / "coalition.gmcr"
    f.write_text(json.dumps(data))
    code, out, err = run(["analyze", str(f), "-f", "json", "-c", "nash"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["coalitions"] == ["DM1", "DM2+DM3"]
    assert set(d["equilibria"]) == {"nash", "cnash", "cgmr", "cseq"}
    assert "declares coalitions" in err
    code, out, _ = run(["analyze", str(f), "-f", "json", "-c", "nash", "--coalitions",
                        "declared"], capsys)
    assert json.loads(out)["coalitions"] == ["DM1", "DM2+DM3"]
    code, _, err = run(["analyze", "chicken", "--coalitions", "declared"], capsys)
    assert code == 2 and "declares no coalitions" in err


def test_analyze_limited_move(capsys) -> None:
    code, out, _ = run(["analyze", "prisoners-dilemma", "-f", "json", "-c", "nash,lh,nm",
                        "--horizon", "2", "-d", "stability"], capsys)
    assert code == 0
    d = json.loads(out)
    assert d["equilibria"] == {"nash": ["NN"], "lh": ["NN", "YY"], "nm": ["NN", "YY"]}
    assert d["limited_move"]["by_horizon"] == {"1": ["NN"], "2": ["NN", "YY"]}
    assert set(d["stability"]) == {"nash", "lh", "nm"}
    ant = d["limited_move"]["anticipated"]
    assert set(ant) == {"NN", "YY"}
    assert ant["YY"]["Prisoner 1"]["stable"] is True
    assert [s["to"] for s in ant["YY"]["Prisoner 1"]["sequence"]] == ["NY", "NN"]
    # only lh: no engine concept computed
    code, out, _ = run(["analyze", "chicken", "-f", "json", "-c", "lh", "--horizon", "1"],
                       capsys)
    assert json.loads(out)["equilibria"] == {"lh": ["YN", "NY"]}
    # --horizon alone adds lh to the default concepts
    code, out, _ = run(["analyze", "chicken", "-f", "json", "--horizon", "2"], capsys)
    assert code == 0
    assert list(json.loads(out)["equilibria"]) == ["nash", "gmr", "smr", "seq", "sim",
                                                   "seqsim", "lh"]


def test_analyze_limited_move_text(capsys) -> None:
    code, out, _ = run(["analyze", "chicken", "-c", "lh,nm", "--horizon", "2"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "L_2 equilibria (2 moves in view): none." in text
    assert "Non-myopic equilibria" in text
    # the summary line counts them when no engine concept was asked for (it was left empty:
    # "Equilibria:  — 4 feasible states")
    assert out.splitlines()[0] == "Equilibria: L_2 0 · NM (non-myopic) 1 — 4 feasible states"
    code, out, _ = run(["analyze", "chicken", "-c", "lh", "--horizon", "1"], capsys)
    assert out.splitlines()[0] == "Equilibria: L_1 2 — 4 feasible states"


def test_subprocess() -> None:
    cmd = detente_command()
    proc = subprocess.run([*cmd, "paths", "prisoners-dilemma", "--from", "YY", "-f", "json",
                           "-c", "nash"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["paths_total"]["NN"] == 2
    proc = subprocess.run([*cmd, "explain", "prisoners-dilemma", "NN", "--dm", "nobody"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "nobody" in proc.stderr
