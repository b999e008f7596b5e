"""Valid scenario files (YAML and JSON) become the expected Conflict."""

from __future__ import annotations

import json

import pytest

from detente.model.conflict import Payoffs, Ranking, Statements
from detente.model.document import ScenarioDocument
from detente.model.formula import parse_formula
from detente.model.loader import (
    build_conflict,
    list_assumptions,
    list_models,
    load_all,
    load_conflict,
    load_document,
)
from detente.model.provenance import Source
from tests.model.conftest import line_of, raises_model_error

FULL = """\
title: Summit
description: Two powers and a go-between.
sources:
  - "Author (2021). An article."
decision_makers:
  - name: US
    options:
      - id: sanctions
        label: Impose sanctions
        description: New economic sanctions.
      - id: freeze_nato
        label: Freeze NATO enlargement
        irreversible: backward
    preferences:
      statements:
        - not sanctions
        - statement: freeze_nato iff withdraw
          rationale: Reciprocity.
          source: The article, p. 2.
  - name: Russia
    options:
      - id: withdraw
        irreversible: forward
      - id: escalate
    preferences:
      ranking:
        - [withdraw]
        - NNNNNN
        - [[sanctions], YYYNNN]
        - tie: [NYNNNN, [sanctions, freeze_nato, escalate]]
  - name: Mediator
    options:
      - id: talks
      - id: report
    preferences:
      payoffs:
        - state: NNNNYN
          payoff: 3
        - state: [talks, report]
          payoff: 2.5
infeasible:
  - withdraw and escalate
exclusive:
  - [sanctions, freeze_nato]
exactly_one:
  - [talks, report]
status_quo: [sanctions, report]
"""


def test_full_yaml_builds_the_expected_conflict(write):
    path = write("summit.yaml", FULL)
    c = load_conflict(str(path))
    assert c.name == "summit"
    assert c.title == "Summit"
    assert c.description == "Two powers and a go-between."
    assert c.sources == ("Author (2021). An article.",)
    assert c.source_file == str(path)
    assert c.option_ids == ["sanctions", "freeze_nato", "withdraw", "escalate", "talks", "report"]
    assert [o.owner for o in c.options] == [0, 0, 1, 1, 2, 2]
    assert [o.direction for o in c.options] == [
        "both", "backward", "forward", "both", "both", "both",
    ]
    assert c.options[0].label == "Impose sanctions"
    assert c.options[0].description == "New economic sanctions."
    assert c.options[2].label == ""
    assert c.dm_names == ["US", "Russia", "Mediator"]
    assert [d.options for d in c.decision_makers] == [(0, 1), (2, 3), (4, 5)]
    assert c.infeasible == (parse_formula("withdraw and escalate"),)
    assert c.exclusive == ((0, 1),)
    assert c.exactly_one == ((4, 5),)
    assert c.status_quo == c.decimal("YNNNNY")

    us, russia, mediator = c.preferences
    assert isinstance(us, Statements)
    assert [s.formula for s in us.statements] == [
        parse_formula("not sanctions"),
        parse_formula("freeze_nato iff withdraw"),
    ]
    assert us.statements[1].text == "freeze_nato iff withdraw"
    assert us.statements[1].rationale == "Reciprocity."
    assert us.statements[1].source == Source("unspecified", "The article, p. 2.")

    assert isinstance(russia, Ranking)
    assert russia.numbering == "state"
    assert russia.tiers == (
        (c.decimal("NNYNNN"),),
        (c.decimal("NNNNNN"),),
        (c.decimal("YNNNNN"), c.decimal("YYYNNN")),
        (c.decimal("NYNNNN"), c.decimal("YYNYNN")),
    )

    assert isinstance(mediator, Payoffs)
    assert dict(mediator.values) == {c.decimal("NNNNYN"): 3.0, c.decimal("NNNNYY"): 2.5}


def test_locations_map_fields_to_lines(write):
    path = write("summit.yaml", FULL)
    c = load_conflict(str(path))
    assert c.locations["decision_makers[1].preferences.ranking"] == line_of(FULL, "ranking:")
    assert c.locations["decision_makers[0].preferences.statements[1]"] == line_of(
        FULL, "- statement: freeze_nato"
    )
    assert c.locations["infeasible[0]"] == line_of(FULL, "withdraw and escalate")
    assert c.locations["status_quo"] == line_of(FULL, "status_quo")
    assert c.locations["decision_makers[2]"] == line_of(FULL, "name: Mediator")


