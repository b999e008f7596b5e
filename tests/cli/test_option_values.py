"""Numeric options at their extremes (huge, inf, nan, negative, zero) and state arguments:
exit 2 with a message naming the option, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.model.errors import ModelError
from detente.model.resources import parse_size
from tests.cli.helpers import run

WATER = str(Path(__file__).parents[1] / "bargain" / "water.yaml")
HUGE = "9" * 400


@pytest.mark.parametrize("text", [HUGE, "1" + "0" * 30, "9999999T", "0", "0.0000001"])
def test_memory_sizes_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ModelError) as info:
        parse_size(text)
    assert info.value.field == "--max-memory"


def test_memory_sizes_in_range() -> None:
    assert parse_size("1") == 1
    assert parse_size("7T") == 7 * 1024**4


@pytest.mark.parametrize("args, option", [
    (["analyze", "chicken", "--max-memory", HUGE], "--max-memory"),
    (["explain", "chicken", "NN", "--max-memory", "0"], "--max-memory"),
    (["report", "chicken", "--max-memory", HUGE], "--max-memory"),
    (["deals", WATER, "--max-memory", HUGE], "--max-memory"),
    (["deals", WATER, "--max-outcomes", "inf"], "--max-outcomes"),
    (["deals", WATER, "--max-outcomes", "-inf"], "--max-outcomes"),
    (["deals", WATER, "--max-outcomes", "1e400"], "--max-outcomes"),
    (["deals", WATER, "--max-outcomes", "nan"], "--max-outcomes"),
    (["deals", WATER, "--max-outcomes", "0"], "--max-outcomes"),
    (["deals", WATER, "--top", "-1"], "--top"),
    (["paths", "chicken", "--max-steps", "-1"], "--max-steps"),
    (["analyze", "chicken", "--concepts", "lh", "--horizon", "100000"], "--horizon"),
    (["analyze", "chicken", "--concepts", "lh", "--horizon", HUGE], "--horizon"),
    (["analyze", "chicken", "--concepts", "lh", "--horizon", "0"], "--horizon"),
    (["dynamics", "--rounds", HUGE], "--rounds"),
    (["dynamics", "--repetitions", "0"], "--repetitions"),
    (["dynamics", "--seed", "-1"], "--seed"),
    (["dynamics", "--seed", HUGE], "--seed"),
    (["dynamics", "--noise", "nan"], "--noise"),
    (["dynamics", "--noise", "1e400"], "--noise"),
    (["dynamics", "--slip", "A=-0.5"], "--slip"),
    (["dynamics", "--misperception", "A=nan"], "--misperception"),
], ids=lambda v: " ".join(a[:12] for a in v) if isinstance(v, list) else v)
def test_bad_numbers_exit_2_naming_the_option(capsys, args: list[str], option: str) -> None:
    code, out, err = run(args, capsys)
    assert code == 2, err
    assert err.startswith("error:") and option in err
    assert "internal error" not in err and "Traceback" not in err


def test_huge_counts_that_only_bound_output_are_fine(capsys) -> None:
    code, _, err = run(["paths", "chicken", "--max-steps", HUGE, "--max-paths", HUGE,
                        "--to", "YN"], capsys)
    assert code == 0, err
    code, _, err = run(["deals", WATER, "--top", HUGE, "--max-ties", HUGE], capsys)
    assert code == 0, err


@pytest.mark.parametrize("policies, message", [
    ("TFT,Tit For Tat", "'Tit For Tat' is listed twice"),
    ("A=GRIT,grit;B=TFT", "'GRIT' is listed twice for 'A'"),
    ("A=GRIT;a=TFT", "side 'A' appears twice"),
])
def test_policies_listed_twice_are_refused_as_in_a_file(capsys, policies: str,
                                                        message: str) -> None:
    code, _, err = run(["dynamics", "--policies", policies], capsys)
    assert code == 2 and message in err


def test_an_unreachable_target_says_which_irreversible_option_blocks_it(capsys) -> None:
    code, out, _ = run(["paths", "cuban-missile-crisis", "--from", "YNNN", "--to", "NNNN"],
                       capsys)
    assert code == 0
    assert ("NNNN is not reachable from YNNN: 'Air strike' (air_strike) cannot be withdrawn "
            "once taken.") in " ".join(out.split())


@pytest.mark.parametrize("args, option", [
    (["paths", "chicken", "--from", "XYZ"], "--from"),
    (["paths", "chicken", "--to", "NNN"], "--to"),
    (["explain", "chicken", "maybe"], "STATE"),
])
def test_malformed_states_name_the_argument(capsys, args: list[str], option: str) -> None:
    code, _, err = run(args, capsys)
    assert code == 2 and err.startswith(f"error: {option}:")
