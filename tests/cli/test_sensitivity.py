"""`detente sensitivity`: JSON contract, table, errors."""

from __future__ import annotations

import json

from tests.cli.helpers import decimal, run


def test_sensitivity_json_contract(capsys) -> None:
    code, out, err = run(["sensitivity", "cuban-missile-crisis", "-c", "nash,seq", "-f",
                          "json"], capsys)
    assert code == 0, err
    d = json.loads(out)
    assert list(d) == ["title", "concepts", "changes", "baseline", "states"]
    assert d["concepts"] == ["nash", "seq"] and d["changes"] == 44
    assert d["baseline"] == {"nash": ["YNYN"], "seq": ["NNYN", "YNYN", "NYYN"]}
    nnyn = next(s for s in d["states"] if s["state"] == "NNYN" and s["concept"] == "seq")
    assert nnyn == {"state": "NNYN", "concept": "seq", "baseline": True, "kept": 43, "of": 44,
                    "flipped_by": [{"dm": "United States", "change": "swap",
                                    "statements": [1, 2]}]}
    keys = [(d["concepts"].index(s["concept"]), decimal(s["state"])) for s in d["states"]]
    assert keys == sorted(keys)


def test_sensitivity_states_and_table(capsys) -> None:
    code, out, err = run(["sensitivity", "cuban-missile-crisis", "-c", "seq", "--states",
                          "NNYN,status_quo", "-f", "json"], capsys)
    assert code == 0, err
    assert [s["state"] for s in json.loads(out)["states"]] == ["NNYN"]
    code, out, err = run(["sensitivity", "cuban-missile-crisis", "-c", "seq"], capsys)
    assert code == 0, err
    assert "SEQ stability of NNYN rests on the order of United States' tie groups 1 and 2." \
        in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 80


def test_sensitivity_errors(capsys) -> None:
    code, _, err = run(["sensitivity", "chicken", "--changes", "shuffle"], capsys)
    assert code == 2 and "unknown kind of change 'shuffle'" in err
    code, _, err = run(["sensitivity", "chicken", "--states", "NNN"], capsys)
    assert code == 2 and "not a state" in err
    code, _, err = run(["sensitivity", "chicken", "-c", "seqq"], capsys)
    assert code == 2 and "unknown concept" in err


def test_api_returns_what_the_cli_prints(capsys) -> None:
    from pathlib import Path

    import detente

    f = str(Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml")
    modes = [([], {}), (["--combinations"], {"combinations": True}),
             (["--samples", "40", "--seed", "3"], {"samples": 40, "seed": 3}),
             (["--samples", "5000"], {"samples": 5000})]
    for args, kwargs in modes:
        code, out, err = run(["sensitivity", f, "-c", "nash,seq", "-f", "json", *args],
                             capsys)
        assert code == 0, err
        api = detente.sensitivity(f, "nash,seq", **kwargs).to_dict()
        assert json.loads(out) == json.loads(json.dumps(api)), args


def test_combinations_and_samples_on_the_command_line(capsys) -> None:
    from pathlib import Path

    f = str(Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml")
    code, out, err = run(["sensitivity", f, "--combinations", "-c", "seq"], capsys)
    assert code == 0, err
    assert "conflicting: hawkish-east vs dovish-east" in out
    code, out, err = run(["sensitivity", f, "--samples", "30", "-c", "seq"], capsys)
    assert code == 0, err
    assert "Monte Carlo" not in out
    assert "exact: every one of the 24 distinct profiles" in " ".join(out.split())
    code, out, err = run(["sensitivity", "chicken", "--samples", "30"], capsys)
    assert code == 2 and "declares no uncertain preferences" in err
