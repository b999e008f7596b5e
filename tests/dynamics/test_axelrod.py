"""détente's engine against the Axelrod library, and the fallback to it.

The statistical test plays the nine policies the library also has, all pairs, with the
library's own ``Match`` (its noise, its random numbers) and with détente's engine, and checks
that mean payoffs and cooperation rates agree within sampling error (fixed seeds). The library
part is kept small (about 100,000 turns: a few seconds, after the library's import).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from detente.dynamics.axelrod_bridge import LibraryStrategy, check_library_rules, play_pair
from detente.dynamics.engine import Rules, draw_events, payoff_table, play, simulate
from detente.dynamics.policies import MemoryOne, make_policy
from detente.model.dynamics import Payoffs, PolicyParameters, resolve_policy
from detente.model.errors import ModelError

axl = pytest.importorskip("axelrod")

PAY = Payoffs(R=3, S=0, T=5, P=1)
TABLE = payoff_table([PAY, PAY])
NINE = {
    "Tit For Tat": "TitForTat",
    "Suspicious Tit For Tat": "SuspiciousTitForTat",
    "Generous Tit For Tat": "GTFT",
    "Contrite Tit For Tat": "ContriteTitForTat",
    "Win-Stay Lose-Shift": "WinStayLoseShift",
    "Grim Trigger": "Grudger",
    "Always Cooperate": "Cooperator",
    "Always Defect": "Defector",
    "Random": "Random",
}
NOISE, TURNS, LIB_REPS, OUR_REPS = 0.1, 40, 60, 3000


@pytest.fixture(scope="module")
def library_results():
    """Per pair (i <= j): arrays (reps, 2) of mean payoff per turn and cooperation rate."""
    names = list(NINE)
    out = {}
    for i in range(len(names)):
        for j in range(i, len(names)):
            pay, coop = [], []
            for r in range(LIB_REPS):
                players = (getattr(axl, NINE[names[i]])(), getattr(axl, NINE[names[j]])())
                match = axl.Match(players, turns=TURNS, noise=NOISE, seed=10_000 * i + 100 * j + r)
                match.play()
                pay.append(match.final_score_per_turn())
                coop.append(match.normalised_cooperation())
            out[(i, j)] = (np.array(pay), np.array(coop))
    return out


def _z_scores(policies, library_results):
    names = list(NINE)
    pairs = [(i, j) for i in range(len(names)) for j in range(i, len(names))]
    sim = simulate([(policies[names[i]], policies[names[j]]) for i, j in pairs],
                   Rules(TABLE, (NOISE, NOISE)), rounds=TURNS, repetitions=OUR_REPS, seed=42)
    z_pay, z_coop = [], []
    for k, pair in enumerate(pairs):
        lib_pay, lib_coop = library_results[pair]
        for ours, theirs, zs in ((sim.mean_payoff[k], lib_pay, z_pay),
                                 (sim.cooperation[k], lib_coop, z_coop)):
            se = np.sqrt(ours.var(axis=0, ddof=1) / len(ours)
                         + theirs.var(axis=0, ddof=1) / len(theirs))
            diff = ours.mean(axis=0) - theirs.mean(axis=0)
            for d, s in zip(diff, se, strict=True):
                if s > 0:
                    zs.append(d / s)
                else:
                    assert d == 0  # deterministic pairs must agree exactly
    return np.array(z_pay), np.array(z_coop)


def _agree(z: np.ndarray) -> bool:
    # Every pair within 4.5 standard errors, and no systematic drift over all pairs:
    # the sum of squared z-scores is below the 99.9 % point of its chi-square law.
    return bool(np.all(np.abs(z) < 4.5) and np.sum(z**2) < stats.chi2.ppf(0.999, len(z)))


def test_nine_policies_agree_with_the_library_within_sampling_error(library_results):
    par = PolicyParameters()
    policies = {n: make_policy(n, PAY, par) for n in NINE}
    z_pay, z_coop = _z_scores(policies, library_results)
    assert len(z_pay) > 60 and len(z_coop) > 60
    assert _agree(z_pay), z_pay
    assert _agree(z_coop), z_coop


def test_the_comparison_detects_a_wrong_policy(library_results):
    """The test has power: a Generous Tit For Tat forgiving too often is caught."""
    par = PolicyParameters()
    policies = {n: make_policy(n, PAY, par) for n in NINE}
    policies["Generous Tit For Tat"] = MemoryOne("Generous Tit For Tat", (1, 0.5, 1, 0.5), 1)
    z_pay, z_coop = _z_scores(policies, library_results)
    assert not (_agree(z_pay) and _agree(z_coop))


def test_bridge_plays_detente_policies_exactly_as_the_engine():
    rules = Rules(TABLE, (0.1, 0.1))
    par = PolicyParameters()
    for a, b in [("GRIT", "Contrite Tit For Tat"), ("Generous Tit For Tat", "Random"),
                 ("Win-Stay Lose-Shift", "Grim Trigger")]:
        pair = (make_policy(a, PAY, par), make_policy(b, PAY, par))
        events = draw_events(np.random.default_rng(5), 50, 8, rules)
        ours = play(([pair[0]], [pair[1]]), events, repetitions=8, shock=(10, 0))
        theirs = play_pair(pair, events, rules, seeds=np.zeros((8, 2), int), shock=(10, 0))
        assert np.array_equal(ours.cooperated, theirs.cooperated), (a, b)
        assert np.array_equal(ours.intended, theirs.intended)
        assert np.array_equal(ours.slipped, theirs.slipped)


def test_library_strategy_in_a_simulation_has_the_same_result_format():
    pairs = [(LibraryStrategy("Tit For 2 Tats"), make_policy("GRIT", PAY, PolicyParameters())),
             (make_policy("Tit For Tat", PAY, PolicyParameters()), LibraryStrategy("Alternator"))]
    sim = simulate(pairs, Rules(TABLE, (0.05, 0.05)), rounds=30, repetitions=5, seed=1,
                   keep=True)
    assert sim.engines == ["axelrod", "axelrod"]
    assert sim.mean_payoff.shape == (2, 5, 2) and sim.play.cooperated.shape == (30, 10, 2)
    # Alternator (C, D, C, …) without its slips; Tit For Tat copies its moves as made.
    again = simulate(pairs, Rules(TABLE, (0.05, 0.05)), rounds=30, repetitions=5, seed=1)
    assert np.array_equal(sim.mean_payoff, again.mean_payoff)
    pl = sim.play
    alt = pl.cooperated[:, 5:, 1]
    assert np.array_equal(pl.cooperated[1:, 5:, 0] ^ pl.slipped[1:, 5:, 0], alt[:-1])


def test_library_strategies_are_refused_with_per_side_or_perception_noise():
    tf2t = LibraryStrategy("Tit For 2 Tats")
    tft = make_policy("Tit For Tat", PAY, PolicyParameters())
    for rules, what in [(Rules(TABLE, (0.0, 0.0), (0.1, 0.0)), "misperception"),
                        (Rules(TABLE, (0.05, 0.01)), "different slips per side")]:
        with pytest.raises(ModelError, match=what) as info:
            simulate([(tf2t, tft)], rules, rounds=10, repetitions=2, seed=0)
        assert "only one symmetric noise" in str(info.value)
    check_library_rules(["Tit For 2 Tats"], Rules(TABLE, (0.05, 0.05)))  # accepted


def test_library_names_resolve_case_and_space_insensitively():
    assert resolve_policy("tit for 2 tats") == "Tit For 2 Tats"
    assert resolve_policy("TitFor2Tats") == "Tit For 2 Tats"
    assert resolve_policy("GTFT") == "Generous Tit For Tat"  # détente's own engine
    with pytest.raises(ModelError, match="Did you mean 'Tit For 2 Tats'"):
        resolve_policy("Tit For 2 Tatz")


def test_cheating_strategies_are_refused():
    from detente.dynamics.axelrod_bridge import library_class

    cheat = next(s.name for s in axl.all_strategies if not axl.Classifiers.obey_axelrod(s()))
    with pytest.raises(ModelError, match="inspects or manipulates"):
        library_class(cheat)
