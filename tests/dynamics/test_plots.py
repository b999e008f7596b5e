"""Figures are built from the analyses' data (objects or JSON) and open no window."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from matplotlib.figure import Figure

from detente.dynamics.analyses import noise_sweep, play_match, recovery, tournament
from detente.dynamics.plots import (
    match_figure,
    recovery_figure,
    richardson_figure,
    sweep_figure,
    to_svg,
    tournament_figure,
)
from detente.dynamics.richardson import analyse_richardson
from detente.model.dynamics import dynamics_from_data


@pytest.fixture(scope="module")
def model():
    return dynamics_from_data({
        "sides": ["United States", "Russia"],
        "noise": {"symmetric": 0.05, "misperception": {"Russia": 0.05}},
        "horizon": {"rounds": 40},
        "policies": {"United States": {"current": "TFT", "alternatives": ["GRIT"]},
                     "Russia": {"current": "TFT"}},
        "analysis": {"repetitions": 10, "sweep": {"levels": [0, 0.1]}},
        "richardson": {"defence": {"United States": 0.9, "Russia": 0.8},
                       "fatigue": {"United States": 0.5, "Russia": 0.6},
                       "initial": {"United States": 3, "Russia": 4}, "horizon": 3},
    })


def test_every_figure_from_objects_and_from_json(model):
    results = [
        (match_figure, play_match(model)),
        (tournament_figure, tournament(model)),
        (recovery_figure, recovery(model)),
        (sweep_figure, noise_sweep(model)),
        (richardson_figure, analyse_richardson(model)),
    ]
    for draw, result in results:
        for data in (result, json.loads(json.dumps(result.to_dict()))):
            fig = draw(data)
            assert isinstance(fig, Figure)
            assert fig.canvas.manager is None  # not attached to a window
            svg = to_svg(fig)
            assert svg.lstrip().startswith("<?xml") and svg.rstrip().endswith("</svg>")


def test_plots_do_not_use_pyplot():
    code = (
        "import sys; from detente.dynamics.plots import richardson_figure, to_svg\n"
        "d = {'coefficients': {'k': 0.3, 'l': 0.2, 'a': 0.5, 'b': 0.6, 'g': 1, 'h': 2},\n"
        "     'sides': ['A', 'B'], 'trajectory': {'t': [0, 1], 'A': [1, 2], 'B': [1, 2]},\n"
        "     'saddle_point': {'A': 5, 'B': 5}, 'stable': True, 'outcome': 'stable',\n"
        "     'unit': ''}\n"
        "to_svg(richardson_figure(d))\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_match_figure_marks_noise(model):
    d = play_match(model).to_dict()
    fig = match_figure(d)
    markers = [line for line in fig.axes[0].lines if line.get_marker() in ("x", "o", "*")]
    assert sum(len(line.get_xdata()) for line in markers) == len(d["noise"])


def test_phase_portrait_shows_equilibrium_and_trajectory(model):
    d = analyse_richardson(model).to_dict()
    fig = richardson_figure(d)
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert "trajectory" in labels and "unstable equilibrium" in labels


def test_recovery_figure_draws_the_share_within_k_rounds(model):
    """The bars are each pair's Kaplan–Meier share back to mutual cooperation within k
    rounds (what the report and the briefing state), not the restricted mean, most
    recovered first."""
    result = recovery(model).to_dict()
    fig = recovery_figure(result)
    ax = fig.axes[0]
    widths = [round(b.get_width(), 9) for b in ax.patches]
    rows = sorted((p for p in result["pairs"] if p["recovered_within"] is not None),
                  key=lambda p: -p["recovered_within"]["share"])
    assert widths == [round(p["recovered_within"]["share"], 9) for p in rows]
    assert all(0 <= w <= 1 for w in widths)
    k = rows[0]["recovered_within"]["rounds"]
    assert f"within {k} rounds" in ax.get_xlabel() and "Kaplan–Meier" in ax.get_xlabel()
