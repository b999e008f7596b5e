"""`detente report` and `detente` alone: the briefing on stdout, the report on disk, exit
codes."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run


def test_report_writes_the_page_and_prints_the_briefing(tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "brief"
    code, out, _ = run(["report", "cuban-missile-crisis", "--out", str(out_dir)], capsys)
    assert code == 0
    page = out_dir / "report.html"
    assert page.is_file() and page.stat().st_size > 100_000
    assert out.startswith("détente briefing — Cuban missile crisis (1962)")
    assert f"Full report: {page}" in " ".join(out.split())


def test_main_job_is_the_summit_briefing(main_job) -> None:
    assert main_job.code == 0
    assert main_job.out.startswith("détente briefing — US–Russia summit, Geneva 2021")
    assert (main_job.cwd / "detente-report" / "report.html").is_file()
    assert len(main_job.out.splitlines()) <= 100


def test_version_still_works(capsys) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("detente ")


def test_bad_input_exits_2(tmp_path: Path, capsys) -> None:
    code, out, err = run(["report", "no-such-scenario", "--out", str(tmp_path)], capsys)
    assert code == 2 and "error:" in err and out == ""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ndecision_makers: 3\n", encoding="utf-8")
    code, _, err = run(["report", str(bad), "--out", str(tmp_path)], capsys)
    assert code == 2 and "bad.yaml" in err and "line 2" in err


def test_help_names_the_default_folder(capsys) -> None:
    code, out, _ = run(["report", "--help"], capsys)
    assert code == 0 and "detente-report" in out


def test_detail_full_prints_the_details(tmp_path: Path, capsys) -> None:
    args = ["report", "cuban-missile-crisis", "--out", str(tmp_path)]
    code, brief, _ = run(args, capsys)
    code_full, full, _ = run([*args, "--detail", "full"], capsys)
    assert code == code_full == 0
    assert "In detail:" in full and "In detail:" not in brief
    assert len(full.splitlines()) > len(brief.splitlines())
    code, _, err = run([*args, "--detail", "everything"], capsys)
    assert code == 2 and "everything" in err
