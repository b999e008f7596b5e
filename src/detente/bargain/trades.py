"""Trades across issues: exchanges of concessions that make every party better off.

Starting from a reference package (the status quo, or a bargaining solution), a *trade* on a
pair of issues changes both issues at once and leaves the others as they are. It is
*mutually beneficial* when every party's utility rises strictly and the new package satisfies
the constraints. Typically each side concedes on the issue it cares less about and gains on
the one it cares more about: this is *logrolling*, the source of integrative (joint) value in
multi-issue negotiation. Trades are ranked by their joint gain Σ_i Δu_i; for each pair of
issues the best trade is reported, with each party's gain issue by issue (negative: what it
gives; positive: what it gets).

References
----------
.. [1] H. Raiffa, *The Art and Science of Negotiation*, Harvard University Press, 1982
   (integrative bargaining over several issues; trading on differences in priorities).
.. [2] D. A. Lax, J. K. Sebenius, *The Manager as Negotiator*, Free Press, 1986
   (creating value by trading across issues valued differently).

Examples
--------
>>> from detente.model.agenda import agenda_from_dict
>>> from detente.bargain.outcomes import OutcomeSpace
>>> agenda = agenda_from_dict({
...     "issues": [{"id": "pay", "options": ["freeze", "rise"], "status_quo": "freeze"},
...                {"id": "hours", "options": ["long", "short"], "status_quo": "long"}],
...     "parties": [
...         {"id": "union", "weights": {"pay": 3, "hours": 1},
...          "values": {"pay": {"freeze": 0, "rise": 1}, "hours": {"long": 1, "short": 0}}},
...         {"id": "board", "weights": {"pay": 1, "hours": 3},
...          "values": {"pay": {"freeze": 1, "rise": 0}, "hours": {"long": 0, "short": 1}}}]})
>>> space = OutcomeSpace(agenda)
>>> [t.changes for t in find_trades(space, agenda.status_quo())]
[{'pay': 'rise', 'hours': 'short'}]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.bargain.outcomes import OutcomeSpace
from detente.model.formula import Formula, IssueIs

__all__ = ["Trade", "find_trades"]


@dataclass(frozen=True)
class Trade:
    """A mutually beneficial change of two issues from a reference package.

    Attributes
    ----------
    issues:
        The two issue ids.
    changes:
        ``{issue: new option}``.
    previous:
        ``{issue: option in the reference package}``.
    gains:
        ``{party: Δu}``, every one positive.
    by_issue:
        ``{party: {issue: Δu from that issue}}``: negative where the party gives,
        positive where it gets.
    joint_gain:
        Σ of the gains.
    alternatives:
        How many mutually beneficial changes of this pair of issues exist.
    """

    issues: tuple[str, str]
    changes: dict[str, str]
    previous: dict[str, str]
    gains: dict[str, float]
    by_issue: dict[str, dict[str, float]]
    joint_gain: float
    alternatives: int

    def gives(self, party: str) -> list[str]:
        """Issues on which ``party`` concedes in this trade."""
        return [i for i, g in self.by_issue[party].items() if g < 0]

    def gets(self, party: str) -> list[str]:
        """Issues on which ``party`` gains in this trade."""
        return [i for i, g in self.by_issue[party].items() if g > 0]


def find_trades(space: OutcomeSpace, reference: Sequence[int]) -> list[Trade]:
    """The best mutually beneficial trade for each pair of issues, ranked by joint gain.

    Parameters
    ----------
    space:
        The outcome space of the agenda (its exact integer utilities decide "strictly
        better").
    reference:
        The package traded from, as option indices of every issue.

    Returns
    -------
    list of Trade
        One per pair of issues (on the table) that admits a mutually beneficial change of
        both issues, best joint gain first.

    Notes
    -----
    For each pair (a, b) every change of both issues is evaluated at once, as an
    ``n_a × n_b`` grid per party: O(Σ n_a·n_b·P) work.

    References
    ----------
    Raiffa 1982; Lax & Sebenius 1986 (logrolling / trading on differences).
    """
    agenda = space.agenda
    ref = tuple(int(o) for o in reference)
    P = space.n_parties
    out: list[Trade] = []
    for ka, kb in itertools.combinations(range(len(space.free)), 2):
        ia, ib = space.free[ka], space.free[kb]
        ra, rb = ref[ia], ref[ib]
        na, nb = space.radices[ka], space.radices[kb]
        da = [space.terms[p][ka] - space.terms[p][ka][ra] for p in range(P)]
        db = [space.terms[p][kb] - space.terms[p][kb][rb] for p in range(P)]
        gain = [da[p][:, None] + db[p][None, :] for p in range(P)]
        ok = np.ones((na, nb), dtype=bool)
        ok[ra, :] = False
        ok[:, rb] = False
        for p in range(P):
            ok &= gain[p] > 0
        if not ok.any():
            continue
        if agenda.constraints:
            ga = np.arange(na)[:, None]
            gb = np.arange(nb)[None, :]

            def atom(a: Formula, ia: int = ia, ib: int = ib, ga: np.ndarray = ga,
                     gb: np.ndarray = gb) -> Any:
                if not isinstance(a, IssueIs):
                    raise TypeError(f"agenda constraints hold `issue = option` atoms, not {a!r}")
                i = agenda.issue_index(a.issue)
                o = agenda.issues[i].option_index(a.option)
                if i == ia:
                    return ga == o
                if i == ib:
                    return gb == o
                return ref[i] == o

            for c in agenda.constraints:
                ok &= np.broadcast_to(np.asarray(c.formula.evaluate(atom), dtype=bool),
                                      ok.shape)
        if not ok.any():
            continue
        joint = np.zeros((na, nb))
        for p in range(P):
            joint += gain[p] / space.float_scales[p]
        cand = np.flatnonzero(ok.ravel())
        best = cand[np.argmax(joint.ravel()[cand])]
        x, y = divmod(int(best), nb)
        a_id, b_id = agenda.issues[ia].id, agenda.issues[ib].id
        gains, by_issue = {}, {}
        for p, party in enumerate(agenda.parties):
            ga_, gb_ = da[p][x] / space.float_scales[p], db[p][y] / space.float_scales[p]
            by_issue[party.id] = {a_id: float(ga_), b_id: float(gb_)}
            gains[party.id] = float(gain[p][x, y] / space.float_scales[p])
        out.append(Trade(
            issues=(a_id, b_id),
            changes={a_id: agenda.issues[ia].options[x].id,
                     b_id: agenda.issues[ib].options[y].id},
            previous={a_id: agenda.issues[ia].options[ra].id,
                      b_id: agenda.issues[ib].options[rb].id},
            gains=gains,
            by_issue=by_issue,
            joint_gain=float(joint[x, y]),
            alternatives=int(cand.size),
        ))
    out.sort(key=lambda t: -t.joint_gain)
    return out
