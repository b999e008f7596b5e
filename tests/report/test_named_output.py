"""Named states in every human-readable output (tables, sentences, briefing, HTML), and bare
patterns in JSON: a name is added beside a pattern, never in its place."""

from __future__ import annotations

import json
import textwrap

import pytest

from detente.report.briefing import build_briefing
from detente.report.html import render_html
from tests.cli.helpers import run

# Chicken with names: drivers A and B, option "straight". Today both swerve.
SCENARIO = textwrap.dedent("""\
    title: Named chicken
    decision_makers:
      - name: A
        options: [{id: a_straight}]
        preferences: {ranking: [YN, NN, NY, YY]}
      - name: B
        options: [{id: b_straight}]
        preferences: {ranking: [NY, NN, YN, YY]}
    status_quo: NN
    states:
      - {name: both-swerve, state: NN, label: Both swerve}
      - {name: a-wins, state: [a_straight]}
      - {name: crash, formula: a_straight and b_straight}
    observations:
      - {date: 1955, label: A drove on, formula: a_straight and not b_straight}
    """)


@pytest.fixture()
def path(tmp_path):
    p = tmp_path / "chicken.yaml"
    p.write_text(SCENARIO, encoding="utf-8")
    return p


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_analyze_table_names_its_columns(path, capsys) -> None:
    code, out, _ = run(["analyze", str(path)], capsys)
    assert code == 0
    flat = _flat(out)
    assert "both-swerve (NN)*" in flat and "a-wins (YN)" in flat
    code, out, _ = run(["analyze", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    assert "YN" in data["equilibria"]["nash"] and "a-wins" not in json.dumps(data["equilibria"])


def test_explain_sentences_name_states(path, capsys) -> None:
    code, out, _ = run(["explain", str(path), "both-swerve", "-c", "nash"], capsys)
    assert code == 0
    flat = _flat(out)
    assert "both-swerve (NN) is not Nash stable for A" in flat
    assert "(to a-wins (YN))" in flat
    code, out, _ = run(["explain", str(path), "NN", "-c", "nash", "--format", "json"], capsys)
    assert code == 0 and "both-swerve" not in out  # JSON keeps patterns


def test_paths_name_states(path, capsys) -> None:
    code, out, _ = run(["paths", str(path), "--to", "a-wins"], capsys)
    assert code == 0
    flat = _flat(out)
    assert "From both-swerve (NN) (status quo)" in flat
    assert "To a-wins (YN): 1 step" in flat


def test_briefing_and_report_name_states(path) -> None:
    b = build_briefing(str(path))
    keys = b.focus.key_states
    assert {k["pattern"]: k["name"] for k in keys} == {"YN": "a-wins", "NY": None}
    assert keys[0]["pattern"] == "YN"  # the named one first among equals
    flat = _flat(" ".join(" ".join(s.answer) for s in b.sections))
    assert "a-wins (YN) (" in flat
    assert "Today (NN):" not in flat and "Today (both-swerve, NN):" in flat
    graph_names = {n["pattern"]: n["name"] for n in b.focus.graph["nodes"]}
    c = b.focus.conflict
    assert graph_names["YN"] == "a-wins" and graph_names["NN"] == "both-swerve"
    assert all(graph_names[p] == c.state_name(p) for p in graph_names)
    assert c.state_name("YY") == "crash"
    history = b.section("history")
    assert history.answer == ["1955, A drove on: predicted."]
    data = history.data["retrospective"]
    assert data["observations"][0]["contained"]["baseline"]["seq"] == ["YN"]
    page = render_html(b)
    assert "a-wins (YN)" in page and 'id="history"' in page
    assert "<b>a-wins</b> <span class='mono'>YN</span>" in page
    json.dumps(b.to_dict())


def test_scenarios_without_names_are_unchanged(capsys) -> None:
    code, out, _ = run(["explain", "cuban-missile-crisis", "NNNN", "-c", "nash"], capsys)
    assert code == 0 and "(to YNNN)" in _flat(out)
    b = build_briefing("chicken")
    assert all(k["name"] is None for k in b.focus.key_states)
    assert not any(s.key == "history" for s in b.sections)