def test_json_file_gives_the_same_conflict_as_yaml(write):
    import yaml

    data = yaml.safe_load(FULL)
    y = load_conflict(str(write("summit.yaml", FULL)))
    j = load_conflict(str(write("summit.json", json.dumps(data, indent=2))))
    assert y.options == j.options and y.preferences == j.preferences
    assert y.infeasible == j.infeasible and y.status_quo == j.status_quo
    assert j.name == "summit"


def test_json_lines_are_located(write):
    text = json.dumps(
        {
            "decision_makers": [
                {"name": "A", "options": [{"id": "a"}], "preferences": {"ranking": ["YN"]}},
                {"name": "B", "options": [{"id": "b"}],
                 "preferences": {"statements": ["a and c"]}},
            ]
        },
        indent=2,
    )
    err = raises_model_error(lambda: load_conflict(str(write("m.json", text))))
    assert "m.json" in str(err)
    assert err.line == line_of(text, '"a and c"')
    assert err.field == "decision_makers[1].preferences.statements[0]"


def test_status_quo_as_pattern_and_lowercase_patterns(write):
    text = FULL.replace("status_quo: [sanctions, report]", "status_quo: ynnnnY")
    c = load_conflict(str(write("s.yaml", text)))
    assert c.pattern(c.status_quo) == "YNNNNY"


def test_no_status_quo_is_none(write):
    text = FULL.replace("status_quo: [sanctions, report]\n", "")
    assert load_conflict(str(write("s.yaml", text))).status_quo is None


def test_empty_option_list_is_the_state_with_nothing_taken(write):
    text = FULL.replace("- NNNNNN\n", "- []\n")
    c = load_conflict(str(write("s.yaml", text)))
    assert c.preferences[1].tiers[1] == (0,)


def test_list_of_patterns_is_a_tie(write):
    text = FULL.replace("- NNNNNN\n", "- [NNNNNN, NNNNNY]\n")
    c = load_conflict(str(write("s.yaml", text)))
    assert c.preferences[1].tiers[1] == (c.decimal("NNNNNN"), c.decimal("NNNNNY"))


def test_option_ids_win_over_patterns_in_a_list(write):
    # Option ids that happen to look like patterns: a list of them is one state.
    text = """\
    decision_makers:
      - name: A
        options: [{id: YN}]
        preferences: {ranking: [[YN, NY], [NY], [], [YN]]}
      - name: B
        options: [{id: NY}]
        preferences: {ranking: [YY, NN]}
    """
    c = load_conflict(str(write("odd.yaml", text)))
    assert c.preferences[0].tiers == ((3,), (2,), (0,), (1,))


def test_payoffs_mapping(write):
    text = """\
    decision_makers:
      - name: A
        options: [{id: a}]
        preferences: {payoffs: {YN: 4, NN: 1.5, YY: -2}}
      - name: B
        options: [{id: b}]
        preferences: {payoffs: {NY: 1}}
    """
    c = load_conflict(str(write("p.yaml", text)))
    assert dict(c.preferences[0].values) == {1: 4.0, 0: 1.5, 3: -2.0}


MULTI = """\
title: Variants
sources: ["Shared source."]
models:
  - name: base
    decision_makers:
      - name: A
        options: [{id: a}]
        preferences: {ranking: [NY, YY, NN, YN]}
      - name: B
        options: [{id: b}]
        preferences: {ranking: [YN, YY, NN, NY]}
  - name: with-exit
    default: true
    title: With an exit option
    sources: ["Model source."]
    decision_makers:
      - name: A
        options: [{id: a}, {id: exit, irreversible: forward}]
        preferences: {statements: [b, not exit]}
      - name: B
        options: [{id: b}]
        preferences: {statements: [a]}
    status_quo: []
assumptions:
  - name: hawkish-b
    description: B prefers to defect.
    preferences:
      B:
        ranking: [NNN, YNN, NNY, YNY, NYN, YYN, NYY, YYY]
"""


