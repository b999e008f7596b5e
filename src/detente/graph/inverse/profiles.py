"""Is a target state an equilibrium, over many preference profiles at once?

An inverse problem of the graph model (Kinsara, Kilgour & Hipel 2015, "Inverse approach to
the graph model for conflict resolution", *IEEE Transactions on Systems, Man, and
Cybernetics: Systems* 45(5): 734–742) fixes a state s — the deal a mediator wants — and asks
under which preferences s is an equilibrium. Each decision maker (DM) k comes with a set of
candidate preferences (its *variants*: permutations of part of its ranking, or its
preferences after a few changes); a *profile* picks one variant per DM, and there are
Π_k n_k of them. This module answers, for all profiles together, whether s is Nash, GMR,
SMR and SEQ stable, without analysing one profile at a time. The definitions are those of
:mod:`detente.graph.stability` (Fang, Hipel & Kilgour 1993; Fraser & Hipel 1984 for SEQ),
with textbook legal sequences (any number of moves per opponent, never twice in a row).

Nash, GMR and SMR
-----------------
Whether s is Nash, GMR or SMR stable for DM i depends on i's preferences only: its moves
R_i(s), the states its opponents H reach from each (R_H(s1), any moves) and i's escapes
from those are fixed by the model (:class:`~detente.graph.inverse.local.TargetNeighbourhood`).
So each DM's verdicts are computed once per variant, vectorised over its variants, and the
number of profiles under which s is an equilibrium is the product over DMs of the number of
variants under which s is stable for that DM.

SEQ
---
A SEQ sanction uses only the opponents' improvements, so DM i's verdict also depends on
its opponents' preferences. It depends on them through little, though:

- **i's own part** a_i: which of its moves from s are improvements (the set U_i) and which
  states of its region (the moves and the opponents' reach from them) it does not prefer to
  s (the sanctions L_i);
- **opponent j's part** b_j^i: which of j's moves *inside i's region* are improvements for
  j (a sanction path never leaves the region: every state on it is in R_H(s1)).

**Claim.** seq_i(profile) = F_i(a_i, (b_j^i)_{j≠i}) for a function F_i.
*Proof.* SEQ-stability for i holds iff every s1 ∈ U_i has some s2 ∈ R_H^+(s1) ∩ L_i. Every
state on a legal sequence of improvements from s1 lies in R_H(s1) ⊆ region_i, so
R_H^+(s1) is the reachability along the opponents' improving moves inside region_i,
which the b_j^i determine; U_i and L_i are a_i. ∎

Each variant of DM k therefore maps to a *signature* σ_k = (a_k, (b_k^i)_{i≠k}); variants
with equal signatures are interchangeable for every verdict at s. The SEQ count is

    Σ over signature tuples (σ_1 … σ_n) of Π_k count_k(σ_k) · Π_i F_i(a_i, (b_j^i)_{j≠i}),

which is exact by the claim and needs Π_k (distinct signatures of k) terms, not Π_k n_k
profiles. Only variants under which s is GMR-stable for their DM enter (SEQ ⊆ GMR per DM,
since R_H^+ ⊆ R_H, so the others cannot be in a SEQ equilibrium). F_i is tabulated over
the distinct a_i and b_j^i that occur, by one breadth-first search per combination of
opponents' parts (:func:`~detente.graph.inverse._kernels.seq_table`); the sum runs compiled
(:func:`~detente.graph.inverse._kernels.combine`).

Examples
--------
>>> import detente
>>> from detente.graph.space import StateSpace
>>> from detente.graph.preferences import payoff_ranks
>>> pd = detente.load("prisoners-dilemma")
>>> space = StateSpace(pd)
>>> moves = UnilateralMoves(space)
>>> hood = TargetNeighbourhood(moves, moves.position(pd.decimal("YY")))
>>> P = payoff_ranks(space).reshape(2, -1)[:, space.feasible_index]
>>> batch = ProfileBatch(hood, [P[0][None, :], P[1][None, :]])
>>> batch.verdicts[0]["nash"].tolist(), batch.verdicts[0]["gmr"].tolist()
([False], [True])
>>> batch.seq().count
1
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from detente.graph.inverse.local import TargetNeighbourhood, UnilateralMoves
from detente.model.errors import ModelError

__all__ = ["ProfileBatch", "SeqResult", "UnilateralMoves", "TargetNeighbourhood",
           "MAX_TABLE_WORK", "MAX_COMBINE_WORK", "INVERSE_CONCEPTS"]

#: The concepts an inverse analysis answers.
INVERSE_CONCEPTS = ("nash", "gmr", "smr", "seq")
#: Most node visits the SEQ tables may take (combinations × region × opponents).
MAX_TABLE_WORK = 4e9
#: Most signature tuples the SEQ sum may visit.
MAX_COMBINE_WORK = 2e9


def _unique_rows(mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a bool matrix and each row's index among them."""
    if mat.shape[1] == 0:
        return np.zeros((1, 0), dtype=bool), np.zeros(mat.shape[0], dtype=np.int64)
    packed = np.packbits(mat, axis=1)
    _, first, inv = np.unique(packed, axis=0, return_index=True, return_inverse=True)
    return mat[first], inv.reshape(-1).astype(np.int64)


