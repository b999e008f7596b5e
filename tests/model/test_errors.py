"""Bad scenario files give a ModelError naming the file, the line and the field."""

from __future__ import annotations

import json
import textwrap

import pytest

from detente.model.errors import ModelError
from detente.model.loader import load_conflict, load_document
from tests.model.conftest import line_of, raises_model_error

GOOD = """\
title: Test
decision_makers:
  - name: US
    options:
      - id: sanctions
        label: Sanctions
      - id: freeze_nato
    preferences:
      statements:
        - not sanctions
        - freeze_nato
  - name: Russia
    options:
      - id: withdraw
      - id: escalate
    preferences:
      ranking:
        - NNYN
        - NNNN
infeasible:
  - withdraw and escalate
exclusive:
  - [sanctions, freeze_nato]
status_quo: NNNN
"""


def check(write, text, *, needle, field, contains=(), name="bad.yaml", nth=1):
    """Load ``text``; the error must name the file, the line of ``needle`` and ``field``."""
    text = textwrap.dedent(text)
    path = write(name, text)
    err = raises_model_error(lambda: load_conflict(str(path)))
    message = str(err)
    assert err.file == str(path) and name in message
    if needle is not None:
        assert err.line == line_of(text, needle, nth), message
        assert f"line {err.line}" in message
    if field is not None:
        assert err.field == field, message
        assert field in message
    for part in contains:
        assert part in message, message
    return err


def test_the_good_file_loads(write):
    assert load_conflict(str(write("good.yaml", GOOD))).n_options == 4


# -- unknown keys ----------------------------------------------------------------------------
def test_unknown_top_level_key_with_suggestion(write):
    text = GOOD.replace("status_quo:", "status_qou:")
    check(write, text, needle="status_qou", field="status_qou",
          contains=["unknown field 'status_qou'", "Did you mean 'status_quo'"])


def test_unknown_option_key_with_suggestion(write):
    text = GOOD.replace("label: Sanctions", "lable: Sanctions")
    check(write, text, needle="lable", field="decision_makers[0].options[0].lable",
          contains=["Did you mean 'label'?"])


def test_unknown_statement_key(write):
    text = GOOD.replace(
        "- freeze_nato\n", "- {statement: freeze_nato, reason: because}\n"
    )
    check(write, text, needle="reason", field="decision_makers[0].preferences.statements[1].reason",
          contains=["Did you mean 'rationale'?"])


def test_unknown_preferences_key(write):
    text = GOOD.replace("      ranking:\n", "      rankings:\n")
    check(write, text, needle="rankings:", field="decision_makers[1].preferences.rankings",
          contains=["Did you mean 'ranking'?"])


# -- formulas --------------------------------------------------------------------------------
def test_unknown_option_in_statement(write):
    text = GOOD.replace("        - freeze_nato\n", "        - freeze_nat\n")
    check(write, text, needle="- freeze_nat", field="decision_makers[0].preferences.statements[1]",
          contains=["unknown option 'freeze_nat'", "Did you mean 'freeze_nato'?"])


def test_unknown_option_in_statement_mapping(write):
    text = GOOD.replace(
        "        - freeze_nato\n",
        "        - statement: freeze_nato and withdrew\n          rationale: r\n",
    )
    check(write, text, needle="statement: freeze_nato",
          field="decision_makers[0].preferences.statements[1].statement",
          contains=["Did you mean 'withdraw'?"])


def test_formula_syntax_error_at_the_statements_line(write):
    text = GOOD.replace("        - freeze_nato\n", "        - freeze_nato and\n")
    check(write, text, needle="- freeze_nato and",
          field="decision_makers[0].preferences.statements[1]",
          contains=["incomplete", "column"])


def test_formula_syntax_error_in_infeasible(write):
    text = GOOD.replace("withdraw and escalate", "withdraw and ) escalate")
    check(write, text, needle="withdraw and )", field="infeasible[0]",
          contains=["unexpected"])


def test_formula_nested_too_deeply(write):
    # a RecursionError deep in the parser's transformer before the limit existed
    deep = "not " * 3000 + "withdraw"
    text = GOOD.replace("withdraw and escalate", deep)
    check(write, text, needle="not not not", field="infeasible[0]",
          contains=["nests 3001 levels deep", "at most 100"])


