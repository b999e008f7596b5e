"""The document layer: option ids, the JSON Schema, and YAML/JSON equivalence (property)."""

from __future__ import annotations

import dataclasses
import json
import string

from hypothesis import given
from hypothesis import strategies as st

from detente.model.builtin import resolve_builtin
from detente.model.document import (
    FORMULA_KEYWORDS,
    ScenarioDocument,
    option_id_problem,
    scenario_json_schema,
)
from detente.model.loader import load_conflict, load_document
from detente.model.yamlio import dump_yaml


def test_option_ids():
    for good in ["a", "freeze_nato", "DM1.o1", "x-2", "_private", "orbit", "if_then"]:
        assert option_id_problem(good) is None, good
    for bad in ["", "1a", "a b", "é", "and", "TRUE", "not.x", "a=b"]:
        assert option_id_problem(bad) is not None, bad


def test_json_schema_describes_the_document():
    schema = scenario_json_schema()
    json.dumps(schema)  # serialisable
    assert schema["$schema"].startswith("https://json-schema.org/")
    props = schema["properties"]
    for key in ["title", "description", "sources", "decision_makers", "infeasible",
                "exclusive", "exactly_one", "status_quo", "models", "assumptions", "agenda",
                "dynamics"]:
        assert key in props, key
    assert schema["additionalProperties"] is False
    defs = schema["$defs"]
    assert set(defs["OptionSpec"]["properties"]) == {"id", "label", "description",
                                                     "irreversible"}
    assert defs["OptionSpec"]["additionalProperties"] is False
    assert set(defs["PreferencesSpec"]["properties"]) == {"statements", "ranking", "payoffs"}


def test_builtin_documents_use_only_schema_keys():
    """Every key used in the built-in files is a property the schema declares."""
    schema = scenario_json_schema()
    defs = schema["$defs"]
    declared = set(schema["properties"])
    for d in defs.values():
        declared |= set(d.get("properties", {}))
    for name in ["prisoners-dilemma", "chicken", "cuban-missile-crisis", "elmira"]:
        doc = load_document(resolve_builtin(name))
        assert isinstance(doc, ScenarioDocument)

        def keys(x):
            if isinstance(x, dict):
                for k, v in x.items():
                    yield k
                    yield from keys(v)
            elif isinstance(x, list):
                for v in x:
                    yield from keys(v)

        used = set(keys(doc.located.data))
        assert used <= declared, used - declared


# -- property: the same model from YAML and from JSON gives equal Conflicts --------------------
# Free text; YAML's extra line breaks (NEL, LS, PS) are left out: PyYAML's emitter folds
# them (a writer-side round-trip issue, not the loader's).
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029"),
                max_size=10)
_IDS = st.text(string.ascii_lowercase, min_size=1, max_size=3).map(lambda s: "o" + s).filter(
    lambda s: s not in FORMULA_KEYWORDS
)


@st.composite
def scenarios(draw):
    n_dms = draw(st.integers(2, 3))
    sizes = [draw(st.integers(1, 2)) for _ in range(n_dms)]
    n = sum(sizes)
    ids = draw(st.lists(_IDS, min_size=n, max_size=n, unique=True))
    patterns = st.text("YN", min_size=n, max_size=n)
    literal = st.sampled_from(ids).flatmap(
        lambda i: st.sampled_from([i, f"not {i}"])
    )
    formula = st.lists(literal, min_size=1, max_size=3).flatmap(
        lambda lits: st.sampled_from([" and ".join(lits), " or ".join(lits),
                                      f"{lits[0]} if {lits[-1]}", f"{lits[0]} iff {lits[-1]}"])
    )
    state = st.one_of(patterns, st.lists(st.sampled_from(ids), unique=True, max_size=n))
    dms = []
    k = 0
    for i, size in enumerate(sizes):
        opts = []
        for _ in range(size):
            opt = {"id": ids[k]}
            if draw(st.booleans()):
                opt["label"] = draw(_TEXT)
            irr = draw(st.sampled_from([None, "forward", "backward"]))
            if irr:
                opt["irreversible"] = irr
            opts.append(opt)
            k += 1
        form = draw(st.sampled_from(["statements", "ranking", "payoffs"]))
        if form == "statements":
            prefs = {"statements": draw(st.lists(
                st.one_of(formula, formula.map(lambda f: {"statement": f, "rationale": "r"})),
                min_size=1, max_size=3))}
        elif form == "ranking":
            chosen = draw(st.lists(patterns, min_size=1, max_size=4, unique=True))
            prefs = {"ranking": [draw(st.sampled_from([p, {"tie": [p]}, [p]])) for p in chosen]}
        else:
            prefs = {"payoffs": draw(st.dictionaries(
                patterns, st.integers(-5, 5) | st.floats(-5, 5, allow_nan=False), min_size=1))}
        dms.append({"name": f"DM {i}", "options": opts, "preferences": prefs})
    doc = {"title": draw(_TEXT), "decision_makers": dms}
    if draw(st.booleans()):
        doc["infeasible"] = draw(st.lists(formula, max_size=2))
    if draw(st.booleans()):
        doc["status_quo"] = draw(state)
    return doc


def _load_or_error(path):
    """The conflict, or the error's field and message (its line numbers differ between the
    two formats)."""
    import re

    from detente.model.errors import ModelError

    try:
        return load_conflict(str(path)), None
    except ModelError as exc:
        return None, (exc.field, re.sub(r"line \d+", "line N", exc.message))


@given(scenarios())
def test_yaml_and_json_give_equal_conflicts(tmp_path_factory, doc):
    folder = tmp_path_factory.mktemp("same")
    y = folder / "model.yaml"
    j = folder / "model.json"
    y.write_text(dump_yaml(doc), encoding="utf-8")  # quotes texts such as "0E0"
    j.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    cy, ey = _load_or_error(y)
    cj, ej = _load_or_error(j)
    assert ey == ej  # an infeasible status quo is refused the same way from both
    if cy is None:
        return
    assert dataclasses.replace(cy, source_file=None) == dataclasses.replace(cj, source_file=None)
    assert cy.locations.keys() == cj.locations.keys()


def test_schema_command_prints_the_schema(capsys, tmp_path):
    from detente.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scenario_json_schema()
    target = tmp_path / "s.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert json.loads(target.read_text()) == scenario_json_schema()
