"""Random-length matches (a continuation probability) reported honestly: the mean length
of a match, and the share of matches that recover within k rounds (Kaplan–Meier, matches
that end first being censored), checked against hand-worked cases, a closed form and plain
simulations with a fixed horizon."""

from __future__ import annotations

import numpy as np

from detente.dynamics.analyses import RecoveryResult, recovery
from detente.dynamics.engine import Rules, make_strategy, simulate
from detente.model.dynamics import HorizonSpec, dynamics_from_data


def _model(horizon, reps, seed=5, noise=0.03, shock=5, within=6):
    return dynamics_from_data({
        "sides": ["A", "B"], "noise": {"symmetric": noise}, "horizon": horizon,
        "policies": {"A": {"current": "Tit For Tat", "alternatives": ["Generous Tit For Tat"]},
                     "B": {"current": "Tit For Tat"}},
        "analysis": {"repetitions": reps, "seed": seed,
                     "recovery": {"shock_round": shock, "within": within}}})


def test_mean_length_closed_form_against_the_sum_of_survival_probabilities():
    for w, n in ((0.97, None), (0.5, 3), (0.9, 7), (0.999, 50)):
        h = HorizonSpec(continuation=w, max_rounds=n)
        survival = sum(w ** (t - 1) for t in range(1, h.length + 1))  # P(min(L, N) >= t)
        assert abs(h.mean_length - survival) < 1e-9 * survival
    assert round(HorizonSpec(continuation=0.97).mean_length, 1) == 33.3
    assert HorizonSpec(continuation=0.97).length == 454  # the cut-off, not the length


def test_mean_length_against_simulated_matches():
    m = _model({"continuation": 0.9}, reps=1)
    tft = make_strategy("Tit For Tat", m.payoffs("A"), m.parameters)
    sim = simulate([(tft, tft)], Rules.from_model(m), rounds=m.rounds, repetitions=20_000,
                   seed=11, continuation=0.9)
    lengths = sim.length.astype(float).ravel()
    se = lengths.std() / np.sqrt(lengths.size)
    assert abs(lengths.mean() - m.horizon.mean_length) < 5 * se  # mean 10


def _result(times, remaining):
    n = len(times)
    return RecoveryResult(
        sides=["A", "B"], candidates=[["x"], ["y"]], pairs=[(0, 0)], shock_round=2,
        shocked_side=0, before=np.ones((1, n), bool), rounds=np.array([times]),
        remaining=np.array([remaining]), engines=["native"], confidence=0.95, within=4)


def test_kaplan_meier_by_hand():
    # Recovered after 2 and 5 rounds; matches ending 3 and 20 rounds after the shock
    # without recovery. S(2) = 3/4; at 5 two matches are still at risk: S(5) = 3/4 · 1/2.
    r = _result([2, -1, 5, -1], [10, 3, 10, 20])
    assert r.recovered_within(0, 1)["share"] == 0.0
    assert r.recovered_within(0, 2)["share"] == 0.25
    assert r.recovered_within(0, 4)["share"] == 0.25
    assert abs(r.recovered_within(0, 5)["share"] - 0.625) < 1e-12
    assert abs(r.recovered_within(0, 30)["share"] - 0.625) < 1e-12
    assert r.recovered_within(0)["median"] == 5.0  # F reaches 1/2 at 5 rounds
    assert _result([-1, -1, 3], [9, 9, 9]).recovered_within(0)["median"] is None
    # Counting the match cut after 3 rounds as a failure would give 2/4 at 5 rounds.
    assert r.to_dict()["pairs"][0]["recovered_within"]["rounds"] == 4


def test_fixed_horizon_share_is_the_plain_share():
    m = _model({"rounds": 60}, reps=300)
    rec = recovery(m)
    for p in range(len(rec.pairs)):
        ok = rec.before[p]
        times = rec.rounds[p][ok]
        for k in (1, 2, 4, 6, 10, 30):
            plain = float(((times >= 0) & (times <= k)).mean())
            assert abs(rec.recovered_within(p, k)["share"] - plain) < 1e-12


def test_random_length_share_agrees_with_a_long_fixed_horizon():
    # The policies do not know when the match ends, so the chance of recovering within k
    # rounds is the same whatever the horizon; the random-length estimate must agree with
    # the plain share over matches long enough never to be cut.
    k = 6
    rec = recovery(_model({"continuation": 0.85}, reps=3000, seed=21, within=k))
    rand = rec.to_dict()
    fixed = recovery(_model({"rounds": 60}, reps=3000, seed=22, within=k)).to_dict()
    naive_off = []
    for p, (a, b) in enumerate(zip(rand["pairs"], fixed["pairs"], strict=True)):
        assert a["policies"] == b["policies"]
        x, y = a["recovered_within"]["share"], b["recovered_within"]["share"]
        assert abs(x - y) < 0.04, (a["policies"], x, y)
        # The naive share, counting matches that ended first as not recovered, is off.
        times = rec.rounds[p][rec.before[p]]
        naive = float(((times >= 0) & (times <= k)).mean())
        naive_off.append(abs(naive - y))
    assert max(naive_off) > 0.08, naive_off


def test_dynamics_table_tells_the_mean_length_and_the_share_within_k(capsys):
    from detente.cli import main

    code = main(["dynamics", "shared-river", "--analyses", "recovery", "--repetitions", "30"])
    out = capsys.readouterr().out
    assert code == 0
    # Table cells wrap across lines: read the text without the box drawing.
    text = " ".join(out.replace("│", " ").replace("┃", " ").split())
    assert "33.3 rounds on average (simulated up to 454)" in text
    assert "within 10 rounds" in text
    assert "cut at 454" not in text