def test_unknown_option_in_infeasible(write):
    text = GOOD.replace("withdraw and escalate", "withdraw and escalat")
    check(write, text, needle="withdraw and escalat", field="infeasible[0]",
          contains=["Did you mean 'escalate'?"])


def test_agenda_atom_in_a_conflict_formula(write):
    text = GOOD.replace("withdraw and escalate", "syria = drawdown")
    check(write, text, needle="syria = drawdown", field="infeasible[0]",
          contains=["agenda atom"])


# -- options and decision makers -------------------------------------------------------------
def test_option_owned_twice(write):
    text = GOOD.replace("      - id: escalate\n", "      - id: sanctions\n")
    check(write, text, needle="- id: sanctions", nth=2,
          field="decision_makers[1].options[1].id",
          contains=["'sanctions' is already an option of 'US'",
                    f"line {line_of(GOOD, 'name: US')}"])


def test_option_listed_twice_by_the_same_dm(write):
    text = GOOD.replace("      - id: freeze_nato\n", "      - id: sanctions\n")
    check(write, text, needle="- id: sanctions", nth=2,
          field="decision_makers[0].options[1].id", contains=["the same decision maker"])


def test_dm_without_options(write):
    text = GOOD.replace(
        "    options:\n      - id: withdraw\n      - id: escalate\n", "    options: []\n"
    )
    check(write, text, needle="options: []", field="decision_makers[1].options",
          contains=["at least one option"])


def test_no_decision_makers(write):
    check(write, "title: x\ndecision_makers: []\n", needle="decision_makers",
          field="decision_makers", contains=["at least two decision makers; found 0"])


def test_one_decision_maker(write):
    text = """\
    decision_makers:
      - name: Alone
        options: [{id: a}]
        preferences: {ranking: [Y, N]}
    """
    check(write, text, needle="decision_makers", field="decision_makers",
          contains=["found 1 ('Alone')"])


def test_no_model_at_all(write):
    check(write, "title: nothing here\n", needle=None, field=None,
          contains=["give 'decision_makers'"])


def test_duplicate_dm_name(write):
    text = GOOD.replace("name: Russia", "name: US")
    check(write, text, needle="name: US", nth=2, field="decision_makers[1].name",
          contains=["used twice"])


def test_missing_dm_name(write):
    text = GOOD.replace("  - name: Russia\n    options:", "  - options:")
    check(write, text, needle="- options:", field="decision_makers[1]",
          contains=["missing required field 'name'"])


def test_missing_option_id(write):
    text = GOOD.replace("      - id: sanctions\n        label: Sanctions\n",
                        "      - label: Sanctions\n")
    check(write, text, needle="- label: Sanctions", field="decision_makers[0].options[0]",
          contains=["missing required field 'id'"])


@pytest.mark.parametrize(
    ("bad_id", "why"),
    [("2nd_strike", "not a valid option id"), ("iff", "formula keyword"),
     ("a b", "not a valid option id"), ("not.x", "would not read as one option")],
)
def test_bad_option_ids(write, bad_id, why):
    text = GOOD.replace("- id: escalate", f"- id: '{bad_id}'")
    check(write, text, needle=f"'{bad_id}'", field="decision_makers[1].options[1].id",
          contains=[why])


def test_bad_irreversible_value(write):
    text = GOOD.replace(
        "      - id: escalate\n", "      - id: escalate\n        irreversible: forwards\n"
    )
    check(write, text, needle="irreversible: forwards",
          field="decision_makers[1].options[1].irreversible", contains=["'forward'", "'backward'"])


def test_yes_read_as_boolean_is_explained(write):
    text = GOOD.replace("label: Sanctions", "label: yes")
    check(write, text, needle="label: yes", field="decision_makers[0].options[0].label",
          contains=["expected a text string", "quote"])


def test_number_where_text_expected(write):
    text = GOOD.replace("title: Test", "title: 42")
    check(write, text, needle="title: 42", field="title", contains=["got 42 (int)"])


# -- preferences -----------------------------------------------------------------------------
def test_no_preference_form(write):
    text = GOOD.replace(
        "      ranking:\n        - NNYN\n        - NNNN\n", "      {}\n"
    ).replace("    preferences:\n      {}", "    preferences: {}")
    check(write, text, needle="preferences: {}", field="decision_makers[1].preferences",
          contains=["exactly one of 'statements', 'ranking' or 'payoffs'"])


