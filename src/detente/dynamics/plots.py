"""Figures of the reciprocity analyses (Matplotlib), built from their results' data.

Every function takes an analysis result — the object, or its ``to_dict()`` JSON shape, so
that a report can draw from saved JSON — and returns a :class:`matplotlib.figure.Figure`
made without :mod:`matplotlib.pyplot`: no window opens and no global state is touched.
:func:`to_svg` turns a figure into an SVG string for HTML reports.

- :func:`match_figure`: both sides' moves round by round, noise events marked;
- :func:`tournament_figure`: mean payoff of each side for every pair of policies;
- :func:`recovery_figure`: the share of matches back to mutual cooperation within k rounds
  of one spurious defection (Kaplan–Meier), as in the report;
- :func:`sweep_figure`: cooperation rate against noise, with confidence bands and the exact
  Markov values;
- :func:`richardson_figure`: Richardson's phase portrait — the flow of (x, y), the two
  lines where each side's level stops changing, the equilibrium and the trajectory.

Examples
--------
>>> from detente.model.dynamics import dynamics_from_data
>>> from detente.dynamics.analyses import play_match
>>> model = dynamics_from_data({"sides": ["A", "B"], "noise": {"symmetric": 0.1},
...                             "horizon": {"rounds": 30}})
>>> svg = to_svg(match_figure(play_match(model)))
>>> svg.lstrip().startswith("<?xml") and "</svg>" in svg
True
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from detente.dynamics.richardson import Richardson

__all__ = [
    "match_figure",
    "tournament_figure",
    "recovery_figure",
    "sweep_figure",
    "richardson_figure",
    "to_svg",
]

_COOPERATE = "#2b8a3e"
_DEFECT = "#c92a2a"
_EVENT_MARKERS = {"slip": ("x", "slip"), "misperception": ("o", "misperception"),
                  "shock": ("*", "shock")}


def _data(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else result


def _pair_label(policies: dict[str, str]) -> str:
    return " vs ".join(policies.values())


def to_svg(figure: Figure) -> str:
    """The figure as an SVG document (text)."""
    buf = io.StringIO()
    figure.savefig(buf, format="svg", bbox_inches="tight")
    return buf.getvalue()


def match_figure(match: Any) -> Figure:
    """Moves of both sides round by round (green: cooperate, red: defect); rounds where a
    slip, a misperception or the shock struck are marked above the side concerned."""
    d = _data(match)
    sides = list(d["policies"])
    rounds = d["rounds"]
    fig = Figure(figsize=(max(6.0, min(16.0, rounds / 12)), 2.4))
    ax = fig.add_subplot()
    for row, side in enumerate(sides):
        y = len(sides) - 1 - row
        moves = d["moves"][side]
        colours = [_COOPERATE if m == "C" else _DEFECT for m in moves]
        ax.bar(np.arange(1, rounds + 1), 0.8, bottom=y - 0.4, width=1.0, color=colours,
               linewidth=0)
    seen = set()
    for ev in d["noise"]:
        marker, label = _EVENT_MARKERS[ev["kind"]]
        y_mark = len(sides) - 1 - sides.index(ev["side"]) + 0.5
        ax.plot(ev["round"], y_mark, marker=marker, color="black", markersize=6,
                fillstyle="none", linestyle="none",
                label=None if label in seen else label)
        seen.add(label)
    ax.set_yticks(range(len(sides)))
    ax.set_yticklabels([f"{s}\n({d['policies'][s]})" for s in reversed(sides)])
    ax.set_xlim(0.5, rounds + 0.5)
    ax.set_ylim(-0.6, len(sides) - 0.4 + 0.4)
    ax.set_xlabel("round")
    ax.set_title("Moves by round (green: cooperate, red: defect)", fontsize=10)
    if seen:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def tournament_figure(tournament: Any) -> Figure:
    """Heat maps of each side's mean payoff per round for every pair of policies."""
    d = _data(tournament)
    sides = d["sides"]
    rows, cols = d["candidates"][sides[0]], d["candidates"][sides[1]]
    grids = [np.full((len(rows), len(cols)), np.nan) for _ in sides]
    for p in d["pairs"]:
        i, j = rows.index(p["policies"][sides[0]]), cols.index(p["policies"][sides[1]])
        for k, s in enumerate(sides):
            grids[k][i, j] = p["mean_payoff"][s]["mean"]
    fig = Figure(figsize=(5 + 0.6 * len(cols) * 2, 1.5 + 0.45 * len(rows)))
    lo = np.nanmin([g.min() for g in grids])
    hi = np.nanmax([g.max() for g in grids])
    for k, side in enumerate(sides):
        ax = fig.add_subplot(1, 2, k + 1)
        im = ax.imshow(grids[k], cmap="viridis", vmin=lo, vmax=hi, aspect="auto")
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels(cols, rotation=60, ha="right", fontsize=7)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(rows if k == 0 else [], fontsize=7)
        ax.set_xlabel(f"{sides[1]}'s policy")
        if k == 0:
            ax.set_ylabel(f"{sides[0]}'s policy")
        ax.set_title(f"{side}: mean payoff per round", fontsize=9)
        for i in range(len(rows)):
            for j in range(len(cols)):
                if not np.isnan(grids[k][i, j]):
                    ax.text(j, i, f"{grids[k][i, j]:.2f}", ha="center", va="center",
                            fontsize=6, color="white")
    fig.colorbar(im, ax=fig.axes, shrink=0.8)
    return fig


