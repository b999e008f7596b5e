"""Reports for any scenario: every sentence, legend and heading comes from the scenario or
is neutral, ids appear as their labels, and no Python value leaks into the text.

The built-in ``shared-river`` scenario (a fictional dam dispute) is the second scenario the
report is checked on; the summit's own words must come from its file, not from the code.
"""

from __future__ import annotations

import json
import re

import pytest

from detente.report.html import render_html
from tests.report.helpers import river_briefing, summit_briefing

# Words of the summit scenario that the code once wrote for every scenario.
SUMMIT_WORDS = ("diplomat", "expel", "critic", "the article", "Bandow", "Russia", "United States",
                "summit", "Moscow", "Washington", "NATO")


def _without_library(page: str) -> str:
    """The page without its style sheet (class names such as ``src article``) and the
    embedded Plotly library; the text and the figures' data stay."""
    start = page.index("<style>")
    page = page[:start] + page[page.index("</style>", start):]
    start = page.index("<script")
    end = page.index("</script>", start)
    assert end - start > 1_000_000  # the library is the first script
    return page[:start] + page[end:]


@pytest.fixture(scope="module")
def river_page() -> str:
    return _without_library(render_html(river_briefing()))


@pytest.fixture(scope="module")
def summit_page() -> str:
    return _without_library(render_html(summit_briefing()))


def _figures(page: str) -> list[dict]:
    """The JSON of every figure (its data, layout and config) with its caption."""
    out = []
    for m in re.finditer(r'(?:<p class="figtitle">([^<]*)</p>)?<div id="[^"]+" class="plot"'
                         r'[^>]*></div><script type="application/json" data-plot="[^"]+">'
                         r"(.*?)</script>", page, re.S):
        out.append(json.loads(m.group(2)) | {"caption": m.group(1) or ""})
    assert out
    return out


def test_no_summit_words_in_another_scenario(river_page: str) -> None:
    for word in SUMMIT_WORDS:
        assert word.casefold() not in river_page.casefold(), word


def test_briefing_text_is_neutral() -> None:
    b = river_briefing()
    text = json.dumps(b.to_dict()) + " ".join(
        s.title + s.question + s.how_to_read for s in b.sections)
    for word in SUMMIT_WORDS:
        assert word.casefold() not in text.casefold(), word


# A Python None printed into a sentence ("median None"); the English "None of the …" and
# "'None within two'" (the inverse section) are fine.
PY_NONE = re.compile(r"\bNone\b(?! of | within )")


def test_never_a_python_none(river_page: str, summit_page: str) -> None:
    for page in (river_page, summit_page):
        assert not PY_NONE.search(page)
    for b in (river_briefing(), summit_briefing()):
        for s in b.sections:
            for line in s.answer + s.details + [s.question, s.title, s.how_to_read]:
                assert not PY_NONE.search(line), line


def test_the_none_check_catches_a_python_none() -> None:
    assert PY_NONE.search(f"median {None}, never 39%")
    assert not PY_NONE.search("None of the best stable outcomes is reachable")
    assert not PY_NONE.search("'None within two' means at least three changes")


def test_agenda_labels_not_ids(river_page: str) -> None:
    figs = _figures(river_page)
    pareto = next(f for f in figs if "utility of" in json.dumps(f["layout"]))
    axes = json.dumps(pareto["layout"])
    assert "utility of Upstream state" in axes and "utility of Downstream state" in axes
    assert "utility of upstream" not in axes
    assert "Upstream state's reservation" in axes
    # Tables: issues and options by their labels
    assert "Pace of filling the reservoir: Filling halted → " in river_page
    assert "Reservations (the value of no agreement): Upstream state 0.483" in river_page
    deals = river_briefing().section("deals")
    text = " ".join(deals.answer + deals.details)
    assert "Upstream state concedes on" in text and "upstream concedes" not in text


def test_package_answers_in_labels() -> None:
    """The package-deal answers name issues and options by the scenario's labels (ids only
    where it gives none), never as ``issue=option``: each change the Nash solution and the
    best trade make is written ``Issue label: option label``."""
    b = river_briefing()
    r = b.deals
    a = r.agenda
    answer = " ".join(b.section("deals").answer)
    assert "=" not in answer.replace("Nash = Kalai", "")
    for package in (r.solutions["nash"].packages[0], r.trades[0].changes):
        shown = 0
        for i, o in package.items():
            iss = a.issues[a.issue_index(i)]
            if iss.options[iss.status_quo].id == o:
                continue
            label = f"{iss.text}: {iss.options[iss.option_index(o)].text}"
            assert iss.label and label != f"{i}: {o}"
            shown += label in answer
            assert f"{i}={o}" not in answer
        assert shown >= 1


