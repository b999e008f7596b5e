"""The ten policies: hand-worked sequences, GRIT's documented rule, and the vectorised engine
against plain turn-by-turn implementations (tests/dynamics/plain.py) on random draws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.dynamics.engine import Events, Rules, draw_events, payoff_table, play
from detente.dynamics.policies import NATIVE_NAMES, Grit, make_policy
from detente.model.dynamics import Payoffs, PolicyParameters

from .plain import Grit as PlainGrit
from .plain import plain_match, plain_policy

PAY = Payoffs(R=3, S=0, T=5, P=1)
PAR = PolicyParameters()


def policy(name: str, **grit):
    if grit:
        return Grit("GRIT", **grit)
    return make_policy(name, PAY, PAR)


def quiet_events(rounds: int, n: int = 1) -> Events:
    """No noise; policy draws of 0.99 (so 'cooperate with probability p < 1' defects)."""
    return Events(np.full((rounds, n, 2), 0.99), np.zeros((rounds, n, 2), bool),
                  np.zeros((rounds, n, 2), bool), np.full(n, rounds))


def moves(pl, side: int, r: int = 0) -> str:
    return "".join("C" if m else "D" for m in pl.cooperated[:, r, side])


def duel(a, b, rounds=12, events=None, shock=None):
    ev = events if events is not None else quiet_events(rounds)
    return play(([a], [b]), ev, shock=shock)


# -- hand-worked sequences -----------------------------------------------------------------------
def test_tit_for_tat_pairs_cooperate_throughout_without_noise():
    pl = duel(policy("Tit For Tat"), policy("Tit For Tat"), rounds=50)
    assert moves(pl, 0) == moves(pl, 1) == "C" * 50


def test_tit_for_tat_echo_after_one_slip_never_ends_without_noise():
    pl = duel(policy("Tit For Tat"), policy("Tit For Tat"), rounds=10, shock=(3, 0))
    assert moves(pl, 0) == "CCCDCDCDCD"
    assert moves(pl, 1) == "CCCCDCDCDC"


def test_suspicious_tit_for_tat_against_tit_for_tat_alternates():
    pl = duel(policy("Tit For Tat"), policy("Suspicious Tit For Tat"), rounds=6)
    assert (moves(pl, 0), moves(pl, 1)) == ("CDCDCD", "DCDCDC")


def test_contrite_tit_for_tat_accepts_the_retaliation_for_its_own_slip():
    pl = duel(policy("Contrite Tit For Tat"), policy("Contrite Tit For Tat"), rounds=8,
              shock=(2, 0))
    # Round 3: its slip; round 4: it cooperates, the other retaliates; round 5: it does not
    # answer the retaliation (contrite), so mutual cooperation returns.
    assert moves(pl, 0) == "CCDCCCCC"
    assert moves(pl, 1) == "CCCDCCCC"


def test_contrite_tit_for_tat_is_not_contrite_for_the_others_slip():
    pl = duel(policy("Contrite Tit For Tat"), policy("Contrite Tit For Tat"), rounds=8,
              shock=(2, 1))
    assert moves(pl, 1) == "CCDCCCCC"


def test_generous_tit_for_tat_forgives_when_the_draw_allows():
    ev = quiet_events(6)
    ev.u[3, 0, 1] = 0.2  # below the generosity 1/3: forgives the slip of round 3
    pl = duel(policy("Tit For Tat"), policy("Generous Tit For Tat"), events=ev, shock=(2, 0))
    assert moves(pl, 1) == "CCCCCC"
    pl = duel(policy("Tit For Tat"), policy("Generous Tit For Tat"), rounds=6, shock=(2, 0))
    assert moves(pl, 1)[3] == "D"


def test_win_stay_lose_shift_restores_cooperation_in_two_rounds():
    pl = duel(policy("Win-Stay Lose-Shift"), policy("Win-Stay Lose-Shift"), rounds=6,
              shock=(1, 0))
    assert (moves(pl, 0), moves(pl, 1)) == ("CDDCCC", "CCDCCC")


def test_grim_trigger_never_forgives():
    pl = duel(policy("Grim Trigger"), policy("Always Cooperate"), rounds=6, shock=(1, 1))
    assert moves(pl, 0) == "CCDDDD"


def test_misperception_turns_cooperation_into_a_perceived_offence():
    ev = quiet_events(5)
    ev.misperception[1, 0, 0] = True  # the first side misreads round 2
    pl = duel(policy("Tit For Tat"), policy("Always Cooperate"), events=ev)
    assert moves(pl, 0) == "CCDCC"
    assert moves(pl, 1) == "CCCCC"
    assert pl.perceived[1, 0, 0] == np.False_ and pl.misperceived[1, 0, 0]


def test_grit_rule_against_always_defect():
    # Defaults: initiative 2, growth 1, max 4, patience 3, trigger 2.
    # Opening C; D (reciprocity); offences reach 2 → initiative CC; DD; CCC; DD; CCCC; then
    # three initiatives went unanswered: proportionate reciprocity only.
    pl = duel(policy("GRIT"), policy("Always Defect"), rounds=22)
    assert moves(pl, 0) == "CD" + "CC" + "DD" + "CCC" + "DD" + "CCCC" + "D" * 7


def test_grit_renews_patience_when_the_other_cooperates():
    ev = quiet_events(24)
    pl = duel(policy("GRIT"), policy("Always Defect"), events=ev)
    ev2 = quiet_events(24)
    ev2.slip[19, 0, 1] = True  # the defector cooperates once, by mistake, in round 20
    pl2 = duel(policy("GRIT"), policy("Always Defect"), events=ev2)
    assert moves(pl, 0)[20:] == "DDDD"
    # Seeing cooperation in round 20 renews patience; the count of offences still stands at
    # the trigger, so a new initiative of the base length (2) follows at once.
    assert moves(pl2, 0)[20:] == "CCDD"


def test_grit_ends_an_echo_with_tit_for_tat():
    pl = duel(policy("GRIT"), policy("Tit For Tat"), rounds=14, shock=(2, 0))
    # Its slip starts an echo; after two perceived offences it cooperates twice unconditionally
    # and Tit For Tat follows: mutual cooperation from then on.
    g, t = moves(pl, 0), moves(pl, 1)
    assert g[:3] == "CCD" and t[3] == "D"
    both = [a == b == "C" for a, b in zip(g, t, strict=True)]
    assert all(both[8:])


def test_grit_announced_initiatives_cannot_be_misperceived():
    ev = quiet_events(12)
    ev.misperception[:, 0, 1] = True  # Tit For Tat misreads every move of GRIT
    announced = duel(policy("GRIT"), policy("Tit For Tat"), events=ev)
    silent = duel(policy("GRIT", announced=False), policy("Tit For Tat"), events=ev)
    ini = np.flatnonzero(~announced.misperceived[:, 0, 1])
    assert len(ini) > 0
    assert announced.cooperated[ini, 0, 0].all()  # only initiative moves escape misreading
    assert silent.misperceived[:, 0, 1].all()  # without announcement every move is misread


def test_first_moves():
    firsts = {n: moves(duel(policy(n), policy("Always Cooperate"), rounds=1), 0)
              for n in NATIVE_NAMES if n != "Random"}
    assert firsts == {"Tit For Tat": "C", "Suspicious Tit For Tat": "D",
                      "Generous Tit For Tat": "C", "Contrite Tit For Tat": "C",
                      "Win-Stay Lose-Shift": "C", "Grim Trigger": "C", "GRIT": "C",
                      "Always Cooperate": "C", "Always Defect": "D"}


def test_generosity_defaults_to_nowak_and_sigmund_and_can_be_set():
    assert make_policy("Generous Tit For Tat", PAY, PAR).vector[1] == pytest.approx(1 / 3)
    other = Payoffs(R=4, S=0, T=5, P=1)  # min(1 - 1/4, 3/4) = 3/4
    assert make_policy("Generous Tit For Tat", other, PAR).vector[1] == pytest.approx(0.75)
    set_ = PolicyParameters(generosity=0.1)
    assert make_policy("Generous Tit For Tat", PAY, set_).vector[1] == 0.1


def test_generous_tit_for_tat_needs_a_prisoners_dilemma_or_a_generosity():
    from detente.model.errors import ModelError

    with pytest.raises(ModelError, match="prisoner's dilemma"):
        make_policy("Generous Tit For Tat", Payoffs(R=3, S=1, T=5, P=0), PAR)


# -- engine against plain turn-by-turn implementations ------------------------------------------
grit_params = st.builds(
    lambda init, extra, growth, patience, trigger, announced: dict(
        initiative=init, max_initiative=init + extra, growth=growth, patience=patience,
        trigger=trigger, announced=announced),
    st.integers(1, 4), st.integers(0, 3), st.integers(0, 2), st.integers(0, 4),
    st.integers(1, 3), st.booleans(),
)


@settings(max_examples=60)
@given(
    names=st.lists(st.sampled_from(NATIVE_NAMES), min_size=2, max_size=2),
    grit=grit_params,
    slip=st.tuples(st.sampled_from([0.0, 0.05, 0.3]), st.sampled_from([0.0, 0.05, 0.3])),
    mis=st.tuples(st.sampled_from([0.0, 0.1, 0.4]), st.sampled_from([0.0, 0.1, 0.4])),
    seed=st.integers(0, 2**32 - 1),
)
def test_engine_matches_plain_turn_by_turn_play(names, grit, slip, mis, seed):
    rounds, reps = 40, 6
    rules = Rules(payoff_table([PAY, PAY]), slip=slip, misperception=mis)
    events = draw_events(np.random.default_rng(seed), rounds, reps, rules)
    par = PolicyParameters(grit=grit)
    pols = [make_policy(n, PAY, par) for n in names]
    pl = play(([pols[0]], [pols[1]]), events, repetitions=reps)
    for r in range(reps):
        expected = plain_match(plain_policy(names[0], grit=grit),
                               plain_policy(names[1], grit=grit), events, r)
        got = list(zip(moves(pl, 0, r), moves(pl, 1, r), strict=True))
        assert got == expected, (names, grit, r)


@settings(max_examples=25)
@given(grit=grit_params, opponent=st.sampled_from(NATIVE_NAMES), seed=st.integers(0, 2**32 - 1))
def test_grit_batch_mixing_parameters_matches_plain(grit, opponent, seed):
    """Copies of GRIT with different parameters in one batch keep their own parameters."""
    rounds, reps = 30, 3
    rules = Rules(payoff_table([PAY, PAY]), slip=(0.1, 0.1), misperception=(0.1, 0.1))
    events = draw_events(np.random.default_rng(seed), rounds, 2 * reps, rules)
    default = Grit("GRIT")
    custom = Grit("GRIT", **grit)
    other = make_policy(opponent, PAY, PAR)
    pl = play(([default, custom], [other, other]), events, repetitions=reps)
    for k, params in enumerate([{}, grit]):
        for r in range(reps):
            m = k * reps + r
            expected = plain_match(PlainGrit(**params), plain_policy(opponent), events, m)
            assert list(zip(moves(pl, 0, m), moves(pl, 1, m), strict=True)) == expected
