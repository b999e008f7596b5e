"""Built-in scenarios: the YAML files shipped in ``detente/scenarios/``.

A built-in scenario is addressed by its file name without the extension
(``prisoners-dilemma``), also with a model name (``prisoners-dilemma#name``) for files that
hold several models. Each built-in file cites its published source in ``sources``.

Examples
--------
>>> "prisoners-dilemma" in [name for name, _title, _path in list_builtin()]
True
>>> resolve_builtin("prisoners-dilemma").name
'prisoners-dilemma.yaml'
>>> resolve_builtin("no-such-scenario") is None
True
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["builtin_dir", "list_builtin", "resolve_builtin"]

_SUFFIX = ".yaml"


def builtin_dir() -> Path:
    """The folder holding the built-in scenario files."""
    return Path(__file__).resolve().parent.parent / "scenarios"


def _title(path: Path) -> str:
    # Only the title is needed for listing: read the top-level mapping, nothing else.
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        return data["title"]
    return ""


def list_builtin() -> list[tuple[str, str, Path]]:
    """Every built-in scenario as ``(name, title, path)``, sorted by name."""
    folder = builtin_dir()
    if not folder.is_dir():
        return []
    return [(p.stem, _title(p), p) for p in sorted(folder.glob(f"*{_SUFFIX}"))]


def resolve_builtin(name: str) -> Path | None:
    """The file of the built-in scenario ``name`` (with or without ``.yaml``), or ``None``."""
    stem = name[: -len(_SUFFIX)] if name.endswith(_SUFFIX) else name
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        return None
    path = builtin_dir() / f"{stem}{_SUFFIX}"
    return path if path.is_file() else None
