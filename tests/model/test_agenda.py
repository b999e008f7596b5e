"""The `agenda:` section: validation with located errors, and the Agenda object."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from detente.model.agenda import agenda_from_dict, load_agenda
from detente.model.errors import ModelError
from tests.model.conftest import line_of, raises_model_error

WATER = Path(__file__).resolve().parent.parent / "bargain" / "water.yaml"

BASE = """\
title: Wage talks
agenda:
  issues:
    - id: pay
      options: [freeze, two, five]
      status_quo: freeze
    - id: hours
      options: [h40, h38, h35]
      status_quo: h40
  parties:
    - id: union
      weights: {pay: 3, hours: 1}
      values:
        pay: {freeze: 0, two: 6, five: 10}
        hours: {h40: 0, h38: 5, h35: 10}
    - id: board
      weights: {pay: 1, hours: 1}
      values:
        pay: {freeze: 10, two: 7, five: 0}
        hours: {h40: 10, h38: 8, h35: 0}
      reservation: 0.4
  constraints:
    - hours = h35 if pay = five
"""


def error(write, text) -> ModelError:
    return raises_model_error(lambda: load_agenda(str(write("talks.yaml", text))))


def test_load_the_example(write):
    a = load_agenda(str(write("talks.yaml", BASE)))
    assert a.issue_ids == ["pay", "hours"]
    assert a.party("union").weights == (Fraction(3, 4), Fraction(1, 4))
    assert a.party("union").scores[0] == (0, Fraction(3, 5), 1)
    assert a.reservation_value("board") == Fraction(2, 5)
    assert a.reservation_value("union") == 0  # status quo (freeze, h40)
    assert a.status_quo() == (0, 0)
    assert a.satisfies({"pay": "five", "hours": "h35"})
    assert not a.satisfies({"pay": "five", "hours": "h38"})
    assert str(a.constraints[0].formula) == "hours = h35 if pay = five"


def test_water_example_keeps_rationale_source_and_parked():
    a = load_agenda(str(WATER))
    assert [a.issues[i].id for i in a.parked] == ["old_treaty"]
    down = a.party("downstream")
    high = down.values[a.issue_index("allocation")][2]
    assert (high.value, high.rationale, high.source.kind, high.source.citation) == (
        10, "irrigation needs in dry years", "unspecified", "ministry brief")
    assert a.constraints[0].rationale.startswith("a fast fill")
    # a parked issue stays at its status quo in every package
    assert a.package({"old_treaty": "binding"})[a.issue_index("old_treaty")] == 0


def test_weights_and_values_any_scale():
    a = agenda_from_dict({
        "issues": [{"id": "x", "options": ["a", "b"], "status_quo": "a"},
                   {"id": "y", "options": ["c", "d"], "status_quo": "c"}],
        "parties": [
            {"id": "p", "weights": {"x": 0.3, "y": 0.1},
             "values": {"x": {"a": 50, "b": 100}, "y": {"c": 0.5, "d": 0.25}}},
            {"id": "q", "weights": {"x": 1, "y": 0}, "values": {"x": {"a": 1, "b": 0}}}]})
    # u = 3/4 · 50/100 + 1/4 · 0.25/0.5
    assert a.utility("p", {"x": "a", "y": "d"}) == Fraction(3, 8) + Fraction(1, 8)
    # an issue with weight 0 needs no values
    assert a.party("q").scores[1] == (0, 0)


@pytest.mark.parametrize(
    ("old", "new", "field", "message", "needle"),
    [
        ("hours = h35 if pay = five", "hours = h35 if pay = fiv",
         "agenda.constraints[0]", "issue 'pay' has no option 'fiv'.*Did you mean 'five'",
         "pay = fiv"),
        ("hours = h35 if pay = five", "hour = h35 if pay = five",
         "agenda.constraints[0]", "unknown issue 'hour'.*Did you mean 'hours'", "hour = h35"),
        ("hours = h35 if pay = five", "hours = h40 if pay = freeze and false",
         None, None, None),
        ("hours = h35 if pay = five", "pay = two",
         "agenda.constraints[0]", "status quo package violates the constraint 'pay = two'",
         "pay = two"),
        ("hours = h35 if pay = five", "hours = h35 if pay",
         "agenda.constraints[0]", "not an `issue = option` atom", "if pay"),
        ("hours = h35 if pay = five", "hours = h35 if (pay = five",
         "agenda.constraints[0]", "incomplete", "if (pay"),
        ("pay: {freeze: 0, two: 6, five: 10}", "pay: {freeze: 0, two: -6, five: 10}",
         "agenda.parties[0].values.pay.two", "non-negative", "two: -6"),
        ("pay: {freeze: 0, two: 6, five: 10}", "pay: {freeze: 0, tow: 6, five: 10}",
         "agenda.parties[0].values.pay.tow", "no option 'tow'.*Did you mean 'two'", "tow: 6"),
        ("weights: {pay: 3, hours: 1}", "weights: {pay: 3}",
         "agenda.parties[0].weights", "gives no weight to issue 'hours'", "weights: {pay: 3}"),
        ("weights: {pay: 3, hours: 1}", "weights: {pay: 3, hour: 1}",
         "agenda.parties[0].weights.hour", "unknown issue 'hour'.*Did you mean 'hours'",
         "hour: 1"),
        ("reservation: 0.4", "reservation: 1.4",
         "agenda.parties[1].reservation", "0–1 scale", "reservation: 1.4"),
        ("reservation: 0.4", "reservation: batna",
         "agenda.parties[1].reservation", "`status_quo` or a number", "reservation: batna"),
        ("status_quo: h40", "status_quo: h41",
         "agenda.issues[1].status_quo", "Did you mean 'h40'", "status_quo: h41"),
        ("      options: [h40, h38, h35]", "      options: [h40, h38, h38]",
         "agenda.issues[1].options[2]", "appears twice", "options: [h40"),
        ("    - id: hours\n", "    - id: pay\n",
         "agenda.issues[1].id", "used twice", 7),
    ],
)
def test_located_errors(write, old, new, field, message, needle):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    if message is None:  # a valid variant
        load_agenda(str(write("talks.yaml", text)))
        return
    e = error(write, text)
    assert e.field == field
    assert e.file and e.file.endswith("talks.yaml")
    assert e.line == (needle if isinstance(needle, int) else line_of(text, needle)), str(e)
    import re

    assert re.search(message, str(e)), str(e)
    assert BASE.splitlines()[6] == "    - id: hours"


def test_structural_errors(write):
    e = error(write, "title: no agenda here\n")
    assert "no 'agenda' section" in str(e)
    one_party = BASE[: BASE.index("    - id: board")]
    e = error(write, one_party)
    assert "two or more parties" in str(e) and e.field == "agenda.parties"
    e = error(write, BASE.replace("  parties:", "  partys:"))
    assert "unknown field 'partys'. Did you mean 'parties'" in str(e)
    assert e.field == "agenda.partys" and e.line == line_of(BASE, "  parties:")
    e = error(write, BASE + "  parked: [hour]\n")
    assert "Did you mean 'hours'" in str(e) and e.field == "agenda.parked[0]"
    zero = BASE.replace("pay: {freeze: 0, two: 6, five: 10}", "pay: {freeze: 0, two: 0, five: 0}")
    e = error(write, zero)
    assert "at 0 but gives it a positive weight" in str(e)
    with pytest.raises(ModelError, match="no such file or built-in scenario"):
        load_agenda("no-such-scenario-anywhere")


def test_builtin_names_resolve(write, monkeypatch):
    import detente.model.agenda as agenda

    target = write("labour.yaml", BASE)
    monkeypatch.setattr(agenda, "resolve_builtin",
                        lambda name: target if name == "labour" else None)
    a = load_agenda("labour")
    assert a.issue_ids == ["pay", "hours"]


def test_summit_shaped_agenda_with_linkage_and_parked_issue():
    # the shape of a later built-in scenario: two parties, seven issues, linkage, a parked issue
    ids = ["diplomats", "syria", "iran", "nato", "donbas", "arms", "crimea"]
    opts = {i: ["none", "deal"] for i in ids}
    opts["syria"] = ["stay", "drawdown"]
    opts["iran"] = ["neutral", "pressure"]
    issues = [{"id": i, "options": opts[i], "status_quo": opts[i][0]} for i in ids]
    values = {i: {opts[i][0]: 0, opts[i][1]: {"value": 1, "rationale": "r", "source": "s"}}
              for i in ids}
    a = agenda_from_dict({
        "issues": issues,
        "parties": [
            {"id": "us", "weights": dict.fromkeys(ids, 1), "values": values,
             "reservation": "status_quo"},
            {"id": "russia", "weights": dict.fromkeys(ids, 2), "values": values,
             "reservation": 0.1},
        ],
        "constraints": ["syria = drawdown iff iran = pressure"],
        "parked": ["crimea"],
    })
    assert [a.issues[i].id for i in a.parked] == ["crimea"]
    assert a.satisfies({"syria": "drawdown", "iran": "pressure"})
    assert not a.satisfies({"syria": "drawdown"})
    assert a.party("us").values[1][1].source.citation == "s"
    assert a.reservation_value("russia") == Fraction(1, 10)
