"""Richardson's arms-race model: continuous escalation between two sides.

Lewis F. Richardson (1960), *Arms and Insecurity* (Boxwood Press), modelled two rivals'
levels of armament — or of any hostility that can be counted, such as diplomats expelled
per year — by the linear differential equations

    dx/dt = k·y − a·x + g
    dy/dt = l·x − b·y + h

where x is the first side's level and y the second's; k and l (*defence coefficients*,
≥ 0) say how strongly each side answers the other's level, a and b (*fatigue and expense
coefficients*, > 0) how much its own level restrains it, and g and h are *grievances*:
hostility a side adds even when the other has none (negative for goodwill). Richardson read
negative levels as cooperation.

- **Equilibrium**: where both rates are zero, x* = (k·h + b·g)/(a·b − k·l) and
  y* = (l·g + a·h)/(a·b − k·l), when a·b ≠ k·l.
- **Stability**: the matrix [[−a, k], [l, −b]] has trace −(a + b) < 0, so the equilibrium is
  stable exactly when its determinant is positive: **a·b > k·l** (restraint outweighs
  reaction). Otherwise the race runs away (levels grow without bound) or collapses towards
  ever lower levels, depending on which side of the saddle's stable line it starts
  (Richardson 1960; Intriligator 1964).
- **Settling a runaway race**: as stability depends on a·b versus k·l only, each single
  change that restores a·b > k·l is found in closed form — raise a above k·l/b, raise b
  above k·l/a, cut k below a·b/l, or cut l below a·b/k — and reported with the size of the
  change and the equilibrium the race would then settle at.

Examples
--------
>>> race = Richardson(k=0.9, l=0.8, a=0.5, b=0.6, g=1.0, h=2.0)
>>> race.stable, race.equilibrium
(False, None)
>>> [c["parameter"] for c in race.settling_changes()]
['k', 'l', 'a', 'b']
>>> calm = Richardson(k=0.3, l=0.2, a=0.5, b=0.6, g=1.0, h=2.0)
>>> calm.stable, [round(v, 4) for v in calm.equilibrium]
(True, [5.0, 5.0])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.model.dynamics import DynamicsModel

__all__ = ["Richardson", "RichardsonResult", "analyse_richardson"]

#: Levels beyond this size end a runaway trajectory (kept finite for plots and JSON).
LIMIT = 1e12

#: Margin beyond the stability threshold used for the example values of a change.
MARGIN = 1.1

_MEANING = {
    "k": "defence coefficient (reaction to the other's level)",
    "l": "defence coefficient (reaction to the other's level)",
    "a": "fatigue and expense coefficient (restraint)",
    "b": "fatigue and expense coefficient (restraint)",
}


@dataclass(frozen=True)
class Richardson:
    """The coefficients of Richardson's model (first side x: k, a, g; second y: l, b, h)."""

    k: float
    l: float
    a: float
    b: float
    g: float = 0.0
    h: float = 0.0

    @property
    def matrix(self) -> np.ndarray:
        """The linear part [[−a, k], [l, −b]]."""
        return np.array([[-self.a, self.k], [self.l, -self.b]])

    @property
    def determinant(self) -> float:
        """a·b − k·l."""
        return self.a * self.b - self.k * self.l

    @property
    def stable(self) -> bool:
        """Richardson's condition a·b > k·l (with a, b > 0)."""
        return self.a * self.b > self.k * self.l and self.a + self.b > 0

    @property
    def equilibrium(self) -> list[float] | None:
        """``[x*, y*]``, or ``None`` when a·b = k·l (no single equilibrium) or unstable
        (an equilibrium exists, but a race never settles there — see
        :attr:`saddle_point`)."""
        return self.saddle_point if self.stable else None

    @property
    def saddle_point(self) -> list[float] | None:
        """Where both rates vanish, stable or not (``None`` when a·b = k·l)."""
        det = self.determinant
        if det == 0:
            return None
        return [(self.k * self.h + self.b * self.g) / det,
                (self.l * self.g + self.a * self.h) / det]

    def rates(self, x: Any, y: Any) -> tuple[Any, Any]:
        """(dx/dt, dy/dt) at levels ``x``, ``y`` (arrays welcome)."""
        return self.k * y - self.a * x + self.g, self.l * x - self.b * y + self.h

    def eigenvalues(self) -> list[float]:
        """The eigenvalues of the linear part, largest first (real: k·l ≥ 0)."""
        tr = -(self.a + self.b)
        disc = np.sqrt(max(0.0, tr * tr - 4 * self.determinant))
        return [float((tr + disc) / 2), float((tr - disc) / 2)]

    def trajectory(self, x0: float, y0: float, horizon: float,
                   points: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(t, x, y)`` from ``(x0, y0)`` over ``[0, horizon]``, by SciPy's ``solve_ivp``
        (explicit Runge–Kutta 4(5), tight tolerances). A runaway race is followed until a
        level reaches :data:`LIMIT` in size; the trajectory then ends early."""
        from scipy.integrate import solve_ivp

        t = np.linspace(0.0, horizon, points)

        def f(_t: float, z: np.ndarray) -> list[float]:
            return list(self.rates(z[0], z[1]))

        def too_large(_t: float, z: np.ndarray) -> float:
            return LIMIT - max(abs(z[0]), abs(z[1]))

        too_large.terminal = True  # type: ignore[attr-defined]
        sol = solve_ivp(f, (0.0, horizon), [x0, y0], t_eval=t, rtol=1e-10, atol=1e-10,
                        method="RK45", events=too_large)
        if not sol.success:  # pragma: no cover - a linear system does not fail
            raise RuntimeError(sol.message)
        if sol.status == 1:  # stopped at the limit: end with the point where it was reached
            t_end, z_end = sol.t_events[0][0], sol.y_events[0][0]
            return (np.append(sol.t, t_end), np.append(sol.y[0], z_end[0]),
                    np.append(sol.y[1], z_end[1]))
        return sol.t, sol.y[0], sol.y[1]

    def outcome(self, x0: float, y0: float) -> str:
        """"stable" (settles at the equilibrium), "runaway" (levels grow without bound),
        "disarmament" (levels fall without bound) or "balanced" (on the saddle's stable
        line, or a·b = k·l with no drift)."""
        if self.stable:
            return "stable"
        lam = self.eigenvalues()[0]
        # Left eigenvector of the largest eigenvalue, w·[[−a, k], [l, −b]] = λ·w; positive
        # when the race is unstable (k, l > 0), so w·z measures the overall level.
        w = np.array([self.l, lam + self.a])
        point = self.saddle_point
        if point is None:  # a·b = k·l, λ = 0: w·z drifts at the constant rate w·(g, h)
            drive = float(w @ [self.g, self.h])
        else:
            drive = float(w @ (np.array([x0, y0]) - np.array(point)))
        if drive > 0:
            return "runaway"
        if drive < 0:
            return "disarmament"
        return "balanced"

    def settling_changes(self) -> list[dict[str, Any]]:
        """Single-coefficient changes that make the race stable, smallest relative change
        first; empty when it is stable already.

        Each entry: ``parameter`` (k, l, a or b), ``side`` (0 or 1), ``direction``
        ("increase above" or "decrease below"), ``threshold`` (the value at which
        a·b = k·l), ``value`` (an example ``MARGIN`` beyond the threshold), ``change``
        (relative change of the example value), and ``equilibrium`` there.
        """
        if self.stable:
            return []
        k, l, a, b = self.k, self.l, self.a, self.b
        out = []
        options = [
            ("k", 0, "decrease below", a * b / l if l else None),
            ("l", 1, "decrease below", a * b / k if k else None),
            ("a", 0, "increase above", k * l / b if b > 0 else None),
            ("b", 1, "increase above", k * l / a if a > 0 else None),
        ]
        for name, side, direction, threshold in options:
            if threshold is None:
                continue
            current = getattr(self, name)
            value = threshold / MARGIN if direction.startswith("decrease") else threshold * MARGIN
            changed = Richardson(**{**self.__dict__, name: value})
            out.append({
                "parameter": name,
                "side": side,
                "meaning": _MEANING[name],
                "current": current,
                "direction": direction,
                "threshold": threshold,
                "value": value,
                "change": (value - current) / current if current else None,
                "equilibrium": changed.equilibrium,
            })
        out.sort(key=lambda c: abs(c["change"]) if c["change"] is not None else np.inf)
        return out


@dataclass
class RichardsonResult:
    """Richardson analysis of a model: coefficients, equilibrium, stability, trajectory and
    the changes that would settle a runaway race."""

    sides: list[str]
    unit: str
    race: Richardson
    initial: tuple[float, float]
    horizon: float
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray

    @property
    def outcome(self) -> str:
        """See :meth:`Richardson.outcome`."""
        return self.race.outcome(*self.initial)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (docs/dynamics.md, "richardson")."""
        s0, s1 = self.sides
        r = self.race
        eq = r.equilibrium
        sp = r.saddle_point
        changes = [{**c, "side": self.sides[c["side"]],
                    "equilibrium": None if c["equilibrium"] is None
                    else dict(zip(self.sides, c["equilibrium"], strict=True))}
                   for c in r.settling_changes()]
        return {
            "sides": list(self.sides),
            "unit": self.unit,
            "coefficients": {"k": r.k, "l": r.l, "a": r.a, "b": r.b, "g": r.g, "h": r.h},
            "by_side": {
                s0: {"defence": r.k, "fatigue": r.a, "grievance": r.g,
                     "initial": self.initial[0]},
                s1: {"defence": r.l, "fatigue": r.b, "grievance": r.h,
                     "initial": self.initial[1]},
            },
            "condition": {"ab": r.a * r.b, "kl": r.k * r.l},
            "stable": r.stable,
            "outcome": self.outcome,
            "eigenvalues": r.eigenvalues(),
            "equilibrium": None if eq is None else dict(zip(self.sides, eq, strict=True)),
            "saddle_point": None if sp is None else dict(zip(self.sides, sp, strict=True)),
            "horizon": self.horizon,
            "trajectory": {"t": [float(v) for v in self.t], s0: [float(v) for v in self.x],
                           s1: [float(v) for v in self.y]},
            "settling_changes": changes,
        }


def analyse_richardson(model: DynamicsModel, points: int = 201) -> RichardsonResult:
    """The Richardson analysis of ``model.richardson`` (which must be present).

    >>> from detente.model.dynamics import dynamics_from_data
    >>> m = dynamics_from_data({"sides": ["A", "B"], "richardson": {
    ...     "defence": {"A": 0.9, "B": 0.8}, "fatigue": {"A": 0.5, "B": 0.6},
    ...     "grievance": {"A": 1, "B": 2}, "initial": {"A": 10, "B": 10}, "horizon": 5}})
    >>> r = analyse_richardson(m).to_dict()
    >>> r["stable"], r["outcome"], r["settling_changes"][0]["parameter"]
    (False, 'runaway', 'k')
    """
    from detente.model.errors import ModelError

    spec = model.richardson
    if spec is None:
        raise ModelError("the dynamics section has no 'richardson:' model", field="dynamics")
    c = spec.coefficients(model.sides)
    race = Richardson(k=c["k"], l=c["l"], a=c["a"], b=c["b"], g=c["g"], h=c["h"])
    t, x, y = race.trajectory(c["x0"], c["y0"], spec.horizon, points)
    return RichardsonResult(list(model.sides), spec.unit, race, (c["x0"], c["y0"]),
                            spec.horizon, t, x, y)
