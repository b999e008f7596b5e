"""The ``dynamics:`` section of a scenario file: reciprocity between two sides.

A scenario file may hold, beside its conflict models, a ``dynamics:`` mapping that describes
how two sides answer each other over time: the stage game each side plays (a 2×2 game of
cooperation and defection with payoffs R, S, T, P per side, possibly asymmetric), the noise
that turns a cooperative move into a perceived offence (per-side *misperception* and per-side
*slips* in implementation, plus the *symmetric* noise of the Axelrod library), the horizon
(a number of rounds or a continuation probability), the policies each side follows now and
the alternatives to compare, and a Richardson (1960) arms-race model for a continuous level of
hostility per side (e.g. diplomats expelled per year). The format is documented in
``docs/scenario-format.md`` ("Dynamics"), the method in ``docs/dynamics.md``.

This module validates the section once (scikit-learn style: at the door, with messages that
say what was expected, what was found, and the file, line and field) and returns a
:class:`DynamicsModel`; the engines in :mod:`detente.dynamics` trust it.

Policy names are matched without regard to case, spaces, hyphens and underscores. The ten
policies détente simulates itself (:data:`NATIVE_POLICIES`) accept the usual short names
("TFT", "GTFT", "WSLS", "Grudger", …); any other name is looked up among the Axelrod
library's strategies (which needs the library to be imported: a few seconds).

Examples
--------
>>> from detente.model.yamlio import parse_text
>>> text = '''
... dynamics:
...   sides: [United States, Russia]
...   noise: {misperception: {Russia: 0.1}}
...   policies:
...     United States: {current: tit for tat, alternatives: [GRIT, generous TFT]}
...     Russia: {current: TFT}
... '''
>>> model = dynamics_from_document(parse_text(text, "summit.yaml"))
>>> model.candidates("United States")
['Tit For Tat', 'GRIT', 'Generous Tit For Tat']
>>> model.misperception_probabilities()
(0.0, 0.1)
>>> bad = text.replace("tit for tat", "tit for tatt")
>>> dynamics_from_document(parse_text(bad, "summit.yaml"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
detente.model.errors.ModelError: summit.yaml, line 6, dynamics.policies.United States.current: \
unknown policy 'tit for tatt'. Did you mean 'Tit For Tat'...
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from detente.model.builtin import resolve_builtin
from detente.model.document import KnownKeys
from detente.model.errors import ModelError, closest, describe, did_you_mean
from detente.model.yamlio import LocatedData, field_path, is_stream, read_file

__all__ = [
    "DynamicsModel",
    "apply_options",
    "Payoffs",
    "NoiseSpec",
    "HorizonSpec",
    "SidePolicies",
    "GritParameters",
    "PolicyParameters",
    "SweepSpec",
    "RecoverySpec",
    "AnalysisSpec",
    "MoveLabels",
    "RichardsonSpec",
    "NATIVE_POLICIES",
    "DEFAULT_PAYOFFS",
    "ANALYSES",
    "normalise_policy_name",
    "resolve_policy",
    "is_native",
    "library_strategy_names",
    "load_dynamics",
    "dynamics_from_document",
    "dynamics_from_data",
]

#: The analyses détente runs on a dynamics model, in the order they are reported.
ANALYSES = ("match", "tournament", "recovery", "sweep", "richardson")

#: The ten policies détente simulates itself, with the other names they go by (the Axelrod
#: library's names among them). Canonical names are the keys.
NATIVE_POLICIES: dict[str, tuple[str, ...]] = {
    "Tit For Tat": ("TFT",),
    "Suspicious Tit For Tat": ("STFT", "Suspicious TFT"),
    "Generous Tit For Tat": ("GTFT", "Generous TFT"),
    "Contrite Tit For Tat": ("CTFT", "Contrite TFT"),
    "Win-Stay Lose-Shift": ("WSLS", "Pavlov"),
    "Grim Trigger": ("Grudger", "Grim"),
    "GRIT": ("Osgood",),
    "Always Cooperate": ("Cooperator", "ALLC"),
    "Always Defect": ("Defector", "ALLD"),
    "Random": (),
}

#: Axelrod's (1984) payoffs: R = 3, S = 0, T = 5, P = 1 (the library's default game).
DEFAULT_PAYOFFS = {"R": 3.0, "S": 0.0, "T": 5.0, "P": 1.0}

#: Noise levels of the sweep when the model gives none.
DEFAULT_SWEEP_LEVELS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2)

#: Continuation horizons are cut where the chance of a longer match falls below this.
TRUNCATION = 1e-6

MAX_ROUNDS = 1_000_000
MAX_REPETITIONS = 1_000_000


def normalise_policy_name(name: str) -> str:
    """The key a policy name is matched by: case, spaces, hyphens and underscores ignored.

    >>> normalise_policy_name("Win-Stay  Lose_Shift") == normalise_policy_name("winstayloseshift")
    True
    """
    return re.sub(r"[\s\-_]+", "", name).casefold()


_NATIVE_INDEX: dict[str, str] = {}
for _canon, _aliases in NATIVE_POLICIES.items():
    for _n in (_canon, *_aliases):
        _NATIVE_INDEX[normalise_policy_name(_n)] = _canon


@functools.cache
def _library_index() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    from detente.model.axelrod_names import AXELROD_VERSION, STRATEGIES

    try:
        installed = version("axelrod")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        installed = None
    if installed == AXELROD_VERSION:
        # Known without importing the library (tens of seconds): an unknown name is
        # answered at once, and the library is imported only to play.
        pairs: list[tuple[str, str]] = list(STRATEGIES)
    else:  # another version: ask the library itself
        import axelrod

        pairs = [(s.name, s.__name__) for s in axelrod.all_strategies]
    index: dict[str, str] = {}
    for name, class_name in pairs:
        index.setdefault(normalise_policy_name(name), name)
        index.setdefault(normalise_policy_name(class_name), name)
    return index


def library_strategy_names() -> list[str]:
    """The names of the Axelrod library's strategies (imports the library)."""
    return sorted(set(_library_index().values()))


