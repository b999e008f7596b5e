"""Ctrl-C: every command exits 130 with one line "interrupted" on stderr, and an interrupted
write leaves the previous file byte-identical and no temporary file behind.

Each test runs ``detente`` in a real subprocess that receives a real SIGINT. To interrupt at
a known point (not a race against the clock), the subprocess is started through a small
wrapper that makes one function on the command's path announce itself (by creating a marker
file) and then wait; the test sends SIGINT once the marker exists.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.model.files import TEMP_PREFIX

WATER = str(Path(__file__).parents[1] / "bargain" / "water.yaml")

#: Runs ``detente ARGS`` after replacing MODULE:FUNCTION by a version that, on its CALL-th
#: call, creates MARKER and waits (the real function runs first when PAUSE_AFTER is set).
WRAPPER = """
import importlib, sys, time
marker, target, call, after, *args = sys.argv[1:]
module, name = target.split(":")
mod = importlib.import_module(module)
real = getattr(mod, name)
calls = [0]

def pause(*a, **k):
    calls[0] += 1
    result = real(*a, **k) if after == "after" and calls[0] == int(call) else None
    if calls[0] == int(call):
        open(marker, "w").close()
        time.sleep(120)
    return result if after == "after" else real(*a, **k)

setattr(mod, name, pause)
from detente.cli import main
sys.exit(main(args))
"""


def _interrupt(tmp_path: Path, target: str, args: list[str], call: int = 1,
               after: bool = False, sig: int = signal.SIGINT) -> tuple[int, str, str]:
    script = tmp_path / "wrapper.py"
    script.write_text(WRAPPER, encoding="utf-8")
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker), target, str(call),
         "after" if after else "before", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "COLUMNS": "100"})
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            out, err = proc.communicate()
            proc.kill()
            pytest.fail(f"never reached {target} (exit {proc.returncode})\n{out}\n{err}")
        time.sleep(0.05)
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("still running 60 s after SIGINT")
    return proc.returncode, out, err


def test_interrupt_while_writing_the_report_keeps_the_previous_one(tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    folder.mkdir()
    previous = b"<html>the previous report</html>\n"
    (folder / "report.html").write_bytes(previous)
    # Paused inside the write of the temporary file (after the data, before fsync).
    code, _, err = _interrupt(tmp_path, "os:fsync", ["report", "chicken", "--out", str(folder)])
    assert code == 130
    assert err == "interrupted\n"
    assert (folder / "report.html").read_bytes() == previous
    assert [p.name for p in folder.iterdir()] == ["report.html"]


def test_interrupt_halfway_through_an_export_leaves_the_previous_export(
        tmp_path: Path) -> None:
    folder = tmp_path / "genius"
    folder.mkdir()
    old = {"water-domain.xml": b"<old domain/>", "upstream.xml": b"<old profile/>"}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    # Paused after the second file's data is on disk: two temporary files exist.
    code, _, err = _interrupt(tmp_path, "os:fsync",
                              ["export-genius", WATER, str(folder), "--name", "water"],
                              call=2, after=True)
    assert code == 130
    assert err == "interrupted\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == old
    assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_sigterm_halfway_through_an_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    """SIGTERM (kill, timeout, a service manager) killed the process at once and left its
    .detente-*.tmp files behind; it is now handled as Ctrl-C: exit 143, one line, the
    previous files intact and no temporary file."""
    folder = tmp_path / "genius"
    folder.mkdir()
    old = {"water-domain.xml": b"<old domain/>", "upstream.xml": b"<old profile/>"}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    code, _, err = _interrupt(tmp_path, "os:fsync",
                              ["export-genius", WATER, str(folder), "--name", "water"],
                              call=2, after=True, sig=signal.SIGTERM)
    assert code == 143
    assert err == "terminated\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == old


@pytest.mark.parametrize("target, args", [
    ("detente.graph.analysis:analyze", ["analyze", "elmira"]),
    ("detente.graph.paths:status_quo_analysis", ["paths", "elmira"]),
    ("detente.graph.explain:explain", ["explain", "elmira", "status_quo"]),
    ("detente.bargain.analysis:analyze_deals", ["deals", WATER]),
    ("detente.dynamics.analyses:run_analysis", ["dynamics", "--analyses", "match"]),
    ("detente.model.document:scenario_json_schema", ["schema"]),
    ("detente.model.builtin:catalogue", ["scenarios"]),
    ("detente.report.briefing:build_briefing", []),  # `detente` alone
], ids=["analyze", "paths", "explain", "deals", "dynamics", "schema", "scenarios", "main"])
def test_every_command_exits_130_with_one_line(tmp_path: Path, target: str,
                                               args: list[str]) -> None:
    code, out, err = _interrupt(tmp_path, target, args)
    assert code == 130, err
    assert err == "interrupted\n"
    assert out == ""
