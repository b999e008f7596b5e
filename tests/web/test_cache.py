"""The workbench keeps the answers of deterministic analyses (detente.web.workers.ResultCache):
never a stale answer for a changed text, options or file, and bounded in size."""

from __future__ import annotations

import json
import os

from detente.model.builtin import resolve_builtin
from detente.web.workers import Outcome, ResultCache, cache_key
from detente.web.workspace import Workspace

CUBAN = resolve_builtin("cuban-missile-crisis").read_text(encoding="utf-8")
EDITED = CUBAN.replace("- NNYN\n        - NYYN", "- NYYN\n        - NNYN", 1)


def _text(text: str, **extra: str) -> dict[str, object]:
    return {"kind": "text", "text": text, "filename": "c.yaml", "model": None, **extra}


def test_key_follows_text_options_model_and_kind() -> None:
    key = cache_key("analyze", _text(CUBAN), {"concepts": "nash"})
    assert key is not None
    assert key == cache_key("analyze", _text(CUBAN), {"concepts": "nash"})
    assert key != cache_key("analyze", _text(EDITED), {"concepts": "nash"})
    assert key != cache_key("analyze", _text(CUBAN), {"concepts": "seq"})
    assert key != cache_key("paths", _text(CUBAN), {"concepts": "nash"})
    assert key != cache_key("analyze", _text(CUBAN, model="m"), {"concepts": "nash"})
    assert key != cache_key("analyze", _text(CUBAN, filename="d.yaml"), {"concepts": "nash"})
    # answers drawn at random or cut by a time limit are never kept
    assert cache_key("dynamics", _text(CUBAN), {}) is None
    assert cache_key("inverse", _text(CUBAN), {}) is None
    assert cache_key("report", _text(CUBAN), {}) is None


def test_key_of_a_file_changes_when_it_is_saved_again(tmp_path) -> None:
    ws = Workspace(tmp_path)
    path = ws.write("c.yaml", CUBAN)
    source = {"kind": "file", "file": "c.yaml", "path": str(path), "model": None}
    before = cache_key("analyze", source, {})
    assert before == cache_key("analyze", source, {})
    ws.write("c.yaml", CUBAN)  # the same text saved again: a new file (atomic write)
    assert cache_key("analyze", source, {}) not in (None, before)
    os.unlink(path)
    assert cache_key("analyze", source, {}) is None  # the worker reports the missing file
    built = {"kind": "builtin", "name": "chicken", "model": None}
    assert cache_key("analyze", built, {}) is not None
    assert cache_key("analyze", {**built, "name": "no-such"}, {}) is None


def test_cache_keeps_answers_and_mistakes_within_its_limit() -> None:
    cache = ResultCache(limit=1000)
    cache.put("a", Outcome("ok", "x" * 200))
    cache.put("e", Outcome("error", {"message": "m"}))
    cache.put("t", Outcome("timeout", "slow"))
    cache.put("c", Outcome("cancelled", "cancelled"))
    cache.put("big", Outcome("ok", "x" * 300))  # over a quarter of the limit: not kept
    assert cache.get("a") == Outcome("ok", "x" * 200)
    assert cache.get("e") is not None
    assert cache.get("t") is None and cache.get("c") is None and cache.get("big") is None
    assert cache.hits == 2
    for i in range(10):  # the least recently used go first
        cache.put(str(i), Outcome("ok", "y" * 200))
    assert cache.size <= 1000
    assert cache.get("a") is None and cache.get("9") is not None


def test_server_answers_a_changed_file_afresh(server, workspace) -> None:
    status, _ = server.request("PUT", "/api/files/cached.yaml", {"text": CUBAN})
    assert status == 200
    body = {"file": "cached.yaml", "detail": "full"}
    status, first = server.post("/api/analyze", body)
    assert status == 200
    assert server.post("/api/analyze", body) == (200, first)  # kept, the same answer
    status, _ = server.request("PUT", "/api/files/cached.yaml", {"text": EDITED})
    assert status == 200
    status, second = server.post("/api/analyze", body)
    assert status == 200
    status, expected = server.post("/api/analyze", {"text": EDITED, "filename": "cached.yaml",
                                                    "detail": "full"})
    assert second == expected != first
    assert json.dumps(second) != json.dumps(first)
    (workspace / "cached.yaml").unlink()
