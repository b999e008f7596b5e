"""The ``dynamics:`` section: validation with located errors, defaults, overrides, loading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from detente.model.dynamics import (
    DynamicsModel,
    Payoffs,
    dynamics_from_data,
    is_native,
    load_dynamics,
    normalise_policy_name,
    resolve_policy,
)
from detente.model.errors import ModelError
from tests.model.conftest import line_of, raises_model_error

SUMMIT = """\
title: Expulsions
dynamics:
  title: Diplomatic expulsions
  sources: ["An opinion piece, 2021"]
  sides: [United States, Russia]
  game:
    United States: {R: 3, S: 0, T: 4, P: 1}
    Russia: {R: 3, S: -1, T: 5, P: 1}
  noise:
    symmetric: 0.01
    misperception: {Russia: 0.1, united states: 0.05}
    slip: {Russia: 0.02}
  horizon: {continuation: 0.98}
  policies:
    United States: {current: tit for tat, alternatives: [GRIT, generous TFT, contrite tft]}
    Russia: {current: TFT, alternatives: [Win-Stay Lose-Shift]}
  parameters:
    grit: {initiative: 3, max_initiative: 6}
  analysis:
    repetitions: 40
    seed: 2021
    sweep: {kind: misperception, levels: [0, 0.05, 0.1]}
    recovery: {shock_round: 10, side: Russia}
  richardson:
    unit: diplomats expelled per year
    defence: {United States: 0.9, Russia: 0.8}
    fatigue: {United States: 0.5, Russia: 0.6}
    grievance: {United States: 1, Russia: 2}
    initial: {United States: 10, Russia: 12}
    horizon: 5
