"""Atomic writes: temp file + rename, never through a symlink, never outside the folder,
all or nothing for several files, nothing left behind on any failure."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from detente.model import files as files_module
from detente.model.errors import ModelError
from detente.model.files import TEMP_PREFIX, write_file, write_files


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    assert write_file(tmp_path, "a.txt", "héllo") == tmp_path / "a.txt"
    assert (tmp_path / "a.txt").read_bytes() == "héllo".encode()
    write_file(tmp_path, "a.txt", b"\x00\x01")  # replaces
    assert (tmp_path / "a.txt").read_bytes() == b"\x00\x01"
    assert _temps(tmp_path) == []


def test_a_symlink_at_the_name_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").symlink_to(victim)
    write_file(out, "report.html", "<html>")
    assert victim.read_text() == "precious"
    assert not (out / "report.html").is_symlink()
    assert (out / "report.html").read_text() == "<html>"


def test_a_dangling_symlink_is_not_followed_either(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.xml").symlink_to(tmp_path / "created-elsewhere.xml")
    write_file(out, "x.xml", "<x/>")
    assert not (tmp_path / "created-elsewhere.xml").exists()
    assert (out / "x.xml").read_text() == "<x/>"


@pytest.mark.parametrize("name", ["../escape.txt", "sub/file.txt", "", ".", "..", "/abs.txt",
                                  "nul\0byte"])
def test_only_plain_names_inside_the_folder(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ModelError, match="not a plain file name"):
        write_file(out, name, "x")
    assert list(tmp_path.rglob("*")) == [out]


def test_created_with_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_file(tmp_path, "r.html", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_missing_folder_is_an_error_unless_create(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_file(tmp_path / "no" / "such", "a.txt", "x")
    write_file(tmp_path / "made" / "here", "a.txt", "x", create=True)
    assert (tmp_path / "made" / "here" / "a.txt").read_text() == "x"


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"),
                                     KeyboardInterrupt()])
def test_failure_while_writing_keeps_the_previous_file(tmp_path: Path, monkeypatch,
                                                       failure: BaseException) -> None:
    write_file(tmp_path, "report.html", "previous")

    def broken_fsync(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(type(failure)):
        write_file(tmp_path, "report.html", "new " * 10_000)
    assert (tmp_path / "report.html").read_text() == "previous"
    assert _temps(tmp_path) == []


def test_several_files_all_or_nothing(tmp_path: Path, monkeypatch) -> None:
    write_files(tmp_path, {"d.xml": "old d", "p.xml": "old p"})
    real = files_module._write_temp
    calls = []

    def fail_on_second(folder, name, data, mode):
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(folder, name, data, mode)

    monkeypatch.setattr(files_module, "_write_temp", fail_on_second)
    with pytest.raises(KeyboardInterrupt):
        write_files(tmp_path, {"d.xml": "new d", "p.xml": "new p", "q.xml": "new q"})
    assert (tmp_path / "d.xml").read_text() == "old d"
    assert (tmp_path / "p.xml").read_text() == "old p"
    assert not (tmp_path / "q.xml").exists()
    assert _temps(tmp_path) == []


def test_a_folder_in_the_way_fails_before_anything_is_renamed(tmp_path: Path) -> None:
    (tmp_path / "b.xml").mkdir()
    with pytest.raises(IsADirectoryError):
        write_files(tmp_path, {"a.xml": "a", "b.xml": "b"})
    assert not (tmp_path / "a.xml").exists()
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("other_thread", [False, True])
def test_ctrl_c_during_the_renames_is_held_until_all_are_done(tmp_path: Path, monkeypatch,
                                                              other_thread: bool) -> None:
    # With another thread alive (Numba's, a progress bar's) the kernel may hand the SIGINT
    # to that thread: holding it back must not depend on which thread receives it.
    # A process started in the background by a shell without job control inherits SIGINT
    # ignored (Python then installs no handler); the test is about Python's default one.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    stop = threading.Event()
    if other_thread:
        threading.Thread(target=stop.wait, daemon=True).start()
    real = os.replace
    done = []

    def replace_then_interrupt(src, dst):
        real(src, dst)
        done.append(Path(dst).name)
        if len(done) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C after the first rename

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_files(tmp_path, {"a.xml": "a", "b.xml": "b", "c.xml": "c"})
    finally:
        stop.set()
        signal.signal(signal.SIGINT, previous)
    assert done == ["a.xml", "b.xml", "c.xml"]  # the interrupt came after the last rename
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml", "b.xml", "c.xml"]
