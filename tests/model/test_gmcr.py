"""Reading GMCR+ .gmcr files: the reference cases, hand-written fixtures, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.model.conflict import Ranking, Statements
from detente.model.formula import parse_formula
from detente.model.gmcr import gmcr_option_ids, read_gmcr
from detente.model.loader import list_models, load_conflict
from tests.model.conftest import line_of, raises_model_error

CASES = Path(__file__).resolve().parent.parent / "data" / "gmcr-cases"
CASE_FILES = sorted(CASES.glob("*.gmcr"))


def test_reference_cases_are_present():
    assert len(CASE_FILES) >= 10


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_reference_case_options_and_dms(path):
    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text())
    raw = json.loads(path.read_text())
    c = read_gmcr(path)
    assert c.option_ids == expected["options"]
    assert c.dm_names == expected["decision_makers"]
    directions = {"both": "both", "fwd": "forward", "back": "backward"}
    assert [o.direction for o in c.options] == [
        directions[o["permittedDirection"]] for o in raw["options"]
    ]
    for i, dm in enumerate(raw["decisionMakers"]):
        assert c.decision_makers[i].options == tuple(sorted(dm["options"]))
        assert all(c.options[k].owner == i for k in dm["options"])
    assert len(c.infeasible) == len(raw["infeasibles"])
    assert c.name == path.stem and c.source_file == str(path)
    if raw.get("useManualPreferenceRanking"):
        assert all(isinstance(p, Ranking) and p.numbering == "feasible" for p in c.preferences)
    else:
        assert [len(p.statements) for p in c.preferences] == [
            len(dm["preferences"]) for dm in raw["decisionMakers"]
        ]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_reference_case_stability_matches(path):
    """End to end: the engine's equilibria on the read model match the reference results."""
    import detente

    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text())
    result = detente.analyze(read_gmcr(path))
    for concept, states in expected["equilibria"].items():
        assert sorted(result.equilibria[concept]) == sorted(states), concept


def test_manual_ranking_case_tiers():
    path = CASES / "random_2026_005.gmcr"
    raw = json.loads(path.read_text())
    c = read_gmcr(path)
    first = raw["decisionMakers"][0]["preferenceRanking"]
    tiers = c.preferences[0].tiers
    assert len(tiers) == len(first)
    assert tiers[0] == tuple(first[0]) and tiers[1] == (first[1],)


# -- hand-written fixtures -------------------------------------------------------------------
def gmcr(**overrides):
    """A small two-DM GMCR+ document; keyword arguments replace top-level keys."""
    data = {
        "options": [
            {"name": "strike", "permittedDirection": "fwd"},
            {"name": "talk", "permittedDirection": "both"},
            {"name": "retreat", "permittedDirection": "back"},
        ],
        "decisionMakers": [
            {
                "name": "Red",
                "options": [0, 1],
                "preferences": [
                    [[2, "Y"]],
                    {"compound": True, "members": [[[0, "N"], [1, "Y"]], [[2, "N"]]]},
                ],
            },
            {"name": "Blue", "options": [2], "preferences": [[[0, "N"]], [[1, "y"], [2, "N"]]]},
        ],
        "infeasibles": [[[0, "Y"], [1, "Y"]]],
        "useManualPreferenceRanking": False,
        "program": "hand-written",
        "version": "1",
    }
    data.update(overrides)
    return data


def write_gmcr(tmp_path, data, name="case.gmcr", indent=2):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=indent), encoding="utf-8")
    return path


def test_statements_conditions_and_compounds(tmp_path):
    c = read_gmcr(write_gmcr(tmp_path, gmcr()))
    assert c.option_ids == ["strike", "talk", "retreat"]
    assert [o.direction for o in c.options] == ["forward", "both", "backward"]
    red, blue = c.preferences
    assert isinstance(red, Statements)
    assert red.statements[0].formula == parse_formula("retreat")
    assert red.statements[1].formula == parse_formula("(not strike and talk) or not retreat")
    assert blue.statements[1].formula == parse_formula("talk and not retreat")
    assert c.infeasible == (parse_formula("strike and talk"),)
    assert c.misperceptions == ()
    assert c.status_quo is None


