"""The briefing as one self-contained HTML report.

:func:`render_html` lays out a :class:`~detente.report.briefing.Briefing` as a single page
that works offline: the CSS is inline and the Plotly library is embedded once, so the file
can be mailed to a colleague or opened on an air-gapped machine. Every section states the
question it answers, the answer, a "how to read this" box, and the tables and interactive
figures behind the answer:

- the model: parties, options (labels, descriptions, irreversible moves), infeasible
  combinations, the status quo, and each party's preferences with rationales and sources;
- the stability tableau, equilibria highlighted;
- today's status quo and the explanations of why it holds;
- the states near the status quo and the paths to the best stable outcomes (graph);
- explanations for the key states;
- the file's other models;
- package deals: Pareto frontier, reservations, ZOPA, solutions, trades;
- the reciprocity spiral: matches, recovery times per policy, noise sweep, Richardson;
- the alternative assumptions compared.

Nothing is computed here; :mod:`detente.report.figures` draws the figures.

Examples
--------
>>> from detente.report.briefing import build_briefing
>>> page = render_html(build_briefing("prisoners-dilemma"))
>>> page.startswith("<!DOCTYPE html>") and 'id="equilibria"' in page
True
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from detente.graph.analysis import CONCEPT_NAMES
from detente.report.briefing import KEY_CONCEPT, Briefing, ModelResults, Section
from detente.report.labels import (
    conflict_formula_text,
    issue_text,
    option_text,
    package_text,
    party_text,
)

__all__ = ["render_html", "write_report", "plotly_library", "REPORT_FILE", "SECTION_IDS"]

#: The report's file name inside the output folder.
REPORT_FILE = "report.html"
#: The ids of the page's sections, in order (those whose data exists are written).
SECTION_IDS = ("summary", "findings", "model", "equilibria", "status_quo", "paths",
               "explanations", "models", "deals", "dynamics", "assumptions", "history",
               "rests_on")

_CSS = """
:root { --ink:#212529; --muted:#6c757d; --line:#dee2e6; --accent:#1c7ed6; --ok:#2b8a3e;
        --okbg:#d3f9d8; --sq:#fff3bf; --card:#ffffff; --bg:#f1f3f5; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header { background:#1b2a41; color:#f8f9fa; padding:28px 40px 20px; }
header h1 { margin:0 0 6px; font-size:26px; }
header p { margin:4px 0; max-width:980px; color:#ced4da; }
header .tag { display:inline-block; background:#f59f00; color:#1b2a41; font-weight:600;
              border-radius:4px; padding:1px 8px; font-size:12px; margin-bottom:8px; }
nav { background:#243b55; padding:8px 40px; position:sticky; top:0; z-index:10;
      white-space:nowrap; overflow-x:auto; }
nav a { color:#e9ecef; margin-right:16px; text-decoration:none; font-size:13px; }
nav a:hover { text-decoration:underline; }
main { max-width:1180px; margin:0 auto; padding:20px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px;
          padding:18px 24px; margin:18px 0; }
h2 { margin:0 0 4px; font-size:21px; }
h3 { font-size:16px; margin:18px 0 6px; }
.question { color:var(--accent); font-weight:600; margin:2px 0 10px; }
h3 a { color:var(--ink); text-decoration:none; } h3 a:hover { color:var(--accent); }
ul.answer { margin:6px 0 12px; padding-left:20px; }
ul.answer li { margin:2px 0; }
.how { background:#e7f5ff; border-left:4px solid var(--accent); padding:8px 14px;
       margin:12px 0; font-size:14px; border-radius:0 6px 6px 0; }
.how b { color:var(--accent); }
.details { color:#343a40; font-size:14px; }
table { border-collapse:collapse; margin:8px 0; font-size:13px; }
th, td { border:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
th { background:#f8f9fa; }
.scroll { overflow-x:auto; max-width:100%; }
td.yn, th.state { text-align:center; font-family:ui-monospace, SFMono-Regular, Menlo, monospace; }
th.state { writing-mode:vertical-rl; transform:rotate(180deg); white-space:nowrap; }
td.y { background:#e7f5ff; font-weight:600; }
td.eq { background:var(--okbg); color:var(--ok); font-weight:700; text-align:center; }
th.key, td.key { box-shadow: inset 0 0 0 2px var(--ok); }
th.sq, td.sq { background:var(--sq); }
code, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12.5px; }
.pref li { margin:3px 0; }
.pref .why { color:var(--muted); font-size:13px; }
.src { font-size:11.5px; padding:0 5px; border-radius:3px; margin-right:4px; }
.src.article { background:var(--okbg); color:var(--ok); font-weight:700; }
.src.inference { background:#fff3bf; color:#8a5a00; font-style:italic; }
.src.other, .src.unspecified { background:#e9ecef; color:#495057; }
.muted { color:var(--muted); }
.figure { margin:10px 0 4px; min-height:200px; }
details > summary { cursor:pointer; color:var(--accent); margin:8px 0; }
.expl h4 { margin:10px 0 2px; font-size:14px; }
.expl ul { margin:2px 0 8px; font-size:13.5px; }
.ok { color:var(--ok); font-weight:700; } .no { color:#c92a2a; font-weight:700; }
footer { text-align:center; color:var(--muted); font-size:12px; padding:20px; }
.figtitle { font-weight:600; margin:14px 0 0; color:#343a40; }
.plot { width:100%; }
header details summary { color:#ced4da; }
/* A phone: the navigation is one line that scrolls sideways (not a block over a sixth of
   the screen), tighter margins, and table columns that keep a readable width inside their
   scrolling box instead of one word per line. */
@media (max-width: 700px) {
  body { font-size:14px; }
  header { padding:14px 14px 10px; }
  header h1 { font-size:21px; }
  header p { font-size:13px; }
  nav { padding:0 8px; }
  nav a { display:inline-block; padding:7px 2px; margin-right:10px; }
  main { padding:4px; }
  section { padding:12px; margin:10px 0; border-radius:6px; }
  h2 { font-size:19px; }
  td, th { min-width:10.5em; }
  td.mono { min-width:20em; }
  td:first-child { min-width:17em; }
  td.yn, th.state, td.eq, td.ok, td.no, td[class=""] { min-width:0; }
  table { display:block; overflow-x:auto; max-width:100%; }
  ul.answer { padding-left:16px; }
}
"""


def _e(x: Any) -> str:
    return escape(str(x))


def _list(items: list[str], cls: str = "") -> str:
    """A bulleted list; lines indented by two spaces per level are indented in the page."""
    if not items:
        return ""
    klass = f' class="{cls}"' if cls else ""
    out = []
    for i in items:
        depth = (len(i) - len(i.lstrip(" "))) // 2
        style = f' style="margin-left:{18 * depth}px"' if depth else ""
        out.append(f"<li{style}>{_e(i.strip())}</li>")
    return f"<ul{klass}>" + "".join(out) + "</ul>"


def _how(text: str) -> str:
    return f'<div class="how"><b>How to read this.</b> {_e(text)}</div>' if text else ""


def _open(sid: str, title: str, question: str = "") -> str:
    q = f'<p class="question">{_e(question)}</p>' if question else ""
    return f'<section id="{sid}"><h2>{_e(title)}</h2>{q}'


def _section_head(s: Section, sid: str | None = None) -> str:
    return (_open(sid or s.key, s.title, s.question) + _list(s.answer, "answer")
            + _how(s.how_to_read))


# -- the model ------------------------------------------------------------------------------
def _model_html(res: ModelResults) -> str:
    c = res.conflict
    sq = c.status_quo
    rows = []
    for dm in c.decision_makers:
        for j, k in enumerate(dm.options):
            o = c.options[k]
            irr = {"forward": "cannot be undone", "backward": "cannot be taken again once "
                   "dropped", "both": ""}[o.direction]
            today = "Y" if sq is not None and (sq >> k) & 1 else "N"
            rows.append(
                "<tr>" + (f'<td rowspan="{len(dm.options)}"><b>{_e(dm.name)}</b></td>'
                          if j == 0 else "")
                + f"<td><code>{_e(o.id)}</code></td><td>{_e(o.label)}</td>"
                f"<td>{_e(o.description)}</td><td>{_e(irr)}</td>"
                f'<td class="yn">{today if sq is not None else "–"}</td></tr>')
    out = ['<div class="scroll"><table><tr><th>decision maker</th><th>option</th><th>label'
           '</th><th>what it means</th><th>irreversible</th><th>today</th></tr>'
           + "".join(rows) + "</table></div>"]
    if c.infeasible or c.exclusive or c.exactly_one:
        items = [f"infeasible: {conflict_formula_text(c, f)}" for f in c.infeasible]
        items += ["at most one of " + ", ".join(f"“{c.options[k].text}”" for k in g)
                  for g in c.exclusive]
        items += ["exactly one of " + ", ".join(f"“{c.options[k].text}”" for k in g)
                  for g in c.exactly_one]
        out.append("<p><b>Constraints</b></p>" + _list(items))
    out.append("<h3>Preferences</h3>")
    for i, dm in enumerate(c.decision_makers):
        spec = c.preferences[i]
        statements = getattr(spec, "statements", None)
        if statements is None:
            out.append(f"<p><b>{_e(dm.name)}</b>: given as a {type(spec).__name__.lower()} of "
                       "states.</p>")
            continue
        items = []
        for st in statements:
            # In the options' labels; the formula as written stays in the hover text.
            words = conflict_formula_text(c, st.formula)
            items.append(f'<li><span class="stmt" title="{_e(st.text or st.formula)}">'
                         f"{_e(words)}</span>" + _statement_source(st) + "</li>")
        out.append(f"<p><b>{_e(dm.name)}</b>, most important first:</p>"
                   f'<ol class="pref">{"".join(items)}</ol>')
    return "".join(out)


def _state(res: ModelResults, pattern: str) -> str:
    """A state in a table cell: its name in bold when the model names it, then the pattern."""
    name = res.conflict.state_name(pattern)
    mono = f"<span class='mono'>{_e(pattern)}</span>"
    return f"<b>{_e(name)}</b> {mono}" if name else mono


def _statement_source(st: Any) -> str:
    """The rationale, and the source marked by its kind: the article's claim (with its
    quote) and the analyst's inference look different."""
    src = st.source
    parts = []
    if src.kind in ("article", "inference", "other"):
        parts.append(f'<span class="src {_e(src.kind)}">{_e(src.label)}</span>')
    rest = [x for x in (st.rationale.strip(), src.citation.strip()) if x]
    if src.quotes:
        rest.append(" … ".join(f"“{q.strip()}”" for q in src.quotes))
    if not parts and not rest:
        return ""
    return f'<br><span class="why">{"".join(parts)}{_e(" — ".join(rest))}</span>'


def _model_section(b: Briefing) -> str:
    focus = b.focus
    c = focus.conflict
    parts = [_open("model", "The model", "Who decides what, what can and cannot happen, and "
                   "what does each side want?"),
             f"<p>{_e(c.description or b.description)}</p>",
             _how("Each option is a move one party controls; a state says which options are "
                  "taken (Y) and which are not (N), in the order of this table. Preferences "
                  "are statements ranked by importance: a state that satisfies a statement is "
                  "preferred to every state that does not, whatever the statements below say. "
                  "Each comes with the reason for it and where that reason comes from — these "
                  "are the assumptions to question."),
             f"<h3>{_e(c.title or c.name)}</h3>", _model_html(focus)]
    for name, res in b.models.items():
        if name != b.focus_name:
            parts.append(f"<details><summary>{_e(res.conflict.title or name)} — "
                         f"{res.conflict.n_options} options</summary>"
                         f"<p>{_e(res.conflict.description)}</p>{_model_html(res)}</details>")
    return "".join(parts) + "</section>"


# -- tableau ---------------------------------------------------------------------------------
def _tableau(res: ModelResults, patterns: list[str]) -> str:
    c = res.conflict
    a = res.analysis
    sq = res.status_quo["pattern"] if res.status_quo else None
    keys = {k["pattern"] for k in res.key_states}

    def cls(p: str) -> str:
        return " ".join(x for x in ("sq" if p == sq else "", "key" if p in keys else "") if x)

    def header(p: str) -> str:
        named = c.state_name(p)
        return _e(c.state_display(p)) + (" (today)" if p == sq and not named else "")

    head = "".join(f'<th class="state {cls(p)}">{header(p)}</th>' for p in patterns)
    rows = [f"<tr><th>decision maker</th><th>option</th>{head}</tr>"]
    for dm in c.decision_makers:
        for j, k in enumerate(dm.options):
            o = c.options[k]
            cells = "".join(f'<td class="yn {"y " if p[k] == "Y" else ""}{cls(p)}">{p[k]}</td>'
                            for p in patterns)
            name = (f'<td rowspan="{len(dm.options)}"><b>{_e(dm.name)}</b></td>'
                    if j == 0 else "")
            rows.append(f"<tr>{name}<td>{_e(o.text)}</td>{cells}</tr>")
    for k, con in enumerate(a.concepts):
        cells = "".join((f'<td class="eq {cls(p)}">✓</td>' if a.is_stable(p, con)
                         else f'<td class="{cls(p)}"></td>') for p in patterns)
        lead = (f'<td rowspan="{len(a.concepts)}"><b>equilibrium</b></td>' if k == 0 else "")
        rows.append(f"<tr>{lead}<td>{CONCEPT_NAMES[con]}</td>{cells}</tr>")
    rows += _credibility_rows(res, patterns, cls)
    return '<div class="scroll"><table>' + "".join(rows) + "</table></div>"


def _credibility_rows(res: ModelResults, patterns: list[str], cls: Any) -> list[str]:
    """Rows under the tableau: the SEQ equilibria that some side holds only through
    self-defeating threats (SEQ- but not FSEQ-stable for it, :mod:`detente.graph.credible`),
    and the locked-in states (:mod:`detente.graph.lockin`); a row only when it marks a
    state shown."""
    from detente.graph.lockin import describe_lock, lock_ins

    a, c = res.analysis, res.conflict
    rows = []
    if "seq" in a.concepts:
        who: dict[str, list[str]] = {}
        for dm, pats in a.self_defeating.items():
            for p in pats:
                who.setdefault(p, []).append(dm)
        marked = {p for p in patterns if p in who and a.is_stable(p, "seq")}
        if marked:
            cells = "".join(
                (f'<td class="{cls(p)}" title="{_e("SEQ-stable for " + ", ".join(who[p]))}'
                 f' only through self-defeating threats">!</td>') if p in marked
                else f'<td class="{cls(p)}"></td>' for p in patterns)
            rows.append("<tr><td><b>credibility</b></td><td>SEQ only through self-defeating "
                        f"threats</td>{cells}</tr>")
    found = lock_ins(c, [c.decimal(p) for p in patterns], a.decimals)
    locked = {lk.state: lk for lk in found}
    if locked:
        from detente.report.tables import reach_words

        # whether today reaches each lock-in by unilateral improvements (one search)
        reach = a.reach_of_lock_ins(found)
        today = ({} if reach is None else
                 {lk.state: "; " + reach_words(r) for lk, r in zip(found, reach, strict=True)})
        cells = "".join(
            (f'<td class="{cls(p)}" title="{_e(describe_lock(c, locked[p].locked))} for '
             f'good; {locked[p].out_of_reach:,} states out of reach'
             f'{_e(today.get(p, ""))}">locked</td>')
            if p in locked else f'<td class="{cls(p)}"></td>' for p in patterns)
        rows.append(f"<tr><td><b>lock-in</b></td><td>irreversible moves made</td>{cells}</tr>")
    return rows


def _equilibria_section(b: Briefing) -> str:
    s = b.section("equilibria")
    res = b.focus
    a = res.analysis
    counts = "".join(f"<tr><td>{CONCEPT_NAMES[c]}</td><td>{n:,}</td></tr>"
                     for c, n in res.counts.items())
    skipped = "".join(f"<tr><td>{CONCEPT_NAMES[c]}</td><td class='muted'>{_e(r)}</td></tr>"
                      for c, r in a.skipped.items())
    named = [res.conflict.pattern(ns.decimal) for ns in res.conflict.named_states
             if ns.decimal is not None]
    shown = ([res.status_quo["pattern"]] if res.status_quo else []) + [
        k["pattern"] for k in res.key_states] + named + a.equilibria.get("nash", [])[:3]
    shown = list(dict.fromkeys(shown))
    every = [p for p in a.patterns() if any(a.is_stable(p, c) for c in a.concepts)]
    full = ""
    if len(every) <= 200:
        full = (f"<details><summary>Every state that is an equilibrium under some concept "
                f"({len(every)})</summary>{_tableau(res, every)}</details>")
    return (_section_head(s) + _list(s.details, "details")
            + f"<table><tr><th>concept</th><th>equilibria</th></tr>{counts}{skipped}</table>"
            + "<h3>Tableau: today, the best stable outcomes, the named states and the Nash "
              "equilibria</h3>"
            + "<p class='muted'>Yellow: today's state. Green frame: a best stable outcome. "
              "Green ✓: an equilibrium under that concept. ! (credibility row): an SEQ "
              "equilibrium that some side holds only through threats that would backfire on "
              "their maker (hover for who). Locked: irreversible moves made for good.</p>"
            + _tableau(res, shown) + full + "</section>")


# -- status quo, paths, explanations -----------------------------------------------------------
def _explanation_html(sections: list[tuple[str, list[str]]]) -> str:
    out = []
    for head, sentences in sections:
        out.append(f"<h4>{_e(head)}</h4>" + _list(sentences))
    return '<div class="expl">' + "".join(out) + "</div>"


def _status_quo_section(b: Briefing) -> str:
    s = b.section("status_quo")
    res = b.focus
    expl = ""
    if res.status_quo:
        sq = res.status_quo["pattern"]
        expl = (f"<h3>Why today's state {_e(res.show(sq))} holds or not</h3>"
                + _explanation_html(res.explanations.get(sq, [])))
    return _section_head(s) + _list(s.details, "details") + expl + "</section>"


def _paths_section(b: Briefing) -> str:
    from detente.report.figures import figure_div, state_graph

    s = b.section("paths")
    res = b.focus
    fig = ""
    if res.graph:
        fig = ('<div class="figure" data-figure="state-graph">'
               + figure_div(state_graph(res.graph), "state-graph") + "</div>")
    rows = []
    for ks in res.key_states:
        path = ks["path"]
        if path is None:
            rows.append(f"<tr><td>{_state(res, ks['pattern'])}</td><td>–</td>"
                        "<td>not reached by the moves searched</td></tr>")
            continue
        kind = "unilateral improvements" if path["moves"] == "ui" else "with joint moves"
        rows.append(f"<tr><td>{_state(res, ks['pattern'])}</td>"
                    f"<td>{len(path['steps'])} ({kind}); {path['count']:,} shortest</td>"
                    f"<td>{_e(path['sentence'])}</td></tr>")
    table = ("<table><tr><th>best stable outcome</th><th>steps</th><th>a shortest path</th>"
             "</tr>" + "".join(rows) + "</table>") if rows else ""
    return _section_head(s) + fig + table + _list(
        [d for d in s.details if d.startswith("Note")], "details") + "</section>"


def _take_section(b: Briefing) -> str:
    s = b.section("what_it_would_take")
    return _section_head(s) + _list(s.details, "details") + "</section>"


def _explanations_section(b: Briefing) -> str:
    res = b.focus
    parts = [_open("explanations", "Why the key states hold",
                   "For each best stable outcome: what each side could gain by leaving it, "
                   "and what the others would do in reply."),
             _how("A headline per side and concept says whether the state is stable for that "
                  "side; below it, each move the side would like to make, followed by the "
                  "reply that makes it not worth making (a sanction). Under SEQ the reply must "
                  "itself be an improvement for whoever makes it, so the threat is credible.")]
    for ks in res.key_states:
        p = ks["pattern"]
        if p in res.explanations:
            parts.append(f"<h3>{_state(res, p)} — {_e(res.describe(p))}</h3>"
                         + _explanation_html(res.explanations[p]))
    return "".join(parts) + "</section>"


def _models_section(b: Briefing) -> str:
    s = b.section("models")
    parts = [_section_head(s), _list(s.details, "details")]
    for name, res in b.models.items():
        if name == b.focus_name:
            continue
        keys = "".join(f"<tr><td>{_state(res, k['pattern'])}</td>"
                       f"<td>{_e(', '.join(CONCEPT_NAMES[c] for c in k['equilibrium_under']))}"
                       f"</td><td>{_e(res.describe(k['pattern']))}</td></tr>"
                       for k in res.key_states)
        parts.append(f"<h3>{_e(res.conflict.title or name)}: best stable outcomes</h3>"
                     "<div class='scroll'><table><tr><th>state</th><th>equilibrium under</th>"
                     f"<th>changes from today</th></tr>{keys}</table></div>")
    return "".join(parts) + "</section>"


# -- deals, dynamics, assumptions --------------------------------------------------------------
def _deals_section(b: Briefing) -> str:
    from detente.report.figures import figure_div, pareto_plot

    s = b.section("deals")
    d = s.data["deals"]
    agenda = b.deals.agenda
    parties = [p["id"] for p in d["parties"]]
    name = {p: party_text(agenda, p) for p in parties}
    fig = ""
    if len(parties) >= 2:
        fig = ('<div class="figure" data-figure="pareto">'
               + figure_div(pareto_plot(d, b.deals_cloud, name), "pareto") + "</div>")
    sol_rows = []
    for key, sol in (d["solutions"] or {}).items():
        pk = package_text(agenda, sol["packages"][0])
        us = ", ".join(f"{name[p]} {sol['utilities'][p]:.3f}" for p in parties)
        sol_rows.append(f"<tr><td>{_e(key.replace('_', '–'))}</td><td>{_e(pk)}</td>"
                        f"<td>{_e(us)}</td><td>{sol['count']}</td></tr>")
    res_row = ", ".join(f"{name[p['id']]} {p['reservation']:.3f}" for p in d["parties"])
    trade_rows = []
    for t in d["trades"][:10]:
        ch = "; ".join(f"{issue_text(agenda, k)}: {option_text(agenda, k, t['previous'][k])}"
                       f" → {option_text(agenda, k, v)}" for k, v in t["changes"].items())
        gains = ", ".join(f"{name[p]} +{t['gains'][p]:.3f}" for p in parties)
        by = "; ".join(f"{name[p]}: " + ", ".join(f"{issue_text(agenda, i)} {g:+.3f}"
                                                   for i, g in t["by_issue"][p].items())
                       for p in parties)
        trade_rows.append(f"<tr><td>{_e(ch)}</td><td>{_e(gains)}</td><td>{_e(by)}</td>"
                          f"<td>{t['joint_gain']:.3f}</td></tr>")
    return (_section_head(s) + _list(s.details, "details") + fig
            + f"<p>Reservations (the value of no agreement): {_e(res_row)}.</p>"
            + "<h3>Bargaining solutions</h3><div class='scroll'><table><tr><th>solution</th>"
              "<th>package</th><th>utilities</th><th>packages attaining it</th></tr>"
            + "".join(sol_rows) + "</table></div>"
            + "<h3>Trades from today</h3><p class='muted'>Each trade changes two issues and "
              "leaves the others as today; a negative number is what a side gives up on that "
              "issue.</p><div class='scroll'><table><tr><th>change</th><th>gains</th>"
              "<th>by issue</th><th>joint gain</th></tr>" + "".join(trade_rows)
            + "</table></div></section>")


def _dynamics_section(b: Briefing) -> str:
    from detente.report import figures as fg

    s = b.section("dynamics")
    d = b.dynamics
    model = d["model"]
    figs = []
    if "match" in d:
        figs.append(("spiral", fg.spiral_heatmap([m.to_dict() for m in d["match"]],
                                                 list(model.sides),
                                                 (model.moves.cooperate, model.moves.defect))))
    if "recovery" in d:
        figs.append(("recovery", fg.recovery_plot(d["recovery"].to_dict())))
    if "sweep" in d:
        figs.append(("sweep", fg.sweep_plot(d["sweep"].to_dict())))
    if "richardson" in d:
        rich = d["richardson"].to_dict()
        sourced = bool(model.richardson.source) if model.richardson else False
        # the region first: from unsourced coefficients it is all the model can say
        figs.append(("richardson-region", fg.richardson_region_plot(rich, sourced)))
        trajectory = fg.richardson_plot(rich)
        if not sourced:
            trajectory.update_layout(title=trajectory.layout.title.text
                                     + " — the guesses' path, not a forecast")
        figs.append(("richardson", trajectory))
    body = "".join(f'<div class="figure" data-figure="{k}">{fg.figure_div(f, k)}</div>'
                   for k, f in figs)
    rows = []
    if "tournament" in d:
        for p in d["tournament"].to_dict()["pairs"]:
            pol = " vs ".join(p["policies"].values())
            pay = ", ".join(f"{k} {v['mean']:.2f}" for k, v in p["mean_payoff"].items())
            rows.append(f"<tr><td>{_e(pol)}</td><td>{p['mutual_cooperation']['mean']:.0%}</td>"
                        f"<td>{_e(pay)}</td></tr>")
    table = ("<h3>Policies compared</h3><div class='scroll'><table><tr><th>policies ("
             + _e(" vs ".join(model.sides)) + ")</th><th>both cooperate</th>"
             "<th>mean payoff per round</th></tr>" + "".join(rows) + "</table></div>"
             ) if rows else ""
    return _section_head(s) + body + table + _list(s.details, "details") + "</section>"


def _perceptions_section(b: Briefing) -> str:
    """How each side sees it: a row per concept (the true game's equilibria, what each side
    expects, the hyper-equilibria), then every sentence."""
    s = b.section("perceptions")
    h = b.hypergame
    from detente.graph.analysis import CONCEPT_NAMES

    c = b.focus.conflict

    def cell(pats: Any) -> str:
        shown = ", ".join(c.state_display(p) for p in list(pats)[:8]) + (
            f" … (+{len(pats) - 8})" if len(pats) > 8 else "")
        return f"<td class='mono'>{_e(shown or 'none')}</td>"

    head = ("<tr><th>concept</th><th>true game</th>"
            + "".join(f"<th>{_e(dm)} expects</th>" for dm in h.decision_makers)
            + "<th>hyper-equilibria</th></tr>")
    rows = ["<tr><td>" + _e(CONCEPT_NAMES[c]) + "</td>" + cell(h.actual[c])
            + "".join(cell(h.perceived[dm][c]) for dm in h.decision_makers)
            + cell(h.hyper_equilibria[c]) + "</tr>" for c in h.concepts]
    table = "<div class='scroll'><table>" + head + "".join(rows) + "</table></div>"
    return _section_head(s) + table + _list(s.details, "details") + "</section>"


def _assumptions_section(b: Briefing) -> str:
    s = b.section("assumptions")
    res = b.focus
    keys = [k["pattern"] for k in res.key_states]
    c = res.conflict
    head = "".join(f"<th class='state'>{_e(c.state_display(p))}</th>" for p in keys)
    def mark(ok: bool) -> str:
        return "<td class='ok'>✓</td>" if ok else "<td class='no'>✗</td>"

    base_sq = res.status_quo["stable_under"] if res.status_quo else []
    rows = ["<tr><td><b>baseline</b> (the scenario as written)</td>"
            + mark(KEY_CONCEPT in base_sq)
            + "".join(mark(True) for _ in keys)
            + "<td class='mono'>"
            + _e(", ".join(c.state_display(p) for p in res.analysis.equilibria.get("nash", [])[:4]))
            + "</td></tr>"]
    for r in b.assumptions:
        rows.append(f"<tr><td><b>{_e(r['name'])}</b><br><span class='muted'>"
                    f"{_e(r['description'])}</span></td>"
                    + mark(KEY_CONCEPT in r["status_quo_stable_under"])
                    + "".join(mark(KEY_CONCEPT in r["key_states"][p]) for p in keys)
                    + f"<td class='mono'>{_e(', '.join(c.state_display(p) for p in r['nash']))}"
                    "</td></tr>")
    table = ("<div class='scroll'><table><tr><th>assumption</th><th class='state'>today "
             f"SEQ-stable</th>{head}<th>Nash equilibria</th></tr>" + "".join(rows)
             + "</table></div>")
    return _section_head(s) + table + "</section>"


def _history_section(b: Briefing) -> str:
    s = b.section("history")
    r = b.history
    concept = s.data["concept"]

    def mark(ok: bool) -> str:
        return "<td class='ok'>✓</td>" if ok else "<td class='no'>✗</td>"

    head = "".join(f"<th class='state'>{_e(n)}</th>" for n in r.names)
    rows = []
    for k, ob in enumerate(r.observations):
        what = (f"<b>{_e(ob.date)}</b> {_e(ob.label)}<br><span class='muted'>"
                f"{_e(ob.formula if ob.formula is not None else b.focus.show(b.focus.conflict.pattern(ob.decimal)))}"  # noqa: E501
                "</span>")
        rows.append(f"<tr><td>{what}</td>"
                    + "".join(mark(r.contained(k, n, concept)) for n in r.names) + "</tr>")
    sizes = "".join(f"<td>{len(r.predictions[n].get(concept, [])):,}</td>" for n in r.names)
    rows.append(f"<tr><td class='muted'>states predicted ({_e(CONCEPT_NAMES[concept])})</td>"
                f"{sizes}</tr>")
    table = ("<div class='scroll'><table><tr><th>what happened</th>" + head + "</tr>"
             + "".join(rows) + "</table></div>")
    return _section_head(s) + table + _list(s.details, "details") + "</section>"


def _rests_on_section(b: Briefing) -> str:
    """What the conclusions rest on: the heat map (verdict × statement), a row per headline
    verdict with the changes that flip it, the combination matrix, then every sentence."""
    from detente.graph.analysis import CONCEPT_NAMES
    from detente.report.figures import figure_div, rests_on_heatmap
    from detente.report.rests_on import verdict_matrix
    from detente.report.sensitivity_text import change_words

    data = b.rests_on or {}
    s = data["section"]
    c = b.focus.conflict
    matrix = verdict_matrix(data, c)
    fig = figure_div(rests_on_heatmap(matrix), "rests-on") if matrix["columns"] else ""
    rows = []
    for v in data.get("verdicts", []):
        refs = "; ".join(change_words(r, c) for r in v["flipped_by"]) or "no single change"
        rows.append(f"<tr><td>{_e(v['label'])}</td><td class='mono'>{_e(v['state'])}</td>"
                    f"<td>{'holds' if v['holds'] else 'fails'}</td><td>{_e(refs)}</td></tr>")
    table = ("<div class='scroll'><table><tr><th>conclusion</th><th class='state'>state</th>"
             "<th>verdict</th><th>flipped by</th></tr>" + "".join(rows) + "</table></div>")
    combos = data.get("combinations")
    matrix_html = ""
    if combos is not None:
        concept = data["concept"]
        head = "".join(f"<th class='state'>best {k} {_e(p)}</th>"
                       for k, p in enumerate(combos.best, 1))
        body = []
        for cv in combos.combinations:
            name = " + ".join(cv.assumptions) or "the scenario as written"
            if cv.conflicting is not None:
                body.append(f"<tr><td>{_e(name)}</td><td colspan='{1 + len(combos.best)}'>"
                            f"conflicting: {_e(' vs '.join(cv.conflicting))}</td></tr>")
                continue
            today = cv.status_quo.get(concept)
            cells = "".join(
                "<td>" + ("stable" if cv.best_stable[p].get(concept) else "unstable")
                + (", reached" if cv.best_reachable.get(p) else "") + "</td>"
                for p in combos.best)
            body.append(f"<tr><td>{_e(name)}</td><td>"
                        f"{'—' if today is None else ('stable' if today else 'unstable')}"
                        f"</td>{cells}</tr>")
        matrix_html = ("<h3>Named assumptions in every combination ("
                       + _e(CONCEPT_NAMES[concept]) + ")</h3><div class='scroll'><table><tr>"
                       "<th>assumptions</th><th class='state'>today</th>" + head + "</tr>"
                       + "".join(body) + "</table></div>")
    return (_section_head(s) + fig + table + matrix_html + _list(s.details, "details")
            + "</section>")


# -- the page ----------------------------------------------------------------------------------
def _findings_section(b: Briefing) -> str:
    s = b.section("findings")
    return _section_head(s) + _list(s.details, "details") + "</section>"


def _summary(b: Briefing) -> str:
    parts = [_open("summary", "The briefing", "The questions this report answers, and the "
                   "short answers; each is developed in its own section below."),
             _how("States are written as patterns of Y and N, one letter per option in the "
                  "order of the model table (Y: the option is taken), after their name when the "
                  "scenario names them; '+' and '−' list what a "
                  "state changes compared with today. Every answer follows from the "
                  "scenario's assumptions, shown with their sources in the Model section.")]
    for k, s in enumerate(b.sections, 1):
        parts.append(f"<h3>{k}. <a href='#{s.key}'>{_e(s.question)}</a></h3>"
                     + _list(s.answer, "answer"))
    return "".join(parts) + "</section>"


#: Plotly's default address for "Share chart…" uploads, cleared in the embedded library (the
#: charts' configuration hides the button too): the offline report names no cloud service.
_CLOUD_URL = '"https://cloud.plotly.com/newchart"'


def plotly_library() -> str:
    """The partial Plotly library embedded in the report: plotly.js's "cartesian"
    distribution (scatter, bar, heatmap and other 2-D traces; about 1.5 MB instead of the
    full bundle's 4.8 MB), shipped in ``detente/report/assets`` with its licence and
    refreshed by ``scripts/update-plotly-bundle.sh``. The default upload address is
    blanked, so the page holds no link to a cloud service."""
    from importlib.resources import files

    js = (files("detente.report") / "assets" / "plotly-cartesian.min.js").read_text("utf-8")
    return js.replace(_CLOUD_URL, '""')


def render_html(briefing: Briefing) -> str:
    """The whole report as one HTML document (a partial Plotly library embedded: about 2 MB
    in all)."""
    from detente.report.figures import DRAW_SCRIPT

    b = briefing
    keys = {s.key for s in b.sections}
    builders = [("findings", _findings_section),
                ("model", _model_section), ("equilibria", _equilibria_section),
                ("status_quo", _status_quo_section), ("paths", _paths_section),
                ("what_it_would_take", _take_section),
                ("explanations", _explanations_section),
                ("perceptions", _perceptions_section), ("models", _models_section),
                ("deals", _deals_section), ("dynamics", _dynamics_section),
                ("assumptions", _assumptions_section), ("history", _history_section)]
    body = [_summary(b)]
    nav = ['<a href="#summary">Briefing</a>']
    titles = {"model": "Model", "explanations": "Explanations"} | {s.key: s.title
                                                                  for s in b.sections}
    for key, build in builders:
        if key in keys or key in ("model", "explanations"):
            body.append(build(b))
            nav.append(f'<a href="#{key}">{_e(titles[key])}</a>')
    if b.rests_on is not None:
        body.append(_rests_on_section(b))
        nav.append('<a href="#rests_on">What the conclusions rest on</a>')
    sources = "".join(f"<p>{_e(s)}</p>" for s in b.sources)
    if sources:
        sources = f"<details><summary>Sources ({len(b.sources)})</summary>{sources}</details>"
    from detente import __version__

    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(b.title)} — détente briefing</title>
<style>{_CSS}</style>
<script type="text/javascript">{plotly_library()}</script>
</head><body>
<header><span class="tag">détente briefing</span><h1>{_e(b.title)}</h1>
<p>{_e(b.description)}</p>{sources}</header>
<nav>{"".join(nav)}</nav>
<main>{"".join(body)}</main>
<footer>Written by détente {_e(__version__)} on {date.today().isoformat()} from
<code>{_e(b.source)}</code>. Every conclusion follows from the scenario's assumptions; change
them in the scenario file and run <code>detente report</code> again.</footer>
<script type="text/javascript">{DRAW_SCRIPT}</script>
</body></html>
"""


def write_report(briefing: Briefing, out_dir: str | Path) -> Path:
    """Write the report into ``out_dir`` (created if needed) and return the file's path."""
    from detente.model.files import write_file

    # Atomic (temp file + rename): an interruption keeps the previous report, and a
    # symbolic link at report.html is replaced, never followed.
    return write_file(out_dir, REPORT_FILE, render_html(briefing), create=True)