def test_two_preference_forms(write):
    text = GOOD.replace("      ranking:\n", "      payoffs: {NNNN: 1}\n      ranking:\n")
    check(write, text, needle="    preferences:", field="decision_makers[1].preferences",
          nth=2, contains=["only one of", "'ranking' and 'payoffs'"])


def test_ranking_pattern_of_wrong_length(write):
    text = GOOD.replace("        - NNNN\n", "        - NNN\n")
    check(write, text, needle="- NNN", nth=1, field="decision_makers[1].preferences.ranking[1]",
          contains=["'NNN' is not a state", "4 Y/N characters",
                    "sanctions, freeze_nato, withdraw, escalate"])


def test_ranking_option_id_written_as_a_string(write):
    text = GOOD.replace("        - NNNN\n", "        - withdraw\n")
    check(write, text, needle="        - withdraw",
          field="decision_makers[1].preferences.ranking[1]",
          contains=["'withdraw' is an option id", "[withdraw]"])


def test_ranking_unknown_option_in_list(write):
    text = GOOD.replace("        - NNNN\n", "        - [withdraw, sanction]\n")
    check(write, text, needle="[withdraw, sanction]",
          field="decision_makers[1].preferences.ranking[1][1]",
          contains=["unknown option 'sanction'", "Did you mean 'sanctions'?"])


def test_ranking_unknown_option_in_tie(write):
    text = GOOD.replace("        - NNNN\n", "        - tie: [NNNN, [withdrew]]\n")
    check(write, text, needle="tie:", field="decision_makers[1].preferences.ranking[1].tie[1][0]",
          contains=["Did you mean 'withdraw'?"])


def test_ranking_state_twice(write):
    text = GOOD.replace("        - NNNN\n", "        - NNNN\n        - [nnnn]\n").replace(
        "[nnnn]", "[]"
    )
    check(write, text, needle="- []", field="decision_makers[1].preferences.ranking[2]",
          contains=["NNNN is ranked twice", "ranking[1]"])


def test_ranking_item_of_wrong_type(write):
    text = GOOD.replace("        - NNNN\n", "        - 7\n")
    check(write, text, needle="- 7", field="decision_makers[1].preferences.ranking[1]",
          contains=["expected a ranking item"])


def test_payoff_not_a_number(write):
    text = GOOD.replace(
        "      ranking:\n        - NNYN\n        - NNNN\n",
        "      payoffs:\n        NNYN: high\n        NNNN: 1\n",
    )
    check(write, text, needle="NNYN: high", field="decision_makers[1].preferences.payoffs.NNYN",
          contains=["expected a number", "'high'"])


def test_payoff_bad_pattern_key(write):
    text = GOOD.replace(
        "      ranking:\n        - NNYN\n        - NNNN\n",
        "      payoffs:\n        NNYX: 2\n",
    )
    check(write, text, needle="NNYX: 2", field="decision_makers[1].preferences.payoffs.NNYX",
          contains=["is not a state"])


def test_payoff_entry_unknown_option(write):
    text = GOOD.replace(
        "      ranking:\n        - NNYN\n        - NNNN\n",
        "      payoffs:\n        - state: [escalte]\n          payoff: 1\n",
    )
    check(write, text, needle="state: [escalte]",
          field="decision_makers[1].preferences.payoffs[0].state[0]",
          contains=["Did you mean 'escalate'?"])


def test_empty_statements(write):
    text = GOOD.replace("      statements:\n        - not sanctions\n        - freeze_nato\n",
                        "      statements: []\n")
    check(write, text, needle="statements: []", field="decision_makers[0].preferences.statements",
          contains=["lists no statement"])


# -- groups and status quo -------------------------------------------------------------------
def test_group_mixing_decision_makers(write):
    text = GOOD.replace("[sanctions, freeze_nato]", "[sanctions, withdraw]")
    check(write, text, needle="[sanctions, withdraw]", field="exclusive[0]",
          contains=["'US' and 'Russia'"])


def test_group_unknown_option(write):
    text = GOOD.replace("[sanctions, freeze_nato]", "[sanctions, freeze-nato]")
    check(write, text, needle="[sanctions, freeze-nato]", field="exclusive[0][1]",
          contains=["Did you mean 'freeze_nato'?"])


