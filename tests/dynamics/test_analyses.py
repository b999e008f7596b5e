"""The analyses: match, tournament, recovery, sweep — shapes, known behaviour, seeds."""

from __future__ import annotations

import json

import numpy as np
import pytest

from detente.dynamics.analyses import (
    analysis_work,
    check_work,
    interval,
    matches,
    noise_sweep,
    play_match,
    recovery,
    run_analysis,
    tournament,
)
from detente.model.dynamics import dynamics_from_data
from detente.model.errors import ModelError

FOUR = ["Tit For Tat", "Generous Tit For Tat", "Contrite Tit For Tat", "GRIT"]


def model(noise=0.0, policies=None, rounds=200, reps=100, seed=1, per_side=None, **extra):
    pol = policies or {"A": {"current": FOUR[0], "alternatives": FOUR[1:]},
                       "B": {"current": FOUR[0], "alternatives": FOUR[1:]}}
    return dynamics_from_data({
        "sides": ["A", "B"], "noise": {"symmetric": noise, **(per_side or {})},
        "horizon": extra.pop("horizon", {"rounds": rounds}), "policies": pol,
        "analysis": {"repetitions": reps, "seed": seed, **extra.pop("analysis", {})},
        **extra})


def pair_row(d, a, b):
    return next(p for p in d["pairs"] if p["policies"] == {"A": a, "B": b})


# -- match ---------------------------------------------------------------------------------------
def test_match_marks_the_rounds_where_noise_struck():
    m = model(noise=0.1, rounds=60, per_side={"misperception": {"B": 0.1}})
    d = play_match(m).to_dict()
    assert d["policies"] == {"A": "Tit For Tat", "B": "Tit For Tat"}
    assert len(d["moves"]["A"]) == len(d["moves"]["B"]) == d["rounds"] == 60
    kinds = {e["kind"] for e in d["noise"]}
    assert kinds == {"slip", "misperception"}
    for e in d["noise"]:
        r, s = e["round"] - 1, e["side"]
        if e["kind"] == "slip":
            assert d["moves"][s][r] != d["intended"][s][r]
        else:  # what the side saw differs from what the other did
            other = "B" if s == "A" else "A"
            assert d["perceived"][s][r] != d["moves"][other][r]
    assert sum(d["outcomes"].values()) == 60
    assert d["mean_payoff"]["A"] == pytest.approx(np.mean(d["payoffs"]["A"]))
    json.dumps(d)


def test_match_is_reproducible_and_depends_on_the_seed():
    a = play_match(model(noise=0.1, seed=5)).to_dict()
    b = play_match(model(noise=0.1, seed=5)).to_dict()
    c = play_match(model(noise=0.1, seed=6)).to_dict()
    assert a == b
    assert a["moves"] != c["moves"]


def test_matches_list_current_pair_then_alternatives():
    ms = matches(model(rounds=10, reps=2))
    pairs = [tuple(m.policies) for m in ms]
    assert pairs[0] == ("Tit For Tat", "Tit For Tat")
    assert ("GRIT", "Tit For Tat") in pairs and ("Tit For Tat", "GRIT") in pairs
    assert len(pairs) == 1 + 3 + 3


# -- tournament ----------------------------------------------------------------------------------
def test_tournament_shape_intervals_and_mirroring():
    res = tournament(model(noise=0.05, reps=60))
    d = res.to_dict()
    assert len(d["pairs"]) == 16 and res.mean_payoff.shape == (16, 60, 2)
    for p in d["pairs"]:
        for s in ("A", "B"):
            v = p["mean_payoff"][s]
            assert v["ci"][0] <= v["mean"] <= v["ci"][1]
    # Interchangeable sides: (j, i) is (i, j) seen from the other side.
    ij = pair_row(d, "GRIT", "Tit For Tat")
    ji = pair_row(d, "Tit For Tat", "GRIT")
    assert ij["mean_payoff"]["A"] == ji["mean_payoff"]["B"]
    assert ij["cooperation_rate"]["B"] == ji["cooperation_rate"]["A"]
    assert [r["policy"] for r in d["ranking"]["A"]][-1] == "Tit For Tat"
    json.dumps(d)


