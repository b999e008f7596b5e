"""Batches on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
127.0.0.1 (random free ports), the same numbers as in process, a worker killed mid-run, and
an unreachable scheduler."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from detente.graph.batches import run_batches
from detente.graph.uncertainty import uncertainty
from detente.model.loader import load_conflict
from detente.model.uncertainty import UncertainPreferences
from tests.cli.helpers import detente_command

DATA = Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml"
DASK = str(Path(sys.executable).with_name("dask"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([DASK, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [_start(["scheduler", "--host", "127.0.0.1", "--port", str(port),
                     "--dashboard-address", f"127.0.0.1:{_free_port()}"])]
    try:
        for _ in range(2):
            procs.append(_start(["worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                 "--no-dashboard", "--memory-limit", "2GB"]))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, procs
    finally:
        for p in procs:
            _stop(p)


def _model():
    c = load_conflict(DATA)
    return dataclasses.replace(c, uncertainty=(
        UncertainPreferences(0, ((0, 1, 2, 3),), ((1, 0.5), (2, 0.3))),
        UncertainPreferences(1, ((0, 1, 2, 3),), ((1, 0.3),))))


def test_cluster_gives_the_in_process_numbers(cluster) -> None:
    address, _ = cluster
    c = _model()
    here = uncertainty(c, "nash,gmr,seq,sim", samples=640, seed=5, batch=32)
    there = uncertainty(c, "nash,gmr,seq,sim", samples=640, seed=5, batch=32,
                        runner=partial(run_batches, scheduler=address))
    assert there == here
    exact_here = uncertainty(c, "nash,seq", samples=10**5, batch=100)
    exact_there = uncertainty(c, "nash,seq", samples=10**5, batch=100,
                              runner=partial(run_batches, scheduler=address))
    assert exact_there.method == "exact" and exact_there == exact_here


def test_ctrl_c_cancels_the_outstanding_batches(cluster) -> None:
    """An interruption while batches run leaves no work on the cluster: the outstanding
    futures are cancelled (not left to run to the end) before the interruption goes on."""
    from distributed import Client

    address, _ = cluster

    def tick(_msg: str) -> None:
        raise KeyboardInterrupt

    def pending(dask_scheduler) -> int:
        return sum(ts.state in ("waiting", "processing", "queued", "no-worker")
                   for ts in dask_scheduler.tasks.values())

    with Client(address, timeout=30) as observer:
        with pytest.raises(KeyboardInterrupt):  # 100 batches of a few tenths of a second
            uncertainty(_model(), "nash,seq,sim", samples=32_000, seed=9, batch=320,
                        runner=partial(run_batches, scheduler=address), progress=tick)
        assert observer.run_on_scheduler(pending) == 0


def _workers_of(pid: int) -> list:
    """The worker processes a local cluster spawned under ``pid`` (multiprocessing's spawn
    entry point on their command line)."""
    import psutil

    found = []
    for child in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any("spawn_main" in part for part in child.cmdline()):
                found.append(child)
    return found


def _wait_for(condition, timeout: float, what: str, proc: subprocess.Popen):
    """Poll ``condition()`` until it returns something true (returned) or ``timeout``
    seconds pass, or ``proc`` ends (a failure saying ``what`` was awaited)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _, err = proc.communicate()
            pytest.fail(f"{what} (exit {proc.returncode})\n{err}")
        time.sleep(0.1)


def test_ctrl_c_stops_the_local_cluster(tmp_path: Path) -> None:
    """``--workers 2`` interrupted while waiting for its batches: exit 130 with the one line,
    and the local cluster's processes are gone.

    Every wait is on a condition with a generous deadline (a loaded machine only makes it
    slower): the command pauses where it waits for its batches, its two worker processes
    are found, then after SIGINT the command must end and both workers must be gone."""
    import psutil

    from tests.cli.test_interrupt import WRAPPER

    # the cluster's processes are spawned: they import the script again, which must not
    # run the command a second time
    body = "\n".join("    " + line for line in WRAPPER.strip().splitlines())
    script = tmp_path / "wrapper.py"
    script.write_text(f"if __name__ == '__main__':\n{body}\n", encoding="utf-8")
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker), "distributed:as_completed", "1", "before",
         "sensitivity", str(DATA), "--samples", "3200", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        _wait_for(marker.exists, 600, "never waited for the batches", proc)
        workers = _wait_for(lambda: len(_workers_of(proc.pid)) >= 2 and _workers_of(proc.pid),
                            120, "the local cluster's two workers never appeared", proc)
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("still running 300 s after SIGINT")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert err.splitlines()[-1] == "interrupted", err
    _, alive = psutil.wait_procs(workers, timeout=120)
    for p in alive:  # do not leave them behind for the next test
        with contextlib.suppress(psutil.Error):
            p.kill()
    assert not alive, f"worker processes left running after Ctrl-C: {alive}"


def test_a_worker_killed_mid_run(cluster) -> None:
    address, procs = cluster
    c = _model()
    here = uncertainty(c, "nash,seq,sim", samples=3200, seed=9, batch=32)
    killed = threading.Event()

    def tick(_msg: str) -> None:
        if not killed.is_set():
            killed.set()
            os.killpg(procs[2].pid, signal.SIGKILL)  # the second worker, mid-run

    there = uncertainty(c, "nash,seq,sim", samples=3200, seed=9, batch=32,
                        runner=partial(run_batches, scheduler=address), progress=tick)
    assert killed.is_set() and procs[2].wait(timeout=10) != 0
    assert there == here


def test_unreachable_scheduler_exits_2_quickly() -> None:
    port = _free_port()  # nothing listens there
    start = time.monotonic()
    proc = subprocess.run([*detente_command(), "sensitivity", str(DATA), "--samples", "10",
                           "--scheduler", f"tcp://127.0.0.1:{port}"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert time.monotonic() - start < 10
    assert "cannot reach the Dask scheduler" in proc.stderr
