"""Analyses run in worker processes, which the server can stop at any moment.

Why processes and not threads: the analyses are CPU-bound NumPy and Numba code that holds
the GIL for much of its time, so threads would serialise them and slow the event loop that
serves pages and progress; and a thread cannot be stopped. A worker process can be killed
when its task is cancelled, runs past its time limit or grows past its memory limit, and is
then replaced; the server itself never runs an analysis, so one stuck or huge model cannot
take the workbench down.

Each :class:`Worker` is one process with a pipe. The server sends ``(kind, source, options,
out)``; the process answers with progress messages and one final message:

- ``("ok", json_text)`` — the result's JSON (serialised in the worker, so the server passes
  it through without decoding it);
- ``("error", {message, file, line, field})`` — a user's mistake, as the command reports it;
- ``("failed", text)`` — a bug (the traceback goes to the server's log).

:class:`WorkerPool` holds a fixed number of workers; a caller waits for an idle one
(requests queue, none is refused) and gets it back when done.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import queue
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Worker", "WorkerPool", "Outcome"]

#: How often the server looks at a running task (cancellation, time, memory), in seconds.
POLL = 0.05
#: Progress messages are sent at most this often (seconds).
PROGRESS_EVERY = 0.1


@dataclass
class Outcome:
    """How a task ended: ``ok`` (``value`` is JSON text), ``error`` (``value`` a dict),
    ``failed``, ``cancelled``, ``timeout`` or ``memory`` (``value`` a message)."""

    status: str
    value: Any = None


# -- inside the worker process ---------------------------------------------------------------
def _worker_main(conn: Any, workdir: str) -> None:  # pragma: no cover - runs in a child
    from detente.web.library import ReportedProgress, TaskError, run_task

    last = [0.0]

    def sink(done: int, total: int | None, text: str) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or (total is not None and done >= total):
            last[0] = now
            conn.send(("progress", (done, total, text[:200])))

    ReportedProgress.sink = sink
    work = Path(workdir)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        kind, source, options, out = message
        try:
            value = run_task(kind, source, options, work, Path(out) if out else None)
            reply: tuple[str, Any] = (
                "ok", json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        except TaskError as exc:
            reply = ("error", exc.to_dict())
        except Exception as exc:  # a bug: the server answers 500 and logs this
            traceback.print_exc(file=sys.stderr)
            reply = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _warm(conn: Any) -> None:  # pragma: no cover - runs in a child
    """Load the compiled kernels once, so that the first user's request is not the slow one."""
    with contextlib.suppress(Exception):
        from detente.web.library import run_task

        run_task("analyze", {"kind": "builtin", "name": "prisoners-dilemma"},
                 {"concepts": "all"}, Path(tempfile.gettempdir()))
        # small models take the NumPy paths: load Numba for the large ones here
        import detente.graph._moves_kernel  # noqa: F401


def _entry(conn: Any, workdir: str, warm: bool) -> None:  # pragma: no cover - in a child
    # Ctrl-C in the server's terminal goes to the whole process group: the server stops its
    # workers itself, so they ignore it.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if warm:
        _warm(conn)
    conn.send(("ready", None))
    _worker_main(conn, workdir)


# -- in the server ---------------------------------------------------------------------------
def _context() -> Any:
    # forkserver: workers start from a small clean process with détente imported, not from a
    # fork of the server (whose threads a fork would copy in an undefined state).
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["detente.web.library", "detente.cli"])
    return ctx


