"""Single preference changes: the vocabulary of sensitivity and inverse analysis.

Sensitivity analysis asks how the equilibria move when one decision maker's (DM's)
preferences change a little; the inverse problem asks for the fewest such changes that make a
chosen state an equilibrium. Both count changes in the same units, defined here once:

- a DM given by **prioritized statements** (option prioritization, Fang, Hipel & Kilgour
  1993) changes by *deleting statement k* (k = 1 … K, most important first) or by *swapping
  statements k and k+1* (k = 1 … K−1), i.e. changing their priority;
- a DM given by a **ranking** or a **payoff table** changes by *swapping tie groups t and
  t+1* (adjacent groups of its ranking, t = 1 … T−1, 1 = most preferred; a tie group moves
  as a block) or by *merging tie groups t and t+1* (making them indifferent).

Swapping adjacent tie groups is the step of the Kendall-tau distance between rankings
(Kendall 1938, "A new measure of rank correlation", *Biometrika* 30: 81–93): the fewest
adjacent swaps that turn one order of the groups into another is the number of group pairs
the two orders put the other way round. Statement changes follow the editing operations of
the preference-statement method (Hipel, Kilgour, Fang & Peng 1997, "The decision support
system GMCR in environmental conflict management", *Applied Mathematics and Computation*
83: 117–152; Fang, Hipel, Kilgour & Peng 2003, "A decision support system for interactive
decision making, part I", *IEEE SMC-C* 33(1): 42–55).

:func:`single_changes` lists a DM's changes in a fixed order — statements: every *delete*
(k = 1 … K), then every *swap* (k = 1 … K−1); rankings and payoffs: every *swap*
(t = 1 … T−1), then every *merge* (t = 1 … T−1) — so "change 3 of United States" means the
same thing in every command. A change names positions in the preferences *as they are
when it is applied*: a sequence of changes is applied left to right, each to the result of
the previous ones (:func:`apply_changes`). A payoff table, once changed, becomes the
equivalent ranking (its tie groups are the states with equal payoffs).

Examples
--------
>>> import detente
>>> pd = detente.load("prisoners-dilemma")
>>> [c.label() for c in single_changes(pd, 0)]
['swap groups 1-2', 'swap groups 2-3', 'swap groups 3-4', 'merge groups 1-2', \
'merge groups 2-3', 'merge groups 3-4']
>>> swapped = apply_changes(pd, [Change(0, "swap", 2)])
>>> swapped.preferences[0].tiers[1:3] == pd.preferences[0].tiers[2:0:-1]
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from detente.graph.preferences import dense_rank, payoff_ranks
from detente.graph.space import StateSpace
from detente.model.conflict import Conflict, Payoffs, PreferenceSpec, Ranking, Statements
from detente.model.errors import ModelError

__all__ = [
    "KINDS",
    "Change",
    "single_changes",
    "change_count",
    "apply_change",
    "apply_changes",
    "tiers_of",
    "kinds_for",
    "Variants",
]

#: The kinds of single change, in the order they are listed for one DM.
KINDS = ("delete", "swap", "merge")

Kind = Literal["delete", "swap", "merge"]


@dataclass(frozen=True, order=True)
class Change:
    """One single change of a decision maker's preferences: the smallest step by which an
    analyst's reading of what that decision maker (DM) wants can be wrong.

    A DM whose preferences are *prioritized statements* changes by dropping one statement or
    by swapping the priority of two adjacent statements; a DM given by a *ranking* (or a
    payoff table) changes by swapping two adjacent tie groups of states or by merging them
    into one tie. Sensitivity analysis flips verdicts with one such change; the inverse
    problem counts how many of them make a state an equilibrium. Positions are 1-based and
    name the preferences as they are when the change is applied (see the module docstring
    for the fixed order in which :func:`single_changes` lists them).

    Attributes
    ----------
    dm:
        The decision maker's index (model order).
    kind:
        ``"delete"`` (statement ``position``), ``"swap"`` (statements, or tie groups,
        ``position`` and ``position + 1``) or ``"merge"`` (tie groups ``position`` and
        ``position + 1``).
    position:
        1-based, most important statement / most preferred tie group first.
    on:
        ``"statements"`` or ``"groups"``: what a swap acts on.

    Methods ``label()`` (a short name), ``describe(conflict)`` (the change in words) and
    ``to_dict(conflict)`` (its JSON form, with the DM's name).

    References
    ----------
    Fang, L., Hipel, K. W. and Kilgour, D. M. (1993). *Interactive Decision Making: The Graph
    Model for Conflict Resolution*. Wiley (option prioritization: preferences as statements
    in priority order). Hipel, K. W., Kilgour, D. M., Fang, L. and Peng, X. (1997). The
    decision support system GMCR in environmental conflict management. *Applied Mathematics
    and Computation* 83: 117–152 (editing the statements and analysing again). Kendall, M.
    G. (1938). A new measure of rank correlation. *Biometrika* 30: 81–93 (adjacent swaps as
    the unit of distance between two orders).

    Examples
    --------
    In the Prisoner's Dilemma, Prisoner 1 ranks NY (it defects, the other cooperates) first
    and YY (both cooperate) second; swapping these two tie groups makes it value mutual
    cooperation most:

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> change = detente.Change(dm=0, kind="swap", position=1)
    >>> change.label()
    'swap groups 1-2'
    >>> change.describe(pd)
    'Prisoner 1 ranks YY above NY'
    >>> change.to_dict(pd)
    {'dm': 'Prisoner 1', 'kind': 'swap', 'on': 'groups', 'position': 1}
    """

    dm: int
    kind: Kind
    position: int
    #: What the change acts on: ``"statements"`` or ``"groups"`` (tie groups). A delete is
    #: always on statements and a merge on groups; a swap says which.
    on: Literal["statements", "groups"] = "groups"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of change {self.kind!r}; known: {KINDS}")
        if self.kind == "delete" and self.on != "statements":
            object.__setattr__(self, "on", "statements")
        if self.kind == "merge" and self.on != "groups":
            raise ValueError("a merge acts on tie groups")

    def label(self) -> str:
        """A short name without the DM: ``delete statement 3``, ``swap statements 2-3``,
        ``swap groups 1-2``, ``merge groups 4-5`` (:meth:`describe` says it in words)."""
        k = self.position
        if self.kind == "delete":
            return f"delete statement {k}"
        return f"{self.kind} {self.on} {k}-{k + 1}"

    def describe(self, conflict: Conflict, spec: PreferenceSpec | None = None,
                 conditional: bool = False) -> str:
        """The change in words, with the statement texts or the states of the tie groups.

        ``spec`` is the DM's preferences the change applies to (default: the model's);
        ``conditional`` words it for "if …" sentences ("drops" becomes "dropped")."""
        spec = conflict.preferences[self.dm] if spec is None else spec
        who = conflict.decision_makers[self.dm].name
        k = self.position
        _check(spec, self, conflict)
        verb = {"drop": "dropped", "put": "put", "rank": "ranked", "become": "became"} \
            if conditional else {"drop": "drops", "put": "puts", "rank": "ranks",
                                 "become": "becomes"}
        if isinstance(spec, Statements):
            sts = spec.statements
            if self.kind == "delete":
                return f"{who} {verb['drop']} statement {k} ({_quote(sts[k - 1])})"
            return (f"{who} {verb['put']} statement {k + 1} ({_quote(sts[k])}) above "
                    f"statement {k} ({_quote(sts[k - 1])})")
        tiers = tiers_of(spec)
        upper, lower = _group_text(conflict, tiers[k - 1]), _group_text(conflict, tiers[k])
        if self.kind == "swap":
            return f"{who} {verb['rank']} {lower} above {upper}"
        return f"{who} {verb['become']} indifferent between {upper} and {lower}"

    def to_dict(self, conflict: Conflict) -> dict[str, Any]:
        """``{"dm", "kind", "position"}`` with the DM's name (the JSON form)."""
        return {"dm": conflict.decision_makers[self.dm].name, "kind": self.kind,
                "on": self.on, "position": self.position}