def test_tournament_without_mirroring_for_asymmetric_sides():
    m = model(reps=30, per_side={"misperception": {"A": 0.1}})
    res = tournament(m)
    d = res.to_dict()
    # Only the first side misreads: it defects more against the same partner.
    row = pair_row(d, "Tit For Tat", "Tit For Tat")
    assert row["cooperation_rate"]["A"]["mean"] < 0.8


def test_generous_and_contrite_beat_tit_for_tat_under_noise():
    res = tournament(model(noise=0.05, reps=100)).to_dict()
    tft = pair_row(res, "Tit For Tat", "Tit For Tat")["cooperation_rate"]["A"]
    for other in ("Generous Tit For Tat", "Contrite Tit For Tat", "GRIT"):
        row = pair_row(res, other, other)["cooperation_rate"]["A"]
        assert row["ci"][0] > tft["ci"][1], other


def test_tournament_settles_a_pair_by_its_key_whatever_else_is_played():
    small = model(noise=0.05, reps=20, policies={
        "A": {"current": "Tit For Tat"}, "B": {"current": "Tit For Tat"}})
    big = model(noise=0.05, reps=20)
    a = tournament(small).mean_payoff[0]
    b = tournament(big).mean_payoff[0]
    assert np.array_equal(a, b)


# -- recovery ------------------------------------------------------------------------------------
def test_recovery_without_noise():
    d = recovery(model(reps=50)).to_dict()
    assert d["shock_round"] == 20 and d["shocked_side"] == "A"
    tft = pair_row(d, "Tit For Tat", "Tit For Tat")
    assert tft["cooperating_before"] == 1.0
    assert tft["recovered"] == 0.0 and tft["median_rounds"] is None  # the echo never ends
    ctft = pair_row(d, "Contrite Tit For Tat", "Contrite Tit For Tat")
    assert ctft["recovered"] == 1.0 and ctft["median_rounds"] == 2.0
    assert ctft["mean_rounds"]["mean"] == 2.0
    gtft = pair_row(d, "Generous Tit For Tat", "Generous Tit For Tat")
    assert gtft["recovered"] == 1.0 and gtft["mean_rounds"]["mean"] < 5
    grit = pair_row(d, "GRIT", "Tit For Tat")
    assert grit["recovered"] == 1.0


def test_tit_for_tat_recovers_more_slowly_than_generous_or_contrite_under_noise():
    d = recovery(model(noise=0.03, reps=400, seed=3)).to_dict()
    tft = pair_row(d, "Tit For Tat", "Tit For Tat")["restricted_mean_rounds"]
    for other in ("Generous Tit For Tat", "Contrite Tit For Tat"):
        row = pair_row(d, other, other)["restricted_mean_rounds"]
        assert row["ci"][1] < tft["ci"][0], other


def test_recovery_side_and_round_from_the_model():
    m = model(rounds=40, reps=10, analysis={"recovery": {"shock_round": 5, "side": "b"}})
    d = recovery(m).to_dict()
    assert d["shock_round"] == 5 and d["shocked_side"] == "B"
    row = pair_row(d, "Contrite Tit For Tat", "Tit For Tat")
    assert row["recovered"] == 0.0  # Tit For Tat slipped: no contrition, an endless echo


# -- sweep ---------------------------------------------------------------------------------------
def test_sweep_levels_exact_values_and_agreement_with_the_tournament():
    m = model(noise=0.05, reps=100, analysis={"sweep": {"levels": [0.0, 0.05, 0.2]}})
    sw = noise_sweep(m)
    d = sw.to_dict()
    assert d["kind"] == "noise" and d["levels"] == [0.0, 0.05, 0.2]
    tft = pair_row(d, "Tit For Tat", "Tit For Tat")["points"]
    assert tft[0]["cooperation_rate"]["mean"] == 1.0 and tft[0]["exact"] == 1.0
    for pt in tft[1:]:
        lo, hi = pt["cooperation_rate"]["ci"]
        assert lo - 0.02 <= pt["exact"] <= hi + 0.02
    grit = pair_row(d, "GRIT", "GRIT")["points"]
    assert all(pt["exact"] is None for pt in grit)
    # Same draws as the tournament at the model's own noise level.
    tour = tournament(m)
    assert np.array_equal(sw.cooperation[1], tour.cooperation)


