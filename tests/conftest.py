"""Shared test configuration: Hypothesis profiles.

Choose one with ``HYPOTHESIS_PROFILE`` (or pytest's ``--hypothesis-profile``); without it,
``ci`` when the environment says ``CI=true`` (``.ci/run`` sets it), else ``default``:

- ``default``: 100 examples per property, unseeded (each local run explores new examples),
  no deadline (the brute-force oracle is slow by design and timings vary between machines);
- ``ci``: 300 examples, derandomized and without an example database, so that a CI run is
  reproducible: the same commit always draws the same examples; no deadline;
- ``dev``: 20 examples, for quick local iterations.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, settings

_common = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=100, **_common)
settings.register_profile("ci", max_examples=300, derandomize=True, database=None,
                          print_blob=True, **_common)
settings.register_profile("dev", max_examples=20, **_common)


def _profile() -> str:
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    if chosen:
        return chosen
    return "ci" if os.environ.get("CI", "").lower() in ("true", "1", "yes") else "default"


settings.load_profile(_profile())

# Built-in scenarios loaded by the tests are kept in a cache folder of this session, not in
# the user's ~/.cache (detente/model/builtin_cache.py); subprocesses inherit it.
if "DETENTE_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["DETENTE_CACHE_DIR"] = tempfile.mkdtemp(prefix="detente-test-cache-")
    atexit.register(shutil.rmtree, os.environ["DETENTE_CACHE_DIR"], ignore_errors=True)


class MainJob(NamedTuple):
    code: int
    out: str
    err: str
    cwd: Path


@pytest.fixture(scope="session")
def main_job(tmp_path_factory) -> MainJob:
    """``detente`` with no command (the summit briefing, the slowest command), run once per
    session in a fresh working directory and shared by the tests that check it."""
    from detente.cli import main

    cwd = tmp_path_factory.mktemp("main-job")
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)  # the main job writes detente-report/ into the working directory
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([])
    return MainJob(code, out.getvalue(), err.getvalue(), cwd)


#: ``DETENTE_QUICK_EXAMPLES=N`` caps every property at N examples, including those that set
#: their own count (the landing check of parallel work uses it; CI and local runs never do).
_QUICK = int(os.environ.get("DETENTE_QUICK_EXAMPLES", "0") or 0)


def pytest_collection_modifyitems(items) -> None:  # noqa: D103 - pytest hook
    if not _QUICK:
        return
    for item in items:
        inner = getattr(getattr(item, "obj", None), "hypothesis", None)
        test = getattr(inner, "inner_test", None)
        current = getattr(item.obj, "_hypothesis_internal_use_settings", None)
        if test is None or current is None:
            continue
        item.obj._hypothesis_internal_use_settings = settings(
            current, max_examples=min(current.max_examples, _QUICK))


# -- the browser tests (tests/report/test_browser.py, tests/web/test_browser.py) -------------
#: Debian's Chromium (``make test`` installs it with apt-get when missing); no browser is
#: ever downloaded.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module. Without Chromium or
    Playwright the test is skipped with the reason — except under ``CI=true``, where it
    fails instead."""
    if not Path(CHROMIUM).exists():
        _browser_unavailable(f"{CHROMIUM} is missing: install Debian's chromium "
                             "(scripts/ensure-chromium.sh does, as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("the playwright package is not installed "
                             "(pip install -e '.[test]')")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        except Exception as exc:  # a browser that cannot start is an environment problem
            _browser_unavailable(f"Chromium did not start: {exc}")
        yield b
        b.close()
