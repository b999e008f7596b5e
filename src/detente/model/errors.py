"""Errors that describe a user's mistake in a model, a file or a command.

Every error names where the mistake is (file, line where the format gives one, field) and
what is wrong; interfaces print :func:`str` of the error and exit with code 2. Engines raise
:class:`ModelError` too when a problem only shows once the state space is known (e.g. a
ranking that leaves out feasible states).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["ModelError", "ModelTooLargeError", "closest", "did_you_mean", "shown", "describe",
           "readable", "MAX_SHOWN"]

#: User values echoed in messages are cut to about this many characters.
MAX_SHOWN = 40

#: Whatever a message quotes, a run of characters without a space longer than this is cut
#: (a 5,000-digit number, a pasted blob, a huge key in a field path), and a whole message
#: to :data:`MAX_MESSAGE` characters: an error stays a readable line or two.
MAX_RUN = 80
MAX_MESSAGE = 2000

_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def readable(text: str) -> str:
    """``text`` with overlong runs and an overlong whole cut, saying how long they were.

    >>> readable("got " + "9" * 500 + " here")  # doctest: +ELLIPSIS
    'got 999...…(500 characters) here'
    """
    text = _RUN.sub(lambda m: m.group()[: MAX_RUN - 20] + f"…({len(m.group())} characters)",
                    text)
    if len(text) > MAX_MESSAGE:
        text = text[: MAX_MESSAGE - 40] + f" … ({len(text)} characters in all)"
    return text


class ModelError(ValueError):
    """A user mistake in a model, with where it is.

    The one error détente raises for bad input — a scenario or GMCR+ file that says
    something wrong, a missing file, an unknown concept or decision maker, an option value
    out of range — as opposed to a bug in détente. It names where the mistake is (the file,
    the 1-based line where the format gives one, the field path or the command-line option)
    and says what is wrong and, where known, how to fix it (with the closest valid names for
    a misspelt one). The command line prints ``str(error)`` on one line and exits with code
    2. It is a :class:`ValueError`: the value given is of the right kind but not acceptable.

    Parameters
    ----------
    message:
        What is wrong, and how to fix it where that is known.
    file:
        The file the model came from, if any.
    line:
        The 1-based line in that file, where the format gives one.
    field:
        The field path, e.g. ``decision_makers[1].preferences.statements[3]``.

    Attributes ``message``, ``file``, ``line`` and ``field`` keep the parts (user text in
    them cut to a readable length); :meth:`located` fills in missing parts.

    References
    ----------
    docs/guarantees.md, "Exit codes": a mistake in the input or the command line is exit 2
    with one line naming the file, line and field. Python Software Foundation, *The Python
    Standard Library*, "Built-in Exceptions": ``ValueError`` is raised for an argument of
    the right type but an inappropriate value.

    Examples
    --------
    >>> import detente
    >>> try:
    ...     detente.load("chickn")
    ... except detente.ModelError as exc:
    ...     print(exc.message)
    'chickn' is neither a file nor a built-in scenario. Did you mean 'chicken'?
    >>> str(ModelError("unknown option 'frezee'", file="talks.yaml", line=12,
    ...                field="status_quo"))
    "talks.yaml, line 12, status_quo: unknown option 'frezee'"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = readable(message)
        self.file = file
        self.line = line
        self.field = readable(field) if field else field
        super().__init__(str(self))

    def located(
        self, *, file: str | None = None, line: int | None = None, field: str | None = None
    ) -> ModelError:
        """Return a copy with missing location parts filled in."""
        return type(self)(
            self.message,
            file=self.file or file,
            line=self.line or line,
            field=self.field or field,
        )

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line:
            where.append(f"line {self.line}")
        if self.field:
            where.append(self.field)
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ModelTooLargeError(ModelError):
    """The model would not fit in the memory allowed; raised before allocating.

    Before any computation whose size the input decides (a state space, a coalition
    analysis, an outcome space of package deals), détente estimates from the model's shape
    alone the memory it would take; when the estimate exceeds the limit (by default 75 % of
    the memory available now, or ``max_memory`` / ``--max-memory``) it refuses at once with
    this error: the estimate, the limit and what to do (fewer options, exclusive groups,
    fewer concepts, a higher limit). It is a :class:`ModelError` (exit 2 on the command
    line), since it is the input, not détente, that asks too much.

    References
    ----------
    docs/guarantees.md, "Limits: work and memory estimated before they are spent": every
    computation is estimated before it starts and refused, with the estimate, when it would
    not fit.

    Examples
    --------
    >>> import detente
    >>> try:
    ...     detente.analyze("chicken", max_memory="1K")
    ... except detente.ModelTooLargeError as exc:
    ...     print(isinstance(exc, detente.ModelError), exc.message.split(" needs")[0])
    True a model of 2 options with 4 states
    """


#: "Did you mean" compares at most this many leading characters, over at most
#: :data:`MAX_CANDIDATES` names: difflib's cost grows with the product of the lengths, and a
#: hostile file can hold thousands of long names.
MATCH_CHARS = 64
MAX_CANDIDATES = 20_000


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``name`` (for "did you mean" hints)."""
    cands = [c for c in candidates if isinstance(c, str)][:MAX_CANDIDATES]
    by_head: dict[str, str] = {}
    for c in cands:
        by_head.setdefault(c[:MATCH_CHARS], c)
    head = name[:MATCH_CHARS]
    found = difflib.get_close_matches(head, list(by_head), n=n, cutoff=0.5)
    if not found:
        low = {c.lower(): c for c in by_head}
        found = difflib.get_close_matches(head.lower(), list(low), n=n, cutoff=0.5)
        found = [low[c] for c in found]
    return [by_head[c] for c in found]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A sentence suggesting the closest valid names, or listing some valid ones."""
    cands = list(candidates)
    near = closest(name, cands)
    if near:
        return "Did you mean " + " or ".join(repr(c) for c in near) + "?"
    shown = ", ".join(repr(c) for c in cands[:8])
    more = ", …" if len(cands) > 8 else ""
    return f"Valid names are {shown}{more}." if cands else ""


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



def describe(value: Any) -> str:
    """What a user's value is, for "expected …, got …" messages, with the YAML slip that
    produces it: unquoted yes/no/on/off are truth values.

    >>> describe(True)
    'true (unquoted yes/no/on/off/true/false are truth values in YAML; quote the text)'
    >>> describe("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (50 characters)"
    """
    if isinstance(value, bool):
        return (
            f"{str(value).lower()} (unquoted yes/no/on/off/true/false are truth values in "
            "YAML; quote the text)"
        )
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, int | float):
        return f"{shown(value)} ({type(value).__name__})"
    return shown(value)
