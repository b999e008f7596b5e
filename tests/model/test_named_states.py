"""Named states (``states:``) and observations (``observations:``) of scenario files: how
they are read, named in output, typed on command lines, and refused when they clash or
pick out nothing."""

from __future__ import annotations

import itertools
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.model.errors import ModelError
from detente.model.formula import And, Not, Var
from detente.model.loader import load_all, load_conflict
from tests.graph.bruteforce import feasible_states, holds
from tests.graph.strategies import conflicts, formulas

BASE = textwrap.dedent("""\
    title: Named states
    decision_makers:
      - name: A
        options: [{id: a}, {id: x}]
        preferences: {statements: [a, x]}
      - name: B
        options: [{id: b}]
        preferences: {statements: [b]}
    infeasible: [a and x and b]
    status_quo: NNN
    states:
      - {name: today, state: status_quo, label: Today}
      - {name: both, formula: a and b, label: A and B both}
      - {name: top, state: [a, x]}
    observations:
      - date: 2020-01-02
        label: Both moved
        formula: a and b
        source: {kind: other, citation: News of the day}
      - {date: 2021, label: Nothing changed, state: today}
      - {date: 2021-03, label: A and x, state: YYN}
    """)


def _write(tmp_path, text: str, name: str = "s.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_named_states_and_observations_are_read(tmp_path) -> None:
    c = load_conflict(str(_write(tmp_path, BASE)))
    assert [ns.name for ns in c.named_states] == ["today", "both", "top"]
    today, both, top = c.named_states
    assert today.decimal == c.status_quo == 0 and today.label == "Today"
    assert both.decimal is None and str(both.formula) == "a and b"
    assert top.decimal == c.decimal("YYN")
    o1, o2, o3 = c.observations
    assert (o1.date, o1.label, o1.source.kind, o1.source.citation) == (
        "2020-01-02", "Both moved", "other", "News of the day")
    assert o1.formula is not None and o1.decimal is None
    assert o2.date == "2021" and o2.state_name == "today" and o2.decimal == 0
    assert o3.date == "2021-03" and o3.decimal == c.decimal("YYN")


def test_state_names_in_output(tmp_path) -> None:
    c = load_conflict(str(_write(tmp_path, BASE)))
    assert c.state_name(c.decimal("NNN")) == "today"
    assert c.state_display(c.decimal("NNN")) == "today (NNN)"
    assert c.state_display(c.decimal("YNY")) == "both (YNY)"  # a member of the class
    assert c.state_name(c.decimal("YNN")) is None
    assert c.state_display(c.decimal("YNN")) == "YNN"
    assert c.state_names(c.decimal("YYN")) == ["top"]


def test_an_exact_name_wins_over_a_class_listed_before_it(tmp_path) -> None:
    text = BASE.replace("  - {name: top, state: [a, x]}\n",
                        "  - {name: top, state: [a, x]}\n  - {name: ab, state: [a, b]}\n")
    c = load_conflict(str(_write(tmp_path, text)))
    assert c.state_names(c.decimal("YNY")) == ["ab", "both"]
    assert c.state_name(c.decimal("YNY")) == "ab"


def test_exact_named_states_can_be_typed(tmp_path) -> None:
    c = load_conflict(str(_write(tmp_path, BASE)))
    assert c.parse_state("top") == c.decimal("YYN")
    assert c.parse_state("today") == c.status_quo
    with pytest.raises(ModelError, match="names a class of states"):
        c.parse_state("both")
    with pytest.raises(ModelError, match="Did you mean 'top'"):
        c.parse_state("tpo")


def test_top_level_entries_apply_to_the_models_named(tmp_path) -> None:
    text = textwrap.dedent("""\
        models:
          - name: small
            default: true
            decision_makers:
              - {name: A, options: [{id: a}], preferences: {statements: [a]}}
              - {name: B, options: [{id: b}], preferences: {statements: [b]}}
            states:
              - {name: start, state: NN}
          - name: big
            decision_makers:
              - {name: A, options: [{id: a}, {id: c}], preferences: {statements: [a]}}
              - {name: B, options: [{id: b}], preferences: {statements: [b]}}
        states:
          - {name: both, formula: a and b}
          - {name: with-c, formula: c, models: [big]}
        observations:
          - {date: 2020, label: c happened, formula: c, models: [big]}
        """)
    models = load_all(str(_write(tmp_path, text)))
    assert [ns.name for ns in models["small"].named_states] == ["start", "both"]
    assert [ns.name for ns in models["big"].named_states] == ["both", "with-c"]
    assert not models["small"].observations
    assert [o.label for o in models["big"].observations] == ["c happened"]


def test_top_level_entries_must_fit_every_model_they_apply_to(tmp_path) -> None:
    text = textwrap.dedent("""\
        models:
          - name: small
            decision_makers:
              - {name: A, options: [{id: a}], preferences: {statements: [a]}}
              - {name: B, options: [{id: b}], preferences: {statements: [b]}}
          - name: big
            decision_makers:
              - {name: A, options: [{id: a}, {id: c}], preferences: {statements: [a]}}
              - {name: B, options: [{id: b}], preferences: {statements: [b]}}
        states:
          - {name: with-c, formula: c}
        """)
    with pytest.raises(ModelError) as info:
        load_all(str(_write(tmp_path, text)))
    e = info.value
    assert (e.line, e.field) == (11, "states[0].formula") and "unknown option 'c'" in e.message


BAD = [
    # (replace, by, line, field, message fragment)
    ("{name: top,", "{name: today,", 14, "states[2].name", "'today' is used twice"),
    ("{name: top,", "{name: a,", 14, "states[2].name", "also an option id"),
    ("{name: top,", "{name: B,", 14, "states[2].name", "decision maker's name"),
    ("{name: top,", "{name: yny,", 14, "states[2].name", "reads as a pattern"),
    ("{name: top,", "{name: sq,", 14, "states[2].name", "reserved word"),
    ("state: [a, x]}", "state: [a, x, b]}", 14, "states[2].state",
     "infeasible: it satisfies the infeasible condition 'a and x and b'"),
    ("state: [a, x]}", "state: NNN}", 14, "states[2].state", "already named 'today'"),
    ("formula: a and b, label", "formula: a and x and b, label", 13, "states[1].formula",
     "matches no feasible state"),
    ("formula: a and b, label", "formula: a and q, label", 13, "states[1].formula",
     "unknown option 'q'"),
    ("{name: both, formula: a and b,", "{name: both, state: NNY, formula: a and b,", 13,
     "states[1]", "exactly one of 'state' and 'formula'"),
    ("date: 2020-01-02", "date: '2020-02-30'", 16, "observations[0].date", "not a date"),
    ("date: 2020-01-02", "date: 2020-02-30", 16, "observations[0].date", "not a valid one"),
    ("date: 2020-01-02", "date: 20-01-02", 16, "observations[0].date", "not a date"),
    ("state: today}", "state: todya}", 20, "observations[1].state",
     "nor a named state of this model. Did you mean 'today'"),
    ("label: Both moved", "label: ''", 17, "observations[0].label", "must not be empty"),
    ("{name: both, formula", "{models: [x], name: both, formula", 13, "states[1].models",
     "this file has one model"),
    ("{kind: other, citation: News of the day}", "{kind: article}", 19,
     "observations[0].source", "an article source needs 'quote'"),
    ("{kind: other, citation: News of the day}", "{kind: guess}", 19,
     "observations[0].source.kind", "'article', 'inference' or 'other'"),
    ("{kind: other, citation: News of the day}", "{kind: other, quote: ' '}", 19,
     "observations[0].source", "a quote must not be empty"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "message"), BAD,
                         ids=[f"{b[3]}:{b[4][:24]}" for b in BAD])
def test_mistakes_are_located(tmp_path, old, new, line, field, message) -> None:
    assert old in BASE
    path = _write(tmp_path, BASE.replace(old, new, 1))
    with pytest.raises(ModelError) as info:
        load_conflict(str(path))
    e = info.value
    assert message in e.message, str(e)
    assert (e.file, e.line, e.field) == (str(path), line, field), str(e)


def test_models_key_inside_a_model_is_refused(tmp_path) -> None:
    text = textwrap.dedent("""\
        models:
          - name: m
            decision_makers:
              - {name: A, options: [{id: a}], preferences: {statements: [a]}}
              - {name: B, options: [{id: b}], preferences: {statements: [b]}}
            states:
              - {name: s, state: NN, models: [m]}
        """)
    with pytest.raises(ModelError, match="belongs on top-level states") as info:
        load_conflict(str(_write(tmp_path, text)))
    assert info.value.field == "models[0].states[0].models"


@given(conflicts(max_options=7), st.data())
def test_class_check_agrees_with_brute_force(conflict, data) -> None:
    """Whether a formula matches a feasible state, and whether a state is feasible, agree
    with enumerating every state (the brute-force oracle of the graph tests)."""
    feasible = set(feasible_states(conflict))
    ids = conflict.option_ids
    # a random formula, and every partial assignment of one or two options
    lits = [Var(i) for i in ids] + [Not(Var(i)) for i in ids]
    cases = [data.draw(formulas(ids)), *lits,
             *(And((p, q)) for p, q in itertools.combinations(lits, 2))]
    for f in cases:
        expected = any(holds(f, s, ids) for s in feasible)
        assert conflict.class_has_feasible_state(f) == expected, str(f)
    for s in range(1 << conflict.n_options):
        assert conflict.is_feasible(s) == (s in feasible)
