"""Every public name of detente.api is documented in the NetworkX style: a definition first,
then a References section and a runnable Examples section (the doctests run with the suite,
``--doctest-modules``)."""

from __future__ import annotations

import inspect

import pytest

import detente.api as api

PUBLIC = [n for n in api.__all__ if callable(getattr(api, n))]


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


def test_every_function_is_checked() -> None:
    assert {"load", "analyze", "status_quo", "explain", "deals", "dynamics", "report",
            "Progress"} <= set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_definition_reference_and_example(name: str) -> None:
    doc = inspect.getdoc(getattr(api, name)) or ""
    definition = doc.split("\n\n", 1)[0]
    assert len(definition) > 20, f"{name}: no definition"
    assert _section(doc, "References"), f"{name}: no References section"
    examples = _section(doc, "Examples")
    assert ">>>" in examples, f"{name}: no runnable example"