"""


def located_error(path: Path) -> ModelError:
    return raises_model_error(lambda: load_dynamics(path))


def test_full_section(write):
    m = load_dynamics(write("summit.yaml", SUMMIT))
    assert m.sides == ["United States", "Russia"]
    assert m.payoffs("Russia") == Payoffs(R=3, S=-1, T=5, P=1)
    assert m.payoffs(0).T == 4
    assert m.candidates("United States") == ["Tit For Tat", "GRIT", "Generous Tit For Tat",
                                             "Contrite Tit For Tat"]
    assert m.current("Russia") == "Tit For Tat"
    assert m.misperception_probabilities() == (0.05, 0.1)
    # Implementation error: symmetric and slip combined as independent causes.
    assert m.slip_probabilities() == pytest.approx((0.01, 1 - 0.99 * 0.98))
    assert m.horizon.continuation == 0.98 and m.rounds > 500
    assert m.parameters.grit.initiative == 3 and m.parameters.grit.trigger == 2
    assert m.shock_round == 10 and m.shocked_side == "Russia"
    assert m.richardson.coefficients(m.sides) == {
        "k": 0.9, "l": 0.8, "a": 0.5, "b": 0.6, "g": 1.0, "h": 2.0, "x0": 10.0, "y0": 12.0}
    assert m.default_analyses() == ["match", "tournament", "recovery", "sweep", "richardson"]


def test_defaults_and_shared_game():
    m = dynamics_from_data({"sides": ["A", "B"], "game": {"R": 4, "S": 0, "T": 6, "P": 1}})
    assert m.payoffs("A") == m.payoffs("B") == Payoffs(R=4, S=0, T=6, P=1)
    d = DynamicsModel.default()
    assert d.payoffs(0) == Payoffs(R=3, S=0, T=5, P=1)
    assert d.rounds == 200 and d.analysis.repetitions == 100 and d.analysis.seed == 0
    assert len(d.candidates(0)) == 10 and d.current(1) == "Tit For Tat"
    assert d.slip_probabilities() == (0.0, 0.0)
    assert d.default_analyses() == ["match", "tournament", "recovery", "sweep"]
    assert d.shock_round == 20
    assert dynamics_from_data({"sides": ["A", "B"], "horizon": {"rounds": 12}}).shock_round == 3


def test_richardson_only_section_allows_only_richardson():
    m = dynamics_from_data({"sides": ["A", "B"], "richardson": {
        "defence": {"A": 1, "B": 1}, "fatigue": {"A": 1, "B": 2}}})
    assert m.default_analyses() == ["richardson"]


def test_with_overrides_validates_again():
    m = dynamics_from_data(yaml.safe_load(SUMMIT)["dynamics"])
    o = m.with_overrides(noise=0.05, misperception={"russia": 0.2}, slip={"Russia": 0.0},
                         policies={"Russia": ["GRIT", "TFT"]}, rounds=50, repetitions=7,
                         seed=3)
    assert o.noise.symmetric == 0.05 and o.misperception_probabilities() == (0.05, 0.2)
    assert o.slip_probabilities() == pytest.approx((0.05, 0.05))
    assert o.candidates("Russia") == ["GRIT", "Tit For Tat"]
    assert o.candidates("United States") == m.candidates("United States")
    assert o.rounds == 50 and o.horizon.continuation is None
    assert (o.analysis.repetitions, o.analysis.seed) == (7, 3)
    both = m.with_overrides(policies=["WSLS", "Grim Trigger"])
    assert both.candidates(0) == both.candidates(1) == ["Win-Stay Lose-Shift", "Grim Trigger"]
    with pytest.raises(ModelError, match="between 0 and 1"):
        m.with_overrides(noise=-0.1)


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        ("symmetric: 0.01", "symmetric: 1.01", "symmetric", "dynamics.noise.symmetric",
         "a probability must be between 0 and 1; got 1.01"),
        ("Russia: 0.1,", "Rusia: 0.1,", "misperception", "dynamics.noise.misperception.Rusia",
         "unknown side 'Rusia'. Did you mean 'Russia'?"),
        ("current: TFT,", "current: Tit-for-tatt,", "current: Tit-for-tatt",
         "dynamics.policies.Russia.current", "unknown policy 'Tit-for-tatt'. Did you mean"),
        ("[GRIT, generous TFT", "[GRIT, GRIT", "alternatives: [GRIT",
         "dynamics.policies.United States.alternatives[1]", "'GRIT' is listed twice"),
        ("sides: [United States, Russia]", "sides: [United States]", "sides:",
         "dynamics.sides", "'sides' lists the two sides by name; got 1"),
        ("sides: [United States, Russia]", "sides: [Russia, russia]", "sides:",
         "dynamics.sides[1]", "the two sides need different names"),
        ("    Russia: {current: TFT, alternatives: [Win-Stay Lose-Shift]}\n", "",
         "policies:", "dynamics.policies", "missing side 'Russia'"),
        ("fatigue: {United States: 0.5", "fatigue: {United States: 0", "fatigue:",
         "dynamics.richardson.fatigue.United States", "a fatigue coefficient must be positive"),
        ("defence: {United States: 0.9", "defence: {United States: -1", "defence:",
         "dynamics.richardson.defence.United States", "at least 0"),
        ("defence: {United States: 0.9, Russia: 0.8}", "defence: {United States: 0.9}",
         "defence:", "dynamics.richardson.defence", "missing side 'Russia'"),
        ("max_initiative: 6", "max_initiative: 2", "grit:",
         "dynamics.parameters.grit.max_initiative", "must be at least 'initiative' (3)"),
        ("shock_round: 10", "shock_round: 5000", "shock_round",
         "dynamics.analysis.recovery.shock_round", "must fall within"),
        ("kind: misperception", "kind: errors", "kind:", "dynamics.analysis.sweep.kind",
         "'noise', 'misperception' or 'slip'"),
        ("horizon: {continuation: 0.98}", "horizon: {continuation: 1.5}", "continuation",
         "dynamics.horizon.continuation", "less than 1"),
        ("horizon: {continuation: 0.98}", "horizon: {rounds: 10, continuation: 0.9}",
         "horizon:", "dynamics.horizon.continuation", "either 'rounds' or 'continuation'"),
        ("  noise:\n", "  nosie:\n", "nosie", "dynamics.nosie",
         "unknown field 'nosie'. Did you mean 'noise'"),
        ("Russia: {R: 3, S: -1, T: 5, P: 1}", "Russia: {R: 3, S: -1, T: 5}", "Russia: {R",
         "dynamics.game.Russia", "missing payoff 'P'"),
        ("Russia: {R: 3, S: -1, T: 5, P: 1}", "Russia: {R: 3, S: -1, T: five, P: 1}",
         "Russia: {R", "dynamics.game.Russia.T", "number"),
        ("United States: {R: 3, S: 0, T: 4, P: 1}", "United States: {R: 3, S: 2, T: 4, P: 1}",
         "United States: {current", "dynamics.policies.United States", "prisoner's dilemma"),
        ("repetitions: 40", "repetitions: 0", "repetitions", "dynamics.analysis.repetitions",
         "greater than or equal to 1"),
    ],
)
def test_errors_name_file_line_and_field(write, old, new, needle, field, message):
    assert old in SUMMIT
    text = SUMMIT.replace(old, new)
    err = located_error(write("summit.yaml", text))
    assert err.file.endswith("summit.yaml")
    assert err.field == field
    assert message in err.message
    if needle:
        assert err.line == line_of(text, needle), (err.line, str(err))


def test_missing_section_and_missing_file(write):
    err = located_error(write("summit.yaml", "title: no dynamics here\n"))
    assert "no 'dynamics:' section" in err.message
    err = located_error(Path("/nonexistent/summit.yaml"))
    assert err.message == "no such file"
    err = located_error(write("summit.yaml", "dynamics: [1, 2]\n"))
    assert "'dynamics' is a mapping" in err.message and err.line == 1


def test_builtin_names_resolve():
    from detente.model.builtin import list_builtin

    name = list_builtin()[0][0]
    try:
        load_dynamics(name)
    except ModelError as exc:  # a built-in scenario without a dynamics section
        assert "no 'dynamics:' section" in exc.message
        assert exc.file.endswith(f"{name}.yaml")


def test_policy_names():
    assert normalise_policy_name("Win-Stay  Lose_Shift") == "winstayloseshift"
    for alias, canon in [("tft", "Tit For Tat"), ("Grudger", "Grim Trigger"),
                         ("pavlov", "Win-Stay Lose-Shift"), ("ALLD", "Always Defect"),
                         ("cooperator", "Always Cooperate"), ("Osgood", "GRIT"),
                         ("suspicious tit-for-tat", "Suspicious Tit For Tat"),
                         ("random", "Random")]:
        assert resolve_policy(alias) == canon
        assert is_native(alias)
    assert not is_native("Tit For 2 Tats")
    with pytest.raises(ModelError, match="non-empty"):
        resolve_policy("  ")


def test_generosity_closed_form():
    assert Payoffs(R=3, S=0, T=5, P=1).generosity() == pytest.approx(1 / 3)
    assert Payoffs(R=3, S=1, T=5, P=0).generosity() is None
    m = dynamics_from_data({"sides": ["A", "B"], "game": {"R": 3, "S": 2, "T": 5, "P": 1},
                            "parameters": {"generosity": 0.2},
                            "policies": {"A": {"current": "GTFT"}, "B": {"current": "TFT"}}})
    assert m.parameters.generosity == 0.2
