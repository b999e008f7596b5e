"""Named assumption sets in every combination: verdicts against the brute-force oracle,
conflicting sets, and the refusal above ten sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.graph.analysis import analyze
from detente.graph.combinations import MAX_BEST, combinations
from detente.graph.summary import best_stable_outcomes
from detente.model.errors import ModelError
from detente.model.loader import assumption_combinations
from tests.graph.bruteforce import brute_force, reachable

FILE = Path(__file__).resolve().parents[1] / "data" / "uncertainty" / "standoff.yaml"


def test_every_combination_against_the_oracle() -> None:
    combos = assumption_combinations(FILE)
    assert len(combos) == 8 and combos[0].assumptions == ()
    bad = [c.assumptions for c in combos if c.conflicting is not None]
    assert bad == [("hawkish-east", "dovish-east"),
                   ("hawkish-east", "dovish-east", "tough-west")]
    r = combinations(combos, "nash,gmr,seq")
    assert r.best == tuple(best_stable_outcomes(analyze(combos[0].conflict, "nash,gmr,seq"),
                                                MAX_BEST))
    assert len(r.analysed()) == 6
    for combo, verdict in zip(combos, r.combinations, strict=True):
        assert verdict.assumptions == combo.assumptions
        if combo.conflicting is not None:
            assert verdict.conflicting == combo.conflicting and not verdict.status_quo
            continue
        b = brute_force(combo.conflict)
        sq = combo.conflict.status_quo
        reach = reachable(combo.conflict, b, sq, range(2), improving=True)
        for c in r.concepts:
            assert verdict.status_quo[c] == (sq in b.equilibria[c])
            for p in r.best:
                assert verdict.best_stable[p][c] == (combo.conflict.decimal(p)
                                                     in b.equilibria[c])
        for p in r.best:
            d = combo.conflict.decimal(p)
            assert verdict.best_reachable[p] == (d == sq or d in reach)
    d = r.to_dict()
    assert d["summary"]["analysed"] == 6 and d["summary"]["conflicting"] == 2


def test_subset_and_refusal(tmp_path) -> None:
    combos = assumption_combinations(FILE, ["tough-west"])
    assert [c.assumptions for c in combos] == [(), ("tough-west",)]
    assert "assumptions: tough-west" not in combos[0].conflict.title
    text = FILE.read_text() + "".join(
        f"  - name: extra-{k}\n    preferences:\n      East:\n        statements: [talk]\n"
        for k in range(9))
    f = tmp_path / "many.yaml"
    f.write_text(text)
    with pytest.raises(ModelError, match="12 named assumption sets make 4,096 combinations"):
        assumption_combinations(f)
    with pytest.raises(ModelError, match="Did you mean 'tough-west'"):
        assumption_combinations(FILE, ["tough-wes"])
