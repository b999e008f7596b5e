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
- :func:`richardson_plot`: Richardson's levels of hostility over time.

Examples
--------
>>> from detente.report.briefing import build_briefing
>>> fig = state_graph(build_briefing("prisoners-dilemma").focus.graph)
>>> sorted({t.name for t in fig.data if t.legendgroup == "movers"})
['Prisoner 1', 'Prisoner 1 + Prisoner 2', 'Prisoner 2']
>>> figure_div(fig, "graph").startswith('<div')
True
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

__all__ = [
    "MOVER_COLOURS",
    "figure_div",
    "state_graph",
    "pareto_plot",
    "spiral_heatmap",
    "recovery_plot",
    "sweep_plot",
    "richardson_plot",
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


def figure_div(fig: go.Figure, div_id: str) -> str:
    """The figure as an HTML ``<div>`` (Plotly's library is included once by the page)."""
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True})


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
                      legend=dict(title="moves by · states", tracegroupgap=14))
    fig.update_xaxes(title="moves away from the status quo", dtick=1, zeroline=False)
    fig.update_yaxes(visible=False)
    return fig


# -- package deals -------------------------------------------------------------------------------
# Larger markers are drawn first, so that solutions at the same point all stay visible.
_SOLUTIONS = {"utilitarian": ("utilitarian", "square", 20),
              "egalitarian": ("egalitarian", "triangle-up", 20),
              "kalai_smorodinsky": ("Kalai–Smorodinsky", "diamond", 15),
              "nash": ("Nash", "star", 13)}


def pareto_plot(deals: dict[str, Any], cloud: dict[str, list[float]] | None = None) -> go.Figure:
    """The packages by the first two parties' utilities (the ``to_dict()`` of a
    :class:`~detente.bargain.analysis.DealAnalysis`, and every package's utilities when
    given): Pareto frontier, reservations, ZOPA and the bargaining solutions."""
    parties = [p["id"] for p in deals["parties"]]
    a, b = parties[0], parties[1]
    res = {p["id"]: p["reservation"] for p in deals["parties"]}
    fig = go.Figure()
    fig.add_shape(type="rect", x0=res[a], y0=res[b], x1=1.0, y1=1.0, line=dict(width=0),
                  fillcolor="rgba(64,192,87,0.10)", layer="below")
    if cloud is not None:
        fig.add_trace(go.Scatter(x=cloud[a], y=cloud[b], mode="markers", name="packages",
                                 marker=dict(size=6, color="#ced4da"),
                                 hovertemplate=f"{a} %{{x:.2f}}, {b} %{{y:.2f}}<extra></extra>"))
    front = sorted(deals["pareto"], key=lambda p: p["utilities"][a])
    text = ["<br>".join(f"{k}: {v}" for k, v in p["packages"][0].items()) for p in front]
    fig.add_trace(go.Scatter(
        x=[p["utilities"][a] for p in front], y=[p["utilities"][b] for p in front],
        mode="lines+markers", name="Pareto frontier", line=dict(color="#1c7ed6", width=2),
        marker=dict(size=8), text=text,
        hovertemplate="%{text}<br>" + f"{a} %{{x:.3f}}, {b} %{{y:.3f}}<extra></extra>"))
    sq = {p["id"]: p["status_quo_utility"] for p in deals["parties"]}
    if sq[a] is not None:
        fig.add_trace(go.Scatter(x=[sq[a]], y=[sq[b]], mode="markers", name="no agreement",
                                 marker=dict(size=12, color="#212529", symbol="x")))
    solutions = deals["solutions"] or {}
    for name in sorted(solutions, key=lambda n: -_SOLUTIONS.get(n, ("", "", 10))[2]):
        sol = solutions[name]
        label, symbol, size = _SOLUTIONS.get(name, (name, "circle", 10))
        fig.add_trace(go.Scatter(
            x=[sol["utilities"][a]], y=[sol["utilities"][b]], mode="markers", name=label,
            marker=dict(size=size, symbol=symbol, line=dict(color="white", width=1)),
            text=["<br>".join(f"{k}: {v}" for k, v in sol["packages"][0].items())],
            hovertemplate=f"<b>{label}</b><br>%{{text}}<extra></extra>"))
    fig.add_vline(x=res[a], line=dict(dash="dash", color="#868e96"),
                  annotation_text=f"{a}'s reservation", annotation_position="bottom right")
    fig.add_hline(y=res[b], line=dict(dash="dash", color="#868e96"),
                  annotation_text=f"{b}'s reservation", annotation_position="top left")
    fig.update_layout(**_LAYOUT, height=520, title="Packages, frontier and zone of agreement")
    fig.update_xaxes(title=f"utility of {a}", range=[-0.02, 1.02])
    fig.update_yaxes(title=f"utility of {b}", range=[-0.02, 1.02])
    return fig


