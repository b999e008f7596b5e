"""The workbench server, started once for the web tests (and always stopped)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.web.server import Server

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def workspace(tmp_path_factory) -> Path:
    """A workspace with two scenario files, a sub-folder, and a link leading out of it."""
    root = tmp_path_factory.mktemp("workspace")
    from detente.model.builtin import resolve_builtin

    shutil.copy(resolve_builtin("cuban-missile-crisis"), root / "cuban.yaml")
    (root / "talks").mkdir()
    shutil.copy(HERE.parent / "bargain" / "water.yaml", root / "talks" / "water.yaml")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.yaml").write_text("title: secret\n")
    (root / "escape.yaml").symlink_to(outside / "secret.yaml")
    (root / "out").symlink_to(outside, target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def server(workspace):
    s = Server(workspace, "--workers", "2", "--jobs", "1", "--job-queue", "3")
    yield s
    s.stop()


#: The token of the ``strict`` server.
TOKEN = "a-test-token-of-sufficient-length"


@pytest.fixture(scope="session")
def strict(tmp_path_factory):
    """A server with a token, a 1 MiB body limit, a 3 s job time limit and an empty
    workspace of its own (the schema fuzzing saves files there)."""
    s = Server(tmp_path_factory.mktemp("strict"), "--workers", "1", "--jobs", "1",
               "--job-queue", "2", "--job-timeout", "3", "--max-body", "1", token=TOKEN)
    yield s
    s.stop()
