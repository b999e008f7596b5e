"""Tests of the brute-force oracle itself: reference cases, hand-worked cases, properties.

The oracle (``tests/graph/bruteforce.py``) is what the engine is checked against, so it is
checked here against results computed elsewhere: the reference ``.gmcr`` cases with expected
results from an independent brute-force implementation (``tests/data/gmcr-cases``, copied
from the project's shared reference data), published cases (Fang, Hipel & Kilgour 1993),
and properties that every model must satisfy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.model.conflict import Conflict, DecisionMaker, Option, Ranking, Statement, Statements
from detente.model.formula import Formula, Or, conjunction
from tests.graph.bruteforce import CONCEPTS, brute_force

CASES = Path(__file__).resolve().parent.parent / "data" / "gmcr-cases"
CASE_NAMES = sorted(p.stem for p in CASES.glob("*.gmcr"))


# --- TEST-ONLY .gmcr converter ---------------------------------------------------------------
# Written only to validate the oracle against the reference cases while the real reader
# (detente.model.gmcr.read_gmcr) is being written; it handles just what those files use.
def _test_only_read_gmcr(path: Path) -> Conflict:
    data = json.loads(path.read_text())
    names = [o["name"] for o in data["options"]]
    direction = {"both": "both", "fwd": "forward", "back": "backward"}
    owner = {k: i for i, dm in enumerate(data["decisionMakers"]) for k in dm["options"]}
    options = tuple(
        Option(o["name"], direction=direction[o["permittedDirection"]], owner=owner[k])
        for k, o in enumerate(data["options"])
    )

    def condition(literals) -> Formula:
        return conjunction([(names[k], v == "Y") for k, v in literals])

    def statement(st) -> Formula:
        if isinstance(st, dict):
            return Or(tuple(condition(m) for m in st["members"]))
        return condition(st)

    manual = data.get("useManualPreferenceRanking", False)
    preferences = []
    for dm in data["decisionMakers"]:
        if manual:
            tiers = tuple(
                tuple(t) if isinstance(t, list) else (t,) for t in dm["preferenceRanking"]
            )
            preferences.append(Ranking(tiers, numbering="feasible"))
        else:
            preferences.append(
                Statements(tuple(Statement(statement(st)) for st in dm["preferences"]))
            )
    return Conflict(
        options=options,
        decision_makers=tuple(
            DecisionMaker(dm["name"], tuple(dm["options"])) for dm in data["decisionMakers"]
        ),
        preferences=tuple(preferences),
        infeasible=tuple(condition(c) for c in data.get("infeasibles", [])),
    )


# --- reference cases -------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASE_NAMES)
def test_reference_case(name: str) -> None:
    conflict = _test_only_read_gmcr(CASES / f"{name}.gmcr")
    expected = json.loads((CASES / f"{name}.expected.json").read_text())
    result = brute_force(conflict)
    assert conflict.option_ids == expected["options"]
    assert conflict.dm_names == expected["decision_makers"]
    assert result.patterns(result.feasible) == [st["pattern"] for st in expected["states"]]
    assert result.feasible == [st["decimal"] for st in expected["states"]]
    for st in expected["states"]:
        for dm, rank in st["payoffs"].items():
            assert result.payoffs[dm][st["decimal"]] == rank, (st["pattern"], dm)
    got = result.stability_patterns()
    for concept in CONCEPTS:
        for dm in conflict.dm_names:
            assert got[concept][dm] == expected["stability"][concept][dm], (concept, dm)
        assert result.equilibria_patterns()[concept] == expected["equilibria"][concept], concept
