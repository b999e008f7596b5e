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


def test_work_estimate_counts_packages_and_chunks():
    from detente.bargain.outcomes import CHUNK_COST, OutcomeSpace, check_outcomes

    space = OutcomeSpace(big_agenda(4, 6), chunk_size=36)
    assert (space.size, space.outer_size, space.inner_size) == (1296, 36, 36)
    assert space.work == 1296 + 36 * CHUNK_COST
    # 1.65e9 packages pass the package limit, but in 1,650,000 chunks of 1,000 (no two of
    # the issues fit one chunk) their fixed cost alone is refused, with the estimate
    with pytest.raises(ModelTooLargeError) as info:
        check_outcomes([1500, 1100, 1000])
    msg = str(info.value)
    assert "1,650,000 chunks of 1,000" in msg and "worth of work" in msg
    assert "--max-outcomes" in msg
    assert check_outcomes([1500, 1100, 1000], max_outcomes=10**11)[2] == 1_650_000
    # the default lets a billion packages in large chunks through, not ten billion
    assert check_outcomes([10] * 9)[2:] == (1000, 1e9 + 1000 * CHUNK_COST)
    with pytest.raises(ModelTooLargeError, match="10,000,000,000 packages"):
        check_outcomes([10] * 10)
