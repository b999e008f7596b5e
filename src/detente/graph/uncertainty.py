"""Uncertain preferences: how likely each state is to be an equilibrium.

A scenario may say what is uncertain about each decision maker's (DM's) prioritized
statements (:mod:`detente.model.uncertainty`): groups of statements whose relative order is
unknown (uniformly random within the group) and statements held only with a probability.
That defines a probability distribution over preference profiles; a state's probability of
being an equilibrium under a concept is the probability mass of the profiles under which it
is one (Rêgo & dos Santos 2015 study stability under probabilistic preferences in the graph
model; Li, Hipel, Kilgour & Fang 2004 unknown preferences).

- When the distribution has at most ``samples`` distinct draws, every draw is enumerated with
  its probability and the probabilities are **exact** (``method: exact``).
- Otherwise ``samples`` profiles are drawn (**Monte Carlo**); each probability comes with a
  95 % Wilson score interval (Wilson 1927, "Probable inference, the law of succession, and
  statistical inference", *JASA* 22: 209–212).

Draws come in fixed blocks of :data:`BLOCK` profiles; block b is drawn from
``numpy.random.SeedSequence(seed, spawn_key=(b,))`` whatever the batch it falls in, and
batches are summed in block order, so the same seed gives the same numbers on one process
or on any number of Dask workers (:mod:`detente.graph.batches`). Each batch of profiles is
evaluated as one stack over the shared state space (:mod:`detente.graph.profiles`).

Examples
--------
>>> import dataclasses, detente
>>> from detente.model.uncertainty import UncertainPreferences
>>> pd = detente.load("prisoners-dilemma")  # rankings: write them as statements
>>> from detente.model.conflict import Statement, Statements
>>> from detente.model.formula import Not, Var
>>> me = Statements((Statement(Not(Var("p1_cooperates"))), Statement(Var("p2_cooperates"))))
>>> c = dataclasses.replace(pd, preferences=(me, pd.preferences[1]),
...                         uncertainty=(UncertainPreferences(0, ((0, 1),)),))
>>> r = uncertainty(c, "nash", samples=100)
>>> r.method, r.profiles, [(s.state, s.probability) for s in r.states]
('exact', 2, [('NN', 1.0)])
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.model.conflict import Conflict, Statements
from detente.model.errors import ModelError

__all__ = ["BLOCK", "MAX_SAMPLES", "WORK_LIMIT", "StateProbability", "UncertaintyAnalysis",
           "uncertainty", "uncertainty_work", "check_uncertainty_work", "wilson",
           "profile_count"]

#: Profiles per seed block (a block is drawn from its own SeedSequence child).
BLOCK = 32
#: Profiles drawn (or enumerated) at most: 10^7 draws give every probability to ±0.0003.
MAX_SAMPLES = 10**7
#: Work of one profile, in units of about 0.1 µs of one core of the 2-core development
#: machine (measured by CPU time per profile on the frozen summit models): per state of the
#: state tensor and concept, plus SIM's search (per feasible state and move) and a fixed
#: cost per profile (drawing it, ranking the states, the stack's bookkeeping).
_STATE_UNITS = {"nash": 1.0, "gmr": 2.5, "smr": 2.5, "seq": 5.0, "sim": 0.0, "seqsim": 0.0}
_SIM_UNITS = 0.5
_PROFILE_UNITS = 500.0
UNIT_SECONDS = 1e-7
#: Default bound on the work of an uncertainty analysis (about 10 minutes of one core).
WORK_LIMIT = 6e9
#: z for a 95 % interval.
_Z = 1.959963984540054


def wilson(k: np.ndarray | float, n: int, z: float = _Z) -> tuple[Any, Any]:
    """The Wilson score interval of a binomial proportion k/n.

    >>> [round(float(x), 4) for x in wilson(5, 10)]
    [0.2366, 0.7634]
    """
    k = np.asarray(k, dtype=float)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


@dataclass(frozen=True)
class StateProbability:
    """The probability that ``state`` is an equilibrium under ``concept``, with a 95 %
    interval (``low`` = ``high`` = ``probability`` when exact); ``baseline``: whether it is
    one under the file's own preferences."""

    state: str
    concept: str
    probability: float
    low: float
    high: float
    baseline: bool

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "concept": self.concept,
                "probability": self.probability, "low": self.low, "high": self.high,
                "baseline": self.baseline}


