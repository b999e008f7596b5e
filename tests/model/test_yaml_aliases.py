"""YAML aliases: shared parts work; an alias bomb is refused quickly with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.model.errors import ModelError
from detente.model.loader import load_conflict
from detente.model.yamlio import parse_text

SHARED = """\
decision_makers:
  - name: A
    options: [{id: a1}]
  - name: B
    options: [{id: b1}]
preferences:
  A: &same {ranking: [YY, NY, YN, NN]}
  B: *same
"""


def test_aliases_for_shared_parts_are_expanded() -> None:
    doc = parse_text(SHARED, "shared.yaml")
    assert doc.data["preferences"]["A"] == doc.data["preferences"]["B"]


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    # each level repeats the previous one nine times: 9**8 = 43 million values
    lines = ['l0: &l0 ["x","x","x","x","x","x","x","x","x"]']
    for k in range(1, 8):
        lines.append(f"l{k}: &l{k} [" + ",".join([f"*l{k - 1}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(ModelError, match="too many values through YAML aliases") as info:
        load_conflict(str(bomb))
    assert "bomb.yaml" in str(info.value)


def test_the_budget_counts_expansion_not_size(monkeypatch) -> None:
    import detente.model.yamlio as yamlio

    monkeypatch.setattr(yamlio, "ALIAS_EXPANSION_LIMIT", 1000)
    plain = "values: [" + ",".join("1" for _ in range(5000)) + "]\n"  # no alias: accepted
    assert len(parse_text(plain, "big.yaml").data["values"]) == 5000
    # 20 values written once, used 100 times: 2,000 values built from ~120 in the text
    aliased = ("base: &b [" + ",".join("1" for _ in range(20)) + "]\n"
               "uses: [" + ",".join("*b" for _ in range(100)) + "]\n")
    with pytest.raises(ModelError, match="YAML aliases"):
        parse_text(aliased, "aliased.yaml")
