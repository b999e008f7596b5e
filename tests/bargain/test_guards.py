"""Memory and size guards, progress reporting, and the trade reference options."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.bargain.analysis import analyze_deals
from detente.model.agenda import agenda_from_dict, load_agenda
from detente.model.errors import ModelError, ModelTooLargeError

WATER = Path(__file__).resolve().parent / "water.yaml"


def big_agenda(n_issues=9, n_opt=10):
    issues = [{"id": f"i{i}", "options": [f"o{k}" for k in range(n_opt)], "status_quo": "o0"}
              for i in range(n_issues)]
    parties = [{"id": p, "weights": {f"i{i}": 1 for i in range(n_issues)},
                "values": {f"i{i}": {f"o{k}": (k if p == "a" else n_opt - k)
                                     for k in range(n_opt)} for i in range(n_issues)}}
               for p in ("a", "b")]
    return agenda_from_dict({"issues": issues, "parties": parties})


def test_memory_guard_refuses_before_allocating():
    with pytest.raises(ModelTooLargeError) as info:
        analyze_deals(big_agenda(), max_memory=10_000)
    msg = str(info.value)
    assert "1,000,000,000 packages" in msg and "needs about" in msg and "--max-memory" in msg


def test_outcome_limit():
    with pytest.raises(ModelTooLargeError, match="more than the limit of 1,000.*parked"):
        analyze_deals(big_agenda(), max_outcomes=1000)


def test_progress_is_reported_per_chunk():
    calls = []
    analyze_deals(big_agenda(4, 6), chunk_size=36,
                  progress=lambda phase, done, total: calls.append((phase, done, total)))
    chunks = [c for c in calls if c[0] == "packages"]
    assert chunks[-1] == ("packages", 36, 36) and len(chunks) == 36


def test_trades_from_each_solution_and_unknown_reference():
    agenda = load_agenda(str(WATER))
    for ref in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        result = analyze_deals(agenda, trades_from=ref)
        assert result.trades_reference == result.solutions[ref].packages[0]
        # a trade from a reference helps everybody strictly, so the reference is not efficient
        for t in result.trades:
            assert all(g > 0 for g in t.gains.values())
    with pytest.raises(ModelError, match="unknown trade reference"):
        analyze_deals(agenda, trades_from="median")