@dataclass(frozen=True)
class UncertaintyAnalysis:
    """The result of :func:`uncertainty`: how likely each state is to be an equilibrium.

    When a scenario says what is uncertain about some decision makers' prioritized
    statements (groups of statements in an unknown order, statements held only with some
    probability), the decision makers' preferences are a probability distribution over
    preference profiles. A state's probability of being an equilibrium under a concept is
    the probability of the profiles under which it is one: exact when every distinct
    profile can be enumerated, else estimated from random draws with a 95 % Wilson score
    interval.

    ``method`` is ``exact`` (every distinct draw enumerated) or ``monte-carlo``;
    ``samples`` the profiles evaluated; ``profiles`` the number of distinct draws;
    ``baseline`` the equilibria of the scenario's preferences as written; ``states`` every
    (state, concept) with a positive probability or that is an equilibrium of the baseline,
    by concept then decimal (:class:`StateProbability`: ``probability``, ``low``,
    ``high``); :meth:`probability` looks one up. :meth:`to_dict` is the JSON of ``detente
    sensitivity --samples``.

    References
    ----------
    Rêgo, L. C. and dos Santos, A. M. (2015). Probabilistic preferences in the graph model
    for conflict resolution. *IEEE Transactions on Systems, Man, and Cybernetics: Systems*
    45(4): 595–608. Li, K. W., Hipel, K. W., Kilgour, D. M. and Fang, L. (2004). Preference
    uncertainty in the graph model for conflict resolution. *IEEE Transactions on Systems,
    Man, and Cybernetics A* 34(4): 507–520. Wilson, E. B. (1927). Probable inference, the
    law of succession, and statistical inference. *Journal of the American Statistical
    Association* 22: 209–212 (the interval).

    Examples
    --------
    Suppose the upstream state of the shared-river scenario holds its third statement (it
    wants to fill the dam fast) only with probability ½:

    >>> import dataclasses, detente
    >>> from detente.model.uncertainty import UncertainPreferences
    >>> river = detente.load("shared-river")
    >>> river.preferences[0].statements[2].text
    'fill_fast'
    >>> unsure = UncertainPreferences(dm=0, probable=((2, 0.5),))
    >>> u = detente.sensitivity(dataclasses.replace(river, uncertainty=(unsure,)), "nash",
    ...                         samples=100)
    >>> u.method, u.profiles, u.baseline["nash"]
    ('exact', 2, ('YNNN',))
    >>> u.probability("YNNN", "nash"), u.probability("NNNN", "nash")
    (1.0, 0.5)
    """

    title: str
    concepts: tuple[str, ...]
    method: str
    samples: int
    profiles: int
    seed: int
    uncertain: Mapping[str, Mapping[str, Any]]
    baseline: Mapping[str, tuple[str, ...]]
    states: tuple[StateProbability, ...]
    skipped: Mapping[str, str] = field(default_factory=dict)
    conflict: Conflict | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``detente sensitivity --samples``."""
        return {"title": self.title, "concepts": list(self.concepts), "method": self.method,
                "samples": self.samples, "profiles": self.profiles, "seed": self.seed,
                "uncertain": {k: dict(v) for k, v in self.uncertain.items()},
                "baseline": {c: list(v) for c, v in self.baseline.items()},
                "states": [s.to_dict() for s in self.states]}

    def probability(self, state: str, concept: str) -> float:
        for s in self.states:
            if s.state == state and s.concept == concept:
                return s.probability
        return 0.0


def profile_count(conflict: Conflict) -> int:
    """The number of distinct draws of the model's uncertain preferences."""
    return math.prod(u.profile_count() for u in conflict.uncertainty)


