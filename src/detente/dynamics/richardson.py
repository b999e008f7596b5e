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

def _expm1_over(x: Any) -> Any:
    """(eˣ − 1)/x, 1 at x = 0 (elementwise)."""
    x = np.asarray(x, dtype=float)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.expm1(safe) / safe)


def _dd1(u: float, v: float, t: np.ndarray) -> np.ndarray:
    """The divided difference (e^{tu} − e^{tv})/(u − v) for u ≥ v (t·e^{tu} when equal)."""
    gap = (u - v) * t
    far = gap > 1.0  # well apart: the plain quotient loses at most a digit
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        plain = (np.exp(u * t) - np.exp(v * t)) / (u - v) if u != v else np.zeros_like(t)
        near = np.exp(v * t) * t * _expm1_over(np.where(far, 0.0, gap))
    return np.where(far, plain, near)


def _dd2(u: float, v: float, w: float, t: np.ndarray) -> np.ndarray:
    """The second divided difference of x ↦ e^{tx} at u ≥ v ≥ w."""
    spread = (u - w) * t
    far = spread > 1.0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        plain = (_dd1(u, v, t) - _dd1(v, w, t)) / (u - w) if u != w else np.zeros_like(t)
        # all three within 1/t: shift by w and scale by t, then the Taylor series
        # Σ_{n≥2} h_{n-2}(p, q)/n! of the divided difference of exp at (p, q, 0), p, q ≤ 1
        p = np.where(far, 0.0, (u - w) * t)
        q = np.where(far, 0.0, (v - w) * t)
        total = np.zeros_like(t)
        h = np.ones_like(t)  # h_0
        pk, fact = np.ones_like(t), 2.0
        for n in range(2, 30):
            total = total + h / fact
            # h_{m+1}(p, q) = p^{m+1} + q·h_m(p, q)
            pk = pk * p
            h = pk + q * h
            fact *= n + 1
        near = np.exp(w * t) * t * t * total
    return np.where(far, plain, near)


def _times(d: np.ndarray, coef: float) -> np.ndarray:
    """d·coef, with 0 where coef is 0 (even where d overflowed)."""
    return np.zeros_like(d) if coef == 0 else d * coef


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

    def levels(self, x0: float, y0: float, t: Any) -> tuple[np.ndarray, np.ndarray]:
        """``(x, y)`` at times ``t`` (an array) from ``(x0, y0)`` at time 0, in closed form.

        The solution of z' = A·z + c is z(t) = e^{tA}·z0 + (∫₀ᵗ e^{sA} ds)·c. A is 2×2 with
        real eigenvalues λ₁ ≥ λ₂ (k·l ≥ 0), so by Cayley–Hamilton every function of tA is
        f(λ₂)·I + f[λ₁, λ₂]·(A − λ₂I), f[·,·] the divided difference (Sylvester's formula
        in Newton form; Higham 2008, *Functions of Matrices*, §1.2): e^{tA} takes the
        divided differences of x ↦ e^{tx} at {λ₁, λ₂}, its integral those at {λ₁, λ₂, 0}.
        Each is evaluated so that it neither cancels nor overflows needlessly (``expm1``
        for close nodes), so the cost and the accuracy do not depend on the coefficients:
        a stiff race (fatigue 10¹² over a horizon of 10⁶, which an explicit Runge–Kutta
        solver would cross in some 10¹⁸ steps, and at which a matrix exponential by scaling
        and squaring loses every digit of the slow mode) is as easy as any other. Levels of
        a runaway race overflow to ±inf far beyond :data:`LIMIT`.
        """
        t = np.asarray(t, dtype=float)
        k, l, a, b = self.k, self.l, self.a, self.b
        with np.errstate(over="ignore", invalid="ignore"):
            disc = float(np.hypot(a - b, 2.0 * np.sqrt(k * l)))  # λ₁ − λ₂
            lam2 = (-(a + b) - disc) / 2.0
            lam1 = self.determinant / lam2 if lam2 != 0 else (-(a + b) + disc) / 2.0
            e2 = np.exp(lam2 * t)
            d1 = _dd1(lam1, lam2, t)
            hi, mid, lo = sorted((lam1, lam2, 0.0), reverse=True)
            phi2 = _expm1_over(lam2 * t) * t  # ∫₀ᵗ e^{λ₂ s} ds
            d2 = _dd2(hi, mid, lo, t)
            A = self.matrix
            B = A - lam2 * np.eye(2)
            z0 = np.array([x0, y0], dtype=float)
            c = np.array([self.g, self.h], dtype=float)
            Bz, Bc = B @ z0, B @ c
            # a zero coefficient times an infinite divided difference is no contribution
            x = (e2 * z0[0] + _times(d1, Bz[0]) + phi2 * c[0] + _times(d2, Bc[0]))
            y = (e2 * z0[1] + _times(d1, Bz[1]) + phi2 * c[1] + _times(d2, Bc[1]))
        return x, y

    def trajectory(self, x0: float, y0: float, horizon: float,
                   points: int = 201) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(t, x, y)`` from ``(x0, y0)`` at ``points`` evenly spaced times over
        ``[0, horizon]`` (closed form, :meth:`levels`). A race whose level reaches
        :data:`LIMIT` in size is followed until then; the trajectory ends at that point.

        Raises
        ------
        ModelError
            When the coefficients are so large that the levels overflow double precision
            while still below the limit (then rescale the time unit).
        """
        from detente.model.errors import ModelError

        overflow = ModelError(
            "the Richardson coefficients are too large: the levels overflow double "
            "precision. Measure time in larger units (divide every coefficient and "
            "grievance by a factor and multiply the horizon by it)",
            field="dynamics.richardson",
        )
        if max(abs(x0), abs(y0)) >= LIMIT:
            raise ModelError(f"the initial levels must be below {LIMIT:g} in size",
                             field="dynamics.richardson.initial")
        t = np.linspace(0.0, horizon, points)
        x, y = self.levels(x0, y0, t)
        inside = np.isfinite(x) & np.isfinite(y) & (np.maximum(abs(x), abs(y)) < LIMIT)
        if not inside.all():
            i = int(np.argmin(inside))
            if i == 0:
                raise overflow
            lo, hi = float(t[i - 1]), float(t[i])
            for _ in range(80):  # bisect for the time the level passes the limit
                mid = (lo + hi) / 2
                xm, ym = self.levels(x0, y0, mid)
                ok = np.isfinite(xm) and np.isfinite(ym) and max(abs(xm), abs(ym)) < LIMIT
                lo, hi = (mid, hi) if ok else (lo, mid)
            xe, ye = self.levels(x0, y0, hi)
            if not (np.isfinite(xe) and np.isfinite(ye)):
                raise overflow
            return (np.append(t[:i], hi), np.append(x[:i], float(xe)),
                    np.append(y[:i], float(ye)))
        return t, x, y

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
