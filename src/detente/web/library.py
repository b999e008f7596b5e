"""The one place where the workbench calls détente's analyses (runs inside a worker process).

Every endpoint's answer is exactly the JSON of the command it mirrors (``POST /api/analyze``
is ``detente analyze --format json``, …): each function here calls the library function the
command calls (:mod:`detente.api`, with the same options) and returns its ``to_dict()``.

The scenario text of an editor buffer is written to a private temporary folder under the
file name the user sees (``summit.yaml``), and the command reads that file: the result and
every error message are then those of the command run on the saved file. Error locations
naming the temporary folder are rewritten to the user's file name.

Progress: the library reports to a :class:`ReportedProgress`, which forwards the steps to the
server (job progress bars).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["TASKS", "run_task", "TaskError", "ReportedProgress"]

#: Called with (done, total, description) as work advances.
ProgressSink = Callable[[int, "int | None", str], None]


class TaskError(Exception):
    """A user's mistake found by the library: the message, file, line and field."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "file": self.file, "line": self.line,
                "field": self.field}


class ReportedProgress:
    """Stands in for the command line's lazy progress bar: forwards steps to ``sink``."""

    sink: ProgressSink | None = None

    def __init__(self, label: str = "analysing", delay: float = 1.0) -> None:
        self.label = label
        self.total: int | None = None
        self.done = 0

    def plan(self, total: int) -> None:
        self.total = total
        self._send("")

    def tick(self, description: str = "", advance: int = 1) -> None:
        self.done += advance
        self._send(description)

    def _send(self, description: str) -> None:
        if ReportedProgress.sink is not None:
            text = f"{self.label}: {description}" if description else self.label
            ReportedProgress.sink(self.done, self.total, text)

    def __enter__(self) -> ReportedProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@contextlib.contextmanager
def _scenario(source: dict[str, Any], workdir: Path) -> Iterator[tuple[str, str]]:
    """The command-line source (a path or built-in name, ``#model`` added) for ``source``,
    and the prefix of paths to show as the user's name."""
    kind = source["kind"]
    model = source.get("model")
    if kind == "builtin":
        base, shown = source["name"], ""
    elif kind == "file":  # errors name the file as the workspace lists it
        base, shown = source["path"], source.get("root", "")
    else:
        folder = Path(tempfile.mkdtemp(dir=workdir))
        path = folder / source["filename"]
        path.write_text(source["text"], encoding="utf-8")
        base, shown = str(path), str(folder) + os.sep
    try:
        yield (f"{base}#{model}" if model else base), shown
    finally:
        if kind == "text":
            with contextlib.suppress(OSError):
                path.unlink()
                folder.rmdir()


