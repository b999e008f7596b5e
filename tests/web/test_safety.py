"""The workbench is safe by default: body limits, workspace confinement, token, host and
origin checks, bounded pools and queues, time limits, cancellation, and progress by SSE."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from urllib.parse import urlparse

import pytest

from detente.web.app import Settings
from tests.cli.helpers import run
from tests.web.conftest import TOKEN
from tests.web.server import Server


def raw(server: Server, head: str, body: bytes = b"", read_timeout: float = 10) -> tuple[int, str]:
    """Send a hand-written request; the status and body of the answer."""
    u = urlparse(server.url)
    with socket.create_connection((u.hostname, u.port), timeout=read_timeout) as sock:
        # the server may answer and close before the whole body is sent
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data:
                head_part, _, rest = data.partition(b"\r\n\r\n")
                length = [int(line.split(b":")[1]) for line in head_part.split(b"\r\n")
                          if line.lower().startswith(b"content-length:")]
                if length and len(rest) >= length[0]:
                    break
    status = int(data.split(b" ", 2)[1])
    return status, data.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


def test_a_large_body_is_refused_from_its_headers(server) -> None:
    host = urlparse(server.url).netloc
    # 9 MiB announced, nothing sent: the answer comes without waiting for the body
    start = time.monotonic()
    status, body = raw(server, f"POST /api/analyze HTTP/1.1\r\nHost: {host}\r\n"
                       f"Content-Type: application/json\r\nContent-Length: {9 << 20}")
    assert status == 413 and "over the limit" in body
    assert time.monotonic() - start < 5
    # a chunked body is counted as it arrives and cut at the limit
    chunk = b"x" * (1 << 20)
    chunks = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(9)) + b"0\r\n\r\n"
    status, _ = raw(server, f"POST /api/validate HTTP/1.1\r\nHost: {host}\r\n"
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked", chunks)
    assert status == 413


def test_the_body_limit_is_an_option(strict) -> None:
    status, _ = strict.post("/api/validate", {"text": "x" * (1 << 20)})
    assert status == 413
    assert strict.post("/api/validate", {"text": "title: x\n"})[0] == 200


@pytest.mark.parametrize("path", [
    "%2e%2e/secret.yaml", "..%2fsecret.yaml", "%2Fetc%2Fpasswd", "escape.yaml",
    "out/secret.yaml", "talks/%2e%2e/%2e%2e/x.yaml", "~root/x.yaml",
])
def test_no_path_outside_the_workspace_is_read(server, path) -> None:
    status, got = server.get(f"/api/files/{path}")
    assert status == 400, got
    status, got = server.post("/api/analyze", {"file": path.replace("%2e", ".").replace(
        "%2f", "/").replace("%2F", "/")})
    assert status == 400, got


def test_no_path_outside_the_workspace_is_written(server, workspace) -> None:
    outside = workspace.parent
    before = {p.name for p in outside.rglob("*")}
    for path in ("out/new.yaml", "%2e%2e/new.yaml", "escape.yaml", "talks/../../new.yaml",
                 ".hidden.yaml", "new.txt"):
        status, got = server.request("PUT", f"/api/files/{path}", {"text": "title: x\n"})
        assert status in (400, 404), (path, got)
    assert {p.name for p in outside.rglob("*")} == before
    assert (workspace / "escape.yaml").is_symlink()  # the link was not replaced either


def test_other_hosts_and_origins_are_refused(server) -> None:
    assert server.get("/api/health", headers={"Host": "evil.example"})[0] == 400
    status, _ = server.post("/api/validate", {"text": "x"},
                            headers={"Origin": "http://evil.example"})
    assert status == 403
    # same origin is fine; no CORS header is ever sent
    req = http.client.HTTPConnection(urlparse(server.url).netloc, timeout=30)
    req.request("GET", "/api/health", headers={"Origin": server.url})
    answer = req.getresponse()
    assert answer.status == 200
    assert answer.getheader("access-control-allow-origin") is None
    assert "connect-src 'self'" in answer.getheader("content-security-policy")
    assert answer.getheader("x-frame-options") == "DENY"
    req.close()


def test_the_token_is_required(strict) -> None:
    saved, strict.token = strict.token, None
    try:
        assert strict.get("/api/health")[0] == 401
        assert strict.get("/api/health", headers={"Authorization": "Bearer wrong"})[0] == 401
        assert strict.get(f"/api/health?token={TOKEN}")[0] == 200
        assert strict.get("/api/health", headers={"X-Detente-Token": TOKEN})[0] == 200
        req = http.client.HTTPConnection(urlparse(strict.url).netloc, timeout=30)
        req.request("GET", f"/?token={TOKEN}")
        page = req.getresponse()
        page.read()
        assert page.status == 200
        cookie = page.getheader("set-cookie")
        assert cookie.startswith(f"detente_token={TOKEN};") and "HttpOnly" in cookie
        req.close()
        assert strict.get("/api/health", headers={"Cookie": f"detente_token={TOKEN}"})[0] == 200
    finally:
        strict.token = saved
    assert strict.get("/api/health")[0] == 200


def test_off_the_loopback_a_token_is_needed(capsys) -> None:
    assert Settings(host="127.0.0.1").loopback and Settings(host="::1").loopback
    assert not Settings(host="0.0.0.0").loopback
    code, _out, err = run(["serve", "--host", "0.0.0.0", "--token", "short"], capsys)
    assert code == 2 and "at least 16 characters" in err
    code, _out, err = run(["serve", "--workspace", "/no/such/folder"], capsys)
    assert code == 2 and "not a folder" in err


def test_many_simultaneous_requests_are_served(server) -> None:
    results: list[int] = []

    def one(i: int) -> None:
        body = {"builtin": ["chicken", "prisoners-dilemma", "cuban-missile-crisis"][i % 3]}
        results.append(server.post("/api/analyze", body)[0])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == [200] * 40


def events(server: Server, job_id: str, timeout: float = 120) -> list[tuple[str, dict]]:
    """Read the job's event stream to its end."""
    req = http.client.HTTPConnection(urlparse(server.url).netloc, timeout=timeout)
    headers = {"Authorization": f"Bearer {server.token}"} if server.token else {}
    req.request("GET", f"/api/jobs/{job_id}/events", headers=headers)
    answer = req.getresponse()
    assert answer.status == 200
    assert answer.getheader("content-type").startswith("text/event-stream")
    got: list[tuple[str, dict]] = []
    name = None
    for line in answer:
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            got.append((name, json.loads(line[6:])))
            if name == "end":
                break
    req.close()
    return got


