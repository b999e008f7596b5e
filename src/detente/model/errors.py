"""Errors that describe a user's mistake in a model, a file or a command.

Every error names where the mistake is (file, line where the format gives one, field) and
what is wrong; interfaces print :func:`str` of the error and exit with code 2. Engines raise
:class:`ModelError` too when a problem only shows once the state space is known (e.g. a
ranking that leaves out feasible states).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["ModelError", "ModelTooLargeError", "closest", "did_you_mean"]


class ModelError(ValueError):
    """A user mistake in a model, with where it is.

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
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
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
    """The model would not fit in the memory allowed; raised before allocating."""


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``name`` (for "did you mean" hints)."""
    cands = list(candidates)
    found = difflib.get_close_matches(name, cands, n=n, cutoff=0.5)
    if not found:
        low = {c.lower(): c for c in cands}
        near = difflib.get_close_matches(name.lower(), list(low), n=n, cutoff=0.5)
        found = [low[c] for c in near]
    return found


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A sentence suggesting the closest valid names, or listing some valid ones."""
    cands = list(candidates)
    near = closest(name, cands)
    if near:
        return "Did you mean " + " or ".join(repr(c) for c in near) + "?"
    shown = ", ".join(repr(c) for c in cands[:8])
    more = ", …" if len(cands) > 8 else ""
    return f"Valid names are {shown}{more}." if cands else ""
