"""Plain turn-by-turn reference implementations of détente's ten policies (for tests).

Written directly from the rules documented in :mod:`detente.dynamics.policies` (GRIT from
:class:`detente.dynamics.policies.Grit`'s docstring), one player object per match, with
scalar "C"/"D" moves and no NumPy, so that the vectorised engine can be checked against an
independent implementation. A match consumes the same draws as the engine
(:class:`detente.dynamics.engine.Events`).
"""

from __future__ import annotations

C, D = "C", "D"


class Plain:
    """Base: ``move(u)`` → (move, announced); ``observe(intended, actual, seen)``."""

    announced = False

    def move(self, u: float) -> tuple[str, bool]:
        raise NotImplementedError

    def observe(self, intended: str, actual: str, seen: str) -> None:
        pass


class MemoryOnePlain(Plain):
    def __init__(self, cc: float, cd: float, dc: float, dd: float, initial: float) -> None:
        self.p = {(C, C): cc, (C, D): cd, (D, C): dc, (D, D): dd}
        self.initial = initial
        self.last: tuple[str, str] | None = None

    def move(self, u: float) -> tuple[str, bool]:
        p = self.initial if self.last is None else self.p[self.last]
        return (C if u < p else D), False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.last = (actual, seen)


class TitForTat(Plain):
    def __init__(self, first: str = C) -> None:
        self.next = first

    def move(self, u: float) -> tuple[str, bool]:
        return self.next, False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.next = seen


class GenerousTitForTat(Plain):
    def __init__(self, generosity: float) -> None:
        self.g = generosity
        self.seen: str | None = None

    def move(self, u: float) -> tuple[str, bool]:
        if self.seen is None or self.seen == C:
            return C, False
        return (C if u < self.g else D), False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.seen = seen


class WinStayLoseShift(Plain):
    def __init__(self) -> None:
        self.last: tuple[str, str] | None = None
        self.mine = C

    def move(self, u: float) -> tuple[str, bool]:
        if self.last is None:
            return C, False
        own, other = self.last
        won = other == C  # R or T: stay; S or P: shift
        return (own if won else (D if own == C else C)), False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.last = (actual, seen)


class GrimTrigger(Plain):
    def __init__(self) -> None:
        self.triggered = False

    def move(self, u: float) -> tuple[str, bool]:
        return (D if self.triggered else C), False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        if seen == D:
            self.triggered = True


class ContriteTitForTat(Plain):
    def __init__(self) -> None:
        self.history: list[tuple[str, str, str]] = []  # (intended, actual, seen)
        self.contrite = False

    def move(self, u: float) -> tuple[str, bool]:
        if not self.history:
            return C, False
        intended, actual, seen = self.history[-1]
        if self.contrite and actual == C:
            self.contrite = False
            return C, False
        if intended != actual and actual == D and seen == C:
            self.contrite = True
        return seen, False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.history.append((intended, actual, seen))


class Constant(Plain):
    def __init__(self, move: str) -> None:
        self.m = move

    def move(self, u: float) -> tuple[str, bool]:
        return self.m, False


class RandomPlain(Plain):
    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def move(self, u: float) -> tuple[str, bool]:
        return (C if u < self.p else D), False


class Grit(Plain):
    """GRIT as documented: opening C; reciprocate outside initiatives; count the other's
    perceived defections since the last perceived mutual cooperation; at ``trigger`` launch
    an announced initiative of ``size`` unconditional cooperations; unanswered initiatives
    grow by ``growth`` up to ``max_initiative``; after ``patience`` unanswered ones in a
    row, launch none until the other is seen to cooperate."""

    def __init__(self, initiative: int = 2, growth: int = 1, max_initiative: int = 4,
                 patience: int = 3, trigger: int = 2, announced: bool = True) -> None:
        self.initiative, self.growth, self.max_initiative = initiative, growth, max_initiative
        self.patience, self.trigger, self.announces = patience, trigger, announced
        self.mode = "reciprocate"
        self.left = 0
        self.offences = 0
        self.size = initiative
        self.unanswered = 0
        self.answered = False
        self.last_seen: str | None = None

    def move(self, u: float) -> tuple[str, bool]:
        if self.mode == "initiative":
            return C, self.announces
        return (self.last_seen or C), False

    def observe(self, intended: str, actual: str, seen: str) -> None:
        self.last_seen = seen
        if self.mode == "reciprocate":
            if actual == C and seen == C:
                self.offences = 0
            if seen == D:
                self.offences += 1
            else:
                self.unanswered = 0
                self.size = self.initiative
            if self.offences >= self.trigger and self.unanswered < self.patience:
                self.mode = "initiative"
                self.left = self.size
                self.answered = False
                self.offences = 0
            return
        if seen == C:
            self.answered = True
        self.left -= 1
        if self.left == 0:
            self.mode = "reciprocate"
            self.offences = 0
            if self.answered:
                self.unanswered = 0
                self.size = self.initiative
            else:
                self.unanswered += 1
                self.size = min(self.size + self.growth, self.max_initiative)


def plain_policy(name: str, generosity: float = 1 / 3, p_random: float = 0.5,
                 grit: dict | None = None) -> Plain:
    """A fresh plain player for one of the ten canonical names."""
    return {
        "Tit For Tat": lambda: TitForTat(C),
        "Suspicious Tit For Tat": lambda: TitForTat(D),
        "Generous Tit For Tat": lambda: GenerousTitForTat(generosity),
        "Contrite Tit For Tat": ContriteTitForTat,
        "Win-Stay Lose-Shift": WinStayLoseShift,
        "Grim Trigger": GrimTrigger,
        "GRIT": lambda: Grit(**(grit or {})),
        "Always Cooperate": lambda: Constant(C),
        "Always Defect": lambda: Constant(D),
        "Random": lambda: RandomPlain(p_random),
    }[name]()


def flip(m: str) -> str:
    return D if m == C else C


def plain_match(first: Plain, second: Plain, events, r: int) -> list[tuple[str, str]]:
    """Moves made in match ``r`` of ``events`` (all rounds), turn by turn."""
    moves = []
    for t in range(events.u.shape[0]):
        i0, an0 = first.move(float(events.u[t, r, 0]))
        i1, an1 = second.move(float(events.u[t, r, 1]))
        a0 = flip(i0) if events.slip[t, r, 0] else i0
        a1 = flip(i1) if events.slip[t, r, 1] else i1
        s0 = flip(a1) if events.misperception[t, r, 0] and not an1 else a1
        s1 = flip(a0) if events.misperception[t, r, 1] and not an0 else a0
        first.observe(i0, a0, s0)
        second.observe(i1, a1, s1)
        moves.append((a0, a1))
    return moves
