"""Every command's JSON equals its API function's ``to_dict()`` on the same inputs.

For each command with a JSON output, ``detente CMD ... --format json`` (run in this process)
and ``detente.CMD(...).to_dict()`` (through a JSON round trip) must be equal, on the
built-in scenarios and on seeded random models written to scenario files. The command line
calls the same functions, so a difference means the CLI computed or changed something
itself.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import detente
from detente.cli import main
from detente.model.conflict import Conflict
from detente.model.loader import list_assumptions
from tests.graph.strategies import random_conflict

BUILTIN = ["cuban-missile-crisis", "prisoners-dilemma", "chicken", "elmira", "summit-2021"]


def _scenario(c: Conflict) -> dict[str, Any]:
    """A conflict in the scenario language (statements, irreversible options, status quo)."""
    dirs = {"forward": "forward", "backward": "backward"}
    out: dict[str, Any] = {"title": c.title, "decision_makers": []}
    for dm, spec in zip(c.decision_makers, c.preferences, strict=True):
        opts = []
        for k in dm.options:
            o = c.options[k]
            entry: dict[str, Any] = {"id": o.id}
            if o.direction in dirs:
                entry["irreversible"] = dirs[o.direction]
            opts.append(entry)
        out["decision_makers"].append({
            "name": dm.name, "options": opts,
            "preferences": {"statements": [str(s.formula) for s in spec.statements]}})
    if c.infeasible:
        out["infeasible"] = [str(f) for f in c.infeasible]
    out["status_quo"] = "N" * c.n_options
    return out


@pytest.fixture(scope="module")
def random_files(tmp_path_factory) -> list[str]:
    """Seeded random models (2-3 decision makers, up to 7 options) as scenario files."""
    folder = tmp_path_factory.mktemp("random-models")
    out = []
    for seed in range(4):
        rng = random.Random(seed)
        n = 2 + seed % 2
        c = random_conflict(rng, n, [rng.randint(1, 3) for _ in range(n)], title=f"r{seed}")
        path = folder / f"random-{seed}.json"
        path.write_text(json.dumps(_scenario(c)))
        out.append(str(path))
    return out


def _cli_json(args: list[str], capsys) -> Any:
    capsys.readouterr()
    code = main(args)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _api_json(result: Any, *args: Any) -> Any:
    return json.loads(json.dumps(result.to_dict(*args)))


def _same(cli: list[str], api: Callable[[], Any], capsys, *to_dict_args: Any) -> None:
    expected = _cli_json(cli, capsys)
    assert _api_json(api(), *to_dict_args) == expected


# -- analyze ------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", BUILTIN)
@pytest.mark.parametrize("detail", ["equilibria", "stability", "full"])
def test_analyze_builtin(source: str, detail: str, capsys) -> None:
    _same(["analyze", source, "-f", "json", "--detail", detail],
          lambda: detente.analyze(source), capsys, detail)


def test_analyze_options(capsys) -> None:
    _same(["analyze", "prisoners-dilemma", "-f", "json", "--concepts", "nash,lh,nm",
           "--horizon", "2", "--coalitions", "all", "--detail", "full"],
          lambda: detente.analyze("prisoners-dilemma", "nash,lh,nm", horizon=2,
                                  coalitions="all"), capsys)
    _same(["analyze", "chicken", "-f", "json", "--concepts", "nm"],
          lambda: detente.analyze("chicken", ["nm"]), capsys, "equilibria")
    name = list_assumptions("summit-2021")[0]
    pair = "+".join(detente.load("summit-2021").dm_names[:2])
    _same(["analyze", "summit-2021", "-f", "json", "--concepts", "nash,seq",
           "--coalitions", pair, "--assumption", name],
          lambda: detente.analyze("summit-2021", ["nash", "seq"], coalitions=pair,
                                  assumption=name), capsys, "equilibria")


def test_analyze_random(random_files: list[str], capsys) -> None:
    for path in random_files:
        _same(["analyze", path, "-f", "json", "--concepts", "all", "--detail", "full"],
              lambda path=path: detente.analyze(path, "all"), capsys)
        _same(["analyze", path, "-f", "json", "--coalitions", "all", "--detail", "stability"],
              lambda path=path: detente.analyze(path, coalitions="all"), capsys, "stability")


def test_analyze_accepts_a_loaded_model(capsys) -> None:
    conflict = detente.load("elmira")
    _same(["analyze", "elmira", "-f", "json", "--concepts", "gmr,seq"],
          lambda: detente.analyze(conflict, ["gmr", "seq"]), capsys, "equilibria")


# -- hypergame ----------------------------------------------------------------------------------
MISREAD = str(Path(__file__).parent / "data" / "hypergame" / "chicken-misread.yaml")


@pytest.mark.parametrize("source", ["chicken", "cuban-missile-crisis", MISREAD])
def test_hypergame(source: str, capsys) -> None:
    _same(["hypergame", source, "-f", "json"], lambda: detente.hypergame(source), capsys)
    _same(["hypergame", source, "-f", "json", "--concepts", "nash,seq"],
          lambda: detente.hypergame(source, "nash,seq"), capsys)


# -- paths ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", BUILTIN)
def test_paths_builtin(source: str, capsys) -> None:
    _same(["paths", source, "-f", "json"], lambda: detente.status_quo(source), capsys)


def test_paths_options(random_files: list[str], capsys) -> None:
    _same(["paths", "cuban-missile-crisis", "--from", "YNNN", "--to", "YNYN", "--moves", "any",
           "--max-paths", "3", "--concepts", "nash,seq", "-f", "json"],
          lambda: detente.status_quo("cuban-missile-crisis", "YNNN", to="YNYN", moves="any",
                                     max_paths=3, concepts=["nash", "seq"]), capsys)
    _same(["paths", "elmira", "--moves", "coalition", "--max-steps", "1", "-f", "json"],
          lambda: detente.status_quo("elmira", moves="coalition", max_steps=1), capsys)
    for path in random_files:
        c = detente.load(path)
        last = c.pattern(int(detente.analyze(c, "nash").decimals[-1]))
        _same(["paths", path, "--to", last, "--moves", "coalition", "-f", "json"],
              lambda path=path, last=last: detente.status_quo(path, to=last,
                                                              moves="coalition"), capsys)


# -- explain -------------------------------------------------------------------------------------
@pytest.mark.parametrize("source", BUILTIN)
def test_explain_builtin(source: str, capsys) -> None:
    _same(["explain", source, "status_quo", "-f", "json"],
          lambda: detente.explain(source, "status_quo"), capsys)


def test_explain_options(random_files: list[str], capsys) -> None:
    _same(["explain", "summit-2021", "status_quo", "--dm", "Russia", "--dm", "Ukraine",
           "--concepts", "nash,seq,sim", "-f", "json"],
          lambda: detente.explain("summit-2021", "status_quo", dm=["Russia", "Ukraine"],
                                  concepts="nash,seq,sim"), capsys)
    for path in random_files:
        c = detente.load(path)
        for dec in detente.analyze(c, "nash").decimals[-2:].tolist():
            p = c.pattern(dec)
            _same(["explain", path, p, "--concepts", "all", "-f", "json", "--dm", "A"],
                  lambda path=path, p=p: detente.explain(path, p, concepts="all", dm="A"),
                  capsys)


def test_explain_text_is_str_of_the_result(capsys) -> None:
    code = main(["explain", "cuban-missile-crisis", "YNYN", "--dm", "United States"])
    text = capsys.readouterr().out
    assert code == 0
    e = detente.explain("cuban-missile-crisis", "YNYN", dm="United States")
    # the command wraps lines at the terminal width; the words are the same
    assert text.split() == str(e).split()


# -- sensitivity ---------------------------------------------------------------------------------
STANDOFF = str(Path(__file__).parent / "data" / "uncertainty" / "standoff.yaml")


@pytest.mark.parametrize("source", ["cuban-missile-crisis", "elmira"])
def test_sensitivity_builtin(source: str, capsys) -> None:
    _same(["sensitivity", source, "-f", "json"], lambda: detente.sensitivity(source), capsys)


def test_sensitivity_options(random_files: list[str], capsys) -> None:
    _same(["sensitivity", "cuban-missile-crisis", "--states", "status_quo,NNYN", "--changes",
           "swap", "-c", "gmr,seq", "-f", "json"],
          lambda: detente.sensitivity("cuban-missile-crisis", ["gmr", "seq"],
                                      states=["status_quo", "NNYN"], changes="swap"), capsys)
    _same(["sensitivity", STANDOFF, "--combinations", "--assumptions", "tough-west",
           "-f", "json"],
          lambda: detente.sensitivity(STANDOFF, combinations=True,
                                      assumptions=["tough-west"]), capsys)
    _same(["sensitivity", STANDOFF, "--samples", "50", "--seed", "4", "--assumption",
           "tough-west", "-c", "all", "-f", "json"],
          lambda: detente.sensitivity(STANDOFF, "all", samples=50, seed=4,
                                      assumption="tough-west"), capsys)
    for path in random_files[:2]:  # a two- and a three-DM model
        _same(["sensitivity", path, "-c", "all", "-f", "json"],
              lambda path=path: detente.sensitivity(detente.load(path), "all"), capsys)


@pytest.mark.parametrize(("kwargs", "option"), [
    ({"combinations": True, "states": "NNN"}, "--states"),
    ({"samples": 10, "changes": "swap"}, "--changes"),
    ({"combinations": True, "samples": 10}, "--samples"),
    ({"assumptions": "tough-west"}, "--assumptions"),
    ({"workers": 2}, "--workers"),
    ({"states": "YYYY"}, "--states"),
    ({"changes": "shuffle"}, "--changes"),
])
def test_sensitivity_option_errors_name_the_option(kwargs: dict, option: str) -> None:
    with pytest.raises(detente.ModelError) as info:
        detente.sensitivity(STANDOFF, **kwargs)
    assert option in str(info.value)
    with pytest.raises(detente.ModelError, match="give the file"):
        detente.sensitivity(detente.load(STANDOFF), combinations=True)


# -- deals ---------------------------------------------------------------------------------------
WATER = str(Path(__file__).parent / "bargain" / "water.yaml")
GENIUS = Path(__file__).parent / "data" / "genius"


@pytest.mark.parametrize("source", ["summit-2021", WATER])
def test_deals(source: str, capsys) -> None:
    _same(["deals", source, "-f", "json"], lambda: detente.deals(source), capsys)
    _same(["deals", source, "-f", "json", "--trades-from", "nash", "--top", "3",
           "--max-ties", "2", "--max-outcomes", "1e6"],
          lambda: detente.deals(source, trades_from="nash", top=3, max_ties=2,
                                max_outcomes="1e6"), capsys)


@pytest.mark.parametrize("ext", ["xml", "json"])
def test_deals_genius(ext: str, capsys) -> None:
    domain = GENIUS / f"fisheries-domain.{ext}"
    profiles = [GENIUS / f"coastal.{ext}", GENIUS / f"fleet.{ext}"]
    _same(["deals", "--genius", str(domain), *map(str, profiles), "-f", "json"],
          lambda: detente.deals(domain, profiles), capsys)


# -- dynamics ------------------------------------------------------------------------------------
def test_dynamics(capsys) -> None:
    _same(["dynamics", "summit-2021", "-f", "json", "--seed", "7", "--repetitions", "4",
           "--rounds", "30"],
          lambda: detente.dynamics("summit-2021", seed=7, repetitions=4, rounds=30), capsys)
    _same(["dynamics", "summit-2021", "-f", "json", "--seed", "7", "--analyses",
           "match,richardson"],
          lambda: detente.dynamics("summit-2021", seed=7, analyses=["match", "richardson"]),
          capsys)
    _same(["dynamics", "-f", "json", "--policies", "TFT,GRIT", "--noise", "0.05",
           "--misperception", "a=0.1", "--slip", "B=0.02", "--rounds", "40",
           "--repetitions", "6", "--seed", "2", "--analyses", "tournament,recovery,sweep"],
          lambda: detente.dynamics(policies=["TFT", "GRIT"], noise=0.05,
                                   misperception={"a": 0.1}, slip="B=0.02", rounds=40,
                                   repetitions=6, seed=2,
                                   analyses="tournament,recovery,sweep"), capsys)
    _same(["dynamics", "-f", "json", "--policies", "A=TFT,GRIT; B=Generous TFT",
           "--rounds", "20", "--repetitions", "3", "--analyses", "match"],
          lambda: detente.dynamics(policies={"A": ["TFT", "GRIT"], "B": ["Generous TFT"]},
                                   rounds=20, repetitions=3, analyses="match"), capsys)


@pytest.mark.parametrize(("kwargs", "option"), [
    ({"noise": 1.5}, "--noise"), ({"slip": "C=0.1"}, "--slip"),
    ({"policies": "TFT,TFT"}, "--policies"), ({"rounds": 0}, "--rounds"),
    ({"analyses": "spiral"}, "--analyses"), ({"misperception": {"A": "x"}}, "--misperception"),
])
def test_dynamics_option_errors_name_the_option(kwargs: dict, option: str) -> None:
    with pytest.raises(detente.ModelError) as info:
        detente.dynamics(**kwargs)
    assert option in str(info.value)


# -- report --------------------------------------------------------------------------------------
def test_report_writes_the_file_the_command_writes(tmp_path: Path, capsys) -> None:
    code = main(["report", "cuban-missile-crisis", "--out", str(tmp_path / "cli")])
    assert code == 0
    path = detente.report("cuban-missile-crisis", out=tmp_path / "api")
    assert path == tmp_path / "api" / "report.html"
    # the page carries its date; everything else is the same
    assert path.read_text() == (tmp_path / "cli" / "report.html").read_text()
    b = detente.briefing("cuban-missile-crisis")
    assert b.to_dict() == detente.briefing("cuban-missile-crisis").to_dict()
    assert detente.report(b, out=tmp_path / "again").read_text() == path.read_text()


def test_names_shared_with_packages_are_the_functions() -> None:
    import detente.dynamics.engine as engine
    import detente.report.html as html

    assert callable(detente.dynamics) and callable(detente.report)
    assert detente.dynamics.engine is engine and detente.report.html is html
    assert detente.report.__doc__.startswith("Write the HTML report")