# -- one function per command ----------------------------------------------------------------
# Each calls the library function the command calls (detente.api) and returns its to_dict():
# the command's JSON by construction.
def _analyze(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import analyze

    result = analyze(src, o.get("concepts"), coalitions=o.get("coalitions"),
                     horizon=o.get("horizon"), assumption=o.get("assumption"),
                     max_memory=o.get("max_memory"), max_work=o.get("max_work"),
                     progress=ReportedProgress("analysing"))
    return result.to_dict(o.get("detail") or "equilibria")


def _paths(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import status_quo

    return status_quo(
        src, o.get("start"), to=o.get("to"), moves=o.get("moves") or "ui",
        max_steps=o.get("max_steps"),
        max_paths=20 if o.get("max_paths") is None else o["max_paths"],
        concepts=o.get("concepts"), assumption=o.get("assumption"),
        max_memory=o.get("max_memory"), max_work=o.get("max_work"),
        progress=ReportedProgress("status quo analysis"),
    ).to_dict()


def _explain(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import explain

    return explain(src, o["state"], dm=o.get("dms") or None, concepts=o.get("concepts"),
                   assumption=o.get("assumption"), max_memory=o.get("max_memory"),
                   progress=ReportedProgress("explaining")).to_dict()


def _hypergame(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import hypergame

    return hypergame(src, o.get("concepts"), assumption=o.get("assumption"),
                     max_memory=o.get("max_memory"),
                     max_surprises=10_000 if o.get("max_surprises") is None
                     else o["max_surprises"], progress=ReportedProgress("hypergame")).to_dict()


def _inverse(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import inverse

    return inverse(
        src, o["target"], vary=o.get("vary"), concepts=o.get("concepts"),
        list_first=o.get("list_first") or 0, minimal=bool(o.get("minimal")),
        dm=o.get("dms") or None, reachable=bool(o.get("reachable")),
        moves=o.get("moves") or "ui", top=5 if o.get("top") is None else o["top"],
        max_changes=3 if o.get("max_changes") is None else o["max_changes"],
        changes=o.get("changes") or "auto", method=o.get("method") or "search",
        time_limit=10.0 if o.get("time_limit") is None else o["time_limit"],
        assumption=o.get("assumption"), max_memory=o.get("max_memory"),
        progress=ReportedProgress("inverse")).to_dict()


def _sensitivity(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import sensitivity

    # workers/scheduler (Dask) are the server's business, not a request's: one process each
    return sensitivity(
        src, o.get("concepts"), states=o.get("states"), changes=o.get("changes"),
        combinations=bool(o.get("combinations")), assumptions=o.get("assumptions"),
        samples=o.get("samples"), seed=o.get("seed") or 0, assumption=o.get("assumption"),
        max_memory=o.get("max_memory"), max_work=o.get("max_work"),
        progress=ReportedProgress("sensitivity")).to_dict()


def _deals(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import deals

    return deals(src, None, top=10 if o.get("top") is None else o["top"],
                 max_ties=50 if o.get("max_ties") is None else o["max_ties"],
                 trades_from=o.get("trades_from") or "status_quo",
                 max_memory=o.get("max_memory"), max_outcomes=o.get("max_outcomes"),
                 what_it_takes=o.get("what_it_takes"),
                 progress=ReportedProgress("packages")).to_dict()


def _dynamics(src: str, o: dict[str, Any], _out: Path) -> Any:
    from detente.api import dynamics

    return dynamics(src, analyses=o.get("analyses"), noise=o.get("noise"),
                    misperception=o.get("misperception"), slip=o.get("slip"),
                    policies=o.get("policies"), rounds=o.get("rounds"),
                    repetitions=o.get("repetitions"), seed=o.get("seed"),
                    max_work=o.get("max_work"), progress=ReportedProgress("dynamics")).to_dict()


def _report(src: str, o: dict[str, Any], out: Path) -> Any:
    from detente.api import briefing, report

    progress = ReportedProgress("briefing")
    path = report(briefing(src, max_memory=o.get("max_memory"), progress=progress), out)
    return {"file": path.name, "bytes": path.stat().st_size}


#: Commands that read a file's agenda or dynamics section, not one model (FILE#model is
#: theirs to refuse): the page's model choice does not apply to them.
WHOLE_FILE = ("deals", "dynamics")

TASKS: dict[str, Callable[[str, dict[str, Any], Path], Any]] = {
    "analyze": _analyze, "paths": _paths, "explain": _explain, "hypergame": _hypergame,
    "inverse": _inverse, "deals": _deals, "dynamics": _dynamics, "report": _report,
    "sensitivity": _sensitivity,
}


def _structure(conflict: Any) -> dict[str, Any]:
    """Who holds which option in a checked model (for the page's tableau and form view)."""
    opts = conflict.options
    return {
        "decision_makers": [
            {"name": dm.name, "options": [
                {"id": opts[k].id, "label": opts[k].label, "direction": opts[k].direction}
                for k in dm.options]}
            for dm in conflict.decision_makers],
        "status_quo": (None if conflict.status_quo is None
                       else conflict.pattern(conflict.status_quo)),
        "perceptions": bool(conflict.perceptions),
    }


def validate(text: str, name: str) -> dict[str, Any]:
    """``POST /api/validate``'s answer: the text checked as the file ``name``
    (:func:`detente.model.check.check_scenario`), with the first mistake as the command
    reports it (message, line, field, and the whole line it prints)."""
    from detente.model.check import check_scenario
    from detente.model.errors import ModelError

    empty = {"ok": False, "models": [], "structure": {},
             "sections": {"agenda": False, "dynamics": False}}
    try:
        checked = check_scenario(text, name)
    except ModelError as exc:
        return {**empty, "errors": [{"line": exc.line, "field": exc.field,
                                     "message": exc.message, "file": exc.file,
                                     "text": str(exc)}]}
    except RecursionError:
        return {**empty, "errors": [{"line": None, "field": None, "file": name,
                                     "text": "nested too deeply",
                                     "message": "nested too deeply"}]}
    return {"ok": True, "models": list(checked.models), "errors": [],
            "structure": {m: _structure(c) for m, c in checked.models.items()},
            "sections": {"agenda": checked.agenda, "dynamics": checked.dynamics}}


def _shown(text: str | None, prefix: str) -> str | None:
    return text.replace(prefix, "") if text and prefix else text


def run_task(kind: str, source: dict[str, Any], options: dict[str, Any], workdir: Path,
             out: Path | None = None) -> Any:
    """Run analysis ``kind`` on ``source`` with the command's ``options``; its JSON data.

    Raises :class:`TaskError` for a user's mistake (what the command reports with exit 2).
    """
    from detente.cli.common import UsageError
    from detente.model.errors import ModelError

    if kind == "validate":
        return validate(source["text"], source["filename"])
    if kind in WHOLE_FILE:
        source = {**source, "model": None}
    with _scenario(source, workdir) as (src, prefix):
        try:
            return TASKS[kind](src, options, out or workdir)
        except ModelError as exc:
            raise TaskError(_shown(exc.message, prefix) or "", _shown(exc.file, prefix),
                            exc.line, exc.field) from None
        except UsageError as exc:
            raise TaskError(_shown(str(exc), prefix) or "") from None
        except MemoryError:
            raise TaskError("out of memory; try a smaller model or a lower max_memory") from None
