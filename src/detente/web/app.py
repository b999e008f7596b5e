"""The workbench's web application (FastAPI): the API and the page.

This module only parses requests, hands them to worker processes (which call the library
through :mod:`detente.web.library`) and returns what they answer; it computes no analysis.
The API is described by the OpenAPI schema at ``/openapi.json`` (and docs/workbench.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import ValidationError

from detente import __version__
from detente.web.jobs import FINAL, JobManager, QueueFullError
from detente.web.schemas import (
    REQUESTS,
    JobRequest,
    SaveRequest,
    SourceRequest,
    ValidateRequest,
)
from detente.web.security import Guard
from detente.web.workers import WorkerPool
from detente.web.workspace import PathRefusedError, Workspace

__all__ = ["Settings", "create_app", "STATIC"]

#: The page and its assets, built from web-src/ and shipped in the package.
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Settings:
    """How the workbench runs (``detente serve``'s options)."""

    workspace: Path = field(default_factory=Path.cwd)
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_body: int = 8 * 1024 * 1024
    sync_workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    job_workers: int = 1
    job_queue: int = 8
    sync_timeout: float = 60.0
    job_timeout: float = 900.0
    max_memory: int | None = None
    warm: bool = True

    @property
    def loopback(self) -> bool:
        return self.host in ("127.0.0.1", "localhost", "::1") or self.host.startswith("127.")

    def memory_per_worker(self) -> int:
        """The memory each analysis may use: ``max_memory``, or an even share of 75 % of
        what is available among the workers that may run at once."""
        if self.max_memory is not None:
            return self.max_memory
        from detente.model.resources import default_limit

        return max(256 << 20, default_limit() // (self.sync_workers + self.job_workers))


# -- answers ---------------------------------------------------------------------------------
_STATUS = {"error": 422, "timeout": 504, "memory": 507, "failed": 500, "cancelled": 499}


def _outcome_response(outcome: Any) -> Response:
    if outcome.status == "ok":
        return Response(outcome.value, media_type="application/json")
    if outcome.status == "error":
        return JSONResponse({"detail": outcome.value["message"], "error": outcome.value},
                            status_code=422)
    return JSONResponse({"detail": str(outcome.value)},
                        status_code=_STATUS.get(outcome.status, 500))


#: The synchronous analysis endpoints (``POST /api/{kind}``) and their descriptions; each
#: takes ``schemas.REQUESTS[kind]`` and answers the command's JSON.
ANALYSES = {
    "analyze": "Stability and equilibria: the JSON of ``detente analyze --format json``.",
    "paths": "Status quo analysis: the JSON of ``detente paths --format json``.",
    "explain": "Why a state is or is not stable: ``detente explain STATE --format json``.",
    "hypergame": "Each side's perceived game: ``detente hypergame --format json``.",
    "inverse": "What it would take for a state to be an equilibrium: ``detente inverse``.",
    "sensitivity": "Which assumptions each verdict rests on: ``detente sensitivity --format "
                   "json``.",
    "deals": "Package deals over the agenda: ``detente deals --format json``.",
    "dynamics": "Reciprocity dynamics: ``detente dynamics --format json``.",
}

ERRORS = {
    400: {"description": "A path outside the workspace, or a malformed request."},
    413: {"description": "The request body is over the size limit."},
    422: {"description": "A mistake in the scenario or the options, with the command's "
          "message, file, line and field (`error`), or a request that breaks the schema."},
    504: {"description": "The analysis ran past the time limit (use a background job)."},
    507: {"description": "The analysis used more memory than a worker may."},
}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The workbench application for ``settings`` (workers start with the app)."""
    s = settings or Settings()
    workspace = Workspace(s.workspace)
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        scratch = Path(tempfile.mkdtemp(prefix="detente-workbench-"))
        memory = s.memory_per_worker()
        state["pool"] = await anyio.to_thread.run_sync(
            lambda: WorkerPool(s.sync_workers, str(scratch), warm=s.warm))
        state["jobs"] = await anyio.to_thread.run_sync(
            lambda: JobManager(s.job_workers, s.job_queue, scratch, timeout=s.job_timeout,
                               memory=memory, warm=s.warm))
        state["memory"] = memory
        # requests wait here for a worker: many may wait, none is refused
        state["limiter"] = anyio.CapacityLimiter(512)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(state["jobs"].close)
            await anyio.to_thread.run_sync(state["pool"].close)
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)

    app = FastAPI(
        title="détente workbench",
        version=__version__,
        description="Conflict analysis in the browser: the API behind `detente serve`. Each "
        "analysis endpoint answers exactly the JSON of the command it mirrors "
        "(`POST /api/analyze` is `detente analyze --format json`). See docs/workbench.md.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )

    # -- helpers -----------------------------------------------------------------------------
    def resolved(req: SourceRequest) -> dict[str, Any]:
        src = req.source()
        if src["kind"] == "builtin":
            from detente.model.builtin import list_builtin
            from detente.model.errors import did_you_mean

            names = [n for n, _t, _p in list_builtin()]
            if src["name"] not in names:
                raise HTTPException(422, f"no built-in scenario {src['name']!r}. "
                                    f"{did_you_mean(src['name'], names)}")
        elif src["kind"] == "file":
            src["path"] = str(_resolve(src["file"]))
            src["root"] = str(workspace.root) + os.sep
        return src

    def _resolve(relative: str) -> Path:
        try:
            return workspace.resolve(relative)
        except PathRefusedError as exc:
            raise HTTPException(400, str(exc)) from None
        except FileNotFoundError:
            raise HTTPException(404, f"no file {relative!r} in the workspace") from None

    async def run_sync(kind: str, req: SourceRequest) -> Response:
        src = resolved(req)
        options = req.options()
        options.setdefault("max_memory", None)
        if options["max_memory"] is None:
            options["max_memory"] = state["memory"]
        pool: WorkerPool = state["pool"]
        started = time.perf_counter()
        outcome = await anyio.to_thread.run_sync(
            lambda: pool.run(kind, src, options, timeout=s.sync_timeout,
                             memory=state["memory"]),
            limiter=state["limiter"])
        response = _outcome_response(outcome)
        # the time from the request to its answer, waiting for a worker included
        response.headers["Server-Timing"] = \
            f"analysis;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    # -- health, scenarios, files ------------------------------------------------------------
    @app.get("/api/health", tags=["workbench"])
    async def health() -> dict[str, str]:
        """Whether the server is up, and détente's version."""
        return {"status": "ok", "version": __version__}

    @app.get("/api/builtins", tags=["scenarios"])
    async def builtins() -> list[dict[str, Any]]:
        """The built-in scenarios: name and title."""
        from detente.model.builtin import list_builtin

        return [{"name": n, "title": t} for n, t, _p in list_builtin()]

    @app.get("/api/builtins/{name}", tags=["scenarios"], responses={404: {}})
    async def builtin_text(name: str) -> dict[str, str]:
        """A built-in scenario's file, to open in the editor."""
        from detente.model.builtin import list_builtin

        for n, _t, p in list_builtin():
            if n == name:
                return {"name": n, "filename": p.name, "text": p.read_text(encoding="utf-8")}
        raise HTTPException(404, f"no built-in scenario {name!r}")

    @app.get("/api/templates", tags=["scenarios"])
    async def templates() -> list[dict[str, str]]:
        """Starting points for a new scenario."""
        out = []
        for p in sorted(TEMPLATES.glob("*.yaml")):
            first = p.read_text(encoding="utf-8").splitlines()[0]
            out.append({"name": p.stem, "title": first.lstrip("# ").strip()})
        return out

    @app.get("/api/templates/{name}", tags=["scenarios"], responses={404: {}})
    async def template_text(name: str) -> dict[str, str]:
        """A template's text."""
        for p in TEMPLATES.glob("*.yaml"):
            if p.stem == name:
                return {"name": p.stem, "filename": p.name, "text": p.read_text("utf-8")}
        raise HTTPException(404, f"no template {name!r}")

    @app.get("/api/files", tags=["files"])
    async def files() -> dict[str, Any]:
        """The scenario files in the workspace (.yaml, .yml, .json, .gmcr)."""
        listed = await anyio.to_thread.run_sync(workspace.list)
        return {"workspace": workspace.root.name, "files": listed}

    @app.get("/api/files/{path:path}", tags=["files"], responses={400: ERRORS[400], 404: {}})
    async def read_file(path: str, download: bool = Query(False)) -> Response:
        """A workspace file's text (``?download=true``: the file itself, to save)."""
        real = _resolve(path)
        if download:
            return FileResponse(real, media_type="application/octet-stream",
                                filename=real.name)
        try:
            text = workspace.read(path)
        except PathRefusedError as exc:
            raise HTTPException(400, str(exc)) from None
        return JSONResponse({"path": path, "text": text, "modified": real.stat().st_mtime})

    @app.put("/api/files/{path:path}", tags=["files"], responses={400: ERRORS[400]})
    async def save_file(path: str, body: SaveRequest) -> dict[str, Any]:
        """Save a scenario file in the workspace (atomically: a reader never sees half)."""
        try:
            written = await anyio.to_thread.run_sync(lambda: workspace.write(path, body.text))
        except PathRefusedError as exc:
            raise HTTPException(400, str(exc)) from None
        except OSError as exc:
            raise HTTPException(400, f"cannot write {path!r}: {exc.strerror or exc}") from None
        st = written.stat()
        return {"path": path, "size": st.st_size, "modified": st.st_mtime}

    # -- validation and analyses -------------------------------------------------------------
    @app.post("/api/validate", tags=["analyses"])
    async def validate(req: ValidateRequest) -> Response:
        """Check scenario text as the commands read it: ``ok``, the models, and the errors
        (line, field and the command's message). 200 whether or not the text is valid."""
        name = req.filename or ("scenario.json" if req.syntax == "json" else "scenario.yaml")
        if req.syntax == "json" and not name.lower().endswith(".json"):
            name = name.rsplit(".", 1)[0] + ".json"
        pool: WorkerPool = state["pool"]
        # parsed in a worker too: a large file checked while others type must not hold the
        # server's own process (and its event loop) busy
        outcome = await anyio.to_thread.run_sync(
            lambda: pool.run("validate", {"kind": "text", "text": req.text, "filename": name},
                             {}, timeout=s.sync_timeout, memory=state["memory"]),
            limiter=state["limiter"])
        if outcome.status != "ok":
            return _outcome_response(outcome)
        return Response(outcome.value, media_type="application/json")

    responses: dict[int | str, dict[str, Any]] = {k: ERRORS[k] for k in (400, 422, 504, 507)}

    def analysis(kind: str, request: type[SourceRequest], doc: str) -> None:
        """``POST /api/{kind}``: ``request``'s body, run by :func:`run_sync`; ``doc`` is
        the operation's description in the OpenAPI schema."""

        async def endpoint(req: SourceRequest) -> Response:
            return await run_sync(kind, req)

        endpoint.__name__ = endpoint.__qualname__ = kind
        endpoint.__doc__ = doc
        # the body's model, as FastAPI reads it (annotations are strings in this module)
        endpoint.__annotations__ = {"req": request, "return": Response}
        app.post(f"/api/{kind}", tags=["analyses"], responses=responses)(endpoint)

    for kind, doc in ANALYSES.items():
        analysis(kind, REQUESTS[kind], doc)

    # -- background jobs ---------------------------------------------------------------------
    def job_of(job_id: str) -> Any:
        job = state["jobs"].get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r} (the server keeps jobs until it stops)")
        return job

    @app.post("/api/jobs", tags=["jobs"], status_code=202,
              responses={422: ERRORS[422], 429: {"description": "Too many jobs waiting."}})
    async def submit(req: JobRequest) -> dict[str, Any]:
        """Start an analysis in the background; follow it at ``/api/jobs/{id}/events``."""
        try:
            body = REQUESTS[req.kind].model_validate(req.request)
        except ValidationError as exc:
            raise HTTPException(422, json.loads(exc.json(include_url=False,
                                                         include_context=False))) from None
        src = resolved(body)
        options = body.options()
        if options.get("max_memory") is None:
            options["max_memory"] = state["memory"]
        title = src.get("file") or src.get("name") or src.get("filename") or "scenario"
        try:
            job = state["jobs"].submit(req.kind, f"{req.kind}: {title}", src, options)
        except QueueFullError as exc:
            raise HTTPException(429, str(exc)) from None
        return {"id": job.id, **job.to_dict()}

    @app.get("/api/jobs", tags=["jobs"])
    async def jobs() -> list[dict[str, Any]]:
        """Every job the server remembers, oldest first."""
        return [j.to_dict() for j in state["jobs"].list()]

    @app.get("/api/jobs/{job_id}", tags=["jobs"], responses={404: {}})
    async def job(job_id: str) -> dict[str, Any]:
        """A job's state and progress."""
        return job_of(job_id).to_dict()

    @app.get("/api/jobs/{job_id}/result", tags=["jobs"], responses={404: {}, 409: {}})
    async def job_result(job_id: str) -> Response:
        """A finished job's result: the JSON of its command."""
        j = job_of(job_id)
        if j.result is None:
            raise HTTPException(409, f"job {job_id} has no result ({j.state})")
        return Response(j.result, media_type="application/json")

    @app.get("/api/jobs/{job_id}/report.html", tags=["jobs"], responses={404: {}, 409: {}})
    async def job_report(job_id: str) -> Response:
        """The report a ``report`` job wrote, to download."""
        j = job_of(job_id)
        path = j.out / "report.html"
        if j.kind != "report" or j.state != "done" or not path.is_file():
            raise HTTPException(409, f"job {job_id} has no report ({j.state})")
        return FileResponse(path, media_type="text/html", filename="report.html")

    @app.delete("/api/jobs/{job_id}", tags=["jobs"], responses={404: {}})
    async def cancel(job_id: str) -> dict[str, Any]:
        """Cancel a job (its process is stopped at once)."""
        job_of(job_id)
        j = await anyio.to_thread.run_sync(lambda: state["jobs"].cancel(job_id))
        return j.to_dict()

    @app.get("/api/jobs/{job_id}/events", tags=["jobs"], responses={404: {}})
    async def events(job_id: str, request: Request) -> StreamingResponse:
        """Server-sent events: ``progress`` as the job advances, then ``end``."""
        j = job_of(job_id)

        async def stream() -> AsyncIterator[str]:
            seen = -1
            beat = time.monotonic()
            yield "retry: 1000\n\n"
            while True:
                if j.version != seen:
                    seen = j.version
                    data = json.dumps(j.to_dict())
                    yield f"event: progress\ndata: {data}\n\n"
                    if j.state in FINAL:
                        yield f"event: end\ndata: {data}\n\n"
                        return
                    beat = time.monotonic()
                elif time.monotonic() - beat > 15:
                    beat = time.monotonic()
                    yield ": keep-alive\n\n"
                if await request.is_disconnected():
                    return
                await asyncio.sleep(0.1)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    # -- the page ----------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html",
                            headers={"Cache-Control": "no-store"})

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        path = STATIC / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise HTTPException(404, "no such asset")
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    app.state.settings = s
    app.state.runtime = state
    return Guard(app, max_body=s.max_body, token=s.token, loopback=s.loopback,  # type: ignore
                 port=s.port)
