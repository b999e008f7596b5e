"""Numbers read from files: exact where they fit, refused at once where they do not."""

from __future__ import annotations

import math
import time
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.model.errors import shown
from detente.model.numbers import (
    MAX_NUMBER_CHARS,
    exact_number,
    number_problem,
)


@pytest.mark.parametrize("text", ["1e999999999", "1E+999999999", "-1e999999999", "1e-999999999",
                                  "25E-99999999", "0.5e99999999999999999999", "1e1001"])
def test_huge_exponents_are_refused_without_expansion(text: str) -> None:
    start = time.process_time()
    with pytest.raises(ValueError, match="out of range"):
        exact_number(text)
    # Fraction("1e999999999") takes minutes; the bound answers before building anything
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("text", ["1e301", "-2e300", "1000e298", "1e-1001", "0.001e-99999"])
def test_beyond_the_range_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        exact_number(text)


@pytest.mark.parametrize("text,value", [
    ("1e300", Fraction(10**300)), ("1e-1000", Fraction(1, 10**1000)), ("0e999", Fraction(0)),
    ("0.1", Fraction(1, 10)), ("3/4", Fraction(3, 4)), ("1_000", Fraction(1000)),
    (" -.5 ", Fraction(-1, 2)), ("5.", Fraction(5))])
def test_written_numbers_are_exact(text: str, value: Fraction) -> None:
    assert exact_number(text) == value


@pytest.mark.parametrize("bad", ["", "abc", "1/0", "0x10", "1e", "nan", "inf", "1.2.3", "--1"])
def test_text_that_is_no_number(bad: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        exact_number(bad)


def test_long_text_and_long_integers() -> None:
    with pytest.raises(ValueError, match="too long"):
        exact_number("1" * (MAX_NUMBER_CHARS + 1))
    with pytest.raises(ValueError, match="out of range") as info:
        exact_number(10**5000)  # Python refuses to print it: the message must not try
    assert len(str(info.value)) < 200
    assert exact_number(10**299) == 10**299


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_floats(value: float) -> None:
    assert "finite" in number_problem(value)
    with pytest.raises(ValueError):
        exact_number(value)


def test_floats_in_range() -> None:
    assert number_problem(9.9e299) is None and number_problem(0.0) is None
    assert number_problem(1e301) and number_problem(5e-324) is None
    assert exact_number(0.1) == Fraction(1, 10)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None))
def test_decimal_text_is_read_exactly(d: Decimal) -> None:
    text = str(d)
    if len(text) > MAX_NUMBER_CHARS:
        return
    f = Fraction(d)
    written_exponent = int(text.upper().split("E")[1]) if "E" in text.upper() else 0
    if abs(f) > 10**300 or abs(written_exponent) > 1000:
        with pytest.raises(ValueError, match="out of range"):
            exact_number(text)
    else:
        assert exact_number(text) == f


@given(st.text(max_size=120))
def test_any_text_is_a_number_or_a_value_error(text: str) -> None:
    try:
        f = exact_number(text)
    except ValueError as exc:
        assert len(str(exc)) < 200  # the value is echoed shortened
    else:
        assert abs(f) <= 10**300


def test_shown_cuts_long_values() -> None:
    assert shown("x" * 41).endswith("…' (41 characters)")
    assert shown(10**5000) == "an integer of 5001 digits"
    assert shown(-(10**120)) == "an integer of 121 digits"
    assert shown([[1]]) == "a list" and shown({}) == "an empty mapping"
