"""The parameters commands share (``detente.cli.options``) and ``print_result``."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import typer.main

from detente.cli import app
from detente.cli import options as opt
from detente.cli.common import print_result

#: How each shared parameter is spelled on every command that has it: (flags, metavar, min).
SHARED = {
    "format": (["--format", "-f"], None, None),
    "concepts": (["--concepts", "-c"], None, None),
    "max_memory": (["--max-memory"], None, None),
    "assumption": (["--assumption"], None, None),
    "max_work": (["--max-work"], "N", 0),
}


def _commands():
    return typer.main.get_command(app).commands  # type: ignore[attr-defined]


def test_shared_options_are_spelled_alike_on_every_command() -> None:
    seen = dict.fromkeys(SHARED, 0)
    for name, command in _commands().items():
        for param in command.params:
            if param.name not in SHARED:
                continue
            flags, metavar, low = SHARED[param.name]
            assert (param.opts, param.metavar, param.min) == (flags, metavar, low), name
            assert param.default is None or param.name == "format", name
            assert param.help, (name, param.name)
            seen[param.name] += 1
    assert min(seen.values()) >= 2, seen  # shared indeed


def test_format_is_table_or_json_by_default() -> None:
    commands = _commands()
    for name in ("paths", "hypergame", "inverse", "sensitivity", "deals", "dynamics",
                 "check-sources"):
        (param,) = [p for p in commands[name].params if p.name == "format"]
        assert param.default is opt.Format.table, name
    (explain_format,) = [p for p in commands["explain"].params if p.name == "format"]
    assert explain_format.default.value == "text"


def test_each_command_gets_parameters_of_its_own() -> None:
    # a factory returns a new parameter each time: no command shares another's object
    assert opt.max_memory() is not opt.max_memory()
    assert opt.max_memory("x").help == "x"
    assert opt.max_memory().help == opt.MAX_MEMORY_HELP


@dataclass
class _Result:
    value: str

    def to_dict(self) -> dict[str, str]:
        return {"value": self.value}


@pytest.mark.parametrize("format", ["json", opt.Format.json])
def test_print_result_writes_the_json_of_to_dict(format, capsys) -> None:
    print_result(_Result("é"), format, lambda r: pytest.fail("rendered"))
    assert json.loads(capsys.readouterr().out) == {"value": "é"}


@pytest.mark.parametrize("format", ["table", opt.Format.table, "text"])
def test_print_result_prints_what_render_gives(format, capsys) -> None:
    print_result(_Result("x"), format, lambda r: [f"first {r.value}", "second"])
    assert capsys.readouterr().out.splitlines() == ["first x", "second"]
