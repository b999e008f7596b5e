"""The ten reciprocity policies détente simulates itself, as vectorised state machines.

A *policy* decides each round whether a side cooperates (``True``) or defects (``False``)
from what it has seen so far. Each policy here is a small finite-state machine, and its
:class:`Machine` runs many copies at once — one per match of a tournament and repetition — on
NumPy arrays: :meth:`Machine.intend` gives every copy's intended move, and
:meth:`Machine.observe` moves every copy to its next state once the round is played.

What a side observes after a round: the move it *intended*, the move it *actually* made (a
slip may have turned one into the other; the side knows what it did) and the move it *saw*
the other side make (a misperception may have turned the other's move into its opposite).

Policies (defaults as in the Axelrod library where it has them):

========================  =====================================================================
Tit For Tat               cooperate first, then do what the other did (Rapoport; Axelrod 1984)
Suspicious Tit For Tat    defect first, then as Tit For Tat (Boyd & Lorberbaum 1987)
Generous Tit For Tat      as Tit For Tat, but forgive a defection with probability g
                          (Nowak & Sigmund 1992: g = min(1 − (T−R)/(R−S), (R−P)/(T−P)))
Contrite Tit For Tat      as Tit For Tat, but after its own slip provoked a defection it accepts
                          that one retaliation without answering it (Sugden 1986; Boyd 1989;
                          Wu & Axelrod 1995)
Win-Stay Lose-Shift       repeat the last move after R or T, switch after S or P (Kraines &
                          Kraines 1989; Nowak & Sigmund 1993)
Grim Trigger              cooperate until the other defects once, then defect for ever
                          (Friedman 1971; the library's "Grudger")
GRIT                      Osgood's (1962) graduated reciprocation in tension reduction (see
                          :class:`Grit` for the rule implemented)
Always Cooperate          cooperate
Always Defect             defect
Random                    cooperate with probability p (default ½), independently each round
========================  =====================================================================

The first seven that are memory-one (their move depends only on the last round) are
:class:`MemoryOne` machines with a probability vector, which :mod:`detente.dynamics.markov`
solves exactly.

Examples
--------
>>> import numpy as np
>>> from detente.model.dynamics import Payoffs, PolicyParameters
>>> tft = make_policy("Tit For Tat", Payoffs(R=3, S=0, T=5, P=1), PolicyParameters())
>>> m = tft.machine([tft], np.zeros(3, dtype=np.intp))
>>> m.intend(np.zeros(3))[0]
array([ True,  True,  True])
>>> seen = np.array([True, False, True])
>>> m.observe(np.ones(3, bool), np.ones(3, bool), seen)
>>> m.intend(np.zeros(3))[0]
array([ True, False,  True])
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detente.model.dynamics import NATIVE_POLICIES, Payoffs, PolicyParameters
from detente.model.errors import ModelError

__all__ = [
    "Policy",
    "Machine",
    "MemoryOne",
    "GrimTrigger",
    "ContriteTitForTat",
    "Grit",
    "make_policy",
    "NATIVE_NAMES",
]

#: The canonical names of the ten policies, in the order they are listed.
NATIVE_NAMES: tuple[str, ...] = tuple(NATIVE_POLICIES)


class Machine(ABC):
    """Many copies of one kind of policy, played in step.

    Parameters
    ----------
    policies:
        The distinct policies of this kind in the batch (they may differ in parameters).
    which:
        For each copy, the index of its policy in ``policies``.
    """

    def __init__(self, policies: Sequence[Policy], which: np.ndarray) -> None:
        self.n = len(which)

    @abstractmethod
    def intend(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """The intended moves (``True`` = cooperate) given uniform draws ``u`` in [0, 1),
        and which of them are *announced* (cannot be misperceived), or ``None``."""

    @abstractmethod
    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        """Move to the next state after a round: own intended and actual move, and the
        other side's move as seen."""


