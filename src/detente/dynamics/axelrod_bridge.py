"""Fallback to the Axelrod library for strategies détente does not simulate itself.

The Axelrod library (Knight et al. 2016, "An open reproducible framework for the study of
the iterated prisoner's dilemma", *Journal of Open Research Software* 4(1)) offers more than
two hundred strategies, played turn by turn in Python. détente plays a pair that involves
one of them here, through the library's public player interface: each round both players'
``strategy`` is asked for a move, détente applies its own draws (the same
:class:`~detente.dynamics.engine.Events` as its vectorised engine) and reports the moves with
``update_history``; the result is a :class:`~detente.dynamics.engine.Play`, as from the
engine. A détente policy facing a library strategy is wrapped as a library player driven by
its own state machine, so it behaves exactly as in the engine.

Each library player is given its own side's stage game (``set_match_attributes``), the
match length (or −1 when the horizon is a continuation probability) and the noise level.

The library knows one kind of noise: a move flipped with the same probability for both
players, which both then see. A library strategy is therefore refused with per-side slips
or with misperception (:func:`check_library_rules`), and so are the few strategies that
inspect or manipulate their opponent's code or state.

Importing the library takes several seconds; this module imports it only when a library
strategy is actually played or looked up.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.dynamics.engine import Events, Play, Rules
from detente.dynamics.policies import Policy
from detente.model.errors import ModelError

__all__ = ["LibraryStrategy", "library_class", "check_library_rules", "play_pair", "player"]


@dataclass(frozen=True)
class LibraryStrategy:
    """A strategy of the Axelrod library, by its name in the library (e.g. "Tit For 2 Tats")."""

    name: str

    @property
    def memory_one(self) -> None:
        """Library strategies are not solved exactly (see :mod:`detente.dynamics.markov`)."""
        return None


@functools.cache
def _classes() -> dict[str, Any]:
    import axelrod

    return {s.name: s for s in axelrod.all_strategies}


def library_class(name: str) -> Any:
    """The library's player class called ``name``; :class:`ModelError` if there is none or
    if it inspects or manipulates its opponent."""
    classes = _classes()
    if name not in classes:
        from detente.model.errors import did_you_mean

        raise ModelError(f"the Axelrod library has no strategy {name!r}. "
                         f"{did_you_mean(name, sorted(classes))}")
    cls = classes[name]
    c = cls.classifier
    if c.get("inspects_source") or c.get("manipulates_source") or c.get("manipulates_state"):
        raise ModelError(
            f"{name!r} inspects or manipulates its opponent's code or state, which breaks "
            "the rules of an honest match; choose another strategy"
        )
    return cls


def check_library_rules(names: Sequence[str], rules: Rules) -> None:
    """Refuse library strategies with noise the library cannot represent.

    >>> import numpy as np
    >>> rules = Rules(np.zeros((2, 2, 2)), slip=(0.05, 0.05), misperception=(0.1, 0.0))
    >>> check_library_rules(["Tit For 2 Tats"], rules)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: 'Tit For 2 Tats' is a strategy of the Axelrod library, ...
    """
    if rules.symmetric_noise is not None:
        return
    shown = ", ".join(repr(n) for n in dict.fromkeys(names))
    what = []
    if rules.misperception != (0.0, 0.0):
        what.append(f"misperception {rules.misperception[0]:g}/{rules.misperception[1]:g}")
    if rules.slip[0] != rules.slip[1]:
        what.append(f"different slips per side {rules.slip[0]:g}/{rules.slip[1]:g}")
    raise ModelError(
        f"{shown} {'is a strategy' if len(set(names)) == 1 else 'are strategies'} of the "
        "Axelrod library, which has only one symmetric noise (a flipped move both sides see); "
        f"it cannot be played with {' and '.join(what)}. Use détente's own policies (Tit For "
        "Tat, Generous or Contrite Tit For Tat, Win-Stay Lose-Shift, Grim Trigger, GRIT, …) "
        "for per-side or perception noise, or give both sides the same slip and no "
        "misperception."
    )


@functools.cache
def _machine_player() -> type:
    import axelrod

    C, D = axelrod.Action.C, axelrod.Action.D

    class MachinePlayer(axelrod.Player):
        """A détente policy as a library player, driven by its state machine."""

        name = "détente policy"
        classifier = {
            "memory_depth": float("inf"),
            "stochastic": True,
            "makes_use_of": set(),
            "long_run_time": False,
            "inspects_source": False,
            "manipulates_source": False,
            "manipulates_state": False,
        }

        def __init__(self, policy: Policy | None = None, draws: Any = None) -> None:
            super().__init__()
            self.policy = policy
            if policy is not None:
                self.name = policy.name
                self._machine = policy.machine([policy], np.zeros(1, dtype=np.intp))
            self._draws = draws
            self._round = -1
            self._decision = True

        def strategy(self, opponent: Any) -> Any:
            t = len(self.history)
            if t != self._round:  # decide once per round, however often asked
                if t > 0:
                    self._machine.observe(
                        np.array([self._decision]),
                        np.array([self.history[-1] == C]),
                        np.array([opponent.history[-1] == C]),
                    )
                u = self._draws[t : t + 1] if self._draws is not None else np.zeros(1)
                self._decision = bool(self._machine.intend(u)[0][0])
                self._round = t
            return C if self._decision else D

    return MachinePlayer


def player(strategy: Policy | LibraryStrategy, draws: np.ndarray | None = None) -> Any:
    """A fresh library player for ``strategy`` (``draws``: a détente policy's uniform
    numbers, one per round)."""
    if isinstance(strategy, Policy):
        return _machine_player()(strategy, draws)
    return library_class(strategy.name)()


def play_pair(
    pair: tuple[Policy | LibraryStrategy, Policy | LibraryStrategy],
    events: Events,
    rules: Rules,
    *,
    seeds: np.ndarray,
    shock: tuple[int, int] | None = None,
    known_length: bool = True,
) -> Play:
    """Play ``events.length`` matches of ``pair`` turn by turn through the library.

    ``seeds[r, s]`` seeds side ``s``'s library player in repetition ``r``. Slips come from
    ``events.slip`` (and the ``shock``); misperception must be absent.
    """
    import axelrod

    C, D = axelrod.Action.C, axelrod.Action.D
    names = [s.name for s in pair if isinstance(s, LibraryStrategy)]
    check_library_rules(names, rules)
    rounds, reps, _ = events.u.shape
    t_ = rules.payoffs
    games = [axelrod.Game(r=t_[s, 1, 1], s=t_[s, 1, 0], t=t_[s, 0, 1], p=t_[s, 0, 0])
             for s in (0, 1)]
    coop = np.zeros((rounds, reps, 2), dtype=bool)
    intended = np.zeros_like(coop)
    slipped = events.slip.copy()
    for r in range(reps):
        players = [player(pair[s], events.u[:, r, s]) for s in (0, 1)]
        for s, p in enumerate(players):
            p.set_match_attributes(length=rounds if known_length else -1, game=games[s],
                                   noise=rules.slip[s])
            p.set_seed(int(seeds[r, s]))
        first, second = players
        for t in range(int(events.length[r])):
            i0 = first.strategy(second) == C
            i1 = second.strategy(first) == C
            if shock is not None and shock[0] == t:
                slipped[t, r, shock[1]] = (i0, i1)[shock[1]]
            a0 = bool(i0 ^ slipped[t, r, 0])
            a1 = bool(i1 ^ slipped[t, r, 1])
            m0, m1 = (C if a0 else D), (C if a1 else D)
            first.update_history(m0, m1)
            second.update_history(m1, m0)
            coop[t, r] = a0, a1
            intended[t, r] = i0, i1
    perceived = coop[:, :, ::-1].copy()
    pl = Play(coop, intended, perceived, slipped, np.zeros_like(coop), events.length.copy())
    pl.slipped &= pl.active[..., None]  # no slips in rounds that did not take place
    return pl
