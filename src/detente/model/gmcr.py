"""Reading GMCR+ ``.gmcr`` files into a :class:`~detente.model.conflict.Conflict`.

GMCR+ (Kinsara, Petersons, Hipel & Kilgour 2015, "Advanced decision support for the graph
model for conflict resolution") saves a conflict as JSON:

- ``options``: ``{"name", "permittedDirection"}`` with direction ``both``, ``fwd`` (N→Y
  only) or ``back`` (Y→N only), ``both`` when absent; option ``k`` is character ``k`` of a
  pattern, and the state's decimal has bit ``k`` set when option ``k`` is taken.
- ``decisionMakers``: ``{"name", "options": [option indices], "preferences": [...]}``, where
  a preference statement is a *condition* — a list of literals ``[optionIndex, "Y"|"N"]``,
  true when all hold — or ``{"compound": true, "members": [condition, ...]}``, true when any
  member holds. Statements are most important first (option prioritization).
- ``infeasibles``: conditions; a state matching any is infeasible.
- Manual rankings: with ``useManualPreferenceRanking`` (older files:
  ``useManualPreferenceVectors``) each decision maker's ``preferenceRanking`` (or
  ``preferenceVector``) lists state numbers, most preferred first, a nested list being a tie;
  states are numbered 1, 2, … over the feasible states in increasing decimal order.
- Optional ``misperceptions`` per decision maker (conditions; that decision maker can move
  neither from nor to the states matching any) and top-level ``coalitions`` (plain integers
  are single decision makers; nested lists are coalitions), read into
  :attr:`Conflict.coalitions` when the file groups decision makers.

Option ids are the option names when those are valid, unique option ids; otherwise a safe
id is made from the name (characters outside letters, digits, ``_ - .`` become ``_``; an
``o_`` prefix when the name does not start with a letter or is a formula keyword; ``_2``,
``_3``, … for repeats) and the name is kept as the option's label. The option order is the
file's; a decision maker's options need not be contiguous.

Refused, with a :class:`~detente.model.errors.ModelError` naming the file and the JSON path:
malformed content, and manual rankings in files whose options are not listed decision maker
by decision maker (GMCR+ renumbers the states of such files).

Examples
--------
>>> text = '''{"options": [{"name": "a", "permittedDirection": "both"},
...                        {"name": "b", "permittedDirection": "fwd"}],
...            "decisionMakers": [
...              {"name": "A", "options": [0], "preferences": [[[1, "Y"]], [[0, "N"]]]},
...              {"name": "B", "options": [1], "preferences": [[[0, "Y"], [1, "N"]]]}],
...            "infeasibles": []}'''
>>> c = gmcr_from_text(text, "demo.gmcr")
>>> c.option_ids, [o.direction for o in c.options]
(['a', 'b'], ['both', 'forward'])
>>> [st.text for st in c.preferences[0].statements]
['b', 'not a']
>>> gmcr_option_ids(["Air strike", "and", "x", "x"])
['Air_strike', 'o_and', 'x', 'x_2']
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from detente.model.conflict import (
    Conflict,
    DecisionMaker,
    Option,
    PreferenceSpec,
    Ranking,
    Statement,
    Statements,
)
from detente.model.document import option_id_problem
from detente.model.errors import ModelError, shown
from detente.model.formula import Formula, Or, conjunction
from detente.model.yamlio import LocatedData, check_values, parse_json, parse_text, read_text

__all__ = ["read_gmcr", "gmcr_from_text", "gmcr_from_data", "gmcr_option_ids"]

_DIRECTIONS = {"both": "both", "fwd": "forward", "back": "backward"}

JsonPath = tuple[str | int, ...]


def gmcr_option_ids(names: Sequence[str]) -> list[str]:
    """Unique option ids for GMCR+ option names (see the module notes for the rule)."""
    keep: dict[str, int] = {}
    for k, name in enumerate(names):
        if name not in keep and option_id_problem(name) is None:
            keep[name] = k
    used: set[str] = set()
    out: list[str] = []
    for k, name in enumerate(names):
        if keep.get(name) == k:
            out.append(name)
            used.add(name)
            continue
        base = re.sub(r"[^A-Za-z0-9_.\-]+", "_", name.strip()).strip("_.-") or "option"
        if option_id_problem(base) is not None:
            base = "o_" + base
        cand, n = base, 2
        while cand in used or (cand in keep and keep[cand] != k):
            cand, n = f"{base}_{n}", n + 1
        used.add(cand)
        out.append(cand)
    return out


def _brief(value: Any) -> str:
    """A value of the file as JSON, cut to a readable length for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):  # pragma: no cover - parsed JSON dumps
        return shown(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


class _Reader:
    def __init__(self, doc: LocatedData) -> None:
        self.doc = doc
        self.ids: list[str] = []

    def err(self, message: str, path: JsonPath = ()) -> ModelError:
        return self.doc.error(message, path)

    def get(self, obj: dict, key: str, path: JsonPath, kind: type | tuple, what: str) -> Any:
        if key not in obj:
            raise self.err(f"missing {key!r} ({what})", path)
        value = obj[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self.err(f"{key!r} must be {what}", (*path, key))
        return value

    # -- conditions --------------------------------------------------------------------------
    def condition(self, cond: Any, path: JsonPath) -> Formula:
        if not isinstance(cond, list):
            raise self.err("a condition must be a list of [optionIndex, \"Y\"|\"N\"] literals",
                           path)
        lits: list[tuple[str, bool]] = []
        for j, lit in enumerate(cond):
            p = (*path, j)
            if (
                not isinstance(lit, list)
                or len(lit) != 2
                or not _is_int(lit[0])
                or not isinstance(lit[1], str)
                or lit[1].upper() not in ("Y", "N")
            ):
                raise self.err(
                    f"a literal must be [optionIndex, \"Y\" or \"N\"], got {_brief(lit)}", p
                )
            k = lit[0]
            if not 0 <= k < len(self.ids):
                raise self.err(
                    f"option index {k} is out of range: the file has {len(self.ids)} options "
                    f"(0 to {len(self.ids) - 1})",
                    p,
                )
            lits.append((self.ids[k], lit[1].upper() == "Y"))
        return conjunction(lits)

    def disjunction(self, conds: Any, path: JsonPath) -> Formula:
        if not isinstance(conds, list) or not conds:
            raise self.err("expected a non-empty list of conditions", path)
        parts = [self.condition(c, (*path, j)) for j, c in enumerate(conds)]
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def statement(self, item: Any, path: JsonPath) -> Formula:
        if isinstance(item, dict):
            if "members" not in item:
                raise self.err("a compound statement needs 'members' (a list of conditions)",
                               path)
            return self.disjunction(item["members"], (*path, "members"))
        return self.condition(item, path)

    # -- the file ----------------------------------------------------------------------------
    def read(self) -> tuple[dict[str, Any], dict[str, int]]:
        data = self.doc.data
        if not isinstance(data, dict):
            raise self.err("a .gmcr file holds a JSON object with 'options' and 'decisionMakers'")
        raw_opts = self.get(data, "options", (), list, "a list of options")
        if not raw_opts:
            raise self.err("the file lists no options", ("options",))
        names: list[str] = []
        directions: list[str] = []
        for k, o in enumerate(raw_opts):
            p: JsonPath = ("options", k)
            if not isinstance(o, dict):
                raise self.err("an option must be an object with 'name' and "
                               "'permittedDirection'", p)
            name = self.get(o, "name", p, str, "the option's name, a string")
            d = o.get("permittedDirection", "both")
            if not isinstance(d, str) or d not in _DIRECTIONS:
                raise self.err(
                    f"permittedDirection must be 'both', 'fwd' or 'back', got {_brief(d)}",
                    (*p, "permittedDirection"),
                )
            names.append(name)
            directions.append(_DIRECTIONS[d])
        self.ids = gmcr_option_ids(names)

        raw_dms = self.get(data, "decisionMakers", (), list, "a list of decision makers")
        if len(raw_dms) < 2:
            raise self.err(
                f"a conflict needs at least two decision makers; the file has {len(raw_dms)}",
                ("decisionMakers",),
            )
        owner: list[int | None] = [None] * len(names)
        dm_names: list[str] = []
        dm_options: list[tuple[int, ...]] = []
        for i, dm in enumerate(raw_dms):
            p = ("decisionMakers", i)
            if not isinstance(dm, dict):
                raise self.err("a decision maker must be an object with 'name' and 'options'", p)
            name = self.get(dm, "name", p, str, "the decision maker's name, a string")
            if name in dm_names:
                raise self.err(f"decision maker name {name!r} is used twice", (*p, "name"))
            dm_names.append(name)
            idx = self.get(dm, "options", p, list, "a list of option indices")
            if not idx:
                raise self.err(f"decision maker {name!r} has no options", (*p, "options"))
            for j, k in enumerate(idx):
                q = (*p, "options", j)
                if not _is_int(k) or not 0 <= k < len(names):
                    raise self.err(
                        f"option index {_brief(k)} is not one of the file's "
                        f"{len(names)} options (0 to {len(names) - 1})",
                        q,
                    )
                if owner[k] is not None:
                    other = dm_names[owner[k]]  # type: ignore[index]
                    who = "this decision maker already" if other == name else repr(other)
                    raise self.err(
                        f"option {k} ({names[k]!r}) is controlled by {who}; each option "
                        "belongs to exactly one decision maker",
                        q,
                    )
                owner[k] = i
            dm_options.append(tuple(sorted(idx)))
        for k, o in enumerate(owner):
            if o is None:
                raise self.err(f"option {k} ({names[k]!r}) belongs to no decision maker",
                               ("options", k))

        for key in ("useManualPreferenceRanking", "useManualPreferenceVectors"):
            flag = data.get(key, False)
            if not isinstance(flag, bool):
                raise self.err(f"{key!r} must be true or false (a JSON truth value, without "
                               f"quotes), got {_brief(flag)}", (key,))
        manual = any(
            data.get(key) is True
            for key in ("useManualPreferenceRanking", "useManualPreferenceVectors")
        )
        if manual:
            for k in range(1, len(owner)):
                if owner[k] < owner[k - 1]:  # type: ignore[operator]
                    raise self.err(
                        "manual preference rankings number the states over options listed "
                        f"decision maker by decision maker, but option {k} ({names[k]!r}, of "
                        f"{dm_names[owner[k]]!r}) comes after an option of "  # type: ignore[index]
                        f"{dm_names[owner[k - 1]]!r}; GMCR+ renumbers the states of such "  # type: ignore[index]
                        "files, so the ranking cannot be read safely. Reorder the options DM "
                        "by DM, or give preference statements",
                        ("options", k),
                    )
        preferences: list[PreferenceSpec] = []
        misperceptions: list[Formula | None] = []
        locations: dict[str, int] = {}
        line = self.doc.line
        locations["decision_makers"] = line(("decisionMakers",)) or 1
        for i, dm in enumerate(raw_dms):
            p = ("decisionMakers", i)
            fld = f"decision_makers[{i}]"
            locations[fld] = line(p) or 1
            if manual:
                rkey = next(
                    (k for k in ("preferenceRanking", "preferenceVector") if k in dm), None
                )
                if rkey is None:
                    raise self.err(
                        "the file uses manual rankings (useManualPreferenceRanking) but this "
                        "decision maker has no 'preferenceRanking'",
                        p,
                    )
                preferences.append(self.ranking(dm[rkey], (*p, rkey)))
                locations[f"{fld}.preferences"] = line((*p, rkey)) or 1
                locations[f"{fld}.preferences.ranking"] = line((*p, rkey)) or 1
            else:
                raw = dm.get("preferences", [])
                if not isinstance(raw, list):
                    raise self.err("'preferences' must be a list of statements",
                                   (*p, "preferences"))
                sts = []
                for j, item in enumerate(raw):
                    f = self.statement(item, (*p, "preferences", j))
                    sts.append(Statement(f, text=str(f)))
                    locations[f"{fld}.preferences.statements[{j}]"] = (
                        line((*p, "preferences", j)) or 1
                    )
                preferences.append(Statements(tuple(sts)))
                locations[f"{fld}.preferences"] = line((*p, "preferences")) or 1
            mis = dm.get("misperceptions")
            if mis is None or mis == []:
                misperceptions.append(None)
            else:
                misperceptions.append(self.disjunction(mis, (*p, "misperceptions")))
                locations[f"misperceptions[{i}]"] = line((*p, "misperceptions")) or 1

        raw_inf = data.get("infeasibles", [])
        if not isinstance(raw_inf, list):
            raise self.err("'infeasibles' must be a list of conditions", ("infeasibles",))
        infeasible = []
        for j, cond in enumerate(raw_inf):
            if cond == []:
                raise self.err(
                    "an empty infeasibility condition would make every state infeasible",
                    ("infeasibles", j),
                )
            infeasible.append(self.condition(cond, ("infeasibles", j)))
            locations[f"infeasible[{j}]"] = line(("infeasibles", j)) or 1

        coalitions = data.get("coalitions")
        groups: list[tuple[int, ...]] = []
        if coalitions is not None:
            if not isinstance(coalitions, list):
                raise self.err("'coalitions' must be a list", ("coalitions",))
            placed: set[int] = set()
            for j, c in enumerate(coalitions):
                members = c if isinstance(c, list) else [c]
                for m in members:
                    if not _is_int(m) or not 0 <= m < len(raw_dms):
                        raise self.err(
                            f"a coalitions entry must be a decision maker index (0 to "
                            f"{len(raw_dms) - 1}) or a list of them, got {_brief(c)}",
                            ("coalitions", j),
                        )
                    if m in placed:
                        raise self.err(f"decision maker {m} is in two coalitions",
                                       ("coalitions", j))
                    placed.add(m)
                groups.append(tuple(sorted(members)))
            if all(len(g) <= 1 for g in groups):
                groups = []  # single decision makers only: no coalition declared

        options = tuple(
            Option(
                self.ids[k],
                label=names[k] if names[k] != self.ids[k] else "",
                direction=directions[k],  # type: ignore[arg-type]
                owner=owner[k],  # type: ignore[arg-type]
            )
            for k in range(len(names))
        )
        fields = {
            "options": options,
            "decision_makers": tuple(
                DecisionMaker(n, o) for n, o in zip(dm_names, dm_options, strict=True)
            ),
            "preferences": tuple(preferences),
            "infeasible": tuple(infeasible),
            "misperceptions": tuple(misperceptions) if any(misperceptions) else (),
            "coalitions": tuple(groups),
        }
        return fields, locations

    def ranking(self, raw: Any, path: JsonPath) -> Ranking:
        if not isinstance(raw, list) or not raw:
            raise self.err("a preference ranking must be a non-empty list of state numbers",
                           path)
        tiers = []
        seen: dict[int, int] = {}
        top = 1 << min(len(self.ids), 62)  # the engine numbers states with 64-bit integers
        for t, item in enumerate(raw):
            tier = item if isinstance(item, list) else [item]
            if not tier:
                raise self.err("an empty tie", (*path, t))
            for x in tier:
                if not _is_int(x) or x < 1:
                    raise self.err(
                        f"a state number is a whole number from 1, got {_brief(x)}",
                        (*path, t),
                    )
                if x > top:
                    raise self.err(
                        f"state number {_brief(x)} is out of range: the file's "
                        f"{len(self.ids)} options give at most {top} states",
                        (*path, t),
                    )
                if x in seen:
                    raise self.err(f"state number {x} is ranked twice", (*path, t))
                seen[x] = t
            tiers.append(tuple(tier))
        return Ranking(tuple(tiers), numbering="feasible")


def gmcr_from_data(
    data: Any, file: str = "<gmcr>", lines: dict[JsonPath, int] | None = None
) -> Conflict:
    """Build a :class:`Conflict` from parsed GMCR+ JSON data (see :func:`read_gmcr`)."""
    doc = LocatedData(data, file, dict(lines or {}))
    fields, locations = _Reader(doc).read()
    stem = Path(file).stem if file and not file.startswith("<") else "gmcr"
    try:
        return Conflict(
            **fields,
            title=stem,
            description=f"Read from the GMCR+ file {Path(file).name}.",
            name=stem,
            source_file=file,
            locations=locations,
        )
    except ModelError as exc:
        raise exc.located(file=file) from None


def gmcr_from_text(text: str, file: str = "<gmcr>") -> Conflict:
    """Build a :class:`Conflict` from the text of a ``.gmcr`` file."""
    data = parse_json(text, file, check=False)
    lines: dict[JsonPath, int] = {}
    # The line of each field, for error messages (the YAML composer reads JSON for that).
    with contextlib.suppress(ModelError, yaml.YAMLError):
        lines = parse_text(text, file).lines
    check_values(data, file, lines)
    return gmcr_from_data(data, file, lines)


def read_gmcr(path: str | Path) -> Conflict:
    """Read a GMCR+ ``.gmcr`` file into a :class:`Conflict`.

    Parameters
    ----------
    path:
        The file. Its stem becomes the conflict's name and title.

    Returns
    -------
    Conflict
        Options in the file's order; statements, or a ranking numbered over the feasible
        states (``Ranking(numbering="feasible")``) when the file uses manual rankings;
        infeasible conditions; misperceptions per decision maker.

    Raises
    ------
    ModelError
        For a missing or malformed file (naming the JSON path), coalitions, or a manual
        ranking over options not listed decision maker by decision maker.

    References
    ----------
    Kinsara, R. A., Petersons, O., Hipel, K. W. and Kilgour, D. M. (2015). Advanced decision
    support for the graph model for conflict resolution. Journal of Decision Systems 24(2),
    117-145 (GMCR+, whose files this reads).
    """
    return gmcr_from_text(read_text(path, ".gmcr"), str(path))