def test_multi_model_default_and_addressing(write):
    path = write("v.yaml", MULTI)
    c = load_conflict(str(path))
    assert c.name == "with-exit"
    assert c.title == "With an exit option"
    assert c.sources == ("Shared source.", "Model source.")
    assert c.option_ids == ["a", "exit", "b"]
    assert c.status_quo == 0
    base = load_conflict(f"{path}#base")
    assert base.name == "base" and base.title == "Variants" and base.option_ids == ["a", "b"]
    assert load_conflict(str(path), name="base") == base
    assert list_models(str(path)) == ["base", "with-exit"]
    assert sorted(load_all(str(path))) == ["base", "with-exit"]


def test_multi_model_locations_are_relative_to_the_model(write):
    path = write("v.yaml", MULTI)
    c = load_conflict(str(path))
    assert c.locations["decision_makers[0].preferences.statements[1]"] == line_of(
        MULTI, "preferences: {statements: [b, not exit]}"
    )


def test_assumption_replaces_preferences(write):
    path = write("v.yaml", MULTI)
    plain = load_conflict(str(path))
    c = load_conflict(str(path), assumption="hawkish-b")
    assert c.preferences[0] == plain.preferences[0]
    assert isinstance(c.preferences[1], Ranking)
    assert c.preferences[1].tiers[0] == (0,)
    assert "hawkish-b" in c.title
    assert c.locations["decision_makers[1].preferences.ranking"] == line_of(
        MULTI, "ranking: [NNN"
    )
    assert list_assumptions(str(path)) == ["hawkish-b"]


def test_assumption_for_a_dm_the_model_lacks(write):
    text = MULTI.replace("      B:\n", "      A:\n")
    path = write("v.yaml", text)
    # Under the default model A has three options, so the assumption's ranking fits; under
    # 'base' A has only two and the patterns have the wrong length.
    assert load_conflict(str(path), assumption="hawkish-b").preferences[0].tiers[0] == (0,)
    err = raises_model_error(lambda: load_conflict(f"{path}#base", assumption="hawkish-b"))
    assert err.field == "assumptions[0].preferences.A.ranking[0]"
    assert err.line == line_of(text, "ranking: [NNN")


def test_single_model_addressed_by_stem(write):
    path = write("pd.yaml", FULL)
    assert load_conflict(f"{path}#pd").name == "pd"
    assert list_models(str(path)) == ["pd"]


def test_load_document_keeps_lines(write):
    path = write("summit.yaml", FULL)
    doc = load_document(path)
    assert isinstance(doc, ScenarioDocument)
    assert doc.file == str(path)
    assert doc.located.line(("decision_makers", 1, "name")) == line_of(FULL, "name: Russia")
    assert not doc.is_multi_model and doc.model_names() == []


def test_agenda_and_dynamics_are_accepted_unvalidated(write):
    text = FULL + "agenda:\n  issues: anything\ndynamics: {whatever: [1, 2]}\n"
    doc = load_document(write("s.yaml", text))
    assert doc.agenda == {"issues": "anything"}
    assert doc.dynamics == {"whatever": [1, 2]}
    assert build_conflict(doc).name == "s"


def test_builtin_addressing_with_model_name():
    c = load_conflict("prisoners-dilemma#prisoners-dilemma")
    assert c.name == "prisoners-dilemma"


@pytest.mark.parametrize("suffix", [".yml", ".YAML"])
def test_other_yaml_suffixes(write, suffix):
    c = load_conflict(str(write("x" + suffix, FULL)))
    assert c.n_options == 6


def test_json_file_with_a_byte_order_mark(write, tmp_path):
    # The text is read once (as UTF-8 with an optional BOM) for the values and the lines.
    import yaml

    text = json.dumps(yaml.safe_load(FULL), indent=2)
    plain = load_conflict(str(write("summit.json", text)))
    bom = tmp_path / "bom" / "summit.json"
    bom.parent.mkdir()
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    c = load_conflict(str(bom))
    assert c.options == plain.options and c.preferences == plain.preferences
    assert c.locations == plain.locations
