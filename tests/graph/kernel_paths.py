"""Run the engines on one path or the other: NumPy (small models) or compiled (Numba)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from detente.graph import moves

PATHS = ("numpy", "compiled")


@contextmanager
def forced(path: str) -> Iterator[None]:
    """Inside the block, every model takes ``path`` (see ``moves.COMPILED_MIN_STATES``)."""
    old = moves.COMPILED_MIN_STATES, moves.PYTHON_MAX_WORK
    if path == "compiled":
        moves.COMPILED_MIN_STATES = 0
    else:
        moves.COMPILED_MIN_STATES, moves.PYTHON_MAX_WORK = 1 << 62, float("inf")
    try:
        yield
    finally:
        moves.COMPILED_MIN_STATES, moves.PYTHON_MAX_WORK = old
