"""The outcome space's feasible packages against a plain loop over every package."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.bargain.outcomes import OutcomeSpace
from detente.model.agenda import agenda_from_dict
from tests.bargain.strategies import agendas


@settings(max_examples=60, deadline=None)
@given(agendas(), st.sampled_from([1, 2, 7, 1 << 20]))
def test_feasible_utilities_match_a_loop_over_packages(data: dict, chunk_size: int) -> None:
    agenda = agenda_from_dict(data)
    space = OutcomeSpace(agenda, chunk_size=chunk_size)
    kept = [i for i in range(space.size) if agenda.satisfies(space.decode(i))]
    want = space.utilities(np.array(kept, dtype=np.int64))
    got = space.feasible_utilities()
    assert got.shape == (len(agenda.parties), len(kept))
    assert np.array_equal(got, want)