def test_a_job_reports_progress_and_gives_the_command_json(server, capsys) -> None:
    status, job = server.post("/api/jobs", {"kind": "analyze", "request": {
        "builtin": "summit-2021", "model": "core", "concepts": "nash,gmr,seq"}})
    assert status == 202 and job["state"] in ("queued", "running")
    seen = events(server, job["id"])
    assert seen[-1][0] == "end" and seen[-1][1]["state"] == "done"
    assert any(d["progress"]["total"] for _n, d in seen)  # the bar had a length
    status, result = server.get(f"/api/jobs/{job['id']}/result")
    code, out, _ = run(["analyze", "summit-2021#core", "--concepts", "nash,gmr,seq",
                        "--format", "json"], capsys)
    assert status == 200 and code == 0 and result == json.loads(out)


LONG = {"kind": "dynamics", "request": {"builtin": "summit-2021", "analyses": "tournament",
                                        "repetitions": 1_000_000, "max_work": 1e11}}


def test_jobs_are_cancelled_and_the_queue_is_bounded(server) -> None:
    ids = []
    refused = 0
    for _ in range(6):  # one worker, three places in the queue
        status, job = server.post("/api/jobs", LONG)
        if status == 429:
            refused += 1
        else:
            assert status == 202
            ids.append(job["id"])
    assert refused >= 2
    for job_id in ids:
        assert server.request("DELETE", f"/api/jobs/{job_id}") == (200, server.get(
            f"/api/jobs/{job_id}")[1])
        assert server.get(f"/api/jobs/{job_id}")[1]["state"] == "cancelled"
    assert server.post("/api/jobs", {"kind": "analyze", "request": {"builtin": "chicken"}}
                       )[0] == 202  # room again
    assert server.get("/api/jobs/nonexistent")[0] == 404


def test_a_job_past_its_time_limit_is_stopped(strict) -> None:
    status, job = strict.post("/api/jobs", LONG)
    assert status == 202
    seen = events(strict, job["id"])
    assert seen[-1][1]["state"] == "timeout"
    assert "time limit of 3 s" in seen[-1][1]["message"]
    # the worker was replaced: the next analysis runs
    assert strict.post("/api/analyze", {"builtin": "chicken"})[0] == 200