def test_options_need_not_be_contiguous(tmp_path):
    data = gmcr()
    data["decisionMakers"][0]["options"] = [0, 2]
    data["decisionMakers"][1]["options"] = [1]
    c = read_gmcr(write_gmcr(tmp_path, data))
    assert [o.owner for o in c.options] == [0, 1, 0]
    assert c.decision_makers[0].options == (0, 2)


def test_misperceptions(tmp_path):
    data = gmcr()
    data["decisionMakers"][1]["misperceptions"] = [[[0, "Y"]], [[1, "N"], [2, "Y"]]]
    c = read_gmcr(write_gmcr(tmp_path, data))
    assert c.misperceptions[0] is None
    assert c.misperceptions[1] == parse_formula("strike or (not talk and retreat)")


def test_manual_ranking_with_ties(tmp_path):
    data = gmcr(useManualPreferenceRanking=True)
    data["decisionMakers"][0]["preferenceRanking"] = [3, [1, 2], 6, 5, 4]
    data["decisionMakers"][1]["preferenceRanking"] = [[1, 2, 3, 4, 5, 6]]
    c = read_gmcr(write_gmcr(tmp_path, data))
    assert c.preferences[0] == Ranking(((3,), (1, 2), (6,), (5,), (4,)), numbering="feasible")
    assert c.preferences[1].tiers == ((1, 2, 3, 4, 5, 6),)


def test_older_manual_preference_vectors(tmp_path):
    data = gmcr(useManualPreferenceVectors=True)
    del data["useManualPreferenceRanking"]
    data["decisionMakers"][0]["preferenceVector"] = [1, 2, 3, 4, 5, 6]
    data["decisionMakers"][1]["preferenceVector"] = [6, 5, 4, 3, 2, 1]
    c = read_gmcr(write_gmcr(tmp_path, data))
    assert c.preferences[1].tiers[0] == (6,)
    assert c.preferences[1].numbering == "feasible"


def test_manual_ranking_refused_when_options_are_not_dm_by_dm(tmp_path):
    data = gmcr(useManualPreferenceRanking=True)
    data["decisionMakers"][0]["options"] = [0, 2]
    data["decisionMakers"][1]["options"] = [1]
    for dm in data["decisionMakers"]:
        dm["preferenceRanking"] = [1, 2, 3, 4, 5, 6]
    path = write_gmcr(tmp_path, data)
    err = raises_model_error(lambda: read_gmcr(path))
    assert "decision maker by decision maker" in str(err)
    assert "renumbers" in str(err)
    assert err.field == "options[2]" and "case.gmcr" in str(err)


def test_plain_coalitions_are_accepted(tmp_path):
    c = read_gmcr(write_gmcr(tmp_path, gmcr(coalitions=[0, 1])))
    assert c.dm_names == ["Red", "Blue"]
    assert c.coalitions == ()


def test_nested_coalitions_are_read(tmp_path):
    c = read_gmcr(write_gmcr(tmp_path, gmcr(coalitions=[[1, 0]])))
    assert c.coalitions == ((0, 1),)
    path = write_gmcr(tmp_path, gmcr(coalitions=[[0, 1], 1]))
    err = raises_model_error(lambda: read_gmcr(path))
    assert "in two coalitions" in str(err)
    assert err.field == "coalitions[1]"


def test_names_that_are_not_ids(tmp_path):
    data = gmcr()
    data["options"][0]["name"] = "Air strike!"
    data["options"][1]["name"] = "or"
    data["options"][2]["name"] = "Air strike!"
    c = read_gmcr(write_gmcr(tmp_path, data))
    assert c.option_ids == ["Air_strike", "o_or", "Air_strike_2"]
    assert [o.label for o in c.options] == ["Air strike!", "or", "Air strike!"]
    assert c.infeasible == (parse_formula("Air_strike and o_or"),)


def test_safe_ids_never_collide_with_kept_names():
    assert gmcr_option_ids(["a b", "a_b"]) == ["a_b_2", "a_b"]
    assert gmcr_option_ids(["x", "x", "x"]) == ["x", "x_2", "x_3"]
    assert gmcr_option_ids(["", "1st"]) == ["option", "o_1st"]


