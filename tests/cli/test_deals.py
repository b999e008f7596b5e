"""`detente deals` and `detente export-genius`: Typer's runner and real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app, main
from detente.model.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
WATER = ROOT / "bargain" / "water.yaml"
GENIUS = ROOT / "data" / "genius"
DETENTE = Path(sys.executable).parent / "detente"

runner = CliRunner()


def test_json_contract():
    res = runner.invoke(app, ["deals", str(WATER), "--format", "json", "--max-ties", "2"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [p["id"] for p in data["parties"]] == ["upstream", "downstream"]
    assert [i["id"] for i in data["issues"]] == ["allocation", "filling", "data", "disputes",
                                                 "old_treaty"]
    assert data["issues"][4]["parked"] is True
    summary = data["summary"]
    assert summary["outcomes"] == 78 and summary["packages"] == 108
    assert 0 < summary["zopa_outcomes"] < summary["outcomes"]
    assert data["pareto"] and all(set(pt) >= {"utilities", "packages", "count"}
                                  for pt in data["pareto"])
    for pt in data["pareto"]:
        assert set(pt["utilities"]) == {"upstream", "downstream"}
        assert len(pt["packages"]) == min(pt["count"], 2)
        for pkg in pt["packages"]:
            assert pkg["old_treaty"] == "void"  # parked at its status quo
    assert set(data["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    for sol in data["solutions"].values():
        assert set(sol) >= {"utilities", "packages", "count"} and sol["count"] >= 1
    nash = data["solutions"]["nash"]
    assert nash["packages"][0] == {"allocation": "high", "filling": "medium",
                                   "data": "realtime", "disputes": "bilateral",
                                   "old_treaty": "void"}
    trade = data["trades"][0]
    assert set(trade) >= {"issues", "changes", "gains"}
    assert trade["issues"] == ["filling", "data"]
    assert trade["changes"] == {"filling": "medium", "data": "realtime"}
    assert all(g > 0 for g in trade["gains"].values())


def test_table_output_sections():
    res = runner.invoke(app, ["deals", str(WATER), "--top", "3"])
    assert res.exit_code == 0, res.output
    for heading in ("package deals", "Pareto frontier", "Bargaining solutions",
                    "Top 3 packages by Nash product", "Trades from the status quo"):
        assert heading in res.stdout


def test_trades_from_a_solution():
    res = runner.invoke(app, ["deals", str(WATER), "-f", "json", "--trades-from", "nash"])
    data = json.loads(res.stdout)
    assert data["trades_from"] == "nash"
    assert data["trades_reference"] == data["solutions"]["nash"]["packages"][0]
    # the Nash package is Pareto-efficient: no trade makes both sides strictly better off
    assert data["trades"] == []


def test_genius_files():
    args = ["deals", "--genius", str(GENIUS / "fisheries-domain.xml"),
            str(GENIUS / "coastal.xml"), str(GENIUS / "fleet.xml"), "-f", "json"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [p["id"] for p in data["parties"]] == ["coastal", "fleet"]
    assert data["summary"]["outcomes"] == 18
    assert data["solutions"]["nash"]["packages"] == [
        {"quota": "mid", "season": "long", "monitoring": "satellite"}]


def test_errors_raise_model_errors_in_the_runner(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(WATER.read_text().replace("data = realtime if", "data = realtme if"))
    res = runner.invoke(app, ["deals", str(bad)])
    assert isinstance(res.exception, ModelError)
    assert "Did you mean 'realtime'" in str(res.exception)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deals", "nowhere.yaml"], "no such file"),
        (["deals", "--genius", str(GENIUS / "fisheries-domain.xml"), str(GENIUS / "coastal.xml")],
         "two or more profile"),
        (["deals", "--genius", str(GENIUS / "bomb.xml"), str(GENIUS / "coastal.xml"),
          str(GENIUS / "fleet.xml")], "refused"),
        (["deals", str(WATER), "--max-outcomes", "10"], "more than the limit"),
        (["deals", str(WATER), "--trades-from", "median"], "median"),
    ],
)
def test_bad_input_exits_2(args, message, capsys):
    code = main(args)
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_export_genius_and_read_back(tmp_path, capsys):
    out = tmp_path / "genius"
    assert main(["export-genius", str(WATER), str(out)]) == 0
    captured = capsys.readouterr()
    assert "parked issues were left out: old_treaty" in captured.err
    assert "constraints" in captured.err
    files = sorted(p.name for p in out.iterdir())
    assert files == ["downstream.xml", "upstream.xml", "water-domain.xml"]
    code = main(["deals", "--genius", str(out / "water-domain.xml"), str(out / "upstream.xml"),
                 str(out / "downstream.xml"), "-f", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["outcomes"] == 108  # constraints are not exported


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run([str(DETENTE), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_subprocess_json_and_exit_codes(tmp_path):
    res = _run("deals", str(WATER), "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)  # stdout holds nothing but the JSON
    assert data["summary"]["outcomes"] == 78
    bad = tmp_path / "neg.yaml"
    bad.write_text(WATER.read_text().replace("mid: 6, high: 2", "mid: -6, high: 2"))
    res = _run("deals", str(bad))
    assert res.returncode == 2
    assert "agenda.parties[0].values.allocation.mid" in res.stderr
    assert "non-negative" in res.stderr and "Traceback" not in res.stderr
    res = _run("deals", "--help")
    assert res.returncode == 0 and "--trades-from" in res.stdout
