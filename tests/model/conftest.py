"""Helpers for the model tests: write scenario text to a file, catch located errors."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from detente.model.errors import ModelError


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` occurrence of ``needle`` in ``text`` (after dedent)."""
    text = textwrap.dedent(text)
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == nth:
                return number
    raise AssertionError(f"{needle!r} not found {nth} time(s)")


def raises_model_error(fn: Callable[[], object]) -> ModelError:
    """Run ``fn`` and return the ModelError it raises (fail if it raises nothing)."""
    with pytest.raises(ModelError) as info:
        fn()
    return info.value


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write(name, text)`` writes dedented ``text`` to ``tmp_path / name``."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write