@dataclass
class SeqResult:
    """The SEQ part of a batch: the exact count, which variants of each DM appear in some
    profile making the target a SEQ equilibrium, and the first stable signature tuples."""

    count: int
    in_stable: list[np.ndarray]
    tuples: np.ndarray
    members: list[list[np.ndarray]]


class ProfileBatch:
    """Target verdicts of every DM's variants, and the SEQ signatures.

    Parameters
    ----------
    hood:
        The target and its neighbourhood.
    ranks:
        Per DM k, an ``(n_k, N)`` array of dense ranks over the feasible positions (one row
        per variant), or ``(n_k, len(cols[k]))`` over the columns ``cols[k]``.
    cols:
        Per DM, the positions its rank columns stand for (default: all N); they must cover
        :meth:`TargetNeighbourhood.columns`.
    """

    def __init__(self, hood: TargetNeighbourhood, ranks: list[np.ndarray],
                 cols: list[np.ndarray] | None = None) -> None:
        self.hood = hood
        n = hood.moves.n_dms
        self.n_dms = n
        N = hood.moves.n
        self.ranks = [np.asarray(r) for r in ranks]
        self.cols = cols if cols is not None else [np.arange(N)] * n
        self.sizes = [int(r.shape[0]) for r in self.ranks]
        self.verdicts: list[dict[str, np.ndarray]] = []
        self._own: list[tuple[np.ndarray, np.ndarray]] = []  # (UI, L) per variant
        for i in range(n):
            self.verdicts.append(self._focal(i))

    # -- one DM's own verdicts ----------------------------------------------------------------
    def _col(self, k: int, positions: np.ndarray) -> np.ndarray:
        c = self.cols[k]
        idx = np.searchsorted(c, positions)
        if len(positions) and (idx.max() >= len(c) or not np.array_equal(c[idx], positions)):
            raise ValueError("rank columns do not cover the target's neighbourhood")
        return idx

    def _focal(self, i: int) -> dict[str, np.ndarray]:
        f = self.hood.focal[i]
        R = self.ranks[i]
        nv = R.shape[0]
        ps = R[:, self._col(i, np.array([self.hood.target]))[0]]
        ui = R[:, self._col(i, f.moves)] > ps[:, None]
        if len(f.moves) == 0:
            yes = np.ones(nv, dtype=bool)
            self._own.append((ui, np.zeros((nv, 0), dtype=bool)))
            return {"nash": yes, "gmr": yes.copy(), "smr": yes.copy()}
        reg = R[:, self._col(i, f.region)]
        low = reg <= ps[:, None]
        # SMR: what a sanction x is worth to i: the best of x and of i's escapes from x
        w = reg.copy()
        if len(f.escape_idx):
            esc = R[:, self._col(i, f.escape_idx)]
            lens = np.diff(f.escape_ptr)
            nz = lens > 0
            best = np.maximum.reduceat(esc, f.escape_ptr[:-1][nz], axis=1)
            w[:, nz] = np.maximum(w[:, nz], best)
        gmr_ok = np.ones((nv, len(f.moves)), dtype=bool)
        smr_ok = np.ones((nv, len(f.moves)), dtype=bool)
        for t, sanc in enumerate(f.sanctions):
            if len(sanc) == 0:
                gmr_ok[:, t] = smr_ok[:, t] = False
                continue
            at = np.searchsorted(f.region, sanc)
            gmr_ok[:, t] = reg[:, at].min(axis=1) <= ps
            smr_ok[:, t] = w[:, at].min(axis=1) <= ps
        self._own.append((ui, low))
        return {"nash": np.asarray(~ui.any(axis=1)),
                "gmr": np.asarray((~ui | gmr_ok).all(axis=1)),
                "smr": np.asarray((~ui | smr_ok).all(axis=1))}

    def counts(self, concept: str, subsets: list[np.ndarray] | None = None) -> int:
        """Profiles (over ``subsets`` of each DM's variants, default all) under which the
        target is an equilibrium under Nash, GMR or SMR: a product over DMs."""
        out = 1
        for k in range(self.n_dms):
            v = self.verdicts[k][concept]
            out *= int(v.sum() if subsets is None else v[subsets[k]].sum())
        return out

    # -- SEQ ------------------------------------------------------------------------------------
    def seq_work(self) -> tuple[float, float]:
        """Estimated node visits of the SEQ tables and signature tuples of the sum, before
        they are built (an upper bound from the distinct signatures)."""
        self._signatures()
        table = 0.0
        for i in range(self.n_dms):
            combos = math.prod(len(self._b_rows[(j, i)]) for j in range(self.n_dms) if j != i)
            region = len(self.hood.focal[i].region)
            table += combos * max(1, region) * max(1, self.n_dms - 1)
        combine = math.prod(len(s) for s in self._sig_members) if self._sig_members else 0.0
        return table, float(combine)

    def _signatures(self) -> None:
        if hasattr(self, "_sig_members"):
            return
        n = self.n_dms
        #: variants of each DM under which the target is GMR-stable for it (SEQ ⊆ GMR)
        self.gmr_ok = [np.flatnonzero(self.verdicts[k]["gmr"]) for k in range(n)]
        self._a_rows: list[tuple[np.ndarray, np.ndarray]] = []
        self._a_id: list[np.ndarray] = []
        for i in range(n):
            ui, low = self._own[i]
            keep = self.gmr_ok[i]
            both = np.concatenate([ui[keep], low[keep]], axis=1)
            rows, inv = _unique_rows(both)
            nt = ui.shape[1]
            self._a_rows.append((rows[:, :nt], rows[:, nt:]))
            self._a_id.append(inv)
        self._b_rows: dict[tuple[int, int], np.ndarray] = {}
        self._b_id: dict[tuple[int, int], np.ndarray] = {}
        for k in range(n):
            R = self.ranks[k][self.gmr_ok[k]]
            for i in range(n):
                if i == k:
                    continue
                src, dst = self.hood.focal[i].edges[k]
                imp = R[:, self._col(k, dst)] > R[:, self._col(k, src)]
                rows, inv = _unique_rows(imp)
                self._b_rows[(k, i)] = rows
                self._b_id[(k, i)] = inv
        # signature of each GMR-passing variant: (a_k, b_k^i for i != k)
        self._sig_members: list[list[np.ndarray]] = []
        self._sig_index = []
        self._sig_of = []
        for k in range(n):
            cols = [self._a_id[k][:, None]]
            cols += [self._b_id[(k, i)][:, None] for i in range(n) if i != k]
            key = np.concatenate(cols, axis=1)
            if len(key) == 0:
                self._sig_members.append([])
                self._sig_index.append(np.zeros((0, n), dtype=np.int64))
                self._sig_of.append(np.full(self.sizes[k], -1, dtype=np.int64))
                continue
            uniq, inv = np.unique(key, axis=0, return_inverse=True)
            inv = inv.reshape(-1)
            order = np.argsort(inv, kind="stable")
            bounds = np.searchsorted(inv[order], np.arange(len(uniq) + 1))
            members = [self.gmr_ok[k][order[bounds[g]:bounds[g + 1]]] for g in range(len(uniq))]
            # index[g, i]: the id DM k contributes to focal i's table (a_k when i == k)
            idx = np.zeros((len(uniq), n), dtype=np.int64)
            col = 0
            for i in range(n):
                if i == k:
                    idx[:, i] = uniq[:, 0]
                else:
                    col += 1
                    idx[:, i] = uniq[:, col]
            self._sig_members.append(members)
            self._sig_index.append(idx)
            sig_of = np.full(self.sizes[k], -1, dtype=np.int64)
            sig_of[self.gmr_ok[k]] = inv
            self._sig_of.append(sig_of)

    def _tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """F_i for every focal DM, flattened: (tables, offsets, strides[i, k])."""
        from detente.graph.inverse._kernels import seq_table

        n = self.n_dms
        parts, offs = [], []
        strides = np.zeros((n, n), dtype=np.int64)
        off = 0
        for i in range(n):
            f = self.hood.focal[i]
            ui_rows, low_rows = self._a_rows[i]
            H = [j for j in range(n) if j != i]
            nb = np.array([len(self._b_rows[(j, i)]) for j in H], dtype=np.int64)
            n_a = len(ui_rows)
            n_c = int(np.prod(nb)) if len(nb) else 1
            out = np.ones((n_a, n_c), dtype=np.bool_)
            if n_a and n_c and len(f.moves):
                region = f.region
                nodes = len(region)
                ptr = np.zeros((len(H), nodes + 1), dtype=np.int64)
                e_max = max(1, max(len(f.edges[j][0]) for j in H))
                dst = np.zeros((len(H), e_max), dtype=np.int64)
                eid = np.zeros((len(H), e_max), dtype=np.int64)
                imp_parts, imp_off, imp_len = [], [], []
                o = 0
                for h, j in enumerate(H):
                    src, tgt = f.edges[j]
                    ls, lt = np.searchsorted(region, src), np.searchsorted(region, tgt)
                    order = np.lexsort((lt, ls))  # edges come grouped by source already
                    cnt = np.bincount(ls, minlength=nodes)
                    ptr[h, 1:] = np.cumsum(cnt)
                    dst[h, : len(lt)] = lt[order]
                    eid[h, : len(lt)] = order
                    rows = self._b_rows[(j, i)]
                    imp_parts.append(rows.reshape(-1))
                    imp_off.append(o)
                    imp_len.append(rows.shape[1])
                    o += rows.size
                imp = np.concatenate(imp_parts) if imp_parts else np.zeros(1, bool)
                starts = np.searchsorted(region, f.moves)
                seq_table(nodes, starts, ptr, dst, eid, imp.astype(np.bool_),
                          np.array(imp_off, np.int64), np.array(imp_len, np.int64), nb,
                          np.ascontiguousarray(ui_rows), np.ascontiguousarray(low_rows), out)
            parts.append(out.reshape(-1))
            offs.append(off)
            off += out.size
            # position in F_i: a_i * n_c + mixed radix over opponents (first most significant)
            strides[i, i] = n_c
            s = 1
            for h in range(len(H) - 1, -1, -1):
                strides[i, H[h]] = s
                s *= int(nb[h])
        return np.concatenate(parts), np.array(offs, dtype=np.int64), strides

    def seq(self, subsets: list[np.ndarray] | None = None, limit: int = 0,
            max_table: float = MAX_TABLE_WORK, max_combine: float = MAX_COMBINE_WORK
            ) -> SeqResult:
        """Profiles under which the target is a SEQ equilibrium.

        ``subsets``: per DM, the variants to combine (default all). ``limit``: also return
        the first ``limit`` stable signature tuples. Refused with ModelError, with the
        estimate, when the tables or the sum would exceed the given work."""
        from detente.graph.inverse._kernels import combine

        self._signatures()
        n = self.n_dms
        table_work, combine_work = self.seq_work()
        if table_work > max_table or combine_work > max_combine:
            raise ModelError(
                f"counting SEQ equilibria would take about {table_work:.2g} search steps "
                f"and {combine_work:.2g} signature combinations (limits {max_table:.2g} and "
                f"{max_combine:.2g}): the decision makers' variants differ in too many ways "
                "that matter to the sanctions. Vary fewer positions (or fewer decision "
                "makers), or leave SEQ out of --concepts")
        if not hasattr(self, "_flat_tables"):
            self._flat_tables = self._tables()
        tables, t_off, strides = self._flat_tables
        members: list[list[np.ndarray]] = []
        for k in range(n):
            if subsets is None:
                members.append(self._sig_members[k])
            else:
                keep = np.zeros(self.sizes[k], dtype=bool)
                keep[subsets[k]] = True
                members.append([m[keep[m]] for m in self._sig_members[k]])
        use = [np.array([g for g, m in enumerate(members[k]) if len(m)], dtype=np.int64)
               for k in range(n)]
        sizes = np.array([len(u) for u in use], dtype=np.int64)
        width = int(sizes.max()) if n else 0
        counts = np.zeros((n, max(1, width)), dtype=np.int64)
        index = np.zeros((n, max(1, width), n), dtype=np.int64)
        for k in range(n):
            for p, g in enumerate(use[k]):
                counts[k, p] = len(members[k][g])
                index[k, p] = self._sig_index[k][g]
        total_profiles = math.prod(self.sizes if subsets is None else
                                   [len(s) for s in subsets])
        if total_profiles >= 2**63:
            raise ModelError(f"{total_profiles:.3g} profiles: too many to count exactly")
        marg = np.zeros((n, max(1, width)), dtype=np.bool_)
        found = np.zeros((max(1, limit), n), dtype=np.int64)
        total, n_found = combine(sizes, counts, index, tables, t_off, strides, marg,
                                 np.int64(limit), found)
        in_stable = []
        for k in range(n):
            flag = np.zeros(self.sizes[k], dtype=bool)
            for p, g in enumerate(use[k]):
                if marg[k, p]:
                    flag[members[k][g]] = True
            in_stable.append(flag)
        tuples = np.array([[use[k][found[r, k]] for k in range(n)] for r in range(n_found)],
                          dtype=np.int64).reshape(n_found, n)
        return SeqResult(int(total), in_stable, tuples, members)

    def seq_stable(self, profile: list[int]) -> bool:
        """Whether the target is a SEQ equilibrium under one profile (variant per DM)."""
        self._signatures()
        if not hasattr(self, "_flat_tables"):
            self._flat_tables = self._tables()
        tables, t_off, strides = self._flat_tables
        sig = [int(self._sig_of[k][v]) for k, v in enumerate(profile)]
        if min(sig) < 0:
            return False
        for i in range(self.n_dms):
            pos = int(t_off[i])
            for k in range(self.n_dms):
                pos += int(self._sig_index[k][sig[k], i]) * int(strides[i, k])
            if not tables[pos]:
                return False
        return True
