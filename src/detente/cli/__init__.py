"""The ``detente`` command line (Typer + Rich).

Commands live in one module each under :mod:`detente.cli` (``analyze.py``, ``deals.py``, …);
each registers itself on :data:`app` when imported. Modules import heavy libraries inside the
command functions, so that ``detente --help`` starts fast.

Exit codes: 0 success, 2 bad input or usage (a clear message on stderr, no traceback),
1 internal error, 130 interrupted (Ctrl-C: one line "interrupted" on stderr, no partial file).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from detente.cli.common import app, run_app

__all__ = ["app", "main"]

# Commands are registered in this order (help lists them so); new modules go after these.
_ORDER = ["main_job", "analyze", "paths", "explain", "hypergame", "deals", "dynamics", "report",
          "scenarios", "schema", "export_genius"]


def _load_commands() -> None:
    found = {m.name for m in pkgutil.iter_modules(__path__) if m.name != "common"}
    for name in [n for n in _ORDER if n in found] + sorted(found - set(_ORDER)):
        importlib.import_module(f"{__name__}.{name}")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``detente`` console script."""
    _load_commands()
    return run_app(argv if argv is not None else sys.argv[1:])


_load_commands()

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

_ = typer  # re-exported for command modules' convenience
