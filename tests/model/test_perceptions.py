"""The scenario format's ``perceptions``: how each decision maker sees the others."""

from __future__ import annotations

import textwrap

import pytest

from detente.model.conflict import Ranking, Statements
from detente.model.document import scenario_json_schema
from detente.model.loader import load_conflict
from tests.model.test_errors import check, line_of

BASE = """\
title: Three sides
decision_makers:
  - name: A
    options: [{id: a}]
    preferences: {statements: [not c, b]}
  - name: B
    options: [{id: b}]
    preferences: {statements: [a]}
  - name: C
    options: [{id: c}]
    preferences: {statements: [c iff a]}
assumptions:
  - name: b-hawk
    preferences:
      B: {statements: [not a]}
  - name: everyone
    preferences:
      A: {statements: [a]}
      B: {statements: [b]}
"""


def doc(perceptions: str) -> str:
    return BASE + textwrap.dedent(perceptions)


def test_inline_and_assumption_beliefs(write):
    text = doc("""\
    perceptions:
      A:
        description: A reads B as a hawk.
        source: An analyst's note.
        assumption: b-hawk
        preferences:
          C: {ranking: [YYY, NNN, [YNN, NYN, YYN, NNY, YNY, NYY]]}
        aware_of: [C, B, C]
      C:
        preferences:
          A: {statements: [c]}
    """)
    c = load_conflict(str(write("p.yaml", text)))
    a, cc = c.perceptions
    assert (a.perceiver, cc.perceiver) == (0, 2)
    assert [j for j, _ in a.beliefs] == [1, 2]
    assert isinstance(a.belief(1), Statements) and a.belief(1).statements[0].text == "not a"
    assert isinstance(a.belief(2), Ranking)
    assert a.aware_of == (1, 2)
    assert a.description == "A reads B as a hawk." and a.source == "An analyst's note."
    assert a.field_of(1) == "assumptions[0].preferences.B"
    assert a.field_of(2) == "perceptions.A.preferences.C"
    game = c.perceived_game(0)
    assert game.preferences[0] == c.preferences[0]
    assert game.preferences[1] == a.belief(1) and game.preferences[2] == a.belief(2)
    assert game.perceptions == ()
    # the belief's lines replace the true preferences' lines in the perceived game
    assert game.locations["decision_makers[1].preferences.statements"] == line_of(
        text, "B: {statements: [not a]}")
    assert c.perceived_game(1) == c.actual_game()
    assert c.perceived_game(2).preferences[0] == cc.belief(0)


def test_perceptions_inside_named_models(write):
    text = textwrap.dedent("""\
    models:
      - name: m
        default: true
        decision_makers:
          - name: A
            options: [{id: a}]
            preferences: {statements: [b]}
          - name: B
            options: [{id: b}]
            preferences: {statements: [a]}
        perceptions:
          B:
            preferences:
              A: {statements: [not b]}
    """)
    c = load_conflict(str(write("m.yaml", text)))
    assert c.perceptions[0].field_of(0) == "perceptions.B.preferences.A"
    assert c.perceived_game(1).locations["decision_makers[0].preferences.statements"] == \
        line_of(text, "A: {statements: [not b]}")
    top = text.replace("models:\n", "perceptions: {}\nmodels:\n")
    check(write, top, needle="perceptions: {}", field="perceptions",
          contains=["belongs inside each model"])


@pytest.mark.parametrize("entry, needle, field, message", [
    ("  Z:\n    aware_of: [A]\n", "  Z:", "perceptions.Z", "unknown decision maker 'Z'"),
    ("  A:\n    preferences:\n      Q: {statements: [a]}\n", "Q: {", "perceptions.A.preferences.Q",
     "unknown decision maker 'Q'"),
    ("  A:\n    preferences:\n      A: {statements: [a]}\n", ("A: {statements: [a]}", 2),
     "perceptions.A.preferences.A", "cannot misperceive its own preferences"),
    ("  A:\n    assumption: b-hawk\n    preferences:\n      B: {statements: [a]}\n",
     "B: {statements: [a]}", "perceptions.A.preferences.B", "given twice"),
    ("  A:\n    assumption: everyone\n", "assumption: everyone", "perceptions.A.assumption",
     "also replaces 'A''s own preferences"),
    ("  A:\n    assumption: b-hawks\n", "assumption: b-hawks", "perceptions.A.assumption",
     "Did you mean 'b-hawk'"),
    ("  A:\n    aware_of: [A]\n", "aware_of: [A]", "perceptions.A.aware_of[0]",
     "cannot be aware of itself"),
    ("  A:\n    description: nothing\n", ("  A:", 2), "perceptions.A",
     "give 'assumption', 'preferences' or 'aware_of'"),
    ("  A:\n    preferences:\n      B: {statements: [zz]}\n", "B: {statements: [zz]}",
     "perceptions.A.preferences.B.statements[0]", "unknown option 'zz'"),
    ("  A:\n    belief: b-hawk\n", "belief: b-hawk", "perceptions.A.belief",
     "unknown field 'belief'"),
])
def test_perception_mistakes_are_located(write, entry, needle, field, message):
    needle, nth = needle if isinstance(needle, tuple) else (needle, 1)
    check(write, BASE + "perceptions:\n" + entry, needle=needle, nth=nth, field=field,
          contains=[message])


def test_schema_declares_perceptions():
    schema = scenario_json_schema()
    assert "perceptions" in schema["properties"]
    props = schema["$defs"]["PerceptionSpec"]["properties"]
    assert set(props) == {"description", "source", "assumption", "preferences", "aware_of"}
