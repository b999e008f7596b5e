"""Limits of the YAML/JSON readers: nesting depth, number range, keys read as written."""

from __future__ import annotations

import pytest

from detente.model.errors import ModelError
from detente.model.yamlio import MAX_DEPTH, check_values, parse_json, parse_text
from tests.model.conftest import raises_model_error


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 200_000])
def test_yaml_nesting_is_bounded_before_recursion(depth: int) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    err = raises_model_error(lambda: parse_text(text, "deep.yaml"))
    assert "nest more than 100 levels" in err.message and err.line == 1


def test_yaml_nesting_at_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1  # plus the top-level mapping
    data = parse_text("a: " + "[" * depth + "]" * depth, "ok.yaml").data
    for _ in range(depth):
        data = data["a"] if isinstance(data, dict) else data[0] if data else data
    assert data == []


def test_aliases_cannot_stack_deeper_than_the_limit() -> None:
    text = "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 150))
    err = raises_model_error(lambda: parse_text(text, "alias.yaml"))
    assert "nest more than 100 levels" in err.message


@pytest.mark.parametrize("depth", [150, 900, 100_000])
def test_json_nesting_is_bounded(depth: int) -> None:
    text = '{"a": ' + "[" * depth + "]" * depth + "}"
    err = raises_model_error(lambda: parse_json(text, "deep.json"))
    assert "nest more than 100 levels" in err.message and err.file == "deep.json"


def test_check_values_is_iterative_and_locates() -> None:
    deep: list = []
    for _ in range(10_000):  # deeper than Python's recursion limit
        deep = [deep]
    with pytest.raises(ModelError, match="nest more than"):
        check_values({"x": deep}, "f.json")
    err = raises_model_error(lambda: check_values({"a": {"b": [0, 1e301]}}, "f.json",
                                                  {("a", "b"): 7}))
    assert err.line == 7 and err.field == "a.b[1]" and "out of range" in err.message


@pytest.mark.parametrize("text", ["x: " + "9" * 5000, "x: -" + "1" * 4301, "x: 0x" + "f" * 5000,
                                  "x: 1" + "0" * 301, "x: .inf", "x: -.Inf", "x: .nan",
                                  "x: 1.0e309"])
def test_yaml_numbers_out_of_range(text: str) -> None:
    err = raises_model_error(lambda: parse_text(text, "n.yaml"))
    assert err.line == 1 and err.field == "x"
    assert "out of range" in err.message or "not a finite number" in err.message
    assert len(str(err)) < 200


@pytest.mark.parametrize("text", ['{"x": ' + "9" * 5000 + "}", '{"x": NaN}', '{"x": -Infinity}',
                                  '{"x": 1e400}', '{"x": -1' + "0" * 301 + "}"])
def test_json_numbers_out_of_range(text: str) -> None:
    err = raises_model_error(lambda: parse_json(text, "n.json"))
    assert "out of range" in err.message or "not a finite number" in err.message
    assert len(str(err)) < 200


def test_numbers_in_range_are_kept() -> None:
    assert parse_text("x: [1.0e300, -1" + "0" * 299 + ", 5e-324]").data == {
        "x": [1e300, -(10**299), 5e-324]}
    assert parse_json('{"x": [1e300, 5e-324]}') == {"x": [1e300, 5e-324]}


def test_keys_are_read_as_written() -> None:
    data = parse_text("yes: 1\nOff: 2\n0.10: 3\n010: 4\n~: 5\n2021-06-16: 6\n").data
    assert list(data) == ["yes", "Off", "0.10", "010", "~", "2021-06-16"]
    with pytest.raises(ModelError, match="mapping keys must be plain names"):
        parse_text("? [a, b]\n: 1\n")


def test_exponent_forms_are_numbers() -> None:
    data = parse_text("x: [1e5, 1.0e5, 1E-3, -2.5e+2, .5e1, 1_000e1, 1e, e5, 1e5x]").data
    assert data == {"x": [1e5, 1e5, 1e-3, -250.0, 5.0, 10000.0, "1e", "e5", "1e5x"]}
    err = raises_model_error(lambda: parse_text("x: 1e999999999", "big.yaml"))
    assert "'1e999999999' is out of range" in err.message and err.line == 1


def test_values_keep_yaml_types_but_dates_are_text() -> None:
    data = parse_text("a: yes\nb: 2021-06-16\nc: 2021-06-16 10:00:00\nd: 0x10\n").data
    assert data == {"a": True, "b": "2021-06-16", "c": "2021-06-16 10:00:00", "d": 16}
    err = raises_model_error(lambda: parse_text("a: 1\nc: 2021-02-30\n", "d.yaml"))
    assert err.line == 2 and err.field == "c" and "not a valid one" in err.message


def test_tags_that_build_other_types_are_refused() -> None:
    err = raises_model_error(lambda: parse_text("a: 1\nb: !!binary aGVsbG8=\n", "t.yaml"))
    assert err.line == 2 and "tag" in err.message
