"""The workbench API answers exactly what the commands answer, for the same input.

Each analysis endpoint is run on a built-in scenario, on editor text and on a workspace
file, and its JSON is compared with ``detente COMMAND … --format json`` run in this process
on the same scenario; validation gives the command's message with its line and field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente import __version__
from detente.model.builtin import resolve_builtin
from tests.cli.helpers import run

CUBAN = resolve_builtin("cuban-missile-crisis").read_text(encoding="utf-8")


def cli_json(capsys, *args: str) -> object:
    code, out, err = run([*args, "--format", "json"], capsys)
    assert code == 0, err
    return json.loads(out)


def test_health(server) -> None:
    assert server.get("/api/health") == (200, {"status": "ok", "version": __version__})


CASES = [
    ("analyze", {"concepts": "nash,gmr,seq", "detail": "full"},
     ["--concepts", "nash,gmr,seq", "--detail", "full"]),
    ("analyze", {"coalitions": "all", "concepts": ["nash", "seq"]},
     ["--coalitions", "all", "--concepts", "nash,seq"]),
    ("paths", {"to": "NYYN", "moves": "any"}, ["--to", "NYYN", "--moves", "any"]),
    ("explain", {"state": "NYYN", "dms": ["Soviet Union"]}, ["NYYN", "--dm", "Soviet Union"]),
    ("hypergame", {"concepts": "nash"}, ["--concepts", "nash"]),
    ("inverse", {"target": "NNYN", "vary": "United States=1-4", "list_first": 2},
     ["--target", "NNYN", "--vary", "United States=1-4", "--list", "2"]),
    ("hypergame", {"max_surprises": 1}, ["--max-surprises", "1"]),
    ("analyze", {"coalitions": "all", "max_work": 1e6}, ["--coalitions", "all",
                                                        "--max-work", "1e6"]),
    ("sensitivity", {"concepts": "nash,seq", "changes": "swap"},
     ["--concepts", "nash,seq", "--changes", "swap"]),
]


def _cli_args(kind: str, source: str, args: list[str]) -> list[str]:
    return [kind, source, *args]  # explain's STATE is the first of args, after FILE


@pytest.mark.parametrize(("kind", "body", "args"), CASES, ids=[c[0] for c in CASES])
def test_endpoint_equals_command_on_a_builtin(server, capsys, kind, body, args) -> None:
    status, got = server.post(f"/api/{kind}", {"builtin": "cuban-missile-crisis", **body})
    assert status == 200, got
    assert got == cli_json(capsys, *_cli_args(kind, "cuban-missile-crisis", args))


@pytest.mark.parametrize(("kind", "body", "args"), CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_endpoint_equals_command_on_text_and_on_a_file(server, capsys, tmp_path, kind, body,
                                                       args) -> None:
    text = CUBAN.replace("- NNYN\n        - NYYN", "- NYYN\n        - NNYN", 1)
    assert text != CUBAN
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    expected = cli_json(capsys, *_cli_args(kind, str(path), args))
    assert expected != cli_json(capsys, *_cli_args(kind, "cuban-missile-crisis", args)) or \
        kind != "analyze"
    status, got = server.post(f"/api/{kind}", {"text": text, "filename": "edited.yaml", **body})
    assert status == 200, got
    assert got == expected
    status, got = server.post(f"/api/{kind}", {"file": "cuban.yaml", **body})
    assert status == 200, got
    assert got == cli_json(capsys, *_cli_args(kind, str(server.workspace / "cuban.yaml"),
                                              args))


def test_models_and_json_syntax(server, capsys) -> None:
    status, got = server.post("/api/analyze", {"builtin": "summit-2021", "model": "core",
                                               "concepts": "nash"})
    assert status == 200, got
    assert got == cli_json(capsys, "analyze", "summit-2021#core", "--concepts", "nash")
    import yaml

    as_json = json.dumps(yaml.safe_load(CUBAN))
    status, got = server.post("/api/analyze", {"text": as_json, "syntax": "json"})
    assert status == 200, got
    assert got == cli_json(capsys, "analyze", "cuban-missile-crisis")


def test_deals_and_dynamics_equal_their_commands(server, capsys) -> None:
    water = Path(__file__).parent.parent / "bargain" / "water.yaml"
    status, got = server.post("/api/deals", {"file": "talks/water.yaml", "top": 3,
                                             "trades_from": "nash"})
    assert status == 200, got
    assert got == cli_json(capsys, "deals", str(water), "--top", "3", "--trades-from", "nash")
    body = {"builtin": "summit-2021", "analyses": "match,recovery", "rounds": 30,
            "repetitions": 5, "seed": 3}
    status, got = server.post("/api/dynamics", body)
    assert status == 200, got
    assert got == cli_json(capsys, "dynamics", "summit-2021", "--analyses", "match,recovery",
                           "--rounds", "30", "--repetitions", "5", "--seed", "3")


def test_deals_what_it_takes_reaches_the_library(server, capsys) -> None:
    body = {"builtin": "summit-2021", "top": 3,
            "what_it_takes": "channels=none,syria=relief_for_opening"}
    status, got = server.post("/api/deals", body)
    assert status == 200, got
    assert got["what_it_would_take"] is not None
    assert got["what_it_would_take"]["package"]["syria"] == "relief_for_opening"
    assert got == cli_json(capsys, "deals", "summit-2021", "--top", "3", "--what-it-takes",
                           body["what_it_takes"])
    status, got = server.post("/api/deals", {**body, "what_it_takes": "syria=nowhere"})
    assert status == 422 and "nowhere" in got["error"]["message"]
    assert got["error"]["field"] == "--what-it-takes"


def test_inverse_minimal_equals_the_command(server, capsys) -> None:
    body = {"builtin": "cuban-missile-crisis", "target": "NNNN", "minimal": True,
            "reachable": True, "moves": "coalition", "concepts": "nash", "top": 2,
            "max_changes": 4, "dms": ["Soviet Union"]}
    status, got = server.post("/api/inverse", body)
    assert status == 200, got
    assert got["moves"] == "coalition" and got["dms"] == ["Soviet Union"]
    assert got == cli_json(capsys, "inverse", "cuban-missile-crisis", "--target", "NNNN",
                           "--minimal", "--reachable", "--moves", "coalition", "--concepts",
                           "nash", "--top", "2", "--max-changes", "4", "--dm", "Soviet Union")
    body = {"builtin": "prisoners-dilemma", "target": "YY", "minimal": True,
            "method": "ilp", "concepts": "nash"}
    status, got = server.post("/api/inverse", body)
    assert status == 200, got
    assert got["method"] == "ilp" and got["minimal_changes"] == 2
    assert got == cli_json(capsys, "inverse", "prisoners-dilemma", "--target", "YY",
                           "--minimal", "--method", "ilp", "--concepts", "nash")


def _cli_error(capsys, path: Path, *args: str) -> str:
    code, _out, err = run(["analyze", str(path), *args], capsys)
    assert code == 2
    return err.strip().removeprefix("error: ")


def test_validate_gives_the_command_message_at_its_line(server, capsys, tmp_path) -> None:
    broken = CUBAN.replace("  - withdraw and escalate", "  - withdraw and escalte")
    path = tmp_path / "cuban.yaml"
    path.write_text(broken, encoding="utf-8")
    message = _cli_error(capsys, path)
    status, got = server.post("/api/validate", {"text": broken, "filename": "cuban.yaml"})
    assert status == 200
    assert got["ok"] is False
    (error,) = got["errors"]
    line = broken.splitlines().index("  - withdraw and escalte") + 1
    assert error["line"] == line and error["field"] == "infeasible[0]"
    assert error["text"] == message.replace(str(path), "cuban.yaml")
    # the analysis reports the same mistake the same way
    status, got = server.post("/api/analyze", {"text": broken, "filename": "cuban.yaml"})
    assert status == 422
    assert got["error"]["line"] == line and got["error"]["field"] == "infeasible[0]"


def test_validate_syntax_error_and_valid_text(server) -> None:
    status, got = server.post("/api/validate", {"text": "title: [unclosed\n"})
    assert status == 200 and not got["ok"]
    assert got["errors"][0]["message"].startswith("not valid YAML")
    assert got["errors"][0]["line"] == 2
    status, got = server.post("/api/validate", {"text": CUBAN, "filename": "c.yaml"})
    assert status == 200
    assert (got["ok"], got["models"], got["errors"]) == (True, ["c"], [])
    assert got["sections"] == {"agenda": False, "dynamics": False}
    dms = got["structure"]["c"]["decision_makers"]
    assert [(d["name"], [o["id"] for o in d["options"]]) for d in dms] == [
        ("United States", ["air_strike", "blockade"]), ("Soviet Union", ["withdraw", "escalate"])]
    assert dms[0]["options"][0]["direction"] == "forward"
    assert got["structure"]["c"]["status_quo"] == "NNNN"


def test_option_mistakes_are_the_command_mistakes(server, capsys) -> None:
    status, got = server.post("/api/analyze", {"builtin": "cuban-missile-crisis",
                                               "concepts": "nash,sqe"})
    assert status == 422
    code, _o, err = run(["analyze", "cuban-missile-crisis", "--concepts", "nash,sqe"], capsys)
    assert code == 2 and got["detail"] in err
    status, got = server.post("/api/explain", {"builtin": "cuban-missile-crisis",
                                               "state": "NNYY"})
    assert status == 422 and got["error"]["field"] == "STATE"
    status, got = server.post("/api/analyze", {"builtin": "no-such-scenario"})
    assert status == 422 and "no built-in scenario" in got["detail"]
    status, got = server.post("/api/analyze", {"builtin": "chicken", "text": "x"})
    assert status == 422


def test_files_list_read_save_download(server, workspace) -> None:
    status, got = server.get("/api/files")
    assert status == 200
    listed = {f["path"] for f in got["files"]}
    assert {"cuban.yaml", "talks/water.yaml"} <= listed
    assert "escape.yaml" not in listed and not any(p.startswith("out/") for p in listed)
    status, got = server.get("/api/files/cuban.yaml")
    assert status == 200 and got["text"] == CUBAN
    status, got = server.request("PUT", "/api/files/talks/new.yaml", {"text": "title: n\n"})
    assert status == 200 and got["path"] == "talks/new.yaml"
    assert (workspace / "talks" / "new.yaml").read_text() == "title: n\n"
    status, got = server.get("/api/files/talks/new.yaml?download=true")
    assert (status, got) == (200, "title: n\n")
    (workspace / "talks" / "new.yaml").unlink()


def test_builtins_and_templates(server) -> None:
    status, got = server.get("/api/builtins")
    assert status == 200 and "summit-2021" in {b["name"] for b in got}
    status, got = server.get("/api/builtins/chicken")
    assert status == 200 and got["text"] == resolve_builtin("chicken").read_text("utf-8")
    status, got = server.get("/api/templates")
    assert status == 200 and got
    for t in got:
        status, body = server.get(f"/api/templates/{t['name']}")
        assert status == 200
        status, checked = server.post("/api/validate", {"text": body["text"]})
        assert checked["ok"], checked
