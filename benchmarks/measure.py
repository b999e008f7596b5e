"""Run a command as a fresh process and measure its wall time and its own peak memory.

Peak memory is the child's ``VmHWM`` from ``/proc`` (the resident high-water mark of its
address space, which starts afresh at exec), polled every 10 ms. ``getrusage`` is no good for
this: Linux carries a forked child's parent's high-water mark into the child's ``ru_maxrss``,
and a benchmark process holds big arrays of its own.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
import time
from pathlib import Path


def _watch(pid: int, marker: str, stop: threading.Event, peak: list[int]) -> None:
    status = Path(f"/proc/{pid}/status")
    cmdline = Path(f"/proc/{pid}/cmdline")
    while not stop.is_set():
        try:
            if marker in cmdline.read_bytes().decode(errors="replace"):  # after exec only
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
        except OSError:
            return
        stop.wait(0.01)


def run_detente(*args: str) -> tuple[float, float, dict]:
    """Run ``detente ARGS`` (the project's .venv if there is one) as a fresh process and
    return wall seconds, its peak resident MB and its JSON output; stop on failure."""
    exe = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "detente"
    wall, peak, code, out, err = run_measured([str(exe) if exe.exists() else "detente", *args])
    if code != 0:
        raise SystemExit(f"CLI failed ({code}): {err[-2000:]}")
    return wall, peak, json.loads(out)


def run_measured(cmd: list[str]) -> tuple[float, float, int, bytes, str]:
    """Run ``cmd``; return wall seconds, peak resident MB, exit code, stdout, stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        peak, stop = [0], threading.Event()
        watcher = threading.Thread(target=_watch, args=(proc.pid, cmd[-1], stop, peak))
        watcher.start()
        proc.wait()
        wall = time.perf_counter() - t
        stop.set()
        watcher.join()
        out.seek(0)
        err.seek(0)
        return wall, peak[0] / 1024, proc.returncode, out.read(), err.read().decode(
            errors="replace")