def _quote(statement: Any) -> str:
    text = statement.text or str(statement.formula)
    return f"'{text}'"


def _group_text(conflict: Conflict, tier: Sequence[str | int]) -> str:
    names = [x if isinstance(x, str) else conflict.pattern(int(x)) for x in tier]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return shown if len(names) == 1 else "{" + shown + "}"


def kinds_for(spec: PreferenceSpec) -> tuple[str, ...]:
    """The kinds of change that apply to a preference form."""
    return ("delete", "swap") if isinstance(spec, Statements) else ("swap", "merge")


def tiers_of(spec: Ranking | Payoffs) -> tuple[tuple[str | int, ...], ...]:
    """The tie groups of a ranking (its tiers) or a payoff table (states with equal payoffs,
    highest payoff first; within a group in the table's order)."""
    if isinstance(spec, Ranking):
        return tuple(tuple(t) for t in spec.tiers)
    if isinstance(spec, Payoffs):
        groups: dict[float, list[str | int]] = {}
        for key, v in spec.values.items():
            groups.setdefault(float(v), []).append(key)
        return tuple(tuple(groups[v]) for v in sorted(groups, reverse=True))
    raise TypeError(f"{type(spec).__name__} has no tie groups of its own")


def _size(spec: PreferenceSpec) -> int:
    """K statements or T tie groups."""
    return len(spec.statements) if isinstance(spec, Statements) else len(tiers_of(spec))


