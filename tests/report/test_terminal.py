"""The terminal briefing: every question with its answer, within 100 lines on an 80-column
terminal, nothing but what the briefing says; --detail full adds the details."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from detente.report.terminal import render_briefing
from tests.report.helpers import summit_briefing


def _text(briefing, width: int = 80, report: str | None = "detente-report/report.html",
          detail: str = "brief") -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    render_briefing(briefing, console, report=report, detail=detail)
    return console.export_text()


def test_summit_briefing_fits_a_screenful() -> None:
    text = _text(summit_briefing())
    lines = text.splitlines()
    assert len(lines) <= 100
    assert lines[4] == "1. What matters most for a decision?"  # the findings lead
    assert lines[0] == "détente briefing — US–Russia summit, Geneva 2021"
    assert all(len(line) <= 80 for line in lines)
    assert not [line for line in lines if line != line.rstrip()]


def test_every_question_and_answer_is_printed() -> None:
    b = summit_briefing()
    flat = " ".join(_text(b, width=200).split())
    shown = [s for s in b.sections if s.terminal]
    for k, s in enumerate(shown, 1):
        assert f"{k}. {s.question}" in flat
        for line in s.answer:
            assert " ".join(line.split()) in flat
    for s in b.sections:  # report-only sections (e.g. what it would take) are left out
        if not s.terminal:
            assert s.question not in flat


def test_the_report_path_is_named() -> None:
    assert "Full report: out/report.html" in _text(summit_briefing(), report="out/report.html")
    assert "Full report" not in _text(summit_briefing(), report=None)


def test_the_briefing_says_sim_was_left_out_on_the_grand_bargain() -> None:
    b = summit_briefing()
    # the other models are in the report and the full briefing (the brief keeps to 100 lines)
    text = " ".join(_text(b, width=200, detail="full").split())
    assert f"{b.models['grand-bargain'].analysis.n_states:,} feasible states" in text
    assert "SIM and SEQ&SIM left out at this size" in text


def test_detail_full_adds_every_section_s_details() -> None:
    b = summit_briefing()
    brief = " ".join(_text(b, width=200).split())
    full = " ".join(_text(b, width=200, detail="full").split())
    assert len(full) > len(brief)
    for s in b.sections:
        for line in s.details:
            assert " ".join(line.split()) in full
    with pytest.raises(ValueError, match="detail must be one of brief, full"):
        _text(b, detail="everything")
