"""`detente hypergame`: JSON contract, table, errors, escaping."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import decimal, run

CASE = Path(__file__).resolve().parents[1] / "data" / "hypergame" / "chicken-misread.yaml"


def test_hypergame_json_contract(capsys) -> None:
    code, out, err = run(["hypergame", str(CASE), "--concepts", "nash,seq", "--format",
                          "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["title"] == "Chicken, each misreading the other"
    assert d["concepts"] == ["nash", "seq"]
    assert d["actual"] == {"nash": ["YN", "NY"], "seq": ["YN", "NY"]}
    assert d["perceived"] == {"Driver A": {"nash": ["NY"], "seq": ["NY"]},
                              "Driver B": {"nash": ["YN"], "seq": ["YN"]}}
    assert d["stable_in_own_game"]["Driver A"]["seq"] == ["NN", "YN", "NY"]
    assert d["hyper_equilibria"] == {"nash": ["YN", "NY"], "seq": ["NN", "YN", "NY"]}
    assert d["surprises"] == []
    assert d["second_level"] == {"Driver B": d["hyper_equilibria"]}
    assert d["beliefs"] == {"Driver A": ["Driver B"], "Driver B": ["Driver A"]}
    for per_c in [d["actual"], d["hyper_equilibria"], *d["perceived"].values()]:
        for pats in per_c.values():
            assert pats == sorted(pats, key=decimal)


def test_hypergame_without_perceptions_is_the_true_game(capsys) -> None:
    code, out, err = run(["hypergame", "prisoners-dilemma", "-c", "nash,gmr", "-f", "json"],
                         capsys)
    assert code == 0, err
    d = json.loads(out)
    assert d["perceived"] == {"Prisoner 1": d["actual"], "Prisoner 2": d["actual"]}
    assert d["hyper_equilibria"] == d["actual"] == {"nash": ["NN"], "gmr": ["NN", "YY"]}
    assert d["surprises"] == [] and d["second_level"] == {}


def test_hypergame_table_and_surprise_sentences(capsys, tmp_path) -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "      Driver A: {ranking: [YY, YN, NN, NY]}",
        "      Driver A: {ranking: [NN, NY, YN, YY]}")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["hypergame", str(path), "-c", "gmr"], capsys)
    assert code == 0, err
    assert "How each side sees it" in out and "hyper-equilibria" in out
    flat = " ".join(out.split())
    assert ("Surprise (GMR): Driver B expects NN to hold, but Driver A would take \"Driver A "
            "drives straight\" (to YN)") in flat


def test_hypergame_escapes_user_text(capsys, tmp_path) -> None:
    text = CASE.read_text(encoding="utf-8").replace("name: Driver A", "name: '[bold red]A[/]'")
    text = text.replace("  Driver A:", "  '[bold red]A[/]':").replace(
        "aware_of: [Driver A]", "aware_of: ['[bold red]A[/]']")
    text = text.replace("title: Chicken, each misreading the other", "title: '[blink]T'")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["hypergame", str(path), "-c", "seq"], capsys)
    assert code == 0, err
    assert "[bold red]A[/] expects" in " ".join(out.split())
    assert "[blink]T" in out


def test_hypergame_bad_input_exits_2(capsys, tmp_path) -> None:
    code, _, err = run(["hypergame", str(CASE), "-c", "seqq"], capsys)
    assert code == 2 and "unknown concept 'seqq'" in err
    text = CASE.read_text(encoding="utf-8").replace(
        "      Driver A: {ranking: [YY, YN, NN, NY]}", "      Driver A: {ranking: [YY, YN]}")
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(["hypergame", str(path)], capsys)
    assert code == 2
    flat = " ".join(err.split())
    assert "perceptions.Driver B.preferences.Driver A.ranking" in flat
    assert "Driver A's preferences as Driver B sees them" in flat
