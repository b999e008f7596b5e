"""The scripts of examples/ run and say what docs/api.md says they do."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"


def _load(name: str) -> dict:
    return runpy.run_path(str(EXAMPLES / name), run_name="example")


def test_every_example_is_tested() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py")} == {"notebook_session.py",
                                                        "sweep_preferences.py"}


def test_notebook_session(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _load("notebook_session.py")["main"](tmp_path / "out")
    text = capsys.readouterr().out
    assert "SEQ equilibria: ['NNYN', 'YNYN', 'NYYN']" in text
    assert (tmp_path / "out" / "equilibria.png").stat().st_size > 1000
    assert (tmp_path / "out" / "report.html").exists()


def test_sweep_preferences(capsys) -> None:
    lines = _load("sweep_preferences.py")["main"]("prisoners-dilemma", "nash")
    assert lines and all("gains" in line for line in lines)
    assert any(line.startswith("Prisoner 1 ") for line in lines)
    assert "changes move the nash equilibria" in capsys.readouterr().out
