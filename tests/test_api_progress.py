"""A progress passed to a public function is told the number of steps once, before any step,
and the steps it is then told of add up to that number (the :class:`detente.Progress`
contract the command line's progress bar relies on)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import detente.api as api


class Recorder:
    """Every call, in order: ``("plan", total)`` and ``("tick", advance)``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def plan(self, total: int) -> None:
        self.calls.append(("plan", total))

    def tick(self, description: str = "", advance: int = 1) -> None:
        self.calls.append(("tick", advance))


CUBA = "cuban-missile-crisis"
CALLS: dict[str, Callable[[Recorder], Any]] = {
    "analyze": lambda p: api.analyze(CUBA, "nash,seq", progress=p),
    "status_quo": lambda p: api.status_quo(CUBA, progress=p),
    "explain": lambda p: api.explain(CUBA, "NNYN", dm="Soviet Union", progress=p),
    "hypergame": lambda p: api.hypergame("chicken", "nash", progress=p),
    "inverse": lambda p: api.inverse(CUBA, "NNYN", vary="United States=1-2", progress=p),
    "sensitivity": lambda p: api.sensitivity(CUBA, "nash", progress=p),
    "deals": lambda p: api.deals("shared-river", progress=p),
    "dynamics": lambda p: api.dynamics(analyses="match", rounds=20, seed=1, progress=p),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_steps_add_up_to_the_plan(name: str) -> None:
    progress = Recorder()
    CALLS[name](progress)
    kinds = [kind for kind, _ in progress.calls]
    assert kinds[0] == "plan" and kinds.count("plan") == 1, progress.calls
    total = progress.calls[0][1]
    assert sum(n for kind, n in progress.calls if kind == "tick") == total > 0, progress.calls
