"""The vectorised engine: reproducibility, batching, noise semantics, horizons, memory."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.engine import (
    Rules,
    draw_events,
    match_lengths,
    payoff_table,
    play,
    simulate,
)
from detente.dynamics.policies import NATIVE_NAMES, make_policy
from detente.model.dynamics import Payoffs, PolicyParameters
from detente.model.errors import ModelTooLargeError

PAY = Payoffs(R=3, S=0, T=5, P=1)
PAR = PolicyParameters()
POL = {n: make_policy(n, PAY, PAR) for n in NATIVE_NAMES}


def rules(slip=(0.0, 0.0), mis=(0.0, 0.0), pays=(PAY, PAY)) -> Rules:
    return Rules(payoff_table(list(pays)), slip=slip, misperception=mis)


def test_same_seed_same_numbers_other_seed_other_numbers():
    pairs = [(POL["Tit For Tat"], POL["Random"]), (POL["GRIT"], POL["Win-Stay Lose-Shift"])]
    a = simulate(pairs, rules((0.05, 0.05), (0.1, 0.0)), rounds=80, repetitions=30, seed=3,
                 keep=True)
    b = simulate(pairs, rules((0.05, 0.05), (0.1, 0.0)), rounds=80, repetitions=30, seed=3,
                 keep=True)
    c = simulate(pairs, rules((0.05, 0.05), (0.1, 0.0)), rounds=80, repetitions=30, seed=4)
    assert np.array_equal(a.play.cooperated, b.play.cooperated)
    assert np.array_equal(a.mean_payoff, b.mean_payoff)
    assert not np.array_equal(a.mean_payoff, c.mean_payoff)


def test_a_pair_gets_the_same_draws_alone_or_in_a_batch(monkeypatch):
    import detente.dynamics.engine as engine

    pair = (POL["Generous Tit For Tat"], POL["Contrite Tit For Tat"])
    others = [(POL[a], POL[b]) for a in NATIVE_NAMES[:4] for b in NATIVE_NAMES[4:7]]
    r = rules((0.05, 0.02), (0.03, 0.0))
    alone = simulate([pair], r, rounds=60, repetitions=20, seed=9, keys=[7])
    monkeypatch.setattr(engine, "CHUNK_BYTES", 1)  # one pair per chunk
    batch = simulate([*others[:7], pair, *others[7:]], r, rounds=60, repetitions=20, seed=9,
                     keys=[*range(7), 7, *range(8, len(others) + 1)])
    assert np.array_equal(alone.cooperation[0], batch.cooperation[7])
    assert np.array_equal(alone.mean_payoff[0], batch.mean_payoff[7])


def test_summary_counts_payoffs_per_side_with_asymmetric_games():
    us, them = Payoffs(R=3, S=-2, T=4, P=0), Payoffs(R=2, S=0, T=7, P=1)
    sim = simulate([(POL["Always Cooperate"], POL["Always Defect"])], rules(pays=(us, them)),
                   rounds=10, repetitions=2, seed=0)
    assert sim.mean_payoff[0].tolist() == [[-2.0, 7.0], [-2.0, 7.0]]
    assert sim.cooperation[0].tolist() == [[1.0, 0.0], [1.0, 0.0]]
    assert sim.mutual_cooperation[0].tolist() == [0.0, 0.0]


def test_slips_are_seen_by_both_sides_misperceptions_only_by_one():
    r = rules(slip=(0.2, 0.0), mis=(0.0, 0.3))
    sim = simulate([(POL["Always Cooperate"], POL["Always Cooperate"])], r, rounds=400,
                   repetitions=50, seed=1, keep=True)
    pl = sim.play
    # Slips change the move actually made (both see it); misperception only what side 2 sees.
    assert np.array_equal(pl.cooperated[..., 0], ~pl.slipped[..., 0])
    assert pl.cooperated[..., 1].all()
    assert np.array_equal(pl.perceived[..., 0], pl.cooperated[..., 1])
    assert np.array_equal(pl.perceived[..., 1], pl.cooperated[..., 0] ^ pl.misperceived[..., 1])
    assert pl.slipped[..., 0].mean() == pytest.approx(0.2, abs=0.01)
    assert pl.misperceived[..., 1].mean() == pytest.approx(0.3, abs=0.01)
    assert not pl.misperceived[..., 0].any() and not pl.slipped[..., 1].any()


def test_shock_forces_one_defection_known_to_the_side():
    r = rules()
    sim = simulate([(POL["Tit For Tat"], POL["Tit For Tat"])], r, rounds=8, repetitions=2,
                   seed=0, shock=(3, 1), keep=True)
    pl = sim.play
    assert not pl.cooperated[3, :, 1].any() and pl.intended[3, :, 1].all()
    assert pl.slipped[3, :, 1].all() and pl.slipped.sum() == 2


def test_continuation_horizon_gives_geometric_lengths():
    rng = np.random.default_rng(0)
    lengths = match_lengths(rng, 200_000, 10_000, 0.9)
    assert lengths.min() == 1
    assert lengths.mean() == pytest.approx(10.0, rel=0.02)  # 1 / (1 - 0.9)
    assert match_lengths(rng, 10, 5, 0.999).max() <= 5
    sim = simulate([(POL["Always Cooperate"], POL["Always Defect"])], rules(), rounds=100,
                   repetitions=300, seed=2, continuation=0.8)
    assert set(np.unique(sim.length)) > {1, 2, 3}
    assert np.allclose(sim.cooperation[0], [1.0, 0.0])  # rates over the rounds played only


def test_without_noise_tit_for_tat_pairs_cooperate_throughout():
    sim = simulate([(POL["Tit For Tat"], POL["Tit For Tat"]),
                    (POL["Tit For Tat"], POL["Generous Tit For Tat"]),
                    (POL["Contrite Tit For Tat"], POL["Tit For Tat"])],
                   rules(), rounds=300, repetitions=20, seed=5)
    assert (sim.cooperation == 1.0).all()
    assert (sim.mean_payoff == 3.0).all()


def test_under_noise_tit_for_tat_falls_into_echoes():
    sim = simulate([(POL["Tit For Tat"], POL["Tit For Tat"])], rules((0.05, 0.05)), rounds=500,
                   repetitions=40, seed=11, keep=True)
    c = sim.play.cooperated
    alternating = (c[..., 0] ^ c[..., 1]).mean()
    mutual_defection = (~c[..., 0] & ~c[..., 1]).mean()
    # Echoes: unilateral defections answered in turn (CD/DC) and mutual-defection spells
    # take up most of the time; the long-run share of each outcome is 1/4 (Markov chain).
    assert alternating > 0.4
    assert mutual_defection > 0.15
    assert 0.4 < sim.cooperation.mean() < 0.65


def test_memory_is_checked_before_allocating():
    with pytest.raises(ModelTooLargeError, match="fewer rounds or repetitions"):
        simulate([(POL["Tit For Tat"], POL["Tit For Tat"])], rules(), rounds=10**6,
                 repetitions=10**6, seed=0, max_memory=10**9)


def test_play_uses_the_events_it_is_given():
    r = rules((0.5, 0.5), (0.5, 0.5))
    ev = draw_events(np.random.default_rng(0), 30, 4, r)
    a = play(([POL["Random"]], [POL["GRIT"]]), ev, repetitions=4)
    b = play(([POL["Random"]], [POL["GRIT"]]), ev, repetitions=4)
    assert np.array_equal(a.cooperated, b.cooperated)
    assert np.array_equal(a.intended[..., 0], ev.u[..., 0] < 0.5)