def test_exactly_one_group_unknown_option(write):
    text = GOOD + "exactly_one:\n  - [withdraw, escalation]\n"
    check(write, text, needle="[withdraw, escalation]", field="exactly_one[0][1]",
          contains=["Did you mean 'escalate'"])


def test_status_quo_wrong_length(write):
    text = GOOD.replace("status_quo: NNNN", "status_quo: NNNNN")
    check(write, text, needle="status_quo", field="status_quo", contains=["4 Y/N characters"])


def test_status_quo_unknown_option(write):
    text = GOOD.replace("status_quo: NNNN", "status_quo: [sanction]")
    check(write, text, needle="status_quo", field="status_quo[0]",
          contains=["Did you mean 'sanctions'?"])


def test_status_quo_wrong_type(write):
    text = GOOD.replace("status_quo: NNNN", "status_quo: 3")
    check(write, text, needle="status_quo", field="status_quo", contains=["expected a state"])


# -- malformed files -------------------------------------------------------------------------
def test_malformed_yaml_gives_the_parser_line(write):
    text = GOOD.replace("  - name: Russia\n", "  - name: Russia\n   bad: [\n")
    err = check(write, text, needle=None, field=None, contains=["not valid YAML"])
    assert err.line is not None and err.line >= line_of(text, "bad: [")


def test_malformed_json_gives_the_line(write):
    text = '{\n  "title": "x",\n  "decision_makers": [\n    {"name": "A",}\n  ]\n}\n'
    check(write, text, name="bad.json", needle='{"name": "A",}', field=None,
          contains=["not valid JSON"])


def test_top_level_not_a_mapping(write):
    check(write, "- a\n- b\n", needle="- a", field=None, contains=["a scenario file is a mapping"])


def test_empty_file(write):
    check(write, "", needle=None, field=None, contains=["the file is empty"])


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    err = raises_model_error(lambda: load_conflict(str(path)))
    assert "no such file" in str(err) and "nowhere.yaml" in str(err)


def test_unknown_builtin_name():
    err = raises_model_error(lambda: load_conflict("cuban-missle-crisis"))
    assert "Did you mean 'cuban-missile-crisis'?" in str(err)


def test_unsupported_suffix(write):
    path = write("model.txt", GOOD)
    err = raises_model_error(lambda: load_conflict(str(path)))
    assert "unsupported file type '.txt'" in str(err)


def test_load_document_refuses_gmcr(write):
    path = write("x.gmcr", "{}")
    assert "GMCR+ file" in str(raises_model_error(lambda: load_document(path)))


# -- multi-model files and assumptions -------------------------------------------------------
MULTI = """\
models:
  - name: base
    decision_makers:
      - name: A
        options: [{id: a}]
        preferences: {ranking: [NY, YY, NN, YN]}
      - name: B
        options: [{id: b}]
        preferences: {ranking: [YN, YY, NN, NY]}
  - name: variant
    decision_makers:
      - name: A
        options: [{id: a}]
        preferences: {ranking: [YY, NY, NN, YN]}
      - name: B
        options: [{id: b}]
        preferences: {ranking: [YY, YN, NN, NY]}
assumptions:
  - name: dovish
    preferences:
      A: {ranking: [YY]}
"""


def test_no_default_model_lists_the_names(write):
    err = check(write, MULTI, needle="models:", field="models",
                contains=["none is marked 'default: true'", "base, variant", "FILE#name"])
    assert isinstance(err, ModelError)


def test_unknown_model_name(write):
    path = write("m.yaml", MULTI)
    err = raises_model_error(lambda: load_conflict(f"{path}#varient"))
    assert "no model named 'varient'" in str(err) and "Did you mean 'variant'?" in str(err)
    assert err.line == line_of(MULTI, "models:")


def test_two_defaults(write):
    text = MULTI.replace("  - name: base\n", "  - name: base\n    default: true\n").replace(
        "  - name: variant\n", "  - name: variant\n    default: true\n"
    )
    check(write, text, needle="default: true", nth=2, field="models[1].default",
          contains=["only one model"])


def test_duplicate_model_names(write):
    text = MULTI.replace("name: variant", "name: base")
    check(write, text, needle="- name: base", nth=2, field="models[1].name",
          contains=["used twice"])


def test_model_keys_beside_models(write):
    text = MULTI + "status_quo: NN\n"
    check(write, text, needle="status_quo", field="status_quo",
          contains=["belongs inside each model"])


