"""Reciprocity dynamics in terminal tables (``detente dynamics``).

The table format of :class:`~detente.dynamics.run.DynamicsAnalysis`: the model's settings,
then per analysis a table — the match as coloured moves with the rounds where noise struck,
the tournament with confidence intervals and the ranking, recovery times, cooperation
against noise, and Richardson's arms race with the changes that would make it settle. Every
number comes from the results' ``to_dict()``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_dynamics", "STRIP_ROUNDS"]

#: Rounds of a match shown as coloured moves in the table format (the JSON has them all).
STRIP_ROUNDS = 100


def _ci(v: dict[str, Any], digits: int = 2, pct: bool = False) -> str:
    m = v["mean"]
    text = f"{m:.0%}" if pct else f"{m:.{digits}f}"
    if v.get("ci") is not None:
        half = (v["ci"][1] - v["ci"][0]) / 2
        text += f" ±{half:.0%}" if pct else f" ±{half:.{digits}f}"
    return text


def _strip(moves: str) -> Any:
    from rich.text import Text

    t = Text()
    for m in moves[:STRIP_ROUNDS]:
        t.append(m, style="bold green" if m == "C" else "bold red")
    if len(moves) > STRIP_ROUNDS:
        t.append("…", style="dim")
    return t


def render_dynamics(result: Any) -> list[Any]:
    """Rich renderables for the table format of a
    :class:`~detente.dynamics.run.DynamicsAnalysis`."""
    from rich.table import Table
    from rich.text import Text

    model, results = result.model, result.results
    items: list[Any] = []
    s0, s1 = model.sides
    summary = Table(title=f"{model.title or 'Reciprocity dynamics'}: {s0} and {s1}",
                    show_header=False, box=None, title_justify="left")
    summary.add_column(style="bold")
    summary.add_column()
    pay = [model.payoffs(s) for s in model.sides]
    summary.add_row("stage game", "; ".join(
        f"{s}: R={p.R:g} S={p.S:g} T={p.T:g} P={p.P:g}" for s, p in zip(model.sides, pay,
                                                                        strict=True)))
    mis = model.misperception_probabilities()
    summary.add_row("noise", f"symmetric {model.noise.symmetric:g}; slip "
                    + ", ".join(f"{s} {model.noise.slip.get(s, 0.0):g}" for s in model.sides)
                    + "; misperception "
                    + ", ".join(f"{s} {v:g}" for s, v in zip(model.sides, mis, strict=True)))
    h = model.horizon
    # A random length is told by its mean: the cut-off of the simulation is not the length.
    summary.add_row("horizon", f"{model.rounds} rounds" if h.continuation is None else
                    f"random: another round follows with probability {h.continuation:g}, "
                    f"{h.mean_length:.1f} rounds on average (simulated up to {model.rounds})")
    summary.add_row("repetitions", f"{model.analysis.repetitions} per pair, seed "
                    f"{model.analysis.seed}, {model.analysis.confidence:.0%} confidence intervals")
    items.append(summary)

    for name, result in results.items():
        if name == "match":
            items.extend(_render_matches(result))
        elif name == "tournament":
            items.extend(_render_tournament(result.to_dict()))
        elif name == "recovery":
            items.extend(_render_recovery(result.to_dict()))
        elif name == "sweep":
            items.extend(_render_sweep(result.to_dict()))
        elif name == "richardson":
            items.extend(_render_richardson(result.to_dict()))
    items.append(Text("Method and references: docs/dynamics.md. --format json gives every "
                      "number.", style="dim"))
    return items


def _render_matches(matches: list[Any]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    items: list[Any] = []
    for m in matches:
        d = m.to_dict()
        sides = list(d["policies"])
        t = Table(title=f"Match: {' vs '.join(d['policies'].values())} ({d['rounds']} rounds; "
                  "green C cooperate, red D defect; marks: s slip, m misperception, ! shock)",
                  title_justify="left", show_header=False, box=None)
        t.add_column(style="bold")
        t.add_column()
        for s in sides:
            t.add_row(s, _strip(d["moves"][s]))
            marks = [" "] * min(d["rounds"], STRIP_ROUNDS)
            for ev in d["noise"]:
                if ev["side"] == s and ev["round"] <= STRIP_ROUNDS:
                    marks[ev["round"] - 1] = {"slip": "s", "misperception": "m",
                                              "shock": "!"}[ev["kind"]]
            if any(c != " " for c in marks):
                t.add_row("", Text("".join(marks), style="yellow"))
        o = d["outcomes"]
        t.add_row("result", ", ".join(
            f"{s} cooperates {d['cooperation_rate'][s]:.0%}, mean payoff "
            f"{d['mean_payoff'][s]:.2f}" for s in sides)
            + f"; rounds CC {o['CC']}, CD {o['CD']}, DC {o['DC']}, DD {o['DD']}")
        items.append(t)
    return items


def _render_tournament(d: dict[str, Any]) -> list[Any]:
    from rich.table import Table

    s0, s1 = d["sides"]
    show_engine = any(p["engine"] != "detente" for p in d["pairs"])
    t = Table(title=f"Tournament under noise: mean payoff per round and cooperation rate "
              f"({d['repetitions']} matches per pair, ± half-width of the "
              f"{d['confidence']:.0%} interval)", title_justify="left")
    t.add_column(f"{s0}'s policy")
    t.add_column(f"{s1}'s policy")
    t.add_column(f"{s0} payoff", justify="right")
    t.add_column(f"{s1} payoff", justify="right")
    t.add_column(f"{s0} coop.", justify="right")
    t.add_column(f"{s1} coop.", justify="right")
    t.add_column("both coop.", justify="right")
    if show_engine:
        t.add_column("engine")
    for p in d["pairs"]:
        row = [p["policies"][s0], p["policies"][s1], _ci(p["mean_payoff"][s0]),
               _ci(p["mean_payoff"][s1]), _ci(p["cooperation_rate"][s0], pct=True),
               _ci(p["cooperation_rate"][s1], pct=True), _ci(p["mutual_cooperation"], pct=True)]
        if show_engine:
            row.append(p["engine"])
        t.add_row(*row)
    items: list[Any] = [t]
    r = Table(title="Ranking: mean payoff against all of the other side's policies",
              title_justify="left")
    for s in (s0, s1):
        r.add_column(f"{s}'s policy")
        r.add_column("payoff", justify="right")
    rows0, rows1 = d["ranking"][s0], d["ranking"][s1]
    for k in range(max(len(rows0), len(rows1))):
        cells = []
        for rows in (rows0, rows1):
            if k < len(rows):
                cells += [rows[k]["policy"], f"{rows[k]['mean_payoff']:.2f}"]
            else:
                cells += ["", ""]
        r.add_row(*cells)
    items.append(r)
    return items


def _within(p: dict[str, Any]) -> str:
    w = p["recovered_within"]
    text = f"{w['share']:.0%}"
    if w["ci"] is not None:
        text += f" ({w['ci'][0]:.0%}–{w['ci'][1]:.0%})"
    return text


def _render_recovery(d: dict[str, Any]) -> list[Any]:
    from rich.table import Table

    s0, s1 = d["sides"]
    k = next((p["recovered_within"]["rounds"] for p in d["pairs"]
              if p["recovered_within"] is not None), None)
    t = Table(title=f"Recovery: {d['shocked_side']} defects by mistake in round "
              f"{d['shock_round']}; share of matches back to mutual cooperation within {k} "
              "rounds (Kaplan–Meier, 95% interval: a match that ends first is censored) and "
              "the median; then the share recovered before the match ended and the "
              "restricted mean ('never' counted as the rounds left)", title_justify="left")
    t.add_column(f"{s0}'s policy")
    t.add_column(f"{s1}'s policy")
    t.add_column("cooperating before", justify="right")
    t.add_column(f"within {k} rounds", justify="right")
    t.add_column("median rounds", justify="right")
    t.add_column("recovered", justify="right")
    t.add_column("restricted mean", justify="right")
    for p in d["pairs"]:
        if p["matches"] == 0:
            t.add_row(p["policies"][s0], p["policies"][s1], "0%", "—", "—", "—", "—")
            continue
        median = p["recovered_within"]["median"]
        t.add_row(p["policies"][s0], p["policies"][s1], f"{p['cooperating_before']:.0%}",
                  _within(p), "not reached" if median is None else f"{median:g}",
                  f"{p['recovered']:.0%}", _ci(p["restricted_mean_rounds"], 1))
    return [t]


def _render_sweep(d: dict[str, Any]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    s0, s1 = d["sides"]
    what = {"noise": "symmetric noise", "slip": "slip (both sides)",
            "misperception": "misperception (both sides)"}[d["kind"]]
    t = Table(title=f"Cooperation rate against {what} (simulated; exact Markov value in "
              "brackets for memory-one pairs)", title_justify="left")
    t.add_column(f"{s0}'s policy")
    t.add_column(f"{s1}'s policy")
    for level in d["levels"]:
        t.add_column(f"{level:g}", justify="right")
    for p in d["pairs"]:
        cells = []
        for pt in p["points"]:
            text = Text(f"{pt['cooperation_rate']['mean']:.0%}")
            if pt["exact"] is not None:
                text.append(f" ({pt['exact']:.0%})", style="dim")
            cells.append(text)
        t.add_row(p["policies"][s0], p["policies"][s1], *cells)
    return [t]


def _render_richardson(d: dict[str, Any]) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    s0, s1 = d["sides"]
    c = d["coefficients"]
    unit = f" ({d['unit']})" if d["unit"] else ""
    t = Table(title=f"Richardson arms race{unit}: dx/dt = k·y − a·x + g, dy/dt = l·x − b·y + h",
              title_justify="left", show_header=False, box=None)
    t.add_column(style="bold")
    t.add_column()
    t.add_row("coefficients", f"{s0} (x): k={c['k']:g}, a={c['a']:g}, g={c['g']:g}; "
              f"{s1} (y): l={c['l']:g}, b={c['b']:g}, h={c['h']:g}")
    cond = d["condition"]
    verdict = Text("stable", style="green") if d["stable"] else Text(d["outcome"],
                                                                      style="bold red")
    t.add_row("stability", Text.assemble(f"a·b = {cond['ab']:g} "
                                         f"{'>' if d['stable'] else '≤'} k·l = "
                                         f"{cond['kl']:g}: ", verdict))
    if d["equilibrium"] is not None:
        t.add_row("equilibrium", ", ".join(f"{s} {v:.3g}" for s, v in d["equilibrium"].items()))
    elif d["saddle_point"] is not None:
        t.add_row("unstable equilibrium",
                  ", ".join(f"{s} {v:.3g}" for s, v in d["saddle_point"].items()))
    traj = d["trajectory"]
    t.add_row("trajectory", f"from {s0} {traj[s0][0]:.3g}, {s1} {traj[s1][0]:.3g} to "
              f"{s0} {traj[s0][-1]:.3g}, {s1} {traj[s1][-1]:.3g} at t = {traj['t'][-1]:g}")
    items: list[Any] = [t]
    if d["settling_changes"]:
        ch = Table(title="Changes that would make the race settle (one coefficient at a time, "
                   "smallest change first)", title_justify="left")
        ch.add_column("coefficient")
        ch.add_column("side")
        ch.add_column("now", justify="right")
        ch.add_column("must", justify="left")
        ch.add_column("e.g.", justify="right")
        ch.add_column("change", justify="right")
        ch.add_column("settles at")
        for x in d["settling_changes"]:
            eq = x["equilibrium"]
            short = {"k": "defence", "l": "defence", "a": "fatigue", "b": "fatigue"}
            ch.add_row(f"{x['parameter']} ({short[x['parameter']]})", x["side"],
                       f"{x['current']:g}",
                       f"{x['direction']} {x['threshold']:.3g}", f"{x['value']:.3g}",
                       "—" if x["change"] is None else f"{x['change']:+.0%}",
                       "—" if eq is None else ", ".join(f"{s} {v:.3g}" for s, v in eq.items()))
        items.append(ch)
    return items

