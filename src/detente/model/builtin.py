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

__all__ = ["builtin_dir", "list_builtin", "resolve_builtin", "catalogue"]

_SUFFIX = ".yaml"


def builtin_dir() -> Path:
    """The folder holding the built-in scenario files."""
    return Path(__file__).resolve().parent.parent / "scenarios"


def _top(path: Path) -> dict | None:
    # Listing needs the title and the model names only: plain YAML (LibYAML's parser when
    # PyYAML has it), without the checks and line numbers of the scenario reader.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _title(path: Path) -> str:
    data = _top(path)
    if data is not None and isinstance(data.get("title"), str):
        return data["title"]
    return ""


def catalogue() -> list[tuple[str, str, list[str], Path]]:
    """Every built-in scenario as ``(name, title, model names, path)``, sorted by name; the
    model names are those of ``models`` in a multi-model file, else the name alone (as
    :func:`~detente.model.loader.list_models` gives them for a valid file).

    >>> [(name, models) for name, _t, models, _p in catalogue()][:2]
    [('chicken', ['chicken']), ('cuban-missile-crisis', ['cuban-missile-crisis'])]
    """
    folder = builtin_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob(f"*{_SUFFIX}")):
        data = _top(path) or {}
        title = data["title"] if isinstance(data.get("title"), str) else ""
        models = [path.stem]
        if data.get("models") is not None:
            listed = data["models"]
            ok = isinstance(listed, list) and all(
                isinstance(m, dict) and isinstance(m.get("name"), str) for m in listed)
            models = [m["name"] for m in listed] if ok else []
        out.append((path.stem, title, models, path))
    return out


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
