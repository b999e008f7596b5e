"""Several reciprocity analyses of one model, run together: what ``detente dynamics`` does.

:func:`analyze_dynamics` checks which analyses apply (:func:`plan_analyses`), refuses at
once work above the limit (:func:`~detente.dynamics.analyses.check_work`), runs each
(:func:`~detente.dynamics.analyses.run_analysis`) and returns a :class:`DynamicsAnalysis`
whose ``to_dict()`` is the command's JSON: one key per analysis run (``matches``,
``tournament``, ``recovery``, ``sweep``, ``richardson``), in that order.

Examples
--------
>>> from detente.model.dynamics import DynamicsModel, apply_options
>>> model = apply_options(DynamicsModel.default(), policies="TFT,GRIT", rounds=20,
...                       repetitions=5, seed=1)
>>> d = analyze_dynamics(model, ["match", "tournament"])
>>> list(d.to_dict())
['matches', 'tournament']
>>> d.results["tournament"].to_dict()["sides"]
['A', 'B']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from detente.model.dynamics import ANALYSES, DynamicsModel
from detente.model.errors import ModelError, did_you_mean

__all__ = ["DynamicsAnalysis", "analyze_dynamics", "plan_analyses", "JSON_KEYS"]

#: The key of each analysis in the JSON (a match analysis plays one match per pair).
JSON_KEYS = {"match": "matches", "tournament": "tournament", "recovery": "recovery",
             "sweep": "sweep", "richardson": "richardson"}


@dataclass(frozen=True, eq=False)
class DynamicsAnalysis:
    """The analyses run on a ``dynamics:`` model: what reciprocity does between two sides.

    Two sides meet round after round, each cooperating or defecting under a policy (Tit For
    Tat, GRIT, …), and noise — a slip in carrying out a move, a misperceived move of the
    other side — can start a spiral of retaliation. The analyses answer: what one match
    looks like round by round, with the rounds where noise struck (``match``); how each pair
    of policies fares on average over many matches, in payoff and cooperation
    (``tournament``); how many rounds cooperation takes to return after one spurious
    defection (``recovery``); how cooperation falls as the noise grows (``sweep``); and
    where a Richardson arms race of a continuous hostility level tends (``richardson``).

    Attributes
    ----------
    model:
        The model, with the options it was run under.
    results:
        ``{analysis: result}`` in :data:`~detente.model.dynamics.ANALYSES` order: a list of
        :class:`~detente.dynamics.analyses.MatchResult` for ``match``, else one result
        (``TournamentResult``, ``RecoveryResult``, ``SweepResult``,
        :class:`~detente.dynamics.richardson.RichardsonResult`).
    work:
        The estimated work of each analysis, in match-rounds.

    :meth:`to_dict` is the JSON of ``detente dynamics --format json``.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books (tournaments of
    reciprocating policies; the echo of Tit For Tat). Molander, P. (1985). The optimal level
    of generosity in a selfish, uncertain environment. *Journal of Conflict Resolution*
    29(4): 611–618. Wu, J. and Axelrod, R. (1995). How to cope with noise in the iterated
    prisoner's dilemma. *Journal of Conflict Resolution* 39(1): 183–189. Richardson, L. F.
    (1960). *Arms and Insecurity*. Boxwood Press.

    Examples
    --------
    On the shared river, once noise strikes (a misread dry season first), two Tit For Tat
    players fall into alternating retaliation, the echo effect: most rounds end CD or DC.

    >>> import detente
    >>> d = detente.dynamics("shared-river", analyses="match", rounds=50)
    >>> match = d.results["match"][0].to_dict()
    >>> list(match["policies"].values())
    ['Tit For Tat', 'Tit For Tat']
    >>> match["noise"][0]
    {'round': 7, 'side': 'Downstream state', 'kind': 'misperception'}
    >>> match["outcomes"]
    {'CC': 7, 'CD': 18, 'DC': 18, 'DD': 7}
    """

    model: DynamicsModel
    results: dict[str, Any]
    work: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``detente dynamics --format json``."""
        payload: dict[str, Any] = {}
        for name, value in self.results.items():
            if isinstance(value, list):
                payload[JSON_KEYS[name]] = [v.to_dict() for v in value]
            else:
                payload[JSON_KEYS[name]] = value.to_dict()
        return payload


def plan_analyses(model: DynamicsModel, analyses: str | Sequence[str] | None = None
                  ) -> list[str]:
    """The analyses to run, checked, in report order: those named (a list or a
    comma-separated text), or every analysis the model allows.

    >>> plan_analyses(DynamicsModel.default(), "recovery, match")
    ['match', 'recovery']
    """
    if analyses is None:
        wanted = model.default_analyses()
    elif isinstance(analyses, str):
        wanted = [p.strip() for p in analyses.split(",") if p.strip()]
    else:
        wanted = [str(a).strip() for a in analyses if str(a).strip()]
    if not wanted:
        raise ModelError("nothing to analyse: give --analyses (match, tournament, recovery, "
                         "sweep, richardson) or a file whose dynamics section has a game or a "
                         "Richardson model")
    for name in wanted:
        if name not in ANALYSES:
            raise ModelError(f"--analyses: unknown analysis {name!r}. "
                             f"{did_you_mean(name, ANALYSES)}")
    if "richardson" in wanted and model.richardson is None:
        raise ModelError("--analyses richardson needs a 'richardson:' model in the dynamics "
                         "section of a scenario file (defence, fatigue, grievance per side; "
                         "see docs/dynamics.md)")
    return [a for a in ANALYSES if a in wanted]


def analyze_dynamics(
    model: DynamicsModel,
    analyses: str | Sequence[str] | None = None,
    *,
    max_work: float | None = None,
    progress: Callable[[str, float], None] | None = None,
    on_plan: Callable[[dict[str, float]], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> DynamicsAnalysis:
    """Run the reciprocity analyses of ``model``.

    Parameters
    ----------
    model:
        The validated model (options applied with
        :func:`~detente.model.dynamics.apply_options`).
    analyses:
        The analyses to run (see :func:`plan_analyses`); default every one the model allows.
    max_work:
        Refuse at once when the analyses would simulate more match-rounds than this
        (default :data:`~detente.dynamics.analyses.WORK_LIMIT`).
    progress:
        Called as ``progress(analysis, work done since the last call)``; the work of each
        analysis adds up to its estimate.
    on_plan:
        Called once with the estimated work of each analysis, before any runs.
    on_done:
        Called with each analysis's name when it is done.

    Raises
    ------
    ModelError
        An unknown analysis, ``richardson`` without a Richardson model, nothing to analyse,
        or work above the limit (with the estimate and what to do).
    """
    from detente.dynamics.analyses import check_work, run_analysis

    wanted = plan_analyses(model, analyses)
    works = check_work(model, wanted, max_work)  # refuse at once, before any simulation
    if on_plan is not None:
        on_plan(works)
    results: dict[str, Any] = {}
    for name in wanted:
        def tick(work: float, name: str = name) -> None:
            if progress is not None:
                progress(name, work)

        results[name] = run_analysis(model, name, progress=tick)
        if on_done is not None:
            on_done(name)
    return DynamicsAnalysis(model, results, works)
