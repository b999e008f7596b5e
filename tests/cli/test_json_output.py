"""JSON on stdout: indented for people when small, compact (fast encoder) when large."""

from __future__ import annotations

import json

from detente.cli.common import JSON_INDENT_LIMIT, print_json


def test_small_payload_is_indented(capsys) -> None:
    print_json({"equilibria": {"nash": ["YN", "NY"]}})
    out = capsys.readouterr().out
    assert out.startswith('{\n  "equilibria"')
    assert json.loads(out) == {"equilibria": {"nash": ["YN", "NY"]}}


def test_large_payload_is_compact_and_complete(capsys) -> None:
    states = {f"{k:024b}".replace("0", "N").replace("1", "Y"): k % 7
              for k in range(JSON_INDENT_LIMIT // 20)}
    print_json({"reachable": states})
    out = capsys.readouterr().out
    assert "\n" not in out.rstrip("\n") and len(out) > JSON_INDENT_LIMIT
    assert json.loads(out) == {"reachable": states}