def change_count(spec: PreferenceSpec) -> int:
    """How many single changes a DM with these preferences has (``len(single_changes)``)."""
    n = _size(spec)
    return n + max(0, n - 1) if isinstance(spec, Statements) else 2 * max(0, n - 1)


def single_changes(conflict: Conflict, dm: int,
                   kinds: Iterable[str] | None = None) -> list[Change]:
    """Every single change of DM ``dm``, in the fixed order of the module docstring.

    ``kinds`` keeps only some kinds (e.g. ``["swap"]`` for the Kendall-tau steps of a
    ranking); kinds that do not apply to the DM's preference form are ignored."""
    spec = conflict.preferences[dm]
    wanted = set(KINDS if kinds is None else kinds) - set(KINDS)
    if wanted:
        raise ValueError(f"unknown kind(s) of change {sorted(wanted)}; known: {KINDS}")
    keep = set(KINDS if kinds is None else kinds)
    n = _size(spec)
    out: list[Change] = []
    for kind in kinds_for(spec):
        if kind not in keep:
            continue
        last = n if kind == "delete" else n - 1
        out.extend(_make(dm, kind, k, spec) for k in range(1, last + 1))
    return out


def _make(dm: int, kind: str, k: int, spec: PreferenceSpec) -> Change:
    on = "statements" if isinstance(spec, Statements) else "groups"
    return Change(dm, kind, k, on)  # type: ignore[arg-type]


def _check(spec: PreferenceSpec, change: Change, conflict: Conflict | None = None) -> None:
    n = _size(spec)
    k = change.position
    on = "statements" if isinstance(spec, Statements) else "groups"
    if change.kind not in kinds_for(spec) or change.on != on:
        form = "statements" if isinstance(spec, Statements) else "a ranking"
        raise ModelError(f"'{change.label()}' does not apply to preferences given as {form}",
                         field=_field(change, conflict))
    last = n if change.kind == "delete" else n - 1
    if not 1 <= k <= last:
        what = "statement" if isinstance(spec, Statements) else "tie group"
        span = f"{k}" if change.kind == "delete" else f"{k} and {k + 1}"
        raise ModelError(f"there is no {what} {span}: the preferences have {n} "
                         f"{what}s", field=_field(change, conflict))


def _field(change: Change, conflict: Conflict | None) -> str:
    if conflict is None:
        return f"decision_makers[{change.dm}].preferences"
    return f"{conflict.decision_makers[change.dm].name}.preferences"