def uncertainty_work(space: Any, concepts: Iterable[str], profiles: int) -> float:
    """Estimated work of evaluating ``profiles`` preference profiles under ``concepts`` over
    ``space``, in units of about :data:`UNIT_SECONDS` (from the shape of the state space
    alone, so a refusal comes before anything is computed): per profile, the state tensor
    once per concept (SEQ, whose sanctions are the others' improvements, costs five times
    Nash), SIM's search over every feasible state's joint moves, and a fixed cost.

    >>> import detente
    >>> from detente.graph.space import StateSpace
    >>> space = StateSpace(detente.load("prisoners-dilemma"))
    >>> uncertainty_work(space, ["nash"], 10)  # 10 x (4 states x 1 + 500)
    5040.0
    """
    chosen = list(concepts)
    per_state = sum(_STATE_UNITS[c] for c in chosen)
    if "seqsim" in chosen and "seq" not in chosen:
        per_state += _STATE_UNITS["seq"]
    sim = 0.0
    if "sim" in chosen or "seqsim" in chosen:
        from detente.graph.sim import sim_work_estimate

        sim = _SIM_UNITS * sim_work_estimate(space)
    return float(profiles) * (float(space.size) * per_state + sim + _PROFILE_UNITS)


def check_uncertainty_work(space: Any, concepts: Iterable[str], profiles: int, method: str,
                           max_work: float | None = None) -> float:
    """Refuse (:class:`ModelError`, at once) an uncertainty analysis whose estimated work
    (:func:`uncertainty_work`) is above ``max_work`` (default :data:`WORK_LIMIT`), with the
    estimate and what to do; return the estimate.

    >>> import detente
    >>> from detente.graph.space import StateSpace
    >>> space = StateSpace(detente.load("prisoners-dilemma"))
    >>> check_uncertainty_work(space, ["nash"], 10**6, "monte-carlo", max_work=1e6)
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: --samples: drawing 1,000,000 preference profiles ...
    """
    chosen = list(concepts)
    limit = WORK_LIMIT if max_work is None else max_work
    work = uncertainty_work(space, chosen, profiles)
    if work > limit:
        what = ("enumerating all" if method == "exact" else "drawing")
        sim = (", SIM's search over every state's joint moves dominates: leave sim and "
               "seqsim out of --concepts" if any(c in chosen for c in ("sim", "seqsim"))
               and uncertainty_work(space, [c for c in chosen if c not in ("sim", "seqsim")]
                                    or ["nash"], profiles) < work / 2 else "")
        raise ModelError(
            f"{what} {profiles:,} preference profiles of this model would take about "
            f"{work:.2g} units of work, above the limit of {limit:.2g} (about "
            f"{_duration(work * UNIT_SECONDS)} in one process on a 2-core machine: "
            f"{space.size:,} states, {len(chosen)} concept{'s' if len(chosen) != 1 else ''}"
            f"{sim}). Ask for fewer --samples (1,000 draws give every probability to ±0.03) "
            "or fewer --concepts, or raise the limit with --max-work (and share the work "
            "out with --workers N or --scheduler)", field="--samples")
    return work


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:,.0f} h"


def default_profile_concepts(space: Any, concepts: list[str] | None) -> list[str]:
    """The concepts :func:`~detente.graph.analysis.analyze` will compute for ``concepts``
    (``None``: its default set, SIM and SEQ&SIM left out of large models)."""
    if concepts is not None:
        return list(concepts)
    from detente.graph.analysis import DEFAULT_CONCEPTS, SIM_DEFAULT_LIMIT
    from detente.graph.profiles import PROFILE_CONCEPTS
    from detente.graph.sim import sim_work_estimate

    large = sim_work_estimate(space) > SIM_DEFAULT_LIMIT
    return [c for c in DEFAULT_CONCEPTS if c in PROFILE_CONCEPTS
            and not (large and c in ("sim", "seqsim"))]


