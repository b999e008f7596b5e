"""Built-in scenarios loaded once: the checked model kept on disk for the next run.

Reading a scenario file checks it in full: the YAML with the line of every field, the
document's shape (Pydantic models, built when the module is imported), the formulas (the
Lark parser). For a command on a small built-in model that start-up is most of its time,
although the file never changes. :func:`load_builtin` keeps the :class:`Conflict` that
:func:`~detente.model.loader.load_conflict` built from a built-in scenario in a cache file
and, when the same scenario is loaded again with the same code, reads it back instead:
neither the YAML reader, Pydantic nor Lark is imported then.

A cache file is used only if everything that made it is unchanged. It holds the model
with a key, a SHA-256 digest of

* the scenario file's bytes and place, the model name and the assumption asked for (as
  given);
* détente's version, the Python version, and the size and modification time of every module
  of :mod:`detente.model` (the loader and every class a model holds).

The file's name depends only on the scenario, model and assumption, so a load under a new
key (an upgrade, an edited scenario) replaces the old file instead of adding one beside it.

Anything else (a file that is not a built-in scenario, an unreadable or corrupt cache file,
a folder that cannot be written) falls back to :func:`load_conflict`, which also raises the
errors: only successful loads are kept. The cache is a folder of at most one small file per
built-in scenario, model and assumption: ``$DETENTE_CACHE_DIR`` if set (set it empty to
turn the cache off), else ``$XDG_CACHE_HOME/detente``, else ``~/.cache/detente``. Files are
written atomically (:func:`~detente.model.files.write_file`); they hold Python pickles,
read only from that folder of the user's own.

Examples
--------
>>> first = load_builtin("cuban-missile-crisis")   # checked in full (or read back), kept
>>> load_builtin("cuban-missile-crisis") == first    # read back
True
>>> builtin_file("summit-2021#core", None)[1]        # the file and the model it selects
'core'
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detente.model.conflict import Conflict

__all__ = ["load_builtin", "cache_dir", "builtin_file"]

#: Bumped when the cache files' layout changes.
_FORMAT = "1"


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is turned off (``DETENTE_CACHE_DIR=``)."""
    chosen = os.environ.get("DETENTE_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG specification ignores a relative path
        return Path(xdg) / "detente"
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no home folder known: no cache (never the working folder)
        return None
    return Path(home) / ".cache" / "detente"


def builtin_file(source: str, name: str | None) -> tuple[Path, str | None] | None:
    """The built-in scenario file ``source`` names and the model it selects, when
    :func:`~detente.model.loader.resolve_source` would take the built-in scenario (no file
    or folder of that name exists here); else ``None``."""
    from detente.model.builtin import resolve_builtin

    if os.path.lexists(source):
        return None
    base, frag = source, None
    if "#" in source:
        base, _, rest = source.rpartition("#")
        frag = rest.strip() or None
    if name is not None and frag is not None and name != frag:
        return None  # the loader says what is wrong
    if not base or os.path.lexists(base) or base == "-":
        return None
    path = resolve_builtin(base)
    if path is None:
        return None
    return path, (name if name is not None else frag)


def _code_fingerprint() -> bytes:
    from detente import __version__

    folder = Path(__file__).resolve().parent
    parts = [_FORMAT, __version__, sys.version]
    for module in sorted(folder.glob("*.py")):
        st = module.stat()
        parts.append(f"{module.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def _key(path: Path, data: bytes, model: str | None, assumption: str | None) -> str:
    h = hashlib.sha256()
    asked = repr((str(path), model, assumption)).encode("utf-8", "surrogateescape")
    for part in (_code_fingerprint(), asked):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    h.update(data)
    return h.hexdigest()


def _file_name(path: Path, model: str | None, assumption: str | None) -> str:
    """The cache file of one scenario, model and assumption (whatever the key)."""
    asked = repr((str(path), model, assumption)).encode("utf-8", "surrogateescape")
    return f"builtin-{path.stem[:40]}-{hashlib.sha256(asked).hexdigest()[:24]}.pickle"


def _read(folder: Path, file_name: str, key: str) -> Conflict | None:
    from detente.model.conflict import Conflict

    try:
        with open(folder / file_name, "rb") as fh:
            kept_key, value = pickle.load(fh)  # noqa: S301 - written by _write, in the user's folder
    except Exception:  # missing, unreadable, corrupt or from other code: build it again
        return None
    if kept_key != key or not isinstance(value, Conflict):
        return None
    return value


def _write(folder: Path, file_name: str, key: str, conflict: Conflict) -> None:
    from detente.model.files import write_file

    try:
        data = pickle.dumps((key, conflict), protocol=pickle.HIGHEST_PROTOCOL)
        write_file(folder, file_name, data, create=True)
    except Exception:  # a read-only home, a full disk: the cache is only a shortcut
        return


def load_builtin(source: str, name: str | None = None,
                 assumption: str | None = None) -> Conflict:
    """:func:`~detente.model.loader.load_conflict` (same arguments, result and errors), read
    from the cache for a built-in scenario loaded before with the same code.

    >>> load_builtin("chicken").dm_names
    ['Driver A', 'Driver B']
    """
    def load() -> Conflict:
        from detente.model.loader import load_conflict  # Pydantic, YAML reader, Lark

        return load_conflict(source, name=name, assumption=assumption)

    folder = cache_dir()
    found = builtin_file(source, name) if folder is not None else None
    if folder is None or found is None:
        return load()
    path, model = found
    try:
        data = path.read_bytes()
    except OSError:
        return load()
    file_name = _file_name(path, model, assumption)
    key = _key(path, data, model, assumption)
    cached = _read(folder, file_name, key)
    if cached is not None:
        return cached
    conflict = load()
    _write(folder, file_name, key, conflict)
    return conflict
