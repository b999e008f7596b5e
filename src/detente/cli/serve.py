"""``detente serve``: the workbench, détente in the browser (a local web application)."""

from __future__ import annotations

import typer

from detente.cli import options as opt
from detente.cli.common import app, err, fail, writing

#: The port the workbench listens on by default.
DEFAULT_PORT = 8000


@app.command(rich_help_panel="Reports")
def serve(
    workspace: str = typer.Option(
        ".", "--workspace", "-w", metavar="DIR",
        help="The folder whose scenario files the workbench lists, opens and saves (nothing "
        "outside it is read or written). Default: the current folder."),
    host: str = typer.Option(
        "127.0.0.1", "--host",
        help="Address to listen on. Any other than 127.0.0.1 needs a token (--token, or one "
        "is generated and printed)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", "-p", min=0, max=65535,
                             help="Port to listen on (0: any free port)."),
    token: str = typer.Option(
        None, "--token", help="A secret every request must carry (the printed address "
        "includes it). Required off 127.0.0.1; generated when not given there."),
    open_: bool = typer.Option(False, "--open", help="Open the workbench in a web browser."),
    workers: int = typer.Option(None, "--workers", min=1, max=64,
                                help="Analyses run at once for the page (default: the "
                                "number of cores, at most 4)."),
    jobs: int = typer.Option(1, "--jobs", min=1, max=64,
                             help="Background jobs run at once (long analyses, reports)."),
    job_queue: int = typer.Option(8, "--job-queue", min=0, max=10_000,
                                  help="Background jobs that may wait for a free slot; "
                                  "more are refused (429) until one finishes."),
    job_timeout: float = typer.Option(900.0, "--job-timeout", min=1,
                                      help="Seconds a background job may run."),
    max_body: float = typer.Option(
        8, "--max-body", min=0.001, max=1024, metavar="MiB",
        help="Largest request body accepted, in MiB (larger: 413)."),
    max_memory: str = opt.max_memory(
        "Memory each analysis may use (e.g. 2G). Default: an even share of 75% of the "
        "available memory."),
) -> None:
    """The workbench: edit a scenario in the browser and watch the analyses change.

    Starts a local web application (every asset is in the package: it works offline) at
    http://127.0.0.1:8000. Open a built-in scenario or a file of the workspace, edit it
    with live validation, and see the tableau, the state graph, explanations, paths, deals
    and dynamics update; long analyses run in the background with a progress bar.
    See docs/workbench.md.

    Example: [bold]detente serve --workspace my-scenarios --open[/]
    """
    run_serve(workspace, host, port, token, open_, workers, jobs, job_queue, job_timeout,
              max_memory, max_body)


def run_serve(workspace: str = ".", host: str = "127.0.0.1", port: int = DEFAULT_PORT,
              token: str | None = None, open_browser: bool = False, workers: int | None = None,
              jobs: int = 1, job_queue: int = 8, job_timeout: float = 900.0,
              max_memory: str | None = None, max_body: float = 8) -> None:
    import secrets
    import socket
    from pathlib import Path

    import uvicorn

    from detente.model.resources import parse_size
    from detente.web.app import Settings, create_app

    folder = Path(workspace)
    if not folder.is_dir():
        fail(f"--workspace: {workspace!r} is not a folder")
    limit = parse_size(max_memory)
    settings = Settings(workspace=folder, host=host, port=port, token=token,
                        job_workers=jobs, job_queue=job_queue, job_timeout=job_timeout,
                        max_memory=limit, max_body=int(max_body * (1 << 20)))
    if workers is not None:
        settings.sync_workers = workers
    if not settings.loopback and token is None:
        settings.token = secrets.token_urlsafe(24)
    if token is not None and len(token) < 16:
        fail("--token: use at least 16 characters (or leave it out to get a generated one)")
    with writing(f"{host}:{port}"):
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            sock.close()
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                 + (" (is another workbench running? try --port)" if port else ""))
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/" + (f"?token={settings.token}" if settings.token else "")
    settings.port = bound
    err.print(f"détente workbench: {url}", markup=False, highlight=False, soft_wrap=True)
    err.print(f"workspace: {folder.resolve()}", markup=False, highlight=False, soft_wrap=True)
    if not settings.loopback:
        err.print("listening beyond this machine: every request must carry the token above",
                  markup=False, highlight=False)
    err.print("Ctrl-C to stop.", markup=False, highlight=False)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