# -- one DM's draws -----------------------------------------------------------------------------
class _DMDraws:
    """Draws of one DM's statement order and presence, ranked over the feasible states."""

    def __init__(self, space: Any, u: Any) -> None:
        spec = space.conflict.preferences[u.dm]
        if not isinstance(spec, Statements):
            raise ModelError("uncertain preferences apply to decision makers given by "
                             "statements", field=f"uncertainty.{space.conflict.dm_names[u.dm]}")
        self.K = len(spec.statements)
        idx = space.feasible_index
        self.sat = np.zeros((self.K, idx.size), dtype=np.int64)
        for j, st in enumerate(spec.statements):
            v = np.broadcast_to(space.evaluate(st.formula), space.shape).reshape(-1)
            self.sat[j] = v[idx]
        # scores below 2^31 are exact in float64: a BLAS product instead of an integer one
        self._sat_f = self.sat.astype(np.float64) if self.K <= 30 else None
        self.groups = [list(g) for g in u.unordered]
        self.probable = [(k, float(p)) for k, p in u.probable]

    def ranks(self, orders: np.ndarray, keep: np.ndarray) -> np.ndarray:
        """Ranks ``(B, n_feasible)`` (higher preferred) for ``B`` draws: ``orders[b]`` the
        statement at each priority position, ``keep[b, k]`` whether statement k is held."""
        B = orders.shape[0]
        W = np.zeros((B, self.K), dtype=np.int64)
        if self.K <= 62:
            pos_w = (1 << np.arange(self.K - 1, -1, -1, dtype=np.int64))  # position weights
            rows = np.arange(B)[:, None]
            W[rows, orders] = pos_w[None, :]
            W *= keep
            if self._sat_f is not None:
                return (W.astype(np.float64) @ self._sat_f + 1).astype(np.int32)
            from detente.graph.preferences import dense_rank

            score = W @ self.sat  # exact in int64; ranked densely to fit int32
            return np.stack([dense_rank(row) for row in score]).astype(np.int32)
        from detente.graph.preferences import dense_rank

        out = np.empty((B, self.sat.shape[1]), dtype=np.int32)
        for b in range(B):  # many statements: position by position, re-ranked densely
            s = np.zeros(self.sat.shape[1], dtype=np.int64)
            for p, j in enumerate(orders[b].tolist()):
                s = s * 2 + self.sat[j] * int(keep[b, j])
                if p % 60 == 59:
                    s = dense_rank(s).astype(np.int64)
            out[b] = dense_rank(s)
        return out

    def sample(self, rng: np.random.Generator, B: int) -> tuple[np.ndarray, np.ndarray]:
        orders = np.tile(np.arange(self.K), (B, 1))
        for g in self.groups:
            perm = np.argsort(rng.random((B, len(g))), axis=1)
            orders[:, g] = np.asarray(g)[perm]
        keep = np.ones((B, self.K), dtype=np.int64)
        for k, p in self.probable:
            keep[:, k] = rng.random(B) < p
        return orders, keep

    def _radix(self) -> list[int]:
        """The number of choices of each uncertain item: g! orders per unordered group,
        then two per probable statement strictly between 0 and 1 (one otherwise)."""
        return ([math.factorial(len(g)) for g in self.groups]
                + [2 if 0 < p < 1 else 1 for _k, p in self.probable])

    def count(self) -> int:
        """How many distinct draws there are."""
        return math.prod(self._radix())

    def draw(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The draws numbered ``index`` (``0 <= index < count()``) in the enumeration of
        every distinct draw, with their probabilities: ``(orders, keep, probability)``.

        A draw's number is written in the mixed radix of :meth:`_radix` (the last item
        varies fastest); a group's digit is the rank of its order among the group's
        permutations in lexicographic order, unranked through its factorial-base digits
        (the Lehmer code), so no batch enumerates the draws before its own.
        """
        index = np.asarray(index, dtype=np.int64).reshape(-1)
        B = index.size
        rest = index.copy()
        digits: list[np.ndarray] = []
        for m in reversed(self._radix()):
            digits.append(rest % m)
            rest //= m
        digits.reverse()
        orders = np.tile(np.arange(self.K, dtype=np.int64), (B, 1))
        prob = np.ones(B)
        rows = np.arange(B)
        for g, d in zip(self.groups, digits, strict=False):
            L = len(g)
            left = np.tile(np.asarray(g, dtype=np.int64), (B, 1))  # statements not placed
            placed = np.empty((B, L), dtype=np.int64)
            for k in range(L):
                pick = (d // math.factorial(L - 1 - k)) % (L - k)
                placed[:, k] = left[rows, pick]
                cols = np.arange(L - k - 1)
                left = np.where(cols[None, :] < pick[:, None], left[:, :-1], left[:, 1:])
            orders[:, g] = placed
            prob /= math.factorial(L)
        keep = np.ones((B, self.K), dtype=np.int64)
        for (k, p), d in zip(self.probable, digits[len(self.groups):], strict=True):
            if 0 < p < 1:
                held = d == 0
                keep[:, k] = held
                prob *= np.where(held, p, 1 - p)
            else:
                keep[:, k] = int(p >= 1)
        return orders, keep, prob


# -- the batches --------------------------------------------------------------------------------
_CACHE: dict[Any, Any] = {}


def model_key(conflict: Conflict, concepts: tuple[str, ...], max_memory: int | None) -> str:
    """A digest of what a batch's setup depends on: the same text for the same model in any
    process (each Dask task carries its own unpickled copy of the model, so the object's
    identity cannot tell two batches of one run apart)."""
    import hashlib
    import pickle

    blob = pickle.dumps((conflict, concepts, max_memory), protocol=4)
    return hashlib.sha256(blob).hexdigest()


def _setup(conflict: Conflict, concepts: tuple[str, ...], max_memory: int | None,
           key: str | None = None) -> Any:
    """The state space, baseline engine and per-DM draws, cached per process under ``key``
    (:func:`model_key`): a Dask worker builds them once for all the batches of a run it
    executes, not once per batch."""
    if key is None:
        key = model_key(conflict, concepts, max_memory)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    from detente.graph.preferences import payoff_ranks
    from detente.graph.profiles import ProfileEngine
    from detente.graph.space import StateSpace

    space = StateSpace(conflict, max_memory=max_memory)
    P = payoff_ranks(space)
    setup = (space, P, ProfileEngine(space, P), [_DMDraws(space, u) for u in
                                                 conflict.uncertainty])
    _CACHE.clear()
    _CACHE[key] = setup
    return setup


def evaluate_batch(task: dict[str, Any]) -> dict[str, np.ndarray]:
    """One batch: the equilibrium counts (Monte Carlo) or probability mass (exact) of every
    feasible state per concept. ``task`` holds the model, the concepts, and either the seed
    blocks to draw or the slice of the enumeration; the result depends on nothing else."""
    conflict: Conflict = task["conflict"]
    concepts = tuple(task["concepts"])
    space, P, engine, draws = _setup(conflict, concepts, task.get("max_memory"),
                                     task.get("key"))
    n = space.n_dms
    idx = space.feasible_index
    if task["method"] == "exact":
        lo, hi = task["range"]
        B = hi - lo
        rest = np.arange(lo, hi, dtype=np.int64)  # the profiles' numbers, DM by DM in radix
        local: list[np.ndarray] = []
        for d in reversed(draws):
            local.append(rest % d.count())
            rest //= d.count()
        local.reverse()
        weights = np.ones(B)
        ranks = []
        for d, number in zip(draws, local, strict=True):
            o, k, p = d.draw(number)
            ranks.append(d.ranks(o, k))
            weights *= p
    else:
        ranks_parts: list[list[np.ndarray]] = [[] for _ in draws]
        B = 0
        for b in task["blocks"]:
            rng = np.random.default_rng(np.random.SeedSequence(task["seed"], spawn_key=(b,)))
            size = min(BLOCK, task["samples"] - b * BLOCK)
            for u, d in enumerate(draws):
                o, k = d.sample(rng, size)
                ranks_parts[u].append(d.ranks(o, k))
            B += size
        ranks = [np.concatenate(p) for p in ranks_parts]
        weights = np.ones(B)
    stack = np.empty((B, n, space.size), dtype=np.int32)
    stack[:] = P.reshape(1, n, -1)
    for u, d_un in enumerate(conflict.uncertainty):
        stack[:, d_un.dm, :] = 0
        stack[:, d_un.dm, idx] = ranks[u]
    eq = engine.equilibria(stack.reshape(B, n, *space.shape), list(concepts))
    return {c: (weights[:, None] * eq[c]).sum(axis=0) for c in concepts}


def _tasks(conflict: Conflict, concepts: tuple[str, ...], method: str, samples: int,
           seed: int, per_batch: int, max_memory: int | None) -> list[dict[str, Any]]:
    base = {"conflict": conflict, "concepts": concepts, "method": method, "seed": seed,
            "samples": samples, "max_memory": max_memory,
            "key": model_key(conflict, concepts, max_memory)}
    if method == "exact":
        total = profile_count(conflict)
        return [{**base, "range": (lo, min(total, lo + per_batch))}
                for lo in range(0, total, per_batch)]
    n_blocks = (samples + BLOCK - 1) // BLOCK
    step = max(1, per_batch // BLOCK)
    return [{**base, "blocks": list(range(lo, min(n_blocks, lo + step)))}
            for lo in range(0, n_blocks, step)]


def uncertainty(
    conflict: Conflict,
    concepts: Iterable[str] | str | None = None,
    *,
    samples: int = 1000,
    seed: int = 0,
    max_memory: int | None = None,
    max_work: float | None = None,
    batch: int | None = None,
    min_batches: int = 1,
    runner: Callable[..., list[Any]] | None = None,
    progress: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> UncertaintyAnalysis:
    """The probability that each state is an equilibrium, per concept, when the model's
    uncertain preferences are drawn at random: exact when there are at most ``samples``
    distinct draws, else from ``samples`` draws with 95 % Wilson intervals.

    Parameters
    ----------
    conflict:
        The model with its :attr:`~detente.model.conflict.Conflict.uncertainty`.
    concepts:
        Concept keys (default: those of :func:`~detente.graph.analysis.analyze`).
    samples, seed:
        How many profiles to draw, and the seed (same seed, same numbers, however the work
        is spread).
    max_memory:
        Bytes each batch may use (the state space is refused if it does not fit).
    max_work:
        Bound on the estimated work (:func:`check_uncertainty_work`; default
        :data:`WORK_LIMIT`, about ten minutes in one process), checked before anything is
        computed: above it the analysis is refused with the estimate.
    batch:
        Profiles per batch (default: as many as half the memory limit holds, at most 1,024,
        in whole seed blocks).
    min_batches:
        Cut the work into at least this many batches when there is enough of it (whole seed
        blocks): the workers of a cluster each get several, so none waits for a last big one.
    runner:
        ``runner(fn, tasks, progress=…)`` returning ``[fn(t) for t in tasks]`` in order,
        e.g. on a Dask cluster (:func:`detente.graph.batches.run_batches`); default here.
        Given a runner, this process analyses the file's own preferences (the baseline)
        in a thread while the runner waits for its batches.
    progress, on_plan:
        Called after each batch, and once with the number of batches.

    References
    ----------
    Rêgo, L. C. and dos Santos, A. M. (2015). Probabilistic preferences in the graph model
    for conflict resolution. *IEEE Trans. SMC: Systems* 45(4): 595–608.
    Li, K. W., Hipel, K. W., Kilgour, D. M. and Fang, L. (2004). Preference uncertainty in
    the graph model for conflict resolution. *IEEE Trans. SMC-A* 34(4): 507–520.
    """
    from detente.graph.analysis import analyze
    from detente.graph.batches import run_batches
    from detente.graph.profiles import profile_concepts
    from detente.graph.sensitivity import batch_size
    from detente.graph.space import StateSpace

    if not conflict.uncertainty:
        raise ModelError("the model declares no uncertain preferences (see 'uncertainty' in "
                         "docs/scenario-format.md)")
    if samples < 1:
        raise ModelError("the number of samples must be at least 1", field="--samples")
    if samples > MAX_SAMPLES:
        raise ModelError(f"{samples:,} samples are more than {MAX_SAMPLES:,}, which already "
                         "pin every probability down to ±0.0003 (95 %); ask for fewer",
                         field="--samples")
    if seed < 0:
        raise ModelError(f"the seed must be a non-negative integer, not {seed}",
                         field="--seed")
    concepts = profile_concepts(concepts)  # SSEQ and FSEQ are not profiled
    total = profile_count(conflict)
    method = "exact" if total <= samples else "monte-carlo"
    count = total if method == "exact" else samples
    # refuse at once what would not finish: the work is known from the state space's shape
    planned = StateSpace(conflict, max_memory=max_memory)
    chosen = tuple(default_profile_concepts(planned, concepts))
    check_uncertainty_work(planned, chosen, count, method, max_work)
    per = batch or batch_size(planned, min(count, 1024), max_memory)
    if min_batches > 1:  # several batches per worker
        per = min(per, -(-count // min_batches))
    if method != "exact":
        per = max(BLOCK, (per // BLOCK) * BLOCK)
    del planned
    tasks = _tasks(conflict, chosen, method, samples, seed, per, max_memory)
    if on_plan:
        on_plan(len(tasks))
    box: dict[str, Any] = {}

    def baseline() -> None:
        try:
            box["base"] = analyze(conflict, concepts, max_memory=max_memory)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    # when the batches run on a cluster, this process only waits: it analyses the file's
    # own preferences meanwhile (in a thread; Ctrl-C still reaches the runner)
    aside = runner is not None
    if aside:
        thread = threading.Thread(target=baseline, name="detente-baseline", daemon=True)
        thread.start()
    else:
        baseline()
        if "error" in box:
            raise box["error"]
    run = runner or run_batches
    results = run(evaluate_batch, tasks, progress=progress)
    if aside:
        thread.join()
        if "error" in box:
            raise box["error"]
    base = box["base"]
    if tuple(base.concepts) != chosen:  # pragma: no cover - the same rule as analyze's
        raise ValueError(f"baseline concepts {base.concepts} differ from {chosen}")
    space = base.space
    if space is None:  # analyze keeps its state space; an Analysis built by hand may not
        raise ValueError("the baseline analysis keeps no state space")
    n_feasible = space.n_feasible
    sums = {c: np.zeros(n_feasible) for c in chosen}
    for r in results:  # in batch order: the same sums on any number of workers
        for c in chosen:
            sums[c] += r[c]
    names = conflict.dm_names
    uncertain = {names[u.dm]: {"unordered": [[k + 1 for k in g] for g in u.unordered],
                               "probable": [{"statement": k + 1, "probability": p}
                                            for k, p in u.probable]}
                 for u in conflict.uncertainty}
    entries = []
    for c in chosen:
        base_eq = base.equilibrium_mask(c)
        if method == "exact":
            prob = np.clip(sums[c], 0.0, 1.0)
            lo = hi = prob
        else:
            prob = sums[c] / samples
            lo, hi = wilson(sums[c], samples)
        show = np.flatnonzero((prob > 0) | base_eq)
        pats = conflict.patterns(base.decimals[show])
        cols = [np.round(np.asarray(a, dtype=float)[show], 6).tolist()
                for a in (prob, lo, hi)]
        eqs = base_eq[show].tolist()
        entries += [StateProbability(p, c, a, b2, h, e)
                    for p, a, b2, h, e in zip(pats, *cols, eqs, strict=True)]
    return UncertaintyAnalysis(
        title=conflict.title, concepts=chosen, method=method, samples=count,
        profiles=total, seed=seed, uncertain=uncertain,
        baseline={c: tuple(base.patterns(base.equilibrium_mask(c))) for c in chosen},
        states=tuple(entries), skipped=dict(base.skipped), conflict=conflict)
