"""Shared pieces of the command line: the Typer app, consoles, error handling, formats."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from detente.model.errors import ModelError

__all__ = [
    "app",
    "out",
    "err",
    "run_app",
    "fail",
    "note",
    "note_skipped",
    "print_json",
    "parse_csv",
    "UsageError",
]

app = typer.Typer(
    name="detente",
    help=(
        "détente: think through talks between adversaries.\n\n"
        "Describe a conflict in a scenario file (YAML or JSON) or a GMCR+ .gmcr file, then ask "
        "which outcomes are stable (analyze), how to get there from today (paths), why "
        "(explain), which package deals both sides prefer (deals) and how reciprocity "
        "spirals behave (dynamics). Run with no command for the main briefing."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)

#: Results go to stdout; progress, warnings and errors to stderr.
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


class UsageError(Exception):
    """A mistake in the command line (exit 2)."""


def fail(message: str) -> None:
    """Stop with a usage error (exit code 2)."""
    raise UsageError(message)


def note(message: str) -> None:
    """A note on stderr (Rich markup in ``message`` is rendered)."""
    err.print(f"[yellow]note:[/] {message}")


def note_skipped(skipped: dict[str, str]) -> None:
    """One note per distinct reason a concept was left out of an analysis."""
    for reason in dict.fromkeys(skipped.values()):
        note(reason)


@contextmanager
def writing(target: str | Path) -> Iterator[None]:
    """Report a file or folder the user named that cannot be written as a usage error
    (exit 2, no traceback): a missing parent folder, a file where a folder should be, no
    permission, a full disk."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or target
        raise UsageError(f"cannot write {where}: {exc.strerror or exc}") from None


def parse_csv(text: str | None) -> list[str] | None:
    """``"a, b,c"`` → ``["a", "b", "c"]``; ``None`` stays ``None``."""
    if text is None:
        return None
    return [p.strip() for p in text.split(",") if p.strip()]


#: Above this many characters JSON is written compact: with ``indent`` the standard library
#: falls back to its pure-Python encoder (several times slower), and nobody reads megabytes.
JSON_INDENT_LIMIT = 1_000_000


def print_json(payload: Any) -> None:
    """Write JSON to stdout, undecorated (scripts read it); indented unless it is large."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if len(text) <= JSON_INDENT_LIMIT:
        text = json.dumps(payload, indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _report_error(exc: BaseException) -> int:
    if isinstance(exc, ModelError | UsageError):
        err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True)
        return 2
    if isinstance(exc, MemoryError):
        err.print("[bold red]error:[/] out of memory; try a smaller model or --max-memory")
        return 2
    return -1


def run_app(argv: list[str], runner: Callable[..., Any] | None = None) -> int:
    """Run the Typer app with détente's exit-code contract."""
    try:
        app(args=argv, prog_name="detente", standalone_mode=False)
    except (ModelError, UsageError, MemoryError) as exc:
        return _report_error(exc)
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except SystemExit as exc:  # typer/click exits (e.g. --help) carry their own code
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:  # click usage errors and the unexpected
        # Typer vendors its own Click: recognise its exceptions by their interface.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show(file=sys.stderr)
            code = exc.exit_code
            return code if isinstance(code, int) and code != 1 else 2
        if type(exc).__name__ == "Abort":
            return 1
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}")
        err.print("This is a bug in détente; please report it with the command you ran.")
        if "--debug" in argv:
            raise
        return 1
    return 0


class LazyProgress:
    """A Rich progress bar on stderr that appears only once work has taken over a second.

    Engines call ``tick(description)`` after each step; ``plan(total)`` sets the number of
    steps. Nothing is drawn for quick runs, and stdout (which may carry JSON) is never used.
    """

    def __init__(self, label: str = "analysing", delay: float = 1.0) -> None:
        import time

        self._time = time.monotonic
        self._start = self._time()
        self.label = label
        self.delay = delay
        self.total: int | None = None
        self.done = 0
        self._progress = None
        self._task = None

    def plan(self, total: int) -> None:
        self.total = total

    def tick(self, description: str = "") -> None:
        self.done += 1
        if self._progress is None and self._time() - self._start >= self.delay:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        if self._progress is not None:
            self._progress.update(
                self._task, completed=self.done, description=f"{self.label}: {description}"
            )

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
