"""Payoffs: each decision maker's preferences as dense ranks over the feasible states.

Whatever form a preference takes — prioritized statements, a ranking with ties, or a payoff
table — the engine holds it as an integer *rank* per feasible state: 1 for the least
preferred, higher is better, equal for indifference (a total preorder).

Option prioritization (Fang, Hipel & Kilgour 1993; Hipel, Kilgour, Fang & Peng 1997,
"The decision support system GMCR"): with statements φ_1 (most important) … φ_k, a state
scores Σ_{j: s ⊨ φ_j} 2^(k−j), so each statement outweighs all less important ones together.
The score is built one statement at a time as ``r ← 2r + [s ⊨ φ_j]`` and re-ranked densely,
which never overflows whatever the number of statements.

Examples
--------
>>> dense_rank(np.array([10, 3, 3, 7]))
array([3, 1, 1, 2], dtype=int32)
"""

from __future__ import annotations

import numpy as np

from detente.graph.space import StateSpace
from detente.model.conflict import Payoffs, PreferenceSpec, Ranking, Statements
from detente.model.errors import ModelError

__all__ = ["dense_rank", "payoff_ranks", "tensor_payoffs"]


def dense_rank(values: np.ndarray) -> np.ndarray:
    """Dense ranks 1..K of ``values`` (equal values share a rank)."""
    if values.dtype.kind in "iu" and values.size:
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < 1 << 26:  # small integer range: a counting pass instead of a sort
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[values - lo] = True
            ranks = np.cumsum(present, dtype=np.int32)
            return ranks[values - lo]
    _, inv = np.unique(values, return_inverse=True)
    return (inv.reshape(values.shape) + 1).astype(np.int32)


def payoff_ranks(space: StateSpace) -> np.ndarray:
    """Rank arrays of shape ``(n_dms, *space.shape)``; 0 at infeasible states."""
    c = space.conflict
    out = np.zeros((space.n_dms, *space.shape), dtype=np.int32)
    flat_idx = space.feasible_index
    for i, spec in enumerate(c.preferences):
        ranks = _ranks_for(space, i, spec)
        view = out[i].reshape(-1)
        view[flat_idx] = ranks
    return out


def tensor_payoffs(space: StateSpace, payoffs: np.ndarray) -> np.ndarray:
    """Rank arrays over the tensor, shape ``(n_dms, *space.shape)``, from per-feasible-state
    ranks ``(n_dms, n_feasible)`` in increasing decimal order (as
    :class:`~detente.graph.analysis.Analysis` holds them); 0 at infeasible states.

    The inverse of reading ``payoff_ranks(space)`` at ``space.feasible_index``.
    """
    P = np.zeros((space.n_dms, space.size), dtype=np.int32)
    P[:, space.feasible_index] = payoffs
    return P.reshape((space.n_dms, *space.shape))


def _ranks_for(space: StateSpace, i: int, spec: PreferenceSpec) -> np.ndarray:
    """Dense ranks over the feasible states (in increasing decimal order)."""
    field = f"decision_makers[{i}].preferences"
    if isinstance(spec, Statements):
        score = np.zeros(space.n_feasible, dtype=np.int64)
        for j, st in enumerate(spec.statements):
            sat = np.broadcast_to(space.evaluate(st.formula), space.shape).reshape(-1)
            score = score * 2 + sat[space.feasible_index]
            if j % 60 == 59:  # keep the running score small
                score = dense_rank(score).astype(np.int64)
        return dense_rank(score)
    if isinstance(spec, Ranking):
        return _rank_from_tiers(space, i, spec, f"{field}.ranking")
    if isinstance(spec, Payoffs):
        fld = f"{field}.payoffs"
        decs, vals = [], []
        for key, v in spec.values.items():
            decs.append(_decimal_of(space, key, fld))
            vals.append(float(v))
        pos = _positions(space, np.array(decs, dtype=np.int64), fld, i)
        values = np.full(space.n_feasible, np.nan)
        values[pos] = vals
        _check_cover(space, i, ~np.isnan(values), fld)
        return dense_rank(values)
    raise ModelError(f"unsupported preference form {type(spec).__name__}", field=field)


def _decimal_of(space: StateSpace, key: str | int, fld: str) -> int:
    c = space.conflict
    if isinstance(key, str):
        try:
            return c.decimal(key)
        except ModelError as exc:
            raise _err(space, exc.message, fld) from None
    return int(key)


def _rank_from_tiers(space: StateSpace, i: int, spec: Ranking, fld: str) -> np.ndarray:
    values = np.full(space.n_feasible, -1, dtype=np.int64)
    n_tiers = len(spec.tiers)
    for t, tier in enumerate(spec.tiers):
        if spec.numbering == "feasible":
            nums = np.array([int(x) for x in tier], dtype=np.int64)
            bad = nums[(nums < 1) | (nums > space.n_feasible)]
            if bad.size:
                raise _err(
                    space,
                    f"state number {int(bad[0])} is out of range: the model has "
                    f"{space.n_feasible} feasible states",
                    fld,
                )
            pos = nums - 1
        else:
            decs = np.array([_decimal_of(space, x, fld) for x in tier], dtype=np.int64)
            pos = _positions(space, decs, fld, i)
        dup = pos[values[pos] >= 0]
        if dup.size or len(set(pos.tolist())) != len(pos):
            d = int(space.feasible_decimals[dup[0] if dup.size else pos[0]])
            pat = space.conflict.pattern(d)
            raise _err(space, f"state {pat} appears twice in the ranking", fld)
        values[pos] = n_tiers - t
    _check_cover(space, i, values >= 0, fld)
    return dense_rank(values)


def _positions(space: StateSpace, decs: np.ndarray, fld: str, i: int) -> np.ndarray:
    pos = np.searchsorted(space.feasible_decimals, decs)
    pos = np.clip(pos, 0, space.n_feasible - 1)
    bad = space.feasible_decimals[pos] != decs
    if bad.any():
        shown = ", ".join(space.patterns(decs[bad][:5]))
        raise _err(
            space,
            f"{int(bad.sum())} state(s) given are infeasible or out of range: {shown}"
            f"{' …' if bad.sum() > 5 else ''}",
            fld,
        )
    return pos


def _check_cover(space: StateSpace, i: int, covered: np.ndarray, fld: str) -> None:
    if covered.all():
        return
    missing = space.feasible_decimals[~covered]
    shown = ", ".join(space.patterns(missing[:12]))
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    raise _err(
        space,
        f"the preferences of {space.conflict.decision_makers[i].name!r} leave out "
        f"{len(missing)} feasible state(s): {shown}{more}",
        fld,
    )


def _err(space: StateSpace, message: str, fld: str) -> ModelError:
    c = space.conflict
    return ModelError(message, file=c.source_file, line=c.locations.get(fld), field=fld)