def test_error_inside_a_model_names_its_path(write):
    text = MULTI.replace("[YY, YN, NN, NY]", "[YY, YN, NN, NYY]")
    path = write("m.yaml", text)
    err = raises_model_error(lambda: load_conflict(f"{path}#variant"))
    assert err.field == "models[1].decision_makers[1].preferences.ranking[3]"
    assert err.line == line_of(text, "NYY]")


def test_name_given_twice_differently(write):
    path = write("m.yaml", MULTI)
    err = raises_model_error(lambda: load_conflict(f"{path}#base", name="variant"))
    assert "two model names" in str(err)


def test_single_model_file_with_a_model_name(write):
    path = write("good.yaml", GOOD)
    err = raises_model_error(lambda: load_conflict(f"{path}#other"))
    assert "holds one model" in str(err)


def test_unknown_assumption(write):
    path = write("m.yaml", MULTI)
    err = raises_model_error(lambda: load_conflict(f"{path}#base", assumption="dovsh"))
    assert "no assumption named 'dovsh'" in str(err) and "Did you mean 'dovish'?" in str(err)


def test_assumption_with_unknown_dm(write):
    text = MULTI.replace("      A: {ranking: [YY]}", "      C: {ranking: [YY]}")
    check(write, text, needle="C: {ranking", field="assumptions[0].preferences.C",
          contains=["unknown decision maker 'C'"])


def test_duplicate_assumption_names(write):
    text = MULTI + "  - name: dovish\n    preferences: {B: {ranking: [NN]}}\n"
    check(write, text, needle="- name: dovish", nth=2, field="assumptions[1].name",
          contains=["used twice"])


def test_assumption_error_located_in_the_assumption(write):
    text = MULTI.replace("A: {ranking: [YY]}", "A: {statements: [a and bb]}")
    path = write("m.yaml", text)
    err = raises_model_error(lambda: load_conflict(f"{path}#base", assumption="dovish"))
    assert err.field == "assumptions[0].preferences.A.statements[0]"
    assert err.line == line_of(text, "a and bb")
    assert "Did you mean 'b'?" in str(err)


def test_several_problems_are_counted(write):
    text = GOOD.replace("title: Test", "title: 1\ndescription: 2")
    err = check(write, text, needle="title: 1", field="title")
    assert "(and 1 more problem)" in str(err)


def test_json_unknown_key_located(write):
    data = {"title": "x", "decision_makers": [], "agendas": {}}
    text = json.dumps(data, indent=2)
    check(write, text, name="bad.json", needle='"agendas"', field="agendas",
          contains=["Did you mean 'agenda'?"])


def test_control_character_in_yaml(write):
    text = GOOD.replace("title: Test", "title: Te\x7fst")
    check(write, text, needle="title: Te", field=None, contains=["U+007F", "column 10"])


def test_json_values_come_from_the_json_parser(write):
    # YAML 1.1 would read 1e5 as a string; the JSON parser reads a number.
    data = {
        "title": "Tab\x7f",
        "decision_makers": [
            {"name": "A", "options": [{"id": "a"}], "preferences": {"payoffs": {"YN": 1e5}}},
            {"name": "B", "options": [{"id": "b"}], "preferences": {"payoffs": {"NY": 2}}},
        ],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False).replace("100000.0", "1e5")
    c = load_conflict(str(write("ok.json", text)))
    assert dict(c.preferences[0].values) == {1: 1e5}
    assert c.title == "Tab\x7f"
    assert c.locations["decision_makers[1].preferences.payoffs"] == line_of(text, '"NY": 2') - 1


def test_option_written_as_a_bare_id(write):
    text = GOOD.replace("      - id: withdraw\n", "      - withdraw\n")
    check(write, text, needle="- withdraw", field="decision_makers[1].options[0]",
          contains=["an option is a mapping, e.g. {id: withdraw}"])


def test_preferences_written_as_a_list(write):
    text = GOOD.replace(
        "    preferences:\n      ranking:\n        - NNYN\n        - NNNN\n",
        "    preferences: [NNYN, NNNN]\n",
    )
    check(write, text, needle="preferences: [NNYN", field="decision_makers[1].preferences",
          contains=["'statements:', 'ranking:' or 'payoffs:'"])