def test_sweep_of_misperception():
    m = model(reps=50, analysis={"sweep": {"kind": "misperception", "levels": [0.0, 0.1]}})
    d = noise_sweep(m).to_dict()
    gtft = pair_row(d, "Generous Tit For Tat", "Generous Tit For Tat")["points"]
    assert gtft[0]["cooperation_rate"]["mean"] == 1.0
    assert gtft[1]["cooperation_rate"]["mean"] < 1.0


def test_continuation_horizon():
    m = model(noise=0.05, reps=50, horizon={"continuation": 0.95})
    res = tournament(m)
    d = res.to_dict()
    assert d["horizon"]["continuation"] == 0.95 and d["horizon"]["max_rounds"] > 100
    assert noise_sweep(m).to_dict()["pairs"][0]["points"][0]["exact"] is None


def test_interval():
    v = interval(np.array([2.0, 2.0, 2.0]), 0.95)
    assert v == {"mean": 2.0, "ci": [2.0, 2.0]}
    assert interval(np.array([1.0]), 0.95)["ci"] is None


# -- work estimates and the guard ------------------------------------------------------------------
def test_matches_in_one_batch_are_the_matches_played_alone():
    m = model(noise=0.1, rounds=80,
              policies={"A": {"current": "TFT", "alternatives": ["GTFT", "Adaptive"]},
                        "B": {"current": "CTFT", "alternatives": ["GRIT"]}})
    batch = matches(m)
    assert [b.engine for b in batch].count("axelrod") == 1  # Adaptive: the library's
    for b in batch:
        alone = play_match(m, list(b.policies))
        assert b.to_dict() == alone.to_dict()


@pytest.mark.parametrize("name", ["match", "tournament", "recovery", "sweep"])
@pytest.mark.parametrize("rounds, reps, library", [(30, 4, "Adaptive"), (2000, 200, "GRIT")])
def test_work_estimate_is_the_work_the_analysis_reports(name, rounds, reps, library):
    """The estimate mirrors the batches the engine plays: the progress an analysis reports
    adds up to it exactly (no continuation, so every match lasts its rounds). With 2,000
    rounds and 200 repetitions the pairs are played in two memory-bounded batches; with a
    library strategy its pairs are played turn by turn."""
    m = model(noise=0.05, rounds=rounds, reps=reps, analysis={"sweep": {"levels": [0, 0.1]}},
              policies={"A": {"current": "TFT", "alternatives": ["GTFT", library]},
                        "B": {"current": "TFT", "alternatives": ["WSLS"]}})
    done = []
    run_analysis(m, name, progress=done.append)
    assert sum(done) == pytest.approx(analysis_work(m, name))
    assert len(done) >= 1


def test_long_runs_are_refused_at_once_with_the_estimate():
    m = model(horizon={"continuation": 0.9999999999})
    assert m.rounds == 1_000_000  # the cut of the continuation horizon
    with pytest.raises(ModelError) as info:
        check_work(m, ["match", "tournament", "recovery", "sweep", "richardson"])
    msg = str(info.value)
    assert "match-rounds" in msg and "continuation 0.9999999999" in msg
    assert "--max-work" in msg and "--rounds" in msg and "--repetitions" in msg
    # a raised limit lets it through; so does a smaller run
    assert check_work(m, ["match"], max_work=1e12)["match"] > 4e8
    small = model(rounds=200)
    assert sum(check_work(small, ["match", "tournament", "recovery", "sweep"]).values()) < 1e8