def recovery_figure(recovery: Any) -> Figure:
    """The share of matches back to mutual cooperation within k rounds of the shock
    (``recovered_within``: the Kaplan–Meier estimate, Kaplan & Meier 1958, with its 95 %
    interval; k is the analysis's ``within``), one bar per pair of policies, the pairs that
    recover most first — the figure the briefing and the report use. A pair's median
    recovery time is written beside its bar ("fewer than half recover" when there is none).
    The restricted mean (where "never" counts as the rounds left) is not drawn: with random
    match lengths it makes pairs that almost never recover look fast."""
    d = _data(recovery)
    rows = [p for p in d["pairs"] if p["recovered_within"] is not None]
    rows.sort(key=lambda p: -p["recovered_within"]["share"])
    k = rows[0]["recovered_within"]["rounds"] if rows else d.get("within", 0)
    fig = Figure(figsize=(7, 1.0 + 0.3 * max(1, len(rows))))
    ax = fig.add_subplot()
    labels = [_pair_label(p["policies"]) for p in rows]
    shares = [p["recovered_within"]["share"] for p in rows]
    cis = [p["recovered_within"]["ci"] or [v, v] for p, v in zip(rows, shares, strict=True)]
    errs = [[v - c[0] for c, v in zip(cis, shares, strict=True)],
            [c[1] - v for c, v in zip(cis, shares, strict=True)]]
    y = np.arange(len(rows))
    ax.barh(y, shares, xerr=errs, color="#5c7cfa", ecolor="black", capsize=2)
    for yy, p in zip(y, rows, strict=True):
        med = p["recovered_within"]["median"]
        ax.text(1.01, float(yy), f"median {med:g} rounds" if med is not None else
                "fewer than half recover", va="center", fontsize=7,
                transform=ax.get_yaxis_transform())
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.0)
    ax.set_xlabel(f"share of matches back to mutual cooperation within {k} rounds of the "
                  f"shock in round {d['shock_round']} ({d['shocked_side']} defects by "
                  "mistake; Kaplan–Meier, 95% interval)", fontsize=8)
    fig.subplots_adjust(right=0.78)
    return fig


