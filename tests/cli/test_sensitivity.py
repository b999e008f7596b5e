"""`detente sensitivity`: JSON contract, table, errors."""

from __future__ import annotations

import json

import pytest

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


def test_samples_work_is_estimated_and_refused_before_running(capsys, monkeypatch) -> None:
    """--samples has a work guard like analyze --coalitions: above --max-work the run is
    refused at once (exit 2) with the estimate and what to do; below it, it runs."""
    from pathlib import Path

    import detente
    from detente.graph import analysis
    from detente.graph.space import StateSpace
    from detente.graph.uncertainty import WORK_LIMIT, check_uncertainty_work, uncertainty_work
    from detente.model.errors import ModelError

    f = str(Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml")
    calls = []
    real = analysis.analyze
    monkeypatch.setattr(analysis, "analyze", lambda *a, **k: calls.append(1) or real(*a, **k))
    code, out, err = run(["sensitivity", f, "--samples", "20", "-c", "nash,seq",
                          "--max-work", "100"], capsys)
    assert code == 2 and out == ""
    msg = " ".join(err.split())
    for part in ("--samples", "drawing 20 preference profiles", "units of work",
                 "above the limit of 1e+02", "in one process", "--max-work", "--workers"):
        assert part in msg, part
    assert calls == []  # refused before the baseline analysis
    # an exact enumeration is estimated on its 24 distinct profiles, not on --samples
    space = StateSpace(detente.load(f))
    enough = 2 * uncertainty_work(space, ["nash", "seq"], 24)
    assert uncertainty_work(space, ["nash", "seq"], 100_000) > enough
    code, out, err = run(["sensitivity", f, "--samples", "100000", "-c", "nash,seq",
                          "--max-work", str(enough), "-f", "json"], capsys)
    assert code == 0, err
    assert json.loads(out)["method"] == "exact" and calls
    # the default limit, and SIM's search counted
    with pytest.raises(ModelError, match=r"above the limit of 6e\+09"):
        check_uncertainty_work(space, ["nash"], int(WORK_LIMIT), "monte-carlo")
    assert (uncertainty_work(space, ["nash", "sim"], 10)
            > uncertainty_work(space, ["nash"], 10))
    with pytest.raises(ModelError, match="--max-work"):
        detente.sensitivity(f, "nash", samples=20, max_work=10)
    with pytest.raises(ModelError, match="add --samples"):
        detente.sensitivity(f, "nash", max_work=10)
    code, _, err = run(["sensitivity", f, "--max-work", "10"], capsys)
    assert code == 2 and "add --samples" in err


def test_combination_matrix_fits_80_columns_with_its_names(capsys) -> None:
    """At 80 columns the combination names were squeezed out of the matrix and each
    verdict cut to 's…': short cells (S, S+R, -) and conflicting pairs listed below."""
    from pathlib import Path

    from rich.console import Console

    import detente
    from detente.report.sensitivity_text import render_combinations

    f = str(Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml")
    result = detente.sensitivity(f, "seq", combinations=True)
    console = Console(width=80, record=True, color_system=None)
    for part in render_combinations(result):
        console.print(part)
    text = console.export_text()
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("assumptions"))
    assert "today" in header and all(f"best {k + 1}" in header
                                     for k in range(len(result.best)))
    assert "…" not in text
    for c in result.combinations:
        assert " + ".join(c.assumptions).split(" + ")[0][:15] in text
    assert "conflicting: hawkish-east vs dovish-east" in " ".join(text.split())


def test_a_status_quo_named_today_is_not_marked_today_twice(capsys) -> None:
    code, out, err = run(["sensitivity", "summit-2021", "-c", "nash", "--states",
                          "status_quo"], capsys)
    assert code == 0, err
    assert "today" in out and "(today) (today)" not in out
