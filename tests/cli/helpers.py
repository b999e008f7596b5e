"""Shared helpers of the command-line tests: run ``detente`` in-process or as a subprocess."""

from __future__ import annotations

import sys
from pathlib import Path

from detente.cli import main


def run(args: list[str], capsys) -> tuple[int, str, str]:
    """Run ``detente ARGS`` in this process: exit code, stdout, stderr."""
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def decimal(p: str) -> int:
    """The decimal of a Y/N pattern (the first option is the lowest bit)."""
    return sum(1 << k for k, ch in enumerate(p) if ch == "Y")


def detente_command() -> list[str]:
    """The command line that starts ``detente`` in a subprocess (the console script when
    installed next to this Python)."""
    exe = Path(sys.executable).with_name("detente")
    return [str(exe)] if exe.exists() else [sys.executable, "-c",
                                            "import sys; from detente.cli import main; "
                                            "sys.exit(main())"]
