"""Background jobs: long analyses that run while the page does other things.

A job is queued (at most ``queue_size`` wait; beyond that the server answers 429), then run by
the next free job worker (:class:`~detente.web.workers.WorkerPool`), which reports progress;
it ends ``done`` (with the result's JSON), ``error`` (a user's mistake), ``failed`` (a bug),
``cancelled``, ``timeout`` or ``memory``. Its state lives here, in the server, so a page that
is reloaded finds it again by id; finished jobs are kept (the last ``keep`` of them) until the
server stops.
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.web.workers import WorkerPool

__all__ = ["Job", "JobManager", "QueueFullError", "FINAL"]

#: States after which a job never changes.
FINAL = ("done", "error", "failed", "cancelled", "timeout", "memory")


class QueueFullError(Exception):
    """Every job slot is taken (answered with 429)."""


@dataclass
class Job:
    id: str
    kind: str
    title: str
    source: dict[str, Any]
    options: dict[str, Any]
    out: Path
    state: str = "queued"
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    done: int = 0
    total: int | None = None
    step: str = ""
    result: str | None = None  # JSON text
    error: dict[str, Any] | None = None
    message: str = ""
    version: int = 0
    cancel: threading.Event = field(default_factory=threading.Event)

    def to_dict(self, with_result: bool = False) -> dict[str, Any]:
        """The job as ``GET /api/jobs/{id}`` shows it (the result only when asked)."""
        d = {
            "id": self.id, "kind": self.kind, "title": self.title, "state": self.state,
            "created": self.created, "started": self.started, "finished": self.finished,
            "progress": {"done": self.done, "total": self.total, "step": self.step,
                         "fraction": self.fraction()},
            "error": self.error, "message": self.message,
            "has_result": self.result is not None,
            "report": self.kind == "report" and self.state == "done",
        }
        if with_result:
            d["result"] = None
        return d

    def fraction(self) -> float | None:
        if self.state == "done":
            return 1.0
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


class JobManager:
    """Queue, run, cancel and remember background jobs."""

    def __init__(self, workers: int, queue_size: int, workdir: Path, *, timeout: float,
                 memory: int | None, keep: int = 100, warm: bool = True) -> None:
        self.queue_size = queue_size
        self.timeout = timeout
        self.memory = memory
        self.keep = keep
        self.workdir = workdir
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._pending: list[str] = []
        self._lock = threading.Condition()
        self._closed = False
        self.pool = WorkerPool(workers, str(workdir), warm=warm)
        self._threads = [threading.Thread(target=self._serve, daemon=True,
                                          name=f"detente-jobs-{i}") for i in range(workers)]
        for t in self._threads:
            t.start()

    # -- requests ----------------------------------------------------------------------------
    def submit(self, kind: str, title: str, source: dict[str, Any],
               options: dict[str, Any]) -> Job:
        with self._lock:
            if len(self._pending) >= self.queue_size:
                raise QueueFullError(f"{len(self._pending)} jobs are already waiting; try again "
                                "when one has finished, or cancel one")
            job_id = secrets.token_hex(8)
            out = self.workdir / f"job-{job_id}"
            out.mkdir(parents=True)
            job = Job(job_id, kind, title, source, options, out)
            self.jobs[job_id] = job
            self._pending.append(job_id)
            self._forget_old()
            self._lock.notify_all()
            return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None or job.state in FINAL:
                return job
            job.cancel.set()
            if job.state == "queued":
                self._pending.remove(job_id)
                self._finish(job, "cancelled", message="cancelled before it started")
            # a running job's worker is killed within a poll: answer with its final state
            deadline = time.monotonic() + 5
            while job.state not in FINAL and time.monotonic() < deadline:
                self._lock.wait(0.1)
            return job

    def list(self) -> list[Job]:
        with self._lock:
            return list(self.jobs.values())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for job in self.jobs.values():
                job.cancel.set()
            self._lock.notify_all()
        self.pool.close()
        for job in list(self.jobs.values()):
            shutil.rmtree(job.out, ignore_errors=True)

    # -- the runners -------------------------------------------------------------------------
    def _finish(self, job: Job, state: str, **fields: Any) -> None:
        for k, v in fields.items():
            setattr(job, k, v)
        job.state = state
        job.finished = time.time()
        job.version += 1
        self._lock.notify_all()

    def _forget_old(self) -> None:
        finished = [j for j in self.jobs.values() if j.state in FINAL]
        for job in finished[: max(0, len(finished) - self.keep)]:
            del self.jobs[job.id]
            shutil.rmtree(job.out, ignore_errors=True)

    def _serve(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                job = self.jobs[self._pending.pop(0)]
                job.state = "running"
                job.started = time.time()
                job.version += 1
                self._lock.notify_all()

            def progress(done: int, total: int | None, step: str, job: Job = job) -> None:
                with self._lock:
                    job.done, job.total, job.step = done, total, step
                    job.version += 1
                    self._lock.notify_all()

            outcome = self.pool.run(job.kind, job.source, job.options, out=str(job.out),
                                    timeout=self.timeout, memory=self.memory,
                                    cancelled=job.cancel.is_set, progress=progress)
            with self._lock:
                if outcome.status == "ok":
                    self._finish(job, "done", result=outcome.value, message="done")
                elif outcome.status == "error":
                    self._finish(job, "error", error=outcome.value,
                                 message=outcome.value.get("message", ""))
                else:
                    self._finish(job, outcome.status, message=str(outcome.value))

    def wait_change(self, job: Job, version: int, timeout: float) -> int:
        """Block until ``job`` changes past ``version`` (or ``timeout``); its new version."""
        with self._lock:
            if job.version == version and job.state not in FINAL:
                self._lock.wait(timeout)
            return job.version


