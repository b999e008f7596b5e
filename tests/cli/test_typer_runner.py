"""Every command through Typer's test runner; the progress bar stays off stdout."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from detente.cli import app
from detente.cli.common import LazyProgress, err

runner = CliRunner()


def test_analyze_through_typer_runner() -> None:
    result = runner.invoke(app, ["analyze", "elmira", "--format", "json", "--concepts", "seq"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["equilibria"]["seq"] == [
        "NNNYN", "YNNYN", "NYNNY", "YNYNY", "NNNYY", "YNNYY"]


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "scenarios", "schema"):
        assert command in result.stdout


def test_schema_is_json() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "decision_makers" in json.dumps(schema)


def test_progress_bar_goes_to_stderr_only(capsys) -> None:
    with LazyProgress("analysing", delay=0.0) as bar:
        bar.plan(2)
        bar.tick("Nash for A")
        bar.tick("Nash for B")
    assert bar.done == 2
    assert bar._progress is not None and bar._progress.console is err
    assert capsys.readouterr().out == ""


def test_progress_bar_silent_for_quick_work() -> None:
    with LazyProgress("analysing", delay=3600) as bar:
        bar.tick("fast")
    assert bar._progress is None
