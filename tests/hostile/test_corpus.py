"""The hostile-input corpus: every case folder under ``cases/`` runs ``detente`` on a hostile
file and checks the exit code, the message and that nothing was lost (see README.md)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.helpers import detente_command

CASES = Path(__file__).parent / "cases"
#: C0 control characters other than tab and newline, DEL and the C1 controls (some
#: terminals obey the 8-bit CSI \x9b), and the bidirectional override/embedding/isolate
#: controls (they reverse what follows them): never raw on a terminal.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
KNOWN_KEYS = {"why", "args", "exit", "stderr", "stdout", "not_stderr", "timeout", "subprocess",
              "unchanged", "setup", "env", "stdin"}


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "case.yaml").is_file())


def _load(folder: Path) -> dict[str, Any]:
    spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    unknown = set(spec) - KNOWN_KEYS
    assert not unknown, f"{folder.name}/case.yaml: unknown keys {sorted(unknown)}"
    assert "args" in spec and "exit" in spec and "why" in spec, folder.name
    return spec


def _setup(work: Path, steps: list[dict[str, Any]]) -> None:
    for step in steps or []:
        (kind, arg), = step.items()
        if kind == "mkdir":
            (work / arg).mkdir(parents=True, exist_ok=True)
        elif kind == "symlink":
            link = work / arg["path"]
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(arg["to"])
        elif kind == "write":
            target = work / arg["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            if "segments" in arg:  # text, or {repeat, times}: "{i}" numbers the copies
                text = "".join(
                    seg if isinstance(seg, str) else "".join(
                        seg["repeat"].replace("{i}", str(i))
                        for i in range(1, int(seg["times"]) + 1))
                    for seg in arg["segments"])
            else:
                text = (arg.get("prefix", "") + arg["repeat"] * int(arg["times"])
                        + arg.get("suffix", ""))
            target.write_text(text, encoding="utf-8")
        else:
            raise AssertionError(f"unknown setup step {kind!r}")


def _subst(value: str, work: Path, tmp: Path) -> str:
    return value.replace("{dir}", str(work)).replace("{tmp}", str(tmp))


class _TimeoutError(Exception):
    pass


def _run_in_process(args: list[str], timeout: float, capsys) -> tuple[int, str, str]:
    from detente.cli import main

    def _alarm(signum, frame):  # noqa: ARG001
        raise _TimeoutError

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        code = main(args)
    except _TimeoutError:
        pytest.fail(f"hang: no answer within {timeout} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _run_subprocess(args: list[str], timeout: float, env: dict[str, str],
                    stdin: str | None, cwd: Path) -> tuple[int, str, str]:
    try:
        proc = subprocess.run(detente_command() + args, capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, **env}, cwd=cwd,
                              input=stdin if stdin is not None else "")
    except subprocess.TimeoutExpired:
        pytest.fail(f"hang: no answer within {timeout} s")
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("folder", _cases(), ids=lambda p: p.name)
def test_hostile_case(folder: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    spec = _load(folder)
    work = tmp_path / "case"
    shutil.copytree(folder, work)
    (work / "case.yaml").unlink()
    empty = tmp_path / "empty"
    empty.mkdir()
    _setup(work, spec.get("setup"))
    before = {name: (work / name).read_bytes() for name in spec.get("unchanged", [])}
    args = [_subst(str(a), work, empty) for a in spec["args"]]
    timeout = float(spec.get("timeout", 20))
    env = {k: _subst(str(v), work, empty) for k, v in (spec.get("env") or {}).items()}
    if spec.get("subprocess"):
        code, out, err = _run_subprocess(args, timeout, env, spec.get("stdin"), work)
    else:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        monkeypatch.chdir(work)
        code, out, err = _run_in_process(args, timeout, capsys)

    shown = f"exit {code}\n--- stdout\n{out[-2000:]}\n--- stderr\n{err[-2000:]}"
    assert code == spec["exit"], shown
    if spec["exit"] != 1:
        assert "Traceback" not in err and "internal error" not in err, shown
    if spec["exit"] == 2:
        assert err.lstrip().startswith("error:"), shown
    for stream, text in (("stdout", out), ("stderr", err)):
        bad = CONTROL.search(text)
        assert bad is None, f"raw control character {bad.group()!r} in {stream}\n{shown}"
    for part in spec.get("stderr", []):
        assert part in err, f"stderr lacks {part!r}\n{shown}"
    for part in spec.get("stdout", []):
        assert part in out, f"stdout lacks {part!r}\n{shown}"
    for part in spec.get("not_stderr", []):
        assert part not in err, f"stderr has {part!r}\n{shown}"
    for name, data in before.items():
        assert (work / name).read_bytes() == data, f"{name} changed"


def test_every_case_folder_has_a_case_file() -> None:
    for p in CASES.iterdir():
        if p.is_dir():
            assert (p / "case.yaml").is_file(), f"{p.name} has no case.yaml"
