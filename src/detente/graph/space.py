"""The state space of a graph model: one axis per decision maker.

Each decision maker (DM) has *strategies*: the combinations of its own options that no
single-DM constraint forbids (``exclusive`` and ``exactly_one`` groups, infeasibility formulas
that mention only its options). A state is one strategy index per DM, so every per-state
quantity is an array of shape ``(m_1, …, m_n)``; DM ``i``'s unilateral moves stay inside
axis ``i`` (its *block*). Formulas that involve several DMs are evaluated by broadcasting and
give the cross-DM feasibility mask. The cost therefore follows the product of the DMs'
strategy counts, not ``2^options`` (a DM with 8 mutually exclusive options has 9
strategies, not 256).

This is the representation recommended for scale by the matrix formulation of Xu, Hipel &
Kilgour (2009), with the state numbering of GMCR+ (a state's *decimal* has bit ``k`` set when
option ``k`` is taken).

Examples
--------
>>> from detente.model.conflict import Conflict, Option, DecisionMaker, Ranking
>>> c = Conflict(
...     options=(Option("a", owner=0), Option("b", owner=0), Option("c", owner=1)),
...     decision_makers=(DecisionMaker("A", (0, 1)), DecisionMaker("B", (2,))),
...     exclusive=((0, 1),),
...     preferences=(Ranking(()), Ranking(())),
... )
>>> space = StateSpace(c)
>>> space.shape
(3, 2)
>>> [c.pattern(d) for d in space.feasible_decimals]
['NNN', 'YNN', 'NYN', 'NNY', 'YNY', 'NYY']
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.model.conflict import Conflict
from detente.model.errors import ModelError
from detente.model.formula import Formula, Var
from detente.model.resources import check_memory, default_limit, format_bytes

__all__ = ["StateSpace", "DMAxis", "bytes_per_state", "estimate_memory"]

def bytes_per_state(n_dms: int) -> int:
    """Working memory per (tensor) state of a full analysis, measured on the benchmark."""
    # payoffs (int32) + move masks (bool) per DM, decimals (int64), feasibility, and the
    # transient arrays of the stability passes (a handful of int32/int64 per state per DM).
    return 48 + 44 * n_dms


def estimate_memory(n_states: int, n_dms: int) -> int:
    """Estimated peak bytes of an analysis over ``n_states`` tensor states."""
    return int(n_states * bytes_per_state(n_dms)) + 80 * 1024**2


@dataclass
class DMAxis:
    """One decision maker's axis: its strategies and what moves between them are allowed.

    Attributes
    ----------
    options:
        Global option indices of the DM, in model order.
    local:
        Per strategy, the bit mask over ``options`` (bit t = options[t] taken).
    decimals:
        Per strategy, its contribution to the state's decimal.
    cls:
        Per strategy, its irreversibility class: the values of its forward-only and
        backward-only options, numbered densely over the combinations that occur. Moves
        from class ``a`` to class ``b`` are allowed when ``allowed[a, b]``: forward-only
        options never go Y→N, backward-only never N→Y (computed on request: classes² values).
    class_bits:
        Per class, its ``bits`` (below).
    bits:
        Per strategy, the values of its irreversible options as a bit mask (forward-only
        options first), with the backward-only bits flipped: a move from strategy x to y is
        allowed exactly when ``bits[x]`` is a subset of ``bits[y]``.
    n_bits:
        The number of irreversible options (bits in ``bits``).
    """

    index: int
    name: str
    options: tuple[int, ...]
    local: np.ndarray
    decimals: np.ndarray
    cls: np.ndarray
    class_bits: np.ndarray
    bits: np.ndarray
    n_bits: int

    @property
    def size(self) -> int:
        return int(self.local.shape[0])

    @property
    def n_classes(self) -> int:
        return int(self.class_bits.shape[0])

    @property
    def allowed(self) -> np.ndarray:
        """``allowed[a, b]``: a move from class ``a`` to class ``b`` is permitted."""
        cb = self.class_bits
        return (cb[:, None] & ~cb[None, :]) == 0


class StateSpace:
    """Feasible states of a conflict as a masked tensor with one axis per DM.

    Parameters
    ----------
    conflict:
        The model.
    max_memory:
        Bytes the analysis may use (default: 75 % of the available memory). A model whose
        estimate exceeds it is refused with :class:`~detente.model.errors.ModelTooLargeError`
        before anything large is allocated.
    """

    def __init__(self, conflict: Conflict, max_memory: int | None = None) -> None:
        self.conflict = conflict
        n = len(conflict.decision_makers)
        self.n_dms = n
        owner_of = [o.owner for o in conflict.options]
        local_formulas: list[list[Formula]] = [[] for _ in range(n)]
        self.cross_formulas: list[Formula] = []
        ids = conflict.option_ids
        for f in conflict.infeasible:
            owners = {owner_of[ids.index(name)] for name in f.names()}
            if len(owners) == 1:
                local_formulas[owners.pop()].append(f)
            else:
                self.cross_formulas.append(f)
        limit = default_limit() if max_memory is None else max_memory
        # Refuse at once when the DMs whose strategy count is known without enumerating (no
        # infeasible condition of their own, no overlapping groups) are already too many;
        # each other DM counts at least one strategy until derived.
        exact = [None if local_formulas[i] else self._exact_count(i) for i in range(n)]
        known = math.prod(x for x in exact if x is not None)
        check_memory(
            estimate_memory(known, n),
            limit,
            what=f"a model of {conflict.n_options} options with "
            f"{'' if None not in exact else 'at least '}{known:,} states",
            advice=_ADVICE,
        )
        #: Most tensor states the memory limit allows.
        self.max_states = max(1, (limit - estimate_memory(0, n)) // bytes_per_state(n))
        # Then derive the other DMs' strategies from their own conditions (bounded by the
        # states the limit leaves), and check the exact product.
        self.axes = []
        for i in range(n):
            if exact[i] is not None:
                self.axes.append(self._enumerate(i, []))
                continue
            others = (math.prod(ax.size for ax in self.axes)
                      * math.prod(x or 1 for x in exact[i + 1:]))
            self.axes.append(self._enumerate(i, local_formulas[i], others=others,
                                             limit=limit))
        self.shape = tuple(ax.size for ax in self.axes)
        self.size = math.prod(self.shape)
        #: Step of the flat (C-order) index along each DM's axis.
        self.strides = tuple(math.prod(self.shape[d + 1:]) for d in range(n))
        if self.size == 0:
            empty = next(ax for ax in self.axes if ax.size == 0)
            raise ModelError(
                f"decision maker {empty.name!r} has no feasible combination of its options: "
                "its exclusive/exactly_one groups and infeasible conditions rule out every one",
                file=conflict.source_file,
                field="infeasible",
            )
        check_memory(
            estimate_memory(self.size, n),
            limit,
            what=f"a model of {conflict.n_options} options with {self.size:,} states",
            advice=_ADVICE,
        )
        feas = np.ones(self.shape, dtype=bool)
        for f in self.cross_formulas:
            feas &= ~np.broadcast_to(np.asarray(self.evaluate(f), dtype=bool), self.shape)
        self.feasible = feas
        self.n_feasible = int(feas.sum())
        if self.n_feasible == 0:
            raise ModelError(
                "no state is feasible: the infeasible conditions rule out every state",
                file=conflict.source_file,
                field="infeasible",
            )
        dec = np.zeros(self.shape, dtype=np.int64)
        for i, ax in enumerate(self.axes):
            dec += self._along(i, ax.decimals)
        self.decimal = dec
        flat_feasible = np.flatnonzero(feas.ravel())
        order = np.argsort(dec.ravel()[flat_feasible], kind="stable")
        #: Flat tensor indices of the feasible states, in increasing decimal order.
        self.feasible_index = flat_feasible[order]
        #: Decimals of the feasible states, increasing.
        self.feasible_decimals = dec.ravel()[self.feasible_index]
        self.misperceived: list[np.ndarray | None] = []
        for mf in conflict.misperceptions or [None] * n:
            if mf is None:
                self.misperceived.append(None)
            else:
                m = np.broadcast_to(np.asarray(self.evaluate(mf), dtype=bool), self.shape)
                self.misperceived.append(np.ascontiguousarray(m))

    # -- strategies ------------------------------------------------------------------------
    def _groups_of(self, i: int) -> list[tuple[tuple[int, ...], bool]]:
        c = self.conflict
        mine = set(c.decision_makers[i].options)
        out = [(g, False) for g in c.exclusive if set(g) <= mine]
        out += [(g, True) for g in c.exactly_one if set(g) <= mine]
        return out

    def _exact_count(self, i: int) -> int | None:
        """DM i's strategy count from its groups alone (before its own infeasible
        conditions), or ``None`` when groups overlap (then only enumeration tells)."""
        groups = self._groups_of(i)
        opts = self.conflict.decision_makers[i].options
        flat = [k for g, _ in groups for k in g]
        if len(flat) != len(set(flat)):
            return None
        count = 1 << (len(opts) - len(flat))
        for g, exact in groups:
            count *= len(g) + (0 if exact else 1)
        return count

    def _enumerate(self, i: int, formulas: list[Formula], others: int = 1,
                   limit: int | None = None) -> DMAxis:
        """DM i's axis. Strategies are derived option by option (see :meth:`_derive`) when
        it has infeasible conditions of its own or overlapping groups; ``others`` (the
        other DMs' strategies, as far as known) and ``limit`` bound that derivation."""
        c = self.conflict
        dm = c.decision_makers[i]
        opts = dm.options
        pos = {k: t for t, k in enumerate(opts)}
        groups = self._groups_of(i)
        flat = [k for g, _ in groups for k in g]
        if not formulas and len(flat) == len(set(flat)):
            # Product over groups (none or one option) and free options: no 2^k blow-up.
            choices: list[list[int]] = []
            for g, exact in groups:
                ch = [] if exact else [0]
                ch += [1 << pos[k] for k in g]
                choices.append(ch)
            for k in opts:
                if k not in flat:
                    choices.append([0, 1 << pos[k]])
            local = np.array(
                sorted(sum(combo) for combo in itertools.product(*choices)), dtype=np.int64
            )
        else:
            local = self._derive(i, formulas, groups, others, limit)
        decimals = np.zeros(local.shape, dtype=np.int64)
        for k in opts:
            decimals |= ((local >> pos[k]) & 1) << k
        # Irreversibility classes: values of the forward-only and backward-only options.
        fwd = [pos[k] for k in opts if c.options[k].direction == "forward"]
        bwd = [pos[k] for k in opts if c.options[k].direction == "backward"]
        irr = fwd + bwd
        raw = np.zeros(local.shape, dtype=np.int64)
        for t, p in enumerate(irr):
            raw |= ((local >> p) & 1) << t
        # With the backward-only bits flipped, a move is allowed exactly when the target's
        # bits contain the source's: forward-only options only rise, backward-only only fall.
        bits = raw ^ (((1 << len(bwd)) - 1) << len(fwd))
        present, cls = np.unique(bits, return_inverse=True)  # classes that occur, densely
        cls = cls.reshape(-1).astype(np.int64)
        return DMAxis(i, dm.name, tuple(opts), local, decimals, cls, present, bits, len(irr))

    def _derive(self, i: int, formulas: list[Formula],
                groups: list[tuple[tuple[int, ...], bool]], others: int,
                limit: int | None) -> np.ndarray:
        """DM i's strategies (bit masks over its options, increasing), built option by
        option: after each option, the partial combinations that a group or an infeasible
        condition over the options placed so far rules out are dropped. Pairwise exclusions
        (``a and b`` infeasible for every pair: GMCR+'s way of saying "at most one") keep
        k + 1 partial combinations of k options instead of 2^k. Refused with
        :class:`~detente.model.errors.ModelTooLargeError` as soon as the partial
        combinations times ``others`` pass the states the memory ``limit`` allows."""
        c = self.conflict
        dm = c.decision_makers[i]
        opts = dm.options
        pos = {k: t for t, k in enumerate(opts)}
        ids = {o.id: k for k, o in enumerate(c.options)}
        # each condition is applied once, as soon as its last option has been placed
        due: dict[int, list[Formula]] = {}
        for f in formulas:
            due.setdefault(max(pos[ids[name]] for name in f.names()), []).append(f)
        member = [[pos[k] for k in g] for g, _ in groups]
        cap = max(1, self.max_states // max(1, others))
        local = np.zeros(1, dtype=np.int64)
        for t in range(len(opts)):
            if 2 * local.size > cap:  # before doubling: the next array might not fit
                total = 2 * local.size * others
                check_memory(
                    estimate_memory(total, self.n_dms),
                    limit,
                    what=f"decision maker {dm.name!r} already has {local.size:,} allowed "
                    f"combinations of its first {t} of {len(opts)} options; with the next "
                    f"option and the other decision makers that can be {total:,} states, "
                    "which",
                    advice=_ADVICE,
                )
            local = np.concatenate([local, local | (1 << t)])  # stays increasing
            keep = np.ones(local.shape, dtype=bool)
            for g in member:
                if t in g:
                    keep &= sum((local >> p) & 1 for p in g if p <= t) <= 1
            for f in due.get(t, ()):
                def bit(a: Any, x: np.ndarray = local) -> np.ndarray:
                    return ((x >> pos[ids[a.name]]) & 1).astype(bool)

                value = f.evaluate(bit)
                keep &= ~np.broadcast_to(np.asarray(value, dtype=bool), local.shape)
            local = local[keep]
        for g, (_, exact) in zip(member, groups, strict=True):
            if exact:
                local = local[sum((local >> p) & 1 for p in g) == 1]
        return local

    # -- evaluation --------------------------------------------------------------------------
    def _along(self, i: int, values: np.ndarray) -> np.ndarray:
        """``values`` (one per strategy of DM i) shaped to broadcast along axis i."""
        shape = [1] * self.n_dms
        shape[i] = -1
        return values.reshape(shape)

    def movable(self, j: int) -> np.ndarray:
        """The states DM ``j`` can move from and to: feasible and not misperceived by ``j``
        (a new array of the tensor's shape)."""
        valid = self.feasible.copy()
        mis = self.misperceived[j]
        if mis is not None:
            valid &= ~mis
        return valid

    def padded_bits(self) -> np.ndarray:
        """Every DM's strategy bits (see :class:`DMAxis`), shape ``(n_dms, max strategies)``,
        for the compiled kernels: DM d may move from strategy a to b iff
        ``bits[d, a] & ~bits[d, b] == 0``."""
        out = np.zeros((self.n_dms, max(self.shape)), dtype=np.int64)
        for d, ax in enumerate(self.axes):
            out[d, : ax.size] = ax.bits
        return out

    def option_values(self, k: int) -> np.ndarray:
        """Boolean array (broadcastable to the tensor) of option ``k`` being taken."""
        owner = self.conflict.options[k].owner
        ax = self.axes[owner]
        return self._along(owner, ((ax.decimals >> k) & 1).astype(bool))

    def evaluate(self, formula: Formula) -> np.ndarray:
        """Evaluate a formula over all states (result broadcastable to :attr:`shape`)."""
        ids = {o.id: k for k, o in enumerate(self.conflict.options)}

        def atom(a: Formula) -> np.ndarray:
            if not isinstance(a, Var):
                raise TypeError(f"conflict formulas hold option atoms, not {a!r}")
            return self.option_values(ids[a.name])

        return np.asarray(formula.evaluate(atom))

    # -- naming --------------------------------------------------------------------------------
    def flat_of_decimals(self, decimals: np.ndarray) -> np.ndarray:
        """Flat tensor indices of feasible states given by decimals (-1 where not feasible)."""
        d = np.asarray(decimals, dtype=np.int64)
        pos = np.searchsorted(self.feasible_decimals, d)
        pos = np.clip(pos, 0, len(self.feasible_decimals) - 1)
        ok = self.feasible_decimals[pos] == d
        return np.where(ok, self.feasible_index[pos], -1)

    def patterns(self, decimals: np.ndarray | list[int]) -> list[str]:
        return [self.conflict.pattern(int(d)) for d in decimals]

    def describe(self) -> str:
        return (
            f"{self.n_feasible:,} feasible states of {self.size:,} "
            f"(strategies per DM: {' × '.join(map(str, self.shape))}); "
            f"about {format_bytes(estimate_memory(self.size, self.n_dms))} to analyse"
        )


_ADVICE = (
    "To analyse it, use fewer options, group mutually exclusive options in `exclusive` or "
    "`exactly_one` groups (they cut the state count), analyse fewer concepts, or raise the "
    "limit with --max-memory."
)
