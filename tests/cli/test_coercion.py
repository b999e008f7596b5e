"""The start-up shortcut for command-line values gives what Typer's own coercion gives."""

from __future__ import annotations

import pytest
import typer.core
import typer.main
from typer._click import Context

from detente.cli import app
from detente.cli.coercion import NOT_PLAIN, _plain_builder, plain_coercion, plain_value

SAMPLES = ["", "x", "é", "12", "-3", "0", "00", "1", "64", "65", "65536", "0.5", "0.0005",
           "1e3", "+3", " 12", "1_000", "abc", "table", "json", "TABLE", "markdown", "full",
           "ui", "any", "true", "99999999999999999999", "-0", "1.", ".5", "inf", "nan",
           ("a", "b"), (), ("x",), 3, 2.5, True, False]


def _parameters():
    root = typer.main.get_command(app)
    stack = [root]
    while stack:
        command = stack.pop()
        for param in command.params:
            yield command, param
        stack.extend(getattr(command, "commands", {}).values())


def _outcome(runtime, value, param, ctx):
    try:
        return "ok", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # the same kind of error with the same message
        return type(exc).__name__, str(exc)


def test_every_parameter_coerces_as_typer_does() -> None:
    from typer._coercion import RuntimeParam, build_runtime_param

    plain = _plain_builder(build_runtime_param, RuntimeParam)
    checked = shortcut = 0
    for command, param in _parameters():
        ctx = Context(command)
        desc = param.type_descriptor
        fast, slow = plain(desc), build_runtime_param(desc)
        for value in SAMPLES:
            expected = _outcome(slow, value, param, ctx)
            got = _outcome(fast, value, param, ctx)
            # repr: NaN is not equal to itself; an Enum member shows its class
            assert repr(got) == repr(expected), (command.name, param.name, value)
            assert type(got[1]) is type(expected[1]), (command.name, param.name, value)
            checked += 1
            if plain_value(desc.annotation, desc.parameter_info, value) is not NOT_PLAIN:
                shortcut += 1
    assert checked > 1000 and shortcut > 100  # the shortcut is taken, not only the fallback


def test_the_shortcut_is_scoped_to_a_run() -> None:
    original = typer.core.build_runtime_param
    with plain_coercion():
        assert typer.core.build_runtime_param is not original
    assert typer.core.build_runtime_param is original


@pytest.mark.parametrize("args", [["--help"], ["scenarios"], ["scenarios", "--json"]])
def test_small_commands_do_not_import_pydantic(args: list[str]) -> None:
    import subprocess
    import sys

    code = ("import sys; from detente.cli import main; rc = main(sys.argv[1:]); "
            "print(sorted(m for m in sys.modules if m.startswith('pydantic.')), "
            "file=sys.stderr); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    loaded = r.stderr.strip().splitlines()[-1]
    assert "pydantic.main" not in loaded and "pydantic.type_adapter" not in loaded, loaded
