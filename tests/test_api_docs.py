"""Every public name of détente is documented in the NetworkX style: a definition first, then
a References section and a runnable Examples section (the doctests run with the suite,
``--doctest-modules``).

Two lists are checked: the callables of :mod:`detente.api` (the functions of the commands),
and every name of ``detente.__all__`` — the same functions, the errors, and the result and
model types (for a class, its own docstring)."""

from __future__ import annotations

import inspect

import pytest

import detente
import detente.api as api

PUBLIC = [n for n in api.__all__ if callable(getattr(api, n))]
#: Every name ``import detente`` exports, but the version string.
EXPORTED = [n for n in detente.__all__ if n != "__version__"]


def _section(doc: str, title: str) -> str:
    """The text of a numpydoc section (empty if absent)."""
    lines = doc.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.strip() == title and set(lines[i + 1].strip()) == {"-"}:
            body = []
            for nxt, under in zip(lines[i + 2:], lines[i + 3:] + [""], strict=True):
                if under.strip() and set(under.strip()) == {"-"}:
                    break
                body.append(nxt)
            return "\n".join(body).strip()
    return ""


def _check(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    definition = doc.split("\n\n", 1)[0]
    assert len(definition) > 20, f"{name}: no definition"
    assert _section(doc, "References"), f"{name}: no References section"
    examples = _section(doc, "Examples")
    assert ">>>" in examples, f"{name}: no runnable example"


def test_every_function_is_checked() -> None:
    assert {"load", "analyze", "status_quo", "explain", "deals", "dynamics", "report",
            "Progress"} <= set(PUBLIC)


def test_every_export_is_checked() -> None:
    assert {"apply_changes", "ModelError", "ModelTooLargeError", "Conflict", "Agenda",
            "Analysis", "StatusQuoAnalysis", "UncertaintyAnalysis"} <= set(EXPORTED)


@pytest.mark.parametrize("name", PUBLIC)
def test_definition_reference_and_example(name: str) -> None:
    _check(name, getattr(api, name))


@pytest.mark.parametrize("name", EXPORTED)
def test_every_export_has_definition_reference_and_example(name: str) -> None:
    obj = getattr(detente, name)
    # a class is documented by its own docstring, not one it inherits
    if inspect.isclass(obj):
        assert "__doc__" in vars(obj) and obj.__doc__, f"{name}: no docstring of its own"
    _check(name, obj)


def test_the_examples_are_collected() -> None:
    """The doctests that back the Examples sections run with the suite: pytest collects the
    package's modules (``testpaths``) with ``--doctest-modules``."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    options = config["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "src/detente" in options["testpaths"]