def is_native(name: str) -> bool:
    """Whether détente simulates the (canonical or alias) policy ``name`` itself."""
    return normalise_policy_name(name) in _NATIVE_INDEX


def resolve_policy(name: str) -> str:
    """The canonical name of policy ``name``; :class:`ModelError` if there is none.

    détente's own policies first (with their aliases), then the Axelrod library's
    strategies (imported on demand).

    >>> resolve_policy("generous tft"), resolve_policy("Grudger"), resolve_policy("grit")
    ('Generous Tit For Tat', 'Grim Trigger', 'GRIT')
    """
    if not isinstance(name, str) or not name.strip():
        raise ModelError("a policy name must be a non-empty text")
    key = normalise_policy_name(name)
    if key in _NATIVE_INDEX:
        return _NATIVE_INDEX[key]
    library = _library_index()
    if key in library:
        return library[key]
    natives = list(NATIVE_POLICIES)
    others = sorted({n for k, n in library.items() if k not in _NATIVE_INDEX})
    near = closest(name, natives + others)
    hint = (
        "Did you mean " + " or ".join(repr(c) for c in near) + "?"
        if near
        else did_you_mean(name, natives)
    )
    raise ModelError(
        f"unknown policy {name!r}. {hint} détente's own policies are {', '.join(natives)}; "
        "any strategy of the Axelrod library is accepted by its name."
    )


# -- validation helpers -------------------------------------------------------------------------
def _problem(message: str, *path: str | int) -> PydanticCustomError:
    """A validation error at ``path`` below the model being validated."""
    return PydanticCustomError("dynamics", "{detail}", {"detail": message, "path": path})


def _probability(value: float) -> float:
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise PydanticCustomError(
            "dynamics", "{detail}",
            {"detail": f"a probability must be between 0 and 1; got {value:g}"},
        )
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError(
            "dynamics", "{detail}", {"detail": f"expected a finite number; got {value}"}
        )
    return value


#: Stage-game payoffs are at most this in size: the engine sums them over up to a million
#: rounds and squares the sums for confidence intervals, which must stay finite.
MAX_PAYOFF = 1e12


def _payoff(value: float) -> float:
    _finite(value)
    if abs(value) > MAX_PAYOFF:
        raise PydanticCustomError(
            "dynamics", "{detail}",
            {"detail": f"a payoff must be at most {MAX_PAYOFF:g} in size (sums over a million "
                       f"rounds and their squares must stay finite); got {value:g}. Scaling "
                       "every payoff by one positive factor changes no comparison"},
        )
    return value


#: Richardson's coefficients, grievances and initial levels are 0 or between these sizes:
#: the analysis divides products of coefficients by coefficients (the thresholds that would
#: settle a race), which must neither overflow nor lose every digit.
RICHARDSON_RANGE = (1e-12, 1e12)


def _richardson_number(value: float) -> float:
    _finite(value)
    low, high = RICHARDSON_RANGE
    if value != 0 and not low <= abs(value) <= high:
        raise PydanticCustomError(
            "dynamics", "{detail}",
            {"detail": f"Richardson's numbers are 0 or between {low:g} and {high:g} in size "
                       f"(so that the thresholds k·l/b and a·b/l stay finite); got {value:g}. "
                       "Change the unit of time or of the level to rescale them"},
        )
    return value


Probability = Annotated[float, AfterValidator(_probability)]
Number = Annotated[float, AfterValidator(_finite)]
PayoffNumber = Annotated[float, AfterValidator(_payoff)]
RichardsonNumber = Annotated[float, AfterValidator(_richardson_number)]


