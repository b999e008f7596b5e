"""Size and memory guards: refuse before allocating; cost follows the feasible states."""

from __future__ import annotations

import pytest

from detente.graph.analysis import analyze
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, DecisionMaker, Option, Statement, Statements
from detente.model.errors import ModelTooLargeError
from detente.model.formula import Var


def _free(per_dm: int, n_dms: int = 2, exclusive: bool = False) -> Conflict:
    options, dms = [], []
    for i in range(n_dms):
        idx = []
        for t in range(per_dm):
            idx.append(len(options))
            options.append(Option(f"o{i}_{t}", owner=i))
        dms.append(DecisionMaker(f"DM{i}", tuple(idx)))
    prefs = tuple(Statements((Statement(Var(options[d.options[0]].id)),)) for d in dms)
    groups = tuple(d.options for d in dms) if exclusive else ()
    return Conflict(options=tuple(options), decision_makers=tuple(dms), preferences=prefs,
                    exclusive=groups)


def test_forty_free_options_refused_before_allocating() -> None:
    with pytest.raises(ModelTooLargeError) as info:
        analyze(_free(20))
    msg = str(info.value)
    assert "1,099,511,627,776 states" in msg
    assert "exclusive" in msg and "--max-memory" in msg


def test_explicit_limit_refuses_small_model() -> None:
    with pytest.raises(ModelTooLargeError):
        analyze(_free(4), max_memory=1024)


def test_exclusive_groups_keep_the_tensor_small() -> None:
    """Five DMs with eight mutually exclusive options each: 9^5 states, not 2^40."""
    space = StateSpace(_free(8, n_dms=5, exclusive=True))
    assert space.shape == (9, 9, 9, 9, 9)
    assert space.size == 59_049
    assert space.decimal.nbytes == 59_049 * 8


def _irreversible(per_dm: int, exclusive: bool) -> Conflict:
    c = _free(per_dm, exclusive=exclusive)
    options = tuple(Option(o.id, owner=o.owner, direction="forward" if o.owner == 0 else "both")
                    for o in c.options)
    return Conflict(options=options, decision_makers=c.decision_makers,
                    preferences=c.preferences, exclusive=c.exclusive)


def test_many_exclusive_irreversible_options_stay_small() -> None:
    """Twenty forward-only options in one exclusive group take 21 value combinations: the
    table of allowed moves is over those, not over 2^20 masks (4^20 entries)."""
    result = analyze(_irreversible(20, exclusive=True), concepts=["nash", "seq"])
    ax = StateSpace(_irreversible(20, exclusive=True)).axes[0]
    assert ax.n_classes == 21 and ax.allowed.shape == (21, 21)
    assert result.n_states == 21 * 21


def test_many_irreversible_combinations_need_no_class_table() -> None:
    """14 free forward-only options: 16,384 classes. Moves are decided by a bit test, so no
    classes x classes table (268 MB) is built, and the analysis runs."""
    options = tuple(Option(f"f{t}", owner=0, direction="forward") for t in range(14))
    options += (Option("b0", owner=1),)
    dms = (DecisionMaker("DM0", tuple(range(14))), DecisionMaker("DM1", (14,)))
    prefs = (Statements((Statement(Var("f0")), Statement(Var("b0")))),
             Statements((Statement(Var("b0")),)))
    conflict = Conflict(options=options, decision_makers=dms, preferences=prefs)
    space = StateSpace(conflict)
    assert space.axes[0].n_classes == 16_384
    result = analyze(conflict, concepts=["nash", "gmr", "seq"])
    nash, seq = (set(result.equilibria[c]) for c in ("nash", "seq"))
    assert nash <= seq  # every Nash equilibrium is SEQ-stable
    # f0 is forward-only and DM0 wants it: every equilibrium has it taken
    assert all(p[0] == "Y" for p in result.equilibria["gmr"])
