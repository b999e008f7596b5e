"""Figures of the briefing report (Plotly), drawn from the briefing's data.

Each function takes results already computed by the engines (gathered by
:mod:`detente.report.briefing`) and returns a :class:`plotly.graph_objects.Figure`; nothing
is computed here but positions on the page. :func:`figure_div` turns a figure into an HTML
``<div>`` that uses the Plotly library included once in the page, so the report works
offline.

- :func:`state_graph`: the states near the status quo, the moves between them coloured by
  who moves, and the paths to the best stable outcomes;
- :func:`pareto_plot`: the packages of an agenda by each side's utility, with the Pareto
  frontier, the reservations, the zone of possible agreement and the bargaining solutions;
- :func:`spiral_heatmap`: matches of the reciprocity game round by round;
- :func:`recovery_plot`: rounds to restore cooperation after one mistaken offence;
- :func:`sweep_plot`: cooperation as misperception grows;
- :func:`richardson_plot`: Richardson's levels of hostility over time;
- :func:`richardson_region_plot`: where Richardson's levels settle (the a·b = k·l boundary),
  with the model's coefficients and the smallest change that crosses it.

Examples
--------
>>> from detente.report.briefing import build_briefing
>>> fig = state_graph(build_briefing("prisoners-dilemma").focus.graph)
>>> sorted({t.name for t in fig.data if t.legendgroup == "movers"})
['Prisoner 1', 'Prisoner 1 + Prisoner 2', 'Prisoner 2']
>>> figure_div(fig, "graph").startswith('<div id="graph" class="plot"')
True
"""

from __future__ import annotations

import json
from html import escape, unescape
from typing import Any

import plotly.graph_objects as go

__all__ = [
    "MOVER_COLOURS",
    "figure_div",
    "CONFIG",
    "DRAW_SCRIPT",
    "state_graph",
    "pareto_plot",
    "spiral_heatmap",
    "recovery_plot",
    "sweep_plot",
    "richardson_plot",
    "richardson_region_plot",
]

#: Colours of the decision makers' moves (in model order), then of joint moves.
MOVER_COLOURS = ["#1c7ed6", "#e03131", "#f59f00", "#2f9e44", "#7048e8", "#0c8599"]
_JOINT = "#495057"
_ROLE_COLOURS = {
    "status quo": "#212529",
    "one move away": "#adb5bd",
    "sanction": "#fa5252",
    "on a path": "#74c0fc",
    "best stable outcome": "#40c057",
}
_LAYOUT = dict(template="plotly_white", margin=dict(l=50, r=20, t=40, b=50),
               font=dict(family="system-ui, -apple-system, Segoe UI, sans-serif", size=12))
# Legends sit below the plot, in rows: on a phone a legend at the side would take the width.
_LEGEND = dict(orientation="h", yanchor="top", y=-0.18, x=0, xanchor="left")


#: Plotly's configuration for every chart. An offline briefing may hold sensitive
#: assumptions: no button may send a chart anywhere ("Share chart…" uploads it to Plotly's
#: cloud), and no address to send it to is set; the logo (a link to plotly.com) is off.
CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False,
          "plotlyServerURL": "", "modeBarButtonsToRemove": ["sendDataToCloud"]}


def figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure as HTML: its title as a caption (text that wraps on a phone, where a
    Plotly title would be cut), an empty ``<div>``, and the figure's JSON in a
    ``<script type="application/json">`` that :data:`DRAW_SCRIPT` hands to Plotly when the
    chart comes near the screen (the page's library is included once by the page)."""
    import plotly.io as pio

    title = fig.layout.title.text or ""
    fig = go.Figure(fig)
    # The title moved out of the chart: its room goes, unless the chart uses it (a legend or
    # colour bar on top).
    top = fig.layout.margin.t
    fig.update_layout(title=None, margin=dict(t=16 if top in (None, 40) else top))
    spec = json.loads(pio.to_json(fig, validate=False))
    payload = json.dumps({"data": spec.get("data", []), "layout": spec.get("layout", {}),
                          "config": CONFIG}, separators=(",", ":"))
    # No "</script>" (or "<!--") may end the data early, whatever a label says.
    payload = payload.replace("<", "\\u003c")
    height = int(fig.layout.height or 450)
    caption = f'<p class="figtitle">{escape(unescape(title))}</p>' if title else ""
    return (f'{caption}<div id="{escape(div_id)}" class="plot" style="height:{height}px">'
            f'</div><script type="application/json" data-plot="{escape(div_id)}">{payload}'
            "</script>")


#: The page's script that draws every chart from its JSON, each when it comes within a
#: screen or two of the view (IntersectionObserver), so that the page is shown, and its load
#: event fires, before any chart is drawn; a phone draws only the charts a reader reaches.
DRAW_SCRIPT = """
(function () {
  function draw(el) {
    if (el.getAttribute("data-drawn")) return;
    el.setAttribute("data-drawn", "1");
    var spec = JSON.parse(document.querySelector('script[data-plot="' + el.id + '"]').textContent);
    Plotly.newPlot(el, spec.data, spec.layout, spec.config);
  }
  function drawAll() {
    Array.prototype.slice.call(document.querySelectorAll("div.plot")).forEach(draw);
  }
  // Printing, or a test that needs every chart, draws them all at once.
  window.detenteDrawAll = drawAll;
  window.addEventListener("beforeprint", drawAll);
  function start() {
    var plots = Array.prototype.slice.call(document.querySelectorAll("div.plot"));
    if (!("IntersectionObserver" in window)) { plots.forEach(draw); return; }
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); }
      });
    }, {rootMargin: "1200px 0px"});
    plots.forEach(function (p) { seen.observe(p); });
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", function () { setTimeout(start, 0); });
})();
"""


# -- the state graph ----------------------------------------------------------------------------
def _layers(graph: dict[str, Any]) -> dict[str, int]:
    """Breadth-first distance of each node from the status quo along the drawn edges."""
    start = next(n["pattern"] for n in graph["nodes"] if n["role"] == "status quo")
    out = {start: 0}
    frontier = [start]
    while frontier:
        nxt = []
        for e in graph["edges"]:
            if e["from"] in frontier and e["to"] not in out:
                out[e["to"]] = out[e["from"]] + 1
                nxt.append(e["to"])
        frontier = nxt
    last = max(out.values(), default=0) + 1
    for n in graph["nodes"]:
        out.setdefault(n["pattern"], last)
    return out


def state_graph(graph: dict[str, Any], title: str = "") -> go.Figure:
    """States near the status quo (columns: moves away from it) and the moves between them.

    Solid arrows are improvements for the mover, dashed ones moves it would not gain by;
    thick arrows lie on a path to a best stable outcome. Hover a state for its options.
    """
    layer = _layers(graph)
    columns: dict[int, list[dict[str, Any]]] = {}
    for n in graph["nodes"]:
        columns.setdefault(layer[n["pattern"]], []).append(n)
    pos: dict[str, tuple[float, float]] = {}
    for x, nodes in columns.items():
        nodes.sort(key=lambda n: (list(_ROLE_COLOURS).index(n["role"]), n["pattern"]))
        for k, n in enumerate(nodes):
            pos[n["pattern"]] = (float(x), (len(nodes) - 1) / 2 - k)
    dms = list(graph["decision_makers"])
    fig = go.Figure()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in graph["edges"]:
        style = "path" if e["kind"] == "path" else "gain" if e["improving"] else "no gain"
        groups.setdefault((e["mover"], style), []).append(e)
    shown: set[str] = set()
    for (mover, style), edges in sorted(groups.items()):
        colour = MOVER_COLOURS[dms.index(mover) % len(MOVER_COLOURS)] if mover in dms else _JOINT
        xs: list[float | None] = []
        ys: list[float | None] = []
        sizes: list[int] = []
        for e in edges:
            (x0, y0), (x1, y1) = pos[e["from"]], pos[e["to"]]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
            sizes += [0, 11, 0]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=mover, legendgroup="movers",
            showlegend=mover not in shown, hoverinfo="skip",
            line=dict(color=colour, width=4 if style == "path" else 1.6,
                      dash="dash" if style == "no gain" else "solid"),
            # the arrow head stands off from the target so that its marker does not hide it
            marker=dict(symbol="arrow", angleref="previous", size=sizes, color=colour,
                        standoff=9)))
        shown.add(mover)
    for role, colour in _ROLE_COLOURS.items():
        nodes = [n for n in graph["nodes"] if n["role"] == role]
        if not nodes:
            continue
        stable = ["stable under " + (", ".join(n["stable_under"]).upper() or "no concept")
                  for n in nodes]
        fig.add_trace(go.Scatter(
            x=[pos[n["pattern"]][0] for n in nodes], y=[pos[n["pattern"]][1] for n in nodes],
            mode="markers+text", name=role, legendgroup="roles",
            # a named state by its name (the pattern stays in the hover text)
            text=[n.get("name") or n["pattern"] for n in nodes], textposition="top center",
            textfont=dict(family="ui-monospace, monospace", size=10),
            marker=dict(size=16 if role != "one move away" else 11, color=colour,
                        line=dict(color="white", width=1.5)),
            customdata=[[n["label"], s, n["pattern"]]
                        for n, s in zip(nodes, stable, strict=True)],
            hovertemplate="<b>%{text}</b> %{customdata[2]}<br>%{customdata[0]}<br>"
                          "%{customdata[1]}<extra></extra>"))
    fig.update_layout(**_LAYOUT, title=title, height=max(420, 46 * max(map(len,
                      columns.values()))), hovermode="closest",
                      legend=dict(_LEGEND, title="moves by · states"))
    last = max(layer.values(), default=0)
    # Room beside the first and last columns for the states' names.
    fig.update_xaxes(title="moves away from the status quo", dtick=1, zeroline=False,
                     range=[-0.35, last + 0.35])
    fig.update_yaxes(visible=False)
    return fig


