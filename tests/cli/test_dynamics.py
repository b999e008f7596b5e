"""`detente dynamics`: JSON contract, tables, options, exit codes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from detente.cli import main

SCENARIO = """\
title: Expulsions
dynamics:
  title: Diplomatic expulsions
  sides: [United States, Russia]
  noise:
    misperception: {Russia: 0.1}
  horizon: {rounds: 60}
  policies:
    United States: {current: Tit For Tat, alternatives: [GRIT, Generous Tit For Tat]}
    Russia: {current: Tit For Tat}
  analysis: {repetitions: 20, seed: 2021, sweep: {levels: [0, 0.1]}}
  richardson:
    unit: diplomats expelled per year
    defence: {United States: 0.9, Russia: 0.8}
    fatigue: {United States: 0.5, Russia: 0.6}
    grievance: {United States: 1, Russia: 2}
    initial: {United States: 10, Russia: 12}
    horizon: 5
"""

FAST = ["--rounds", "40", "--repetitions", "10"]


@pytest.fixture
def summit(tmp_path: Path) -> Path:
    path = tmp_path / "summit.yaml"
    path.write_text(textwrap.dedent(SCENARIO), encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["dynamics", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_json_from_a_file_has_every_analysis_the_model_allows(capsys, summit):
    data = run_json(capsys, str(summit))
    assert list(data) == ["matches", "tournament", "recovery", "sweep", "richardson"]
    first = data["matches"][0]
    assert first["policies"] == {"United States": "Tit For Tat", "Russia": "Tit For Tat"}
    assert len(first["moves"]["Russia"]) == 60
    assert {e["kind"] for e in first["noise"]} <= {"misperception"}
    t = data["tournament"]
    assert t["repetitions"] == 20 and t["seed"] == 2021
    assert t["noise"]["misperception"] == {"United States": 0.0, "Russia": 0.1}
    assert len(t["pairs"]) == 3
    pair = t["pairs"][0]
    assert set(pair) == {"policies", "engine", "mean_payoff", "cooperation_rate",
                         "mutual_cooperation"}
    assert set(pair["mean_payoff"]["Russia"]) == {"mean", "ci"}
    assert data["recovery"]["shocked_side"] == "United States"
    assert [p["level"] for p in data["sweep"]["pairs"][0]["points"]] == [0, 0.1]
    assert data["richardson"]["outcome"] == "runaway"
    assert data["richardson"]["settling_changes"][0]["parameter"] in "klab"


def test_requested_analyses_only(capsys, summit):
    data = run_json(capsys, str(summit), "--analyses", "richardson,match")
    assert list(data) == ["matches", "richardson"]


def test_runs_from_options_alone(capsys):
    data = run_json(capsys, "--analyses", "tournament", "--noise", "0.05", "--policies",
                    "TFT, Generous TFT", *FAST)
    t = data["tournament"]
    assert t["sides"] == ["A", "B"] and t["horizon"] == {"rounds": 40}
    assert t["noise"]["symmetric"] == 0.05
    assert [p["policies"]["A"] for p in t["pairs"]] == [
        "Tit For Tat", "Tit For Tat", "Generous Tit For Tat", "Generous Tit For Tat"]


def test_per_side_options(capsys, summit):
    data = run_json(capsys, str(summit), "--analyses", "tournament", "--misperception",
                    "united states=0.2", "--slip", "Russia=0.05", "--policies",
                    "United States=WSLS,GRIT; Russia=TFT,Grim Trigger", *FAST)
    t = data["tournament"]
    assert t["noise"]["misperception"] == {"United States": 0.2, "Russia": 0.1}
    assert t["noise"]["slip"] == {"United States": 0.0, "Russia": 0.05}
    assert t["candidates"] == {"United States": ["Win-Stay Lose-Shift", "GRIT"],
                               "Russia": ["Tit For Tat", "Grim Trigger"]}


def test_same_seed_same_output_other_seed_other_output(capsys):
    args = ["--analyses", "match,tournament", "--noise", "0.1", *FAST]
    a = run_json(capsys, *args, "--seed", "5")
    b = run_json(capsys, *args, "--seed", "5")
    c = run_json(capsys, *args, "--seed", "6")
    assert a == b
    assert a != c


def test_table_output(capsys, summit):
    code, out, err = run(capsys, str(summit))
    assert code == 0, err
    for heading in ("Diplomatic expulsions", "Match: Tit For Tat vs Tit For Tat", "Tournament",
                    "Ranking", "Recovery", "Cooperation rate against", "Richardson",
                    "Changes that would make the race settle"):
        assert heading in out, heading
    assert "{" not in out.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--noise", "1.5"], "--noise: a probability must be between 0 and 1; got 1.5"),
        (["--noise", "-0.1"], "between 0 and 1"),
        (["--misperception", "C=0.1"], "--misperception: unknown side 'C'"),
        (["--slip", "A=2"], "--slip A: a probability must be between 0 and 1"),
        (["--slip", "A"], "expected SIDE=P"),
        (["--misperception", "A=lots"], "'lots' is not a number"),
        (["--policies", "Tit for Tatt"],
         "unknown policy 'Tit for Tatt'. Did you mean 'Tit For Tat'"),
        (["--policies", "A=TFT; Q=GRIT"], "--policies: unknown side 'Q'"),
        (["--rounds", "0"], "--rounds must be at least 1"),
        (["--repetitions", "0"], "--repetitions must be at least 1"),
        (["--analyses", "match,tornament"], "unknown analysis 'tornament'. Did you mean "
                                            "'tournament'?"),
        (["--analyses", "richardson"], "needs a 'richardson:' model"),
        (["no-such-file.yaml"], "no such file"),
    ],
)
def test_bad_parameters_exit_2_with_a_clear_message(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in " ".join(err.split())
    assert "Traceback" not in err and out == ""


def test_bad_file_exits_2_with_file_line_field(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SCENARIO.replace("Russia: 0.1}", "Russia: 1.1}"), encoding="utf-8")
    code, _, err = run(capsys, str(bad))
    assert code == 2
    assert "bad.yaml, line 6, dynamics.noise.misperception.Russia: a probability" in err


def test_library_strategy_with_perception_noise_is_refused(capsys):
    code, _, err = run(capsys, "--policies", "Tit For 2 Tats,TFT", "--misperception", "A=0.1",
                       "--analyses", "tournament", *FAST)
    assert code == 2
    assert "only one symmetric noise" in " ".join(err.split())


def test_help_lists_the_options(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for option in ("--analyses", "--noise", "--misperception", "--slip", "--policies",
                   "--rounds", "--repetitions", "--seed", "--format"):
        assert option in out
