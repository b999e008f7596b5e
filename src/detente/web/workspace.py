"""The workspace: the one folder whose scenario files the workbench lists, reads and writes.

Every path a request names is relative to the workspace. Absolute paths, ``..`` and paths
that lead outside through a symbolic link are refused (:class:`PathRefusedError`, answered 400)
before anything is opened, so no file outside the workspace is ever read or written. Writes
go through :func:`detente.model.files.write_file` (temporary file, then an atomic rename;
never through a symbolic link).
"""

from __future__ import annotations

import os
from pathlib import Path

from detente.model.files import TEMP_PREFIX, write_file

__all__ = ["Workspace", "PathRefusedError", "SCENARIO_SUFFIXES", "MAX_FILE_BYTES"]

#: The files the workbench lists and writes.
SCENARIO_SUFFIXES = (".yaml", ".yml", ".json", ".gmcr")
#: Files larger than this are not opened in the editor.
MAX_FILE_BYTES = 8 * 1024 * 1024
#: At most this many files are listed, at most this deep.
MAX_LISTED = 2000
MAX_DEPTH = 6
_SKIPPED = {".git", ".venv", "node_modules", "__pycache__", ".hg", ".tox", ".mypy_cache"}


class PathRefusedError(ValueError):
    """A path outside the workspace, or one that cannot name a scenario file."""


class Workspace:
    """Scenario files under ``root``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotADirectoryError(f"{root}: not a folder")

    def resolve(self, relative: str, *, must_exist: bool = True) -> Path:
        """The file ``relative`` names inside the workspace, or :class:`PathRefusedError`."""
        if not relative or "\x00" in relative or "\\" in relative:
            raise PathRefusedError("give a file path inside the workspace, with '/' between "
                                   "folders")
        if relative.startswith("/") or os.path.isabs(relative) or relative.startswith("~"):
            raise PathRefusedError(f"{relative!r}: absolute paths are refused; give a path "
                              "relative to the workspace")
        parts = relative.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise PathRefusedError(f"{relative!r}: '..', '.' and empty parts are refused")
        if len(relative) > 1024 or any(len(p) > 255 for p in parts):
            raise PathRefusedError("the path is too long")
        candidate = self.root.joinpath(*parts)
        real = Path(os.path.realpath(candidate))
        if real != self.root and self.root not in real.parents:
            raise PathRefusedError(f"{relative!r} leads outside the workspace (a symbolic link?)")
        if must_exist and not real.is_file():
            raise FileNotFoundError(relative)
        return real

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def list(self) -> list[dict[str, object]]:
        """Scenario files in the workspace (hidden folders and tools' folders skipped)."""
        found: list[dict[str, object]] = []
        root_depth = len(self.root.parts)
        for folder, dirs, files in os.walk(self.root, followlinks=False):
            depth = len(Path(folder).parts) - root_depth
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED
                             and depth < MAX_DEPTH)
            for name in sorted(files):
                if name.startswith(TEMP_PREFIX) or not name.lower().endswith(SCENARIO_SUFFIXES):
                    continue
                path = Path(folder) / name
                try:
                    real = self.resolve(self.relative(path))
                    st = real.stat()
                except (PathRefusedError, OSError):
                    continue  # a link out of the workspace, or gone meanwhile
                found.append({"path": self.relative(path), "size": st.st_size,
                              "modified": st.st_mtime})
                if len(found) >= MAX_LISTED:
                    return found
        return found

    def read(self, relative: str) -> str:
        path = self.resolve(relative)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PathRefusedError(f"{relative!r} is larger than {MAX_FILE_BYTES >> 20} MiB")
        return path.read_bytes().decode("utf-8", errors="replace")

    def write(self, relative: str, text: str) -> Path:
        """Write ``text`` to ``relative`` atomically (its folder must exist in the workspace)."""
        if not relative.lower().endswith(SCENARIO_SUFFIXES[:3]):
            raise PathRefusedError("the workbench saves scenario files: the name must end in "
                                   ".yaml, .yml or .json")
        path = self.resolve(relative, must_exist=False)
        name = relative.rsplit("/", 1)[-1]
        if name.startswith("."):
            raise PathRefusedError("hidden file names are refused")
        # the folder the name is in (a link at the name itself is replaced, never followed)
        folder = Path(os.path.realpath(self.root.joinpath(*relative.split("/")[:-1])))
        if not folder.is_dir():
            raise PathRefusedError(f"no folder {self.relative(folder)!r} in the workspace")
        if path.is_dir():
            raise PathRefusedError(f"{relative!r} is a folder")
        return write_file(folder, name, text)