def apply_change(spec: PreferenceSpec, change: Change) -> PreferenceSpec:
    """The preferences after one change (a new object; ``spec`` is not modified).

    >>> from detente.model.conflict import Statement
    >>> from detente.model.formula import Var
    >>> s = Statements(tuple(Statement(Var(x), text=x) for x in "abc"))
    >>> [st.text for st in apply_change(s, Change(0, "swap", 1, "statements")).statements]
    ['b', 'a', 'c']
    >>> [st.text for st in apply_change(s, Change(0, "delete", 3)).statements]
    ['a', 'b']
    >>> apply_change(Payoffs({"YN": 3, "NN": 1, "NY": 3}), Change(0, "merge", 1)).tiers
    (('YN', 'NY', 'NN'),)
    """
    _check(spec, change)
    k = change.position - 1
    if isinstance(spec, Statements):
        sts = list(spec.statements)
        if change.kind == "delete":
            del sts[k]
        else:
            sts[k], sts[k + 1] = sts[k + 1], sts[k]
        return Statements(tuple(sts))
    tiers = list(tiers_of(spec))
    if change.kind == "swap":
        tiers[k], tiers[k + 1] = tiers[k + 1], tiers[k]
    else:
        tiers[k : k + 2] = [tiers[k] + tiers[k + 1]]
    numbering = spec.numbering if isinstance(spec, Ranking) else "state"
    return Ranking(tuple(tiers), numbering=numbering)


def apply_changes(conflict: Conflict, changes: Iterable[Change]) -> Conflict:
    """The model with ``changes`` applied in order (each to the result of the previous ones
    for its DM); the other DMs' preferences are untouched.

    This is the conflict as it would be if the analyst had read the decision makers'
    preferences differently by the given single changes (dropped or reordered prioritized
    statements, swapped or merged tie groups of a ranking): the same decision makers,
    options, feasible states and status quo, with the changed preferences. A change names
    positions in its DM's preferences as they stand after the changes before it. The model
    given is not modified.

    Parameters
    ----------
    conflict:
        The model.
    changes:
        :class:`Change` objects, applied left to right.

    Returns
    -------
    Conflict
        A new model; a payoff table that a change touches becomes the equivalent ranking.

    Raises
    ------
    ModelError
        A decision maker index out of range, or a change that does not apply to the DM's
        preferences (a ``delete`` on a ranking, a position past the end).

    References
    ----------
    Hipel, K. W., Kilgour, D. M., Fang, L. and Peng, X. (1997). The decision support system
    GMCR in environmental conflict management. *Applied Mathematics and Computation* 83:
    117–152 (edit the preference statements, then analyse the changed model again).
    Kinsara, R. A., Kilgour, D. M. and Hipel, K. W. (2015). Inverse approach to the graph
    model for conflict resolution. *IEEE Transactions on Systems, Man, and Cybernetics:
    Systems* 45(5): 734–742 (which preferences make a chosen state an equilibrium).

    Examples
    --------
    Mutual cooperation in the Prisoner's Dilemma becomes a Nash equilibrium once each
    prisoner ranks it above exploiting the other:

    >>> import detente
    >>> pd = detente.load("prisoners-dilemma")
    >>> detente.analyze(pd, "nash").equilibria["nash"]
    ['NN']
    >>> both = detente.apply_changes(pd, [detente.Change(0, "swap", 1),
    ...                                   detente.Change(1, "swap", 1)])
    >>> detente.analyze(both, "nash").equilibria["nash"]
    ['NN', 'YY']
    """
    prefs = list(conflict.preferences)
    for ch in changes:
        if not 0 <= ch.dm < len(prefs):
            raise ModelError(f"decision maker index {ch.dm} is out of range")
        _check(prefs[ch.dm], ch, conflict)
        prefs[ch.dm] = apply_change(prefs[ch.dm], ch)
    return dataclasses.replace(conflict, preferences=tuple(prefs))


# --- many variants of one DM's preferences, ranked in batch ---------------------------------
#: A variant of a DM's preferences: for statements, the original statement indices in their
#: new order (deleted ones left out); for rankings, the original tie groups (0 = most
#: preferred) in their new order, each position a tuple of the groups merged there.
Variant = tuple


