"""Command-line parameters several commands share: the scenario argument, ``--format``,
``--concepts``, ``--max-memory``, ``--assumption`` and ``--max-work``.

Each is a function that returns a fresh Typer parameter (Typer reads it from the command's
signature; a fresh one for each command, so that no command's settings leak into another's).
The help text is a parameter where commands word it their own way; the usual wording is the
default. A command takes from here only what it shares, and declares its own options itself::

    from detente.cli import options as opt

    @app.command()
    def xyz(
        source: str = opt.scenario(),
        format: opt.Format = opt.output_format(),
        max_memory: str = opt.max_memory(),
        top: int = typer.Option(5, "--top", help="…"),  # xyz's own
    ) -> None: ...
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

__all__ = [
    "Format",
    "scenario",
    "output_format",
    "concepts",
    "max_memory",
    "assumption",
    "max_work",
    "SCENARIO_HELP",
    "CONCEPTS_HELP",
    "MAX_MEMORY_HELP",
    "MAX_MEMORY_DEFAULT_HELP",
    "USE_ASSUMPTION_HELP",
    "START_ASSUMPTION_HELP",
]


class Format(str, Enum):
    """``--format`` of the commands that print a table or JSON."""

    table = "table"
    json = "json"


SCENARIO_HELP = "Scenario file (.yaml/.json, FILE#model), GMCR+ .gmcr file, or built-in scenario."
CONCEPTS_HELP = ("Comma-separated concepts: nash, gmr, smr, seq, sseq, fseq, sim, seqsim, or "
                 "all. Default: those analyze computes by default.")
MAX_MEMORY_HELP = "Memory the analysis may use (e.g. 4G)."
MAX_MEMORY_DEFAULT_HELP = f"{MAX_MEMORY_HELP} Default: 75% of the available memory."
USE_ASSUMPTION_HELP = "Use a named alternative preference set of the scenario."
START_ASSUMPTION_HELP = "Start from a named alternative preference set of the scenario."


def scenario(help: str = SCENARIO_HELP) -> Any:
    """The required ``FILE|NAME`` argument: a scenario file or a built-in scenario."""
    return typer.Argument(..., metavar="FILE|NAME", help=help)


def output_format(default: Enum = Format.table) -> Any:
    """``--format`` / ``-f``; ``default`` is a member of the command's own choices."""
    return typer.Option(default, "--format", "-f", help="Output format.")


def concepts(help: str = CONCEPTS_HELP) -> Any:
    """``--concepts`` / ``-c``: comma-separated solution concepts (default: none given)."""
    return typer.Option(None, "--concepts", "-c", help=help)


def max_memory(help: str = MAX_MEMORY_HELP) -> Any:
    """``--max-memory``: a size such as ``4G`` (default: none given)."""
    return typer.Option(None, "--max-memory", help=help)


def assumption(help: str = USE_ASSUMPTION_HELP) -> Any:
    """``--assumption``: a named alternative preference set of the scenario."""
    return typer.Option(None, "--assumption", help=help)


def max_work(help: str) -> Any:
    """``--max-work N``: a non-negative work bound; each command says what it counts."""
    return typer.Option(None, "--max-work", metavar="N", min=0, help=help)