class _Strict(KnownKeys):
    """A mapping that refuses unknown keys, naming the closest valid one."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Payoffs(_Strict):
    """One side's payoffs in the 2×2 stage game (its own move first).

    R: both cooperate (reward); S: it cooperates, the other defects (sucker's payoff);
    T: it defects, the other cooperates (temptation); P: both defect (punishment).
    A prisoner's dilemma has T > R > P > S (Rapoport & Chammah 1965; Axelrod 1984).
    """

    R: PayoffNumber
    S: PayoffNumber
    T: PayoffNumber
    P: PayoffNumber

    @property
    def is_prisoners_dilemma(self) -> bool:
        """Whether T > R > P > S."""
        return self.T > self.R > self.P > self.S

    def generosity(self) -> float | None:
        """Nowak & Sigmund's (1992) generosity min(1 − (T−R)/(R−S), (R−P)/(T−P)).

        The largest probability of forgiving a defection that still keeps exploiters from
        gaining; defined for a prisoner's dilemma (``None`` otherwise).

        >>> round(Payoffs(R=3, S=0, T=5, P=1).generosity(), 4)
        0.3333
        """
        if not self.is_prisoners_dilemma:
            return None
        return min(1 - (self.T - self.R) / (self.R - self.S),
                   (self.R - self.P) / (self.T - self.P))


class NoiseSpec(_Strict):
    """Errors that turn cooperation into perceived offence.

    ``symmetric``: each move comes out the opposite of what was meant with this probability,
    and both sides see the move as it came out (the Axelrod library's ``noise``).
    ``slip``: per side, the same kind of implementation error. ``misperception``: per side,
    the probability that this side sees the *other* side's move as its opposite (the other
    side knows what it did). A side's implementation error combines ``symmetric`` and its
    ``slip`` as independent causes: 1 − (1 − symmetric)(1 − slip).
    """

    symmetric: Probability = 0.0
    misperception: dict[str, Probability] = Field(default_factory=dict)
    slip: dict[str, Probability] = Field(default_factory=dict)


class HorizonSpec(_Strict):
    """How long the sides interact: ``rounds``, or a ``continuation`` probability.

    With ``continuation`` w, after each round another follows with probability w (Axelrod's
    "shadow of the future"); matches are cut at ``max_rounds`` (by default where the chance
    of a longer match falls below one in a million).
    """

    rounds: int | None = Field(None, ge=1, le=MAX_ROUNDS)
    continuation: float | None = Field(None, gt=0, lt=1)
    max_rounds: int | None = Field(None, ge=1, le=MAX_ROUNDS)

    @model_validator(mode="after")
    def _one(self) -> HorizonSpec:
        if self.rounds is not None and self.continuation is not None:
            raise _problem("give either 'rounds' or 'continuation', not both", "continuation")
        if self.max_rounds is not None and self.continuation is None:
            raise _problem("'max_rounds' only applies with 'continuation'", "max_rounds")
        return self

    @property
    def length(self) -> int:
        """The number of rounds simulated (the fixed length, or the cut-off)."""
        if self.continuation is None:
            return self.rounds if self.rounds is not None else 200
        if self.max_rounds is not None:
            return self.max_rounds
        n = math.ceil(math.log(TRUNCATION) / math.log(self.continuation))
        return max(1, min(n, MAX_ROUNDS))

    @property
    def mean_length(self) -> float:
        """The expected number of rounds of a match.

        With a fixed horizon, its length. With continuation w the length L is geometric
        (P(L = t) = w^(t−1)(1 − w), t ≥ 1; Axelrod 1984, ch. 1: the "shadow of the
        future"), mean 1/(1 − w); cut at N rounds it is min(L, N), whose mean is
        Σ_{t=1..N} P(L ≥ t) = Σ w^(t−1) = (1 − w^N)/(1 − w).

        >>> round(HorizonSpec(continuation=0.97).mean_length, 2)
        33.33
        >>> HorizonSpec(continuation=0.5, max_rounds=2).mean_length
        1.5
        >>> HorizonSpec(rounds=80).mean_length
        80.0
        """
        if self.continuation is None:
            return float(self.length)
        w = self.continuation
        return (1.0 - w ** self.length) / (1.0 - w)


class RoundSpec(_Strict):
    """How much time one round of the repeated game stands for: ``length`` of them in
    ``unit`` (a plural noun: "years", "months", "weeks"), e.g. ``{length: 0.25, unit:
    years}`` for a quarter-year. Reports give recovery times in this unit beside the rounds.
    """

    length: float = Field(1.0, gt=0, le=1e6)
    unit: str = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _named(self) -> RoundSpec:
        self.unit = " ".join(self.unit.split())
        if not self.unit:
            raise _problem("the unit of time needs a name (e.g. 'years')", "unit")
        return self

    def duration(self, rounds: float) -> float:
        """The time ``rounds`` rounds stand for, in ``unit``."""
        return rounds * self.length


class SidePolicies(_Strict):
    """A side's current policy and the alternatives to compare with it."""

    current: str
    alternatives: list[str] = Field(default_factory=list)


class GritParameters(_Strict):
    """Parameters of GRIT (see :class:`detente.dynamics.policies.Grit` for the rule)."""

    initiative: int = Field(2, ge=1, le=1000, description="Length of the first initiative.")
    growth: int = Field(1, ge=0, le=1000, description="Rounds added per unanswered one.")
    max_initiative: int = Field(4, ge=1, le=1000, description="Longest initiative.")
    patience: int = Field(3, ge=0, le=1000, description="Unanswered initiatives before pausing.")
    trigger: int = Field(2, ge=1, le=1000, description="Perceived offences that start one.")
    announced: bool = Field(True, description="Initiative moves cannot be misperceived.")

    @model_validator(mode="after")
    def _order(self) -> GritParameters:
        if self.max_initiative < self.initiative:
            raise _problem(
                f"'max_initiative' ({self.max_initiative}) must be at least 'initiative' "
                f"({self.initiative})",
                "max_initiative",
            )
        return self


class PolicyParameters(_Strict):
    """Parameters of the policies that have some."""

    generosity: Probability | None = Field(
        None,
        description="Generous Tit For Tat's chance of forgiving a defection (default: "
        "Nowak & Sigmund's value for the side's payoffs).",
    )
    random_cooperation: Probability = Field(0.5, description="Random's chance of cooperating.")
    grit: GritParameters = Field(default_factory=GritParameters)


class SweepSpec(_Strict):
    """Which noise the sweep varies (for both sides at once) and over which levels."""

    kind: Literal["noise", "misperception", "slip"] = "noise"
    levels: list[Probability] = Field(default_factory=lambda: list(DEFAULT_SWEEP_LEVELS),
                                      min_length=1, max_length=1000)


class RecoverySpec(_Strict):
    """Where the spurious defection of the recovery analysis strikes.

    ``shock_round`` (1-based; default: round 20, or a quarter of the way into shorter
    matches — by their mean length when it is random) and the ``side`` that defects by
    mistake (default: the first side); ``within``: the recovery reports the share of
    matches that restore mutual cooperation within this many rounds after the shock
    (default 10).
    """

    shock_round: int | None = Field(None, ge=2, le=MAX_ROUNDS)
    side: str | None = None
    within: int = Field(10, ge=1, le=MAX_ROUNDS)


class MoveLabels(_Strict):
    """What cooperating and defecting mean in this scenario, in words that complete a
    sentence whose subject is a side ("keeps the other's diplomats", "expels some"); reports
    use them in legends and sentences. Defaults: "cooperates", "defects"."""

    cooperate: str = Field("cooperates", min_length=1, max_length=80)
    defect: str = Field("defects", min_length=1, max_length=80)


class AnalysisSpec(_Strict):
    """Settings of the analyses: repetitions, seed, confidence level, sweep and recovery."""

    repetitions: int = Field(100, ge=1, le=MAX_REPETITIONS)
    seed: int = Field(0, ge=0, lt=2**63)
    confidence: float = Field(0.95, gt=0, lt=1)
    sweep: SweepSpec = Field(default_factory=SweepSpec)
    recovery: RecoverySpec = Field(default_factory=RecoverySpec)


class RichardsonSpec(_Strict):
    """Richardson's (1960) arms-race model for a continuous level of hostility per side.

    With x the first side's level and y the second's: dx/dt = k·y − a·x + g and
    dy/dt = l·x − b·y + h. Per side: ``defence`` (k, l: how strongly it answers the other
    side's level), ``fatigue`` (a, b: the restraint that its own level's cost imposes),
    ``grievance`` (g, h: hostility it would add even if the other had none; negative for
    goodwill) and the ``initial`` level; ``horizon`` is the time span to trace, ``unit`` what
    the level counts. ``source`` says where the coefficients come from (an estimate from
    data, a study); without one they are the analyst's guesses, and the reports show the
    verdict as a region (the boundary a·b = k·l) rather than as a finding.
    """

    unit: str = ""
    source: str = ""
    defence: dict[str, RichardsonNumber]
    fatigue: dict[str, RichardsonNumber]
    grievance: dict[str, RichardsonNumber] = Field(default_factory=dict)
    initial: dict[str, RichardsonNumber] = Field(default_factory=dict)
    horizon: float = Field(20.0, gt=0, le=1e6)

    def coefficients(self, sides: Sequence[str]) -> dict[str, float]:
        """Richardson's letters: ``k, l, a, b, g, h, x0, y0`` for ``sides`` (first = x)."""
        first, second = sides
        return {
            "k": self.defence[first], "l": self.defence[second],
            "a": self.fatigue[first], "b": self.fatigue[second],
            "g": self.grievance.get(first, 0.0), "h": self.grievance.get(second, 0.0),
            "x0": self.initial.get(first, 0.0), "y0": self.initial.get(second, 0.0),
        }


class DynamicsModel(_Strict):
    """A validated ``dynamics:`` section: two sides answering each other round after round.

    A reciprocity model of a conflict: in every round each of two *sides* cooperates or
    defects in a 2×2 *stage game* with payoffs R (mutual cooperation), S (the sucker's
    payoff), T (the temptation) and P (mutual defection), possibly different per side; a
    *policy* (Tit For Tat, GRIT, Generous Tit For Tat, …) decides each side's move from what
    it has seen. *Noise* makes the record imperfect: a side's intended move may slip, and a
    side may misperceive the other's move. The *horizon* is a number of rounds or a
    probability that the game continues. Optionally a Richardson model describes a
    continuous level of hostility per side.

    Per-side mappings are keyed by the side names exactly as listed in ``sides`` once
    validated; policy names are canonical (détente's names for its ten policies, the
    library's names for the others). Build one with :func:`dynamics_from_data`,
    :func:`load_dynamics` or :meth:`default`. Methods: :meth:`payoffs`, :meth:`candidates`
    (a side's current policy, then its alternatives), :meth:`current`,
    :meth:`slip_probabilities`, :meth:`misperception_probabilities`, :meth:`default_analyses`.

    References
    ----------
    Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books (the repeated Prisoner's
    Dilemma between reciprocating policies; the shadow of the future). Molander, P. (1985).
    The optimal level of generosity in a selfish, uncertain environment. *Journal of
    Conflict Resolution* 29(4): 611–618, and Wu, J. and Axelrod, R. (1995). How to cope with
    noise in the iterated prisoner's dilemma. *Journal of Conflict Resolution* 39(1):
    183–189 (misperception and slips). Richardson, L. F. (1960). *Arms and Insecurity*.
    Boxwood Press (the continuous arms-race model).

    Examples
    --------
    >>> from detente.model.dynamics import load_dynamics
    >>> river = load_dynamics("shared-river")
    >>> river.sides
    ['Upstream state', 'Downstream state']
    >>> river.payoffs("Upstream state")
    Payoffs(R=3.0, S=0.0, T=5.0, P=1.0)
    >>> river.candidates("Downstream state")
    ['Tit For Tat', 'Contrite Tit For Tat', 'Generous Tit For Tat']
    >>> river.misperception_probabilities()  # the downstream state misreads more often
    (0.02, 0.08)
    """

    title: str = ""
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    sides: list[str] = Field(min_length=2, max_length=2)
    moves: MoveLabels = Field(default_factory=MoveLabels)
    game: Any = None
    noise: NoiseSpec = Field(default_factory=NoiseSpec)
    horizon: HorizonSpec = Field(default_factory=HorizonSpec)
    round: RoundSpec | None = None
    policies: dict[str, SidePolicies] | None = None
    parameters: PolicyParameters = Field(default_factory=PolicyParameters)
    analysis: AnalysisSpec = Field(default_factory=AnalysisSpec)
    richardson: RichardsonSpec | None = None

    @model_validator(mode="after")
    def _cross_checks(self) -> DynamicsModel:
        sides = [s.strip() if isinstance(s, str) else s for s in self.sides]
        for i, s in enumerate(sides):
            if not s:
                raise _problem("a side needs a name", "sides", i)
        if sides[0].casefold() == sides[1].casefold():
            raise _problem(f"the two sides need different names; both are {sides[0]!r}",
                           "sides", 1)
        self.sides = sides
        self.game = self._check_game()
        self.noise.misperception = self._per_side(self.noise.misperception,
                                                  ("noise", "misperception"))
        self.noise.slip = self._per_side(self.noise.slip, ("noise", "slip"))
        if self.policies is not None:
            self.policies = self._per_side(self.policies, ("policies",), required=True)
            for side, pol in self.policies.items():
                pol.current = self._policy(pol.current, ("policies", side, "current"))
                names = [pol.current]
                for i, alt in enumerate(pol.alternatives):
                    canon = self._policy(alt, ("policies", side, "alternatives", i))
                    if canon in names:
                        raise _problem(f"{canon!r} is listed twice for {side!r}",
                                       "policies", side, "alternatives", i)
                    names.append(canon)
                pol.alternatives = names[1:]
            if self.parameters.generosity is None:
                for side, pol in self.policies.items():
                    pay = self.payoffs(side)
                    if ("Generous Tit For Tat" in [pol.current, *pol.alternatives]
                            and pay.generosity() is None):
                        raise _problem(
                            "Generous Tit For Tat's default generosity (Nowak & Sigmund 1992) "
                            f"needs a prisoner's dilemma (T > R > P > S) for {side!r}; give "
                            "'parameters: {generosity: …}'",
                            "policies", side,
                        )
        rec = self.analysis.recovery
        if rec.side is not None:
            rec.side = self._side(rec.side, ("analysis", "recovery", "side"))
        if rec.shock_round is not None and rec.shock_round > self.horizon.length:
            raise _problem(
                f"the shock (round {rec.shock_round}) must fall within the "
                f"{self.horizon.length} rounds of a match",
                "analysis", "recovery", "shock_round",
            )
        if self.richardson is not None:
            r = self.richardson
            r.defence = self._per_side(r.defence, ("richardson", "defence"), required=True)
            r.fatigue = self._per_side(r.fatigue, ("richardson", "fatigue"), required=True)
            r.grievance = self._per_side(r.grievance, ("richardson", "grievance"))
            r.initial = self._per_side(r.initial, ("richardson", "initial"))
            for side, v in r.defence.items():
                if v < 0:
                    raise _problem(
                        f"a defence coefficient is a rate of reaction, at least 0; got {v:g}",
                        "richardson", "defence", side,
                    )
            for side, v in r.fatigue.items():
                if v <= 0:
                    raise _problem(
                        "a fatigue coefficient must be positive (Richardson's model assumes "
                        f"each side's own level restrains it); got {v:g}",
                        "richardson", "fatigue", side,
                    )
        return self

    # -- checks ------------------------------------------------------------------------------
    def _find_side(self, name: Any) -> str | None:
        """The side called ``name`` (case and surrounding spaces ignored), if any."""
        if not isinstance(name, str):
            return None
        key = name.strip().casefold()
        return next((s for s in self.sides if s.casefold() == key), None)

    def _side(self, name: Any, path: tuple[str | int, ...]) -> str:
        side = self._find_side(name)
        if side is None:
            raise _problem(f"unknown side {name!r}. {did_you_mean(str(name), self.sides)}",
                           *path)
        return side

    def _per_side(self, mapping: Mapping[str, Any], path: tuple[str | int, ...],
                  required: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in mapping.items():
            side = self._side(key, (*path, key))
            if side in out:
                raise _problem(f"side {side!r} appears twice", *path, key)
            out[side] = value
        if required:
            for s in self.sides:
                if s not in out:
                    raise _problem(f"missing side {s!r} (every side needs an entry)", *path)
        return {s: out[s] for s in self.sides if s in out}

    def _policy(self, name: Any, path: tuple[str | int, ...]) -> str:
        try:
            return resolve_policy(name)
        except ModelError as exc:
            raise _problem(exc.message, *path) from None

    def _check_game(self) -> dict[str, Payoffs] | None:
        game = self.game
        if game is None:
            return None
        if not isinstance(game, dict):
            raise _problem("expected the payoffs R, S, T, P (for both sides) or one such "
                           "mapping per side", "game")
        letters = set(Payoffs.model_fields)
        if set(game) <= letters:
            shared = self._payoffs(game, ("game",))
            return {s: shared for s in self.sides}
        per = self._per_side(game, ("game",), required=True)
        return {s: self._payoffs(per[s], ("game", s)) for s in self.sides}

    @staticmethod
    def _payoffs(data: Any, path: tuple[str | int, ...]) -> Payoffs:
        if isinstance(data, Payoffs):
            return data
        try:
            return Payoffs.model_validate(data)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
            ctx = first.get("ctx") or {}
            if first["type"] == "missing":
                raise _problem(f"missing payoff {loc[-1]!r} (give R, S, T and P)", *path) from None
            if first["type"] == "unknown_field":
                raise _problem(
                    f"unknown field {ctx['key']!r}: payoffs are R, S, T, P", *path, ctx["key"]
                ) from None
            msg = ctx.get("detail") or f"expected a number, got {first.get('input')!r}"
            raise _problem(msg, *path, *loc) from None

    # -- the resolved model ------------------------------------------------------------------
    @classmethod
    def default(cls, sides: Sequence[str] = ("A", "B")) -> DynamicsModel:
        """The model used when no file is given: two sides, Axelrod's payoffs, no noise,
        200 rounds, Tit For Tat now and the other nine policies as alternatives."""
        return dynamics_from_data({"sides": list(sides)})

    def payoffs(self, side: str | int) -> Payoffs:
        """The stage-game payoffs of ``side`` (a name or 0/1); Axelrod's when not given."""
        name = self.sides[side] if isinstance(side, int) else side
        if self.game is None:
            return Payoffs(**DEFAULT_PAYOFFS)
        return self.game[name]

    @property
    def has_game(self) -> bool:
        """Whether the discrete analyses apply by default (a game, policies or no
        Richardson section given)."""
        return self.game is not None or self.policies is not None or self.richardson is None

    def candidates(self, side: str | int) -> list[str]:
        """The side's current policy followed by its alternatives."""
        name = self.sides[side] if isinstance(side, int) else side
        if self.policies is None:
            return list(NATIVE_POLICIES)
        pol = self.policies[name]
        return [pol.current, *pol.alternatives]

    def current(self, side: str | int) -> str:
        """The side's current policy."""
        return self.candidates(side)[0]

    def slip_probabilities(self) -> tuple[float, float]:
        """Each side's implementation error: 1 − (1 − symmetric)(1 − slip)."""
        e = self.noise.symmetric
        return tuple(  # type: ignore[return-value]
            1.0 - (1.0 - e) * (1.0 - self.noise.slip.get(s, 0.0)) for s in self.sides
        )

    def misperception_probabilities(self) -> tuple[float, float]:
        """Each side's probability of misreading the other's move."""
        return tuple(self.noise.misperception.get(s, 0.0) for s in self.sides)  # type: ignore

    @property
    def rounds(self) -> int:
        """Rounds simulated per match (the cut-off with a continuation horizon)."""
        return self.horizon.length

    @property
    def shock_round(self) -> int:
        """The (1-based) round of the recovery analysis's spurious defection."""
        if self.analysis.recovery.shock_round is not None:
            return self.analysis.recovery.shock_round
        length = self.rounds if self.horizon.continuation is None else int(
            self.horizon.mean_length)
        return max(2, min(20, length // 4))

    @property
    def shocked_side(self) -> str:
        """The side whose move is spuriously a defection in the recovery analysis."""
        return self.analysis.recovery.side or self.sides[0]

    def default_analyses(self) -> list[str]:
        """Every analysis the model allows."""
        out = ["match", "tournament", "recovery", "sweep"] if self.has_game else []
        if self.richardson is not None:
            out.append("richardson")
        return out

    def with_overrides(
        self,
        *,
        noise: float | None = None,
        misperception: Mapping[str, float] | None = None,
        slip: Mapping[str, float] | None = None,
        policies: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
        rounds: int | None = None,
        repetitions: int | None = None,
        seed: int | None = None,
    ) -> DynamicsModel:
        """A copy with command-line settings applied (and validated again).

        ``misperception``/``slip`` replace the given sides' values; ``policies`` is a list
        for both sides or a mapping side → list (first = current policy); ``rounds`` sets a
        fixed horizon.
        """
        data = self.model_dump(mode="python", exclude_none=True)

        def by_side(values: Mapping[str, Any], option: str) -> dict[str, Any]:
            out = {}
            for name, value in values.items():
                side = self._find_side(name)
                if side is None:
                    raise ModelError(f"unknown side {name!r}. {did_you_mean(name, self.sides)}",
                                     field=option)
                out[side] = value
            return out

        if noise is not None:
            data["noise"]["symmetric"] = noise
        if misperception:
            data["noise"]["misperception"].update(by_side(misperception, "noise.misperception"))
        if slip:
            data["noise"]["slip"].update(by_side(slip, "noise.slip"))
        if policies is not None:
            if isinstance(policies, Mapping):
                chosen = {s: list(v) for s, v in by_side(policies, "policies").items()}
                for s in self.sides:
                    chosen.setdefault(s, self.candidates(s))
            else:
                chosen = {s: list(policies) for s in self.sides}
            data["policies"] = {
                s: {"current": v[0], "alternatives": v[1:]} for s, v in chosen.items() if v
            }
        if rounds is not None:
            data["horizon"] = {"rounds": rounds}
        if repetitions is not None:
            data["analysis"]["repetitions"] = repetitions
        if seed is not None:
            data["analysis"]["seed"] = seed
        if data.get("game") is not None:
            data["game"] = {s: p for s, p in data["game"].items()}
        return dynamics_from_data(data)


# -- options as the command line gives them ---------------------------------------------------
def _option_for(field: str | None) -> str | None:
    """The command-line option a model field comes from (for error messages)."""
    if not field:
        return field
    mapping = {"noise.symmetric": "--noise", "noise.misperception": "--misperception",
               "noise.slip": "--slip", "policies": "--policies", "horizon": "--rounds",
               "analysis.repetitions": "--repetitions", "analysis.seed": "--seed"}
    for prefix, option in mapping.items():
        if field.startswith(prefix):
            return option
    return field


def _option_probability(value: float, option: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise ModelError(f"{option}: a probability must be between 0 and 1; got {value:g}")
    return value


def _option_side(name: str, option: str, sides: list[str]) -> str:
    for s in sides:
        if s.casefold() == name.strip().casefold():
            return s
    raise ModelError(f"{option}: unknown side {name.strip()!r}. "
                     f"{did_you_mean(name.strip(), sides)}")


def _csv(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _option_per_side(value: str | Mapping[str, float], option: str,
                     sides: list[str]) -> dict[str, float]:
    """``"SIDE=P,…"`` (or a mapping side → probability): each side found (case-insensitive)
    and each probability checked."""
    values: dict[str, float] = {}
    if isinstance(value, str):
        pairs: list[tuple[str, Any]] = []
        for part in _csv(value):
            if "=" not in part:
                raise ModelError(f"{option}: expected SIDE=P (e.g. {sides[0]}=0.05), got "
                                 f"{part!r}")
            name, _, number = part.rpartition("=")
            pairs.append((name, number))
    else:
        pairs = list(value.items())
    for name, number in pairs:
        side = _option_side(name, option, sides)
        try:
            p = float(number)
        except (TypeError, ValueError):
            raise ModelError(f"{option}: {str(number).strip()!r} is not a number (for side "
                             f"{side!r})") from None
        values[side] = _option_probability(p, f"{option} {side}")
    if not values:
        raise ModelError(f"{option}: give SIDE=P for at least one side")
    return values


def _option_policy_names(names: Sequence[str], side: str | None = None) -> list[str]:
    found: list[str] = []
    for n in names:
        try:
            canon = resolve_policy(n)
        except ModelError as exc:
            raise ModelError(f"--policies: {exc.message}") from None
        if canon in found:  # as in a scenario file's policies
            same = ("" if n.strip().casefold() == canon.casefold()
                    else f" ({n.strip()!r} is another name for it)")
            raise ModelError(f"--policies: {canon!r} is listed twice"
                             + (f" for {side!r}" if side else "") + same)
        found.append(canon)
    if not found:
        raise ModelError("--policies: no policy named")
    return found


def _option_policies(value: str | Sequence[str] | Mapping[str, Sequence[str]],
                     sides: list[str]) -> dict[str, list[str]] | list[str]:
    """``"A,B"`` for both sides, ``"Side=A,B; Other=C"`` per side, or the same as a list or
    a mapping: names resolved (Axelrod's names too), duplicates refused."""
    if isinstance(value, Mapping):
        parts = [(name, list(names)) for name, names in value.items()]
    elif not isinstance(value, str):
        return _option_policy_names(list(value))
    elif "=" not in value:
        return _option_policy_names(_csv(value))
    else:
        parts = []
        for part in value.split(";"):
            if not part.strip():
                continue
            if "=" not in part:
                raise ModelError("--policies: expected SIDE=POLICY,… for each side (separated "
                                 f"by ';'), got {part.strip()!r}")
            name, _, rest = part.partition("=")
            parts.append((name, _csv(rest)))
    chosen: dict[str, list[str]] = {}
    for name, names in parts:
        side = _option_side(name, "--policies", sides)
        if side in chosen:
            raise ModelError(f"--policies: side {side!r} appears twice")
        chosen[side] = _option_policy_names(names, side)
    return chosen


def apply_options(
    model: DynamicsModel,
    *,
    noise: float | None = None,
    misperception: str | Mapping[str, float] | None = None,
    slip: str | Mapping[str, float] | None = None,
    policies: str | Sequence[str] | Mapping[str, Sequence[str]] | None = None,
    rounds: int | None = None,
    repetitions: int | None = None,
    seed: int | None = None,
) -> DynamicsModel:
    """``model`` with the options of ``detente dynamics`` applied and checked, as the
    command takes them: ``noise`` a probability; ``misperception`` and ``slip`` per side
    (``"Russia=0.1,United States=0.02"`` or a mapping); ``policies`` for both sides
    (``"TFT,GRIT"`` or a list) or per side (``"US=TFT,GRIT; Russia=TFT"`` or a mapping),
    first = current; ``rounds``, ``repetitions`` at least 1, ``seed`` at least 0. Errors
    name the option.

    >>> m = apply_options(DynamicsModel.default(), noise=0.05, slip="a=0.01",
    ...                   policies="TFT,GRIT")
    >>> m.noise.symmetric, dict(m.noise.slip), m.candidates("B")
    (0.05, {'A': 0.01}, ['Tit For Tat', 'GRIT'])
    """
    overrides: dict[str, Any] = {}
    if noise is not None:
        overrides["noise"] = _option_probability(noise, "--noise")
    if misperception is not None:
        overrides["misperception"] = _option_per_side(misperception, "--misperception",
                                                      model.sides)
    if slip is not None:
        overrides["slip"] = _option_per_side(slip, "--slip", model.sides)
    if policies is not None:
        overrides["policies"] = _option_policies(policies, model.sides)
    for value, option, low in ((rounds, "--rounds", 1), (repetitions, "--repetitions", 1),
                               (seed, "--seed", 0)):
        if value is not None and value < low:
            raise ModelError(f"{option} must be at least {low}; got {value}")
    if rounds is not None:
        overrides["rounds"] = rounds
    if repetitions is not None:
        overrides["repetitions"] = repetitions
    if seed is not None:
        overrides["seed"] = seed
    if not overrides:
        return model
    try:
        return model.with_overrides(**overrides)
    except ModelError as exc:
        raise ModelError(exc.message, field=_option_for(exc.field)) from None


# -- reading -----------------------------------------------------------------------------------
def _validation_error(exc: ValidationError, doc: LocatedData | None,
                      prefix: Sequence[str | int]) -> ModelError:
    errs = exc.errors(include_url=False)
    first = errs[0]
    ctx = first.get("ctx") or {}
    loc: list[str | int] = [*prefix, *(p for p in first["loc"]
                                        if not (isinstance(p, str) and "[" in p))]
    if first["type"] == "dynamics":
        loc.extend(ctx.get("path", ()))
        msg = str(ctx["detail"])
    elif first["type"] == "unknown_field":
        loc.append(ctx["key"])
        msg = f"unknown field {ctx['key']!r}." + (f" {ctx['hint']}" if ctx.get("hint") else "")
    elif first["type"] == "missing":
        missing = loc.pop() if loc else "?"
        msg = f"missing required field {missing!r}"
    elif first["type"] in ("too_short", "too_long") and loc and loc[-1] == "sides":
        msg = f"'sides' lists the two sides by name; got {len(first.get('input') or [])}"
    else:
        msg = first["msg"]
        got = first.get("input")
        if not isinstance(got, dict | list):
            msg += f"; got {describe(got)}"
    if len(errs) > 1:
        n = len(errs) - 1
        msg += f" (and {n} more problem{'s' if n > 1 else ''})"
    if doc is None:
        return ModelError(msg, field=field_path(loc) or None)
    return ModelError(msg, file=doc.file, line=doc.line(loc), field=field_path(loc) or None)


def dynamics_from_data(data: Any, *, located: LocatedData | None = None,
                       prefix: Sequence[str | int] = ()) -> DynamicsModel:
    """Validate the contents of a ``dynamics:`` section given as plain data.

    ``located`` (the parsed file) and ``prefix`` (the section's path in it) let errors name
    the file, line and field.

    >>> dynamics_from_data({"sides": ["A", "B"], "noise": {"symmetric": 1.5}})
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: noise.symmetric: a probability must be between 0 and 1; got 1.5
    """
    if not isinstance(data, dict):
        got = type(data).__name__ if data is not None else "nothing"
        msg = f"'dynamics' is a mapping (sides:, game:, noise:, …); got {got}"
        if located is not None:
            raise located.error(msg, prefix)
        raise ModelError(msg, field=field_path(prefix) or None)
    try:
        return DynamicsModel.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, located, prefix) from None


def dynamics_from_document(doc: LocatedData) -> DynamicsModel:
    """The validated ``dynamics:`` section of a parsed scenario file."""
    if not isinstance(doc.data, dict):
        raise ModelError("a scenario file is a mapping with a 'dynamics:' section",
                         file=doc.file, line=doc.line(()))
    if "dynamics" not in doc.data:
        raise ModelError(
            "this file has no 'dynamics:' section; add one (see docs/scenario-format.md) or run "
            "'detente dynamics' without a file to use command-line settings",
            file=doc.file,
        )
    return dynamics_from_data(doc.data["dynamics"], located=doc, prefix=("dynamics",))


def load_dynamics(path_or_builtin: str | Path) -> DynamicsModel:
    """Read a scenario file (or a built-in scenario by name) and validate its ``dynamics:``.

    Raises
    ------
    ModelError
        With file, line and field, when the file or its section is not valid, or has no
        ``dynamics:`` section.
    """
    source = str(path_or_builtin)
    path = Path(source)
    if path.exists() or is_stream(source):
        return dynamics_from_document(read_file(path))
    return dynamics_from_document(read_file(resolve_builtin(source) or source))