# -- package deals -------------------------------------------------------------------------------
_SOLUTIONS = {"utilitarian": ("utilitarian", "square"),
              "egalitarian": ("egalitarian", "triangle-up"),
              "kalai_smorodinsky": ("Kalai–Smorodinsky", "diamond"),
              "nash": ("Nash", "star")}
# Where each group of solutions writes its name, in turn, so that nearby labels part.
_TEXT_POSITIONS = ["top right", "bottom right", "top left", "bottom left"]


def _hover_package(package: dict[str, str], describe: Any) -> str:
    if describe is not None:
        return describe(package)
    return "<br>".join(f"{escape(k)}: {escape(v)}" for k, v in package.items())


def pareto_plot(deals: dict[str, Any], cloud: dict[str, list[float]] | None = None,
                names: dict[str, str] | None = None, describe: Any = None) -> go.Figure:
    """The packages by the first two parties' utilities (the ``to_dict()`` of a
    :class:`~detente.bargain.analysis.DealAnalysis`, and every package's utilities when
    given): Pareto frontier, reservations, ZOPA and the bargaining solutions.

    ``names`` gives each party's label by id; ``describe`` turns a package (issue id →
    option id) into hover text (HTML with ``<br>``, already escaped). Solutions that fall on
    the same point share one marker and one label, so none hides another.
    """
    parties = [p["id"] for p in deals["parties"]]
    a, b = parties[0], parties[1]
    name = {p: (names or {}).get(p, p) for p in parties}
    res = {p["id"]: p["reservation"] for p in deals["parties"]}
    fig = go.Figure()
    fig.add_shape(type="rect", x0=res[a], y0=res[b], x1=1.0, y1=1.0, line=dict(width=0),
                  fillcolor="rgba(64,192,87,0.10)", layer="below")
    ha, hb = escape(name[a]), escape(name[b])
    if cloud is not None:
        fig.add_trace(go.Scatter(x=cloud[a], y=cloud[b], mode="markers", name="packages",
                                 marker=dict(size=6, color="#ced4da"),
                                 hovertemplate=f"{ha} %{{x:.2f}}, {hb} %{{y:.2f}}"
                                               "<extra></extra>"))
    front = sorted(deals["pareto"], key=lambda p: p["utilities"][a])
    text = [_hover_package(p["packages"][0], describe) for p in front]
    fig.add_trace(go.Scatter(
        x=[p["utilities"][a] for p in front], y=[p["utilities"][b] for p in front],
        mode="lines+markers", name="Pareto frontier", line=dict(color="#1c7ed6", width=2),
        marker=dict(size=8), text=text,
        hovertemplate="%{text}<br>" + f"{ha} %{{x:.3f}}, {hb} %{{y:.3f}}<extra></extra>"))
    sq = {p["id"]: p["status_quo_utility"] for p in deals["parties"]}
    if sq[a] is not None:
        fig.add_trace(go.Scatter(x=[sq[a]], y=[sq[b]], mode="markers", name="no agreement",
                                 marker=dict(size=12, color="#212529", symbol="x")))
    groups: dict[tuple[float, float], list[str]] = {}
    solutions = deals["solutions"] or {}
    for key, sol in solutions.items():
        point = (round(sol["utilities"][a], 9), round(sol["utilities"][b], 9))
        groups.setdefault(point, []).append(key)
    colours = ["#e8590c", "#9c36b5", "#0c8599", "#5c940d"]
    for k, ((x, y), keys) in enumerate(sorted(groups.items())):
        label = " = ".join(_SOLUTIONS.get(n, (n, ""))[0] for n in keys)
        symbol = _SOLUTIONS.get(keys[0], ("", "circle"))[1]
        fig.add_trace(go.Scatter(
            x=[x], y=[y], mode="markers+text", name=label, text=[escape(label)],
            textposition=_TEXT_POSITIONS[k % len(_TEXT_POSITIONS)],
            textfont=dict(size=11, color=colours[k % len(colours)]),
            marker=dict(size=14, symbol=symbol, color=colours[k % len(colours)],
                        line=dict(color="white", width=1)),
            customdata=[_hover_package(solutions[keys[0]]["packages"][0], describe)],
            hovertemplate=f"<b>{escape(label)}</b><br>%{{customdata}}<extra></extra>"))
    fig.add_vline(x=res[a], line=dict(dash="dash", color="#868e96"),
                  annotation_text=f"{ha}'s reservation", annotation_position="bottom right")
    fig.add_hline(y=res[b], line=dict(dash="dash", color="#868e96"),
                  annotation_text=f"{hb}'s reservation", annotation_position="top left")
    fig.update_layout(**_LAYOUT, height=520, legend=_LEGEND,
                      title="Packages, frontier and zone of agreement")
    fig.update_xaxes(title=f"utility of {ha}", range=[-0.02, 1.02])
    fig.update_yaxes(title=f"utility of {hb}", range=[-0.02, 1.02])
    return fig


