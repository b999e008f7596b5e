"""Richardson's arms-race model against its closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.linalg import expm

from detente.dynamics.richardson import Richardson, analyse_richardson
from detente.model.dynamics import dynamics_from_data

coef = st.floats(0.01, 3.0)
grievance = st.floats(-5.0, 5.0)


@given(k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance)
def test_equilibrium_and_stability_against_the_closed_form(k, l, a, b, g, h):
    det = a * b - k * l
    assume(abs(det) > 1e-6)
    race = Richardson(k=k, l=l, a=a, b=b, g=g, h=h)
    x, y = race.saddle_point
    assert x == pytest.approx((k * h + b * g) / det)
    assert y == pytest.approx((l * g + a * h) / det)
    assert race.rates(x, y) == pytest.approx((0.0, 0.0), abs=1e-6 * (1 + abs(x) + abs(y)))
    # Stable exactly when a·b > k·l, which is when both eigenvalues are negative.
    eig = np.linalg.eigvals(race.matrix)
    assert race.stable == (a * b > k * l) == bool(np.all(eig.real < 0))
    assert sorted(race.eigenvalues()) == pytest.approx(sorted(eig.real), abs=1e-9)
    assert (race.equilibrium is None) == (not race.stable)


@given(k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance,
       x0=st.floats(0, 20), y0=st.floats(0, 20))
def test_trajectory_against_the_matrix_exponential(k, l, a, b, g, h, x0, y0):
    race = Richardson(k=k, l=l, a=a, b=b, g=g, h=h)
    assume(abs(race.determinant) > 1e-3)
    t, x, y = race.trajectory(x0, y0, horizon=2.0, points=11)
    star = np.array(race.saddle_point)
    for ti, xi, yi in zip(t, x, y, strict=True):
        exact = star + expm(race.matrix * ti) @ (np.array([x0, y0]) - star)
        assert [xi, yi] == pytest.approx(exact, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(("k", "l", "a", "b"), [
    (1e-9, 1e-9, 0.5, 0.5),          # nearly repeated eigenvalues (near-defective A)
    (0.0, 2.0, 0.7, 0.7),            # repeated eigenvalue, a Jordan block
    (0.5, 0.6, 0.5, 0.6),            # a·b = k·l: a zero eigenvalue, drift
    (0.5, 0.6, 0.5, 0.6 + 1e-12),    # nearly zero
    (2.0, 1e-6, 1.0, 1.0 + 1e-9),
])
def test_trajectory_against_the_matrix_exponential_at_edge_cases(k, l, a, b):
    race = Richardson(k=k, l=l, a=a, b=b, g=1.5, h=-0.5)
    t = np.linspace(0.0, 3.0, 13)
    x, y = race.levels(4.0, 7.0, t)
    M = np.array([[-a, k, 1.5], [l, -b, -0.5], [0.0, 0.0, 0.0]])
    for ti, xi, yi in zip(t, x, y, strict=True):
        exact = expm(M * ti) @ [4.0, 7.0, 1.0]
        assert [xi, yi] == pytest.approx(exact[:2], rel=1e-9, abs=1e-9)


def test_stiff_race_in_closed_form():
    """Fatigue 10¹² over a horizon of 10⁶ (an explicit solver's 10¹⁸ steps): x relaxes at
    once onto x = (k·y + g)/a and the race settles at its equilibrium."""
    race = Richardson(k=0.9, l=0.8, a=1e12, b=0.6, g=1.0, h=2.0)
    t, x, y = race.trajectory(10.0, 12.0, horizon=1e6)
    assert len(t) == 201 and t[-1] == 1e6
    assert [x[-1], y[-1]] == pytest.approx(race.equilibrium, rel=1e-9)
    # after the first step, on the slow manifold, y follows y' = (k·l/a − b)·y + l·g/a + h
    slow = -race.b + race.k * race.l / race.a
    y_star = race.equilibrium[1]
    expected = y_star + (y[1] - y_star) * np.exp(slow * (t[1:] - t[1]))
    assert y[1:] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert x[1:] == pytest.approx((race.k * y[1:] + race.g) / race.a, rel=1e-9)
    # every coefficient 10¹² and a·b = k·l: x + y is conserved, the race meets in the middle
    _, x, y = Richardson(k=1e12, l=1e12, a=1e12, b=1e12).trajectory(10.0, 12.0, 1e6)
    assert (x[-1], y[-1]) == pytest.approx((11.0, 11.0), rel=1e-12)


def test_overflowing_coefficients_are_refused():
    from detente.model.errors import ModelError

    with pytest.raises(ModelError, match="time in larger units"):
        Richardson(k=1e300, l=1e300, a=1e-300, b=1e-300, g=1e300).trajectory(0, 0, 1e6)


@given(k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance)
def test_each_settling_change_makes_the_race_stable(k, l, a, b, g, h):
    race = Richardson(k=k, l=l, a=a, b=b, g=g, h=h)
    changes = race.settling_changes()
    if race.stable:
        assert changes == []
        return
    assert {c["parameter"] for c in changes} == {"k", "l", "a", "b"}
    sizes = [abs(c["change"]) for c in changes]
    assert sizes == sorted(sizes)
    for c in changes:
        at_threshold = Richardson(**{**race.__dict__, c["parameter"]: c["threshold"]})
        assert at_threshold.a * at_threshold.b == pytest.approx(at_threshold.k * at_threshold.l)
        changed = Richardson(**{**race.__dict__, c["parameter"]: c["value"]})
        assert changed.stable
        assert c["equilibrium"] == pytest.approx(changed.saddle_point)


def test_outcomes_of_an_unstable_race():
    race = Richardson(k=0.9, l=0.8, a=0.5, b=0.6, g=1.0, h=2.0)
    x, y = race.saddle_point  # (-5.71, -4.29)
    assert race.outcome(10, 12) == "runaway"
    assert race.outcome(x - 5, y - 5) == "disarmament"
    t, xs, ys = race.trajectory(10, 12, horizon=200)
    assert t[-1] < 200 and max(abs(xs[-1]), abs(ys[-1])) >= 1e12 * 0.99  # stopped, finite
    assert Richardson(k=0.3, l=0.2, a=0.5, b=0.6).outcome(10, 10) == "stable"
    # a·b = k·l: no single equilibrium; positive grievances drive a steady climb.
    assert Richardson(k=0.5, l=0.6, a=0.5, b=0.6, g=1, h=1).outcome(0, 0) == "runaway"
    assert Richardson(k=0.5, l=0.6, a=0.5, b=0.6, g=-1, h=-1).outcome(0, 0) == "disarmament"


def test_stable_race_settles_at_its_equilibrium():
    race = Richardson(k=0.3, l=0.2, a=0.5, b=0.6, g=1.0, h=2.0)
    _, x, y = race.trajectory(30.0, 0.0, horizon=60.0)
    assert [x[-1], y[-1]] == pytest.approx(race.equilibrium, abs=1e-6)


def test_analysis_from_a_model():
    m = dynamics_from_data({"sides": ["United States", "Russia"], "richardson": {
        "unit": "diplomats expelled per year",
        "defence": {"United States": 0.9, "Russia": 0.8},
        "fatigue": {"russia": 0.6, "United States": 0.5},
        "grievance": {"United States": 1, "Russia": 2},
        "initial": {"United States": 10, "Russia": 12}, "horizon": 5}})
    d = analyse_richardson(m).to_dict()
    assert d["coefficients"] == {"k": 0.9, "l": 0.8, "a": 0.5, "b": 0.6, "g": 1.0, "h": 2.0}
    assert d["by_side"]["Russia"] == {"defence": 0.8, "fatigue": 0.6, "grievance": 2.0,
                                      "initial": 12.0}
    assert d["stable"] is False and d["outcome"] == "runaway" and d["equilibrium"] is None
    assert d["condition"] == pytest.approx({"ab": 0.3, "kl": 0.72})
    assert d["trajectory"]["United States"][0] == 10.0
    assert len(d["trajectory"]["t"]) == 201
    first = d["settling_changes"][0]
    assert first["side"] in ("United States", "Russia")
    assert set(first["equilibrium"]) == {"United States", "Russia"}