class Worker:
    """One worker process; :meth:`call` runs a task in it and restarts it when stopped."""

    def __init__(self, workdir: str, *, warm: bool = True) -> None:
        self.workdir = workdir
        self.warm = warm
        self._ctx = _context()
        self.proc: Any = None
        self.conn: Any = None
        self.ready = False
        self._start()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self.proc = self._ctx.Process(target=_entry, args=(child, self.workdir, self.warm),
                                      daemon=True, name="detente-worker")
        self.proc.start()
        child.close()
        self.conn = parent
        self.ready = False

    def _wait_ready(self, deadline: float | None) -> bool:
        while not self.ready:
            if self.conn.poll(POLL):
                try:
                    kind, _ = self.conn.recv()
                except (EOFError, OSError):
                    return False
                self.ready = kind == "ready"
            elif not self.proc.is_alive() or deadline is not None and time.monotonic() > deadline:
                return False
        return True

    def restart(self) -> None:
        """Kill the process (whatever it is doing) and start a fresh one."""
        self.stop(kill=True)
        self._start()

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(OSError, ValueError, BrokenPipeError):
            if not kill:
                self.conn.send(None)
        if kill or not _joined(self.proc, 2.0):
            self.proc.kill()
            _joined(self.proc, 5.0)
        with contextlib.suppress(OSError):
            self.conn.close()
        self.proc = None

    def rss(self) -> int:
        """Resident memory of the worker process, in bytes (0 if it cannot be read)."""
        try:
            import psutil

            return psutil.Process(self.proc.pid).memory_info().rss
        except Exception:
            return 0

    def call(self, kind: str, source: dict[str, Any], options: dict[str, Any], *,
             out: str | None = None, timeout: float, memory: int | None = None,
             cancelled: Callable[[], bool] = lambda: False,
             progress: Callable[[int, int | None, str], None] | None = None) -> Outcome:
        """Run one task; the process is killed and replaced on cancel, timeout or memory."""
        start = time.monotonic()
        deadline = start + timeout
        if not self._wait_ready(None):
            self.restart()
            if not self._wait_ready(time.monotonic() + 120):
                return Outcome("failed", "the analysis process could not start")
        try:
            self.conn.send((kind, source, options, out))
        except (OSError, ValueError):
            self.restart()
            return Outcome("failed", "the analysis process stopped")
        next_memory = 0.0
        while True:
            if self.conn.poll(POLL):
                try:
                    status, value = self.conn.recv()
                except (EOFError, OSError):
                    self.restart()
                    return Outcome("failed", "the analysis process stopped unexpectedly")
                if status == "progress":
                    if progress is not None:
                        progress(*value)
                    continue
                return Outcome(status, value)
            if not self.proc.is_alive():
                code = self.proc.exitcode
                self.restart()
                return Outcome("failed", f"the analysis process stopped (exit code {code})")
            if cancelled():
                self.restart()
                return Outcome("cancelled", "cancelled")
            now = time.monotonic()
            if now > deadline:
                self.restart()
                return Outcome("timeout", f"stopped after the time limit of {timeout:g} s")
            if memory is not None and now >= next_memory:
                next_memory = now + 0.25
                used = self.rss()
                if used > memory:
                    self.restart()
                    from detente.model.resources import format_bytes

                    return Outcome("memory", f"stopped: it used {format_bytes(used)}, over the "
                                   f"limit of {format_bytes(memory)} per analysis")


def _joined(proc: Any, timeout: float) -> bool:
    proc.join(timeout)
    return not proc.is_alive()


class WorkerPool:
    """A fixed set of workers; :meth:`run` waits for an idle one (callers queue)."""

    def __init__(self, size: int, workdir: str, *, warm: bool = True) -> None:
        self.size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            w = Worker(workdir, warm=warm)
            self._all.append(w)
            self._idle.put(w)
        self.waiting = 0

    def run(self, kind: str, source: dict[str, Any], options: dict[str, Any],
            **kwargs: Any) -> Outcome:
        """Run a task on the next idle worker (blocks until one is free)."""
        with self._lock:
            self.waiting += 1
        try:
            worker = self._idle.get()
        finally:
            with self._lock:
                self.waiting -= 1
        try:
            return worker.call(kind, source, options, **kwargs)
        finally:
            self._idle.put(worker)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._all if w.proc is not None]

    def close(self) -> None:
        for w in self._all:
            w.stop()