def test_load_conflict_reads_gmcr(tmp_path):
    path = write_gmcr(tmp_path, gmcr())
    assert load_conflict(str(path)).option_ids == ["strike", "talk", "retreat"]
    assert load_conflict(f"{path}#case").name == "case"
    assert list_models(str(path)) == ["case"]
    err = raises_model_error(lambda: load_conflict(f"{path}#other"))
    assert "holds one model" in str(err)


# -- malformed files -------------------------------------------------------------------------
def mutate(fn):
    data = gmcr()
    fn(data)
    return data


@pytest.mark.parametrize(
    ("data", "field", "phrase"),
    [
        (mutate(lambda d: d.pop("options")), None, "missing 'options'"),
        (mutate(lambda d: d["options"][1].update(permittedDirection="forward")),
         "options[1].permittedDirection", "'both', 'fwd' or 'back'"),
        (mutate(lambda d: d["options"][0].pop("name")), "options[0]", "missing 'name'"),
        (mutate(lambda d: d["decisionMakers"][1]["options"].append(0)),
         "decisionMakers[1].options[1]", "controlled by 'Red'"),
        (mutate(lambda d: d["decisionMakers"][1].update(options=[])),
         "decisionMakers[1].options", "has no options"),
        (mutate(lambda d: d["decisionMakers"][0].update(options=[0])),
         "options[1]", "belongs to no decision maker"),
        (mutate(lambda d: d["decisionMakers"][0].update(options=[0, 1, 7])),
         "decisionMakers[0].options[2]", "not one of the file's 3 options"),
        (mutate(lambda d: d["decisionMakers"].pop()), "decisionMakers", "at least two"),
        (mutate(lambda d: d["decisionMakers"][0]["preferences"].append([[5, "Y"]])),
         "decisionMakers[0].preferences[2][0]", "out of range"),
        (mutate(lambda d: d["decisionMakers"][0]["preferences"].append([[1, "maybe"]])),
         "decisionMakers[0].preferences[2][0]", "a literal must be"),
        (mutate(lambda d: d["decisionMakers"][0]["preferences"].append({"compound": True})),
         "decisionMakers[0].preferences[2]", "needs 'members'"),
        (mutate(lambda d: d["infeasibles"].append([])), "infeasibles[1]", "every state"),
        (mutate(lambda d: d.update(useManualPreferenceRanking=True)),
         "decisionMakers[0]", "no 'preferenceRanking'"),
        (mutate(lambda d: (d.update(useManualPreferenceRanking=True),
                           [dm.update(preferenceRanking=[1, [2, 0]]) for dm in
                            d["decisionMakers"]])),
         "decisionMakers[0].preferenceRanking[1]", "whole number from 1"),
        (mutate(lambda d: (d.update(useManualPreferenceRanking=True),
                           [dm.update(preferenceRanking=[1, [2, 1]]) for dm in
                            d["decisionMakers"]])),
         "decisionMakers[0].preferenceRanking[1]", "ranked twice"),
        (mutate(lambda d: d.update(coalitions=["Red"])), "coalitions[0]", "decision maker index"),
        (mutate(lambda d: d["decisionMakers"][1].update(name="Red")),
         "decisionMakers[1].name", "used twice"),
        ([1, 2], None, "a JSON object"),
    ],
)
def test_malformed_gmcr(tmp_path, data, field, phrase):
    path = write_gmcr(tmp_path, data)
    err = raises_model_error(lambda: read_gmcr(path))
    assert "case.gmcr" in str(err)
    assert err.field == field, str(err)
    assert phrase in str(err), str(err)


def test_malformed_gmcr_error_has_the_line(tmp_path):
    data = gmcr()
    data["options"][2]["permittedDirection"] = "sideways"
    path = write_gmcr(tmp_path, data)
    err = raises_model_error(lambda: read_gmcr(path))
    assert err.line == line_of(path.read_text(), '"sideways"')


def test_not_json(tmp_path):
    path = tmp_path / "case.gmcr"
    path.write_text('{"options": [\n  {"name": "a",\n}', encoding="utf-8")
    err = raises_model_error(lambda: read_gmcr(path))
    assert "not valid JSON" in str(err) and err.line == 3


def test_missing_gmcr_file(tmp_path):
    err = raises_model_error(lambda: read_gmcr(tmp_path / "none.gmcr"))
    assert "no such file" in str(err)