# -- dynamics ------------------------------------------------------------------------------------
_COOPERATE = "#2b8a3e"
_DEFECT = "#c92a2a"


def spiral_heatmap(matches: list[dict[str, Any]], sides: list[str],
                   moves: tuple[str, str] = ("cooperates", "defects")) -> go.Figure:
    """Each match (the ``to_dict()`` of a match result) round by round, one row per side
    (named on the axis), the pair of policies above its two rows; a cell is green where that
    side cooperated and red where it defected. ``moves`` says what cooperating and defecting
    mean in the scenario (legend and hover text)."""
    z: list[list[float | None]] = []
    hover: list[list[str]] = []
    ticks: list[int] = []
    ticktext: list[str] = []
    notes = []
    longest = max((m["rounds"] for m in matches), default=0)
    for m in matches:
        pols = m["policies"]
        notes.append((len(z), " vs ".join(f"{pols[s]}" for s in sides)))
        for s in sides:
            row = [1.0 if x == "C" else 0.0 for x in m["moves"][s]]
            z.append(row + [None] * (longest - len(row)))
            words = [moves[0] if x == "C" else moves[1] for x in m["moves"][s]]
            hover.append([escape(f"{s} ({pols[s]}) {w}") for w in words]
                         + [""] * (longest - len(row)))
            ticks.append(len(z) - 1)
            ticktext.append(escape(s))
        z.append([None] * longest)  # a gap between pairs, where the pair's name goes
        hover.append([""] * longest)
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(1, longest + 1)), y=list(range(len(z))), text=hover,
        zmin=0, zmax=1, showscale=False, ygap=1,
        colorscale=[[0, _DEFECT], [0.5, _DEFECT], [0.5, _COOPERATE], [1, _COOPERATE]],
        hovertemplate="round %{x}<br>%{text}<extra></extra>"))
    for colour, word in ((_COOPERATE, moves[0]), (_DEFECT, moves[1])):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(word),
                                 marker=dict(size=12, symbol="square", color=colour)))
    for at, text in notes:
        fig.add_annotation(x=0, xref="paper", xanchor="left", y=at - 0.62, yanchor="bottom",
                           text=f"<b>{escape(text)}</b>", showarrow=False,
                           font=dict(size=11))
    fig.update_layout(**_LAYOUT, height=150 + 22 * len(z), legend=_LEGEND,
                      title="One match per pair of policies, round by round")
    fig.update_xaxes(title="round", range=[0.5, longest + 0.5])
    fig.update_yaxes(autorange="reversed", tickvals=ticks, ticktext=ticktext,
                     showgrid=False, zeroline=False)
    return fig