@dataclass(frozen=True)
class Policy(ABC):
    """A policy: a name and the :class:`Machine` that plays it."""

    name: str

    @abstractmethod
    def machine(self, policies: Sequence[Policy], which: np.ndarray) -> Machine:
        """A machine running copies of ``policies`` (all of this policy's kind)."""

    @property
    def kind(self) -> type[Policy]:
        """Policies of one kind share a machine."""
        return type(self)

    @property
    def memory_one(self) -> tuple[tuple[float, float, float, float], float] | None:
        """``(four_vector, initial)`` for memory-one policies, else ``None``."""
        return None


# -- memory-one ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryOne(Policy):
    """A memory-one policy (Nowak & Sigmund 1990).

    ``vector`` gives the probability of cooperating after each outcome of the last round,
    own move first: (CC, CD, DC, DD), where "own" is the move actually made and the other's
    is the move as seen; ``initial`` is the probability of cooperating in round one.

    >>> MemoryOne("Win-Stay Lose-Shift", (1, 0, 0, 1), 1).memory_one
    ((1.0, 0.0, 0.0, 1.0), 1.0)
    """

    vector: tuple[float, float, float, float] = (1.0, 0.0, 1.0, 0.0)
    initial: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "vector", tuple(float(p) for p in self.vector))
        object.__setattr__(self, "initial", float(self.initial))

    @property
    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        return self.vector, self.initial  # type: ignore[return-value]

    def machine(self, policies: Sequence[Policy], which: np.ndarray) -> Machine:
        return _MemoryOneMachine(policies, which)


class _MemoryOneMachine(Machine):
    # State 0..3: last outcome (own actual, other seen) CC, CD, DC, DD; 4: before round one.
    def __init__(self, policies: Sequence[Policy], which: np.ndarray) -> None:
        super().__init__(policies, which)
        table = np.array([[*p.vector, p.initial] for p in policies])  # type: ignore[attr-defined]
        self.p = table[which].ravel()
        self.base = np.arange(self.n) * 5
        self.state = np.full(self.n, 4, dtype=np.intp)

    def intend(self, u: np.ndarray) -> tuple[np.ndarray, None]:
        return u < self.p[self.base + self.state], None

    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        self.state = 2 * (~actual) + (~seen)


# -- Grim Trigger -------------------------------------------------------------------------------
@dataclass(frozen=True)
class GrimTrigger(Policy):
    """Cooperate until the other side is seen to defect once; then defect for ever.

    Friedman (1971), "A non-cooperative equilibrium for supergames"; the Axelrod library's
    Grudger.
    """

    def machine(self, policies: Sequence[Policy], which: np.ndarray) -> Machine:
        return _GrimMachine(policies, which)


class _GrimMachine(Machine):
    def __init__(self, policies: Sequence[Policy], which: np.ndarray) -> None:
        super().__init__(policies, which)
        self.triggered = np.zeros(self.n, dtype=bool)

    def intend(self, u: np.ndarray) -> tuple[np.ndarray, None]:
        return ~self.triggered, None

    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        self.triggered |= ~seen


# -- Contrite Tit For Tat -----------------------------------------------------------------------
@dataclass(frozen=True)
class ContriteTitForTat(Policy):
    """Tit For Tat that owns up to its own mistakes (Sugden 1986; Boyd 1989).

    Plays Tit For Tat, but when one of its own moves came out as a defection it did not
    intend while the other side was cooperating, it becomes *contrite*: the next time its
    own move comes out as cooperation it cooperates once more whatever the other side did,
    so that the other's (justified) retaliation is not answered and the echo dies. This is
    the rule of the Axelrod library's Contrite Tit For Tat (after Wu & Axelrod 1995, "How to
    cope with noise in the iterated prisoner's dilemma"), which détente reproduces move for
    move.
    """

    def machine(self, policies: Sequence[Policy], which: np.ndarray) -> Machine:
        return _ContriteMachine(policies, which)