# -- dynamics ------------------------------------------------------------------------------------
def spiral_heatmap(matches: list[dict[str, Any]], sides: list[str]) -> go.Figure:
    """Each match (the ``to_dict()`` of a match result) round by round: both sides
    cooperate, one side defects, or both defect."""
    rows, z, text = [], [], []
    for m in matches:
        moves = m["moves"]
        rows.append(" vs ".join(f"{m['policies'][s]}" for s in sides))
        a, b = moves[sides[0]], moves[sides[1]]
        z.append([(x == "C") + (y == "C") for x, y in zip(a, b, strict=True)])
        text.append([f"{sides[0]}: {x}, {sides[1]}: {y}" for x, y in zip(a, b, strict=True)])
    fig = go.Figure(go.Heatmap(
        z=z, y=rows, x=list(range(1, len(z[0]) + 1)) if z else [], text=text,
        zmin=0, zmax=2, colorscale=[[0, "#c92a2a"], [0.5, "#ffd43b"], [1, "#2b8a3e"]],
        colorbar=dict(tickvals=[0, 1, 2], ticktext=["both expel", "one expels", "both keep"]),
        hovertemplate="round %{x}<br>%{y}<br>%{text}<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=120 + 34 * len(rows),
                      title="One match per pair of policies, round by round")
    fig.update_xaxes(title="round")
    fig.update_yaxes(autorange="reversed")
    return fig


def recovery_plot(recovery: dict[str, Any]) -> go.Figure:
    """Mean rounds (with confidence interval) to restore mutual cooperation after the shock,
    per pair of policies (the ``to_dict()`` of a recovery result)."""
    sides = list(recovery["pairs"][0]["policies"]) if recovery["pairs"] else []
    rows = [p for p in recovery["pairs"] if p["restricted_mean_rounds"] is not None]
    rows.sort(key=lambda p: p["restricted_mean_rounds"]["mean"])
    labels = [" vs ".join(p["policies"][s] for s in sides) for p in rows]
    means = [p["restricted_mean_rounds"]["mean"] for p in rows]
    ci = [p["restricted_mean_rounds"]["ci"] or [m, m] for p, m in zip(rows, means, strict=True)]
    fig = go.Figure(go.Bar(
        x=means, y=labels, orientation="h", marker_color="#5c7cfa",
        error_x=dict(type="data", symmetric=False, array=[c[1] - m for c, m in zip(ci, means,
                     strict=True)], arrayminus=[m - c[0] for c, m in zip(ci, means, strict=True)]),
        customdata=[f"{p['never']:.0%}" if p["never"] is not None else "–" for p in rows],
        hovertemplate="%{y}<br>%{x:.1f} rounds<br>never recovered: %{customdata}"
                      "<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=140 + 30 * len(rows),
                      title=f"Rounds to recover after one mistaken offence by "
                            f"{recovery['shocked_side']} (round {recovery['shock_round']})")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="rounds until both cooperate again (mean, 95% interval)")
    return fig


def sweep_plot(sweep: dict[str, Any]) -> go.Figure:
    """Cooperation rate of each pair of policies as the swept noise grows."""
    fig = go.Figure()
    for p in sweep["pairs"]:
        label = " vs ".join(p["policies"].values())
        fig.add_trace(go.Scatter(
            x=[pt["level"] for pt in p["points"]],
            y=[pt["cooperation_rate"]["mean"] for pt in p["points"]],
            mode="lines+markers", name=label))
    fig.update_layout(**_LAYOUT, height=420, title=f"Cooperation as {sweep['kind']} grows")
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
    fig.update_layout(**_LAYOUT, height=380,
                      title=f"Richardson's model: {unit} over time ({richardson['outcome']})")
    fig.update_xaxes(title="time")
    fig.update_yaxes(title=unit)
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
        colorbar=dict(tickvals=[0, 1, 2], ticktext=["no change flips it", "one change",
                                                    "two changes"]),
        hovertemplate="%{y}<br>%{customdata}<br>changes that flip it: %{z}<extra></extra>"))
    fig.update_layout(**_LAYOUT, height=140 + 34 * len(matrix["rows"]),
                      title="Which statements each conclusion rests on")
    fig.update_xaxes(title="statement (decision maker, priority)", tickangle=-45)
    fig.update_yaxes(autorange="reversed")
    return fig
