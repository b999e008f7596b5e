"""Load benchmark of the workbench (`detente serve`); not part of `make test`.

Starts `detente serve` on a free 127.0.0.1 port with an empty workspace, then measures:

1. the re-analysis of the summit core model after an edit: the summit scenario's text with
   two adjacent preference statements of one decision maker of the core model swapped (a
   different edit each time, as a user typing), sent to ``POST /api/analyze`` as the page
   sends it; the server's own time (the ``Server-Timing`` header) and the time seen by the
   client;
2. the first page load in Debian's Chromium (Playwright): until the page's ``load`` event,
   and until the first tableau is drawn (the analysis included);
3. locust, headless: 50 users analysing the built-in scenarios for 60 s
   (benchmarks/workbench_locustfile.py): requests, failures, median and p95 latency, and the
   peak resident memory of the server and its worker processes together.

    .venv/bin/python -m pip install -e '.[bench]'
    .venv/bin/python benchmarks/workbench_load.py [--users 50] [--seconds 60] [--workers 2]

Prints a Markdown table (docs/performance.md quotes it). Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def detente() -> list[str]:
    exe = Path(sys.executable).with_name("detente")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "detente.cli"]


class Server:
    def __init__(self, workspace: Path, workers: int) -> None:
        self.log = workspace / "serve.log"
        self._log = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [*detente(), "serve", "--workspace", str(workspace), "--port", "0",
             "--workers", str(workers)],
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            m = re.search(r"http://127\.0\.0\.1:\d+", self.log.read_text())
            if m:  # printed once bound; answering once Uvicorn is up
                self.url = m.group()
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(self.url + "/api/health", timeout=5).close()
                    return
            if self.proc.poll() is not None:
                raise SystemExit(self.log.read_text())
            time.sleep(0.1)
        raise SystemExit("detente serve did not start")

    def post(self, path: str, body: dict) -> tuple[float, float, dict]:
        """Client seconds, server milliseconds (Server-Timing) and the JSON answer."""
        req = urllib.request.Request(self.url + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        t = time.perf_counter()
        with urllib.request.urlopen(req, timeout=300) as r:
            data = json.loads(r.read())
            timing = r.headers.get("Server-Timing", "")
        wall = time.perf_counter() - t
        m = re.search(r"dur=([\d.]+)", timing)
        return wall, float(m.group(1)) if m else float("nan"), data

    def memory(self) -> int:
        """Resident bytes of the server and all its worker processes."""
        import psutil

        try:
            root = psutil.Process(self.proc.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):  # a worker replaced meanwhile
                total += p.memory_info().rss
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


def summit_edits() -> list[str]:
    """The summit scenario's text with different small edits, as a user makes them: in the
    core model, the expressions of two adjacent preference statements of one decision maker
    swapped (their rationales and sources stay where they are)."""
    from detente.model.builtin import resolve_builtin

    text = resolve_builtin("summit-2021").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    core = [i for i, line in enumerate(lines) if line.strip() == "- name: core"][0]
    end = next((i for i in range(core + 1, len(lines))
                if lines[i].lstrip().startswith("- name: ")
                and len(lines[i]) - len(lines[i].lstrip()) == 2), len(lines))
    at = [i for i in range(core, end) if lines[i].lstrip().startswith("- statement: ")]
    edits = []
    for i, j in zip(at, at[1:], strict=False):
        if len(lines[i]) - len(lines[i].lstrip()) != len(lines[j]) - len(lines[j].lstrip()):
            continue
        if any(lines[k].strip() == "statements:" for k in range(i + 1, j)):
            continue  # the next decision maker's first statement
        a, b = (lines[i].split("- statement: ", 1), lines[j].split("- statement: ", 1))
        swapped = list(lines)
        swapped[i] = a[0] + "- statement: " + b[1]
        swapped[j] = b[0] + "- statement: " + a[1]
        edits.append("".join(swapped))
        if len(edits) >= 12:
            break
    return edits or [text]


def reanalysis(server: Server) -> dict[str, float]:
    edits = summit_edits()
    for _ in range(10):  # warm (the first run may compile the kernels: past the time limit)
        try:
            server.post("/api/analyze", {"builtin": "summit-2021", "model": "core"})
            break
        except urllib.error.HTTPError:
            continue
    walls, servers = [], []
    for text in edits:
        try:
            wall, ms, _ = server.post("/api/analyze", {"text": text, "filename": "summit.yaml",
                                                       "model": "core", "detail": "full"})
        except urllib.error.HTTPError:
            continue  # an edit that breaks the model (an exclusive group's order) is skipped
        walls.append(wall * 1000)
        servers.append(ms)
    return {"edits": len(servers), "server_median": statistics.median(servers),
            "server_max": max(servers), "client_median": statistics.median(walls)}


def page_load(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url + "/#builtin:cuban-missile-crisis")  # warm the server's caches
        page.wait_for_selector("#tableau-table", timeout=120_000)
        page.close()
        loads, tables = [], []
        for _ in range(5):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t = time.perf_counter()
            page.goto(url + "/#builtin:cuban-missile-crisis", wait_until="load")
            loads.append(time.perf_counter() - t)
            page.wait_for_selector("#tableau-table", timeout=120_000)
            tables.append(time.perf_counter() - t)
            page.close()
        browser.close()
    return {"load": statistics.median(loads), "tableau": statistics.median(tables)}


def load_test(server: Server, users: int, seconds: int, folder: Path) -> dict[str, float]:
    peak = [server.memory()]
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], server.memory())
            stop.wait(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    prefix = folder / "locust"
    locust = Path(sys.executable).with_name("locust")
    cmd = [str(locust) if locust.exists() else "locust", "-f",
           str(HERE / "workbench_locustfile.py"), "--headless", "-u", str(users), "-r",
           str(max(1, users // 5)), "-t", f"{seconds}s", "--host", server.url, "--csv",
           str(prefix), "--only-summary", "--loglevel", "WARNING"]
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop.set()
    watcher.join()
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {r["Name"]: r for r in csv.DictReader(f)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]), "median": float(total["50%"]),
        "p95": float(total["95%"]), "max": float(total["Max Response Time"]),
        "peak_mb": peak[0] / 2**20,
        "rows": {k: (int(v["Request Count"]), float(v["50%"]), float(v["95%"]))
                 for k, v in rows.items() if k != "Aggregated"},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), args.workers)
        try:
            r = reanalysis(server)
            pl = page_load(server.url)
            lt = load_test(server, args.users, args.seconds, Path(tmp))
        finally:
            server.stop()
    print(f"détente workbench load benchmark — {time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} cores, {args.workers} analysis workers, Python "
          f"{sys.version.split()[0]}\n")
    print("| measure | result | target |")
    print("| --- | --- | --- |")
    print(f"| re-analysis of the summit core model after an edit, server time (median / max "
          f"of {r['edits']} edits) | {r['server_median']:.0f} ms / {r['server_max']:.0f} ms "
          f"| ≤ 300 ms |")
    print(f"| the same, seen by the client (median) | {r['client_median']:.0f} ms | |")
    print(f"| first page load (load event, median of 5) | {pl['load'] * 1000:.0f} ms "
          f"| ≤ 1 s |")
    print(f"| first tableau drawn (page + validation + analysis) | "
          f"{pl['tableau'] * 1000:.0f} ms | |")
    print(f"| load test: {args.users} users, {args.seconds} s — requests (per s) | "
          f"{lt['requests']} ({lt['rps']:.1f}/s) | |")
    print(f"| failed requests | {lt['failures']} | 0 |")
    print(f"| latency median / p95 / max | {lt['median']:.0f} / {lt['p95']:.0f} / "
          f"{lt['max']:.0f} ms | |")
    print(f"| peak memory, server and workers | {lt['peak_mb']:.0f} MB | |")
    print("\n| request | count | median ms | p95 ms |\n| --- | --- | --- | --- |")
    for name, (count, med, p95) in sorted(lt["rows"].items()):
        print(f"| {name} | {count} | {med:.0f} | {p95:.0f} |")


if __name__ == "__main__":
    main()
