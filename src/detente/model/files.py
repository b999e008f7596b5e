"""Writing files safely: every file détente writes goes through :func:`write_files`.

A file is first written in full to a new temporary file in the target folder (created with
``O_EXCL`` under an unpredictable name, so nothing already there is opened), flushed to disk,
then renamed onto its final name with :func:`os.replace`. The rename is atomic: a reader sees
the old file or the new one, never a truncated one, and an interruption (Ctrl-C, a full disk,
an exception) leaves the previous file intact and no temporary file behind. A symbolic link
at the final name is *replaced* by the new file, never followed, so a link planted in an
output folder cannot make détente overwrite what it points to. Names must be plain file names
(no folder separators, not ``.`` or ``..``): nothing is written outside the folder named.

Several files (a GENIUS domain and its profiles) are written all or nothing: every temporary
file is written first and only then are they renamed, with Ctrl-C held back during the
renames, so a failure leaves none of the new files and the old ones untouched.

This module sits in :mod:`detente.model` (the bottom layer, next to the file formats) so that
the format writers (:mod:`detente.model.genius`), the report (:mod:`detente.report.html`) and
the command line can all use it without breaking the one-way flow of the layers.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_file(folder, "notes.txt", "first").name
'notes.txt'
>>> (folder / "notes.txt").read_text()
'first'
>>> [p.name for p in write_files(folder, {"a.xml": b"<a/>", "b.xml": b"<b/>"})]
['a.xml', 'b.xml']
>>> write_file(folder, "../escape.txt", "x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detente.model.errors.ModelError: ...: not a plain file name ...
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from detente.model.errors import ModelError

__all__ = ["write_file", "write_files", "check_name", "TEMP_PREFIX"]

#: Temporary files start with this (hidden on Unix); a leftover can only come from a crash
#: of the whole machine, and is safe to delete.
TEMP_PREFIX = ".detente-"


def check_name(folder: str | Path, name: str) -> str:
    """``name`` if it is a plain file name inside ``folder``; otherwise a :class:`ModelError`.

    >>> check_name("out", "report.html")
    'report.html'
    """
    bad = (not name or name in (".", "..") or "/" in name or "\0" in name
           or (os.sep in name) or (os.altsep is not None and os.altsep in name))
    if bad:
        raise ModelError(f"{name!r}: not a plain file name (no folders, not '.' or '..'); "
                         "détente writes only inside the folder named",
                         file=str(Path(folder)))
    return name


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back until the renames are done, then deliver it.

    Swapping the SIGINT handler works whatever threads the process has: Python runs signal
    handlers in the main thread. (Blocking the signal with ``pthread_sigmask`` does not: it
    blocks only the calling thread, and the kernel hands a process-wide SIGINT to any other
    thread — Numba's, a progress bar's — that does not block it.)"""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be set from the main thread; the renames are still atomic
        return
    caught: list[tuple[int, Any]] = []

    def hold(signum: int, frame: Any) -> None:
        caught.append((signum, frame))

    # SIGTERM too: its default action would kill the process between two renames
    old = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)
        if caught:
            signum = caught[0][0]
            handler = old[signal.Signals(signum)]
            if callable(handler):
                handler(*caught[0])  # e.g. raises KeyboardInterrupt or the CLI's Interrupted
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), signum)


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> Path:
    # O_EXCL + a random name: never opens an existing file or follows a planted link.
    tmp = folder / f"{TEMP_PREFIX}{name[:80]}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                 | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_files(folder: str | Path, files: Mapping[str, bytes | str], *,
                create: bool = False) -> list[Path]:
    """Write each ``name → content`` of ``files`` into ``folder``, all or nothing.

    Text is written as UTF-8. ``create`` makes the folder (and its parents) if missing;
    otherwise a missing folder is an :class:`OSError`, as are the other reasons a file cannot
    be written (no permission, disk full, a folder at the final name). Returns the paths
    written, in the order given.
    """
    target = Path(folder)
    for name in files:
        check_name(target, name)
    if create:
        target.mkdir(parents=True, exist_ok=True)
    for name in files:  # a folder in the way would fail the renames halfway: refuse first
        if (target / name).is_dir() and not (target / name).is_symlink():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(target / name))
    mode = 0o666 & ~_umask()
    temps: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            # An unpaired surrogate (from a JSON "\\ud800") cannot be UTF-8: written escaped.
            data = (content.encode("utf-8", errors="backslashreplace")
                    if isinstance(content, str) else bytes(content))
            try:
                temps.append((_write_temp(target, name, data, mode), target / name))
            except OSError as exc:  # name the file the user asked for, not the temporary one
                exc.filename = str(target / name)
                raise
        with _ctrl_c_held():
            for tmp, final in temps:
                os.replace(tmp, final)  # replaces a symlink at ``final``; never follows it
            temps = []
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
    _sync_folder(target)
    return [target / name for name in files]


def write_file(folder: str | Path, name: str, content: bytes | str, *,
               create: bool = False) -> Path:
    """Write one file ``folder/name`` atomically (see :func:`write_files`)."""
    return write_files(folder, {name: content}, create=create)[0]


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