class _ContriteMachine(Machine):
    def __init__(self, policies: Sequence[Policy], which: np.ndarray) -> None:
        super().__init__(policies, which)
        n = self.n
        self.started = np.zeros(n, dtype=bool)
        self.contrite = np.zeros(n, dtype=bool)
        self.intended = np.ones(n, dtype=bool)
        self.actual = np.ones(n, dtype=bool)
        self.seen = np.ones(n, dtype=bool)

    def intend(self, u: np.ndarray) -> tuple[np.ndarray, None]:
        apologise = self.started & self.contrite & self.actual
        provoked = (
            self.started & ~apologise & (self.intended != self.actual) & ~self.actual & self.seen
        )
        self.contrite = (self.contrite & ~apologise) | provoked
        return ~self.started | apologise | self.seen, None

    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        self.started[:] = True
        self.intended = intended.copy()
        self.actual = actual.copy()
        self.seen = seen.copy()


# -- GRIT -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grit(Policy):
    """GRIT: Graduated and Reciprocated Initiatives in Tension-reduction (Osgood 1962).

    Osgood's *An Alternative to War or Surrender* (1962) proposed that one side break an
    arms race by a series of small conciliatory steps, announced in advance, carried out as
    announced whatever the other does and continued for a while, inviting reciprocation;
    reciprocation is answered in kind, exploitation is met by a proportionate response (never
    an escalation), and the initiatives then resume. In a game of cooperation and defection
    détente implements it as the following rule (parameters in brackets, defaults from
    :class:`detente.model.dynamics.GritParameters`):

    1. *Opening and reciprocity.* Cooperate in round one. Outside an initiative, do what the
       other side was seen to do last round: cooperation is reciprocated, and each perceived
       defection is answered by exactly one defection (proportionate, not escalating).
    2. *Tension.* Count the other side's perceived defections since the last round of
       perceived mutual cooperation. When the count reaches ``trigger`` [2], announce and
       start a unilateral initiative.
    3. *Initiative.* Cooperate for ``size`` rounds regardless of what the other does; the
       first initiative lasts ``initiative`` [2] rounds. Announced moves are unambiguous: when
       ``announced`` [true], the other side cannot misperceive them (slips still happen).
    4. *Graduation.* An initiative during which the other side cooperated at least once is
       *answered*: the next one is again ``initiative`` rounds long. An unanswered initiative
       makes the next one ``growth`` [1] rounds longer, up to ``max_initiative`` [4].
    5. *Patience.* After ``patience`` [3] unanswered initiatives in a row, launch no more and
       keep to proportionate reciprocity (rule 1) until the other side is seen to cooperate,
       which renews patience. Any perceived cooperation by the other outside an initiative
       also resets the next initiative's length to ``initiative``.

    After an initiative the count of rule 2 restarts from zero. The state is finite (mode,
    rounds left, count up to ``trigger``, size, unanswered count up to ``patience``, whether
    answered, the last move seen), so GRIT is a small finite-state machine.

    References
    ----------
    Osgood, C. E. (1962). *An Alternative to War or Surrender*. University of Illinois Press.
    Lindskold, S. (1978). Trust development, the GRIT proposal, and the effects of
    conciliatory acts on conflict and cooperation. *Psychological Bulletin* 85(4), 772–793.
    """

    initiative: int = 2
    growth: int = 1
    max_initiative: int = 4
    patience: int = 3
    trigger: int = 2
    announced: bool = True

    def machine(self, policies: Sequence[Policy], which: np.ndarray) -> Machine:
        return _GritMachine(policies, which)


