"""Several clients at once against one workbench server: each gets the answer to its own
question, every write lands whole, background jobs queue, finish or are cancelled.

Deterministic: the clients start together at a barrier and every check is on what was
answered, never on how long it took (no timing assertions); waits are bounded only so that
a broken server fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import detente
from detente.model.builtin import resolve_builtin
from detente.model.files import TEMP_PREFIX
from detente.web.jobs import FINAL

CLIENTS = 10
CUBAN = resolve_builtin("cuban-missile-crisis").read_text(encoding="utf-8")
#: Two preference profiles of the United States, so that answers differ beyond the title.
SWAPPED = CUBAN.replace("- NNYN\n        - NYYN", "- NYYN\n        - NNYN", 1)
LONG = {"kind": "dynamics", "request": {"builtin": "summit-2021", "analyses": "tournament",
                                        "repetitions": 1_000_000, "max_work": 1e11}}


def client_text(i: int) -> str:
    base = SWAPPED if i % 2 else CUBAN
    first, rest = base.split("\n", 1)
    assert first.startswith("title:")
    return f"title: Client {i}'s crisis\n{rest}"


def expected(tmp_path: Path, i: int) -> dict[str, Any]:
    """What ``detente analyze`` answers for client i's text, computed in this process."""
    path = tmp_path / f"client-{i}.yaml"
    path.write_text(client_text(i), encoding="utf-8")
    return detente.analyze(str(path)).to_dict("equilibria")


def wait_for(check: Any, what: str, limit: float = 300) -> Any:
    """Poll ``check`` until it returns something true (bounded, so a broken server fails)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def test_clients_at_once(server, workspace, tmp_path) -> None:
    answers = {i: expected(tmp_path, i) for i in range(CLIENTS)}
    assert answers[0] != answers[1] and answers[0]["title"] != answers[2]["title"]
    texts = {client_text(i) for i in range(CLIENTS)}
    # a long background job holds the one job worker while the clients run
    status, long_job = server.post("/api/jobs", LONG)
    assert status == 202
    wait_for(lambda: server.get(f"/api/jobs/{long_job['id']}")[1]["state"] == "running",
             "the long job to start")

    barrier = threading.Barrier(CLIENTS + 1)
    failures: list[str] = []
    job_ids: dict[int, str] = {}
    shared_reads: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        text = client_text(i)
        name = f"concurrent-{i}.yaml"
        try:
            barrier.wait(60)
            # its own file, written then read back, analysed from the workspace
            assert server.request("PUT", f"/api/files/{name}", {"text": text})[0] == 200
            assert server.get(f"/api/files/{name}")[1]["text"] == text
            # everyone writes the same file, and reads it: always one whole text
            for _ in range(3):
                assert server.request("PUT", "/api/files/shared.yaml", {"text": text})[0] \
                    == 200
                status, got = server.get("/api/files/shared.yaml")
                assert status == 200
                with lock:
                    shared_reads.append(got["text"])
            # its own question, three ways: the answer to its text, never another's
            for body in ({"text": text, "filename": "scenario.yaml"},
                         {"file": name}, {"text": text, "filename": "scenario.yaml"}):
                status, got = server.post("/api/analyze", body)
                assert status == 200, got
                assert got == answers[i], (i, body.keys())
            # a background job: queued behind the long one (429 while the queue is full)
            request = {"kind": "analyze", "request": {"text": text,
                                                      "filename": "scenario.yaml"}}

            def submit() -> str | None:
                status, job = server.post("/api/jobs", request)
                assert status in (202, 429), (status, job)
                return job["id"] if status == 202 else None

            job_id = wait_for(submit, f"client {i}'s job to be accepted")
            with lock:
                job_ids[i] = job_id
        except Exception as exc:  # reported by the main thread
            with lock:
                failures.append(f"client {i}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    barrier.wait(60)
    # the queue fills up behind the long job: cancel it so that the others run
    wait_for(lambda: len(job_ids) >= 1 or failures, "a first queued job")
    status, cancelled = server.request("DELETE", f"/api/jobs/{long_job['id']}")
    assert status == 200 and cancelled["state"] == "cancelled"
    for t in threads:
        t.join(300)
    assert not any(t.is_alive() for t in threads)
    assert failures == []

    # every job the clients started finished with its own client's answer
    assert sorted(job_ids) == list(range(CLIENTS))
    for i, job_id in job_ids.items():
        def final(job_id: str = job_id) -> dict[str, Any] | None:
            job = server.get(f"/api/jobs/{job_id}")[1]
            return job if job["state"] in FINAL else None

        done = wait_for(final, f"job {job_id} to end")
        assert done["state"] == "done", done
        assert server.get(f"/api/jobs/{job_id}/result") == (200, answers[i])
    assert server.get(f"/api/jobs/{long_job['id']}")[1]["state"] == "cancelled"

    # no lost or torn writes: each client's file holds its text; the shared file holds one
    # whole text, and every read of it was one whole text
    for i in range(CLIENTS):
        assert (workspace / f"concurrent-{i}.yaml").read_text(encoding="utf-8") == \
            client_text(i)
        (workspace / f"concurrent-{i}.yaml").unlink()
    assert (workspace / "shared.yaml").read_text(encoding="utf-8") in texts
    assert len(shared_reads) == 3 * CLIENTS and set(shared_reads) <= texts
    (workspace / "shared.yaml").unlink()
    # no temporary file of an atomic write is left behind
    assert not [p.name for p in workspace.iterdir() if p.name.startswith(TEMP_PREFIX)]
