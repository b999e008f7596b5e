"""Plain command-line values without Pydantic: a start-up shortcut for Typer's coercion.

Typer (0.2x) turns every parameter's value into its annotated type with a Pydantic
``TypeAdapter``, even a plain ``str`` or the ``--help`` flag. Building the first adapter
imports Pydantic's validation machinery, a good part of the start-up of a small command
such as ``detente scenarios`` that needs Pydantic for nothing else.

:func:`plain_coercion` lets the values that need no conversion, or an obvious one, through
without Pydantic, and hands every other value to Typer's own coercion, built only then:

* ``str``: a string, as it is;
* ``bool``: a bool, as it is;
* ``int`` / ``float`` without ``clamp``: plain decimal digits (``-12``, ``0.25``) within the
  option's ``min`` and ``max``, or a number of the type already;
* an ``Enum`` of choices: one of its members, or exactly one of their values when the
  choice is case-sensitive;
* ``list[str]``: a list or tuple of strings.

So each result is the value Typer's coercion gives, and every value it would refuse (and
anything unusual: ``1e3``, ``+3``, a path) goes through Typer's coercion, with its messages.
``tests/cli/test_coercion.py`` compares both on every parameter of every command.

The shortcut uses Typer's internal ``typer.core.build_runtime_param`` hook; with a Typer
that has none, :func:`plain_coercion` does nothing and Typer coerces as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = ["plain_coercion", "plain_value", "NOT_PLAIN"]

#: The result of :func:`plain_value` for a value it leaves to Typer.
NOT_PLAIN: Any = object()

_INT = re.compile(r"-?[0-9]{1,18}\Z")
_FLOAT = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?\Z")


def _in_range(number: float, info: Any) -> bool:
    low, high = info.min, info.max
    return (low is None or number >= low) and (high is None or number <= high)


def plain_value(annotation: Any, info: Any, value: Any) -> Any:
    """``value`` converted to ``annotation`` when the conversion is plain (see the module
    docstring), else :data:`NOT_PLAIN`. ``info`` is Typer's ``ParameterInfo``.

    >>> from types import SimpleNamespace
    >>> info = SimpleNamespace(min=1, max=None, clamp=False, case_sensitive=True, parser=None)
    >>> plain_value(int, info, "12"), plain_value(int, info, "0") is NOT_PLAIN
    (12, True)
    >>> plain_value(float, info, "1e3") is NOT_PLAIN
    True
    """
    if getattr(info, "parser", None) is not None:
        return NOT_PLAIN
    if annotation is str:
        return value if isinstance(value, str) else NOT_PLAIN
    if annotation is bool:
        return value if isinstance(value, bool) else NOT_PLAIN
    if annotation is int or annotation is float:
        if info.clamp:
            return NOT_PLAIN
        number: Any = NOT_PLAIN
        if isinstance(value, annotation) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and (_INT if annotation is int else _FLOAT).match(value):
            number = annotation(value)
        if number is NOT_PLAIN or not _in_range(number, info):
            return NOT_PLAIN
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        if isinstance(value, str) and info.case_sensitive:
            for member in annotation:
                if isinstance(member.value, str) and member.value == value:
                    return member
        return NOT_PLAIN
    if annotation == list[str]:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return list(value)
        return NOT_PLAIN
    return NOT_PLAIN


def _plain_builder(build: Callable[[Any], Any], base: type) -> Callable[[Any], Any]:
    """A replacement for Typer's ``build_runtime_param(descriptor)``."""

    @dataclass(frozen=True)
    class PlainParam(base):  # type: ignore[misc,valid-type]
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = plain_value(self.annotation, self.parameter_info, value)
            if plain is not NOT_PLAIN:
                return plain
            # anything else: Typer's own coercion (and its messages), built now
            return build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)

    def build_plain(descriptor: Any) -> Any:
        if descriptor.file_annotation is not None:
            return build(descriptor)
        return PlainParam(parameter_info=descriptor.parameter_info,
                          annotation=descriptor.annotation, descriptor=descriptor)

    return build_plain


@contextmanager
def plain_coercion() -> Iterator[None]:
    """While the block runs, Typer coerces plain values without Pydantic (see the module
    docstring); a Typer without the hook is left as it is."""
    try:
        import typer.core as core
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - another Typer
        yield
        return
    build = getattr(core, "build_runtime_param", None)
    if build is None:  # pragma: no cover - another Typer
        yield
        return
    core.build_runtime_param = _plain_builder(build, RuntimeParam)  # type: ignore[assignment]
    try:
        yield
    finally:
        core.build_runtime_param = build