def recovery_plot(recovery: dict[str, Any]) -> go.Figure:
    """The share of matches back to mutual cooperation within k rounds of the shock
    (Kaplan–Meier, with its confidence interval), per pair of policies (the ``to_dict()`` of
    a recovery result), best first. Each pair's name is written above its bar rather than
    on the axis, so that on a phone the bars keep the width."""
    sides = list(recovery["pairs"][0]["policies"]) if recovery["pairs"] else []
    rows = [p for p in recovery["pairs"] if p["recovered_within"] is not None]
    rows.sort(key=lambda p: (-p["recovered_within"]["share"],
                             p["restricted_mean_rounds"]["mean"]))
    k = rows[0]["recovered_within"]["rounds"] if rows else 0
    labels = [" vs ".join(p["policies"][s] for s in sides) for p in rows]
    shares = [p["recovered_within"]["share"] for p in rows]
    ci = [p["recovered_within"]["ci"] or [v, v] for p, v in zip(rows, shares, strict=True)]
    hover = [escape(f"{lab}: median {p['recovered_within']['median']:g} rounds"
                    if p["recovered_within"]["median"] is not None else
                    f"{lab}: fewer than half recover") for lab, p in zip(labels, rows,
                                                                          strict=True)]
    y = list(range(len(rows)))
    fig = go.Figure(go.Bar(
        x=shares, y=y, orientation="h", marker_color="#5c7cfa", width=0.42,
        error_x=dict(type="data", symmetric=False,
                     array=[c[1] - v for c, v in zip(ci, shares, strict=True)],
                     arrayminus=[v - c[0] for c, v in zip(ci, shares, strict=True)]),
        customdata=hover, hovertemplate="%{customdata}<br>%{x:.0%} within " + str(k)
                                        + " rounds<extra></extra>"))
    for row, lab in zip(y, labels, strict=True):
        fig.add_annotation(x=0, xref="x", xanchor="left", y=row - 0.26, yanchor="bottom",
                           text=escape(lab), showarrow=False, font=dict(size=11))
    fig.update_layout(**_LAYOUT, height=110 + 44 * len(rows),
                      title=escape(f"Back to mutual cooperation within {k} rounds of one "
                                   f"mistaken offence by {recovery['shocked_side']} (round "
                                   f"{recovery['shock_round']})"))
    fig.update_yaxes(autorange="reversed", visible=False, range=[len(rows) - 0.4, -0.75])
    fig.update_xaxes(title="share of matches (Kaplan–Meier estimate, 95% interval)",
                     range=[0, 1.02], tickformat=".0%")
    return fig


