"""The briefing's section "What the conclusions rest on" (kept in one module, easy to move).

For the headline verdicts of the focus model — today's stability, each best stable outcome's
stability and its reachability from today — it names the preference statements each
verdict depends on (the single changes of :mod:`detente.graph.sensitivity` that flip it),
with their rationale and source, and gives the verdict matrix over every combination of the
file's named assumption sets (:mod:`detente.graph.combinations`). The HTML report adds a
heat map, verdict × statement. Every number comes from those engines; this module only
arranges them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from detente.graph.analysis import CONCEPT_NAMES
from detente.model.conflict import Statements

__all__ = ["rests_on_section_data", "rests_on_lines", "verdict_matrix", "MAX_COMBINED_SETS"]

#: Named sets combined in the report at most (the command refuses beyond 10).
MAX_COMBINED_SETS = 6


def rests_on_section_data(res: Any, source: str, concept: str, tick: Callable[[str], None],
                          max_memory: int | None = None) -> dict[str, Any]:
    """The engines' answers for the headline verdicts of ``res`` (a
    :class:`~detente.report.briefing.ModelResults`): ``verdicts`` (one per headline
    verdict: label, state, kind, holds, flipped_by) and ``combinations`` (or None)."""
    from detente.graph.sensitivity import reachability_flips, sensitivity

    c = res.conflict
    sq = None if c.status_quo is None else c.pattern(c.status_quo)
    best = [k["pattern"] for k in res.key_states]
    states = [p for p in [sq, *best] if p is not None]
    sens = sensitivity(c, [concept], states=states, max_memory=max_memory)
    tick(f"single changes of {c.name}")
    verdicts: list[dict[str, Any]] = []

    def stable_row(label: str, p: str) -> None:
        e = sens.entry(p, concept)
        verdicts.append({"label": label, "state": p, "kind": "stable",
                         "holds": sens.is_equilibrium(p, concept),
                         "flipped_by": list(e.flipped_by) if e else []})

    if sq is not None:
        stable_row("today", sq)
    for k, p in enumerate(best, 1):
        stable_row(f"best {k}", p)
    if sq is not None and best:
        flips = reachability_flips(c, best, max_memory=max_memory)
        tick(f"reachability under single changes of {c.name}")
        for k, p in enumerate(best, 1):
            ks = res.key_states[k - 1]
            verdicts.append({"label": f"best {k} reached", "state": p, "kind": "reachable",
                             "holds": bool(ks.get("path") and ks["path"]["moves"] == "ui"),
                             "flipped_by": list(flips[p])})
    combos = None
    try:
        from detente.graph.combinations import combinations
        from detente.model.loader import assumption_combinations, list_assumptions

        names = list_assumptions(source)
        if names:
            chosen = names[:MAX_COMBINED_SETS]
            result = combinations(assumption_combinations(source, chosen), [concept],
                                  max_memory=max_memory)
            tick(f"assumption combinations of {c.name}")
            combos = result
    except Exception as exc:  # noqa: BLE001 - a section that cannot be built is noted
        from detente.model.errors import ModelError

        if not isinstance(exc, ModelError):
            raise
        combos = None
    return {"concept": concept, "sensitivity": sens, "verdicts": verdicts,
            "combinations": combos}


def _what(v: dict[str, Any], concept: str, conflict: Any) -> str:
    name = CONCEPT_NAMES[concept]
    shown = conflict.state_display(conflict.decimal(v["state"]))
    if v["kind"] == "reachable":
        return f"that {shown} is reachable from today" if v["holds"] else \
            f"that {shown} is out of reach from today"
    who = "today's state" if v["label"] == "today" else f"best outcome {shown}"
    return f"{name} stability of {who}" if v["holds"] else f"{who} being {name}-unstable"


def rests_on_lines(data: dict[str, Any], conflict: Any) -> tuple[list[str], list[str]]:
    """Answer lines (short, for the terminal) and details (with rationale and source)."""
    from detente.report.explain_text import _join
    from detente.report.sensitivity_text import change_words, statement_notes

    concept = data["concept"]
    answer: list[str] = []
    robust = [_what(v, concept, conflict) for v in data["verdicts"] if not v["flipped_by"]]
    for v in data["verdicts"]:
        what = _what(v, concept, conflict)
        refs = v["flipped_by"]
        if not refs:
            continue
        parts = [change_words(r, conflict) for r in refs[:4]]
        if len(refs) > 4:
            parts.append(f"{len(refs) - 4} more")
        answer.append(f"{what[0].upper()}{what[1:]} rests on {_join(parts)}.")
    if robust:
        answer.append(f"No single change of the preferences alters {_join(robust)}.")
    combos = data["combinations"]
    if combos is not None:
        n = len(combos.analysed())
        if combos.status_quo is not None:
            k = len(combos.keep_today(concept))
            answer.append(f"Today's state is {CONCEPT_NAMES[concept]}-stable under {k} of {n} "
                          "combinations of the named assumptions.")
        for p in combos.best:
            answer.append(f"Best outcome {p}: stable under {len(combos.keep_best(p, concept))}"
                          f", reachable under {len(combos.reach_best(p))} of {n} "
                          "combinations.")
    from types import SimpleNamespace

    rows = [SimpleNamespace(flipped_by=v["flipped_by"]) for v in data["verdicts"]]
    details = statement_notes(data["sensitivity"], rows)  # type: ignore[arg-type]
    return answer, details


def verdict_matrix(data: dict[str, Any], conflict: Any) -> dict[str, Any]:
    """The heat map's data: rows the headline verdicts, columns every statement (DM and
    number; tie groups for rankings), each cell how many single changes touching that
    statement flip the verdict (0, 1 or 2)."""
    cols: list[tuple[str, int]] = []
    for i, spec in enumerate(conflict.preferences):
        dm = conflict.decision_makers[i].name
        if isinstance(spec, Statements):
            cols += [(dm, k) for k in range(1, len(spec.statements) + 1)]
    labels = [f"{dm} {k}" for dm, k in cols]
    pos = {c: q for q, c in enumerate(cols)}
    rows, z = [], []
    for v in data["verdicts"]:
        row = [0] * len(cols)
        for r in v["flipped_by"]:
            if r.on != "statements":
                continue
            for k in r.statements:
                q = pos.get((r.dm, k))
                if q is not None:
                    row[q] += 1
        rows.append(f"{v['label']} ({'holds' if v['holds'] else 'fails'})")
        z.append(row)
    hover = []
    for dm, k in cols:
        spec = conflict.preferences[conflict.dm_index(dm)]
        st = spec.statements[k - 1]
        hover.append(f"{dm} {k}: {st.text or st.formula}")
    return {"rows": rows, "columns": labels, "z": z, "hover": hover}
