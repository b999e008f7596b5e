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

__all__ = ["Worker", "WorkerPool", "Outcome", "ResultCache", "cache_key", "CACHEABLE"]

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


#: Analyses whose answer depends on nothing but the scenario text and the options (no
#: random draws without a seed, no time limit deciding the answer): their answers are kept.
CACHEABLE = frozenset({"validate", "analyze", "paths", "explain", "hypergame", "deals"})


def cache_key(kind: str, source: dict[str, Any], options: dict[str, Any]) -> str | None:
    """What an answer is kept under: the analysis, its options and the scenario — the hash
    of an editor's text, or a file's identity (device, inode, size, modification time: a
    file saved again is a new file, as the workspace writes atomically). ``None`` when the
    answer is not to be kept."""
    import hashlib

    if kind not in CACHEABLE:
        return None
    h = hashlib.sha256()
    h.update(json.dumps([kind, options, {k: v for k, v in source.items() if k != "text"}],
                        sort_keys=True, default=str).encode())
    if source["kind"] == "text":
        h.update(source["text"].encode("utf-8", "surrogatepass"))
    else:
        try:
            if source["kind"] == "builtin":
                from detente.model.builtin import resolve_builtin

                found = resolve_builtin(source["name"])
                if found is None:
                    return None
                path = Path(found)
            else:
                path = Path(source["path"])
            st = path.stat()
        except Exception:  # an unknown name or a missing file: the worker reports it
            return None
        h.update(f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


class ResultCache:
    """The answers (``ok`` and ``error`` outcomes) to the last requests, by
    :func:`cache_key`, up to ``limit`` bytes of JSON: the page asks the same question
    several times (an edit undone, a page reloaded, a state clicked again, a scenario
    opened by many users), and a kept answer needs no worker."""

    def __init__(self, limit: int = 32 << 20) -> None:
        from collections import OrderedDict

        self.limit = limit
        self.size = 0
        self.hits = 0
        self._items: OrderedDict[str, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _bytes(outcome: Outcome) -> int:
        value = outcome.value
        return len(value if isinstance(value, str) else json.dumps(value, default=str))

    def get(self, key: str) -> Outcome | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
            return found

    def put(self, key: str, outcome: Outcome) -> None:
        if outcome.status not in ("ok", "error") or self._bytes(outcome) > self.limit // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= self._bytes(old)
            self._items[key] = outcome
            self.size += self._bytes(outcome)
            while self.size > self.limit:
                _, dropped = self._items.popitem(last=False)
                self.size -= self._bytes(dropped)


class WorkerPool:
    """A fixed set of workers; :meth:`run` waits for an idle one (callers queue). Answers
    of :data:`CACHEABLE` analyses are kept in a :class:`ResultCache` shared by the workers."""

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
        self.cache = ResultCache()

    def run(self, kind: str, source: dict[str, Any], options: dict[str, Any],
            **kwargs: Any) -> Outcome:
        """Run a task on the next idle worker (blocks until one is free), or answer it from
        the cache."""
        key = cache_key(kind, source, options)
        if key is not None:
            kept = self.cache.get(key)
            if kept is not None:
                return kept
        with self._lock:
            self.waiting += 1
        try:
            worker = self._idle.get()
        finally:
            with self._lock:
                self.waiting -= 1
        try:
            outcome = worker.call(kind, source, options, **kwargs)
        finally:
            self._idle.put(worker)
        if key is not None:
            self.cache.put(key, outcome)
        return outcome

    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._all if w.proc is not None]

    def close(self) -> None:
        for w in self._all:
            w.stop()


