"""`detente inverse`: JSON contract, table, errors."""

from __future__ import annotations

import json

import detente
from detente.graph.inverse.ranges import ranking_ranges
from tests.cli.helpers import run


def test_ranges_json_contract(capsys) -> None:
    code, out, err = run(["inverse", "cuban-missile-crisis", "--target", "NNYN", "--vary",
                          "United States=1-4;Soviet Union=2-5", "--list", "3", "-f", "json"],
                         capsys)
    assert code == 0, err
    d = json.loads(out)
    assert list(d) == ["target", "vary", "combinations", "counts", "conditions", "rankings"]
    assert d["target"] == "NNYN"
    assert d["vary"] == {"United States": [1, 4], "Soviet Union": [2, 5]}
    assert d["combinations"] == 24 * 24
    assert set(d["counts"]) == {"nash", "gmr", "smr", "seq"}
    cuban = detente.load("cuban-missile-crisis")
    api = ranking_ranges(cuban, "NNYN", {"United States": (1, 4), "Soviet Union": (2, 5)},
                         list_first=3)
    assert d == api.to_dict()
    assert len(d["rankings"]) == 3
    first = d["rankings"][0]
    assert set(first) == {"rankings", "stable"}
    # the first combination is the model's own ranking
    assert [g[0] for g in first["rankings"]["United States"][:4]] == \
        ["NNYN", "NYYN", "YNYN", "YYYN"]
    for cond in d["conditions"]["seq"]:
        assert set(cond) == {"dm", "must_prefer", "to"}


def test_ranges_table_and_concepts(capsys) -> None:
    code, out, err = run(["inverse", "prisoners-dilemma", "--target", "YY", "--vary",
                          "Prisoner 1=1-2;Prisoner 2=1-2", "--concepts", "nash,seq"], capsys)
    assert code == 0, err
    assert "4 combinations in all." in out
    assert "Nash needs: Prisoner 1 prefers YY to NY; Prisoner 2 prefers YY to YN." in out
    assert "GMR" not in out


def test_ranges_errors_exit_2(capsys) -> None:
    for args, fragment in [
        (["--vary", "Prisoner 1=0-2"], "out of bounds"),
        (["--vary", "Prisoner 9=1-2"], "unknown decision maker"),
        (["--vary", "Prisoner 1=1-2", "--concepts", "sim"], "answers nash"),
        ([], "--vary"),
        (["--vary", "Prisoner 1=1-2", "--list", "100000"], "--list"),
    ]:
        code, out, err = run(["inverse", "prisoners-dilemma", "--target", "YY", *args],
                             capsys)
        assert code == 2, (args, err)
        assert err.startswith("error:") and fragment in err, (args, err)
    code, _, err = run(["inverse", "prisoners-dilemma", "--target", "YYN", "--vary",
                        "Prisoner 1=1-2"], capsys)
    assert code == 2 and "not a state" in err


def test_deals_what_it_takes(capsys) -> None:
    from detente.bargain.concessions import package_advice
    from detente.model.agenda import load_agenda

    pkg = "eastern_europe=freeze_for_donbas,syria=rebuilding"
    summit = "benchmarks/data/summit-2021-frozen.yaml"  # the built-in one is rewritten
    code, out, err = run(["deals", summit, "--top", "3", "-f", "json",
                          "--what-it-takes", pkg], capsys)
    assert code == 0, err
    d = json.loads(out)["what_it_would_take"]
    want = package_advice(load_agenda(summit), pkg, top=3).to_dict()
    assert d == json.loads(json.dumps(want))
    assert set(d) == {"package", "utilities", "reservations", "feasible", "in_zopa",
                      "pareto_optimal", "side_payment", "zopa_concessions",
                      "pareto_concessions"}
    code, out, err = run(["deals", summit, "--top", "3", "--what-it-takes", pkg],
                         capsys)
    assert code == 0 and "What it would take" in out
    code, out, err = run(["deals", summit, "--what-it-takes", "syria=nowhere"], capsys)
    assert code == 2 and "nowhere" in err
