"""Output paths that cannot be written, and files the report cannot use: exit 2, clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.cli import main

WATER = str(Path(__file__).parents[1] / "bargain" / "water.yaml")


@pytest.mark.parametrize(
    "make_args, message",
    [
        (lambda t: ["schema", "--output", str(t / "missing" / "schema.json")],
         "cannot write"),
        (lambda t: ["report", "chicken", "--out", str(t / "a-file")], "is a file, not a folder"),
        (lambda t: ["report", "chicken", "--out", str(t / "a-file" / "sub")], "cannot write"),
        (lambda t: ["export-genius", WATER, str(t / "a-file" / "sub")], "cannot write"),
    ],
)
def test_unwritable_output_exits_2(tmp_path: Path, capsys, make_args, message: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    code = main(make_args(tmp_path))
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    assert (tmp_path / "a-file").read_text() == "not a folder"  # nothing lost


def test_report_on_an_agenda_only_file_points_to_deals(capsys) -> None:
    code = main(["report", WATER])
    err = capsys.readouterr().err
    assert code == 2
    assert "no conflict model" in err and "detente deals FILE" in err
