"""Shared pieces of the command line: the Typer app, consoles, error handling, formats."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.text import Text

from detente.cli.coercion import plain_coercion
from detente.model.errors import ModelError
from detente.report.safe_text import SafeConsole, escape_markup, visible, visible_json

__all__ = [
    "app",
    "out",
    "err",
    "run_app",
    "fail",
    "note",
    "note_skipped",
    "print_error",
    "print_json",
    "print_result",
    "parse_csv",
    "state_option",
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

#: Results go to stdout; progress, warnings and errors to stderr. Both print user text as it
#: is: never read as markup, control characters made visible (see report/safe_text.py).
out = SafeConsole(soft_wrap=False)
err = SafeConsole(stderr=True)


class UsageError(Exception):
    """A mistake in the command line (exit 2)."""


def fail(message: str) -> None:
    """Stop with a usage error (exit code 2)."""
    raise UsageError(message)


def note(message: str) -> None:
    """A note on stderr; ``message`` is shown as it is (no markup)."""
    err.print(Text.assemble(("note:", "yellow"), " ", visible(message)))


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


def state_option(conflict: Any, text: str, option: str) -> int:
    """The feasible state a command-line argument names (a Y/N pattern, ``status_quo`` or a
    named state); an error names the option and, for an infeasible state, the rule that
    excludes it and where it is in the file
    (:func:`detente.model.feasibility.state_argument`)."""
    from detente.model.feasibility import state_argument

    return state_argument(conflict, text, option)


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
    sys.stdout.write(visible_json(text) + "\n")
    sys.stdout.flush()


def print_result(result: Any, format: str, render: Callable[[Any], Iterable[Any]]) -> None:
    """A command's result on stdout: ``result.to_dict()`` as JSON when ``format`` is
    ``"json"`` (the API's result, as it is), else each renderable ``render(result)`` gives."""
    if format == "json":
        print_json(result.to_dict())
        return
    for renderable in render(result):
        out.print(renderable)


def _error_line(label: str, message: str) -> None:
    """``label: message`` on stderr, one logical line, the message shown as it is."""
    err.print(Text.assemble((f"{label}:", "bold red"), " ", visible(message)), soft_wrap=True)


def print_error(message: str) -> None:
    """One ``error: message`` line on stderr (for commands that report several mistakes
    before failing); ``message`` is shown as it is, never read as markup."""
    _error_line("error", message)


def _report_error(exc: BaseException) -> int:
    if isinstance(exc, ModelError | UsageError):
        _error_line("error", str(exc))
        return 2
    if isinstance(exc, MemoryError):
        _error_line("error", "out of memory; try a smaller model or --max-memory")
        return 2
    return -1


def _report_click_error(exc: Exception) -> int:
    """A mistake Click finds in the command line (unknown option, bad value): one ``error:``
    line naming the command's help, the user's words shown as they are."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    _error_line("error", message + hint)
    code = getattr(exc, "exit_code", 2)
    return code if isinstance(code, int) and code != 1 else 2


#: Exit code after Ctrl-C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


class Interrupted(BaseException):  # noqa: N818 - a signal, not an error
    """Ctrl-C (SIGINT) while a command runs.

    Raised by the handler :func:`run_app` installs instead of :class:`KeyboardInterrupt`, so
    that neither Click/Typer (which turn KeyboardInterrupt into their own exit codes and
    messages) nor a library's ``except KeyboardInterrupt`` can swallow it. It derives from
    :class:`BaseException`, so ``except Exception`` clauses let it through as well; the
    atomic writer (:mod:`detente.model.files`) removes its temporary files on it.
    """


#: Exit code after SIGTERM (128 + SIGTERM), as shells report it.
EXIT_TERMINATED = 143


class Terminated(Interrupted):  # noqa: N818 - a signal, not an error
    """SIGTERM (``kill``, ``timeout``, a service manager) while a command runs: handled as
    Ctrl-C (temporary files removed, previous files intact), with exit code 143. Without a
    handler the process died at once and left its temporary ``.detente-*.tmp`` files."""


def _interrupted(signum: int, frame: object) -> None:  # noqa: ARG001
    # A second signal must not cut the clean-up (removing temporary files) short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated if signum == signal.SIGTERM else Interrupted


@contextmanager
def _sigint_raises_interrupted() -> Iterator[None]:
    """Install the SIGINT and SIGTERM handler for the duration of a command (main thread
    only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {sig: signal.signal(sig, _interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _report_interrupted() -> int:
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    return EXIT_INTERRUPTED


def _report_terminated() -> int:
    sys.stderr.write("terminated\n")
    sys.stderr.flush()
    return EXIT_TERMINATED


def run_app(argv: list[str], runner: Callable[..., Any] | None = None) -> int:
    """Run the Typer app with détente's exit-code contract: 0 success, 2 a user's mistake
    (one ``error:`` line), 1 a bug, 130 Ctrl-C (one ``interrupted`` line, no partial file),
    143 SIGTERM (one ``terminated`` line, likewise)."""
    try:
        with _sigint_raises_interrupted(), plain_coercion():
            rv = app(args=argv, prog_name="detente", standalone_mode=False)
        # Typer returns the code of a typer.Exit; it turns a KeyboardInterrupt it sees
        # (e.g. outside the main thread) into 130.
        if isinstance(rv, int) and not isinstance(rv, bool):
            return _report_interrupted() if rv == EXIT_INTERRUPTED else rv
    except (ModelError, UsageError, MemoryError) as exc:
        return _report_error(exc)
    except Terminated:
        return _report_terminated()
    except (Interrupted, KeyboardInterrupt):
        return _report_interrupted()
    except SystemExit as exc:  # typer/click exits (e.g. --help) carry their own code
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as exc:  # click usage errors and the unexpected
        # Typer vendors its own Click: recognise its exceptions by their interface.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            return _report_click_error(exc)
        if type(exc).__name__ == "Abort":  # Click's answer to Ctrl-C at a prompt
            return _report_interrupted()
        _error_line("internal error", f"{type(exc).__name__}: {exc}")
        err.print("This is a bug in détente; please report it with the command you ran.")
        if "--debug" in argv:
            raise
        return 1
    return 0


class LazyProgress:
    """A Rich progress bar on stderr that appears only once work has taken over a second.

    Engines call ``tick(description)`` after each step (``advance`` steps at once);
    ``plan(total)`` sets the number of steps. Nothing is drawn for quick runs, and stdout
    (which may carry JSON) is never used.
    """

    def __init__(self, label: str = "analysing", delay: float = 1.0) -> None:
        import time

        self._time = time.monotonic
        self._start = self._time()
        self.label = label
        self.delay = delay
        self.total: int | None = None
        self.done = 0
        self._progress: Any = None  # a rich Progress once shown
        self._task: Any = None

    def plan(self, total: int) -> None:
        self.total = total

    def tick(self, description: str = "", advance: int = 1) -> None:
        self.done += advance
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
            # The bar's text is Rich markup: a name in the description must not be read as
            # markup (a stray "[/]" would crash the bar).
            self._progress.update(self._task, completed=self.done,
                                  description=escape_markup(f"{self.label}: {description}"))

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            # Not Progress.stop(): off a terminal it prints an empty line on stderr, which
            # would break the one-line contract of errors and of "interrupted".
            self._progress.live.stop()