class _GritMachine(Machine):
    def __init__(self, policies: Sequence[Policy], which: np.ndarray) -> None:
        super().__init__(policies, which)
        n = self.n

        def param(name: str) -> np.ndarray:
            return np.array([getattr(p, name) for p in policies], dtype=np.int64)[which]

        self.base = param("initiative")
        self.growth = param("growth")
        self.longest = param("max_initiative")
        self.patience = param("patience")
        self.trigger = param("trigger")
        self.announces = param("announced").astype(bool)
        self.in_initiative = np.zeros(n, dtype=bool)
        self.left = np.zeros(n, dtype=np.int64)
        self.tension = np.zeros(n, dtype=np.int64)
        self.size = self.base.copy()
        self.unanswered = np.zeros(n, dtype=np.int64)
        self.answered = np.zeros(n, dtype=bool)
        self.seen = np.ones(n, dtype=bool)  # round one: cooperate

    def intend(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.in_initiative | self.seen, self.in_initiative & self.announces

    def observe(self, intended: np.ndarray, actual: np.ndarray, seen: np.ndarray) -> None:
        ini = self.in_initiative
        rec = ~ini
        # Rule 1-2 (reciprocity): tension since the last perceived mutual cooperation.
        tension = np.where(rec & actual & seen, 0, self.tension)
        tension = np.where(rec & ~seen, np.minimum(tension + 1, self.trigger), tension)
        renewed = rec & seen
        unanswered = np.where(renewed, 0, self.unanswered)
        size = np.where(renewed, self.base, self.size)
        launch = rec & (tension >= self.trigger) & (unanswered < self.patience)
        # Rules 3-4 (initiative): count down, note answers, graduate at the end.
        answered = self.answered | (ini & seen)
        left = np.where(ini, self.left - 1, self.left)
        end = ini & (left <= 0)
        unanswered = np.where(end, np.where(answered, 0, np.minimum(unanswered + 1,
                                                                     self.patience)),
                              unanswered)
        size = np.where(end, np.where(answered, self.base,
                                      np.minimum(size + self.growth, self.longest)), size)
        tension = np.where(end, 0, tension)
        # Launch a new initiative.
        self.in_initiative = (ini & ~end) | launch
        self.left = np.where(launch, size, left)
        self.answered = np.where(launch, False, answered)
        self.tension = np.where(launch, 0, tension)
        self.size = size
        self.unanswered = unanswered
        self.seen = seen.copy()


# -- catalogue ----------------------------------------------------------------------------------
def make_policy(name: str, payoffs: Payoffs, parameters: PolicyParameters) -> Policy:
    """The policy ``name`` (a canonical name of :data:`NATIVE_NAMES`) for a side.

    ``payoffs`` (the side's stage game) set Generous Tit For Tat's generosity unless
    ``parameters.generosity`` is given.

    >>> from detente.model.dynamics import Payoffs, PolicyParameters
    >>> make_policy("Generous Tit For Tat", Payoffs(R=3, S=0, T=5, P=1),
    ...             PolicyParameters()).vector  # doctest: +ELLIPSIS
    (1.0, 0.333..., 1.0, 0.333...)
    """
    if name == "Tit For Tat":
        return MemoryOne(name, (1, 0, 1, 0), 1)
    if name == "Suspicious Tit For Tat":
        return MemoryOne(name, (1, 0, 1, 0), 0)
    if name == "Generous Tit For Tat":
        g = parameters.generosity
        if g is None:
            g = payoffs.generosity()
            if g is None:
                raise ModelError(
                    "Generous Tit For Tat's default generosity (Nowak & Sigmund 1992) needs "
                    f"a prisoner's dilemma (T > R > P > S); the payoffs are R={payoffs.R:g}, "
                    f"S={payoffs.S:g}, T={payoffs.T:g}, P={payoffs.P:g}. Give "
                    "'parameters: {generosity: …}' in the dynamics section",
                    field="dynamics.parameters.generosity",
                )
            g = min(1.0, max(0.0, g))
        return MemoryOne(name, (1, g, 1, g), 1)
    if name == "Contrite Tit For Tat":
        return ContriteTitForTat(name)
    if name == "Win-Stay Lose-Shift":
        return MemoryOne(name, (1, 0, 0, 1), 1)
    if name == "Grim Trigger":
        return GrimTrigger(name)
    if name == "GRIT":
        gp = parameters.grit
        return Grit(name, initiative=gp.initiative, growth=gp.growth,
                    max_initiative=gp.max_initiative, patience=gp.patience, trigger=gp.trigger,
                    announced=gp.announced)
    if name == "Always Cooperate":
        return MemoryOne(name, (1, 1, 1, 1), 1)
    if name == "Always Defect":
        return MemoryOne(name, (0, 0, 0, 0), 0)
    if name == "Random":
        p = parameters.random_cooperation
        return MemoryOne(name, (p, p, p, p), p)
    raise ModelError(f"{name!r} is not one of détente's own policies ({', '.join(NATIVE_NAMES)})")
