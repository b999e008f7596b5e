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


# -- the command and detente.inverse / detente.deals give the same answer ------------------------
def _same(args: list[str], result, capsys) -> None:
    code, out, err = run(args, capsys)
    assert code == 0, err
    assert json.loads(out) == json.loads(json.dumps(result.to_dict()))


def test_inverse_cli_is_the_api(capsys, tmp_path) -> None:
    import random

    from detente.graph.preferences import payoff_ranks
    from detente.graph.space import StateSpace
    from tests.graph.strategies import random_conflict
    from tests.test_api_cli import _scenario

    _same(["inverse", "cuban-missile-crisis", "--target", "NNYN", "--vary",
           "United States=1-4;Soviet Union=2-5", "--concepts", "nash,seq", "--list", "2",
           "-f", "json"],
          detente.inverse("cuban-missile-crisis", "NNYN", concepts=["nash", "seq"],
                          vary={"United States": (1, 4), "Soviet Union": (2, 5)},
                          list_first=2), capsys)
    _same(["inverse", "cuban-missile-crisis", "--target", "NNNN", "--minimal", "--reachable",
           "--top", "2", "--dm", "Soviet Union", "-f", "json"],
          detente.inverse("cuban-missile-crisis", "NNNN", minimal=True, reachable=True, top=2,
                          dm="Soviet Union"), capsys)
    _same(["inverse", "elmira", "--target", "status_quo", "--minimal", "--method", "ilp",
           "--concepts", "gmr", "--moves", "any", "--max-changes", "2", "-f", "json"],
          detente.inverse(detente.load("elmira"), "status_quo", minimal=True, method="ilp",
                          concepts="gmr", moves="any", max_changes=2), capsys)
    _same(["inverse", "prisoners-dilemma", "--target", "YY", "--minimal", "--reachable",
           "--moves", "coalition", "--concepts", "nash", "-f", "json"],
          detente.inverse("prisoners-dilemma", "YY", minimal=True, reachable=True,
                          moves="coalition", concepts="nash"), capsys)
    for seed in range(3):
        rng = random.Random(seed)
        c = random_conflict(rng, 3, [1, 2, 1], title=f"r{seed}")
        path = tmp_path / f"r{seed}.json"
        path.write_text(json.dumps(_scenario(c)))
        c = detente.load(str(path))
        space = StateSpace(c)
        last = c.pattern(int(space.feasible_decimals[-1]))
        groups = payoff_ranks(space).reshape(3, -1)[:, space.feasible_index].max(axis=1)
        vary = f"A=1-{min(3, groups[0])};C={max(1, groups[2] - 2)}-{groups[2]}"
        _same(["inverse", str(path), "--target", last, "--vary", vary, "-f", "json"],
              detente.inverse(str(path), last, vary=vary), capsys)
        _same(["inverse", str(path), "--target", last, "--minimal", "--changes", "ranking",
               "--concepts", "seq,nash", "-f", "json"],
              detente.inverse(c, last, minimal=True, changes="ranking",
                              concepts="seq,nash"), capsys)


def test_inverse_api_errors() -> None:
    import pytest

    with pytest.raises(detente.ModelError, match="one of the two") as info:
        detente.inverse("prisoners-dilemma", "YY")
    assert info.value.field == "--vary"
    with pytest.raises(detente.ModelError, match="one of the two") as info:
        detente.inverse("prisoners-dilemma", "YY", vary="Prisoner 1=1-2", minimal=True)
    assert info.value.field == "--minimal"
    with pytest.raises(detente.ModelError) as info:
        detente.inverse("prisoners-dilemma", "YQ", minimal=True)
    assert info.value.field == "--target"
    with pytest.raises(detente.ModelError, match="answers nash") as info:
        detente.inverse("no-such-file.yaml", "YY", minimal=True, concepts="sim")
    assert info.value.field == "--concepts"  # before the file is read


def test_deals_what_it_takes_cli_is_the_api(capsys) -> None:
    summit = "benchmarks/data/summit-2021-frozen.yaml"
    pkg = "eastern_europe=freeze_for_donbas,syria=rebuilding"
    result = detente.deals(summit, top=3, what_it_takes=pkg)
    _same(["deals", summit, "--top", "3", "-f", "json", "--what-it-takes", pkg], result, capsys)
    assert result.what_it_would_take is not None
    assert "what_it_would_take" not in detente.deals(summit, top=3).to_dict()


def test_coalition_moves_in_words(capsys) -> None:
    code, out, err = run(["inverse", "prisoners-dilemma", "--target", "YY", "--minimal",
                          "--reachable", "--moves", "coalition"], capsys)
    assert code == 0, err
    text = " ".join(out.split())
    assert "YY is already SEQ-stable and reachable from today by unilateral and joint " \
        "(coalition) improvements in one move: no change is needed." in text
    assert "path from today: Prisoner 1+Prisoner 2: YY" in text
    code, out, err = run(["inverse", "prisoners-dilemma", "--target", "YY", "--minimal",
                          "--reachable", "--moves", "together"], capsys)
    assert code == 2 and "ui, any, coalition" in err