# A qualitative palette for the first side's policies (Okabe & Ito 2008, distinguishable
# with the common colour-vision deficiencies) and dash styles for the second side's.
_POLICY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                   "#000000", "#F0E442"]
_POLICY_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def sweep_plot(sweep: dict[str, Any]) -> go.Figure:
    """Cooperation rate of each pair of policies as the swept noise grows: the colour says
    the first side's policy, the dash the second side's, so that no two pairs look alike."""
    fig = go.Figure()
    sides = list(sweep["pairs"][0]["policies"]) if sweep["pairs"] else []
    firsts = list(dict.fromkeys(p["policies"][sides[0]] for p in sweep["pairs"]))
    seconds = list(dict.fromkeys(p["policies"][sides[1]] for p in sweep["pairs"]))
    for p in sweep["pairs"]:
        label = " vs ".join(p["policies"].values())
        i = firsts.index(p["policies"][sides[0]])
        j = seconds.index(p["policies"][sides[1]])
        fig.add_trace(go.Scatter(
            x=[pt["level"] for pt in p["points"]],
            y=[pt["cooperation_rate"]["mean"] for pt in p["points"]],
            mode="lines+markers", name=escape(label),
            line=dict(color=_POLICY_COLOURS[i % len(_POLICY_COLOURS)],
                      dash=_POLICY_DASHES[j % len(_POLICY_DASHES)], width=2),
            marker=dict(size=6, symbol=["circle", "square", "diamond", "triangle-up",
                                        "x", "cross"][j % 6]),
            hovertemplate=f"{escape(label)}<br>%{{x:.0%}}: %{{y:.0%}}<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=460, legend=_LEGEND,
                      title=f"Cooperation as {sweep['kind']} grows")
    fig.update_xaxes(title=f"{sweep['kind']} probability (each side)", tickformat=".0%")
    fig.update_yaxes(title="cooperation rate", range=[0, 1.02], tickformat=".0%")
    return fig


def richardson_plot(richardson: dict[str, Any]) -> go.Figure:
    """Each side's level over time in Richardson's model (the ``to_dict()`` of its result)."""
    tr = richardson["trajectory"]
    fig = go.Figure()
    for k, side in enumerate(richardson["sides"]):
        fig.add_trace(go.Scatter(x=tr["t"], y=tr[side], mode="lines", name=side,
                                 line=dict(color=MOVER_COLOURS[k], width=2)))
    unit = richardson.get("unit") or "level"
    fig.update_layout(**_LAYOUT, height=380, legend=_LEGEND,
                      title=f"Richardson's model: {unit} over time ({richardson['outcome']})")
    fig.update_xaxes(title="time")
    fig.update_yaxes(title=unit)
    return fig


def richardson_region_plot(richardson: dict[str, Any], sourced: bool = False) -> go.Figure:
    """Where Richardson's levels settle: the plane of reaction k·l (x) against restraint a·b
    (y), split by the boundary a·b = k·l (Richardson 1960; the linear system's equilibrium
    is stable exactly when a·b > k·l), with the model's coefficients as a point and the
    smallest single change that crosses the boundary (``settling_changes``, if any) as an
    arrow to it. Unsourced coefficients are the analyst's guesses: the title says the chart
    shows a region, not a finding."""
    cond = richardson["condition"]
    kl, ab = float(cond["kl"]), float(cond["ab"])
    change = (richardson.get("settling_changes") or [None])[0]
    target = None
    if change is not None and change.get("current"):
        ratio = change["threshold"] / change["current"]
        target = (kl * ratio, ab) if change["parameter"] in ("k", "l") else (kl, ab * ratio)
    top = 1.25 * max([kl, ab, 0.1] + ([max(target)] if target else []))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, top, 0, 0], y=[0, top, top, 0], fill="toself",
                             fillcolor="rgba(47,158,68,0.15)", line=dict(width=0),
                             mode="lines", name="levels settle (a·b > k·l)",
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, top, top, 0], y=[0, top, 0, 0], fill="toself",
                             fillcolor="rgba(224,49,49,0.12)", line=dict(width=0),
                             mode="lines", name="levels do not settle (a·b < k·l)",
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=[0, top], y=[0, top], mode="lines", name="boundary a·b = k·l",
                             line=dict(color="#495057", dash="dash", width=1.5),
                             hoverinfo="skip"))
    what = "the coefficients" if sourced else "the guesses"
    fig.add_trace(go.Scatter(x=[kl], y=[ab], mode="markers", name=what,
                             marker=dict(size=11, color="#212529"),
                             hovertemplate=f"{what}: k·l %{{x:.2f}}, a·b %{{y:.2f}}"
                                           "<extra></extra>"))
    if target is not None and change is not None:
        verb = "below" if change["direction"].startswith("decrease") else "above"
        from detente.report.explain_text import _possessive

        label = escape(f"{_possessive(change['side'])} {change['parameter']} {verb} "
                       f"{change['threshold']:.2f} (now {change['current']:.2f})")
        fig.add_trace(go.Scatter(x=[kl, target[0]], y=[ab, target[1]],
                                 mode="lines+markers", name="smallest single change: " + label,
                                 line=dict(color="#1c7ed6", width=2),
                                 marker=dict(size=[0, 13], symbol="arrow", angleref="previous",
                                             color="#1c7ed6"),
                                 hovertemplate=label + "<extra></extra>"))
    unit = richardson.get("unit") or "levels"
    caveat = ("" if sourced else
              " — from unsourced coefficients: a region, not a finding")
    fig.update_layout(**_LAYOUT, height=420, legend=_LEGEND,
                      title=escape(f"Richardson's model ({unit}): where levels settle"
                                   + caveat))
    fig.update_xaxes(title="reaction k·l (each side's response to the other)",
                     range=[0, top], rangemode="tozero")
    fig.update_yaxes(title="restraint a·b (fatigue and expense)", range=[0, top],
                     rangemode="tozero")
    return fig


