"""Sources of assumptions: their kinds, and the check that quoted passages are in the text."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.model.errors import ModelError
from detente.model.loader import load_conflict
from detente.model.provenance import (
    Source,
    check_sources,
    normalise_quote_text,
    quote_found,
)
from detente.model.yamlio import read_file
from tests.cli.helpers import run

ARTICLE = (
    "Moving toward military confrontation\u2014by including Georgia and Ukraine in NATO, "
    "for instance\u2014is more likely to result in Russian intervention than surrender.\n"
    "The former ambassador observed: \u201cNo German or American soldier will die for "
    "Kiev, but Russian soldiers would.\u201d Every regime\u2019s number one priority is "
    "staying in power."
)


@pytest.mark.parametrize("quote", [
    "more likely to result in Russian intervention than surrender",
    "MORE likely to result in\n   Russian intervention",          # case, line breaks
    'soldier will die for Kiev, but Russian soldiers would."',     # straight for curly quote
    "Every regime's number one priority",                          # straight apostrophe
    "confrontation -- by including",                               # typed dash, spaces
    "confrontation\u2013by including",                             # en dash for em dash
    "Moving toward ... Ukraine in NATO",                           # an elision
    "Moving toward \u2026 in NATO, for instance [...] surrender",  # two elisions, … and [...]
    "No\u00a0German",                                              # non-breaking space
])
def test_quotes_found(quote: str) -> None:
    assert quote_found(quote, ARTICLE)


@pytest.mark.parametrize("quote", [
    "more likely to result in Russian retreat than intervention",  # words changed
    "likely to result Russian intervention",                       # a word dropped
    "surrender ... Moving toward",                                 # parts out of order
    "no one will die for Kiev",
    "...",                                                         # nothing but an elision
    "confrontation by including",                                  # the dash is text too
])
def test_quotes_not_found(quote: str) -> None:
    assert not quote_found(quote, ARTICLE)


@given(st.text(min_size=1, max_size=40), st.text(max_size=20), st.text(max_size=20))
def test_a_passage_of_the_text_is_always_found(passage, before, after) -> None:
    """Any passage cut out of a text is found in it (ellipses in the passage aside)."""
    if not normalise_quote_text(passage) or "..." in passage.replace(" ", "") \
            or "\u2026" in passage:
        return
    assert quote_found(passage, before + passage + after)


def test_sources_from_file_values() -> None:
    assert Source.from_value(None) == Source()
    assert Source.from_value("  ").kind == "none"
    assert Source.from_value("Doe (2020)") == Source("unspecified", "Doe (2020)")
    s = Source.from_value({"kind": "article", "citation": "Doe", "quote": ["a", "b"]})
    assert (s.kind, s.citation, s.quotes) == ("article", "Doe", ("a", "b"))
    assert s.text == "The article's claim: Doe \u2014 \u201ca\u201d \u2026 \u201cb\u201d"
    assert Source("inference", "Doe").text == "Analyst's inference: Doe"
    assert Source("unspecified", "Doe (2020), p. 3").text == "Doe (2020), p. 3"


SCENARIO = textwrap.dedent("""\
    models:
      - name: m
        decision_makers:
          - name: Russia
            options: [{id: intervene}]
            preferences:
              statements:
                - statement: intervene
                  source:
                    kind: article
                    citation: The article
                    quote: more likely to result in Russian intervention than surrender
                - statement: intervene
                  source: {kind: article, quote: [No German, would die for Kyiv]}
          - name: US
            options: [{id: admit}]
            preferences:
              statements:
                - {statement: not admit, source: {kind: inference}}
                - {statement: admit, source: {kind: other, citation: Bucharest, quote: x y z}}
                - {statement: admit, source: The article}
                - admit
        observations:
          - {date: 2022-02, label: War, formula: intervene, source: {kind: other}}
    assumptions:
      - name: critics
        preferences:
          Russia:
            statements:
              - statement: not intervene
                source: {kind: inference, quote: "staying in power"}
    agenda:
      issues:
        - {id: nato, options: [out, in], status_quo: out}
      parties:
        - id: Russia
          weights: {nato: 1}
          values:
            nato:
              out: {value: 1, source: {kind: article, quote: "Georgia and Ukraine in NATO"}}
              in: 0
        - id: US
          weights: {nato: 1}
          values: {nato: {out: 0, in: {value: 1, source: {kind: inference}}}}
      constraints:
        - {formula: nato = out or nato = in, source: {kind: article, quote: "not in it"}}
    """)


@pytest.fixture()
def scenario(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return path


def test_check_sources_lists_every_item_with_its_kind(scenario) -> None:
    report = check_sources(read_file(scenario), [("article.txt", ARTICLE)])
    rows = [(i.path, i.line, i.what, i.source.kind, i.found) for i in report.items]
    assert rows == [
        ("models[0].decision_makers[0].preferences.statements[0]", 8, "statement", "article",
         (True,)),
        ("models[0].decision_makers[0].preferences.statements[1]", 13, "statement",
         "article", (True, False)),
        ("models[0].decision_makers[1].preferences.statements[0]", 19, "statement",
         "inference", ()),
        ("models[0].decision_makers[1].preferences.statements[1]", 20, "statement", "other",
         ()),  # another document's quote is not looked for in the article
        ("models[0].decision_makers[1].preferences.statements[2]", 21, "statement",
         "unspecified", ()),
        ("models[0].decision_makers[1].preferences.statements[3]", 22, "statement", "none",
         ()),
        ("models[0].observations[0]", 24, "observation", "other", ()),
        ("assumptions[0].preferences.Russia.statements[0]", 30, "statement", "inference",
         (True,)),
        ("agenda.parties[0].values.nato.out", 40, "agenda value", "article", (True,)),
        ("agenda.parties[1].values.nato.in", 44, "agenda value", "inference", ()),
        ("agenda.constraints[0]", 46, "agenda constraint", "article", (False,)),
    ]
    assert [i.path for i in report.missing] == [
        "models[0].decision_makers[0].preferences.statements[1]", "agenda.constraints[0]"]
    assert report.missing[0].missing_quotes == ["would die for Kyiv"]
    assert report.missing[0].quote_line == 14
    assert len(report.inferences) == 3
    assert len(report.unquoted) == 5
    counts = report.counts()
    assert (counts["article"], counts["quotes_checked"], counts["quotes_missing"]) == (4, 6, 2)


def test_a_quote_passes_when_any_text_holds_it(scenario) -> None:
    report = check_sources(read_file(scenario), [("a", ARTICLE), ("b", "would die for Kyiv")])
    assert [i.path for i in report.missing] == ["agenda.constraints[0]"]


def test_statement_sources_reach_the_conflict(scenario) -> None:
    c = load_conflict(f"{scenario}#m")
    russia = c.preferences[0].statements
    assert russia[0].source == Source("article", "The article", (
        "more likely to result in Russian intervention than surrender",))
    assert c.preferences[1].statements[2].source == Source("unspecified", "The article")
    assert c.preferences[1].statements[3].source == Source()


def test_the_command_exits_2_naming_each_missing_quote(scenario, capsys) -> None:
    code, out, err = run(["check-sources", str(scenario), "--text",
                          str(scenario.parent / "article.txt")], capsys)
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert lines[0] == (f"error: {scenario}, line 14, models[0].decision_makers[0].preferences."
                        "statements[1].source.quote: quote not found in "
                        f"{scenario.parent / 'article.txt'}: \u201cwould die for Kyiv\u201d")
    assert "agenda.constraints[0].source.quote" in lines[1] and "line 46" in lines[1]
    assert lines[-1].startswith("error: 2 quotes not found")
    assert "11 sourced items" in " ".join(out.split())


def test_the_command_passes_and_gives_json(scenario, tmp_path, capsys) -> None:
    good = scenario.read_text().replace("would die for Kyiv", "will die for Kiev").replace(
        '"not in it"', '"in NATO, for instance"')
    scenario.write_text(good, encoding="utf-8")
    code, out, err = run(["check-sources", str(scenario), "-t",
                          str(scenario.parent / "article.txt"), "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"]["quotes_missing"] == 0 and data["counts"]["quotes_checked"] == 6
    kinds = [i["kind"] for i in data["items"]]
    assert kinds.count("inference") == 3 and kinds.count("none") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--text", "{dir}/missing.txt"], "no such file"),
    (["--text", "{dir}/latin1.txt"], "not UTF-8"),
    (["--text", "{dir}"], "is a folder"),
])
def test_bad_text_files(scenario, capsys, args, message) -> None:
    (scenario.parent / "latin1.txt").write_bytes("caf\u00e9".encode("latin-1"))
    code, _out, err = run(["check-sources", str(scenario),
                           *[a.format(dir=scenario.parent) for a in args]], capsys)
    assert code == 2 and message in err


def test_an_invalid_scenario_is_refused_before_checking(scenario, capsys) -> None:
    scenario.write_text(SCENARIO.replace("{kind: inference}", "{kind: guesswork}", 1))
    with pytest.raises(ModelError):
        load_conflict(f"{scenario}#m")
    code, _out, err = run(["check-sources", str(scenario), "--text",
                           str(scenario.parent / "article.txt")], capsys)
    assert code == 2 and "line 19" in err and "'article', 'inference' or 'other'" in err
