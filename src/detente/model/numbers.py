"""The numbers détente reads from files: bounded before they are converted.

Files from strangers may hold numbers that would stall or break a reader: ``1e999999999``
written as text (an exact conversion builds an integer of a billion digits), integers of
thousands of digits (Python refuses to convert more than 4,300 digits), ``.inf`` and
``.nan``, or values so large that sums and squares of them overflow to ``inf``. Every reader
applies one rule, checked *before* any expensive conversion:

- a number is finite, and either 0 or between :data:`MIN_MAGNITUDE` (1e-300) and
  :data:`MAX_MAGNITUDE` (1e300) in size, the range of double-precision floats with room to
  spare;
- a number written as text (GENIUS XML attributes, values in quotes) has at most
  :data:`MAX_NUMBER_CHARS` characters.

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
>>> shown("9" * 5000)  # doctest: +ELLIPSIS
"'9999...…' (5000 characters)"
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

__all__ = [
    "MAX_MAGNITUDE",
    "MIN_MAGNITUDE",
    "MAX_NUMBER_CHARS",
    "MAX_SHOWN",
    "RANGE_TEXT",
    "exact_number",
    "number_problem",
    "shown",
]

#: Numbers larger than this in size are refused.
MAX_MAGNITUDE = 1e300
#: Nonzero numbers smaller than this in size are refused.
MIN_MAGNITUDE = 1e-300
#: A number written as text has at most this many characters.
MAX_NUMBER_CHARS = 100
#: User values echoed in messages are cut to about this many characters.
MAX_SHOWN = 40

#: How messages state the range.
RANGE_TEXT = "numbers must be 0 or between 1e-300 and 1e300 in size"

_MAX_INT = 10**300
_BIG = Fraction(_MAX_INT)
_SMALL = Fraction(1, _MAX_INT)
# A decimal (digits with an optional point and exponent) or a ratio of whole numbers, as
# Fraction reads them; the exponent is checked before Fraction expands it.
_DECIMAL = re.compile(
    r"[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE](?P<exp>[+-]?\d(?:_?\d)*))?"
)
_RATIO = re.compile(r"[+-]?\d(?:_?\d)*/\d(?:_?\d)*")


def shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """``repr`` of a user's value for a message, cut to about ``limit`` characters.

    Safe for any value: integers too long for decimal conversion, deeply nested lists.

    >>> shown("short"), shown(12), shown(10**5000)
    ("'short'", '12', 'an integer of 5001 digits')
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 3 * limit:
            return f"an integer of {_digits(value)} digits"
        return repr(value)
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}"[:-1] + f"…' ({len(value)} characters)"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list | tuple):
        return "a list" if value else "an empty list"
    if isinstance(value, float):
        return repr(value)
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # pragma: no cover - defensive
        text = f"a {type(value).__name__} value"
    return text if len(text) <= limit else text[:limit] + "…"


def _digits(n: int) -> int:
    """Decimal digits of ``n`` (without converting it to text)."""
    n = abs(n)
    if n == 0:
        return 1
    d = int(n.bit_length() * 0.30102999566398120) + 1
    # bit_length gives the digit count to within one; compare with a power of ten
    return d if n >= 10 ** (d - 1) else d - 1


def number_problem(value: Any) -> str | None:
    """Why a number parsed from YAML/JSON is out of détente's range, or ``None``.

    >>> number_problem(1e301), number_problem(10**400) is not None, number_problem(0.5)
    ('1e+301 is out of range: numbers must be 0 or between 1e-300 and 1e300 in size', True, None)
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
        if value != 0 and not MIN_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:
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
            exp = int(m.group("exp"))
            if abs(exp) > 1000:  # far outside the range whatever the digits: refuse unbuilt
                raise ValueError(f"{shown(x)} is out of range: {RANGE_TEXT}")
        try:
            f = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{shown(x)} is not a number") from None
    else:
        raise ValueError(f"{shown(x)} is not a number")
    if f != 0 and not _SMALL <= abs(f) <= _BIG:
        raise ValueError(f"{shown(x)} is out of range: {RANGE_TEXT}")
    return f
