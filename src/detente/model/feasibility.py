"""Why a state is not feasible, said with the rule that excludes it and where that rule is.

A state of a graph model is not feasible when it breaks one of the model's constraints: an
``infeasible`` condition it satisfies, or an ``exclusive`` (at most one) or ``exactly_one``
group it breaks (Fang, Hipel & Kilgour 1993, ch. 3: option form, infeasible states removed
from the 2^n combinations). A user who names such a state (the status quo in a file,
``paths --from/--to``, ``explain STATE``) is told which rule excludes it, with the rule's
field and line in the scenario file, instead of a bare "not feasible".

Examples
--------
>>> from detente.model.loader import load_conflict
>>> elmira = load_conflict("elmira")
>>> excluded_by(elmira, elmira.decimal("NNNYN")) is None
True
>>> excluded_by(elmira, elmira.decimal("NNNNN"))
('it takes 0 of delay, accept, abandon, of which exactly one must be taken', 'exactly_one[0]')
"""

from __future__ import annotations

from detente.model.conflict import Conflict
from detente.model.errors import ModelError

__all__ = ["excluded_by", "require_feasible", "not_feasible", "irreversible_between",
           "state_argument"]

#: Options of a group listed in a message before "…".
_SHOWN = 4


def _ids(conflict: Conflict, group: tuple[int, ...]) -> str:
    ids = [conflict.options[k].id for k in group]
    return ", ".join(ids[:_SHOWN]) + (" ..." if len(ids) > _SHOWN else "")


def excluded_by(conflict: Conflict, decimal: int) -> tuple[str, str] | None:
    """``(the rule that excludes the state, in words; its field path)``, or ``None`` when the
    state breaks no constraint."""
    for j, f in enumerate(conflict.infeasible):
        if conflict.holds(f, decimal):
            return f"it satisfies the infeasible condition '{f}'", f"infeasible[{j}]"
    for key, kind in (("exclusive", "at most one may"), ("exactly_one", "exactly one must")):
        for j, group in enumerate(getattr(conflict, key)):
            n = sum((decimal >> k) & 1 for k in group)
            if n > 1 or (key == "exactly_one" and n != 1):
                return (f"it takes {n} of {_ids(conflict, group)}, of which {kind} be taken",
                        f"{key}[{j}]")
    return None


def require_feasible(conflict: Conflict, decimal: int, *, what: str = "state",
                     field: str | None = None, line: int | None = None,
                     advice: str = "choose a feasible state (detente analyze FILE --detail "
                     "full lists them)") -> None:
    """Raise a :class:`ModelError` naming the excluding rule if ``decimal`` is not feasible.

    ``what`` says which state it is ("the status quo", "--from state"); ``field`` and
    ``line`` say where the user named it (a file field, or a command-line option); ``advice``
    ends the message.

    >>> from detente.model.loader import load_conflict
    >>> elmira = load_conflict("elmira")
    >>> try:
    ...     require_feasible(elmira, elmira.decimal("NNNNN"), what="--from state",
    ...                      field="--from")
    ... except ModelError as exc:
    ...     print(exc.field, "|", exc.message)  # doctest: +NORMALIZE_WHITESPACE
    --from | --from state NNNNN is not feasible: it takes 0 of delay, accept, abandon, of which
    exactly one must be taken (exactly_one[0], line 86); choose a feasible state (detente
    analyze FILE --detail full lists them)
    """
    found = excluded_by(conflict, decimal)
    if found is None:
        return
    rule, rule_field = found
    rule_line = conflict.locations.get(rule_field)
    # The rule's field path and line only mean something in a scenario file (not in .gmcr).
    where = f" ({rule_field}, line {rule_line})" if rule_line is not None else ""
    raise ModelError(f"{what} {conflict.pattern(decimal)} is not feasible: {rule}{where}; "
                     f"{advice}", file=conflict.source_file, line=line, field=field)


def not_feasible(conflict: Conflict, decimal: int, *, what: str = "state",
                 field: str | None = None) -> ModelError:
    """The error for a state an engine was asked about but does not hold: the rule that
    excludes it and that rule's line (as :func:`require_feasible` says it), or a plain
    "not feasible" when no rule does.

    >>> from detente.model.loader import load_conflict
    >>> elmira = load_conflict("elmira")
    >>> "exactly_one[0], line 86" in not_feasible(elmira, 0).message
    True
    """
    try:
        require_feasible(conflict, decimal, what=what, field=field)
    except ModelError as exc:
        return exc
    return ModelError(f"{what} {conflict.pattern(decimal)} is not feasible", field=field,
                      file=conflict.source_file)


def state_argument(conflict: Conflict, state: str | int, field: str) -> int:
    """The decimal of a feasible state a user named as an argument (a Y/N pattern,
    ``status_quo``, a named state, or a decimal); a mistake names ``field`` (the option, e.g.
    ``--from``) and, for an infeasible state, the rule that excludes it and its line.

    >>> from detente.model.loader import load_conflict
    >>> cuba = load_conflict("cuban-missile-crisis")
    >>> state_argument(cuba, "NNYN", "--to"), state_argument(cuba, "status_quo", "--from")
    (4, 0)
    """
    if isinstance(state, str):
        try:
            decimal = conflict.parse_state(state)
        except ModelError as exc:
            raise ModelError(exc.message, file=exc.file, line=exc.line, field=field) from None
    else:
        decimal = int(state)
        if not 0 <= decimal < 1 << conflict.n_options:
            raise ModelError(f"state {decimal} is not a state of this model (0 to "
                             f"{(1 << conflict.n_options) - 1})", field=field)
    require_feasible(conflict, decimal, what="state", field=field)
    return decimal


def irreversible_between(conflict: Conflict, start: int, target: int) -> list[str]:
    """The irreversible options that make ``target`` unreachable from ``start``: a
    forward-only option taken at ``start`` but not at ``target`` (it cannot be withdrawn),
    or a backward-only option not taken at ``start`` but taken at ``target`` (it cannot be
    taken again). Every move changes options only in their allowed direction (Fang, Hipel &
    Kilgour 1993, irreversible moves), so any one of them is enough to rule the target out.

    >>> from detente.model.loader import load_conflict
    >>> cuba = load_conflict("cuban-missile-crisis")
    >>> irreversible_between(cuba, cuba.decimal("YNNN"), cuba.decimal("NNNN"))
    ["'Air strike' (air_strike) cannot be withdrawn once taken"]
    """
    out = []
    for k, o in enumerate(conflict.options):
        at_start, at_target = (start >> k) & 1, (target >> k) & 1
        if o.direction == "forward" and at_start and not at_target:
            out.append(f"'{o.text}' ({o.id}) cannot be withdrawn once taken")
        elif o.direction == "backward" and at_target and not at_start:
            out.append(f"'{o.text}' ({o.id}) cannot be taken again once withdrawn")
    return out
