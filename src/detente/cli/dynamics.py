"""``detente dynamics``: reciprocity spirals and the policies that end them."""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from detente.cli.common import LazyProgress, app, fail, out, parse_csv, print_json


class Format(str, Enum):
    table = "table"
    json = "json"


#: Rounds of a match shown as coloured moves in the table format (the JSON has them all).
STRIP_ROUNDS = 100


@app.command(rich_help_panel="Reciprocity dynamics")
def dynamics(
    file: str = typer.Argument(
        None, metavar="[FILE|NAME]",
        help="Scenario file with a `dynamics:` section (or a built-in scenario name). Omit it "
        "to run from the options alone (sides A and B, Axelrod's payoffs, the ten policies)."),
    analyses: str = typer.Option(
        None, "--analyses", "-a",
        help="Comma-separated: match, tournament, recovery, sweep, richardson. Default: every "
        "analysis the model allows."),
    noise: float = typer.Option(
        None, "--noise",
        help="Symmetric noise: probability that a move comes out as its opposite, both sides "
        "seeing it (the Axelrod library's noise). E.g. --noise 0.05."),
    misperception: str = typer.Option(
        None, "--misperception", metavar="SIDE=P,…",
        help="Per-side probability of misreading the other side's move, e.g. "
        "--misperception 'Russia=0.1,United States=0.02'."),
    slip: str = typer.Option(
        None, "--slip", metavar="SIDE=P,…",
        help="Per-side probability that a side's own move comes out wrong, e.g. --slip A=0.01."),
    policies: str = typer.Option(
        None, "--policies", "-p",
        help="Policies to compare, first = current: 'Tit For Tat,GRIT,Generous TFT' for both "
        "sides, or per side 'United States=TFT,GRIT; Russia=TFT'. Names of the Axelrod "
        "library's strategies are accepted too."),
    rounds: int = typer.Option(None, "--rounds", "-r", help="Rounds per match (e.g. 200)."),
    repetitions: int = typer.Option(
        None, "--repetitions", "-n", help="Matches per pair of policies (e.g. 100)."),
    seed: int = typer.Option(None, "--seed", help="Random seed; the same seed gives the same "
                             "numbers."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    max_work: float = typer.Option(
        None, "--max-work", metavar="N", min=0,
        help="Most match-rounds the analyses may simulate (default 4e8, about a minute); "
        "larger runs are refused at once with the estimate."),
) -> None:
    """How reciprocity spirals go, and which policies end them.

    One match round by round, a tournament of policies under noise (with confidence
    intervals), recovery after one spurious defection, cooperation against noise, and
    Richardson's arms-race model.

    Examples: [bold]detente dynamics --noise 0.05[/] ·
    [bold]detente dynamics summit.yaml --analyses match,recovery[/] ·
    [bold]detente dynamics --policies 'TFT,GTFT,CTFT,GRIT' --misperception A=0.1 -f json[/]
    """
    from detente.model.dynamics import ANALYSES, DynamicsModel, load_dynamics
    from detente.model.errors import ModelError, did_you_mean

    model = load_dynamics(file) if file else DynamicsModel.default()
    overrides: dict[str, Any] = {}
    if noise is not None:
        overrides["noise"] = _probability(noise, "--noise")
    if misperception is not None:
        overrides["misperception"] = _per_side(misperception, "--misperception", model.sides)
    if slip is not None:
        overrides["slip"] = _per_side(slip, "--slip", model.sides)
    if policies is not None:
        overrides["policies"] = _policies(policies, model.sides)
    for value, option, low in ((rounds, "--rounds", 1), (repetitions, "--repetitions", 1),
                               (seed, "--seed", 0)):
        if value is not None and value < low:
            fail(f"{option} must be at least {low}; got {value}")
    if rounds is not None:
        overrides["rounds"] = rounds
    if repetitions is not None:
        overrides["repetitions"] = repetitions
    if seed is not None:
        overrides["seed"] = seed
    if overrides:
        try:
            model = model.with_overrides(**overrides)
        except ModelError as exc:
            raise ModelError(exc.message, field=_option_for(exc.field)) from None

    wanted = parse_csv(analyses) if analyses is not None else model.default_analyses()
    if not wanted:
        fail("nothing to analyse: give --analyses (match, tournament, recovery, sweep, "
             "richardson) or a file whose dynamics section has a game or a Richardson model")
    for name in wanted:
        if name not in ANALYSES:
            fail(f"--analyses: unknown analysis {name!r}. {did_you_mean(name, ANALYSES)}")
    if "richardson" in wanted and model.richardson is None:
        fail("--analyses richardson needs a 'richardson:' model in the dynamics section of a "
             "scenario file (defence, fatigue, grievance per side; see docs/dynamics.md)")
    wanted = [a for a in ANALYSES if a in wanted]

    from detente.dynamics.analyses import check_work

    works = check_work(model, wanted, max_work)  # refuse at once, before any simulation
    results = _run(model, wanted, works)
    if format == Format.json:
        print_json(_json(results))
    else:
        for renderable in render_dynamics(model, results):
            out.print(renderable)


def _run(model, wanted: list[str], works: dict[str, float]) -> dict[str, Any]:
    from detente.dynamics.analyses import run_analysis

    results: dict[str, Any] = {}
    # the bar counts thousandths of the estimated work, and one step per analysis
    total = sum(works.values()) or 1.0
    with LazyProgress("dynamics") as bar:
        bar.plan(1000 + len(wanted))
        for name in wanted:
            done = [0.0, 0]  # work so far, thousandths shown

            def progress(work: float, name: str = name, done: list = done) -> None:
                done[0] += work
                shown = min(int(1000 * done[0] / total), int(1000 * works[name] / total))
                if shown > done[1]:
                    bar.tick(name, advance=shown - done[1])
                    done[1] = shown

            results[name] = run_analysis(model, name, progress=progress)
            bar.tick(name, advance=1 + int(1000 * works[name] / total) - done[1])
    return results


def _json(results: dict[str, Any]) -> dict[str, Any]:
    keys = {"match": "matches", "tournament": "tournament", "recovery": "recovery",
            "sweep": "sweep", "richardson": "richardson"}
    payload: dict[str, Any] = {}
    for name, value in results.items():
        if isinstance(value, list):
            payload[keys[name]] = [v.to_dict() for v in value]
        else:
            payload[keys[name]] = value.to_dict()
    return payload


# -- option parsing ------------------------------------------------------------------------------
def _option_for(field: str | None) -> str | None:
    if not field:
        return field
    mapping = {"noise.symmetric": "--noise", "noise.misperception": "--misperception",
               "noise.slip": "--slip", "policies": "--policies", "horizon": "--rounds",
               "analysis.repetitions": "--repetitions", "analysis.seed": "--seed"}
    for prefix, option in mapping.items():
        if field.startswith(prefix):
            return option
    return field


def _probability(value: float, option: str) -> float:
    if not 0.0 <= value <= 1.0:
        fail(f"{option}: a probability must be between 0 and 1; got {value:g}")
    return value


def _side(name: str, option: str, sides: list[str]) -> str:
    from detente.model.errors import did_you_mean

    for s in sides:
        if s.casefold() == name.strip().casefold():
            return s
    fail(f"{option}: unknown side {name.strip()!r}. {did_you_mean(name.strip(), sides)}")
    raise AssertionError  # pragma: no cover


def _per_side(text: str, option: str, sides: list[str]) -> dict[str, float]:
    values: dict[str, float] = {}
    for part in parse_csv(text) or []:
        if "=" not in part:
            fail(f"{option}: expected SIDE=P (e.g. {sides[0]}=0.05), got {part!r}")
        name, _, number = part.rpartition("=")
        side = _side(name, option, sides)
        try:
            p = float(number)
        except ValueError:
            fail(f"{option}: {number.strip()!r} is not a number (for side {side!r})")
        values[side] = _probability(p, f"{option} {side}")
    if not values:
        fail(f"{option}: give SIDE=P for at least one side")
    return values


def _policies(text: str, sides: list[str]) -> dict[str, list[str]] | list[str]:
    from detente.model.dynamics import resolve_policy
    from detente.model.errors import ModelError

    def names(csv: str, side: str | None = None) -> list[str]:
        found = []
        for n in parse_csv(csv) or []:
            try:
                canon = resolve_policy(n)
            except ModelError as exc:
                fail(f"--policies: {exc.message}")
            if canon in found:  # as in a scenario file's policies
                same = ("" if n.strip().casefold() == canon.casefold()
                        else f" ({n.strip()!r} is another name for it)")
                fail(f"--policies: {canon!r} is listed twice"
                     + (f" for {side!r}" if side else "") + same)
            found.append(canon)
        if not found:
            fail("--policies: no policy named")
        return found

    if "=" not in text:
        return names(text)
    chosen: dict[str, list[str]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            fail(f"--policies: expected SIDE=POLICY,… for each side (separated by ';'), got "
                 f"{part.strip()!r}")
        name, _, rest = part.partition("=")
        side = _side(name, "--policies", sides)
        if side in chosen:
            fail(f"--policies: side {side!r} appears twice")
        chosen[side] = names(rest, side)
    return chosen


# -- tables ----------------------------------------------------------------------------------------
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


def render_dynamics(model, results: dict[str, Any]) -> list[Any]:
    """Rich renderables for the table format."""
    from rich.table import Table
    from rich.text import Text

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
    summary.add_row("horizon", f"{model.rounds} rounds" if h.continuation is None else
                    f"continuation {h.continuation:g} (cut at {model.rounds} rounds)")
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


def _render_recovery(d: dict[str, Any]) -> list[Any]:
    from rich.table import Table

    s0, s1 = d["sides"]
    t = Table(title=f"Recovery: {d['shocked_side']} defects by mistake in round "
              f"{d['shock_round']}; rounds until both cooperate again (restricted mean: "
              "'never' counts as the rounds left)", title_justify="left")
    t.add_column(f"{s0}'s policy")
    t.add_column(f"{s1}'s policy")
    t.add_column("cooperating before", justify="right")
    t.add_column("recovered", justify="right")
    t.add_column("median rounds", justify="right")
    t.add_column("restricted mean", justify="right")
    for p in d["pairs"]:
        if p["matches"] == 0:
            t.add_row(p["policies"][s0], p["policies"][s1], "0%", "—", "—", "—")
            continue
        median = "never" if p["median_rounds"] is None else f"{p['median_rounds']:g}"
        t.add_row(p["policies"][s0], p["policies"][s1], f"{p['cooperating_before']:.0%}",
                  f"{p['recovered']:.0%}", median, _ci(p["restricted_mean_rounds"], 1))
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

