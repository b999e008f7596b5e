"""Size and memory guards: refuse before allocating; cost follows the feasible states."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from detente.graph.analysis import analyze
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, DecisionMaker, Option, Statement, Statements
from detente.model.errors import ModelTooLargeError
from detente.model.formula import And, Var
from detente.model.loader import load_conflict


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


def _pairwise(per_dm: int, n_dms: int) -> Conflict:
    """Each DM's options mutually exclusive, written as infeasible pairs ``a and b`` (as
    GMCR+ files say it) instead of an exclusive group."""
    c = _free(per_dm, n_dms)
    ids = [o.id for o in c.options]
    pairs = tuple(And((Var(ids[a]), Var(ids[b])))
                  for d in c.decision_makers for a, b in itertools.combinations(d.options, 2))
    return Conflict(options=c.options, decision_makers=c.decision_makers,
                    preferences=c.preferences, infeasible=pairs)


def test_pairwise_exclusions_cost_what_an_exclusive_group_costs() -> None:
    """5 DMs x 8 options, at most one per DM, written as 140 infeasible pairs: 9^5 states
    like the exclusive groups (the memory check once ran before the pairs were applied, and
    refused the model as 2^40 states, 268 TB)."""
    pairwise = StateSpace(_pairwise(8, 5), max_memory=2 * 1024**3)
    grouped = StateSpace(_free(8, n_dms=5, exclusive=True))
    assert pairwise.shape == (9, 9, 9, 9, 9)
    for a, b in zip(pairwise.axes, grouped.axes, strict=True):
        assert np.array_equal(a.local, b.local)
    assert np.array_equal(pairwise.feasible_decimals, grouped.feasible_decimals)


def _gmcr_pairwise(per_dm: int, n_dms: int) -> str:
    options, dms, infeasibles = [], [], []
    for i in range(n_dms):
        own = list(range(i * per_dm, (i + 1) * per_dm))
        options += [{"name": f"d{i}o{t}", "permittedDirection": "both"} for t in range(per_dm)]
        other = ((i + 1) % n_dms) * per_dm
        dms.append({"name": f"DM{i}", "options": own,
                    "preferences": [[[own[1], "Y"]], [[other, "N"], [own[0], "Y"]],
                                    {"compound": True, "members": [[[own[2], "Y"]],
                                                                   [[other + 1, "Y"]]]}]})
        infeasibles += [[[a, "Y"], [b, "Y"]] for a, b in itertools.combinations(own, 2)]
    return json.dumps({"options": options, "decisionMakers": dms, "infeasibles": infeasibles})


def test_gmcr_file_with_mutually_exclusive_options(tmp_path: Path) -> None:
    """The same through a .gmcr file, whose standard way to say "at most one of these" is
    an infeasible condition per pair: analysed like the scenario with exclusive groups."""
    path = tmp_path / "exclusive.gmcr"
    path.write_text(_gmcr_pairwise(8, 5))
    conflict = load_conflict(str(path))
    assert len(conflict.infeasible) == 5 * 28
    result = analyze(conflict, concepts=["nash", "seq"], max_memory=4 * 1024**3)
    assert result.n_states == 9**5
    grouped = Conflict(options=conflict.options, decision_makers=conflict.decision_makers,
                       preferences=conflict.preferences,
                       exclusive=tuple(d.options for d in conflict.decision_makers))
    assert result.equilibria == analyze(grouped, concepts=["nash", "seq"]).equilibria


def _sized(sizes: list[int], infeasible: list[tuple[str, str]]) -> Conflict:
    """Free options o{dm}_{t}, ``sizes[dm]`` per DM, and infeasible pairs."""
    options = tuple(Option(f"o{i}_{t}", owner=i) for i, k in enumerate(sizes)
                    for t in range(k))
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    dms = tuple(DecisionMaker(f"DM{i}", tuple(range(starts[i], starts[i] + k)))
                for i, k in enumerate(sizes))
    prefs = tuple(Statements((Statement(Var(f"o{i}_0")),)) for i in range(len(sizes)))
    return Conflict(options=options, decision_makers=dms, preferences=prefs,
                    infeasible=tuple(And((Var(a), Var(b))) for a, b in infeasible))


def test_own_conditions_leaving_too_many_combinations_are_refused_while_deriving() -> None:
    """A DM with 40 options and one condition of its own: 3·2^38 strategies. The count is
    refused while deriving them (before the arrays double past the limit), with the
    estimate, the DM and what to do."""
    c = _sized([40, 1], [("o0_0", "o0_1")])
    with pytest.raises(ModelTooLargeError) as info:
        StateSpace(c, max_memory=144 * 1024**2)
    msg = str(info.value)
    assert "decision maker 'DM0'" in msg and "combinations of its first" in msg
    assert "more than the limit of 144.0 MB" in msg and "--max-memory" in msg


def test_known_counts_are_refused_at_once_even_with_other_dms_unknown() -> None:
    """2^40 strategies for a DM without conditions: refused before deriving the others'."""
    c = _sized([40, 2], [("o1_0", "o1_1")])
    with pytest.raises(ModelTooLargeError, match="at least 1,099,511,627,776 states"):
        StateSpace(c)


def test_overlapping_groups_over_many_options() -> None:
    """30 options in two overlapping exclusive groups (0–14 and 14–29): 1 + 15·16 = 241
    strategies. (Overlapping groups once meant a 2^k enumeration, refused above 24.)"""
    options = tuple(Option(f"a{t}", owner=0) for t in range(30)) + (Option("b", owner=1),)
    dms = (DecisionMaker("A", tuple(range(30))), DecisionMaker("B", (30,)))
    prefs = (Statements((Statement(Var("a3")),)), Statements((Statement(Var("b")),)))
    c = Conflict(options=options, decision_makers=dms, preferences=prefs,
                 exclusive=(tuple(range(15)), tuple(range(14, 30))))
    space = StateSpace(c)
    assert space.shape == (241, 2)
    taken = [bin(int(x)).count("1") for x in space.axes[0].local]
    assert max(taken) == 2 and taken.count(0) == 1