def test_preferences_in_labels(river_page: str) -> None:
    model = river_page[river_page.index('id="model"'):river_page.index('id="equilibria"')]
    assert "not “Fill the reservoir fast” or “Share real-time flow data”" in model
    assert "“Accept the dam” iff “Share real-time flow data”" in model
    # the formula as written stays in the hover text
    assert 'title="not fill_fast or share_data"' in model


def test_dynamics_words_come_from_the_scenario(river_page: str, summit_page: str) -> None:
    b = river_briefing()
    s = b.section("dynamics")
    assert s.title == "The dry-season arrangement"
    assert s.how_to_read.startswith("Each dry season each side either keeps to")
    assert "cooperates (keeps to the arrangement) or defects (breaks it)" in s.how_to_read
    names = {t.get("name") for f in _figures(river_page) for t in f["data"]}
    assert {"keeps to the arrangement", "breaks it"} <= names
    summit_names = {t.get("name") for f in _figures(summit_page) for t in f["data"]}
    assert {"keeps the other&#x27;s diplomats", "expels some"} <= summit_names
    assert summit_briefing().section("dynamics").title == "The expulsion spiral"


def test_match_chart_names_each_row(river_page: str) -> None:
    spiral = next(f for f in _figures(river_page)
                  if f["data"] and f["data"][0].get("type") == "heatmap")
    ticks = spiral["layout"]["yaxis"]["ticktext"]
    matches = river_briefing().dynamics["match"]
    assert ticks == ["Upstream state", "Downstream state"] * len(matches)
    notes = [a["text"] for a in spiral["layout"]["annotations"]]
    assert notes[0] == "<b>Tit For Tat vs Tit For Tat</b>"


def test_random_length_matches_are_reported_by_their_mean() -> None:
    b = river_briefing()
    answer = " ".join(b.section("dynamics").answer)
    assert "33 rounds on average" in answer
    assert "454" not in answer


def test_assumptions_section_is_neutral() -> None:
    s = river_briefing().section("assumptions")
    assert "alternative assumptions" in s.question
    assert "description below its name" in s.how_to_read


def test_recovery_is_reported_as_a_share_within_k_rounds() -> None:
    s = river_briefing().section("dynamics")
    answer = " ".join(s.answer)
    assert "of matches back to mutual cooperation within 10 rounds" in answer
    assert "rounds to recover on average" not in answer


def test_no_cloud_service_in_the_page(tmp_path) -> None:
    from detente.report.html import write_report

    path = write_report(river_briefing(), tmp_path)
    page = path.read_text(encoding="utf-8")
    for word in ("cloud.plotly", "chart-studio", "plot.ly/~", "sendDataToCloud\":true"):
        assert word not in page, word
    assert path.stat().st_size <= 3 * 1024 * 1024  # was 5 MB with the full Plotly bundle
    for fig in _figures(page):
        assert fig["config"]["showSendToCloud"] is False
        assert fig["config"]["plotlyServerURL"] == ""


def test_sweep_lines_all_look_different(summit_page: str) -> None:
    sweep = next(f for f in _figures(summit_page) if f["caption"].startswith("Cooperation as"))
    styles = [(t["line"]["color"], t["line"]["dash"]) for t in sweep["data"]]
    assert len(styles) >= 12 and len(set(styles)) == len(styles)


def test_solution_markers_do_not_hide_each_other(river_page: str) -> None:
    pareto = next(f for f in _figures(river_page) if f["caption"].startswith("Packages"))
    names = ("Nash", "Kalai", "utilitarian", "egalitarian")
    marks = [t for t in pareto["data"] if any(n in t.get("name", "") for n in names)]
    points = [(t["x"][0], t["y"][0]) for t in marks]
    assert len(points) == len(set(points))  # solutions at one point share one marker
    labelled = " ".join(t["name"] for t in marks)
    for n in names:
        assert n in labelled, n
    assert all("text" in t["mode"] for t in marks)  # each named beside its marker
