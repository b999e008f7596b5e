"""The report's "What the conclusions rest on": engine answers, sentences, escaped HTML."""

from __future__ import annotations

from pathlib import Path

from detente.graph.sensitivity import reachability_flips, sensitivity
from detente.model.loader import load_conflict
from detente.report.briefing import build_briefing
from detente.report.html import render_html
from detente.report.rests_on import verdict_matrix

FILE = Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml"


def test_verdicts_are_the_engines(tmp_path) -> None:
    text = FILE.read_text().replace("name: West", "name: West <i>&</i>").replace(
        "  West:\n", "  West <i>&</i>:\n").replace("West: {", "West <i>&</i>: {")
    f = tmp_path / "standoff.yaml"
    f.write_text(text)
    b = build_briefing(str(f))
    data = b.rests_on
    assert data is not None and "rests_on" not in [s.key for s in b.sections]
    c = load_conflict(str(f))
    sq = c.pattern(c.status_quo)
    best = [k["pattern"] for k in b.focus.key_states]
    sens = sensitivity(c, ["seq"], states=[sq, *best])
    reach = reachability_flips(c, best)
    by_label = {v["label"]: v for v in data["verdicts"]}
    assert by_label["today"]["holds"] == sens.is_equilibrium(sq, "seq")
    entry = sens.entry(sq, "seq")
    assert by_label["today"]["flipped_by"] == (list(entry.flipped_by) if entry else [])
    for k, p in enumerate(best, 1):
        assert by_label[f"best {k} reached"]["flipped_by"] == list(reach[p])
    combos = data["combinations"]
    assert combos is not None and len(combos.combinations) == 8
    m = verdict_matrix(data, c)
    assert len(m["z"]) == len(data["verdicts"]) and len(m["columns"]) == 8
    html = render_html(b)
    assert "What the conclusions rest on" in html and 'id="rests_on"' in html or \
        "id='rests_on'" in html
    assert "West <i>&</i>" not in html and "West &lt;i&gt;&amp;&lt;/i&gt;" in html
