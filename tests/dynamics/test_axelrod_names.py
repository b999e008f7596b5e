"""The static list of the Axelrod library's strategies: the same as the installed library's,
and enough to resolve (or refuse) a policy name without importing the library."""

from __future__ import annotations

import subprocess
import sys

from detente.model.axelrod_names import AXELROD_VERSION, STRATEGIES, installed


def test_the_static_list_is_the_installed_librarys() -> None:
    version, pairs = installed()
    assert version == AXELROD_VERSION, (
        "the Axelrod library was upgraded: regenerate src/detente/model/axelrod_names.py "
        "with `python -m detente.model.axelrod_names`")
    assert pairs == STRATEGIES


def test_names_are_resolved_and_refused_without_importing_the_library() -> None:
    code = """
import sys
from detente.model.dynamics import resolve_policy
from detente.model.errors import ModelError
assert resolve_policy("tit for 2 tats") == "Tit For 2 Tats"
assert resolve_policy("TitFor2Tats") == "Tit For 2 Tats"
try:
    resolve_policy("Tit For Tatt")
except ModelError as exc:
    assert "Did you mean 'Tit For Tat'" in str(exc), exc
else:
    raise AssertionError("accepted")
print("axelrod" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
