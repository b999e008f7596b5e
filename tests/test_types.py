"""The type checker: mypy over src/ (configured in pyproject.toml) reports no error.

`make test` runs mypy before pytest for a readable report; this test runs it again (from
the cache kept in the virtual environment, so in a few seconds) so that every run of the
suite, landing included, refuses a change that breaks the types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(sys.prefix) / ".mypy_cache"


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(CACHE), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_src_type_checks() -> None:
    r = _mypy()
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    assert "no issues found" in r.stdout


def test_configuration_requires_typed_functions(tmp_path: Path) -> None:
    # the project's settings, on a public function without annotations
    f = tmp_path / "untyped.py"
    f.write_text("def total(a, b):\n    return a + b\n")
    r = _mypy(str(f))
    assert r.returncode == 1
    assert "no-untyped-def" in r.stdout
