"""CI is deterministic: ``CI=true`` (set by ``.ci/run``) selects the derandomized ``ci``
Hypothesis profile with no example database, so the same commit always runs the same
examples; a plain local run keeps the random ``default`` profile (issue 11)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import settings

from tests import conftest


def test_ci_true_selects_the_derandomized_profile(monkeypatch) -> None:
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    monkeypatch.setenv("CI", "true")
    assert conftest._profile() == "ci"
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None
    monkeypatch.delenv("CI")
    assert conftest._profile() == "default"  # Hypothesis itself derandomizes it when CI is set
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "dev")  # an explicit choice wins
    monkeypatch.setenv("CI", "true")
    assert conftest._profile() == "dev"


def test_the_ci_entry_point_sets_ci_true() -> None:
    run = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert 'export CI="${CI:-true}"' in run and "make test" in run
