"""Why a state is not feasible: the rule that excludes it and where it is in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.model.errors import ModelError
from detente.model.feasibility import excluded_by, irreversible_between, require_feasible
from detente.model.loader import load_conflict

MODEL = """\
title: Rules
decision_makers:
  - name: A
    options:
      - id: a
      - id: a2
      - id: a3
        irreversible: backward
    preferences:
      statements: [a]
  - name: B
    options:
      - id: b
        irreversible: forward
      - id: b2
      - id: b3
    preferences:
      statements: [b]
exclusive: [[a, a2]]
exactly_one: [[b2, b3]]
infeasible:
  - a and b
status_quo: {sq}
"""


def _conflict(tmp_path: Path, sq: str = "NNNNYN"):
    path = tmp_path / "rules.yaml"
    path.write_text(MODEL.format(sq=sq), encoding="utf-8")
    return load_conflict(str(path))


def test_each_kind_of_rule_is_named(tmp_path: Path) -> None:
    c = _conflict(tmp_path)
    assert excluded_by(c, c.decimal("NNNNYN")) is None
    rule, field = excluded_by(c, c.decimal("YNNYYN"))
    assert field == "infeasible[0]" and "'a and b'" in rule
    rule, field = excluded_by(c, c.decimal("YYNNYN"))
    assert field == "exclusive[0]" and rule == ("it takes 2 of a, a2, of which at most one may "
                                                "be taken")
    rule, field = excluded_by(c, c.decimal("NNNNNN"))
    assert field == "exactly_one[0]" and "takes 0 of b2, b3, of which exactly one must" in rule
    rule, field = excluded_by(c, c.decimal("NNNNYY"))
    assert field == "exactly_one[0]" and "takes 2 of b2, b3" in rule


def test_excluded_by_agrees_with_the_model_on_every_state(tmp_path: Path) -> None:
    c = _conflict(tmp_path)
    for d in range(1 << c.n_options):
        assert (excluded_by(c, d) is None) == c.is_feasible(d)


def test_the_message_says_where_the_state_and_the_rule_are(tmp_path: Path) -> None:
    c = _conflict(tmp_path)
    with pytest.raises(ModelError) as info:
        require_feasible(c, c.decimal("YYNNYN"), what="--to state", field="--to")
    err = info.value
    assert err.file == str(tmp_path / "rules.yaml") and err.field == "--to"
    assert "--to state YYNNYN is not feasible" in err.message
    assert "(exclusive[0], line 19)" in err.message


@pytest.mark.parametrize("sq, rule", [("YNNYYN", "infeasible[0], line 22"),
                                      ("YYNNYN", "exclusive[0], line 19"),
                                      ("NNNNNN", "exactly_one[0], line 20")])
def test_an_infeasible_status_quo_is_refused_where_it_is(tmp_path: Path, sq: str,
                                                         rule: str) -> None:
    with pytest.raises(ModelError) as info:
        _conflict(tmp_path, sq)
    err = info.value
    assert (err.line, err.field) == (23, "status_quo")
    assert f"the status quo {sq} is not feasible" in err.message and rule in err.message


def test_irreversible_options_that_block_a_target(tmp_path: Path) -> None:
    c = _conflict(tmp_path)
    # b (forward only) taken at the start, not at the target: it cannot be withdrawn.
    assert irreversible_between(c, c.decimal("NNNYYN"), c.decimal("NNNNYN")) == [
        "'b' (b) cannot be withdrawn once taken"]
    # a3 (backward only) not taken at the start, taken at the target.
    assert irreversible_between(c, c.decimal("NNNNYN"), c.decimal("NNYNYN")) == [
        "'a3' (a3) cannot be taken again once withdrawn"]
    assert irreversible_between(c, c.decimal("NNNNYN"), c.decimal("NNNYNY")) == []
