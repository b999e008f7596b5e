"""Every command on a scenario whose every title, name, label and rationale holds Rich markup
and terminal control sequences: exit 0, the text shown literally with its control
characters visible, no raw control character on stdout or stderr, and JSON output that
holds the user's text exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from detente.cli import common, main
from detente.model.genius import read_genius
from detente.report.safe_text import visible

#: Markup (a stray closing tag, a style, a hyperlink) and an OSC window-title sequence.
H = "[/] [red]x[/red] [link=http://e]x[/link] \x1b]0;title\x07"
SHOWN = visible(H)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _scenario() -> dict:
    def dm(name: str, opt: str) -> dict:
        return {"name": f"{name} {H}", "options": [
            {"id": opt, "label": f"L{opt} {H}", "description": f"D {H}"}],
            "preferences": {"statements": [{"statement": opt, "rationale": f"R {H}"}]}}

    def party(pid: str, a: dict, b: dict) -> dict:
        return {"id": f"{pid} {H}", "weights": {"i1": 1, "i2": 1},
                "values": {"i1": a, "i2": b}, "reservation": 0.2}

    return {
        "title": f"T {H}", "description": f"D {H}", "sources": [f"S {H}"],
        "decision_makers": [dm("A", "a"), dm("B", "b")],
        "status_quo": "NN",
        "agenda": {
            "title": f"AG {H}",
            "issues": [
                {"id": "i1", "label": f"I1 {H}", "status_quo": "o1", "options": [
                    {"id": "o1", "label": f"O1 {H}"}, {"id": "o2", "label": f"O2 {H}"}]},
                {"id": "i2", "label": f"I2 {H}", "status_quo": "p1", "options": [
                    {"id": "p1", "label": f"P1 {H}"}, {"id": "p2", "label": f"P2 {H}"}]}],
            "parties": [party("P", {"o1": 0, "o2": 10}, {"p1": 10, "p2": 4}),
                        party("Q", {"o1": 10, "o2": 3}, {"p1": 0, "p2": 10})],
            "constraints": [{"formula": "not (i1 = o1 and i2 = p2)", "rationale": f"C {H}"}],
        },
        "dynamics": {
            "title": f"DY {H}", "sides": [f"S1 {H}", f"S2 {H}"],
            "game": {"R": 3, "S": 0, "T": 5, "P": 1}, "horizon": {"rounds": 12},
            "analysis": {"repetitions": 3, "seed": 1},
            "richardson": {"defence": {f"S1 {H}": 0.9, f"S2 {H}": 1.0},
                           "fatigue": {f"S1 {H}": 0.6, f"S2 {H}": 0.6},
                           "grievance": {f"S1 {H}": 2, f"S2 {H}": 2},
                           "initial": {f"S1 {H}": 10, f"S2 {H}": 10}, "horizon": 5},
        },
    }


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(_scenario()), encoding="utf-8")
    # Wide enough that no name is wrapped inside a table cell.
    monkeypatch.setattr(common.out, "width", 1000)
    monkeypatch.setattr(common.err, "width", 1000)
    return path


def _run(args: list[str], capsys) -> tuple[str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    for stream, text in (("stdout", out), ("stderr", err)):
        bad = CONTROL.search(text)
        assert bad is None, f"raw {bad.group()!r} in {stream}: {text[:2000]}"
        assert "Traceback" not in text
    return out, err


@pytest.mark.parametrize("args, shown", [
    (["analyze"], ["T ", "A ", "B ", "La ", "Lb "]),
    (["analyze", "--detail", "full"], ["A ", "rank B "]),
    (["analyze", "--format", "markdown"], ["A ", "La "]),
    (["paths"], ["A ", "La "]),
    (["paths", "--to", "YY"], ["A ", "Lb "]),
    (["explain", "status_quo"], ["A ", "La "]),
    (["deals"], ["AG ", "P ", "Q "]),
    (["dynamics"], ["DY ", "S1 ", "S2 "]),
    (["dynamics", "--analyses", "richardson"], ["S1 ", "S2 "]),
], ids=lambda v: "-".join(v) if isinstance(v, list) and v and v[0][0] != "T" else None)
def test_table_output_shows_names_literally(hostile: Path, capsys, args: list[str],
                                            shown: list[str]) -> None:
    out, _ = _run([args[0], str(hostile), *args[1:]], capsys)
    assert H not in out
    for prefix in shown:
        assert prefix + SHOWN in out, (prefix, out[:3000])


def test_report_and_briefing(hostile: Path, tmp_path: Path, capsys) -> None:
    out, _ = _run(["report", str(hostile), "--out", str(tmp_path / "r")], capsys)
    assert out.startswith(f"détente briefing — T {SHOWN}")
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "T [/] [red]x[/red] [link=http://e]x[/link]" in page  # HTML-escaped separately


def test_export_genius_notes_and_readable_xml(hostile: Path, tmp_path: Path, capsys) -> None:
    out, err = _run(["export-genius", str(hostile), str(tmp_path / "g")], capsys)
    assert f"C {SHOWN}" not in err  # rationales are not in the note, the formula is
    assert f"party 'P {SHOWN}' was written as" in " ".join(err.split())
    files = [Path(line) for line in out.splitlines()]
    assert len(files) == 3
    back = read_genius(files[0], files[1:])  # control characters did not make bad XML
    assert back.issue_ids == ["i1", "i2"]


@pytest.mark.parametrize("args", [["analyze", "-f", "json"], ["paths", "-f", "json"],
                                  ["deals", "-f", "json"], ["explain", "NN", "-f", "json"],
                                  ["dynamics", "-a", "match", "-f", "json"]])
def test_json_keeps_the_text_exactly(hostile: Path, capsys, args: list[str]) -> None:
    out, _ = _run([args[0], str(hostile), *args[1:]], capsys)
    texts = list(_strings(json.loads(out)))
    assert any(H in t for t in texts)
    assert not any(SHOWN in t for t in texts)  # not the terminal's visible form


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_names_in_error_messages_are_visible(hostile: Path, capsys) -> None:
    code = main(["explain", str(hostile), "NN", "--dm", f"Z {H}"])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith("error:")
    assert f"Z {SHOWN}" in err and CONTROL.search(err) is None


def test_the_last_resort_handler_escapes_too(hostile: Path, capsys, monkeypatch) -> None:
    import detente.graph.analysis as analysis

    def broken(*args, **kwargs):
        raise RuntimeError(f"bug with {H}")

    monkeypatch.setattr(analysis, "analyze", broken)
    code = main(["analyze", str(hostile)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith(f"internal error: RuntimeError: bug with {SHOWN}")
    assert CONTROL.search(err) is None


def test_click_errors_show_the_value_visibly(capsys) -> None:
    code = main(["analyze", "chicken", "--format", H])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("error: ") and SHOWN in err and "detente analyze --help" in err
    assert CONTROL.search(err) is None