class Variants:
    """Rank many variants of one DM's preferences over a state space without re-reading the
    model: every statement is evaluated once (a satisfaction table over the feasible states),
    every tie group is found once, and a variant's ranks are a weighted sum or a relabelling.

    A ranking DM's tie groups are those of its ranks over the *feasible* states (a payoff
    table's equal values, a ranking's tiers), so changes count groups that hold states.

    Parameters
    ----------
    space:
        The state space.
    dm:
        The decision maker.
    ranks:
        DM ``dm``'s dense ranks over the feasible states (increasing decimal order), when
        already computed.
    groups:
        Treat the DM as a ranking of its tie groups even when it has statements (the
        Kendall-tau changes of an inverse problem).

    >>> import detente
    >>> from detente.graph.space import StateSpace
    >>> pd = detente.load("prisoners-dilemma")
    >>> v = Variants(StateSpace(pd), 0)
    >>> v.base, v.ranks(v.base).tolist()
    (((0,), (1,), (2,), (3,)), [2, 1, 4, 3])
    >>> [(c.label(), w) for c, w in v.neighbours(v.base)][:2]
    [('swap groups 1-2', ((1,), (0,), (2,), (3,))), ('swap groups 2-3', ((0,), (2,), (1,), (3,)))]
    >>> v.ranks(((1,), (0,), (2,), (3,))).tolist()
    [2, 1, 3, 4]
    """

    def __init__(self, space: StateSpace, dm: int, ranks: np.ndarray | None = None,
                 groups: bool = False) -> None:
        self.space = space
        self.dm = dm
        spec = space.conflict.preferences[dm]
        self.statements = isinstance(spec, Statements) and not groups
        if isinstance(spec, Statements) and not groups:
            idx = space.feasible_index
            self.sat = np.zeros((len(spec.statements), space.n_feasible), dtype=bool)
            for j, st in enumerate(spec.statements):
                v = np.broadcast_to(space.evaluate(st.formula), space.shape).reshape(-1)
                self.sat[j] = v[idx]
            self.base: Variant = tuple(range(len(spec.statements)))
        else:
            if ranks is None:
                ranks = payoff_ranks(space)[dm].reshape(-1)[space.feasible_index]
            r = np.asarray(ranks)
            top = int(r.max())
            #: tie group of every feasible state, 0 = most preferred
            self.group = (top - r).astype(np.int64)
            self.n_groups = top
            self.base = tuple((g,) for g in range(top))

    @property
    def on(self) -> str:
        return "statements" if self.statements else "groups"

    def kinds(self) -> tuple[str, ...]:
        return ("delete", "swap") if self.statements else ("swap", "merge")

    def neighbours(self, variant: Variant,
                   kinds: Iterable[str] | None = None) -> list[tuple[Change, Variant]]:
        """Every single change of ``variant`` (in the order of :func:`single_changes`) with
        the variant it gives."""
        keep = set(self.kinds() if kinds is None else kinds)
        n = len(variant)
        out: list[tuple[Change, Variant]] = []
        for kind in self.kinds():
            if kind not in keep:
                continue
            last = n if kind == "delete" else n - 1
            for k in range(last):
                v = list(variant)
                if kind == "delete":
                    del v[k]
                elif kind == "swap":
                    v[k], v[k + 1] = v[k + 1], v[k]
                else:
                    v[k : k + 2] = [v[k] + v[k + 1]]
                out.append((Change(self.dm, kind, k + 1, self.on), tuple(v)))  # type: ignore[arg-type]
        return out

    def ranks(self, variant: Variant) -> np.ndarray:
        """Dense ranks (1 = least preferred) over the feasible states under ``variant``."""
        if self.statements:
            score = np.zeros(self.space.n_feasible, dtype=np.int64)
            for p, j in enumerate(variant):
                score = score * 2 + self.sat[j]
                if p % 60 == 59:
                    score = dense_rank(score).astype(np.int64)
            return dense_rank(score)
        pos = np.empty(self.n_groups, dtype=np.int64)
        for p, merged in enumerate(variant):
            pos[list(merged)] = p
        return (len(variant) - pos[self.group]).astype(np.int32)

    def ranks_many(self, variants: Sequence[Variant]) -> np.ndarray:
        """``(len(variants), n_feasible)`` ranks, one row per variant."""
        out = np.empty((len(variants), self.space.n_feasible), dtype=np.int32)
        for r, v in enumerate(variants):
            out[r] = self.ranks(v)
        return out
