"""The numbers détente reads from files: bounded before they are converted.

Files from strangers may hold numbers that would stall or break a reader: ``1e999999999``
written as text (an exact conversion builds an integer of a billion digits), integers of
thousands of digits (Python refuses to convert more than 4,300 digits), ``.inf`` and
``.nan``, or values so large that sums and squares of them overflow to ``inf``. Every reader
applies one rule, checked *before* any expensive conversion:

- a number is finite and at most :data:`MAX_MAGNITUDE` (1e300) in size, within the range of
  double-precision floats with room to spare;
- a number written as text (GENIUS XML attributes, values in quotes) has at most
  :data:`MAX_NUMBER_CHARS` characters and an exponent between -1000 and 1000.

Fields then have their own ranges where arithmetic needs them (probabilities 0–1, stage-game
payoffs at most 1e12, …); see ``docs/guarantees.md``, "Input formats".

Examples
--------
>>> exact_number("0.1"), exact_number(" 3/4 "), exact_number(2)
(Fraction(1, 10), Fraction(3, 4), Fraction(2, 1))
>>> exact_number("1e999999999")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: '1e999999999' is out of range: ...
>>> number_problem(float("nan"))
'nan is not a finite number'
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from detente.model.errors import shown

__all__ = [
    "MAX_MAGNITUDE",
    "MAX_NUMBER_CHARS",
    "RANGE_TEXT",
    "exact_number",
    "number_problem",
]

#: Numbers larger than this in size are refused.
MAX_MAGNITUDE = 1e300
#: A number written as text has at most this many characters.
MAX_NUMBER_CHARS = 100

#: How messages state the range.
RANGE_TEXT = "numbers must be at most 1e300 in size"

_MAX_INT = 10**300
_BIG = Fraction(_MAX_INT)
#: Exponents of numbers written as text lie within ±this (checked before conversion).
MAX_EXPONENT = 1000
# A decimal (digits with an optional point and exponent) or a ratio of whole numbers, as
# Fraction reads them; the exponent is checked before Fraction expands it.
_DECIMAL = re.compile(
    r"[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE](?P<exp>[+-]?\d(?:_?\d)*))?"
)
_RATIO = re.compile(r"[+-]?\d(?:_?\d)*/\d(?:_?\d)*")


def number_problem(value: Any) -> str | None:
    """Why a number parsed from YAML/JSON is out of détente's range, or ``None``.

    >>> number_problem(1e301), number_problem(10**400) is not None, number_problem(5e-324)
    ('1e+301 is out of range: numbers must be at most 1e300 in size', True, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if value.bit_length() > 997 and abs(value) > _MAX_INT:
            return (f"{shown(value)} is out of range: {RANGE_TEXT}")
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value} is not a finite number"
        if abs(value) > MAX_MAGNITUDE:
            return f"{value!r} is out of range: {RANGE_TEXT}"
    return None


def exact_number(x: Any) -> Fraction:
    """The exact rational value of a number as written (``0.1`` is 1/10, not a binary float).

    Text is a decimal (``2.5``, ``-1e-3``) or a ratio of whole numbers (``3/4``) of at most
    :data:`MAX_NUMBER_CHARS` characters; its exponent is checked before the value is built,
    so ``1e999999999`` is refused at once instead of being expanded.

    Raises
    ------
    ValueError
        With a message for the user: not a number, too long, not finite, or out of range.
    """
    if isinstance(x, bool):
        raise ValueError("a truth value is not a number")
    if isinstance(x, Fraction):
        f = x
    elif isinstance(x, int | float):
        problem = number_problem(x)
        if problem:
            raise ValueError(problem)
        f = Fraction(x) if isinstance(x, int) else Fraction(repr(x))
    elif isinstance(x, str):
        text = x.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise ValueError(f"{shown(x)} is too long for a number (at most "
                             f"{MAX_NUMBER_CHARS} characters)")
        m = _DECIMAL.fullmatch(text)
        if m is None and not _RATIO.fullmatch(text):
            raise ValueError(f"{shown(x)} is not a number")
        if m is not None and m.group("exp") is not None:
            exp = int(m.group("exp"))  # at most 100 characters: cheap
            if exp > MAX_EXPONENT:  # far outside the range whatever the digits
                raise ValueError(f"{shown(x)} is out of range: {RANGE_TEXT}")
            if exp < -MAX_EXPONENT:  # would build a denominator of as many digits
                raise ValueError(f"{shown(x)} is out of range: write 0, or a number with an "
                                 f"exponent of at least -{MAX_EXPONENT}")
        try:
            f = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{shown(x)} is not a number") from None
    else:
        raise ValueError(f"{shown(x)} is not a number")
    if abs(f) > _BIG:
        raise ValueError(f"{shown(x)} is out of range: {RANGE_TEXT}")
    return f
