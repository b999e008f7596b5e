"""Checking a scenario's text as a whole: every section the file holds, as the commands read it.

A scenario file may hold a conflict model (or several under ``models``), named
``assumptions``, an ``agenda`` of package deals and a ``dynamics`` section. Each command
reads its own part (``analyze`` the model, ``deals`` the agenda, ``dynamics`` the dynamics);
:func:`check_scenario_text` reads every part present, with the same readers, so that an
editor can show, as the user types, the first mistake any command would report — with the
same message, line and field (a :class:`~detente.model.errors.ModelError`).

What only the engine can see (a ranking that leaves out a feasible state, a model too large
for memory) is found when the model is analysed, not here.

Examples
--------
>>> check_scenario_text(open(resolve_builtin("chicken")).read(), "chicken.yaml")
['chicken']
>>> check_scenario_text("title: T\\ndecision_makers:\\n  - name: A\\n    option: [x]\\n")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detente.model.errors.ModelError: scenario.yaml, line 4, decision_makers[0]...
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente.model.builtin import resolve_builtin  # noqa: F401 - used by the doctest
from detente.model.conflict import Conflict
from detente.model.document import MODEL_KEYS, validate_document
from detente.model.errors import ModelError
from detente.model.loader import build_conflict, parse_scenario_text

__all__ = ["check_scenario", "check_scenario_text", "CheckedScenario"]


@dataclass(frozen=True)
class CheckedScenario:
    """What a scenario file holds, once checked: its conflict models by name (each built as
    the commands build it) and whether it has an ``agenda`` and a ``dynamics`` section."""

    models: dict[str, Conflict] = field(default_factory=dict)
    agenda: bool = False
    dynamics: bool = False


def check_scenario(text: str, file: str = "scenario.yaml") -> CheckedScenario:
    """Read ``text`` as the scenario file ``file`` and check every section it holds.

    Checks the conflict model(s) (each model of a multi-model file, and the default model
    under each named assumption), the ``agenda`` and the ``dynamics`` sections when present.
    A file with only an agenda or a dynamics section is valid for ``detente deals`` /
    ``detente dynamics``.

    Raises
    ------
    ModelError
        The first mistake, with ``file``, line and field.
    """
    from pathlib import Path

    located = parse_scenario_text(text, file)
    data = located.data
    sections = isinstance(data, dict) and ("agenda" in data or "dynamics" in data)
    has_model = isinstance(data, dict) and (
        "models" in data or any(k in data for k in MODEL_KEYS))
    models: dict[str, Conflict] = {}
    if has_model or not sections:
        doc = validate_document(located)
        stem = Path(file).stem or "scenario"
        if doc.is_multi_model:
            for m in doc.model_names():
                models[m] = build_conflict(doc, m)
        else:
            models[stem] = build_conflict(doc, default_name=stem)
        for a in doc.assumptions:  # on the default model, as the briefing reads them
            build_conflict(doc, None, a.name, default_name=stem)
    agenda = isinstance(data, dict) and "agenda" in data
    if agenda:
        from detente.model.agenda import parse_agenda

        parse_agenda(located)
    dynamics = isinstance(data, dict) and "dynamics" in data
    if dynamics:
        from detente.model.dynamics import dynamics_from_document

        dynamics_from_document(located)
    return CheckedScenario(models, bool(agenda), bool(dynamics))


def check_scenario_text(text: str, file: str = "scenario.yaml") -> list[str]:
    """Check ``text`` as :func:`check_scenario` does; the names of its conflict models
    (empty when it holds none)."""
    return list(check_scenario(text, file).models)


_ = ModelError  # the documented exception
