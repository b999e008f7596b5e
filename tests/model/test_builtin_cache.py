"""Built-in scenarios read back from the cache are the models the loader builds."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from detente.model import builtin_cache
from detente.model.builtin import list_builtin
from detente.model.builtin_cache import builtin_file, load_builtin
from detente.model.errors import ModelError
from detente.model.loader import list_assumptions, list_models, load_conflict


def _asks():
    for name, _title, _path in list_builtin():
        yield name, None, None
        for model in list_models(name):
            yield f"{name}#{model}", None, None
        for assumption in list_assumptions(name):
            yield name, None, assumption


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(folder))
    return folder


def test_read_back_equals_the_loader_on_every_builtin(cache) -> None:
    asks = list(_asks())
    assert len(asks) >= 10 and any(a for _s, _n, a in asks)
    for source, name, assumption in asks:
        fresh = load_conflict(source, name=name, assumption=assumption)
        kept = load_builtin(source, name=name, assumption=assumption)  # loads and keeps
        again = load_builtin(source, name=name, assumption=assumption)  # reads back
        for got in (kept, again):
            assert got == fresh, source
            assert dict(got.locations) == dict(fresh.locations), source
            assert repr(got) == repr(fresh), source  # (two loads differ in string sharing)
    assert len(list(cache.iterdir())) == len(set(asks))


def test_the_second_load_reads_the_cache(cache, monkeypatch) -> None:
    first = load_builtin("elmira")
    import detente.model.loader as loader

    def refuse(*_a, **_k):
        raise AssertionError("loaded the file again")

    monkeypatch.setattr(loader, "load_conflict", refuse)
    assert load_builtin("elmira") == first
    with pytest.raises(AssertionError, match="again"):  # another model: not in the cache
        load_builtin("chicken")


def test_a_changed_file_or_code_is_not_read_back(cache, monkeypatch) -> None:
    load_builtin("chicken")
    (kept,) = cache.iterdir()
    path, _ = builtin_file("chicken", None)
    data = path.read_bytes()
    key = builtin_cache._key(path, data, None, None)
    assert pickle.loads(kept.read_bytes())[0] == key
    assert builtin_cache._key(path, data + b"\n", None, None) != key
    assert builtin_cache._key(path, data, "chicken", None) != key
    assert builtin_cache._key(path, data, None, "x") != key
    assert builtin_cache._key(path.with_name("other.yaml"), data, None, None) != key
    monkeypatch.setattr(builtin_cache, "_code_fingerprint", lambda: b"another version")
    assert builtin_cache._key(path, data, None, None) != key


def test_a_corrupt_cache_file_is_replaced(cache) -> None:
    first = load_builtin("chicken")
    (kept,) = cache.iterdir()
    kept.write_bytes(b"not a pickle")
    assert load_builtin("chicken") == first
    key, value = pickle.loads(kept.read_bytes())
    assert value == first
    kept.write_bytes(pickle.dumps((key, {"a": "dict, not a Conflict"})))
    assert load_builtin("chicken") == first
    kept.write_bytes(pickle.dumps(first))  # the layout of an older version: no key
    assert load_builtin("chicken") == first
    assert pickle.loads(kept.read_bytes())[1] == first


def test_a_new_key_replaces_the_file_instead_of_adding_one(cache, monkeypatch) -> None:
    first = load_builtin("chicken")
    (kept,) = cache.iterdir()
    old_key = pickle.loads(kept.read_bytes())[0]
    # an upgrade of the loading code: the old file is not read, and is replaced
    monkeypatch.setattr(builtin_cache, "_code_fingerprint", lambda: b"the next version")
    import detente.model.loader as loader

    calls = []
    real = loader.load_conflict

    def counted(*a, **k):
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(loader, "load_conflict", counted)
    assert load_builtin("chicken") == first
    assert len(calls) == 1
    (again,) = cache.iterdir()
    assert again.name == kept.name and pickle.loads(again.read_bytes())[0] != old_key
    assert load_builtin("chicken") == first and len(calls) == 1  # read back under the new key


def test_errors_and_files_go_to_the_loader(cache, tmp_path, monkeypatch) -> None:
    with pytest.raises(ModelError, match="no model named"):
        load_builtin("summit-2021#nope")
    with pytest.raises(ModelError, match="two model names"):
        load_builtin("summit-2021#core", name="grand-bargain")
    with pytest.raises(ModelError, match="no assumption"):
        load_builtin("shared-river", assumption="nope")
    assert not cache.exists() or not list(cache.iterdir())
    # a file of the same name in the working folder comes before the built-in scenario
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chicken").write_text("title: mine\n")
    assert builtin_file("chicken", None) is None
    with pytest.raises(ModelError):
        load_builtin("chicken")  # the loader reads the local file (no extension)


def test_turned_off_and_unwritable(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DETENTE_CACHE_DIR", "")
    assert builtin_cache.cache_dir() is None
    assert load_builtin("chicken") == load_conflict("chicken")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DETENTE_CACHE_DIR", str(blocker / "cache"))  # cannot be made
    assert load_builtin("chicken") == load_conflict("chicken")
    monkeypatch.delenv("DETENTE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert builtin_cache.cache_dir() == tmp_path / "xdg" / "detente"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert builtin_cache.cache_dir() == tmp_path / "home" / ".cache" / "detente"
    monkeypatch.setattr(builtin_cache.os.path, "expanduser", lambda p: p)  # no home known
    assert builtin_cache.cache_dir() is None


def test_read_back_imports_no_parser(cache) -> None:
    load_builtin("cuban-missile-crisis")
    code = ("import sys; from detente.model.builtin_cache import load_builtin; "
            "load_builtin('cuban-missile-crisis'); "
            "print(sorted(m for m in ('pydantic.main', 'lark', 'detente.model.loader', "
            "'detente.model.document') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120)
    assert r.stdout.strip() == "[]", r.stderr
