"""What brings a package into the zone of agreement: side payments and single concessions.

The bargaining counterpart of the inverse graph model (:mod:`detente.graph.inverse`): a
mediator has a package in mind. If some party prefers its alternative (its reservation d_i,
Raiffa 1982) the package is outside the zone of possible agreement (ZOPA); what is the least
that would bring it in?

- **A side payment** (a transfer of utility between parties, Raiffa 1982 on side payments in
  integrative bargaining). With utilities transferable one to one on the parties' 0–1 scales —
  an assumption the answer states, since the scales of different parties are not comparable in
  general — the package enters the ZOPA exactly when the parties' total surplus over their
  reservations is positive, Σ_i (u_i − d_i) > 0; then the least total transfer is the sum of
  the shortfalls, Σ_i max(0, d_i − u_i) (any amount above it, paid by parties with a surplus,
  works; at exactly the shortfall the receiver gains nothing, and the ZOPA is strict). A
  package that breaks a constraint of the agenda cannot be bought into the ZOPA.
- **A single-issue concession**: settle one issue differently. Every change of one issue
  that keeps the constraints is examined; those putting the package in the ZOPA are listed,
  smallest first by the utility the parties give up, Σ_i max(0, u_i − u'_i), then in agenda
  order.
- **Pareto-optimality**: a package is Pareto-optimal when no package is at least as good for
  every party and better for one (Pareto 1906); the single-issue changes that make it so are
  listed the same way. Side payments do not change which packages are Pareto-optimal, so only
  concessions are offered for it.

Utilities are compared exactly, on the integers of :class:`~detente.bargain.outcomes.
OutcomeSpace`; a package is checked against the Pareto frontier of
:func:`~detente.bargain.analysis.analyze_deals` (every dominated package is dominated by a
frontier point).

Examples
--------
>>> from detente.model.agenda import agenda_from_dict
>>> agenda = agenda_from_dict({
...     "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
...                {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
...     "parties": [
...         {"id": "union", "weights": {"pay": 3, "hours": 1}, "reservation": 0.5,
...          "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 1, "short": 0}}},
...         {"id": "board", "weights": {"pay": 1, "hours": 3}, "reservation": 0.5,
...          "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 0, "short": 1}}}]})
>>> a = package_advice(agenda, {"pay": "rise", "hours": "long"})
>>> a.in_zopa, a.utilities, a.side_payment.needed
(False, {'union': 1.0, 'board': 0.0}, 0.5)
>>> [(c.issue, c.option) for c in a.zopa_concessions]
[('hours', 'short')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from detente.bargain.outcomes import OutcomeSpace
from detente.model.agenda import Agenda
from detente.model.errors import ModelError

__all__ = ["SidePayment", "Concession", "PackageAdvice", "package_advice", "parse_package"]


@dataclass(frozen=True)
class SidePayment:
    """The least transfer bringing the package into the ZOPA (utilities transferable one to
    one on the 0–1 scales). ``needed``: total (any amount above it works); ``to``: each
    short party's shortfall; ``surplus``: what the other parties have above their
    reservations; ``possible``: total surplus > total shortfall."""

    needed: float
    to: Mapping[str, float]
    surplus: Mapping[str, float]
    possible: bool

    def to_dict(self) -> dict[str, Any]:
        return {"needed": self.needed, "to": dict(self.to), "surplus": dict(self.surplus),
                "possible": self.possible}


@dataclass(frozen=True)
class Concession:
    """One issue settled differently: the new package's utilities, who gives up what
    (``changes``: per party Δu, negative where it loses), the total given up (``cost``), and
    whether the new package is in the ZOPA and Pareto-optimal."""

    issue: str
    option: str
    previous: str
    utilities: Mapping[str, float]
    changes: Mapping[str, float]
    cost: float
    in_zopa: bool
    pareto_optimal: bool

    def to_dict(self) -> dict[str, Any]:
        return {"issue": self.issue, "option": self.option, "previous": self.previous,
                "utilities": dict(self.utilities), "changes": dict(self.changes),
                "cost": self.cost, "in_zopa": self.in_zopa,
                "pareto_optimal": self.pareto_optimal}


@dataclass(frozen=True)
class PackageAdvice:
    """What it would take for one package (``to_dict()`` is the JSON of ``detente deals
    --what-it-takes``)."""

    package: Mapping[str, str]
    utilities: Mapping[str, float]
    reservations: Mapping[str, float]
    feasible: bool
    in_zopa: bool
    pareto_optimal: bool
    side_payment: SidePayment
    zopa_concessions: tuple[Concession, ...]
    pareto_concessions: tuple[Concession, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": dict(self.package),
            "utilities": dict(self.utilities),
            "reservations": dict(self.reservations),
            "feasible": self.feasible,
            "in_zopa": self.in_zopa,
            "pareto_optimal": self.pareto_optimal,
            "side_payment": self.side_payment.to_dict(),
            "zopa_concessions": [c.to_dict() for c in self.zopa_concessions],
            "pareto_concessions": [c.to_dict() for c in self.pareto_concessions],
        }


def parse_package(agenda: Agenda, text: str | Mapping[str, str]) -> dict[str, str]:
    """``"issue=option,issue2=option2"`` (issues not named stay at their status quo) →
    ``{issue: option}``, every id checked."""
    if isinstance(text, Mapping):
        items = list(text.items())
    else:
        items = []
        for part in str(text).split(","):
            if not part.strip():
                continue
            if "=" not in part:
                raise ModelError(f"{part.strip()!r} is not issue=option", field="--what-it-takes")
            items.append(_split_item(agenda, part.strip()))
    out: dict[str, str] = {}
    for issue_id, option in items:
        try:
            k = agenda.issue_index(issue_id)
            agenda.issues[k].option_index(option)
        except ModelError as exc:
            raise ModelError(exc.message, field="--what-it-takes") from None
        if k in agenda.parked:
            raise ModelError(f"issue {issue_id!r} is parked: it stays at its status quo",
                             field="--what-it-takes")
        out[issue_id] = option
    missing = [i.id for k, i in enumerate(agenda.issues)
               if i.id not in out and i.status_quo is None and k not in agenda.parked]
    if missing:
        raise ModelError("the package must settle " + ", ".join(map(repr, missing)) +
                         " (no status quo to fall back on)", field="--what-it-takes")
    return out


def _split_item(agenda: Agenda, part: str) -> tuple[str, str]:
    """``issue=option`` where ids may hold '=' themselves: the split naming an issue and one
    of its options (the first such), else the first '=' (whose error names the issue)."""
    cuts = [k for k, ch in enumerate(part) if ch == "="]
    for k in cuts:
        issue, option = part[:k].strip(), part[k + 1:].strip()
        for iss in agenda.issues:
            if iss.id == issue and option in iss.option_ids:
                return issue, option
    return part[:cuts[0]].strip(), part[cuts[0] + 1:].strip()


def _reservation(agenda: Agenda, space: OutcomeSpace, p: int) -> Fraction:
    """Party p's reservation exactly: the decimal it was written as, or the status quo's
    utility (integer over scale) when it has none."""
    value = agenda.parties[p].reservation
    if value is None:
        return Fraction(int(space.thresholds[p]), int(space.scales[p]))
    return Fraction(repr(float(value)))


def _dominated(U: np.ndarray, frontier: np.ndarray) -> bool:
    """Whether integer utility vector U is dominated by a row of ``frontier``."""
    if frontier.size == 0:
        return False
    ge = (frontier >= U[None, :]).all(axis=1)
    gt = (frontier > U[None, :]).any(axis=1)
    return bool((ge & gt).any())


def package_advice(agenda: Agenda, package: Mapping[str, str] | str | Sequence[int],
                   *, analysis: Any = None, top: int = 10) -> PackageAdvice:
    """What brings ``package`` into the ZOPA, or makes it Pareto-optimal (see the module
    docstring). ``analysis``: an existing :class:`~detente.bargain.analysis.DealAnalysis`
    (its Pareto frontier is used); ``top``: concessions listed per kind."""
    from detente.bargain.analysis import analyze_deals

    space = OutcomeSpace(agenda)
    if isinstance(package, str | Mapping):
        pkg = agenda.package(parse_package(agenda, package))
    else:
        pkg = agenda.package(package)
    if analysis is None:
        analysis = analyze_deals(agenda, max_ties=1, top=0)
    names = agenda.party_ids
    scales = space.float_scales
    # the frontier's integer utilities from its points (U / scale rounds back to U exactly;
    # a point lists no package with --max-ties 0)
    frontier = np.rint(np.array([[pt.utilities[n] for n in names] for pt in analysis.pareto],
                                dtype=np.float64).reshape(-1, len(names)) * scales
                       ).astype(np.int64)
    thr = space.thresholds

    def look(pk: Sequence[int]) -> tuple[np.ndarray, bool, bool]:
        ints = space.package_integer_utilities(pk)
        return ints, bool((ints > thr).all()), not _dominated(ints, frontier)

    U0, zopa0, pareto0 = look(pkg)
    u0 = U0 / scales
    d = space.reservations
    gap = d - u0
    short = {names[p]: float(max(0.0, gap[p])) for p in range(len(names)) if U0[p] <= thr[p]}
    surplus = {names[p]: float(-gap[p]) for p in range(len(names)) if U0[p] > thr[p]}
    # the total surplus decides "possible" at a tie (0.7 − 0.1 − 0.2 − 0.4 is not 0 in
    # floating point): add it up exactly, a reservation as the decimal the user wrote
    total = sum((Fraction(int(U0[p]), int(space.scales[p])) - _reservation(agenda, space, p)
                 for p in range(len(names))), Fraction(0))
    feasible = agenda.satisfies(pkg)
    # a transfer cannot repair a broken constraint
    side = SidePayment(needed=float(sum(short.values())), to=short, surplus=surplus,
                       possible=feasible and bool(total > 0 or zopa0))
    zopa_c: list[Concession] = []
    pareto_c: list[Concession] = []
    for k in agenda.free_issues:
        iss = agenda.issues[k]
        for o in range(len(iss.options)):
            if o == pkg[k]:
                continue
            alt = list(pkg)
            alt[k] = o
            if not agenda.satisfies(alt):
                continue
            U, z, po = look(alt)
            u = U / scales
            delta = u - u0
            c = Concession(iss.id, iss.options[o].id, iss.options[pkg[k]].id,
                           {names[p]: float(u[p]) for p in range(len(names))},
                           {names[p]: float(delta[p]) for p in range(len(names))},
                           float(np.sum(np.maximum(0.0, -delta))), z, po)
            if z:
                zopa_c.append(c)
            if po:
                pareto_c.append(c)
    order = {iss.id: k for k, iss in enumerate(agenda.issues)}

    def key(c: Concession) -> tuple:
        return (round(c.cost, 12), order[c.issue], c.option)

    return PackageAdvice(
        package=agenda.package_dict(pkg),
        utilities={names[p]: float(u0[p]) for p in range(len(names))},
        reservations={names[p]: float(d[p]) for p in range(len(names))},
        feasible=feasible,
        in_zopa=zopa0 and feasible,
        pareto_optimal=pareto0 and feasible,
        side_payment=side,
        zopa_concessions=tuple(sorted(zopa_c, key=key)[:top]),
        pareto_concessions=tuple(sorted(pareto_c, key=key)[:top]),
    )