# -- what the conclusions rest on ----------------------------------------------------------------
def rests_on_heatmap(matrix: dict[str, Any]) -> go.Figure:
    """Headline verdicts (rows) × preference statements (columns): how many single changes
    of the statement (dropping it, swapping it with a neighbour) flip the verdict."""
    z = matrix["z"]
    fig = go.Figure(go.Heatmap(
        z=z, x=matrix["columns"], y=matrix["rows"],
        customdata=[matrix["hover"] for _ in z], zmin=0, zmax=2,
        colorscale=[[0, "#f1f3f5"], [0.5, "#ffa94d"], [1, "#c92a2a"]],
        # A colour bar across the top: at the side it took a third of a phone's width.
        colorbar=dict(tickvals=[0, 1, 2], ticktext=["none", "one", "two"],
                      title=dict(text="changes that flip it", side="top"),
                      orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom",
                      len=0.85, thickness=10, tickangle=0, tickfont=dict(size=10)),
        hovertemplate="%{y}<br>%{customdata}<br>changes that flip it: %{z}<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=180 + 34 * len(matrix["rows"]),
                      title="Which statements each conclusion rests on")
    fig.update_layout(margin=dict(t=60))
    fig.update_xaxes(title="statement (decision maker, priority)", tickangle=-45)
    fig.update_yaxes(autorange="reversed")
    return fig
