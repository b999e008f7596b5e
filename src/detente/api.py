"""The public entry points of détente: one function per command of the ``detente`` CLI.

Each function takes what a user gives the command — a file name, a built-in scenario name or
a model already loaded, and the command's options as typed keyword arguments with the same
names (``--max-memory`` is ``max_memory``, ``--from`` is ``start``), the same defaults and
the same meanings — checks it at the door, calls the engines and returns a typed result: a
frozen dataclass whose ``to_dict()`` is exactly the command's ``--format json`` output. The
command line calls these same functions and only formats what they return, so the two
cannot drift apart (``tests/test_api_cli.py`` checks it on every command).

Mistakes are the command's mistakes: :class:`~detente.model.errors.ModelError` with the
file, line and field where there is one (for an option, ``field`` names the command-line
option, e.g. ``"--concepts"``).

Nothing heavy is imported here: each function imports its engine when called, so that
``import detente`` stays fast (see docs/architecture.md).

Examples
--------
>>> import detente
>>> a = detente.analyze("cuban-missile-crisis", concepts=["nash", "seq"])
>>> a.equilibria["seq"]
['NNYN', 'YNYN', 'NYYN']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from detente.bargain.analysis import DealAnalysis
    from detente.dynamics.run import DynamicsAnalysis
    from detente.graph.analysis import Analysis
    from detente.graph.combinations import CombinationAnalysis
    from detente.graph.explain import Explanation
    from detente.graph.hypergame import HypergameAnalysis
    from detente.graph.inverse import MinimalResult, RangeResult
    from detente.graph.paths import StatusQuoAnalysis
    from detente.graph.sensitivity import Sensitivity
    from detente.graph.uncertainty import UncertaintyAnalysis
    from detente.model.agenda import Agenda
    from detente.model.conflict import Conflict
    from detente.model.dynamics import DynamicsModel
    from detente.report.briefing import Briefing

__all__ = ["Progress", "Source", "load", "analyze", "status_quo", "explain", "hypergame",
           "sensitivity", "inverse", "deals", "dynamics", "briefing", "report",
           "check_report_folder"]

#: A conflict model: loaded already, or a scenario file / ``.gmcr`` file / built-in name
#: (``FILE#model`` picks one model of a multi-model file).
Source: TypeAlias = "Conflict | str | os.PathLike[str]"
#: Memory the work may use: bytes, or a size as the command line takes it (``"4G"``).
Memory: TypeAlias = "int | str | None"


@runtime_checkable
class Progress(Protocol):
    """What a long computation reports to: the number of steps once, then each step.

    A progress reporter is any object with ``plan(total)`` (called at most once, before the
    steps) and ``tick(description, advance)``; the steps ticked add up to the total planned.
    The command line passes a progress bar that appears after a second; a notebook may pass
    anything with these two methods (e.g. a wrapper around ``tqdm``).

    References
    ----------
    PEP 544 (2017), *Protocols: Structural subtyping*: any object with these methods is a
    ``Progress``, without inheriting from it.

    Examples
    --------
    >>> import detente
    >>> class Count:
    ...     def __init__(self):
    ...         self.total, self.done = None, 0
    ...     def plan(self, total):
    ...         self.total = total
    ...     def tick(self, description="", advance=1):
    ...         self.done += advance
    >>> count = Count()
    >>> isinstance(count, detente.Progress)
    True
    >>> _ = detente.analyze("cuban-missile-crisis", progress=count)
    >>> count.done == count.total > 0
    True
    """

    def plan(self, total: int) -> None:
        """The number of steps the work will take (called at most once, before them)."""

    def tick(self, description: str = "", advance: int = 1) -> None:
        """``advance`` steps done; ``description`` says which."""


def _ignore(description: str = "", advance: int = 1) -> None:
    """A progress tick nobody listens to."""


def _tick(progress: Progress | None) -> Callable[..., None]:
    return _ignore if progress is None else progress.tick


def _planned(progress: Progress | None, total: int) -> Callable[..., None]:
    """The tick of ``progress``, once it is told the work takes ``total`` steps."""
    if progress is not None:
        progress.plan(total)
    return _tick(progress)


def _names(names: str | Sequence[str] | None) -> list[str] | None:
    """A name or a list of names (as the repeatable ``--dm`` gives them) as a list."""
    return None if names is None else ([names] if isinstance(names, str) else list(names))


def _conflict(model: Source, assumption: str | None = None) -> Conflict:
    """The model a function works on: loaded from a name, or the one given."""
    from detente.model.conflict import Conflict
    from detente.model.errors import ModelError

    if isinstance(model, Conflict):
        if assumption is not None:
            raise ModelError("an assumption set belongs to a scenario file: give the file "
                             "(or detente.load(FILE, assumption=...)) instead of a model",
                             field="--assumption")
        return model
    return load(model, assumption=assumption)


def _graph_inputs(model: Source, concepts: str | Sequence[str] | None,
                  assumption: str | None, max_memory: Memory,
                  ) -> tuple[list[str] | None, int | None, Conflict]:
    """The concepts, the memory limit and the model of a graph-model command, checked in
    the order the commands report mistakes: the concepts, the size, then the file."""
    from detente.graph.analysis import parse_concepts
    from detente.model.resources import parse_size

    chosen = parse_concepts(concepts)
    limit = parse_size(max_memory)
    return chosen, limit, _conflict(model, assumption)


def load(source: str | os.PathLike[str], name: str | None = None, *,
         assumption: str | None = None) -> Conflict:
    """Load a conflict model: a scenario file, a GMCR+ ``.gmcr`` file or a built-in scenario.

    Parameters
    ----------
    source:
        A ``.yaml``/``.yml``/``.json`` scenario file, a ``.gmcr`` file or a built-in name
        (``detente scenarios`` lists them), optionally followed by ``#model`` to pick one
        model of a multi-model file.
    name:
        The model to load from a multi-model file (the same as ``#model``).
    assumption:
        One of the file's named ``assumptions``: its preferences replace those of the
        decision makers it names (``--assumption``).

    Returns
    -------
    Conflict
        The validated model: decision makers, options, feasibility, preferences, status quo.

    Raises
    ------
    ModelError
        A missing file, an unknown model or assumption (with the closest names), or any
        mistake in the file, with its file, line and field.

    Examples
    --------
    >>> import detente
    >>> c = detente.load("cuban-missile-crisis")
    >>> c.dm_names, c.pattern(c.status_quo)
    (['United States', 'Soviet Union'], 'NNNN')

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (the model: decision makers, options, feasible
    states, preferences). Kinsara, R. A., Petersons, O., Hipel, K. W. and Kilgour, D. M.
    (2015). Advanced decision support for the graph model for conflict resolution. *Journal
    of Decision Systems* 24(2): 117–145 (GMCR+, whose ``.gmcr`` files this reads).
    """
    from detente.model.builtin_cache import load_builtin

    # load_conflict, or the model kept from an earlier load of the same built-in scenario
    return load_builtin(os.fspath(source), name=name, assumption=assumption)


def analyze(
    model: Source,
    concepts: str | Sequence[str] | None = None,
    *,
    coalitions: str | Sequence[Sequence[str]] | None = None,
    horizon: int | None = None,
    assumption: str | None = None,
    max_memory: Memory = None,
    max_work: float | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Stability of every feasible state for every decision maker, and the equilibria:
    ``detente analyze``.

    A state is *stable* for a decision maker (DM) under a solution concept when the DM would
    not leave it, given the foresight the concept assumes: Nash (no unilateral improvement),
    GMR (every improvement can be sanctioned), SMR (sanctioned even after a countermove), SEQ
    (sanctioned by the others' own improvements), SIM (sanctioned by simultaneous moves),
    SEQ&SIM (SEQ or SIM). An *equilibrium* is a state stable for every DM (Fang, Hipel &
    Kilgour 1993). For two DMs, limited-move stability ``lh`` looks ``horizon`` moves ahead
    and non-myopic stability ``nm`` is its limit (Kilgour 1985); coalition concepts ask the
    same questions of groups of DMs moving together (Kilgour et al. 2001). docs/concepts.md
    states every definition.

    Parameters
    ----------
    model:
        A loaded model, or a scenario file, ``.gmcr`` file or built-in name (``FILE#model``).
    concepts:
        ``nash, gmr, smr, seq, sim, seqsim`` or ``all`` (a list or a comma-separated text),
        and for two DMs ``lh``, ``nm``. ``None``: the six, SIM and SEQ&SIM left out (with a
        reason in ``skipped``) on models too large for them.
    coalitions:
        ``"all"`` (every coalition), a partition such as ``"US+Russia,Ukraine"`` (or lists of
        names), or ``"declared"`` (the model's own). ``None``: the model's declared
        coalitions when it has some (with a note), else none — as when ``--coalitions`` is
        left out.
    horizon:
        The horizon of ``lh``: how many moves each side looks ahead.
    assumption:
        Analyse under one of the file's named assumption sets (``model`` must be a file).
    max_memory:
        Memory the analysis may use (bytes or e.g. ``"4G"``); default 75 % of what is free.
    max_work:
        Most work the coalition analysis may take (``--max-work``; default
        :data:`~detente.graph.coalitions.ANALYSIS_WORK_LIMIT`, about 35 s): above it the
        analysis is refused at once, before any concept is computed.
    progress:
        Told the number of steps, then each step (see :class:`Progress`).

    Returns
    -------
    Analysis
        ``equilibria``, ``stability``, ``is_stable(state, concept, dm)``, ``to_frame()``,
        ``tableau()``; ``to_dict(detail)`` is the JSON of ``--detail DETAIL`` (default
        ``"full"``).

    Raises
    ------
    ModelError
        An unknown concept, coalition member or decision maker, ``lh`` without a horizon,
        limited-move concepts without exactly two DMs, a model too large for the memory, a
        coalition analysis above ``max_work``, or any mistake in the file.

    Examples
    --------
    >>> import detente
    >>> a = detente.analyze("cuban-missile-crisis", concepts=["nash", "seq"])
    >>> a.equilibria["seq"]
    ['NNYN', 'YNYN', 'NYYN']
    >>> a.is_stable("NNYN", "seq", dm="Soviet Union"), a.is_stable("NNNN", "nash")
    (True, False)
    >>> detente.analyze("prisoners-dilemma", "nash", coalitions="all").equilibria
    {'nash': ['NN'], 'cnash': [], 'cgmr': ['YY'], 'cseq': ['YY']}

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley. Kilgour, D. M. (1985). Anticipation and stability
    in two-person non-cooperative games. Kilgour, D. M., Hipel, K. W., Fang, L. and Peng, X.
    (2001). Coalition analysis in group decision support. *Group Decision and Negotiation*
    10(2): 159–175.
    """
    from detente.graph.analysis import analyze as run
    from detente.graph.analysis import concept_plan
    from detente.model.resources import parse_size

    concept_plan(concepts, horizon)  # bad concepts fail before the file is read
    limit = parse_size(max_memory)
    conflict = _conflict(model, assumption)
    notes: list[str] = []
    if coalitions is None and conflict.coalitions:
        coalitions = "declared"
        notes.append("the model declares coalitions; analysing them too "
                     "(--coalitions all for every coalition)")
    return run(conflict, concepts, horizon=horizon, coalitions=coalitions, max_memory=limit,
               max_work=max_work, progress=_tick(progress),
               on_plan=None if progress is None else progress.plan, notes=notes)


def hypergame(
    model: Source,
    concepts: str | Sequence[str] | None = None,
    *,
    assumption: str | None = None,
    max_memory: Memory = None,
    max_surprises: int | None = 10_000,
    progress: Progress | None = None,
) -> HypergameAnalysis:
    """How each side sees the conflict: the first-level hypergame analysis,
    ``detente hypergame``.

    Each decision maker plays the game as it perceives it (its own preferences, the others'
    as the scenario's ``perceptions`` say it believes them). A *hyper-equilibrium* is a
    state stable for every DM in its own perceived game; a *surprise* is an improvement a DM
    has by its true preferences that another DM does not expect (Wang, Hipel & Fraser 1988).

    Parameters
    ----------
    model:
        A loaded model or a file / built-in name, with ``perceptions``.
    concepts:
        As in :func:`analyze` (its engine concepts); default its default set.
    assumption:
        Take the true preferences from one of the file's named assumption sets.
    max_memory:
        Memory the whole hypergame may use (bytes or e.g. ``"4G"``): the true game's
        analysis plus every distinct perceived game's kept result; refused before the
        perceived games are analysed when it would not fit.
    max_surprises:
        List at most this many surprises (``None``: all); every surprise is still counted
        (``HypergameAnalysis.surprise_counts``).
    progress:
        Told the number of games, then each game analysed.

    Returns
    -------
    HypergameAnalysis

    Raises
    ------
    ModelError
        An unknown concept, perceived preferences that do not rank every state.

    Examples
    --------
    >>> import detente
    >>> h = detente.hypergame("chicken", concepts="nash")
    >>> h.hyper_equilibria["nash"] == h.actual["nash"]  # no perceptions declared
    True

    References
    ----------
    Wang, M., Hipel, K. W. and Fraser, N. M. (1988). Modeling misperceptions in games.
    *Behavioral Science* 33(3): 207–223.
    """
    from detente.graph.hypergame import hypergame as run

    chosen, limit, conflict = _graph_inputs(model, concepts, assumption, max_memory)
    return run(conflict, chosen, max_memory=limit,
               progress=_planned(progress, 1 + len(conflict.perceptions)),
               max_surprises=max_surprises)


def status_quo(
    model: Source,
    start: str | int | None = None,
    *,
    to: str | int | Sequence[str | int] | None = None,
    moves: str = "ui",
    max_steps: int | None = None,
    max_paths: int = 20,
    concepts: str | Sequence[str] | None = None,
    assumption: str | None = None,
    max_memory: Memory = None,
    max_work: float | None = None,
    progress: Progress | None = None,
) -> StatusQuoAnalysis:
    """Where the conflict can go from a state, and how: status quo analysis,
    ``detente paths``.

    The decision makers move one at a time, no mover twice in a row; ``moves`` says which
    moves count: ``"ui"`` unilateral improvements (each move good for its mover), ``"any"``
    any legal unilateral move, ``"coalition"`` unilateral and coalitional improvements
    (several DMs moving together, each better off). Reported: the states reachable from
    ``start`` and in how few steps, the states first reached at each step, the equilibria
    among them, and shortest paths (Li, Kilgour & Hipel 2005).

    Parameters
    ----------
    model:
        A loaded model, or a scenario file, ``.gmcr`` file or built-in name.
    start:
        The start state (``--from``): a Y/N pattern, ``"status_quo"``, a named state or a
        decimal; default the model's status quo (required when it declares none).
    to:
        A state (or several) whose every shortest path is listed (``--to``).
    moves:
        ``"ui"`` (default), ``"any"`` or ``"coalition"``.
    max_steps:
        Look at most this many steps ahead; default no bound.
    max_paths:
        At most this many paths to each ``to`` state (default 20).
    concepts:
        The concepts whose reachable equilibria are reported (as in :func:`analyze`).
    assumption:
        Use one of the file's named assumption sets.
    max_memory:
        Memory the analysis may use (bytes or e.g. ``"4G"``).
    max_work:
        With ``moves="coalition"``, the most (state, move) pairs the coalitional searches may
        examine (``--max-work``; default 4e10, a few minutes); larger ones are refused at
        once with the estimate.
    progress:
        Told the number of steps, then each step.

    Returns
    -------
    StatusQuoAnalysis
        ``reachable()``, ``by_step()``, ``steps_to(state)``, ``shortest_path(state)``,
        ``all_shortest_paths(state)``, ``count_paths(state)``, ``equilibria_reachable``;
        ``to_dict()`` is the JSON of ``detente paths --format json``.

    Raises
    ------
    ModelError
        A malformed or infeasible state (naming the rule that excludes it), no status quo
        to start from, an unknown kind of move or concept, a search too large.

    Examples
    --------
    >>> import detente
    >>> s = detente.status_quo("cuban-missile-crisis", to="NNYN")
    >>> s.steps_to("NNYN"), s.count_paths("NNYN")
    (3, 1)
    >>> s.to_dict()["equilibria_reachable"]["seq"]
    ['NNYN', 'YNYN', 'NYYN']

    References
    ----------
    Li, K. W., Kilgour, D. M. and Hipel, K. W. (2005). Status quo analysis in the graph model
    for conflict resolution. *Journal of the Operational Research Society* 56: 699–707.
    """
    from detente.graph.paths import status_quo_analysis
    from detente.model.feasibility import state_argument

    chosen, limit, conflict = _graph_inputs(model, concepts, assumption, max_memory)
    start_dec = None if start is None else state_argument(conflict, start, "--from")
    targets = [] if to is None else [state_argument(conflict, t, "--to") for t in (
        [to] if isinstance(to, str | int) else list(to))]
    return status_quo_analysis(conflict, start_dec, moves=moves, max_steps=max_steps,
                               to=targets if to is not None else None, max_paths=max_paths,
                               concepts=chosen, max_memory=limit,
                               progress=_planned(progress, 2), max_work=max_work)


def explain(
    model: Source,
    state: str | int,
    *,
    dm: str | Sequence[str] | None = None,
    concepts: str | Sequence[str] | None = None,
    assumption: str | None = None,
    max_memory: Memory = None,
    progress: Progress | None = None,
) -> Explanation:
    """Why a state is or is not stable for each decision maker, with the witnesses:
    ``detente explain``.

    For each decision maker and concept: every unilateral improvement from the state, and
    what answers it — the sanctioning sequence (GMR; by the others' improvements for SEQ),
    the countermove (SMR), the simultaneous moves (SIM) — found by the same move model as
    the stability analysis and checked against its verdicts (Fang, Hipel & Kilgour 1993).

    Parameters
    ----------
    model:
        A loaded model, or a scenario file, ``.gmcr`` file or built-in name.
    state:
        A Y/N pattern, ``"status_quo"``, a named state or a decimal.
    dm:
        A decision maker's name, or several (the repeatable ``--dm``); default every one.
    concepts:
        As in :func:`analyze`; default its default set.
    assumption:
        Use one of the file's named assumption sets.
    max_memory:
        Memory the analysis may use.
    progress:
        Told the number of steps, then each step.

    Returns
    -------
    Explanation
        ``witnesses`` (one per DM and concept), ``witness(dm, concept)``; ``str()`` is the
        text of ``detente explain``, ``to_dict()`` its JSON.

    Raises
    ------
    ModelError
        A malformed or infeasible state, an unknown decision maker or concept.

    Examples
    --------
    >>> import detente
    >>> e = detente.explain("cuban-missile-crisis", "NNYN", dm="Soviet Union",
    ...                     concepts="seq")
    >>> print(e)  # doctest: +NORMALIZE_WHITESPACE
    NNYN is stable for Soviet Union under SEQ: its only improvement can be sanctioned.
      - If Soviet Union drops "Withdraw the missiles" (to NNNN), United States can take
      "Air strike" and "Naval blockade" (to YYNN), which Soviet Union likes less than NNYN
      (each of these moves an improvement for the one who makes it); it cannot be undone:
      it settles "Air strike" taken for good. The mildest sufficient sanction: United
      States can take "Naval blockade" (to NYNN), which Soviet Union likes less than NNYN
      (credible).
    >>> e.witness("Soviet Union", "seq").stable
    True

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley. Fraser, N. M. and Hipel, K. W. (1984). *Conflict
    Analysis: Models and Resolutions*. North-Holland.
    """
    from detente.graph.analysis import analyze as run_analysis
    from detente.graph.explain import explain as run
    from detente.model.feasibility import state_argument

    chosen, limit, conflict = _graph_inputs(model, concepts, assumption, max_memory)
    dec = state_argument(conflict, state, "STATE")
    dms = _names(dm)
    for name in dms or []:
        conflict.dm_index(name)  # unknown names fail before any work
    tick = _planned(progress, 2)
    analysis = run_analysis(conflict, chosen, max_memory=limit)
    tick("stability analysed")
    result = run(conflict, dec, dms, chosen, analysis=analysis)
    tick("witnesses found")
    return result


def sensitivity(
    model: Source,
    concepts: str | Sequence[str] | None = None,
    *,
    states: str | int | Sequence[str | int] | None = None,
    changes: str | Sequence[str] | None = None,
    combinations: bool = False,
    assumptions: str | Sequence[str] | None = None,
    samples: int | None = None,
    seed: int = 0,
    workers: int | None = None,
    scheduler: str | None = None,
    assumption: str | None = None,
    max_memory: Memory = None,
    max_work: float | None = None,
    progress: Progress | None = None,
) -> Sensitivity | CombinationAnalysis | UncertaintyAnalysis:
    """Which preference statements each verdict rests on: ``detente sensitivity``.

    Three questions, one per mode of the command:

    - **single changes** (the default): every statement of every decision maker dropped,
      and every two adjacent statements swapped (tie groups of a ranking or payoff table
      swapped or merged), one change at a time; for every state and concept whose verdict
      (equilibrium or not) some change flips, the changes that flip it (one-at-a-time
      sensitivity of the preference model; Fang, Hipel & Kilgour 1993 on option
      prioritization, Hipel et al. 1997 on re-running GMCR after editing preferences);
    - ``combinations=True``: the headline verdicts (today's stability, each best stable
      outcome's stability and reachability from today) under every combination of the
      file's named assumption sets (at most 10 sets; sets that give one decision maker two
      preferences are reported as conflicting);
    - ``samples=N``: the probability that each state is an equilibrium when the
      preferences the scenario declares uncertain (``uncertainty:``) are drawn at random —
      exact when there are at most N distinct profiles, else N draws with 95 % Wilson
      intervals (probabilistic preferences, Rêgo & dos Santos 2015; unknown preferences,
      Li, Hipel, Kilgour & Fang 2004). The same seed gives the same numbers on any number
      of workers.

    docs/concepts.md states the definitions.

    Parameters
    ----------
    model:
        A loaded model, or a scenario file, ``.gmcr`` file or built-in name
        (``FILE#model``); with ``combinations`` a file or built-in name (its named
        assumption sets).
    concepts:
        As in :func:`analyze` (``nash, gmr, smr, seq, sim, seqsim`` or ``all``); default its
        default set.
    states:
        Report only these states (``--states``): Y/N patterns, named states,
        ``"status_quo"`` or decimals, a list or a comma-separated text. Every change is
        still evaluated.
    changes:
        ``"delete"``, ``"swap"`` or both (the default; a list or comma-separated text).
    combinations:
        Evaluate every combination of the file's named assumption sets instead.
    assumptions:
        With ``combinations``: combine only these sets (default every one).
    samples, seed:
        Draw this many preference profiles with this seed (default 0) instead.
    workers:
        With ``samples``: run the batches on a local Dask cluster of this many processes.
    scheduler:
        With ``samples``: run them on an existing Dask cluster (``tcp://HOST:PORT``),
        checked before any work.
    assumption:
        Start from one of the file's named assumption sets (not with ``combinations``).
    max_memory:
        Memory the analysis may use (bytes or e.g. ``"4G"``); profiles are evaluated in
        batches that fit in half of it.
    max_work:
        With ``samples``: most work the draws may take (``--max-work``; default
        :data:`~detente.graph.uncertainty.WORK_LIMIT`, about ten minutes in one process);
        larger ones are refused at once with the estimate.
    progress:
        Told the number of batches, then each batch.

    Returns
    -------
    Sensitivity, CombinationAnalysis or UncertaintyAnalysis
        By mode. ``to_dict()`` is the JSON of the command in that mode.

    Raises
    ------
    ModelError
        An unknown concept, kind of change, state, assumption set or decimal; options of
        two modes at once; more than 10 assumption sets; no ``uncertainty`` in the model;
        an unreachable scheduler (within seconds); a model too large for the memory; draws
        whose estimated work is above ``max_work``.

    Examples
    --------
    >>> import detente
    >>> r = detente.sensitivity("prisoners-dilemma", concepts="nash")
    >>> r.changes, r.baseline["nash"]
    (12, ('NN',))
    >>> [c.to_dict() for c in r.states[0].flipped_by][:1]
    [{'dm': 'Prisoner 1', 'change': 'swap', 'statements': [3, 4]}]
    >>> r.to_dict()["states"][0]["kept"]
    10

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley. Hipel, K. W., Kilgour, D. M., Fang, L. and Peng,
    X. (1997). The decision support system GMCR in environmental conflict management.
    *Applied Mathematics and Computation* 83: 117–152. Li, K. W., Hipel, K. W., Kilgour, D.
    M. and Fang, L. (2004). Preference uncertainty in the graph model for conflict
    resolution. *IEEE Trans. SMC-A* 34(4): 507–520. Rêgo, L. C. and dos Santos, A. M.
    (2015). Probabilistic preferences in the graph model for conflict resolution. *IEEE
    Trans. SMC: Systems* 45(4): 595–608.
    """
    from detente.graph.profiles import profile_concepts
    from detente.model.errors import ModelError
    from detente.model.resources import parse_size

    def listed(value: Any) -> list[Any] | None:
        if value is None:
            return None
        if isinstance(value, str):
            return [p.strip() for p in value.split(",") if p.strip()]
        return [value] if isinstance(value, int) else list(value)

    given = {"--states": states is not None, "--changes": changes is not None,
             "--assumption": assumption is not None}
    mode_only = {"--combinations": ["--states", "--changes", "--assumption"],
                 "--samples": ["--states", "--changes"]}
    if combinations and samples is not None:
        raise ModelError("--combinations and --samples are two different questions; ask "
                         "one at a time", field="--samples")
    mode = "--combinations" if combinations else "--samples" if samples is not None else None
    for option in mode_only.get(mode or "", []):
        if given[option]:
            what = ("every combination starts from the file's own preferences (--assumptions "
                    "names the sets to combine)" if option == "--assumption"
                    else "applies to single changes only")
            raise ModelError(f"not with {mode}: {what}", field=option)
    if assumptions is not None and not combinations:
        raise ModelError("names the sets to combine: add --combinations (--assumption "
                         "starts from one set)", field="--assumptions")
    if (workers is not None or scheduler is not None) and samples is None:
        option = "--workers" if workers is not None else "--scheduler"
        raise ModelError("runs the --samples batches on Dask: add --samples N", field=option)
    if max_work is not None and samples is None:
        raise ModelError("bounds the work of --samples: add --samples N", field="--max-work")
    chosen = profile_concepts(concepts)
    limit = parse_size(max_memory)
    tick = _tick(progress)
    plan = None if progress is None else progress.plan

    if combinations:
        from detente.graph.combinations import combinations as run_combinations
        from detente.model.conflict import Conflict
        from detente.model.loader import assumption_combinations

        if isinstance(model, Conflict):
            raise ModelError("--combinations reads the named assumption sets of a scenario "
                             "file: give the file or built-in name instead of a model",
                             field="--combinations")
        combos = assumption_combinations(os.fspath(model), listed(assumptions))
        return run_combinations(combos, chosen, max_memory=limit, progress=tick,
                                on_plan=plan)
    if samples is not None:
        from functools import partial

        from detente.graph.batches import min_batches, probe_scheduler, run_batches
        from detente.graph.uncertainty import uncertainty

        if scheduler is not None:
            probe_scheduler(scheduler)  # before any work: a clear error within seconds
        conflict = _conflict(model, assumption)
        runner = (None if workers is None and scheduler is None  # in this process
                  else partial(run_batches, workers=workers, scheduler=scheduler))
        return uncertainty(conflict, chosen, samples=samples, seed=seed, max_memory=limit,
                           max_work=max_work, min_batches=min_batches(workers, scheduler),
                           runner=runner, progress=tick, on_plan=plan)
    from detente.graph.sensitivity import parse_changes
    from detente.graph.sensitivity import sensitivity as run_sensitivity

    kinds = parse_changes(changes)
    conflict = _conflict(model, assumption)
    return run_sensitivity(conflict, chosen, changes=kinds, states=listed(states),
                           max_memory=limit, progress=tick, on_plan=plan)


def inverse(
    model: Source,
    target: str | int,
    *,
    vary: str | Mapping[str, tuple[int, int]] | None = None,
    concepts: str | Sequence[str] | None = None,
    list_first: int = 0,
    minimal: bool = False,
    dm: str | Sequence[str] | None = None,
    reachable: bool = False,
    moves: str = "ui",
    top: int = 5,
    max_changes: int = 3,
    changes: str = "auto",
    method: str = "search",
    time_limit: float = 10.0,
    assumption: str | None = None,
    max_memory: Memory = None,
    progress: Progress | None = None,
) -> RangeResult | MinimalResult:
    """What would have to change for ``target`` to be an equilibrium: the inverse problem of
    the graph model, ``detente inverse``.

    Two questions, one of which must be asked. With ``vary`` (*ranking ranges*, the question
    of GMCR+'s inverse solver): the tie groups at positions A..B of each named decision
    maker's ranking are put in every order, in every combination; under how many
    combinations is the target an equilibrium under each concept, and which strict
    preferences are necessary (Kinsara, Kilgour & Hipel 2015)? Counted without enumerating:
    Nash, GMR and SMR verdicts of a DM depend on its own ranking alone, SEQ on signatures of
    the sanctioners' improvements. With ``minimal=True``: the fewest preference changes
    (delete or swap adjacent statements; swap adjacent tie groups of a ranking, i.e. the
    Kendall-tau distance) over the DMs allowed to change that make the target an
    equilibrium under every concept and, with ``reachable``, reachable from the status quo
    (exact search by increasing number of changes, or ``method="ilp"``: the Kendall-tau
    integer programme solved by HiGHS). docs/inverse.md states the definitions.

    Parameters
    ----------
    model:
        A loaded model, or a scenario file, ``.gmcr`` file or built-in name.
    target:
        The state that should hold: a Y/N pattern, ``"status_quo"``, a named state or a
        decimal (``--target``).
    vary:
        ``"DM=A-B;DM2=C-D"`` or ``{"DM": (A, B)}``: tie-group positions, 1-based inclusive
        (``--vary``).
    concepts:
        Any of nash, gmr, smr, seq (a list or comma-separated text). Default: all four with
        ``vary``, seq with ``minimal``.
    list_first:
        With ``vary``: also list the first N combinations in enumeration order (``--list``).
    minimal:
        Ask for the fewest preference changes instead (``--minimal``).
    dm:
        With ``minimal``: the decision makers allowed to change (the repeatable ``--dm``);
        default every one.
    reachable, moves:
        With ``minimal``: the target must also be reachable from the status quo by
        unilateral improvements (``"ui"``, default), any legal moves (``"any"``), or
        unilateral and coalitional improvements (``"coalition"``, as :func:`status_quo`).
    top:
        With ``minimal``: list up to this many minimal solutions (default 5).
    max_changes:
        With ``minimal``: look for at most this many changes (default 3).
    changes:
        With ``minimal``: ``"auto"`` (statements for DMs given by statements, tie groups
        otherwise) or ``"ranking"`` (every DM as a ranking of tie groups).
    method, time_limit:
        With ``minimal``: ``"search"`` (default) or ``"ilp"`` (Kendall-tau integer
        programme; stops after ``time_limit`` seconds with the best solution and the proven
        bound).
    assumption:
        Start from one of the file's named assumption sets.
    max_memory:
        Memory the analysis may use (bytes or e.g. ``"4G"``).
    progress:
        Told the number of steps, then each step.

    Returns
    -------
    RangeResult or MinimalResult
        With ``vary``: ``combinations``, ``counts``, ``conditions``, ``rankings``; with
        ``minimal``: ``minimal``, ``lower_bound``, ``complete``, ``solutions`` (each in
        words). ``to_dict()`` is the JSON of ``detente inverse --format json``.

    Raises
    ------
    ModelError
        Neither or both of ``vary`` and ``minimal``, a malformed or infeasible target
        (naming the rule that excludes it), an unknown DM or concept, a range out of bounds,
        ``reachable`` without a status quo, a search that would not finish (with its size
        and what to do).

    Examples
    --------
    >>> import detente
    >>> r = detente.inverse("prisoners-dilemma", "YY", vary={"Prisoner 1": (1, 4)})
    >>> r.combinations, r.counts["nash"], r.counts["seq"]
    (24, 0, 7)
    >>> m = detente.inverse("prisoners-dilemma", "YY", minimal=True, concepts="nash")
    >>> m.minimal, len(m.solutions[0].changes)
    (2, 2)

    References
    ----------
    Kinsara, R. A., Kilgour, D. M. and Hipel, K. W. (2015). Inverse approach to the graph
    model for conflict resolution. *IEEE Transactions on Systems, Man, and Cybernetics:
    Systems* 45(5): 734–742. Kemeny, J. G. (1959). Mathematics without numbers. *Daedalus*
    88(4): 577–591 (the distance between rankings by adjacent swaps).
    """
    from detente.graph.inverse import minimal_changes, ranking_ranges
    from detente.graph.inverse.ranges import inverse_concepts
    from detente.model.errors import ModelError
    from detente.model.feasibility import state_argument
    from detente.model.resources import parse_size

    if (vary is None) == (not minimal):
        raise ModelError("say what may change: --vary \"DM=A-B\" (ranking ranges) or "
                         "--minimal (the fewest preference changes), one of the two",
                         field="--vary" if vary is None else "--minimal")
    chosen = inverse_concepts(concepts, **({} if vary is not None else {"default": ("seq",)}))
    limit = parse_size(max_memory)
    conflict = _conflict(model, assumption)
    state = state_argument(conflict, target, "--target")
    tick = _planned(progress, 1)
    if vary is not None:
        result: RangeResult | MinimalResult = ranking_ranges(
            conflict, state, vary, chosen, list_first=list_first, max_memory=limit)
    else:
        result = minimal_changes(conflict, state, chosen, _names(dm) or None, reachable=reachable,
                                 moves=moves, top=top, max_changes=max_changes,
                                 changes=changes, method=method, time_limit=time_limit,
                                 max_memory=limit)
    tick("inverse analysis done")
    return result


def deals(
    source: str | os.PathLike[str] | Agenda,
    profiles: Sequence[str | os.PathLike[str]] | None = None,
    *,
    top: int = 10,
    max_ties: int = 50,
    trades_from: str = "status_quo",
    max_memory: Memory = None,
    max_outcomes: int | float | str | None = None,
    what_it_takes: str | Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> DealAnalysis:
    """Which package deals every side prefers: ``detente deals``.

    A *package* settles every issue on the agenda with one of its options; the outcome
    space holds the packages that satisfy the constraints. Reported: the Pareto frontier
    (packages no other beats for every party; Pareto 1906), the zone of possible agreement
    (packages every party strictly prefers to its reservation; Raiffa 1982), the Nash,
    Kalai–Smorodinsky, egalitarian and utilitarian solutions over the ZOPA (Nash 1950; Kalai
    & Smorodinsky 1975; Kalai 1977), the best packages by Nash product, and the two-issue
    trades that make every party better off than a reference package. docs/deals.md.

    Parameters
    ----------
    source:
        A scenario file with an ``agenda:`` section (or a built-in name), an agenda already
        loaded, or — with ``profiles`` — a GENIUS domain file (``.xml``, or GeniusWeb
        ``.json``).
    profiles:
        The GENIUS profile files, one per party (the command's ``--genius DOMAIN
        PROFILE…``); each party is named by its file's name without extension.
    top:
        How many best packages by Nash product (and trades) to list (default 10).
    max_ties:
        Packages listed per frontier point and per solution (all are counted; default 50).
    trades_from:
        ``"status_quo"`` or a solution (``"nash"``, ``"kalai_smorodinsky"``,
        ``"egalitarian"``, ``"utilitarian"``): where trades start from.
    max_memory:
        Memory the analysis may use (bytes or e.g. ``"4G"``).
    max_outcomes:
        Refuse agendas with more packages than this before any work (default 2e9).
    what_it_takes:
        A package (``"issue=option,..."`` or ``{issue: option}``; issues not named stay at
        their status quo): also say what would bring it into the ZOPA — the least side
        payment, the single-issue concessions — or make it Pareto-optimal
        (``--what-it-takes``; :mod:`detente.bargain.concessions`).
    progress:
        Told the number of chunks of packages, then each chunk.

    Returns
    -------
    DealAnalysis
        ``pareto``, ``zopa_outcomes``, ``solutions``, ``top``, ``trades``, ``notes``;
        ``to_dict()`` is the JSON of ``detente deals --format json``.

    Raises
    ------
    ModelError
        A mistake in the agenda or the GENIUS files (file, line, field), an unknown
        ``trades_from``, an agenda too large (with the estimate and what to do).

    Examples
    --------
    >>> import detente
    >>> d = detente.deals("summit-2021")
    >>> d.agreement_possible, len(d.solutions)
    (True, 4)
    >>> d.to_dict()["summary"]["outcomes"] == d.outcomes
    True

    References
    ----------
    Nash, J. (1950). The bargaining problem. *Econometrica* 18(2): 155–162. Raiffa, H.
    (1982). *The Art and Science of Negotiation*. Harvard University Press.
    """
    from detente.bargain.analysis import analyze_deals
    from detente.bargain.outcomes import parse_max_outcomes
    from detente.model.agenda import Agenda as AgendaType
    from detente.model.errors import ModelError
    from detente.model.resources import parse_size

    if isinstance(source, AgendaType):
        if profiles is not None:
            raise ModelError("GENIUS profiles go with a domain file, not an agenda")
        agenda = source
    elif profiles is not None:
        from detente.bargain.outcomes import check_outcomes
        from detente.model.genius import read_genius, read_genius_domain

        if not profiles:
            raise ModelError("--genius needs a domain file and two or more profile files: "
                             "detente deals --genius DOMAIN PROFILE1 PROFILE2 …")
        # the packages follow from the domain alone: refuse before reading the profiles
        domain = read_genius_domain(os.fspath(source))
        check_outcomes([len(i.options) for i in domain.issues],
                       parse_max_outcomes(max_outcomes))
        agenda = read_genius(os.fspath(source), [os.fspath(p) for p in profiles])
    else:
        from detente.model.agenda import load_agenda

        agenda = load_agenda(os.fspath(source))
    limit = parse_size(max_memory)
    cap = parse_max_outcomes(max_outcomes)

    def chunk_done(phase: str, done: int, total: int) -> None:
        if phase == "packages" and progress is not None:
            if done == 1:
                progress.plan(total)
            progress.tick(f"chunk {done}/{total}")

    package = None
    if what_it_takes is not None:
        from detente.bargain.concessions import parse_package

        package = parse_package(agenda, what_it_takes)  # a mistake fails before any work
    result = analyze_deals(agenda, max_ties=max_ties, top=top, trades_from=trades_from,
                           max_memory=limit, max_outcomes=cap, progress=chunk_done)
    if package is None:
        return result
    from dataclasses import replace

    from detente.bargain.concessions import package_advice

    return replace(result, what_it_would_take=package_advice(
        agenda, package, analysis=result, top=top or 10))


def dynamics(
    source: str | os.PathLike[str] | DynamicsModel | None = None,
    *,
    analyses: str | Sequence[str] | None = None,
    noise: float | None = None,
    misperception: str | Mapping[str, float] | None = None,
    slip: str | Mapping[str, float] | None = None,
    policies: str | Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    rounds: int | None = None,
    repetitions: int | None = None,
    seed: int | None = None,
    max_work: float | None = None,
    progress: Progress | None = None,
) -> DynamicsAnalysis:
    """How reciprocity spirals go, and which policies end them: ``detente dynamics``.

    Two sides play a repeated game of cooperation and defection under noise: a move may come
    out wrong (slip), be misread (misperception), or both (the Axelrod library's symmetric
    noise). Analyses: one ``match`` round by round; a ``tournament`` of every pair of
    policies (mean payoff and cooperation with confidence intervals; Axelrod 1984; Bendor,
    Kramer & Stout 1991); ``recovery`` after one mistaken defection; a ``sweep`` of
    cooperation against noise (exact Markov values for memory-one policies); and
    Richardson's (1960) arms-race model. docs/dynamics.md.

    Parameters
    ----------
    source:
        A scenario file with a ``dynamics:`` section (or a built-in name), a model already
        loaded, or ``None`` for the default (sides A and B, Axelrod's payoffs, the ten
        policies).
    analyses:
        ``match``, ``tournament``, ``recovery``, ``sweep``, ``richardson`` (a list or a
        comma-separated text); default every analysis the model allows.
    noise:
        Symmetric noise: the probability that a move comes out as its opposite.
    misperception, slip:
        Per-side probabilities, ``"Russia=0.1,United States=0.02"`` or a mapping.
    policies:
        The policies to compare, first = current: for both sides (``"TFT,GRIT"`` or a list)
        or per side (``"US=TFT,GRIT; Russia=TFT"`` or a mapping); Axelrod's names too.
    rounds, repetitions:
        Rounds per match, matches per pair of policies.
    seed:
        The random seed: the same seed gives the same numbers.
    max_work:
        Refuse at once runs above this many match-rounds (default 4e8, about a minute).
    progress:
        Told the number of steps (thousandths of the work, and one per analysis), then each.

    Returns
    -------
    DynamicsAnalysis
        ``model`` (with the options applied), ``results`` per analysis; ``to_dict()`` is the
        JSON of ``detente dynamics --format json``.

    Raises
    ------
    ModelError
        A mistake in the file or an option (naming it), an unknown analysis or policy, work
        above the limit (with the estimate and what to do).

    Examples
    --------
    >>> import detente
    >>> d = detente.dynamics(analyses="match", policies="TFT,GRIT", noise=0.05, rounds=50,
    ...                      seed=3)
    >>> [m.to_dict()["policies"]["A"] for m in d.results["match"]][:2]
    ['Tit For Tat', 'GRIT']
    >>> sorted(d.to_dict())
    ['matches']

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books. Richardson, L. F.
    (1960). *Arms and Insecurity*. Boxwood Press.
    """
    from detente.dynamics.run import analyze_dynamics
    from detente.model.dynamics import DynamicsModel as Model
    from detente.model.dynamics import apply_options, load_dynamics

    if isinstance(source, Model):
        model = source
    elif source is None or source == "":
        model = Model.default()
    else:
        model = load_dynamics(os.fspath(source))
    model = apply_options(model, noise=noise, misperception=misperception, slip=slip,
                          policies=policies, rounds=rounds, repetitions=repetitions, seed=seed)
    if progress is None:
        return analyze_dynamics(model, analyses, max_work=max_work)
    # the steps are thousandths of the estimated work, and one per analysis
    state: dict[str, Any] = {"works": {}, "total": 1.0, "done": 0.0, "shown": 0}

    def planned(works: dict[str, float]) -> None:
        state["works"], state["total"] = works, sum(works.values()) or 1.0
        progress.plan(1000 + len(works))

    def worked(name: str, work: float) -> None:
        state["done"] += work
        total = state["total"]
        shown = min(int(1000 * state["done"] / total), int(1000 * state["works"][name] / total))
        if shown > state["shown"]:
            progress.tick(name, advance=shown - state["shown"])
            state["shown"] = shown

    def finished(name: str) -> None:
        progress.tick(name, advance=1 + int(1000 * state["works"][name] / state["total"])
                      - state["shown"])
        state["done"], state["shown"] = 0.0, 0

    return analyze_dynamics(model, analyses, max_work=max_work, progress=worked,
                            on_plan=planned, on_done=finished)


#: The folder ``report`` writes into when none is given (in the working directory).
DEFAULT_REPORT_FOLDER = "detente-report"
#: The scenario the briefing and the report are about when none is given.
DEFAULT_SCENARIO = "summit-2021"


@contextmanager
def _writing(target: str | os.PathLike[str]) -> Iterator[None]:
    """A folder or file the user named that cannot be written is the user's mistake: a
    missing parent, a file where a folder should be, no permission, a full disk."""
    from detente.model.errors import ModelError

    try:
        yield
    except OSError as exc:
        where = exc.filename or os.fspath(target)
        raise ModelError(f"cannot write {where}: {exc.strerror or exc}") from None


def check_report_folder(out: str | os.PathLike[str]) -> None:
    """Refuse at once a report folder that cannot be one, before any analysis runs.

    A report folder is usable when it is a folder or does not exist yet (:func:`report`
    creates it); a file of that name, or a name the file system refuses (too long, a parent
    that is a file, no permission), is the user's mistake.

    Parameters
    ----------
    out:
        The folder ``report.html`` would be written into.

    Raises
    ------
    ModelError
        The name is a file, or cannot be a folder, with the reason.

    Examples
    --------
    >>> import os, tempfile
    >>> from detente.api import check_report_folder
    >>> from detente.model.errors import ModelError
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     check_report_folder(os.path.join(folder, "new"))  # created later by report()
    ...     taken = os.path.join(folder, "taken")
    ...     open(taken, "w").close()
    ...     try:
    ...         check_report_folder(taken)
    ...     except ModelError as exc:
    ...         print(exc.message.rsplit(": ", 2)[1])
    is a file, not a folder; --out names the folder for report.html

    References
    ----------
    docs/guarantees.md, "Files détente writes": atomic, never through a symbolic link,
    never outside the folder named.
    """
    from pathlib import Path

    from detente.model.errors import ModelError

    with _writing(out):
        if Path(out).exists() and not Path(out).is_dir():
            raise ModelError(f"{os.fspath(out)}: is a file, not a folder; --out names the "
                             "folder for report.html")


def briefing(
    source: str | os.PathLike[str] = DEFAULT_SCENARIO,
    *,
    max_memory: Memory = None,
    progress: Progress | None = None,
) -> Briefing:
    """Every analysis that applies to a scenario file, as questions and short answers: the
    briefing ``detente report`` prints.

    Sections (each left out when its input is missing): which outcomes would hold (the best
    stable outcomes: SEQ equilibria no other beats for every side), where today's state
    stands, the paths from today to the best outcomes, the file's other models, how each side
    sees it (perceptions), package deals (agenda), the reciprocity spiral (dynamics), and
    the named alternative assumptions. docs/report.md.

    Parameters
    ----------
    source:
        A scenario file or built-in name; default the 2021 US–Russia summit.
    max_memory:
        Memory each analysis may use.
    progress:
        Told the number of steps, then each engine run.

    Returns
    -------
    Briefing
        ``sections`` (``key``, ``question``, ``answer``, ``details``, ``data``), the engine
        results behind them (``models``, ``deals``, ``dynamics``); ``to_dict()``.

    Raises
    ------
    ModelError
        A mistake in the file or in one of its sections.

    Examples
    --------
    >>> import detente
    >>> b = detente.briefing("prisoners-dilemma")
    >>> [s.key for s in b.sections]
    ['findings', 'equilibria', 'status_quo', 'paths', 'what_it_would_take']

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (the stability concepts). Li, K. W., Kilgour, D. M.
    and Hipel, K. W. (2005). Status quo analysis in the graph model for conflict resolution.
    *Journal of the Operational Research Society* 56: 699–707 (the paths from today).
    """
    from detente.model.resources import parse_size
    from detente.report.briefing import build_briefing

    limit = parse_size(max_memory)
    return build_briefing(os.fspath(source), progress=_planned(progress, 20), max_memory=limit)


def report(
    source: str | os.PathLike[str] | Briefing = DEFAULT_SCENARIO,
    out: str | os.PathLike[str] = DEFAULT_REPORT_FOLDER,
    *,
    max_memory: Memory = None,
    progress: Progress | None = None,
) -> Path:
    """Write the HTML report of a scenario: ``detente report FILE --out DIR``.

    One self-contained file, ``DIR/report.html``, that works offline: the model with every
    preference's rationale and source, the stability tableau, the graph of the states
    around today, the paths, the Pareto frontier, the spiral, the assumptions compared
    (docs/report.md). Written atomically: an interruption leaves the previous report.

    Parameters
    ----------
    source:
        A scenario file or built-in name (default the 2021 summit), or a :class:`Briefing`
        built already (:func:`briefing`).
    out:
        The folder for ``report.html``, created if needed (default ``detente-report``).
    max_memory:
        Memory each analysis may use.
    progress:
        Told the number of steps, then each engine run.

    Returns
    -------
    pathlib.Path
        The path of ``report.html``.

    Raises
    ------
    ModelError
        A mistake in the file, or a folder that cannot be written (a file of that name, no
        permission).

    Examples
    --------
    >>> import detente, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = detente.report("prisoners-dilemma", out=folder)
    ...     print(path.name, path.read_text().startswith("<!DOCTYPE html>"))
    report.html True

    References
    ----------
    docs/report.md (what the page shows) and the references of :func:`briefing`, whose
    answers it lays out.
    """
    from detente.report.briefing import Briefing as BriefingType
    from detente.report.html import write_report

    check_report_folder(out)
    b = source if isinstance(source, BriefingType) else briefing(
        source, max_memory=max_memory, progress=progress)
    with _writing(out):
        return write_report(b, os.fspath(out))