def sweep_figure(sweep: Any, pairs: list[int] | None = None) -> Figure:
    """Cooperation rate against the noise level for each pair (or the given pair indices),
    with confidence bands; dashed: the exact Markov value where there is one."""
    d = _data(sweep)
    chosen = [d["pairs"][k] for k in pairs] if pairs is not None else d["pairs"]
    fig = Figure(figsize=(7, 4.5))
    ax = fig.add_subplot()
    colours = [f"C{k % 10}" for k in range(len(chosen))]
    for p, colour in zip(chosen, colours, strict=True):
        levels = [pt["level"] for pt in p["points"]]
        means = [pt["cooperation_rate"]["mean"] for pt in p["points"]]
        ax.plot(levels, means, marker="o", markersize=3, color=colour,
                label=_pair_label(p["policies"]))
        cis = [pt["cooperation_rate"]["ci"] for pt in p["points"]]
        if all(ci is not None for ci in cis):
            ax.fill_between(levels, [c[0] for c in cis], [c[1] for c in cis], color=colour,
                            alpha=0.15, linewidth=0)
        exact = [pt["exact"] for pt in p["points"]]
        if all(e is not None for e in exact):
            ax.plot(levels, exact, linestyle="--", linewidth=0.8, color=colour)
    names = {"noise": "symmetric noise", "slip": "slip probability (each side)",
             "misperception": "misperception probability (each side)"}
    ax.set_xlabel(names.get(d["kind"], d["kind"]))
    ax.set_ylabel("cooperation rate")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def richardson_figure(result: Any) -> Figure:
    """Richardson's phase portrait: the flow of the levels (x: first side, y: second), the
    lines dx/dt = 0 and dy/dt = 0, the equilibrium (filled if stable, hollow if not) and the
    trajectory from the initial levels."""
    d = _data(result)
    c = d["coefficients"]
    s0, s1 = d["sides"]
    xs = np.asarray(d["trajectory"][s0])
    ys = np.asarray(d["trajectory"][s1])
    pts_x, pts_y = list(xs), list(ys)
    point = d["saddle_point"]
    if point is not None:
        pts_x.append(point[s0])
        pts_y.append(point[s1])
    x_lo, x_hi = min(pts_x + [0.0]), max(pts_x + [1.0])
    y_lo, y_hi = min(pts_y + [0.0]), max(pts_y + [1.0])
    pad_x, pad_y = 0.15 * (x_hi - x_lo or 1.0), 0.15 * (y_hi - y_lo or 1.0)
    x_lo, x_hi, y_lo, y_hi = x_lo - pad_x, x_hi + pad_x, y_lo - pad_y, y_hi + pad_y
    gx, gy = np.meshgrid(np.linspace(x_lo, x_hi, 25), np.linspace(y_lo, y_hi, 25))
    u, v = Richardson(**c).rates(gx, gy)
    fig = Figure(figsize=(6, 5))
    ax = fig.add_subplot()
    ax.streamplot(gx, gy, u, v, color="#adb5bd", density=1.0, linewidth=0.6, arrowsize=0.8)
    line_x = np.linspace(x_lo, x_hi, 50)
    if c["k"] != 0:  # dx/dt = 0: y = (a·x − g)/k
        ax.plot(line_x, (c["a"] * line_x - c["g"]) / c["k"], color="C0",
                label=f"{s0}'s level steady")
    else:
        ax.axvline(c["g"] / c["a"], color="C0", label=f"{s0}'s level steady")
    if c["b"] != 0:  # dy/dt = 0: y = (l·x + h)/b
        ax.plot(line_x, (c["l"] * line_x + c["h"]) / c["b"], color="C1",
                label=f"{s1}'s level steady")
    ax.plot(xs, ys, color="black", linewidth=1.5, label="trajectory")
    ax.plot(xs[:1], ys[:1], marker="s", color="black", linestyle="none")
    if point is not None:
        ax.plot(point[s0], point[s1], marker="o", markersize=8, color="black",
                fillstyle="full" if d["stable"] else "none", linestyle="none",
                label="equilibrium" if d["stable"] else "unstable equilibrium")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    unit = f" ({d['unit']})" if d.get("unit") else ""
    ax.set_xlabel(f"{s0}{unit}")
    ax.set_ylabel(f"{s1}{unit}")
    verdict = "stable: a·b > k·l" if d["stable"] else f"{d['outcome']}: a·b ≤ k·l"
    ax.set_title(f"Richardson arms race — {verdict}", fontsize=10)
    ax.legend(fontsize=7, loc="best")
    return fig
